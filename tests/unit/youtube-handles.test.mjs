// The YouTube page reader's handles (extension/src/content/sites/youtube.js): a handle is read from a channel
// address, and one holding bidirectional controls or invisible characters is refused (issue #17, finding 8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { REPO_ROOT } from '../e2e/server.mjs';

function load() {
  const context = {};
  context.globalThis = context;
  runInNewContext(readFileSync(`${REPO_ROOT}/extension/src/content/sites/youtube.js`, 'utf8'), context);
  return context.Trichome.sites.youtube;
}

test('regression_17_8 handles with bidi controls or invisible characters are refused', () => {
  const { handleFromHref } = load();
  assert.equal(handleFromHref('/@harmony-voice-2291'), 'harmony-voice-2291');
  assert.equal(handleFromHref('https://www.youtube.com/@%E5%B0%8F%E6%98%8E/videos'), '小明');
  for (const hidden of ['\u202E', '\u200F', '\u2066', '\u200B', '\uFEFF', '\u061C']) {
    assert.equal(handleFromHref(`/@inno${hidden}cent`), null, JSON.stringify(hidden));
    assert.equal(handleFromHref(`/@inno${encodeURIComponent(hidden)}cent`), null, encodeURIComponent(hidden));
  }
});
