// The split layout's shard fetching (www/src/shards.js) in Node, with a fake fetch and a fake
// engine: one request per shard however often it is asked for, nothing remembered of a
// failure (the next ask retries), a clear error naming the shard, and a bounded number of
// rounds. No browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { MAX_ROUNDS, MAX_SHARD_BYTES, shardLoader, stepSearch } from '../../www/src/shards.js';

const BASE = 'https://example.test/site/shards/';

/** A fake server: `files` name → bytes (missing: 404); `fail` names throw a network error. */
function server(files, { fail = new Set(), delay = 0 } = {}) {
  const requests = [];
  const fetch = async (url) => {
    requests.push(url);
    await new Promise((r) => setTimeout(r, delay));
    const name = url.slice(BASE.length);
    if (fail.has(name)) throw new TypeError('Failed to fetch');
    const body = files[name];
    return { ok: body !== undefined, status: body === undefined ? 404 : 200, arrayBuffer: async () => new Uint8Array(body).buffer };
  };
  return { fetch, requests };
}

/** A fake engine: stores what addShard accepts; bytes starting with 0 are rejected. */
function engine() {
  const shards = new Map();
  const add = (name, bytes) => {
    if (bytes[0] === 0) throw new Error('bad magic');
    shards.set(name, bytes);
  };
  return { shards, add };
}

test('parallel asks for the same shard make one request; later asks make none', async () => {
  const s = server({ 'aa.bks': [1, 2], 'bb.bks': [3] }, { delay: 5 });
  const e = engine();
  const loader = shardLoader({ base: BASE, add: e.add, fetch: s.fetch });
  await Promise.all([loader.load(['aa.bks', 'bb.bks']), loader.load(['aa.bks']), loader.load(['bb.bks', 'bb.bks'])]);
  assert.deepEqual(s.requests.sort(), [`${BASE}aa.bks`, `${BASE}bb.bks`]);
  await loader.load(['aa.bks', 'bb.bks']);
  assert.equal(s.requests.length, 2);
  assert.deepEqual([...e.shards.keys()].sort(), ['aa.bks', 'bb.bks']);
  assert.deepEqual(loader.stats, { requests: 2, bytes: 3 });
});

test('a failed fetch names the shard, is not remembered, and the next ask retries', async () => {
  const files = { 'aa.bks': [1] };
  const fail = new Set(['aa.bks']);
  const s = server(files, { fail });
  const e = engine();
  const loader = shardLoader({ base: BASE, add: e.add, fetch: s.fetch });
  await assert.rejects(loader.load(['aa.bks']), (err) => err.shard === 'aa.bks' && /aa\.bks/.test(err.message) && /Failed to fetch/.test(err.message));
  assert.equal(loader.has('aa.bks'), false);
  fail.clear();
  await loader.load(['aa.bks']);
  assert.equal(s.requests.length, 2, 'retried');
  assert.equal(loader.has('aa.bks'), true);
});

test('a 404 and bytes the engine rejects fail with the shard named, and are retried', async () => {
  const files = { 'bad.bks': [0, 1] };
  const s = server(files);
  const e = engine();
  const loader = shardLoader({ base: BASE, add: e.add, fetch: s.fetch });
  await assert.rejects(loader.load(['gone.bks']), (err) => err.shard === 'gone.bks' && /HTTP 404/.test(err.message));
  await assert.rejects(loader.load(['bad.bks']), (err) => err.shard === 'bad.bks' && /rejected \(bad magic\)/.test(err.message));
  files['bad.bks'] = [7];
  await loader.load(['bad.bks']);
  assert.equal(s.requests.filter((u) => u.endsWith('bad.bks')).length, 2);
  assert.deepEqual([...e.shards.keys()], ['bad.bks']);
});

test('one failure rejects the ask, the other shards of it still arrive', async () => {
  const s = server({ 'aa.bks': [1] });
  const e = engine();
  const loader = shardLoader({ base: BASE, add: e.add, fetch: s.fetch });
  await assert.rejects(loader.load(['aa.bks', 'missing.bks']));
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(loader.has('aa.bks'), true);
});

test('names that are not shard file names are refused before any request', async () => {
  const s = server({});
  const loader = shardLoader({ base: BASE, add: engine().add, fetch: s.fetch });
  for (const name of ['../secret.bks', 'https://evil.test/x.bks', 'a/b.bks', 'x.wasm', '', '%2e%2e.bks']) {
    await assert.rejects(loader.load([name]), /not a shard file name/, name);
  }
  assert.deepEqual(s.requests, []);
});

test('stepSearch fetches what each step needs until the step answers', async () => {
  const s = server({ 'd1.bks': [1], 'p1.bks': [2], 'p2.bks': [3] });
  const e = engine();
  const loader = shardLoader({ base: BASE, add: e.add, fetch: s.fetch });
  // A fake engine that needs the dictionary shard, then two postings shards.
  const step = () => {
    if (!e.shards.has('d1.bks')) return { need: ['d1.bks'] };
    if (!e.shards.has('p1.bks') || !e.shards.has('p2.bks')) return { need: ['p1.bks', 'p2.bks'] };
    return { results: [{ id: 'x' }] };
  };
  const rounds = [];
  const out = await stepSearch(step, loader, (need) => rounds.push(need));
  assert.deepEqual(out, { results: [{ id: 'x' }] });
  assert.deepEqual(rounds, [['d1.bks'], ['p1.bks', 'p2.bks']]);
  // The same query again: answered without a request.
  await stepSearch(step, loader);
  assert.equal(s.requests.length, 3);
});

test('stepSearch gives up after MAX_ROUNDS, and at once when asked again for what it has', async () => {
  let n = 0;
  const files = {};
  for (let i = 0; i <= MAX_ROUNDS + 1; i++) files[`s${i}.bks`] = [1];
  const loader = shardLoader({ base: BASE, add: engine().add, fetch: server(files).fetch });
  await assert.rejects(
    stepSearch(() => ({ need: [`s${n++}.bks`] }), loader),
    new RegExp(`after ${MAX_ROUNDS} rounds`),
  );
  assert.equal(n, MAX_ROUNDS + 1);
  await assert.rejects(stepSearch(() => ({ need: ['s0.bks'] }), loader), /asked again for shards it has/);
  await assert.rejects(stepSearch(() => ({ need: [] }), loader), /asked again/);
});

test('a gzip shard file is inflated before the engine sees it; a plain one is passed as it is', async () => {
  const shard = Buffer.from('BAKEDSHD and the rest of a shard '.repeat(40));
  const s = server({ 'gz.bks': gzipSync(shard), 'plain.bks': [...shard.subarray(0, 8)] });
  const e = engine();
  const loader = shardLoader({ base: BASE, add: e.add, fetch: s.fetch });
  await loader.load(['gz.bks', 'plain.bks']);
  assert.deepEqual(Buffer.from(e.shards.get('gz.bks')), shard);
  assert.deepEqual(Buffer.from(e.shards.get('plain.bks')), shard.subarray(0, 8));
  assert.ok(loader.stats.bytes < shard.length, 'the bytes fetched are counted, not the inflated ones');
});

test('a broken gzip file and a gzip bomb are rejected, named, and fetched again on the next ask', async () => {
  const broken = gzipSync(Buffer.from('BAKEDSHD'.repeat(100)));
  broken[broken.length >> 1] ^= 0xff;
  const bomb = gzipSync(Buffer.alloc(MAX_SHARD_BYTES + 1)); // about 64 KB on the wire
  const s = server({ 'broken.bks': broken, 'bomb.bks': bomb });
  const e = engine();
  const loader = shardLoader({ base: BASE, add: e.add, fetch: s.fetch });
  await assert.rejects(loader.load(['broken.bks']), /shard broken\.bks: .* was rejected \(not a whole gzip file/);
  await assert.rejects(loader.load(['bomb.bks']), /shard bomb\.bks: .* was rejected \(not a whole gzip file: it inflates to more than/);
  assert.equal(e.shards.size, 0);
  await assert.rejects(loader.load(['bomb.bks']));
  assert.equal(s.requests.filter((u) => u.endsWith('bomb.bks')).length, 2, 'not remembered');
});
