// What the extension's own pages (popup, options, evidence card) share: building nodes from text, and asking the
// background. Page data is only ever set as text.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = /** @type {TrichomeNamespace} */ ({}));

Trichome.pages = (() => {
  const api = globalThis.chrome || globalThis.browser;

  /**
   * An element with attributes and children (nodes, or strings as text).
   * @param {string} tag
   * @param {Record<string, unknown> | null} [attrs]
   * @param {...(Node | string | number)} children
   * @returns {HTMLElement}
   */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    for (const c of children) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  /**
   * The element of this page with id `id`, of the kind `type` names when given: the page's own markup, so one
   * missing or of another kind is a bug, and is named.
   * @template {HTMLElement} E
   * @param {string} id
   * @param {new () => E} [type]
   * @returns {E}
   */
  function byId(id, type) {
    const found = document.getElementById(id);
    if (!found || (type && !(found instanceof type))) throw new Error(`this page has no #${id}${type ? ' ' + type.name : ''}`);
    return /** @type {E} */ (found);
  }

  /**
   * Asks the background one message of the closed set; resolves with the answer's result.
   * @template {MessageName} W
   * @param {Extract<Message, {what: W}>} message
   * @returns {Promise<MessageResults[W]>}
   */
  function ask(message) {
    return new Promise((resolve, reject) =>
      api.runtime.sendMessage(message, (answer) => (answer && answer.ok ? resolve(answer.result) : reject(new Error((answer && answer.error) || 'no answer')))),
    );
  }

  /** Fills `#history-size` and `#history-notes` with how much history is stored and what happened to it (popup, options). */
  function showHistory() {
    const { t, count } = Trichome.i18n;
    ask({ what: 'historyInfo' }).then(
      (info) => {
        byId('history-size').textContent = count('historySize', info.accounts, Math.round(info.storedBytes / 1024), Math.round(info.budgetBytes / 1024));
        const notes = [];
        if (info.trimmed) notes.push(t('historyTrimmed'));
        if (info.skipped) notes.push(count('historySkipped', info.skipped));
        byId('history-notes').textContent = notes.join(' ');
      },
      () => (byId('history-size').textContent = t('historyUnavailable')),
    );
  }

  return { el, byId, ask, showHistory };
})();
