// Where the Rust core runs for this tab: in this content script when the page lets it compile wasm, otherwise in
// the extension's own background context behind messages. Both clients have the same asynchronous API.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = {});

Trichome.engineClient = (() => {
  const api = globalThis.chrome || globalThis.browser;

  // One port to the background for every message of this tab, opened when first needed and again after the
  // worker stops (which closes it): a channel per message costs the page's main thread more (docs/benchmarks.md).
  let port = null;
  let nextId = 1;
  const waiting = new Map(); // id -> {resolve, reject}
  function openPort() {
    port = api.runtime.connect({ name: Trichome.messages.PORT_NAME });
    port.onMessage.addListener((answer) => {
      const w = answer && waiting.get(answer.id);
      if (!w) return;
      waiting.delete(answer.id);
      if (answer.ok) w.resolve(answer.result);
      else w.reject(new Error(answer.error || 'no answer'));
    });
    port.onDisconnect.addListener(() => {
      port = null;
      for (const w of waiting.values()) w.reject(new Error('the background went away'));
      waiting.clear();
    });
  }

  function ask(message) {
    return new Promise((resolve, reject) => {
      if (!port) openPort();
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      port.postMessage({ id, message });
    });
  }

  /**
   * The core in this content script. What it reads is also handed to the background's memory (so it is
   * remembered across visits), and what the memory knows of the accounts on this page is recalled first.
   */
  async function local() {
    // The no-modules glue declares `wasm_bindgen` with `let`: a shared global binding, not a property of globalThis.
    const glue = typeof wasm_bindgen === 'function' ? wasm_bindgen : undefined;
    if (typeof glue !== 'function') throw new Error('wasm glue not loaded');
    await glue({ module_or_path: api.runtime.getURL('trichome_core_bg.wasm') });
    const engine = new glue.WasmEngine();
    const recalled = new Set();
    let revision = 0; // what this engine took in: the badge book summarises again only after it changes
    const badgeChanges = Trichome.messages.badgeBooks((keys) => engine.badgesFor(keys), () => revision, 8);
    const remember = (observations) => {
      for (let i = 0; i < observations.length; i += 1000) {
        ask({ what: 'ingestObservations', observations: observations.slice(i, i + 1000) }).catch(() => {});
      }
    };
    const recallNew = async (keys) => {
      const fresh = keys.filter((k) => !recalled.has(k));
      if (!fresh.length) return;
      fresh.forEach((k) => recalled.add(k));
      try {
        engine.absorb(await ask({ what: 'recall', keys: fresh }));
        revision += 1;
      } catch (_) {
        // No memory to recall from: the page alone is scored.
      }
    };
    return {
      path: 'content-script',
      async ingestCapture(url, body) {
        // The capture is parsed here once, inside the core; the memory gets the same text and parses it in the
        // background, off the page's thread, rather than a copy of the observations converted twice.
        ask({ what: 'ingestCapture', url, body }).catch(() => {});
        revision += 1;
        return engine.ingestCapture(url, body, Date.now() / 1000);
      },
      async ingestObservations(observations) {
        // As a JSON string: JSON.stringify is native, and the core reads a string faster than it walks objects (bench/engine_wasm.mjs).
        revision += 1;
        const result = engine.ingestObservationsJson(JSON.stringify(observations));
        remember(observations);
        return result;
      },
      async verdictsFor(keys) {
        await recallNew(keys);
        return engine.verdictsFor(keys);
      },
      async badgeChanges(book, add, drop, fresh) {
        await recallNew(add);
        return badgeChanges(book, add, drop, fresh);
      },
      pageReport: async (keys) => engine.pageReportFor(keys),
    };
  }

  /** The core in the background's memory, reached by messages. */
  function remote() {
    return {
      path: 'background',
      ingestCapture: (url, body) => ask({ what: 'ingestCapture', url, body }),
      ingestObservations: (observations) => ask({ what: 'ingestObservations', observations }),
      verdictsFor: (keys) => ask({ what: 'verdictsFor', keys }),
      badgeChanges: (book, add, drop, fresh) => ask({ what: 'badgeChanges', book, add, drop, fresh }),
      pageReport: (keys) => ask({ what: 'pageReport', keys }),
    };
  }

  /**
   * Chooses once per tab. Chromium applies the page's CSP to wasm compiled in a content script, and every refused
   * compile is reported to the site's report-uri; so where the site's policy is known to refuse it (X), do not
   * try at all. Firefox does not apply the page's policy to content scripts.
   */
  async function choose(siteName) {
    const platform = globalThis.TRICHOME_PLATFORM || 'chrome';
    const pageForbidsWasm = platform === 'chrome' && siteName === 'x';
    if (!pageForbidsWasm) {
      try {
        return await local();
      } catch (e) {
        console.info('Trichome: wasm unavailable in this page, using the background engine:', e && e.message);
      }
    }
    return remote();
  }

  return { choose };
})();
