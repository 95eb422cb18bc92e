// The site modules (extension/src/content/sites/): both honour the one SiteModule shape (extension/contracts.d.ts;
// tsc checks the types, this checks what the scheduler calls is there at run time), and their pure readers of
// addresses and locations, each case with the address it reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { REPO_ROOT } from '../e2e/server.mjs';

function load() {
  const context = { URL, location: { origin: 'https://www.youtube.com', pathname: '/' } };
  context.globalThis = context;
  for (const site of ['x', 'youtube']) runInNewContext(readFileSync(`${REPO_ROOT}/extension/src/content/sites/${site}.js`, 'utf8'), context);
  return context.Trichome.sites;
}
const sites = load();
const at = (pathname) => ({ pathname });

/** What content/main.js calls on a site module: SiteModule in extension/contracts.d.ts. */
const SITE_MODULE = ['SELECTORS', 'survey', 'readLater', 'nameAnchors', 'thread', 'expectsPosts', 'profileUrl', 'handleFromHref'];

test('both site modules have every member of the site module shape', () => {
  for (const [name, site] of Object.entries(sites)) {
    for (const member of SITE_MODULE) assert.ok(member in site, `${name} lacks ${member}`);
    for (const member of SITE_MODULE.slice(1)) assert.equal(typeof site[member], 'function', `${name}.${member}`);
    assert.equal(typeof site.SELECTORS.post, 'string', `${name} names its post element`);
  }
});

test('a site without threads answers thread() with null rather than lacking it', () => {
  assert.equal(sites.youtube.thread({ querySelectorAll: () => [] }, at('/watch')), null);
  assert.equal(sites.x.thread({ querySelectorAll: () => [] }, at('/home')), null, 'not a post page');
  assert.equal(sites.x.thread({ querySelectorAll: () => [] }, at('/someone/status/1')), null, 'no focal post on the page');
});

test('profile addresses: each site its own, the handle escaped', () => {
  assert.equal(sites.x.profileUrl('someone_1'), 'https://x.com/someone_1');
  assert.equal(sites.youtube.profileUrl('小明'), 'https://www.youtube.com/@%E5%B0%8F%E6%98%8E');
  assert.equal(sites.x.profileUrl('a/b'), 'https://x.com/a%2Fb');
});

test('X: the handle a link names, not the site\'s own pages', () => {
  const cases = [
    ['/someone', 'someone'],
    ['https://x.com/Some_One/status/123', 'Some_One'],
    ['/someone?lang=en', 'someone'],
    ['/home', null],
    ['/i/flow/login', null],
    ['/search?q=x', null],
    ['/hashtag/news', null],
    ['/' + 'a'.repeat(21), null],
    ['/bad-handle', null],
    ['', null],
    [null, null],
  ];
  for (const [href, handle] of cases) assert.equal(sites.x.handleFromHref(href), handle, String(href));
});

test('X: a post\'s address gives its author and id', () => {
  assert.deepEqual({ ...sites.x.statusFromHref('/someone/status/1234567890') }, { handle: 'someone', id: '1234567890' });
  assert.deepEqual({ ...sites.x.statusFromHref('https://x.com/a/status/9/photo/1') }, { handle: 'a', id: '9' });
  assert.equal(sites.x.statusFromHref('/someone/likes'), null);
  assert.equal(sites.x.statusFromHref(null), null);
});

test('which pages should show posts (an empty reading there means the layout changed)', () => {
  const cases = [
    ['x', '/home', true],
    ['x', '/someone', true],
    ['x', '/someone/status/123', true],
    ['x', '/search', true],
    ['x', '/settings/account', false],
    ['x', '/i/bookmarks', false],
    ['youtube', '/watch', true],
    ['youtube', '/@someone', false],
    ['youtube', '/', false],
  ];
  for (const [site, pathname, expected] of cases) assert.equal(sites[site].expectsPosts(at(pathname)), expected, `${site} ${pathname}`);
});

test('a survey of nothing readable leaves nothing to read later, in the same shape on both sites', () => {
  // A subtree with no marked element: a text-only node, as an element that matches nothing.
  const empty = { querySelectorAll: () => [], querySelector: () => null, matches: () => false };
  for (const [name, site] of Object.entries(sites)) {
    const survey = site.survey(empty);
    assert.ok(Array.isArray(survey.anchors) && Array.isArray(survey.later), name);
    assert.equal(survey.anchors.length + survey.later.length, 0, name);
    assert.equal(site.readLater([], 'https://example.invalid/', 0, new Set()).length, 0, name);
  }
});
