// HTTPS fixture server for the end-to-end tests.
//
// Serves hand-written pages from tests/fixtures/sites/<host>/ keyed by the
// request's Host header, so Chromium can open the real URLs
// (https://x.com/..., https://www.youtube.com/...) through
// --host-resolver-rules and the shipped manifest's match patterns are the ones
// under test. Each host directory holds a routes.json:
//
//   {
//     "csp": "<default Content-Security-Policy for HTML responses>",
//     "routes": {
//       "/NewsDeskAmy/status/1861000000000000001": { "file": "thread.html" },
//       "/i/api/graphql/*/TweetDetail": { "file": "api/TweetDetail.json" },
//       "/plain": { "file": "plain.html", "csp": null }
//     }
//   }
//
// Route keys are URL paths without the query string (a key may also carry an
// exact query string, e.g. "/a/status/1?theme=dark", which wins over the bare
// path); a `*` stands for exactly one path segment. A route may set "csp" (string, array of strings for
// several headers, or null for none), "contentType", "status" and "headers".
// A path with no route is served as a plain file from the host directory if
// one exists there (no directory listing, no escaping the directory).
// Hosts without a directory fall back through ALIASES (twitter.com -> x.com).
//
// Every request is recorded in `server.requests` as
// { method, host, path, query, url, time, body? } (body only for non-GET
// requests, such as CSP violation reports) so tests can assert what the page
// (and the extension) fetched.

import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..', '..');
export const DEFAULT_SITES_ROOT = join(REPO_ROOT, 'tests', 'fixtures', 'sites');
export const CERT_DIR = join(REPO_ROOT, 'tests', '.cert');

/** Host names the certificate covers (and that browser.mjs maps to loopback). */
export const CERT_HOSTS = [
  'x.com',
  'twitter.com',
  'mobile.x.com',
  'www.youtube.com',
  'youtube.com',
  'm.youtube.com',
  'localhost',
];

/** Hosts served from another host's directory when they have none of their own. */
export const ALIASES = {
  'twitter.com': 'x.com',
  'mobile.x.com': 'x.com',
  'youtube.com': 'www.youtube.com',
  'm.youtube.com': 'www.youtube.com',
};

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Returns { key, cert } PEM strings, generating a self-signed certificate with
 * openssl into tests/.cert/ when it is missing. Written to a temporary
 * directory and renamed into place so concurrent test processes do not clash.
 */
export function ensureCertificate(certDir = CERT_DIR) {
  const keyPath = join(certDir, 'key.pem');
  const certPath = join(certDir, 'cert.pem');
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    mkdirSync(dirname(certDir), { recursive: true });
    const tmp = `${certDir}.tmp-${process.pid}-${Date.now()}`;
    mkdirSync(tmp, { recursive: true });
    const san = CERT_HOSTS.map((h) => `DNS:${h}`).concat('IP:127.0.0.1').join(',');
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650',
        '-keyout', join(tmp, 'key.pem'),
        '-out', join(tmp, 'cert.pem'),
        '-subj', '/CN=trichome-e2e fixture server',
        '-addext', `subjectAltName=${san}`,
        '-addext', 'basicConstraints=critical,CA:FALSE',
        '-addext', 'extendedKeyUsage=serverAuth',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    try {
      renameSync(tmp, certDir);
    } catch {
      // Another process won the race; use its certificate.
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
}

function loadRoutes(hostDir) {
  const file = join(hostDir, 'routes.json');
  if (!existsSync(file)) return { csp: undefined, routes: [] };
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const routes = Object.entries(json.routes ?? {}).map(([pattern, route]) => ({
    pattern,
    segments: pattern.split('/'),
    route,
  }));
  // Exact routes before wildcard routes.
  routes.sort((a, b) => Number(a.pattern.includes('*')) - Number(b.pattern.includes('*')));
  return { csp: json.csp, routes };
}

function matchRoute(routes, path) {
  const segs = path.split('/');
  for (const r of routes) {
    if (r.segments.length !== segs.length) continue;
    if (r.segments.every((s, i) => s === '*' ? segs[i] !== '' : s === segs[i])) return r.route;
  }
  return null;
}

/** Resolves `rel` inside `dir`, refusing anything that escapes it. */
function inside(dir, rel) {
  const p = normalize(join(dir, rel));
  return p === dir || p.startsWith(dir + sep) ? p : null;
}

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Starts the server on 127.0.0.1 with a random free port.
 * @param {{root?: string, port?: number, log?: boolean}} [opts]
 *   root: the sites directory (default tests/fixtures/sites).
 * @returns {Promise<{port: number, requests: object[], close(): Promise<void>,
 *   addRoute(host: string, path: string, route: object|Function): void,
 *   clearRequests(): void, requestsFor(host: string): object[]}>}
 */
export async function startServer({ root = DEFAULT_SITES_ROOT, port = 0, log = false } = {}) {
  const sitesRoot = resolve(root);
  const { key, cert } = ensureCertificate();
  const requests = [];
  const routeCache = new Map();
  // Routes added at run time by a test: host -> Map(path -> route|handler).
  const extraRoutes = new Map();

  function hostDirFor(host) {
    let dir = join(sitesRoot, host);
    if (!existsSync(dir) && ALIASES[host]) dir = join(sitesRoot, ALIASES[host]);
    return dir;
  }

  function routesFor(dir) {
    if (!routeCache.has(dir)) routeCache.set(dir, loadRoutes(dir));
    return routeCache.get(dir);
  }

  function setCsp(headers, csp) {
    if (csp === undefined || csp === null || csp === '') return;
    headers['Content-Security-Policy'] = Array.isArray(csp) ? csp : [csp];
  }

  async function handle(req, res) {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url, `https://${host || 'localhost'}`);
    const path = url.pathname;
    const record = {
      method: req.method,
      host,
      path,
      query: url.search,
      url: `https://${host}${req.url}`,
      time: Date.now(),
    };
    requests.push(record);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // Keep request bodies (e.g. CSP violation reports) for assertions.
      const chunks = [];
      let size = 0;
      for await (const c of req) {
        size += c.length;
        if (size <= 1 << 20) chunks.push(c);
      }
      record.body = Buffer.concat(chunks).toString('utf8');
    }
    if (log) console.log(`[fixture-server] ${req.method} ${host}${req.url}`);

    const extra = extraRoutes.get(host)?.get(path);
    if (typeof extra === 'function') return extra(req, res);

    const dir = hostDirFor(host);
    const { csp: defaultCsp, routes } = routesFor(dir);
    // A route keyed by path plus the exact query string wins over the bare path.
    const route =
      extra ??
      (url.search ? matchRoute(routes, path + url.search) : null) ??
      matchRoute(routes, path);

    let body;
    let filePath = null;
    const headers = { 'Cache-Control': 'no-store' };
    let status = 200;

    if (route) {
      status = route.status ?? 200;
      if (route.body !== undefined) {
        body = typeof route.body === 'string' ? route.body : JSON.stringify(route.body);
      } else if (route.file) {
        filePath = inside(dir, route.file);
      }
      if (route.headers) Object.assign(headers, route.headers);
    } else {
      const candidate = inside(dir, decodeURIComponent(path));
      if (candidate && isFile(candidate)) filePath = candidate;
    }

    if (body === undefined) {
      if (!filePath || !isFile(filePath)) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(`no fixture for https://${host}${path}\n`);
        return;
      }
      body = await readFile(filePath);
    }

    const contentType =
      route?.contentType ??
      (filePath ? MIME[extname(filePath).toLowerCase()] : undefined) ??
      'application/octet-stream';
    headers['Content-Type'] = contentType;
    // A route's own "csp" wins (null switches it off); otherwise HTML gets the
    // host's default policy.
    if (route && 'csp' in route) setCsp(headers, route.csp);
    else if (contentType.startsWith('text/html')) setCsp(headers, defaultCsp);

    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = createServer({ key, cert, ALPNProtocols: ['http/1.1'] }, (req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err?.stack ?? err));
    });
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Chromium probes and abandons TLS connections; don't let that crash tests.
  server.on('tlsClientError', () => {});

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });

  return {
    port: server.address().port,
    requests,
    /** Requests whose Host was `host`. */
    requestsFor(host) {
      return requests.filter((r) => r.host === host);
    },
    clearRequests() {
      requests.length = 0;
    },
    /**
     * Adds or overrides a route for this server instance. `route` is a
     * routes.json-style object (may use `body` instead of `file`) or a
     * `(req, res) => void` handler.
     */
    addRoute(host, path, route) {
      if (!extraRoutes.has(host)) extraRoutes.set(host, new Map());
      extraRoutes.get(host).set(path, route);
    },
    close() {
      return new Promise((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

// `node tests/e2e/server.mjs [port]` runs the server by hand.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srv = await startServer({ port: Number(process.argv[2] ?? 0), log: true });
  console.log(`fixture server on https://127.0.0.1:${srv.port}/ (use --host-resolver-rules to map hosts)`);
}
