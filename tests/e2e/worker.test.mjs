// Searching in a Web Worker (dist/bakedsearch.worker.js), over the seeds: forced with the
// `worker` attribute, automatic only for large indexes, and a fallback to the main thread.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openHtml, openSingleFile, useBrowserAndServer, widget } from './helpers.mjs';

const env = useBrowserAndServer();

/** What the element shows for `query`: [{ href, title, snippet, marks }]. */
async function shown(page, selector, query) {
  const w = widget(page, selector);
  await w.host.evaluate((el, q) => el.search(q), query);
  return w.options.evaluateAll((os) =>
    os.map((o) => ({
      href: o.getAttribute('href'),
      title: o.querySelector('.title')?.textContent,
      snippet: o.querySelector('.snippet')?.textContent,
      marks: [...o.querySelectorAll('mark')].map((m) => m.textContent),
    })),
  );
}

/** Whether the page's own copy of the wasm module was instantiated (the glue throws before). */
const mainThreadLoaded = (page) =>
  page.evaluate(async () => {
    const m = await import('/www/dist/bakedsearch.js');
    try {
      m.indexInfo();
      return true;
    } catch {
      return false;
    }
  });

test('worker attribute: searches run in a module Worker and show the same results', async () => {
  const context = await env.browser.newContext();
  const workers = [];
  context.on('page', (p) => p.on('worker', (wk) => workers.push(wk.url())));
  const page = await openHtml(
    context,
    env.server.url,
    'worker',
    '<baked-search id="w" worker></baked-search><baked-search id="m" worker="off"></baked-search>',
  );
  const w = widget(page, '#w');
  await w.input.click();
  await w.input.pressSequentially('deterrence', { delay: 10 });
  await w.options.first().waitFor();
  assert.equal(await w.host.evaluate((el) => el.usesWorker), true);
  assert.deepEqual(workers.map((u) => new URL(u).pathname), ['/www/dist/bakedsearch.worker.js']);
  assert.ok((await w.host.locator('mark').count()) >= 3, 'highlights come through');

  for (const q of ['deterrence', 'extended deterrence', '"camp david"', 'semiconductr', 'korea -gaza', 'qqxzzvw']) {
    const inWorker = await shown(page, '#w', q);
    const onMain = await shown(page, '#m', q);
    assert.deepEqual(inWorker, onMain, `same results for ${q}`);
  }
  assert.equal(await widget(page, '#m').host.evaluate((el) => el.usesWorker), false);

  // Fast typing: the box ends up showing the results of the last query, never a stale one.
  await w.input.fill('');
  await w.input.pressSequentially('nuclear', { delay: 0 });
  await page.waitForFunction(() => {
    const root = document.querySelector('#w').shadowRoot;
    return root.querySelector('.count').textContent !== '' && root.querySelector('mark')?.textContent.toLowerCase() === 'nuclear';
  });
  const expected = await shown(page, '#m', 'nuclear');
  const last = await w.options.evaluateAll((os) => os.map((o) => o.getAttribute('href')));
  assert.deepEqual(last, expected.map((r) => r.href));
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('worker mode never instantiates the wasm on the main thread', async () => {
  const context = await env.browser.newContext();
  const page = await openHtml(context, env.server.url, 'worker-only', '<baked-search worker></baked-search>');
  const w = widget(page);
  await w.host.evaluate((el) => el.search('deterrence'));
  assert.ok((await w.options.count()) >= 3);
  assert.equal(await mainThreadLoaded(page), false);
  await context.close();
});

test('small index, no attribute: searches on the main thread, no worker', async () => {
  const context = await env.browser.newContext();
  const workers = [];
  context.on('page', (p) => p.on('worker', (wk) => workers.push(wk.url())));
  const page = await openHtml(context, env.server.url, 'auto-small', '<baked-search></baked-search>');
  const w = widget(page);
  await w.host.evaluate((el) => el.search('deterrence'));
  assert.ok((await w.options.count()) >= 3);
  assert.equal(await w.host.evaluate((el) => el.usesWorker), false);
  assert.deepEqual(workers, []);
  await context.close();
});

test('the worker file missing: falls back to the main thread, with a warning', async () => {
  const context = await env.browser.newContext();
  await context.route('**/bakedsearch.worker.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const warnings = [];
  context.on('page', (p) => p.on('console', (m) => m.type() === 'warning' && warnings.push(m.text())));
  const page = await openHtml(context, env.server.url, 'worker-missing', '<baked-search worker></baked-search>');
  const w = widget(page);
  await w.host.evaluate((el) => el.search('deterrence'));
  assert.ok((await w.options.count()) >= 3);
  assert.equal(await w.host.evaluate((el) => el.usesWorker), false);
  assert.ok(warnings.some((t) => /no search worker/.test(t)), `warnings: ${warnings}`);
  await context.close();
});

test('the single-file build ignores the worker attribute (main thread), also from file://', async () => {
  const context = await env.browser.newContext();
  const page = await openSingleFile(context);
  const w = widget(page);
  await w.host.evaluate((el) => el.setAttribute('worker', ''));
  await w.host.evaluate((el) => el.search('deterrence'));
  assert.equal(await w.options.count(), 2);
  assert.equal(await w.host.evaluate((el) => el.usesWorker), false);
  assert.deepEqual(page.problems, []);
  await context.close();
});
