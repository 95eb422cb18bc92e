// Indicator packs: lists of accounts and texts that a takedown report or a researcher already named
// (`trichome.pack/1`, docs/options.md, docs/pack.schema.json). Read and checked here (the options page imports,
// the background matches); an account a pack names is marked with the pack's name, apart from the signals.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = /** @type {TrichomeNamespace} */ ({}));

Trichome.packs = (() => {
  const KEY = 'packs';
  const FORMAT = 'trichome.pack/1';
  const MAX_PACKS = 20;
  const MAX_ENTRIES = 100000; // accounts and texts of one pack together
  const MAX_TEXT = 2000;
  const SITES = ['x', 'youtube'];

  /** A pack's error: `id` is a message id of the locales, `args` its arguments. */
  const fail = (id, ...args) => ({ error: { id, args } });
  const text = (v, max = 300) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null);

  /** How a text is compared: Unicode NFKC, lower case, spaces collapsed (what a pack's `text_fingerprints` hash). */
  const normaliseText = (s) => String(s).normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();

  /** The account keys a pack entry stands for (`site:id`, `site:@handle`), as the core and the pages key accounts. */
  function keysOf(entry) {
    const keys = [];
    if (entry.id) keys.push(`${entry.site}:${entry.id}`);
    if (entry.handle) keys.push(`${entry.site}:@${entry.handle.toLowerCase()}`);
    return keys;
  }

  /**
   * Reads a pack from its JSON text: `{pack}` checked and bounded (unknown fields dropped), or `{error: {id, args}}`
   * naming what is wrong. Entries that name no site or neither id nor handle are left out and counted.
   */
  function parse(json) {
    let raw;
    try {
      raw = JSON.parse(json);
    } catch (_) {
      return fail('packErrJson');
    }
    if (!raw || typeof raw !== 'object' || raw.format !== FORMAT) return fail('packErrFormat');
    for (const field of ['name', 'date', 'source']) if (!text(raw[field])) return fail('packErrField', field);
    const accounts = [];
    let skipped = 0;
    for (const a of Array.isArray(raw.accounts) ? raw.accounts : []) {
      const site = a && SITES.includes(a.site) ? a.site : null;
      const id = a && text(a.id, 128);
      const handle = a && text(typeof a.handle === 'string' ? a.handle.replace(/^@/, '') : null, 100);
      if (!site || (!id && !handle)) {
        skipped += 1;
        continue;
      }
      accounts.push({ site, id, handle });
    }
    const texts = (Array.isArray(raw.texts) ? raw.texts : []).map((s) => text(s, MAX_TEXT)).filter(Boolean);
    const fingerprints = (Array.isArray(raw.text_fingerprints) ? raw.text_fingerprints : []).filter((f) => typeof f === 'string' && /^[0-9a-f]{64}$/.test(f));
    if (!accounts.length && !texts.length && !fingerprints.length) return fail('packErrEmpty');
    if (accounts.length + texts.length + fingerprints.length > MAX_ENTRIES) return fail('packErrTooBig', MAX_ENTRIES);
    // The name was checked above: text() gives a string here.
    return { pack: { format: FORMAT, name: /** @type {string} */ (text(raw.name, 100)), date: text(raw.date, 40), source: text(raw.source, 300), accounts, texts, text_fingerprints: fingerprints }, skipped };
  }

  /**
   * The index the background matches with: account key -> names of the packs naming it, and normalised text ->
   * names. Built once per change of the packs.
   */
  function index(packs) {
    const accounts = new Map();
    const texts = new Map();
    const add = (map, k, name) => {
      const names = map.get(k) || [];
      if (!names.includes(name)) names.push(name);
      map.set(k, names);
    };
    for (const p of Array.isArray(packs) ? packs : []) {
      for (const a of p.accounts || []) for (const k of keysOf(a)) add(accounts, k, p.name);
      for (const s of p.texts || []) add(texts, normaliseText(s), p.name);
    }
    return { accounts, texts };
  }

  return { KEY, FORMAT, MAX_PACKS, parse, index, keysOf, normaliseText };
})();
