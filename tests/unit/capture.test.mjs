// The capture script (extension/src/capture.js) in a stand-in page: it copies the responses of the site's own fetch()
// calls to the private channel, whether the page names the address as a string, a URL or a Request, and never
// takes an object that only looks like an address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { REPO_ROOT } from '../e2e/server.mjs';

const GRAPHQL = 'https://x.com/i/api/graphql/q1d/TweetDetail?variables=%7B%7D';
const BODY = '{"data":{}}';

/** A page world with capture.js run in it: `page.fetch` is the wrapped fetch; `captures` what reached the channel. */
function page() {
  const window = new EventTarget();
  const captures = [];
  const ports = [];
  window.location = { origin: 'https://x.com', hostname: 'x.com', href: 'https://x.com/home' };
  window.postMessage = (message, _origin, transfer) => {
    if (message.type !== 'trichome:capture-port') return;
    transfer[0].onmessage = (event) => captures.push(event.data);
    ports.push(transfer[0]);
  };
  window.fetch = async (input) => new Response(BODY, { status: 200, headers: { 'content-type': 'application/json' } });
  const document = new EventTarget();
  runInNewContext(readFileSync(`${REPO_ROOT}/extension/src/capture.js`, 'utf8'), { window, document, URL, Request, Response, MessageChannel, MessagePort, EventTarget });
  // The channel's ends are closed when the test is done (an open port keeps the process alive).
  return { fetch: (...args) => window.fetch(...args), captures, close: () => ports.forEach((port) => port.close()) };
}

const settle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `body` with a fresh page world, closing its channel whatever happens (an open port would keep the test process alive). */
async function withPage(body) {
  const p = page();
  try {
    await body(p);
  } finally {
    p.close();
  }
}

test('a response is captured whether fetch() is given a string, a URL or a Request', async () => {
  for (const input of [GRAPHQL, new URL(GRAPHQL), new Request(GRAPHQL)]) {
    await withPage(async (p) => {
      const response = await p.fetch(input);
      assert.equal(await response.text(), BODY, 'the page still gets its response');
      // The capture crosses a MessageChannel: wait for it (up to five seconds on a loaded machine).
      for (const deadline = Date.now() + 5000; p.captures.length === 0 && Date.now() < deadline; ) await settle(10);
      await settle(50);
      assert.equal(p.captures.length, 1, `captured once for a ${input.constructor.name}`);
      assert.equal(p.captures[0].body, BODY);
      assert.match(p.captures[0].url, /\/i\/api\/graphql\/q1d\/TweetDetail/);
    });
  }
});

test('an object that only looks like an address, or an address of no interest, is not captured', async () => {
  for (const input of [{ href: GRAPHQL, url: GRAPHQL, toString: () => GRAPHQL }, 'https://x.com/home.json', new URL('https://x.com/i/jot')]) {
    await withPage(async (p) => {
      await p.fetch(input);
      await settle(200);
      assert.deepEqual(p.captures, [], JSON.stringify(String(input)));
    });
  }
});
