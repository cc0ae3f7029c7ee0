// dist/bakedsearch.worker.js: a module Worker that searches in bakedsearch_bg.wasm.
//
// Messages in: first { type: 'init', module? } (a compiled WebAssembly.Module from an earlier
// worker, so that a restarted worker only instantiates; without one it fetches and compiles
// bakedsearch_bg.wasm from its own folder), then { id, query, options } (searchDetailed, the
// options passed through as they are) or { id, info: true } (indexInfo).
// Out: { type: 'ready', module } or { type: 'error', message } once, then
// { id, type: 'result', out } or { id, type: 'error', message }.

import init, { indexInfo, searchDetailed } from 'bakedsearch-glue';

const message = (err) => String((err && err.message) || err);

/** Fetches and compiles the .wasm (streaming when it is served as application/wasm). */
async function compile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`failed to fetch ${url}: ${response.status} ${response.statusText}`);
  if (WebAssembly.compileStreaming && (response.headers.get('Content-Type') || '').startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

async function load(cached) {
  const url = new URL('bakedsearch_bg.wasm', import.meta.url);
  // __WASM_BYTES__ (put in by the build) is 0 for the JavaScript mock engine: nothing to compile.
  const module = cached || (__WASM_BYTES__ > 0 ? await compile(url) : undefined);
  await init({ module_or_path: module || url });
  return module;
}

let ready = null;
self.addEventListener('message', async (e) => {
  const m = e.data || {};
  if (m.type === 'init') {
    ready = load(m.module);
    ready.then(
      (module) => self.postMessage({ type: 'ready', module }),
      (err) => self.postMessage({ type: 'error', message: message(err) }),
    );
    return;
  }
  const { id, query, options, info } = m;
  try {
    await ready;
    const out = info ? indexInfo() : searchDetailed(query, options);
    self.postMessage({ id, type: 'result', out });
  } catch (err) {
    self.postMessage({ id, type: 'error', message: message(err) });
  }
});
