// A small static server on 127.0.0.1 for the benchmark pages. It logs every response's path
// and byte count (so the driver knows what a page load fetched), serves without compression
// (sizes are reported raw/gzip/brotli separately), and sends COOP/COEP headers so pages are
// cross-origin isolated: performance.now() then has 5 µs resolution instead of 100 µs.
//
// `GET /_served` answers { requests, bytes }: running totals of every file served so far (itself
// not included). The page reads it between queries to count what each query fetched, from the
// page or from any worker it started (a worker's fetches are not in the page's resource timing).

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
};

/** mounts: { '/prefix/': dir }. Resolves to { url, log, close() }; `log` is an array to reset. */
export function serve(mounts) {
  const log = [];
  const served = { requests: 0, bytes: 0 };
  const server = http.createServer(async (req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const prefix = Object.keys(mounts).filter((p) => urlPath.startsWith(p)).sort((a, b) => b.length - a.length)[0];
    const headers = {
      'Cache-Control': 'no-cache',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    if (urlPath === '/_served') {
      res.writeHead(200, { ...headers, 'Cache-Control': 'no-store', 'Content-Type': MIME['.json'] });
      res.end(JSON.stringify(served));
      return;
    }
    if (!prefix) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    const root = mounts[prefix];
    let file = path.resolve(root, `.${path.sep}${urlPath.slice(prefix.length)}`);
    if (!file.startsWith(root)) {
      res.writeHead(403, headers);
      res.end();
      return;
    }
    try {
      let s = await stat(file);
      if (s.isDirectory()) {
        file = path.join(file, 'index.html');
        s = await stat(file);
      }
      res.writeHead(200, { ...headers, 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream', 'Content-Length': s.size });
      log.push({ path: urlPath, file, bytes: s.size, at: performance.now() });
      served.requests++;
      served.bytes += s.size;
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, headers);
      res.end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, log, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
