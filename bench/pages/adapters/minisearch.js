// MiniSearch: MiniSearch.loadJSON with the options it was built with (see lib/js-engines.mjs).
export async function load(base) {
  const [{ MiniSearch, stemmer }, json] = await Promise.all([import(`${base}lib.min.js`), fetch(`${base}index.json`).then((r) => r.text())]);
  const ms = MiniSearch.loadJSON(json, {
    fields: ['title', 'text'],
    storeFields: ['title'],
    processTerm: (term) => stemmer(term.toLowerCase()),
    searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.2 },
  });
  return {
    search: async (q) => ms.search(q).slice(0, 10).map((h) => ({ id: h.id, title: h.title })),
  };
}
