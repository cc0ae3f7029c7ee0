#!/usr/bin/env node
// A tiny static file server for the demo (and the browser tests).
//   node scripts/serve.mjs [--root DIR] [--port N]      (PORT env also works; default 8080)
// Serves DIR (default: www/) on 127.0.0.1 with no caching, refuses paths outside DIR.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
// The package's server (`npx bakedsearch --serve`), without its search page: one server to
// keep right (MIME types, no escaping the root, no caching).
import { serve } from '../../npm/lib/serve.mjs';

const www = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts the server. Resolves to { server, url, close() }. `port: 0` picks a free port;
 * `headers` are added to every file served (the tests serve a Content-Security-Policy so).
 */
export function startServer({ root = www, port = 8080, host = '127.0.0.1', quiet = false, headers = {} } = {}) {
  return serve({ root, subdir: null, port, host, headers, log: quiet ? null : (line) => console.log(line) });
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
