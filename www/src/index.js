// dist/bakedsearch.js: the ES module. The wasm-bindgen glue's API, an `init` that loads
// bakedsearch_bg.wasm from next to this file, and the <baked-search> element (defined on
// load), which searches in dist/bakedsearch.worker.js when the index is large.

import initGlue, { indexInfo, searchDetailed } from 'bakedsearch-glue';
import { defineElement } from './element.js';
import { setEngineApi } from './engine.js';

export * from 'bakedsearch-glue';

let ready = null;

/**
 * Loads and instantiates the WebAssembly module (once; later calls return the same promise).
 * Without an argument the module is taken from bakedsearch_bg.wasm next to this file. Any
 * argument the wasm-bindgen init function accepts (e.g. { module_or_path: url | Response |
 * bytes }) overrides that.
 */
export default function init(input) {
  if (!ready) {
    const arg = input === undefined ? { module_or_path: new URL('bakedsearch_bg.wasm', import.meta.url) } : input;
    ready = Promise.resolve(initGlue(arg)).catch((err) => {
      ready = null;
      throw err;
    });
  }
  return ready;
}

setEngineApi({
  init: () => init(),
  searchDetailed,
  indexInfo,
  // __WASM_BYTES__: the size of the .wasm, put in by the build.
  worker: { url: new URL('bakedsearch.worker.js', import.meta.url), wasmBytes: __WASM_BYTES__ },
});

/** The <baked-search> custom element class (already defined when this module is loaded). */
export const BakedSearchElement = defineElement();
