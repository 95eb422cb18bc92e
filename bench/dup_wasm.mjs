// Signatures + LSH insertion of the duplicate index, natively and in wasm, in one run: the insertion stage
// of `dup_bench` (native, one core) beside the same loop built for wasm32 (`bench/examples/dup_wasm.rs`,
// the extension's release profile) under Node and in a Chromium page. Same posts (the IRA tweets of the
// shared data), each run a fresh unbounded index; best of three runs each. Prints posts per second and the
// ratios to native.
//   node bench/dup_wasm.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO_ROOT } from '../tests/e2e/server.mjs';
import { CHROMIUM_PATH } from '../tests/e2e/browser.mjs';

const dataDir = join(process.env.TRICHOME_DATA || join(REPO_ROOT, '..', 'shared', 'data'), 'campaigns', 'ira');
if (!existsSync(dataDir)) {
  console.log('skipping: ../shared/data not found');
  process.exit(0);
}
const out = join(REPO_ROOT, 'target', 'bench');
mkdirSync(out, { recursive: true });
const corpusPath = join(out, 'dup_corpus.bin');
const nativeJson = join(out, 'dup_bench_native.json');
const run = (args) => execFileSync('cargo', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

run(['build', '--quiet', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'trichome-bench', '--example', 'dup_wasm']);
const wasm = readFileSync(join(REPO_ROOT, 'target', 'wasm32-unknown-unknown', 'release', 'examples', 'dup_wasm.wasm'));
run(['run', '--quiet', '--profile', 'cli', '-p', 'trichome-bench', '--example', 'dup_bench', '--', '--json', nativeJson, '--write-corpus', corpusPath]);
const native = JSON.parse(readFileSync(nativeJson, 'utf8'));
const corpus = readFileSync(corpusPath);
const posts = native.posts;

// The measurement itself, the same in Node and in the page: a fresh instance per run, so each starts with
// an empty memory, as the native runs start with an empty index. The crate's wasm-bindgen glue is linked in
// too and declares imports that this loop never calls: each is given a function that throws.
async function measure(wasmBytes, corpusBytes, runs) {
  const unused = (name) => () => { throw new Error(`unexpected call of ${name}`); };
  const imports = new Proxy({}, { get: (_, module) => new Proxy({}, { get: (__, name) => unused(`${String(module)}.${String(name)}`) }) });
  const rates = [];
  let held = 0;
  for (let r = 0; r < runs; r++) {
    const { instance } = await WebAssembly.instantiate(wasmBytes, imports);
    const { memory, corpus_buffer: buffer, insert_corpus: insert } = instance.exports;
    const ptr = buffer(corpusBytes.length);
    new Uint8Array(memory.buffer, ptr, corpusBytes.length).set(corpusBytes);
    const started = performance.now();
    held = insert(ptr, corpusBytes.length);
    rates.push(performance.now() - started);
  }
  return { bestMs: Math.min(...rates), held };
}

const inNode = await measure(wasm, corpus, 3);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
let inChromium;
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><title>dup_wasm</title>');
  inChromium = await page.evaluate(
    async ({ w, c, source }) => {
      const fn = new Function(`return (${source})`)();
      const bytes = (b64) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      return fn(bytes(w), bytes(c), 3);
    },
    { w: wasm.toString('base64'), c: corpus.toString('base64'), source: measure.toString() },
  );
} finally {
  await browser.close();
}

const rate = (ms) => posts / (ms / 1000);
const nodeRate = rate(inNode.bestMs);
const chromiumRate = rate(inChromium.bestMs);
console.log(`\n${posts} IRA tweets; index holds ${inNode.held} (Node) / ${inChromium.held} (Chromium) posts after insertion\n`);
console.log('| signatures + LSH insertion, one core | posts/s | slower than native |');
console.log('|---|---:|---:|');
console.log(`| native (dup_bench) | ${native.insert_per_s.toFixed(0)} | 1.00x |`);
console.log(`| wasm in Node ${process.version} | ${nodeRate.toFixed(0)} | ${(native.insert_per_s / nodeRate).toFixed(2)}x |`);
console.log(`| wasm in Chromium (page) | ${chromiumRate.toFixed(0)} | ${(native.insert_per_s / chromiumRate).toFixed(2)}x |`);
