// A strict Content-Security-Policy (sent with every file, the worker script included) and
// Trusted Types: the widget is styled (adopted stylesheet, not a blocked <style>), builds its
// markup without HTML strings, starts its worker, and searches. These are the policies the
// README's "Content-Security-Policy" section gives.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureBuilt, launchBrowser, newPage, serveRepo, shot, widget } from './helpers.mjs';

/** The ES module build: it fetches bakedsearch_bg.wasm (connect-src) and starts a worker (script-src). */
export const POLICY_MODULE =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; require-trusted-types-for 'script'";
/** The single-file build: the wasm is inlined, nothing is fetched. */
export const POLICY_SINGLE = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; require-trusted-types-for 'script'";

let browser;
const servers = {};
before(async () => {
  ensureBuilt();
  browser = await launchBrowser();
  servers.module = await serveRepo({ 'Content-Security-Policy': POLICY_MODULE });
  servers.single = await serveRepo({ 'Content-Security-Policy': POLICY_SINGLE });
  servers.plain = await serveRepo();
});
after(async () => {
  await browser?.close();
  for (const s of Object.values(servers)) await s.close();
});

/** Opens `path` on `server`, recording CSP violations (except the favicon) in `page.violations`. */
async function open(server, path, init) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      if (!/favicon/.test(e.blockedURI)) window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  if (init) await context.addInitScript(init);
  const page = await newPage(context, server.url);
  await page.goto(new URL(path, server.url).href);
  return { context, page };
}

/** Searches `query` in the element `selector`; returns what shows and how the panel is styled. */
async function searchAndLook(page, selector, query) {
  const w = widget(page, selector);
  await w.host.evaluate((el, q) => el.search(q), query);
  return w.host.evaluate((el) => {
    const root = el.shadowRoot;
    const panel = root.querySelector('.panel');
    const box = root.querySelector('.box');
    const first = root.querySelector('[role="option"]');
    return {
      options: root.querySelectorAll('[role="option"]').length,
      marks: root.querySelectorAll('mark').length,
      usesWorker: el.usesWorker,
      panelPosition: getComputedStyle(panel).position,
      panelShadow: getComputedStyle(panel).boxShadow !== 'none',
      boxRadius: getComputedStyle(box).borderTopLeftRadius,
      titleWeight: getComputedStyle(first.querySelector('.title')).fontWeight,
      styleElements: root.querySelectorAll('style').length,
      adopted: root.adoptedStyleSheets?.length ?? 0,
    };
  });
}

const filtered = (problems) => problems.filter((p) => !/favicon/.test(p));

test('strict CSP + Trusted Types, ES module build: styled, results on the main thread and in the worker', async () => {
  const { context, page } = await open(servers.module, 'tests/fixtures/csp.html');
  for (const [selector, inWorker] of [['#main', false], ['#worker', true]]) {
    const seen = await searchAndLook(page, selector, 'deterrence');
    assert.ok(seen.options >= 3, `${selector}: ${JSON.stringify(seen)}`);
    assert.ok(seen.marks >= 3, `${selector}: highlights`);
    assert.equal(seen.usesWorker, inWorker, `${selector}: worker`);
    assert.equal(seen.panelPosition, 'absolute', `${selector}: the panel is styled`);
    assert.equal(seen.panelShadow, true);
    assert.equal(seen.boxRadius, '8px');
    assert.equal(seen.titleWeight, '600');
    assert.deepEqual([seen.styleElements, seen.adopted], [0, 1], 'an adopted stylesheet, no <style>');
    if (selector === '#main') await shot(page, 'csp-module');
    await widget(page, selector).host.evaluate((el) => el.close());
  }
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(filtered(page.problems), []);
  await context.close();
});

test('strict CSP + Trusted Types, single-file build over http: styled, results, nothing fetched', async () => {
  const { context, page } = await open(servers.single, 'tests/fixtures/csp-single.html');
  const seen = await searchAndLook(page, 'baked-search', 'deterrence');
  assert.ok(seen.options >= 2, JSON.stringify(seen));
  assert.equal(seen.panelPosition, 'absolute');
  assert.equal(seen.boxRadius, '8px');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(filtered(page.problems), []);
  await shot(page, 'csp-single');
  await context.close();
});

test('without constructable stylesheets the widget falls back to a <style> element', async () => {
  const { context, page } = await open(servers.plain, 'tests/fixtures/csp.html', () => {
    delete ShadowRoot.prototype.adoptedStyleSheets;
  });
  const seen = await searchAndLook(page, '#main', 'deterrence');
  assert.ok(seen.options >= 3);
  assert.equal(seen.panelPosition, 'absolute');
  assert.equal(seen.styleElements, 1);
  await context.close();
});
