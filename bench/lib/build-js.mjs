#!/usr/bin/env node
// Child process: builds one JS engine's serialized index for one corpus.
//   node lib/build-js.mjs ENGINE CORPUS OUT_DIR
// Prints one JSON line: { buildMs, files: { name: bytes } }. Run in its own process so each
// build gets a fresh heap and the timing covers only index construction + serialization.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCorpus } from './corpora.mjs';
import { JS_ENGINES } from './js-engines.mjs';

const [engineName, corpusName, outDir] = process.argv.slice(2);
const engine = JS_ENGINES[engineName];
if (!engine || !corpusName || !outDir) {
  console.error('usage: build-js.mjs ENGINE CORPUS OUT_DIR');
  process.exit(2);
}
const corpus = await loadCorpus(corpusName);
const t0 = performance.now();
const files = await engine.build(corpus.docs);
const buildMs = performance.now() - t0;
mkdirSync(outDir, { recursive: true });
const sizes = {};
for (const [name, content] of Object.entries(files)) {
  writeFileSync(path.join(outDir, name), content);
  sizes[name] = Buffer.byteLength(content);
}
console.log(JSON.stringify({ buildMs, files: sizes }));
