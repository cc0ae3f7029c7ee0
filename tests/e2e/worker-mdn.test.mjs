// A large index: the MDN docs (about 60 MB of index) built into www/dist-mdn/ by
// `npm run build:mdn` (done here when missing; a few minutes). The element picks the Web Worker
// by itself; while a person types, the longest main-thread task (PerformanceObserver
// "longtask") and the keystroke → results latency are printed, for the worker and for
// worker="off". Timings are printed, never asserted. Skipped when the corpus is absent.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { buildMdn, mdnCorpus } from '../../www/scripts/build-mdn.mjs';
import { launchBrowser, openHtml, serveRepo, settle, shot, widget } from './helpers.mjs';

const corpus = mdnCorpus();
const skip = existsSync(corpus)
  ? false
  : 'the MDN corpus is absent (expected at ../shared/corpora/mdn/docs.jsonl.gz from the repository root, or MDN_CORPUS)';
if (skip) console.log(`worker-mdn: skipped: ${skip}`);

const QUERY = 'css grid template areas';

// Runs before any page script: records long tasks and, per keystroke, input → search latency.
const probe = () => {
  window.__longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  window.__latency = [];
  document.addEventListener(
    'input',
    (e) => {
      const el = e.composedPath().find((n) => n.localName === 'baked-search');
      if (!el) return;
      const query = el.value;
      const t0 = performance.now();
      el.addEventListener('search', function on(ev) {
        if (ev.detail.query !== el.value) return; // superseded: counted by the later keystroke
        el.removeEventListener('search', on);
        if (ev.detail.query === query) window.__latency.push(performance.now() - t0);
      });
    },
    true,
  );
};

let browser;
let server;

// Without the corpus: one skipped test that says why.
if (skip) test('large index (MDN) in a Web Worker', { skip }, () => {});

if (!skip) describe('large index (MDN) in a Web Worker', () => {
  before(
    async () => {
      buildMdn({ ifChanged: true });
      server = await serveRepo();
      browser = await launchBrowser();
    },
    { timeout: 30 * 60 * 1000 },
  );

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const q = (p) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN);
    return { n: s.length, median: q(0.5), max: s.length ? s[s.length - 1] : 0 };
  };

  for (const mode of ['auto', 'off']) {
    test(`typing over MDN, worker=${mode}: results appear; longest main-thread task printed`, async () => {
      const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
      await context.addInitScript(probe);
      const attr = mode === 'auto' ? '' : ' worker="off"';
      const page = await openHtml(
        context,
        server.url,
        `mdn-${mode}`,
        `<baked-search placeholder="Search MDN" limit="8"${attr}></baked-search>`,
        { script: '<script type="module" src="/www/dist-mdn/bakedsearch.js"></script>' },
      );
      const w = widget(page);
      const t0 = Date.now();
      const first = await w.host.evaluate((el) => el.search('fetch'));
      const loadMs = Date.now() - t0;
      assert.ok(first.results.length > 0, 'results for "fetch"');
      assert.equal(await w.host.evaluate((el) => el.usesWorker), mode === 'auto', 'a large index picks the worker by itself');

      const loadTasks = await page.evaluate(() => window.__longtasks.map((t) => t.duration));
      await w.input.click();
      await w.input.fill('');
      await page.evaluate(() => {
        window.__latency = [];
        window.__typingStart = performance.now();
      });
      await w.input.pressSequentially(QUERY, { delay: 60 });
      await page.waitForFunction(
        (q) => {
          const root = document.querySelector('baked-search').shadowRoot;
          return root.querySelector('input').value === q && root.querySelector('.count').textContent !== '';
        },
        QUERY,
      );
      await page.waitForTimeout(300);
      const m = await page.evaluate(() => ({
        tasks: window.__longtasks.filter((t) => t.start >= window.__typingStart).map((t) => t.duration),
        latency: window.__latency,
      }));
      const titles = await w.options.evaluateAll((os) => os.map((o) => o.querySelector('.title').textContent));
      assert.ok(titles.length > 0, 'results while typing');
      assert.ok(titles.some((t) => /grid/i.test(t)), `a grid page among ${titles.join(' | ')}`);

      const lt = stats(m.tasks);
      const lat = stats(m.latency);
      const ld = stats(loadTasks);
      console.log(
        `MDN worker=${mode}: load event → first results ${loadMs} ms, longest main-thread task until then ` +
          `${ld.n ? `${ld.max.toFixed(0)} ms` : 'none ≥ 50 ms'}; while typing ${JSON.stringify(QUERY)} ` +
          `(${QUERY.length} keys, 60 ms apart): longest main-thread task ${lt.n ? `${lt.max.toFixed(0)} ms` : 'none ≥ 50 ms'} ` +
          `(${lt.n} long tasks); keystroke → results median ${lat.median.toFixed(1)} ms, max ${lat.max.toFixed(1)} ms (${lat.n} searches shown)`,
      );
      if (mode === 'auto') {
        await settle(page);
        await shot(page, 'mdn-worker');
      }
      assert.deepEqual(page.problems, []);
      await context.close();
    });
  }
});
