// Result links under hostile document URLs (tests/fixtures/hostile-glue.js stands in for the
// engine): only same-origin web URLs, or origins the site owner allows, are linked; script,
// data and other schemes never are; the `select` event carries the link as shown.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { assembleMock } from '../../www/scripts/build.mjs';
import { openHtml, repoRoot, useBrowserAndServer, widget } from './helpers.mjs';

const env = useBrowserAndServer();
const glue = path.join(repoRoot, 'tests', 'fixtures', 'hostile-glue.js');

async function openWith(body, name) {
  const { esm } = assembleMock({ glue, single: false });
  const context = await env.browser.newContext();
  await context.route('**/www/dist/bakedsearch.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: esm }));
  const page = await openHtml(context, env.server.url, name, body);
  return { context, page };
}

/** { id → href } for the query `links` in the element `selector`. */
async function links(page, selector = 'baked-search') {
  const w = widget(page, selector);
  await w.host.evaluate((el) => el.search('links'));
  const pairs = await w.options.evaluateAll((os) => os.map((o) => [o.id.replace(/^bs\d+-opt-/, ''), o.querySelector('.title').textContent.slice(5), o.getAttribute('href')]));
  await w.host.evaluate((el) => el.close());
  return Object.fromEntries(pairs.map(([, id, href]) => [id, href]));
}

test('same origin by default; every other scheme and origin falls back to #id', async () => {
  const { context, page } = await openWith('<baked-search id="a"></baked-search>', 'links-default');
  const origin = new URL(env.server.url).origin;
  const here = new URL('tests/fixtures/generated/links-default.html', env.server.url);
  const got = await links(page, '#a');
  assert.equal(got.relative, new URL('guide/page.html', here).href);
  assert.equal(got.rooted, `${origin}/docs/intro.html`);
  assert.equal(got.query, new URL('?page=2', here).href);
  // An entity is not decoded (the link is set through the DOM): a harmless relative path.
  assert.equal(got['js-entity'], new URL('javascript&colon;window.__pwned=5', here).href);
  for (const id of ['js', 'js-space', 'js-case', 'js-tab', 'data', 'vbscript', 'blob', 'protocol-relative', 'backslashes', 'other-origin', 'userinfo', 'other-port', 'ftp', 'file', 'allowed']) {
    assert.equal(got[id], `#${id}`, `${id} → ${got[id]}`);
  }
  await context.close();
});

test('allow-origins lists other origins, * any web origin; schemes stay refused; base-url counts as allowed', async () => {
  const { context, page } = await openWith(
    `<baked-search id="list" allow-origins="https://docs.example.com, https://evil.example"></baked-search>
     <baked-search id="any" allow-origins="*"></baked-search>
     <baked-search id="base" base-url="https://docs.example.com/v2/"></baked-search>`,
    'links-allow',
  );
  const list = await links(page, '#list');
  assert.equal(list.allowed, 'https://docs.example.com/ok');
  assert.equal(list['other-origin'], 'https://evil.example/phish');
  assert.equal(list.userinfo, 'https://docs.example.com@evil.example/', 'the origin is evil.example, which is listed');
  assert.equal(list['protocol-relative'], '#protocol-relative', '//evil.example on an http page is http://evil.example, not listed');
  assert.equal(list['other-port'], '#other-port');

  const any = await links(page, '#any');
  for (const id of ['allowed', 'other-origin', 'protocol-relative', 'backslashes', 'other-port']) assert.match(any[id], /^https?:\/\//, id);
  for (const id of ['js', 'js-space', 'js-case', 'js-tab', 'data', 'vbscript', 'blob', 'ftp', 'file']) assert.equal(any[id], `#${id}`, id);

  const base = await links(page, '#base');
  assert.equal(base.relative, 'https://docs.example.com/v2/guide/page.html');
  assert.equal(base.allowed, 'https://docs.example.com/ok', "base-url's origin is allowed");
  assert.equal(base['other-origin'], 'https://docs.example.com/v2/#other-origin');
  assert.equal(base.js, 'https://docs.example.com/v2/#js');

  // The property reflects the attribute.
  assert.deepEqual(await page.locator('#list').evaluate((el) => el.allowOrigins), ['https://docs.example.com', 'https://evil.example']);
  assert.equal(await page.locator('#any').evaluate((el) => el.allowOrigins), '*');
  await page.locator('#base').evaluate((el) => (el.allowOrigins = ['https://evil.example/any/path']));
  assert.equal(await page.locator('#base').getAttribute('allow-origins'), 'https://evil.example/any/path');
  assert.equal((await links(page, '#base'))['other-origin'], 'https://evil.example/phish');
  await context.close();
});

test('the select event carries the sanitized URL, and choosing a refused link runs nothing', async () => {
  const { context, page } = await openWith('<baked-search></baked-search>', 'links-select');
  const w = widget(page);
  await page.evaluate(() => {
    window.__selected = [];
    document.querySelector('baked-search').addEventListener('select', (e) => {
      window.__selected.push({ url: e.detail.url, resultUrl: e.detail.result.url, id: e.detail.result.id });
      e.preventDefault();
    });
  });
  await w.host.evaluate((el) => el.search('links'));
  const ids = await w.options.evaluateAll((os) => os.map((o) => o.querySelector('.title').textContent.slice(5)));
  for (const id of ['js', 'protocol-relative', 'data', 'relative']) {
    await w.host.evaluate((el) => el.open());
    await w.options.nth(ids.indexOf(id)).click();
  }
  const selected = await page.evaluate(() => window.__selected);
  const here = new URL('tests/fixtures/generated/links-select.html', env.server.url);
  assert.deepEqual(selected, [
    { id: 'js', url: '#js', resultUrl: '#js' },
    { id: 'protocol-relative', url: '#protocol-relative', resultUrl: '#protocol-relative' },
    { id: 'data', url: '#data', resultUrl: '#data' },
    { id: 'relative', url: new URL('guide/page.html', here).href, resultUrl: new URL('guide/page.html', here).href },
  ]);
  // Followed for real (no preventDefault): a javascript: document URL runs nothing.
  await page.evaluate(() => {
    const el = document.querySelector('baked-search');
    el.replaceWith(el.cloneNode());
  });
  await w.host.evaluate((el) => el.search('links'));
  await w.options.nth(ids.indexOf('js')).click();
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assert.equal(new URL(page.url()).hash, '#js');
  assert.deepEqual(page.dialogs, []);
  await context.close();
});
