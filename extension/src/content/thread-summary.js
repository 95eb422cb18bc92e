// The quiet line above a thread's replies, for the person checking who is replying to them: how many replies
// come from accounts in coordinated groups, and which groups. Absent when there is nothing to say.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = /** @type {TrichomeNamespace} */ ({}));

Trichome.threadSummary = (() => {
  const TAG = 'trichome-summary';
  const CSS = `
    :host { all: initial; display: block; font: 13px/1.4 system-ui, sans-serif; }
    .line { display: flex; gap: 8px; align-items: baseline; padding: 8px 16px; border-bottom: 1px solid rgba(128,128,128,.25); color: inherit; }
    button { all: unset; cursor: pointer; color: #1d9bf0; } button:focus-visible { outline: 2px solid #1d9bf0; }
    ul { margin: 0; padding: 4px 16px 8px 34px; } li { margin: 2px 0; overflow-wrap: anywhere; }
    .muted { opacity: .75; }
    :host([data-theme="light"]) { color: #536471; } :host([data-theme="dim"]), :host([data-theme="dark"]) { color: #8b98a5; }
  `;
  let sheet = null;
  const state = new WeakMap();

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    for (const c of children) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  /**
   * Shows or removes the line. `replies` are the reply posts' author keys in page order; `verdicts` maps keys to
   * verdicts; `clusters` are the page report's clusters (for their summaries and members).
   */
  function update(focal, replies, verdicts, clusters, theme, settings) {
    const t = Trichome.i18n.t;
    const container = focal && (focal.closest('[data-testid="cellInnerDiv"]') || focal);
    const existing = /** @type {HTMLElement | null} */ (document.querySelector(TAG));
    // Counted as the badges are shown: under the user's sensitivity (Trichome.settings.shows).
    const flagged = replies.filter((k) => {
      const v = verdicts.get(k);
      return v && Trichome.settings.shows(v, settings) && (v.clusters || []).length;
    });
    if (!container || !flagged.length) {
      if (existing) existing.remove();
      return null;
    }
    const groupIds = new Set(flagged.flatMap((k) => verdicts.get(k).clusters));
    const groups = clusters.filter((c) => groupIds.has(c.id));
    const kinds = new Set(groups.map((c) => c.kind));
    const what = kinds.size === 1 && kinds.has('duplicate_text') ? 'threadCopied' : 'threadConcert';
    const text = Trichome.i18n.count(what, groups.length, flagged.length, replies.length);
    let host = existing;
    if (!host) {
      host = document.createElement(TAG);
      const root = host.attachShadow({ mode: 'closed' });
      sheet = sheet || Trichome.badge.sheet(CSS);
      root.adoptedStyleSheets = [sheet];
      state.set(host, { root, open: false });
    }
    if (host.previousElementSibling !== container && container.parentNode) container.after(host);
    const s = state.get(host);
    host.dataset.theme = theme;
    host.setAttribute('role', 'note');
    host.setAttribute('aria-label', t('badgeLabel', text));
    const toggle = el('button', { type: 'button', 'aria-expanded': String(s.open) }, t(s.open ? 'hideGroups' : 'showGroups'));
    const line = el('div', { class: 'line' }, el('span', {}, '⚑ ' + text), toggle);
    const list = el('ul', { 'aria-label': t('groupsLabel') });
    for (const g of groups) {
      const handles = ((g.evidence && g.evidence.handles) || []).filter(Boolean).map((h) => '@' + h).join(', ');
      list.append(el('li', {}, Trichome.i18n.sentence(g.message, g.summary), el('div', { class: 'muted' }, handles)));
    }
    list.hidden = !s.open;
    toggle.addEventListener('click', (e) => {
      e.stopPropagation();
      s.open = !s.open;
      list.hidden = !s.open;
      toggle.setAttribute('aria-expanded', String(s.open));
      toggle.textContent = t(s.open ? 'hideGroups' : 'showGroups');
    });
    s.root.replaceChildren(line, list);
    host.dataset.trichomeFlaggedReplies = String(flagged.length);
    host.dataset.trichomeReplies = String(replies.length);
    host.dataset.trichomeGroups = String(groups.length);
    return host;
  }

  function remove() {
    for (const h of document.querySelectorAll(TAG)) h.remove();
  }

  return { update, remove, TAG };
})();
