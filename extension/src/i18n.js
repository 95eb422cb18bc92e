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

  return { t, count, levelWords, language, fill };
})();
