// Launches Debian's Chromium with an unpacked extension, with the real site
// hosts (x.com, www.youtube.com, ...) mapped to the local HTTPS fixture server
// (server.mjs), so the extension's shipped match patterns are what is tested.

import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Hosts mapped to the fixture server. */
export const MAPPED_HOSTS = [
  'x.com',
  'twitter.com',
  'mobile.x.com',
  'www.youtube.com',
  'youtube.com',
  'm.youtube.com',
];

/**
 * The --host-resolver-rules value: each mapped host's port 443 goes to the
 * fixture server; with `blockOtherHosts` every other name fails to resolve at
 * once, so nothing leaves the machine and pages do not hang on DNS.
 * (Passed as one argv element: no shell quoting is involved.)
 */
export function hostResolverRules(port, { blockOtherHosts = true } = {}) {
  const rules = MAPPED_HOSTS.map((h) => `MAP ${h}:443 127.0.0.1:${port}`);
  if (blockOtherHosts) rules.push('MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1', 'EXCLUDE localhost');
  return rules.join(', ');
}

/**
 * @param {object} opts
 * @param {string} opts.extensionDir  unpacked extension (folder with manifest.json)
 * @param {number} opts.port          fixture server port
 * @param {boolean} [opts.headless=true]
 * @param {string} [opts.userDataDir] profile dir; a temporary one (removed on close) if omitted
 * @param {string[]} [opts.args]      extra Chromium arguments
 * @param {boolean} [opts.blockOtherHosts=true] make every unmapped host fail to resolve
 * @param {object} [opts.contextOptions] extra launchPersistentContext options (viewport, colorScheme, ...)
 * @returns {Promise<{context: import('playwright-core').BrowserContext,
 *   serviceWorker(timeoutMs?: number): Promise<import('playwright-core').Worker>,
 *   extensionId(timeoutMs?: number): Promise<string>,
 *   close(): Promise<void>}>}
 */
export async function launchWithExtension({
  extensionDir,
  port,
  headless = true,
  userDataDir,
  args = [],
  blockOtherHosts = true,
  contextOptions = {},
} = {}) {
  if (!extensionDir) throw new Error('launchWithExtension: extensionDir is required');
  if (!port) throw new Error('launchWithExtension: port (of the fixture server) is required');
  const dir = resolve(extensionDir);
  const ownProfile = !userDataDir;
  const profile = userDataDir ?? mkdtempSync(join(tmpdir(), 'trichome-e2e-profile-'));

  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--ignore-certificate-errors',
      `--host-resolver-rules=${hostResolverRules(port, { blockOtherHosts })}`,
      ...args,
    ],
    ...contextOptions,
  });

  async function serviceWorker(timeoutMs = 10_000) {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    if (existing) return existing;
    return context.waitForEvent('serviceworker', {
      timeout: timeoutMs,
      predicate: (w) => w.url().startsWith('chrome-extension://'),
    });
  }

  async function extensionId(timeoutMs) {
    return new URL((await serviceWorker(timeoutMs)).url()).host;
  }

  let closed = false;
  async function close() {
    if (closed) return;
    closed = true;
    await context.close().catch(() => {});
    if (ownProfile) rmSync(profile, { recursive: true, force: true });
  }

  return { context, serviceWorker, extensionId, close, userDataDir: profile };
}
