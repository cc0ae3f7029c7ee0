// Percentiles, relevance metrics (one scorer for every engine) and size helpers.
import zlib from 'node:zlib';

/** Nearest-rank percentile (p in 0..100) of an array of numbers. */
export function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(values) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function latencySummary(times) {
  return { n: times.length, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), mean: times.length ? times.reduce((a, b) => a + b, 0) / times.length : null };
}

/** nDCG@k with graded judgments: gain = grade, discount log2(rank + 1). */
export function ndcgAt(ranked, judged, k = 10) {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    dcg += (judged.get(id) || 0) / Math.log2(i + 2);
  });
  const ideal = [...judged.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

/** Reciprocal rank of the first relevant document within the top k (0 if none). */
export function mrrAt(ranked, judged, k = 10) {
  const i = ranked.slice(0, k).findIndex((id) => (judged.get(id) || 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

/**
 * Scores a run: queries [{ id, kind? }], ids[i] = ranked doc ids of queries[i]. Only judged
 * queries count. Returns { ndcg10, mrr10, judged, byKind: { kind: { mrr10, ndcg10, judged } } }.
 */
export function scoreRun(queries, ids, qrels) {
  const all = { ndcg: [], mrr: [] };
  const byKind = {};
  queries.forEach((q, i) => {
    const judged = qrels.get(q.id);
    if (!judged || !ids[i]) return;
    const n = ndcgAt(ids[i], judged);
    const m = mrrAt(ids[i], judged);
    all.ndcg.push(n);
    all.mrr.push(m);
    if (q.kind) {
      const k = (byKind[q.kind] ||= { ndcg: [], mrr: [] });
      k.ndcg.push(n);
      k.mrr.push(m);
    }
  });
  const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : null);
  return {
    ndcg10: mean(all.ndcg),
    mrr10: mean(all.mrr),
    judged: all.ndcg.length,
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, { ndcg10: mean(v.ndcg), mrr10: mean(v.mrr), judged: v.ndcg.length }])),
  };
}

const sizeCache = new Map();
/** Brotli quality 11 takes about a second per MB: files over this size get quality 9. */
const BROTLI_Q11_MAX = 16 << 20;

/** { raw, gzip, brotli, brotliQuality } byte counts of a buffer (gzip -9, brotli 11 or 9). */
export function compressedSizes(buf, key) {
  if (key && sizeCache.has(key)) return sizeCache.get(key);
  const quality = buf.length > BROTLI_Q11_MAX ? 9 : 11;
  const sizes = {
    raw: buf.length,
    brotliQuality: quality,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
        [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  };
  if (key) sizeCache.set(key, sizes);
  return sizes;
}
