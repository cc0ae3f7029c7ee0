#!/usr/bin/env node
// Builds the widget over a large corpus, the MDN docs, into www/dist-mdn/ (gitignored), to show
// (and test: tests/e2e/worker-mdn.test.mjs) searching in a Web Worker. www/dist/ is left alone.
//
//   npm run build:mdn                     the corpus at ../shared/corpora/mdn/docs.jsonl.gz,
//                                         relative to the repository root
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

/**
 * Builds www/dist-mdn/; with `ifChanged`, only what the corpus, the Rust sources or the widget
 * changed since the last build there (build.mjs --if-changed). Throws on failure.
 */
export function buildMdn({ ifChanged = false } = {}) {
  const corpus = mdnCorpus();
  if (!existsSync(corpus)) throw new Error(`no MDN corpus at ${corpus} (set MDN_CORPUS)`);
  for (const [script, args] of [
    ['ensure-toolchain.mjs', []],
    ['build.mjs', ['--corpus', corpus, '--out', mdnDist, '--no-single', ...(ifChanged ? ['--if-changed'] : [])]],
  ]) {
    const r = spawnSync(process.execPath, [path.join(www, 'scripts', script), ...args], { cwd: www, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${script} failed`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildMdn();
  } catch (err) {
    console.error(`build-mdn: ${err.message}`);
    process.exit(1);
  }
}
