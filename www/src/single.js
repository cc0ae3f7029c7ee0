// dist/bakedsearch.single.js: a classic script (no modules, works from file://) with the
// .wasm inlined as base64. Defines <baked-search> (always searching on the main thread) and
// puts the module's API on `window.bakedsearch`.

import initGlue, * as glue from 'bakedsearch-glue';
import { defineElement } from './element.js';
import { setEngineApi } from './engine.js';
// The .wasm file as a base64 string (esbuild's base64 loader), decoded when init runs.
// Imported last so that it lands after the code: brotli compresses the file 3.3 KB better so.
import WASM_BASE64 from 'bakedsearch-wasm';

function wasmBytes() {
  const bin = atob(WASM_BASE64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

let ready = null;

/**
 * Loads and instantiates the WebAssembly module (once; later calls return the same promise).
 * Without an argument the module is the copy inlined in this file. Any argument the
 * wasm-bindgen init function accepts (e.g. { module_or_path: url | Response | bytes })
 * overrides that.
 */
function init(input) {
  if (!ready) {
    const arg = input === undefined ? { module_or_path: wasmBytes() } : input;
    ready = Promise.resolve(initGlue(arg)).catch((err) => {
      ready = null;
      throw err;
    });
  }
  return ready;
}

// A split index needs its shards/ fetched, which a file:// page cannot do: the build makes no
// single-file script for one. `searchAsync` is here for the same API in both builds.
async function searchAsync(query, options) {
  await init();
  if (glue.indexInfo().layout === 'split') throw new Error('bakedsearch: this index is split into shards/; load dist/bakedsearch.js over http(s), not the single-file build');
  return glue.search(query, options);
}

setEngineApi({ init: () => init(), searchDetailed: glue.searchDetailed, indexInfo: glue.indexInfo });
const BakedSearchElement = defineElement();

// window.bakedsearch: the same API as the ES module's exports (`start` already ran).
const { default: _glueInit, start: _start, ...api } = glue;
globalThis.bakedsearch = Object.freeze({ init, ...api, searchAsync, BakedSearchElement });
