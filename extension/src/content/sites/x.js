// X (x.com, twitter.com): every selector Trichome uses on X, in one place, each with the fixture that proves
// it, and the DOM reader that turns rendered posts into observations (the fallback when no JSON was captured;
// always the anchor for badges).
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = {});

Trichome.sites = Trichome.sites || {};

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
  const ANCHORS = [SELECTORS.userName, SELECTORS.profileName, SELECTORS.userCell, SELECTORS.hoverCard, SELECTORS.loggedOutPost].join(', ');
  // Anything a reader or the badges use: a node holding none of these is skipped with one query.
  SELECTORS.any = ['article', SELECTORS.profileName, SELECTORS.userCell, SELECTORS.userName, SELECTORS.hoverCard].join(', ');

  // X's limit is 15 characters, but older accounts and the site's own data show longer ones: be lenient.
  const HANDLE = /^[A-Za-z0-9_]{1,20}$/;
  const RESERVED = new Set(['home', 'explore', 'notifications', 'messages', 'i', 'search', 'settings', 'compose', 'hashtag']);

  function handleFromHref(href) {
    if (typeof href !== 'string') return null;
    const path = href.replace(/^https?:\/\/[^/]+/, '');
    const first = path.split(/[/?#]/)[1] || '';
    return HANDLE.test(first) && !RESERVED.has(first.toLowerCase()) ? first : null;
  }

  function statusFromHref(href) {
    const m = /^(?:https?:\/\/[^/]+)?\/([A-Za-z0-9_]{1,20})\/status\/(\d{1,25})/.exec(href || '');
    return m ? { handle: m[1], id: m[2] } : null;
  }

  function seconds(iso) {
    const t = Date.parse(iso);
    return Number.isFinite(t) ? Math.floor(t / 1000) : null;
  }

  function textOf(el, max) {
    // Emoji in X's markup are <img alt="…">: keep them as their alt text.
    let out = '';
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.currentNode; n && out.length < max; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) out += n.nodeValue;
      else if (n.tagName === 'IMG' && n.alt) out += n.alt;
    }
    return out.slice(0, max);
  }

  /** The author block of a post: the first User-Name not inside a quoted post. */
  function authorBlock(article) {
    for (const block of article.querySelectorAll(SELECTORS.userName)) {
      if (block.closest(SELECTORS.post) === article && !block.closest(SELECTORS.quote)) return block;
    }
    return null;
  }

  function handleOf(block) {
    if (!block) return null;
    for (const a of block.querySelectorAll('a[href]')) {
      const h = handleFromHref(a.getAttribute('href'));
      if (h) return h;
    }
    const at = /@([A-Za-z0-9_]{1,20})/.exec(block.textContent || '');
    return at ? at[1] : null;
  }

  function displayNameOf(block) {
    const link = block && block.querySelector('a[href]');
    const name = link ? link.textContent.trim() : '';
    return name && !name.startsWith('@') ? name.slice(0, 200) : null;
  }

  /**
   * Reads the posts under `root` (an element or document): returns observations in Trichome's shape.
   * Only what the page shows; nothing is requested.
   */
  function readPosts(root, pageUrl, now, known) {
    const out = [];
    const seen = { source: 'dom', page_url: pageUrl, observed_at: now };
    const articles = root.matches && root.matches(SELECTORS.post) ? [root] : root.querySelectorAll(SELECTORS.post);
    for (const article of articles) {
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
    out.push(...readLoggedOutPosts(root, seen));
    if (root.querySelector(`${SELECTORS.profileName}, ${SELECTORS.userCell}`)) out.push(...readAccounts(root, seen));
    return out;
  }

  function meta(scope, prop) {
    const m = scope.querySelector(`:scope > meta[itemprop="${prop}"]`);
    const v = m && m.getAttribute('content');
    return typeof v === 'string' ? v : null;
  }

  /** The 2026 logged-out markup: schema.org microdata on each post, the author's numeric id included. */
  function readLoggedOutPosts(root, seen) {
    const out = [];
    const articles = root.matches && root.matches(SELECTORS.loggedOutPost) ? [root] : root.querySelectorAll(SELECTORS.loggedOutPost);
    for (const article of articles) {
      const author = article.querySelector(':scope > [itemprop="author"]');
      const id = article.getAttribute('data-tweet-id');
      const handle = author && meta(author, 'alternateName');
      const userId = author && meta(author, 'identifier');
      if (!id || !/^\d{1,25}$/.test(id) || !handle || !HANDLE.test(handle)) continue;
      const accountId = userId && /^\d{1,25}$/.test(userId) ? userId : '@' + handle;
      const name = author && meta(author, 'name');
      out.push({ schema: 'trichome.observation/1', site: 'x', seen, kind: 'account', id: accountId, handle, ...(name ? { name: name.slice(0, 200) } : {}) });
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

  /** Accounts shown without a post: the profile header and user cells (followers, retweeters). */
  function readAccounts(root, seen) {
    const out = [];
    const blocks = [...root.querySelectorAll(SELECTORS.profileName), ...root.querySelectorAll(SELECTORS.userCell)];
    for (const block of blocks) {
      const handle = handleOf(block);
      if (!handle) continue;
      const name = displayNameOf(block);
      out.push({ schema: 'trichome.observation/1', site: 'x', seen, kind: 'account', id: '@' + handle, handle, ...(name ? { name } : {}) });
    }
    return out;
  }

  /** The elements matching `selector` in `root`, `root` itself included. */
  function within(root, selector) {
    const found = root.querySelectorAll ? [...root.querySelectorAll(selector)] : [];
    return root.matches && root.matches(selector) ? [root, ...found] : found;
  }

  /** A link that shows a display name: text that is not the @handle, and no avatar image. */
  function isNameLink(a) {
    const text = a.textContent.trim();
    return Boolean(text) && !text.startsWith('@') && !a.querySelector('img');
  }

  /** Where badges go: every place an account's name is shown under `root`, with the account's key. */
  function nameAnchors(root) {
    const out = [];
    const add = (element, handle) => {
      if (element && handle) out.push({ element, key: 'x:@' + handle.toLowerCase(), handle });
    };
    // One query for every kind of anchor, then each element by what it is: a pass stays one walk of `root`.
    for (const el of within(root, ANCHORS)) {
      if (el.matches(SELECTORS.userCell) || el.matches(SELECTORS.hoverCard)) {
        // User cells: the badge goes beside the display name's link; hover cards stack their links, so there it
        // goes inside the name link, after the name (the badge stops its clicks from following the link).
        const handle = handleOf(el);
        const link = handle && [...el.querySelectorAll('a[href]')].find((a) => handleFromHref(a.getAttribute('href')) === handle && isNameLink(a));
        add(link && (el.matches(SELECTORS.hoverCard) ? link : link.parentElement), handle);
      } else if (el.matches(SELECTORS.loggedOutPost)) {
        // Logged-out posts: beside the display-name link (the one with text, not the avatar).
        const author = el.querySelector(':scope > [itemprop="author"]');
        const handle = author && meta(author, 'alternateName');
        if (!handle || !HANDLE.test(handle)) continue;
        const link = [...el.querySelectorAll('a[href]')].find(
          (a) => handleFromHref(a.getAttribute('href')) === handle && isNameLink(a) && a.closest(SELECTORS.loggedOutPost) === el,
        );
        add(link && link.parentElement, handle);
      } else {
        // Posts (the author and any quoted author) and the profile header use a name block.
        add(el, handleOf(el));
      }
    }
    return out;
  }

  /**
   * On a post's own page: the focal post and the authors of the replies below it, in page order.
   * Null elsewhere.
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

  /** Whether this page should show posts (so an empty reading means the layout changed). */
  function expectsPosts(location) {
    return /^\/[A-Za-z0-9_]{1,20}(\/status\/\d+)?\/?$/.test(location.pathname) || location.pathname.startsWith('/search') || location.pathname === '/home';
  }

  return { SELECTORS, readPosts, nameAnchors, thread, expectsPosts, handleFromHref, statusFromHref };
})();
