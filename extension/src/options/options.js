// The options page: sensitivity, signals, history size and retention, keep-texts, indicator packs. Writes
// storage.local `settings` (settings.js) and `packs` (packs.js); the background applies both at once and the
// pages' badges follow. Every word from _locales; page data never reaches this page.
'use strict';

const api = globalThis.chrome || globalThis.browser;
const { t } = Trichome.i18n;
const S = Trichome.settings;
const P = Trichome.packs;
Trichome.i18n.fill(document);

const { el, byId, showHistory } = Trichome.pages;


const saved = () => {
  const line = byId('saved');
  line.textContent = t('optSaved');
  setTimeout(() => (line.textContent = ''), 2000);
};
const change = (patch) => S.save(api, patch).then(saved).then(() => setTimeout(showHistory, 2500));

/** The inputs named `name` (the preset's radio buttons, the signals' boxes). */
const inputsNamed = (name) => /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll(`input[name=${name}]`));
const keepTexts = byId('keep-texts', HTMLInputElement);

const mib = byId('history-mib', HTMLSelectElement);
for (const n of S.HISTORY_MIB) mib.append(el('option', { value: n }, t('optMiB', n)));
const retention = byId('retention', HTMLSelectElement);
for (const d of S.RETENTION_DAYS) retention.append(el('option', { value: d }, d ? t('retentionDays', d) : t('retentionForever')));

// The operators' zones, a box each, from the one list in settings.js.
const zoneList = byId('zone-list');
for (const z of S.OPERATOR_ZONES) {
  const box = el('input', { type: 'checkbox', name: 'zone', value: z.offset });
  zoneList.append(el('label', { class: 'inline' }, box, ' ', el('span', {}, t(z.id))));
}

function showSettings(s) {
  for (const radio of inputsNamed('preset')) radio.checked = radio.value === s.preset;
  for (const box of inputsNamed('signal')) box.checked = s.signals[box.value] !== false;
  mib.value = String(s.historyMiB);
  retention.value = String(s.retentionDays);
  keepTexts.checked = s.keepTexts;
  for (const box of inputsNamed('zone')) box.checked = s.operatorZones.includes(Number(box.value));
}

for (const radio of inputsNamed('preset')) radio.addEventListener('change', () => change({ preset: /** @type {Preset} */ (radio.value) }));
for (const box of inputsNamed('signal')) {
  box.addEventListener('change', async () => {
    const s = await S.load(api);
    change({ signals: { ...s.signals, [box.value]: box.checked } });
  });
}
for (const box of inputsNamed('zone')) {
  box.addEventListener('change', () => change({ operatorZones: [...inputsNamed('zone')].filter((b) => b.checked).map((b) => Number(b.value)) }));
}
// The stored choice is read back through `normalise`: a value outside the lists falls back to its default.
mib.addEventListener('change', () => change({ historyMiB: /** @type {Settings['historyMiB']} */ (Number(mib.value)) }));
retention.addEventListener('change', () => change({ retentionDays: /** @type {Settings['retentionDays']} */ (Number(retention.value)) }));
keepTexts.addEventListener('change', () => change({ keepTexts: keepTexts.checked }));


// Indicator packs: imported from a file the user picks, kept in storage.local, listed with a remove button each.
const loadPacks = () => new Promise((resolve) => api.storage.local.get(P.KEY, (items) => resolve(Array.isArray(items && items[P.KEY]) ? items[P.KEY] : [])));
const savePacks = (packs) => new Promise((resolve) => api.storage.local.set({ [P.KEY]: packs }, () => resolve(undefined)));

async function showPacks() {
  const packs = await loadPacks();
  const list = byId('pack-list');
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

const packFile = byId('pack-file', HTMLInputElement);
packFile.addEventListener('change', async () => {
  const file = packFile.files && packFile.files[0];
  const status = byId('pack-status');
  if (!file) return;
  const read = P.parse(await file.text());
  packFile.value = '';
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
