#!/usr/bin/env node
// A tiny static file server for the demo (and the browser tests).
//   node scripts/serve.mjs [--root DIR] [--port N]      (PORT env also works; default 8080)
// Serves DIR (default: www/) on 127.0.0.1 with no caching, refuses paths outside DIR.

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const www = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', ...headers });
  res.end(body);
}

function inside(root, p) {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Starts the server. Resolves to { server, url, close() }. `port: 0` picks a free port;
 * `headers` are added to every file served (the tests serve a Content-Security-Policy so).
 */
export async function startServer({ root = www, port = 8080, host = '127.0.0.1', quiet = false, headers = {} } = {}) {
  const rootReal = await realpath(path.resolve(root));

  const server = http.createServer(async (req, res) => {
    if (!quiet) res.on('finish', () => console.log(`${res.statusCode} ${req.method} ${req.url}`));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(res, 400, 'Bad Request\n');
    }
    if (pathname.includes('\0')) return send(res, 400, 'Bad Request\n');
    let file = path.resolve(rootReal, `.${path.posix.normalize(`/${pathname}`)}`);
    if (!inside(rootReal, file)) return send(res, 403, 'Forbidden\n');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!pathname.endsWith('/')) {
          return send(res, 301, 'Moved\n', { Location: `${new URL(req.url, 'http://localhost').pathname}/` });
        }
        file = path.join(file, 'index.html');
        info = await stat(file);
      }
      // No escaping through symbolic links either.
      if (!inside(rootReal, await realpath(file)) || !info.isFile()) return send(res, 404, 'Not Found\n');
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...headers,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).on('error', () => res.destroy()).pipe(res);
    } catch {
      send(res, 404, 'Not Found\n');
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const url = `http://localhost:${server.address().port}/`;
  return { server, url, close: () => new Promise((resolve) => server.close(resolve)) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const opt = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const port = Number(opt('--port') ?? process.env.PORT ?? 8080);
  const root = opt('--root') ?? www;
  startServer({ root, port, quiet: argv.includes('--quiet') }).then(
    ({ url }) => console.log(`Serving ${path.relative(process.cwd(), path.resolve(root)) || '.'} at ${url}  (Ctrl-C to stop)`),
    (err) => {
      console.error(`serve: ${err.message}`);
      process.exit(1);
    },
  );
}
