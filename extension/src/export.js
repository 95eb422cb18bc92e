// Evidence to take away, made in the extension's own pages (popup, evidence card), never in the page: the page's
// flagged accounts as CSV, one account's evidence card as JSON (the PNG is drawn by evidence/evidence.js from
// the same card). Every export says what Trichome is and that a badge is a reason to look, not a finding.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = /** @type {TrichomeNamespace} */ ({}));

Trichome.exporter = (() => {
  const api = globalThis.chrome || globalThis.browser;
  const CARD_SCHEMA = 'trichome.evidence-card/1';
  /** The CSV's columns, in order (docs/options.md). */
  const COLUMNS = ['account', 'site', 'handle', 'level', 'score', 'shown', 'duplicate', 'timing', 'drift', 'identity', 'packs', 'clusters', 'first_seen', 'last_seen', 'about'];

  /** @type {PagesModule['ask']} */
  const ask = (message) => Trichome.pages.ask(message);

  const iso = (seconds) => (typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000).toISOString().replace('.000Z', 'Z') : '');

  /** When Trichome first and last observed each asked account (`key` -> {first, last}), from the memory's recall. */
  function seenTimes(recalled, keys) {
    const out = new Map();
    let histories = [];
    try {
      histories = JSON.parse(recalled);
    } catch (_) {
      // Nothing recalled.
    }
    for (const h of Array.isArray(histories) ? histories : []) {
      if (!h || !h.account) continue;
      const site = String(h.site);
      const names = [`${site}:${h.account.id}`, h.account.handle ? `${site}:@${String(h.account.handle).toLowerCase()}` : null];
      for (const k of keys) if (names.includes(k)) out.set(k, { first: iso(h.first_observed), last: iso(h.last_observed) });
    }
    return out;
  }

  /**
   * What the exports need of `keys`: each verdict, the packs naming it, when it was seen, and the settings.
   * `[{key, verdict, packs, seen}]` in the order of `keys`, plus `settings`. Verdicts are as the tab `tab` shows them
   * (a finding one page alone delivered counts only there: crate/src/pages.rs); without a tab, as no page sees them.
   */
  async function gather(keys, tab) {
    const [verdicts, marks, recalled, settings] = await Promise.all([
      ask({ what: 'verdictsFor', keys, tab }),
      ask({ what: 'packMarks', keys }),
      ask({ what: 'recall', keys }),
      Trichome.settings.load(api),
    ]);
    const named = new Map(marks);
    const seen = seenTimes(recalled, keys);
    return { settings, accounts: keys.map((key, i) => ({ key, verdict: verdicts[i] || null, packs: named.get(key) || [], seen: seen.get(key) || { first: '', last: '' } })) };
  }

  /** Whether an account belongs in the export of flagged accounts: its level is watch or likely, or a pack names it. */
  const flagged = (a) => (a.verdict && (a.verdict.level === 'watch' || a.verdict.level === 'likely')) || a.packs.length > 0;

  /** One CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
  function field(value) {
    let s = String(value === null || value === undefined ? '' : value);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  /** The flagged accounts as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read Chinese right). */
  function csv(accounts, settings) {
    const about = Trichome.i18n.t('exportAbout');
    const lines = [COLUMNS.join(',')];
    for (const a of accounts) {
      const v = a.verdict || { account: { id: a.key.replace(/^[a-z]+:/, ''), handle: null }, level: 'insufficient', score: 0, signals: [], clusters: [] };
      const site = a.key.split(':')[0];
      const summary = (kind) => {
        const s = Trichome.settings.shownSignals(v, settings).find((x) => x.kind === kind);
        return s ? String(s.summary || '') : '';
      };
      const row = [
        `${site}:${v.account.id}`, site, v.account.handle || '', v.level, Number(v.score) || 0, Trichome.settings.shows(v, settings) ? 'yes' : 'no',
        summary('duplicate'), summary('timing'), summary('drift'), summary('identity'),
        a.packs.join('; '), (v.clusters || []).join(' '), a.seen.first, a.seen.last, about,
      ];
      lines.push(row.map(field).join(','));
    }
    return '\ufeff' + lines.join('\r\n') + '\r\n';
  }

  /**
   * One account's evidence card (`trichome.evidence-card/1`): what was seen, each shown signal's sentence, the
   * copy clusters' members and times, the heat map, the packs naming it, and the verdict itself.
   */
  function card(a, settings, packDetails = []) {
    const v = a.verdict;
    const signals = v ? Trichome.settings.shownSignals(v, settings) : [];
    const duplicate = signals.find((s) => s.kind === 'duplicate');
    const timing = signals.find((s) => s.kind === 'timing');
    const clusters = ((duplicate && duplicate.evidence && duplicate.evidence.clusters) || []).map((c) => ({
      id: c.id,
      text: c.text,
      accounts: c.accounts,
      posts_total: c.posts_total,
      members: (c.posts || []).map((p) => ({ account: p.account, handle: p.handle, post_id: p.post_id, at: iso(p.at) })),
    }));
    const e = timing && timing.evidence;
    return {
      schema: CARD_SCHEMA,
      about: Trichome.i18n.t('exportAbout'),
      made_at: new Date().toISOString(),
      account: v ? v.account : { id: a.key.replace(/^[a-z]+:/, ''), handle: null, name: null },
      key: a.key,
      level: v ? v.level : null,
      score: v ? v.score : null,
      shown: Boolean(v) && Trichome.settings.shows(v, settings),
      posts_seen: v ? v.posts_seen : 0,
      first_seen: a.seen.first,
      last_seen: a.seen.last,
      signals: signals.map((s) => ({ kind: s.kind, strength: s.strength, confidence: s.confidence, summary: s.summary, message: s.message })),
      signals_switched_off: v ? v.signals.filter((s) => !signals.includes(s)).map((s) => s.kind) : [],
      clusters,
      heat_map: e && Array.isArray(e.grid_utc) ? { grid_utc: e.grid_utc, offset_minutes: e.offset_minutes, shape: e.shape } : null,
      packs: packDetails.filter((p) => a.packs.includes(p.name)),
      unknowns: v ? v.unknowns : [],
      verdict: v,
    };
  }

  /** Saves `blob` as `name` through a link in this extension page (no permission, no request). */
  function download(name, blob) {
    const link = document.createElement('a');
    link.download = name;
    link.href = URL.createObjectURL(blob);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  const today = () => new Date().toISOString().slice(0, 10);

  return { COLUMNS, CARD_SCHEMA, gather, flagged, csv, card, download, field, seenTimes, today };
})();
