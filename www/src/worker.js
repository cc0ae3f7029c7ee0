// dist/bakedsearch.worker.js: a module Worker that searches in bakedsearch_bg.wasm.
//
// Messages in: first { type: 'init', module? } (a compiled WebAssembly.Module, from the page
// or an earlier worker, so that this worker only instantiates; without one it fetches and
// compiles bakedsearch_bg.wasm from its own folder), then { id, query, options } (a search,
// the options passed through as they are), { id, info: true } (indexInfo) or
// { type: 'prefetch' } (split layout: fetch the index's prefetch list).
// Out: { type: 'mark', name, at } (cold-start marks, absolute times), { type: 'ready', module }
// or { type: 'error', message } once, then { id, type: 'fetching' } (a split-layout search
// waits for shards), { id, type: 'result', out } or { id, type: 'error', message, shard? }.
//
// In the split layout a search is `searchStep` until it answers, fetching the shards it
// names from shards/ beside this file (shards.js).

import init, * as glue from 'bakedsearch-glue';
import { shardLoader, stepSearch } from './shards.js';

const message = (err) => String((err && err.message) || err);
const mark = (name) => self.postMessage({ type: 'mark', name, at: performance.timeOrigin + performance.now() });

/** Fetches and compiles the .wasm (streaming when it is served as application/wasm). */
async function compile(url) {
  const response = await fetch(url);
  mark('bakedsearch:fetched');
  if (!response.ok) throw new Error(`failed to fetch ${url}: ${response.status} ${response.statusText}`);
  if (WebAssembly.compileStreaming && (response.headers.get('Content-Type') || '').startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

let info = null;
let loader = null; // split layout only

async function load(cached) {
  const url = new URL('bakedsearch_bg.wasm', import.meta.url);
  // __WASM_BYTES__ (put in by the build) is 0 for the JavaScript mock engine: nothing to compile.
  const module = cached || (__WASM_BYTES__ > 0 ? await compile(url) : undefined);
  await init({ module_or_path: module || url });
  mark('bakedsearch:instantiated');
  // Opens the index, which the first search needs anyway.
  info = glue.indexInfo() || {};
  // __SPLIT__ (put in by the build) is false for an embedded index: no shard code in the bundle.
  if (__SPLIT__ && info.layout === 'split') loader = shardLoader({ base: new URL('shards/', import.meta.url), add: glue.addShard });
  return module;
}

function search(id, query, options) {
  if (__SPLIT__ && loader) {
    let told = false;
    const fetching = () => {
      if (!told) self.postMessage({ id, type: 'fetching' });
      told = true;
    };
    return stepSearch(() => glue.searchStep(query, options), loader, fetching);
  }
  return glue.searchDetailed(query, options);
}

// Loads once the 'init' message is in; a message that arrives before it waits for it.
let begin;
const ready = new Promise((resolve) => {
  begin = resolve;
}).then(load);
ready.then(
  (module) => self.postMessage({ type: 'ready', module }),
  (err) => self.postMessage({ type: 'error', message: message(err) }),
);

self.addEventListener('message', async (e) => {
  const m = e.data || {};
  if (m.type === 'init') {
    begin(m.module);
    return;
  }
  if (m.type === 'prefetch') {
    // Errors are left for the search that needs the shard: it fetches (and reports) again.
    ready.then(() => __SPLIT__ && loader && loader.load((info.prefetch || []).map(String))).catch(() => {});
    return;
  }
  const { id, query, options } = m;
  try {
    await ready;
    const out = m.info ? info : await search(id, query, options);
    self.postMessage({ id, type: 'result', out });
  } catch (err) {
    self.postMessage({ id, type: 'error', message: message(err), shard: err && err.shard });
  }
});
