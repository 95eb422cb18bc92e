// Writes the fuzz targets' starting corpora (./build.sh fuzz): the project's fixtures and, when present,
// ../shared/data, each shaped as its target reads it (a first byte that picks the address or format, then the
// file).  node fuzz/seed.mjs <corpus-dir>
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2];
if (!out) {
  console.error('usage: node fuzz/seed.mjs <corpus-dir>');
  process.exit(2);
}
const MAX_BYTES = 1_500_000;
const shared = [process.env.TRICHOME_DATA, join(root, '..', 'shared', 'data'), '/work/shared/data'].find((p) => p && existsSync(join(p, 'x')));
if (!shared) console.log('seeding from the fixtures only: ../shared/data not found');

function files(dir, extensions) {
  if (!dir || !existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...files(path, extensions));
    else if (extensions.some((e) => name.endsWith(e)) && statSync(path).size <= MAX_BYTES) found.push(path);
  }
  return found.sort();
}

let count = 0;
function seed(target, name, bytes) {
  mkdirSync(join(out, target), { recursive: true });
  writeFileSync(join(out, target, name.replace(/[^\w.-]+/g, '_')), bytes);
  count += 1;
}
const withByte = (byte, path) => Buffer.concat([Buffer.from([byte]), readFileSync(path)]);

const captures = [...files(join(root, 'crate/tests/fixtures'), ['.json']), ...files(shared && join(shared, 'x/graphql'), ['.json']), ...files(shared && join(shared, 'youtube'), ['.json'])].filter((p) => !p.endsWith('.expected.json'));
for (const path of captures) {
  const byte = /\/x\/|x_capture/.test(path) ? 0 : /browse/.test(path) ? 2 : /initial/.test(path) ? 3 : 1;
  seed('capture', `${byte}-${basename(dirname(path))}-${basename(path)}`, withByte(byte, path));
}
// Observations: what the readers made of the fixtures (their golden files), as the arrays a content script sends.
for (const path of files(join(root, 'crate/tests/fixtures'), ['.expected.json'])) {
  const reading = JSON.parse(readFileSync(path, 'utf8'));
  if (Array.isArray(reading.observations)) seed('observations', basename(path), JSON.stringify(reading.observations));
}
// The observation fixture holds broken lines on purpose: the good ones make one array.
const parsed = readFileSync(join(root, 'crate/tests/fixtures/import/observations.jsonl'), 'utf8').split('\n').flatMap((line) => {
  try {
    return [JSON.parse(line)];
  } catch (_) {
    return [];
  }
});
seed('observations', 'observations.jsonl', JSON.stringify(parsed));
// Stored history: a small one of each schema, and the golden observations restored as accounts without posts.
seed('restore', 'empty-v2', '{"schema":"trichome.history/2","saved_at":1,"accounts":[]}');
seed('restore', 'one-v1', '{"schema":"trichome.history/1","saved_at":1,"accounts":[{"site":"x","account":{"id":"1","handle":"a"},"names":[],"handles":[{"value":"a","first_seen":1,"last_seen":2}],"posts":[{"id":"p","text":"hello there my friends","observed_at":1,"source":"dom"}],"first_observed":1,"last_observed":2}]}');
// Datasets: each import fixture, its format detected (first byte 0).
for (const path of [...files(join(root, 'crate/tests/fixtures/import'), ['.json', '.jsonl', '.csv', '.tsv'])]) seed('import', basename(path), withByte(0, path));
// Text: post texts and relative times in many languages, from the observation fixtures.
for (const [i, o] of parsed.entries()) if (typeof o.text === 'string' && o.text) seed('text', `post-${i}`, o.text);
for (const t of ['3 days ago', 'vor 2 Wochen', 'il y a 5 minutes', '2 年前', 'hace 1 año', 'Streamed 3 hours ago', 'Wed Oct 10 20:19:24 +0000 2018', '2018-08-02T06:00:08-07:00']) seed('text', t, t);
// The engine's structured batches: a few of 8-byte observations.
seed('engine', 'copies', Buffer.from(Array.from({ length: 8 * 24 }, (_, i) => (i * 37 + (i >> 3)) & 0xff)));
console.log(`${count} seeds written to ${out}`);
