// Runs the bakedsearch indexer (the Rust builder compiled to wasm32-wasip1, the same
// `bake` that build.rs calls) under Node's WASI, so indexing needs no Rust toolchain.
//
// WASI sees only preopened folders. The corpus folder is preopened under its own name
// (`/seeds` for seeds/), because the image records the corpus's folder name: the same
// corpus then gives the byte-identical image by build.rs and by this path. A corpus that is
// a file is reached through its folder. Outputs and the engine get folders of their own.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { WASI } from 'node:wasi';

const compiled = new Map();

/** Compiles the indexer wasm once per path (about a third of a second for 3 MB). */
async function indexerModule(wasmPath) {
  if (!compiled.has(wasmPath)) compiled.set(wasmPath, WebAssembly.compile(readFileSync(wasmPath)));
  return compiled.get(wasmPath);
}

/**
 * Indexes `corpus` (a folder or a .json/.jsonl/… file) with the indexer at `wasm`. Options:
 * `site` (true: `corpus` is a built site, indexed as `--site`: only its HTML pages),
 * `config` (a bakedsearch.toml), `image` (write the image there), `engine` + `out` (patch
 * the engine wasm with the image, write it to `out`), `stdout`/`stderr` (file descriptors,
 * default the process's). With `place` (an image file) instead of `corpus`, nothing is
 * indexed: that image is patched into `engine`. Returns the indexer's exit code (0 done,
 * 1 failed, 2 bad args).
 */
export async function runIndexer({ wasm, corpus, site = false, config, image, engine, out, place, stdout = 1, stderr = 2 }) {
  const preopens = {};
  const guest = (hostFile, name) => {
    const dir = path.dirname(path.resolve(hostFile));
    const mount = `/.bakedsearch-${name}`;
    preopens[mount] = dir;
    return `${mount}/${path.basename(hostFile)}`;
  };
  if (place) {
    const args = ['bakedsearch-bake', '--place', guest(place, 'place'), '--engine', guest(engine, 'engine'), '--wasm', guest(out, 'out')];
    return start(wasm, args, preopens, stdout, stderr);
  }
  const corpusHost = path.resolve(corpus);
  let corpusGuest;
  if (statSync(corpusHost).isDirectory()) {
    corpusGuest = `/${path.basename(corpusHost) || 'corpus'}`;
    preopens[corpusGuest] = corpusHost;
  } else {
    const dir = path.dirname(corpusHost);
    const mount = `/${path.basename(dir) || 'corpus'}`;
    preopens[mount] = dir;
    corpusGuest = `${mount}/${path.basename(corpusHost)}`;
  }
  const args = ['bakedsearch-bake', site ? '--site' : '--corpus', corpusGuest];
  if (config) args.push('--config', guest(config, 'config'));
  if (image) args.push('--image', guest(image, 'image'));
  if (engine) args.push('--engine', guest(engine, 'engine'), '--wasm', guest(out, 'out'));
  return start(wasm, args, preopens, stdout, stderr);
}

async function start(wasm, args, preopens, stdout, stderr) {
  const wasi = new WASI({ version: 'preview1', args, env: {}, preopens, stdout, stderr, returnOnExit: true });
  const instance = await WebAssembly.instantiate(await indexerModule(wasm), wasi.getImportObject());
  return wasi.start(instance);
}
