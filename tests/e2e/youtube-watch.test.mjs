// The other engine path: on a YouTube watch page (whose policy allows wasm) the core runs inside the content
// script itself, and copied comments by different channels get badges.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, settledBadges, pageSummary, SHOTS } from './harness.mjs';
import { REPO_ROOT } from './server.mjs';

const expected = JSON.parse(readFileSync(join(REPO_ROOT, 'tests/fixtures/sites/www.youtube.com/watch.expected.json'), 'utf8'));
let env;

before(async () => {
  env = await openBrowser();
});
after(async () => {
  await env?.close();
});

test('copied comments get badges, with the core inside the content script', async () => {
  const page = await env.browser.context.newPage();
  await page.goto('https://www.youtube.com' + expected.page);
  const badges = await settledBadges(page, { minimum: expected.flagged.length });
  assert.equal((await pageSummary(env, page)).path, 'content-script');
  assert.deepEqual(badges.map((b) => b.account).sort(), expected.flagged.map((h) => 'youtube:@' + h.toLowerCase()).sort());
  await page.screenshot({ path: join(SHOTS, 'youtube-watch.png') });
  await page.close();
});
