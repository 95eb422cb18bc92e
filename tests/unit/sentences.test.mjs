// The core's sentences in the reader's language (issue #15): Trichome.i18n.sentence renders a verdict's `message`
// (sig_ ids with arguments, nested messages for words) through getMessage, and falls back to the English `summary`
// when a message is absent (an old stored verdict) or names an id this locale lacks (a newer core).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { REPO_ROOT } from '../e2e/server.mjs';

const locale = (lang) => JSON.parse(readFileSync(`${REPO_ROOT}/extension/_locales/${lang}/messages.json`, 'utf8'));

/** i18n.js loaded as the extension loads it, over a fake getMessage that substitutes $1…$9 as the browsers do. */
function i18nIn(lang) {
  const messages = locale(lang);
  const context = createContext({ console });
  context.globalThis = context;
  context.chrome = {
    i18n: {
      getMessage: (id, args = []) => (messages[id] ? messages[id].message.replace(/\$(\d)/g, (_, n) => args[Number(n) - 1] ?? '') : ''),
      getUILanguage: () => lang,
    },
  };
  runInContext(readFileSync(`${REPO_ROOT}/extension/src/i18n.js`, 'utf8'), context, { filename: 'i18n.js' });
  return context.Trichome.i18n;
}
const en = i18nIn('en');
const zhCN = i18nIn('zh_CN');
const zhTW = i18nIn('zh_TW');

/** Every signal and cluster of the JSON examples of docs/verdicts.md, which the core's contract test prints and checks. */
function documentedSentences() {
  const doc = readFileSync(`${REPO_ROOT}/docs/verdicts.md`, 'utf8');
  const out = [];
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (typeof v.summary === 'string' && Array.isArray(v.message)) out.push({ summary: v.summary, message: v.message });
      if (Array.isArray(v.unknowns)) v.unknowns.forEach((u, i) => out.push({ summary: u, message: v.unknown_messages[i] }));
      Object.values(v).forEach(walk);
    }
  };
  for (const m of doc.matchAll(/```json\n([\s\S]*?)\n```/g)) walk(JSON.parse(m[1]));
  return out;
}

test('in English, a documented message renders as its summary, word for word', () => {
  const found = documentedSentences();
  assert.ok(found.length >= 6, `${found.length} sentences in docs/verdicts.md`);
  for (const { summary, message } of found) assert.equal(en.sentence(message, 'FALLBACK'), summary);
});

test('in Chinese, a message renders in Chinese with its data kept and its nested words translated', () => {
  const message = [
    { id: 'sig_dup_same_textMany', args: ['4', [{ id: 'sig_span_minutes', args: ['12'] }, { id: 'sig_dup_greeting', args: [] }]] },
    { id: 'sig_dup_partner', args: ['3', '@liang_wei8823', '0.4'] },
  ];
  const summary = 'Posted the same text as 4 other accounts within 12 minutes (a greeting many people write alike, so it counts for little). It shares 3 different texts with @liang_wei8823; accounts that copy as much as these two would share about 0.4 by chance.';
  assert.equal(en.sentence(message, 'FALLBACK'), summary);
  assert.equal(zhCN.sentence(message, summary), '在 12 分钟内（这是很多人都会写得一样的问候语，分量很轻）与另外 4 个账号发布了相同的文案。它与 @liang_wei8823 共享 3 条不同的文案；复制程度与这两个账号相当的账号，偶然共享的约为 0.4 条。');
  const tw = zhTW.sentence(message, summary);
  assert.match(tw, /帳號/);
  assert.ok(tw.includes('@liang_wei8823') && !tw.includes('Posted'), tw);
});

test('page text in an argument stays text: a $ sign or markup in data is not read as a placeholder or HTML', () => {
  const message = [{ id: 'sig_timing_unused', args: [] }];
  assert.equal(zhCN.sentence(message, 'English'), 'English', 'an id this locale lacks: the summary');
  const profile = [{ id: 'sig_persona_location', args: ['<b>$1 Austin</b>', 'UTC−6…−5'] }];
  assert.equal(zhCN.sentence(profile, ''), '它的个人资料写着“<b>$1 Austin</b>”（UTC−6…−5）');
});

test('without a message, or with one that is not a message, the English summary is shown', () => {
  const summary = '3 accounts posted the same text.';
  for (const message of [undefined, null, [], 'sig_cluster_copies', [{ id: 'sig_cluster_copies', args: [7] }], [{ id: 'levelWatch', args: [] }], [{ args: [] }]]) {
    assert.equal(zhCN.sentence(message, summary), summary, JSON.stringify(message));
  }
  assert.equal(zhCN.sentence(undefined, undefined), '');
  assert.equal(zhCN.sentence([{ id: 'sig_cluster_copies', args: ['3'] }], summary), '3 个账号发布了相同的文案。');
});

test('every display of a core sentence goes through sentence(), never the bare summary', () => {
  for (const file of ['content/panel.js', 'content/thread-summary.js', 'content/badge.js', 'popup/popup.js', 'evidence/evidence.js']) {
    const source = readFileSync(`${REPO_ROOT}/extension/src/${file}`, 'utf8');
    assert.match(source, /i18n\.sentence\(/, file);
    assert.doesNotMatch(source, /String\((?:s|c|g)\.summary/, file);
  }
});

test('no template has two placeholders side by side: Chrome reads `$1$2` as a named placeholder and refuses the extension', () => {
  for (const lang of ['en', 'zh_CN', 'zh_TW']) {
    for (const [id, { message }] of Object.entries(locale(lang))) assert.doesNotMatch(message, /\$\w+\$/, `${lang} ${id}: ${message}`);
  }
});
