// The page as attacker (issue #17), end to end in headless Chromium on the X thread fixture: the page's own script
// forges, floods and oversizes captures, plants decoy badges and clicks badges itself. None of it may crash or stall
// Trichome, put a badge on an account the page's real data does not flag, or open the panel; and no extension
// context makes a request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, settledBadges, foreignRequests, levelsOf, forgedCapture, forgeCaptures } from './harness.mjs';
import { REPO_ROOT } from './server.mjs';

const THREAD = 'https://x.com/NewsDeskAmy/status/1861000000000000001';
const expected = JSON.parse(readFileSync(join(REPO_ROOT, 'tests/fixtures/sites/x.com/thread.expected.json'), 'utf8'));
let env;

before(async () => {
  env = await openBrowser();
});
after(async () => {
  await env?.close();
});

const realBadges = (page) => page.$$eval('trichome-badge[data-trichome-account]', (hosts) => hosts.map((h) => ({ account: h.dataset.trichomeAccount, level: h.dataset.trichomeLevel, theme: h.dataset.theme })));

test('regression_17_1 forged, flooding and oversized captures from the page put no badge on anyone', async () => {
  const page = await env.browser.context.newPage();
  env.server.clearRequests();
  await page.goto(THREAD);
  const baseline = levelsOf(await settledBadges(page, { minimum: expected.flagged.length }));
  const victims = expected.unflagged.slice(1, 6);
  await page.evaluate(forgeCaptures, { body: forgedCapture(victims), url: 'https://x.com/i/api/graphql/q/TweetDetail' });
  // The periodic refresh (5 s) has run at least once since.
  await new Promise((resolve) => setTimeout(resolve, 6000));
  const started = Date.now();
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  assert.ok(Date.now() - started < 1000, 'the page stays responsive');
  const after = levelsOf(await settledBadges(page, { minimum: expected.flagged.length }));
  assert.deepEqual(after, baseline);
  for (const h of victims) assert.equal(after['x:@' + h.toLowerCase()], undefined, `@${h} got a badge from a forged capture`);
  assert.deepEqual(foreignRequests(env.server, [expected.page, '/i/api/', '/static/', '/fixtures/']).filter((r) => !r.path.startsWith('/NewsDeskAmy')), []);
  await page.close();
});

test('regression_17_8 a page-made badge, synthetic clicks and repeated openings change nothing', async () => {
  const page = await env.browser.context.newPage();
  await page.goto(THREAD);
  await settledBadges(page, { minimum: expected.flagged.length });
  // Decoys beside every real badge, then a theme change that makes every badge redraw: before the fix the first
  // decoy threw and the rest of the page was never redrawn.
  await page.evaluate(() => {
    for (const host of document.querySelectorAll('trichome-badge[data-trichome-account]')) host.parentElement.append(document.createElement('trichome-badge'));
    document.body.style.background = 'rgb(0, 0, 0)';
  });
  let badges = [];
  for (let i = 0; i < 100; i += 1) {
    badges = await realBadges(page);
    if (badges.length && badges.every((b) => b.theme === 'dark')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(badges.length, expected.flagged.length);
  assert.ok(badges.every((b) => b.theme === 'dark'), JSON.stringify(badges));

  // A click the page's script makes does not open the panel; the user's does.
  await page.evaluate(() => document.querySelector('trichome-badge[data-trichome-account]').click());
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(await page.locator('trichome-panel').count(), 0, 'a synthetic click opened the panel');

  // Opened and closed three times, the panel leaves one page-wide listener, not three.
  // Read from the extension's own world: the page's world does not see the listeners of another.
  const cdp = await page.context().newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  const isolated = contexts.find((c) => c.auxData && c.auxData.type === 'isolated' && c.origin.startsWith('chrome-extension://'));
  assert.ok(isolated, JSON.stringify(contexts));
  const mousedownListeners = async () => {
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'document', contextId: isolated.id });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    return listeners.filter((l) => l.type === 'mousedown').length;
  };
  const counts = [];
  for (let i = 0; i < 3; i += 1) {
    await page.locator('trichome-badge[data-trichome-account]').first().click();
    await page.locator('trichome-panel').waitFor();
    await page.mouse.click(2, 2);
    await page.locator('trichome-panel').waitFor({ state: 'detached' });
    counts.push(await mousedownListeners());
  }
  assert.ok(counts[0] >= 1, 'the listener is seen');
  assert.deepEqual(counts, [counts[0], counts[0], counts[0]]);
  await cdp.detach();
  await page.close();
});

test('regression_17_7 the page finds no trace of Trichome but the badges it shows', async () => {
  const page = await env.browser.context.newPage();
  await page.goto(THREAD);
  await settledBadges(page, { minimum: expected.flagged.length });
  const traces = await page.evaluate(() => ({
    root: Object.keys(document.documentElement.dataset).filter((k) => /trichome/i.test(k)),
    globals: Object.getOwnPropertyNames(window).filter((k) => /trichome/i.test(k)),
  }));
  assert.deepEqual(traces, { root: [], globals: [] });
  // The web-accessible wasm answers only at its per-session address (use_dynamic_url), not at the extension's
  // fixed id, so the page cannot test for Trichome by fetching it.
  const id = await env.browser.extensionId();
  for (const wasm of ['trichome_core_bg.wasm', 'trichome_memory_bg.wasm']) {
    const fetched = await page.evaluate((url) => fetch(url).then((r) => r.ok, () => false), `chrome-extension://${id}/${wasm}`);
    assert.equal(fetched, false, `the page fetched ${wasm} at the fixed extension id`);
  }
  await page.close();
});
