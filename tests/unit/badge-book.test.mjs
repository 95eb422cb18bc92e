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

/** An engine whose summaries the test sets (each change is a new revision), counting what it was asked. */
function engine() {
  const levels = new Map();
  const asked = [];
  let rev = 0;
  return {
    levels,
    asked,
    set(key, level) {
      levels.set(key, level);
      rev += 1;
    },
    revision: () => rev,
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
  const { open, changes } = load().badgeBooks(e.summarise, e.revision);
  e.set('x:@a', 'watch');
  assert.deepEqual(keysOf(open('p1', ['x:@a', 'x:@b'])), ['x:@a', 'x:@b'], 'the first answer covers every key');
  assert.deepEqual(keysOf(changes('p1', [], [])), [], 'nothing changed');
  e.set('x:@b', 'likely');
  assert.deepEqual(plain(changes('p1', [], []).changes), [['x:@b', { level: 'likely' }]]);
  assert.deepEqual(keysOf(changes('p1', ['x:@c'], [])), ['x:@c'], 'a new key is answered once');
  assert.deepEqual(keysOf(changes('p1', [], [])), []);
});

test('while the engine takes nothing in, only keys new to the book are summarised', () => {
  const e = engine();
  const { open, changes } = load().badgeBooks(e.summarise, e.revision);
  open('p1', ['x:@a', 'x:@b']);
  assert.equal(e.asked.at(-1), 2);
  changes('p1', [], []);
  assert.equal(e.asked.length, 1, 'an idle refresh summarises nothing');
  changes('p1', ['x:@c'], []);
  assert.equal(e.asked.at(-1), 1, 'only the new key');
  e.set('x:@a', 'watch');
  assert.deepEqual(keysOf(changes('p1', [], [])), ['x:@a'], 'a new revision: every key again, the changed one answered');
  assert.equal(e.asked.at(-1), 3);
});

test('dropped keys are no longer summarised, and come back whole when added again', () => {
  const e = engine();
  const { open, changes } = load().badgeBooks(e.summarise, e.revision);
  e.set('x:@a', 'watch');
  open('p1', ['x:@a', 'x:@b']);
  changes('p1', [], ['x:@a']);
  e.set('x:@c', 'watch'); // a new revision: the book is summarised again
  changes('p1', [], []);
  assert.equal(e.asked.at(-1), 1, 'only the key still shown is summarised');
  assert.deepEqual(plain(changes('p1', ['x:@a'], []).changes), [['x:@a', { level: 'watch' }]]);
});

test('a book the engine does not hold asks for a reset; a fresh book starts over', () => {
  const e = engine();
  const { open, changes } = load().badgeBooks(e.summarise, e.revision, 2);
  assert.deepEqual(plain(changes('gone', ['x:@a'], [])), { reset: true, changes: [] }, 'a worker restart lost the book');
  open('p1', ['x:@a']);
  open('p2', ['x:@a']);
  open('p3', ['x:@a']);
  assert.equal(changes('p1', [], []).reset, true, 'the least recently asked book was pushed out');
  assert.equal(changes('p3', [], []).reset, false);
  assert.deepEqual(keysOf(open('p3', ['x:@b'])), ['x:@b'], 'fresh: the old book is replaced');
});

test('the message guard accepts books and refuses malformed ones', () => {
  const { isMessage } = load();
  assert.equal(isMessage({ what: 'badgeChanges', book: 'p1', add: ['x:@a'], drop: [], fresh: true }), true);
  assert.equal(isMessage({ what: 'badgeChanges', book: 'p1', add: 'x:@a', drop: [], fresh: true }), false);
  assert.equal(isMessage({ what: 'badgeChanges', book: 'p'.repeat(101), add: [], drop: [], fresh: true }), false);
  assert.equal(isMessage({ what: 'badgeChanges', book: 'p1', add: [], drop: [] }), false);
  assert.equal(isMessage({ what: 'badgesFor', keys: [] }), false, 'the old whole-page message is gone');
});
