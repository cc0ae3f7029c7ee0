// lunr: prebuilt index loaded with lunr.Index.load; titles from an id → title map.
export async function load(base) {
  const [{ lunr }, data] = await Promise.all([import(`${base}lib.min.js`), fetch(`${base}index.json`).then((r) => r.json())]);
  const index = lunr.Index.load(data.index);
  const titles = data.titles;
  return {
    search: async (q) => {
      const tokens = lunr.tokenizer(q).map((t) => t.toString()).filter(Boolean);
      if (!tokens.length) return [];
      // The type-ahead query from lunr's guide: exact (stemmed), then prefix, then one typo.
      const hits = index.query((query) => {
        for (const t of tokens) {
          query.term(t, { boost: 100 });
          query.term(t, { boost: 10, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
          query.term(t, { boost: 1, usePipeline: false, editDistance: 1 });
        }
      });
      return hits.slice(0, 10).map((h) => ({ id: h.ref, title: titles[h.ref] }));
    },
  };
}
