// bakedsearch, split layout: the wasm-bindgen glue, the .wasm (engine + what a query needs
// first) and the widget's shard fetch manager (shards.js), which fetches shards/<name>.bks
// as searchStep asks for them. The first query builds snippets (as the widget shows it).
import { start, firstSearchMark } from './bakedsearch.js';

export async function load(base) {
  const mod = await start(base);
  const { shardLoader, stepSearch } = await import(`${base}shards.js`);
  const searched = firstSearchMark();
  const loader = shardLoader({ base: new URL(`${base}shards/`, location.href), add: mod.addShard });
  let options = { limit: 10 };
  return {
    search: async (q) => {
      const opts = options;
      options = { limit: 10, snippets: false };
      const out = await stepSearch(() => mod.searchStep(q, opts), loader);
      searched();
      return out.results.map((r) => ({ id: r.id, title: r.title }));
    },
  };
}
