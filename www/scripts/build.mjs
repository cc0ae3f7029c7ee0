#!/usr/bin/env node
// Builds www/dist/ from the Rust crate:
//   1. wasm-pack build (release, --target web) into www/pkg/
//   2. wasm-opt -Oz (from the npm `binaryen` package) → dist/bakedsearch_bg.wasm
//   3. dist/bakedsearch.js         ES module: wasm-bindgen glue + <baked-search>, loads the
//                                  .wasm that sits next to it
//      dist/bakedsearch.single.js  classic script, the .wasm inlined as base64 (works from file://)
//      dist/bakedsearch.worker.js  module Worker: the same glue, loads the same .wasm; the
//                                  element searches in it when the index is large
//      dist/bakedsearch.d.ts       TypeScript types
//   4. prints the sizes.
//
// Flags: --no-cargo     reuse the wasm-pack output as it is (skip wasm-pack)
//        --mock         use dev/mock-glue.js instead of the Rust build (widget work without Rust)
//        --corpus PATH  index PATH (a folder or file, as BAKEDSEARCH_CORPUS; a .gz file is first
//                       decompressed into www/.cache/corpus/) instead of seeds/ or the variable
//        --out DIR      write the bundles to DIR instead of www/dist/ (wasm-pack output then goes
//                       to www/.cache/pkg/<name of DIR>/, so www/pkg/ is left alone)
//        --no-single    skip dist/bakedsearch.single.js (large indexes: base64 of a big .wasm)
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
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { transformSync } from 'esbuild';
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

// Glue exports that are not part of the public API: the `#[wasm_bindgen(start)]` function
// (it already ran when the module was instantiated).
const INTERNAL_EXPORTS = new Set(['default', 'start']);

/** Command-line options: { mock, noCargo, noSingle, noMinify, ifChanged, corpus, out }. */
function parseArgs(argv) {
  const o = { mock: false, noCargo: false, noSingle: false, noMinify: false, ifChanged: false, corpus: null, out: null };
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

/**
 * Takes the wasm-bindgen `--target web` glue apart: returns its code with every `export`
 * removed, and the map exported name → local name.
 */
export function unexportGlue(src) {
  if (/^\s*import\s/m.test(src)) {
    throw new Error('the wasm-bindgen glue imports other modules (JS snippets?); the single-file build cannot inline that');
  }
  const exports = new Map();
  let code = src.replace(/^export\s+((?:async\s+)?function\*?|class|const|let|var)\s+([\w$]+)/gm, (_m, kind, name) => {
    exports.set(name, name);
    return `${kind} ${name}`;
  });
  code = code.replace(/^export\s+default\s+([\w$]+)\s*;?\s*$/gm, (_m, name) => {
    exports.set('default', name);
    return '';
  });
  code = code.replace(/^export\s*\{([^}]*)\}\s*;?\s*$/gm, (_m, list) => {
    for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [local, exported = local] = item.split(/\s+as\s+/).map((s) => s.trim());
      exports.set(exported, local);
    }
    return '';
  });
  const left = code.match(/^\s*export\b.*$/m);
  if (left) throw new Error(`unhandled export in the wasm-bindgen glue: ${left[0]}`);
  if (!exports.has('default')) throw new Error('the wasm-bindgen glue has no default export (init)');
  return { code, exports };
}

function widgetSource() {
  const src = readFileSync(path.join(www, 'src', 'widget.js'), 'utf8');
  const code = src.replace(/^export\s+function\s+defineBakedSearch\b/m, 'function defineBakedSearch');
  if (/^\s*(import|export)\b/m.test(code) || code.includes('import.meta')) {
    throw new Error('src/widget.js must not import or export anything but defineBakedSearch');
  }
  return code;
}

function gluedApi(glue, importMetaUrl) {
  const body = importMetaUrl ? glue.code.replaceAll('import.meta.url', importMetaUrl) : glue.code;
  const members = [...glue.exports].map(([exported, local]) =>
    exported === local ? local : `${JSON.stringify(exported)}: ${local}`,
  );
  // Not re-indented: that would change multi-line template literals.
  return `const __glue = (() => {\n${body.trim()}\nreturn { ${members.join(', ')} };\n})();\n`;
}

const INIT_DOC = `/**
 * Loads and instantiates the WebAssembly module (once; later calls return the same promise).
 * Without an argument the module is taken from %WHERE%. Any argument the
 * wasm-bindgen init function accepts (e.g. { module_or_path: url | Response | bytes }) overrides that.
 */`;

function buildEsm(glue, widget, banner, wasmSize) {
  const apiNames = [...glue.exports.keys()].filter((n) => !INTERNAL_EXPORTS.has(n));
  return `${banner}
${gluedApi(glue, null)}
${widget}
let __ready = null;

${INIT_DOC.replace('%WHERE%', 'bakedsearch_bg.wasm next to this file')}
export default function init(input) {
  if (!__ready) {
    const arg = input === undefined ? { module_or_path: new URL('${NAME}_bg.wasm', import.meta.url) } : input;
    __ready = Promise.resolve(__glue.default(arg)).catch((err) => {
      __ready = null;
      throw err;
    });
  }
  return __ready;
}

export const { ${apiNames.join(', ')} } = __glue;

/** The <baked-search> custom element class (already defined when this module is loaded). */
export const BakedSearchElement = defineBakedSearch({
  init: () => init(),
  searchDetailed: (query, options) => __glue.searchDetailed(query, options),
  indexInfo: () => __glue.indexInfo(),
  // Large indexes are searched in a Worker (${NAME}.worker.js, next to this file).
  worker: { url: new URL('${NAME}.worker.js', import.meta.url), wasmBytes: ${wasmSize} },
});
`;
}

/**
 * The module Worker the element searches in for large indexes: the same glue, loading the same
 * .wasm from its own folder. Messages in: { id, query, options } (searchDetailed, the options
 * passed through as they are: limit, filters, sort, facets, …) or { id, info: true }
 * (indexInfo); out: { type: 'ready' } or { type: 'error', message } once, then
 * { id, type: 'result', out } or { id, type: 'error', message }.
 */
function buildWorker(glue, banner) {
  return `${banner}
${gluedApi(glue, null)}
const __message = (err) => String((err && err.message) || err);
const __ready = Promise.resolve(__glue.default({ module_or_path: new URL('${NAME}_bg.wasm', import.meta.url) }));
__ready.then(
  () => self.postMessage({ type: 'ready' }),
  (err) => self.postMessage({ type: 'error', message: __message(err) }),
);
self.addEventListener('message', async (e) => {
  const { id, query, options, info } = e.data || {};
  try {
    await __ready;
    const out = info ? __glue.indexInfo() : __glue.searchDetailed(query, options);
    self.postMessage({ id, type: 'result', out });
  } catch (err) {
    self.postMessage({ id, type: 'error', message: __message(err) });
  }
});
`;
}

function buildClassic(glue, widget, banner, wasmBytes) {
  const apiNames = [...glue.exports.keys()].filter((n) => !INTERNAL_EXPORTS.has(n));
  const b64 = Buffer.from(wasmBytes).toString('base64');
  const scriptUrl = '__scriptUrl';
  return `${banner}
(function () {
  'use strict';
  const ${scriptUrl} = (typeof document !== 'undefined' && document.currentScript && document.currentScript.src) || (typeof location !== 'undefined' ? location.href : '');
${gluedApi(glue, scriptUrl)}
${widget}
  const WASM_BASE64 = '${b64}';
  function wasmBytes() {
    const bin = atob(WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }
  let __ready = null;

${INIT_DOC.replace('%WHERE%', 'the copy inlined in this file')}
  function init(input) {
    if (!__ready) {
      const arg = input === undefined ? { module_or_path: wasmBytes() } : input;
      __ready = Promise.resolve(__glue.default(arg)).catch((err) => {
        __ready = null;
        throw err;
      });
    }
    return __ready;
  }

  const BakedSearchElement = defineBakedSearch({
    init: () => init(),
    searchDetailed: (query, options) => __glue.searchDetailed(query, options),
    indexInfo: () => __glue.indexInfo(),
  });

  // window.bakedsearch: the same API as the ES module's exports.
  globalThis.bakedsearch = Object.freeze({ init, ${apiNames.map((n) => `${n}: __glue.${n}`).join(', ')}, BakedSearchElement });
})();
`;
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
 * Builds the two bundles from the glue source and the (optimized) wasm bytes:
 * { esm, classic } (strings). Exported for the tests.
 */
/** Minifies a bundle with esbuild (the `/*!` banner is kept); `format` 'esm' for modules. */
function minifyJs(code, format) {
  return transformSync(code, { minify: true, legalComments: 'inline', target: 'es2020', ...(format ? { format } : {}) }).code;
}

export function assemble({ glueSrc, wasm, version = crateVersion(), mock = false, single = true, minify = false }) {
  const glue = unexportGlue(glueSrc);
  for (const name of ['default', 'searchDetailed', 'indexInfo']) {
    if (!glue.exports.has(name)) throw new Error(`the glue does not export ${name}`);
  }
  const widget = widgetSource();
  const banner = `/*! bakedsearch ${version}${mock ? ' (MOCK ENGINE: no real index)' : ''} | MIT OR Apache-2.0 | generated by www/scripts/build.mjs: do not edit */`;

  const shrink = (code, format) => (minify ? minifyJs(code, format) : code);
  const esm = shrink(buildEsm(glue, widget, banner, wasm.length), 'esm');
  const worker = shrink(buildWorker(glue, banner), 'esm');
  if (!single) return { esm, worker, classic: null };
  const classic = shrink(buildClassic(glue, widget, banner, wasm));
  // The classic script must parse as a plain script (no import/export/import.meta).
  new vm.Script(classic, { filename: `${NAME}.single.js` });
  if (classic.includes('import.meta')) throw new Error('import.meta left in the classic build');

  return { esm, worker, classic };
}

/** dist/ bundles over the JavaScript mock engine (dev/mock-glue.js), in memory: { esm, worker, classic }. */
export function assembleMock() {
  const glueSrc = readFileSync(path.join(www, 'dev', 'mock-glue.js'), 'utf8');
  return assemble({ glueSrc, wasm: new Uint8Array(0), mock: true });
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
  return fingerprint([corpus, ...(config ? [config] : []), ...crate], [`corpus=${corpus}`, `config=${config}`]);
}

/** What the bundles depend on besides the wasm: the widget, the types and this script. */
function jsInputs(rust, opts) {
  const files = ['src/widget.js', 'src/bakedsearch.d.ts', 'scripts/build.mjs'].map((p) => path.join(www, p));
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

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { mock, noCargo } = opts;
  addCargoBinToPath();
  const version = crateVersion();
  const distDir = opts.out || path.join(www, 'dist');
  const pkgDir = opts.out ? path.join(cacheDir, 'pkg', path.basename(opts.out)) : path.join(www, 'pkg');
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
    const built = [`${NAME}.js`, `${NAME}_bg.wasm`, `${NAME}.worker.js`, ...(opts.noSingle ? [] : [`${NAME}.single.js`])];
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

  let glueSrc;
  let wasm;
  if (mock) {
    console.warn('build: --mock: using dev/mock-glue.js; dist/ has NO real search index');
    glueSrc = readFileSync(path.join(www, 'dev', 'mock-glue.js'), 'utf8');
    wasm = new Uint8Array(0);
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
    glueSrc = readFileSync(glueFile, 'utf8');
    wasm = readFileSync(optWasm);
  }

  for (const f of [`${NAME}.js`, `${NAME}.single.js`, `${NAME}.worker.js`]) rmSync(path.join(distDir, f), { force: true });
  mkdirSync(distDir, { recursive: true });
  if (mock) rmSync(path.join(distDir, `${NAME}_bg.wasm`), { force: true });

  const { esm, worker, classic } = assemble({ glueSrc, wasm, version, mock, single: !opts.noSingle, minify: !opts.noMinify });

  writeFileSync(path.join(distDir, `${NAME}.js`), esm);
  writeFileSync(path.join(distDir, `${NAME}.worker.js`), worker);
  if (classic) writeFileSync(path.join(distDir, `${NAME}.single.js`), classic);
  copyFileSync(path.join(www, 'src', `${NAME}.d.ts`), path.join(distDir, `${NAME}.d.ts`));

  const sized = [`${NAME}_bg.wasm`, `${NAME}.js`, `${NAME}.worker.js`, `${NAME}.single.js`]
    .map((f) => path.join(distDir, f))
    .filter((f) => existsSync(f));
  printSizes(sized);
  if (jsStamp) writeFileSync(path.join(distDir, STAMP), `${jsStamp}\n`);
  console.log(`\nbuild: wrote ${path.relative(process.cwd(), distDir) || '.'}/`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`build: ${err.message}`);
    process.exit(1);
  });
}
