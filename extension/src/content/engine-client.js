// Where the Rust core runs for this tab: in this content script when the page lets it compile wasm, otherwise in
// the extension's own background context behind messages. Both clients have the same asynchronous API.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = {});

Trichome.engineClient = (() => {
  const api = globalThis.chrome || globalThis.browser;

  /** The core in this content script. */
  async function local() {
    // The no-modules glue declares `wasm_bindgen` with `let`: a shared global binding, not a property of globalThis.
    const glue = typeof wasm_bindgen === 'function' ? wasm_bindgen : undefined; // eslint-disable-line no-undef
    if (typeof glue !== 'function') throw new Error('wasm glue not loaded');
    await glue({ module_or_path: api.runtime.getURL('trichome_core_bg.wasm') });
    const engine = new glue.WasmEngine();
    return {
      path: 'content-script',
      ingestCapture: async (url, body) => engine.ingestCapture(url, body, Date.now() / 1000),
      ingestObservations: async (observations) => engine.ingestObservations(observations),
      verdictsFor: async (keys) => engine.verdictsFor(keys),
      pageReport: async () => engine.pageReport(),
    };
  }

  /** The core in the background, reached by messages. */
  function remote() {
    const ask = (message) =>
      new Promise((resolve, reject) => {
        api.runtime.sendMessage(message, (answer) => {
          const error = api.runtime.lastError;
          if (error) return reject(new Error(error.message));
          if (!answer || !answer.ok) return reject(new Error((answer && answer.error) || 'no answer'));
          resolve(answer.result);
        });
      });
    return {
      path: 'background',
      ingestCapture: (url, body) => ask({ what: 'ingestCapture', url, body }),
      ingestObservations: (observations) => ask({ what: 'ingestObservations', observations }),
      verdictsFor: (keys) => ask({ what: 'verdictsFor', keys }),
      pageReport: () => ask({ what: 'pageReport' }),
      reset: () => ask({ what: 'reset' }),
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
