// The split layout over MDN (14,076 pages): `npm run build:mdn -- --layout split` builds
// www/dist-mdn-split/ (done here when missing or stale, with the embedded www/dist-mdn/ for
// comparison; minutes). A page with the one script tag, from the plain static server: the
// widget returns the same ids in the same order as the embedded build for dev queries of
// each kind, fetches no shard twice, shows the message when shard requests fail and recovers
// on the next keystroke. Bytes and timings are printed, never asserted. Skipped when the
// corpus is absent.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildMdn, mdnCorpus } from '../../www/scripts/build-mdn.mjs';
import { launchBrowser, openHtml, serveRepo, widget } from './helpers.mjs';

const corpus = mdnCorpus();
const skip = existsSync(corpus)
  ? false
  : 'the MDN corpus is absent (expected at ../shared/corpora/mdn/docs.jsonl.gz from the repository root, or MDN_CORPUS)';
if (skip) console.log(`split-mdn: skipped: ${skip}`);

/** The first `n` dev queries of each kind (exact, prefix, typo). */
function devQueries(n) {
  const file = path.join(path.dirname(corpus), 'queries.dev.jsonl');
  const byKind = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const q = JSON.parse(line);
    (byKind[q.kind] ??= []).push(q.text);
  }
  return Object.values(byKind).flatMap((qs) => qs.slice(0, n));
}

const ids = (page, query) => widget(page).host.evaluate(async (el, q) => (await el.search(q)).results.map((r) => r.id), query);

let browser;
let server;

if (skip) test('split layout over MDN', { skip }, () => {});

if (!skip) describe('split layout over MDN', () => {
  before(
    async () => {
      buildMdn({ ifChanged: true });
      buildMdn({ ifChanged: true, layout: 'split' });
      server = await serveRepo();
      browser = await launchBrowser();
    },
    { timeout: 60 * 60 * 1000 },
  );

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the widget over the split build: the embedded ids, no shard twice, a failed shard retried', async () => {
    const queries = devQueries(4);
    const embedded = await browser.newContext();
    const ePage = await openHtml(embedded, server.url, 'mdn-embedded', '<baked-search limit="10"></baked-search>', {
      script: '<script type="module" src="/www/dist-mdn/bakedsearch.js"></script>',
    });
    const want = {};
    for (const q of queries) want[q] = await ids(ePage, q);
    await embedded.close();

    const context = await browser.newContext();
    const requests = {};
    let bytes = 0;
    let failing = false; // abort every shard request not made before
    await context.route('**/www/dist-mdn-split/shards/*', async (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop();
      if (failing && !requests[name]) return route.abort('failed');
      requests[name] = (requests[name] || 0) + 1;
      const response = await route.fetch();
      bytes += (await response.body()).length;
      return route.fulfill({ response });
    });
    const t0 = Date.now();
    const page = await openHtml(context, server.url, 'mdn-split', '<baked-search limit="10"></baked-search>', {
      script: '<script type="module" src="/www/dist-mdn-split/bakedsearch.js"></script>',
    });
    const w = widget(page);
    const firstIds = await ids(page, queries[0]);
    const firstMs = Date.now() - t0;
    const firstBytes = bytes;
    assert.equal(await w.host.evaluate((el) => el.usesWorker), true, 'a split index searches in the worker');
    assert.deepEqual(firstIds, want[queries[0]], queries[0]);
    for (const q of queries) {
      assert.ok(want[q].length > 0, `the embedded build finds something for ${q}`);
      assert.deepEqual(await ids(page, q), want[q], `same ids, same order for ${JSON.stringify(q)}`);
    }
    // Typing a query again, letter by letter, asks for nothing new.
    const before = { ...requests };
    await w.input.fill('');
    await w.input.pressSequentially(queries[0], { delay: 30 });
    await page.waitForFunction(() => document.querySelector('baked-search').shadowRoot.querySelector('.count').textContent !== '');
    assert.ok(Object.values(requests).every((n) => n === 1), `no shard fetched twice: ${JSON.stringify(requests)}`);
    const retyped = Object.keys(requests).length - Object.keys(before).length;

    const shards = Object.keys(requests).length;
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.slice(12), Math.round(m.startTime)])));
    console.log(
      `split MDN: first query ${JSON.stringify(queries[0])} in ${firstMs} ms with ${firstBytes} shard bytes; ` +
        `${queries.length} queries fetched ${shards} shards, ${bytes} bytes (retyping the first letter by letter: ${retyped} more); marks ${JSON.stringify(marks)}`,
    );

    // Shards that were never fetched fail: the message; then the next keystroke retries.
    page.problems.length = 0;
    failing = true;
    const novel = 'quaternion slerp xrrigidtransform';
    const failed = await w.host.evaluate((el, q) => el.search(q), novel);
    assert.match(failed.error || '', /shard/, 'the search failed on a shard');
    assert.equal((await w.message.textContent()).trim(), 'Part of the search index could not be loaded. Type to try again.');
    failing = false;
    await w.input.press('End');
    await w.input.press('Space');
    await page.waitForFunction(() => {
      const root = document.querySelector('baked-search').shadowRoot;
      return root.querySelector('.count').textContent !== '' || root.querySelector('.message').textContent.startsWith('No results');
    });
    assert.ok(Object.values(requests).every((n) => n === 1), `retried shards fetched once: ${JSON.stringify(requests)}`);
    assert.ok(page.problems.every((p) => /shard|Failed to load resource/.test(p)), page.problems.join('\n'));
    await context.close();
  });
});
