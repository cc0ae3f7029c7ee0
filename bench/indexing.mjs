#!/usr/bin/env node
// Indexing time beside Pagefind: `npx bakedsearch` (from the packed npm tarball, installed
// into an empty folder, so nothing of this checkout but the package is used) and the
// `pagefind` CLI (bench/node_modules) index the same HTML pages; wall time and the peak
// resident memory of the command (GNU time's %M, which covers the npx process tree's
// largest process), median of the runs.
//
//   node indexing.mjs            seeds, the generated 1,400-page site, MDN (14,076 pages): 3 runs each
//   node indexing.mjs --smoke    seeds and a 200-page generated site, 1 run (CI: never judges timings)
//
// The tarball: $BAKEDSEARCH_TARBALL, else `npm pack` in npm/ (builds the package: a minute or
// more). Writes INDEXING.md and indexing.json (full: bench/; smoke: .work/smoke/).
// Goals (issue: the CLI): seeds ≤ 0.5 s and a 1,400-page site ≤ 2 s wall through npx
// bakedsearch; MDN ≤ Pagefind and ≤ 2 GiB peak memory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSite } from '../tests/package/site.mjs';
import { loadCorpus } from './lib/corpora.mjs';
import { BENCH, NODE_BIN, REPO_ROOT, WORK } from './lib/paths.mjs';

const smoke = process.argv.includes('--smoke');
const runs = smoke ? 1 : 3;
const dir = path.join(WORK, 'indexing');
const out = smoke ? path.join(WORK, 'smoke') : BENCH;
const TIME = '/usr/bin/time';

function log(msg) {
  console.log(`[indexing] ${msg}`);
}

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One HTML page per document (pretty URLs), the way the bench renders corpora for Pagefind. */
function renderSite(corpus, root) {
  rmSync(root, { recursive: true, force: true });
  corpus.docs.forEach((d, i) => {
    const page = path.join(root, 'docs', String(i));
    mkdirSync(page, { recursive: true });
    const paragraphs = d.text.split(/\n+/).filter((p) => p.trim()).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
    writeFileSync(path.join(page, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(d.title || d.id)}</title></head>
<body><main>
<h1>${escapeHtml(d.title || d.id)}</h1>
${paragraphs}
</main></body></html>
`);
  });
}

function tarball() {
  if (process.env.BAKEDSEARCH_TARBALL) return path.resolve(process.env.BAKEDSEARCH_TARBALL);
  mkdirSync(dir, { recursive: true });
  log('npm pack in npm/ (builds the package)');
  // Not `--json`: the prepack script's build log shares npm's standard output, so that output
  // is no JSON. An unscoped package packs to name-version.tgz.
  const { name, version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'npm', 'package.json'), 'utf8'));
  const file = path.join(dir, `${name}-${version}.tgz`);
  rmSync(file, { force: true });
  const r = spawnSync('npm', ['pack', '--pack-destination', dir], { cwd: path.join(REPO_ROOT, 'npm'), stdio: ['ignore', process.stderr, 'inherit'] });
  if (r.status !== 0 || !existsSync(file)) throw new Error(`npm pack failed (no ${file})`);
  return file;
}

function install(tgz) {
  const app = path.join(dir, 'app');
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  writeFileSync(path.join(app, 'package.json'), '{ "name": "bench-site", "private": true }\n');
  const r = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tgz], { cwd: app, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm install ${tgz} failed:\n${r.stderr}`);
  return app;
}

/** Runs `cmd args` under GNU time: { seconds, maxRssBytes, log }. */
function timed(cmd, args, cwd) {
  const hasTime = existsSync(TIME);
  const started = performance.now();
  const r = hasTime
    ? spawnSync(TIME, ['-f', '%e %M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}:\n${(r.stdout + r.stderr).slice(-2000)}`);
  let maxRssBytes = null;
  if (hasTime) {
    const last = r.stderr.trim().split('\n').pop();
    const m = last.match(/^([\d.]+) (\d+)$/);
    if (m) maxRssBytes = Number(m[2]) * 1024;
  }
  return { seconds, maxRssBytes, log: `${r.stdout}${r.stderr}` };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(label, fn) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(fn());
  const result = { seconds: median(all.map((r) => r.seconds)), maxRssBytes: Math.max(...all.map((r) => r.maxRssBytes || 0)) || null, runs: all.map((r) => r.seconds) };
  log(`${label}: ${result.seconds.toFixed(2)} s${result.maxRssBytes ? `, peak ${(result.maxRssBytes / 2 ** 20).toFixed(0)} MiB` : ''} (runs ${result.runs.map((s) => s.toFixed(2)).join(', ')})`);
  return result;
}

async function main() {
  const loadBefore = os.loadavg()[0];
  mkdirSync(dir, { recursive: true });
  const app = install(tarball());
  const npx = 'npx';
  const pagefind = path.join(NODE_BIN, 'pagefind');
  const sites = [];

  // seeds: the Markdown corpus through --corpus (what the goal names), and as HTML pages for both.
  const seeds = await loadCorpus('seeds');
  const seedsSite = path.join(dir, 'sites', 'seeds');
  renderSite(seeds, seedsSite);
  sites.push({ name: 'seeds', pages: seeds.docs.length, site: seedsSite, corpus: path.join(REPO_ROOT, 'seeds') });

  const generated = path.join(dir, 'sites', smoke ? 'generated-200' : 'generated-1400');
  rmSync(generated, { recursive: true, force: true });
  const { pages } = generateSite(generated, smoke ? 196 : 1390);
  sites.push({ name: `generated site (${pages} pages)`, pages, site: generated });

  if (!smoke) {
    const mdn = await loadCorpus('mdn');
    const mdnSite = path.join(dir, 'sites', 'mdn');
    renderSite(mdn, mdnSite);
    sites.push({ name: 'MDN (HTML pages)', pages: mdn.docs.length, site: mdnSite });
  }

  const rows = [];
  for (const s of sites) {
    const row = { name: s.name, pages: s.pages };
    if (s.corpus) row.bakedsearchCorpus = measure(`${s.name}: npx bakedsearch --corpus`, () => timed(npx, ['bakedsearch', '--corpus', s.corpus, '--output-path', path.join(dir, 'out', 'seeds-corpus')], app));
    row.bakedsearch = measure(`${s.name}: npx bakedsearch --site`, () => timed(npx, ['bakedsearch', '--site', s.site], app));
    row.wasmBytes = readFileSync(path.join(s.site, 'bakedsearch', 'bakedsearch_bg.wasm')).length;
    // Pagefind would index our output folder's files only if they were HTML; they are not.
    row.pagefind = existsSync(pagefind)
      ? measure(`${s.name}: pagefind --site`, () => timed(pagefind, ['--site', s.site, '--output-subdir', '_pagefind', '--quiet'], app))
      : null;
    rows.push(row);
  }
  // A sanity check of what was written (the bench never judges timings).
  for (const s of sites) {
    const files = readdirSync(path.join(s.site, 'bakedsearch')).sort();
    if (!files.includes('bakedsearch_bg.wasm') || !files.includes('bakedsearch.js')) throw new Error(`${s.site}/bakedsearch/ is incomplete: ${files}`);
  }

  const mib = (b) => (b ? `${(b / 2 ** 20).toFixed(0)} MiB` : '—');
  const secs = (r) => (r ? `${r.seconds.toFixed(2)} s` : '—');
  const lines = [
    '# Indexing time: npx bakedsearch beside Pagefind',
    '',
    `Generated by \`node bench/indexing.mjs${smoke ? ' --smoke' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores (${os.cpus()[0]?.model || 'unknown'}), Node ${process.version}, load average ${loadBefore.toFixed(1)} at the start and ${os.loadavg()[0].toFixed(1)} at the end (other work shares the machine: compare the two tools within one run), ${runs} run(s) each, median wall time; peak memory is GNU time's maximum resident set size of the command.`,
    '`npx bakedsearch` runs from the packed npm tarball installed into an empty folder (the indexer is wasm32-wasip1 under Node\'s WASI); `pagefind` is the npm package\'s native binary. Both index the same HTML pages.',
    '',
    '| site | pages | npx bakedsearch | peak | pagefind | peak | bakedsearch .wasm |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.name} | ${r.pages} | ${secs(r.bakedsearch)} | ${mib(r.bakedsearch.maxRssBytes)} | ${secs(r.pagefind)} | ${mib(r.pagefind?.maxRssBytes)} | ${(r.wasmBytes / 1024).toFixed(0)} KiB |`),
    ...rows.filter((r) => r.bakedsearchCorpus).map((r) => `\n${r.name} as the Markdown corpus (\`npx bakedsearch --corpus seeds\`): ${secs(r.bakedsearchCorpus)}, peak ${mib(r.bakedsearchCorpus.maxRssBytes)}.`),
    '',
  ];
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'INDEXING.md'), `${lines.join('\n')}\n`);
  writeFileSync(path.join(out, 'indexing.json'), `${JSON.stringify({ generated: new Date().toISOString(), mode: smoke ? 'smoke' : 'full', runs, loadAverage: [loadBefore, os.loadavg()[0]], rows }, null, 1)}\n`);
  log(`wrote ${path.relative(process.cwd(), path.join(out, 'INDEXING.md'))}`);
}

main().catch((err) => {
  console.error(`[indexing] ${err.stack || err}`);
  process.exit(1);
});
