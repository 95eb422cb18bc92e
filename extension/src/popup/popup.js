// The toolbar popup: a summary of the current page from the tab's own content script (counts by level, the
// coordinated groups found, and how posts were extracted). Built with text nodes only.
'use strict';

const api = globalThis.chrome || globalThis.browser;
const LEVEL_WORDS = { likely: 'likely coordinated', watch: 'worth a second look', none: 'nothing found', insufficient: 'insufficient data' };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : String(c));
  return node;
}

function show(summary) {
  const status = document.getElementById('status');
  if (!summary || !summary.ready) {
    status.textContent = 'Trichome is still starting on this page.';
    return;
  }
  const { report, health } = summary;
  const levels = report.levels || {};
  const total = Object.values(levels).reduce((a, b) => a + b, 0);
  status.textContent = `${total} account${total === 1 ? '' : 's'} scored on this page.`;
  const levelList = el('ul');
  for (const level of ['likely', 'watch', 'none', 'insufficient']) {
    levelList.append(el('li', {}, el('span', { class: 'count' }, levels[level] || 0), ' ', LEVEL_WORDS[level]));
  }
  const levelsSection = document.getElementById('levels');
  levelsSection.replaceChildren(levelList);
  levelsSection.hidden = false;
  const clusters = report.clusters || [];
  const clusterSection = document.getElementById('clusters');
  if (clusters.length) {
    const list = el('ul');
    for (const c of clusters.slice(0, 20)) {
      const handles = ((c.evidence && c.evidence.handles) || []).filter(Boolean).map((h) => '@' + h);
      const item = el('li', {}, String(c.summary || ''));
      if (c.evidence && c.evidence.text) item.append(el('blockquote', {}, String(c.evidence.text).slice(0, 200)));
      if (handles.length) item.append(el('div', { class: 'muted' }, handles.join(', ')));
      list.append(item);
    }
    clusterSection.replaceChildren(el('h2', {}, `${clusters.length} coordinated group${clusters.length === 1 ? '' : 's'}`), list);
    clusterSection.hidden = false;
  }
  const posts = health.postsFromJson + health.postsFromDom;
  const healthLine = document.getElementById('health');
  healthLine.textContent = `Posts read: ${health.postsFromJson} from the site's data, ${health.postsFromDom} from the page. Core runs in the ${summary.path === 'background' ? 'extension background' : 'page'}.`;
  if (posts === 0 && summary.expectsPosts) {
    healthLine.textContent += ' No posts found on a page that should have some: the site\u2019s layout may have changed.';
    healthLine.className = 'warning';
  }
}

// `?tab=<id>` opens the summary of a given tab (the end-to-end tests use it; the toolbar opens the active tab's).
const requestedTab = Number(new URLSearchParams(location.search).get('tab'));
const query = Number.isInteger(requestedTab) && requestedTab > 0 ? (cb) => api.tabs.get(requestedTab, (t) => cb([t])) : (cb) => api.tabs.query({ active: true, currentWindow: true }, cb);
query((tabs) => {
  const tab = tabs && tabs[0];
  if (!tab || typeof tab.id !== 'number') return show(null);
  api.tabs.sendMessage(tab.id, { what: 'pageSummary' }, (answer) => {
    if (api.runtime.lastError || !answer || !answer.ok) {
      document.getElementById('status').textContent = 'Trichome works on x.com and youtube.com pages.';
      return;
    }
    show(answer.result);
  });
});

// Stored history: how much, export (a local file, made in the browser), erase.
function ask(message) {
  return new Promise((resolve, reject) =>
    api.runtime.sendMessage(message, (answer) => (answer && answer.ok ? resolve(answer.result) : reject(new Error((answer && answer.error) || 'no answer')))),
  );
}

function showHistorySize() {
  ask({ what: 'historyInfo' }).then(
    (info) => {
      document.getElementById('history-size').textContent =
        `${info.accounts} account${info.accounts === 1 ? '' : 's'} remembered in this browser (${Math.round(info.storedBytes / 1024)} KiB of ${Math.round(info.budgetBytes / 1024)} KiB).`;
    },
    () => {
      document.getElementById('history-size').textContent = 'History is not available right now.';
    },
  );
}

document.getElementById('export').addEventListener('click', async () => {
  const json = await ask({ what: 'exportHistory' });
  const link = el('a', { download: `trichome-history-${new Date().toISOString().slice(0, 10)}.json` });
  link.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  document.body.append(link);
  link.click();
  link.remove();
});

// Erasing asks twice, inside the popup: a toolbar popup may close, or not show the dialog, when it calls
// confirm() (reported for Firefox's popups; not checked here, the test driver cannot open a toolbar popup), so
// the button itself asks for the second click.
const eraseButton = document.getElementById('erase');
const ERASE_LABEL = eraseButton.textContent;
const ERASE_CONFIRM_MS = 5000;
let eraseArmed = null;
function disarmErase() {
  clearTimeout(eraseArmed);
  eraseArmed = null;
  eraseButton.textContent = ERASE_LABEL;
  eraseButton.classList.remove('armed');
}
eraseButton.addEventListener('click', async () => {
  if (!eraseArmed) {
    eraseButton.textContent = 'Erase everything remembered? Click again';
    eraseButton.classList.add('armed');
    eraseArmed = setTimeout(disarmErase, ERASE_CONFIRM_MS);
    return;
  }
  disarmErase();
  await ask({ what: 'eraseHistory' });
  showHistorySize();
  showKeepTexts();
});

// The choice to keep post texts, stored in storage.local under `settings`; background.js reads it on every
// save and rewrites the store when it changes. Off unless chosen.
const keepTextsBox = document.getElementById('keep-texts');
function showKeepTexts() {
  api.storage.local.get('settings', (items) => {
    keepTextsBox.checked = Boolean(items && items.settings && items.settings.keepTexts === true);
  });
}
keepTextsBox.addEventListener('change', () => {
  api.storage.local.set({ settings: { keepTexts: keepTextsBox.checked } }, () => setTimeout(showHistorySize, 2500));
});

showHistorySize();
showKeepTexts();
