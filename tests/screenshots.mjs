// Screenshots of the panel, the popup and the options page in English, Simplified and Traditional Chinese, light
// and dark, with headless Chromium (the end-to-end harness): `node tests/screenshots.mjs` writes
// out/screenshots/ui/<locale>-<scheme>-<surface>.png (docs/options.md shows a compressed selection).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser } from './e2e/harness.mjs';
import { REPO_ROOT } from './e2e/server.mjs';

const OUT = join(REPO_ROOT, 'out', 'screenshots', 'ui');
mkdirSync(OUT, { recursive: true });
const THREAD = 'https://x.com/NewsDeskAmy/status/1861000000000000001';

for (const locale of ['en', 'zh-CN', 'zh-TW']) {
  for (const scheme of ['light', 'dark']) {
    const env = await openBrowser({ locale: locale === 'en' ? null : locale, contextOptions: { colorScheme: scheme } });
    try {
      const shot = (surface) => join(OUT, `${locale}-${scheme}-${surface}.png`);
      const page = await env.browser.context.newPage();
      await page.setViewportSize({ width: 900, height: 760 });
      await page.goto(THREAD + (scheme === 'dark' ? '?theme=dark' : ''));
      await page.waitForSelector('trichome-badge', { timeout: 15_000 });
      await page.waitForTimeout(1000);
      await page.locator('trichome-badge').nth(1).click();
      await page.waitForSelector('trichome-panel');
      await page.waitForTimeout(300);
      await page.screenshot({ path: shot('panel') });
      const sw = await env.browser.serviceWorker();
      const tabId = await sw.evaluate(() => new Promise((r) => chrome.tabs.query({ url: 'https://x.com/*' }, (tabs) => r(tabs[tabs.length - 1].id))));
      const id = await env.browser.extensionId();
      const popup = await env.browser.context.newPage();
      await popup.setViewportSize({ width: 400, height: 720 });
      await popup.goto(`chrome-extension://${id}/popup/popup.html?tab=${tabId}`);
      await popup.waitForFunction(() => !document.getElementById('flagged').hidden, null, { timeout: 10_000 });
      await popup.screenshot({ path: shot('popup'), fullPage: true });
      const options = await env.browser.context.newPage();
      await options.setViewportSize({ width: 760, height: 900 });
      await options.goto(`chrome-extension://${id}/options/options.html`);
      await options.waitForTimeout(800);
      await options.screenshot({ path: shot('options'), fullPage: true });
      console.log(`${locale} ${scheme}: panel, popup, options`);
    } finally {
      await env.close();
    }
  }
}
