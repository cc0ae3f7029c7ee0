// The Korean, Chinese and Japanese example corpora (examples/<language>/, each with its
// bakedsearch.toml) are built into www/.cache/examples/example-<language>/ and searched through
// the widget in Chromium: each known-item query (a word inside a compound, a word with a
// particle, two characters, width folding, mixed script) finds its article among the first
// three results, and the matched characters are highlighted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildExample, openHtml, repoRoot, shot, useBrowserAndServer, widget, www } from './helpers.mjs';

const env = useBrowserAndServer();

/** Per language, the known-item queries the native test runs too: { query, id, kind, marked? }. */
const LANGUAGES = ['korean', 'chinese', 'japanese'].map((name) => ({
  name,
  cases: JSON.parse(readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'known-items', `${name}.json`), 'utf8')),
}));

describe('CJK example corpora through the widget', () => {
  for (const lang of LANGUAGES) {
    test(`examples/${lang.name}: every known-item query finds its article at rank ≤ 3`, { timeout: 20 * 60 * 1000 }, async () => {
      const out = path.join(www, '.cache', 'examples', `example-${lang.name}`);
      await buildExample(lang.name, out);
      const src = `/${path.relative(repoRoot, out).split(path.sep).join('/')}/bakedsearch.js`;
      const context = await env.browser.newContext({ viewport: { width: 900, height: 760 } });
      const page = await openHtml(context, env.server.url, `languages-${lang.name}`, '<baked-search></baked-search>', {
        script: `<script type="module" src="${src}"></script>`,
      });
      const info = await page.evaluate(async (s) => {
        const m = await import(s);
        await m.default();
        window.__bs = m;
        return m.indexInfo();
      }, src);
      assert.equal(info.language, lang.name);
      const w = widget(page);
      for (const { query, id, kind, marked } of lang.cases) {
        const title = await page.evaluate((d) => window.__bs.getDocument(d)?.title, id);
        assert.ok(title, `${lang.name}: no document ${id}`);
        await w.input.fill('');
        await w.input.click();
        await w.input.pressSequentially(query, { delay: 10 });
        await page.waitForFunction(
          (t) => {
            const root = document.querySelector('baked-search').shadowRoot;
            return [...root.querySelectorAll('[role="option"] .title')].some((e) => e.textContent === t);
          },
          title,
          { timeout: 10000 },
        ).catch(() => {});
        // Page options only (a page's sections follow it as options of their own).
        const results = await w.host.locator('[role="option"]:not(.section)').evaluateAll((os) =>
          os.map((o) => ({
            title: o.querySelector('.title')?.textContent ?? '',
            marks: [...o.querySelectorAll('mark')].map((m) => m.textContent),
          })),
        );
        const rank = results.findIndex((r) => r.title === title);
        assert.ok(rank >= 0 && rank < 3, `${lang.name}: "${query}" (${kind}) should find "${title}" at rank ≤ 3: ${JSON.stringify(results)}`);
        assert.ok(results[rank].marks.length > 0, `${lang.name}: "${query}" highlights nothing`);
        if (marked) assert.ok(results[rank].marks.includes(marked), `${lang.name}: "${query}" highlights "${marked}": ${JSON.stringify(results[rank].marks)}`);
      }
      await shot(page, `languages-${lang.name}`);
      assert.deepEqual(page.problems, []);
      await context.close();
    });
  }
});
