// Assembles the per-browser packages from the one shipped manifest.json:
//   node extension/tools/package.mjs <wasm-out-dir> <dist-dir>
// Chrome gets background.service_worker only; Firefox gets background.scripts only. Each package carries a
// platform.js naming its browser, so the content script knows whether the page's CSP governs its wasm.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [wasmOut, distDir] = process.argv.slice(2);
if (!wasmOut || !distDir) {
  console.error('usage: node extension/tools/package.mjs <wasm-out-dir> <dist-dir>');
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));

/**
 * wasm-bindgen's no-modules glue inside a factory, `trichomeCore()`: each call gives a fresh glue with its own
 * instance and memory once initialised, so that a core that trapped (its state is then unknown) is replaced whole
 * rather than called again (issue #17, finding 2). `wasm_bindgen` stays defined as the glue's first instance.
 */
function coreFactory(glue) {
  return `// Written by build.sh (extension/tools/package.mjs): the wasm-bindgen glue inside a factory.
var trichomeCore = function trichomeCore() {
${glue}
return wasm_bindgen;
};
var wasm_bindgen = trichomeCore();
`;
}

for (const browser of ['chrome', 'firefox']) {
  const out = resolve(distDir, browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(root, 'extension', 'src'), out, { recursive: true });
  cpSync(join(root, 'extension', 'icons'), join(out, 'icons'), { recursive: true });
  cpSync(join(root, 'extension', '_locales'), join(out, '_locales'), { recursive: true });
  // The tabs' module and the background's (build.sh: the background's adds what only the memory calls).
  for (const name of ['trichome_core', 'trichome_memory']) {
    cpSync(join(wasmOut, `${name}_bg.wasm`), join(out, `${name}_bg.wasm`));
    writeFileSync(join(out, `${name}.js`), coreFactory(readFileSync(join(wasmOut, `${name}.js`), 'utf8')));
  }
  writeFileSync(join(out, 'platform.js'), `// Written by build.sh.\nglobalThis.TRICHOME_PLATFORM = ${JSON.stringify(browser)};\n`);
  const m = structuredClone(manifest);
  if (browser === 'chrome') {
    m.background = { service_worker: manifest.background.service_worker };
    delete m.browser_specific_settings;
  } else {
    m.background = { scripts: manifest.background.scripts };
  }
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
  console.log(`packaged ${out}`);
}
