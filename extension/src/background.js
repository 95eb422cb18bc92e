// Trichome's background: the memory. One core holds every account seen in any tab, is stored in
// storage.local (bounded, newest kept, restored when the worker starts again), and serves the tabs whose page
// forbids wasm in content scripts (x.com in Chromium). Reached only through the closed set in messages.js.
'use strict';

if (typeof importScripts === 'function' && typeof trichomeCore === 'undefined') {
  importScripts('trichome_memory.js', 'content/messages.js', 'settings.js', 'packs.js');
}

const api = globalThis.chrome || globalThis.browser;
const STORE_KEY = 'history';
// Unreadable history is set aside under this one key: one copy, never more (issue #17, finding 5).
const ASIDE_KEY = 'history-unreadable';
// How copies set aside were once named (one per failure, never deleted): folded into ASIDE_KEY at start.
const OLD_ASIDE_PREFIX = 'history-unreadable-';
// The user's choices, written by the options page and the popup (settings.js: sensitivity, signals, history size and
// retention, keepTexts), and the indicator packs the user imported (packs.js).
const SETTINGS_KEY = Trichome.settings.KEY;
const PACKS_KEY = Trichome.packs.KEY;
// What happened to stored history that the user should be told (the options page and the popup show it).
const STATUS_KEY = 'history-status';
// The history and the copy set aside together, well inside storage.local's 10 MiB quota in Chromium.
const STORE_TOTAL_BYTES = 8 * 1024 * 1024;
const SAVE_DELAY_MS = 2000;
let memory = null;
let saveTimer = null;
let asideBytes = 0;
// The settings and the packs' index, read at start and again on each change; `displayRevision` counts the changes
// (content scripts draw their badges again when it moves).
let settings = Trichome.settings.DEFAULTS;
let packs = [];
let packIndex = Trichome.packs.index([]);
let displayRevision = 0;
// Told to the user: records skipped at the last restore, and whether the last save had to leave the oldest out.
let historyStatus = { skipped: 0, trimmed: false, at: 0 };

const storageGet = (keys) => new Promise((resolve) => api.storage.local.get(keys, (items) => resolve(items || {})));
const storageSet = (items) =>
  new Promise((resolve, reject) => api.storage.local.set(items, () => (api.runtime.lastError ? reject(new Error(api.runtime.lastError.message)) : resolve(undefined))));
const storageRemove = (keys) => new Promise((resolve) => api.storage.local.remove(keys, () => resolve(undefined)));

// Chromium lets content scripts read storage.local unless told otherwise; stored history is for the extension's own
// pages (issue #17, finding 6). Firefox has no such switch: there, content scripts never ask for it.
try {
  const set = api.storage.local.setAccessLevel && api.storage.local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  if (set && typeof set.catch === 'function') set.catch(() => {});
} catch (_) {
  // Not supported here.
}

/** Keeps one copy of unreadable history aside: the one already kept, else the oldest of the older per-failure copies, else `text`. */
async function setAside(text) {
  const keys = api.storage.local.getKeys ? await api.storage.local.getKeys() : Object.keys(await storageGet(null));
  const older = keys.filter((k) => k.startsWith(OLD_ASIDE_PREFIX)).sort();
  const all = await storageGet([ASIDE_KEY, ...older.slice(0, 1)]);
  let kept = typeof all[ASIDE_KEY] === 'string' ? all[ASIDE_KEY] : older.length ? all[older[0]] : text;
  if (typeof kept !== 'string') kept = null;
  if (kept !== null && kept !== all[ASIDE_KEY]) await storageSet({ [ASIDE_KEY]: kept });
  if (older.length) await storageRemove(older);
  asideBytes = kept === null ? 0 : kept.length;
}

/**
 * Restores the stored history into `engine`. When the whole does not read, each account's record is tried alone:
 * the records that read are restored, those that do not are skipped and counted (the user is told), and the
 * stored text is set aside. History that is not JSON at all is set aside, never thrown away.
 */
async function restore(engine) {
  const stored = await storageGet([STORE_KEY, STATUS_KEY]);
  const text = stored[STORE_KEY];
  if (stored[STATUS_KEY] && typeof stored[STATUS_KEY] === 'object') historyStatus = { ...historyStatus, ...stored[STATUS_KEY] };
  const result = typeof text === 'string' ? engine.importHistory(text) : null;
  let skipped = 0;
  if (result && result.error) {
    let whole = null;
    try {
      whole = JSON.parse(text);
    } catch (_) {
      // Not JSON: nothing to read record by record.
    }
    if (whole && typeof whole === 'object' && Array.isArray(whole.accounts)) {
      for (const record of whole.accounts) {
        const one = engine.importHistory(JSON.stringify({ schema: whole.schema, saved_at: whole.saved_at, accounts: [record] }));
        if (one && one.error) skipped += 1;
      }
    } else {
      skipped = -1; // unreadable as a whole
    }
  }
  await setAside(result && result.error ? text : null);
  if (result && result.error) console.warn('Trichome:', result.error, skipped >= 0 ? `- ${skipped} record(s) skipped, the rest restored` : '- keeping it aside');
  if (skipped !== 0 || historyStatus.skipped) await setStatus({ skipped: Math.max(0, skipped === -1 ? 1 : skipped) });
}

async function setStatus(patch) {
  historyStatus = { ...historyStatus, ...patch, at: Math.floor(Date.now() / 1000) };
  try {
    await storageSet({ [STATUS_KEY]: historyStatus });
  } catch (_) {
    // Storage is full: the status is kept in memory until the next start.
  }
}

/** Reads the settings and the packs again (at start and on every change). */
async function loadChoices() {
  const stored = await storageGet([SETTINGS_KEY, PACKS_KEY]);
  settings = Trichome.settings.normalise(stored[SETTINGS_KEY]);
  packs = Array.isArray(stored[PACKS_KEY]) ? stored[PACKS_KEY].filter((p) => p && typeof p.name === 'string') : [];
  packIndex = Trichome.packs.index(packs);
  displayRevision += 1;
  // The operators' zones looked for move verdicts: the core forgets those it gave, the books summarise again.
  if (memory) memory.setOperatorOffsets([...settings.operatorZones]);
  revision += 1;
}
let choices = loadChoices();

// Each start makes a fresh instance of the core (trichomeCore: the wasm glue in a factory, written by
// extension/tools/package.mjs; here the background's module, trichome_memory, which adds stored history and
// recall to what the tabs' module holds), so that a core that trapped is replaced whole, never called again.
let generation = 0;
/** Starts a core and restores stored history into it. Never rejects: a failed restore leaves an empty memory, not a locked background. */
async function start() {
  const mine = ++generation;
  let engine = null;
  try {
    const core = trichomeCore();
    await core({ module_or_path: api.runtime.getURL('trichome_memory_bg.wasm') });
    engine = new core.WasmEngine();
    await choices;
    engine.setOperatorOffsets([...settings.operatorZones]);
    await restore(engine);
  } catch (e) {
    console.warn('Trichome: restoring history failed:', e && e.message);
  }
  if (mine === generation) memory = engine;
}

let ready = start();

/** Whether an error is the core trapping (a bug, or memory exhausted): that instance is never used again. */
const isTrap = (e) => typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError;

/** Replaces a core that trapped by a fresh one, restored from storage (issue #17, finding 2). */
function restartAfter(e) {
  console.warn('Trichome: the core stopped (', e.message, '); starting a fresh one from stored history');
  revision += 1;
  ready = start();
}

function scheduleSave() {
  if (saveTimer) return;
  saveTimer = setTimeout(save, SAVE_DELAY_MS);
}

/** Whether the user chose to keep post texts in stored history (off unless chosen). */
async function keepTexts() {
  await choices;
  return settings.keepTexts;
}

/** The budget of the stored history: the size the user chose, within what the copy set aside leaves of the total. */
const storeBudget = () => Math.max(64 * 1024, Math.min(settings.historyMiB * 1024 * 1024, STORE_TOTAL_BYTES - asideBytes));

/**
 * The stored history as written: the newest that fits in `budget`, less the accounts not observed within the
 * retention the user chose (none left out when it is 0).
 */
function historyText(budget, texts) {
  const now = Date.now() / 1000;
  const json = memory.exportHistory(now, budget, texts);
  if (!settings.retentionDays) return json;
  const whole = JSON.parse(json);
  const since = now - settings.retentionDays * 86400;
  whole.accounts = whole.accounts.filter((a) => !(typeof a.last_observed === 'number' && a.last_observed < since));
  return JSON.stringify(whole);
}

/**
 * Writes the newest history that fits; when the quota is reached, writes less rather than fail: the least recently
 * observed accounts are left out first, and the user is told.
 */
async function save() {
  saveTimer = null;
  await ready;
  if (!memory) return;
  const texts = await keepTexts();
  for (let budget = storeBudget(); budget >= 64 * 1024; budget = Math.floor(budget / 2)) {
    try {
      await storageSet({ [STORE_KEY]: historyText(budget, texts) });
      const trimmed = budget < storeBudget();
      if (trimmed !== historyStatus.trimmed) await setStatus({ trimmed });
      return;
    } catch (e) {
      if (isTrap(e)) return restartAfter(e);
      console.warn('Trichome: storing history failed, trying with less:', e && e.message);
    }
  }
  await setStatus({ trimmed: true });
}

// Each page's badge book (messages.js): which accounts it shows and what it was last told of them.
// `revision` counts what the memory took in (from any tab): a book is summarised again only after it changes.
let revision = 0;
const badgeBooks = Trichome.messages.badgeBooks((keys, page) => memory.badgesFor(keys, page), () => revision);

// What each tab may hand the core (messages.js, pageBudget), by tab; the least recently heard from go first.
const budgets = new Map();
function budgetOf(sender) {
  const id = sender && sender.tab ? sender.tab.id : '-';
  let budget = budgets.get(id);
  if (!budget) budget = Trichome.messages.pageBudget();
  budgets.delete(id);
  budgets.set(id, budget);
  while (budgets.size > 256) budgets.delete(budgets.keys().next().value);
  return budget;
}

/** The page a message came from, as the browser names it: what the core counts as one page (Engine::ingest_from). */
const pageOf = (sender) => (sender && sender.tab ? `${sender.tab.id} ${sender.documentId || sender.url || ''}` : 'extension');

/** The page each tab last spoke from, as the core counts pages, by tab; the least recently heard from go first. */
const pageOfTab = new Map();
const isExtensionPage = (sender) => Boolean(sender && typeof sender.url === 'string' && sender.url.startsWith(api.runtime.getURL('')));

/**
 * The page a verdict is asked for as (crate/src/pages.rs: a finding one page alone delivered counts only there): a
 * content script's own page; for the extension's pages (the popup, the evidence card), the page the tab they name
 * in `tab` last spoke from, so that what they show and export is what that tab shows.
 */
/**
 * @param {Message & {tab?: number}} message
 * @param {chrome.runtime.MessageSender | undefined} sender
 * @returns {string}
 */
function viewerOf(message, sender) {
  if (sender && sender.tab && !isExtensionPage(sender)) {
    const page = pageOf(sender);
    pageOfTab.delete(sender.tab.id);
    pageOfTab.set(sender.tab.id, page);
    while (pageOfTab.size > 256) pageOfTab.delete(pageOfTab.keys().next().value);
    return page;
  }
  return (Number.isSafeInteger(message.tab) && pageOfTab.get(message.tab)) || 'extension';
}

/**
 * The core's answer to one message of the closed set (those answered without the core are in `reply`).
 * @param {Message} message
 * @param {chrome.runtime.MessageSender | undefined} sender
 */
function answer(message, sender) {
  if (!memory) throw new Error('the core is not running');
  const viewer = viewerOf(message, sender);
  if (['ingestCapture', 'ingestObservations'].includes(message.what)) revision += 1;
  switch (message.what) {
    case 'ingestCapture': {
      if (!budgetOf(sender).admitsCapture(message.body.length)) throw new Error('too much from this page');
      const result = memory.ingestCapture(message.url, message.body, Date.now() / 1000, pageOf(sender));
      scheduleSave();
      return result;
    }
    case 'ingestObservations': {
      if (!budgetOf(sender).admitsObservations(message.observations.length)) throw new Error('too much from this page');
      // As a JSON string: JSON.stringify is native, and the core reads a string faster than it walks objects (bench/engine_wasm.mjs).
      const result = memory.ingestObservationsJson(JSON.stringify(message.observations), pageOf(sender));
      scheduleSave();
      return result;
    }
    // Verdicts as the asking page sees them: a finding that one other page alone delivered does not count (crate/src/pages.rs).
    case 'verdictsFor':
      return memory.verdictsFor(message.keys, viewer);
    case 'badgeChanges': {
      const book = message.book + '@' + (sender && sender.tab ? sender.tab.id : '-');
      return message.fresh ? badgeBooks.open(book, message.add, viewer) : badgeBooks.changes(book, message.add, message.drop, viewer);
    }
    case 'pageReport':
      return message.keys ? memory.pageReportFor(message.keys, viewer) : memory.pageReport();
    case 'recall':
      return memory.recall(message.keys);
    case 'historyInfo':
      return keepTexts().then((texts) => {
        const json = historyText(storeBudget(), texts);
        return {
          accounts: memory.accountCount(),
          storedBytes: json.length + asideBytes,
          budgetBytes: settings.historyMiB * 1024 * 1024,
          skipped: historyStatus.skipped,
          trimmed: historyStatus.trimmed,
        };
      });
    case 'exportHistory':
      // The export holds what the store holds: texts only when the user keeps them.
      return keepTexts().then((texts) => historyText(storeBudget(), texts));
    default:
      throw new Error('unhandled');
  }
}

// A changed choice is applied at once: turning texts off rewrites the store without them; badges follow the new
// settings and packs (content scripts ask `displaySettings` again and see the revision move).
api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !(changes[SETTINGS_KEY] || changes[PACKS_KEY])) return;
  choices = loadChoices();
  if (changes[SETTINGS_KEY] && changes[SETTINGS_KEY].newValue) choices.then(scheduleSave);
});

/** What content scripts need to draw badges: the settings, the packs' names (not their lists), the revision. */
const displaySettings = () =>
  choices.then(() => ({ settings, packs: packs.map((p) => ({ name: p.name, source: p.source, date: p.date })), revision: displayRevision }));

/** The packs naming each key that any pack names: `[key, [pack names]]`. */
const packMarks = (keys) => choices.then(() => keys.filter((k) => packIndex.accounts.has(k)).map((k) => [k, packIndex.accounts.get(k)]));

/** Opens the evidence card of an account in an extension tab (exports are made there, never in the page). */
function openEvidence(key, sender) {
  const tab = sender && sender.tab ? `?tab=${sender.tab.id}` : '';
  return new Promise((resolve) => api.tabs.create({ url: api.runtime.getURL('evidence/evidence.html') + tab + '#' + encodeURIComponent(key) }, () => resolve(true)));
}

/**
 * Whether this sender may send this message: the closed set; history-wide ones only from our own pages; from a
 * content script, only what names its own site (messages.js, withinSite).
 */
/**
 * @param {unknown} message
 * @param {chrome.runtime.MessageSender | undefined} sender
 * @returns {message is Message}
 */
function allowed(message, sender) {
  const M = Trichome.messages;
  if (!M.isMessage(message)) return false;
  // The extension's own pages (popup, options) have its URL; content scripts have the site's.
  if (isExtensionPage(sender)) return true;
  if (!sender || !sender.tab || M.FROM_EXTENSION_PAGES.includes(message.what)) return false;
  const site = M.siteOfUrl(sender.url || sender.tab.url || '');
  return site !== null && M.withinSite(message, site);
}

/**
 * Erases everything remembered (history, the copy set aside, its status) and starts an empty memory: works whatever
 * state the memory is in. The user's settings and packs are choices, not memory: they stay.
 */
async function erase() {
  // A save waiting to run would write the memory back after it was erased.
  clearTimeout(saveTimer);
  saveTimer = null;
  const keys = api.storage.local.getKeys ? await api.storage.local.getKeys() : Object.keys(await storageGet(null));
  await storageRemove(keys.filter((k) => k !== SETTINGS_KEY && k !== PACKS_KEY));
  asideBytes = 0;
  historyStatus = { skipped: 0, trimmed: false, at: 0 };
  revision += 1;
  ready = start();
  await ready;
  return true;
}

/** Answers one message as `{ok, result}` or `{ok: false, error}`. A core that traps is replaced by a fresh one, restored from storage. */
/**
 * What concerns the user's choices is answered without waiting for the core: those answers, or null.
 * @param {Message} message
 * @param {chrome.runtime.MessageSender | undefined} sender
 * @returns {Promise<unknown> | null}
 */
function answerWithoutCore(message, sender) {
  switch (message.what) {
    case 'eraseHistory':
      return erase();
    case 'displaySettings':
      return displaySettings();
    case 'packMarks':
      return packMarks(message.keys);
    case 'openEvidence':
      return openEvidence(message.key, sender);
    default:
      return null;
  }
}

/**
 * @param {unknown} message
 * @param {chrome.runtime.MessageSender | undefined} sender
 * @returns {Promise<Answer<unknown>>}
 */
function reply(message, sender) {
  if (!allowed(message, sender)) return Promise.resolve({ ok: false, error: 'unhandled' });
  const answered = answerWithoutCore(message, sender) || ready.then(() => answer(message, sender));
  return answered.then(
    (result) => ({ ok: true, result }),
    (e) => {
      if (isTrap(e)) restartAfter(e);
      return { ok: false, error: String(e && e.message) };
    },
  );
}

// One-off messages (the popup, and a tab whose port is not open yet).
api.runtime.onMessage.addListener((message, sender, respond) => {
  reply(message, sender).then(respond);
  return true;
});

// A tab's content script keeps one port open for all its messages: opening a channel per message costs the
// page's main thread more (docs/benchmarks.md).
api.runtime.onConnect.addListener((port) => {
  if (port.name !== Trichome.messages.PORT_NAME) return port.disconnect();
  port.onMessage.addListener((envelope) => {
    if (!envelope || typeof envelope !== 'object' || !Number.isSafeInteger(envelope.id)) return;
    reply(envelope.message, port.sender).then((answer) => {
      try {
        port.postMessage({ id: envelope.id, ...answer });
      } catch (_) {
        // The tab went away meanwhile.
      }
    });
  });
});
