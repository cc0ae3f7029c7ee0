// FlexSearch: a Document index restored part by part with import() (see lib/js-engines.mjs).
export async function load(base) {
  const [{ Document, Encoder, Charset, EnglishPreset }, parts] = await Promise.all([import(`${base}lib.min.js`), fetch(`${base}index.json`).then((r) => r.json())]);
  const index = new Document({
    encoder: new Encoder(Charset.LatinBalance, EnglishPreset),
    tokenize: 'forward',
    document: { id: 'id', index: ['title', 'text'], store: ['title'] },
  });
  for (const [key, data] of Object.entries(parts)) await index.import(key, data);
  const options = { limit: 10, enrich: true, merge: true, suggest: true };
  return {
    search: async (q) => index.search(q, options).slice(0, 10).map((h) => ({ id: String(h.id), title: h.doc && h.doc.title })),
  };
}
