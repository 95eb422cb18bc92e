// Every locale has every message of the English one, with the same placeholders; every message id the extension's
// code asks for exists. (The UI in English, Simplified and Traditional Chinese: issue #15.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../e2e/server.mjs';

const LOCALES = join(REPO_ROOT, 'extension/_locales');
const read = (lang) => JSON.parse(readFileSync(join(LOCALES, lang, 'messages.json'), 'utf8'));
const en = read('en');
const placeholders = (message) => [...message.matchAll(/\$(\d)/g)].map((m) => m[1]).sort().join(',');

test('the locales are English, Simplified and Traditional Chinese', () => {
  assert.deepEqual(readdirSync(LOCALES).sort(), ['en', 'zh_CN', 'zh_TW']);
});

for (const lang of ['zh_CN', 'zh_TW']) {
  test(`${lang} has every key of en, no other, and the same placeholders in each`, () => {
    const other = read(lang);
    assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort());
    for (const [id, { message }] of Object.entries(en)) {
      assert.equal(placeholders(other[id].message), placeholders(message), `${lang} ${id}: "${other[id].message}"`);
      assert.ok(other[id].message.trim(), `${lang} ${id} is empty`);
    }
  });
}

test('Simplified and Traditional Chinese are not the same text', () => {
  const cn = read('zh_CN');
  const tw = read('zh_TW');
  const same = Object.keys(en).filter((id) => /[\u4e00-\u9fff]/.test(cn[id].message) && cn[id].message === tw[id].message);
  // Short words are often written alike in both (值得留意, 高, 中, 低, 平衡): the sentences differ.
  assert.ok(same.length < Object.keys(en).length / 10, `identical in both: ${same.join(', ')}`);
  assert.ok(same.every((id) => cn[id].message.length <= 8), `identical sentences: ${same.filter((id) => cn[id].message.length > 8).join(', ')}`);
});

test('every message id the code asks for exists in en', () => {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(js|html)$/.test(entry.name)) files.push(path);
    }
  };
  walk(join(REPO_ROOT, 'extension/src'));
  const asked = new Set();
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\b(?:t|count|i18n\.count)\('([A-Za-z_]+)'[,)]/g)) asked.add(m[1]);
    for (const m of source.matchAll(/data-i18n(?:-title|-aria-label)?="([A-Za-z_]+)"/g)) asked.add(m[1]);
    for (const m of source.matchAll(/'((?:level|kind|preset|confidence|counts|source|day|shape|popupLevel|threadCopied|threadConcert)[A-Z][A-Za-z]*)'/g)) asked.add(m[1]);
  }
  const missing = [...asked].filter((id) => !en[id] && !en[id + 'Many']);
  assert.deepEqual(missing, []);
  for (const id of Object.keys(en)) if (/[a-z]Many$/.test(id) && !id.startsWith('packErr')) assert.ok(en[id.slice(0, -4)], `${id} has its singular`);
});
