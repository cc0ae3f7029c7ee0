// A JavaScript stand-in for the wasm-bindgen glue (pkg/bakedsearch.js), with the same exports
// and the same shape of results, over three small made-up documents. `npm run build -- --mock`
// assembles dist/ from it, so the widget can be worked on without a Rust toolchain. Never shipped.

let ready = false;

const DOCS = [
  {
    id: 'mock-alliance',
    title: 'Allies Reaffirm Extended Deterrence Commitment',
    date: '2024-05-02',
    meta: { source: 'Mock Wire', tags: ['alliance', 'nuclear'] },
    url: 'guide/alliance.html', // relative: resolved against the element's base-url
    text: 'Officials from Washington and Seoul reaffirmed the extended deterrence commitment on Thursday, pledging closer consultation on nuclear planning and joint exercises on the Korean Peninsula.',
  },
  {
    id: 'mock-summit',
    title: 'Summit Focuses on Trade and Security',
    date: '2024-06-11',
    meta: { source: 'Mock Times', tags: 'trade' },
    url: 'https://example.com/summit',
    text: 'The two presidents discussed semiconductors, tariffs and deterrence against North Korean missile launches, and agreed to expand cooperation on supply chains.',
  },
  {
    // Hostile content: the widget must show all of it as text and never follow the URL.
    id: 'mock-drills',
    title: 'Joint Drills <img src=x onerror="window.__pwned=1"> Resume <b>near</b> the Border',
    date: '2024-07-01',
    meta: { source: '<script>window.__pwned=2</script>Mock Post', tags: ['<img src=x onerror="window.__pwned=5">'] },
    url: 'javascript:window.__pwned=3',
    text: 'Joint military drills resumed this week <img src=x onerror="window.__pwned=4">. Analysts said the exercises strengthen deterrence and readiness, while critics warned of rising tensions with Pyongyang.',
  },
];

// The display and facet fields of this made-up index (as bakedsearch.toml would configure them).
const DISPLAY = ['source', 'tags'];
const FACETS = ['source', 'tags'];

const values = (doc, field) => {
  const v = doc.meta[field];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

const tokenize = (s) => [...s.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);

function check(options) {
  const o = options ?? {};
  if (typeof o !== 'object') throw new Error('options: expected an object');
  const filters = o.filters ?? {};
  for (const field of Object.keys(filters)) {
    if (!FACETS.includes(field)) throw new Error(`bakedsearch: cannot filter on \`${field}\`: facet fields: ${FACETS.join(', ')}`);
  }
  if (o.sort !== undefined && !['relevance', 'newest', 'oldest'].includes(o.sort)) {
    throw new Error('bakedsearch: option `sort` must be "relevance", "newest" or "oldest"');
  }
  const num = (k, d, min, max) => {
    if (o[k] === undefined) return d;
    if (typeof o[k] !== 'number' || !Number.isInteger(o[k]) || o[k] < min || o[k] > max) {
      throw new Error(`options.${k}: expected an integer in ${min}..=${max}`);
    }
    return o[k];
  };
  const bool = (k, d) => {
    if (o[k] === undefined) return d;
    if (typeof o[k] !== 'boolean') throw new Error(`options.${k}: expected a boolean`);
    return o[k];
  };
  return {
    limit: num('limit', 10, 1, 1000),
    offset: num('offset', 0, 0, 1e9),
    prefix: bool('prefix', true),
    fuzzy: bool('fuzzy', true),
    snippetWords: num('snippetWords', 24, 1, 1000),
    facets: bool('facets', false),
    sort: o.sort ?? 'relevance',
    filters: Object.entries(filters).map(([field, v]) => [field, Array.isArray(v) ? v.map(String) : [String(v)]]),
  };
}

function ranges(text, words, prefixLast) {
  const out = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0].toLowerCase();
    const hit = words.some((q, i) => w === q || (prefixLast && i === words.length - 1 && w.startsWith(q)));
    if (hit) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

function edit(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

export function searchDetailed(query, options) {
  if (!ready) throw new Error('bakedsearch: call init() first');
  const o = check(options);
  const words = tokenize(String(query));
  const browse = words.length === 0 && (o.filters.length > 0 || o.sort !== 'relevance');
  if (words.length === 0 && !browse) return { results: [], total: 0, didYouMean: null, facets: {} };
  const passes = (d, except) =>
    o.filters.every(([field, wanted]) => field === except || values(d, field).some((v) => wanted.includes(v)));
  const scored = [];
  for (const d of DOCS) {
    const bodyHits = ranges(d.text, words, o.prefix);
    const titleHits = ranges(d.title, words, o.prefix);
    const all = tokenize(`${d.title} ${d.text}`);
    const matchesAll = words.every(
      (q, i) => all.includes(q) || (o.prefix && i === words.length - 1 && all.some((w) => w.startsWith(q))),
    );
    if (!matchesAll && !browse) continue;
    const first = bodyHits.length ? bodyHits[0][0] : 0;
    const start = Math.max(0, d.text.lastIndexOf(' ', Math.max(0, first - 40)) + 1);
    let snippet = d.text.slice(start, start + 160);
    let shift = start;
    const prefix = start > 0 ? '…' : '';
    const suffix = start + 160 < d.text.length ? '…' : '';
    snippet = prefix + snippet + suffix;
    shift -= prefix.length;
    const highlights = bodyHits
      .map(([s, e]) => [s - shift, e - shift])
      .filter(([s, e]) => s >= prefix.length && e <= snippet.length - suffix.length);
    const { text: _t, ...meta } = d;
    scored.push({ ...meta, score: titleHits.length * 2 + bodyHits.length, snippet, highlights, titleHighlights: titleHits });
  }
  // Disjunctive facet counts: a field's own filter is left out of its counts.
  const facets = {};
  if (o.facets) {
    for (const field of FACETS) {
      const counts = new Map();
      for (const r of scored) {
        const d = DOCS.find((x) => x.id === r.id);
        if (passes(d, field)) for (const v of values(d, field)) counts.set(v, (counts.get(v) || 0) + 1);
      }
      for (const [f, wanted] of o.filters) if (f === field) for (const v of wanted) if (!counts.has(v)) counts.set(v, 0);
      facets[field] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([value, count]) => ({ value, count }));
    }
  }
  const kept = scored.filter((r) => passes(DOCS.find((x) => x.id === r.id)));
  scored.length = 0;
  scored.push(...kept);
  if (o.sort === 'relevance') scored.sort((a, b) => b.score - a.score);
  else scored.sort((a, b) => (o.sort === 'newest' ? -1 : 1) * (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let didYouMean = null;
  if (scored.length === 0 && o.fuzzy) {
    const vocab = [...new Set(DOCS.flatMap((d) => tokenize(`${d.title} ${d.text}`)))];
    const fixed = words.map((w) => {
      let best = w;
      let bestD = 3;
      for (const v of vocab) {
        const dist = edit(w, v);
        if (dist < bestD) [best, bestD] = [v, dist];
      }
      return best;
    });
    if (fixed.join(' ') !== words.join(' ')) didYouMean = fixed.join(' ');
  }
  return { results: scored.slice(o.offset, o.offset + o.limit), total: scored.length, didYouMean, facets };
}

export function search(query, options) {
  return searchDetailed(query, options).results;
}

export function getDocument(id) {
  const d = DOCS.find((x) => x.id === id);
  return d ? { ...d, meta: { ...d.meta } } : null;
}

export function indexInfo() {
  return {
    documents: DOCS.length,
    terms: new Set(DOCS.flatMap((d) => tokenize(`${d.title} ${d.text}`))).size,
    fields: ['title', 'body'],
    display: DISPLAY,
    facets: FACETS,
    language: 'english',
    dated: true,
    indexBytes: 0,
    formatVersion: 0,
    version: '0.0.0-mock',
    corpus: 'mock',
  };
}

function initSync(module) {
  void module;
  ready = true;
}

async function __wbg_init(module_or_path) {
  if (typeof module_or_path === 'undefined') {
    module_or_path = new URL('bakedsearch_bg.wasm', import.meta.url);
  }
  void module_or_path;
  ready = true;
}

export { initSync };
export default __wbg_init;
