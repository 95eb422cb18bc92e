// The UI in the browser's language (issue #15): with Chromium started in zh-CN or zh-TW, and Firefox ESR with its
// zh-CN and zh-TW language packs, the badges, the panel, the popup, the options page and the evidence card speak Chinese.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, badgeLabels, dialogAccessibleText, settledBadges, SHOTS } from './harness.mjs';
import { firefoxMissing, launchFirefox, extensionUrl } from './firefox.mjs';
import { REPO_ROOT, startServer } from './server.mjs';

const THREAD = 'https://x.com/NewsDeskAmy/status/1861000000000000001';
// What each language must show, and an English string it must not. `copied` is the core's sentence about copied
// text (its message, sig_dup_same_text / sig_cluster_copies) in that language; `precision` the timing evidence's
// line on how precisely post times are known (precision_message).
const WANTED = {
  'zh-CN': { options: ['灵敏度', '谨慎（默认）', '指标包'], badge: /^Trichome：值得留意。/, panel: '这些是迹象', popup: '本页已评估', copied: '发布了相同的文案', precision: /已知发帖时间|没有已知的发帖时间/ },
  'zh-TW': { options: ['靈敏度', '謹慎（預設）', '指標包'], badge: /^Trichome：值得留意。/, panel: '這些是跡象', popup: '本頁已評估', copied: '發布了相同的文案', precision: /已知發文時間|沒有已知的發文時間/ },
};
// The core's English sentences, which a Chinese reader must not meet (issue #15: the signals' sentences too).
const ENGLISH_SENTENCE = /Posted the same text|accounts? posted|Profile:|Keeps the hours|Posts like an office|Only \d+ posts? of this account|Post times known|No post times known|concluded from seconds|a name plus a run of digits|default profile picture/;
const opened = [];
after(async () => {
  for (const env of opened) await env.close();
});

for (const [locale, want] of Object.entries(WANTED)) {
  test(`Chromium in ${locale}: badges, panel, popup and options speak it`, async () => {
    const env = await openBrowser({ locale });
    opened.push(env);
    const id = await env.browser.extensionId();
    const page = await env.browser.context.newPage();
    await page.goto(THREAD);
    await settledBadges(page, { minimum: 5 });
    // Badge labels are read from the accessibility tree (badgeLabels keeps English ones): read them all here.
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    await cdp.detach();
    const labels = nodes.filter((n) => !n.ignored && n.role && n.role.value === 'button' && n.name && /^Trichome：/.test(n.name.value)).map((n) => n.name.value);
    assert.equal(labels.length, 5, labels.join('\n'));
    for (const label of labels) assert.match(label, want.badge);
    // The badge's reason is the core's sentence, in Chinese.
    assert.ok(labels.some((label) => label.includes(want.copied)), labels.join('\n'));
    for (const label of labels) assert.doesNotMatch(label, ENGLISH_SENTENCE);
    assert.deepEqual(await badgeLabels(page), [], 'no English badge label');
    await page.locator('trichome-badge').first().click();
    await page.locator('trichome-panel').waitFor({ timeout: 5000 });
    // The panel fills in once its verdict arrives: read it until it has, or five seconds have passed.
    let dialog = await dialogAccessibleText(page);
    for (const deadline = Date.now() + 5000; !(dialog && dialog.text.includes(want.panel)) && Date.now() < deadline; ) {
      await page.waitForTimeout(200);
      dialog = await dialogAccessibleText(page);
    }
    assert.ok(dialog && dialog.text.includes(want.panel), dialog && dialog.text);
    assert.ok(dialog.text.includes(locale === 'zh-CN' ? '重复文案' : '重複文案'), dialog.text);
    // The signal's sentence comes from the core as a message: here in Chinese, not the English summary.
    assert.ok(dialog.text.includes(want.copied), dialog.text);
    assert.match(dialog.text, want.precision);
    assert.doesNotMatch(dialog.text, ENGLISH_SENTENCE);

    const tabId = await (await env.browser.serviceWorker()).evaluate(() => new Promise((r) => chrome.tabs.query({ url: 'https://x.com/*' }, (tabs) => r(tabs[tabs.length - 1].id))));
    const popup = await env.browser.context.newPage();
    await popup.goto(`chrome-extension://${id}/popup/popup.html?tab=${tabId}`);
    await popup.waitForFunction(() => !document.getElementById('levels').hidden);
    const popupText = await popup.locator('main').innerText();
    assert.ok(popupText.includes(want.popup), popupText);
    assert.ok(popupText.includes(want.copied), popupText);
    assert.doesNotMatch(popupText, ENGLISH_SENTENCE);
    assert.equal(await popup.evaluate(() => document.documentElement.lang), locale);

    const options = await env.browser.context.newPage();
    await options.goto(`chrome-extension://${id}/options/options.html`);
    const optionsText = await options.locator('main').innerText();
    for (const words of want.options) assert.ok(optionsText.includes(words), optionsText);
    assert.ok(!/Sensitivity|Cautious/.test(optionsText), 'no English left');
    await options.screenshot({ path: join(SHOTS, `options-${locale}.png`), fullPage: true });
  });
}

for (const [locale, want] of Object.entries(WANTED)) {
  test(`Firefox in ${locale} (its language pack): the options page and the core's sentences speak it, and i18n reports ${locale}`, async (t) => {
    const missing = firefoxMissing() || (existsSync(join(REPO_ROOT, 'dist/firefox/manifest.json')) ? null : 'dist/firefox is missing');
    const langpack = `/usr/lib/firefox-esr/browser/extensions/langpack-${locale}@firefox-esr.mozilla.org.xpi`;
    if (missing || !existsSync(langpack)) {
      const why = missing || `no ${locale} language pack for Firefox (Debian: firefox-esr-l10n-${locale.toLowerCase()}; ./build.sh setup installs it)`;
      console.log(`# skipping: ${why}`);
      return t.skip(why);
    }
    const server = await startServer();
    const firefox = await launchFirefox({ extensionDir: join(REPO_ROOT, 'dist/firefox'), fixturePort: server.port, locale });
    try {
      await firefox.goto(extensionUrl('options/options.html'));
      const text = await firefox.evaluate('document.querySelector("main").innerText');
      for (const words of want.options) assert.ok(text.includes(words), text);
      assert.equal(await firefox.evaluate('browser.i18n.getUILanguage()'), locale);
      await firefox.screenshot(join(SHOTS, `firefox-options-${locale}.png`));
      // The core's sentences are message ids: Firefox renders one with its arguments in the reader's language.
      // (The badges' reasons sit in a closed shadow root Firefox's driver cannot read; Chromium's tests read them.)
      const sentence = await firefox.evaluate(`browser.i18n.getMessage('sig_cluster_copies', ['5'])`);
      assert.equal(sentence, `5 ${locale === 'zh-CN' ? '个账号' : '個帳號'}${want.copied}。`);
    } finally {
      await firefox.close();
      await server.close();
    }
  });
}
