// The split layout's goals (big sites): the `bakedsearch-split` row against Pagefind, which
// also fetches its index on demand from the same static server, and against our embedded
// row. Each goal is the issue's: first-query bytes, bytes per later query, the whole
// as-you-type run, cold start no slower than Pagefind's; warm queries within 2× of the
// embedded layout; a build no slower than the embedded one; the same relevance.

const US = 'bakedsearch';
const SPLIT = `${US}-split`;
const PEER = 'pagefind';

const kib = (n) => (n == null ? '–' : `${(n / 1024).toFixed(1)} KiB`);
const ms = (n) => (n == null ? '–' : n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(2)} ms`);
const sec = (n) => (n == null ? '–' : `${(n / 1000).toFixed(1)} s`);
const ratio = (a, b) => (a == null || b == null || b === 0 ? '–' : `${(a / b).toFixed(2)}×`);
const verdict = (ok) => (ok == null ? '–' : ok ? '**met**' : '**missed**');

/** Rows `[goal, split, reference, ratio, verdict]` for one corpus (none without a split row). */
export function splitGoalRows(data, c) {
  const split = data.results[SPLIT]?.[c];
  if (!split) return [];
  const peer = data.results[PEER]?.[c];
  const embedded = data.results[US]?.[c];
  const rows = [];
  const row = (goal, mine, ref, show, refLabel, ok) =>
    rows.push([`${goal} (${c})`, show(mine), ref == null ? `${refLabel} not run` : `${show(ref)} (${refLabel})`, ratio(mine, ref), verdict(ref == null || mine == null ? null : ok(mine, ref))]);
  const perQuery = (r) => r?.latency?.fetchedBytesPerQuery;
  const spread = (r) => (r?.latency?.fetchedBytes ? ` (p50 ${kib(r.latency.fetchedBytes.p50)}, p95 ${kib(r.latency.fetchedBytes.p95)})` : '');
  row('first query: page, init, first query with snippets, brotli', split.payload?.total?.brotli, peer?.payload?.total?.brotli, kib, PEER, (a, b) => a <= b);
  rows.push([
    `bytes per later query, mean (${c})`,
    `${kib(perQuery(split))}${spread(split)}`,
    peer ? `${kib(perQuery(peer))}${spread(peer)} (${PEER})` : `${PEER} not run`,
    ratio(perQuery(split), perQuery(peer)),
    verdict(peer && perQuery(split) != null && perQuery(peer) != null ? perQuery(split) <= perQuery(peer) : null),
  ]);
  if (split.typing) {
    // Only a like-for-like comparison gets a verdict: an engine that ran out of its time
    // budget fetched for fewer prefixes (the first ones, when nothing is cached yet).
    const t = split.typing;
    const p = peer?.typing;
    const ran = (x) => `${kib(x.fetchedBytesTotal)} for ${x.done} of ${x.planned} prefixes`;
    const same = p && p.done === t.done;
    rows.push([
      `as-you-type run, bytes fetched in all (${c})`,
      ran(t),
      p ? `${ran(p)} (${PEER})` : `${PEER} not run`,
      same ? ratio(t.fetchedBytesTotal, p.fetchedBytesTotal) : '–',
      same ? verdict(t.fetchedBytesTotal < p.fetchedBytesTotal) : p ? 'not comparable (prefixes run differ)' : '–',
    ]);
  }
  row('cold start, median', split.coldStart?.median, peer?.coldStart?.median, ms, PEER, (a, b) => a <= b);
  row('warm query p50 within 2× embedded', split.latency?.p50, embedded?.latency?.p50, ms, 'embedded', (a, b) => a <= 2 * b);
  row('build no slower than embedded', split.build?.ms, embedded?.build?.ms, sec, 'embedded', (a, b) => a <= b);
  const rel = (r) => r?.relevance?.mrr10;
  if (rel(split) != null) {
    rows.push([
      `relevance equal to embedded, MRR@10 (${c})`,
      rel(split).toFixed(4),
      rel(embedded) != null ? `${rel(embedded).toFixed(4)} (embedded)` : 'embedded not run',
      ratio(rel(split), rel(embedded)),
      verdict(rel(embedded) != null ? rel(split) === rel(embedded) : null),
    ]);
  }
  return rows;
}

/** The corpora the goals are set on (the big-sites issue: a docs site, and SciFact). */
export const SPLIT_GOAL_CORPORA = ['mdn', 'scifact'];

/** The section for REPORT.md, or no lines when the run had no split row there. */
export function splitGoalsSection(data, table) {
  const rows = SPLIT_GOAL_CORPORA.filter((c) => data.corpora[c]).flatMap((c) => splitGoalRows(data, c));
  if (!rows.length) return [];
  return [
    '## Big sites: the split layout',
    '',
    `The \`${SPLIT}\` row is the same engine with its index cut into shards fetched on demand; ${PEER} fetches its index on demand from the same static server. Bytes per query are what the server sent (it does not compress; ${PEER}'s chunks and our shards are gzip files already). The split row of every other corpus is in its section below.`,
    '',
    table(['goal', SPLIT, 'reference', 'ours / reference', 'verdict'], rows),
    '',
  ];
}
