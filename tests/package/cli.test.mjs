// The site owner's path, end to end: `npm pack` → install the tarball into an empty folder →
// `npx bakedsearch --site <a generated built site>` on a PATH with node and npm but no cargo
// or rustc → serve the site with a plain static server → in Chromium, a page that embeds the
// search with one script tag finds the known page by the URL of its path, and the traps hold
// (feed.json, assets, robots.txt, 404.html, a title-only page, the title suffix, Markdown).
//
// The tarball: $BAKEDSEARCH_TARBALL (scripts/test.sh packs it once for this test and the
// bench), else `npm pack` here (builds the engines and the indexer: a minute or more).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer } from '../../www/scripts/serve.mjs';
import { KNOWN, SITE_NAME, generateMarkdown, generateSite } from './site.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { chromium } = createRequire(path.join(root, 'www', 'package.json'))('playwright-core');
const work = mkdtempSync(path.join(tmpdir(), 'bakedsearch-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The packed tarball: reused from $BAKEDSEARCH_TARBALL, else packed now into `work`. */
function tarball() {
  if (process.env.BAKEDSEARCH_TARBALL) return path.resolve(process.env.BAKEDSEARCH_TARBALL);
  const r = spawnSync('npm', ['pack', '--pack-destination', work, '--json'], { cwd: path.join(root, 'npm'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  assert.equal(r.status, 0, 'npm pack failed');
  return path.join(work, JSON.parse(r.stdout)[0].filename);
}

/**
 * A PATH holding node, npm, npx and sh only (links to this machine's; npx runs a package's
 * bin through `sh`), and the env around it.
 */
function toolEnv() {
  const bin = path.join(work, 'bin');
  mkdirSync(bin, { recursive: true });
  const which = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  symlinkSync(process.execPath, path.join(bin, 'node'));
  symlinkSync('/bin/sh', path.join(bin, 'sh'));
  for (const tool of ['npm', 'npx']) symlinkSync(realpathSync(which(tool)), path.join(bin, tool));
  const env = { HOME: process.env.HOME, PATH: bin, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  if (process.env.npm_config_cache) env.npm_config_cache = process.env.npm_config_cache;
  return env;
}

let env;
let app;
let site;
let markdownSite;
let germanSite;
let cliLog;
let server;
let browser;

before(async () => {
  const tgz = tarball();
  env = toolEnv();
  for (const tool of ['cargo', 'rustc']) {
    const r = spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { env });
    assert.notEqual(r.status, 0, `${tool} must not be on the test's PATH`);
  }
  app = path.join(work, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), '{ "name": "a-site", "private": true }\n');
  const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tgz], { cwd: app, env, encoding: 'utf8' });
  assert.equal(install.status, 0, `npm install of the tarball failed:\n${install.stdout}\n${install.stderr}`);

  site = path.join(work, 'public');
  const { pages } = generateSite(site);
  const started = performance.now();
  const r = spawnSync('npx', ['bakedsearch', '--site', site], { cwd: app, env, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  cliLog = `${r.stdout}${r.stderr}`;
  console.log(`npx bakedsearch --site (${pages} pages): ${seconds.toFixed(2)} s wall\n${cliLog}`);
  assert.equal(r.status, 0, `npx bakedsearch failed:\n${cliLog}`);

  markdownSite = path.join(work, 'docs-site');
  mkdirSync(markdownSite);
  const corpus = path.join(work, 'md');
  generateMarkdown(corpus);
  const md = spawnSync('npx', ['bakedsearch', '--site', markdownSite, '--corpus', corpus], { cwd: app, env, encoding: 'utf8' });
  assert.equal(md.status, 0, `npx bakedsearch --corpus failed:\n${md.stdout}${md.stderr}`);

  // Another language: the index is German, so the CLI places it into the engine with every
  // stemmer (the English engine links only English's).
  germanSite = path.join(work, 'german-site');
  mkdirSync(germanSite);
  const german = path.join(work, 'de');
  mkdirSync(german);
  writeFileSync(path.join(german, 'bakedsearch.toml'), 'language = "german"\n');
  writeFileSync(path.join(german, 'docs.json'), JSON.stringify([
    { id: 'haus', title: 'Häuser am See', text: 'Die Häuser stehen am Ufer des Sees.' },
    { id: 'baum', title: 'Bäume im Wald', text: 'Im Wald wachsen alte Bäume.' },
  ]));
  const de = spawnSync('npx', ['bakedsearch', '--site', germanSite, '--corpus', german], { cwd: app, env, encoding: 'utf8' });
  assert.equal(de.status, 0, `npx bakedsearch (german) failed:\n${de.stdout}${de.stderr}`);
  assert.match(de.stderr, /\(german\)/);

  for (const [dir, title] of [[site, 'search'], [markdownSite, 'docs'], [germanSite, 'german']]) {
    writeFileSync(
      path.join(dir, 'search-test.html'),
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title>
<script type="module" src="/bakedsearch/bakedsearch.js"></script>
<baked-search placeholder="Search"></baked-search>`,
    );
  }
  server = {
    site: await startServer({ root: site, port: 0, quiet: true }),
    markdown: await startServer({ root: markdownSite, port: 0, quiet: true }),
    german: await startServer({ root: germanSite, port: 0, quiet: true }),
  };
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
});

after(async () => {
  await browser?.close();
  await server?.site.close();
  await server?.markdown.close();
  await server?.german.close();
});

test('the CLI writes the five files, logs without colour, and the log names the count and the time', () => {
  assert.deepEqual(readdirSync(path.join(site, 'bakedsearch')).sort(), ['bakedsearch.d.ts', 'bakedsearch.js', 'bakedsearch.single.js', 'bakedsearch.worker.js', 'bakedsearch_bg.wasm']);
  assert.doesNotMatch(cliLog, /\x1b\[/, 'no ANSI escapes when the output is not a terminal');
  assert.match(cliLog, /done: \d+ documents \(english\).* in \d+\.\d\d s/);
  assert.doesNotMatch(cliLog, /ExperimentalWarning/);
});

test('usage errors exit 2, a broken corpus exits 1 naming the file, --version and --help exit 0', () => {
  const cli = (...args) => spawnSync('npx', ['bakedsearch', ...args], { cwd: app, env, encoding: 'utf8' });
  assert.equal(cli('--no-such-flag').status, 2);
  assert.equal(cli().status, 2);
  assert.equal(cli('--site', path.join(work, 'missing')).status, 2);
  const version = JSON.parse(readFileSync(path.join(root, 'npm', 'package.json'), 'utf8')).version;
  assert.equal(cli('--version').stdout.trim(), version);
  assert.match(cli('--help').stdout, /--output-subdir/);
  const broken = path.join(work, 'broken');
  mkdirSync(broken);
  writeFileSync(path.join(broken, 'records.json'), '{ not json');
  const r = cli('--corpus', broken, '--output-path', path.join(work, 'broken-out'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /records\.json:1/);
});

test('--serve serves the site and a search page that embeds the widget', async () => {
  const { spawn } = await import('node:child_process');
  const served = path.join(work, 'served');
  // The installed bin itself (not through npx, whose shell would outlive a kill).
  const child = spawn(path.join(app, 'node_modules', '.bin', 'bakedsearch'), ['--corpus', path.join(work, 'md'), '--output-path', path.join(served, 'bakedsearch'), '--serve', '0'], { cwd: app, env });
  try {
    const url = await new Promise((resolve, reject) => {
      let log = '';
      child.stderr.on('data', (d) => {
        log += d;
        const m = log.match(/search page: (\S+)/);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}: ${log}`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="\/bakedsearch\/bakedsearch\.js"><\/script>/);
    const wasm = await fetch(new URL('bakedsearch_bg.wasm', url));
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  } finally {
    child.kill('SIGTERM');
  }
});

test('importing the package and its widget in Node does not throw', () => {
  const script = `
    const api = await import('bakedsearch');
    if (typeof api.index !== 'function') throw new Error('no index()');
    const widget = await import('bakedsearch/widget');
    if (typeof widget.search !== 'function') throw new Error('no search');
    console.log(api.version);`;
  const r = spawnSync('node', ['--input-type=module', '-e', script], { cwd: app, env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

/** Opens the one-script-tag page of `base` and returns it once the engine answers. */
async function searchPage(base) {
  const page = await browser.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  await page.goto(new URL('search-test.html', base).href);
  await page.waitForFunction(() => customElements.get('baked-search'));
  await page.evaluate(async () => {
    const m = await import('/bakedsearch/bakedsearch.js');
    await m.default();
    window.__bs = m;
  });
  return page;
}

const results = (page, q) => page.evaluate((query) => window.__bs.search(query, { limit: 20 }), q);

test('in Chromium: the known page is found by typing, and its link is the URL of its path', async () => {
  const page = await searchPage(server.site.url);
  const host = page.locator('baked-search');
  await host.locator('input[role="combobox"]').fill(KNOWN.paper.word);
  const first = host.locator('[role="option"]').first();
  await first.waitFor();
  assert.equal(await first.getAttribute('href'), new URL(`/papers/${KNOWN.paper.number}/`, server.site.url).href);
  assert.equal(await first.locator('.title').textContent(), KNOWN.paper.title);
  const info = await page.evaluate(() => window.__bs.indexInfo());
  assert.equal(info.version, JSON.parse(readFileSync(path.join(root, 'npm', 'package.json'), 'utf8')).version);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('in Chromium: the traps of a built site hold', async () => {
  const page = await searchPage(server.site.url);
  const [paper] = await results(page, KNOWN.paper.word);
  assert.equal(paper.url, `/papers/${KNOWN.paper.number}/`);
  assert.equal(paper.title, KNOWN.paper.title, `the site suffix " | ${SITE_NAME}" is removed`);
  // Only *.html pages are documents: the feed, the assets and robots.txt are not indexed.
  for (const word of [KNOWN.feed, KNOWN.css, KNOWN.js, KNOWN.robots]) assert.deepEqual(await results(page, word), [], `${word} is in no document`);
  // The 404 page is not a document.
  assert.deepEqual(await results(page, KNOWN.notFound), []);
  // The title-only page is found by its title.
  const [stub] = await results(page, KNOWN.stub.word);
  assert.equal(stub?.url, KNOWN.stub.url);
  assert.equal(stub.title, KNOWN.stub.title);
  // No title anywhere keeps the suffix.
  const all = await page.evaluate(() => window.__bs.searchDetailed('', { limit: 1000, sort: 'newest' }));
  for (const r of (await results(page, 'paper')).concat(all.results || [])) assert.ok(!r.title.includes(`| ${SITE_NAME}`), r.title);
  const info = await page.evaluate(() => window.__bs.indexInfo());
  assert.ok(info.documents >= 1390 && info.documents <= 1400, `${info.documents} documents`);
  await page.close();
});

test('in Chromium: a Markdown corpus (--corpus) shows no Markdown syntax', async () => {
  const page = await searchPage(server.markdown.url);
  const host = page.locator('baked-search');
  await host.locator('input[role="combobox"]').fill('quasar');
  const first = host.locator('[role="option"]').first();
  await first.waitFor();
  const text = await first.textContent();
  assert.match(text, /quasar/i);
  assert.doesNotMatch(text, /\*\*|\]\(|`/);
  const [hit] = await results(page, 'quasar');
  const doc = await page.evaluate((id) => window.__bs.getDocument(id), hit.id);
  assert.doesNotMatch(doc.text, /\*\*|\]\(https/);
  await page.close();
});

test('in Chromium: a German index is searched with the German stemmer', async () => {
  const page = await searchPage(server.german.url);
  // "Haus" and "Häuser" share the German stem (the English stemmer would not join them).
  assert.deepEqual((await results(page, 'Haus')).map((r) => r.id), ['haus']);
  assert.equal((await page.evaluate(() => window.__bs.indexInfo())).language, 'german');
  await page.close();
});

test('the tarball holds the licences, the changelog and what the CLI needs', () => {
  const installed = path.join(app, 'node_modules', 'bakedsearch');
  for (const f of ['LICENSE-MIT', 'LICENSE-APACHE', 'CHANGELOG.md', 'dist/indexer.wasm', 'dist/engines/english_bg.wasm', 'dist/engines/all_bg.wasm', 'index.d.ts']) {
    assert.ok(existsSync(path.join(installed, f)), `${f} is in the package`);
  }
});
