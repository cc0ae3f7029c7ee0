// Facets, filters and date order in <baked-search>, over the seeds (bakedsearch.toml: display
// "source", facets "source" and "year"): the groups and their counts, filtering by a click or
// the keyboard, sorting, browsing with an empty box, the attributes and the worker path.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newPage, openHtml, openSingleFile, settle, shot, useBrowserAndServer, widget } from './helpers.mjs';

const env = useBrowserAndServer();

/** The facet groups shown: { label: ["value (count)", …] }, and which values are checked. */
const facetGroups = (w) =>
  w.host.evaluate((el) => {
    const root = el.shadowRoot;
    const bar = root.querySelector('.filters');
    if (!bar || bar.hidden) return null;
    const out = {};
    for (const g of root.querySelectorAll('.facet[role="group"]')) {
      const label = root.getElementById(g.getAttribute('aria-labelledby')).textContent;
      out[label] = [...g.querySelectorAll('.chip')].map(
        (c) => `${c.querySelector('input').checked ? '[x] ' : ''}${c.textContent.replace(/\s+/g, ' ').trim()}`,
      );
    }
    return out;
  });

/** The source shown under each result, in order. */
const sources = (w) =>
  w.options.evaluateAll((os) => os.map((o) => o.querySelector('.meta [data-field="source"]')?.textContent ?? null));

/** Waits until the live region says `text` (it waits for a pause in typing). */
const announced = (page, text, selector = 'baked-search') =>
  page.waitForFunction(
    ([sel, t]) => document.querySelector(sel).shadowRoot.querySelector('[role="status"]').textContent === t,
    [selector, text],
  );

const chip = (w, value) => w.host.locator('.chip', { hasText: value });

async function openDemo(options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 900, height: 760 }, ...options });
  const page = await newPage(context, env.server.url);
  await page.goto(env.demo);
  return { context, page, w: widget(page) };
}

describe('facets on the demo', () => {
  test('"deterrence": groups with counts; Yonhap leaves one result; Newest orders by date; clearing restores 3', async () => {
    const { context, page, w } = await openDemo();
    await w.input.click();
    await w.input.pressSequentially('deterrence', { delay: 10 });
    await w.options.first().waitFor();
    await announced(page, '3 results.');
    assert.deepEqual(await facetGroups(w), {
      Source: ['Reuters/CNA (1)', 'US State Department (1)', 'Yonhap (1)'],
      Year: ['2023 (2)'],
    });
    // The groups are named, the checkboxes are named by value and count.
    const group = w.host.getByRole('group', { name: 'Source' });
    assert.equal(await group.getByRole('checkbox').count(), 3);
    await group.getByRole('checkbox', { name: 'Yonhap (1)' }).waitFor();
    assert.equal(await w.host.getByRole('combobox', { name: 'Sort' }).inputValue(), 'relevance');
    assert.equal(await w.host.locator('.clear-filters').isHidden(), true, 'nothing to clear yet');
    await shot(page, 'facets');

    // Yonhap: one result, announced; the counts of the other fields follow.
    await chip(w, 'Yonhap').click();
    await announced(page, '1 result.');
    assert.equal(await w.options.count(), 1);
    assert.deepEqual(await sources(w), ['Yonhap']);
    assert.deepEqual(await facetGroups(w), {
      Source: ['Reuters/CNA (1)', 'US State Department (1)', '[x] Yonhap (1)'],
      Year: ['2023 (1)'],
    });
    assert.equal(await w.input.inputValue(), 'deterrence', 'the query stays');
    assert.equal(await w.panel.isVisible(), true, 'the panel stays open');
    assert.match(await w.footer.textContent(), /1 result\b/);
    await settle(page);
    await shot(page, 'facets-filtered');

    // Two values of one field: either.
    await chip(w, 'Reuters/CNA').click();
    await announced(page, '2 results.');
    assert.deepEqual((await sources(w)).sort(), ['Reuters/CNA', 'Yonhap']);

    // Clearing restores all three.
    await w.host.locator('.clear-filters').click();
    await announced(page, '3 results.');
    assert.equal(await w.options.count(), 3);
    assert.equal(await w.host.locator('.chip input:checked').count(), 0);

    // Newest first: Yonhap (2023-11-09), Reuters/CNA (2023-02-04), then the undated speech.
    await w.host.getByRole('combobox', { name: 'Sort' }).selectOption('newest');
    await page.waitForFunction(() => {
      const o = document.querySelector('baked-search').shadowRoot.querySelector('[role="option"] [data-field="source"]');
      return o && o.textContent === 'Yonhap';
    });
    assert.deepEqual(await sources(w), ['Yonhap', 'Reuters/CNA', 'US State Department']);
    const dates = await w.options.evaluateAll((os) => os.map((o) => o.querySelector('time')?.getAttribute('datetime') ?? null));
    assert.deepEqual(dates, ['2023-11-09', '2023-02-04', null]);
    await w.host.getByRole('combobox', { name: 'Sort' }).selectOption('oldest');
    await page.waitForFunction(() => {
      const o = document.querySelector('baked-search').shadowRoot.querySelector('[role="option"] [data-field="source"]');
      return o && o.textContent === 'Reuters/CNA';
    });
    assert.deepEqual(await sources(w), ['Reuters/CNA', 'Yonhap', 'US State Department']);
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('keyboard: Tab reaches the checkboxes, Space toggles and keeps focus, ↓ still moves through results, Esc goes back', async () => {
    const { context, page, w } = await openDemo();
    const activeLabel = () =>
      w.host.evaluate((el) => {
        const a = el.shadowRoot.activeElement;
        if (!a) return null;
        if (a.id === 'input') return 'input';
        return a.closest('label')?.textContent.replace(/\s+/g, ' ').trim() ?? a.textContent.trim();
      });
    await w.input.click();
    await w.input.fill('deterrence');
    await w.options.first().waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await activeLabel(), 'Reuters/CNA (1)');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await activeLabel(), 'Yonhap (1)');
    await page.keyboard.press('Space');
    await announced(page, '1 result.');
    assert.equal(await activeLabel(), 'Yonhap (1)', 'focus stays on the checkbox after the results change');
    assert.equal(await w.panel.isVisible(), true);
    assert.equal(await w.host.locator('.chip input:checked').count(), 1);
    // The Sort select and the clear button come next.
    await page.keyboard.press('Tab');
    assert.equal(await activeLabel(), '2023 (1)');
    await page.keyboard.press('Tab');
    assert.equal(await w.host.evaluate((el) => el.shadowRoot.activeElement?.id), 'sort');
    await page.keyboard.press('Tab');
    assert.equal(await activeLabel(), 'Clear filters');

    // Back in the box (Shift-Tab), ↓ moves through the results as before.
    await w.input.focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), await w.options.nth(0).getAttribute('id'));

    // Esc in the filters closes the panel and returns to the box.
    await page.keyboard.press('Tab');
    assert.notEqual(await activeLabel(), 'input');
    await page.keyboard.press('Escape');
    assert.equal(await activeLabel(), 'input');
    assert.equal(await w.panel.isHidden(), true);
    assert.equal(await w.input.inputValue(), 'deterrence');
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('filters with an empty box list the filtered documents; Esc twice clears query and filters', async () => {
    const { context, page, w } = await openDemo();
    await w.input.click();
    await w.input.fill('deterrence');
    await w.options.first().waitFor();
    await chip(w, 'Yonhap').click();
    await announced(page, '1 result.');

    await w.input.fill('');
    await announced(page, '1 result.');
    assert.deepEqual(await sources(w), ['Yonhap'], 'browsing: the one Yonhap article');
    assert.equal(await w.head.isHidden(), true, 'not the recent searches');
    assert.equal(await w.options.first().locator('mark').count(), 0, 'nothing to highlight');

    // A year with the empty box: both dated articles, in the chosen order.
    await chip(w, 'Yonhap').click();
    await page.waitForFunction(() => document.querySelector('baked-search').shadowRoot.querySelector('.filters').hidden);
    assert.equal(await w.options.count(), 0, 'no filters, no query: nothing listed');
    await w.host.evaluate((el) => {
      el.sort = 'oldest';
      el.filters = { year: '2023' };
    });
    await announced(page, '2 results.');
    assert.deepEqual(await sources(w), ['Reuters/CNA', 'Yonhap']);
    assert.deepEqual(await w.host.evaluate((el) => el.filters), { year: ['2023'] });

    await page.keyboard.press('Escape');
    assert.equal(await w.panel.isHidden(), true);
    await page.keyboard.press('Escape');
    assert.deepEqual(await w.host.evaluate((el) => el.filters), {});
    await w.input.click();
    await page.waitForTimeout(100);
    assert.equal(await w.options.count(), 0);
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('no results with a filter still shows the filters, so that they can be removed', async () => {
    const { context, page, w } = await openDemo();
    await w.input.click();
    await w.input.fill('deterrence');
    await w.options.first().waitFor();
    await chip(w, 'Reuters/CNA').click();
    await announced(page, '1 result.');
    await w.input.fill('gaza'); // only in the Yonhap article
    await w.message.waitFor();
    assert.match(await w.message.textContent(), /No results for “gaza”/);
    assert.deepEqual((await facetGroups(w)).Source, ['Yonhap (1)', '[x] Reuters/CNA (0)']);
    await chip(w, 'Reuters/CNA').click();
    await announced(page, '1 result.');
    assert.deepEqual(await sources(w), ['Yonhap']);
    await context.close();
  });

  test('the search event and search() carry facets, filters and order', async () => {
    const { context, page, w } = await openDemo();
    await w.host.evaluate((el) => {
      el.filters = { source: ['Yonhap', 'Reuters/CNA'] };
    });
    const detail = await w.host.evaluate((el) => el.search('deterrence'));
    assert.equal(detail.total, 2);
    assert.deepEqual(detail.filters, { source: ['Yonhap', 'Reuters/CNA'] });
    assert.equal(detail.sort, 'relevance');
    assert.deepEqual(Object.keys(detail.facets), ['source', 'year']);
    assert.deepEqual(detail.results.map((r) => r.meta.source).sort(), ['Reuters/CNA', 'Yonhap']);
    // A filter on a field that is not a facet is dropped, not an error.
    await w.host.evaluate((el) => {
      el.filters = { author: 'Kim' };
    });
    assert.deepEqual(await w.host.evaluate((el) => el.filters), {});
    assert.deepEqual(page.problems, []);
    await context.close();
  });
});

describe('display fields', () => {
  test('the meta line shows every display field, several values joined; fields picks them (mock engine)', async () => {
    // The mock index has two display fields: source (one value) and tags (one or several).
    const { assembleMock } = await import('../../www/scripts/build.mjs');
    const { esm } = assembleMock();
    const context = await env.browser.newContext();
    await context.route('**/www/dist/bakedsearch.js', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: esm }),
    );
    const page = await openHtml(
      context,
      env.server.url,
      'display-fields',
      `<baked-search id="all"></baked-search>
       <baked-search id="tags" fields="title,tags"></baked-search>
       <baked-search id="source" fields="title source"></baked-search>
       <baked-search id="meta" fields="title,meta"></baked-search>`,
    );
    const meta = async (id) => {
      const w = widget(page, `#${id}`);
      await w.host.evaluate((el) => el.search('commitment'));
      const out = await w.options.first().evaluate((o) => ({
        time: Boolean(o.querySelector('.meta time')),
        fields: [...o.querySelectorAll('.meta span')].map((s) => [s.dataset.field, s.textContent]),
      }));
      await w.host.evaluate((el) => el.close());
      return out;
    };
    const both = [['source', 'Mock Wire'], ['tags', 'alliance, nuclear']];
    assert.deepEqual(await meta('all'), { time: true, fields: both });
    assert.deepEqual(await meta('tags'), { time: false, fields: [['tags', 'alliance, nuclear']] });
    assert.deepEqual(await meta('source'), { time: false, fields: [['source', 'Mock Wire']] }, 'source: the field of that name');
    assert.deepEqual(await meta('meta'), { time: false, fields: both });
    // The facet groups follow the index: Source and Tags.
    const labels = await widget(page, '#all').host.evaluate((el) => {
      el.search('commitment');
      return [...el.shadowRoot.querySelectorAll('.facet-label')].map((l) => l.textContent);
    });
    assert.deepEqual(labels, ['Source', 'Tags']);
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('the demo shows a document\'s display fields', async () => {
    const { context, page } = await openDemo();
    await page.goto(`${env.demo}#001_eaa2a96b2e584222`);
    await page.locator('#doc h2').waitFor();
    assert.match(await page.locator('#doc .meta').textContent(), /^2023-11-09 · Yonhap$/);
    await context.close();
  });
});

describe('facet attributes and builds', () => {
  test('facets="off", facets="year" with sort="off", sort="newest"', async () => {
    const context = await env.browser.newContext();
    const page = await openHtml(
      context,
      env.server.url,
      'facet-attributes',
      `<baked-search id="off" facets="off"></baked-search>
       <baked-search id="year" facets="year" sort="off"></baked-search>
       <baked-search id="newest" sort="newest"></baked-search>`,
    );
    const show = async (id) => {
      const w = widget(page, `#${id}`);
      await w.host.evaluate((el) => el.search('deterrence'));
      const out = {
        groups: await facetGroups(w),
        sort: await w.host.locator('.sort').isVisible(),
        order: await w.host.evaluate((el) => el.sort),
        select: await w.host.locator('select').inputValue(),
        sources: await sources(w),
      };
      await w.host.evaluate((el) => el.close());
      return out;
    };
    assert.deepEqual(await show('off'), {
      groups: {},
      sort: true, // the seeds have dates
      order: 'relevance',
      select: 'relevance',
      sources: ['Reuters/CNA', 'Yonhap', 'US State Department'],
    });
    const year = await show('year');
    assert.deepEqual([year.groups, year.sort, year.order], [{ Year: ['2023 (2)'] }, false, 'relevance']);
    const newest = await show('newest');
    assert.equal(newest.order, 'newest');
    assert.equal(newest.select, 'newest');
    assert.deepEqual(newest.sources, ['Yonhap', 'Reuters/CNA', 'US State Department']);

    // Turning facets off drops their filters.
    const w = widget(page, '#newest');
    await w.host.evaluate((el) => {
      el.filters = { source: 'Yonhap' };
    });
    await w.host.evaluate((el) => el.setAttribute('facets', 'off'));
    assert.deepEqual(await w.host.evaluate((el) => el.filters), {});
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('in a Web Worker: the same groups, filters and order', async () => {
    const context = await env.browser.newContext();
    const page = await openHtml(context, env.server.url, 'facets-worker', '<baked-search worker></baked-search>');
    const w = widget(page);
    await w.input.click();
    await w.input.fill('deterrence');
    await w.options.first().waitFor();
    assert.equal(await w.host.evaluate((el) => el.usesWorker), true);
    assert.deepEqual((await facetGroups(w)).Source, ['Reuters/CNA (1)', 'US State Department (1)', 'Yonhap (1)']);
    await chip(w, 'Yonhap').click();
    await announced(page, '1 result.');
    assert.deepEqual(await sources(w), ['Yonhap']);
    await w.host.locator('.clear-filters').click();
    await announced(page, '3 results.');
    await w.host.getByRole('combobox', { name: 'Sort' }).selectOption('newest');
    await page.waitForFunction(() => {
      const o = document.querySelector('baked-search').shadowRoot.querySelector('[role="option"] [data-field="source"]');
      return o && o.textContent === 'Yonhap';
    });
    assert.deepEqual(await sources(w), ['Yonhap', 'Reuters/CNA', 'US State Department']);
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('the single-file build from file:// shows the facets too', async () => {
    const context = await env.browser.newContext();
    const page = await openSingleFile(context);
    const w = widget(page);
    await w.host.evaluate((el) => el.search('deterrence'));
    assert.equal(await w.options.count(), 2, 'limit="2"');
    assert.deepEqual(await facetGroups(w), {
      Source: ['Reuters/CNA (1)', 'US State Department (1)', 'Yonhap (1)'],
      Year: ['2023 (2)'],
    });
    await chip(w, 'Yonhap').click();
    await page.waitForFunction(() => document.querySelector('baked-search').shadowRoot.querySelectorAll('[role="option"]').length === 1);
    assert.deepEqual(page.problems, []);
    await context.close();
  });
});
