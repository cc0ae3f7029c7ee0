// A slow search in the worker does not hold up the next one: once a newer query has waited
// past the budget (250 ms after the slow one was sent) the worker is restarted from the
// module it compiled (no second download), and stale answers are never shown. The engine is
// tests/fixtures/hostile-glue.js, whose `slow` query keeps the worker busy for 6 s.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { assembleMock } from '../../www/scripts/build.mjs';
import { openHtml, repoRoot, useBrowserAndServer, widget } from './helpers.mjs';

const env = useBrowserAndServer();
const glue = path.join(repoRoot, 'tests', 'fixtures', 'hostile-glue.js');
// The smallest valid WebAssembly module: the worker fetches and compiles it like the real one.
const EMPTY_WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

test('typing after a slow query shows the new results promptly; the slow answer never shows', async () => {
  const { esm, worker } = assembleMock({ glue, single: false, wasmSize: 3 * 1024 * 1024 });
  const context = await env.browser.newContext();
  const js = (body) => (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body });
  await context.route('**/www/dist/bakedsearch.js', js(esm));
  await context.route('**/www/dist/bakedsearch.worker.js', js(worker));
  let wasmFetches = 0;
  await context.route('**/www/dist/bakedsearch_bg.wasm', (route) => {
    wasmFetches++;
    route.fulfill({ status: 200, contentType: 'application/wasm', body: EMPTY_WASM });
  });
  const workers = [];
  context.on('page', (p) => p.on('worker', (wk) => workers.push(wk.url())));
  const page = await openHtml(context, env.server.url, 'worker-cancel', '<baked-search></baked-search>');
  const w = widget(page);
  await page.evaluate(() => {
    window.__shown = [];
    document.querySelector('baked-search').addEventListener('search', (e) => window.__shown.push(e.detail.query));
  });
  // A .wasm over 2 MB: the element searches in the worker by itself.
  await w.host.evaluate((el) => el.search('first'));
  assert.equal(await w.host.evaluate((el) => el.usesWorker), true);
  assert.equal(workers.length, 1);

  await w.input.fill('slow');
  await page.waitForTimeout(50);
  const t0 = Date.now();
  await w.input.fill('next');
  await page.waitForFunction(() => document.querySelector('baked-search').shadowRoot.querySelector('.title')?.textContent === 'Result for next');
  const elapsed = Date.now() - t0;
  // Without superseding, "next" waits for the 6 s search to end; with it, about the 250 ms budget.
  assert.ok(elapsed < 3000, `new results after ${elapsed} ms`);
  assert.equal(workers.length, 2, 'the busy worker was replaced');
  assert.equal(wasmFetches, 1, 'the new worker instantiated the compiled module, no second download');

  // The replacement keeps working, and the slow query's answer was never shown.
  await w.input.fill('again');
  await page.waitForFunction(() => document.querySelector('baked-search').shadowRoot.querySelector('.title')?.textContent === 'Result for again');
  const shown = await page.evaluate(() => window.__shown);
  assert.ok(!shown.includes('slow'), JSON.stringify(shown));
  assert.deepEqual(shown.slice(-2), ['next', 'again']);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a slow query alone is not cut short: with nothing newer waiting it runs to its end', async () => {
  const { esm, worker } = assembleMock({ glue, single: false });
  const context = await env.browser.newContext();
  const js = (body) => (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body });
  await context.route('**/www/dist/bakedsearch.js', js(esm));
  await context.route('**/www/dist/bakedsearch.worker.js', js(worker));
  const page = await openHtml(context, env.server.url, 'worker-slow', '<baked-search worker></baked-search>');
  const w = widget(page);
  const detail = await w.host.evaluate((el) => el.search('slow'));
  assert.equal(detail.results[0].title, 'Result for slow');
  assert.deepEqual(page.problems, []);
  await context.close();
});
