// Trichome's background: the memory. One core holds every account seen in any tab, is stored in
// storage.local (bounded, newest kept, restored when the worker starts again), and serves the tabs whose page
// forbids wasm in content scripts (x.com in Chromium). Reached only through the closed set in messages.js.
'use strict';

if (typeof importScripts === 'function' && typeof wasm_bindgen === 'undefined') {
  importScripts('trichome_core.js', 'content/messages.js');
}

const api = globalThis.chrome || globalThis.browser;
const STORE_KEY = 'history';
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

/** Writes the newest history that fits; when the quota is reached, writes less rather than fail. */
async function save() {
  saveTimer = null;
  for (let budget = STORE_MAX_BYTES; budget >= 64 * 1024; budget = Math.floor(budget / 2)) {
    try {
      await storageSet({ [STORE_KEY]: memory.exportHistory(Date.now() / 1000, budget) });
      return;
    } catch (e) {
      console.warn('Trichome: storing history failed, trying with less:', e && e.message);
    }
  }
}

function answer(message) {
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
    case 'badgesFor':
      return memory.badgesFor(message.keys);
    case 'pageReport':
      return message.keys ? memory.pageReportFor(message.keys) : memory.pageReport();
    case 'recall':
      return memory.recall(message.keys);
    case 'historyInfo': {
      const json = memory.exportHistory(Date.now() / 1000, STORE_MAX_BYTES);
      return { accounts: memory.accountCount(), storedBytes: json.length, budgetBytes: STORE_MAX_BYTES };
    }
    case 'exportHistory':
      return memory.exportHistory(Date.now() / 1000, STORE_MAX_BYTES);
    case 'eraseHistory':
      memory.free();
      memory = new wasm_bindgen.WasmEngine();
      return new Promise((resolve) => api.storage.local.clear(() => resolve(true)));
    default:
      throw new Error('unhandled');
  }
}

api.runtime.onMessage.addListener((message, sender, respond) => {
  // The extension's own pages (popup, options) have its URL; content scripts have the site's.
  const fromExtensionPage = Boolean(sender && typeof sender.url === 'string' && sender.url.startsWith(api.runtime.getURL('')));
  const allowed =
    Trichome.messages.isMessage(message) &&
    (fromExtensionPage || (sender && sender.tab && !Trichome.messages.FROM_EXTENSION_PAGES.includes(message.what)));
  if (!allowed) {
    respond({ ok: false, error: 'unhandled' });
    return false;
  }
  ready
    .then(() => answer(message))
    .then((result) => respond({ ok: true, result }), (e) => respond({ ok: false, error: String(e && e.message) }));
  return true;
});
