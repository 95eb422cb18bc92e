// The user interface's words: every string a person reads goes through the WebExtension i18n system
// (`_locales/<lang>/messages.json`: English, Simplified and Traditional Chinese), by message id and arguments.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = /** @type {TrichomeNamespace} */ ({}));

Trichome.i18n = (() => {
  const api = globalThis.chrome || globalThis.browser;

  /** The message `id` with its `$1`…`$9` filled from `args`; the id itself when no locale has it (a bug, made visible). */
  function t(id, ...args) {
    let text = '';
    try {
      text = api.i18n.getMessage(id, args.map((a) => String(a)));
    } catch (_) {
      // No i18n here (a unit test without a browser).
    }
    return text || id;
  }

  /** `id` for one, `id + 'Many'` for any other count (Chinese uses the same words for both). */
  const count = (id, n, ...args) => t(n === 1 ? id : id + 'Many', n, ...args);

  /**
   * A message of the core (`sig_…` phrases with their arguments: docs/verdicts.md, "A message") in the reader's
   * language, or null when an id is missing here (a core newer than these locales) or the shape is not a message.
   * A string argument is data, shown as it is; an array argument is a nested message.
   */
  function phrases(message, depth = 0) {
    if (!Array.isArray(message) || depth > 8) return null;
    let out = '';
    for (const phrase of message) {
      if (!phrase || typeof phrase.id !== 'string' || !phrase.id.startsWith('sig_')) return null;
      const args = [];
      for (const a of Array.isArray(phrase.args) ? phrase.args : []) {
        const arg = typeof a === 'string' ? a : phrases(a, depth + 1);
        if (arg === null) return null;
        args.push(arg);
      }
      let text = '';
      try {
        text = api.i18n.getMessage(phrase.id, args);
      } catch (_) {
        // No i18n here (a unit test without a browser).
      }
      if (!text) return null;
      out += text;
    }
    return out;
  }

  /** One of the core's sentences: its `message` in the reader's language, else its English `summary` (an old stored verdict). */
  function sentence(message, summary) {
    const words = Array.isArray(message) && message.length ? phrases(message) : null;
    return words === null ? String(summary || '') : words;
  }

  const LEVEL_IDS = { watch: 'levelWatch', likely: 'levelLikely', none: 'levelNone', insufficient: 'levelInsufficient' };
  /** A verdict's level in words. */
  const levelWords = (level) => (LEVEL_IDS[level] ? t(LEVEL_IDS[level]) : String(level));

  /** The browser's UI language ('en', 'zh-CN', …): what dates and numbers follow. */
  function language() {
    try {
      return api.i18n.getUILanguage();
    } catch (_) {
      return 'en';
    }
  }

  /**
   * Fills the words of an extension page: every element with `data-i18n` gets that message as its text,
   * `data-i18n-title` and `data-i18n-aria-label` as those attributes. The page's `lang` follows the browser.
   */
  function fill(root) {
    for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const node of root.querySelectorAll('[data-i18n-title]')) node.title = t(node.dataset.i18nTitle);
    for (const node of root.querySelectorAll('[data-i18n-aria-label]')) node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
    // The language the messages are in (what the locale files resolved to), which is what the page then speaks.
    if (root.documentElement) root.documentElement.lang = t('htmlLang');
  }

  return { t, count, sentence, levelWords, language, fill };
})();
