// axe-core audit of the demo page in its main states (axe follows open shadow roots): empty,
// recent searches shown, results with their facet groups (with an active option), a filter
// selected (keyboard focus on it), browsing with a filter and an empty box, no results; light
// and dark, wide and 320 px.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axeViolations, newPage, useBrowserAndServer, widget } from './helpers.mjs';

const env = useBrowserAndServer();

const audit = axeViolations;

for (const [colorScheme, width] of [['light', 900], ['dark', 900], ['light', 320]]) {
  test(`axe: no violations when empty, with recent searches, results and facets, a filter, no results (${colorScheme}, ${width} px)`, async () => {
    const context = await env.browser.newContext({ colorScheme, viewport: { width, height: 760 } });
    const page = await newPage(context, env.server.url);
    await page.goto(new URL('www/index.html', env.server.url).href);
    const w = widget(page);
    await page.locator('#info').filter({ hasText: 'documents' }).waitFor();

    const states = {};
    states.empty = await audit(page);

    await w.input.click();
    await w.input.fill('deterrence');
    await w.options.first().waitFor();
    if (width < 600) {
      // Narrow: the facet groups are folded behind the "Filters" button (Tab reaches it first).
      states.folded = await audit(page);
      await w.host.locator('.filters-toggle').click();
      await page.keyboard.press('Tab');
    }
    await w.host.locator('.facet').first().waitFor();

    // A filter selected with the keyboard (focus on its checkbox), then browsing with it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await w.options.nth(1).waitFor({ state: 'detached' });
    states.filtered = await audit(page);
    await w.input.fill('');
    await w.options.first().waitFor();
    states.browsing = await audit(page);
    await w.host.locator('.clear-filters').click();
    await w.input.fill('deterrence');
    await w.options.nth(2).waitFor();

    await page.keyboard.press('ArrowDown');
    states.results = await audit(page);

    // Enter with no active option remembers the query; an empty box then lists it.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await w.input.fill('');
    await w.head.waitFor();
    await page.keyboard.press('ArrowDown');
    states.recent = await audit(page);

    await w.input.fill('qqxzzvw');
    await w.message.waitFor();
    states.noResults = await audit(page);

    for (const [state, violations] of Object.entries(states)) {
      assert.deepEqual(violations, [], `${state}: ${JSON.stringify(violations, null, 2)}`);
    }
    assert.deepEqual(page.problems, []);
    await context.close();
  });
}
