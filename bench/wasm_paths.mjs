// The wasm module's other paths, beside the engine bench's ingest (bench/engine_wasm.mjs): the first verdicts
// after an ingest (badgesFor on every account: the cross-account clusters, bursts against chance, drift and
// timing per account), and reading captured responses (ingestCapture on every X GraphQL capture and YouTube
// `next` response of the shared data). Under Node, each build's glue and module; `--against DIR` times a
// second build (DIR holding its trichome_core.js and trichome_core_bg.wasm) in the same run, the builds taking
// turns, so that a change is judged against its peer at the same moment on the same machine.
//   node bench/wasm_paths.mjs [--against DIR] [--rounds N]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../tests/e2e/server.mjs';
import { iraObservations } from './ira_observations.mjs';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : null);
const against = arg('--against');
const rounds = Number(arg('--rounds')) || 5;
const data = process.env.TRICHOME_DATA || join(REPO_ROOT, '..', 'shared', 'data');
if (!existsSync(join(data, 'campaigns', 'ira', 'authors'))) {
  console.log('skipping: ../shared/data not found');
  process.exit(0);
}

// The first 150 posts of each IRA author file: 64 accounts, about 9,500 posts.
const observations = iraObservations(join(data, 'campaigns', 'ira', 'authors'), { perAccount: 150 });
const keys = [...new Set(observations.map((o) => 'x:' + o.account_id))];
const batch = JSON.stringify(observations);

// Captures as the page hands them over: X GraphQL bodies, and the YouTube `next` responses recorded as exchanges.
const captures = [];
const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((f) => (f.isDirectory() ? files(join(dir, f.name)) : [join(dir, f.name)]));
for (const path of files(join(data, 'x', 'graphql')).filter((p) => p.endsWith('.json') && !p.endsWith('__meta.json'))) {
  captures.push({ url: 'https://x.com/i/api/graphql/q/Timeline', body: readFileSync(path, 'utf8') });
}
for (const path of files(join(data, 'youtube', 'next')).filter((p) => p.endsWith('.json'))) {
  const body = JSON.parse(readFileSync(path, 'utf8'))?.response?.responseBody;
  if (typeof body === 'string') captures.push({ url: 'https://www.youtube.com/youtubei/v1/next', body });
}
const megabytes = captures.reduce((n, c) => n + c.body.length, 0) / 1e6;

const builds = [{ name: 'dist/chrome', dir: join(REPO_ROOT, 'dist', 'chrome') }];
if (against) builds.push({ name: against, dir: against });
for (const b of builds) {
  b.core = new Function(readFileSync(join(b.dir, 'trichome_core.js'), 'utf8') + '\nreturn wasm_bindgen;')();
  await b.core({ module_or_path: readFileSync(join(b.dir, 'trichome_core_bg.wasm')) });
  b.verdicts = [];
  b.reading = Infinity;
}
for (let round = 0; round < rounds; round++) {
  for (const b of builds) {
    const engine = new b.core.WasmEngine();
    engine.ingestObservationsJson(batch, 'bench');
    let started = performance.now();
    engine.badgesFor(keys, 'bench');
    b.verdicts.push(performance.now() - started);
    engine.free();
    const reader = new b.core.WasmEngine();
    started = performance.now();
    for (const c of captures) reader.ingestCapture(c.url, c.body, 1.7e9, 'bench');
    b.reading = Math.min(b.reading, performance.now() - started);
    reader.free();
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${observations.length} posts of ${keys.length} accounts; ${captures.length} captures (${megabytes.toFixed(1)} MB); ${rounds} rounds`);
for (const b of builds) {
  console.log(`${b.name}: first badgesFor on every account ${median(b.verdicts).toFixed(1)} ms (median); reading the captures ${b.reading.toFixed(1)} ms (best)`);
}
if (builds.length > 1) {
  const [a, b] = builds;
  console.log(`${a.name} / ${b.name}, time: verdicts ${(median(a.verdicts) / median(b.verdicts)).toFixed(2)}, captures ${(a.reading / b.reading).toFixed(2)}`);
}
