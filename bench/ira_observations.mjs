// The IRA tweets of the shared data as observations, the input the wasm benchmarks share (engine_wasm.mjs,
// wasm_paths.mjs): each author file's posts in order, at most `perAccount` of each and `limit` in all.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

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

/**
 * @param {string} authorsDir the shared data's campaigns/ira/authors
 * @param {{limit?: number, perAccount?: number}} [bounds]
 */
export function iraObservations(authorsDir, { limit = Infinity, perAccount = Infinity } = {}) {
  const observations = [];
  for (const file of readdirSync(authorsDir).sort()) {
    const [header, ...body] = rows(readFileSync(join(authorsDir, file), 'utf8'));
    const col = Object.fromEntries(header.map((h, i) => [h, i]));
    for (const r of body.slice(0, perAccount)) {
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
  return observations;
}
