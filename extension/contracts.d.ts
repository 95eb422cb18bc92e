// The extension's JavaScript contracts, in one place: the shape every site module honours, the closed set of
// messages between the extension's parts (and their answers), the settings, and each part of the shared
// `Trichome` namespace. Checked by `tsc -p tsconfig.json` (./build.sh test); never packaged (package.mjs copies
// extension/src only). A new site module implements `SiteModule` and is named in `SiteName` and
// `messages.SITE_HOSTS`; a new message is one more member of `Message` (and `MessageResults`), of
// `messages.WHATS`, and a case of `isMessage` and `withinSite`.

// ---------------------------------------------------------------------------------------------------------------
// Sites

/** The sites Trichome reads; each is one module under content/sites/. */
type SiteName = 'x' | 'youtube';

/** An account as the core and the badges name it: `<site>:<id>` or `<site>:@<handle, lower case>`. */
type AccountKey = string;

/** Where a badge goes: an element showing an account's name, and the account. */
interface Anchor {
  element: Element;
  key: AccountKey;
  handle: string;
}

/** An element that `SiteModule.survey` set aside for the post reader, and what the site module found it to be. */
interface Readable {
  el: Element;
  kind: string;
}

/** What one walk of an added subtree found: badge anchors now, and what to read once the grace has passed. */
interface Survey {
  anchors: Anchor[];
  /** Empty when the subtree holds nothing the post reader reads. */
  later: Readable[];
}

/** On a post's own page: the focal post and the keys of the replies' authors below it, in page order. */
interface Thread {
  focal: Element;
  replies: AccountKey[];
}

/** Where a page says it is: what the site modules read of `location`. */
type PageLocation = Pick<Location, 'pathname'>;

/**
 * One site's module (content/sites/<site>.js): every selector, and the readers. The scheduler (content/main.js)
 * treats every site through this shape alone; a member a site has no use for still answers (`thread` gives null).
 */
interface SiteModule {
  /** Every selector the site module uses; `post` is the element a rendered post is. */
  readonly SELECTORS: Readonly<Record<string, string>> & { readonly post: string };
  /** One walk of an added subtree (`root` itself included). */
  survey(root: Element): Survey;
  /** Reads what `survey` set aside into observations, skipping posts whose ids are in `known` and nodes gone. */
  readLater(found: Readable[], pageUrl: string, now: number, known: ReadonlySet<string>): Observation[];
  /** The badge anchors under `root` alone (a re-render inside a post already read). */
  nameAnchors(root: Element): Anchor[];
  /** The thread on a post's own page; null elsewhere, and on sites without threads. */
  thread(root: ParentNode, location: PageLocation): Thread | null;
  /** Whether this page should show posts (so an empty reading means the layout changed). */
  expectsPosts(location: PageLocation): boolean;
  /** A profile's address, for the evidence panel's links. */
  profileUrl(handle: string): string;
  /** The handle a link's address names, or null. */
  handleFromHref(href: string | null): string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// The core's shapes, as far as JavaScript reads them (docs/observations.md, docs/verdicts.md hold the whole)

/** `trichome.observation/1` (docs/observations.md). */
interface Observation {
  schema: 'trichome.observation/1';
  site: SiteName;
  kind: 'account' | 'post';
  id: string;
  seen: { source: 'dom' | 'json'; page_url: string; observed_at: number };
  [field: string]: unknown;
}

type Level = 'likely' | 'watch' | 'none' | 'insufficient';

/**
 * One of the core's sentences as message ids and arguments (crate::verdict::message, docs/verdicts.md "A
 * message"): phrases shown one after the other; a string argument is data, an array a nested message.
 */
type CoreMessage = CorePhrase[];
interface CorePhrase {
  id: string;
  args: (string | CoreMessage)[];
}

/** A signal's part of a verdict. */
interface Signal {
  kind: string;
  strength: number;
  confidence: number;
  /** The sentence in English. */
  summary?: string;
  /** The same sentence for the reader's language (absent from verdicts stored before it existed). */
  message?: CoreMessage;
  evidence?: any;
}

/** `trichome.verdict/1` (docs/verdicts.md), as the panel and the exports read it. */
interface Verdict {
  account: { id: string; handle: string | null };
  level: Level;
  score: number;
  posts_seen: number;
  signals: Signal[];
  unknowns: string[];
  /** One message per line of `unknowns`. */
  unknown_messages?: CoreMessage[];
  [field: string]: unknown;
}

/** What a badge shows of a verdict. */
interface BadgeSummary {
  level: Level;
  score: number;
  signs?: string[];
  clusters?: unknown[];
  /** The strongest sign's sentence, in English and as a message. */
  reason?: string;
  reason_message?: CoreMessage;
  [field: string]: unknown;
}

/** A group of accounts found together on a page. */
interface Cluster {
  summary?: string;
  message?: CoreMessage;
  evidence?: { handles?: (string | null)[]; text?: string; [field: string]: unknown };
  [field: string]: unknown;
}

/** The core's report on a page's accounts. */
interface PageReport {
  levels?: Partial<Record<Level, number>>;
  clusters?: Cluster[];
  [field: string]: unknown;
}

/** What the core says of an ingested batch. */
interface IngestResult {
  stats?: { posts_new: number; posts_known: number; [field: string]: number };
  warnings?: unknown[];
  post_ids?: string[];
  [field: string]: unknown;
}

/** What a badge book answers: the summaries that changed, or `reset` when it no longer holds the book. */
interface BadgeChanges {
  reset: boolean;
  changes: [AccountKey, BadgeSummary | null][];
}

// ---------------------------------------------------------------------------------------------------------------
// Messages: the closed set (content/messages.js: WHATS, isMessage, withinSite)

/** Every message between the extension's parts, told apart by `what`. */
type Message =
  | { what: 'ingestCapture'; url: string; body: string }
  | { what: 'ingestObservations'; observations: Observation[] }
  | { what: 'verdictsFor'; keys: AccountKey[]; tab?: number }
  | { what: 'badgeChanges'; book: string; add: AccountKey[]; drop: AccountKey[]; fresh: boolean }
  | { what: 'pageReport'; keys?: AccountKey[]; tab?: number }
  | { what: 'recall'; keys: AccountKey[] }
  | { what: 'historyInfo' }
  | { what: 'exportHistory' }
  | { what: 'eraseHistory' }
  | { what: 'displaySettings' }
  | { what: 'packMarks'; keys: AccountKey[] }
  | { what: 'openEvidence'; key: AccountKey }
  // The popup to a tab's content script (the only message that goes that way).
  | { what: 'pageSummary' };

type MessageName = Message['what'];

/** The answer to each message, as `result` of an `Answer`. */
interface MessageResults {
  ingestCapture: IngestResult;
  ingestObservations: IngestResult;
  verdictsFor: (Verdict | null)[];
  badgeChanges: BadgeChanges;
  pageReport: PageReport;
  /** The recalled histories, as the core's JSON text. */
  recall: string;
  historyInfo: HistoryInfo;
  exportHistory: string;
  eraseHistory: true;
  displaySettings: DisplaySettings;
  packMarks: [AccountKey, string[]][];
  openEvidence: true;
  pageSummary: PageSummary;
}

/** Every answer: the result, or why there is none (`'unhandled'` for anything outside the closed set). */
type Answer<T> = { ok: true; result: T } | { ok: false; error: string };

/** How stored history stands (popup and options). */
interface HistoryInfo {
  accounts: number;
  storedBytes: number;
  budgetBytes: number;
  skipped: number;
  trimmed: boolean;
}

/** What content scripts need to draw badges; `revision` moves whenever the settings or the packs change. */
interface DisplaySettings {
  settings: Settings;
  packs: PackName[];
  revision: number;
}

/** A pack as content scripts see it: its name, not its lists. */
interface PackName {
  name: string;
  source?: string | null;
  date?: string | null;
}

/** Where the content script spends the page's main thread. */
interface Meter {
  busyMs: number;
  slices: number;
  maxSliceMs: number;
  roots: number;
  byPart: Record<string, number>;
  maxByPart: Record<string, number>;
  countByPart: Record<string, number>;
  firstBadgeMs?: number;
}

/** How posts reached the content script, and what went wrong. */
interface Health {
  postsFromJson: number;
  postsFromDom: number;
  captures: number;
  capturesDropped: number;
  capturesRefused: number;
  warnings: number;
  errors: number;
}

/** A tab's answer to the popup. */
type PageSummary =
  | { ready: false; health: Health; meter: Meter }
  | { ready: true; path: EnginePath; report: PageReport; health: Health; meter: Meter; expectsPosts: boolean; keys: AccountKey[] };

/** A capture forwarded from the page's world over capture.js's private channel. */
interface Capture {
  url: string;
  body: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Settings (settings.js)

type SignalKind = 'duplicate' | 'timing' | 'drift' | 'identity';
type Preset = 'cautious' | 'balanced' | 'aggressive';

/** The user's choices, as stored under storage.local `settings` and always read through `normalise`. */
interface Settings {
  preset: Preset;
  signals: Record<SignalKind, boolean>;
  historyMiB: 1 | 2 | 4;
  retentionDays: 0 | 30 | 90 | 365;
  keepTexts: boolean;
  /** UTC offsets (minutes) of the operators looked for: their office shift counts a little more. */
  operatorZones: readonly number[];
}

// ---------------------------------------------------------------------------------------------------------------
// The core's wasm binding (crate/src/wasm.rs, `WasmEngine`), as the background and the content script call it

/** What a restore or an absorb reports: an error names what did not read. */
interface CoreOutcome {
  error?: string;
  [field: string]: unknown;
}

/** The tabs' module (trichome_core): what a content script's own core is called for. */
interface PageEngine {
  ingestCapture(url: string, body: string, observedAt: number, page: string): IngestResult;
  ingestObservationsJson(json: string, page: string): IngestResult;
  verdictsFor(keys: AccountKey[], page: string): (Verdict | null)[];
  badgesFor(keys: AccountKey[], page: string): (BadgeSummary | null)[];
  setOperatorOffsets(offsets: number[]): void;
  pageReportFor(keys: AccountKey[], page: string): PageReport;
  absorb(histories: string): CoreOutcome;
  accountCount(): number;
}

/** The background's module (trichome_memory): the tabs' module and what only the memory calls. */
interface WasmEngine extends PageEngine {
  pageReport(): PageReport;
  /** The histories bearing on `keys`, as JSON text for another engine's `absorb`. */
  recall(keys: AccountKey[]): string;
  exportHistory(savedAt: number, maxBytes: number, keepTexts: boolean): string;
  importHistory(json: string): CoreOutcome;
}

/** The wasm glue's module once initialised (`trichomeCore()` gives a fresh one). */
interface CoreModule {
  (options: { module_or_path: string }): Promise<unknown>;
  WasmEngine: new () => WasmEngine;
}

// ---------------------------------------------------------------------------------------------------------------
// The engine a tab uses (content/engine-client.js)

type EnginePath = 'content-script' | 'background';

/** The core for one tab, wherever it runs: the same asynchronous API in the page and behind messages. */
interface EngineClient {
  readonly path: EnginePath;
  ingestCapture(url: string, body: string): Promise<IngestResult>;
  ingestObservations(observations: Observation[]): Promise<IngestResult>;
  verdictsFor(keys: AccountKey[]): Promise<(Verdict | null)[]>;
  /** Opens (or opens again) the page's badge book with every key it shows. */
  openBook(book: string, keys: AccountKey[]): Promise<BadgeChanges>;
  /** The summaries that changed in a book already open, after the keys added and dropped. */
  badgeChanges(book: string, add: AccountKey[], drop: AccountKey[]): Promise<BadgeChanges>;
  pageReport(keys: AccountKey[]): Promise<PageReport>;
  /** The operators' zones looked for (the background's core takes them from the settings itself). */
  setOperatorZones(offsets: readonly number[]): void;
}

// ---------------------------------------------------------------------------------------------------------------
// The namespace's parts

/** A token bucket (messages.js, rateLimit): whether `n` units may pass now. */
type Bucket = (n?: number) => boolean;

/** What one page may hand the core. */
interface PageBudget {
  admitsCapture(bytes: number): boolean;
  admitsObservations(n: number): boolean;
}

/** The answering side of the badge books (messages.js, badgeBooks); `page` is the page as the core counts pages. */
interface BadgeBooks {
  /** Starts book `id` over with `keys` (a page's first ask, or its ask after a `reset`). */
  open(id: string, keys: AccountKey[], page?: string): BadgeChanges;
  /** The summaries that changed in book `id`, after the keys added and dropped; `reset` when it is not held. */
  changes(id: string, add: AccountKey[], drop: AccountKey[], page?: string): BadgeChanges;
}

interface MessagesModule {
  readonly SITE_HOSTS: Readonly<Record<SiteName, readonly string[]>>;
  readonly WHATS: readonly MessageName[];
  readonly FROM_EXTENSION_PAGES: readonly MessageName[];
  readonly PORT_NAME: string;
  readonly CAPTURE_PORT: string;
  readonly CAPTURE_HELLO: string;
  isCapture(data: unknown): data is Capture;
  isMessage(m: unknown): m is Message;
  badgeBooks(summarise: (keys: AccountKey[], page: string) => (BadgeSummary | null)[], revision: () => number, maxBooks?: number): BadgeBooks;
  siteOfHost(host: string): SiteName | null;
  siteOfUrl(url: string): SiteName | null;
  siteOfCapture(url: string): SiteName | null;
  withinSite(m: Message, site: SiteName): boolean;
  rateLimit(burst: number, perSecond: number, now?: () => number): Bucket;
  pageBudget(now?: () => number): PageBudget;
}

interface SettingsModule {
  readonly KEY: string;
  readonly KINDS: readonly SignalKind[];
  readonly PRESETS: Readonly<Record<Preset, { watchFrom: number }>>;
  readonly HISTORY_MIB: readonly Settings['historyMiB'][];
  readonly RETENTION_DAYS: readonly Settings['retentionDays'][];
  readonly OPERATOR_ZONES: readonly { offset: number; id: string }[];
  readonly DEFAULTS: Readonly<Settings>;
  normalise(raw: unknown): Settings;
  shows(summary: { level: string; score?: number; signs?: string[] } | null, settings?: Settings): boolean;
  shownSignals(verdict: { signals?: Signal[] } | null, settings?: Settings): Signal[];
  load(api: typeof chrome): Promise<Settings>;
  save(api: typeof chrome, patch: Partial<Settings>): Promise<Settings>;
}

/** An imported indicator pack (packs.js; docs/options.md). */
interface Pack {
  format: string;
  name: string;
  date: string | null;
  source: string | null;
  accounts: unknown[];
  texts: unknown[];
  text_fingerprints: unknown[];
}

interface PacksModule {
  readonly KEY: string;
  readonly FORMAT: string;
  readonly MAX_PACKS: number;
  /** The pack and how many entries were skipped, or the error (a message id and its arguments). */
  parse(json: string): { pack: Pack; skipped: number; error?: undefined } | { error: { id: string; args: unknown[] }; pack?: undefined };
  index(packs: Pack[]): { accounts: Map<AccountKey, string[]>; [part: string]: unknown };
  keysOf(entry: unknown): AccountKey[];
  normaliseText(s: unknown): string;
}

/** An account as the exports see it (export.js, gather). */
interface Gathered {
  key: AccountKey;
  verdict: Verdict | null;
  packs: string[];
  seen: { first: string; last: string };
}

interface ExporterModule {
  readonly COLUMNS: readonly string[];
  readonly CARD_SCHEMA: string;
  gather(keys: AccountKey[], tab?: number): Promise<{ settings: Settings; accounts: Gathered[] }>;
  flagged(a: Gathered): boolean;
  csv(accounts: Gathered[], settings: Settings): string;
  card(a: Gathered, settings: Settings, packDetails?: PackName[]): any;
  download(name: string, blob: Blob): void;
  field(value: unknown): string;
  seenTimes(recalled: string, keys: AccountKey[]): Map<AccountKey, { first: string; last: string }>;
  today(): string;
}

interface I18nModule {
  t(id: string, ...args: unknown[]): string;
  count(id: string, n: number, ...args: unknown[]): string;
  sentence(message: unknown, summary: unknown): string;
  levelWords(level: string): string;
  language(): string;
  fill(root: ParentNode): void;
}

interface PagesModule {
  el(tag: string, attrs?: Record<string, unknown> | null, ...children: (Node | string | number)[]): HTMLElement;
  /** The element of this page with id `id` (of kind `type`); a missing one throws, naming it. */
  byId<E extends HTMLElement = HTMLElement>(id: string, type?: new () => E): E;
  ask<W extends MessageName>(message: Extract<Message, { what: W }>): Promise<MessageResults[W]>;
  showHistory(): void;
}

/** What a badge shows under the user's choices. */
interface BadgeDisplay {
  settings?: Settings;
  packs?: string[];
}

interface BadgeModule {
  readonly HOST_TAG: string;
  readonly PANEL_TAG: string;
  apply(container: Element, key: AccountKey, summary: BadgeSummary | null, theme: string, onOpen: (key: AccountKey, anchor: Element) => void, display?: BadgeDisplay): boolean;
  removeAll(root: ParentNode): void;
  pageTheme(): string;
  labelOf(badge: BadgeSummary | null, shown?: boolean, packs?: string[]): string;
  levelWords(level: string): string;
  sheet(css: string): CSSStyleSheet;
}

interface PanelOptions {
  profileUrl?: (handle: string) => string;
  settings?: Settings;
  packs?: PackName[];
  onCard?: () => void;
}

interface PanelModule {
  open(verdict: Verdict, anchor: Element, options?: PanelOptions): void;
  close(): void;
  /** Null when `grid` is not 7 rows. */
  heatMap(grid: number[][], caption: string, band?: unknown): Element | null;
  shiftGrid(gridUtc: number[][], offsetMinutes: number): number[][];
  offsetLabel(minutes: number): string;
  kindTitle(kind: string): string;
}

interface ThreadSummaryModule {
  readonly TAG: string;
  update(focal: Element, replies: AccountKey[], summaries: Map<AccountKey, BadgeSummary | null>, clusters: Cluster[], theme: string, settings: Settings): void;
  remove(): void;
}

/** The shared namespace: each script adds its part, in manifest order. */
interface TrichomeNamespace {
  messages: MessagesModule;
  settings: SettingsModule;
  packs: PacksModule;
  exporter: ExporterModule;
  i18n: I18nModule;
  pages: PagesModule;
  sites: Record<SiteName, SiteModule>;
  engineClient: { choose(site: SiteName): Promise<EngineClient> };
  badge: BadgeModule;
  panel: PanelModule;
  threadSummary: ThreadSummaryModule;
}

// ---------------------------------------------------------------------------------------------------------------
// Globals

declare var Trichome: TrichomeNamespace;
/** Firefox's name for the extension API; the scripts use `chrome || browser`. */
declare var browser: typeof chrome;
/** Written by extension/tools/package.mjs into each package: 'chrome' or 'firefox'. */
declare var TRICHOME_PLATFORM: 'chrome' | 'firefox' | undefined;
/** The wasm glue in a factory (extension/tools/package.mjs): each call a fresh instance. */
declare function trichomeCore(): CoreModule;
/** What YouTube's page scripts define before capture.js reads them. */
interface Window {
  ytInitialData?: unknown;
  ytInitialPlayerResponse?: unknown;
}
