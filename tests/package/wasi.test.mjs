// The package path without Rust: the indexer compiled to wasm32-wasip1 runs under Node's
// WASI, gives the same image as build.rs, and its image patched into a prebuilt engine wasm
// is what that engine searches.
//
// Needs (scripts/test.sh builds them): www/pkg/ and www/dist/ (`npm --prefix www run build`),
// target/wasm32-wasip1/release/bakedsearch-bake.wasm and the native target/debug/bakedsearch-bake.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runIndexer } from '../../npm/lib/indexer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasiIndexer = path.join(root, 'target/wasm32-wasip1/release/bakedsearch-bake.wasm');
const nativeIndexer = path.join(root, 'target/debug/bakedsearch-bake');
const work = mkdtempSync(path.join(tmpdir(), 'bakedsearch-wasi-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function wasiImage(corpus, name) {
  const image = path.join(work, `${name}.wasi.bin`);
  const code = await runIndexer({ wasm: wasiIndexer, corpus, image });
  assert.equal(code, 0, `the WASI indexer failed on ${corpus}`);
  return readFileSync(image);
}

function nativeImage(corpus, name) {
  const image = path.join(work, `${name}.native.bin`);
  const r = spawnSync(nativeIndexer, ['--corpus', corpus, '--image', image], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(image);
}

test('seeds: the WASI image is byte-identical to the one build.rs embedded', async () => {
  const image = await wasiImage(path.join(root, 'seeds'), 'seeds');
  // www/pkg/ is wasm-pack's output before wasm-opt: build.rs's image is in it verbatim.
  const engine = readFileSync(path.join(root, 'www/pkg/bakedsearch_bg.wasm'));
  assert.ok(image.length > 1000);
  assert.notEqual(engine.indexOf(image), -1, 'the build.rs image differs from the WASI one');
  assert.deepEqual(image, nativeImage(path.join(root, 'seeds'), 'seeds'));
});

for (const example of ['json', 'markdown', 'html']) {
  test(`examples/${example}: the WASI and the native builder give the same image`, async () => {
    const corpus = path.join(root, 'examples', example);
    assert.deepEqual(await wasiImage(corpus, example), nativeImage(corpus, example));
  });
}

// Small corpora cannot show a word-size difference in the dictionary builder: fst's node
// cache picks its bucket from a hash cut to the target's usize, so on wasm32 it used to
// share fewer nodes than natively once the cache saw collisions (64 bytes of DICT on a
// 1,400-page site). 6,000 documents over a 100,000-word vocabulary show it (12 bytes).
test('a corpus with a large dictionary: the WASI and the native builder give the same image', async () => {
  const dir = mkdtempSync(path.join(work, 'vocab-'));
  // A fixed linear congruential sequence; the high bits, since its low bits cycle quickly.
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const vocabulary = Array.from({ length: 100000 }, () => {
    let w = '';
    for (let n = 3 + (next() % 9); n > 0; n--) w += letters[(next() >> 7) % 26];
    return w;
  });
  const lines = Array.from({ length: 6000 }, (_, i) => {
    const words = Array.from({ length: 60 }, () => vocabulary[(next() >> 5) % vocabulary.length]);
    return JSON.stringify({ id: `d${i}`, title: words.slice(0, 4).join(' '), body: words.join(' ') });
  });
  writeFileSync(path.join(dir, 'docs.jsonl'), `${lines.join('\n')}\n`);
  const wasi = await wasiImage(dir, 'vocab');
  assert.ok(wasi.length > 1000000);
  assert.deepEqual(wasi, nativeImage(dir, 'vocab'));
});

test('a broken corpus fails with exit code 1 and names the file', async () => {
  const dir = mkdtempSync(path.join(work, 'broken-'));
  writeFileSync(path.join(dir, 'bad.json'), '{ not json');
  const log = path.join(work, 'broken.log');
  const { openSync, closeSync } = await import('node:fs');
  const fd = openSync(log, 'w');
  const code = await runIndexer({ wasm: wasiIndexer, corpus: dir, image: path.join(work, 'x.bin'), stderr: fd });
  closeSync(fd);
  assert.equal(code, 1);
  assert.match(readFileSync(log, 'utf8'), /bad\.json/);
});

test('a patched engine searches the patched corpus, also under heavy allocation', async () => {
  const engine = path.join(root, 'www/dist/bakedsearch_bg.wasm');
  const out = path.join(work, 'json_bg.wasm');
  const code = await runIndexer({ wasm: wasiIndexer, corpus: path.join(root, 'examples/json'), engine, out });
  assert.equal(code, 0);
  const image = path.join(work, 'json.image.bin');
  assert.equal(await runIndexer({ wasm: wasiIndexer, corpus: path.join(root, 'examples/json'), image }), 0);
  const glue = await import(path.join(root, 'www/pkg/bakedsearch.js'));
  const exports = glue.initSync({ module: readFileSync(out) });
  const initialBytes = exports.memory.buffer.byteLength;
  const info = glue.indexInfo();
  assert.match(info.corpus, /^corpus=json;/);
  assert.equal(info.indexBytes, readFileSync(image).length);
  const first = glue.search('novel', {});
  assert.ok(first.length > 0, 'the patched corpus finds its documents');
  const ids = first.map((r) => r.id);
  const catalog = JSON.parse(readFileSync(path.join(root, 'examples/json/catalog.json'), 'utf8'));
  const known = new Set(JSON.stringify(catalog).match(/"[^"]+"/g).map((s) => s.slice(1, -1)));
  for (const id of ids) assert.ok(known.has(id), `${id} is a document of examples/json`);
  // The seeds (build.rs's embedded corpus) are gone: their words find nothing.
  assert.equal(glue.search('deterrence', {}).length, 0);
  // Allocate a lot and search again: the heap comes from memory.grow, above the image's
  // pages, so the image stays intact and the answers stay the same.
  const words = ['novel', 'fiction', 'memoir', 'press', 'poetry', 'history', 'the', 'a'];
  const held = [];
  for (let i = 0; i < 3000; i++) held.push(glue.searchDetailed(`${words[i % words.length]} ${'x'.repeat(i % 50)}`, { limit: 50 }));
  for (let i = 0; i < 200; i++) held.push(glue.getDocument(ids[0]));
  assert.ok(exports.memory.buffer.byteLength > initialBytes, 'the heap grew past the initial memory');
  assert.deepEqual(glue.search('novel', {}).map((r) => r.id), ids);
});
