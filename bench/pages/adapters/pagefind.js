// Pagefind: its own loader fetches the entry, wasm and index chunks; each result's title comes
// from its fragment (`data()`), fetched per result.
export async function load(base) {
  const pagefind = await import(`${base}pagefind/pagefind.js`);
  await pagefind.options({ basePath: `${base}pagefind/` });
  await pagefind.init();
  return {
    search: async (q) => {
      const found = await pagefind.search(q);
      if (!found || !found.results) return [];
      const data = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
      return data.map((d) => ({ id: d.meta.docid, title: d.meta.title }));
    },
  };
}
