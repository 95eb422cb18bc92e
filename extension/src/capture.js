// Trichome capture: runs in the page's own (MAIN) world at document_start, wraps fetch and XMLHttpRequest, and
// hands copies of the site's own JSON responses to the extension's isolated content script. It never makes a
// request of its own and never changes what the page receives.
//
// The page's scripts share this world and run after it: everything used later is copied now (a page that
// replaces JSON.stringify or Response.prototype.clone afterwards does not reach it), and captures go over a
// private MessageChannel whose sending end only this closure holds, handed to the content script once, before any
// page script can run (issue #17, finding 1). The content script accepts captures from that channel only.
(() => {
  'use strict';

  const MAX_BODY = 4 * 1024 * 1024; // the core reads no more (MAX_CAPTURE_BYTES): larger responses are not timelines
  // Which responses are worth reading: X GraphQL, YouTube's youtubei next/browse. Everything else is ignored.
  const INTERESTING = [/\/i\/api\/graphql\/[^/]+\/[A-Za-z]+/, /\/graphql\/[^/]+\/[A-Za-z]+/, /\/youtubei\/v1\/(next|browse)\b/];

  // The built-ins used after the page's scripts start, copied while they are still the browser's own.
  const { apply } = Reflect;
  const test = RegExp.prototype.test;
  const stringify = JSON.stringify;
  const clone = Response.prototype.clone;
  const text = Response.prototype.text;
  const then = Promise.prototype.then;
  const addListener = EventTarget.prototype.addEventListener;
  const send = MessagePort.prototype.postMessage;
  const slice = String.prototype.slice;
  // The address getters, brand-checked: they throw on anything that is not a real URL or Request.
  const hrefOf = /** @type {() => string} */ (Object.getOwnPropertyDescriptor(URL.prototype, 'href')?.get);
  const urlOf = /** @type {() => string} */ (Object.getOwnPropertyDescriptor(Request.prototype, 'url')?.get);
  const origin = window.location.origin;

  // The sending ends of the channels handed over: the first at once; one more if the content script, started after
  // the first was delivered, asks for it. Which script holds a receiving end does not matter: only this closure can
  // send on it.
  const ports = [];
  const handOver = () => {
    if (ports.length >= 2) return;
    const channel = new MessageChannel();
    ports.push(channel.port1);
    window.postMessage({ type: 'trichome:capture-port' }, origin, [channel.port2]);
  };
  handOver();
  apply(addListener, window, [
    'message',
    /** @param {MessageEvent} event */
    (event) => {
      if (event.source === window && event.data && event.data.type === 'trichome:capture-hello') handOver();
    },
  ]);

  /**
   * The address fetch() was asked for: a string, a URL or a Request (read with the browser's own getters, so an
   * object that only looks like one gives nothing).
   * @param {unknown} input
   * @returns {string | undefined}
   */
  const addressOf = (input) => {
    if (typeof input === 'string') return input;
    for (const getter of [hrefOf, urlOf]) {
      try {
        return apply(getter, input, []);
      } catch (_) {
        // Not this kind.
      }
    }
    return undefined;
  };

  const interesting = (url) => typeof url === 'string' && INTERESTING.some((re) => apply(test, re, [url]));

  const post = (url, body) => {
    if (typeof body !== 'string' || body.length === 0 || body.length > MAX_BODY) return;
    const capture = { url: apply(slice, String(url), [0, 4096]), body };
    for (let i = 0; i < ports.length; i += 1) apply(send, ports[i], [capture]);
  };

  const originalFetch = window.fetch;
  if (typeof originalFetch === 'function') {
    window.fetch = function fetch(...args) {
      const result = apply(originalFetch, this, args);
      try {
        const url = addressOf(args[0]);
        if (interesting(url)) {
          apply(then, result, [
            (response) => {
              if (!response || !response.ok) return;
              apply(then, apply(text, apply(clone, response, []), []), [(body) => post(response.url || url, body), () => {}]);
            },
            () => {},
          ]);
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
          apply(addListener, this, [
            'load',
            /** @this {XMLHttpRequest} */
            function onLoad() {
              try {
                if (this.status < 200 || this.status >= 300) return;
                if (this.responseType === '' || this.responseType === 'text') post(this.responseURL || url, this.responseText);
                else if (this.responseType === 'json' && this.response) post(this.responseURL || url, stringify(this.response));
              } catch (_) {
                // An unreadable response is simply not captured.
              }
            },
          ]);
        }
      } catch (_) {
        // As above: the page's request comes first.
      }
      return apply(open, this, [method, url, ...rest]);
    };
  }

  // YouTube embeds its first data in the page instead of fetching it: hand that over once it exists.
  const handOverInitialData = () => {
    try {
      if (window.ytInitialData && typeof window.ytInitialData === 'object') {
        post('ytinitialdata:' + window.location.href, stringify(window.ytInitialData));
      }
      // The player response holds the video's exact publication time and the owner's handle.
      if (window.ytInitialPlayerResponse && typeof window.ytInitialPlayerResponse === 'object') {
        post('ytplayerresponse:' + window.location.href, stringify(window.ytInitialPlayerResponse));
      }
    } catch (_) {
      // Missing or odd initial data: the DOM reader still runs.
    }
  };
  if (/(^|\.)youtube\.com$/.test(window.location.hostname)) {
    apply(addListener, document, ['DOMContentLoaded', handOverInitialData, { once: true }]);
  }
})();
