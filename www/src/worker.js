// dist/bakedsearch.worker.js: a module Worker that loads bakedsearch_bg.wasm from its own
// folder and searches in it. Messages in: { id, query, options } (searchDetailed, the options
// passed through as they are) or { id, info: true } (indexInfo); out: { type: 'ready' } or
// { type: 'error', message } once, then { id, type: 'result', out } or { id, type: 'error', message }.

import init, { indexInfo, searchDetailed } from 'bakedsearch-glue';

const message = (err) => String((err && err.message) || err);
const ready = Promise.resolve(init({ module_or_path: new URL('bakedsearch_bg.wasm', import.meta.url) }));
ready.then(
  () => self.postMessage({ type: 'ready' }),
  (err) => self.postMessage({ type: 'error', message: message(err) }),
);
self.addEventListener('message', async (e) => {
  const { id, query, options, info } = e.data || {};
  try {
    await ready;
    const out = info ? indexInfo() : searchDetailed(query, options);
    self.postMessage({ id, type: 'result', out });
  } catch (err) {
    self.postMessage({ id, type: 'error', message: message(err) });
  }
});
