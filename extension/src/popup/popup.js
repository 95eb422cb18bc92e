// The toolbar popup: a summary of the current page from the tab's own content script (counts by level, the
// flagged accounts with their evidence cards and a CSV of them, the coordinated groups found, and how posts were
// extracted), and the stored history. Built with text nodes only; every word from _locales.
'use strict';

const api = globalThis.chrome || globalThis.browser;
const { t, count } = Trichome.i18n;
const X = Trichome.exporter;
const LEVEL_WORDS = { likely: 'popupLevelLikely', watch: 'popupLevelWatch', none: 'popupLevelNone', insufficient: 'popupLevelInsufficient' };
Trichome.i18n.fill(document);

const { el, byId, ask, showHistory } = Trichome.pages;

/** The page's flagged accounts (watch, likely, or named by a pack): a line each with its evidence card, and the CSV. */
async function showFlagged(keys, tab) {
  if (!keys.length) return;
  const { settings, accounts } = await X.gather(keys, tab);
  const flagged = accounts.filter(X.flagged);
  if (!flagged.length) return;
  const hidden = flagged.filter((a) => !a.packs.length && !Trichome.settings.shows(a.verdict, settings)).length;
  const list = byId('flagged-list');
  for (const a of flagged.slice(0, 50)) {
    const v = a.verdict;
    const name = v && v.account.handle ? '@' + v.account.handle : a.key;
    const open = el('button', { type: 'button', class: 'link' }, t('popupCard'));
    open.addEventListener('click', () => api.tabs.create({ url: api.runtime.getURL('evidence/evidence.html') + `?tab=${tab}#` + encodeURIComponent(a.key) }));
    const words = [v ? Trichome.i18n.levelWords(v.level) : '', ...a.packs.map((p) => '◆ ' + p)].filter(Boolean).join(' · ');
    list.append(el('li', { 'data-account': a.key }, name, ' — ', words, ' ', open));
  }
  if (hidden) list.after(el('p', { class: 'muted' }, count('popupHidden', hidden)));
  byId('csv').addEventListener('click', () => {
    X.download(`trichome-flagged-${X.today()}.csv`, new Blob([X.csv(flagged, settings)], { type: 'text/csv;charset=utf-8' }));
  });
  byId('flagged').hidden = false;
}

function show(summary, tab) {
  const status = byId('status');
  if (!summary || !summary.ready) {
    status.textContent = t('popupStarting');
    return;
  }
  const { report, health } = summary;
  const levels = report.levels || {};
  const total = Object.values(levels).reduce((a, b) => a + b, 0);
  status.textContent = count('popupScored', total);
  const levelList = el('ul');
  for (const level of ['likely', 'watch', 'none', 'insufficient']) {
    levelList.append(el('li', {}, el('span', { class: 'count' }, levels[level] || 0), ' ', t(LEVEL_WORDS[level])));
  }
  const levelsSection = byId('levels');
  levelsSection.replaceChildren(levelList);
  levelsSection.hidden = false;
  const clusters = report.clusters || [];
  const clusterSection = byId('clusters');
  if (clusters.length) {
    const list = el('ul');
    for (const c of clusters.slice(0, 20)) {
      const handles = ((c.evidence && c.evidence.handles) || []).filter(Boolean).map((h) => '@' + h);
      const item = el('li', {}, Trichome.i18n.sentence(c.message, c.summary));
      if (c.evidence && c.evidence.text) item.append(el('blockquote', {}, String(c.evidence.text).slice(0, 200)));
      if (handles.length) item.append(el('div', { class: 'muted' }, handles.join(', ')));
      list.append(item);
    }
    clusterSection.replaceChildren(el('h2', {}, count('popupGroups', clusters.length)), list);
    clusterSection.hidden = false;
  }
  const posts = health.postsFromJson + health.postsFromDom;
  const healthLine = byId('health');
  healthLine.textContent = t('popupHealth', health.postsFromJson, health.postsFromDom, t(summary.path === 'background' ? 'coreBackground' : 'corePage'));
  if (posts === 0 && summary.expectsPosts) {
    healthLine.textContent += ' ' + t('popupLayout');
    healthLine.className = 'warning';
  }
  showFlagged(Array.isArray(summary.keys) ? summary.keys : [], tab).catch((e) => console.warn('Trichome:', e && e.message));
}

// `?tab=<id>` opens the summary of a given tab (the end-to-end tests use it; the toolbar opens the active tab's).
const requestedTab = Number(new URLSearchParams(location.search).get('tab'));
const query = Number.isInteger(requestedTab) && requestedTab > 0 ? (cb) => api.tabs.get(requestedTab, (tab) => cb([tab])) : (cb) => api.tabs.query({ active: true, currentWindow: true }, cb);
query((tabs) => {
  const tab = tabs && tabs[0];
  if (!tab || typeof tab.id !== 'number') return show(null);
  api.tabs.sendMessage(tab.id, { what: 'pageSummary' }, (answer) => {
    if (api.runtime.lastError || !answer || !answer.ok) {
      byId('status').textContent = t('popupOnlySites');
      return;
    }
    show(answer.result, tab.id);
  });
});

// Stored history: how much, what happened to it, export (a local file, made in the browser), erase.

byId('export').addEventListener('click', async () => {
  const json = await ask({ what: 'exportHistory' });
  X.download(`trichome-history-${X.today()}.json`, new Blob([json], { type: 'application/json' }));
});

// Erasing asks twice, inside the popup: a toolbar popup may close, or not show the dialog, when it calls
// confirm() (reported for Firefox's popups; not checked here, the test driver cannot open a toolbar popup), so
// the button itself asks for the second click.
const eraseButton = byId('erase');
const ERASE_CONFIRM_MS = 5000;
let eraseArmed = null;
function disarmErase() {
  clearTimeout(eraseArmed);
  eraseArmed = null;
  eraseButton.textContent = t('erase');
  eraseButton.classList.remove('armed');
}
eraseButton.addEventListener('click', async () => {
  if (!eraseArmed) {
    eraseButton.textContent = t('eraseConfirm');
    eraseButton.classList.add('armed');
    eraseArmed = setTimeout(disarmErase, ERASE_CONFIRM_MS);
    return;
  }
  disarmErase();
  await ask({ what: 'eraseHistory' });
  showHistory();
  showKeepTexts();
});

// The choice to keep post texts (also on the options page); background.js rewrites the store when it changes.
const keepTextsBox = byId('keep-texts', HTMLInputElement);
function showKeepTexts() {
  Trichome.settings.load(api).then((s) => (keepTextsBox.checked = s.keepTexts));
}
keepTextsBox.addEventListener('change', () => {
  Trichome.settings.save(api, { keepTexts: keepTextsBox.checked }).then(() => setTimeout(showHistory, 2500));
});

showHistory();
showKeepTexts();
