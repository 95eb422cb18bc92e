// The user's controls without a browser (issue #15): what the sensitivity presets and the signal switches show,
// indicator packs read and matched, the CSV of flagged accounts, and the evidence card's JSON. The scripts are
// loaded as the extension's pages load them, with the English locale behind a fake chrome.i18n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { REPO_ROOT } from '../e2e/server.mjs';

const en = JSON.parse(readFileSync(`${REPO_ROOT}/extension/_locales/en/messages.json`, 'utf8'));
const context = createContext({ console, Date, JSON, Map, Set, URL });
context.globalThis = context;
context.chrome = {
  i18n: {
    getMessage: (id, args = []) => (en[id] ? en[id].message.replace(/\$(\d)/g, (_, n) => args[Number(n) - 1] ?? '') : ''),
    getUILanguage: () => 'en',
  },
};
for (const file of ['i18n.js', 'settings.js', 'packs.js', 'export.js']) runInContext(readFileSync(`${REPO_ROOT}/extension/src/${file}`, 'utf8'), context, { filename: file });
const { settings: S, packs: P, exporter: X } = context.Trichome;

/** Objects made in the scripts' realm, as plain values of this one. */
const plain = (v) => JSON.parse(JSON.stringify(v));
const badge = (level, score, signs = ['duplicate']) => ({ level, score, signs });

test('presets change what is shown, never the level: aggressive shows a watch that cautious hides', () => {
  const weakWatch = badge('watch', 46);
  const cautious = S.normalise({});
  assert.equal(cautious.preset, 'cautious', 'cautious is the default');
  assert.equal(S.shows(weakWatch, cautious), false);
  assert.equal(S.shows(weakWatch, S.normalise({ preset: 'balanced' })), true);
  assert.equal(S.shows(weakWatch, S.normalise({ preset: 'aggressive' })), true);
  assert.equal(S.shows(badge('watch', 36), S.normalise({ preset: 'balanced' })), false);
  assert.equal(S.shows(badge('watch', 36), S.normalise({ preset: 'aggressive' })), true);
  for (const preset of Object.keys(S.PRESETS)) {
    assert.equal(S.shows(badge('likely', 60), S.normalise({ preset })), true, `${preset} shows every likely`);
    assert.equal(S.shows(badge('none', 30), S.normalise({ preset })), false);
    assert.equal(S.shows(badge('insufficient', 34), S.normalise({ preset })), false);
  }
});

test('a badge whose every sign comes from signals switched off is hidden; one with a sign left stays', () => {
  const off = S.normalise({ preset: 'aggressive', signals: { duplicate: false } });
  assert.equal(S.shows(badge('watch', 50, ['duplicate']), off), false);
  assert.equal(S.shows(badge('likely', 80, ['duplicate', 'timing']), off), true);
  const verdict = { signals: [{ kind: 'duplicate' }, { kind: 'timing' }] };
  assert.deepEqual(plain(S.shownSignals(verdict, off).map((s) => s.kind)), ['timing']);
});

test('odd stored settings fall back to their defaults, field by field', () => {
  const s = S.normalise({ preset: 'reckless', historyMiB: 1e9, retentionDays: 30, signals: { timing: false, bogus: false }, keepTexts: 'yes' });
  assert.equal(s.preset, 'cautious');
  assert.equal(s.historyMiB, 4);
  assert.equal(s.retentionDays, 30);
  assert.deepEqual({ ...s.signals }, { duplicate: true, timing: false, drift: true, identity: true });
  assert.equal(s.keepTexts, false);
});

test('the operators looked for: Beijing by default, only the zones offered, none when the reader unticks them all', () => {
  assert.deepEqual(plain(S.normalise({}).operatorZones), [480]);
  assert.deepEqual(plain(S.normalise({ operatorZones: [540, 999, '480', 180, 180] }).operatorZones), [180, 540]);
  assert.deepEqual(plain(S.normalise({ operatorZones: [] }).operatorZones), []);
  assert.deepEqual(plain(S.normalise({ operatorZones: 'all' }).operatorZones), [480]);
  for (const z of S.OPERATOR_ZONES) assert.ok(en[z.id] && en[z.id].message.includes('UTC'), `a name for ${z.offset}`);
});

const PACK = {
  format: 'trichome.pack/1',
  name: 'Takedown 2023-08',
  date: '2023-08-29',
  source: 'Example platform report',
  accounts: [{ site: 'x', handle: '@Liang_Wei8823' }, { site: 'x', id: '1582374490123456789' }, { site: 'youtube', id: 'UCq3Xb1mZkP0rT7yVw2sLd9A' }, { site: 'mastodon', handle: 'x' }, { site: 'x' }],
  texts: ['Stop  lying.'],
  text_fingerprints: ['a'.repeat(64), 'not-hex'],
};

test('a pack is read, bounded, and indexed by the keys the pages use; odd entries are left out and counted', () => {
  const read = P.parse(JSON.stringify(PACK));
  assert.equal(read.error, undefined);
  assert.equal(read.skipped, 2);
  assert.equal(read.pack.accounts.length, 3);
  assert.deepEqual(plain(read.pack.text_fingerprints), ['a'.repeat(64)]);
  const index = P.index([read.pack]);
  assert.deepEqual([...index.accounts.keys()].sort(), ['x:1582374490123456789', 'x:@liang_wei8823', 'youtube:UCq3Xb1mZkP0rT7yVw2sLd9A']);
  assert.deepEqual(plain(index.accounts.get('x:@liang_wei8823')), ['Takedown 2023-08']);
  assert.ok(index.texts.has('stop lying.'));
});

test('a pack that is not one says why, by message id', () => {
  assert.equal(P.parse('{').error.id, 'packErrJson');
  assert.equal(P.parse('{"format":"other"}').error.id, 'packErrFormat');
  assert.deepEqual(plain(P.parse(JSON.stringify({ ...PACK, source: '' })).error), { id: 'packErrField', args: ['source'] });
  assert.equal(P.parse(JSON.stringify({ ...PACK, accounts: [], texts: [], text_fingerprints: [] })).error.id, 'packErrEmpty');
});

const verdict = {
  account: { id: '7700001', handle: 'liang_wei8823', name: 'Liang' },
  level: 'watch',
  score: 46,
  posts_seen: 3,
  clusters: ['dup-1'],
  unknowns: [],
  signals: [
    { kind: 'duplicate', strength: 0.5, confidence: 0.9, summary: 'Posted the same text as 4 other accounts within 12 minutes.', evidence: { clusters: [{ id: 'dup-1', text: 'Stop lying, "friends"', accounts: 5, posts_total: 5, posts: [{ account: 'x:7700001', handle: 'liang_wei8823', post_id: '1', at: 1732096800 }] }] } },
    { kind: 'identity', strength: 0.3, confidence: 0.5, summary: 'Profile: =HYPERLINK("evil").', evidence: {} },
  ],
};
const accounts = [
  { key: 'x:@liang_wei8823', verdict, packs: ['Takedown 2023-08'], seen: { first: '2024-11-20T10:00:00Z', last: '2024-11-21T10:00:00Z' } },
  { key: 'x:@marta_reads', verdict: { ...verdict, account: { id: '@marta_reads', handle: 'marta_reads', name: null }, level: 'likely', score: 80, signals: [] }, packs: [], seen: { first: '', last: '' } },
];

/** A small RFC 4180 reader: what pandas and spreadsheets do with the file. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 1);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  return rows;
}

test('the CSV has a header, one row per flagged account, every signal summary, and says what Trichome is', () => {
  const settings = S.normalise({});
  const text = X.csv(accounts, settings);
  assert.ok(text.startsWith('\ufeff'), 'a byte-order mark, so spreadsheets read UTF-8');
  const rows = parseCsv(text.slice(1));
  assert.deepEqual(rows[0], plain(X.COLUMNS));
  assert.equal(rows.length, 3);
  const first = Object.fromEntries(rows[0].map((c, i) => [c, rows[1][i]]));
  assert.equal(first.account, 'x:7700001');
  assert.equal(first.level, 'watch');
  assert.equal(first.score, '46');
  assert.equal(first.shown, 'no', 'a watch of 46 is hidden under the cautious default');
  assert.equal(first.duplicate, 'Posted the same text as 4 other accounts within 12 minutes.');
  assert.equal(first.identity, "'Profile: =HYPERLINK(\"evil\").".slice(1), 'a field is quoted, and only a field that starts like a formula is defused');
  assert.equal(first.packs, 'Takedown 2023-08');
  assert.equal(first.clusters, 'dup-1');
  assert.equal(first.first_seen, '2024-11-20T10:00:00Z');
  assert.match(first.about, /reason to look, not a finding/);
  assert.equal(X.field('=1+1'), "'=1+1");
  assert.equal(X.field('-2'), "'-2");
});

test('the evidence card holds the signals shown, the cluster members and times, the packs, and the statement', () => {
  const settings = S.normalise({ signals: { identity: false } });
  const card = X.card(accounts[0], settings, [{ name: 'Takedown 2023-08', source: 'Example platform report', date: '2023-08-29' }]);
  assert.equal(card.schema, 'trichome.evidence-card/1');
  assert.deepEqual(plain(card.signals.map((s) => s.kind)), ['duplicate']);
  assert.deepEqual(plain(card.signals_switched_off), ['identity']);
  assert.deepEqual(plain(card.clusters[0].members), [{ account: 'x:7700001', handle: 'liang_wei8823', post_id: '1', at: '2024-11-20T10:00:00Z' }]);
  assert.equal(card.packs[0].source, 'Example platform report');
  assert.match(card.about, /^Made with Trichome/);
});

test('first and last seen come from the memory\'s recall, by id or by handle', () => {
  const recalled = JSON.stringify([{ site: 'x', account: { id: '7700001', handle: 'Liang_Wei8823' }, first_observed: 1732096800, last_observed: 1732183200 }]);
  const seen = X.seenTimes(recalled, ['x:@liang_wei8823', 'x:7700001', 'x:@other']);
  assert.deepEqual({ ...seen.get('x:@liang_wei8823') }, { first: '2024-11-20T10:00:00Z', last: '2024-11-21T10:00:00Z' });
  assert.ok(seen.has('x:7700001'));
  assert.ok(!seen.has('x:@other'));
});
