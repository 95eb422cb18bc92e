// Trichome's background: the memory. One core holds every account seen in any tab, is stored in
// storage.local (bounded, newest kept, restored when the worker starts again), and serves the tabs whose page
// forbids wasm in content scripts (x.com in Chromium). Reached only through the closed set in messages.js.
'use strict';

if (typeof importScripts === 'function' && typeof wasm_bindgen === 'undefined') {
  importScripts('trichome_core.js', 'content/messages.js');
}

const api = globalThis.chrome || globalThis.browser;
const STORE_KEY = 'history';
// The user's choices, written by the popup: { keepTexts } (post texts in stored history; off unless chosen).
const SETTINGS_KEY = 'settings';
const STORE_MAX_BYTES = 4 * 1024 * 1024; // well inside storage.local's 10 MB quota
const SAVE_DELAY_MS = 2000;
let memory = null;
let saveTimer = null;

const storageGet = (keys) => new Promise((resolve) => api.storage.local.get(keys, (items) => resolve(items || {})));
const storageSet = (items) =>
  new Promise((resolve, reject) => api.storage.local.set(items, () => (api.runtime.lastError ? reject(new Error(api.runtime.lastError.message)) : resolve())));

/** Restores the stored history. Unreadable history is set aside under its own key, never thrown away. */
async function restore() {
  memory = new wasm_bindgen.WasmEngine();
  const stored = await storageGet(STORE_KEY);
  if (typeof stored[STORE_KEY] !== 'string') return;
  const result = memory.importHistory(stored[STORE_KEY]);
  if (result && result.error) {
    console.warn('Trichome:', result.error, '- keeping it aside');
    await storageSet({ ['history-unreadable-' + Date.now()]: stored[STORE_KEY] });
  }
}

const ready = wasm_bindgen({ module_or_path: api.runtime.getURL('trichome_core_bg.wasm') }).then(restore);

function scheduleSave() {
  if (saveTimer) return;
  saveTimer = setTimeout(save, SAVE_DELAY_MS);
}

/** Whether the user chose to keep post texts in stored history (off unless chosen). */
async function keepTexts() {
  const stored = await storageGet(SETTINGS_KEY);
  const settings = stored[SETTINGS_KEY];
  return Boolean(settings && typeof settings === 'object' && settings.keepTexts === true);
}

/** Writes the newest history that fits; when the quota is reached, writes less rather than fail. */
async function save() {
  saveTimer = null;
  const texts = await keepTexts();
  for (let budget = STORE_MAX_BYTES; budget >= 64 * 1024; budget = Math.floor(budget / 2)) {
    try {
      await storageSet({ [STORE_KEY]: memory.exportHistory(Date.now() / 1000, budget, texts) });
      return;
    } catch (e) {
      console.warn('Trichome: storing history failed, trying with less:', e && e.message);
    }
  }
}

// Each page's badge book (messages.js): which accounts it shows and what it was last told of them.
// `revision` counts what the memory took in (from any tab): a book is summarised again only after it changes.
let revision = 0;
const badgeChanges = Trichome.messages.badgeBooks((keys) => memory.badgesFor(keys), () => revision);

function answer(message, sender) {
  if (['ingestCapture', 'ingestObservations', 'eraseHistory'].includes(message.what)) revision += 1;
  switch (message.what) {
    case 'ingestCapture': {
      const result = memory.ingestCapture(message.url, message.body, Date.now() / 1000);
      scheduleSave();
      return result;
    }
    case 'ingestObservations': {
      // As a JSON string: JSON.stringify is native, and the core reads a string faster than it walks objects (bench/engine_wasm.mjs).
      const result = memory.ingestObservationsJson(JSON.stringify(message.observations));
      scheduleSave();
      return result;
    }
    case 'verdictsFor':
      return memory.verdictsFor(message.keys);
    case 'badgeChanges':
      return badgeChanges(message.book + '@' + (sender.tab ? sender.tab.id : '-'), message.add, message.drop, message.fresh);
    case 'pageReport':
      return message.keys ? memory.pageReportFor(message.keys) : memory.pageReport();
    case 'recall':
      return memory.recall(message.keys);
    case 'historyInfo':
      return keepTexts().then((texts) => {
        const json = memory.exportHistory(Date.now() / 1000, STORE_MAX_BYTES, texts);
        return { accounts: memory.accountCount(), storedBytes: json.length, budgetBytes: STORE_MAX_BYTES };
      });
    case 'exportHistory':
      // The export holds what the store holds: texts only when the user keeps them.
      return keepTexts().then((texts) => memory.exportHistory(Date.now() / 1000, STORE_MAX_BYTES, texts));
    case 'eraseHistory':
      memory.free();
      memory = new wasm_bindgen.WasmEngine();
      return new Promise((resolve) => api.storage.local.clear(() => resolve(true)));
    default:
      throw new Error('unhandled');
  }
}

// A changed choice is applied at once: turning texts off rewrites the store without them.
api.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes[SETTINGS_KEY] && changes[SETTINGS_KEY].newValue) ready.then(scheduleSave);
});

/** Whether this sender may send this message: the closed set, and history-wide ones only from our own pages. */
function allowed(message, sender) {
  // The extension's own pages (popup, options) have its URL; content scripts have the site's.
  const fromExtensionPage = Boolean(sender && typeof sender.url === 'string' && sender.url.startsWith(api.runtime.getURL('')));
  return (
    Trichome.messages.isMessage(message) &&
    (fromExtensionPage || Boolean(sender && sender.tab && !Trichome.messages.FROM_EXTENSION_PAGES.includes(message.what)))
  );
}

/** Answers one message as `{ok, result}` or `{ok: false, error}`. */
function reply(message, sender) {
  if (!allowed(message, sender)) return Promise.resolve({ ok: false, error: 'unhandled' });
  return ready
    .then(() => answer(message, sender))
    .then((result) => ({ ok: true, result }), (e) => ({ ok: false, error: String(e && e.message) }));
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
