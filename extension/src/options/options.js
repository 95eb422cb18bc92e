// The options page: sensitivity, signals, history size and retention, keep-texts, indicator packs. Writes
// storage.local `settings` (settings.js) and `packs` (packs.js); the background applies both at once and the
// pages' badges follow. Every word from _locales; page data never reaches this page.
'use strict';

const api = globalThis.chrome || globalThis.browser;
const { t } = Trichome.i18n;
const S = Trichome.settings;
const P = Trichome.packs;
Trichome.i18n.fill(document);

const { el, showHistory } = Trichome.pages;


const saved = () => {
  const line = document.getElementById('saved');
  line.textContent = t('optSaved');
  setTimeout(() => (line.textContent = ''), 2000);
};
const change = (patch) => S.save(api, patch).then(saved).then(() => setTimeout(showHistory, 2500));

const mib = document.getElementById('history-mib');
for (const n of S.HISTORY_MIB) mib.append(el('option', { value: n }, t('optMiB', n)));
const retention = document.getElementById('retention');
for (const d of S.RETENTION_DAYS) retention.append(el('option', { value: d }, d ? t('retentionDays', d) : t('retentionForever')));

function showSettings(s) {
  for (const radio of document.querySelectorAll('input[name=preset]')) radio.checked = radio.value === s.preset;
  for (const box of document.querySelectorAll('input[name=signal]')) box.checked = s.signals[box.value] !== false;
  mib.value = String(s.historyMiB);
  retention.value = String(s.retentionDays);
  document.getElementById('keep-texts').checked = s.keepTexts;
}

for (const radio of document.querySelectorAll('input[name=preset]')) radio.addEventListener('change', () => change({ preset: radio.value }));
for (const box of document.querySelectorAll('input[name=signal]')) {
  box.addEventListener('change', async () => {
    const s = await S.load(api);
    change({ signals: { ...s.signals, [box.value]: box.checked } });
  });
}
mib.addEventListener('change', () => change({ historyMiB: Number(mib.value) }));
retention.addEventListener('change', () => change({ retentionDays: Number(retention.value) }));
document.getElementById('keep-texts').addEventListener('change', (e) => change({ keepTexts: e.target.checked }));


// Indicator packs: imported from a file the user picks, kept in storage.local, listed with a remove button each.
const loadPacks = () => new Promise((resolve) => api.storage.local.get(P.KEY, (items) => resolve(Array.isArray(items && items[P.KEY]) ? items[P.KEY] : [])));
const savePacks = (packs) => new Promise((resolve) => api.storage.local.set({ [P.KEY]: packs }, resolve));

async function showPacks() {
  const packs = await loadPacks();
  const list = document.getElementById('pack-list');
  list.replaceChildren();
  if (!packs.length) list.append(el('li', { class: 'muted' }, t('optPackNone')));
  packs.forEach((p, i) => {
    const remove = el('button', { type: 'button' }, t('optPackRemove'));
    remove.addEventListener('click', async () => {
      const now = await loadPacks();
      now.splice(i, 1);
      await savePacks(now);
      showPacks();
    });
    list.append(el('li', { 'data-pack': p.name }, t('optPackLine', p.name, p.accounts.length, p.texts.length + p.text_fingerprints.length, p.source, p.date), ' ', remove));
  });
}

document.getElementById('pack-file').addEventListener('change', async (event) => {
  const file = event.target.files && event.target.files[0];
  const status = document.getElementById('pack-status');
  if (!file) return;
  const read = P.parse(await file.text());
  event.target.value = '';
  if (read.error) {
    status.className = 'error';
    status.textContent = t('optPackError', t(read.error.id, ...read.error.args));
    return;
  }
  const packs = (await loadPacks()).filter((p) => p.name !== read.pack.name); // a pack of the same name is replaced
  if (packs.length >= P.MAX_PACKS) {
    status.className = 'error';
    status.textContent = t('optPackError', t('packErrTooMany', P.MAX_PACKS));
    return;
  }
  packs.push(read.pack);
  await savePacks(packs);
  status.className = '';
  status.textContent = t('optPackImported', read.pack.name, read.pack.accounts.length, read.pack.texts.length + read.pack.text_fingerprints.length);
  showPacks();
});

S.load(api).then(showSettings);
showHistory();
showPacks();
