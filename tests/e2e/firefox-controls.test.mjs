// The user's controls in Firefox ESR (dist/firefox over WebDriver BiDi), where the core runs in the content script:
// the sensitivity preset changes what is shown (aggressive shows the watches that cautious, the default, hides), and
// an indicator pack marks its accounts with its name. Exports (saved as files) and a restart with the same profile
// are in firefox-durability.test.mjs, which installs the packaged add-on for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firefoxSession, settledBadges } from './firefox.mjs';

const WATCH = 'https://www.youtube.com/watch?v=Tr1cH0mE8xQ';
const WEAK = ['silkroad.traveller', 'harmony-voice-2291', 'golden_peony_88'].map((h) => `youtube:@${h}`);
const session = firefoxSession({ settings: null });
const skip = session.missing || false;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function badgesUntil(ok, ms = 15_000) {
  const deadline = Date.now() + ms;
  let badges = [];
  while (Date.now() < deadline) {
    badges = await session.firefox.evaluate(`[...document.querySelectorAll('trichome-badge')].map((h) => ({ account: h.dataset.trichomeAccount, level: h.dataset.trichomeLevel }))`);
    if (ok(badges)) return badges;
    await sleep(300);
  }
  return badges;
}

test('Firefox: cautious (the default) hides the weak watches; aggressive shows them; a pack marks its account', { skip }, async () => {
  const firefox = session.firefox;
  await firefox.goto(WATCH);
  await sleep(3000);
  const cautious = await settledBadges(firefox, 0, { timeoutMs: 5000 });
  assert.deepEqual(cautious, [], 'cautious shows none of the watches of score 43–47');

  await firefox.inExtension(`browser.storage.local.set({ settings: { preset: 'aggressive' } })`);
  const shown = await badgesUntil((b) => WEAK.every((k) => b.some((x) => x.account === k && x.level === 'watch')));
  for (const k of WEAK) assert.ok(shown.some((b) => b.account === k && b.level === 'watch'), `aggressive shows ${k}: ${JSON.stringify(shown)}`);

  const pack = { format: 'trichome.pack/1', name: 'Firefox pack', date: '2024-11-01', source: 'fixture', accounts: [{ site: 'youtube', handle: 'silkroad.traveller' }], texts: [], text_fingerprints: [] };
  await firefox.inExtension(`browser.storage.local.set({ settings: { preset: 'cautious' }, packs: [${JSON.stringify(pack)}] })`);
  const marked = await badgesUntil((b) => b.length === 1 && b[0].level === 'pack');
  assert.deepEqual(marked.map((b) => [b.account, b.level]), [['youtube:@silkroad.traveller', 'pack']], 'under cautious only the pack\'s account keeps a badge, as a pack mark');
  assert.equal(await firefox.evaluate('document.documentElement.outerHTML.includes("Firefox pack")'), false, 'the page learns no pack name');
});
