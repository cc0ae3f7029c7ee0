// <baked-search> features a site owner and a reader meet: recent searches, the attributes
// (fields, shortcut, base-url, theme, recent), the open/close/search API, the keyboard footer,
// reduced motion and small screens.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newPage, openHtml, settle, shot, useBrowserAndServer, widget } from './helpers.mjs';

const env = useBrowserAndServer();

const recentList = (w) =>
  w.host.evaluate((el) => [...el.shadowRoot.querySelectorAll('.recent')].map((o) => o.textContent.trim()));

/** Types `query`, chooses the first result with ↓ Enter, and stays on the page. */
async function chooseFirst(page, w, query) {
  await w.input.fill(query);
  await w.options.first().waitFor();
  await page.evaluate(() =>
    document.querySelector('baked-search').addEventListener('select', (e) => e.preventDefault(), { once: true }),
  );
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}

describe('recent searches', () => {
  test('kept per page in localStorage, shown on focus when empty, chosen with the keyboard, cleared', async () => {
    const context = await env.browser.newContext({ viewport: { width: 900, height: 760 } });
    const page = await newPage(context, env.server.url);
    await page.goto(env.demo);
    const w = widget(page);

    // Nothing remembered yet: focusing the empty box opens nothing.
    await w.input.click();
    assert.equal(await w.panel.isHidden(), true);

    // A chosen result and Enter in the box both remember the query.
    await chooseFirst(page, w, 'deterrence');
    assert.equal(await w.panel.isHidden(), true, 'choosing a result closes the panel');
    await w.input.fill('nuclear');
    await w.options.first().waitFor();
    await page.keyboard.press('Enter');
    await w.input.fill('Deterrence'); // a repeat moves to the top, case-insensitively
    await w.options.first().waitFor();
    await page.keyboard.press('Enter');

    await w.input.fill('');
    await w.head.waitFor();
    assert.deepEqual(await recentList(w), ['Deterrence', 'nuclear']);
    assert.equal(await w.input.getAttribute('aria-expanded'), 'true');
    assert.equal(await w.host.locator('[role="listbox"]').getAttribute('aria-label'), 'Recent searches');
    assert.match(await w.footer.textContent(), /to search/);
    const stored = await page.evaluate(() => localStorage.getItem('bakedsearch:recent:/www/index.html'));
    assert.deepEqual(JSON.parse(stored), ['Deterrence', 'nuclear']);
    await settle(page);
    await shot(page, 'recent');

    // They survive a reload and show when the empty box gets focus.
    await page.reload();
    await w.input.click();
    await w.head.waitFor();
    assert.deepEqual(await recentList(w), ['Deterrence', 'nuclear']);

    // ↓ ↓ Enter runs the second one again (and moves it to the top).
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const active = await w.input.getAttribute('aria-activedescendant');
    assert.equal(await w.host.locator(`[id="${active}"]`).textContent(), 'nuclear');
    await page.keyboard.press('Enter');
    assert.equal(await w.input.inputValue(), 'nuclear');
    await w.options.locator('.title').first().waitFor();
    await w.input.fill('');
    await w.head.waitFor();
    assert.deepEqual(await recentList(w), ['nuclear', 'Deterrence']);

    // A click runs one too.
    await w.host.locator('.recent', { hasText: 'Deterrence' }).click();
    assert.equal(await w.input.inputValue(), 'Deterrence');
    await w.options.locator('.title').first().waitFor();

    // Another page keeps its own list.
    const other = await openHtml(context, env.server.url, 'other-page', '<baked-search></baked-search>');
    const wo = widget(other);
    await wo.input.click();
    await other.waitForTimeout(100);
    assert.equal(await wo.panel.isHidden(), true, 'no recent searches on another page');
    await other.close();

    // "Clear" forgets them all; focus stays in the box.
    await w.input.fill('');
    await w.head.waitFor();
    await w.clearRecent.click();
    assert.equal(await w.panel.isHidden(), true);
    assert.equal(await page.evaluate(() => localStorage.getItem('bakedsearch:recent:/www/index.html')), null);
    assert.equal(await w.host.evaluate((el) => el.shadowRoot.activeElement?.id), 'input');
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('recent="0" keeps none; recent="1" shows one', async () => {
    const context = await env.browser.newContext();
    const page = await openHtml(context, env.server.url, 'recent-attr', '<baked-search recent="0"></baked-search>');
    const w = widget(page);
    await w.input.click();
    await chooseFirst(page, w, 'deterrence');
    await w.input.fill('');
    await page.waitForTimeout(100);
    assert.equal(await w.panel.isHidden(), true);
    assert.equal(await page.evaluate(() => localStorage.length), 0);

    await w.host.evaluate((el) => el.setAttribute('recent', '1'));
    await chooseFirst(page, w, 'deterrence');
    await chooseFirst(page, w, 'nuclear');
    await w.input.fill('');
    await w.head.waitFor();
    assert.deepEqual(await recentList(w), ['nuclear']);
    await context.close();
  });

  test('storage errors (disabled storage, full quota) are ignored', async () => {
    for (const [name, script] of [
      [
        'disabled',
        () => {
          Object.defineProperty(window, 'localStorage', {
            get() {
              throw new DOMException('The operation is insecure.', 'SecurityError');
            },
          });
        },
      ],
      [
        'quota',
        () => {
          Storage.prototype.setItem = () => {
            throw new DOMException('quota exceeded', 'QuotaExceededError');
          };
          Storage.prototype.getItem = () => '{not json';
        },
      ],
    ]) {
      const context = await env.browser.newContext();
      await context.addInitScript(script);
      const page = await newPage(context, env.server.url);
      await page.goto(env.demo);
      const w = widget(page);
      await w.input.click();
      await chooseFirst(page, w, 'deterrence');
      await w.input.fill('nuclear');
      await w.options.first().waitFor();
      await page.keyboard.press('Enter');
      await w.input.fill('');
      await page.waitForTimeout(100);
      assert.equal(await w.panel.isHidden(), true, `${name}: nothing remembered, nothing shown`);
      await w.input.fill('deterrence');
      await w.options.first().waitFor();
      assert.deepEqual(page.problems, [], `${name}: no errors`);
      await context.close();
    }
  });
});

describe('attributes', () => {
  test('fields chooses what each result shows', async () => {
    const context = await env.browser.newContext();
    const page = await openHtml(
      context,
      env.server.url,
      'fields',
      `<baked-search id="all"></baked-search>
       <baked-search id="ts" fields="title,snippet"></baked-search>
       <baked-search id="td" fields="title date"></baked-search>
       <baked-search id="s" fields="snippet"></baked-search>
       <baked-search id="junk" fields="bogus"></baked-search>`,
    );
    const parts = async (id) => {
      const w = widget(page, `#${id}`);
      await w.host.evaluate((el) => el.search('deterrence'));
      await w.options.first().waitFor({ state: 'attached' });
      return w.options.first().evaluate((o) => ({
        title: Boolean(o.querySelector('.title')),
        time: Boolean(o.querySelector('.meta time')),
        source: Boolean(o.querySelector('.meta span')),
        snippet: Boolean(o.querySelector('.snippet')),
        name: o.getAttribute('aria-label'),
      }));
    };
    assert.deepEqual(await parts('all'), { title: true, time: true, source: true, snippet: true, name: null });
    assert.deepEqual(await parts('ts'), { title: true, time: false, source: false, snippet: true, name: null });
    assert.deepEqual(await parts('td'), { title: true, time: true, source: false, snippet: false, name: null });
    const s = await parts('s');
    assert.deepEqual({ ...s, name: typeof s.name }, { title: false, time: false, source: false, snippet: true, name: 'string' });
    assert.ok(s.name.length > 0, 'without a visible title the option is named by the title');
    assert.deepEqual(await parts('junk'), { title: true, time: true, source: true, snippet: true, name: null });
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('base-url prefixes links that are relative or #id', async () => {
    const context = await env.browser.newContext();
    const page = await openHtml(
      context,
      env.server.url,
      'base-url',
      `<baked-search id="abs" base-url="https://docs.example.com/news/"></baked-search>
       <baked-search id="rel" base-url="/archive/"></baked-search>
       <baked-search id="none"></baked-search>`,
    );
    const hrefs = async (id) => {
      const w = widget(page, `#${id}`);
      await w.host.evaluate((el) => el.search('deterrence'));
      await w.options.first().waitFor({ state: 'attached' });
      return w.options.evaluateAll((os) => os.map((o) => o.getAttribute('href')));
    };
    const id = await page.evaluate(async () => {
      const m = await import('/www/dist/bakedsearch.js');
      await m.default();
      return m.search('deterrence')[0].id;
    });
    const abs = await hrefs('abs');
    assert.equal(abs[0], `https://docs.example.com/news/#${encodeURIComponent(id)}`);
    const rel = await hrefs('rel');
    assert.equal(rel[0], new URL(`/archive/#${encodeURIComponent(id)}`, env.server.url).href);
    const none = await hrefs('none');
    assert.equal(none[0], `#${encodeURIComponent(id)}`);
    await context.close();
  });

  test('base-url resolves relative document URLs; other origins and unsafe ones fall back to #id (mock engine)', async () => {
    const { assembleMock } = await import('../../www/scripts/build.mjs');
    const { esm } = assembleMock();
    const context = await env.browser.newContext();
    const page = await newPage(context, env.server.url);
    await page.route('**/www/dist/bakedsearch.js', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: esm }),
    );
    const url = new URL('tests/fixtures/generated/base-mock.html', env.server.url).href;
    await page.route(url, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><html lang="en"><title>t</title><script type="module" src="/www/dist/bakedsearch.js"></script><main><baked-search base-url="https://docs.example.com/v2/"></baked-search></main>',
      }),
    );
    await page.goto(url);
    const w = widget(page);
    await w.host.evaluate((el) => el.search('deterrence'));
    await w.options.first().waitFor({ state: 'attached' });
    const hrefs = await w.options.evaluateAll((os) => os.map((o) => o.getAttribute('href')));
    assert.deepEqual(hrefs.sort(), [
      'https://docs.example.com/v2/#mock-drills', // javascript: URL dropped, #id on the base
      'https://docs.example.com/v2/#mock-summit', // another origin, not allowed (see links.test.mjs)
      'https://docs.example.com/v2/guide/alliance.html', // relative url on the base
    ]);
    await context.close();
  });

  test('shortcut: a single key, or none; Ctrl/⌘-K follows it', async () => {
    const context = await env.browser.newContext();
    const page = await openHtml(
      context,
      env.server.url,
      'shortcut',
      '<p id="p">text</p><baked-search id="a" shortcut="s"></baked-search>',
    );
    const w = widget(page, '#a');
    const focused = () => w.host.evaluate((el) => el.shadowRoot.activeElement?.id === 'input');
    assert.equal(await w.hint.textContent(), 's');
    assert.equal(await w.input.getAttribute('aria-keyshortcuts'), 'S Control+K Meta+K');
    await page.locator('#p').click();
    await page.keyboard.press('/');
    assert.equal(await focused(), false, '"/" no longer focuses');
    await page.keyboard.press('s');
    assert.equal(await focused(), true, '"s" focuses');
    assert.equal(await w.input.inputValue(), '', 'the key is not typed');
    await page.keyboard.type('s');
    assert.equal(await w.input.inputValue(), 's', '"s" types inside the box');
    await page.locator('#p').click();
    await page.keyboard.press('Control+k');
    assert.equal(await focused(), true, 'Ctrl-K focuses');

    await w.host.evaluate((el) => el.setAttribute('shortcut', 'none'));
    assert.equal(await w.hint.isHidden(), true, 'no key hint');
    assert.equal(await w.input.getAttribute('aria-keyshortcuts'), null);
    await page.locator('#p').click();
    for (const key of ['/', 's', 'Control+k']) {
      await page.keyboard.press(key);
      assert.equal(await focused(), false, `${key} does nothing with shortcut="none"`);
    }
    await context.close();
  });

  test('theme="dark|light|auto" overrides or follows prefers-color-scheme', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const context = await env.browser.newContext({ colorScheme, viewport: { width: 900, height: 700 } });
      const page = await openHtml(
        context,
        env.server.url,
        `theme-${colorScheme}`,
        `<baked-search id="dark" theme="dark"></baked-search><br>
         <baked-search id="light" theme="light"></baked-search><br>
         <baked-search id="auto" theme="auto"></baked-search>`,
      );
      const bg = (id) => widget(page, `#${id}`).host.locator('.box').evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(await bg('dark'), 'rgb(22, 27, 34)', `theme="dark" in ${colorScheme}`);
      assert.equal(await bg('light'), 'rgb(255, 255, 255)', `theme="light" in ${colorScheme}`);
      assert.equal(await bg('auto'), colorScheme === 'dark' ? 'rgb(22, 27, 34)' : 'rgb(255, 255, 255)', `auto in ${colorScheme}`);
      if (colorScheme === 'light') {
        const w = widget(page, '#dark');
        await w.host.evaluate((el) => el.search('deterrence'));
        await w.options.first().waitFor();
        await settle(page, '#dark');
        await shot(page, 'theme-dark-attribute');
      }
      await context.close();
    }
  });
});

describe('JavaScript API', () => {
  test('open(), close(), search(query) and the select event', async () => {
    const context = await env.browser.newContext();
    const page = await newPage(context, env.server.url);
    await page.goto(env.demo);
    const w = widget(page);

    const detail = await w.host.evaluate((el) => el.search('deterrence'));
    assert.equal(detail.query, 'deterrence');
    assert.ok(detail.results.length >= 3 && detail.total >= 3);
    assert.equal(detail.didYouMean, null);
    assert.equal(await w.panel.isVisible(), true, 'search() opens the panel');
    assert.equal(await w.input.inputValue(), 'deterrence');

    await w.host.evaluate((el) => el.close());
    assert.equal(await w.panel.isHidden(), true, 'close() closes it');
    assert.equal(await w.input.inputValue(), 'deterrence', 'and keeps the query');

    await w.host.evaluate((el) => el.open());
    assert.equal(await w.panel.isVisible(), true, 'open() opens it');
    assert.equal(await w.host.evaluate((el) => el.shadowRoot.activeElement?.id), 'input', 'open() focuses the box');

    // A typo: the promise carries the engine's correction.
    const fix = await page.evaluate(async () => {
      const m = await import('./dist/bakedsearch.js');
      await m.default();
      const qs = ['deterrenxe', 'alliancce', 'deterrance', 'koreaa', 'securty', 'presidnt', 'nucleer', 'militray', 'blinkin'];
      const q = qs.find((x) => m.searchDetailed(x).didYouMean);
      return q && { q, didYouMean: m.searchDetailed(q).didYouMean };
    });
    assert.ok(fix, 'the engine corrects one of the misspellings');
    const typo = await w.host.evaluate((el, q) => el.search(q), fix.q);
    assert.equal(typo.didYouMean, fix.didYouMean);

    // select: the chosen result, cancelable.
    await w.host.evaluate((el) => el.search('deterrence'));
    const chosen = page.evaluate(
      () =>
        new Promise((resolve) =>
          document.querySelector('baked-search').addEventListener(
            'select',
            (e) => {
              e.preventDefault();
              resolve({ id: e.detail.result.id, query: e.detail.query });
            },
            { once: true },
          ),
        ),
    );
    await w.options.nth(1).click();
    const sel = await chosen;
    assert.equal(sel.query, 'deterrence');
    assert.equal(sel.id, detail.results[1].id);
    assert.equal(page.url(), env.demo, 'a cancelled select stays on the page');
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test('a click outside closes the panel; a click in the box opens it again', async () => {
    const context = await env.browser.newContext();
    const page = await newPage(context, env.server.url);
    await page.goto(env.demo);
    const w = widget(page);
    await w.host.evaluate((el) => el.search('deterrence'));
    await page.locator('h1').click();
    assert.equal(await w.panel.isHidden(), true);
    await w.input.click();
    assert.equal(await w.panel.isVisible(), true);
    await context.close();
  });
});

describe('keyboard and layout', () => {
  test('the footer shows the keys; Esc closes, then clears, then leaves the box', async () => {
    const context = await env.browser.newContext();
    const page = await newPage(context, env.server.url);
    await page.goto(env.demo);
    const w = widget(page);
    await w.input.click();
    await w.input.fill('deterrence');
    await w.options.first().waitFor();
    const footer = await w.footer.evaluate((f) => ({
      keys: [...f.querySelectorAll('kbd')].map((k) => k.textContent),
      text: f.textContent.replace(/\s+/g, ' ').trim(),
    }));
    assert.deepEqual(footer.keys, ['↑', '↓', '↵', 'esc']);
    assert.match(footer.text, /\d+ results? ↑↓ to move ↵ to open esc to close/);

    await page.keyboard.press('Escape');
    assert.equal(await w.panel.isHidden(), true);
    assert.equal(await w.input.inputValue(), 'deterrence');
    await page.keyboard.press('ArrowDown'); // ↓ opens the list again
    assert.equal(await w.panel.isVisible(), true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    assert.equal(await w.input.inputValue(), '');
    assert.equal(await w.panel.isHidden(), true);
    assert.equal(await w.host.evaluate((el) => el.shadowRoot.activeElement?.id), 'input', 'still in the box');
    await page.keyboard.press('Escape');
    assert.equal(await w.host.evaluate((el) => el.shadowRoot.activeElement?.id ?? null), null, 'third Esc leaves the box');
    await context.close();
  });

  test('prefers-reduced-motion: no transitions or animations', async () => {
    const measure = async (reducedMotion) => {
      const context = await env.browser.newContext({ reducedMotion });
      const page = await newPage(context, env.server.url);
      await page.goto(env.demo);
      const w = widget(page);
      await w.input.click();
      await w.input.fill('deterrence');
      await w.options.first().waitFor();
      const out = await w.host.evaluate((el) => {
        const root = el.shadowRoot;
        const option = getComputedStyle(root.querySelector('[role="option"]'));
        const panel = getComputedStyle(root.querySelector('.panel'));
        return { transition: option.transitionDuration, animation: panel.animationName, running: root.getAnimations().length };
      });
      await context.close();
      return out;
    };
    const reduce = await measure('reduce');
    assert.deepEqual(reduce, { transition: '0s', animation: 'none', running: 0 });
    const motion = await measure('no-preference');
    assert.notEqual(motion.transition, '0s');
    assert.notEqual(motion.animation, 'none');
  });

  for (const width of [320, 1600]) {
    test(`${width} px wide: no horizontal scrolling, the panel fits`, async () => {
      const context = await env.browser.newContext({ viewport: { width, height: 720 } });
      const page = await newPage(context, env.server.url);
      await page.goto(env.demo);
      const w = widget(page);
      await w.input.click();
      await w.input.fill('deterrence');
      await w.options.first().waitFor();
      await settle(page);
      const m = await page.evaluate(() => {
        const root = document.querySelector('baked-search').shadowRoot;
        const panel = root.querySelector('.panel').getBoundingClientRect();
        const footer = root.querySelector('.footer').getBoundingClientRect();
        const options = [...root.querySelectorAll('[role="option"]')].map((o) => o.getBoundingClientRect());
        return {
          overflow: document.documentElement.scrollWidth > innerWidth,
          panel: [panel.left, panel.right],
          footerInside: footer.left >= panel.left && footer.right <= panel.right + 0.5,
          optionsInside: options.every((r) => r.left >= panel.left && r.right <= panel.right + 0.5),
          innerWidth,
        };
      });
      assert.equal(m.overflow, false, 'no horizontal scrolling');
      assert.ok(m.panel[0] >= 0 && m.panel[1] <= m.innerWidth, `panel ${m.panel} within ${m.innerWidth}`);
      assert.equal(m.footerInside, true);
      assert.equal(m.optionsInside, true);
      await shot(page, `results-${width}`);
      if (width === 320) {
        await w.input.fill('');
        await w.input.fill('qqxzzvw');
        await w.message.waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > innerWidth), false);
        await settle(page);
        await shot(page, 'no-results-320');
      }
      await context.close();
    });
  }
});
