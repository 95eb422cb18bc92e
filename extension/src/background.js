// Trichome's background: hosts the Rust core for tabs whose page forbids wasm in content scripts (x.com in
// Chromium), one engine per tab, reached only through the closed message set in content/messages.js.
'use strict';

if (typeof importScripts === 'function' && typeof wasm_bindgen === 'undefined') {
  importScripts('trichome_core.js', 'content/messages.js');
}

const api = globalThis.chrome || globalThis.browser;
const ready = wasm_bindgen({ module_or_path: api.runtime.getURL('trichome_core_bg.wasm') });
const engines = new Map(); // tab id -> WasmEngine

function engineFor(tabId) {
  let engine = engines.get(tabId);
  if (!engine) {
    engine = new wasm_bindgen.WasmEngine();
    engines.set(tabId, engine);
  }
  return engine;
}

function answer(message, tabId) {
  const engine = engineFor(tabId);
  switch (message.what) {
    case 'ingestCapture':
      return engine.ingestCapture(message.url, message.body, Date.now() / 1000);
    case 'ingestObservations':
      return engine.ingestObservations(message.observations);
    case 'verdictsFor':
      return engine.verdictsFor(message.keys);
    case 'pageReport':
      return engine.pageReport();
    case 'reset':
      engines.delete(tabId);
      engine.free();
      return true;
    case 'health':
      return { engines: engines.size };
    default:
      throw new Error('unhandled');
  }
}

api.runtime.onMessage.addListener((message, sender, respond) => {
  const tabId = sender && sender.tab && sender.tab.id;
  if (!Trichome.messages.isMessage(message) || typeof tabId !== 'number') {
    respond({ ok: false, error: 'unhandled' });
    return false;
  }
  ready.then(
    () => respond({ ok: true, result: answer(message, tabId) }),
    (e) => respond({ ok: false, error: 'core failed to load: ' + (e && e.message) }),
  ).catch((e) => respond({ ok: false, error: String(e && e.message) }));
  return true;
});

api.tabs.onRemoved.addListener((tabId) => {
  const engine = engines.get(tabId);
  if (engine) {
    engines.delete(tabId);
    engine.free();
  }
});
