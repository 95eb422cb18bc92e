// YouTube: every selector Trichome uses on youtube.com, in one place, each with the fixture that proves it, and
// the DOM reader for comments (the fallback when no `youtubei` JSON was captured; always the anchor for badges).
'use strict';

var Trichome = globalThis.Trichome || (globalThis.Trichome = /** @type {TrichomeNamespace} */ ({}));

Trichome.sites = Trichome.sites || /** @type {TrichomeNamespace["sites"]} */ ({});

Trichome.sites.youtube = (() => {
  const SELECTORS = {
    // Proven by tests/fixtures/sites/www.youtube.com/watch.html (modelled on the live comment markup).
    comment: 'ytd-comment-view-model, ytd-comment-renderer',
    post: 'ytd-comment-view-model, ytd-comment-renderer',
    // The video owner on a watch page; the channel's name in a channel page's header. Proven by
    // tests/fixtures/sites/www.youtube.com/watch-campaign.html and channel.html.
    ownerName: 'ytd-video-owner-renderer ytd-channel-name#channel-name',
    channelTitle: 'yt-page-header-view-model h1, #page-header h1',
    any: 'ytd-comment-view-model, ytd-comment-renderer, ytd-video-owner-renderer, ytd-channel-name, yt-page-header-view-model, #page-header, h1',
    author: '#author-text',
    text: '#content-text',
    published: '#published-time-text a[href]',
  };

  const HANDLE = /^@([\w.\-\u00C0-\uFFFF]{1,60})$/;
  // Bidirectional controls and invisible characters: no handle holds them, and they make one read as another.
  const HIDDEN = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

  /**
   * The handle a channel address names (`/@name`), decoded; null when it holds characters that hide or reorder text.
   * @param {string | null} href
   * @returns {string | null}
   */
  function handleFromHref(href) {
    const m = /^(?:https?:\/\/[^/]+)?\/(@[^/?#]{1,60})/.exec(href || '');
    if (!m) return null;
    let decoded = m[1];
    try {
      decoded = decodeURIComponent(m[1]);
    } catch (_) {
      // keep the raw form
    }
    const h = HANDLE.exec(decoded);
    return h && !HIDDEN.test(h[1]) ? h[1] : null;
  }

  /**
   * A comment's id, from its permalink's `lc` parameter.
   * @param {string | null} href
   * @returns {string | null}
   */
  function commentIdFrom(href) {
    const m = /[?&]lc=([\w.-]{6,120})/.exec(href || '');
    return m ? m[1] : null;
  }

  /**
   * Reads the comments under `root`. Their times are relative ("3 days ago"): the core parses them.
   * @param {Element} root
   * @param {string} pageUrl
   * @param {number} now seconds
   * @returns {Observation[]}
   */
  function readPosts(root, pageUrl, now) {
    /** @type {Observation[]} */
    const out = [];
    /** @type {Observation['seen']} */
    const seen = { source: 'dom', page_url: pageUrl, observed_at: now };
    const comments = root.matches && root.matches(SELECTORS.comment) ? [root] : root.querySelectorAll(SELECTORS.comment);
    for (const comment of comments) {
      const author = comment.querySelector(SELECTORS.author);
      const handle = author && handleFromHref(author.getAttribute('href'));
      const link = comment.querySelector(SELECTORS.published);
      const href = link && link.getAttribute('href');
      const id = commentIdFrom(href);
      if (!handle || !link || !href || !id) continue;
      const textEl = comment.querySelector(SELECTORS.text);
      out.push({ schema: 'trichome.observation/1', site: 'youtube', seen, kind: 'account', id: '@' + handle, handle });
      out.push({
        schema: 'trichome.observation/1', site: 'youtube', seen, kind: 'post',
        id, account_id: '@' + handle,
        text: textEl ? textEl.textContent.slice(0, 20000) : '',
        url: new URL(href, location.origin).href,
        // "3 days ago": the core turns the site's words into an honest range.
        time_text: link.textContent.trim().slice(0, 80),
      });
    }
    return out;
  }

  /**
   * Where badges go under `root`: each comment's author, the video owner, the channel header.
   * @param {Element} root
   * @returns {Anchor[]}
   */
  function nameAnchors(root) {
    /** @type {Anchor[]} */
    const out = [];
    const comments = root.matches && root.matches(SELECTORS.comment) ? [root] : root.querySelectorAll(SELECTORS.comment);
    for (const comment of comments) {
      const author = comment.querySelector(SELECTORS.author);
      const handle = author && handleFromHref(author.getAttribute('href'));
      if (handle) out.push({ element: author.parentElement || author, key: 'youtube:@' + handle.toLowerCase(), handle });
    }
    channelAnchors(root, out);
    return out;
  }

  /** The video owner's and the channel header's names: badges beside the channel, not only its comments. */
  /**
   * @param {Element} root
   * @param {Anchor[]} out
   */
  function channelAnchors(root, out) {
    /** @param {string} sel */
    const within = (sel) => [...(root.matches && root.matches(sel) ? [root] : []), ...root.querySelectorAll(sel)];
    for (const name of within(SELECTORS.ownerName)) {
      const link = name.querySelector('a[href]');
      const handle = link && handleFromHref(link.getAttribute('href'));
      if (handle) out.push({ element: name, key: 'youtube:@' + handle.toLowerCase(), handle });
    }
    const onChannel = handleFromHref(location.pathname);
    if (onChannel) {
      for (const title of within(SELECTORS.channelTitle)) {
        out.push({ element: title.parentElement || title, key: 'youtube:@' + onChannel.toLowerCase(), handle: onChannel });
      }
    }
  }

  /** @param {PageLocation} location */
  function expectsPosts(location) {
    return location.pathname === '/watch';
  }

  /** @param {string} handle */
  const profileUrl = (handle) => 'https://www.youtube.com/@' + encodeURIComponent(handle);

  /**
   * An added subtree: its badge anchors now, and itself to read later (when it holds comments or names at all).
   * @param {Element} root
   * @returns {Survey}
   */
  function survey(root) {
    const anchors = nameAnchors(root);
    const readable = anchors.length > 0 || root.matches(SELECTORS.any) || Boolean(root.querySelector(SELECTORS.any));
    return { anchors, later: readable ? [{ el: root, kind: 'subtree' }] : [] };
  }

  /**
   * Reads the comments of the subtrees {@link survey} set aside that are still on the page (the posts the JSON
   * delivered, `known`, are not skipped here).
   * @param {Readable[]} found
   * @param {string} pageUrl
   * @param {number} now
   * @returns {Observation[]}
   */
  function readLater(found, pageUrl, now) {
    return found.flatMap(({ el }) => (el.isConnected ? readPosts(el, pageUrl, now) : []));
  }

  /** YouTube pages have no thread line: comments are not replies to one focal post. */
  const thread = () => null;

  return { SELECTORS, survey, readLater, readPosts, nameAnchors, thread, expectsPosts, profileUrl, handleFromHref };
})();
