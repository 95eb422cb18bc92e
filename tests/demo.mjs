// The main job on bundled demo pages: the built extension in Chromium on realistic X and YouTube pages served
// from loopback as the real hosts. With a display the browser stays open for you; without one it runs headless,
// saves screenshots to out/demo/ and prints which accounts it flagged and why.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, REPO_ROOT } from './e2e/server.mjs';
import { launchWithExtension } from './e2e/browser.mjs';
import { settledBadges, pageSummary } from './e2e/harness.mjs';

// `prepare` does what a reader would: open "show more replies", scroll for more comments, open reply threads.
const PAGES = [
  { name: 'x-thread', url: 'https://x.com/NewsDeskAmy/status/1861000000000000001', what: 'X thread (logged in, light)' },
  {
    name: 'x-big-thread-dim',
    url: 'https://x.com/AmyRossReports/status/1862000000000000001?theme=dim',
    what: 'X thread with 64 replies, fed by the page\'s own GraphQL (dim theme)',
    prepare: (page) => page.evaluate(() => window.__fixtureReady.then(() => window.__fixtureLoadMore())),
  },
  {
    name: 'x-search',
    url: 'https://x.com/search?q=xinjiang&src=typed_query',
    what: 'X search results',
    prepare: (page) => page.evaluate(() => window.__fixtureReady),
  },
  {
    name: 'youtube-campaign',
    url: 'https://www.youtube.com/watch?v=Dr4g0nBr1dg',
    what: 'YouTube comments arriving through the page\'s own youtubei/v1/next calls',
    prepare: async (page) => {
      await page.evaluate(() => window.__fixture.ready);
      await page.evaluate(() => window.__fixtureLoadMore());
      await page.evaluate(() => window.__fixtureOpenReplies(0));
    },
  },
  {
    name: 'youtube-other-video',
    url: 'https://www.youtube.com/watch?v=0rd1nary0001',
    what: 'another video, where two campaign channels repeat texts from the first: what one page alone showed counts elsewhere once a second page shows it too',
    prepare: (page) => page.evaluate(() => window.__fixture.ready),
  },
  { name: 'youtube-channel', url: 'https://www.youtube.com/@harmony-voice-2291', what: 'a YouTube channel page' },
];

const windowed = Boolean(process.env.DISPLAY) && !process.argv.includes('--headless');
const outDir = join(REPO_ROOT, 'out', 'demo');
mkdirSync(outDir, { recursive: true });

const server = await startServer();
const browser = await launchWithExtension({ extensionDir: join(REPO_ROOT, 'dist', 'chrome'), port: server.port, headless: !windowed });
await browser.serviceWorker();
let flaggedTotal = 0;
for (const p of PAGES) {
  const page = await browser.context.newPage();
  await page.goto(p.url);
  if (p.prepare) await p.prepare(page);
  const badges = await settledBadges(page, { minimum: 1, timeoutMs: 10_000 });
  const engine = (await pageSummary({ browser }, page)).path;
  const accounts = new Map(badges.map((b) => [b.account, b]));
  console.log(`\n${p.what} — ${p.url}\n  core running in: ${engine}; ${accounts.size} account(s) flagged, ${badges.length} badge(s)`);
  for (const b of accounts.values()) console.log(`  ${b.level.padEnd(7)} ${b.account}`);
  flaggedTotal += badges.length;
  if (badges.length) {
    await page.locator('trichome-badge').first().click();
    await page.locator('trichome-panel').waitFor({ timeout: 5000 }).catch(() => {});
  }
  const shot = join(outDir, `${p.name}.png`);
  await page.screenshot({ path: shot });
  console.log(`  screenshot: ${shot}`);
  if (!windowed) await page.close();
}
console.log(`\n${flaggedTotal} badge(s) on ${PAGES.length} demo pages. Nothing was sent anywhere: every request went to the local fixture server.`);
if (windowed) {
  console.log('The browser stays open; press Ctrl-C to end the demo.');
  await new Promise((resolve) => process.on('SIGINT', resolve));
}
await browser.close();
await server.close();
