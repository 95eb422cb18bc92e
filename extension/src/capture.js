// Trichome capture: runs in the page's own (MAIN) world at document_start, wraps fetch and XMLHttpRequest, and
// hands copies of the site's own JSON responses to the extension's isolated content script. It never makes a
// request of its own and never changes what the page receives.
(() => {
  'use strict';
  if (window.__trichomeCapture) return;
  Object.defineProperty(window, '__trichomeCapture', { value: true });

  const MAX_BODY = 12 * 1024 * 1024; // larger responses are not timelines; skip them
  // Which responses are worth reading: X GraphQL, YouTube's youtubei next/browse. Everything else is ignored.
  const INTERESTING = [/\/i\/api\/graphql\/[^/]+\/[A-Za-z]+/, /\/graphql\/[^/]+\/[A-Za-z]+/, /\/youtubei\/v1\/(next|browse)\b/];
  const interesting = (url) => typeof url === 'string' && INTERESTING.some((re) => re.test(url));

  const post = (url, body) => {
    if (typeof body !== 'string' || body.length === 0 || body.length > MAX_BODY) return;
    window.postMessage({ type: 'trichome:capture', url: String(url).slice(0, 4096), body }, window.location.origin);
  };

  const originalFetch = window.fetch;
  if (typeof originalFetch === 'function') {
    window.fetch = function fetch(...args) {
      const result = originalFetch.apply(this, args);
      try {
        const request = args[0];
        const url = typeof request === 'string' ? request : request && request.url;
        if (interesting(url)) {
          result.then((response) => {
            if (!response || !response.ok) return;
            response.clone().text().then((body) => post(response.url || url, body), () => {});
          }, () => {});
        }
      } catch (_) {
        // Never let capture break the page's own request.
      }
      return result;
    };
  }

  const XHR = window.XMLHttpRequest;
  if (XHR && XHR.prototype) {
    const open = XHR.prototype.open;
    XHR.prototype.open = function (method, url, ...rest) {
      try {
        if (interesting(String(url))) {
          this.addEventListener('load', function onLoad() {
            try {
              if (this.status < 200 || this.status >= 300) return;
              if (this.responseType === '' || this.responseType === 'text') post(this.responseURL || url, this.responseText);
              else if (this.responseType === 'json' && this.response) post(this.responseURL || url, JSON.stringify(this.response));
            } catch (_) {
              // An unreadable response is simply not captured.
            }
          });
        }
      } catch (_) {
        // As above: the page's request comes first.
      }
      return open.call(this, method, url, ...rest);
    };
  }

  // YouTube embeds its first data in the page instead of fetching it: hand that over once it exists.
  const handOverInitialData = () => {
    try {
      if (window.ytInitialData && typeof window.ytInitialData === 'object') {
        post('ytinitialdata:' + window.location.href, JSON.stringify(window.ytInitialData));
      }
      // The player response holds the video's exact publication time and the owner's handle.
      if (window.ytInitialPlayerResponse && typeof window.ytInitialPlayerResponse === 'object') {
        post('ytplayerresponse:' + window.location.href, JSON.stringify(window.ytInitialPlayerResponse));
      }
    } catch (_) {
      // Missing or odd initial data: the DOM reader still runs.
    }
  };
  if (/(^|\.)youtube\.com$/.test(window.location.hostname)) {
    document.addEventListener('DOMContentLoaded', handOverInitialData, { once: true });
  }
})();
