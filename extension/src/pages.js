// What the extension's own pages (popup, options, evidence card) share: building nodes from text, and asking the
// background. Page data is only ever set as text.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = {});

Trichome.pages = (() => {
  const api = globalThis.chrome || globalThis.browser;

  /** An element with attributes and children (nodes, or strings as text). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    for (const c of children) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  /** Asks the background; resolves with the answer's result. */
  function ask(message) {
    return new Promise((resolve, reject) =>
      api.runtime.sendMessage(message, (answer) => (answer && answer.ok ? resolve(answer.result) : reject(new Error((answer && answer.error) || 'no answer')))),
    );
  }

  return { el, ask };
})();
