// `import { index } from 'bakedsearch'`: what `npx bakedsearch` does, as a function.
//
// 1. The indexer (dist/indexer.wasm: the Rust builder for wasm32-wasip1, under node:wasi)
//    builds the image of the site or corpus and prints a summary line with its language.
// 2. The image is placed into the prebuilt engine for that language (dist/engines/: English,
//    or the engine with every stemmer for any other language) as a data segment.
// 3. The widget bundles built when the package was packed are written beside it, with the
//    wasm's size and (single-file build) its base64 filled in.
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runIndexer } from './indexer.mjs';
import { fill } from './template.mjs';

const pkgRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(pkgRoot, 'dist');

/** The package version (the crate's; `indexInfo().version` of every engine it writes). */
export const version = JSON.parse(readFileSync(path.join(pkgRoot, 'package.json'), 'utf8')).version;

/** The files `index` writes into the output folder, in this order. */
export const OUTPUT_FILES = ['bakedsearch_bg.wasm', 'bakedsearch.js', 'bakedsearch.worker.js', 'bakedsearch.single.js', 'bakedsearch.d.ts'];

/** A problem with what was asked (exit code 2), as opposed to a failed index (1). */
export class UsageError extends Error {}

/** Indexing failed; the indexer has printed why (the file, the line and the fix). */
export class IndexError extends Error {}

function packaged(file) {
  const p = path.join(dist, file);
  try {
    statSync(p);
  } catch {
    throw new IndexError(`${p} is missing: this bakedsearch package was not built (\`npm pack\` in its folder builds it)`);
  }
  return p;
}

function isDir(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Indexes a built site or a corpus and writes the search into the output folder.
 *
 * Options: `site` (a built site's folder: its `*.html` pages are indexed and the output goes
 * into it), `corpus` (a Markdown/text/HTML/JSON folder or file, as the crate's build reads
 * it; with `site` too, `corpus` is indexed and the output still goes into the site),
 * `config` (a bakedsearch.toml), `outputSubdir` (default `bakedsearch`, below `site`),
 * `outputPath` (the output folder itself, instead), `single` (default true: write
 * bakedsearch.single.js), `stderr` (a file descriptor for the indexer's warnings and
 * errors, default 2).
 *
 * Resolves to `{ outDir, files, documents, language, imageBytes, wasmBytes, seconds }`;
 * rejects with a UsageError or an IndexError.
 */
export async function index(options = {}) {
  const started = performance.now();
  const { site, corpus, config, outputSubdir = 'bakedsearch', outputPath, single = true, stderr = 2 } = options;
  if (!site && !corpus) throw new UsageError('nothing to index: give --site DIR (a built site) or --corpus DIR');
  if (site && !isDir(site)) throw new UsageError(`--site ${site}: no such folder`);
  if (corpus) {
    try {
      statSync(corpus);
    } catch {
      throw new UsageError(`--corpus ${corpus}: no such file or folder`);
    }
  }
  if (config) {
    try {
      if (!statSync(config).isFile()) throw new Error();
    } catch {
      throw new UsageError(`--config ${config}: no such file`);
    }
  }
  if (path.isAbsolute(outputSubdir) || outputSubdir.split(/[\\/]/).includes('..')) {
    throw new UsageError(`--output-subdir ${outputSubdir}: give a folder below the site (use --output-path for another place)`);
  }
  const outDir = path.resolve(outputPath || (site ? path.join(site, outputSubdir) : outputSubdir));

  const indexer = packaged('indexer.wasm');
  const manifest = JSON.parse(readFileSync(packaged('manifest.json'), 'utf8'));
  const work = mkdtempSync(path.join(tmpdir(), 'bakedsearch-'));
  try {
    const image = path.join(work, 'index.bin');
    const summaryFile = path.join(work, 'summary.txt');
    const fd = openSync(summaryFile, 'w');
    let code;
    try {
      const what = corpus ? { corpus } : { corpus: site, site: true };
      code = await runIndexer({ wasm: indexer, ...what, config, image, stdout: fd, stderr });
    } finally {
      closeSync(fd);
    }
    const summary = readFileSync(summaryFile, 'utf8');
    if (code === 2) throw new UsageError(`the indexer refused its arguments: ${summary.trim()}`);
    if (code !== 0) throw new IndexError(`indexing failed (exit code ${code}); the messages above name the file and the fix`);
    const m = summary.match(/indexed (\d+) documents \((\S+) language, (\d+) image bytes\)/);
    if (!m) throw new IndexError(`the indexer printed no summary (got ${JSON.stringify(summary.slice(0, 200))})`);
    const [, documents, language, imageBytes] = m;

    const engine = packaged(language === 'english' ? manifest.engines.english : manifest.engines.all);
    mkdirSync(outDir, { recursive: true });
    const wasmOut = path.join(outDir, 'bakedsearch_bg.wasm');
    const placeLog = openSync(path.join(work, 'place.txt'), 'w');
    let placed;
    try {
      placed = await runIndexer({ wasm: indexer, place: image, engine, out: wasmOut, stdout: placeLog, stderr });
    } finally {
      closeSync(placeLog);
    }
    if (placed !== 0) throw new IndexError(`placing the index into ${path.relative(pkgRoot, engine)} failed (exit code ${placed})`);

    const wasm = readFileSync(wasmOut);
    const tpl = (f) => readFileSync(packaged(path.join('template', f)), 'utf8');
    const bundles = fill({ esm: tpl('bakedsearch.js'), classic: single ? tpl('bakedsearch.single.js') : null }, wasm);
    writeFileSync(path.join(outDir, 'bakedsearch.js'), bundles.esm);
    writeFileSync(path.join(outDir, 'bakedsearch.worker.js'), tpl('bakedsearch.worker.js'));
    if (bundles.classic !== null) writeFileSync(path.join(outDir, 'bakedsearch.single.js'), bundles.classic);
    else rmSync(path.join(outDir, 'bakedsearch.single.js'), { force: true });
    writeFileSync(path.join(outDir, 'bakedsearch.d.ts'), tpl('bakedsearch.d.ts'));
    return {
      outDir,
      files: OUTPUT_FILES.filter((f) => single || f !== 'bakedsearch.single.js'),
      documents: Number(documents),
      language,
      imageBytes: Number(imageBytes),
      wasmBytes: wasm.length,
      seconds: (performance.now() - started) / 1000,
      version: manifest.version,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
