// Trichome's content script: listens from document_start, queues what the page receives and renders, feeds the
// core in bounded batches outside observer callbacks, and keeps one badge per shown name up to date.
'use strict';

(() => {
  const T = globalThis.Trichome;
  const api = globalThis.chrome || globalThis.browser;
  const host = location.hostname;
  const siteName = T.messages.siteOfHost(host);
  const site = siteName && T.sites[siteName];
  if (!site) return;

  const BUDGET_MS = 6; // per pass: well under a frame, far under a long task
  const MAX_PENDING_CAPTURES = 100;
  const MAX_PENDING_ROOTS = 5000;
  // Posts are read from the page only this long after they appear: when the site's own JSON delivers them, its
  // capture arrives within it and the page reader skips them (the JSON is richer, and reading twice costs twice).
  const DOM_GRACE_MS = 400;
  const domQueue = []; // what added subtrees hold for the page reader, waiting out the grace: {later, at}
  const captures = [];
  const knownPosts = new Set(); // ids of posts the site's JSON delivered: the page reader skips them
  const roots = new Set();
  const health = { postsFromJson: 0, postsFromDom: 0, captures: 0, capturesDropped: 0, capturesRefused: 0, warnings: 0, errors: 0 };
  // Main-thread time spent by Trichome in this page (synchronous work only: what the page waits for).
  const meter = { busyMs: 0, slices: 0, maxSliceMs: 0, roots: 0, byPart: {}, maxByPart: {}, countByPart: {} };
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
  let engine = null;
  let flushScheduled = false;
  let graceTimer = null;
  let evidenceChanged = false; // the engine took something in since badges were last asked for
  let busy = false;
  let href = location.href;
  let firstBadgeAt = null;

  // The user's choices and the indicator packs come from the background (content scripts do not read
  // storage.local: docs/security.md); `revision` changes whenever either changes. Marks are asked per key, once.
  let display = { settings: T.settings.DEFAULTS, packs: [], revision: -1 };
  const marks = new Map(); // key -> names of the packs that name the account
  let displayDirty = false; // every badge to be drawn again under new settings
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
    display = { settings: T.settings.normalise(next.settings), packs: Array.isArray(next.packs) ? next.packs : [], revision: next.revision };
    marks.clear();
    displayDirty = true;
  }
  /** The packs that name each of `keys` not asked about yet (none asked while no pack is held). */
  async function askMarks(keys) {
    const asking = display.packs.length ? keys.filter((k) => !marks.has(k)) : [];
    for (let i = 0; i < asking.length; i += 2000) {
      const part = asking.slice(i, i + 2000);
      const found = await askBackground({ what: 'packMarks', keys: part });
      for (const k of part) marks.set(k, []);
      for (const [k, names] of found) marks.set(k, names);
    }
    return asking.filter((k) => marks.get(k).length);
  }

  // Captures from the page's world come over the private channel that capture.js hands over before any page script
  // runs (messages.js, CAPTURE_PORT); a later hand-over, or a capture sent any other way, is ignored. Each is
  // validated, of this site, within what one page may send (pageBudget), and queued. No work here.
  const budget = T.messages.pageBudget();
  let capturePort = null;
  window.addEventListener('message', (event) => {
    if (capturePort || event.source !== window || !event.data || event.data.type !== T.messages.CAPTURE_PORT) return;
    if (!event.ports || event.ports.length !== 1) return;
    capturePort = event.ports[0];
    capturePort.onmessage = (message) => takeCapture(message.data);
  });
  // A content script that started after the hand-over was delivered asks for another, once the page has loaded.
  const askForPort = () => capturePort || window.postMessage({ type: T.messages.CAPTURE_HELLO }, location.origin);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', askForPort, { once: true });
  else askForPort();
  function takeCapture(data) {
    if (!T.messages.isCapture(data) || T.messages.siteOfCapture(data.url) !== siteName) return;
    if (!budget.admitsCapture(data.body.length)) {
      health.capturesRefused += 1;
      return;
    }
    if (captures.length >= MAX_PENDING_CAPTURES) {
      captures.shift();
      health.capturesDropped += 1;
    }
    captures.push({ url: data.url, body: data.body });
    schedule();
  }

  // Added nodes: only queued. The observer callback does nothing else.
  let removals = false; // nodes left the page since anchors were last pruned
  const observer = new MutationObserver((mutations) => {
    let queued = false;
    for (const m of mutations) {
      for (const node of m.removedNodes) {
        if (node.nodeType === 1 && !node.tagName.startsWith('TRICHOME-')) removals = queued = true;
      }
      for (const node of m.addedNodes) {
        // Trichome's own badges and panel are not page content, and drawing them schedules nothing.
        if (node.nodeType === 1 && roots.size < MAX_PENDING_ROOTS && !node.tagName.startsWith('TRICHOME-')) {
          roots.add(node);
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
    if (flushScheduled) return;
    flushScheduled = true;
    requestAnimationFrame(() => setTimeout(flush, 0));
  }

  async function flush() {
    flushScheduled = false;
    if (!engine || busy) return;
    busy = true;
    try {
      if (location.href !== href) navigated();
      // One capture per pass at most: parsing happens in the core, which may be in the background.
      const capture = captures.shift();
      if (capture) {
        health.captures += 1;
        const result = await timed('send capture', () => engine.ingestCapture(capture.url, capture.body));
        // Posts read, whether or not the memory already held them: this is about extraction, not novelty.
        if (result && result.stats) health.postsFromJson += result.stats.posts_new + result.stats.posts_known;
        if (result && result.warnings) health.warnings += result.warnings.length;
        for (const id of (result && result.post_ids) || []) if (knownPosts.size < 50000) knownPosts.add(id);
        evidenceChanged = true;
      }
      const observations = [];
      timed('read page', () => {
        // The budget counts this pass's own work: the time spent awaiting the core above is not the page's.
        const started = performance.now();
        const postsDone = new Set(); // posts whose anchors this pass already indexed
        for (const root of roots) {
          roots.delete(root);
          meter.roots += 1;
          if (!root.isConnected) continue;
          const post = root.closest && root.closest(site.SELECTORS.post);
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
            if (later && domQueue.length < MAX_PENDING_ROOTS) domQueue.push({ later, at: started });
          }
          if (performance.now() - started > BUDGET_MS) break;
        }
        const now = Math.floor(Date.now() / 1000);
        // After a capture, what waits is read at once: the posts that capture delivered are skipped, and the grace
        // pass has nothing left to do.
        while (domQueue.length && (capture || started - domQueue[0].at >= DOM_GRACE_MS) && performance.now() - started <= BUDGET_MS) {
          const { later } = domQueue.shift();
          observations.push(...site.readLater(later, location.href, now, knownPosts));
        }
      });
      if (observations.length) {
        await timed('send observations', () => engine.ingestObservations(observations));
        health.postsFromDom += observations.filter((o) => o.kind === 'post').length;
        evidenceChanged = true;
      }
      // New names on the page need badges even when their posts were already known. Badges are refreshed at
      // most once per REFRESH_MS however many captures and nodes arrive in between.
      if (evidenceChanged || pending.size) scheduleRefresh();
    } catch (e) {
      health.errors += 1;
      console.warn('Trichome:', e && e.message);
    } finally {
      busy = false;
    }
    if (captures.length || roots.size) schedule();
    else if (domQueue.length && !graceTimer) {
      graceTimer = setTimeout(() => {
        graceTimer = null;
        schedule();
      }, Math.max(0, DOM_GRACE_MS - (performance.now() - domQueue[0].at)));
    }
  }

  // Every name shown on the page, by account key, found once from the nodes that were added; only new anchors
  // and accounts whose verdict changed are touched again, so a pass costs what changed, not the page's size.
  const anchorsByKey = new Map(); // key -> Set of elements
  const pending = new Set(); // keys with anchors not yet drawn
  const summaries = new Map(); // key -> the badge summary last received (null: no badge)
  // The engine keeps this page's badge book (messages.js): the keys it was told, and what it last answered for
  // each; asking sends only keys added or dropped and receives only summaries that changed.
  let book = null;
  let told = new Set();
  const untold = new Set(); // keys with anchors that the book does not hold yet
  function newBook() {
    book = Math.random().toString(36).slice(2) + Date.now().toString(36);
    told = new Set();
    untold.clear();
    summaries.clear();
  }
  newBook();

  function indexAnchor(a) {
    let set = anchorsByKey.get(a.key);
    if (!set) anchorsByKey.set(a.key, (set = new Set()));
    if (!set.has(a.element)) {
      set.add(a.element);
      pending.add(a.key);
      if (!told.has(a.key)) untold.add(a.key);
    }
  }

  // The page's theme, read at most once a second: getComputedStyle after DOM changes forces a style pass.
  let theme = null;
  let themeReadAt = 0;
  function currentTheme() {
    const now = performance.now();
    if (theme === null || now - themeReadAt > 1000) {
      theme = T.badge.pageTheme();
      themeReadAt = now;
    }
    return theme;
  }

  const REFRESH_MS = 80;
  let refreshTimer = null;
  let refreshing = false;
  function scheduleRefresh() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      if (refreshing) return scheduleRefresh();
      refreshing = true;
      try {
        await refreshBadges();
      } catch (e) {
        health.errors += 1;
        console.warn('Trichome:', e && e.message);
      } finally {
        refreshing = false;
      }
    }, REFRESH_MS);
  }

  /** Asks the engine what changed for this page's accounts: keys added and dropped go over, changes come back. */
  async function badgeChanges() {
    const drop = [];
    // Names that left the page are pruned only after something was removed: a page that only grows costs nothing.
    if (removals) {
      removals = false;
      for (const [key, set] of anchorsByKey) {
        for (const element of set) if (!element.isConnected) set.delete(element);
        if (!set.size) {
          anchorsByKey.delete(key);
          pending.delete(key);
          untold.delete(key);
          if (told.has(key)) drop.push(key);
        }
      }
    }
    const add = [...untold];
    untold.clear();
    if (!add.length && !drop.length && !evidenceChanged) return [];
    evidenceChanged = false;
    const thisBook = book;
    let answer;
    try {
      answer = await timed('ask badges', () => engine.badgeChanges(thisBook, add, drop, told.size === 0));
    } catch (e) {
      // Not delivered (the worker stopped meanwhile): ask again next time.
      for (const k of add) untold.add(k);
      evidenceChanged = true;
      throw e;
    }
    if (answer.reset) {
      // The engine no longer holds this page's book (its worker restarted): tell it every key again.
      told = new Set();
      answer = await timed('ask badges', () => engine.badgeChanges(thisBook, [...anchorsByKey.keys()], [], true));
      add.splice(0, add.length, ...anchorsByKey.keys());
    }
    if (thisBook !== book) return []; // the page navigated meanwhile
    for (const k of add) told.add(k);
    for (const k of drop) told.delete(k);
    for (const [k, summary] of answer.changes) summaries.set(k, summary);
    return answer.changes.map(([k]) => k);
  }

  let drawnTheme = null;
  async function refreshBadges() {
    const changed = new Set(await badgeChanges());
    const theme = currentTheme();
    // New names of known accounts need drawing too, and a theme or settings change redraws every badge.
    for (const k of pending) changed.add(k);
    pending.clear();
    if (theme !== drawnTheme || displayDirty) for (const k of anchorsByKey.keys()) changed.add(k);
    drawnTheme = theme;
    displayDirty = false;
    try {
      for (const k of await askMarks([...anchorsByKey.keys()])) changed.add(k);
    } catch (e) {
      console.warn('Trichome: pack marks:', e && e.message);
    }
    if (!changed.size) return;
    const thread = site.thread ? timed('thread', () => site.thread(document, location)) : null;
    // The line above the replies names the groups of the replies in groups: the report for those accounts alone
    // holds every such group, so the page's other accounts need not cross over again.
    const grouped = thread ? [...new Set(thread.replies.filter((k) => (summaries.get(k)?.clusters || []).length))] : [];
    const clusters = grouped.length ? (await engine.pageReport(grouped)).clusters : [];
    requestAnimationFrame(() => timed('draw', () => {
      if (thread) T.threadSummary.update(thread.focal, thread.replies, summaries, clusters, theme, display.settings);
      for (const key of changed) {
        const shown = { settings: display.settings, packs: marks.get(key) || [] };
        for (const element of anchorsByKey.get(key) || []) {
          if (!element.isConnected) continue;
          const placed = T.badge.apply(element, key, summaries.get(key) || null, theme, openPanel, shown);
          // Told to the popup (pageSummary), never written into the page: the page learns nothing of Trichome but
          // the badges it shows (issue #17, finding 7; docs/security.md).
          if (placed && firstBadgeAt === null) meter.firstBadgeMs = Math.round((firstBadgeAt = performance.now()));
        }
      }
    }));
  }

  // Another tab can add evidence about the accounts shown here (the memory is shared): ask now and then. Cheap,
  // since only what changed comes back.
  // The options may have changed meanwhile too.
  setInterval(() => {
    if (document.hidden || !anchorsByKey.size) return;
    evidenceChanged = true;
    refreshDisplay().catch(() => {}).then(scheduleRefresh);
  }, 5000);

  /**
   * The badge holds only a summary: fetch the full verdict (with its evidence) when the panel opens. The evidence
   * card opens in an extension tab (the background opens it): exports are made there, never in the page.
   */
  function openPanel(key, anchor) {
    engine.verdictsFor([key]).then(([verdict]) => {
      if (!anchor.isConnected) return;
      const names = marks.get(key) || [];
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
    href = location.href;
    T.panel.close();
    T.badge.removeAll(document);
    T.threadSummary.remove();
    anchorsByKey.clear();
    pending.clear();
    domQueue.length = 0;
    newBook();
    roots.add(document.documentElement);
  }

  // The popup asks the page for its summary; answer from whichever engine this tab uses.
  api.runtime.onMessage.addListener((message, _sender, respond) => {
    if (!message || message.what !== 'pageSummary') return false;
    if (!engine) {
      respond({ ok: true, result: { ready: false, health, meter } });
      return false;
    }
    const keys = [...anchorsByKey.keys()];
    engine.pageReport(keys).then(
      (report) => respond({ ok: true, result: { ready: true, path: engine.path, report, health, meter, expectsPosts: site.expectsPosts(location), keys: keys.slice(0, 2000) } }),
      (e) => respond({ ok: false, error: String(e && e.message) }),
    );
    return true;
  });

  T.engineClient.choose(siteName).then(async (chosen) => {
    await refreshDisplay().catch((e) => console.warn('Trichome: settings:', e && e.message));
    engine = chosen;
    roots.add(document.documentElement);
    schedule();
  }, (e) => console.warn('Trichome: no engine:', e && e.message));
})();
