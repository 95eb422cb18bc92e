// Drives Debian's Firefox ESR with the built dist/firefox over WebDriver BiDi (no patched browser, no
// geckodriver): the extension is installed as a temporary add-on, and the real site hosts reach the fixture
// server through a loopback proxy that tunnels only those hosts (MAPPED_HOSTS) and refuses everything else, so
// the shipped manifest's match patterns are what is tested and nothing leaves the machine.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after } from 'node:test';
import { MAPPED_HOSTS } from './browser.mjs';
import { SHOTS, TEST_SETTINGS, settle } from './harness.mjs';
import { REPO_ROOT, startServer } from './server.mjs';

export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
// The add-on's id (manifest.json's browser_specific_settings.gecko.id) and the internal UUID this profile gives
// it: Firefox picks a random one per profile unless `extensions.webextensions.uuids` names it, and the tests need
// it to open the extension's own pages (moz-extension://<uuid>/...).
const ADDON_ID = 'trichome@trichome.invalid';
const ADDON_UUID = '7e1c4f0a-5b2d-4c3e-9f61-2a8d0b7c9e15';

/** The address of one of the extension's own pages in the test profile (moz-extension://<uuid>/<path>). */
export const extensionUrl = (path) => `moz-extension://${ADDON_UUID}/${path}`;

// Node 20 has no WebSocket client without a flag; playwright-core (already a dependency) exports one.
const WebSocketClient = globalThis.WebSocket || createRequire(import.meta.url)('playwright-core/lib/utilsBundle').ws;

/** Why Firefox end-to-end tests cannot run here, or null when they can. */
export function firefoxMissing() {
  return existsSync(FIREFOX_PATH) ? null : `${FIREFOX_PATH} not found (./build.sh setup installs firefox-esr)`;
}

/**
 * An HTTP proxy on loopback that answers CONNECT for the mapped hosts' port 443 by tunnelling to the fixture
 * server, and refuses any other destination. `tunnels` records what was asked for.
 */
async function startProxy(fixturePort) {
  const tunnels = [];
  // Every client connection, so that closing does not wait on a tunnel Firefox left open (a teardown that hung).
  const sockets = new Set();
  const server = createServer((req, res) => {
    tunnels.push({ method: req.method, target: req.url, allowed: false });
    res.writeHead(403).end();
  });
  server.on('connect', (req, socket, head) => {
    const [host, port] = String(req.url).split(':');
    const allowed = MAPPED_HOSTS.includes(host) && port === '443';
    tunnels.push({ method: 'CONNECT', target: req.url, allowed });
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(fixturePort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head && head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const drop = () => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', drop);
    socket.on('error', drop);
    socket.on('close', drop);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  return { port: server.address().port, tunnels, close };
}

/** Preferences for a quiet, proxied test profile; files the extension saves go to `downloadDir` without asking. */
function userJs(proxyPort, downloadDir) {
  const prefs = {
    'network.proxy.type': 1,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'app.update.enabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'extensions.update.enabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.aboutwelcome.enabled': false,
    'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
    // An unsigned add-on installed for good (`permanent`), as an ESR user with this setting can: the only way an
    // add-on, and its storage, outlives a restart of the browser under test.
    'xpinstall.signatures.required': false,
    ...(downloadDir
      ? {
          'browser.download.folderList': 2,
          'browser.download.dir': downloadDir,
          'browser.download.useDownloadDir': true,
          'browser.download.always_ask_before_handling_new_types': false,
          'browser.download.alwaysOpenPanel': false,
          'browser.download.start_downloads_in_tmp_dir': false,
        }
      : {}),
    // With TRICHOME_FIREFOX_LOG=1 every console message (pages, content scripts, the background) goes to stdout.
    'devtools.console.stdout.content': Boolean(process.env.TRICHOME_FIREFOX_LOG),
    'devtools.console.stdout.chrome': Boolean(process.env.TRICHOME_FIREFOX_LOG),
  };
  return Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n') + '\n';
}

/** A minimal WebDriver BiDi session. */
function bidi(socket) {
  let id = 0;
  const waiting = new Map();
  socket.addEventListener('message', (event) => {
    const m = JSON.parse(String(event.data));
    const w = m.id !== undefined && waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.type === 'error') w.reject(new Error(`${m.error}: ${m.message}`));
    else w.resolve(m.result);
  });
  return (method, params = {}) =>
    new Promise((resolve, reject) => {
      const i = ++id;
      waiting.set(i, { resolve, reject });
      socket.send(JSON.stringify({ id: i, method, params }));
    });
}

/**
 * Launches headless Firefox ESR with the extension installed and a tab ready.
 * `-remote-allow-system-access` lets the driver open the extension's own pages (moz-extension://), which
 * WebDriver BiDi otherwise refuses to navigate to; the tests use the popup page to erase history and read a tab's
 * summary, as the Chromium harness does.
 * @returns {Promise<{goto(url: string): Promise<void>, evaluate(expression: string): Promise<any>, inExtension(expression: string): Promise<any>, pageSummary(): Promise<any>, pointerTo(x: number, y: number): Promise<void>, clickAt(x: number, y: number): Promise<void>, extensionPage(path: string): Promise<{evaluate(expression: string): Promise<any>, close(): Promise<any>}>, screenshot(path: string): Promise<void>, tunnels: object[], close(): Promise<void>}>}
 */
export async function launchFirefox({ extensionDir, fixturePort, settings = TEST_SETTINGS, locale = null, profileDir = null, archive = null, downloadDir = null }) {
  const proxy = await startProxy(fixturePort);
  // A profile of the caller's (`profileDir`) is kept on close, for a restart with the same profile.
  const profile = profileDir || mkdtempSync(join(tmpdir(), 'trichome-firefox-'));
  // A locale is Firefox's own language (its language pack, Debian's firefox-esr-l10n-*), which the extension follows.
  const localePrefs = locale ? `user_pref("intl.locale.requested", ${JSON.stringify(locale)});\nuser_pref("extensions.autoDisableScopes", 0);\n` : '';
  writeFileSync(join(profile, 'user.js'), userJs(proxy.port, downloadDir) + localePrefs);
  const child = spawn(FIREFOX_PATH, ['--headless', '--no-remote', '-remote-allow-system-access', '--remote-debugging-port', '0', '--profile', profile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const endpoint = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Firefox did not open WebDriver BiDi within 30 s')), 30_000);
    const look = (data) => {
      const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(String(data));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stderr.on('data', look);
    child.stdout.on('data', look);
    child.on('exit', (code) => reject(new Error(`Firefox exited (${code}) before BiDi was up`)));
  });
  if (process.env.TRICHOME_FIREFOX_LOG) {
    child.stdout.on('data', (d) => process.stderr.write(d));
    child.stderr.on('data', (d) => process.stderr.write(d));
  }
  const socket = new WebSocketClient(endpoint + '/session');
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve);
    socket.addEventListener('error', () => reject(new Error('BiDi connection failed')));
  });
  const send = bidi(socket);
  await send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
  // A packaged add-on (`archive`, an .xpi) is installed for good, and replaces (updates) the one the profile holds;
  // `archive: 'installed'` keeps the profile's own.
  if (archive === null) await send('webExtension.install', { extensionData: { type: 'path', path: extensionDir } });
  else if (archive !== 'installed') await send('webExtension.install', { extensionData: { type: 'archivePath', path: archive }, 'moz:permanent': true });
  const { contexts } = await send('browsingContext.getTree', {});
  const context = contexts[0].context;
  let extensionTab = null;
  const evaluateIn = async (target, expression) => {
    const r = await send('script.evaluate', { expression: `(async () => JSON.stringify(await (${expression})))()`, target: { context: target }, awaitPromise: true });
    if (r.type === 'exception') throw new Error('page threw: ' + JSON.stringify(r.exceptionDetails && r.exceptionDetails.text));
    return r.result && r.result.type === 'string' ? JSON.parse(r.result.value) : undefined;
  };
  const firefox = {
    tunnels: proxy.tunnels,
    async goto(url) {
      await send('browsingContext.navigate', { context, url, wait: 'complete' });
    },
    /** Evaluates an expression in the page (awaiting promises); returns its JSON-serialisable value. */
    evaluate: (expression) => evaluateIn(context, expression),
    /**
     * Evaluates an expression in the extension's own popup page, open in a background tab (so the page under
     * test stays the visible one), with the extension's API at hand as `browser`: what the popup itself can ask.
     */
    async inExtension(expression) {
      if (!extensionTab) {
        extensionTab = (await send('browsingContext.create', { type: 'tab', background: true })).context;
        await send('browsingContext.navigate', { context: extensionTab, url: `moz-extension://${ADDON_UUID}/popup/popup.html`, wait: 'complete' });
      }
      return evaluateIn(extensionTab, expression);
    },
    /** What the page's content script tells the popup (`pageSummary`): where its core runs, its meter. */
    async pageSummary() {
      const url = await evaluateIn(context, 'location.href');
      return this.inExtension(
        `browser.tabs.query({}).then((tabs) => browser.tabs.sendMessage(tabs.find((t) => t.url === ${JSON.stringify(url)}).id, { what: 'pageSummary' })).then((a) => a.result)`,
      );
    },
    /** Moves the pointer to a point of the page's viewport (CSS pixels), as a user's mouse would. */
    async pointerTo(x, y) {
      await send('input.performActions', {
        context,
        actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', x: Math.round(x), y: Math.round(y), duration: 50 }] }],
      });
    },
    /** Clicks a point of the page's viewport (CSS pixels) as a user does: a trusted click, not a script's. */
    async clickAt(x, y) {
      const at = { type: 'pointerMove', x: Math.round(x), y: Math.round(y), duration: 0 };
      await send('input.performActions', {
        context,
        actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [at, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }],
      });
    },
    /**
     * Opens one of the extension's own pages (`path`, e.g. 'popup/popup.html?tab=3') in a background tab: its
     * `evaluate(expression)` runs there with the extension's API at hand; `close()` closes the tab.
     */
    async extensionPage(path) {
      const tab = (await send('browsingContext.create', { type: 'tab', background: true })).context;
      await send('browsingContext.navigate', { context: tab, url: `moz-extension://${ADDON_UUID}/${path}`, wait: 'complete' });
      return { evaluate: (expression) => evaluateIn(tab, expression), close: () => send('browsingContext.close', { context: tab }) };
    },
    async screenshot(path) {
      const { data } = await send('browsingContext.captureScreenshot', { context });
      writeFileSync(path, Buffer.from(data, 'base64'));
    },
    async close() {
      try {
        await send('browser.close', {});
      } catch (_) {
        // Already gone.
      }
      socket.close();
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)));
      await proxy.close();
      if (!profileDir) rmSync(profile, { recursive: true, force: true });
    },
  };
  if (settings) await firefox.inExtension(`browser.storage.local.set({ settings: ${JSON.stringify(settings)} })`);
  return firefox;
}

/**
 * Badges on the page once they stop changing (at least `minimum`, or whatever is there after `timeoutMs`): each
 * host's account key, level and accessible label, read from its attributes (its shadow root is closed).
 */
export async function settledBadges(firefox, minimum, { timeoutMs = 20_000 } = {}) {
  const read = () => firefox.evaluate(
    `[...document.querySelectorAll('trichome-badge')].map((h) => ({ account: h.dataset.trichomeAccount, level: h.dataset.trichomeLevel, label: h.getAttribute('aria-label') }))`,
  );
  return settle(read, { minimum, timeoutMs, quietMs: 1000, pollMs: 150 });
}

/**
 * The hooks of a Firefox test file: one Firefox with dist/firefox and the fixture server for the whole file,
 * or, when Firefox or the build is missing, a printed reason and nothing launched. `session.firefox` and
 * `session.server` are set once `before` has run; `session.missing` says why the tests skip, if they do.
 */
export function firefoxSession(options = {}) {
  const extensionDir = join(REPO_ROOT, 'dist', 'firefox');
  const missing = firefoxMissing() || (existsSync(join(extensionDir, 'manifest.json')) ? null : 'dist/firefox is missing: run ./build.sh build first');
  if (missing) console.log(`# skipping the Firefox end-to-end tests: ${missing}`);
  const session = { missing, firefox: null, server: null };
  before(async () => {
    if (missing) return;
    mkdirSync(SHOTS, { recursive: true });
    session.server = await startServer();
    session.firefox = await launchFirefox({ extensionDir, fixturePort: session.server.port, ...options });
  });
  after(async () => {
    await session.firefox?.close();
    await session.server?.close();
  });
  return session;
}
