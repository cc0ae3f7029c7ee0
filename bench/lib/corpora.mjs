// The corpora, loaded into one shape:
//   { name, docs: [{ id, title, text, url? }], queries: [{ id, text, kind? }],
//     qrels: Map<queryId, Map<docId, grade>> | null, firstQuery, source }
// `source` is what bakedsearch's build.rs is pointed at (BAKEDSEARCH_CORPUS): a folder of .md
// files or a .jsonl file, exactly as a user would configure it.

import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, createWriteStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { REPO_ROOT, SHARED_CORPORA, WORK } from './paths.mjs';

export const CORPUS_NAMES = ['seeds', 'scifact', 'mdn', 'cacm', 'med', 'npl'];

/**
 * The classic ad-hoc collections (docs.jsonl, queries.jsonl, qrels.tsv in ../shared/corpora),
 * scored by nDCG@10 like SciFact: long natural-language queries on collections bakedsearch was
 * not first tuned on. The first query only times the cold start.
 */
const AD_HOC = {
  cacm: { firstQuery: 'compiler' }, // 3,204 computing titles/abstracts, 52 judged queries
  med: { firstQuery: 'cancer' }, // 1,033 medical abstracts without titles, 30 queries
  npl: { firstQuery: 'electron' }, // 11,429 physics abstracts without titles, 93 queries
};

/** Queries for the seeds corpus (it has no judged queries): latency and cold start only. */
const SEED_QUERIES = [
  'korea', 'deterrence', 'extended deterrence', 'blinken', 'nuclear', 'alliance',
  'inflation reduction act', 'park jin', 'yoon seoul', 'missile', 'washington', 'north korea',
  'cooperation', 'electric vehicles', 'defence posture', 'pyongyang', 'semiconductor', 'chips',
  'military drills', 'secretary of state',
];

/** Front matter `key: "value"` lines of a seeds Markdown file, and the body after it. */
export function parseMarkdown(source) {
  const m = source.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/);
  if (!m) return { meta: {}, body: source };
  const meta = {};
  for (const line of m[1].split(/\r?\n/)) {
    const kv = line.match(/^(\w+)\s*:\s*(.*)$/);
    if (kv) meta[kv[1]] = kv[2].trim().replace(/^"(.*)"$/, '$1');
  }
  return { meta, body: m[2] };
}

function readJsonl(file) {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

function readQrels(file) {
  const qrels = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [q, d, g] = line.trim().split('\t');
    if (!q || q === 'query_id' || d === undefined) continue;
    const grade = Number(g);
    if (!(grade > 0)) continue;
    if (!qrels.has(q)) qrels.set(q, new Map());
    qrels.get(q).set(d, grade);
  }
  return qrels;
}

/** Decompresses MDN's docs.jsonl.gz once into the work dir (bakedsearch reads .jsonl). */
export async function ensureMdnJsonl() {
  const out = path.join(WORK, 'corpora', 'mdn', 'docs.jsonl');
  if (existsSync(out)) return out;
  mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.tmp`;
  await pipeline(createReadStream(path.join(SHARED_CORPORA, 'mdn', 'docs.jsonl.gz')), zlib.createGunzip(), createWriteStream(tmp));
  renameSync(tmp, out);
  return out;
}

export async function loadCorpus(name) {
  if (name === 'seeds') {
    const dir = path.join(REPO_ROOT, 'seeds');
    const docs = readdirSync(dir).filter((f) => f.endsWith('.md')).sort().map((f) => {
      const { meta, body } = parseMarkdown(readFileSync(path.join(dir, f), 'utf8'));
      return { id: f.replace(/\.md$/, ''), title: meta.title || f, text: body };
    });
    const queries = SEED_QUERIES.map((text, i) => ({ id: `seed-${i}`, text }));
    return { name, docs, queries, qrels: null, firstQuery: 'deterrence', source: dir };
  }
  if (name === 'scifact') {
    const dir = path.join(SHARED_CORPORA, 'scifact');
    const source = path.join(dir, 'docs.jsonl');
    const docs = readJsonl(source).map((d) => ({ id: String(d.id), title: d.title || '', text: d.text || '' }));
    const qrels = readQrels(path.join(dir, 'qrels', 'train.tsv'));
    const queries = readJsonl(path.join(dir, 'queries.train.jsonl')).map((q) => ({ id: String(q.id), text: q.text }));
    return { name, docs, queries, qrels, firstQuery: 'cancer', source };
  }
  if (name === 'mdn') {
    const dir = path.join(SHARED_CORPORA, 'mdn');
    const source = await ensureMdnJsonl();
    const docs = readJsonl(source).map((d) => ({ id: String(d.id), title: d.title || '', text: d.text || '', url: d.url }));
    const qrels = readQrels(path.join(dir, 'qrels.dev.tsv'));
    const queries = readJsonl(path.join(dir, 'queries.dev.jsonl')).map((q) => ({ id: String(q.id), text: q.text, kind: q.kind }));
    return { name, docs, queries, qrels, firstQuery: 'fetch', source };
  }
  if (AD_HOC[name]) {
    const dir = path.join(SHARED_CORPORA, name);
    const file = path.join(dir, 'docs.jsonl');
    const docs = readJsonl(file).map((d) => ({ id: String(d.id), title: d.title || '', text: d.text || '' }));
    const qrels = readQrels(path.join(dir, 'qrels.tsv'));
    const queries = readJsonl(path.join(dir, 'queries.jsonl')).map((q) => ({ id: String(q.id), text: q.text }));
    return { name, docs, queries, qrels, firstQuery: AD_HOC[name].firstQuery, source: titleOnlyAsText(name, file, docs) };
  }
  throw new Error(`unknown corpus ${name} (known: ${CORPUS_NAMES.join(', ')})`);
}

/**
 * WORKAROUND until bakedsearch's build indexes a record without body text by its title: the
 * build refuses such records, and CACM has 1,617 (titles of papers without an abstract). When
 * a collection has any, bakedsearch is pointed at a copy in the work dir where they carry their
 * title as text and records with neither are left out (as bakedsearch-eval does); the other
 * engines index the original records. Returns the file bakedsearch builds from.
 */
function titleOnlyAsText(name, file, docs) {
  if (docs.every((d) => d.text.trim())) return file;
  const out = path.join(WORK, 'corpora', name, 'docs.jsonl');
  mkdirSync(path.dirname(out), { recursive: true });
  const lines = docs
    .filter((d) => d.text.trim() || d.title.trim())
    .map((d) => JSON.stringify({ ...d, text: d.text.trim() ? d.text : d.title }));
  writeFileSync(out, `${lines.join('\n')}\n`);
  return out;
}

/** The corpus's raw text (titles and bodies), the baseline for "stored text" size. */
export function rawText(corpus) {
  return corpus.docs.map((d) => `${d.title}\n${d.text}`).join('\n');
}
