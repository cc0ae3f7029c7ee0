// A stand-in for the wasm-bindgen glue of a split index (bundled in place of the real one with
// build.mjs's assembleMock({ glue, split: true })), for tests/e2e/split-widget.test.mjs. It
// follows the split API: `search`/`searchDetailed` throw, `searchStep` answers `{ need }`
// until it has the shards a query reads, `addShard` verifies them, `indexInfo` lists the
// prefetch. A query reads two rounds of shards: one per distinct first letter of its words
// ("l<code>.bks"), then one document shard per word ("w<word>.bks"). A shard's bytes must be
// the text "shard:<name>"; anything else is rejected as the real engine rejects bad bytes.

const shards = new Set();
let ready = false;

const words = (q) => [...String(q).toLowerCase().matchAll(/[a-z0-9]+/g)].map((m) => m[0]);
const letterShard = (w) => `l${w.charCodeAt(0).toString(16)}.bks`;

function needs() {
  if (!ready) throw new Error('bakedsearch: call init() first');
}

export function indexInfo() {
  needs();
  return {
    documents: 2,
    terms: 2,
    fields: ['title', 'body'],
    display: [],
    facets: [],
    language: 'english',
    dated: false,
    indexBytes: 0,
    formatVersion: 0,
    version: '0.0.0-split-mock',
    corpus: 'split-mock',
    layout: 'split',
    prefetch: ['l61.bks', 'l62.bks'], // "a" and "b"
  };
}

export function search() {
  needs();
  throw new Error('bakedsearch: this index is split: use searchAsync');
}

export function searchDetailed() {
  return search();
}

export function addShard(name, bytes) {
  needs();
  const text = new TextDecoder().decode(bytes);
  if (text !== `shard:${name}`) throw new Error(`bakedsearch: shard ${name}: bad checksum`);
  shards.add(name);
}

export function searchStep(query) {
  needs();
  const ws = words(query);
  const first = [...new Set(ws.map(letterShard))].filter((n) => !shards.has(n));
  if (first.length) return { need: first };
  const second = [...new Set(ws.map((w) => `w${w}.bks`))].filter((n) => !shards.has(n));
  if (second.length) return { need: second };
  const results = ws.length
    ? [{ id: `doc-${ws.join('-')}`, title: `Result for ${ws.join(' ')}`, meta: {}, score: 1, snippet: `About ${ws.join(' ')}.`, highlights: [], titleHighlights: [], sections: [] }]
    : [];
  return { results, total: results.length, didYouMean: null, facets: {} };
}

export function getDocument() {
  return null;
}

export function start() {}

export function initSync() {
  ready = true;
}

export default async function init() {
  ready = true;
}
