// YouTube as it is: comments arrive through the page's own youtubei/v1/next calls (first page, a lazy second
// page, reply threads), the core runs in the content script, and exactly the copy-paste channels get badges —
// then, after in-page navigation to another video, no stale badge remains and the campaign channels seen
// before are recognised there too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, settledBadges, pageSummary, badgeLabels, SHOTS } from './harness.mjs';
import { REPO_ROOT } from './server.mjs';

const read = (f) => JSON.parse(readFileSync(join(REPO_ROOT, 'tests/fixtures/sites/www.youtube.com', f), 'utf8'));
const campaign = read('watch-campaign.expected.json');
const other = read('watch-other.expected.json');
const keysOf = (handles) => handles.map((h) => 'youtube:@' + h.toLowerCase()).sort();
let env;

before(async () => {
  env = await openBrowser();
});
after(async () => {
  await env?.close();
});

async function loadEverything(page) {
  await page.evaluate(() => window.__fixture.ready);
  await page.evaluate(() => window.__fixtureLoadMore());
  for (const t of campaign.hooks.replyThreads) await page.evaluate((i) => window.__fixtureOpenReplies(i), t.threadIndex);
  await page.evaluate(() => window.__fixture.idle());
}

test('exactly the copy-paste channels get badges, from the page\'s own next responses', async () => {
  const page = await env.browser.context.newPage();
  await page.goto('https://www.youtube.com' + campaign.page);
  await loadEverything(page);
  const badges = await settledBadges(page, { minimum: campaign.flagged.length });
  assert.equal((await pageSummary(env, page)).path, 'content-script');
  const flagged = [...new Set(badges.map((b) => b.account))].sort();
  assert.deepEqual(flagged, keysOf(campaign.flagged));
  // Badges sit beside every shown name of a flagged channel, replies included, and nowhere else.
  const shown = await page.$$eval('ytd-comment-view-model #author-text', (links) => links.map((a) => a.getAttribute('href')));
  const expectedBadges = shown.filter((href) => campaign.flagged.some((h) => decodeURIComponent(href) === '/@' + h)).length;
  assert.equal(badges.length, expectedBadges);
  for (const label of await badgeLabels(page)) assert.match(label, /Posted the same text as \d+ other accounts/);
  await page.screenshot({ path: join(SHOTS, 'youtube-campaign.png') });
  // Popup-level summary for this tab: the clusters were read from JSON, not only the page.
  await page.close();
});

test('in-page navigation to another video leaves no stale badge and recognises the channels seen before', async () => {
  const page = await env.browser.context.newPage();
  await page.goto('https://www.youtube.com' + campaign.page);
  await loadEverything(page);
  await settledBadges(page, { minimum: campaign.flagged.length });
  await page.click('a#fixture-next-video');
  await page.waitForURL('**/watch?v=' + other.videoId);
  await page.evaluate(() => window.__fixture.idle());
  const badges = await settledBadges(page, { minimum: other.flagged.length });
  const accounts = badges.map((b) => b.account).sort();
  assert.deepEqual(accounts, keysOf(other.flagged), 'only the two campaign channels, once each');
  const stale = await page.$$eval('trichome-badge', (hosts) => hosts.filter((h) => !h.closest('ytd-comment-view-model')).length);
  assert.equal(stale, 0);
  await page.close();
});

test('a page seen on its own flags nobody; the memory of another visit changes that', async () => {
  // A fresh browser: nothing remembered.
  const fresh = await openBrowser();
  try {
    const page = await fresh.browser.context.newPage();
    await page.goto('https://www.youtube.com' + other.page);
    await page.evaluate(() => window.__fixture.ready);
    await page.evaluate(() => window.__fixture.idle());
    await page.waitForTimeout(1500);
    assert.deepEqual(await page.$$eval('trichome-badge', (h) => h.length), 0, 'alone, the other video shows no duplication');
    await page.close();
  } finally {
    await fresh.close();
  }
  // This browser saw the campaign video in the tests above: loading the other video directly now flags them.
  const page = await env.browser.context.newPage();
  await page.goto('https://www.youtube.com' + other.page);
  await page.evaluate(() => window.__fixture.ready);
  const badges = await settledBadges(page, { minimum: other.flagged.length });
  assert.deepEqual(badges.map((b) => b.account).sort(), keysOf(other.flagged));
  await page.close();
});

test('a campaign channel\'s own page: the badge sits beside its name in the header', async () => {
  // This browser has seen the campaign video above.
  const page = await env.browser.context.newPage();
  await page.goto('https://www.youtube.com/@harmony-voice-2291');
  const badges = await settledBadges(page, { minimum: 1 });
  assert.deepEqual([...new Set(badges.map((b) => b.account))], ['youtube:@harmony-voice-2291']);
  assert.equal(await page.locator('yt-page-header-view-model trichome-badge').count(), 1);
  await page.screenshot({ path: join(SHOTS, 'youtube-channel.png') });
  await page.close();
});

test('dark theme', async () => {
  const page = await env.browser.context.newPage();
  await page.goto('https://www.youtube.com' + campaign.page + '&theme=dark');
  await loadEverything(page);
  await settledBadges(page, { minimum: campaign.flagged.length });
  await page.locator('trichome-badge').first().click();
  await page.locator('trichome-panel').waitFor();
  await page.screenshot({ path: join(SHOTS, 'youtube-campaign-dark-panel.png') });
  await page.close();
});
