// dist/bakedsearch.js: the ES module. The wasm-bindgen glue's API, an `init` that loads
// bakedsearch_bg.wasm from next to this file, `searchAsync` (both layouts; the split layout
// fetches shards/ from next to this file), and the <baked-search> element (defined on load),
// which searches in dist/bakedsearch.worker.js when the index is large or split.

import initGlue, * as glue from 'bakedsearch-glue';
import { defineElement } from './element.js';
import { setEngineApi, WORKER_THRESHOLD_BYTES } from './engine.js';
import { mark } from './marks.js';
import { shardLoader, stepSearch } from './shards.js';

export * from 'bakedsearch-glue';

mark('bakedsearch:start');

const WASM_URL = new URL('bakedsearch_bg.wasm', import.meta.url);
// __WASM_BYTES__ (put in by the build; 0 for the JavaScript mock engine: nothing to fetch):
// the .wasm's size. Named once: the package's CLI fills the number into the bundle by text.
const WASM_BYTES = __WASM_BYTES__;
// Only a .wasm the page itself may search with (up to the worker threshold; a split index's
// engine is that small too) is fetched and compiled here. A larger one is left to the worker
// as before: compiling MDN's 57 MB module here cost a 388 ms main-thread task.
const HERE = WASM_BYTES > 0 && WASM_BYTES <= WORKER_THRESHOLD_BYTES;

// One download of the .wasm per page, shared: init() instantiates it as it streams in, or the
// element compiles it here (streaming too) and hands the module to its worker, so that the
// download runs beside the worker script's instead of after it.
let response = null; // Promise<Response>, until init or compile takes it
let compiled = null; // Promise<WebAssembly.Module>
const take = () => {
  const r =
    response ||
    fetch(WASM_URL).then((res) => {
      mark('bakedsearch:fetched');
      if (!res.ok) throw new Error(`failed to fetch ${WASM_URL}: ${res.status} ${res.statusText}`);
      return res;
    });
  response = null; // a body is read once
  return r;
};

/** The page's compiled module (for the worker); compileStreaming unless the MIME type is wrong. */
function compile() {
  if (!compiled) {
    compiled = take().then((r) =>
      WebAssembly.compileStreaming && (r.headers.get('Content-Type') || '').startsWith('application/wasm')
        ? WebAssembly.compileStreaming(r)
        : r.arrayBuffer().then((b) => WebAssembly.compile(b)),
    );
    compiled.catch(() => {
      compiled = null;
    });
  }
  return compiled;
}

// A <baked-search> on the page will search: start the download now, before the element is
// defined (module scripts run once the document is parsed, so the element is there to see).
if (HERE && typeof document !== 'undefined' && document.querySelector('baked-search')) {
  response = take();
  response.catch(() => {}); // reported by init or compile, which take it next
}

let ready = null;

/**
 * Loads and instantiates the WebAssembly module (once; later calls return the same promise).
 * Without an argument the module is taken from bakedsearch_bg.wasm next to this file
 * (instantiateStreaming; the glue falls back to a plain download for a server that sends
 * the wrong MIME type). Any argument the wasm-bindgen init function accepts (e.g.
 * { module_or_path: url | Response | bytes }) overrides that.
 */
export default function init(input) {
  if (!ready) {
    const arg = input === undefined ? { module_or_path: compiled || take() } : input;
    ready = Promise.resolve(initGlue(arg)).then(
      (out) => {
        mark('bakedsearch:instantiated');
        return out;
      },
      (err) => {
        ready = null;
        throw err;
      },
    );
  }
  return ready;
}

// The split layout on this thread (searchAsync; the element uses its worker instead).
// __SPLIT__ (put in by the build: the index has shards/) is false for an embedded index, and
// then none of this is in the bundle.
let loader = null;
const shards = () => (loader = loader || shardLoader({ base: new URL('shards/', import.meta.url), add: glue.addShard }));
let split = null; // known once init is done
const isSplit = () => (split = split ?? glue.indexInfo().layout === 'split');

/** searchStep until it answers (fetching the shards it names): `{ results, … }`. */
async function searchSteps(query, options) {
  await init();
  if (__SPLIT__ && isSplit()) return stepSearch(() => glue.searchStep(query, options), shards());
  return { results: glue.search(query, options) };
}

/**
 * The results of `search(query, options)`, in either layout: a split index fetches the
 * shards the query needs from shards/ beside this file first. Rejects with an Error naming
 * the shard when one cannot be fetched or is rejected (nothing failed is remembered: the
 * next call tries again). Calls init() itself.
 */
export async function searchAsync(query, options) {
  return (await searchSteps(query, options)).results;
}

setEngineApi({
  init: () => init(),
  searchDetailed: glue.searchDetailed,
  indexInfo: glue.indexInfo,
  searchSteps: __SPLIT__ ? searchSteps : null,
  prefetch: __SPLIT__ ? () => isSplit() && shards().load((glue.indexInfo().prefetch || []).map(String)).catch(() => {}) : null,
  compile: HERE ? compile : null,
  // __SPLIT__: the build found the index split (shards/ beside this file).
  worker: { url: new URL('bakedsearch.worker.js', import.meta.url), wasmBytes: WASM_BYTES, split: __SPLIT__ },
});

/** The <baked-search> custom element class (already defined when this module is loaded). */
export const BakedSearchElement = defineElement();
