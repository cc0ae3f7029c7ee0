#!/usr/bin/env node
// Builds www/dist/ from the Rust crate:
//   1. wasm-pack build (release, --target web) into www/pkg/
//   2. wasm-opt -Oz (from the npm `binaryen` package) → dist/bakedsearch_bg.wasm
//   3. esbuild bundles src/ (ES modules) with the glue (imported as `bakedsearch-glue`):
//      dist/bakedsearch.js         ES module (src/index.js): the glue's API + <baked-search>,
//                                  loads the .wasm that sits next to it
//      dist/bakedsearch.single.js  classic script (src/single.js), the .wasm inlined as base64
//                                  (works from file://; not built for a split index, whose
//                                  shards a file:// page cannot fetch)
//      dist/bakedsearch.worker.js  module Worker (src/worker.js): the same glue, loads the same
//                                  .wasm; the element searches in it when the index is large
//      dist/bakedsearch.d.ts       TypeScript types
//      dist/shards/*.bks           split layout only: the shards build.rs wrote (into
//                                  BAKEDSEARCH_SHARD_DIR, <pkg>/shards/, which it keeps free
//                                  of stale ones), copied in place of the last build's
//   4. prints the sizes.
//
// Flags: --no-cargo     reuse the wasm-pack output as it is (skip wasm-pack)
//        --mock         use dev/mock-glue.js instead of the Rust build (widget work without Rust)
//        --corpus PATH  index PATH (a folder or file, as BAKEDSEARCH_CORPUS; a .gz file is first
//                       decompressed into www/.cache/corpus/) instead of seeds/ or the variable
//        --out DIR      write the bundles to DIR instead of www/dist/ (wasm-pack output then goes
//                       to www/.cache/pkg/<name of DIR>/, so www/pkg/ is left alone)
//        --no-single    skip dist/bakedsearch.single.js (large indexes: base64 of a big .wasm)
//        --layout L     embedded, split or auto (as BAKEDSEARCH_LAYOUT; default: bakedsearch.toml)
//        --no-minify    write the bundles unminified (readable, for debugging); by default
//                       esbuild minifies them (about 45 % fewer bytes, a third less brotli)
//        --if-changed   skip what is up to date: wasm-pack when the corpus, the configuration
//                       and the Rust sources are those of the last build into the same place,
//                       and everything when the widget and this script are unchanged too
//                       (fingerprints in <pkg>/.bakedsearch-inputs and <out>/.bakedsearch-inputs)

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { buildSync, transformSync } from 'esbuild';
import { addCargoBinToPath } from './ensure-toolchain.mjs';

const www = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const crateRoot = path.resolve(www, '..');
const NAME = 'bakedsearch';
const cacheDir = path.join(www, '.cache'); // gitignored

// Features the wasm32-unknown-unknown output of current Rust uses (LLVM's default CPU), so
// wasm-opt accepts the module and keeps using them.
const WASM_FEATURES = [
  '--enable-bulk-memory',
  '--enable-bulk-memory-opt',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-reference-types',
  '--enable-call-indirect-overlong',
  '--enable-multivalue',
  '--enable-mutable-globals',
];

/** Command-line options: { mock, noCargo, noSingle, noMinify, ifChanged, corpus, out }. */
function parseArgs(argv) {
  const o = { mock: false, noCargo: false, noSingle: false, noMinify: false, ifChanged: false, corpus: null, out: null, layout: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--mock') o.mock = true;
    else if (a === '--no-cargo') o.noCargo = true;
    else if (a === '--no-single') o.noSingle = true;
    else if (a === '--no-minify') o.noMinify = true;
    else if (a === '--if-changed') o.ifChanged = true;
    else if (a === '--corpus' || a.startsWith('--corpus=')) o.corpus = path.resolve(value());
    else if (a === '--out' || a.startsWith('--out=')) o.out = path.resolve(value());
    else if (a === '--layout' || a.startsWith('--layout=')) {
      o.layout = value();
      if (!['embedded', 'split', 'auto'].includes(o.layout)) throw new Error(`--layout ${o.layout}: expected embedded, split or auto`);
    }
    else throw new Error(`unknown option ${a} (see the top of scripts/build.mjs)`);
  }
  if (o.mock) o.noCargo = true;
  return o;
}

function run(cmd, cmdArgs, opts = {}) {
  console.log(`$ ${[cmd, ...cmdArgs].join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: process.env, ...opts });
  if (r.error) throw new Error(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} exited with ${r.status}`);
}

/**
 * Runs wasm-pack with cargo's `-vv`, which streams build-script output as it happens, and
 * shows only what matters of it: the index build's progress (`bakedsearch: …` lines, useful
 * for corpora that take a while), its errors, and cargo's own messages. The rest of `-vv`
 * (rustc command lines, other crates' build-script output) is dropped.
 */
function runWasmPack(wasmPackArgs, opts) {
  const args = [...wasmPackArgs, '--', '-vv'];
  console.log(`$ wasm-pack ${wasmPackArgs.join(' ')}`);
  const ours = `[${NAME} ${crateVersion()}] `;
  return new Promise((resolve, reject) => {
    const child = spawn('wasm-pack', args, { stdio: ['inherit', 'inherit', 'pipe'], env: process.env, ...opts });
    let pending = '';
    const show = (line) => {
      if (line.startsWith(ours)) {
        const text = line.slice(ours.length);
        // build.rs's cargo: directives are for cargo; everything else it writes is for people.
        if (!text.startsWith('cargo:')) process.stderr.write(`${text}\n`);
      } else if (!/^\[[^\]]+\] /.test(line) && !/^\s+(Running|Fresh|Dirty) /.test(line)) {
        process.stderr.write(`${line}\n`);
      }
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      lines.forEach(show);
    });
    child.on('error', (err) => reject(new Error(`could not run wasm-pack: ${err.message}`)));
    child.on('close', (code) => {
      if (pending) show(pending);
      if (code === 0) resolve();
      else reject(new Error(`wasm-pack exited with ${code}`));
    });
  });
}

function crateVersion() {
  const toml = readFileSync(path.join(crateRoot, 'Cargo.toml'), 'utf8');
  const pkg = toml.split(/^\[/m).find((s) => s.startsWith('package]')) || '';
  return (pkg.match(/^version\s*=\s*"([^"]+)"/m) || [])[1] || '0.0.0';
}

function kib(n) {
  return `${(n / 1024).toFixed(1)} KiB`.padStart(10);
}

function printSizes(files) {
  console.log('\nsizes                                raw        gzip      brotli');
  for (const f of files) {
    const buf = readFileSync(f);
    // Large files (big corpora) get faster settings; sizes of those are approximate.
    const big = buf.length > 8 * 1024 * 1024;
    const gz = zlib.gzipSync(buf, { level: big ? 6 : 9 }).length;
    const br = zlib.brotliCompressSync(buf, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: big ? 5 : 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length;
    console.log(`${path.relative(www, f).padEnd(32)}${kib(buf.length)}  ${kib(gz)}  ${kib(br)}${big ? '  (fast settings)' : ''}`);
  }
}

/**
 * Bundles the widget (src/, real ES modules) with esbuild: `bakedsearch-glue` is the
 * wasm-bindgen glue at `gluePath` (imported as the module it is), `bakedsearch-wasm` the .wasm
 * at `wasmPath` as a base64 string (the single-file build only). Returns { esm, worker,
 * classic } (strings; classic null without `single`). Exported for the tests.
 */
export function assemble({ gluePath, wasmPath, wasmSize, version = crateVersion(), mock = false, single = true, minify = false, split = false }) {
  const banner = `/*! bakedsearch ${version}${mock ? ' (MOCK ENGINE: no real index)' : ''} | MIT OR Apache-2.0 | generated by www/scripts/build.mjs from www/src/: do not edit */`;
  // The stylesheet goes in as a string constant (a shadow root's adopted sheet), minified.
  const cssSource = readFileSync(path.join(www, 'src', 'styles.css'), 'utf8');
  const css = minify ? transformSync(cssSource, { loader: 'css', minify: true }).code.trim() : cssSource;
  const bundle = (entry, format, extra = {}, mangle = true) => {
    const out = buildSync({
      entryPoints: [path.join(www, 'src', entry)],
      bundle: true,
      write: false,
      format,
      target: 'es2020',
      minify,
      legalComments: 'none',
      banner: { js: banner },
      alias: { 'bakedsearch-glue': gluePath, ...(wasmPath ? { 'bakedsearch-wasm': wasmPath } : {}) },
      // The element's private properties (`this._name`, and `_bs…` on its DOM nodes) get
      // short names: 9 % fewer bytes, 3 % less brotli. Names starting with "__"
      // (wasm-bindgen's) are kept.
      ...(minify && mangle ? { mangleProps: /^_[^_]/ } : {}),
      define: { __WASM_BYTES__: String(wasmSize), __SPLIT__: String(Boolean(split)), __STYLE__: JSON.stringify(css) },
      logLevel: 'error',
      ...extra,
    });
    return out.outputFiles[0].text;
  };
  // Module scripts are always read as UTF-8, so the strings of other languages go in as they
  // are (\u escapes would make the Korean, Chinese and Japanese tables about 3× larger); the
  // classic script is read in the page's encoding and keeps the escapes.
  const esm = bundle('index.js', 'esm', { charset: 'utf8' });
  const worker = bundle('worker.js', 'esm', { charset: 'utf8' });
  if (!single) return { esm, worker, classic: null };
  // The glue's import.meta.url (its default .wasm location) is never used here: init always
  // passes the inlined bytes.
  // Not mangled: next to the base64 text, brotli packs the unmangled code 380 B smaller.
  const classic = bundle('single.js', 'iife', { loader: { '.wasm': 'base64' }, logOverride: { 'empty-import-meta': 'silent' } }, false);
  // The classic script must parse as a plain script (no import/export/import.meta).
  new vm.Script(classic, { filename: `${NAME}.single.js` });
  if (classic.includes('import.meta')) throw new Error('import.meta left in the classic build');
  return { esm, worker, classic };
}

/**
 * dist/ bundles over the JavaScript mock engine (dev/mock-glue.js, or the module at `glue`),
 * in memory: { esm, worker, classic }. `wasmSize` > 0: the worker fetches and compiles a
 * .wasm (which the mock then ignores), as with the real engine; `split`: built as for a
 * split index (a glue with searchStep and addShard).
 */
export function assembleMock({ single = true, minify = false, glue = path.join(www, 'dev', 'mock-glue.js'), wasmSize = 0, split = false } = {}) {
  // An empty .wasm for the single-file build to inline (the mock needs none).
  mkdirSync(cacheDir, { recursive: true });
  const empty = path.join(cacheDir, 'mock-empty.wasm');
  if (!existsSync(empty)) writeFileSync(empty, '');
  return assemble({ gluePath: glue, wasmPath: empty, wasmSize, mock: true, single, minify, split });
}

/**
 * A fingerprint of files and folders (recursively; names starting with "." skipped, except a
 * path given directly) and of `extra` strings: sha256 hex.
 */
function fingerprint(paths, extra = []) {
  const hash = createHash('sha256');
  const add = (p) => {
    if (!existsSync(p)) {
      hash.update(`missing ${p}\0`);
      return;
    }
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (!name.startsWith('.') && name !== 'target' && name !== 'node_modules') add(path.join(p, name));
      }
    } else {
      hash.update(`${p}\0`);
      hash.update(readFileSync(p));
      hash.update('\0');
    }
  };
  for (const p of paths) add(p);
  for (const e of extra) hash.update(`${e}\0`);
  return hash.digest('hex');
}

const STAMP = '.bakedsearch-inputs';
const readStamp = (dir) => {
  try {
    return readFileSync(path.join(dir, STAMP), 'utf8').trim();
  } catch {
    return null;
  }
};

/** What the wasm depends on: the corpus, its configuration and the crates' sources. */
function rustInputs() {
  const corpus = process.env.BAKEDSEARCH_CORPUS ? path.resolve(crateRoot, process.env.BAKEDSEARCH_CORPUS) : path.join(crateRoot, 'seeds');
  const config = process.env.BAKEDSEARCH_CONFIG ? path.resolve(crateRoot, process.env.BAKEDSEARCH_CONFIG) : null;
  const crate = ['Cargo.toml', 'Cargo.lock', 'build.rs', 'src', 'core/Cargo.toml', 'core/src'].map((p) => path.join(crateRoot, p));
  const layout = process.env.BAKEDSEARCH_LAYOUT || '';
  return fingerprint([corpus, ...(config ? [config] : []), ...crate], [`corpus=${corpus}`, `config=${config}`, `layout=${layout}`]);
}

/** What the bundles depend on besides the wasm: the widget, the types and this script. */
function jsInputs(rust, opts) {
  const files = ['src', 'dev', 'scripts/build.mjs'].map((p) => path.join(www, p));
  return fingerprint(files, [rust, `single=${!opts.noSingle}`, `minify=${!opts.noMinify}`]);
}

/** A corpus path for BAKEDSEARCH_CORPUS: `.gz` files are decompressed into www/.cache/corpus/. */
async function prepareCorpus(corpus) {
  if (!existsSync(corpus)) throw new Error(`--corpus ${corpus}: no such file or folder`);
  if (!corpus.endsWith('.gz')) return corpus;
  const dir = path.join(cacheDir, 'corpus');
  const out = path.join(dir, path.basename(corpus, '.gz'));
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(corpus).mtimeMs) {
    mkdirSync(dir, { recursive: true });
    console.log(`build: decompressing ${corpus} → ${path.relative(process.cwd(), out)}`);
    await pipeline(createReadStream(corpus), zlib.createGunzip(), createWriteStream(`${out}.part`));
    rmSync(out, { force: true });
    copyFileSync(`${out}.part`, out);
    rmSync(`${out}.part`, { force: true });
  }
  return out;
}

/**
 * The built index's indexInfo(), read by instantiating the glue and the .wasm in Node: the
 * layout (and the shards a split index lists) as the engine itself reports them.
 */
async function readIndexInfo(gluePath, wasmPath) {
  const glue = await import(pathToFileURL(gluePath).href);
  glue.initSync({ module: readFileSync(wasmPath) });
  return glue.indexInfo() || {};
}

/**
 * Puts the shards build.rs wrote into `staging` at <distDir>/shards/ (the last build's go:
 * names are content hashes, so old ones would only pile up). Throws when the index is split
 * but a shard it lists is missing. Returns the shard files written.
 */
function placeShards(info, staging, distDir) {
  const target = path.join(distDir, 'shards');
  rmSync(target, { recursive: true, force: true });
  if (info.layout !== 'split') return [];
  const names = existsSync(staging) ? readdirSync(staging).filter((n) => n.endsWith('.bks')) : [];
  const missing = (info.prefetch || []).filter((n) => !names.includes(n));
  if (!names.length || missing.length) {
    throw new Error(
      `the index is split but ${path.relative(www, staging)}/ lacks ${names.length ? `its shards ${missing.join(', ')}` : 'every shard'}: ` +
        'cargo reused an older build script run; run the build again without --no-cargo/--if-changed after `touch ../build.rs`',
    );
  }
  mkdirSync(target, { recursive: true });
  for (const n of names) copyFileSync(path.join(staging, n), path.join(target, n));
  return names.map((n) => path.join(target, n));
}

/** One line for the shards: how many, and their sizes summed (each compressed on its own). */
function printShardSizes(files) {
  if (!files.length) return;
  const raw = files.reduce((n, f) => n + statSync(f).size, 0);
  // Over 8 MiB in all (MDN: tens of MiB) the fast settings, as printSizes: brotli 11 over every
  // shard took minutes there.
  const big = raw > 8 * 1024 * 1024;
  let gz = 0;
  let br = 0;
  for (const f of files) {
    const buf = readFileSync(f);
    gz += zlib.gzipSync(buf, { level: big ? 6 : 9 }).length;
    br += zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: big ? 5 : 11 } }).length;
  }
  console.log(`${`shards/ (${files.length} files)`.padEnd(32)}${kib(raw)}  ${kib(gz)}  ${kib(br)}  (sum of files${big ? ', fast settings' : ''})`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { mock, noCargo } = opts;
  addCargoBinToPath();
  const version = crateVersion();
  const distDir = opts.out || path.join(www, 'dist');
  const pkgDir = opts.out ? path.join(cacheDir, 'pkg', path.basename(opts.out)) : path.join(www, 'pkg');
  // build.rs writes a split index's shards here (absolute: build.rs runs elsewhere). It is not
  // emptied here: cargo may reuse an earlier build script run, whose shards these are.
  const staging = path.join(pkgDir, 'shards');
  process.env.BAKEDSEARCH_SHARD_DIR = staging;
  if (opts.layout) process.env.BAKEDSEARCH_LAYOUT = opts.layout;
  if (opts.corpus) {
    process.env.BAKEDSEARCH_CORPUS = await prepareCorpus(opts.corpus);
    console.log(`build: BAKEDSEARCH_CORPUS=${process.env.BAKEDSEARCH_CORPUS}`);
  }

  // --if-changed: compare the inputs with those of the last build into the same folders.
  let rustStamp = null;
  let jsStamp = null;
  let skipCargo = noCargo;
  if (opts.ifChanged && !mock) {
    rustStamp = rustInputs();
    jsStamp = jsInputs(rustStamp, opts);
    const split = existsSync(path.join(distDir, 'shards'));
    const built = [`${NAME}.js`, `${NAME}_bg.wasm`, `${NAME}.worker.js`, ...(opts.noSingle || split ? [] : [`${NAME}.single.js`])];
    if (readStamp(distDir) === jsStamp && built.every((f) => existsSync(path.join(distDir, f)))) {
      console.log(`build: ${path.relative(process.cwd(), distDir) || '.'}/ is up to date (--if-changed)`);
      return;
    }
    if (readStamp(pkgDir) === rustStamp) {
      console.log('build: the wasm is up to date (--if-changed); reassembling the bundles');
      skipCargo = true;
    }
  }
  if (opts.ifChanged) rmSync(path.join(distDir, STAMP), { force: true });

  let gluePath;
  let wasmPath = null;
  if (mock) {
    console.warn('build: --mock: using dev/mock-glue.js; dist/ has NO real search index');
  } else {
    if (!skipCargo) {
      const outDir = path.relative(crateRoot, pkgDir);
      rmSync(path.join(pkgDir, STAMP), { force: true });
      await runWasmPack(['build', '..', '--release', '--target', 'web', '--out-dir', outDir, '--out-name', NAME], { cwd: www });
      // wasm-pack replaces the folder's files; the fingerprint is written after it succeeded.
      if (rustStamp) writeFileSync(path.join(pkgDir, STAMP), `${rustStamp}\n`);
    }
    const rawWasm = path.join(pkgDir, `${NAME}_bg.wasm`);
    const glueFile = path.join(pkgDir, `${NAME}.js`);
    if (!existsSync(rawWasm) || !existsSync(glueFile)) throw new Error(`no ${NAME}.js / ${NAME}_bg.wasm in ${path.relative(www, pkgDir)}/: run without --no-cargo`);
    mkdirSync(distDir, { recursive: true });
    const optWasm = path.join(distDir, `${NAME}_bg.wasm`);
    const wasmOpt = path.join(www, 'node_modules', '.bin', process.platform === 'win32' ? 'wasm-opt.cmd' : 'wasm-opt');
    if (!existsSync(wasmOpt)) throw new Error('wasm-opt not found: run `npm ci` in www/ first');
    run(wasmOpt, [rawWasm, '-Oz', ...WASM_FEATURES, '--strip-debug', '--strip-producers', '-o', optWasm]);
    gluePath = glueFile;
    wasmPath = optWasm;
  }

  for (const f of [`${NAME}.js`, `${NAME}.single.js`, `${NAME}.worker.js`]) rmSync(path.join(distDir, f), { force: true });
  mkdirSync(distDir, { recursive: true });
  if (mock) rmSync(path.join(distDir, `${NAME}_bg.wasm`), { force: true });

  let shardFiles = [];
  let split = false;
  if (mock) rmSync(path.join(distDir, 'shards'), { recursive: true, force: true });
  else {
    const info = await readIndexInfo(gluePath, wasmPath);
    shardFiles = placeShards(info, staging, distDir);
    split = info.layout === 'split';
    // A file:// page cannot fetch shards: the single-file build is for embedded indexes.
    if (split && !opts.noSingle) console.log(`build: the index is split (${shardFiles.length} shards): no ${NAME}.single.js (file:// cannot fetch shards)`);
  }
  const single = !opts.noSingle && !split;
  const { esm, worker, classic } = mock
    ? assembleMock({ single, minify: !opts.noMinify })
    : assemble({ gluePath, wasmPath, wasmSize: statSync(wasmPath).size, version, single, minify: !opts.noMinify, split });

  writeFileSync(path.join(distDir, `${NAME}.js`), esm);
  writeFileSync(path.join(distDir, `${NAME}.worker.js`), worker);
  if (classic) writeFileSync(path.join(distDir, `${NAME}.single.js`), classic);
  copyFileSync(path.join(www, 'src', `${NAME}.d.ts`), path.join(distDir, `${NAME}.d.ts`));

  const sized = [`${NAME}_bg.wasm`, `${NAME}.js`, `${NAME}.worker.js`, `${NAME}.single.js`]
    .map((f) => path.join(distDir, f))
    .filter((f) => existsSync(f));
  printSizes(sized);
  printShardSizes(shardFiles);
  if (jsStamp) writeFileSync(path.join(distDir, STAMP), `${jsStamp}\n`);
  console.log(`\nbuild: wrote ${path.relative(process.cwd(), distDir) || '.'}/`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`build: ${err.message}`);
    process.exit(1);
  });
}
