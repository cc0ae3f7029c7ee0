// The widget over a split index, with a stand-in engine (tests/e2e/split-glue.js) and shards
// answered by routes: the element picks the worker by itself, prefetches on focus, fetches
// each shard once, shows a clear message when a shard fails and recovers on the next
// keystroke, never shows a superseded query's results, and the module's searchAsync works on
// the main thread. The cold-start marks are on the page's timeline. Fast: no Rust build.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { assembleMock } from '../../www/scripts/build.mjs';
import { openHtml, repoRoot, useBrowserAndServer, widget } from './helpers.mjs';

const env = useBrowserAndServer();
const glue = path.join(repoRoot, 'tests', 'e2e', 'split-glue.js');
// The smallest valid WebAssembly module: fetched and compiled like the real one.
const EMPTY_WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const bundles = assembleMock({ glue, single: false, split: true, wasmSize: EMPTY_WASM.length });

/**
 * A context serving the split bundles; `shard(name, route)` may answer a shard request itself
 * (return true). Returns { context, requests } (requests: shard name → count).
 */
async function splitContext(shard = () => false) {
  const context = await env.browser.newContext();
  const js = (body) => (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body });
  await context.route('**/www/dist/bakedsearch.js', js(bundles.esm));
  await context.route('**/www/dist/bakedsearch.worker.js', js(bundles.worker));
  await context.route('**/www/dist/bakedsearch_bg.wasm', (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: EMPTY_WASM }));
  const requests = {};
  await context.route('**/www/dist/shards/*', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    requests[name] = (requests[name] || 0) + 1;
    if (await shard(name, route)) return;
    route.fulfill({ status: 200, contentType: 'application/octet-stream', body: `shard:${name}` });
  });
  return { context, requests };
}

const titles = (w) => w.options.evaluateAll((os) => os.map((o) => o.querySelector('.title').textContent));

test('split index: the worker, prefetch on focus, each shard fetched once, the marks', async () => {
  const { context, requests } = await splitContext();
  const workers = [];
  context.on('page', (p) => p.on('worker', (wk) => workers.push(new URL(wk.url()).pathname)));
  const page = await openHtml(context, env.server.url, 'split-widget', '<baked-search></baked-search>');
  const w = widget(page);
  await w.input.focus();
  for (let i = 0; i < 100 && Object.keys(requests).length < 2; i++) await page.waitForTimeout(50);
  await page.waitForTimeout(100);
  assert.deepEqual(requests, { 'l61.bks': 1, 'l62.bks': 1 }, 'the prefetch list, on focus');
  assert.equal(await w.host.evaluate((el) => el.usesWorker), true, 'a split index searches in the worker');
  assert.deepEqual(workers, ['/www/dist/bakedsearch.worker.js']);

  await w.input.pressSequentially('alpha beta', { delay: 20 });
  await page.waitForFunction(() => document.querySelector('baked-search').shadowRoot.querySelector('.title')?.textContent === 'Result for alpha beta');
  for (const q of ['alpha', 'beta alpha', 'alpha beta']) {
    const detail = await w.host.evaluate((el, query) => el.search(query), q);
    assert.equal(detail.results[0].title, `Result for ${q}`);
    assert.equal(detail.error, null);
  }
  assert.ok(Object.values(requests).every((n) => n === 1), `no shard fetched twice: ${JSON.stringify(requests)}`);
  assert.ok(requests['walpha.bks'] && requests['wbeta.bks']);

  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
  const names = marks.map(([n]) => n);
  for (const n of ['start', 'fetched', 'instantiated', 'ready', 'searched', 'rendered']) {
    assert.ok(names.includes(`bakedsearch:${n}`), `mark bakedsearch:${n} in ${names}`);
  }
  const at = Object.fromEntries(marks);
  assert.ok(at['bakedsearch:start'] <= at['bakedsearch:instantiated'], 'the worker mark is placed on the page timeline');
  assert.ok(at['bakedsearch:instantiated'] <= at['bakedsearch:ready'] && at['bakedsearch:searched'] <= at['bakedsearch:rendered']);
  assert.ok(at['bakedsearch:rendered'] < (await page.evaluate(() => performance.now())));
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('split index: a failed shard shows the message, the next keystroke retries', async () => {
  let fail = true;
  const { context, requests } = await splitContext((name, route) => {
    if (name === 'wgamma.bks' && fail) {
      route.abort('failed');
      return true;
    }
    return false;
  });
  const page = await openHtml(context, env.server.url, 'split-fail', '<baked-search></baked-search>');
  page.problems.ignore = true;
  const w = widget(page);
  const detail = await w.host.evaluate((el) => el.search('gamma'));
  assert.deepEqual(detail.results, []);
  assert.match(detail.error, /shard wgamma\.bks/);
  assert.equal((await w.message.textContent()).trim(), 'Part of the search index could not be loaded. Type to try again.');
  assert.equal(await w.options.count(), 0);

  fail = false;
  await w.input.press('End');
  await w.input.press('Space'); // the same words: only the failed shard is asked for again
  await page.waitForFunction(() => document.querySelector('baked-search').shadowRoot.querySelector('.title')?.textContent === 'Result for gamma');
  assert.equal(await w.message.isHidden(), true);
  assert.equal(requests['wgamma.bks'], 2, 'retried once');
  assert.equal(requests['l67.bks'], 1, 'what arrived was kept');
  // The console has the failure (console.error), nothing else.
  assert.ok(page.problems.every((p) => /wgamma\.bks|Failed to load resource/.test(p)), page.problems.join('\n'));
  await context.close();
});

test('split index: a superseded query waiting for shards never shows', async () => {
  let release;
  const held = new Promise((r) => {
    release = r;
  });
  const { context } = await splitContext(async (name, route) => {
    if (name !== 'wslow.bks') return false;
    await held;
    route.fulfill({ status: 200, body: `shard:${name}` });
    return true;
  });
  const page = await openHtml(context, env.server.url, 'split-supersede', '<baked-search></baked-search>');
  const w = widget(page);
  await page.evaluate(() => {
    window.__shown = [];
    document.querySelector('baked-search').addEventListener('search', (e) => window.__shown.push(e.detail.query));
  });
  await w.host.evaluate((el) => el.search('warm'));
  await w.input.fill('slow');
  await page.waitForTimeout(100);
  await w.input.fill('next');
  await page.waitForFunction(() => document.querySelector('baked-search').shadowRoot.querySelector('.title')?.textContent === 'Result for next');
  release();
  await page.waitForTimeout(300);
  assert.deepEqual(await titles(w), ['Result for next']);
  assert.ok(!(await page.evaluate(() => window.__shown)).includes('slow'));
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('split index: searchAsync of the module, and worker="off", search on the main thread', async () => {
  const { context, requests } = await splitContext();
  const workers = [];
  context.on('page', (p) => p.on('worker', (wk) => workers.push(wk.url())));
  const page = await openHtml(context, env.server.url, 'split-module', '<baked-search worker="off"></baked-search>');
  const out = await page.evaluate(async () => {
    const m = await import('/www/dist/bakedsearch.js');
    const results = await m.searchAsync('delta');
    let thrown = null;
    try {
      m.search('delta');
    } catch (err) {
      thrown = err.message;
    }
    return { results, thrown };
  });
  assert.deepEqual(out.results.map((r) => r.title), ['Result for delta']);
  assert.match(out.thrown, /split/);
  const w = widget(page);
  const detail = await w.host.evaluate((el) => el.search('delta epsilon'));
  assert.equal(detail.results[0].title, 'Result for delta epsilon');
  assert.equal(await w.host.evaluate((el) => el.usesWorker), false);
  assert.deepEqual(workers, []);
  assert.equal(requests['wdelta.bks'], 1, 'the module and the element share the shards on the page');
  assert.deepEqual(page.problems, []);
  await context.close();
});
