// The background (extension/src/background.js) against a hostile page and faults, issue #17: loaded as the browser
// loads it, with a fake browser API and a fake core, so that storage failures, traps and forged messages can be
// made at will. Each test is named after the finding it pins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { REPO_ROOT } from '../e2e/server.mjs';

const EXTENSION = 'chrome-extension://trichome/';
const POPUP = { url: EXTENSION + 'popup/popup.html' };
const tab = (id, url = 'https://x.com/home', documentId = 'doc' + id) => ({ tab: { id, url }, url, documentId });

/**
 * Loads background.js with `stored` in storage.local. `failSet(items)` may make a write fail (the quota). Returns
 * `send(message, sender)`, the storage, the cores started and what the fake API was told.
 */
async function load({ stored = {}, failSet = () => false } = {}) {
  const storage = new Map(Object.entries(stored));
  const told = { accessLevel: null };
  const cores = [];
  let onMessage = null;
  const context = createContext({ console: { warn() {}, info() {}, log() {} }, setTimeout, clearTimeout, Date, URL, Promise });
  context.globalThis = context;
  const pick = (keys) => {
    if (keys === null) return Object.fromEntries(storage);
    const list = Array.isArray(keys) ? keys : [keys];
    return Object.fromEntries(list.filter((k) => storage.has(k)).map((k) => [k, storage.get(k)]));
  };
  const runtime = {
    lastError: null,
    getURL: (path) => EXTENSION + path,
    onMessage: { addListener: (fn) => (onMessage = fn) },
    onConnect: { addListener() {} },
  };
  context.chrome = {
    runtime,
    storage: {
      onChanged: { addListener() {} },
      local: {
        get: (keys, cb) => setTimeout(() => cb(pick(keys))),
        set: (items, cb) =>
          setTimeout(() => {
            runtime.lastError = failSet(items) ? { message: 'QUOTA_BYTES quota exceeded' } : null;
            if (!runtime.lastError) for (const [k, v] of Object.entries(items)) storage.set(k, v);
            cb();
            runtime.lastError = null;
          }),
        remove: (keys, cb) => setTimeout(() => ((Array.isArray(keys) ? keys : [keys]).forEach((k) => storage.delete(k)), cb())),
        clear: (cb) => setTimeout(() => (storage.clear(), cb())),
        setAccessLevel: (options) => {
          told.accessLevel = options.accessLevel;
          return Promise.resolve();
        },
      },
    },
  };
  // The core: remembers what it took in; a body of 'trap' makes it trap as wasm does.
  context.trichomeCore = () => {
    const init = async () => {};
    init.WasmEngine = class {
      constructor() {
        this.took = [];
        this.restored = null;
        this.trapped = false;
        cores.push(this);
      }
      importHistory(text) {
        if (text === 'garbage') return { error: 'error reading stored history: expected value' };
        this.restored = text;
        return { stats: {} };
      }
      check() {
        if (this.trapped) throw new Error('recursive use of an object detected which would lead to unsafe aliasing in rust');
      }
      ingestCapture(url, body, at, page) {
        this.check();
        if (body === 'trap') {
          this.trapped = true;
          throw new (runInContext('WebAssembly.RuntimeError', context))('unreachable');
        }
        this.took.push({ url, page });
        return { stats: { posts_new: 1 }, warnings: [] };
      }
      ingestObservationsJson(json, page) {
        this.check();
        this.took.push({ observations: JSON.parse(json).length, page });
        return { stats: {}, warnings: [] };
      }
      verdictsFor(keys) {
        this.check();
        return keys.map(() => null);
      }
      badgesFor(keys) {
        return keys.map(() => null);
      }
      pageReport() {
        return { clusters: ['every cluster'] };
      }
      pageReportFor(keys) {
        return { clusters: [], keys };
      }
      recall(keys) {
        return JSON.stringify(keys);
      }
      exportHistory() {
        this.check();
        return '{"schema":"trichome.history/2","accounts":[]}';
      }
      setOperatorOffsets() {}
      accountCount() {
        return 0;
      }
    };
    return init;
  };
  for (const file of ['content/messages.js', 'settings.js', 'packs.js', 'background.js']) {
    runInContext(readFileSync(`${REPO_ROOT}/extension/src/${file}`, 'utf8'), context, { filename: file });
  }
  const send = (message, sender) => new Promise((resolve) => onMessage(message, sender, (answer) => resolve(JSON.parse(JSON.stringify(answer)))));
  // Let the start (instantiate, restore) finish.
  await send({ what: 'historyInfo' }, POPUP);
  return { send, storage, cores, told };
}

test('regression_17_5 a restore that cannot set history aside does not lock the background; erase works', async () => {
  // Unreadable history, and a store that refuses every write: before the fix every later message failed.
  const { send, storage } = await load({ stored: { history: 'garbage' }, failSet: () => true });
  const answer = await send({ what: 'verdictsFor', keys: ['x:1'] }, tab(1));
  assert.equal(answer.ok, true, JSON.stringify(answer));
  assert.deepEqual(await send({ what: 'eraseHistory' }, POPUP), { ok: true, result: true });
  assert.equal(storage.size, 0);
});

test('regression_17_5 one copy of unreadable history is kept aside and counted against the budget', async () => {
  const big = 'x'.repeat(3 * 1024 * 1024);
  const { send, storage } = await load({
    stored: { history: 'garbage', 'history-unreadable-1': big, 'history-unreadable-2': 'second', 'history-unreadable-3': 'third' },
  });
  const aside = [...storage.keys()].filter((k) => k.startsWith('history-unreadable'));
  assert.deepEqual(aside, ['history-unreadable']);
  assert.equal(storage.get('history-unreadable'), big, 'the oldest copy is the one kept');
  const info = await send({ what: 'historyInfo' }, POPUP);
  assert.ok(info.result.storedBytes >= big.length, JSON.stringify(info));
  assert.ok(info.result.budgetBytes <= 8 * 1024 * 1024);
});

test('regression_17_2 a core that traps is replaced by a fresh one restored from storage', async () => {
  const stored = '{"schema":"trichome.history/2","accounts":[]}';
  const { send, cores } = await load({ stored: { history: stored } });
  assert.equal(cores.length, 1);
  const trapped = await send({ what: 'ingestCapture', url: 'https://x.com/i/api/graphql/q/TweetDetail', body: 'trap' }, tab(1));
  assert.equal(trapped.ok, false);
  // Every later call used to fail ("recursive use of an object"): now a fresh core answers, restored.
  const answer = await send({ what: 'verdictsFor', keys: ['x:1'] }, tab(1));
  assert.equal(answer.ok, true, JSON.stringify(answer));
  assert.equal(cores.length, 2);
  assert.equal(cores[1].restored, stored);
  assert.equal((await send({ what: 'exportHistory' }, POPUP)).ok, true);
});

test('regression_17_6 stored history is closed to content scripts, and they ask only about their own site', async () => {
  const { send, told } = await load();
  assert.equal(told.accessLevel, 'TRUSTED_CONTEXTS');
  const refused = { ok: false, error: 'unhandled' };
  assert.deepEqual(await send({ what: 'recall', keys: ['youtube:UC1'] }, tab(1)), refused);
  assert.deepEqual(await send({ what: 'verdictsFor', keys: ['x:1', 'youtube:UC1'] }, tab(1)), refused);
  assert.deepEqual(await send({ what: 'badgeChanges', book: 'b', add: ['youtube:UC1'], drop: [], fresh: true }, tab(1)), refused);
  assert.deepEqual(await send({ what: 'pageReport' }, tab(1)), refused, 'every cluster of both sites');
  assert.deepEqual(await send({ what: 'exportHistory' }, tab(1)), refused);
  const ytCapture = { what: 'ingestCapture', url: 'ytinitialdata:https://www.youtube.com/watch?v=a', body: '{}' };
  assert.deepEqual(await send(ytCapture, tab(1)), refused, 'an x.com page feeding YouTube history');
  const ytObservation = { what: 'ingestObservations', observations: [{ site: 'youtube', kind: 'account', id: 'UC1' }] };
  assert.deepEqual(await send(ytObservation, tab(1)), refused);
  // What is its own is answered.
  assert.equal((await send({ what: 'recall', keys: ['x:1'] }, tab(1))).ok, true);
  assert.equal((await send({ what: 'pageReport', keys: ['x:1'] }, tab(1))).ok, true);
  assert.equal((await send(ytCapture, tab(2, 'https://www.youtube.com/watch?v=a'))).ok, true);
  assert.equal((await send({ what: 'pageReport' }, POPUP)).ok, true);
});

test('regression_17_1 one tab floods, others are still heard, and each page is named to the core', async () => {
  const { send, cores } = await load();
  const capture = { what: 'ingestCapture', url: 'https://x.com/i/api/graphql/q/TweetDetail', body: 'b'.repeat(1024 * 1024) };
  let taken = 0;
  for (let i = 0; i < 100; i += 1) if ((await send(capture, tab(1))).ok) taken += 1;
  assert.ok(taken >= 20 && taken <= 40, `${taken} captures of 1 MB taken at once from one tab`);
  assert.equal((await send(capture, tab(2))).ok, true, 'another tab is still heard');
  const pages = new Set(cores[0].took.map((t) => t.page));
  assert.equal(pages.size, 2, [...pages].join(', '));
});
