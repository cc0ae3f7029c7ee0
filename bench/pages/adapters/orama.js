// Orama: load(db, JSON of save(db)) into a database created with the build's schema.
export async function load(base) {
  const [{ create, load: restore, search }, raw] = await Promise.all([import(`${base}lib.min.js`), fetch(`${base}index.json`).then((r) => r.json())]);
  const db = create({
    schema: { id: 'string', title: 'string', text: 'string' },
    components: { tokenizer: { language: 'english', stemming: true } },
  });
  restore(db, raw);
  const params = { properties: ['title', 'text'], boost: { title: 2 }, tolerance: 1, limit: 10 };
  return {
    search: async (q) => (await search(db, { ...params, term: q })).hits.map((h) => ({ id: h.document.id, title: h.document.title })),
  };
}
