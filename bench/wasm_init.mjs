// Start-up cost of the extension's wasm in Chromium: the time from the module's bytes to a ready core
// (compile, instantiate and the start function, through the wasm-bindgen glue's own init), as each tab
// that runs the core pays it. Headless Chromium, a blank page, the module from dist/chrome given as bytes
// (no network, no code cache); median of 9 fresh loads. Prints the module's raw and gzipped size beside it.
//   node bench/wasm_init.mjs [DIR]   (DIR: another build's trichome_core.js and trichome_core_bg.wasm; default dist/chrome)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '../tests/e2e/browser.mjs';
import { REPO_ROOT } from '../tests/e2e/server.mjs';

const dir = process.argv[2] || join(REPO_ROOT, 'dist', 'chrome');
const glue = readFileSync(join(dir, 'trichome_core.js'), 'utf8');
const wasm = readFileSync(join(dir, 'trichome_core_bg.wasm'));
// As build.sh counts it (gzip -9).
const gzipped = execFileSync('gzip', ['-9c'], { input: wasm, maxBuffer: 1 << 26 }).length;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
const times = await page.evaluate(async ({ glue, base64 }) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const out = [];
  for (let run = 0; run < 9; run++) {
    const wasmBindgen = new Function(glue + '\nreturn wasm_bindgen;')();
    const started = performance.now();
    await wasmBindgen({ module_or_path: bytes.slice() });
    new wasmBindgen.WasmEngine().free();
    out.push(performance.now() - started);
  }
  return out;
}, { glue, base64: wasm.toString('base64') });
await browser.close();

const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
console.log(`wasm: ${(wasm.length / 1024).toFixed(0)} KiB raw, ${(gzipped / 1024).toFixed(0)} KiB gzipped`);
console.log(`init in Chromium (compile, instantiate, start): median ${median.toFixed(1)} ms of ${times.length} (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)})`);
