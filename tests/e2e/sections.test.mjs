// Page sections in the widget: a result's `sections` are listed under it as options of the
// combobox (heading, highlighted excerpt, a link to page#id that passes the link policy),
// reachable with ↑/↓ in visual order, named for screen readers with their page, styled
// through ::part, handed to renderResult, and reported by `select`. The first tests run over
// the mock engine with sections (sections-glue.js); the last one builds examples/docs (a
// small docs site whose h2/h3 headings have ids) with the real engine.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { copyPages, docsDist } from '../../www/dev/build-docs-demo.mjs';
import { assembleMock } from '../../www/scripts/build.mjs';
import { axeViolations, buildExample, newPage, openHtml, repoRoot, settle, shot, useBrowserAndServer, widget } from './helpers.mjs';

const env = useBrowserAndServer();
const glue = path.join(repoRoot, 'tests', 'e2e', 'sections-glue.js');

async function openMock(body, name, viewport = { width: 900, height: 900 }) {
  const { esm } = assembleMock({ glue, single: false });
  const context = await env.browser.newContext({ viewport });
  await context.route('**/www/dist/bakedsearch.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: esm }));
  const page = await openHtml(context, env.server.url, name, body);
  return { context, page, w: widget(page) };
}

/** Every option in DOM order: { id, kind, href, heading, snippet, marks, srText, text }. */
function optionsOf(w) {
  return w.options.evaluateAll((os) =>
    os.map((o) => ({
      id: o.id,
      kind: o.part.contains('section') ? 'section' : 'page',
      href: o.getAttribute('href'),
      title: o.querySelector('[part~="title"]')?.textContent ?? null,
      heading: o.querySelector('[part~="section-heading"]')?.textContent ?? null,
      snippet: o.querySelector('[part~="section-snippet"]')?.textContent ?? null,
      marks: o.querySelectorAll('mark').length,
      srText: o.querySelector('.sr-only')?.textContent ?? null,
    })),
  );
}


test('sections are options under their page: heading, excerpt, #id link under the link policy, screen-reader text; at most three', async () => {
  const { context, page, w } = await openMock('<baked-search></baked-search>', 'sections-mock');
  await w.host.evaluate((el) => el.search('deterrence'));
  const options = await optionsOf(w);
  const here = new URL('tests/fixtures/generated/sections-mock.html', env.server.url);
  const alliance = options.findIndex((o) => o.kind === 'page' && /Deterrence Commitment/.test(o.title));
  assert.ok(alliance >= 0, JSON.stringify(options));
  const under = options.slice(alliance + 1, alliance + 4);
  assert.deepEqual(
    under.map((o) => [o.kind, o.heading, o.href]),
    [
      ['section', 'Nuclear planning and deterrence', new URL('guide/alliance.html#planning', here).href],
      ['section', 'Joint exercises', new URL('guide/alliance.html#exercises', here).href],
      ['section', 'A long alliance', new URL('guide/alliance.html#history', here).href],
    ],
    'the engine order, three at most',
  );
  assert.equal(options[alliance + 4]?.kind ?? 'page', 'page', 'the fourth section is not listed');
  assert.match(under[0].snippet, /consult on deterrence/);
  assert.ok(under[0].marks >= 2, 'heading and excerpt highlighted');
  assert.equal(under[0].srText, ', section of Allies Reaffirm Extended Deterrence Commitment');
  assert.equal(options[alliance].id, `${under[0].id.replace(/-s0$/, '')}`, 'section ids follow their page option');

  // The hostile section: markup shown as text, its javascript: URL refused (the page's #id).
  const drills = options.find((o) => o.kind === 'section' && o.heading.includes('Readiness'));
  assert.equal(drills.heading, 'Readiness <b>drills</b>');
  assert.equal(drills.href, '#mock-drills');
  assert.equal(await w.host.locator('img, b').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assert.equal(await w.host.locator('.count').textContent(), '3 results', 'the count is of pages');
  await shot(page, 'sections-mock');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('↑/↓ go through page and section options in visual order (aria-activedescendant); Enter on a section fires select with the section', async () => {
  const { context, page, w } = await openMock('<baked-search></baked-search>', 'sections-keys');
  await w.input.click();
  await w.input.fill('deterrence');
  await w.options.nth(4).waitFor();
  const ids = await w.options.evaluateAll((os) => os.map((o) => o.id));
  const visual = await w.options.evaluateAll((os) => os.map((o) => [o.id, o.getBoundingClientRect().top]).sort((a, b) => a[1] - b[1]).map(([id]) => id));
  assert.deepEqual(ids, visual, 'DOM order is visual order');
  for (const id of ids) {
    await page.keyboard.press('ArrowDown');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), id);
    assert.equal(await w.host.locator(`[id="${id}"]`).getAttribute('aria-selected'), 'true');
  }
  await page.keyboard.press('ArrowDown'); // past the last: back to the first
  assert.equal(await w.input.getAttribute('aria-activedescendant'), ids[0]);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await w.input.getAttribute('aria-activedescendant'), ids[ids.length - 1]);

  // Axe with a section active.
  await w.host.evaluate((el) => el.close());
  await w.input.click();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const activeId = await w.input.getAttribute('aria-activedescendant');
  assert.match(activeId, /-s0$/, 'the second option is the first section');
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  await shot(page, 'sections-active');

  await page.evaluate(() => {
    document.querySelector('baked-search').addEventListener('select', (e) => {
      e.preventDefault();
      window.__selected = { url: e.detail.url, page: e.detail.result.url, id: e.detail.result.id, section: e.detail.section };
    }, { once: true });
  });
  await page.keyboard.press('Enter');
  const selected = await page.evaluate(() => window.__selected);
  const here = new URL('tests/fixtures/generated/sections-keys.html', env.server.url);
  assert.equal(selected.id, 'mock-alliance');
  assert.equal(selected.url, new URL('guide/alliance.html#planning', here).href);
  assert.equal(selected.page, new URL('guide/alliance.html', here).href);
  assert.equal(selected.section.id, 'planning');
  assert.equal(selected.section.url, selected.url, 'section.url: the link as shown');
  assert.equal(selected.section.heading, 'Nuclear planning and deterrence');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('::part(section), section-heading and section-snippet style them; fields without "sections" hides them', async () => {
  const { context, page, w } = await openMock(
    `<style>baked-search::part(section) { border-inline-start-color: rgb(1, 2, 3); }
     baked-search::part(section-heading) { color: rgb(4, 5, 6); } baked-search::part(section-snippet) { color: rgb(7, 8, 9); }</style>
     <baked-search id="all"></baked-search><baked-search id="some" fields="title,snippet"></baked-search>`,
    'sections-parts',
  );
  const all = widget(page, '#all');
  await all.host.evaluate((el) => el.search('deterrence'));
  const styles = await all.host.evaluate((el) => {
    const root = el.shadowRoot;
    const css = (sel, prop) => getComputedStyle(root.querySelector(sel))[prop];
    return [css('.section', 'borderInlineStartColor'), css('.section-heading', 'color'), css('.section-snippet', 'color')];
  });
  assert.deepEqual(styles, ['rgb(1, 2, 3)', 'rgb(4, 5, 6)', 'rgb(7, 8, 9)']);
  const some = widget(page, '#some');
  await some.host.evaluate((el) => el.search('deterrence'));
  assert.equal(await some.host.locator('.section').count(), 0);
  assert.equal(await some.options.count(), 3);
  void w;
  await context.close();
});

test('renderResult gets the sections: `sections` (with href) for the page, `section` for each section option', async () => {
  const { context, page, w } = await openMock('<baked-search></baked-search>', 'sections-render');
  await w.host.evaluate((el) => {
    window.__calls = [];
    el.renderResult = (result, { index, href, section, sections, highlight }) => {
      window.__calls.push({ id: result.id, index, href, section: section ? section.id : null, sections: sections.map((s) => [s.id, s.href]) });
      const div = document.createElement('div');
      if (section) {
        div.className = 'custom-section';
        const b = document.createElement('b');
        b.append(highlight(section.heading, section.headingHighlights));
        div.append('§ ', b, ` (${sections.length} in ${result.title})`);
      } else {
        div.className = 'custom-page';
        const strong = document.createElement('strong');
        strong.append(highlight(result.title, result.titleHighlights));
        div.append('▪ ', strong, sections.length ? ` · ${sections.length} sections` : '');
      }
      return div;
    };
  });
  await w.host.evaluate((el) => el.search('deterrence'));
  const calls = await page.evaluate(() => window.__calls);
  const alliance = calls.filter((c) => c.id === 'mock-alliance');
  assert.deepEqual(alliance.map((c) => c.section), [null, 'planning', 'exercises', 'history']);
  const here = new URL('tests/fixtures/generated/sections-render.html', env.server.url);
  assert.deepEqual(alliance[0].sections, [
    ['planning', new URL('guide/alliance.html#planning', here).href],
    ['exercises', new URL('guide/alliance.html#exercises', here).href],
    ['history', new URL('guide/alliance.html#history', here).href],
  ]);
  assert.equal(alliance[1].href, alliance[0].sections[0][1], 'a section call gets the section link as href');
  assert.equal(await w.host.locator('.custom-section').count(), 4);
  assert.equal(await w.host.locator('.section .sr-only').count(), 4, 'the element keeps the screen-reader text');
  await w.input.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.match(await w.input.getAttribute('aria-activedescendant'), /-s0$/);
  await shot(page, 'sections-custom-renderer');
  assert.deepEqual(page.problems, []);
  await context.close();
});

// examples/docs, built once into www/dist-docs/ as the docs demo (www/docs.html) uses it.
let docsBuild = null;
function buildDocs() {
  docsBuild ||= buildExample('docs', docsDist).then((log) => {
    copyPages(docsDist);
    return log;
  });
  return docsBuild;
}

/** Asserts that the engine in the docs build returns `sections` on every result. */
async function assertEngineSections(page, bundle) {
  const has = await page.evaluate(async (src) => {
    const m = await import(src);
    await m.default();
    const results = m.searchDetailed('timeout').results;
    return results.length > 0 && results.every((r) => Array.isArray(r.sections));
  }, bundle);
  assert.ok(has, 'the engine in the docs build returns SearchResult.sections on every result');
}

test('examples/docs with the real engine: sub-results with working #id links, the best section first', { timeout: 20 * 60 * 1000 }, async () => {
  await buildDocs();
  const bundle = `/${path.relative(repoRoot, docsDist).split(path.sep).join('/')}/bakedsearch.js`;
  const context = await env.browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await openHtml(context, env.server.url, 'sections-docs', '<baked-search base-url="/examples/docs/"></baked-search>', {
    script: `<script type="module" src="${bundle}"></script>`,
  });
  await assertEngineSections(page, bundle);
  const w = widget(page);
  const detail = await w.host.evaluate((el) => el.search('timeout'));
  const byId = Object.fromEntries(detail.results.map((r) => [r.id, r]));
  const config = byId.configuration;
  assert.ok(config, `configuration among ${Object.keys(byId)}`);
  assert.ok(Array.isArray(config.sections), 'results carry sections');
  // "timeout" is all over Timeouts and said once in Routes; Listen address (before them) has none.
  assert.deepEqual(config.sections.map((s) => s.id).slice(0, 2), ['timeouts', 'routes'], JSON.stringify(config.sections));
  assert.ok(config.sections.length <= 3);
  assert.ok(config.sections[0].highlights.length > 0);
  const options = await optionsOf(w);
  const at = options.findIndex((o) => o.kind === 'page' && o.title === config.title);
  const origin = new URL(env.server.url).origin;
  assert.equal(options[at].href, `${origin}/examples/docs/configuration.html`);
  assert.deepEqual([options[at + 1].kind, options[at + 1].heading], ['section', 'Timeouts']);
  assert.equal(options[at + 1].href, `${origin}/examples/docs/configuration.html#timeouts`);
  assert.ok(options[at + 1].marks > 0, 'the excerpt is highlighted');
  assert.equal(options[at + 1].srText, `, section of ${config.title}`);
  await settle(page); // the list fades in: a shot before that is pale
  await shot(page, 'sections-docs');

  // The keyboard reaches the section; Enter opens the page at the heading.
  await w.input.focus();
  for (let i = 0; i <= at + 1; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await w.input.getAttribute('aria-activedescendant'), options[at + 1].id);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${origin}/examples/docs/configuration.html#timeouts`);
  const target = await page.evaluate(() => {
    const h = document.querySelector(':target');
    return h && [h.tagName, h.id, h.textContent];
  });
  assert.deepEqual(target, ['H3', 'timeouts', 'Timeouts'], 'the heading is the :target');
  await context.close();
});

/** Opens the docs demo (www/docs.html) in a new context: { context, page, w }. */
async function openDocsDemo(label) {
  const phone = label === 'phone';
  const viewport = phone ? { width: 360, height: 740 } : { width: 1100, height: 800 };
  const context = await env.browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
  const page = await newPage(context, env.server.url);
  await page.goto(new URL('www/docs.html', env.server.url).href);
  const w = widget(page, 'baked-search');
  await w.host.locator('.trigger').waitFor();
  return { context, page, w, viewport };
}

test('the docs demo (www/docs.html): the header button (Ctrl K) opens the search dialog over examples/docs; axe clean', { timeout: 20 * 60 * 1000 }, async () => {
  await buildDocs();
  for (const label of ['desktop', 'phone']) {
    const { context, page, w, viewport } = await openDocsDemo(label);
    assert.equal(await w.host.locator('.trigger-hint').textContent(), 'Ctrl K');
    assert.equal(await w.host.locator('.trigger-label').textContent(), 'Search the docs');
    await shot(page, `docs-demo-${label}`);
    await page.keyboard.press('Control+k');
    await w.input.pressSequentially('timeout', { delay: 10 });
    await w.options.first().waitFor();
    await page.keyboard.press('ArrowDown');
    const titles = await w.host.locator('.title').allTextContents();
    assert.ok(titles.includes('Configuration | Ferrule docs'), JSON.stringify(titles));
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    const first = await w.options.first().boundingBox();
    assert.ok(first.y >= 0 && first.y + first.height <= viewport.height, `the first result is on screen: ${JSON.stringify(first)}`);
    await shot(page, `docs-demo-modal-${label}`);
    assert.deepEqual(page.problems, []);
    await context.close();
  }
});

test('the docs demo with the real engine: sections in the dialog, ↓ reaches them, a section link opens its heading', { timeout: 20 * 60 * 1000 }, async () => {
  await buildDocs();
  for (const label of ['desktop', 'phone']) {
    const { context, page, w, viewport } = await openDocsDemo(label);
    await assertEngineSections(page, '/www/dist-docs/bakedsearch.js');
    await page.keyboard.press('Control+k');
    await w.input.pressSequentially('timeout', { delay: 10 });
    await w.host.locator('.section').first().waitFor();
    const ids = await w.options.evaluateAll((os) => os.map((o) => o.id));
    const sectionAt = ids.findIndex((id) => /-s0$/.test(id));
    for (let i = 0; i <= sectionAt; i++) await page.keyboard.press('ArrowDown');
    const active = await w.input.getAttribute('aria-activedescendant');
    assert.equal(active, ids[sectionAt]);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    const box = await w.host.locator(`[id="${active}"]`).boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `the section is on screen: ${JSON.stringify(box)}`);
    await shot(page, `docs-demo-modal-sections-${label}`);
    const href = await w.host.locator(`[id="${active}"]`).evaluate((a) => a.href);
    assert.match(href, /\/www\/dist-docs\/pages\/[a-z-]+\.html#[a-z-]+$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(href);
    assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), new URL(href).hash.slice(1));
    assert.deepEqual(page.problems, []);
    await context.close();
  }
});

for (const [label, viewport, colorScheme] of [
  ['phone', { width: 360, height: 740 }, 'light'],
  ['dark', { width: 900, height: 900 }, 'dark'],
]) {
  test(`sections at ${viewport.width}×${viewport.height} (${colorScheme}): the first result and a section on screen, axe clean, screenshot`, async () => {
    const { esm } = assembleMock({ glue, single: false });
    const phone = label === 'phone';
    const context = await env.browser.newContext({ viewport, colorScheme, isMobile: phone, hasTouch: phone });
    await context.route('**/www/dist/bakedsearch.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: esm }));
    const page = await openHtml(context, env.server.url, `sections-${label}`, '<baked-search></baked-search>');
    const w = widget(page);
    await w.input.click();
    await w.input.fill('deterrence');
    await w.host.locator('.section').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const boxes = await w.host.evaluate((el) => {
      const r = (n) => n.getBoundingClientRect().toJSON();
      return { option: r(el.shadowRoot.querySelector('[role="option"]')), section: r(el.shadowRoot.querySelector('.section')) };
    });
    for (const [name, b] of Object.entries(boxes)) assert.ok(b.top >= 0 && b.bottom <= viewport.height && b.right <= viewport.width, `${name}: ${JSON.stringify(b)}`);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await shot(page, `sections-${label}`);
    assert.deepEqual(page.problems, []);
    await context.close();
  });
}
