// One account's evidence card, in an extension tab (opened from the panel or the popup): the card drawn on a canvas
// (saved as PNG), the same card as JSON (Trichome.exporter.card), and its text for reading. Page text is drawn as
// text on the canvas or set as textContent; nothing here reaches the page.
'use strict';

const { t } = Trichome.i18n;
const X = Trichome.exporter;
const { byId } = Trichome.pages;
Trichome.i18n.fill(document);

const KIND_TITLES = { duplicate: 'kindDuplicate', timing: 'kindTiming', drift: 'kindDrift', identity: 'kindIdentity' };
const DAYS = ['dayMon', 'dayTue', 'dayWed', 'dayThu', 'dayFri', 'daySat', 'daySun'];
const WIDTH = 900;
const PAD = 28;
const FONT = 'system-ui, "Noto Sans CJK SC", "Noto Sans CJK TC", sans-serif';

/** Breaks `text` into lines no wider than `width`: at spaces in spaced scripts, between any two CJK characters. */
function wrap(ctx, text, width) {
  const tokens = String(text).match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+\s*|\s+/gu) || [];
  const lines = [];
  let line = '';
  for (const token of tokens) {
    if (line && ctx.measureText(line + token).width > width) {
      lines.push(line.trimEnd());
      line = token.trimStart();
    } else {
      line += token;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/** The card's drawing, run twice: once to measure its height, once to draw. Returns the height used. */
function drawCard(ctx, card) {
  let y = PAD;
  const text = (s, { size = 15, weight = 400, color = '#0f1419', indent = 0 } = {}) => {
    ctx.font = `${weight} ${size}px ${FONT}`;
    ctx.fillStyle = color;
    for (const line of wrap(ctx, s, WIDTH - 2 * PAD - indent)) {
      y += size * 1.35;
      ctx.fillText(line, PAD + indent, y);
    }
  };
  const gap = (h = 8) => (y += h);
  const name = card.account.handle ? '@' + card.account.handle : card.account.id;
  text(t('cardTitle'), { size: 13, color: '#536471' });
  text(`${name}${card.account.name ? ' · ' + card.account.name : ''}`, { size: 22, weight: 700 });
  if (card.level) {
    const color = card.level === 'likely' ? '#c4121f' : card.level === 'watch' ? '#9a6400' : '#536471';
    text(`${Trichome.i18n.levelWords(card.level)} · ${Trichome.i18n.count('panelScore', card.posts_seen, card.score)}`, { size: 16, weight: 600, color });
  }
  if (card.first_seen) text(t('cardSeen', card.first_seen, card.last_seen), { size: 13, color: '#536471' });
  for (const p of card.packs) {
    gap();
    text(t('packMark', p.name, p.source, p.date), { size: 14, weight: 600, color: '#3b3b98' });
  }
  for (const s of card.signals) {
    gap(10);
    text(`${t(KIND_TITLES[s.kind] || s.kind)} · ${t('signalStrength', Math.round(100 * s.strength), Math.round(100 * s.confidence) + '%')}`, { size: 14, weight: 700 });
    text(Trichome.i18n.sentence(s.message, s.summary), { size: 14 });
  }
  for (const c of card.clusters) {
    gap(10);
    text(t('cardCluster', c.id, c.accounts), { size: 13, weight: 700 });
    text('“' + String(c.text).slice(0, 280) + '”', { size: 13, indent: 12, color: '#333' });
    for (const m of c.members.slice(0, 12)) text(`${m.handle ? '@' + m.handle : m.account} · ${m.at || t('timeUnknown')}`, { size: 12, indent: 12, color: '#536471' });
  }
  if (card.heat_map) {
    gap(12);
    const shift = Math.round((card.heat_map.offset_minutes || 0) / 60);
    const zone = typeof card.heat_map.offset_minutes === 'number' ? `UTC${shift < 0 ? '−' : '+'}${Math.abs(shift)}` : null;
    text(zone ? t('heatCaptionZone', zone) : t('heatCaptionUtc'), { size: 13, weight: 600 });
    const grid = card.heat_map.grid_utc;
    const max = Math.max(1, ...grid.flat().filter(Number.isFinite));
    const cell = 24;
    const left = PAD + 50;
    y += 20;
    ctx.font = `400 11px ${FONT}`;
    ctx.fillStyle = '#536471';
    for (let h = 0; h < 24; h += 3) ctx.fillText(String(h).padStart(2, '0'), left + h * cell, y - 4);
    for (let d = 0; d < 7; d += 1) {
      ctx.fillStyle = '#536471';
      ctx.fillText(t(DAYS[d]), PAD, y + d * cell + 16);
      for (let h = 0; h < 24; h += 1) {
        const at = (d * 24 + h - shift + 7 * 24) % (7 * 24); // the UTC cell shown at this local hour
        const v = Number(grid[Math.floor(at / 24)][at % 24]) || 0;
        ctx.fillStyle = `rgba(29,155,240,${(v > 0 ? 0.15 + 0.85 * (v / max) : 0.06).toFixed(2)})`;
        ctx.fillRect(left + h * cell, y + d * cell, cell - 2, cell - 2);
      }
    }
    y += 7 * cell;
  }
  gap(16);
  text(card.about, { size: 12, color: '#536471' });
  return y + PAD;
}

/** Draws the card on the page's canvas, sized to fit, on white (the PNG is meant for articles and reports). */
function render(card) {
  const canvas = byId('card', HTMLCanvasElement);
  const measure = document.createElement('canvas').getContext('2d');
  const height = Math.ceil(drawCard(measure, card));
  canvas.width = WIDTH;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, WIDTH, height);
  drawCard(ctx, card);
  canvas.setAttribute('aria-label', t('cardTitle'));
}

/** The card's words as text, for reading and for screen readers. */
function showText(card) {
  const section = byId('text');
  const add = (tag, words) => {
    const node = document.createElement(tag);
    node.textContent = words;
    section.append(node);
    return node;
  };
  for (const s of card.signals) {
    add('h2', t(KIND_TITLES[s.kind] || s.kind));
    add('p', Trichome.i18n.sentence(s.message, s.summary));
  }
  for (const c of card.clusters) {
    add('h2', t('cardCluster', c.id, c.accounts));
    const list = add('ul', '');
    for (const m of c.members) {
      const item = document.createElement('li');
      item.textContent = `${m.handle ? '@' + m.handle : m.account} · ${m.at || t('timeUnknown')}`;
      list.append(item);
    }
  }
}

async function main() {
  const key = decodeURIComponent(location.hash.slice(1));
  const status = byId('status');
  if (!/^[a-z]+:.{1,300}$/.test(key)) return (status.textContent = t('cardNotFound'));
  const tab = Number(new URLSearchParams(location.search).get('tab'));
  const { settings, accounts } = await X.gather([key], Number.isSafeInteger(tab) && tab > 0 ? tab : undefined);
  const [account] = accounts;
  if (!account.verdict && !account.packs.length) return (status.textContent = t('cardNotFound'));
  const display = await Trichome.pages.ask({ what: 'displaySettings' });
  const card = X.card(account, settings, display.packs);
  await document.fonts.ready;
  render(card);
  showText(card);
  const base = `trichome-${key.replace(/[^A-Za-z0-9_@-]+/g, '_')}-${X.today()}`;
  const png = byId('png', HTMLButtonElement);
  const json = byId('json', HTMLButtonElement);
  png.addEventListener('click', () => byId('card', HTMLCanvasElement).toBlob((blob) => blob && X.download(base + '.png', blob), 'image/png'));
  json.addEventListener('click', () => X.download(base + '.json', new Blob([JSON.stringify(card, null, 2)], { type: 'application/json' })));
  png.disabled = false;
  json.disabled = false;
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  byId('status').textContent = String(e && e.message);
  document.body.dataset.ready = 'error';
});
