// What a Firefox user keeps (issue #15), with the packaged add-on installed for good (dist/trichome-firefox.zip,
// unsigned, as Firefox ESR allows with `xpinstall.signatures.required` off): the page's flagged accounts as CSV and
// an evidence card as PNG and JSON, saved as files; and the history, after a restart of the browser with the same
// profile and an update of the add-on to a new version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firefoxMissing, launchFirefox, settledBadges } from './firefox.mjs';
import { REPO_ROOT, startServer } from './server.mjs';

const WATCH = 'https://www.youtube.com/watch?v=Tr1cH0mE8xQ';
const EXTENSION_DIR = join(REPO_ROOT, 'dist', 'firefox');
const XPI = join(REPO_ROOT, 'dist', 'trichome-firefox.zip');
const missing = firefoxMissing() || (existsSync(XPI) ? null : 'dist/trichome-firefox.zip is missing: run ./build.sh build first');
if (missing) console.log(`# skipping the Firefox durability tests: ${missing}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `read()` satisfies `ok`, up to `ms`; gives the last value read. */
async function until(read, ok, ms = 20_000) {
  const deadline = Date.now() + ms;
  let value;
  while (Date.now() < deadline) {
    value = await read().catch(() => undefined);
    if (ok(value)) return value;
    await sleep(300);
  }
  return value;
}

/** The background's answer to `message`, asked from an extension page as the popup asks. */
const ask = (firefox, message) => firefox.inExtension(`browser.runtime.sendMessage(${JSON.stringify(message)}).then((a) => a && a.result)`);

/** The tab id of the page under test, as the popup gets it. */
const tabOf = (firefox, url) => firefox.inExtension(`browser.tabs.query({}).then((tabs) => tabs.find((t) => t.url === ${JSON.stringify(url)}).id)`);

/**
 * The one file in `dir` whose name matches `pattern`, once it is whole: Firefox first creates an empty file under the
 * final name beside a `.part` file and fills it later, so a name alone says nothing; `whole(bytes)` says when the
 * content is complete. Gives the name, or undefined after the wait.
 */
async function savedFile(dir, pattern, whole) {
  const found = await until(
    async () => {
      const name = readdirSync(dir).find((f) => pattern.test(f));
      return name && !existsSync(join(dir, name + '.part')) && whole(readFileSync(join(dir, name))) ? name : undefined;
    },
    Boolean,
  );
  return found;
}

/** What a whole file of each kind looks like. */
const WHOLE = {
  csv: (bytes) => bytes.length > 0 && bytes.toString('utf8').endsWith('\r\n'),
  png: (bytes) => bytes.length > 12 && bytes.subarray(bytes.length - 8, bytes.length - 4).toString('latin1') === 'IEND',
  json: (bytes) => {
    try {
      JSON.parse(bytes.toString('utf8'));
      return true;
    } catch {
      return false;
    }
  },
};

/** The packaged add-on again with another version: an update, as the store would deliver it. */
function updatedXpi(dir, version) {
  const unpacked = join(dir, 'unpacked');
  cpSync(EXTENSION_DIR, unpacked, { recursive: true });
  const manifestPath = join(unpacked, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify({ ...JSON.parse(readFileSync(manifestPath, 'utf8')), version }));
  const xpi = join(dir, `trichome-${version}.xpi`);
  execFileSync('zip', ['-qr', xpi, '.'], { cwd: unpacked });
  return xpi;
}

test('Firefox: exports saved as files, and history kept over a restart with the same profile and an update', { skip: missing || false, timeout: 240_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'trichome-firefox-durability-'));
  const profileDir = join(work, 'profile');
  const downloadDir = join(work, 'downloads');
  mkdirSync(profileDir);
  mkdirSync(downloadDir);
  const server = await startServer();
  let firefox = null;
  const launch = (archive, settings) => launchFirefox({ extensionDir: EXTENSION_DIR, fixturePort: server.port, profileDir, archive, downloadDir, ...(settings === undefined ? {} : { settings }) });
  try {
    firefox = await launch(XPI);
    // The watch fixture twice: its three copy-paste channels are shown as watches (score 43–47) under the aggressive
    // preset, once two pages have delivered their copies (crate/src/pages.rs).
    await firefox.inExtension(`browser.storage.local.set({ settings: { preset: 'aggressive' } })`);
    await firefox.goto(WATCH);
    await settledBadges(firefox, 3);
    await firefox.goto(WATCH);
    const badges = await settledBadges(firefox, 3);
    const flagged = badges.filter((b) => b.level === 'watch' || b.level === 'likely');
    assert.ok(flagged.length >= 3, `watches shown: ${JSON.stringify(badges)}`);

    // The page's flagged accounts as CSV, from the popup of this tab.
    const tab = await tabOf(firefox, WATCH);
    const popup = await firefox.extensionPage(`popup/popup.html?tab=${tab}`);
    await until(() => popup.evaluate(`!document.getElementById('flagged').hidden`), Boolean);
    await popup.evaluate(`document.getElementById('csv').click()`);
    const csvName = await savedFile(downloadDir, /^trichome-flagged-\d{4}-\d\d-\d\d\.csv$/, WHOLE.csv);
    assert.ok(csvName, `a CSV saved: ${readdirSync(downloadDir).join(', ')}`);
    const lines = readFileSync(join(downloadDir, csvName), 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    assert.match(lines[0], /^account,site,handle,level,score,shown,/);
    assert.equal(lines.length, 1 + flagged.length, lines.join('\n'));
    for (const b of flagged) {
      const handle = b.account.replace(/^youtube:@/, '').toLowerCase();
      assert.ok(lines.some((l) => /^youtube:[^,]+,youtube,/.test(l) && l.toLowerCase().includes(handle) && /,watch,\d+,yes,/.test(l)), `a watch row for ${b.account}:\n${lines.join('\n')}`);
    }
    assert.ok(lines.slice(1).every((l) => /a reason to look, not a finding/.test(l)), 'every row says what a badge is');

    // The first flagged account's evidence card, as PNG and JSON.
    const card = await firefox.extensionPage(`evidence/evidence.html?tab=${tab}#${encodeURIComponent(flagged[0].account)}`);
    await until(() => card.evaluate(`document.body.dataset.ready === 'true'`), Boolean);
    await card.evaluate(`document.getElementById('png').click()`);
    const pngName = await savedFile(downloadDir, /\.png$/, WHOLE.png);
    assert.ok(pngName, `a PNG saved: ${readdirSync(downloadDir).join(', ')}`);
    const png = readFileSync(join(downloadDir, pngName));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    assert.equal(png.readUInt32BE(16), 900, 'width');
    assert.ok(png.length > 10_000, `not an empty image: ${png.length} bytes`);
    await card.evaluate(`document.getElementById('json').click()`);
    const jsonName = await savedFile(downloadDir, /\.json$/, WHOLE.json);
    assert.ok(jsonName, `a JSON saved: ${readdirSync(downloadDir).join(', ')}`);
    const json = JSON.parse(readFileSync(join(downloadDir, jsonName), 'utf8'));
    assert.equal(json.schema, 'trichome.evidence-card/1');
    assert.equal(json.key, flagged[0].account);
    assert.equal(json.level, 'watch');
    assert.match(json.about, /a reason to look, not a finding/);
    await card.close();
    await popup.close();

    // The history, stored, then the browser closed and opened again on the same profile with the add-on updated.
    const before = await until(() => ask(firefox, { what: 'historyInfo' }), (r) => r && r.accounts >= 5);
    assert.ok(before && before.accounts >= 5, JSON.stringify(before));
    await until(() => firefox.inExtension(`browser.storage.local.get('history').then((i) => i.history || '')`), (h) => typeof h === 'string' && h.includes('silkroad.traveller'));
    await firefox.close();
    firefox = null;

    firefox = await launch(updatedXpi(work, '0.1.1'), null);
    assert.equal(await firefox.inExtension(`browser.runtime.getManifest().version`), '0.1.1', 'the updated version runs');
    const after = await until(() => ask(firefox, { what: 'historyInfo' }), (r) => r && r.accounts === before.accounts);
    assert.equal(after && after.accounts, before.accounts, 'every account is back after the restart and the update');
    await firefox.close();
    firefox = null;

    // And once more without an update: the add-on installed for good is still there, with its history.
    firefox = await launch('installed', null);
    const again = await until(() => ask(firefox, { what: 'historyInfo' }), (r) => r && r.accounts === before.accounts);
    assert.equal(again && again.accounts, before.accounts, 'a plain restart keeps it too');
  } finally {
    // A failed assertion must not leave the browser running: the test process would never end.
    if (firefox) await firefox.close().catch(() => {});
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
});
