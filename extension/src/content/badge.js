// The badge beside an account's name, and the evidence panel it opens. Everything is built from text nodes inside
// closed shadow roots: page text is never parsed as markup, and the site's CSS cannot reach in.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = /** @type {TrichomeNamespace} */ ({}));

Trichome.badge = (() => {
  const HOST_TAG = 'trichome-badge';
  const PANEL_TAG = 'trichome-panel';
  const roots = new WeakMap(); // host -> { button, verdict }
  const t = Trichome.i18n.t;
  const levelWords = Trichome.i18n.levelWords;

  const BADGE_CSS = `
    :host { all: initial; display: inline-flex; vertical-align: middle; margin-inline-start: 4px; cursor: pointer; border-radius: 8px; }
    :host(:focus-visible) { outline: 2px solid #1d9bf0; outline-offset: 2px; }
    b.name { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    span { all: unset; display: inline-flex; align-items: center; gap: 3px; font: 600 11px/16px system-ui, sans-serif;
      padding: 0 6px; border-radius: 8px; border: 1px solid currentColor; white-space: nowrap; }
    span.watch { color: #8a5a00; background: #fff4d6; }
    span.likely { color: #a1121b; background: #ffe3e3; }
    span[hidden] { display: none; }
    span.pack { color: #3b3b98; background: #e8e8ff; } span + span { margin-inline-start: 3px; }
    @media (prefers-color-scheme: dark) { span.pack { color: #c7c7ff; background: #23234a; } }
    :host([data-theme="dark"]) span.pack, :host([data-theme="dim"]) span.pack { color: #c7c7ff; background: #23234a; }
    :host([data-theme="light"]) span.pack { color: #3b3b98; background: #e8e8ff; }
    @media (prefers-color-scheme: dark) { span.watch { color: #ffd27a; background: #3a2a00; } span.likely { color: #ffb3b8; background: #4a0b10; } }
    :host([data-theme="dark"]) span.watch, :host([data-theme="dim"]) span.watch { color: #ffd27a; background: #3a2a00; }
    :host([data-theme="dark"]) span.likely, :host([data-theme="dim"]) span.likely { color: #ffb3b8; background: #4a0b10; }
    :host([data-theme="light"]) span.watch { color: #8a5a00; background: #fff4d6; }
    :host([data-theme="light"]) span.likely { color: #a1121b; background: #ffe3e3; }
  `;

  let badgeSheet = null;
  function sheet(css) {
    const s = new CSSStyleSheet();
    s.replaceSync(css);
    return s;
  }

  /** The site's theme, from its background colour: X has light, dim and dark. */
  function pageTheme() {
    const bg = getComputedStyle(document.body || document.documentElement).backgroundColor;
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(bg || '');
    if (!m) return 'light';
    const [r, g, b] = m.slice(1).map(Number);
    const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    if (lum > 128) return 'light';
    return r === 0 && g === 0 && b === 0 ? 'dark' : 'dim';
  }

  /**
   * The accessible label: the level in words and the core's one-line reason (when the level is shown), and the
   * indicator packs that name the account (`packs`: their names).
   */
  function labelOf(badge, shown = true, packs = []) {
    const reason = Trichome.i18n.sentence(badge.reason_message, typeof badge.reason === 'string' ? badge.reason : '');
    const parts = [];
    if (shown) parts.push(reason ? t('badgeLabelReason', levelWords(badge.level), reason) : t('badgeLabel', levelWords(badge.level)));
    for (const name of packs) parts.push(parts.length ? t('badgePackLabel', name) : t('badgeLabel', t('badgePackLabel', name)));
    return parts.join(' · ');
  }

  /**
   * Puts, updates or removes the badge in `container` for a badge summary (null: no verdict yet). `display` holds
   * the user's settings (what levels are shown, Trichome.settings.shows) and the names of the indicator packs that
   * name this account: a pack's mark is its own part of the badge, never merged into the level.
   */
  function apply(container, key, verdict, theme, onOpen, display = {}) {
    let host = null;
    // Only a badge this script made: the page can put its own <trichome-badge> anywhere (issue #17, finding 8).
    for (const child of container.children) if (roots.has(child)) host = child;
    const levelShown = Boolean(verdict) && Trichome.settings.shows(verdict, display.settings);
    const packs = Array.isArray(display.packs) ? display.packs : [];
    if (!levelShown && !packs.length) {
      if (host) host.remove();
      return null;
    }
    if (!host) {
      host = document.createElement(HOST_TAG);
      // The host itself is the button (so keyboards reach it without entering the closed shadow root); its name and
      // tooltip, which carry the reason, live inside the shadow root, where the page cannot read them (issue #17,
      // finding 7): assistive technology reads the name from the shadow content.
      host.setAttribute('role', 'button');
      host.setAttribute('tabindex', '0');
      host.setAttribute('aria-haspopup', 'dialog');
      const root = host.attachShadow({ mode: 'closed' });
      badgeSheet = badgeSheet || sheet(BADGE_CSS);
      root.adoptedStyleSheets = [badgeSheet];
      const button = document.createElement('span');
      button.setAttribute('aria-hidden', 'true');
      const pack = document.createElement('span');
      pack.setAttribute('aria-hidden', 'true');
      pack.className = 'pack';
      const name = document.createElement('b');
      name.className = 'name';
      root.append(button, pack, name);
      const state = { button, pack, name, verdict, key };
      roots.set(host, state);
      const activate = (event) => {
        // Only the user opens the panel: a click or key the page's scripts made is not theirs.
        if (!event.isTrusted) return;
        event.preventDefault();
        event.stopPropagation(); // the post around the badge is itself a link
        onOpen(state.key, host);
      };
      host.addEventListener('click', activate);
      host.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') activate(event);
      });
      container.append(host);
    }
    const state = roots.get(host);
    const label = labelOf(verdict || {}, levelShown, packs);
    if (state.label === label && host.dataset.trichomeAccount === key && host.dataset.theme === theme) return host;
    state.verdict = verdict;
    state.key = key;
    state.label = label;
    host.dataset.trichomeAccount = key;
    // The level as the user sees it; a badge shown only for a pack says 'pack' (the pack's name stays inside).
    host.dataset.trichomeLevel = levelShown ? verdict.level : 'pack';
    host.dataset.theme = theme;
    state.name.textContent = label;
    state.button.title = label;
    state.button.className = levelShown ? verdict.level : '';
    state.button.hidden = !levelShown;
    state.button.textContent = !levelShown ? '' : verdict.level === 'likely' ? t('badgeLikely') : t('badgeWatch');
    state.pack.hidden = !packs.length;
    state.pack.textContent = packs.length ? t('badgePack', packs.join(', ')) : '';
    return host;
  }

  /** Removes every badge under `root` (navigation). */
  function removeAll(root) {
    for (const host of root.querySelectorAll(HOST_TAG)) if (roots.has(host)) host.remove();
  }

  return { apply, removeAll, pageTheme, labelOf, levelWords, HOST_TAG, PANEL_TAG, sheet };
})();
