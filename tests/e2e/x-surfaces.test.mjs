// Every X surface where an account appears, fed by what the page itself fetches (X's GraphQL in the 2026
// schema, served to the page's own fetch calls): a 64-reply thread with "show more" and probable-spam sections,
// a profile, search, the logged-out markup, a follower list, hostile content; and in-page navigation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, settledBadges, readBadges, dialogAccessibleText, forget, levelsOf, wantedLevels, SHOTS } from './harness.mjs';
import { REPO_ROOT } from './server.mjs';

const expected = (name) => JSON.parse(readFileSync(join(REPO_ROOT, 'tests/fixtures/sites/x.com', name + '.expected.json'), 'utf8'));
const keys = (handles) => [...new Set(handles.map((h) => 'x:@' + h.toLowerCase()))].sort();
const accountsOf = (badges) => [...new Set(badges.map((b) => b.account))].sort();
const levels = (want) => wantedLevels('x', want.levels);
let env;

before(async () => {
  env = await openBrowser();
});
after(async () => {
  await env?.close();
});

async function open(path, { loadMore = false } = {}) {
  const page = await env.browser.context.newPage();
  await page.goto('https://x.com' + path);
  await page.evaluate(() => window.__fixtureReady);
  if (loadMore) await page.evaluate(() => window.__fixtureLoadMore());
  return page;
}

async function summaryOf(page) {
  const sw = await env.browser.serviceWorker();
  return sw.evaluate(async (url) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url === url);
    return chrome.tabs.sendMessage(tab.id, { what: 'pageSummary' });
  }, page.url());
}

test('a 64-reply thread: exactly the coordinated repliers, read from the page\'s own TweetDetail responses', async () => {
  const want = expected('big-thread');
  await forget(env);
  const page = await open(want.page, { loadMore: true });
  const badges = await settledBadges(page, { minimum: want.flagged.length });
  assert.deepEqual(accountsOf(badges), keys(want.flagged));
  // Per account: the six made in one batch reach likely, the two old accounts seen only copying stay at watch.
  assert.deepEqual(levelsOf(badges), levels(want));
  const summary = await summaryOf(page);
  assert.ok(summary.result.health.postsFromJson >= 64, `posts read from JSON: ${summary.result.health.postsFromJson}`);
  const line = page.locator('trichome-summary');
  await line.waitFor();
  assert.match(await line.getAttribute('aria-label'), new RegExp(`^Trichome: ${want.flagged.length} of 64 replies: \\d+ groups? `));
  await page.screenshot({ path: join(SHOTS, 'x-big-thread.png') });
  // The likely ones carry more than copied text: the panel says which signs agree.
  const likely = badges.find((b) => b.level === 'likely');
  assert.ok(likely, 'the new name-plus-digits accounts that copy text reach likely: two kinds of sign agree');
  await page.locator(`trichome-badge[data-trichome-account="${likely.account}"]`).first().click();
  await page.locator('trichome-panel').waitFor();
  const dialog = await dialogAccessibleText(page);
  assert.match(dialog.text, /Duplicated phrasing/);
  assert.match(dialog.text, /Identity signs|Posting times|Account drift/);
  await page.screenshot({ path: join(SHOTS, 'x-big-thread-panel.png') });
  await page.close();
});

for (const theme of ['dim', 'dark']) {
  test(`the big thread in X's ${theme} theme`, async () => {
    const want = expected('big-thread');
    const page = await open(want.page + '?theme=' + theme, { loadMore: true });
    await settledBadges(page, { minimum: want.flagged.length });
    assert.equal(await page.evaluate(() => document.querySelector('trichome-badge').dataset.theme), theme);
    await page.locator('trichome-badge').first().click();
    await page.locator('trichome-panel').waitFor();
    await page.screenshot({ path: join(SHOTS, `x-big-thread-${theme}.png`) });
    await page.close();
  });
}

/**
 * Opens a page and waits until the engine has read it (every post the fixture shows, when it says how many; some
 * capture or post otherwise) and the badges stop changing, also when none are due.
 */
async function settled(path, want, { loadMore = false, posts = 0 } = {}) {
  const page = await open(path, { loadMore });
  for (let i = 0; ; i++) {
    const health = (await summaryOf(page)).result.health;
    const read = health ? health.postsFromJson + health.postsFromDom : 0;
    if (health && (posts ? read >= posts : health.captures + read > 0)) break;
    // A page the engine never read would pass any "no badge" check: fail instead.
    assert.ok(i < 100, `${path}: the engine read ${read} of ${posts} posts in 10 s`);
    await page.waitForTimeout(100);
  }
  const badges = await settledBadges(page, { minimum: want.flagged.length, timeoutMs: want.flagged.length ? 15_000 : 3_000 });
  return { page, badges };
}

for (const name of ['profile', 'search', 'logged-out-thread', 'followers']) {
  test(`${name}, seen alone: exactly the right accounts at the right level`, async () => {
    const want = expected(name);
    await forget(env);
    const { page, badges } = await settled(want.page, want, { posts: want.counts.articles || 0 });
    assert.deepEqual(accountsOf(badges), keys(want.flagged));
    assert.deepEqual(levelsOf(badges), levels(want));
    await page.screenshot({ path: join(SHOTS, `x-${name}.png`) });
    await page.close();
  });
}

test('search: a quoted copier is badged inside the quote, the quoter is not; hover cards get the badge and lose it', async () => {
  const want = expected('search');
  await forget(env);
  const { page, badges } = await settled(want.page, want);
  assert.deepEqual(levelsOf(badges), levels(want));
  const quoter = page.locator(`article:has(a[href="/${want.quote.quoter}/status/${want.quote.postId}"])`);
  const quoted = `x:@${want.quote.quoted.toLowerCase()}`;
  assert.equal(await quoter.locator(`div[role="link"] trichome-badge[data-trichome-account="${quoted}"]`).count(), 1, 'the quoted author, inside the quote');
  assert.equal(await quoter.locator(`trichome-badge[data-trichome-account="x:@${want.quote.quoter.toLowerCase()}"]`).count(), 0, 'the quoter wrote its own words');
  await quoter.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'x-search-quote.png') });

  // Hovering a flagged author's name: the card X shows carries the same badge.
  const flagged = want.flagged.find((h) => want.levels[h] === 'likely');
  const card = page.locator('[data-testid="HoverCard"]');
  await page.locator(`article a.tc-namelink[href="/${flagged}"]`).first().hover();
  await card.waitFor();
  const inCard = card.locator(`trichome-badge[data-trichome-account="x:@${flagged.toLowerCase()}"]`);
  await inCard.waitFor({ timeout: 5000 });
  assert.equal(await inCard.getAttribute('data-trichome-level'), 'likely');
  await page.screenshot({ path: join(SHOTS, 'x-search-hovercard.png') });
  // The pointer leaves: the card goes, and no badge is left behind in the portal.
  await page.mouse.move(5, 5);
  await card.waitFor({ state: 'detached' });
  assert.equal(await page.locator('#layers trichome-badge').count(), 0);
  // An ordinary author's card gets none.
  const ordinary = want.unflagged.find((h) => h !== want.quote.quoter);
  await page.locator(`article a.tc-namelink[href="/${ordinary}"]`).first().hover();
  await card.waitFor();
  await page.waitForTimeout(600);
  assert.equal(await card.locator('trichome-badge').count(), 0, `no badge for @${ordinary}`);
  await page.close();
});

test('memory across pages: after the big thread, the profile and the logged-out thread show what was seen there', async () => {
  await forget(env);
  const thread = expected('big-thread');
  const first = await open(thread.page, { loadMore: true });
  await settledBadges(first, { minimum: thread.flagged.length });
  await first.close();
  for (const name of ['profile', 'logged-out-thread']) {
    const want = expected(name);
    const { page, badges } = await settled(want.page, want.afterBigThread);
    assert.deepEqual(levelsOf(badges), wantedLevels('x', want.afterBigThread.levels), `${name} after the big thread`);
    await page.screenshot({ path: join(SHOTS, `x-${name}-after-thread.png`) });
    await page.close();
  }
});

test('hostile names and texts render as inert text, badges included', async () => {
  const want = expected('hostile');
  await forget(env);
  env.server.clearRequests();
  const page = await open(want.page);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  const badges = await settledBadges(page, { minimum: want.flagged.length });
  assert.deepEqual(accountsOf(badges), keys(want.flagged));
  assert.deepEqual(levelsOf(badges), levels(want));
  await page.locator('trichome-badge').first().click();
  await page.locator('trichome-panel').waitFor();
  const dialog = await dialogAccessibleText(page);
  assert.ok(dialog.text.includes('<img') || dialog.text.includes('<script'), 'the hostile text is shown as text');
  await page.waitForTimeout(500);
  assert.deepEqual(dialogs, [], 'no script ran');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.fixtureXss), undefined);
  const reports = env.server.requests.filter((r) => r.path.startsWith('/i/csp_report'));
  assert.deepEqual(reports, [], 'no markup was inserted (no CSP report)');
  await page.screenshot({ path: join(SHOTS, 'x-hostile-panel.png') });
  await page.close();
});

test('in-page navigation leaves no stale or duplicated badge', async () => {
  const want = expected('big-thread');
  const page = await open(want.page, { loadMore: true });
  await settledBadges(page, { minimum: want.flagged.length });
  // X navigates without reloading: the URL changes and the column is re-rendered.
  await page.evaluate(() => {
    history.pushState({}, '', '/AmyRossReports');
    for (const cell of document.querySelectorAll('[data-testid="cellInnerDiv"]')) cell.remove();
  });
  await page.waitForTimeout(800);
  assert.deepEqual(await readBadges(page), [], 'no badge survives the old page');
  assert.equal(await page.locator('trichome-summary').count(), 0);
  await page.goBack();
  await page.goto('https://x.com' + want.page);
  await page.evaluate(() => window.__fixtureReady);
  await page.evaluate(() => window.__fixtureLoadMore());
  const badges = await settledBadges(page, { minimum: want.flagged.length });
  const perElement = await page.$$eval('trichome-badge', (hosts) => hosts.map((h) => h.parentElement).filter((p, i, all) => all.indexOf(p) !== i).length);
  assert.equal(perElement, 0, 'one badge per name occurrence');
  assert.deepEqual(accountsOf(badges), keys(want.flagged));
  await page.close();
});
