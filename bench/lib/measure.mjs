// Drives headless Chromium over one engine × corpus page: cold starts, payload, memory,
// query latency (with the top-10 ids for relevance) and as-you-type latency.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BENCH } from './paths.mjs';
import { compressedSizes, latencySummary, median, percentile } from './stats.mjs';
import { breakdownMedians, coldPhases, readColdTimings } from './cold-breakdown.mjs';

export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

export function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  // Playwright cannot download a browser here, and its own message names none of the fixes.
  if (!existsSync(executablePath)) {
    throw new Error(
      `bench: no Chromium at ${executablePath}: install Debian's (apt-get install -y chromium), ` +
        'run bash scripts/setup.sh from the repository root, or set CHROMIUM_PATH to a Chromium binary',
    );
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

const INIT_SCRIPT = path.join(BENCH, 'pages', 'init-script.js');

/** Library code vs index data, by file name (Pagefind's own names; the others' build lists). */
function classify(file, build) {
  const base = path.basename(file);
  if (build.library.includes(base)) return 'library';
  if (build.index.includes(base)) return 'index';
  return /\.js$/.test(base) || /^wasm\./.test(base) ? 'library' : 'index';
}

function sumSizes(files) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) for (const k of Object.keys(total)) total[k] += f[k];
  return total;
}

async function freshPage(browser) {
  const context = await browser.newContext();
  await context.addInitScript({ path: INIT_SCRIPT });
  const page = await context.newPage();
  return { context, page };
}

async function waitForFirstResult(page, timeoutMs) {
  await page.waitForFunction(() => window.__bench, null, { timeout: timeoutMs, polling: 100 });
  const bench = await page.evaluate(() => window.__bench);
  if (!bench.ok) throw new Error(`page failed: ${bench.error}`);
  if (!bench.firstResults) throw new Error('the first query returned no results');
  return bench;
}

/**
 * Measures one engine on one corpus. `build` is what the engine's build returned.
 * opts: { coldRuns, loadTimeoutMs, warmupQueries, typingBudgetMs, log }
 */
export async function measure({ browser, server, engine, corpus, build, opts }) {
  const pagePath = `/site/${engine}/${corpus.name}/`;
  const url = `${server.url}${pagePath}`;
  const cold = [];
  const phases = [];
  let payload = null;
  let session = null;
  for (let i = 0; i < opts.coldRuns; i++) {
    const { context, page } = await freshPage(browser);
    server.log.length = 0;
    await page.goto(url, { waitUntil: 'commit' });
    const bench = await waitForFirstResult(page, opts.loadTimeoutMs);
    cold.push(bench.firstResultMs);
    phases.push(coldPhases(await readColdTimings(page)));
    if (i === 0) {
      // Everything the engine fetched before its first result: library + index (+ Pagefind's chunks).
      const seen = new Map();
      for (const e of server.log) {
        if (!e.path.startsWith(pagePath) || e.file.endsWith('index.html') || seen.has(e.path)) continue;
        const sizes = compressedSizes(readFileSync(e.file), `${e.file}:${e.bytes}`);
        seen.set(e.path, { path: e.path.slice(pagePath.length), kind: classify(e.file, build), ...sizes });
      }
      const files = [...seen.values()];
      payload = {
        files,
        total: sumSizes(files),
        library: sumSizes(files.filter((f) => f.kind === 'library')),
        index: sumSizes(files.filter((f) => f.kind === 'index')),
      };
    }
    if (i === opts.coldRuns - 1) session = { context, page };
    else await context.close();
  }

  // The last cold-start page goes on as the warm session: memory, then queries.
  const { context, page } = session;
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasmBytes = await page.evaluate(() => window.__wasmMemoryBytes());
  const memory = { jsHeapUsed: heap.usedSize, wasmMemory: wasmBytes, total: heap.usedSize + wasmBytes };

  const texts = corpus.queries.map((q) => q.text);
  opts.log(`    ${texts.length} queries`);
  const run = await page.evaluate(([queries, warmup]) => window.__benchRun(queries, { warmup }), [texts, texts.slice(0, opts.warmupQueries)]);
  const latency = {
    ...latencySummary(run.times),
    warmup: Math.min(opts.warmupQueries, texts.length),
    // Counted by the server (page and workers alike), body bytes as sent: uncompressed.
    fetchedBytesTotal: run.total.bytes,
    fetchedBytesPerQuery: run.bytes.length ? run.total.bytes / run.bytes.length : 0,
    fetchedBytes: { p50: percentile(run.bytes, 50), p95: percentile(run.bytes, 95), max: run.bytes.length ? Math.max(...run.bytes) : null },
    fetchedRequestsTotal: run.total.requests,
    fetchedRequests: { p50: percentile(run.requests, 50), p95: percentile(run.requests, 95) },
    warmupFetchedBytes: run.warmupFetched.bytes,
    warmupFetchedRequests: run.warmupFetched.requests,
    fetchedCountedBy: 'server',
    queriesFetching: run.bytes.filter((b) => b > 0).length,
    errors: run.errors,
    firstError: run.firstError,
  };

  let typing = null;
  if (corpus.name === 'mdn' || opts.typingAllCorpora) {
    const prefixes = [];
    for (const q of texts) for (let k = 1; k <= q.length; k++) prefixes.push(q.slice(0, k));
    opts.log(`    ${prefixes.length} as-you-type prefixes (budget ${Math.round(opts.typingBudgetMs / 1000)} s)`);
    const t = await page.evaluate(([queries, budgetMs]) => window.__benchRun(queries, { budgetMs, keepIds: false, bytesPerQuery: false }), [prefixes, opts.typingBudgetMs]);
    typing = { ...latencySummary(t.times), planned: prefixes.length, done: t.done, fetchedBytesTotal: t.total.bytes, fetchedRequestsTotal: t.total.requests, errors: t.errors, firstError: t.firstError };
  }
  await context.close();

  return {
    payload,
    coldStart: { runs: cold, median: median(cold), breakdown: breakdownMedians(phases) },
    memory,
    latency,
    typing,
    ids: run.ids,
  };
}
