// Shared set-up for the end-to-end tests: the fixture server, Chromium with the built dist/chrome loaded, and
// reading badges back from the page without reaching into their closed shadow roots.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, REPO_ROOT } from './server.mjs';
import { launchWithExtension } from './browser.mjs';

export const DIST_CHROME = join(REPO_ROOT, 'dist', 'chrome');
export const SHOTS = join(REPO_ROOT, 'out', 'screenshots');

/**
 * What the tests run with unless they say otherwise: every watch shown (the aggressive preset), since most tests
 * check the core's levels per account. The shipped default (cautious) is tested in controls.test.mjs.
 */
export const TEST_SETTINGS = { preset: 'aggressive' };

/**
 * The fixture server and Chromium with dist/chrome. `settings` are written to storage.local before any page opens
 * (null: none, the shipped defaults); `locale` ('zh-CN', 'zh-TW') starts Chromium in that language.
 */
export async function openBrowser({ settings = TEST_SETTINGS, locale = null, ...options } = {}) {
  if (!existsSync(join(DIST_CHROME, 'manifest.json'))) throw new Error('dist/chrome is missing: run ./build.sh build first');
  mkdirSync(SHOTS, { recursive: true });
  const server = await startServer();
  if (locale) {
    options.args = [...(options.args || []), `--lang=${locale}`];
    options.contextOptions = { ...(options.contextOptions || {}), env: { ...process.env, LANGUAGE: locale.replace('-', '_') } };
  }
  const browser = await launchWithExtension({ extensionDir: DIST_CHROME, port: server.port, ...options });
  const worker = await browser.serviceWorker();
  if (settings) await worker.evaluate((s) => new Promise((resolve) => chrome.storage.local.set({ settings: s }, resolve)), settings);
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Every badge host on the page: its account key and level (its label is inside the closed shadow root). */
export async function readBadges(page) {
  return page.$$eval('trichome-badge', (hosts) => hosts.map((h) => ({ account: h.dataset.trichomeAccount, level: h.dataset.trichomeLevel })));
}

/**
 * The accessible names of the badges, as a screen reader gets them: read from Chromium's accessibility tree,
 * which reaches into closed shadow roots as assistive technology does (the page itself cannot read them).
 */
export async function badgeLabels(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.filter((n) => !n.ignored && n.role && n.role.value === 'button' && n.name && /^Trichome: /.test(n.name.value)).map((n) => n.name.value);
  } finally {
    await cdp.detach();
  }
}

/** Waits until the badge set stops changing (the engine has seen everything the page shows). */
export async function settledBadges(page, { minimum = 1, timeoutMs = 15_000 } = {}) {
  return settle(() => readBadges(page), { minimum, timeoutMs, quietMs: 700, pollMs: 100 });
}

/**
 * Reads badges with `read` until they stop changing for `quietMs` with at least `minimum` of them, or until
 * `timeoutMs` (then whatever is there, with a note). Shared by the Chromium and the Firefox drivers.
 */
export async function settle(read, { minimum, timeoutMs, quietMs, pollMs }) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let stableSince = Date.now();
  for (;;) {
    const badges = await read();
    const now = JSON.stringify(badges);
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (badges.length >= minimum && Date.now() - stableSince > quietMs) {
      return badges;
    }
    if (Date.now() > deadline) {
      console.log(`# settledBadges: timed out with ${badges.length} badges`);
      return badges;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Requests the page made that were not the fixture page's own (anything the extension might have sent). */
export function foreignRequests(server, allowedPaths) {
  return server.requests.filter((r) => r.path !== '/favicon.ico' && !allowedPaths.some((p) => r.path.startsWith(p)));
}

/**
 * What a screen reader gets from the open Trichome dialog: read from Chromium's accessibility tree (which
 * includes closed shadow roots, as assistive technology does), waiting up to `timeoutMs` for it to open. Returns null
 * when none opens.
 */
export async function dialogAccessibleText(page, { timeoutMs = 5000 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  try {
    // The panel opens once its verdict arrives (from the background, on a busy machine a moment after the click).
    const deadline = Date.now() + timeoutMs;
    let nodes = [];
    let dialog = null;
    for (;;) {
      ({ nodes } = await cdp.send('Accessibility.getFullAXTree'));
      dialog = nodes.find((n) => n.role && n.role.value === 'dialog' && !n.ignored);
      if (dialog || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!dialog) return null;
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const parts = [];
    const walk = (node) => {
      if (!node) return;
      if (!node.ignored && node.role && ['StaticText', 'link', 'heading', 'button'].includes(node.role.value) && node.name && node.name.value) {
        parts.push(node.name.value);
      }
      for (const child of node.childIds || []) walk(byId.get(child));
    };
    walk(dialog);
    return { name: dialog.name && dialog.name.value, text: parts.join('\n') };
  } finally {
    await cdp.detach();
  }
}

/**
 * The level of each badged account (`x:@handle` → level). Fails when two badges of one account disagree: every
 * name occurrence of an account shows the same verdict.
 */
export function levelsOf(badges) {
  const out = {};
  for (const b of badges) {
    if (out[b.account] && out[b.account] !== b.level) throw new Error(`${b.account} shows both ${out[b.account]} and ${b.level}`);
    out[b.account] = b.level;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** The expected `handle → level` map of a fixture, keyed and ordered as {@link levelsOf} returns it. */
export function wantedLevels(site, levels) {
  return Object.fromEntries(Object.entries(levels).map(([h, l]) => [`${site}:@${h.toLowerCase()}`, l]).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * What the content script of the tab showing `page` tells the popup (`pageSummary`): where its core runs (`path`),
 * its meter (`meter.firstBadgeMs`, …). The page itself is told none of it (issue #17, finding 7).
 */
export async function pageSummary(env, page) {
  const id = await env.browser.extensionId();
  const popup = await env.browser.context.newPage();
  try {
    await popup.goto(`chrome-extension://${id}/popup/popup.html`);
    return await popup.evaluate(
      (url) =>
        new Promise((resolve, reject) =>
          chrome.tabs.query({}, (tabs) => {
            const tab = tabs.find((t) => t.url === url);
            if (!tab) return reject(new Error('no tab at ' + url));
            chrome.tabs.sendMessage(tab.id, { what: 'pageSummary' }, (answer) => (answer && answer.ok ? resolve(answer.result) : reject(new Error(JSON.stringify(answer)))));
          }),
        ),
      page.url(),
    );
  } finally {
    await popup.close();
  }
}

/** Makes the extension forget everything it remembers (its popup's "erase"), so a test sees one page alone. */
export async function forget(env) {
  const id = await env.browser.extensionId();
  const page = await env.browser.context.newPage();
  try {
    await page.goto(`chrome-extension://${id}/popup/popup.html`);
    const answer = await page.evaluate(() => new Promise((resolve) => chrome.runtime.sendMessage({ what: 'eraseHistory' }, resolve)));
    if (!answer || !answer.ok) throw new Error('erasing history failed: ' + JSON.stringify(answer));
  } finally {
    await page.close();
  }
}

/** An X GraphQL response in which five of the thread's ordinary repliers post one text within minutes. */
export function forgedCapture(handles) {
  const text = 'The so-called reports about forced labour are fabricated by people who have never been there. Stop lying.';
  const tweets = handles.map((h, i) => ({
    tweet_results: {
      result: {
        __typename: 'Tweet',
        rest_id: `88000000000000000${i}`,
        core: { user_results: { result: { __typename: 'User', rest_id: `7700000${i}`, core: { screen_name: h, name: h } } } },
        legacy: { full_text: text, created_at: `Wed Nov 20 10:0${i}:00 +0000 2024`, id_str: `88000000000000000${i}` },
      },
    },
  }));
  return JSON.stringify({ data: { forged: tweets } });
}

/**
 * What a hostile page's script does with a forged capture (run in the page): the window channel captures once used,
 * 200 times; a second port hand-over and 50 captures on it; 13 MB; broken JSON. Shared by the Chromium and Firefox
 * tests (issue #17, finding 1).
 */
export function forgeCaptures({ body, url }) {
  for (let i = 0; i < 200; i += 1) window.postMessage({ type: 'trichome:capture', url, body }, location.origin);
  const channel = new MessageChannel();
  window.postMessage({ type: 'trichome:capture-port' }, location.origin, [channel.port2]);
  for (let i = 0; i < 50; i += 1) channel.port1.postMessage({ url, body });
  channel.port1.postMessage({ url, body: 'x'.repeat(13 << 20) });
  window.postMessage({ type: 'trichome:capture', url, body: '{"data":' + '['.repeat(5000) }, location.origin);
  return true;
}
