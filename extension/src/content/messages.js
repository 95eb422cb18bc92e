// The one closed set of messages between Trichome's parts (their shapes: `Message` in extension/contracts.d.ts).
// Every listener switches on `what` and answers `{ok: false, error: 'unhandled'}` to anything else; every message
// from the page is validated here first. Also the sites' hosts, named once for the JavaScript side.
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = /** @type {TrichomeNamespace} */ ({}));

Trichome.messages = (() => {
  const MAX_URL = 4096;
  // The core reads no more of one response (MAX_CAPTURE_BYTES in crate/src/sites/mod.rs): the largest real ones
  // weigh about 1.5 MB.
  const MAX_BODY = 4 * 1024 * 1024;
  const MAX_KEYS = 2000;
  const MAX_BOOK_KEYS = 50000;
  /** @type {readonly MessageName[]} */
  const WHATS = [
    'ingestCapture', 'ingestObservations', 'verdictsFor', 'badgeChanges', 'pageReport', 'recall', 'historyInfo', 'exportHistory', 'eraseHistory',
    'displaySettings', 'packMarks', 'openEvidence', 'pageSummary',
  ];
  /**
   * Messages that only the extension's own pages (popup, options) may send: they act on all stored history, or
   * (`pageSummary`, the popup to a tab's content script) ask a page what it shows.
   * @type {readonly MessageName[]}
   */
  const FROM_EXTENSION_PAGES = ['historyInfo', 'exportHistory', 'eraseHistory', 'pageSummary'];
  /** @type {(keys: unknown, max?: number) => boolean} */
  const keysOk = (keys, max = MAX_KEYS) => Array.isArray(keys) && keys.length <= max && keys.every((k) => typeof k === 'string' && k.length < 300);

  /**
   * The hosts whose pages Trichome reads, by site: the JavaScript side's one list. manifest.json's host permissions
   * and content-script matches are these hosts (tests/unit/sites.test.mjs checks it); the Rust side's list is
   * crate/src/sites/mod.rs.
   * @type {Readonly<Record<SiteName, readonly string[]>>}
   */
  const SITE_HOSTS = Object.freeze({
    x: Object.freeze(['x.com', 'twitter.com', 'mobile.x.com']),
    youtube: Object.freeze(['www.youtube.com', 'm.youtube.com']),
  });
  /** Each site's domains (the last two labels of its hosts): their every subdomain is the site's (api.x.com). */
  const SITE_DOMAINS = Object.entries(SITE_HOSTS).map(([site, hosts]) => ({
    site: /** @type {SiteName} */ (site),
    domains: [...new Set(hosts.map((h) => h.split('.').slice(-2).join('.')))],
  }));

  /**
   * The site of a host name: 'x', 'youtube', or null.
   * @param {string} host
   * @returns {SiteName | null}
   */
  function siteOfHost(host) {
    for (const { site, domains } of SITE_DOMAINS) {
      if (domains.some((d) => host === d || host.endsWith('.' + d))) return site;
    }
    return null;
  }

  /**
   * The site of an address ('x', 'youtube', or null).
   * @param {string} url
   * @returns {SiteName | null}
   */
  function siteOfUrl(url) {
    try {
      return siteOfHost(new URL(url).hostname);
    } catch (_) {
      return null;
    }
  }

  /**
   * The site a capture's address says it is from: the pseudo-addresses of YouTube's embedded data, or the host.
   * @param {string} url
   * @returns {SiteName | null}
   */
  function siteOfCapture(url) {
    if (url.startsWith('ytinitialdata:') || url.startsWith('ytplayerresponse:')) return 'youtube';
    return siteOfUrl(url);
  }

  /**
   * Whether a content script's message names only its own site: a page on one site may not feed or read the other
   * site's accounts, and asks for a page report only by its own keys (issue #17, finding 6).
   * @param {Message} m
   * @param {SiteName} site
   * @returns {boolean}
   */
  function withinSite(m, site) {
    /** @param {AccountKey[]} keys */
    const own = (keys) => keys.every((k) => k.startsWith(site + ':'));
    switch (m.what) {
      case 'ingestCapture':
        return siteOfCapture(m.url) === site;
      case 'ingestObservations':
        return m.observations.every((o) => o !== null && typeof o === 'object' && o.site === site);
      case 'verdictsFor':
      case 'recall':
        return own(m.keys);
      case 'badgeChanges':
        return own(m.add) && own(m.drop);
      case 'pageReport':
        return Array.isArray(m.keys) && own(m.keys);
      case 'packMarks':
        return own(m.keys);
      case 'openEvidence':
        return own([m.key]);
      case 'displaySettings':
        return true;
      default:
        return false;
    }
  }

  /**
   * A token bucket: at most `burst` units at once, refilled at `perSecond`. The returned function says whether `n`
   * units may pass now (and takes them). What one page may make the core do is bounded by these (issue #17, finding 1).
   * @param {number} burst
   * @param {number} perSecond
   * @param {() => number} [now] milliseconds
   * @returns {Bucket}
   */
  function rateLimit(burst, perSecond, now = () => Date.now()) {
    let tokens = burst;
    let last = now();
    return (n = 1) => {
      const t = now();
      tokens = Math.min(burst, tokens + (Math.max(0, t - last) / 1000) * perSecond);
      last = t;
      if (n > tokens) return false;
      tokens -= n;
      return true;
    };
  }

  /**
   * What one page may hand the core: captures (count and bytes) and observations read from the page, each a bucket.
   * Far above what scrolling the real sites sends (a capture of at most ~1.5 MB every second or two), far below what
   * kept the core busy for tens of seconds. Each `admits…` takes from its buckets.
   * @param {() => number} [now] milliseconds
   * @returns {PageBudget}
   */
  function pageBudget(now) {
    const buckets = {
      captures: rateLimit(60, 2, now),
      bytes: rateLimit(24 * 1024 * 1024, 2 * 1024 * 1024, now),
      observations: rateLimit(10000, 1000, now),
    };
    return {
      admitsCapture: (bytes) => buckets.captures(1) && buckets.bytes(bytes),
      admitsObservations: (n) => buckets.observations(n),
    };
  }

  /**
   * A capture forwarded from the page's world: the page can forge these, so check shape and size.
   * @param {any} data
   * @returns {data is Capture}
   */
  function isCapture(data) {
    return (
      data !== null &&
      typeof data === 'object' &&
      typeof data.url === 'string' &&
      data.url.length > 0 &&
      data.url.length <= MAX_URL &&
      typeof data.body === 'string' &&
      data.body.length <= MAX_BODY
    );
  }

  /**
   * A message between the extension's own contexts.
   * @param {any} m
   * @returns {m is Message}
   */
  function isMessage(m) {
    if (m === null || typeof m !== 'object' || !WHATS.includes(m.what)) return false;
    switch (m.what) {
      case 'ingestCapture':
        return typeof m.url === 'string' && m.url.length <= MAX_URL && typeof m.body === 'string' && m.body.length <= MAX_BODY;
      case 'ingestObservations':
        return Array.isArray(m.observations) && m.observations.length <= 5000;
      case 'verdictsFor':
      case 'recall':
      case 'packMarks':
        return keysOk(m.keys);
      case 'openEvidence':
        return keysOk([m.key]);
      case 'badgeChanges':
        return typeof m.book === 'string' && m.book.length <= 100 && typeof m.fresh === 'boolean' && keysOk(m.add, MAX_BOOK_KEYS) && keysOk(m.drop, MAX_BOOK_KEYS);
      case 'pageReport':
        return m.keys === undefined || keysOk(m.keys);
      default:
        return true;
    }
  }

  /**
   * The answering side of 'badgeChanges'. A page keeps one *book*: the accounts it shows (it sends only the keys
   * it adds and drops) and the badge summary last given for each; every answer carries only the summaries that
   * changed, so what crosses to the page, and what the page compares and draws, is what changed, not the page's
   * size. `summarise(keys, page)` gives one summary (or null) per key as the page `page` sees it (the label the
   * core counts pages by, passed through); `revision()` changes whenever the engine takes
   * anything in, and while it stays the same only keys new to a book are summarised (an idle page costs nothing).
   * A book this side does not hold (the worker restarted, or it was pushed out by newer ones) answers `reset`,
   * and the page sends all its keys again, to `open`, which starts the book over.
   * @param {(keys: AccountKey[], page: string) => (BadgeSummary | null)[]} summarise
   * @param {() => number} revision
   * @returns {BadgeBooks}
   */
  function badgeBooks(summarise, revision, maxBooks = 64) {
    /** @type {Map<string, {keys: Set<AccountKey>, given: Map<AccountKey, string>, revision: number | null}>} book id -> the keys, the JSON of the summary last given for each, the revision */
    const books = new Map();
    /**
     * Answers `add` and `drop` against `book`, which becomes the most recently asked.
     * @param {string} id
     * @param {{keys: Set<AccountKey>, given: Map<AccountKey, string>, revision: number | null}} book
     * @param {AccountKey[]} add
     * @param {AccountKey[]} drop
     * @param {string} page
     * @returns {BadgeChanges}
     */
    function answer(id, book, add, drop, page) {
      books.delete(id);
      books.set(id, book); // the most recently asked last, the least recently first out
      while (books.size > maxBooks) books.delete(/** @type {string} */ (books.keys().next().value));
      for (const k of drop) {
        book.keys.delete(k);
        book.given.delete(k);
      }
      const now = revision();
      const fresher = add.filter((k) => !book.keys.has(k));
      for (const k of add) book.keys.add(k);
      const keys = book.revision === now ? fresher : [...book.keys];
      book.revision = now;
      const summaries = keys.length ? summarise(keys, page) : [];
      /** @type {BadgeChanges['changes']} */
      const changed = [];
      keys.forEach((k, i) => {
        const summary = summaries[i] || null;
        const digest = JSON.stringify(summary);
        if (book.given.get(k) === digest) return;
        book.given.set(k, digest);
        changed.push([k, summary]);
      });
      return { reset: false, changes: changed };
    }
    return {
      open: (id, keys, page = '') => answer(id, { keys: new Set(), given: new Map(), revision: null }, keys, [], page),
      changes(id, add, drop, page = '') {
        const book = books.get(id);
        return book ? answer(id, book, add, drop, page) : { reset: true, changes: [] };
      },
    };
  }

  /** The name of the port a content script keeps open to the background. */
  const PORT_NAME = 'trichome-engine';

  /** The type of the one window message by which the page-world capture script hands over its private port. */
  const CAPTURE_PORT = 'trichome:capture-port';
  /** The window message by which a content script that missed the hand-over asks for another. */
  const CAPTURE_HELLO = 'trichome:capture-hello';

  return { isCapture, isMessage, badgeBooks, siteOfHost, siteOfUrl, siteOfCapture, withinSite, rateLimit, pageBudget, SITE_HOSTS, WHATS, FROM_EXTENSION_PAGES, PORT_NAME, CAPTURE_PORT, CAPTURE_HELLO };
})();
