// The foundation, end to end: the built extension in headless Chromium on a logged-in X thread served as
// https://x.com/... with x.com's strict script-src, so the core runs in the background and the badges appear
// beside exactly the accounts that posted copied text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, settledBadges, foreignRequests, dialogAccessibleText, levelsOf, wantedLevels, pageSummary, badgeLabels, SHOTS } from './harness.mjs';
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

test('badges exactly the accounts that posted copied text, from the background core', async () => {
  const page = await env.browser.context.newPage();
  const started = Date.now();
  await page.goto(THREAD);
  const badges = await settledBadges(page, { minimum: expected.flagged.length });
  const summary0 = await pageSummary(env, page);
  const firstBadgeMs = summary0.meter.firstBadgeMs;
  console.log(`# first badge ${firstBadgeMs} ms after navigation start (wall ${Date.now() - started} ms to settle)`);

  assert.equal(summary0.path, 'background',
    'on x.com in Chromium the core must run in the background (the page forbids wasm)');
  const flagged = badges.map((b) => b.account).sort();
  assert.deepEqual(flagged, expected.flagged.map((h) => 'x:@' + h.toLowerCase()).sort());
  // Copied text alone (the page carries no account facts) is one kind of sign: watch, not likely.
  assert.deepEqual(levelsOf(badges), wantedLevels('x', expected.levels));
  // The reason is in the badge's accessible name, inside the closed shadow root: not on the host, where the page
  // would read it.
  const labels = await badgeLabels(page);
  assert.equal(labels.length, badges.length, labels.join('\n'));
  for (const label of labels) assert.match(label, /^Trichome: .+\. Posted the same text as \d+ other accounts/);
  assert.deepEqual(await page.$$eval('trichome-badge', (hosts) => hosts.filter((h) => h.hasAttribute('aria-label') || h.hasAttribute('title')).length), 0);
  // One badge per name occurrence, and none inside the closed shadow roots leaked to the page.
  assert.equal(await page.locator('trichome-badge').count(), expected.flagged.length);
  assert.equal(await page.evaluate(() => document.querySelector('trichome-badge').shadowRoot), null, 'shadow root must be closed');
  // The quiet line above the replies, for the person checking who replies to them.
  const summary = page.locator('trichome-summary');
  await summary.waitFor();
  assert.equal(await summary.getAttribute('aria-label'), `Trichome: ${expected.flagged.length} of 24 replies: 1 group posting copied text`);
  await page.screenshot({ path: join(SHOTS, 'x-thread-light.png'), fullPage: false });
  await page.close();
});

test('the panel opens from the keyboard and shows the copied text and the other accounts', async () => {
  const page = await env.browser.context.newPage();
  await page.goto(THREAD);
  await settledBadges(page, { minimum: expected.flagged.length });
  const badge = page.locator('trichome-badge').first();
  await badge.scrollIntoViewIfNeeded();
  assert.equal(await badge.getAttribute('role'), 'button');
  await badge.focus();
  await page.keyboard.press('Enter');
  await page.locator('trichome-panel').waitFor();
  const dialog = await dialogAccessibleText(page);
  assert.ok(dialog, 'an accessible dialog is open');
  assert.match(dialog.name, /Worth a second look|Likely coordinated/);
  const text = dialog.text;
  assert.match(text, /Duplicated phrasing/);
  assert.match(text, /Xinjiang/);
  for (const h of expected.flagged) assert.ok(text.includes('@' + h), `panel lists @${h}`);
  await page.screenshot({ path: join(SHOTS, 'x-thread-panel-light.png') });
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('trichome-panel').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.tagName), 'TRICHOME-BADGE', 'focus returns to the badge');
  await page.close();
});

test('dark theme: the same badges, drawn for a dark page', async () => {
  const page = await env.browser.context.newPage();
  await page.goto(THREAD + '?theme=dark');
  const badges = await settledBadges(page, { minimum: expected.flagged.length });
  assert.equal(badges.length, expected.flagged.length);
  assert.equal(await page.evaluate(() => document.querySelector('trichome-badge').dataset.theme), 'dark');
  await page.locator('trichome-badge').first().click();
  await page.locator('trichome-panel').waitFor();
  assert.equal(page.url(), THREAD + '?theme=dark', 'clicking the badge must not follow the post link');
  await page.screenshot({ path: join(SHOTS, 'x-thread-panel-dark.png') });
  await page.close();
});

test('the extension sends no request of its own and triggers no CSP report', async () => {
  env.server.clearRequests();
  const page = await env.browser.context.newPage();
  await page.goto(THREAD);
  await settledBadges(page, { minimum: expected.flagged.length });
  const foreign = foreignRequests(env.server, ['/NewsDeskAmy/status/1861000000000000001']);
  assert.deepEqual(foreign, [], 'only the page itself was requested');
  await page.close();
});

test('the background worker stops and starts again: the page reconnects, and its badges and panel still work', async () => {
  const page = await env.browser.context.newPage();
  await page.goto(THREAD);
  const before = await settledBadges(page, { minimum: expected.flagged.length });
  await page.waitForTimeout(2500); // the memory saves what it saw (2 s after the last ingest)
  await (await env.browser.serviceWorker()).evaluate(() => (self.trichomeTestMark = true));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  // The page asks again within 5 s (its periodic refresh); the restarted worker restores the stored history and
  // the page's badge book is rebuilt from scratch.
  await page.waitForTimeout(6000);
  assert.deepEqual(await settledBadges(page, { minimum: expected.flagged.length }), before);
  const worker = env.browser.context.serviceWorkers().at(-1);
  assert.ok(worker, 'a worker runs again');
  assert.equal(await worker.evaluate(() => self.trichomeTestMark === true), false, 'it is a new worker, not the stopped one');
  await page.locator('trichome-badge').first().click();
  await page.locator('trichome-panel').waitFor({ timeout: 5000 });
  const dialog = await dialogAccessibleText(page);
  assert.match(dialog.text, /Duplicated phrasing/);
  await page.close();
});
