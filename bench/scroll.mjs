// Page cost of the extension on an infinite-scroll X list: 2,000 posts appended in 100 batches of 20 (their
// ListLatestTweetsTimeline JSON fetched by the page, their articles rendered), measured in Chromium with and
// without Trichome in the same run. Prints main-thread time per batch (p50, p95, max, from CDP
// Performance.getMetrics TaskDuration), the long tasks (> 50 ms, PerformanceObserver 'longtask') and the
// extension's share. Not a test: the machine is shared and noisy; compare the two columns of one run.
// Trichome's own time is also read from a Chromium trace of the run: every script call on the page's main thread
// whose code is the extension's (FunctionCall / EvaluateScript / callbacks with a chrome-extension:// URL: its
// observers, timers, frames, message handlers and replies, and the MAIN-world capture script), summed per batch.
//   node bench/scroll.mjs [--batches N]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { startServer, REPO_ROOT } from '../tests/e2e/server.mjs';
import { launchWithExtension } from '../tests/e2e/browser.mjs';

const batches = Number(process.argv[process.argv.indexOf('--batches') + 1]) || 99;
const URL = 'https://x.com/i/lists/1864000000000000001?autoload=0';

/** Reads a CDP trace (transferMode ReturnAsStream) into its events. */
async function readTrace(cdp) {
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(text);
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/**
 * The extension's main-thread time in each batch window, from the trace: top-level script calls on the page's
 * renderer main thread whose URL is the extension's (a call nested in another counted call is not counted twice).
 */
function extensionTimePerBatch(events, batches) {
  const main = events.find((e) => e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain' &&
    events.some((m) => m.pid === e.pid && m.name === 'TimeStamp' && /^trichome-batch-/.test(m.args?.data?.message || '')));
  if (!main) return null;
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const marks = onMain.filter((e) => e.name === 'TimeStamp' && /^trichome-batch-/.test(e.args?.data?.message || '')).map((e) => e.ts).sort((a, b) => a - b);
  const urlOf = (e) => e.args?.data?.url || e.args?.data?.stackTrace?.[0]?.url || '';
  const calls = onMain
    .filter((e) => e.ph === 'X' && ['FunctionCall', 'EvaluateScript', 'v8.compile', 'TimerFire', 'FireAnimationFrame', 'EventDispatch'].includes(e.name) && urlOf(e).startsWith('chrome-extension://'))
    .sort((a, b) => a.ts - b.ts);
  const top = [];
  for (const c of calls) {
    const last = top[top.length - 1];
    if (last && c.ts < last.ts + last.dur) continue; // nested in a counted call
    top.push(c);
  }
  const per = new Array(Math.min(batches, marks.length)).fill(0);
  const perCpu = per.slice(); // thread time (tdur): the same calls without the time the OS gave other processes
  const byScript = {};
  const byCall = {};
  for (const c of top) {
    let i = marks.length - 1;
    while (i >= 0 && marks[i] > c.ts) i--;
    if (i < 0 || i >= per.length) continue;
    per[i] += c.dur / 1000;
    perCpu[i] += (c.tdur ?? c.dur) / 1000;
    const script = urlOf(c).replace(/^chrome-extension:\/\/[^/]+\//, '');
    byScript[script] = (byScript[script] || 0) + c.dur / 1000;
    const d = c.args?.data || {};
    const what = `${c.name} ${d.functionName || d.type || ''}@${script}:${d.lineNumber ?? '?'}`;
    byCall[what] = (byCall[what] || 0) + c.dur / 1000;
  }
  return { per, perCpu, byScript, byCall, calls: top.length };
}

function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function run(extensionDir) {
  const server = await startServer();
  const browser = await launchWithExtension({ extensionDir, port: server.port });
  if (extensionDir.endsWith('chrome')) await browser.serviceWorker();
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(URL);
  await page.evaluate(() => window.__fixtureReady);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  await page.waitForTimeout(1500); // let start-up settle: it is not a batch
  await page.evaluate(() => (window.__longTasks.length = 0));
  // The content script's own meter: synchronous main-thread time it spent (what the page waits for).
  const sw = extensionDir.endsWith('chrome') ? await browser.serviceWorker() : null;
  const meter = async () =>
    sw
      ? sw.evaluate(async () => {
          const [tab] = await chrome.tabs.query({ url: 'https://x.com/i/lists/*' });
          const answer = await chrome.tabs.sendMessage(tab.id, { what: 'pageSummary' });
          return { ...answer.result.meter, health: answer.result.health };
        })
      : null;
  const perBatch = [];
  const ownPerBatch = [];
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline'], recordMode: 'recordContinuously' },
  });
  for (let i = 0; i < batches; i++) {
    const before = await taskSeconds();
    const ownBefore = await meter();
    const n = await page.evaluate((i) => {
      console.timeStamp('trichome-batch-' + i);
      return window.__fixtureAppendBatch();
    }, i);
    if (n === null) break;
    await page.waitForTimeout(250); // the extension flushes on the next frames
    perBatch.push((await taskSeconds()) - before);
    const ownAfter = await meter();
    if (ownAfter) ownPerBatch.push(ownAfter.busyMs - ownBefore.busyMs);
  }
  await page.evaluate((i) => console.timeStamp('trichome-batch-' + i), perBatch.length);
  const traced = extensionTimePerBatch(await readTrace(cdp), perBatch.length);
  const finalMeter = await meter();
  const longTasks = await page.evaluate(() => window.__longTasks.slice());
  const badges = await page.locator('trichome-badge').count();
  await browser.close();
  await server.close();
  const ms = perBatch.map((s) => s * 1000).sort((a, b) => a - b);
  const own = ownPerBatch.sort((a, b) => a - b);
  const tr = traced ? traced.per.slice().sort((a, b) => a - b) : [];
  const trCpu = traced ? traced.perCpu.slice().sort((a, b) => a - b) : [];
  return {
    traced: traced && { cpu: { p50: quantile(trCpu, 0.5), p95: quantile(trCpu, 0.95), max: trCpu[trCpu.length - 1] }, p50: quantile(tr, 0.5), p95: quantile(tr, 0.95), max: tr[tr.length - 1], total: tr.reduce((a, b) => a + b, 0), byScript: traced.byScript, byCall: traced.byCall, calls: traced.calls },
    batches: ms.length, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: ms[ms.length - 1], longTasks, badges,
    own: own.length ? { health: finalMeter.health, maxByPart: finalMeter.maxByPart, countByPart: finalMeter.countByPart, p50: quantile(own, 0.5), p95: quantile(own, 0.95), max: own[own.length - 1], maxSlice: finalMeter.maxSliceMs, byPart: finalMeter.byPart, roots: finalMeter.roots } : null,
  };
}

// A do-nothing extension as the baseline, so both runs have the same browser set-up.
const empty = mkdtempSync(join(tmpdir(), 'trichome-empty-ext-'));
writeFileSync(join(empty, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'baseline', version: '1.0' }));

const without = await run(empty);
const withExt = await run(join(REPO_ROOT, 'dist', 'chrome'));
const f = (x) => x.toFixed(2).padStart(7);
console.log(`\nMain-thread time per batch of 20 posts (${withExt.batches} batches), ms:`);
console.log('                    p50      p95      max   long tasks (>50 ms)');
console.log(`without Trichome ${f(without.p50)}  ${f(without.p95)}  ${f(without.max)}   ${without.longTasks.length}`);
console.log(`with Trichome    ${f(withExt.p50)}  ${f(withExt.p95)}  ${f(withExt.max)}   ${withExt.longTasks.length}`);
console.log(`Trichome's share: p50 ${f(withExt.p50 - without.p50)} ms, p95 ${f(withExt.p95 - without.p95)} ms per batch; ratio p95 ${(withExt.p95 / without.p95).toFixed(2)}x`);
console.log(`long tasks with Trichome: ${withExt.longTasks.map((d) => d.toFixed(0)).join(', ') || 'none'}; without: ${without.longTasks.map((d) => d.toFixed(0)).join(', ') || 'none'}`);
console.log(`badges on the page at the end: ${withExt.badges}`);
if (withExt.own) {
  console.log('roots handled:', withExt.own.roots, '; by part (ms, all batches):', JSON.stringify(Object.fromEntries(Object.entries(withExt.own.byPart).map(([k, v]) => [k, Math.round(v)]))));
  const t = withExt.traced;
  if (t) {
    console.log(`Trichome's main-thread time per batch from the trace (its scripts' calls on the page's main thread): p50 ${f(t.p50)} ms, p95 ${f(t.p95)} ms, max ${f(t.max)} ms`);
    console.log('  by script (ms, all batches):', JSON.stringify(Object.fromEntries(Object.entries(t.byScript).map(([k, v]) => [k, Math.round(v)]))), '; calls:', t.calls);
    console.log(`  the same calls in thread (CPU) time, without the time the OS gave other processes: p50 ${f(t.cpu.p50)} ms, p95 ${f(t.cpu.p95)} ms, max ${f(t.cpu.max)} ms`);
    const top = Object.entries(t.byCall).sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log('  by call (ms, all batches):', top.map(([k, v]) => `${k || '?'} ${v.toFixed(0)}`).join('; '));
    console.log(`  the same trace without Trichome: ${without.traced ? without.traced.total.toFixed(1) : 'n/a'} ms in extension scripts (should be 0)`);
  }
  console.log('longest slice by part (ms):', JSON.stringify(Object.fromEntries(Object.entries(withExt.own.maxByPart || {}).map(([k, v]) => [k, Number(v.toFixed(1))]))));
  console.log('slices by part:', JSON.stringify(withExt.own.countByPart || {}));
  console.log('extraction health:', JSON.stringify(withExt.own.health));
  console.log(`Trichome's own synchronous main-thread time per batch (its meter): p50 ${f(withExt.own.p50)} ms, p95 ${f(withExt.own.p95)} ms, max ${f(withExt.own.max)} ms; longest single slice ${withExt.own.maxSlice.toFixed(2)} ms`);
}
