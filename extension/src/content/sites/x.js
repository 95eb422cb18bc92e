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
    // Logged-out 2026 markup: no data-testid; schema.org microdata on each post.
    loggedOutPost: 'article[data-tweet-id][itemtype$="SocialMediaPosting"], article[data-tweet-id][itemType$="SocialMediaPosting"]',
  };

  const HANDLE = /^[A-Za-z0-9_]{1,15}$/;
  const RESERVED = new Set(['home', 'explore', 'notifications', 'messages', 'i', 'search', 'settings', 'compose', 'hashtag']);

  function handleFromHref(href) {
    if (typeof href !== 'string') return null;
    const path = href.replace(/^https?:\/\/[^/]+/, '');
    const first = path.split(/[/?#]/)[1] || '';
    return HANDLE.test(first) && !RESERVED.has(first.toLowerCase()) ? first : null;
  }

  function statusFromHref(href) {
    const m = /^(?:https?:\/\/[^/]+)?\/([A-Za-z0-9_]{1,15})\/status\/(\d{1,25})/.exec(href || '');
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
      if (block.closest(SELECTORS.post) === article && !block.closest('div[role="link"]')) return block;
    }
    return null;
  }

  function handleOf(block) {
    if (!block) return null;
    for (const a of block.querySelectorAll('a[href]')) {
      const h = handleFromHref(a.getAttribute('href'));
      if (h) return h;
    }
    const at = /@([A-Za-z0-9_]{1,15})/.exec(block.textContent || '');
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
  function readPosts(root, pageUrl, now) {
    const out = [];
    const seen = { source: 'dom', page_url: pageUrl, observed_at: now };
    const articles = root.matches && root.matches(SELECTORS.post) ? [root] : root.querySelectorAll(SELECTORS.post);
    for (const article of articles) {
      const block = authorBlock(article);
      const handle = handleOf(block);
      if (!handle) continue;
      let status = null;
      let created = null;
      for (const time of article.querySelectorAll(SELECTORS.time)) {
        const link = time.closest('a[href]');
        const s = link && statusFromHref(link.getAttribute('href'));
        if (s && s.handle.toLowerCase() === handle.toLowerCase() && !time.closest('div[role="link"]')) {
          status = s;
          const at = seconds(time.getAttribute('datetime'));
          if (at !== null) created = { earliest: at, latest: at, precision: 'second' };
          break;
        }
      }
      if (!status) continue;
      const textEl = [...article.querySelectorAll(SELECTORS.text)].find((t) => !t.closest('div[role="link"]'));
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
    return out;
  }

  /** Where badges go: every place an account's name is shown, with the account's key. */
  function nameAnchors(root) {
    const out = [];
    for (const article of root.querySelectorAll(SELECTORS.post)) {
      const block = authorBlock(article);
      const handle = handleOf(block);
      if (handle) out.push({ element: block, key: 'x:@' + handle.toLowerCase(), handle });
    }
    return out;
  }

  /** Whether this page should show posts (so an empty reading means the layout changed). */
  function expectsPosts(location) {
    return /^\/[A-Za-z0-9_]{1,15}(\/status\/\d+)?\/?$/.test(location.pathname) || location.pathname.startsWith('/search') || location.pathname === '/home';
  }

  return { SELECTORS, readPosts, nameAnchors, expectsPosts, handleFromHref, statusFromHref };
})();
