// The example corpora (examples/<format>/, each with its bakedsearch.toml): each is built into
// www/.cache/examples/example-<format>/ (`build.mjs --if-changed` rebuilds only when the
// example, its configuration, the Rust sources or the widget changed; the first run takes
// about a minute of wasm compilation per example), then the widget searches it in Chromium: a
// word from one known document finds that document, its display fields are shown, and the
// facet groups of the example's configuration are there and filter.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildExample, openHtml, repoRoot, shot, useBrowserAndServer, widget, www } from './helpers.mjs';

const env = useBrowserAndServer();

/**
 * Per example: a word that occurs in one document only, that document's title, a value shown
 * in its meta line, the facet groups (labels, in configuration order) and one facet value of
 * the document (group label, value).
 */
const EXAMPLES = [
  {
    name: 'markdown',
    query: 'taxes',
    title: /^Restoring files from a snapshot$/,
    meta: 'guide',
    groups: ['Category', 'Tags', 'Year'],
    value: ['Category', 'guide'],
  },
  {
    name: 'html',
    query: 'cumin',
    title: /^Red lentil soup with cumin/,
    meta: 'soups',
    groups: ['Category', 'Tags', 'Year'],
    value: ['Category', 'soups'],
  },
  {
    name: 'text',
    query: 'harriers',
    title: /^Heron Marsh boardwalk$/,
    meta: 'Coast',
    groups: ['Region', 'Difficulty', 'Tags', 'Year'],
    value: ['Region', 'Coast'],
  },
  {
    name: 'json',
    query: 'traders',
    title: /^The Salt Roads$/,
    meta: 'Maren Olsby',
    groups: ['Category', 'Tags', 'Year'],
    value: ['Category', 'novel'],
  },
  {
    name: 'jsonl',
    query: 'camera',
    title: /^How to unlock a bike$/,
    meta: 'Help center',
    groups: ['Source', 'Tags', 'Year'],
    value: ['Source', 'Help center'],
  },
];

describe('example corpora', () => {
  for (const ex of EXAMPLES) {
    const dir = path.join(repoRoot, 'examples', ex.name);
    const skip = existsSync(path.join(dir, 'bakedsearch.toml')) ? false : `examples/${ex.name} is absent`;
    test(`examples/${ex.name}: "${ex.query}" finds its document; facet groups ${ex.groups.join(', ')}`, { skip, timeout: 20 * 60 * 1000 }, async () => {
      const out = path.join(www, '.cache', 'examples', `example-${ex.name}`);
      const started = Date.now();
      const log = await buildExample(ex.name, out);
      const upToDate = /up to date/.test(log);
      console.log(`examples/${ex.name}: ${upToDate ? 'reused' : 'built'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

      const context = await env.browser.newContext({ viewport: { width: 900, height: 760 } });
      const script = `<script type="module" src="/${path.relative(repoRoot, out).split(path.sep).join('/')}/bakedsearch.js"></script>`;
      const page = await openHtml(context, env.server.url, `example-${ex.name}`, '<baked-search></baked-search>', { script });
      const w = widget(page);
      // The results are the page options; a page's sections (headings with ids, as in the
      // Markdown example) are options of their own after it (see sections.test.mjs).
      const pages = w.host.locator('[role="option"]:not(.section)');
      const info = await page.evaluate(async (src) => {
        const m = await import(src);
        await m.default();
        return m.indexInfo();
      }, `/${path.relative(repoRoot, out).split(path.sep).join('/')}/bakedsearch.js`);
      assert.match(info.corpus, new RegExp(`corpus=${ex.name};`), 'the bundle holds this example');

      await w.input.click();
      await w.input.pressSequentially(ex.query, { delay: 10 });
      await w.options.first().waitFor();
      const results = await pages.evaluateAll((os) =>
        os.map((o) => ({
          title: o.querySelector('.title')?.textContent ?? '',
          meta: [...o.querySelectorAll('.meta span')].map((s) => s.textContent).join(' · '),
          marks: [...o.querySelectorAll('mark')].length,
        })),
      );
      assert.equal(results.length, 1, `one document has "${ex.query}": ${JSON.stringify(results)}`);
      assert.match(results[0].title, ex.title);
      assert.ok(results[0].meta.split(/ · |, /).includes(ex.meta), `meta line "${results[0].meta}" shows ${ex.meta}`);
      assert.ok(results[0].marks >= 1, 'the match is highlighted');

      // The configured facet groups, with the document's value counted once.
      const groups = await w.host.evaluate((el) =>
        [...el.shadowRoot.querySelectorAll('.facet[role="group"]')].map((g) => ({
          label: el.shadowRoot.getElementById(g.getAttribute('aria-labelledby')).textContent,
          values: [...g.querySelectorAll('.chip')].map((c) => c.textContent.replace(/\s+/g, ' ').trim()),
        })),
      );
      const labels = groups.map((g) => g.label);
      assert.deepEqual(labels, ex.groups.filter((l) => labels.includes(l)), 'configuration order');
      assert.ok(labels.includes(ex.value[0]), `a ${ex.value[0]} group among ${labels}`);
      const group = groups.find((g) => g.label === ex.value[0]);
      assert.ok(group.values.includes(`${ex.value[1]} (1)`), `${ex.value[0]}: ${group.values}`);

      // Filtering by that value with an empty box lists every document that has it.
      await w.host.getByRole('group', { name: ex.value[0] }).getByRole('checkbox', { name: `${ex.value[1]} (1)` }).click();
      await w.input.fill('');
      await w.options.first().waitFor();
      const all = await page.evaluate(
        async ([src, field, value]) => {
          const m = await import(src);
          return m.searchDetailed('', { filters: { [field]: value } }).total;
        },
        [`/${path.relative(repoRoot, out).split(path.sep).join('/')}/bakedsearch.js`, info.facets[ex.groups.indexOf(ex.value[0])], ex.value[1]],
      );
      assert.ok(all >= 1);
      assert.equal(await pages.count(), Math.min(all, 10));
      await shot(page, `example-${ex.name}`);
      assert.deepEqual(page.problems, []);
      await context.close();
    });
  }
});
