// Every engine the benchmark runs: how it is installed, how it builds an index for a corpus,
// and what it deploys into the served site (site/<engine>/<corpus>/). The browser side of each
// engine is pages/adapters/<engine>.js.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { BENCH, NODE_BIN, REPO_ROOT, SITE, WORK } from './paths.mjs';
import { JS_ENGINES } from './js-engines.mjs';
import { splitEngine } from './split-engine.mjs';

const CARGO_BIN = path.join(process.env.CARGO_HOME || path.join(homedir(), '.cargo'), 'bin');
const TINYSEARCH_VERSION = '0.11.1';
/** Features the wasm32 output of current Rust uses, so wasm-opt accepts and keeps them. */
const WASM_OPT_FLAGS = [
  '-Oz', '--enable-bulk-memory', '--enable-bulk-memory-opt', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-reference-types', '--enable-call-indirect-overlong',
  '--enable-multivalue', '--enable-mutable-globals', '--strip-debug', '--strip-producers',
];

export const ENGINE_NAMES = ['bakedsearch', 'bakedsearch-split', 'tinysearch', 'pagefind', 'lunr', 'elasticlunr', 'minisearch', 'flexsearch', 'orama'];

function env() {
  const PATH = [CARGO_BIN, NODE_BIN, process.env.PATH].join(path.delimiter);
  // Parallelism 1: the machine has 2 cores shared with other work.
  return { ...process.env, PATH, CARGO_BUILD_JOBS: '1' };
}

function run(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: env(), maxBuffer: 64 << 20, ...opts });
  const ms = performance.now() - t0;
  if (r.error) throw new Error(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) {
    const out = `${r.stdout || ''}\n${r.stderr || ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}\n${out}`);
  }
  return { ms, stdout: r.stdout || '' };
}

function has(cmd, args = ['--version']) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: env() });
  return !r.error && r.status === 0 ? `${r.stdout}${r.stderr}`.trim() : null;
}

function siteDir(engine, corpus) {
  const dir = path.join(SITE, engine, corpus);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function wasmOpt(input, output) {
  return run(path.join(NODE_BIN, 'wasm-opt'), [input, ...WASM_OPT_FLAGS, '-o', output]).ms;
}

const SECTION_NAMES = { 1: 'META', 2: 'DICT', 4: 'POSTINGS', 5: 'POSITIONS', 6: 'NORMS', 7: 'DOCS', 8: 'STORE' };

/**
 * Finds bakedsearch's index image inside the wasm: the occurrence of the magic b"BAKEDIDX"
 * whose header and section table are valid (the bare constant also sits in the data segment).
 * Layout: core/src/format.rs. Returns { at, sections: [{ kind, name, offset, length }] } or null.
 */
function findImage(wasm) {
  const magic = Buffer.from('BAKEDIDX');
  for (let at = wasm.indexOf(magic); at >= 0; at = wasm.indexOf(magic, at + 1)) {
    if (at + 24 > wasm.length) break;
    const count = wasm.readUInt32LE(at + 12);
    if (count < 1 || count > 64 || at + 24 + count * 12 > wasm.length) continue;
    const sections = [];
    let valid = true;
    for (let i = 0; i < count && valid; i++) {
      const e = at + 24 + i * 12;
      const kind = wasm.readUInt32LE(e);
      const offset = wasm.readUInt32LE(e + 4);
      const length = wasm.readUInt32LE(e + 8);
      if (offset < 24 || at + offset + length > wasm.length) valid = false;
      sections.push({ kind, name: SECTION_NAMES[kind] || `KIND${kind}`, offset, length });
    }
    if (valid) return { at, sections };
  }
  return null;
}

/**
 * The newest index image build.rs wrote under the Cargo target dir (OUT_DIR/index.bin): the
 * exact bytes embedded in the .wasm. (Reading them back out of the optimized .wasm does not
 * work for large images: wasm-opt splits the data segment at runs of zeros.)
 */
function newestIndexImage(targetDir) {
  let best = null;
  const visit = (dir, depth) => {
    if (depth > 6 || !existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(p, depth + 1);
      else if (entry.name === 'index.bin' && dir.endsWith(`${path.sep}out`) && dir.includes(`${path.sep}bakedsearch-`)) {
        const mtime = statSync(p).mtimeMs;
        if (!best || mtime > best.mtime) best = { path: p, mtime };
      }
    }
  };
  visit(targetDir, 0);
  return best && best.path;
}

/** Section sizes of an index image (or a .wasm embedding one): { imageBytes, sections: { NAME: bytes } }. */
export function bakedsearchSections(wasm) {
  const image = findImage(wasm);
  if (!image) return null;
  const sections = {};
  let end = 0;
  for (const s of image.sections) {
    sections[s.name] = (sections[s.name] || 0) + s.length;
    end = Math.max(end, s.offset + s.length);
  }
  return { imageBytes: end, sections };
}

/** The STORE section's bytes (stored text), for its compressed size. */
export function bakedsearchStore(wasm) {
  const image = findImage(wasm);
  const store = image && image.sections.find((s) => s.name === 'STORE');
  return store ? wasm.subarray(image.at + store.offset, image.at + store.offset + store.length) : Buffer.alloc(0);
}

// ---------------------------------------------------------------------------------------------

const bakedsearch = {
  name: 'bakedsearch',
  version: () => (readFileSync(path.join(REPO_ROOT, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m) || [])[1],
  config: [
    'built as a user would: `BAKEDSEARCH_CORPUS=<corpus> wasm-pack build --release --target web`, then `wasm-opt -Oz`',
    'query: `search(q, { limit: 10, snippets: false })` with its defaults otherwise (prefix on the last word and typo tolerance on); snippets are off because the job is the top 10 {id, title} and no other engine builds one (the widget builds them: about two thirds of a query natively on MDN)',
  ],
  /** Checks (and on a fresh machine installs) wasm-pack and the pinned wasm-bindgen-cli. */
  install() {
    if (!has('wasm-pack')) run('cargo', ['install', 'wasm-pack'], { stdio: 'inherit' });
    const pin = (readFileSync(path.join(REPO_ROOT, 'Cargo.toml'), 'utf8').match(/wasm-bindgen\s*=\s*"=([^"]+)"/) || [])[1];
    const have = has('wasm-bindgen');
    if (pin && !(have && have.includes(pin))) {
      run('cargo', ['install', 'wasm-bindgen-cli', '--version', pin, ...(have ? ['--force'] : [])], { stdio: 'inherit' });
    }
    const targets = has('rustup', ['target', 'list', '--installed']);
    if (targets !== null && !targets.split('\n').includes('wasm32-unknown-unknown')) {
      run('rustup', ['target', 'add', 'wasm32-unknown-unknown']);
    }
    return { ok: true };
  },
  build(corpus) {
    const pkg = path.join(WORK, 'bakedsearch', corpus.name);
    const { ms: packMs } = run('wasm-pack', ['build', REPO_ROOT, '--release', '--target', 'web', '--out-dir', pkg, '--out-name', 'bakedsearch'], {
      // The embedded layout whatever `auto` picks for the corpus (MDN would split): the
      // split layout is the bakedsearch-split row.
      env: { ...env(), BAKEDSEARCH_CORPUS: corpus.source, BAKEDSEARCH_LAYOUT: 'embedded', CARGO_TARGET_DIR: path.join(WORK, 'target') },
    });
    const dir = siteDir('bakedsearch', corpus.name);
    const optMs = wasmOpt(path.join(pkg, 'bakedsearch_bg.wasm'), path.join(dir, 'bakedsearch_bg.wasm'));
    copyFileSync(path.join(pkg, 'bakedsearch.js'), path.join(dir, 'bakedsearch.js'));
    // Keep the embedded image beside the package (not served) for the size breakdown.
    const image = newestIndexImage(path.join(WORK, 'target'));
    if (image) copyFileSync(image, path.join(pkg, 'index.bin'));
    return {
      buildMs: packMs + optMs,
      buildNote: 'wasm-pack (cargo build incl. build.rs indexing and crate compile, deps cached) + wasm-opt',
      library: ['bakedsearch.js'],
      index: ['bakedsearch_bg.wasm'],
    };
  },
};

const tinysearch = {
  name: 'tinysearch',
  version: () => TINYSEARCH_VERSION,
  config: [
    '`tinysearch --release -m wasm` (default exact indexer: word → posting list, prefix match from 3 letters), input `[{ title, url: id, body: text }]`, then the same `wasm-opt -Oz` as ours',
    'query: its exported `search(query, 10)`; the adapter reuses one scratch buffer for the query string (its demo loader grows memory by a page per query)',
  ],
  install({ allowSlowInstall }) {
    const have = has('tinysearch', ['--version']);
    if (have) return { ok: true };
    if (!allowSlowInstall) return { ok: false, reason: 'not installed (`cargo install tinysearch --features bin` takes minutes; the full bench installs it)' };
    run('cargo', ['install', 'tinysearch', '--version', TINYSEARCH_VERSION, '--features', 'bin'], { stdio: 'inherit' });
    return { ok: true };
  },
  build(corpus) {
    const work = path.join(WORK, 'tinysearch', corpus.name);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const input = path.join(work, 'index.json');
    writeFileSync(input, JSON.stringify(corpus.docs.map((d) => ({ title: d.title, url: d.id, body: d.text }))));
    const out = path.join(work, 'out');
    mkdirSync(out, { recursive: true });
    // One crate path for every corpus: its dependencies compile once.
    const { ms } = run('tinysearch', ['--release', '-m', 'wasm', '-p', out, '--crate-path', path.join(WORK, 'tinysearch', 'crate'), input]);
    const dir = siteDir('tinysearch', corpus.name);
    const optMs = wasmOpt(path.join(out, 'tinysearch_engine.wasm'), path.join(dir, 'tinysearch_engine.wasm'));
    return {
      buildMs: ms + optMs,
      buildNote: 'tinysearch CLI (indexing + cargo build of the generated crate, deps cached) + wasm-opt',
      library: [],
      index: ['tinysearch_engine.wasm'],
    };
  },
};

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const pagefind = {
  name: 'pagefind',
  version: () => JSON.parse(readFileSync(path.join(BENCH, 'node_modules', 'pagefind', 'package.json'), 'utf8')).version,
  config: [
    'the corpus rendered as one HTML page per document (`<h1>` title, paragraphs of text, `data-pagefind-body`, `data-pagefind-meta` for title and id), indexed by the `pagefind` CLI (bundled linux-x64 binary) with its defaults',
    'query: `pagefind.search(q)` then `data()` of the top 10 results (the fragment fetch is how Pagefind gets a title); Pagefind has prefix matching on and no typo tolerance',
  ],
  install() {
    return has(path.join(NODE_BIN, 'pagefind'), ['--version']) ? { ok: true } : { ok: false, reason: 'the pagefind binary does not run (npm ci in bench/)' };
  },
  build(corpus) {
    const src = path.join(WORK, 'pagefind-src', corpus.name);
    rmSync(src, { recursive: true, force: true });
    mkdirSync(path.join(src, 'docs'), { recursive: true });
    corpus.docs.forEach((d, i) => {
      const paragraphs = d.text.split(/\n+/).filter((p) => p.trim()).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
      writeFileSync(path.join(src, 'docs', `${i}.html`), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(d.title)}</title></head>
<body><main data-pagefind-body>
<h1 data-pagefind-meta="title">${escapeHtml(d.title)}</h1>
<div data-pagefind-meta="docid:${escapeHtml(d.id)}"></div>
${paragraphs}
</main></body></html>
`);
    });
    const dir = siteDir('pagefind', corpus.name);
    const { ms } = run(path.join(NODE_BIN, 'pagefind'), ['--site', src, '--output-path', path.join(dir, 'pagefind'), '--quiet']);
    return {
      buildMs: ms,
      buildNote: 'pagefind CLI over the rendered HTML pages',
      library: [],
      index: [],
      chunked: true,
    };
  },
};

/** Bundles and minifies a JS engine's browser library with esbuild (the same for every peer but elasticlunr). */
async function bundleLibrary(name, entrySource) {
  const { build } = await import('esbuild');
  const outfile = path.join(WORK, 'lib', `${name}.min.js`);
  await build({
    stdin: { contents: entrySource, resolveDir: BENCH, loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2020',
    outfile, logLevel: 'error', legalComments: 'none',
  });
  return outfile;
}

function jsEngine(name) {
  const def = JS_ENGINES[name];
  return {
    name,
    version: () => JSON.parse(readFileSync(path.join(BENCH, 'node_modules', def.package, 'package.json'), 'utf8')).version,
    config: def.config,
    install() {
      return existsSync(path.join(BENCH, 'node_modules', def.package)) ? { ok: true } : { ok: false, reason: `npm package ${def.package} missing (npm ci in bench/)` };
    },
    async build(corpus) {
      const lib = def.script ? path.join(BENCH, 'node_modules', def.script) : await bundleLibrary(name, def.entry);
      const dir = siteDir(name, corpus.name);
      copyFileSync(lib, path.join(dir, 'lib.min.js'));
      const { stdout } = run(process.execPath, ['--max-old-space-size=16000', path.join(BENCH, 'lib', 'build-js.mjs'), name, corpus.name, dir]);
      const result = JSON.parse(stdout.trim().split('\n').pop());
      return {
        buildMs: result.buildMs,
        buildNote: 'index construction + JSON serialization in Node',
        library: ['lib.min.js'],
        index: Object.keys(result.files),
      };
    },
  };
}

export const ENGINES = {
  bakedsearch,
  'bakedsearch-split': splitEngine({ env, run, siteDir, wasmOpt, embedded: bakedsearch }),
  tinysearch,
  pagefind,
  ...Object.fromEntries(Object.keys(JS_ENGINES).map((n) => [n, jsEngine(n)])),
};
