// What Trichome remembers, and the page summary: history is stored in the browser (and only there), the popup
// summarises the page's accounts and clusters, and the user can see, export and erase what is stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openBrowser, settledBadges, SHOTS } from './harness.mjs';

const THREAD = 'https://x.com/NewsDeskAmy/status/1861000000000000001';
// A reply in the thread fixture (marcus_okafor's), which stored history must not hold unless texts are kept.
const REPLY = 'Were you able to film freely';
let env;

before(async () => {
  env = await openBrowser();
});
after(async () => {
  await env?.close();
});

test('accounts seen are stored in storage.local, bounded and versioned', async () => {
  const page = await env.browser.context.newPage();
  await page.goto(THREAD);
  await settledBadges(page, { minimum: 5 });
  const sw = await env.browser.serviceWorker();
  let stored = null;
  for (let i = 0; i < 40 && !stored; i++) {
    await page.waitForTimeout(250);
    stored = await sw.evaluate(() => new Promise((r) => chrome.storage.local.get('history', (items) => r(items.history || null))));
  }
  assert.ok(stored, 'history was written');
  const history = JSON.parse(stored);
  assert.equal(history.schema, 'trichome.history/2');
  const handles = history.accounts.map((a) => a.account.handle);
  assert.ok(handles.includes('liang_wei8823'), 'a replier of the thread is remembered');
  assert.ok(!stored.includes(REPLY), 'no post text is stored unless the user keeps texts');
  assert.ok(history.accounts.some((a) => a.posts.some((p) => p.features && p.features.fingerprint)), 'posts carry their fingerprints');

  // The popup's choice: texts are kept once it is on, and dropped again at the next save once it is off.
  const storedHistory = () => sw.evaluate(() => new Promise((r) => chrome.storage.local.get('history', (items) => r(items.history || ''))));
  const until = async (wanted, why) => {
    for (let i = 0; i < 40; i++) {
      if (wanted(await storedHistory())) return;
      await page.waitForTimeout(250);
    }
    assert.fail(why);
  };
  await sw.evaluate(() => new Promise((r) => chrome.storage.local.set({ settings: { keepTexts: true } }, r)));
  await until((h) => h.includes(REPLY), 'texts are stored once the user keeps them');
  await sw.evaluate(() => new Promise((r) => chrome.storage.local.set({ settings: { keepTexts: false } }, r)));
  await until((h) => h.includes('trichome.history/2') && !h.includes(REPLY), 'texts are dropped once the user turns the choice off');
  await page.close();
});

test('the popup summarises the page: counts by level, the copied-text group, extraction health', async () => {
  const page = await env.browser.context.newPage();
  await page.goto(THREAD);
  await settledBadges(page, { minimum: 5 });
  const sw = await env.browser.serviceWorker();
  const tabId = await sw.evaluate(() => new Promise((r) => chrome.tabs.query({ url: 'https://x.com/*' }, (tabs) => r(tabs[tabs.length - 1].id))));
  const id = await env.browser.extensionId();
  const popup = await env.browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${id}/popup/popup.html?tab=${tabId}`);
  await popup.waitForFunction(() => !document.getElementById('levels').hidden);
  const text = await popup.locator('main').innerText();
  assert.match(text, /accounts? scored on this page/);
  // Every list line has a number; what must hold is that the five copiers are counted as flagged.
  const count = (words) => Number(new RegExp(`(\\d+) ${words}`).exec(text)?.[1]);
  assert.equal(count('worth a second look') + count('likely coordinated'), 5, text);
  assert.match(text, /1 coordinated group/);
  assert.match(text, /Xinjiang/);
  assert.match(text, /Posts read: \d+ from the site's data, \d+ from the page/);
  await popup.waitForFunction(() => /remembered in this browser/.test(document.getElementById('history-size').textContent));
  assert.match(text, /Keep post texts in history \(on this device\)/);
  assert.equal(await popup.isChecked('#keep-texts'), false, 'texts are not kept unless chosen');
  await popup.screenshot({ path: join(SHOTS, 'popup.png') });

  // Erasing asks again inside the popup (no confirm() dialog, which toolbar popups may not show): the first
  // click only arms the button.
  let dialogs = 0;
  popup.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await popup.click('#erase');
  assert.match(await popup.textContent('#erase'), /Click again/);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const kept = await sw.evaluate(() => new Promise((r) => chrome.storage.local.get(null, (items) => r(Object.keys(items)))));
  assert.ok(kept.length > 0, 'one click erases nothing');
  await popup.click('#erase');
  assert.equal(dialogs, 0, 'no browser dialog');
  await popup.waitForFunction(() => /^0 accounts remembered/.test(document.getElementById('history-size').textContent));
  const stored = await sw.evaluate(() => new Promise((r) => chrome.storage.local.get(null, (items) => r(Object.keys(items)))));
  assert.deepEqual(stored.filter((k) => k !== 'settings' && k !== 'packs'), [], 'erase removes everything remembered (the options stay)');
  await popup.close();
  await page.close();
});
