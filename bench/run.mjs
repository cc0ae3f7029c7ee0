#!/usr/bin/env node
// The benchmark: builds every engine's index for every corpus, measures them in headless
// Chromium, scores relevance with one scorer and writes REPORT.md + results.json.
//
//   npm run bench                 full run: seeds, SciFact, MDN, CACM, MED, NPL; installs tinysearch if missing
//   npm run bench:smoke           seeds only, quick engines; writes .work/smoke/; exits non-zero
//                                 if the harness breaks (never judges timings)
// Options: --engines a,b   --corpora a,b   --out DIR   --cold-runs N   --no-build (reuse .work/site)
//          --merge (replace only the measured engine × corpus entries of an existing results.json)
// See README.md for what each figure means.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CORPUS_NAMES, loadCorpus, rawText } from './lib/corpora.mjs';
import { ENGINES, ENGINE_NAMES, bakedsearchSections, bakedsearchStore } from './lib/engines.mjs';
import { launchBrowser, measure } from './lib/measure.mjs';
import { BENCH, SITE, WORK } from './lib/paths.mjs';
import { writeReport } from './lib/report.mjs';
import { breakdownLine } from './lib/cold-breakdown.mjs';
import { serve } from './lib/server.mjs';
import { compressedSizes, scoreRun } from './lib/stats.mjs';

function parseArgs(argv) {
  const args = { smoke: false, build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i];
    if (a === '--smoke') args.smoke = true;
    else if (a === '--no-build') args.build = false;
    else if (a === '--merge') args.merge = true;
    else if (a === '--engines') args.engines = value().split(',');
    else if (a === '--corpora') args.corpora = value().split(',');
    else if (a === '--out') args.out = path.resolve(value());
    else if (a === '--cold-runs') args.coldRuns = Number(value());
    else throw new Error(`unknown argument ${a}`);
  }
  args.engines ||= ENGINE_NAMES;
  args.corpora ||= args.smoke ? ['seeds'] : CORPUS_NAMES;
  args.out ||= args.smoke ? path.join(WORK, 'smoke') : BENCH;
  for (const e of args.engines) if (!ENGINES[e]) throw new Error(`unknown engine ${e} (known: ${ENGINE_NAMES.join(', ')})`);
  return args;
}

const started = performance.now();
function log(msg) {
  const s = ((performance.now() - started) / 1000).toFixed(0).padStart(5);
  console.log(`[${s}s] ${msg}`);
}

function writePage(engine, corpus) {
  const base = `/site/${engine}/${corpus.name}/`;
  writeFileSync(path.join(SITE, engine, corpus.name, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${engine} on ${corpus.name}</title></head>
<body><ol id="results"></ol>
<script type="module">
import { start } from '/_harness/harness.js';
import * as adapter from '/_harness/adapters/${engine}.js';
start(adapter, ${JSON.stringify({ base, firstQuery: corpus.firstQuery })});
</script>
</body></html>
`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const opts = {
    coldRuns: args.coldRuns || 5,
    loadTimeoutMs: 180_000,
    warmupQueries: 20,
    typingBudgetMs: args.smoke ? 5_000 : 60_000,
    typingAllCorpora: args.smoke,
    log,
  };
  const errors = [];

  // 1. Install what each engine needs (idempotent).
  const engines = [];
  const skipped = {};
  for (const name of args.engines) {
    try {
      const r = ENGINES[name].install({ allowSlowInstall: !args.smoke });
      if (r.ok) engines.push(name);
      else {
        skipped[name] = r.reason;
        log(`skipped ${name}: ${r.reason}`);
      }
    } catch (err) {
      errors.push(`${name}: install: ${err.message}`);
      log(`ERROR ${name} install: ${err.message}`);
    }
  }

  const results = {};
  const corpora = {};
  const builds = {};
  for (const corpusName of args.corpora) {
    log(`corpus ${corpusName}: loading`);
    const corpus = await loadCorpus(corpusName);
    const text = Buffer.from(rawText(corpus));
    corpora[corpusName] = { docs: corpus.docs.length, queries: corpus.queries.length, firstQuery: corpus.firstQuery, rawText: compressedSizes(text) };

    // 2. Build each engine's index (one at a time: builds are timed).
    for (const engine of engines) {
      if (!args.build) {
        builds[`${engine}/${corpusName}`] = JSON.parse(readFileSync(path.join(SITE, engine, corpusName, 'build.json'), 'utf8'));
        continue;
      }
      log(`build ${engine} / ${corpusName}`);
      try {
        const build = await ENGINES[engine].build(corpus);
        writeFileSync(path.join(SITE, engine, corpusName, 'build.json'), JSON.stringify(build));
        builds[`${engine}/${corpusName}`] = build;
        log(`  built in ${(build.buildMs / 1000).toFixed(1)} s`);
      } catch (err) {
        errors.push(`${engine}/${corpusName}: build: ${err.message}`);
        log(`ERROR build ${engine} / ${corpusName}: ${err.message}`);
      }
    }

    // 3. Measure in Chromium.
    const server = await serve({ '/site/': SITE, '/_harness/': path.join(BENCH, 'pages') });
    const browser = await launchBrowser();
    try {
      for (const engine of engines) {
        const build = builds[`${engine}/${corpusName}`];
        if (!build) continue;
        writePage(engine, corpus);
        log(`measure ${engine} / ${corpusName}`);
        try {
          const m = await measure({ browser, server, engine, corpus, build, opts });
          const record = {
            build: { ms: build.buildMs, note: build.buildNote },
            payload: m.payload,
            coldStart: m.coldStart,
            memory: m.memory,
            latency: m.latency,
            typing: m.typing,
            relevance: corpus.qrels ? scoreRun(corpus.queries, m.ids, corpus.qrels) : null,
          };
          if (engine === 'bakedsearch') {
            const wasm = readFileSync(path.join(SITE, engine, corpusName, 'bakedsearch_bg.wasm'));
            // The image build.rs embedded (kept by the build step); the .wasm as a fallback.
            const imagePath = path.join(WORK, 'bakedsearch', corpusName, 'index.bin');
            const imageBytes = existsSync(imagePath) ? readFileSync(imagePath) : wasm;
            const store = bakedsearchStore(imageBytes);
            const image = bakedsearchSections(imageBytes);
            record.image = { ...image, wasmBytes: wasm.length, store: compressedSizes(store), withoutStoreBytes: wasm.length - store.length };
          }
          (results[engine] ||= {})[corpusName] = record;
          log(`  cold ${m.coldStart.median.toFixed(0)} ms, p50 ${m.latency.p50.toFixed(3)} ms, payload ${(m.payload.total.raw / 1024).toFixed(0)} KiB` +
            (record.relevance ? `, nDCG@10 ${record.relevance.ndcg10.toFixed(3)}, MRR@10 ${record.relevance.mrr10.toFixed(3)}` : ''));
          log(`  cold start: ${breakdownLine(m.coldStart.breakdown)}`);
        } catch (err) {
          errors.push(`${engine}/${corpusName}: measure: ${err.message}`);
          log(`ERROR measure ${engine} / ${corpusName}: ${err.message}`);
        }
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }

  const data = {
    generated: new Date().toISOString(),
    mode: args.smoke ? 'smoke' : 'full',
    durationSeconds: Math.round((performance.now() - started) / 1000),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, chromium: await chromiumVersion() },
    options: { coldRuns: opts.coldRuns, warmupQueries: opts.warmupQueries, typingBudgetMs: opts.typingBudgetMs },
    engines: Object.fromEntries(engines.map((e) => [e, { version: ENGINES[e].version(), config: ENGINES[e].config }])),
    skipped,
    corpora,
    results,
    errors,
  };
  mkdirSync(args.out, { recursive: true });
  if (args.merge) mergeInto(data, path.join(args.out, 'results.json'));
  writeFileSync(path.join(args.out, 'results.json'), `${JSON.stringify(data, null, 1)}\n`);
  writeReport(data, args.out);
  log(`wrote ${path.relative(process.cwd(), path.join(args.out, 'REPORT.md'))} and results.json`);
  if (errors.length) {
    console.error(`\n${errors.length} error(s):\n${errors.join('\n')}`);
    process.exit(1);
  }
}

/** Keeps an earlier run's entries that this run did not measure (for re-measuring a few). */
function mergeInto(data, file) {
  let old;
  try {
    old = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return;
  }
  const fresh = new Set(Object.entries(data.results).flatMap(([e, byCorpus]) => Object.keys(byCorpus).map((c) => `${e}/${c}`)));
  for (const [e, byCorpus] of Object.entries(old.results)) {
    for (const [c, r] of Object.entries(byCorpus)) if (!fresh.has(`${e}/${c}`)) (data.results[e] ||= {})[c] = r;
  }
  data.engines = { ...old.engines, ...data.engines };
  data.corpora = { ...old.corpora, ...data.corpora };
  data.errors = [...old.errors.filter((err) => !fresh.has(err.split(':')[0])), ...data.errors];
  data.durationSeconds = old.durationSeconds;
  data.merged = [...(old.merged || []), { generated: data.generated, measured: [...fresh] }];
  data.generated = old.generated;
  // Keep the engine order of the full run (in results too, so a merge does not reorder the file).
  const order = Object.keys(old.engines);
  data.engines = Object.fromEntries([...order, ...Object.keys(data.engines).filter((e) => !order.includes(e))].map((e) => [e, data.engines[e]]));
  data.results = Object.fromEntries(Object.keys(data.engines).filter((e) => data.results[e]).map((e) => [e, data.results[e]]));
}

async function chromiumVersion() {
  try {
    const b = await launchBrowser();
    const v = b.version();
    await b.close();
    return v;
  } catch {
    return null;
  }
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
