// The user's controls in Chromium (issue #15): the sensitivity presets change what is shown (aggressive shows a watch
// that cautious, the default, hides); the page's flagged accounts as CSV and an account's evidence card as PNG and
// JSON; an imported indicator pack marks its accounts with its name; history survives a restart with the same
// profile and an extension update, and a corrupted record is skipped and reported; the operators looked for reach
// the background's core.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser, badgeLabels, settledBadges, DIST_CHROME, SHOTS } from './harness.mjs';

const THREAD = 'https://x.com/NewsDeskAmy/status/1861000000000000001';
// The YouTube watch fixture: three copy-paste channels, each a watch of score 43–47 (one sign).
const WATCH = 'https://www.youtube.com/watch?v=Tr1cH0mE8xQ';
const WEAK = ['silkroad.traveller', 'harmony-voice-2291', 'golden_peony_88'].map((h) => `youtube:@${h}`);
const COPIERS = ['liang_wei8823', 'sunny_days40129', 'truthseeker5521', 'mei_hua_07712', 'peacelover19283'].map((h) => `x:@${h}`);
const opened = [];
after(async () => {
  for (const env of opened) await env.close();
});
async function open(options) {
  const env = await openBrowser(options);
  opened.push(env);
  return env;
}
/** Asks the background from an extension page, as the popup does (the worker does not receive its own messages). */
async function extensionEval(env, fn, arg) {
  const id = await env.browser.extensionId();
  let page = env.browser.context.pages().find((p) => !p.isClosed() && p.url().startsWith(`chrome-extension://${id}/popup/popup.html?ask`));
  if (!page) {
    page = await env.browser.context.newPage();
    await page.goto(`chrome-extension://${id}/popup/popup.html?ask`);
  }
  return page.evaluate(fn, arg);
}
const ask = (env, message) => extensionEval(env, (m) => new Promise((resolve) => chrome.runtime.sendMessage(m, resolve)), message);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The extension page at `path` in a new tab. */
async function extensionPage(env, path) {
  const id = await env.browser.extensionId();
  const page = await env.browser.context.newPage();
  await page.goto(`chrome-extension://${id}/${path}`);
  return page;
}

/** The badges of the thread once they stop changing, as `key -> level` (levels as shown: a pack-only badge says 'pack'). */
async function threadBadges(page, minimum = 0) {
  const badges = await settledBadges(page, { minimum, timeoutMs: 15_000 });
  return Object.fromEntries(badges.map((b) => [b.account, b.level]));
}

/** Waits until `read()` satisfies `ok`, up to `ms`. */
async function until(read, ok, ms = 15_000) {
  const deadline = Date.now() + ms;
  let value;
  while (Date.now() < deadline) {
    value = await read();
    if (ok(value)) return value;
    await sleep(250);
  }
  return value;
}

test('options: cautious (the default) hides the weak watches that aggressive shows; the verdicts are the same', async () => {
  const env = await open({ settings: null });
  const page = await env.browser.context.newPage();
  await page.goto(WATCH);
  await page.waitForTimeout(3000);
  // What one page alone delivered counts only on that page (crate/src/pages.rs): asked from the options page, the
  // copies are set aside until a second page shows them.
  const alone = (await ask(env, { what: 'verdictsFor', keys: WEAK })).result;
  assert.ok(alone.every((v) => v && v.level !== 'watch' && v.unknowns.some((u) => u.includes('one other page alone'))), JSON.stringify(alone.map((v) => v && [v.level, v.unknowns])));
  const second = await env.browser.context.newPage();
  await second.goto(WATCH);
  await second.waitForTimeout(3000);
  await second.close();
  const verdicts = (await ask(env, { what: 'verdictsFor', keys: WEAK })).result;
  assert.deepEqual(verdicts.map((v) => v && v.level), WEAK.map(() => 'watch'), 'the core says watch for the copy-paste channels');
  assert.ok(verdicts.every((v) => v.score < 50), `each a watch below 50: ${verdicts.map((v) => v.score)}`);
  const cautious = await threadBadges(page);
  assert.deepEqual(cautious, {}, 'cautious shows none of them');

  // The options page: the presets, each with its one sentence, cautious checked; choosing aggressive shows them.
  const options = await extensionPage(env, 'options/options.html');
  assert.equal(await options.isChecked('input[value=cautious]'), true);
  const words = await options.locator('#sensitivity').innerText();
  assert.match(words, /Cautious \(default\)/);
  assert.match(words, /score is 50 or more/);
  await options.check('input[value=aggressive]');
  await options.waitForFunction(() => document.getElementById('saved').textContent !== '');
  const shown = await until(() => threadBadges(page), (b) => WEAK.every((k) => b[k] === 'watch'), 12_000);
  for (const k of WEAK) assert.equal(shown[k], 'watch', `aggressive shows ${k}`);
  const again = (await ask(env, { what: 'verdictsFor', keys: WEAK })).result;
  assert.deepEqual(again.map((v) => [v.level, v.score]), verdicts.map((v) => [v.level, v.score]), 'options never rewrite a verdict');

  // A signal switched off: these channels' only sign is duplicated phrasing, so their badges go.
  await options.uncheck('input[name=signal][value=duplicate]');
  const off = await until(() => threadBadges(page), (b) => WEAK.every((k) => !b[k]), 12_000);
  for (const k of WEAK) assert.equal(off[k], undefined, `${k} hidden with duplicated phrasing off`);
  await options.check('input[name=signal][value=duplicate]');
  await options.screenshot({ path: join(SHOTS, 'options-en.png'), fullPage: true });
  await options.close();
  await page.close();
});

test('exports: the flagged accounts as CSV from the popup, an evidence card as PNG and JSON', async () => {
  const env = await open();
  const sw = await env.browser.serviceWorker();
  const page = await env.browser.context.newPage();
  await page.goto(THREAD);
  await settledBadges(page, { minimum: 5 });
  const tabId = await sw.evaluate(() => new Promise((r) => chrome.tabs.query({ url: 'https://x.com/*' }, (tabs) => r(tabs[tabs.length - 1].id))));
  const popup = await extensionPage(env, `popup/popup.html?tab=${tabId}`);
  await popup.waitForFunction(() => !document.getElementById('flagged').hidden);
  const [csvDownload] = await Promise.all([popup.waitForEvent('download'), popup.click('#csv')]);
  const csv = readFileSync(await csvDownload.path(), 'utf8');
  assert.match(csvDownload.suggestedFilename(), /^trichome-flagged-\d{4}-\d\d-\d\d\.csv$/);
  const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
  assert.equal(lines[0], 'account,site,handle,level,score,shown,duplicate,timing,drift,identity,packs,clusters,first_seen,last_seen,about');
  assert.equal(lines.length, 1 + COPIERS.length, csv);
  for (const handle of ['liang_wei8823', 'sunny_days40129', 'truthseeker5521', 'Mei_Hua_07712', 'peacelover19283']) {
    const row = lines.find((l) => l.includes(`,${handle},`));
    assert.ok(row, `a row for ${handle}`);
    assert.match(row, /,watch,\d+,yes,Posted the same text as \d+ other accounts/);
    assert.match(row, /dup-/);
    assert.match(row, /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,\d{4}-/, 'first and last seen');
    assert.match(row, /a reason to look, not a finding/);
  }

  // The evidence card of the first flagged account, opened from the popup's list.
  const [card] = await Promise.all([env.browser.context.waitForEvent('page'), popup.click('#flagged-list li button')]);
  await card.waitForFunction(() => document.body.dataset.ready === 'true');
  const [pngDownload] = await Promise.all([card.waitForEvent('download'), card.click('#png')]);
  const png = readFileSync(await pngDownload.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.equal(png.readUInt32BE(16), 900, 'width');
  assert.ok(png.readUInt32BE(20) > 300, 'height');
  assert.ok(png.length > 10_000, `not an empty image: ${png.length} bytes`);
  const [jsonDownload] = await Promise.all([card.waitForEvent('download'), card.click('#json')]);
  const json = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8'));
  assert.equal(json.schema, 'trichome.evidence-card/1');
  assert.equal(json.level, 'watch');
  assert.match(json.about, /a reason to look, not a finding/);
  assert.equal(json.signals[0].kind, 'duplicate');
  assert.ok(json.clusters[0].members.length >= 5, 'the cluster members');
  assert.ok(json.clusters[0].members.every((m) => /^\d{4}-/.test(m.at)), 'and their times');
  await card.screenshot({ path: join(SHOTS, 'evidence-en.png'), fullPage: true });
  await card.close();
  await popup.close();
  await page.close();
});

test('an imported indicator pack marks its accounts with the pack\'s name, apart from the signals', async () => {
  const env = await open();
  const options = await extensionPage(env, 'options/options.html');
  const pack = {
    format: 'trichome.pack/1',
    name: 'Test takedown 2024',
    date: '2024-11-01',
    source: 'A fixture report',
    accounts: [{ site: 'x', handle: 'marcus_okafor' }, { site: 'x', handle: 'liang_wei8823' }],
    texts: [],
  };
  await options.setInputFiles('#pack-file', { name: 'pack.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pack)) });
  await options.waitForFunction(() => /Imported/.test(document.getElementById('pack-status').textContent));
  assert.match(await options.locator('#pack-list').innerText(), /Test takedown 2024 — 2 accounts, 0 texts; source: A fixture report; dated 2024-11-01/);
  await options.setInputFiles('#pack-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"trichome.pack/1","name":"x"}') });
  await options.waitForFunction(() => /Not imported/.test(document.getElementById('pack-status').textContent));

  const page = await env.browser.context.newPage();
  await page.goto(THREAD);
  const badges = await until(() => threadBadges(page, 6), (b) => b['x:@marcus_okafor'] === 'pack');
  assert.equal(badges['x:@marcus_okafor'], 'pack', 'an ordinary replier named by the pack gets a pack badge, not a level');
  assert.equal(badges['x:@liang_wei8823'], 'watch', 'a copier keeps its level, with the pack beside it');
  const labels = await badgeLabels(page);
  assert.ok(labels.some((l) => l === 'Trichome: named in the indicator pack “Test takedown 2024”'), labels.join('\n'));
  assert.ok(labels.some((l) => /^Trichome: Worth a second look\. .+ · named in the indicator pack “Test takedown 2024”$/.test(l)), labels.join('\n'));
  // The page learns no pack name: it is inside the closed shadow root.
  assert.equal(await page.evaluate(() => document.documentElement.outerHTML.includes('Test takedown')), false);
  await page.screenshot({ path: join(SHOTS, 'pack-badges.png') });
  await page.close();
  await options.close();
});

test('history survives a restart with the same profile and an extension update; a corrupted record is skipped and reported', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'trichome-restart-'));
  // The extension from a folder of its own, so that an update can be made in place: an unpacked extension keeps its id
  // (and so its storage) only at the same path.
  const extensionDir = mkdtempSync(join(tmpdir(), 'trichome-ext-'));
  cpSync(DIST_CHROME, extensionDir, { recursive: true });
  let env = null;
  try {
    env = await openBrowser({ userDataDir: profile, extensionDir });
    const page = await env.browser.context.newPage();
    await page.goto(THREAD);
    await settledBadges(page, { minimum: 5 });
    // Seen on a second page too: what one page alone delivered would count only on that page (crate/src/pages.rs).
    const again = await env.browser.context.newPage();
    await again.goto(THREAD);
    await settledBadges(again, { minimum: 5 });
    const sw = await env.browser.serviceWorker();
    const stored = await until(() => sw.evaluate(() => new Promise((r) => chrome.storage.local.get('history', (i) => r(i.history || '')))), (h) => h.includes('liang_wei8823') && h.includes(`"page":${2 ** 32 - 1}`)); // posts two pages delivered (pages::SEVERAL)
    assert.ok(stored.includes('liang_wei8823'), 'history written');
    const before = (await ask(env, { what: 'historyInfo' })).result;
    assert.ok(before.accounts >= 20, JSON.stringify(before));
    await env.close();

    // The same profile again, after an update of the extension (a new version at the same place).
    const manifestPath = join(extensionDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, version: '0.1.1' }));
    env = await openBrowser({ userDataDir: profile, extensionDir, settings: null });
    assert.equal(await extensionEval(env, () => chrome.runtime.getManifest().version), '0.1.1', 'the updated version runs');
    const after = await until(async () => (await ask(env, { what: 'historyInfo' })).result, (r) => r && r.accounts === before.accounts);
    assert.equal(after.accounts, before.accounts, 'every account is back after the restart and the update');
    const verdict = (await ask(env, { what: 'verdictsFor', keys: ['x:@liang_wei8823'] })).result[0];
    assert.equal(verdict.level, 'watch', 'and judged on what was seen before');

    // One record broken by hand, then a restart: the rest loads, the one is skipped and reported.
    await extensionEval(env, () => new Promise((r) => chrome.storage.local.get('history', (i) => {
      const h = JSON.parse(i.history);
      h.accounts[0] = { site: 'x', account: 42, posts: 'not a list' };
      chrome.storage.local.set({ history: JSON.stringify(h) }, r);
    })));
    await env.close();
    env = await openBrowser({ userDataDir: profile, extensionDir, settings: null });
    const broken = await until(async () => (await ask(env, { what: 'historyInfo' })).result, (r) => r && r.skipped === 1);
    assert.equal(broken.skipped, 1, JSON.stringify(broken));
    assert.equal(broken.accounts, before.accounts - 1, 'every other record loaded');
    const options = await extensionPage(env, 'options/options.html');
    await options.waitForFunction(() => /could not be read and was skipped/.test(document.getElementById('history-notes').textContent));
    await options.close();
  } finally {
    // A failed assertion must not leave the browser running: the test process would never end.
    if (env) await env.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    rmSync(extensionDir, { recursive: true, force: true });
  }
});

/** An account that says it is in Houston and keeps Beijing office hours for six weeks (observations, as the core reads them). */
function officeShiftAccount(id) {
  const seen = { source: 'graphql', page_url: null, observed_at: 1_717_243_200 };
  const out = [{ schema: 'trichome.observation/1', site: 'x', seen, kind: 'account', id, handle: id, location: 'Houston, Texas' }];
  const words = ['river', 'garden', 'bicycle', 'lantern', 'harbour', 'violin', 'pepper', 'meadow', 'cobalt', 'quartz', 'saddle', 'walnut'];
  const monday = Date.UTC(2024, 3, 1) / 1000; // 2024-04-01, a Monday
  let n = 0;
  for (let day = 0; day < 42; day += 1) {
    if (day % 7 >= 5) continue;
    // 09:30, 10:40, 11:20, 14:10, 15:30, 16:50 in UTC+8.
    for (const minutes of [570, 640, 680, 850, 930, 1010]) {
      const at = monday + day * 86_400 + (minutes - 480) * 60 + ((n * 37) % 50);
      const text = Array.from({ length: 8 }, (_, k) => words[(n * 7 + k * 5 + day) % words.length]).join(' ') + ` ${n}`;
      out.push({ schema: 'trichome.observation/1', site: 'x', seen, kind: 'post', id: `${id}-${n}`, account_id: id, text, lang: 'en', created: { earliest: at, latest: at, precision: 'second' } });
      n += 1;
    }
  }
  return out;
}

/* global memory -- the background's core, a top-level binding of background.js, read inside the worker */
test('the operators looked for reach the background\'s core: unticking China lowers an office shift kept in UTC+8', async () => {
  const env = await open();
  const sw = await env.browser.serviceWorker();
  const timingWeight = () =>
    sw.evaluate(() => {
      const s = (memory.verdictsFor(['x:shiftacct'], '')[0] || { signals: [] }).signals.find((x) => x.kind === 'timing');
      return s ? s.strength * s.confidence : 0;
    });
  await until(() => sw.evaluate(() => Boolean(memory)), Boolean);
  await sw.evaluate((json) => memory.ingestObservationsJson(json, ''), JSON.stringify(officeShiftAccount('shiftacct')));
  const looked = await timingWeight();
  assert.ok(looked >= 0.35, `an office shift in UTC+8 claimed to be in Houston is a sign: ${looked}`);
  await sw.evaluate(() => new Promise((r) => chrome.storage.local.set({ settings: { operatorZones: [180] } }, r)));
  const elsewhere = await until(timingWeight, (w) => w < looked - 0.05);
  assert.ok(elsewhere < looked - 0.05, `with only Moscow looked for it counts less: ${looked} then ${elsewhere}`);
  await sw.evaluate(() => new Promise((r) => chrome.storage.local.set({ settings: { operatorZones: [480] } }, r)));
  assert.equal(await until(timingWeight, (w) => w === looked), looked, 'and back');
});
