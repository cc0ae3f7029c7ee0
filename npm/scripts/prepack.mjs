#!/usr/bin/env node
// Builds what the npm package ships (run by `npm pack` / `npm publish` as `prepack`), from a
// clean clone, with the repository's own pipeline:
//   1. the two engine wasms with www/scripts/build.mjs (wasm-pack, wasm-opt from npm
//      binaryen), over engine-corpus/ (one placeholder page, so the image every engine carries
//      besides the site's own is about a kilobyte):
//        dist/engines/english_bg.wasm  links the English stemmer only (the default language)
//        dist/engines/all_bg.wasm      links every stemmer, takes the language from the image
//                                      (BAKEDSEARCH_ENGINE_LANGUAGES=all, see build.rs)
//   2. the indexer: the Rust builder for wasm32-wasip1 (dist/indexer.wasm, run by node:wasi);
//   3. the widget bundles with build.mjs's `assemble` (esbuild), as templates the CLI fills
//      in at index time without esbuild: dist/template/bakedsearch.js (the wasm's size is a
//      sentinel number), bakedsearch.single.js (the wasm's base64 is a placeholder string),
//      bakedsearch.worker.js, bakedsearch.d.ts; and dist/widget/, the same bundles over the
//      English engine, for `import 'bakedsearch/widget'`;
//   4. LICENSE-MIT, LICENSE-APACHE and CHANGELOG.md from the repository root.
// The glue wasm-bindgen writes is the same for both engines (same exports); the build checks.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLACEHOLDER_BYTES, WASM_BYTES_SENTINEL, fill, placeholderBase64 } from '../lib/template.mjs';

const npmDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(npmDir, '..');
const www = path.join(root, 'www');
const dist = path.join(npmDir, 'dist');
const build = path.join(npmDir, '.build');
const cargoBin = path.join(process.env.CARGO_HOME || path.join(process.env.HOME || '', '.cargo'), 'bin');
const env = { ...process.env, PATH: `${cargoBin}${path.delimiter}${process.env.PATH}` };
// The package is the same whatever corpus the shell that packs it points at.
delete env.BAKEDSEARCH_CORPUS;
delete env.BAKEDSEARCH_CONFIG;
delete env.BAKEDSEARCH_ENGINE_LANGUAGES;

function run(cmd, args, extraEnv = {}, cwd = root) {
  console.log(`prepack: $ ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (r.error) throw new Error(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  console.log(`prepack: (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function crateVersion() {
  const toml = readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  const pkg = toml.split(/^\[/m).find((s) => s.startsWith('package]')) || '';
  return (pkg.match(/^version\s*=\s*"([^"]+)"/m) || [])[1];
}

async function main() {
  const started = Date.now();
  const version = JSON.parse(readFileSync(path.join(npmDir, 'package.json'), 'utf8')).version;
  if (version !== crateVersion()) {
    throw new Error(`npm/package.json has version ${version}, Cargo.toml ${crateVersion()}: make them the same`);
  }
  if (!existsSync(path.join(www, 'node_modules', '.bin', 'esbuild'))) run('npm', ['ci', '--no-audit', '--no-fund'], {}, www);
  run(process.execPath, [path.join(www, 'scripts', 'ensure-toolchain.mjs')]);
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(path.join(dist, 'engines'), { recursive: true });

  // 1. Engines. build.mjs --out DIR keeps wasm-pack's output in www/.cache/pkg/<DIR's name>/.
  const corpus = path.join(npmDir, 'engine-corpus');
  const engines = { english: {}, all: { BAKEDSEARCH_ENGINE_LANGUAGES: 'all' } };
  const glues = {};
  for (const [name, extra] of Object.entries(engines)) {
    const out = path.join(build, `engine-${name}`);
    run(process.execPath, [path.join(www, 'scripts', 'build.mjs'), '--out', out, '--corpus', corpus, '--no-single'], extra);
    copyFileSync(path.join(out, 'bakedsearch_bg.wasm'), path.join(dist, 'engines', `${name}_bg.wasm`));
    glues[name] = path.join(www, '.cache', 'pkg', `engine-${name}`, 'bakedsearch.js');
  }
  if (readFileSync(glues.english, 'utf8') !== readFileSync(glues.all, 'utf8')) {
    throw new Error('the wasm-bindgen glue of the two engines differs; the package ships one set of bundles');
  }

  // 2. The indexer.
  run('rustup', ['target', 'add', 'wasm32-wasip1']);
  run('cargo', ['build', '--release', '--target', 'wasm32-wasip1', '-p', 'bakedsearch-patch', '--bin', 'bakedsearch-bake']);
  copyFileSync(path.join(root, 'target', 'wasm32-wasip1', 'release', 'bakedsearch-bake.wasm'), path.join(dist, 'indexer.wasm'));

  // 3. Bundles: templates, and the widget over the English engine.
  const { assemble } = await import(path.join(www, 'scripts', 'build.mjs'));
  mkdirSync(build, { recursive: true });
  const placeholder = path.join(build, 'placeholder.wasm');
  writeFileSync(placeholder, PLACEHOLDER_BYTES);
  const tpl = assemble({ gluePath: glues.english, wasmPath: placeholder, wasmSize: WASM_BYTES_SENTINEL, version, minify: true });
  const count = (text, needle) => text.split(needle).length - 1;
  if (count(tpl.esm, String(WASM_BYTES_SENTINEL)) !== 1) throw new Error('the wasm size sentinel is not in bakedsearch.js exactly once');
  if (count(tpl.classic, placeholderBase64()) !== 1) throw new Error('the wasm placeholder is not in bakedsearch.single.js exactly once');
  const tplDir = path.join(dist, 'template');
  mkdirSync(tplDir, { recursive: true });
  writeFileSync(path.join(tplDir, 'bakedsearch.js'), tpl.esm);
  writeFileSync(path.join(tplDir, 'bakedsearch.worker.js'), tpl.worker);
  writeFileSync(path.join(tplDir, 'bakedsearch.single.js'), tpl.classic);
  copyFileSync(path.join(www, 'src', 'bakedsearch.d.ts'), path.join(tplDir, 'bakedsearch.d.ts'));

  const widgetDir = path.join(dist, 'widget');
  const english = readFileSync(path.join(dist, 'engines', 'english_bg.wasm'));
  const widget = fill({ esm: tpl.esm, classic: tpl.classic }, english);
  mkdirSync(widgetDir, { recursive: true });
  writeFileSync(path.join(widgetDir, 'bakedsearch.js'), widget.esm);
  writeFileSync(path.join(widgetDir, 'bakedsearch.worker.js'), tpl.worker);
  writeFileSync(path.join(widgetDir, 'bakedsearch_bg.wasm'), english);
  copyFileSync(path.join(www, 'src', 'bakedsearch.d.ts'), path.join(widgetDir, 'bakedsearch.d.ts'));

  writeFileSync(path.join(dist, 'manifest.json'), `${JSON.stringify({ version, engines: { english: 'engines/english_bg.wasm', all: 'engines/all_bg.wasm' } }, null, 2)}\n`);

  // 4. Licences and changelog.
  for (const f of ['LICENSE-MIT', 'LICENSE-APACHE', 'CHANGELOG.md']) copyFileSync(path.join(root, f), path.join(npmDir, f));

  const kib = (f) => `${(statSync(f).size / 1024).toFixed(1)} KiB`;
  for (const f of ['engines/english_bg.wasm', 'engines/all_bg.wasm', 'indexer.wasm']) console.log(`prepack: dist/${f} ${kib(path.join(dist, f))}`);
  console.log(`prepack: built the package in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err) => {
  console.error(`prepack: ${err.message}`);
  process.exit(1);
});
