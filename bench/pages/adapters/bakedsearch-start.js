// The start both bakedsearch adapters share, as the widget's script does it (www/src/index.js):
// the .wasm is requested before the glue is imported, compiled while it streams in
// (instantiateStreaming, through wasm-bindgen's init), and the same `bakedsearch:*`
// performance marks are set, so REPORT.md's cold-start breakdown has every phase:
// start, fetched (response headers), instantiated, ready (index opened).
export async function start(base) {
  performance.mark('bakedsearch:start');
  const response = fetch(new URL(`${base}bakedsearch_bg.wasm`, location.href)).then((r) => {
    performance.mark('bakedsearch:fetched');
    return r;
  });
  const mod = await import(`${base}bakedsearch.js`);
  await mod.default({ module_or_path: response });
  performance.mark('bakedsearch:instantiated');
  mod.indexInfo();
  performance.mark('bakedsearch:ready');
  return mod;
}

/** Marks `bakedsearch:searched` once, when the first search has its results. */
export function firstSearchMark() {
  let first = true;
  return () => {
    if (first) performance.mark('bakedsearch:searched');
    first = false;
  };
}
