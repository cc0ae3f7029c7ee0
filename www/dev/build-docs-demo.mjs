#!/usr/bin/env node
// Builds the docs demo (www/docs.html): the example docs site examples/docs/ indexed into
// www/dist-docs/ (build.mjs with the flags the example tests use: module bundles only,
// rebuilt only when something changed), and its pages copied to www/dist-docs/pages/, where
// the results' links (page.html#heading-id, resolved against the demo's base-url) open them.
// `npm start` runs it after the main build.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const www = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.join(www, '..', 'examples', 'docs');
export const docsDist = path.join(www, 'dist-docs');

/** Copies the docs pages (the .html files of examples/docs/) to dist-docs/pages/. */
export function copyPages(out = docsDist) {
  const pages = path.join(out, 'pages');
  mkdirSync(pages, { recursive: true });
  for (const name of readdirSync(corpus)) if (name.endsWith('.html')) copyFileSync(path.join(corpus, name), path.join(pages, name));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = [path.join(www, 'scripts', 'build.mjs'), '--corpus', corpus, '--out', docsDist, '--no-single', '--if-changed'];
  const r = spawnSync(process.execPath, args, { cwd: www, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  copyPages();
  console.log('docs demo: dist-docs/ and dist-docs/pages/ ready (docs.html)');
}
