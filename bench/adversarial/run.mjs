#!/usr/bin/env node
// The worst queries we could construct, timed in headless Chromium against a built widget
// (by default www/dist-mdn/, which `npm --prefix www run build:mdn` writes). Each query runs
// `searchDetailed` with snippets on the main thread, 5 times; the median and the maximum
// are printed. Timings are printed, never asserted. Usage: node bench/adversarial/run.mjs [DIST_DIR]
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { adversarialQueries } from './queries.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.resolve(process.argv[2] || path.join(root, 'www/dist-mdn'));
if (!existsSync(path.join(dist, 'bakedsearch.js'))) {
  console.error(`adversarial: no widget build in ${dist}; run \`npm --prefix www run build:mdn\` first`);
  process.exit(1);
}
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const server = createServer((req, res) => {
  const name = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (name === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<!doctype html><title>adversarial</title>');
  }
  const file = path.join(dist, path.normalize(name).replace(/^(\.\.[/\\])+/, ''));
  if (!file.startsWith(dist) || !existsSync(file)) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  const load = await page.evaluate(async () => {
    const t0 = performance.now();
    const mod = await import('/bakedsearch.js');
    await mod.default();
    window.__bs = mod;
    return { ms: performance.now() - t0, info: mod.indexInfo() };
  });
  console.log(`${load.info.documents} documents, ${load.info.terms} terms; loaded in ${load.ms.toFixed(0)} ms`);
  console.log(`${'query'.padEnd(34)} ${'bytes'.padStart(6)} ${'p50 ms'.padStart(9)} ${'max ms'.padStart(9)} ${'total'.padStart(7)}`);
  let worst = { ms: 0 };
  for (const { name, text } of adversarialQueries()) {
    const r = await page.evaluate((q) => {
      const times = [];
      let total = 0;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        total = window.__bs.searchDetailed(q, { limit: 10 }).total;
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { p50: times[2], max: times[4], total };
    }, text);
    if (r.max > worst.ms) worst = { ms: r.max, name };
    console.log(`${name.padEnd(34)} ${String(new TextEncoder().encode(text).length).padStart(6)} ${r.p50.toFixed(1).padStart(9)} ${r.max.toFixed(1).padStart(9)} ${String(r.total).padStart(7)}`);
  }
  console.log(`worst: ${worst.ms.toFixed(1)} ms (${worst.name})`);
} finally {
  await browser.close();
  server.close();
}
