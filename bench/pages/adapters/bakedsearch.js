// bakedsearch: the wasm-bindgen `--target web` glue and the .wasm with the index inside.
export async function load(base) {
  const mod = await import(`${base}bakedsearch.js`);
  await mod.default({ module_or_path: new URL(`${base}bakedsearch_bg.wasm`, location.href) });
  return {
    search: async (q) => mod.search(q, { limit: 10, snippets: false }).map((r) => ({ id: r.id, title: r.title })),
  };
}
