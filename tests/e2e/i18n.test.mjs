// The widget speaks the page's language: built-in strings for en, ko, zh, ja, fr, de, es,
// chosen from the element's lang, else the closest ancestor's (<html lang>); every string
// overridable with the `strings` property; right-to-left pages lay it out right to left.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openHtml, shot, useBrowserAndServer, widget } from './helpers.mjs';

const env = useBrowserAndServer();

/** Opens `body` in a page whose <html> has `htmlAttrs`. */
async function openPage(name, body, htmlAttrs = 'lang="en"') {
  const context = await env.browser.newContext();
  const page = await openHtml(context, env.server.url, name, body, { htmlAttrs });
  return { context, page };
}

/** What `selector` shows for `query`: placeholder, count, keys, sort label, message, status. */
async function look(page, selector, query) {
  const w = widget(page, selector);
  await w.host.evaluate((el, q) => el.search(q), query);
  await page.waitForFunction((sel) => document.querySelector(sel).shadowRoot.querySelector('[role="status"]').textContent !== '', selector);
  return w.host.evaluate((el) => {
    const root = el.shadowRoot;
    const text = (s) => root.querySelector(s)?.textContent ?? null;
    return {
      placeholder: root.querySelector('input').placeholder,
      label: text('label.sr-only'),
      count: text('.count'),
      keys: text('.keys').replace(/\s+/g, ' ').trim(),
      sort: text('.sort label'),
      message: root.querySelector('.message:not(.suggest)').hidden ? null : text('.message:not(.suggest)'),
      status: text('[role="status"]'),
      listbox: root.querySelector('[role="listbox"]').getAttribute('aria-label'),
    };
  });
}

test('<html lang="ko">: Korean strings in the box, the footer, the live region and the sort control', async () => {
  const { context, page } = await openPage('i18n-ko', '<baked-search></baked-search>', 'lang="ko"');
  const seen = await look(page, 'baked-search', 'deterrence');
  assert.deepEqual(seen, {
    placeholder: '검색',
    label: '검색',
    count: '결과 3개',
    keys: '↑↓ 이동 ↵ 열기 esc 닫기',
    sort: '정렬',
    message: null,
    status: '결과 3개.',
    listbox: '검색 결과',
  });
  await shot(page, 'i18n-ko');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the element lang, else the closest ancestor lang, picks the language; region subtags and unknown languages', async () => {
  const { context, page } = await openPage(
    'i18n-lang',
    `<baked-search id="ja" lang="ja"></baked-search>
     <baked-search id="zh" lang="zh-Hans-CN"></baked-search>
     <div lang="fr-CA"><p><baked-search id="fr"></baked-search></p></div>
     <baked-search id="de" lang="de"></baked-search>
     <baked-search id="es" lang="es-419"></baked-search>
     <baked-search id="xx" lang="tlh"></baked-search>`,
  );
  const expected = {
    ja: ['検索', '3 件の結果', '3 件の結果。', '並べ替え'],
    zh: ['搜索', '3 个结果', '3 个结果。', '排序'],
    fr: ['Rechercher', '3 résultats', '3 résultats.', 'Trier'],
    de: ['Suchen', '3 Ergebnisse', '3 Ergebnisse.', 'Sortieren'],
    es: ['Buscar', '3 resultados', '3 resultados.', 'Ordenar'],
    xx: ['Search', '3 results', '3 results.', 'Sort'],
  };
  for (const [id, [placeholder, count, status, sort]] of Object.entries(expected)) {
    const seen = await look(page, `#${id}`, 'deterrence');
    assert.deepEqual([seen.placeholder, seen.count, seen.status, seen.sort], [placeholder, count, status, sort], id);
    await widget(page, `#${id}`).host.evaluate((el) => el.close());
  }
  const none = await look(page, '#de', 'qqxzzvw');
  assert.equal(none.message, 'Keine Ergebnisse für „qqxzzvw“.');
  // Dates follow the element's language.
  const date = await widget(page, '#de').host.evaluate(async (el) => {
    await el.search('deterrence');
    return el.shadowRoot.querySelector('.meta time')?.textContent;
  });
  assert.match(date, /^\d{1,2}\. [A-Za-zäöü]+\.? \d{4}$/, date);
  // Changing lang relabels the element.
  await page.locator('#de').evaluate((el) => el.setAttribute('lang', 'es'));
  assert.equal(await page.locator('#de').evaluate((el) => el.shadowRoot.querySelector('input').placeholder), 'Buscar');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the strings property overrides any string; the placeholder attribute still wins for the placeholder', async () => {
  const { context, page } = await openPage('i18n-override', '<baked-search id="a" lang="fr"></baked-search><baked-search id="b" placeholder="Chercher ici"></baked-search>');
  await page.locator('#a').evaluate((el) => {
    el.strings = { placeholder: 'Trouver', resultsOther: '{n} pages', keyClose: 'pour quitter', notAString: 'x', sort: 42 };
  });
  const seen = await look(page, '#a', 'deterrence');
  assert.equal(seen.placeholder, 'Trouver');
  assert.equal(seen.count, '3 pages');
  assert.equal(seen.keys, '↑↓ pour naviguer ↵ pour ouvrir échap pour quitter');
  assert.equal(seen.sort, 'Trier', 'a value that is not a string is ignored');
  const strings = await page.locator('#a').evaluate((el) => el.strings);
  assert.equal(strings.notAString, undefined);
  assert.equal(strings.resultsOther, '{n} pages');
  await page.locator('#a').evaluate((el) => (el.strings = null));
  assert.equal(await page.locator('#a').evaluate((el) => el.shadowRoot.querySelector('input').placeholder), 'Rechercher');
  assert.equal(await page.locator('#b').evaluate((el) => el.shadowRoot.querySelector('input').placeholder), 'Chercher ici');
  await context.close();
});

test('RTL: an Arabic page lays the widget out right to left; dir on the element overrides the page', async () => {
  const { context, page } = await openPage(
    'i18n-rtl',
    '<baked-search id="rtl"></baked-search><baked-search id="ltr" dir="ltr"></baked-search>',
    'lang="ar" dir="rtl"',
  );
  const layout = (sel) =>
    page.locator(sel).evaluate(async (el) => {
      await el.search('deterrence');
      const root = el.shadowRoot;
      const icon = root.querySelector('.box .icon').getBoundingClientRect();
      const input = root.querySelector('input').getBoundingClientRect();
      const count = root.querySelector('.count').getBoundingClientRect();
      const keys = root.querySelector('.keys').getBoundingClientRect();
      const out = {
        direction: getComputedStyle(root.querySelector('.panel')).direction,
        iconAfterInput: icon.left > input.left,
        countRightOfKeys: count.left > keys.left,
      };
      el.close();
      return out;
    });
  assert.deepEqual(await layout('#rtl'), { direction: 'rtl', iconAfterInput: true, countRightOfKeys: true });
  await page.locator('#rtl').evaluate((el) => el.open());
  await shot(page, 'i18n-rtl');
  await page.locator('#rtl').evaluate((el) => el.close());
  assert.deepEqual(await layout('#ltr'), { direction: 'ltr', iconAfterInput: false, countRightOfKeys: false });
  assert.deepEqual(page.problems, []);
  await context.close();
});
