// `npx bakedsearch --serve`: a static server for a quick look at the site with its search.
// Serves the site folder on 127.0.0.1 (pretty URLs: a folder serves its index.html; 404.html
// for what is missing), and at `/<output subdir>/` (the output folder holds no page of its
// own) a search page that embeds the widget with one script tag. Nothing is written.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The page served at `/<subdir>/`: the widget, embedded with one script tag. */
export function searchPage(subdir) {
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Search (bakedsearch --serve)</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; }</style>
<h1>Search</h1>
<p>This page is served by <code>bakedsearch --serve</code> only; put the two lines below into your own pages.</p>
<script type="module" src="/${subdir}/bakedsearch.js"></script>
<baked-search placeholder="Search this site"></baked-search>
</html>
`;
}

function inside(root, p) {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Serves `root`; resolves to { server, url, searchUrl, close() }. `port` 0 picks a free one.
 * `log(line)` gets one line per request (default: none). `subdir` null serves no search page
 * (the repository's demo and tests use this server so). `headers` go on every file served
 * (the tests send a Content-Security-Policy so).
 */
export async function serve({ root, subdir = 'bakedsearch', port = 8080, host = '127.0.0.1', log = null, headers = {} }) {
  const rootReal = await realpath(path.resolve(root));
  const searchPath = subdir == null ? null : `/${subdir.split(path.sep).join('/').replace(/^\/+|\/+$/g, '')}/`;
  const send = (res, status, body, type = 'text/plain; charset=utf-8', extra = {}) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-cache', ...extra });
    res.end(body);
  };
  const sendFile = async (req, res, status, file, info) => {
    res.writeHead(status, {
      'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  };
  const notFound = async (req, res) => {
    const page = path.join(rootReal, '404.html');
    try {
      const info = await stat(page);
      if (info.isFile()) return sendFile(req, res, 404, page, info);
    } catch {
      // no 404 page: plain text
    }
    send(res, 404, 'Not Found\n');
  };
  const server = http.createServer(async (req, res) => {
    if (log) res.on('finish', () => log(`${res.statusCode} ${req.method} ${req.url}`));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed\n', undefined, { Allow: 'GET, HEAD' });
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
          res.writeHead(301, { Location: `${new URL(req.url, 'http://localhost').pathname}/` });
          return res.end();
        }
        try {
          file = path.join(file, 'index.html');
          info = await stat(file);
        } catch (err) {
          if (pathname === searchPath) return send(res, 200, searchPage(searchPath.slice(1, -1)), MIME['.html']);
          throw err;
        }
      }
      if (!inside(rootReal, await realpath(file)) || !info.isFile()) return notFound(req, res);
      return sendFile(req, res, 200, file, info);
    } catch {
      return notFound(req, res);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const url = `http://localhost:${server.address().port}/`;
  return {
    server,
    url,
    searchUrl: searchPath && new URL(searchPath.slice(1), url).href,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
