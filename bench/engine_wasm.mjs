// The same engine, three ways, in one run: native (the engine_ingest example), wasm under Node, and wasm in
// Chromium's extension service worker (where the X path runs it). Input: the IRA tweets of the shared data
// ($TRICHOME_DATA, else ../shared/data beside the repository) as observations (written to
// target/bench/observations.jsonl), taken in batches of 1,000 with the extension's limits. The wasm runs
// time what the extension does: JSON.stringify of each batch and ingestObservationsJson. Prints posts per
// second and the ratios. `--against DIR` times a second build (DIR holding its trichome_core.js and
// trichome_core_bg.wasm, e.g. a copy of dist/chrome from before a change) in the same run, interleaved with
// the shipped one, so that a change is judged against its peer on the same machine at the same moment.
//   node bench/engine_wasm.mjs [--posts N] [--against DIR]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, startServer } from '../tests/e2e/server.mjs';
import { iraObservations } from './ira_observations.mjs';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, launchWithExtension } from '../tests/e2e/browser.mjs';

const limit = Number(process.argv[process.argv.indexOf('--posts') + 1]) || 30000;
const against = process.argv.includes('--against') ? process.argv[process.argv.indexOf('--against') + 1] : null;
const dataDir = join(process.env.TRICHOME_DATA || join(REPO_ROOT, '..', 'shared', 'data'), 'campaigns', 'ira', 'authors');
if (!existsSync(dataDir)) {
  console.log('skipping: ../shared/data not found');
  process.exit(0);
}

const observations = iraObservations(dataDir, { limit });
const jsonl = join(REPO_ROOT, 'target', 'bench', 'observations.jsonl');
mkdirSync(join(REPO_ROOT, 'target', 'bench'), { recursive: true });
writeFileSync(jsonl, observations.map((o) => JSON.stringify(o)).join('\n') + '\n');
const posts = observations.length;

const native = execFileSync('cargo', ['run', '-q', '--profile', 'cli', '-p', 'trichome-bench', '--example', 'engine_ingest', '--', jsonl], { cwd: REPO_ROOT, encoding: 'utf8' });
const nativeRate = Number(/= (\d+) posts\/s/.exec(native)[1]);
console.log(native.trim());

// The builds timed: the shipped one (dist/chrome), and the peer given with --against.
const builds = [{ name: 'dist/chrome', dir: join(REPO_ROOT, 'dist', 'chrome') }];
if (against) builds.push({ name: against, dir: against });
for (const b of builds) {
  b.glue = readFileSync(join(b.dir, 'trichome_core.js'), 'utf8');
  b.wasm = readFileSync(join(b.dir, 'trichome_core_bg.wasm'));
  const gzipped = execFileSync('gzip', ['-9c'], { input: b.wasm, maxBuffer: 1 << 26 }).length;
  console.log(`${b.name}: ${(b.wasm.length / 1024).toFixed(0)} KiB raw, ${(gzipped / 1024).toFixed(0)} KiB gzipped`);
}
const ratio = (rate) => `${(nativeRate / rate).toFixed(2)}x slower than native`;
const report = (where, rates) => {
  builds.forEach((b, i) => console.log(`wasm in ${where}, ${b.name}: ${Math.round(rates[i])} posts/s (${ratio(rates[i])}), as the extension calls it (JSON string)`));
  if (builds.length > 1) console.log(`wasm in ${where}: ${builds[0].name} / ${builds[1].name} = ${(rates[0] / rates[1]).toFixed(3)}`);
};
const ROUNDS = 3;

// wasm under Node: each build's glue and module; best of ROUNDS, the builds taking turns.
const cores = await Promise.all(builds.map(async (b) => {
  const core = new Function(b.glue + '\nreturn wasm_bindgen;')();
  await core({ module_or_path: b.wasm });
  return core;
}));
const nodeBest = builds.map(() => Infinity);
for (let run = 0; run < ROUNDS; run++) {
  cores.forEach((core, i) => {
    const engine = new core.WasmEngine();
    const t0 = performance.now();
    for (let j = 0; j < posts; j += 1000) engine.ingestObservationsJson(JSON.stringify(observations.slice(j, j + 1000)), 'bench');
    nodeBest[i] = Math.min(nodeBest[i], performance.now() - t0);
    engine.free();
  });
}
report('Node', nodeBest.map((ms) => posts / (ms / 1000)));

// wasm in Chromium: the shipped build in the extension's service worker (where the X path runs it); with a peer,
// both builds in a blank page instead (an extension's pages may not evaluate a second glue), taking turns.
const server = await startServer();
if (builds.length === 1) {
  const browser = await launchWithExtension({ extensionDir: join(REPO_ROOT, 'dist', 'chrome'), port: server.port });
  const sw = await browser.serviceWorker();
  // A core of the bench's own, made as the background makes its (trichomeCore: the background module's glue in a
  // factory).
  const ms = await sw.evaluate(async ({ batch, rounds }) => {
    const core = globalThis.trichomeCore();
    await core({ module_or_path: chrome.runtime.getURL('trichome_memory_bg.wasm') });
    let best = Infinity;
    for (let run = 0; run < rounds; run++) {
      const e = new core.WasmEngine();
      const started = performance.now();
      for (let i = 0; i < batch.length; i += 1000) e.ingestObservationsJson(JSON.stringify(batch.slice(i, i + 1000)), 'bench');
      best = Math.min(best, performance.now() - started);
      e.free();
    }
    return best;
  }, { batch: observations, rounds: ROUNDS });
  report('Chromium (service worker)', [posts / (ms / 1000)]);
  await browser.close();
} else {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage();
  const best = await page.evaluate(async ({ builds, batch, rounds }) => {
    const cores = [];
    for (const b of builds) {
      const core = new Function(b.glue + '\nreturn wasm_bindgen;')();
      await core({ module_or_path: Uint8Array.from(atob(b.base64), (c) => c.charCodeAt(0)) });
      cores.push(core);
    }
    const out = cores.map(() => Infinity);
    for (let run = 0; run < rounds; run++) {
      cores.forEach((core, k) => {
        const e = new core.WasmEngine();
        const started = performance.now();
        for (let i = 0; i < batch.length; i += 1000) e.ingestObservationsJson(JSON.stringify(batch.slice(i, i + 1000)), 'bench');
        out[k] = Math.min(out[k], performance.now() - started);
        e.free();
      });
    }
    return out;
  }, { builds: builds.map((b) => ({ glue: b.glue, base64: b.wasm.toString('base64') })), batch: observations, rounds: ROUNDS });
  report('Chromium (page)', best.map((ms) => posts / (ms / 1000)));
  await browser.close();
}
await server.close();
