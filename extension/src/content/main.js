// Trichome's content script: listens from document_start, queues what the page receives and renders, feeds the
// core in bounded batches outside observer callbacks, and keeps one badge per shown name up to date.
'use strict';

(() => {
  const T = globalThis.Trichome;
  const api = globalThis.chrome || globalThis.browser;
  const siteName = T.messages.siteOfHost(location.hostname);
  if (!siteName) return;
  /** Every site module has the one shape of `SiteModule` (extension/contracts.d.ts): no member is probed for. */
  const site = T.sites[siteName];

  const BUDGET_MS = 6; // per pass: well under a frame, far under a long task
  const MAX_PENDING_CAPTURES = 100;
  const MAX_PENDING_ROOTS = 5000;
  // Posts are read from the page only this long after they appear: when the site's own JSON delivers them, its
  // capture arrives within it and the page reader skips them (the JSON is richer, and reading twice costs twice).
  const DOM_GRACE_MS = 400;
  const REFRESH_MS = 80;

  /**
   * Everything the scheduler keeps between passes, in one place; what the popup is told lives in `health` and
   * `meter`.
   * @typedef {object} PageState
   * @property {EngineClient | null} engine the core this tab uses, once chosen
   * @property {string} href the address the badges were drawn for: another means an in-page navigation
   * @property {MessagePort | null} capturePort the private channel capture.js handed over (the first one only)
   * @property {number | null} firstBadgeAt when the first badge was placed (performance.now())
   * @property {PassQueue} queue what waits for a pass
   * @property {PageAccounts} accounts the names shown on the page and the badge book asked about them
   * @property {Display} display the user's choices and the packs, from the background
   * @property {BadgeRefresh} refresh the timer that batches badge refreshes
   *
   * @typedef {object} PassQueue
   * @property {Capture[]} captures captures not parsed yet, oldest first (at most MAX_PENDING_CAPTURES)
   * @property {Set<Element>} roots added subtrees not surveyed yet (at most MAX_PENDING_ROOTS)
   * @property {{later: Readable[], at: number}[]} domQueue what surveyed subtrees hold for the post reader, waiting out the grace
   * @property {Set<string>} knownPosts ids of posts the site's JSON delivered: the post reader skips them
   * @property {boolean} removals nodes left the page since anchors were last pruned
   * @property {boolean} scheduled a pass is asked for
   * @property {boolean} busy a pass is running
   * @property {ReturnType<typeof setTimeout> | null} graceTimer the pass that reads what waited out the grace
   *
   * @typedef {object} PageAccounts
   * @property {Map<AccountKey, Set<Element>>} anchorsByKey every name shown on the page, by account
   * @property {Set<AccountKey>} pending keys with anchors not drawn yet
   * @property {string} book this page's badge book (a new one after each navigation)
   * @property {Set<AccountKey>} told keys the book holds
   * @property {Set<AccountKey>} untold keys with anchors that the book does not hold yet
   * @property {Map<AccountKey, BadgeSummary | null>} summaries the summary last received for each key
   * @property {boolean} evidenceChanged the engine took something in since badges were last asked for
   *
   * @typedef {object} Display
   * @property {Settings} settings
   * @property {PackName[]} packs
   * @property {number} revision the background's revision of the settings and packs (-1: none yet)
   * @property {Map<AccountKey, string[]>} marks the packs that name each key asked about (asked once a key)
   * @property {boolean} dirty every badge to be drawn again under new settings
   *
   * @typedef {object} BadgeRefresh
   * @property {ReturnType<typeof setTimeout> | null} timer
   * @property {boolean} running
   * @property {string | null} drawnTheme the theme the badges were last drawn in
   */
  /** @type {PageState} */
  const state = {
    engine: null,
    href: location.href,
    capturePort: null,
    firstBadgeAt: null,
    queue: { captures: [], roots: new Set(), domQueue: [], knownPosts: new Set(), removals: false, scheduled: false, busy: false, graceTimer: null },
    accounts: { anchorsByKey: new Map(), pending: new Set(), book: '', told: new Set(), untold: new Set(), summaries: new Map(), evidenceChanged: false },
    // The user's choices and the indicator packs come from the background (content scripts do not read
    // storage.local: docs/security.md); `revision` changes whenever either changes. Marks are asked per key, once.
    display: { settings: T.settings.DEFAULTS, packs: [], revision: -1, marks: new Map(), dirty: false },
    refresh: { timer: null, running: false, drawnTheme: null },
  };
  const { queue, accounts, display } = state;
  /** @type {Health} */
  const health = { postsFromJson: 0, postsFromDom: 0, captures: 0, capturesDropped: 0, capturesRefused: 0, warnings: 0, errors: 0 };
  /** Main-thread time spent by Trichome in this page (synchronous work only: what the page waits for). @type {Meter} */
  const meter = { busyMs: 0, slices: 0, maxSliceMs: 0, roots: 0, byPart: {}, maxByPart: {}, countByPart: {} };
  /**
   * Runs `fn`, counting its time against `part` in the meter.
   * @template R
   * @param {string} part
   * @param {() => R} fn
   * @returns {R}
   */
  function timed(part, fn) {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      const ms = performance.now() - t0;
      meter.busyMs += ms;
      meter.slices += 1;
      if (ms > meter.maxSliceMs) meter.maxSliceMs = ms;
      meter.byPart[part] = (meter.byPart[part] || 0) + ms;
      if (ms > (meter.maxByPart[part] || 0)) meter.maxByPart[part] = ms;
      meter.countByPart[part] = (meter.countByPart[part] || 0) + 1;
    }
  }
  /**
   * Asks the background one message of the closed set; resolves with its result.
   * @template {MessageName} W
   * @param {Extract<Message, {what: W}>} message
   * @returns {Promise<MessageResults[W]>}
   */
  function askBackground(message) {
    return new Promise((resolve, reject) =>
      api.runtime.sendMessage(message, (answer) => {
        if (api.runtime.lastError || !answer || !answer.ok) reject(new Error((answer && answer.error) || 'no answer'));
        else resolve(answer.result);
      }),
    );
  }
  async function refreshDisplay() {
    const next = await askBackground({ what: 'displaySettings' });
    if (!next || next.revision === display.revision) return;
    display.settings = T.settings.normalise(next.settings);
    if (state.engine) state.engine.setOperatorZones(display.settings.operatorZones);
    display.packs = Array.isArray(next.packs) ? next.packs : [];
    display.revision = next.revision;
    display.marks.clear();
    display.dirty = true;
  }
  /**
   * The packs that name each of `keys` not asked about yet (none asked while no pack is held).
   * @param {AccountKey[]} keys
   * @returns {Promise<AccountKey[]>} the keys asked about now that a pack names
   */
  async function askMarks(keys) {
    const { marks } = display;
    const asking = display.packs.length ? keys.filter((k) => !marks.has(k)) : [];
    for (let i = 0; i < asking.length; i += 2000) {
      const part = asking.slice(i, i + 2000);
      const found = await askBackground({ what: 'packMarks', keys: part });
      for (const k of part) marks.set(k, []);
      for (const [k, names] of found) marks.set(k, names);
    }
    return asking.filter((k) => marks.get(k)?.length);
  }

  // Captures from the page's world come over the private channel that capture.js hands over before any page script
  // runs (messages.js, CAPTURE_PORT); a later hand-over, or a capture sent any other way, is ignored. Each is
  // validated, of this site, within what one page may send (pageBudget), and queued. No work here.
  const budget = T.messages.pageBudget();
  window.addEventListener('message', (event) => {
    if (state.capturePort || event.source !== window || !event.data || event.data.type !== T.messages.CAPTURE_PORT) return;
    if (!event.ports || event.ports.length !== 1) return;
    state.capturePort = event.ports[0];
    state.capturePort.onmessage = (message) => takeCapture(message.data);
  });
  // A content script that started after the hand-over was delivered asks for another, once the page has loaded.
  const askForPort = () => state.capturePort || window.postMessage({ type: T.messages.CAPTURE_HELLO }, location.origin);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', askForPort, { once: true });
  else askForPort();
  /** @param {unknown} data what came over the capture channel: checked before anything else */
  function takeCapture(data) {
    if (!T.messages.isCapture(data) || T.messages.siteOfCapture(data.url) !== siteName) return;
    if (!budget.admitsCapture(data.body.length)) {
      health.capturesRefused += 1;
      return;
    }
    if (queue.captures.length >= MAX_PENDING_CAPTURES) {
      queue.captures.shift();
      health.capturesDropped += 1;
    }
    queue.captures.push({ url: data.url, body: data.body });
    schedule();
  }

  /**
   * Whether a node that came or went is page content: an element, and not one of Trichome's own.
   * @param {Node} node
   * @returns {node is Element}
   */
  const isPageElement = (node) => node.nodeType === Node.ELEMENT_NODE && !(/** @type {Element} */ (node).tagName.startsWith('TRICHOME-'));
  // Added nodes: only queued. The observer callback does nothing else.
  const observer = new MutationObserver((mutations) => {
    let queued = false;
    for (const m of mutations) {
      for (const node of m.removedNodes) {
        if (isPageElement(node)) queue.removals = queued = true;
      }
      for (const node of m.addedNodes) {
        // Trichome's own badges and panel are not page content, and drawing them schedules nothing.
        if (queue.roots.size < MAX_PENDING_ROOTS && isPageElement(node)) {
          queue.roots.add(node);
          queued = true;
        }
      }
    }
    // Page content came or went (a re-render, or an in-page navigation): a pass follows. Trichome's own badges
    // coming and going schedule nothing.
    if (queued) schedule();
  });
  observer.observe(document, { childList: true, subtree: true });

  function schedule() {
    if (queue.scheduled) return;
    queue.scheduled = true;
    requestAnimationFrame(() => setTimeout(flush, 0));
  }

  /** One pass: at most one capture to the core, then the added subtrees surveyed and read, within BUDGET_MS. */
  async function flush() {
    queue.scheduled = false;
    const { engine } = state;
    if (!engine || queue.busy) return;
    queue.busy = true;
    try {
      if (location.href !== state.href) navigated();
      // One capture per pass at most: parsing happens in the core, which may be in the background.
      const capture = queue.captures.shift();
      if (capture) {
        health.captures += 1;
        const result = await timed('send capture', () => engine.ingestCapture(capture.url, capture.body));
        // Posts read, whether or not the memory already held them: this is about extraction, not novelty.
        if (result && result.stats) health.postsFromJson += result.stats.posts_new + result.stats.posts_known;
        if (result && result.warnings) health.warnings += result.warnings.length;
        for (const id of (result && result.post_ids) || []) if (queue.knownPosts.size < 50000) queue.knownPosts.add(id);
        accounts.evidenceChanged = true;
      }
      /** @type {Observation[]} */
      const observations = [];
      timed('read page', () => {
        // The budget counts this pass's own work: the time spent awaiting the core above is not the page's.
        const started = performance.now();
        const postsDone = new Set(); // posts whose anchors this pass already indexed
        for (const root of queue.roots) {
          queue.roots.delete(root);
          meter.roots += 1;
          if (!root.isConnected) continue;
          const post = root.closest(site.SELECTORS.post);
          if (post && post !== root) {
            // A re-render inside a post already read: only its name anchors may be new.
            if (!postsDone.has(post)) {
              postsDone.add(post);
              for (const a of site.nameAnchors(post)) indexAnchor(a);
            }
          } else {
            // Only what was added is searched, never the whole page again: a pass costs what changed. Names get
            // their anchors now; the posts are read after the grace, unless the JSON delivered them.
            const { anchors, later } = site.survey(root);
            for (const a of anchors) indexAnchor(a);
            if (later.length && queue.domQueue.length < MAX_PENDING_ROOTS) queue.domQueue.push({ later, at: started });
          }
          if (performance.now() - started > BUDGET_MS) break;
        }
        const now = Math.floor(Date.now() / 1000);
        // After a capture, what waits is read at once: the posts that capture delivered are skipped, and the grace
        // pass has nothing left to do.
        const waiting = queue.domQueue;
        while (waiting.length && (capture || started - waiting[0].at >= DOM_GRACE_MS) && performance.now() - started <= BUDGET_MS) {
          const { later } = waiting[0];
          waiting.shift();
          observations.push(...site.readLater(later, location.href, now, queue.knownPosts));
        }
      });
      if (observations.length) {
        await timed('send observations', () => engine.ingestObservations(observations));
        health.postsFromDom += observations.filter((o) => o.kind === 'post').length;
        accounts.evidenceChanged = true;
      }
      // New names on the page need badges even when their posts were already known. Badges are refreshed at
      // most once per REFRESH_MS however many captures and nodes arrive in between.
      if (accounts.evidenceChanged || accounts.pending.size) scheduleRefresh();
    } catch (e) {
      health.errors += 1;
      console.warn('Trichome:', e && e.message);
    } finally {
      queue.busy = false;
    }
    if (queue.captures.length || queue.roots.size) schedule();
    else if (queue.domQueue.length && !queue.graceTimer) {
      queue.graceTimer = setTimeout(() => {
        queue.graceTimer = null;
        schedule();
      }, Math.max(0, DOM_GRACE_MS - (performance.now() - queue.domQueue[0].at)));
    }
  }

  // Every name shown on the page, by account key, found once from the nodes that were added; only new anchors
  // and accounts whose verdict changed are touched again, so a pass costs what changed, not the page's size.
  // The engine keeps this page's badge book (messages.js): the keys it was told, and what it last answered for
  // each; asking sends only keys added or dropped and receives only summaries that changed.
  function newBook() {
    accounts.book = Math.random().toString(36).slice(2) + Date.now().toString(36);
    accounts.told = new Set();
    accounts.untold.clear();
    accounts.summaries.clear();
  }
  newBook();

  /** @param {Anchor} a */
  function indexAnchor(a) {
    let set = accounts.anchorsByKey.get(a.key);
    if (!set) accounts.anchorsByKey.set(a.key, (set = new Set()));
    if (!set.has(a.element)) {
      set.add(a.element);
      accounts.pending.add(a.key);
      if (!accounts.told.has(a.key)) accounts.untold.add(a.key);
    }
  }

  /**
   * The page's theme, read at most once a second: getComputedStyle after DOM changes forces a style pass.
   * @type {() => string}
   */
  const currentTheme = (() => {
    /** @type {string | null} */
    let theme = null;
    let readAt = 0;
    return () => {
      const now = performance.now();
      if (theme === null || now - readAt > 1000) {
        theme = T.badge.pageTheme();
        readAt = now;
      }
      return theme;
    };
  })();

  function scheduleRefresh() {
    const { refresh } = state;
    if (refresh.timer) return;
    refresh.timer = setTimeout(async () => {
      refresh.timer = null;
      if (refresh.running) return scheduleRefresh();
      refresh.running = true;
      try {
        await refreshBadges();
      } catch (e) {
        health.errors += 1;
        console.warn('Trichome:', e && e.message);
      } finally {
        refresh.running = false;
      }
    }, REFRESH_MS);
  }

  /**
   * Asks the engine what changed for this page's accounts: keys added and dropped go over, changes come back.
   * @returns {Promise<AccountKey[]>} the keys whose summary changed
   */
  async function badgeChanges() {
    const { engine } = state;
    if (!engine) return [];
    const { anchorsByKey, pending, untold } = accounts;
    /** @type {AccountKey[]} */
    const drop = [];
    // Names that left the page are pruned only after something was removed: a page that only grows costs nothing.
    if (queue.removals) {
      queue.removals = false;
      for (const [key, set] of anchorsByKey) {
        for (const element of set) if (!element.isConnected) set.delete(element);
        if (!set.size) {
          anchorsByKey.delete(key);
          pending.delete(key);
          untold.delete(key);
          if (accounts.told.has(key)) drop.push(key);
        }
      }
    }
    const add = [...untold];
    untold.clear();
    if (!add.length && !drop.length && !accounts.evidenceChanged) return [];
    accounts.evidenceChanged = false;
    const thisBook = accounts.book;
    // A book told nothing yet is opened (nothing to drop from it); one the engine holds is asked what changed.
    const opening = accounts.told.size === 0;
    let answer;
    try {
      answer = await timed('ask badges', () => (opening ? engine.openBook(thisBook, add) : engine.badgeChanges(thisBook, add, drop)));
    } catch (e) {
      // Not delivered (the worker stopped meanwhile): ask again next time.
      for (const k of add) untold.add(k);
      accounts.evidenceChanged = true;
      throw e;
    }
    if (answer.reset) {
      // The engine no longer holds this page's book (its worker restarted): tell it every key again.
      accounts.told = new Set();
      answer = await timed('ask badges', () => engine.openBook(thisBook, [...anchorsByKey.keys()]));
      add.splice(0, add.length, ...anchorsByKey.keys());
    }
    if (thisBook !== accounts.book) return []; // the page navigated meanwhile
    for (const k of add) accounts.told.add(k);
    for (const k of drop) accounts.told.delete(k);
    for (const [k, summary] of answer.changes) accounts.summaries.set(k, summary);
    return answer.changes.map(([k]) => k);
  }

  /** Draws the badges (and the thread line) whose summary, marks, theme or settings changed. */
  async function refreshBadges() {
    const { engine } = state;
    if (!engine) return;
    const { anchorsByKey, pending, summaries } = accounts;
    const changed = new Set(await badgeChanges());
    const theme = currentTheme();
    // New names of known accounts need drawing too, and a theme or settings change redraws every badge.
    for (const k of pending) changed.add(k);
    pending.clear();
    if (theme !== state.refresh.drawnTheme || display.dirty) for (const k of anchorsByKey.keys()) changed.add(k);
    state.refresh.drawnTheme = theme;
    display.dirty = false;
    try {
      for (const k of await askMarks([...anchorsByKey.keys()])) changed.add(k);
    } catch (e) {
      console.warn('Trichome: pack marks:', e && e.message);
    }
    if (!changed.size) return;
    const thread = timed('thread', () => site.thread(document, location));
    // The line above the replies names the groups of the replies in groups: the report for those accounts alone
    // holds every such group, so the page's other accounts need not cross over again.
    const grouped = thread ? [...new Set(thread.replies.filter((k) => (summaries.get(k)?.clusters || []).length))] : [];
    const clusters = (grouped.length && (await engine.pageReport(grouped)).clusters) || [];
    requestAnimationFrame(() => timed('draw', () => {
      if (thread) T.threadSummary.update(thread.focal, thread.replies, summaries, clusters, theme, display.settings);
      for (const key of changed) {
        const shown = { settings: display.settings, packs: display.marks.get(key) || [] };
        for (const element of anchorsByKey.get(key) || []) {
          if (!element.isConnected) continue;
          const placed = T.badge.apply(element, key, summaries.get(key) || null, theme, openPanel, shown);
          // Told to the popup (pageSummary), never written into the page: the page learns nothing of Trichome but
          // the badges it shows (issue #17, finding 7; docs/security.md).
          if (placed && state.firstBadgeAt === null) meter.firstBadgeMs = Math.round((state.firstBadgeAt = performance.now()));
        }
      }
    }));
  }

  // Another tab can add evidence about the accounts shown here (the memory is shared): ask now and then. Cheap,
  // since only what changed comes back.
  // The options may have changed meanwhile too.
  setInterval(() => {
    if (document.hidden || !accounts.anchorsByKey.size) return;
    accounts.evidenceChanged = true;
    refreshDisplay().catch(() => {}).then(scheduleRefresh);
  }, 5000);

  /**
   * The badge holds only a summary: fetch the full verdict (with its evidence) when the panel opens. The evidence
   * card opens in an extension tab (the background opens it): exports are made there, never in the page.
   */
  /**
   * @param {AccountKey} key
   * @param {Element} anchor the badge's button
   */
  function openPanel(key, anchor) {
    if (!state.engine) return;
    state.engine.verdictsFor([key]).then(([verdict]) => {
      if (!anchor.isConnected) return;
      const names = display.marks.get(key) || [];
      if (!verdict && !names.length) return;
      const shown = verdict || { account: { id: key.replace(/^[a-z]+:/, ''), handle: null }, level: 'insufficient', score: 0, posts_seen: 0, signals: [], unknowns: [] };
      T.panel.open(shown, anchor, {
        profileUrl: site.profileUrl,
        settings: display.settings,
        packs: display.packs.filter((p) => names.includes(p.name)),
        onCard: () => askBackground({ what: 'openEvidence', key }).catch((e) => console.warn('Trichome:', e && e.message)),
      });
    }, (e) => console.warn('Trichome:', e && e.message));
  }

  function navigated() {
    state.href = location.href;
    T.panel.close();
    T.badge.removeAll(document);
    T.threadSummary.remove();
    accounts.anchorsByKey.clear();
    accounts.pending.clear();
    queue.domQueue.length = 0;
    newBook();
    queue.roots.add(document.documentElement);
  }

  // The popup asks the page for its summary (`pageSummary`, of the closed set); answer from whichever engine this
  // tab uses. The content script answers nothing else: every other message is the background's.
  api.runtime.onMessage.addListener((message, _sender, respond) => {
    if (!T.messages.isMessage(message) || message.what !== 'pageSummary') return false;
    const { engine } = state;
    if (!engine) {
      respond({ ok: true, result: { ready: false, health, meter } });
      return false;
    }
    const keys = [...accounts.anchorsByKey.keys()];
    engine.pageReport(keys).then(
      (report) => respond({ ok: true, result: { ready: true, path: engine.path, report, health, meter, expectsPosts: site.expectsPosts(location), keys: keys.slice(0, 2000) } }),
      (e) => respond({ ok: false, error: String(e && e.message) }),
    );
    return true;
  });

  T.engineClient.choose(siteName).then(async (chosen) => {
    await refreshDisplay().catch((e) => console.warn('Trichome: settings:', e && e.message));
    state.engine = chosen;
    chosen.setOperatorZones(display.settings.operatorZones);
    queue.roots.add(document.documentElement);
    schedule();
  }, (e) => console.warn('Trichome: no engine:', e && e.message));
})();
