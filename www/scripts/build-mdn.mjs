#!/usr/bin/env node
// Builds the widget over a large corpus, the MDN docs, into www/dist-mdn/ (gitignored), to show
// (and test: tests/e2e/worker-mdn.test.mjs) searching in a Web Worker. www/dist/ is left alone.
// `--layout split` builds the split layout (the engine in the .wasm, the rest in shards/)
// into www/dist-mdn-split/ instead (tests/e2e/split-mdn.test.mjs).
//
//   npm run build:mdn                     the corpus at ../shared/corpora/mdn/docs.jsonl.gz,
//                                         relative to the repository root
//   npm run build:mdn -- --layout split   www/dist-mdn-split/
//   MDN_CORPUS=path/to/docs.jsonl[.gz] npm run build:mdn
//
// The index is about 60 MB; the build takes a few minutes. It shares cargo's target/ with the
// main build, so the next `npm run build` recompiles the crate over seeds/ again.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const www = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(www, '..');

/** Where the MDN corpus is expected (MDN_CORPUS overrides). */
export function mdnCorpus() {
  return path.resolve(repoRoot, process.env.MDN_CORPUS || path.join('..', 'shared', 'corpora', 'mdn', 'docs.jsonl.gz'));
}

export const mdnDist = path.join(www, 'dist-mdn');
export const mdnSplitDist = path.join(www, 'dist-mdn-split');

/**
 * Builds www/dist-mdn/ (`layout` "split": www/dist-mdn-split/, the layout forced); with
 * `ifChanged`, only what the corpus, the Rust sources or the widget changed since the last
 * build there (build.mjs --if-changed). Throws on failure.
 */
export function buildMdn({ ifChanged = false, layout = null } = {}) {
  const corpus = mdnCorpus();
  if (!existsSync(corpus)) throw new Error(`no MDN corpus at ${corpus} (set MDN_CORPUS)`);
  const out = layout === 'split' ? mdnSplitDist : mdnDist;
  // The embedded build stays embedded whatever `auto` would choose (the worker test wants it).
  const layoutArgs = ['--layout', layout || 'embedded'];
  for (const [script, args] of [
    ['ensure-toolchain.mjs', []],
    ['build.mjs', ['--corpus', corpus, '--out', out, '--no-single', ...layoutArgs, ...(ifChanged ? ['--if-changed'] : [])]],
  ]) {
    const r = spawnSync(process.execPath, [path.join(www, 'scripts', script), ...args], { cwd: www, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${script} failed`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const args = process.argv.slice(2);
    const at = args.findIndex((a) => a === '--layout' || a.startsWith('--layout='));
    const layout = at < 0 ? null : args[at].includes('=') ? args[at].split('=')[1] : args[at + 1];
    if (layout && !['embedded', 'split'].includes(layout)) throw new Error(`--layout ${layout}: expected embedded or split`);
    buildMdn({ layout });
  } catch (err) {
    console.error(`build-mdn: ${err.message}`);
    process.exit(1);
  }
}
