// The same engine, three ways, in one run: native (the engine_ingest example), wasm under Node, and wasm in
// Chromium's extension service worker (where the X path runs it). Input: the IRA tweets of the shared data
// ($TRICHOME_DATA, else ../shared/data beside the repository) as observations (written to
// target/bench/observations.jsonl), taken in batches of 1,000 with the extension's limits. The wasm runs
// time what the extension does: JSON.stringify of each batch and ingestObservationsJson; the older
// object-walking ingestObservations is timed beside it. Prints posts per second and the ratios.
//   node bench/engine_wasm.mjs [--posts N]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, startServer } from '../tests/e2e/server.mjs';
import { launchWithExtension } from '../tests/e2e/browser.mjs';

const limit = Number(process.argv[process.argv.indexOf('--posts') + 1]) || 30000;
const dataDir = join(process.env.TRICHOME_DATA || join(REPO_ROOT, '..', 'shared', 'data'), 'campaigns', 'ira', 'authors');
if (!existsSync(dataDir)) {
  console.log('skipping: ../shared/data not found');
  process.exit(0);
}

// A small CSV reader for these files (quoted fields may hold commas and newlines).
function rows(text) {
  const out = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); out.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); out.push(row); }
  return out;
}

const observations = [];
for (const file of readdirSync(dataDir).sort()) {
  const [header, ...body] = rows(readFileSync(join(dataDir, file), 'utf8'));
  const col = Object.fromEntries(header.map((h, i) => [h, i]));
  for (const r of body) {
    if (observations.length >= limit) break;
    const at = Date.parse(r[col.publish_date].replace(' ', 'T') + 'Z') / 1000;
    if (!Number.isFinite(at)) continue;
    observations.push({
      schema: 'trichome.observation/1', site: 'x', kind: 'post', seen: { source: 'import', observed_at: at },
      id: `${file}:${observations.length}`, account_id: '@' + r[col.author_id], text: r[col.content],
      created: { earliest: at, latest: at + 59, precision: 'minute' },
    });
  }
}
const jsonl = join(REPO_ROOT, 'target', 'bench', 'observations.jsonl');
mkdirSync(join(REPO_ROOT, 'target', 'bench'), { recursive: true });
writeFileSync(jsonl, observations.map((o) => JSON.stringify(o)).join('\n') + '\n');
const posts = observations.length;

const native = execFileSync('cargo', ['run', '-q', '--profile', 'cli', '-p', 'trichome-bench', '--example', 'engine_ingest', '--', jsonl], { cwd: REPO_ROOT, encoding: 'utf8' });
const nativeRate = Number(/= (\d+) posts\/s/.exec(native)[1]);
console.log(native.trim());

// wasm under Node: the extension's own glue and module from dist/chrome.
const glueSource = readFileSync(join(REPO_ROOT, 'dist', 'chrome', 'trichome_core.js'), 'utf8');
const wasm_bindgen = new Function(glueSource + '\nreturn wasm_bindgen;')();
await wasm_bindgen({ module_or_path: readFileSync(join(REPO_ROOT, 'dist', 'chrome', 'trichome_core_bg.wasm')) });
// Each way timed on a fresh engine, best of three (the machine is shared).
const ways = {
  json: (e, batch) => e.ingestObservationsJson(JSON.stringify(batch), 'bench'),
  objects: (e, batch) => e.ingestObservations(batch, 'bench'),
};
const ratio = (rate) => `${(nativeRate / rate).toFixed(2)}x slower than native`;
const report = (where, rates) => {
  console.log(`wasm in ${where}: ${Math.round(rates.json)} posts/s (${ratio(rates.json)}), as the extension calls it (JSON string)`);
  console.log(`wasm in ${where}: ${Math.round(rates.objects)} posts/s (${ratio(rates.objects)}), the object-walking ingestObservations`);
};
const nodeRates = {};
for (const [name, ingest] of Object.entries(ways)) {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const engine = new wasm_bindgen.WasmEngine();
    const t0 = performance.now();
    for (let i = 0; i < posts; i += 1000) ingest(engine, observations.slice(i, i + 1000));
    best = Math.min(best, performance.now() - t0);
    engine.free();
  }
  nodeRates[name] = posts / (best / 1000);
}
report('Node', nodeRates);

// wasm in Chromium, in the extension's service worker.
const server = await startServer();
const browser = await launchWithExtension({ extensionDir: join(REPO_ROOT, 'dist', 'chrome'), port: server.port });
const sw = await browser.serviceWorker();
// A core of the bench's own, made as the background makes its (trichomeCore: the glue in a factory).
await sw.evaluate(async () => {
  globalThis.benchCore = globalThis.trichomeCore();
  await globalThis.benchCore({ module_or_path: chrome.runtime.getURL('trichome_core_bg.wasm') });
});
const chromiumRates = {};
for (const name of Object.keys(ways)) {
  const ms = await sw.evaluate(async ({ batch, name }) => {
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const e = new globalThis.benchCore.WasmEngine();
      const started = performance.now();
      for (let i = 0; i < batch.length; i += 1000) {
        const slice = batch.slice(i, i + 1000);
        if (name === 'json') e.ingestObservationsJson(JSON.stringify(slice), 'bench');
        else e.ingestObservations(slice, 'bench');
      }
      best = Math.min(best, performance.now() - started);
      e.free();
    }
    return best;
  }, { batch: observations, name });
  chromiumRates[name] = posts / (ms / 1000);
}
report('Chromium (service worker)', chromiumRates);
await browser.close();
await server.close();
