// node --test lib/split-goals.test.mjs (from bench/)
import assert from 'node:assert/strict';
import test from 'node:test';
import { splitGoalRows, splitGoalsSection } from './split-goals.mjs';

const engine = ({ first, perQuery, typing, cold, p50, build, mrr }) => ({
  payload: { total: { brotli: first } },
  latency: { fetchedBytesPerQuery: perQuery, fetchedBytes: { p50: perQuery / 2, p95: perQuery * 3 }, p50 },
  typing: typing == null ? null : { fetchedBytesTotal: typing, done: 100, planned: 100 },
  coldStart: { median: cold },
  build: { ms: build },
  relevance: { mrr10: mrr },
});

const data = {
  corpora: { mdn: {}, seeds: {}, cacm: {} },
  results: {
    bakedsearch: { mdn: engine({ first: 18e6, perQuery: 0, cold: 600, p50: 1.5, build: 60_000, mrr: 0.94 }) },
    'bakedsearch-split': { mdn: engine({ first: 500e3, perQuery: 50e3, typing: 9e6, cold: 650, p50: 4, build: 58_000, mrr: 0.94 }) },
    pagefind: { mdn: engine({ first: 240e3, perQuery: 28e3, typing: 10e6, cold: 1100, p50: 40, build: 61_000, mrr: 0.59 }) },
  },
};

test('each goal of the split layout gets its verdict against Pagefind or the embedded row', () => {
  const rows = splitGoalRows(data, 'mdn');
  const verdicts = Object.fromEntries(rows.map((r) => [r[0].replace(' (mdn)', ''), r[4]]));
  assert.deepEqual(verdicts, {
    'first query: page, init, first query with snippets, brotli': '**missed**',
    'bytes per later query, mean': '**missed**',
    'as-you-type run, bytes fetched in all': '**met**',
    'cold start, median': '**met**',
    'warm query p50 within 2× embedded': '**missed**',
    'build no slower than embedded': '**met**',
    'relevance equal to embedded, MRR@10': '**met**',
  });
  assert.match(rows[0][3], /^2\.08×$/);
});

test('a corpus without a split row has no goals, and a run without any has no section', () => {
  assert.deepEqual(splitGoalRows(data, 'seeds'), []);
  const table = (head, rows) => `${head.length} columns, ${rows.length} rows`;
  assert.deepEqual(splitGoalsSection({ ...data, results: { bakedsearch: data.results.bakedsearch } }, table), []);
  assert.ok(splitGoalsSection(data, table).includes('5 columns, 7 rows'));
  // Goals are set on MDN and SciFact only: a split row of another corpus adds none.
  const cacm = { ...data, results: { ...data.results, 'bakedsearch-split': { ...data.results['bakedsearch-split'], cacm: data.results['bakedsearch-split'].mdn } } };
  assert.ok(splitGoalsSection(cacm, table).includes('5 columns, 7 rows'));
});

test('a missing peer is named, not judged', () => {
  const rows = splitGoalRows({ ...data, results: { 'bakedsearch-split': data.results['bakedsearch-split'] } }, 'mdn');
  assert.equal(rows[0][2], 'pagefind not run');
  assert.ok(rows.every((r) => r[4] === '–'));
});

test('an as-you-type run cut short by its time budget is not judged against a whole one', () => {
  const short = structuredClone(data);
  short.results.pagefind.mdn.typing.done = 7;
  const row = splitGoalRows(short, 'mdn').find((r) => r[0].startsWith('as-you-type'));
  assert.equal(row[4], 'not comparable (prefixes run differ)');
  assert.match(row[2], /for 7 of 100 prefixes/);
});
