// Rendering hooks: a renderResult function draws each result's content (the element keeps
// the option, its link and the keyboard), and ::part names reach every visible piece.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openHtml, shot, useBrowserAndServer, widget } from './helpers.mjs';

const env = useBrowserAndServer();

test('renderResult draws the results; highlight() marks matches as text; keyboard and links still work', async () => {
  const context = await env.browser.newContext();
  const page = await openHtml(context, env.server.url, 'render-result', '<baked-search></baked-search>');
  const w = widget(page);
  await w.host.evaluate((el) => {
    el.renderResult = (result, { index, href, query, highlight }) => {
      const div = document.createElement('div');
      div.className = 'custom';
      const b = document.createElement('b');
      b.append(highlight(result.title, result.titleHighlights));
      div.append(`${index + 1}. `, b, ` [${query}] → ${href}`);
      return div;
    };
  });
  await w.host.evaluate((el) => el.search('deterrence'));
  const seen = await w.options.evaluateAll((os) =>
    os.map((o) => ({ custom: Boolean(o.querySelector('.custom')), marks: o.querySelectorAll('mark').length, text: o.textContent, href: o.getAttribute('href') })),
  );
  assert.ok(seen.length >= 3);
  seen.forEach((o, i) => {
    assert.equal(o.custom, true);
    assert.ok(o.text.startsWith(`${i + 1}. `), o.text);
    assert.ok(o.text.endsWith(`[deterrence] → ${o.href}`), o.text);
  });
  assert.ok(seen.some((o) => o.marks > 0), 'title highlights');
  await shot(page, 'render-result');
  await w.input.focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await w.input.getAttribute('aria-activedescendant'), await w.options.first().getAttribute('id'));

  // A string is shown as text; a renderer that throws falls back to the default rendering.
  await w.host.evaluate((el) => {
    el.renderResult = (r) => (r.id.startsWith('000') ? '<img src=x onerror="window.__pwned=1">' : null);
  });
  await w.host.evaluate((el) => el.search('deterrence'));
  assert.equal(await w.host.locator('img').count(), 0);
  assert.ok((await w.options.allTextContents()).some((t) => t === '<img src=x onerror="window.__pwned=1">'));
  assert.ok((await w.host.locator('.title').count()) >= 2, 'null: the default rendering');
  await w.host.evaluate((el) => {
    el.renderResult = () => {
      throw new Error('broken renderer');
    };
  });
  await w.host.evaluate((el) => el.search('nuclear'));
  assert.ok((await w.host.locator('.title').count()) >= 1);
  assert.equal(page.problems.filter((p) => /broken renderer/.test(p)).length, 1, 'reported once');
  await w.host.evaluate((el) => (el.renderResult = null));
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  await context.close();
});

test('::part names reach every visible piece, and page CSS styles them', async () => {
  const context = await env.browser.newContext();
  const page = await openHtml(
    context,
    env.server.url,
    'parts',
    `<style>baked-search::part(meta) { color: rgb(1, 2, 3); } baked-search::part(count) { color: rgb(4, 5, 6); }
     baked-search::part(mark) { background: rgb(7, 8, 9); }</style><baked-search></baked-search>`,
  );
  const w = widget(page);
  await w.host.evaluate((el) => el.search('deterrence'));
  const out = await w.host.evaluate((el) => {
    const root = el.shadowRoot;
    const parts = new Set([...root.querySelectorAll('[part]')].flatMap((n) => [...n.part]));
    return {
      parts: [...parts].sort(),
      meta: getComputedStyle(root.querySelector('.meta')).color,
      count: getComputedStyle(root.querySelector('.count')).color,
      mark: getComputedStyle(root.querySelector('mark')).backgroundColor,
    };
  });
  for (const p of ['box', 'input', 'hint', 'panel', 'filters', 'facet', 'facet-value', 'sort', 'listbox', 'option', 'title', 'meta', 'date', 'field', 'snippet', 'mark', 'footer', 'count', 'keys', 'message']) {
    assert.ok(out.parts.includes(p), `part ${p} missing: ${out.parts}`);
  }
  assert.deepEqual([out.meta, out.count, out.mark], ['rgb(1, 2, 3)', 'rgb(4, 5, 6)', 'rgb(7, 8, 9)']);
  await context.close();
});
