// Where the Rust core runs for this tab: in this content script when the page lets it compile wasm, otherwise in
// the extension's own background context behind messages. Both clients have the same asynchronous API.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = /** @type {TrichomeNamespace} */ ({}));

Trichome.engineClient = (() => {
  const api = globalThis.chrome || globalThis.browser;

  // One port to the background for every message of this tab, opened when first needed and again after the
  // worker stops (which closes it): a channel per message costs the page's main thread more (docs/benchmarks.md).
  /** @type {chrome.runtime.Port | null} */
  let port = null;
  let nextId = 1;
  /** @type {Map<number, {resolve: (result: any) => void, reject: (e: Error) => void}>} */
  const waiting = new Map();
  /** Opens the port (kept in `port` until the background closes it). @returns {chrome.runtime.Port} */
  function openPort() {
    const opened = api.runtime.connect({ name: Trichome.messages.PORT_NAME });
    port = opened;
    opened.onMessage.addListener((answer) => {
      const w = answer && waiting.get(answer.id);
      if (!w) return;
      waiting.delete(answer.id);
      if (answer.ok) w.resolve(answer.result);
      else w.reject(new Error(answer.error || 'no answer'));
    });
    opened.onDisconnect.addListener(() => {
      port = null;
      for (const w of waiting.values()) w.reject(new Error('the background went away'));
      waiting.clear();
    });
    return opened;
  }

  /**
   * Asks the background over this tab's port; resolves with the answer's result.
   * @template {MessageName} W
   * @param {Extract<Message, {what: W}>} message
   * @returns {Promise<MessageResults[W]>}
   */
  function ask(message) {
    return new Promise((resolve, reject) => {
      const open = port || openPort();
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      open.postMessage({ id, message });
    });
  }

  /** Whether an error is the core trapping: that instance is never used again. @param {unknown} e */
  const isTrap = (e) => typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError;

  /**
   * The core in this content script. What it reads is also handed to the background's memory (so it is
   * remembered across visits), and what the memory knows of the accounts on this page is recalled first. A core that
   * traps is replaced by a fresh instance (trichomeCore, written by extension/tools/package.mjs), which recalls from
   * the memory again (issue #17, finding 2).
   * @returns {Promise<EngineClient>}
   */
  async function local() {
    if (typeof trichomeCore !== 'function') throw new Error('wasm glue not loaded');
    const startCore = async () => {
      const core = trichomeCore();
      await core({ module_or_path: api.runtime.getURL('trichome_core_bg.wasm') });
      return new core.WasmEngine();
    };
    // This document, as the core counts pages (Engine::ingest_from): one page alone cannot move a handle, and what
    // it alone shows of accounts together counts on it only (crate/src/pages.rs).
    const page = 'content ' + Math.random().toString(36).slice(2);
    /** @type {readonly number[]} the operators' zones looked for, given again to a fresh core */
    let zones = Trichome.settings.DEFAULTS.operatorZones;
    /** @type {PageEngine | null} null while a fresh core starts after a trap */
    let engine = await startCore();
    /** @type {Set<AccountKey>} */
    let recalled = new Set();
    let revision = 0; // what this engine took in: the badge book summarises again only after it changes
    // The books are asked only inside use(), where the core is running.
    const newBooks = () => Trichome.messages.badgeBooks((keys) => /** @type {PageEngine} */ (engine).badgesFor(keys, page), () => revision, 8);
    let books = newBooks();
    /** @type {Promise<void> | null} */
    let restarting = null;
    /**
     * Runs `fn` on the core; after a trap, starts a fresh one (its books empty: pages tell it their keys again).
     * @template R
     * @param {(engine: PageEngine) => R} fn
     * @returns {R}
     */
    const use = (fn) => {
      if (!engine) throw new Error('the core is restarting');
      try {
        return fn(engine);
      } catch (e) {
        if (isTrap(e) && !restarting) {
          console.warn('Trichome: the core stopped (', e.message, '); starting a fresh one');
          engine = null;
          restarting = startCore().then((fresh) => {
            fresh.setOperatorOffsets([...zones]);
            engine = fresh;
            recalled = new Set();
            books = newBooks();
            revision += 1;
            restarting = null;
          }, () => {
            restarting = null;
          });
        }
        throw e;
      }
    };
    /** @param {Observation[]} observations */
    const remember = (observations) => {
      for (let i = 0; i < observations.length; i += 1000) {
        ask({ what: 'ingestObservations', observations: observations.slice(i, i + 1000) }).catch(() => {});
      }
    };
    /** @param {AccountKey[]} keys */
    const recallNew = async (keys) => {
      const fresh = keys.filter((k) => !recalled.has(k));
      if (!fresh.length) return;
      fresh.forEach((k) => recalled.add(k));
      try {
        const histories = await ask({ what: 'recall', keys: fresh });
        use((e) => e.absorb(histories));
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
        return use((e) => e.ingestCapture(url, body, Date.now() / 1000, page));
      },
      async ingestObservations(observations) {
        // As a JSON string: JSON.stringify is native, and the core reads a string faster than it walks objects (bench/engine_wasm.mjs).
        revision += 1;
        const result = use((e) => e.ingestObservationsJson(JSON.stringify(observations), page));
        remember(observations);
        return result;
      },
      async verdictsFor(keys) {
        await recallNew(keys);
        return use((e) => e.verdictsFor(keys, page));
      },
      async openBook(book, keys) {
        await recallNew(keys);
        return use(() => books.open(book, keys));
      },
      async badgeChanges(book, add, drop) {
        await recallNew(add);
        return use(() => books.changes(book, add, drop));
      },
      pageReport: async (keys) => use((e) => e.pageReportFor(keys, page)),
      setOperatorZones(offsets) {
        if (offsets.length === zones.length && offsets.every((o, i) => o === zones[i])) return;
        zones = [...offsets];
        use((e) => e.setOperatorOffsets([...zones]));
        // Verdicts may move: the books summarise again.
        revision += 1;
      },
    };
  }

  /**
   * The core in the background's memory, reached by messages.
   * @returns {EngineClient}
   */
  function remote() {
    return {
      path: 'background',
      ingestCapture: (url, body) => ask({ what: 'ingestCapture', url, body }),
      ingestObservations: (observations) => ask({ what: 'ingestObservations', observations }),
      verdictsFor: (keys) => ask({ what: 'verdictsFor', keys }),
      openBook: (book, keys) => ask({ what: 'badgeChanges', book, add: keys, drop: [], fresh: true }),
      badgeChanges: (book, add, drop) => ask({ what: 'badgeChanges', book, add, drop, fresh: false }),
      pageReport: (keys) => ask({ what: 'pageReport', keys }),
      // The background's core takes the zones from the settings itself.
      setOperatorZones: () => {},
    };
  }

  /**
   * Chooses once per tab. Chromium applies the page's CSP to wasm compiled in a content script, and every refused
   * compile is reported to the site's report-uri; so where the site's policy is known to refuse it (X), do not
   * try at all. Firefox does not apply the page's policy to content scripts.
   * @param {SiteName} siteName
   * @returns {Promise<EngineClient>}
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
