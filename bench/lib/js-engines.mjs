// The JavaScript peers: how each one is configured (per its own documentation, for its best
// results), how its serialized index is built in Node, and which library entry the browser
// page bundles (esbuild --bundle --minify, so every peer ships a minified library).
//
// The browser side of each engine is pages/adapters/<name>.js; it must use the same options.

export const JS_ENGINES = {
  lunr: {
    package: 'lunr',
    entry: "export { default as lunr } from 'lunr';",
    config: [
      'fields: title (boost 10), text; English pipeline (trimmer, stop words, Porter stemmer)',
      'query: per query token, exact term (boost 100) + trailing wildcard (boost 10) + edit distance 1 (boost 1), built with `idx.query()` as the lunr guide shows for type-ahead',
      'deployed as `lunr.Index.load(JSON)` of the prebuilt index, plus an id → title map (lunr stores no documents)',
    ],
    async build(docs) {
      const { default: lunr } = await import('lunr');
      const index = lunr(function () {
        this.ref('id');
        this.field('title', { boost: 10 });
        this.field('text');
        for (const d of docs) this.add(d);
      });
      return { 'index.json': JSON.stringify({ index, titles: titleMap(docs) }) };
    },
  },
  elasticlunr: {
    package: 'elasticlunr',
    // Its UMD wrapper assigns globals through `this`, which a bundled ES module breaks: the page
    // loads the published minified build as a classic script instead.
    script: 'elasticlunr/elasticlunr.min.js',
    config: [
      'fields: title, text; English pipeline (trimmer, stop words, stemmer); `saveDocument(false)`',
      'query: `{ fields: { title: { boost: 2 }, text: { boost: 1 } }, expand: true }` (expand = prefix matching); no typo tolerance in elasticlunr',
      'deployed as `elasticlunr.Index.load(JSON)` plus an id → title map',
    ],
    async build(docs) {
      const { default: elasticlunr } = await import('elasticlunr');
      const index = elasticlunr(function () {
        this.setRef('id');
        this.addField('title');
        this.addField('text');
        this.saveDocument(false);
      });
      for (const d of docs) index.addDoc(d);
      return { 'index.json': JSON.stringify({ index: index.toJSON(), titles: titleMap(docs) }) };
    },
  },
  minisearch: {
    package: 'minisearch',
    entry: "export { default as MiniSearch } from 'minisearch'; export { stemmer } from 'stemmer';",
    config: [
      "fields: title, text; stores title; `processTerm`: lowercase + Porter stemmer (npm `stemmer`, as MiniSearch's docs suggest for stemming)",
      'query: `{ boost: { title: 2 }, prefix: true, fuzzy: 0.2 }` (the settings MiniSearch documents for search-as-you-type)',
      'deployed as `MiniSearch.loadJSON(JSON, options)`',
    ],
    async build(docs) {
      const { default: MiniSearch } = await import('minisearch');
      const { stemmer } = await import('stemmer');
      const ms = new MiniSearch(miniSearchOptions(stemmer));
      ms.addAll(docs);
      return { 'index.json': JSON.stringify(ms) };
    },
  },
  flexsearch: {
    package: 'flexsearch',
    entry: "export { Document, Encoder, Charset } from 'flexsearch'; export { default as EnglishPreset } from 'flexsearch/lang/en';",
    config: [
      '`Document` index over title and text, stores title; `encoder: new Encoder(Charset.LatinBalance, EnglishPreset)` (English stop words + stemmer), `tokenize: "forward"` (prefix matching)',
      'query: `{ limit: 10, enrich: true, merge: true, suggest: true }` (suggest = partial matches when not every term matches); FlexSearch has no edit-distance typo tolerance',
      'deployed with `export()` / `import()` (its serialization), all parts in one JSON file',
    ],
    async build(docs) {
      const { Document, Encoder, Charset } = await import('flexsearch');
      const { default: EnglishPreset } = await import('flexsearch/lang/en');
      const index = new Document(flexSearchOptions({ Encoder, Charset, EnglishPreset }));
      for (const d of docs) index.add({ id: d.id, title: d.title, text: d.text });
      const parts = {};
      await index.export((key, data) => {
        parts[key] = data;
      });
      return { 'index.json': JSON.stringify(parts) };
    },
  },
  orama: {
    package: '@orama/orama',
    entry: "export { create, load, search } from '@orama/orama';",
    config: [
      "schema `{ id, title, text }` (strings); tokenizer `{ language: 'english', stemming: true }`",
      "query: `{ term, properties: ['title', 'text'], boost: { title: 2 }, tolerance: 1, limit: 10 }` (Orama prefix-matches by default; tolerance = typo distance)",
      'deployed as `load(db, JSON of save(db))`; Orama keeps whole documents (text included) in its store',
    ],
    async build(docs) {
      const { create, insertMultiple, save } = await import('@orama/orama');
      const db = create(oramaOptions());
      await insertMultiple(db, docs.map((d) => ({ id: d.id, title: d.title, text: d.text })), 1000);
      return { 'index.json': JSON.stringify(save(db)) };
    },
  },
};

function titleMap(docs) {
  const titles = {};
  for (const d of docs) titles[d.id] = d.title;
  return titles;
}

// Options shared by the Node builders and the browser adapters (the adapters repeat them; keep
// the two in step).
export function miniSearchOptions(stemmer) {
  return {
    fields: ['title', 'text'],
    storeFields: ['title'],
    processTerm: (term) => stemmer(term.toLowerCase()),
    searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.2 },
  };
}

export function flexSearchOptions({ Encoder, Charset, EnglishPreset }) {
  return {
    encoder: new Encoder(Charset.LatinBalance, EnglishPreset),
    tokenize: 'forward',
    document: { id: 'id', index: ['title', 'text'], store: ['title'] },
  };
}

export function oramaOptions() {
  return {
    schema: { id: 'string', title: 'string', text: 'string' },
    components: { tokenizer: { language: 'english', stemming: true } },
  };
}
