// Cold start: navigation start → first result element in the page, for index.html?q=deterrence,
// in fresh browser contexts (empty caches). Printed, never asserted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, useBrowserAndServer } from './helpers.mjs';

const RUNS = 5;

// Runs before any page script: watches every shadow root for the first result option and
// stores performance.now() (milliseconds since navigation start) when it appears.
const probe = () => {
  const attach = Element.prototype.attachShadow;
  const seen = () => {
    if (window.__firstResultAt === undefined) window.__firstResultAt = performance.now();
  };
  Element.prototype.attachShadow = function attachShadow(init) {
    const root = attach.call(this, init);
    const mo = new MutationObserver(() => {
      if (root.querySelector('[role="option"]')) {
        seen();
        mo.disconnect();
      }
    });
    mo.observe(root, { childList: true, subtree: true });
    return root;
  };
};

const env = useBrowserAndServer();

test(`cold start to first result (median of ${RUNS} fresh loads)`, async () => {
  const url = new URL('www/index.html?q=deterrence', env.server.url).href;
  const times = [];
  const phases = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await env.browser.newContext();
    await context.addInitScript(probe);
    const page = await newPage(context, env.server.url);
    await page.goto(url);
    await page.waitForFunction(() => window.__firstResultAt !== undefined, null, { timeout: 15000 });
    const m = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      return {
        first: window.__firstResultAt,
        html: nav.responseEnd,
        wasm: wasm ? wasm.responseEnd : NaN,
        dcl: nav.domContentLoadedEventEnd,
      };
    });
    times.push(m.first);
    phases.push(m);
    assert.deepEqual(page.problems, []);
    await context.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(
    `cold start (navigation start → first result, ${RUNS} fresh loads): median ${median.toFixed(1)} ms ` +
      `[${times.map((t) => t.toFixed(1)).join(', ')}]`,
  );
  const med = (k) => {
    const v = phases.map((p) => p[k]).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)].toFixed(1);
  };
  console.log(
    `cold start phases (medians, ms since navigation start): html received ${med('html')}, ` +
      `wasm received ${med('wasm')}, DOMContentLoaded ${med('dcl')}, first result ${med('first')}`,
  );
});
