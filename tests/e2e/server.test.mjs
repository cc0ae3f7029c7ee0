// The demo's static server: MIME types, caching, and no way out of its root.
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startServer } from '../../www/scripts/serve.mjs';
import { www } from './helpers.mjs';

let server;
let port;

before(async () => {
  server = await startServer({ root: path.join(www, 'scripts'), port: 0, quiet: true });
  port = server.server.address().port;
});

after(() => server?.close());

// Raw request: the path is sent exactly as given (fetch would normalize "..").
function get(rawPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves files with the right MIME type and no caching', async () => {
  const r = await get('/serve.mjs');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/javascript/);
  assert.equal(r.headers['cache-control'], 'no-cache');
  assert.equal((await get('/serve.mjs', 'POST')).status, 405);
  assert.equal((await get('/missing.js')).status, 404);
});

test('refuses paths outside its root', async () => {
  for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%5cpackage.json', '/scripts/../../package.json', '/%00']) {
    const r = await get(p);
    assert.ok([400, 403, 404].includes(r.status), `${p} → ${r.status}`);
    assert.ok(!r.body.includes('bakedsearch-www'), `${p} leaked package.json`);
  }
});

test('.wasm is served as application/wasm', async () => {
  const root = await startServer({ root: path.join(www, 'dist'), port: 0, quiet: true });
  try {
    const res = await fetch(`http://127.0.0.1:${root.server.address().port}/bakedsearch_bg.wasm`, { method: 'HEAD' });
    if (res.status === 404) return; // not built: the browser tests build it
    assert.equal(res.headers.get('content-type'), 'application/wasm');
  } finally {
    await root.close();
  }
});
