// The badge beside an account's name, and the evidence panel it opens. Everything is built from text nodes inside
// closed shadow roots: page text is never parsed as markup, and the site's CSS cannot reach in.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = {});

Trichome.badge = (() => {
  const HOST_TAG = 'trichome-badge';
  const PANEL_TAG = 'trichome-panel';
  const SHOWN_LEVELS = new Set(['watch', 'likely']);
  const roots = new WeakMap(); // host -> { button, verdict }
  const LABELS = { watch: 'Worth a second look', likely: 'Likely coordinated', none: 'Nothing found', insufficient: 'Insufficient data' };

  const BADGE_CSS = `
    :host { all: initial; display: inline-flex; vertical-align: middle; margin-inline-start: 4px; cursor: pointer; border-radius: 8px; }
    :host(:focus-visible) { outline: 2px solid #1d9bf0; outline-offset: 2px; }
    b.name { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    span { all: unset; display: inline-flex; align-items: center; gap: 3px; font: 600 11px/16px system-ui, sans-serif;
      padding: 0 6px; border-radius: 8px; border: 1px solid currentColor; white-space: nowrap; }
    span.watch { color: #8a5a00; background: #fff4d6; }
    span.likely { color: #a1121b; background: #ffe3e3; }
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

  /** The accessible label: the level in words and the core's one-line reason. */
  function labelOf(badge) {
    const reason = typeof badge.reason === 'string' ? badge.reason : '';
    return `Trichome: ${LABELS[badge.level] || badge.level}${reason ? '. ' + reason : ''}`;
  }

  /** Puts, updates or removes the badge in `container` for a badge summary (null: no verdict yet). */
  function apply(container, key, verdict, theme, onOpen) {
    let host = null;
    // Only a badge this script made: the page can put its own <trichome-badge> anywhere (issue #17, finding 8).
    for (const child of container.children) if (roots.has(child)) host = child;
    const show = verdict && SHOWN_LEVELS.has(verdict.level);
    if (!show) {
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
      const name = document.createElement('b');
      name.className = 'name';
      root.append(button, name);
      const state = { button, name, verdict, key };
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
    const label = labelOf(verdict);
    if (state.label === label && host.dataset.trichomeAccount === key && host.dataset.theme === theme) return host;
    state.verdict = verdict;
    state.key = key;
    state.label = label;
    host.dataset.trichomeAccount = key;
    host.dataset.trichomeLevel = verdict.level;
    host.dataset.theme = theme;
    state.name.textContent = label;
    state.button.title = label;
    state.button.className = verdict.level;
    state.button.textContent = verdict.level === 'likely' ? '⚠ likely coordinated' : '⚑ watch';
    return host;
  }

  /** Removes every badge under `root` (navigation). */
  function removeAll(root) {
    for (const host of root.querySelectorAll(HOST_TAG)) if (roots.has(host)) host.remove();
  }

  return { apply, removeAll, pageTheme, labelOf, HOST_TAG, PANEL_TAG, LABELS, sheet };
})();
