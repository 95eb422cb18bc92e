// The badge book (extension/src/content/messages.js): a page sends only the keys it adds and drops, and gets back
// only the summaries that changed; a book the engine no longer holds asks the page to start again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { REPO_ROOT } from '../e2e/server.mjs';

function load() {
  const context = {};
  context.globalThis = context;
  runInNewContext(readFileSync(`${REPO_ROOT}/extension/src/content/messages.js`, 'utf8'), context);
  return context.Trichome.messages;
}

/** An engine whose summaries the test sets, counting what it was asked. */
function engine() {
  const levels = new Map();
  const asked = [];
  return {
    levels,
    asked,
    summarise: (keys) => {
      asked.push(keys.length);
      return keys.map((k) => (levels.has(k) ? { level: levels.get(k) } : null));
    },
  };
}

// The book lives in another realm (vm): compare plain copies.
const plain = (x) => JSON.parse(JSON.stringify(x));
const keysOf = (answer) => plain(answer.changes).map(([k]) => k).sort();

test('only what changed comes back', () => {
  const e = engine();
  const changes = load().badgeBooks(e.summarise);
  e.levels.set('x:@a', 'watch');
  assert.deepEqual(keysOf(changes('p1', ['x:@a', 'x:@b'], [], true)), ['x:@a', 'x:@b'], 'the first answer covers every key');
  assert.deepEqual(keysOf(changes('p1', [], [], false)), [], 'nothing changed');
  e.levels.set('x:@b', 'likely');
  assert.deepEqual(plain(changes('p1', [], [], false).changes), [['x:@b', { level: 'likely' }]]);
  assert.deepEqual(keysOf(changes('p1', ['x:@c'], [], false)), ['x:@c'], 'a new key is answered once');
  assert.deepEqual(keysOf(changes('p1', [], [], false)), []);
});

test('dropped keys are no longer summarised, and come back whole when added again', () => {
  const e = engine();
  const changes = load().badgeBooks(e.summarise);
  e.levels.set('x:@a', 'watch');
  changes('p1', ['x:@a', 'x:@b'], [], true);
  changes('p1', [], ['x:@a'], false);
  assert.equal(e.asked.at(-1), 1, 'only the key still shown is summarised');
  assert.deepEqual(plain(changes('p1', ['x:@a'], [], false).changes), [['x:@a', { level: 'watch' }]]);
});

test('a book the engine does not hold asks for a reset; a fresh book starts over', () => {
  const e = engine();
  const changes = load().badgeBooks(e.summarise, 2);
  assert.deepEqual(plain(changes('gone', ['x:@a'], [], false)), { reset: true, changes: [] }, 'a worker restart lost the book');
  changes('p1', ['x:@a'], [], true);
  changes('p2', ['x:@a'], [], true);
  changes('p3', ['x:@a'], [], true);
  assert.equal(changes('p1', [], [], false).reset, true, 'the least recently asked book was pushed out');
  assert.equal(changes('p3', [], [], false).reset, false);
  assert.deepEqual(keysOf(changes('p3', ['x:@b'], [], true)), ['x:@b'], 'fresh: the old book is replaced');
});

test('the message guard accepts books and refuses malformed ones', () => {
  const { isMessage } = load();
  assert.equal(isMessage({ what: 'badgeChanges', book: 'p1', add: ['x:@a'], drop: [], fresh: true }), true);
  assert.equal(isMessage({ what: 'badgeChanges', book: 'p1', add: 'x:@a', drop: [], fresh: true }), false);
  assert.equal(isMessage({ what: 'badgeChanges', book: 'p'.repeat(101), add: [], drop: [], fresh: true }), false);
  assert.equal(isMessage({ what: 'badgeChanges', book: 'p1', add: [], drop: [] }), false);
  assert.equal(isMessage({ what: 'badgesFor', keys: [] }), false, 'the old whole-page message is gone');
});
