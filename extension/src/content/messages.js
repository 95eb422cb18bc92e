// The one closed set of messages between Trichome's parts. Every listener switches on `what` and answers
// `{ok: false, error: 'unhandled'}` to anything else; every message from the page is validated here first.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = {});

Trichome.messages = (() => {
  const MAX_URL = 4096;
  const MAX_BODY = 12 * 1024 * 1024;
  const MAX_KEYS = 2000;
  const WHATS = ['ingestCapture', 'ingestObservations', 'verdictsFor', 'badgesFor', 'pageReport', 'recall', 'historyInfo', 'exportHistory', 'eraseHistory'];
  /** Messages that only the extension's own pages (popup, options) may send: they act on all stored history. */
  const FROM_EXTENSION_PAGES = ['historyInfo', 'exportHistory', 'eraseHistory'];
  const keysOk = (keys) => Array.isArray(keys) && keys.length <= MAX_KEYS && keys.every((k) => typeof k === 'string' && k.length < 300);

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
      case 'badgesFor':
      case 'recall':
        return keysOk(m.keys);
      case 'pageReport':
        return m.keys === undefined || keysOk(m.keys);
      default:
        return true;
    }
  }

  return { isCapture, isMessage, WHATS, FROM_EXTENSION_PAGES };
})();
