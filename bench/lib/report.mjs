// REPORT.md and chart.svg from results.json's data. Hand-written analysis (why we win or lose)
// lives in ANALYSIS.md beside run.mjs and is included verbatim.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH } from './paths.mjs';
import { breakdownSection } from './cold-breakdown.mjs';
import { splitGoalsSection } from './split-goals.mjs';

const US = 'bakedsearch';
const kib = (n) => (n == null ? '–' : n >= 10 * 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`);
const ms = (n) => (n == null ? '–' : n >= 100 ? `${n.toFixed(0)}` : n >= 1 ? n.toFixed(2) : n.toFixed(3));
/** Byte counts that may be small: plain bytes under 1 KiB. */
const bytes = (n) => (n == null ? '–' : n === 0 ? '0' : n < 1024 ? `${Math.round(n)} B` : kib(n));
const sec = (n) => (n == null ? '–' : `${(n / 1000).toFixed(1)} s`);
const num = (n, d = 3) => (n == null ? '–' : n.toFixed(d));
const ratio = (a, b) => (a == null || b == null || b === 0 ? '–' : `${(a / b).toFixed(2)}×`);

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function engineOrder(data) {
  return Object.keys(data.engines);
}

/** Best peer (not us) on corpus by fn (lower is better unless higher = true). */
function bestPeer(data, corpus, fn, higher = false) {
  let best = null;
  for (const e of engineOrder(data)) {
    if (e === US || e === `${US}-split`) continue; // our own layouts are not peers
    const r = data.results[e]?.[corpus];
    const v = r ? fn(r) : null;
    if (v == null) continue;
    if (!best || (higher ? v > best.value : v < best.value)) best = { engine: e, value: v };
  }
  return best;
}

function goals(data) {
  const out = [];
  const us = (c) => data.results[US]?.[c];
  const verdict = (ok) => (ok == null ? '–' : ok ? '**met**' : '**missed**');
  for (const c of ['scifact', 'mdn']) {
    if (!us(c)) continue;
    for (const p of ['p50', 'p95']) {
      const best = bestPeer(data, c, (r) => r.latency?.[p]);
      const mine = us(c).latency[p];
      out.push([`fastest query ${p} (${c})`, `${ms(mine)} ms`, best ? `${ms(best.value)} ms (${best.engine})` : '–', best ? ratio(mine, best.value) : '–', verdict(best ? mine <= best.value : null)]);
    }
  }
  for (const c of Object.keys(data.corpora)) {
    if (!us(c)) continue;
    const best = bestPeer(data, c, (r) => r.coldStart?.median);
    const mine = us(c).coldStart.median;
    out.push([`first result ≤ ½ fastest peer (${c})`, `${ms(mine)} ms`, best ? `${ms(best.value)} ms (${best.engine})` : '–', best ? ratio(mine, best.value) : '–', verdict(best ? mine <= best.value / 2 : null)]);
  }
  for (const c of Object.keys(data.corpora)) {
    const img = us(c)?.image;
    const tiny = data.results.tinysearch?.[c];
    if (!img) continue;
    const tinyBytes = tiny?.payload?.index?.raw;
    out.push([`index bytes without stored text ≤ tinysearch wasm (${c})`, kib(img.withoutStoreBytes), tinyBytes ? kib(tinyBytes) : 'tinysearch not run', tinyBytes ? ratio(img.withoutStoreBytes, tinyBytes) : '–', verdict(tinyBytes ? img.withoutStoreBytes <= tinyBytes : null)]);
  }
  for (const c of Object.keys(data.corpora)) {
    const img = us(c)?.image;
    if (!img) continue;
    const raw = data.corpora[c].rawText;
    // Stored text as shipped (brotli over the wire) vs brotli of the raw text, same quality.
    const r = img.store.brotli / raw.brotli;
    out.push([`stored text ≤ 1.1× brotli(raw text) (${c})`, `${kib(img.store.brotli)} (brotli of STORE; raw ${kib(img.store.raw)})`, `${kib(raw.brotli)} (brotli of raw text)`, `${r.toFixed(2)}×`, verdict(r <= 1.1)]);
  }
  const rel = [['scifact', 'ndcg10', 'nDCG@10'], ['mdn', 'mrr10', 'MRR@10'], ['cacm', 'ndcg10', 'nDCG@10'], ['med', 'ndcg10', 'nDCG@10'], ['npl', 'ndcg10', 'nDCG@10']];
  for (const [c, key, label] of rel) {
    if (!us(c)?.relevance) continue;
    const best = bestPeer(data, c, (r) => r.relevance?.[key], true);
    const mine = us(c).relevance[key];
    out.push([`best relevance, ${label} (${c})`, num(mine), best ? `${num(best.value)} (${best.engine})` : '–', best ? ratio(mine, best.value) : '–', verdict(best ? mine >= best.value : null)]);
  }
  return table(['goal', 'bakedsearch', 'best peer', 'ours / peer', 'verdict'], out);
}

function fetchedPerQuery(l) {
  if (!l.fetchedBytesPerQuery) return '0';
  return l.fetchedBytes ? `${bytes(l.fetchedBytesPerQuery)} (${bytes(l.fetchedBytes.p50)}, ${bytes(l.fetchedBytes.p95)})` : bytes(l.fetchedBytesPerQuery);
}

/** Beside the per-query column: ours, and the whole session of each engine that fetches on demand. */
function fetchedNote(data, c, engines) {
  const parts = [];
  const us = data.results[US]?.[c];
  if (us) parts.push(`Bytes fetched per query: ${US} fetches nothing per query, its index ships inside the .wasm, counted in the payload above${us.latency.fetchedBytesTotal ? ` (yet this run counted ${bytes(us.latency.fetchedBytesTotal)})` : ''}.`);
  for (const e of engines) {
    const l = data.results[e][c].latency;
    // Pagefind always (it loads on demand, even when this corpus left it nothing to fetch).
    if (e === US || !(e === 'pagefind' || l.fetchedBytesTotal || l.warmupFetchedBytes)) continue;
    const warm = l.warmupFetchedBytes != null ? `its ${l.warmup} warm-up queries fetched ${bytes(l.warmupFetchedBytes)} in ${l.warmupFetchedRequests} requests, then ` : '';
    const req = l.fetchedRequestsTotal != null ? ` in ${l.fetchedRequestsTotal} requests` : '';
    const max = l.fetchedBytes && l.queriesFetching ? `, the most by one query ${bytes(l.fetchedBytes.max)}` : '';
    const session = data.results[e][c].payload.total.raw + (l.warmupFetchedBytes || 0) + l.fetchedBytesTotal;
    parts.push(`${e}: after its first-query payload (${bytes(data.results[e][c].payload.total.raw)}), ${warm}the ${l.n} timed queries fetched ${bytes(l.fetchedBytesTotal)}${req} (${l.queriesFetching} of them fetched anything${max}); ${bytes(session)} in all for the session. It keeps what it fetched in memory, so later queries fetch less (the timed queries begin with the warm-up ones again).`);
  }
  return parts.join(' ');
}

function corpusSection(data, c) {
  const info = data.corpora[c];
  const lines = [`### ${c} (${info.docs.toLocaleString('en')} documents, ${info.queries} queries; raw text ${kib(info.rawText.raw)}, brotli ${kib(info.rawText.brotli)})`, ''];
  const engines = engineOrder(data).filter((e) => data.results[e]?.[c]);
  lines.push('Payload before the first result (library + index, and for Pagefind every chunk and fragment its first query fetched):', '');
  lines.push(table(['engine', 'library raw', 'index raw', 'total raw', 'total gzip', 'total brotli'], engines.map((e) => {
    const p = data.results[e][c].payload;
    return [e, kib(p.library.raw), kib(p.index.raw), kib(p.total.raw), kib(p.total.gzip), kib(p.total.brotli)];
  })));
  lines.push('', 'Time, memory and build:', '');
  lines.push(table(['engine', 'cold start median (ms)', 'query p50', 'p95', 'p99 (ms)', 'bytes fetched / query: mean (p50, p95)', 'JS heap', 'wasm memory', 'build'], engines.map((e) => {
    const r = data.results[e][c];
    return [e, ms(r.coldStart.median), ms(r.latency.p50), ms(r.latency.p95), ms(r.latency.p99), fetchedPerQuery(r.latency), kib(r.memory.jsHeapUsed), kib(r.memory.wasmMemory), sec(r.build.ms)];
  })));
  lines.push(...breakdownSection(data, c, engines));
  const note = fetchedNote(data, c, engines);
  if (note) lines.push('', note);
  const threw = engines.filter((e) => data.results[e][c].latency.errors || data.results[e][c].typing?.errors);
  if (threw.length) {
    lines.push('', `Queries that threw (counted as returning nothing): ${threw.map((e) => {
      const r = data.results[e][c];
      return `${e} ${r.latency.errors || 0} of ${r.latency.n}${r.typing?.errors ? ` and ${r.typing.errors} prefixes` : ''} (first: \`${String(r.latency.firstError || r.typing?.firstError).slice(0, 80)}\`)`;
    }).join('; ')}.`);
  }
  if (engines.some((e) => data.results[e][c].typing)) {
    lines.push('', 'As-you-type (every prefix of every query, one call per keystroke):', '');
    lines.push(table(['engine', 'p50 (ms)', 'p95', 'p99', 'prefixes run', 'bytes fetched'], engines.map((e) => {
      const t = data.results[e][c].typing;
      return t ? [e, ms(t.p50), ms(t.p95), ms(t.p99), `${t.done} / ${t.planned}`, bytes(t.fetchedBytesTotal)] : [e, '–', '–', '–', '–', '–'];
    })));
  }
  if (engines.some((e) => data.results[e][c].relevance)) {
    const kinds = [...new Set(engines.flatMap((e) => Object.keys(data.results[e][c].relevance?.byKind || {})))];
    lines.push('', 'Relevance (top 10 of the same calls as the latency run; one scorer for all):', '');
    lines.push(table(['engine', 'nDCG@10', 'MRR@10', ...kinds.map((k) => `MRR@10 ${k}`)], engines.map((e) => {
      const r = data.results[e][c].relevance;
      return [e, num(r?.ndcg10), num(r?.mrr10), ...kinds.map((k) => num(r?.byKind?.[k]?.mrr10))];
    })));
  }
  return lines.join('\n');
}

/** Horizontal bar chart (log scale): cold start and query p50 per engine, one panel per corpus. */
export function chartSvg(data) {
  const corpora = Object.keys(data.corpora);
  const engines = engineOrder(data);
  const metrics = [['cold start median', (r) => r.coldStart?.median, '#4e79a7'], ['query p50', (r) => r.latency?.p50, '#f28e2b'], ['query p95', (r) => r.latency?.p95, '#e15759']];
  const rowH = 9 * metrics.length + 6;
  const panelW = 300;
  const labelW = 90;
  const top = 40;
  const height = top + engines.length * rowH + 40;
  const width = labelW + corpora.length * (panelW + 20) + 10;
  const values = corpora.flatMap((c) => engines.flatMap((e) => metrics.map(([, f]) => (data.results[e]?.[c] ? f(data.results[e][c]) : null)))).filter((v) => v > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...values, 1))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...values, 10))));
  const x = (v) => (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * panelW;
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="10">`, `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="4" y="14" font-size="12" font-weight="bold">Milliseconds, log scale (lower is better); headless Chromium, ${data.machine.cpus} cores</text>`];
  metrics.forEach(([name, , color], i) => parts.push(`<rect x="${4 + i * 130}" y="${height - 16}" width="10" height="8" fill="${color}"/><text x="${18 + i * 130}" y="${height - 9}">${name}</text>`));
  corpora.forEach((c, ci) => {
    const ox = labelW + ci * (panelW + 20);
    parts.push(`<text x="${ox}" y="${top - 8}" font-weight="bold">${esc(c)}</text>`);
    for (let d = lo; d <= hi; d *= 10) {
      const gx = ox + x(d);
      parts.push(`<line x1="${gx}" y1="${top}" x2="${gx}" y2="${top + engines.length * rowH}" stroke="#ddd"/><text x="${gx}" y="${top + engines.length * rowH + 10}" text-anchor="middle" fill="#666">${d >= 1 ? d : d.toPrecision(1)}</text>`);
    }
    engines.forEach((e, ei) => {
      const r = data.results[e]?.[c];
      const y = top + ei * rowH;
      if (ci === 0) parts.push(`<text x="${labelW - 4}" y="${y + rowH / 2 + 3}" text-anchor="end"${e === US ? ' font-weight="bold"' : ''}>${esc(e)}</text>`);
      if (!r) return;
      metrics.forEach(([, f, color], mi) => {
        const v = f(r);
        if (v == null) return;
        parts.push(`<rect x="${ox}" y="${y + 3 + mi * 9}" width="${Math.max(1, x(v)).toFixed(1)}" height="8" fill="${color}"><title>${esc(e)} ${esc(c)}: ${v.toFixed(3)} ms</title></rect>`);
      });
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export function writeReport(data, outDir) {
  writeFileSync(path.join(outDir, 'chart.svg'), chartSvg(data));
  const analysisFile = path.join(BENCH, 'ANALYSIS.md');
  const analysis = existsSync(analysisFile) ? readFileSync(analysisFile, 'utf8').trim() : '';
  const engines = engineOrder(data);
  const resourceTimingOnly = engines.filter((e) => Object.values(data.results[e] || {}).some((r) => !r.latency.fetchedCountedBy));
  const md = [
    '# bakedsearch benchmark report',
    '',
    `Generated by \`npm run ${data.mode === 'smoke' ? 'bench:smoke' : 'bench'}\` in bench/ on ${data.generated.slice(0, 10)} (${data.mode} run, ${Math.round(data.durationSeconds / 60)} min). ` +
      `Headless Chromium ${data.machine.chromium || '?'} driven by playwright-core, Node ${data.machine.node}, ${data.machine.cpus} cores (${data.machine.cpuModel || '?'}), ${data.machine.memoryGiB} GiB, shared with other work: treat small differences as noise. ` +
      'Every figure is in results.json, keyed by engine and corpus. What each figure means: README.md.',
    '',
    '![cold start and query latency per engine and corpus](chart.svg)',
    '',
    '## Goals',
    '',
    goals(data),
    '',
    ...splitGoalsSection(data, table),
    analysis,
    '',
    '## Results by corpus',
    '',
    ...Object.keys(data.corpora).map((c) => `${corpusSection(data, c)}\n`),
    '## Engines and configuration',
    '',
    ...engines.map((e) => `- **${e} ${data.engines[e].version}**\n${data.engines[e].config.map((l) => `  - ${l}`).join('\n')}`),
    ...(Object.keys(data.skipped).length ? ['', 'Skipped: ' + Object.entries(data.skipped).map(([e, r]) => `${e} (${r})`).join('; ')] : []),
    '',
    '## Method',
    '',
    `- Pages are served by a small Node static server on 127.0.0.1 (uncompressed; sizes are reported raw, gzip -9 and brotli 11 — brotli 9 for files over 16 MiB — by Node's zlib).`,
    `- Cold start: navigation start → the frame after the first query's results are in the DOM, median of ${data.options.coldRuns} loads, each in a fresh browser context (empty HTTP and code caches).`,
    `- Query latency: from the JS call to a JS array of the top 10 \`{ id, title }\`, per query, in the page that loaded last; the first ${data.options.warmupQueries} queries are run once before timing (warm-up, not counted). The same calls give the top 10 for relevance.`,
    '- Bytes fetched per query: the server keeps running totals of what it sent (requests and body bytes); the page reads them after each timed query, outside the timed call, so fetches from the page and from Web Workers alike count (Pagefind searches in a worker, whose fetches the page\'s resource timing never sees). The server does not compress; Pagefind\'s index chunks and fragments are gzip files it inflates itself, so its figures are compressed bytes already.' +
      (resourceTimingOnly.length ? ` ${resourceTimingOnly.join(', ')} were measured before this count, from the page's resource timing, which sees every fetch of an engine that does not fetch from a worker.` : ''),
    `- As-you-type: every prefix of every MDN dev query, one call each, after the latency run (${Math.round(data.options.typingBudgetMs / 1000)} s budget per engine; the table says how many ran).`,
    '- Memory: JS heap used after a forced GC (CDP `Runtime.getHeapUsage`) plus the byte length of every WebAssembly memory the page instantiated, after the first result. Only the page is measured: Pagefind runs its wasm and keeps its loaded chunks in a Web Worker, so its figures leave those out (its wasm memory reads 0) and are lower than what it really uses.',
    '- Relevance: nDCG@10 (SciFact train, CACM, MED and NPL qrels, binary) and MRR@10 (MDN dev qrels, also by query kind), computed by bench/lib/stats.mjs for every engine.',
    '- Build: wall time of each engine\'s own index build, one at a time (see each engine\'s note in results.json).',
    ...(data.errors.length ? ['', '## Errors', '', ...data.errors.map((e) => `- ${e.split('\n')[0]}`)] : []),
    '',
  ].join('\n');
  writeFileSync(path.join(outDir, 'REPORT.md'), md);
}
