// The evidence panel's pure helpers (extension/src/content/panel.js): the posting-hours grid seen from another UTC
// offset, and how an offset is written. Loaded as the content script loads it, after i18n.js, with the English locale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { REPO_ROOT } from '../e2e/server.mjs';

const en = JSON.parse(readFileSync(`${REPO_ROOT}/extension/_locales/en/messages.json`, 'utf8'));
const context = createContext({ console });
context.globalThis = context;
context.chrome = { i18n: { getMessage: (id) => (en[id] ? en[id].message : ''), getUILanguage: () => 'en' } };
for (const file of ['i18n.js', 'content/panel.js']) runInContext(readFileSync(`${REPO_ROOT}/extension/src/${file}`, 'utf8'), context, { filename: file });
const { shiftGrid, offsetLabel } = context.Trichome.panel;

/** A 7×24 grid with `n` posts at (day, hour) and none elsewhere. */
function gridWith(day, hour, n = 1) {
  const grid = Array.from({ length: 7 }, () => new Array(24).fill(0));
  grid[day][hour] = n;
  return grid;
}
/** Where the posts of a grid are: `[day, hour, n]` each (as plain values of this realm: the grid is the script's). */
const cells = (grid) => JSON.parse(JSON.stringify(grid.flatMap((row, d) => row.flatMap((n, h) => (n ? [[d, h, n]] : [])))));

test('a grid seen from another offset moves by whole hours, across days and round the week', () => {
  const cases = [
    // [day, hour] in UTC, offset in minutes, [day, hour] seen there
    [[0, 10], 480, [0, 18]], // Beijing: Monday 10:00 UTC is 18:00
    [[0, 20], 480, [1, 4]], // past midnight: Tuesday
    [[6, 22], 480, [0, 6]], // past Sunday: round to Monday
    [[0, 2], -300, [6, 21]], // New York: before Monday is Sunday
    [[3, 12], 330, [3, 18]], // India's half hour rounds to whole hours (5.5 -> 6)
    [[3, 12], 0, [3, 12]],
  ];
  for (const [[d, h], offset, [wd, wh]] of cases) {
    assert.deepEqual(cells(shiftGrid(gridWith(d, h, 3), offset)), [[wd, wh, 3]], `${d} ${h} at ${offset}`);
  }
});

test('a shifted grid is always 7×24 and keeps every post; odd rows and values count as nothing', () => {
  const odd = [[1, 'x', null, 2], 'not a row', [...new Array(30).fill(1)]];
  const shifted = shiftGrid(odd, 60);
  assert.equal(shifted.length, 7);
  for (const row of shifted) assert.equal(row.length, 24);
  const total = shifted.flat().reduce((a, b) => a + b, 0);
  assert.equal(total, 1 + 2 + 24, 'what the rows held, no more than 24 hours a day');
  assert.deepEqual(cells(shiftGrid(gridWith(2, 5), undefined)), [[2, 5, 1]], 'no offset: as in UTC');
});

test('an offset is written as UTC±h[:mm]', () => {
  assert.equal(offsetLabel(480), 'UTC+8');
  assert.equal(offsetLabel(-300), 'UTC−5');
  assert.equal(offsetLabel(330), 'UTC+5:30');
  assert.equal(offsetLabel(0), 'UTC+0');
  assert.equal(offsetLabel(null), en.offsetUnknown.message);
});
