// X (x.com, twitter.com): every selector Trichome uses on X, in one place, each with the fixture that proves
// it, and the DOM reader that turns rendered posts into observations (the fallback when no JSON was captured;
// always the anchor for badges).
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = /** @type {TrichomeNamespace} */ ({}));

Trichome.sites = Trichome.sites || /** @type {TrichomeNamespace["sites"]} */ ({});

Trichome.sites.x = (() => {
  const SELECTORS = {
    // Logged-in markup. Proven by tests/fixtures/sites/x.com/thread.html (modelled on the logged-in captures).
    post: 'article[data-testid="tweet"]',
    userName: 'div[data-testid="User-Name"]',
    text: 'div[data-testid="tweetText"]',
    time: 'time[datetime]',
    // Profile header and user lists (follower/retweeter cells). Proven by tests/fixtures/sites/x.com/*.html.
    profileName: 'div[data-testid="UserName"]',
    userCell: 'button[data-testid="UserCell"], div[data-testid="UserCell"]',
    // The card shown over a hovered name, in the #layers portal: no name block inside, only links. Proven by
    // tests/fixtures/sites/x.com/search.html (hover a post author's name).
    hoverCard: 'div[data-testid="HoverCard"]',
    // A quoted post inside a post: its author block has no links (as in the logged-in quote capture). Proven by
    // tests/fixtures/sites/x.com/search.html (the fact-checker's quote).
    quote: 'div[role="link"]',
    // Logged-out 2026 markup: no data-testid; schema.org microdata on each post.
    loggedOutPost: 'article[data-tweet-id][itemtype$="SocialMediaPosting"], article[data-tweet-id][itemType$="SocialMediaPosting"]',
  };
  // Every element Trichome reads or puts a badge by carries one of these attributes: one walk of an added subtree
  // finds them all, and each is then taken by what it is (one walk per selector cost several times more).
  const MARKED = '[data-testid], [data-tweet-id]';
  /** @type {Map<string, keyof typeof SELECTORS>} */
  const KIND_BY_TESTID = new Map([['tweet', 'post'], ['User-Name', 'userName'], ['UserName', 'profileName'], ['UserCell', 'userCell'], ['HoverCard', 'hoverCard']]);
  const READ_KINDS = new Set(['post', 'loggedOutPost', 'profileName', 'userCell']);

  /**
   * Which of SELECTORS an element found by MARKED is, or null.
   * @param {Element} el
   * @returns {keyof typeof SELECTORS | null}
   */
  function kindOf(el) {
    const testid = el.getAttribute('data-testid');
    /** @type {keyof typeof SELECTORS | null | undefined} */
    const kind = testid === null ? (el.hasAttribute('data-tweet-id') ? 'loggedOutPost' : null) : KIND_BY_TESTID.get(testid);
    return kind && el.matches(SELECTORS[kind]) ? kind : null;
  }

  // X's limit is 15 characters, but older accounts and the site's own data show longer ones: be lenient.
  const HANDLE = /^[A-Za-z0-9_]{1,20}$/;
  const RESERVED = new Set(['home', 'explore', 'notifications', 'messages', 'i', 'search', 'settings', 'compose', 'hashtag']);

  /**
   * The handle a link's address names (`/name`, `/name/status/…`), not the site's own pages.
   * @param {string | null} href
   * @returns {string | null}
   */
  function handleFromHref(href) {
    if (typeof href !== 'string') return null;
    const path = href.replace(/^https?:\/\/[^/]+/, '');
    const first = path.split(/[/?#]/)[1] || '';
    return HANDLE.test(first) && !RESERVED.has(first.toLowerCase()) ? first : null;
  }

  /**
   * A post's author and id from its address.
   * @param {string | null} href
   * @returns {{handle: string, id: string} | null}
   */
  function statusFromHref(href) {
    const m = /^(?:https?:\/\/[^/]+)?\/([A-Za-z0-9_]{1,20})\/status\/(\d{1,25})/.exec(href || '');
    return m ? { handle: m[1], id: m[2] } : null;
  }

  /**
   * @param {string | null} iso
   * @returns {number | null} seconds since the epoch
   */
  function seconds(iso) {
    const t = Date.parse(iso ?? '');
    return Number.isFinite(t) ? Math.floor(t / 1000) : null;
  }

  /**
   * @param {Element} el
   * @param {number} max characters
   */
  function textOf(el, max) {
    // Emoji in X's markup are <img alt="…">: keep them as their alt text.
    let out = '';
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = /** @type {Node | null} */ (walker.currentNode); n && out.length < max; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) out += n.nodeValue;
      else if (n.nodeName === 'IMG' && /** @type {HTMLImageElement} */ (n).alt) out += /** @type {HTMLImageElement} */ (n).alt;
    }
    return out.slice(0, max);
  }

  /**
   * The author block of a post: the first User-Name not inside a quoted post.
   * @param {Element} article
   * @returns {Element | null}
   */
  function authorBlock(article) {
    for (const block of article.querySelectorAll(SELECTORS.userName)) {
      if (block.closest(SELECTORS.post) === article && !block.closest(SELECTORS.quote)) return block;
    }
    return null;
  }

  /**
   * The handle a name block shows: its first profile link, else an @handle in its text.
   * @param {Element | null} block
   * @returns {string | null}
   */
  function handleOf(block) {
    if (!block) return null;
    for (const a of block.querySelectorAll('a[href]')) {
      const h = handleFromHref(a.getAttribute('href'));
      if (h) return h;
    }
    const at = /@([A-Za-z0-9_]{1,20})/.exec(block.textContent || '');
    return at ? at[1] : null;
  }

  /**
   * @param {Element | null} block
   * @returns {string | null}
   */
  function displayNameOf(block) {
    const link = block && block.querySelector('a[href]');
    const name = link ? link.textContent.trim() : '';
    return name && !name.startsWith('@') ? name.slice(0, 200) : null;
  }

  /**
   * One walk of an added subtree: where names are shown (`anchors`, for badges now) and what the post reader is to
   * read (`later`, for {@link readLater} once the site's JSON has had its chance to deliver the same posts).
   * @param {Element} root
   * @returns {Survey}
   */
  function survey(root) {
    /** @type {Anchor[]} */
    const anchors = [];
    /** @type {Readable[]} */
    const later = [];
    for (const el of within(root, MARKED)) {
      const kind = kindOf(el);
      if (!kind) continue;
      if (kind !== 'post') anchorsOf(el, kind, anchors);
      if (READ_KINDS.has(kind)) later.push({ el, kind });
    }
    return { anchors, later };
  }

  /**
   * Reads what {@link survey} set aside (posts in both markups, profile headers, user cells) into observations in
   * Trichome's shape, skipping posts whose ids are in `known` (the JSON delivered them) and elements no longer on
   * the page. Only what the page shows; nothing is requested.
   * @param {Readable[]} found
   * @param {string} pageUrl
   * @param {number} now
   * @param {ReadonlySet<string>} known
   * @returns {Observation[]}
   */
  function readLater(found, pageUrl, now, known) {
    /** @type {Observation[]} */
    const out = [];
    /** @type {Observation['seen']} */
    const seen = { source: 'dom', page_url: pageUrl, observed_at: now };
    const live = found.filter(({ el }) => el.isConnected);
    /** @type {(...kinds: string[]) => Element[]} */
    const of = (...kinds) => live.filter(({ kind }) => kinds.includes(kind)).map(({ el }) => el);
    for (const article of of('post')) {
      // A post the site's own JSON already delivered needs no second reading from the page.
      if (known && known.size) {
        const link = article.querySelector('a[href*="/status/"] > time')?.parentElement;
        const s = link && statusFromHref(link.getAttribute('href'));
        if (s && known.has(s.id)) continue;
      }
      const block = authorBlock(article);
      const handle = handleOf(block);
      if (!handle) continue;
      let status = null;
      let created = null;
      for (const time of article.querySelectorAll(SELECTORS.time)) {
        const link = time.closest('a[href]');
        const s = link && statusFromHref(link.getAttribute('href'));
        if (s && s.handle.toLowerCase() === handle.toLowerCase() && !time.closest(SELECTORS.quote)) {
          status = s;
          const at = seconds(time.getAttribute('datetime'));
          if (at !== null) created = { earliest: at, latest: at, precision: 'second' };
          break;
        }
      }
      if (!status) continue;
      const textEl = [...article.querySelectorAll(SELECTORS.text)].find((t) => !t.closest(SELECTORS.quote));
      const name = displayNameOf(block);
      out.push({ schema: 'trichome.observation/1', site: 'x', seen, kind: 'account', id: '@' + handle, handle, ...(name ? { name } : {}) });
      /** @type {Observation} */
      const post = {
        schema: 'trichome.observation/1', site: 'x', seen, kind: 'post',
        id: status.id, account_id: '@' + handle,
        text: textEl ? textOf(textEl, 20000) : '',
        url: 'https://x.com/' + handle + '/status/' + status.id,
      };
      const lang = textEl && textEl.getAttribute('lang');
      if (lang && lang.length <= 12) post.lang = lang;
      if (created) post.created = created;
      out.push(post);
    }
    out.push(...readLoggedOutPosts(of('loggedOutPost'), seen));
    out.push(...readAccounts(of('profileName', 'userCell'), seen));
    return out;
  }

  /**
   * The content of a microdata `<meta itemprop>` directly in `scope`.
   * @param {Element} scope
   * @param {string} prop
   * @returns {string | null}
   */
  function meta(scope, prop) {
    const m = scope.querySelector(`:scope > meta[itemprop="${prop}"]`);
    const v = m && m.getAttribute('content');
    return typeof v === 'string' ? v : null;
  }

  /**
   * The 2026 logged-out markup: schema.org microdata on each post, the author's numeric id included.
   * @param {Element[]} articles
   * @param {Observation['seen']} seen
   * @returns {Observation[]}
   */
  function readLoggedOutPosts(articles, seen) {
    /** @type {Observation[]} */
    const out = [];
    for (const article of articles) {
      const author = article.querySelector(':scope > [itemprop="author"]');
      const id = article.getAttribute('data-tweet-id');
      const handle = author && meta(author, 'alternateName');
      const userId = author && meta(author, 'identifier');
      if (!id || !/^\d{1,25}$/.test(id) || !handle || !HANDLE.test(handle)) continue;
      const accountId = userId && /^\d{1,25}$/.test(userId) ? userId : '@' + handle;
      const name = author && meta(author, 'name');
      out.push({ schema: 'trichome.observation/1', site: 'x', seen, kind: 'account', id: accountId, handle, ...(name ? { name: name.slice(0, 200) } : {}) });
      /** @type {Observation} */
      const post = {
        schema: 'trichome.observation/1', site: 'x', seen, kind: 'post',
        id, account_id: accountId,
        text: (meta(article, 'articleBody') || '').slice(0, 20000),
        url: 'https://x.com/' + handle + '/status/' + id,
      };
      const at = seconds(meta(article, 'dateCreated'));
      if (at !== null) post.created = { earliest: at, latest: at, precision: 'second' };
      out.push(post);
    }
    return out;
  }

  /**
   * Accounts shown without a post: the profile header and user cells (followers, retweeters), in page order.
   * @param {Element[]} blocks
   * @param {Observation['seen']} seen
   * @returns {Observation[]}
   */
  function readAccounts(blocks, seen) {
    /** @type {Observation[]} */
    const out = [];
    for (const block of blocks) {
      const handle = handleOf(block);
      if (!handle) continue;
      const name = displayNameOf(block);
      out.push({ schema: 'trichome.observation/1', site: 'x', seen, kind: 'account', id: '@' + handle, handle, ...(name ? { name } : {}) });
    }
    return out;
  }

  /**
   * The elements matching `selector` in `root`, `root` itself included.
   * @param {Element} root
   * @param {string} selector
   * @returns {Element[]}
   */
  function within(root, selector) {
    const found = root.querySelectorAll ? [...root.querySelectorAll(selector)] : [];
    return root.matches && root.matches(selector) ? [root, ...found] : found;
  }

  /**
   * A link that shows a display name: text that is not the @handle, and no avatar image.
   * @param {Element} a
   */
  function isNameLink(a) {
    const text = a.textContent.trim();
    return Boolean(text) && !text.startsWith('@') && !a.querySelector('img');
  }

  /**
   * Where badges go: every place an account's name is shown under `root`, with the account's key.
   * @param {Element} root
   * @returns {Anchor[]}
   */
  function nameAnchors(root) {
    return survey(root).anchors;
  }

  /**
   * Appends to `out` the badge anchor of one element found by {@link survey}, by its kind.
   * @param {Element} el
   * @param {keyof typeof SELECTORS} kind
   * @param {Anchor[]} out
   */
  function anchorsOf(el, kind, out) {
    /** @type {(element: Element | null | undefined, handle: string | null) => void} */
    const add = (element, handle) => {
      if (element && handle) out.push({ element, key: 'x:@' + handle.toLowerCase(), handle });
    };
    if (kind === 'userCell' || kind === 'hoverCard') {
      // User cells: the badge goes beside the display name's link; hover cards stack their links, so there it
      // goes inside the name link, after the name (the badge stops its clicks from following the link).
      const handle = handleOf(el);
      const link = handle ? [...el.querySelectorAll('a[href]')].find((a) => handleFromHref(a.getAttribute('href')) === handle && isNameLink(a)) : undefined;
      add(link && (kind === 'hoverCard' ? link : link.parentElement), handle);
    } else if (kind === 'loggedOutPost') {
      // Logged-out posts: beside the display-name link (the one with text, not the avatar).
      const author = el.querySelector(':scope > [itemprop="author"]');
      const handle = author && meta(author, 'alternateName');
      if (!handle || !HANDLE.test(handle)) return;
      const link = [...el.querySelectorAll('a[href]')].find(
        (a) => handleFromHref(a.getAttribute('href')) === handle && isNameLink(a) && a.closest(SELECTORS.loggedOutPost) === el,
      );
      add(link && link.parentElement, handle);
    } else {
      // Posts (the author and any quoted author) and the profile header use a name block.
      add(el, handleOf(el));
    }
  }

  /**
   * On a post's own page: the focal post and the authors of the replies below it, in page order.
   * Null elsewhere.
   * @param {ParentNode} root
   * @param {PageLocation} location
   * @returns {Thread | null}
   */
  function thread(root, location) {
    const m = /^\/([A-Za-z0-9_]{1,20})\/status\/(\d+)/.exec(location.pathname);
    if (!m) return null;
    let focal = null;
    const replies = [];
    for (const article of root.querySelectorAll(`${SELECTORS.post}, ${SELECTORS.loggedOutPost}`)) {
      const link = article.querySelector(`a[href*="/status/${m[2]}"]`);
      const isFocal = article.getAttribute('data-tweet-id') === m[2] || (link && statusFromHref(link.getAttribute('href'))?.id === m[2] && !focal);
      if (isFocal && !focal) {
        focal = article;
        continue;
      }
      if (!focal) continue; // ancestors of the focal post are not replies
      const handle = article.hasAttribute('data-tweet-id')
        ? meta(article.querySelector(':scope > [itemprop="author"]') || article, 'alternateName')
        : handleOf(authorBlock(article));
      if (handle) replies.push('x:@' + handle.toLowerCase());
    }
    return focal ? { focal, replies } : null;
  }

  /**
   * Whether this page should show posts (so an empty reading means the layout changed).
   * @param {PageLocation} location
   */
  function expectsPosts(location) {
    return /^\/[A-Za-z0-9_]{1,20}(\/status\/\d+)?\/?$/.test(location.pathname) || location.pathname.startsWith('/search') || location.pathname === '/home';
  }

  /** @param {string} handle */
  const profileUrl = (handle) => 'https://x.com/' + encodeURIComponent(handle);

  return { SELECTORS, survey, readLater, nameAnchors, thread, expectsPosts, profileUrl, handleFromHref, statusFromHref };
})();
