// The closed message set and the sites' hosts (extension/src/content/messages.js): which hosts are which site (one
// list, the one manifest.json asks for), what passes as a message or a capture, what a content script may ask
// about, and the token buckets that bound what one page sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { REPO_ROOT } from '../e2e/server.mjs';

function load() {
  const context = { URL };
  context.globalThis = context;
  runInNewContext(readFileSync(`${REPO_ROOT}/extension/src/content/messages.js`, 'utf8'), context);
  return context.Trichome.messages;
}
const M = load();
const plain = (v) => JSON.parse(JSON.stringify(v));

test('manifest.json asks for the hosts of SITE_HOSTS, the one list the JavaScript side reads', () => {
  const manifest = JSON.parse(readFileSync(`${REPO_ROOT}/manifest.json`, 'utf8'));
  const patterns = Object.values(plain(M.SITE_HOSTS)).flat().map((h) => `https://${h}/*`);
  assert.deepEqual([...manifest.host_permissions].sort(), [...patterns].sort());
  for (const script of manifest.content_scripts) assert.deepEqual([...script.matches].sort(), [...patterns].sort());
  for (const r of manifest.web_accessible_resources) assert.deepEqual([...r.matches].sort(), [...patterns].sort());
  for (const [site, hosts] of Object.entries(plain(M.SITE_HOSTS))) for (const h of hosts) assert.equal(M.siteOfHost(h), site, h);
});

test('a host is a site when it is one of its domains or under one; look-alikes are not', () => {
  const cases = [
    ['x.com', 'x'],
    ['mobile.x.com', 'x'],
    ['api.x.com', 'x'],
    ['twitter.com', 'x'],
    ['mobile.twitter.com', 'x'],
    ['www.youtube.com', 'youtube'],
    ['m.youtube.com', 'youtube'],
    ['youtube.com', 'youtube'],
    ['notx.com', null],
    ['x.com.evil.example', null],
    ['youtube.com.evil.example', null],
    ['fakeyoutube.com', null],
    ['', null],
  ];
  for (const [host, site] of cases) assert.equal(M.siteOfHost(host), site, host);
});

test('a capture is of the site its address names; YouTube embedded data by its pseudo-address', () => {
  assert.equal(M.siteOfCapture('https://x.com/i/api/graphql/abc/TweetDetail'), 'x');
  assert.equal(M.siteOfCapture('https://www.youtube.com/youtubei/v1/next'), 'youtube');
  assert.equal(M.siteOfCapture('ytinitialdata:https://www.youtube.com/watch?v=1'), 'youtube');
  assert.equal(M.siteOfCapture('ytplayerresponse:'), 'youtube');
  assert.equal(M.siteOfCapture('https://evil.example/i/api/graphql/abc/TweetDetail'), null);
  assert.equal(M.siteOfCapture('not a url'), null);
  assert.equal(M.siteOfUrl('https://twitter.com/someone'), 'x');
});

test('a capture from the page has a bounded address and body, or is refused', () => {
  assert.equal(M.isCapture({ url: 'https://x.com/i/api/graphql/a/B', body: '{}' }), true);
  for (const forged of [null, 'x', {}, { url: '', body: '{}' }, { url: 'https://x.com/' + 'a'.repeat(5000), body: '' }, { url: 'https://x.com/', body: 42 }]) {
    assert.equal(M.isCapture(forged), false, JSON.stringify(forged)?.slice(0, 60));
  }
});

/** One well-formed example of every message in the closed set. */
const EXAMPLES = {
  ingestCapture: { url: 'https://x.com/i/api/graphql/a/B', body: '{}' },
  ingestObservations: { observations: [] },
  verdictsFor: { keys: ['x:@a'] },
  badgeChanges: { book: 'b', add: ['x:@a'], drop: [], fresh: false },
  pageReport: { keys: ['x:@a'] },
  recall: { keys: ['x:@a'] },
  historyInfo: {},
  exportHistory: {},
  eraseHistory: {},
  displaySettings: {},
  packMarks: { keys: ['x:@a'] },
  openEvidence: { key: 'x:@a' },
  pageSummary: {},
};

test('the closed set: every message it names passes in its shape, and nothing else does', () => {
  assert.deepEqual(plain(M.WHATS).sort(), Object.keys(EXAMPLES).sort(), 'EXAMPLES covers the set');
  for (const [what, fields] of Object.entries(EXAMPLES)) assert.equal(M.isMessage({ what, ...fields }), true, what);
  assert.equal(M.isMessage({ what: 'evalThis' }), false);
  assert.equal(M.isMessage({ what: 'verdictsFor', keys: 'x:@a' }), false);
  assert.equal(M.isMessage({ what: 'badgeChanges', book: 'b', add: [], drop: [] }), false, 'fresh is required');
  assert.equal(M.isMessage({ what: 'openEvidence', key: 7 }), false);
  assert.equal(M.isMessage(null), false);
});

test('a content script asks only about its own site, and never for what only extension pages may ask', () => {
  for (const what of Object.keys(EXAMPLES)) {
    const m = { what, ...EXAMPLES[what] };
    const own = M.withinSite(m, 'x');
    if (M.FROM_EXTENSION_PAGES.includes(what)) assert.equal(own, false, what);
  }
  assert.equal(M.withinSite({ what: 'verdictsFor', keys: ['x:@a'] }, 'x'), true);
  assert.equal(M.withinSite({ what: 'verdictsFor', keys: ['x:@a', 'youtube:@b'] }, 'x'), false);
  assert.equal(M.withinSite({ what: 'badgeChanges', book: 'b', add: ['x:@a'], drop: ['youtube:@b'], fresh: false }, 'x'), false);
  assert.equal(M.withinSite({ what: 'ingestCapture', url: 'https://www.youtube.com/youtubei/v1/next', body: '' }, 'x'), false);
  assert.equal(M.withinSite({ what: 'ingestObservations', observations: [{ site: 'youtube' }] }, 'x'), false);
  assert.equal(M.withinSite({ what: 'ingestObservations', observations: [null] }, 'x'), false);
  assert.equal(M.withinSite({ what: 'pageReport' }, 'x'), false, 'a page report of every account is not a page\'s to ask');
  assert.equal(M.withinSite({ what: 'openEvidence', key: 'youtube:@b' }, 'x'), false);
  assert.equal(M.withinSite({ what: 'pageSummary' }, 'x'), false);
});

test('a token bucket lets a burst through, then only what refilled', () => {
  let now = 0;
  const take = M.rateLimit(3, 2, () => now);
  assert.deepEqual([take(), take(), take(), take()], [true, true, true, false]);
  now = 500; // half a second: one unit back
  assert.deepEqual([take(), take()], [true, false]);
  now = 60_000; // never more than the burst
  assert.equal(take(4), false);
  assert.equal(take(3), true);
});

test('a page budget bounds captures by count and by bytes, and observations apart', () => {
  let now = 0;
  const budget = M.pageBudget(() => now);
  assert.equal(budget.admitsCapture(20 * 1024 * 1024), true);
  assert.equal(budget.admitsCapture(8 * 1024 * 1024), false, 'the bytes bucket is spent');
  now = 4000; // 8 MiB back
  assert.equal(budget.admitsCapture(8 * 1024 * 1024), true);
  assert.equal(budget.admitsObservations(10000), true);
  assert.equal(budget.admitsObservations(1), false);
});
