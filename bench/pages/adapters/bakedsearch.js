// bakedsearch: the wasm-bindgen `--target web` glue and the .wasm with the index inside.
//
// `start` is also the split adapter's. It lives in this file, not in a module of its own,
// so that the page reaches the wasm request in one module round trip, as the widget's
// one-file script does (a separate start module put one more fetch before the wasm request:
// on the seeds, navigation → wasm requested took 89 ms against 80 for tinysearch's adapter).
// It starts as the widget's script does (www/src/index.js): the .wasm is requested before
// the glue is imported, compiled while it streams in (instantiateStreaming, through
// wasm-bindgen's init), and the same `bakedsearch:*` performance marks are set, so
// REPORT.md's cold-start breakdown has every phase: start, fetched (response headers),
// instantiated, ready (index opened).
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

export async function load(base) {
  const mod = await start(base);
  const searched = firstSearchMark();
  return {
    search: async (q) => {
      const results = mod.search(q, { limit: 10, snippets: false });
      searched();
      return results.map((r) => ({ id: r.id, title: r.title }));
    },
  };
}
