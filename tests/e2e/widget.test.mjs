// <baked-search> in a real browser: searching, highlights, keyboard, XSS, embedding.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assembleMock } from '../../www/scripts/build.mjs';
import { newPage, seedsText, shot, singleFileUrl, useBrowserAndServer, widget } from './helpers.mjs';

const env = useBrowserAndServer();

async function openDemo(options = {}, query = '') {
  const context = await env.browser.newContext({ viewport: { width: 900, height: 760 }, ...options });
  const page = await newPage(context, env.server.url);
  await page.goto(env.demo + query);
  return { context, page, w: widget(page) };
}

describe('demo page', () => {
  test('typing "deterrence" shows ranked results from the seeds with <mark> highlights', async () => {
    const { context, page, w } = await openDemo();
    await shot(page, 'empty');
    await w.input.click();
    await w.input.pressSequentially('deterrence', { delay: 20 });
    await w.options.first().waitFor();

    const results = await w.host.evaluate((el) =>
      [...el.shadowRoot.querySelectorAll('[role="option"]')].map((o) => ({
        title: o.querySelector('.title').textContent,
        marks: [...o.querySelectorAll('mark')].map((m) => m.textContent),
        href: o.getAttribute('href'),
      })),
    );
    const seeds = seedsText();
    assert.ok(results.length >= 3, `expected the 3 seed articles, got ${results.length}`);
    for (const r of results) {
      assert.ok(r.title.trim().length > 0, 'a result without a title');
      assert.ok(seeds.includes(r.title), `title not found in seeds/: ${r.title}`);
      assert.ok(r.href && r.href.length > 1, 'result link has an href');
    }
    const allMarks = results.flatMap((r) => r.marks);
    assert.ok(allMarks.length >= results.length, 'every result highlights something');
    assert.ok(allMarks.some((m) => /deterrence/i.test(m)), `marks: ${JSON.stringify(allMarks)}`);
    for (const m of allMarks) assert.match(m, /deter/i, 'marks are matches of the query');

    // Announced politely.
    await page.waitForFunction(
      () => /\d+ results?/.test(document.querySelector('baked-search').shadowRoot.querySelector('[role="status"]').textContent),
    );
    assert.equal(await w.input.getAttribute('aria-expanded'), 'true');
    await shot(page, 'results');
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('keyboard: ↓ sets aria-activedescendant, Enter follows the link, Esc closes then clears', async () => {
    const { context, page, w } = await openDemo();
    await w.input.click();
    await w.input.fill('deterrence');
    await w.options.first().waitFor();

    assert.equal(await w.input.getAttribute('aria-activedescendant'), null);
    await page.keyboard.press('ArrowDown');
    const first = await w.options.nth(0).getAttribute('id');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), first);
    assert.equal(await w.options.nth(0).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('ArrowDown');
    const second = await w.options.nth(1).getAttribute('id');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), second);
    assert.equal(await w.options.nth(0).getAttribute('aria-selected'), 'false');
    await page.keyboard.press('ArrowUp');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), first);
    await shot(page, 'keyboard-active');

    // Enter activates the active result: its link is followed.
    const href = await w.options.nth(0).evaluate((a) => a.href);
    await page.evaluate(() => {
      window.__selected = null;
      document.querySelector('baked-search').addEventListener('select', (e) => {
        window.__selected = e.detail.result.id;
      }, { once: true });
    });
    await page.keyboard.press('Enter');
    await page.waitForURL(href);
    assert.equal(page.url(), href);
    if (new URL(href).origin === new URL(env.demo).origin) {
      assert.ok(await page.evaluate(() => window.__selected), 'select event carries the result');
      // A document without a URL links to #id, and the demo shows it.
      await page.locator('#doc h2').waitFor();
      assert.ok((await page.locator('#doc .body').textContent()).length > 0);
      await shot(page, 'document');
      await page.goto(env.demo);
    } else {
      await page.goBack();
    }

    // Esc closes the list (the query stays), a second Esc clears the box.
    await w.input.click();
    await w.input.fill('deterrence');
    await w.options.first().waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await w.input.inputValue(), 'deterrence');
    assert.equal(await w.panel.isHidden(), true);
    assert.equal(await w.input.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Escape');
    assert.equal(await w.input.inputValue(), '');
    assert.equal(await w.options.count(), 0);
    assert.equal(await w.panel.isHidden(), true);
    assert.equal(await w.input.getAttribute('aria-expanded'), 'false');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), null);
    await context.close();
  });

  test('"/" and Ctrl-K focus the box, but not while typing in another field', async () => {
    const { context, page, w } = await openDemo();
    const focused = () => w.host.evaluate((el) => el.shadowRoot.activeElement?.id === 'input');
    await page.locator('h1').click();
    await page.keyboard.press('/');
    assert.equal(await focused(), true, '/ focuses');
    assert.equal(await w.input.inputValue(), '', 'the slash is not typed into the box');

    await page.locator('h1').click();
    assert.equal(await focused(), false);
    await page.keyboard.press('Control+k');
    assert.equal(await focused(), true, 'Ctrl-K focuses');

    await page.evaluate(() => {
      const other = document.createElement('input');
      other.id = 'other';
      other.setAttribute('aria-label', 'other');
      document.querySelector('main').append(other);
    });
    await page.locator('#other').click();
    await page.keyboard.type('a/b');
    assert.equal(await page.locator('#other').inputValue(), 'a/b');
    assert.equal(await focused(), false);
    await context.close();
  });

  test('no results: a message, and "Did you mean" when the engine has a correction', async () => {
    const { context, page, w } = await openDemo();
    await w.input.click();
    await w.input.fill('qqxzzvw');
    await w.message.waitFor();
    assert.match(await w.message.textContent(), /No results/);
    assert.equal(await w.options.count(), 0);
    await page.waitForFunction(
      () => /No results/.test(document.querySelector('baked-search').shadowRoot.querySelector('[role="status"]').textContent),
    );

    // "Did you mean": find misspellings the engine corrects (the words come from the seeds).
    const typos = await page.evaluate(async () => {
      const m = await import('./dist/bakedsearch.js');
      await m.default();
      const out = [];
      for (const q of ['deterrenxe', 'alliancce', 'deterrance', 'koreaa', 'securty', 'presidnt', 'nucleer', 'militray', 'blinkin']) {
        const r = m.searchDetailed(q);
        if (r.didYouMean) out.push({ q, fix: r.didYouMean, hits: r.results.length });
      }
      return out;
    });
    assert.ok(typos.length > 0, 'the engine suggests a correction for at least one common misspelling');
    // Prefer a misspelling that finds nothing (the no-results state), else one with fuzzy hits.
    const typo = typos.find((t) => t.hits === 0) ?? typos[0];
    await w.input.fill(typo.q);
    await w.suggest.waitFor();
    assert.equal(await w.suggest.textContent(), typo.fix);
    if (typo.hits === 0) assert.match(await w.message.textContent(), /No results/);
    await shot(page, 'did-you-mean');
    await w.suggest.click();
    assert.equal(await w.input.inputValue(), typo.fix);
    await w.options.first().waitFor();
    assert.equal(await w.suggest.isHidden(), true);
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('XSS: markup in the query is shown as text, never parsed', async () => {
    const { context, page, w } = await openDemo();
    const payload = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2</script>';
    await w.input.click();
    await w.input.fill(payload);
    await w.message.waitFor();
    assert.ok((await w.message.textContent()).includes(payload), 'the query is echoed verbatim as text');
    await shot(page, 'xss');
    await w.input.fill(`deterrence ${payload}`);
    await page.waitForTimeout(300);
    const injected = await page.evaluate(() => {
      const root = document.querySelector('baked-search').shadowRoot;
      return {
        img: document.querySelectorAll('img').length + root.querySelectorAll('img').length,
        script: root.querySelectorAll('script').length,
        pwned: window.__pwned ?? null,
      };
    });
    assert.deepEqual(injected, { img: 0, script: 0, pwned: null });
    assert.deepEqual(page.dialogs, []);
    await context.close();
  });

  test('XSS: markup and javascript: URLs in documents are shown as text / not linked (mock engine)', async () => {
    // The seeds are benign, so this runs the widget over the JavaScript mock engine, whose
    // documents carry <img onerror>, <script> and a javascript: URL.
    const { esm } = assembleMock();
    const context = await env.browser.newContext();
    const page = await newPage(context, env.server.url);
    await page.route('**/www/dist/bakedsearch.js', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: esm }),
    );
    await page.goto(env.demo);
    const w = widget(page);
    await w.input.click();
    await w.input.fill('drills');
    await w.options.first().waitFor();
    const option = w.options.first();
    assert.match(await option.locator('.title').textContent(), /<img src=x onerror=.*<b>near<\/b>/);
    assert.match(await option.locator('.meta').textContent(), /<script>/);
    assert.match(await option.locator('.meta').textContent(), /<img src=x onerror/, 'a display field with markup');
    assert.match(await option.locator('.snippet').textContent(), /<img src=x/);
    assert.match(await option.getAttribute('href'), /^#mock-drills$/);
    // Facet values with markup are text too, and filter like any other value.
    const chips = await w.host.locator('.chip').allTextContents();
    assert.ok(chips.some((c) => c.includes('<script>window.__pwned=2</script>Mock Post')), JSON.stringify(chips));
    assert.ok(chips.some((c) => c.includes('<img src=x onerror="window.__pwned=5">')), JSON.stringify(chips));
    await w.host.locator('.chip', { hasText: '<img src=x' }).click();
    await page.waitForFunction(() => document.querySelector('baked-search').shadowRoot.querySelector('.chip input:checked'));
    assert.equal(await w.options.count(), 1);
    await w.input.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    const state = await page.evaluate(() => ({
      img: document.querySelector('baked-search').shadowRoot.querySelectorAll('img, script, b').length,
      pwned: window.__pwned ?? null,
    }));
    assert.deepEqual(state, { img: 0, pwned: null });
    assert.deepEqual(page.dialogs, []);
    await shot(page, 'xss-documents');
    await context.close();
  });

  test('?q= prefills and runs the query on load; dark mode renders', async () => {
    const { context, page, w } = await openDemo({ colorScheme: 'dark' }, '?q=deterrence');
    await w.options.first().waitFor();
    assert.equal(await w.input.inputValue(), 'deterrence');
    const bg = await w.panel.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(bg, 'rgb(255, 255, 255)', 'dark palette applies');
    await shot(page, 'results-dark');
    await context.close();
  });

  test('narrow screen', async () => {
    const { context, page, w } = await openDemo({ viewport: { width: 390, height: 740 } }, '?q=deterrence');
    await w.options.first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
    assert.equal(overflow, false, 'no horizontal scrolling');
    await shot(page, 'results-mobile');
    await context.close();
  });
});

describe('embedding', () => {
  test('one <script type="module"> + <baked-search> on a plain page', async () => {
    const context = await env.browser.newContext();
    const page = await newPage(context, env.server.url);
    await page.goto(new URL('tests/fixtures/script-tag.html', env.server.url).href);
    const w = widget(page);
    await w.input.click();
    await w.input.pressSequentially('deterrence');
    await w.options.first().waitFor();
    assert.ok((await w.options.count()) >= 1);
    assert.ok((await w.host.locator('mark').count()) >= 1);
    assert.equal(await w.input.getAttribute('placeholder'), 'Search');
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('the single-file classic script works from file://', async () => {
    const context = await env.browser.newContext();
    const page = await newPage(context, env.server.url);
    await page.goto(singleFileUrl);
    const w = widget(page);
    await w.input.click();
    await w.input.pressSequentially('deterrence');
    await w.options.first().waitFor();
    assert.equal(await w.options.count(), 2, 'limit="2" is honoured');
    assert.equal(await w.input.getAttribute('placeholder'), 'Search offline');
    const api = await page.evaluate(() => {
      const b = window.bakedsearch;
      const info = b.indexInfo();
      const hit = b.search('deterrence', { limit: 1 })[0];
      return { documents: info.documents, doc: b.getDocument(hit.id)?.id === hit.id };
    });
    assert.ok(api.documents >= 3);
    assert.equal(api.doc, true);
    await shot(page, 'single-file');
    assert.deepEqual(page.problems, []);
    await context.close();
  });
});

describe('JS API (in the browser)', () => {
  test('search, searchDetailed, getDocument, indexInfo follow the documented contract', async () => {
    const context = await env.browser.newContext();
    const page = await newPage(context, env.server.url);
    await page.goto(new URL('tests/fixtures/script-tag.html', env.server.url).href);
    const out = await page.evaluate(async () => {
      const m = await import('../../www/dist/bakedsearch.js');
      await m.default();
      const problems = [];
      const check = (ok, msg) => ok || problems.push(msg);

      const info = m.indexInfo();
      check(info.documents >= 3 && info.terms > 0 && info.indexBytes > 0, `indexInfo: ${JSON.stringify(info)}`);
      check(Array.isArray(info.fields) && typeof info.version === 'string' && typeof info.corpus === 'string', 'indexInfo types');
      check(Number.isInteger(info.formatVersion), 'formatVersion');

      const results = m.search('deterrence');
      check(Array.isArray(results) && results.length >= 3, 'search returns the seeds');
      for (const r of results) {
        check(typeof r.id === 'string' && typeof r.title === 'string' && typeof r.score === 'number', 'result fields');
        for (const [text, ranges] of [[r.snippet, r.highlights], [r.title, r.titleHighlights]]) {
          for (const [s, e] of ranges) {
            check(Number.isInteger(s) && Number.isInteger(e) && s >= 0 && s < e && e <= text.length, `range ${s},${e}`);
            check(/deterrence/i.test(text.slice(s, e)), `highlight "${text.slice(s, e)}"`);
          }
        }
        const doc = m.getDocument(r.id);
        check(doc && doc.id === r.id && doc.title === r.title && typeof doc.text === 'string', `getDocument(${r.id})`);
      }
      const scores = results.map((r) => r.score);
      check(scores.every((s, i) => i === 0 || s <= scores[i - 1]), 'sorted by score');

      const detailed = m.searchDetailed('deterrence', { limit: 1 });
      check(detailed.results.length === 1 && detailed.total >= 3, `limit/total: ${detailed.total}`);
      check(detailed.didYouMean === null, `didYouMean is null when there is no correction, got ${detailed.didYouMean}`);
      const second = m.searchDetailed('deterrence', { limit: 1, offset: 1 }).results[0];
      check(second && second.id === results[1].id, 'offset pages');
      check(m.getDocument('no-such-document-id') === null, 'getDocument(unknown) is null');

      // Queries never throw.
      for (const q of ['', ' ', '"', '(', '*', '\u0000', '😀 deterrence', 'é'.repeat(3000), '<b>', 'AND OR NOT']) {
        try {
          m.search(q);
          m.searchDetailed(q, { fuzzy: false, prefix: false });
        } catch (err) {
          problems.push(`query ${JSON.stringify(q.slice(0, 20))} threw ${err}`);
        }
      }
      // Options of the wrong type throw an Error naming the option.
      for (const [name, options] of [['limit', { limit: 'ten' }], ['prefix', { prefix: 1 }], ['fuzzy', { fuzzy: 'yes' }], ['offset', { offset: -1 }], ['snippetWords', { snippetWords: '24' }]]) {
        try {
          m.search('deterrence', options);
          problems.push(`${name}: no error`);
        } catch (err) {
          check(err instanceof Error && err.message.includes(name), `${name}: ${err && err.message}`);
        }
      }
      return problems;
    });
    assert.deepEqual(out, []);
    await context.close();
  });
});

describe('phones', () => {
  test('360×740: facets fold behind "Filters (n)", the first result is on screen', async () => {
    const context = await env.browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    const page = await newPage(context, env.server.url);
    await page.goto(env.demo);
    const w = widget(page);
    await w.input.click();
    await w.input.fill('deterrence');
    await w.options.first().waitFor();
    const toggle = w.host.locator('.filters-toggle');
    assert.equal(await toggle.textContent(), 'Filters');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await w.host.locator('.chip').first().isVisible(), false, 'the facet groups are folded');
    const box = await w.options.first().boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= 740, `first result at ${box.y}..${box.y + box.height}`);
    const footer = await w.footer.boundingBox();
    assert.ok(box.y + box.height <= footer.y + 1, 'not under the footer');
    await shot(page, 'phone-results');

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await w.host.locator('.chip', { hasText: 'Yonhap' }).click();
    await page.waitForFunction(() => document.querySelector('baked-search').shadowRoot.querySelector('.filters-toggle').textContent === 'Filters (1)');
    assert.equal(await w.options.count(), 1);
    await shot(page, 'phone-filters');
    await toggle.click();
    assert.equal(await w.host.locator('.chip').first().isVisible(), false);
    assert.equal(await toggle.textContent(), 'Filters (1)');
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('wide boxes show the facet groups, no Filters button', async () => {
    const { context, w } = await openDemo({}, '?q=deterrence');
    await w.options.first().waitFor();
    assert.equal(await w.host.locator('.filters-toggle').isVisible(), false);
    assert.equal(await w.host.locator('.chip').first().isVisible(), true);
    await context.close();
  });
});
