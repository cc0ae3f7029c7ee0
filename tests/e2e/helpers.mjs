// Shared setup for the browser tests: build check, static server, Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { startServer } from '../../www/scripts/serve.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const www = path.join(repoRoot, 'www');
export const dist = path.join(www, 'dist');
export const artifacts = path.join(repoRoot, 'tests', 'e2e', 'artifacts');

// The test dependencies are installed in www/node_modules (npm ci in www/).
export const requireFromWww = createRequire(path.join(www, 'package.json'));
const { chromium } = requireFromWww('playwright-core');

/** Builds www/dist/ with `npm run build` unless it is already there. */
export function ensureBuilt() {
  const wanted = ['bakedsearch.js', 'bakedsearch_bg.wasm', 'bakedsearch.single.js', 'bakedsearch.worker.js'];
  if (wanted.every((f) => existsSync(path.join(dist, f)))) return;
  console.log('e2e: www/dist/ missing; running npm run build');
  const r = spawnSync('npm', ['run', 'build'], { cwd: www, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

/** The text of every file under seeds/, to check that result titles come from there. */
export function seedsText() {
  const dir = path.join(repoRoot, 'seeds');
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out.join('\n');
}

export const LAUNCH_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: LAUNCH_ARGS });
}

/** Starts the static server at the repo root on a free port: { url, close }; `headers` on every file. */
export async function serveRepo(headers = {}) {
  const { server, close } = await startServer({ root: repoRoot, port: 0, quiet: true, headers });
  return { url: `http://127.0.0.1:${server.address().port}/`, close };
}

/**
 * A page that records console errors, uncaught exceptions and dialogs, and answers any request
 * to another host with a stub page (the tests never reach the network).
 */
export async function newPage(context, base) {
  const page = await context.newPage();
  page.problems = [];
  page.dialogs = [];
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console.error: ${msg.text()}`);
  });
  page.on('dialog', (d) => {
    page.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  const origin = new URL(base).origin;
  await page.route(
    (url) => url.protocol.startsWith('http') && url.origin !== origin,
    (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>stub</title><p>stub</p>' }),
  );
  return page;
}

/** Screenshot into tests/e2e/artifacts/NAME.png. */
export async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

/**
 * Locators/readers for the parts inside <baked-search>'s (open) shadow root. The default is the
 * inline box (the demo page also has a mode="modal" one).
 */
export function widget(page, selector = 'baked-search:not([mode="modal"])') {
  const host = page.locator(selector);
  return {
    host,
    input: host.locator('input[role="combobox"]'),
    options: host.locator('[role="option"]'),
    panel: host.locator('.panel'),
    status: host.locator('[role="status"]'),
    suggest: host.locator('.suggest button'),
    message: host.locator('.message:not(.suggest)'),
    head: host.locator('.head'),
    clearRecent: host.locator('.clear-recent'),
    footer: host.locator('.footer'),
    hint: host.locator('.box kbd'),
  };
}

/**
 * Opens a page made of `body` (HTML) at `/tests/fixtures/generated/NAME.html` on the test
 * server (answered by the route, nothing is written to disk), with `script` loading the widget
 * (default: the ES module build in www/dist/) and `htmlAttrs` on <html> (default lang="en").
 * Returns the page.
 */
export async function openHtml(context, base, name, body, { script, htmlAttrs = 'lang="en"' } = {}) {
  const page = await newPage(context, base);
  const url = new URL(`tests/fixtures/generated/${name}.html`, base).href;
  const tag = script ?? '<script type="module" src="/www/dist/bakedsearch.js"></script>';
  const html = `<!doctype html><html ${htmlAttrs}><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name}</title><link rel="icon" href="data:,">${tag}
<style>body { font: 16px/1.5 system-ui, sans-serif; margin: 0; } main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem; }</style>
</head><body><main><h1>${name}</h1>${body}</main></body></html>`;
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(url);
  return page;
}

/** Waits until no CSS animation or transition runs inside the element's shadow root. */
export async function settle(page, selector = 'baked-search') {
  await page.waitForFunction((sel) => {
    const root = document.querySelector(sel)?.shadowRoot;
    return root && root.getAnimations().every((a) => a.playState !== 'running');
  }, selector);
}

/**
 * Registers the suite's hooks: build dist/ if missing, serve the repository on loopback and
 * launch Chromium; closes both afterwards. Returns `{ browser, server, demo }`, filled in once
 * the `before` hook has run.
 */
export function useBrowserAndServer() {
  const env = {
    browser: null,
    server: null,
    /** The demo page's URL on the test server. */
    get demo() {
      return new URL('www/index.html', env.server.url).href;
    },
  };
  before(async () => {
    ensureBuilt();
    env.server = await serveRepo();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** The single-file fixture page (the classic script with the wasm inlined), as a file:// URL. */
export const singleFileUrl = pathToFileURL(path.join(repoRoot, 'tests', 'fixtures', 'single-file.html')).href;

/** Opens the single-file fixture from file:// in a new page of `context`; uncaught page errors collect in `page.problems`. */
export async function openSingleFile(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  await page.goto(singleFileUrl);
  return page;
}

/**
 * Builds examples/<name> into `out` with build.mjs (module bundles only, reused when its
 * inputs did not change); resolves with the build's output, rejects with it on failure.
 */
export function buildExample(name, out) {
  const args = [
    path.join(www, 'scripts', 'build.mjs'),
    '--corpus',
    path.join(repoRoot, 'examples', name),
    '--out',
    out,
    '--no-single',
    '--if-changed',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: www, env: process.env });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(log) : reject(new Error(`build of examples/${name} failed (${code}):\n${log.slice(-4000)}`))));
  });
}

const axePath = requireFromWww.resolve('axe-core/axe.min.js');

/** axe-core's violations on the page, once the widget has settled (no half-faded panel). */
export async function axeViolations(page) {
  await settle(page);
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary}`),
    }));
  });
}
