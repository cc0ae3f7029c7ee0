// bakedsearch in the split layout (`BAKEDSEARCH_LAYOUT=split`): the engine and what a query
// needs first in the .wasm, the rest in shards/ fetched on demand. The browser side
// (pages/adapters/bakedsearch-split.js) fetches them with the widget's own fetch manager
// (www/src/shards.js, copied beside the glue), from the same static server as Pagefind's.
// A separate engine entry, so the embedded `bakedsearch` row stays as it is.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, WORK } from './paths.mjs';

/** The engine definition; `tools` are engines.mjs's helpers { env, run, siteDir, wasmOpt, embedded }. */
export function splitEngine({ env, run, siteDir, wasmOpt, embedded }) {
  return {
    name: 'bakedsearch-split',
    version: embedded.version,
    config: [
      'the same crate as `bakedsearch`, built with `BAKEDSEARCH_LAYOUT=split` (shards into `BAKEDSEARCH_SHARD_DIR`, deployed in `shards/` beside the .wasm), then `wasm-opt -Oz`',
      'query: `searchStep(q, options)` until it answers, fetching the shards it names (parallel, each once per page, kept for the session: www/src/shards.js); the first query with snippets (as the widget shows it; Pagefind\'s first query fetches its fragments too), every later one `{ limit: 10, snippets: false }` as the embedded row',
    ],
    install: embedded.install,
    build(corpus) {
      const pkg = path.join(WORK, 'bakedsearch-split', corpus.name);
      const staging = path.join(pkg, 'shards');
      const { ms: packMs } = run('wasm-pack', ['build', REPO_ROOT, '--release', '--target', 'web', '--out-dir', pkg, '--out-name', 'bakedsearch'], {
        env: { ...env(), BAKEDSEARCH_CORPUS: corpus.source, BAKEDSEARCH_LAYOUT: 'split', BAKEDSEARCH_SHARD_DIR: staging, CARGO_TARGET_DIR: path.join(WORK, 'target') },
      });
      const dir = siteDir('bakedsearch-split', corpus.name);
      const optMs = wasmOpt(path.join(pkg, 'bakedsearch_bg.wasm'), path.join(dir, 'bakedsearch_bg.wasm'));
      copyFileSync(path.join(pkg, 'bakedsearch.js'), path.join(dir, 'bakedsearch.js'));
      copyFileSync(path.join(REPO_ROOT, 'www', 'src', 'shards.js'), path.join(dir, 'shards.js'));
      const names = existsSync(staging) ? readdirSync(staging).filter((n) => n.endsWith('.bks')) : [];
      if (!names.length) throw new Error(`no shards in ${staging}: the build did not split (does this crate know BAKEDSEARCH_LAYOUT?)`);
      mkdirSync(path.join(dir, 'shards'), { recursive: true });
      let shardBytes = 0;
      for (const n of names) {
        copyFileSync(path.join(staging, n), path.join(dir, 'shards', n));
        shardBytes += readFileSync(path.join(staging, n)).length;
      }
      return {
        buildMs: packMs + optMs,
        buildNote: 'wasm-pack (cargo build incl. build.rs indexing and sharding, crate compile, deps cached) + wasm-opt',
        library: ['bakedsearch.js', 'shards.js'],
        index: ['bakedsearch_bg.wasm'],
        chunked: true,
        shards: { files: names.length, bytes: shardBytes },
      };
    },
  };
}
