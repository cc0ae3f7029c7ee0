#!/usr/bin/env node
// Installs bench/'s npm packages (playwright-core, binaryen, esbuild, the peers) when any
// devDependency is missing, so that `npm run bench` and `npm run bench:smoke` work on a fresh
// clone without a separate `npm ci` (before this, run.mjs died on its first import,
// `playwright-core`). Idempotent: a complete node_modules is left alone.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wanted = Object.keys(JSON.parse(readFileSync(path.join(bench, 'package.json'), 'utf8')).devDependencies || {});
const missing = wanted.filter((name) => !existsSync(path.join(bench, 'node_modules', name, 'package.json')));
if (missing.length) {
  console.log(`bench: installing npm packages (missing: ${missing.join(', ')})`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = (args) => spawnSync(npm, args, { cwd: bench, stdio: 'inherit' }).status === 0;
  // `npm ci` installs exactly the lock file. A registry mirror that lacks one of Pagefind's
  // optional platform packages makes it refuse; `npm install` then skips what is missing and
  // installs the same locked versions of everything else.
  if (!run(['ci', '--no-audit', '--no-fund']) && !run(['install', '--no-audit', '--no-fund', '--no-save'])) {
    console.error('bench: npm could not install the packages; run `npm ci` in bench/ and read its error');
    process.exit(1);
  }
}
