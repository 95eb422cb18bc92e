// The user's choices (the options page writes them to storage.local `settings`) and the one rule of what they
// show: shared by the content script, the popup, the options page, the evidence page and the background.
// Choices change what is SHOWN; the core's verdict (level, score, signals) is never rewritten.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = /** @type {TrichomeNamespace} */ ({}));

Trichome.settings = (() => {
  const KEY = 'settings';
  /** @type {SignalKind[]} */
  const KINDS = ['duplicate', 'timing', 'drift', 'identity'];
  /**
   * Sensitivity presets: the lowest score at which a *watch* is shown (every *likely* is shown). The watch band is
   * 35–59 (docs/verdicts.md), so cautious shows only the upper part of it, aggressive all of it.
   */
  const PRESETS = { cautious: { watchFrom: 50 }, balanced: { watchFrom: 42 }, aggressive: { watchFrom: 35 } };
  /** @type {Settings['historyMiB'][]} */
  const HISTORY_MIB = [1, 2, 4];
  /** @type {Settings['retentionDays'][]} 0: as long as it fits */
  const RETENTION_DAYS = [0, 30, 90, 365];
  /**
   * The operators' zones a reader may look for (UTC offsets in minutes, with the message id of their name): an
   * office shift kept in one of them counts a little more (the core's `signals::Focus`). Beijing's by default.
   * @type {readonly {offset: number, id: string}[]}
   */
  const OPERATOR_ZONES = Object.freeze([
    { offset: 480, id: 'zoneChina' },
    { offset: 180, id: 'zoneRussia' },
    { offset: 210, id: 'zoneIran' },
    { offset: 540, id: 'zoneNorthKorea' },
  ]);
  /** @type {Readonly<Settings>} */
  const DEFAULTS = Object.freeze({
    preset: 'cautious',
    signals: Object.freeze({ duplicate: true, timing: true, drift: true, identity: true }),
    historyMiB: 4,
    retentionDays: 0,
    keepTexts: false,
    operatorZones: Object.freeze([480]),
  });

  /**
   * The settings as stored, checked field by field: anything odd falls back to its default.
   * @param {unknown} raw
   * @returns {Settings}
   */
  function normalise(raw) {
    /** @type {Record<string, any>} */
    const s = raw && typeof raw === 'object' ? raw : {};
    /** @type {Record<SignalKind, boolean>} */
    const signals = { duplicate: true, timing: true, drift: true, identity: true };
    for (const k of KINDS) signals[k] = !(s.signals && s.signals[k] === false);
    return {
      preset: Object.hasOwn(PRESETS, s.preset) ? s.preset : DEFAULTS.preset,
      signals,
      historyMiB: HISTORY_MIB.includes(s.historyMiB) ? s.historyMiB : DEFAULTS.historyMiB,
      retentionDays: RETENTION_DAYS.includes(s.retentionDays) ? s.retentionDays : DEFAULTS.retentionDays,
      keepTexts: s.keepTexts === true,
      operatorZones: Array.isArray(s.operatorZones)
        ? OPERATOR_ZONES.map((z) => z.offset).filter((o) => s.operatorZones.includes(o))
        : [...DEFAULTS.operatorZones],
    };
  }

  /**
   * Whether a badge summary (level, score, signs) is shown under these settings: a *likely* always, a *watch* from
   * the preset's score, and neither when every one of its signs comes from a signal switched off. The level is
   * the core's; nothing is recomputed from the remaining signals (the core does not offer that).
   * @param {{level: string, score?: number, signs?: string[]} | null} summary
   * @param {Settings} [settings]
   * @returns {boolean}
   */
  function shows(summary, settings) {
    if (!summary || (summary.level !== 'watch' && summary.level !== 'likely')) return false;
    const s = settings || DEFAULTS;
    const signs = Array.isArray(summary.signs) ? summary.signs : [];
    if (signs.length && signs.every((k) => s.signals && s.signals[/** @type {SignalKind} */ (k)] === false)) return false;
    if (summary.level === 'likely') return true;
    return (Number(summary.score) || 0) >= (PRESETS[s.preset] || PRESETS.cautious).watchFrom;
  }

  /**
   * The signals of a verdict that are switched on (what the panel and the exports show).
   * @type {SettingsModule['shownSignals']}
   */
  const shownSignals = (verdict, settings) =>
    ((verdict && verdict.signals) || []).filter((sig) => !settings || !settings.signals || settings.signals[/** @type {SignalKind} */ (sig.kind)] !== false);

  /**
   * Reads the settings (extension pages and the background; content scripts ask the background).
   * @param {typeof chrome} api
   * @returns {Promise<Settings>}
   */
  function load(api) {
    return new Promise((resolve) => api.storage.local.get(KEY, (items) => resolve(normalise(items && items[KEY]))));
  }

  /**
   * Changes some settings, keeping the others.
   * @param {typeof chrome} api
   * @param {Partial<Settings>} patch
   * @returns {Promise<Settings>}
   */
  async function save(api, patch) {
    const next = normalise({ ...(await load(api)), ...patch });
    await new Promise((resolve) => api.storage.local.set({ [KEY]: next }, () => resolve(undefined)));
    return next;
  }

  return { KEY, KINDS, PRESETS, HISTORY_MIB, RETENTION_DAYS, OPERATOR_ZONES, DEFAULTS, normalise, shows, shownSignals, load, save };
})();
