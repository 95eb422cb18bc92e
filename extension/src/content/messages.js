// The one closed set of messages between Trichome's parts. Every listener switches on `what` and answers
// `{ok: false, error: 'unhandled'}` to anything else; every message from the page is validated here first.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = {});

Trichome.messages = (() => {
  const MAX_URL = 4096;
  const MAX_BODY = 12 * 1024 * 1024;
  const MAX_KEYS = 2000;
  const MAX_BOOK_KEYS = 50000;
  const WHATS = ['ingestCapture', 'ingestObservations', 'verdictsFor', 'badgeChanges', 'pageReport', 'recall', 'historyInfo', 'exportHistory', 'eraseHistory'];
  /** Messages that only the extension's own pages (popup, options) may send: they act on all stored history. */
  const FROM_EXTENSION_PAGES = ['historyInfo', 'exportHistory', 'eraseHistory'];
  const keysOk = (keys, max = MAX_KEYS) => Array.isArray(keys) && keys.length <= max && keys.every((k) => typeof k === 'string' && k.length < 300);

  /** A capture forwarded from the page's world: the page can forge these, so check shape and size. */
  function isCapture(data) {
    return (
      data !== null &&
      typeof data === 'object' &&
      data.type === 'trichome:capture' &&
      typeof data.url === 'string' &&
      data.url.length > 0 &&
      data.url.length <= MAX_URL &&
      typeof data.body === 'string' &&
      data.body.length <= MAX_BODY
    );
  }

  /** A message between the extension's own contexts. */
  function isMessage(m) {
    if (m === null || typeof m !== 'object' || !WHATS.includes(m.what)) return false;
    switch (m.what) {
      case 'ingestCapture':
        return typeof m.url === 'string' && m.url.length <= MAX_URL && typeof m.body === 'string' && m.body.length <= MAX_BODY;
      case 'ingestObservations':
        return Array.isArray(m.observations) && m.observations.length <= 5000;
      case 'verdictsFor':
      case 'recall':
        return keysOk(m.keys);
      case 'badgeChanges':
        return typeof m.book === 'string' && m.book.length <= 100 && typeof m.fresh === 'boolean' && keysOk(m.add, MAX_BOOK_KEYS) && keysOk(m.drop, MAX_BOOK_KEYS);
      case 'pageReport':
        return m.keys === undefined || keysOk(m.keys);
      default:
        return true;
    }
  }

  /**
   * The answering side of 'badgeChanges'. A page keeps one *book*: the accounts it shows (it sends only the keys
   * it adds and drops) and the badge summary last given for each; every answer carries only the summaries that
   * changed, so what crosses to the page, and what the page compares and draws, is what changed, not the page's
   * size. `summarise(keys)` gives one summary (or null) per key; `revision()` changes whenever the engine takes
   * anything in, and while it stays the same only keys new to a book are summarised (an idle page costs nothing).
   * A book this side does not hold (the worker restarted, or it was pushed out by newer ones) answers `reset`,
   * and the page sends all its keys again.
   */
  function badgeBooks(summarise, revision, maxBooks = 64) {
    const books = new Map(); // book id -> {keys: Set, given: Map key -> JSON of the summary last given, revision}
    return function changes(id, add, drop, fresh) {
      let book = books.get(id);
      if (!book && !fresh) return { reset: true, changes: [] };
      if (!book || fresh) book = { keys: new Set(), given: new Map(), revision: null };
      books.delete(id);
      books.set(id, book); // the most recently asked last, the least recently first out
      while (books.size > maxBooks) books.delete(books.keys().next().value);
      for (const k of drop) {
        book.keys.delete(k);
        book.given.delete(k);
      }
      const now = revision();
      const fresher = add.filter((k) => !book.keys.has(k));
      for (const k of add) book.keys.add(k);
      const keys = book.revision === now ? fresher : [...book.keys];
      book.revision = now;
      const summaries = keys.length ? summarise(keys) : [];
      const changed = [];
      keys.forEach((k, i) => {
        const summary = summaries[i] || null;
        const digest = JSON.stringify(summary);
        if (book.given.get(k) === digest) return;
        book.given.set(k, digest);
        changed.push([k, summary]);
      });
      return { reset: false, changes: changed };
    };
  }

  /** The name of the port a content script keeps open to the background. */
  const PORT_NAME = 'trichome-engine';

  return { isCapture, isMessage, badgeBooks, WHATS, FROM_EXTENSION_PAGES, PORT_NAME };
})();
