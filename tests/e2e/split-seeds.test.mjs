// The split layout end to end, quickly: the seeds forced to split (`build.mjs --layout split`
// into www/dist-seeds-split/, a wasm-pack build of its own), served by the plain static server
// with one script tag. The same ids in the same order as the embedded www/dist/, shards/
// beside the bundles, each shard fetched once, a failed shard shown and retried, and no
// single-file build.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { openHtml, useBrowserAndServer, widget, www } from './helpers.mjs';

const env = useBrowserAndServer();
const out = path.join(www, 'dist-seeds-split');
const QUERIES = ['deterrence', 'extended deterrence', '"camp david"', 'semiconductr', 'korea -gaza', 'nucl', 'qqxzzvw'];

before(
  () => {
    const r = spawnSync(process.execPath, [path.join(www, 'scripts', 'build.mjs'), '--layout', 'split', '--out', out, '--if-changed'], { cwd: www, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build.mjs --layout split failed');
  },
  { timeout: 30 * 60 * 1000 },
);

const ids = (page, q) => widget(page).host.evaluate(async (el, query) => (await el.search(query)).results.map((r) => r.id), q);

test('seeds in the split layout: shards/ beside the bundles, no single-file build', () => {
  const shards = readdirSync(path.join(out, 'shards'));
  assert.ok(shards.length > 0 && shards.every((n) => /^[0-9A-Za-z_-]+\.bks$/.test(n)), shards.join(' '));
  assert.equal(existsSync(path.join(out, 'bakedsearch.single.js')), false);
});

test('seeds in the split layout: the embedded ids, each shard once, a failure retried', async () => {
  const embedded = await env.browser.newContext();
  const ePage = await openHtml(embedded, env.server.url, 'seeds-embedded', '<baked-search limit="10" worker="off"></baked-search>');
  const want = {};
  for (const q of QUERIES) want[q] = await ids(ePage, q);
  await embedded.close();

  const context = await env.browser.newContext();
  const requests = {};
  let failing = true; // the first search's shards fail
  await context.route('**/www/dist-seeds-split/shards/*', (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    if (failing) return route.abort('failed');
    requests[name] = (requests[name] || 0) + 1;
    return route.continue();
  });
  const page = await openHtml(context, env.server.url, 'seeds-split', '<baked-search limit="10"></baked-search>', {
    script: '<script type="module" src="/www/dist-seeds-split/bakedsearch.js"></script>',
  });
  const w = widget(page);
  const failed = await w.host.evaluate((el) => el.search('deterrence'));
  assert.match(failed.error || '', /shard [\w-]+\.bks/);
  assert.deepEqual(failed.results, []);
  assert.equal((await w.message.textContent()).trim(), 'Part of the search index could not be loaded. Type to try again.');
  failing = false;
  await w.input.press('End');
  await w.input.press('Space');
  await w.options.first().waitFor();
  assert.equal(await w.message.isHidden(), true, 'recovered on the next keystroke');
  assert.ok(page.problems.every((p) => /shard|Failed to load resource/.test(p)), page.problems.join('\n'));
  page.problems.length = 0;

  for (const q of QUERIES) assert.deepEqual(await ids(page, q), want[q], `same ids, same order for ${q}`);
  assert.ok(Object.keys(requests).length > 0, 'shards were fetched');
  assert.ok(Object.values(requests).every((n) => n === 1), `each shard once: ${JSON.stringify(requests)}`);
  assert.equal(await w.host.evaluate((el) => el.usesWorker), true);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('seeds in the split layout: a shard with damaged bytes is rejected by the engine, named, and refetched', async () => {
  const context = await env.browser.newContext();
  let damage = true;
  const requests = {};
  await context.route('**/www/dist-seeds-split/shards/*', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    requests[name] = (requests[name] || 0) + 1;
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    if (damage) body[body.length >> 1] ^= 0xff; // one byte flipped: the content hash no longer matches
    return route.fulfill({ response, body });
  });
  const page = await openHtml(context, env.server.url, 'seeds-split-damaged', '<baked-search limit="10"></baked-search>', {
    script: '<script type="module" src="/www/dist-seeds-split/bakedsearch.js"></script>',
  });
  const w = widget(page);
  const failed = await w.host.evaluate((el) => el.search('deterrence'));
  assert.match(failed.error || '', /shard [\w-]+\.bks: .* was rejected/);
  assert.equal((await w.message.textContent()).trim(), 'Part of the search index could not be loaded. Type to try again.');
  damage = false;
  await w.input.press('End');
  await w.input.press('Space');
  await w.options.first().waitFor();
  assert.ok(Object.values(requests).some((n) => n === 2), `a rejected shard is fetched again: ${JSON.stringify(requests)}`);
  assert.ok(page.problems.every((p) => /shard/.test(p)), page.problems.join('\n'));
  await context.close();
});
