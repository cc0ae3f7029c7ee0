// bakedsearch: the wasm-bindgen `--target web` glue and the .wasm with the index inside.
import { start, firstSearchMark } from './bakedsearch-start.js';

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
