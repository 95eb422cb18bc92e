// The evidence panel: the level, each signal in plain words with its evidence, the confidence, and what is not
// known. One panel per page, in a closed shadow root, positioned over the page so the layout never shifts.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = /** @type {TrichomeNamespace} */ ({}));

Trichome.panel = (() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const t = Trichome.i18n.t;
  const DAYS = ['dayMon', 'dayTue', 'dayWed', 'dayThu', 'dayFri', 'daySat', 'daySun'];
  const KIND_TITLES = { duplicate: 'kindDuplicate', timing: 'kindTiming', drift: 'kindDrift', identity: 'kindIdentity' };
  /** A signal kind's title in the browser's language. */
  const kindTitle = (kind) => (KIND_TITLES[kind] ? t(KIND_TITLES[kind]) : String(kind));
  const CSS = `
    :host { all: initial; position: fixed; z-index: 2147483000; inset: auto; font: 14px/1.4 system-ui, sans-serif; }
    .panel:focus { outline: none; }
    .panel { box-sizing: border-box; width: min(420px, calc(100vw - 16px)); max-height: min(70vh, 640px); overflow: auto; border-radius: 12px;
      padding: 12px 14px; background: #fff; color: #0f1419; border: 1px solid #cfd9de; box-shadow: 0 8px 28px rgba(0,0,0,.25); }
    :host([data-theme="dim"]) .panel { background: #15202b; color: #f7f9f9; border-color: #38444d; }
    :host([data-theme="dark"]) .panel { background: #000; color: #e7e9ea; border-color: #2f3336; }
    h2 { font-size: 15px; margin: 0 0 4px; } h3 { font-size: 13px; margin: 12px 0 4px; }
    .level-likely { color: #c4121f; } .level-watch { color: #9a6400; }
    :host([data-theme="dim"]) .level-watch, :host([data-theme="dark"]) .level-watch { color: #ffd27a; }
    :host([data-theme="dim"]) .level-likely, :host([data-theme="dark"]) .level-likely { color: #ff9aa2; }
    .muted { opacity: .75; font-size: 12px; } ul { margin: 4px 0; padding-inline-start: 18px; } li { margin: 2px 0; }
    blockquote { margin: 4px 0; padding: 4px 8px; border-inline-start: 3px solid #8899a6; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 8em; overflow: auto; }
    a { color: #1d9bf0; } button.close { all: unset; cursor: pointer; float: right; font-size: 18px; line-height: 18px; padding: 2px 6px; border-radius: 6px; }
    button.close:focus-visible, a:focus-visible { outline: 2px solid #1d9bf0; }
    .bar { display: inline-block; height: 6px; border-radius: 3px; background: currentColor; vertical-align: middle; }
    svg text { font: 9px system-ui, sans-serif; fill: currentColor; }
    .note { margin-top: 10px; font-size: 12px; opacity: .8; }
    .strip { display: flex; flex-wrap: wrap; gap: 2px; margin: 4px 0; } .strip .month { font: 10px/14px system-ui, sans-serif; padding: 0 3px; border-radius: 3px; background: rgba(29,155,240,.18); }
    .strip .change { font: 600 10px/14px system-ui, sans-serif; color: #e0245e; padding: 0 3px; }
    .pack { padding: 4px 8px; border-radius: 6px; background: rgba(80,80,200,.12); }
    button.card { font: inherit; font-size: 12px; margin-top: 8px; cursor: pointer; }
  `;
  let host = null;
  let root = null;
  let returnFocus = null;
  let listening = false; // the page-wide listener that closes the panel is added once
  let profileUrl = (handle) => 'https://x.com/' + encodeURIComponent(handle);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  function words(confidence) {
    return t(confidence >= 0.75 ? 'confidenceHigh' : confidence >= 0.4 ? 'confidenceMedium' : 'confidenceLow');
  }

  function when(seconds) {
    if (typeof seconds !== 'number') return t('timeUnknown');
    return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  }

  function handleLink(handle) {
    if (typeof handle !== 'string' || !/^[A-Za-z0-9_.-]{1,40}$/.test(handle)) return document.createTextNode(String(handle || t('unknownAccount')));
    return el('a', { href: profileUrl(handle), target: '_blank', rel: 'noopener noreferrer' }, '@' + handle);
  }

  // The core keeps the start of each text, this many characters: mark where it was cut. The same number as the
  // core's crate::signals::duplicate::PREVIEW_CHARS (crate/src/signals/duplicate.rs); JavaScript's one copy of it.
  const PREVIEW_CHARS = 100;
  function preview(text) {
    const t = String(text || '');
    return [...t].length >= PREVIEW_CHARS ? t + '…' : t;
  }

  // What a copy cluster may weigh, in words (the core's counts_as, docs/verdicts.md).
  const COUNTS_AS = { repeated_partners: 'countsRepeatedPartners', tight_burst: 'countsTightBurst', single_text: 'countsSingleText', common: 'countsCommon' };

  /** A message whose one argument is a node (a link): the translated sentence split around it. */
  function withNode(id, node, ...args) {
    const MARK = '\u2063'; // invisible separator: never in a translation
    const [before, after] = t(id, ...args.map((a) => (a === null ? MARK : a))).split(MARK);
    return [before, node, after === undefined ? '' : after];
  }

  function expectedWords(x) {
    const n = Number(x) || 0;
    return n < 0.05 ? '0' : n < 10 ? n.toFixed(1) : n.toFixed(0);
  }

  function duplicateEvidence(evidence) {
    const out = [];
    const partners = (evidence && evidence.repeated_partners) || [];
    if (partners.length > 0) {
      out.push(el('ul', { 'aria-label': t('partnersLabel') }, ...partners.map((p) => el('li', {},
        ...withNode('partnerLine', handleLink(p.handle || String(p.account || '').replace(/^[a-z]+:@?/, '')), String(p.texts_shared), null, expectedWords(p.expected_by_chance))))));
    }
    for (const cluster of (evidence && evidence.clusters) || []) {
      out.push(el('blockquote', {}, preview(cluster.text)));
      if (COUNTS_AS[cluster.counts_as]) out.push(el('div', { class: 'muted' }, t(COUNTS_AS[cluster.counts_as])));
      const list = el('ul', { 'aria-label': t('postersLabel') });
      for (const p of (cluster.posts || []).slice(0, 30)) {
        const item = el('li', {}, handleLink(p.handle || String(p.account || '').replace(/^[a-z]+:@?/, '')), ' · ', when(p.at));
        if (p.text && p.text !== cluster.text) item.append(el('div', { class: 'muted' }, preview(p.text)));
        list.append(item);
      }
      out.push(list);
    }
    return out;
  }

  function offsetLabel(minutes) {
    if (typeof minutes !== 'number') return t('offsetUnknown');
    const sign = minutes < 0 ? '−' : '+';
    const a = Math.abs(minutes);
    return `UTC${sign}${Math.floor(a / 60)}${a % 60 ? ':' + String(a % 60).padStart(2, '0') : ''}`;
  }

  /** The UTC grid (rows Monday..Sunday) seen from another offset, shifted by whole hours. */
  function shiftGrid(gridUtc, offsetMinutes) {
    const shift = Math.round((offsetMinutes || 0) / 60);
    const out = Array.from({ length: 7 }, () => new Array(24).fill(0));
    gridUtc.forEach((row, d) => (Array.isArray(row) ? row : []).slice(0, 24).forEach((v, h) => {
      const t = (d * 24 + h + shift + 7 * 24) % (7 * 24);
      out[Math.floor(t / 24)][t % 24] += Number(v) || 0;
    }));
    return out;
  }

  /** A 7×24 heat map of posting hours, drawn as SVG; `band` marks an office shift (09–18) when asked. */
  function heatMap(grid, caption, band) {
    if (!Array.isArray(grid) || grid.length !== 7) return null;
    const max = Math.max(1, ...grid.flat().filter(Number.isFinite));
    const cell = 13;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${30 + 24 * cell} ${14 + 7 * cell}`);
    svg.setAttribute('width', String('100%'));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', caption);
    if (band) {
      const r = document.createElementNS(SVG, 'rect');
      r.setAttribute('x', String(30 + 9 * cell - 1));
      r.setAttribute('y', '13');
      r.setAttribute('width', String(9 * cell + 1));
      r.setAttribute('height', String(5 * cell + 1));
      r.setAttribute('fill', 'none');
      r.setAttribute('stroke', '#e0245e');
      r.setAttribute('stroke-dasharray', '3 2');
      svg.append(r);
    }
    for (let h = 0; h < 24; h += 6) {
      const t = document.createElementNS(SVG, 'text');
      t.setAttribute('x', String(30 + h * cell));
      t.setAttribute('y', '10');
      t.textContent = String(h).padStart(2, '0');
      svg.append(t);
    }
    grid.forEach((row, d) => {
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', String(14 + d * cell + 10));
      label.textContent = t(DAYS[d]);
      svg.append(label);
      (Array.isArray(row) ? row : []).slice(0, 24).forEach((v, h) => {
        const r = document.createElementNS(SVG, 'rect');
        r.setAttribute('x', String(30 + h * cell));
        r.setAttribute('y', String(14 + d * cell));
        r.setAttribute('width', String(cell - 1));
        r.setAttribute('height', String(cell - 1));
        r.setAttribute('rx', '2');
        const a = Number.isFinite(v) && v > 0 ? 0.15 + 0.85 * (v / max) : 0.06;
        r.setAttribute('fill', `rgba(29,155,240,${a.toFixed(2)})`);
        svg.append(r);
      });
    });
    return svg;
  }

  function timingEvidence(e) {
    const precision = e && typeof e.precision_words === 'string' ? [el('div', { class: 'muted', 'data-part': 'precision' }, Trichome.i18n.sentence(e.precision_message, e.precision_words))] : [];
    if (!e || !Array.isArray(e.grid_utc)) return precision;
    const offset = typeof e.offset_minutes === 'number' ? e.offset_minutes : 0;
    const caption = typeof e.offset_minutes === 'number' ? t('heatCaptionZone', offsetLabel(offset)) : t('heatCaptionUtc');
    const out = [el('div', { class: 'muted' }, caption), heatMap(shiftGrid(e.grid_utc, offset), caption, e.shape === 'office_shift')];
    const facts = [];
    if (Array.isArray(e.offset_range_minutes)) facts.push(t('zoneRange', offsetLabel(e.offset_range_minutes[0]), offsetLabel(e.offset_range_minutes[1])));
    const p = e.persona;
    if (p && typeof p.min_minutes === 'number') {
      const zone = p.min_minutes === p.max_minutes ? offsetLabel(p.min_minutes) : t('zoneSpan', offsetLabel(p.min_minutes), offsetLabel(p.max_minutes));
      const source = { location: 'sourceLocation', based_in: 'sourceBasedIn', language: 'sourceLanguage' }[p.source] || 'sourceProfile';
      facts.push(t('personaZone', zone, t(source), String(p.matched || '')));
    } else {
      facts.push(t('personaNone'));
    }
    if (e.shape === 'office_shift') facts.push(t('shapeOffice'));
    else if (e.shape === 'human_day') facts.push(t('shapeHuman'));
    if (typeof e.weekday_weekend_ratio === 'number') facts.push(t('weekdayRatio', e.weekday_weekend_ratio.toFixed(1)));
    if (e.holidays && e.holidays.weekday_holidays > 0) facts.push(t('holidayPosts', e.holidays.holiday_posts, e.holidays.weekday_holidays, e.holidays.nearby_workday_posts, e.holidays.nearby_workdays));
    out.push(el('ul', {}, ...facts.map((f) => el('li', {}, f))));
    return [...out, ...precision];
  }

  function identityEvidence(e) {
    const signs = e && Array.isArray(e.signs) ? e.signs : [];
    return signs.length ? [el('ul', {}, ...signs.slice(0, 12).map((x) => el('li', {}, Trichome.i18n.sentence(x.message, String(x.detail || x.sign || '')))))] : [];
  }

  /** The before/after strip: one cell per month with its main language; the change point marked. */
  function driftEvidence(e, signal) {
    if (!e) return [];
    // Below this weight the account did not drift: show its languages over time, but no change point.
    const drifted = signal && signal.strength * signal.confidence >= 0.2;
    const out = [];
    const strip = Array.isArray(e.strip) ? e.strip.slice(-24) : [];
    if (strip.length) {
      const changeMonth = drifted && typeof e.change_at === 'number' ? new Date(e.change_at * 1000).toISOString().slice(0, 7) : null;
      const row = el('div', { class: 'strip', role: 'list', 'aria-label': t('stripLabel') });
      for (const m of strip) {
        const month = String(m.month || '');
        if (changeMonth && month === changeMonth) row.append(el('span', { class: 'change', role: 'listitem' }, t('stripChange')));
        row.append(el('span', { class: 'month', role: 'listitem', title: t('stripMonth', month, Number(m.posts) || 0) }, `${month.slice(2)} ${String(m.lang || '?')}`));
      }
      out.push(row);
    }
    if (!drifted) return out;
    const aspects = Array.isArray(e.aspects) ? e.aspects.filter((a) => a.strength >= 0.2) : [];
    if (aspects.length) {
      const aspectWords = (a) => (/^[a-z_]{1,20}$/.test(String(a)) ? t('aspect_' + a) : String(a));
      out.push(el('ul', { 'aria-label': t('whatChanged') }, ...aspects.map((a) => el('li', {}, t('aspectChanged', aspectWords(a.aspect), Math.round(100 * a.strength))))));
    }
    if (e.dormancy && e.dormancy.gap_days >= 30) out.push(el('p', {}, t('silentDays', Math.round(e.dormancy.gap_days))));
    const names = Array.isArray(e.names_seen) ? e.names_seen : [];
    if (names.length > 1) out.push(el('p', {}, t('namesSeen', names.map((n) => String(n.value)).join(' → '))));
    return out;
  }

  const RENDERERS = { duplicate: duplicateEvidence, timing: timingEvidence, drift: driftEvidence, identity: identityEvidence };

  function ensureHost() {
    if (host && host.isConnected) return;
    host = document.createElement(Trichome.badge.PANEL_TAG);
    root = host.attachShadow({ mode: 'closed' });
    root.adoptedStyleSheets = [Trichome.badge.sheet(CSS)];
    document.documentElement.append(host);
    root.addEventListener('keydown', (e) => {
      if (/** @type {KeyboardEvent} */ (e).key === 'Escape') close();
    });
    if (!listening) {
      // Once per page, not once per opening (issue #17, finding 8).
      listening = true;
      document.addEventListener('mousedown', (e) => {
        if (host && host.isConnected && !e.composedPath().includes(host)) close();
      }, { capture: true });
    }
  }

  function close() {
    if (host) host.remove();
    host = null;
    if (returnFocus && returnFocus.isConnected) returnFocus.focus();
    returnFocus = null;
  }

  /**
   * Opens the panel for `verdict` beside `anchor` (the badge's button). `options`: `profileUrl`, `settings` (the
   * signals switched off are left out), `packs` (the indicator packs that name the account: `{name, source,
   * date}`), `onCard` (opens the evidence card; only a trusted click calls it).
   */
  function open(verdict, anchor, options = {}) {
    if (options.profileUrl) profileUrl = options.profileUrl;
    ensureHost();
    host.dataset.theme = Trichome.badge.pageTheme();
    returnFocus = anchor;
    const titleId = 'trichome-panel-title';
    const panel = el('section', { class: 'panel', role: 'dialog', 'aria-labelledby': titleId, tabindex: '-1' });
    const name = verdict.account && (verdict.account.handle ? '@' + verdict.account.handle : verdict.account.id);
    panel.append(
      el('button', { class: 'close', type: 'button', 'aria-label': t('close') }, '×'),
      el('h2', { id: titleId }, el('span', { class: 'level-' + verdict.level }, Trichome.badge.levelWords(verdict.level)), ' · ', String(name || '')),
      el('div', { class: 'muted' }, Trichome.i18n.count('panelScore', Number(verdict.posts_seen) || 0, Number(verdict.score) || 0)),
    );
    // Indicator packs first, and apart: what a source named, not what Trichome measured.
    const packs = Array.isArray(options.packs) ? options.packs : [];
    if (packs.length) {
      panel.append(el('h3', {}, t('kindPack')), ...packs.map((p) => el('p', { class: 'pack' }, t('packMark', String(p.name), String(p.source || ''), String(p.date || '')))));
    }
    const all = verdict.signals || [];
    const shown = Trichome.settings.shownSignals(verdict, options.settings);
    const signals = shown.slice().sort((a, b) => b.strength * b.confidence - a.strength * a.confidence);
    for (const s of signals) {
      const renderer = RENDERERS[s.kind] || (() => []);
      panel.append(
        el('h3', {}, kindTitle(s.kind)),
        el('p', {}, Trichome.i18n.sentence(s.message, s.summary)),
        el('div', { class: 'muted' }, t('signalStrength', Math.round(100 * s.strength), words(s.confidence))),
        ...renderer(s.evidence, s),
      );
    }
    if (shown.length < all.length) panel.append(el('p', { class: 'muted' }, Trichome.i18n.count('signalsHidden', all.length - shown.length)));
    if ((verdict.unknowns || []).length) {
      panel.append(el('h3', {}, t('notKnown')), el('ul', {}, ...verdict.unknowns.map((u, i) => el('li', {}, Trichome.i18n.sentence((verdict.unknown_messages || [])[i], u)))));
    }
    panel.append(el('p', { class: 'note' }, t('panelNote')));
    if (typeof options.onCard === 'function') {
      const card = el('button', { class: 'card', type: 'button' }, t('panelCard'));
      card.addEventListener('click', (event) => {
        if (event.isTrusted) options.onCard();
      });
      panel.append(card);
    }
    root.replaceChildren(panel);
    root.querySelector('button.close').addEventListener('click', close);
    const r = anchor.getBoundingClientRect();
    const width = Math.min(420, window.innerWidth - 16);
    host.style.left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8)) + 'px';
    const below = r.bottom + 6;
    host.style.top = (below + 300 < window.innerHeight ? below : Math.max(8, r.top - 6 - Math.min(window.innerHeight * 0.7, 640))) + 'px';
    panel.focus();
  }

  return { open, close, heatMap, shiftGrid, offsetLabel, kindTitle };
})();
