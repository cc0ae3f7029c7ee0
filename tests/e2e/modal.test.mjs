// <baked-search mode="modal">: the trigger button and its shortcut hint, the modal <dialog>
// (opened by a click, "/" or Ctrl-K; focus inside and kept there by Tab and Shift-Tab; Esc,
// the backdrop and the close button close it and focus goes back to the trigger; the query
// stays), results and Enter as inline, axe in the open state, desktop and 360×740 screenshots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axeViolations, newPage, openHtml, shot, useBrowserAndServer, widget } from './helpers.mjs';

const env = useBrowserAndServer();

// Focusable page content before and after the element: Tab must never reach it while the
// dialog is open.
const BODY = `<header style="display:flex;gap:1rem;align-items:center">
<a href="#top" id="before">Home</a>
<baked-search mode="modal"></baked-search>
<button id="after" type="button">After</button>
</header><p>Page text.</p>`;

async function openModalPage(viewport = { width: 900, height: 760 }, options = {}) {
  const context = await env.browser.newContext({ viewport, ...options });
  const page = await openHtml(context, env.server.url, 'modal', BODY);
  const w = widget(page, 'baked-search');
  await w.host.locator('.trigger').waitFor();
  return { context, page, w, trigger: w.host.locator('.trigger'), dialog: w.host.locator('dialog') };
}

/** Where focus is: 'input', 'trigger', another shadow element's class or id, or the page's element id. */
function focusState(page) {
  return page.evaluate(() => {
    const host = document.querySelector('baked-search');
    const dialog = host.shadowRoot.querySelector('dialog');
    const active = host.shadowRoot.activeElement;
    return {
      open: dialog.open,
      inDialog: Boolean(active && dialog.contains(active)),
      name: active ? active.id || active.className || active.tagName : `page:${document.activeElement?.id || document.activeElement?.tagName}`,
    };
  });
}


test('the trigger shows its label and the shortcut hint (Ctrl K, ⌘K on Apple platforms); the mode property mirrors the attribute', async () => {
  const { context, page, w, trigger } = await openModalPage();
  assert.equal(await trigger.isVisible(), true);
  assert.equal(await w.host.locator('.trigger-label').textContent(), 'Search');
  assert.equal(await w.host.locator('.trigger-hint').textContent(), 'Ctrl K');
  assert.equal(await trigger.getAttribute('aria-keyshortcuts'), 'Slash Control+K Meta+K');
  assert.equal(await trigger.getAttribute('aria-haspopup'), 'dialog');
  assert.equal(await w.host.locator('.box').isVisible(), false, 'the box waits in the closed dialog');
  assert.equal(await w.host.evaluate((el) => el.mode), 'modal');
  // Back to inline and to modal again through the property.
  await w.host.evaluate((el) => { el.mode = 'inline'; });
  assert.equal(await w.host.getAttribute('mode'), 'inline');
  assert.equal(await w.host.evaluate((el) => [...el.shadowRoot.children].some((c) => c.classList.contains('box'))), true, 'inline: the box is in the page');
  assert.equal(await trigger.count(), 0);
  await w.host.evaluate((el) => { el.mode = 'modal'; });
  assert.equal(await trigger.isVisible(), true);
  assert.equal(await w.input.isVisible(), false);
  assert.deepEqual(page.problems, []);
  await context.close();

  const mac = await env.browser.newContext({ viewport: { width: 900, height: 760 } });
  await mac.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' });
    Object.defineProperty(Navigator.prototype, 'userAgentData', { get: () => undefined });
  });
  const macPage = await openHtml(mac, env.server.url, 'modal-mac', BODY);
  await widget(macPage, 'baked-search').host.locator('.trigger').waitFor();
  assert.equal(await widget(macPage, 'baked-search').host.locator('.trigger-hint').textContent(), '⌘K');
  await mac.close();
});

test('a click, "/" and Ctrl-K open the dialog with focus in the search input; Esc closes it, focus goes back to the trigger, the query stays', async () => {
  const { context, page, w, trigger, dialog } = await openModalPage();
  await trigger.click();
  await page.waitForFunction(() => document.querySelector('baked-search').shadowRoot.querySelector('dialog').open);
  assert.deepEqual(await focusState(page), { open: true, inDialog: true, name: 'input' });
  assert.equal(await dialog.getAttribute('aria-label'), 'Search');
  await w.input.fill('deterrence');
  await w.options.first().waitFor();

  await page.keyboard.press('Escape');
  assert.deepEqual(await focusState(page), { open: false, inDialog: false, name: 'trigger' });
  assert.equal(await w.input.isVisible(), false);

  // Reopened: the query and its results are still there.
  await trigger.press('Enter');
  assert.deepEqual(await focusState(page), { open: true, inDialog: true, name: 'input' });
  assert.equal(await w.input.inputValue(), 'deterrence');
  await w.options.first().waitFor();
  await page.keyboard.press('Escape');

  for (const key of ['/', 'Control+k']) {
    await page.locator('h1').click();
    await page.keyboard.press(key);
    assert.deepEqual(await focusState(page), { open: true, inDialog: true, name: 'input' }, key);
    assert.equal(await w.input.inputValue(), 'deterrence', `${key}: the query stays`);
    assert.equal(await page.evaluate(() => document.querySelector('baked-search').shadowRoot.activeElement.selectionEnd), 'deterrence'.length);
    await page.keyboard.press('Escape');
    assert.deepEqual(await focusState(page), { open: false, inDialog: false, name: 'trigger' }, key);
  }

  // The close button closes too.
  await trigger.click();
  await w.host.locator('.dialog-close').click();
  assert.deepEqual(await focusState(page), { open: false, inDialog: false, name: 'trigger' });
  assert.deepEqual(page.problems, []);
  await context.close();
});

/** The dialog's keyboard-reachable controls in document order: [label] (class, id or tag). */
function dialogControls(page) {
  return page.evaluate(() => {
    const host = document.querySelector('baked-search');
    const dialog = host.shadowRoot.querySelector('dialog');
    const all = [...dialog.querySelectorAll('input, button, select, a[href], [tabindex]')].filter(
      (n) => n.tabIndex >= 0 && !n.disabled && n.getClientRects().length > 0,
    );
    return all.map((n) => n.id || n.className || n.tagName);
  });
}

/** Focuses the dialog's first (`which` 0) or last (-1) control. */
function focusControl(page, which) {
  return page.evaluate((at) => {
    const dialog = document.querySelector('baked-search').shadowRoot.querySelector('dialog');
    const all = [...dialog.querySelectorAll('input, button, select, a[href], [tabindex]')].filter(
      (n) => n.tabIndex >= 0 && !n.disabled && n.getClientRects().length > 0,
    );
    all.at(at).focus();
  }, which);
}

test('focus trap: Tab on the last control goes to the first, Shift-Tab on the first to the last, a full round stays inside; the page behind is inert', async () => {
  const { context, page, w, trigger } = await openModalPage();
  // A control beside the dialog (the header's are under it): clicks there must not reach it.
  await page.evaluate(() => {
    window.__sideClicks = 0;
    const side = document.createElement('button');
    side.id = 'side';
    side.textContent = 'Side';
    side.style.cssText = 'position:fixed;left:4px;top:50%';
    side.addEventListener('click', () => window.__sideClicks++);
    document.body.append(side);
  });
  await trigger.click();
  await w.input.fill('deterrence');
  await w.options.first().waitFor();
  await w.host.locator('.facet').first().waitFor();
  const controls = await dialogControls(page);
  assert.ok(controls.length >= 4, JSON.stringify(controls));
  assert.equal(controls[0], 'input', JSON.stringify(controls));

  // The edges: without the trap, Tab on the last control leaves the document (the browser's
  // own UI) and Shift-Tab on the first does too.
  await focusControl(page, -1);
  await page.keyboard.press('Tab');
  assert.deepEqual(await focusState(page), { open: true, inDialog: true, name: controls[0] }, 'Tab on the last control');
  await page.keyboard.press('Shift+Tab');
  assert.deepEqual(await focusState(page), { open: true, inDialog: true, name: controls.at(-1) }, 'Shift-Tab on the first control');

  // A whole round each way visits every control in order and comes back.
  for (const [key, order] of [['Tab', controls], ['Shift+Tab', [...controls].reverse()]]) {
    await focusControl(page, key === 'Tab' ? 0 : -1);
    const seen = [];
    for (let i = 0; i < order.length; i++) {
      await page.keyboard.press(key);
      const state = await focusState(page);
      assert.equal(state.inDialog, true, `${key} #${i + 1}: focus left the dialog for ${state.name}`);
      seen.push(state.name);
    }
    assert.deepEqual(seen, [...order.slice(1), order[0]], key);
  }
  assert.ok(controls.includes('dialog-close') && controls.includes('INPUT'), `close button and a facet checkbox: ${controls}`);

  // The page behind is inert: it takes neither focus nor clicks.
  assert.equal(await w.host.evaluate((el) => el.shadowRoot.querySelector('dialog').matches(':modal')), true);
  const outside = await page.evaluate(() => {
    document.getElementById('after').focus();
    document.getElementById('before').focus();
    return document.activeElement.id || document.activeElement.tagName;
  });
  assert.equal(outside, 'BAKED-SEARCH', 'focus stays in the element');
  const side = await page.locator('#side').boundingBox();
  await page.mouse.click(side.x + side.width / 2, side.y + side.height / 2); // on the backdrop
  assert.equal(await page.evaluate(() => window.__sideClicks), 0, 'the button behind was not clicked');
  assert.deepEqual(await focusState(page), { open: false, inDialog: false, name: 'trigger' }, 'the backdrop click closed the dialog, focus on the trigger');

  // Esc from deep inside (a facet checkbox) closes it too, focus back on the trigger.
  await trigger.click();
  await w.options.first().waitFor();
  await w.host.locator('.facet input').first().focus();
  await page.keyboard.press('Escape');
  assert.deepEqual(await focusState(page), { open: false, inDialog: false, name: 'trigger' });
  const focusable = await page.evaluate(() => {
    document.getElementById('after').focus();
    return document.activeElement.id;
  });
  assert.equal(focusable, 'after', 'closed: the page takes focus again');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a click on the backdrop closes the dialog (a click inside does not)', async () => {
  const { context, page, w, trigger } = await openModalPage();
  await trigger.click();
  await w.input.fill('deterrence');
  await w.options.first().waitFor();
  await w.host.locator('.dialog-bar').click({ position: { x: 5, y: 5 } });
  await w.host.locator('.footer').click();
  assert.equal((await focusState(page)).open, true, 'clicks inside keep it open');
  const box = await w.host.locator('dialog').boundingBox();
  await page.mouse.click(Math.max(2, box.x / 2), box.y + box.height / 2);
  assert.deepEqual(await focusState(page), { open: false, inDialog: false, name: 'trigger' });
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('results as inline: ↓ and Enter fire select, follow the link and close the dialog', async () => {
  const { context, page, w, trigger } = await openModalPage();
  await trigger.click();
  await w.input.fill('deterrence');
  await w.options.nth(2).waitFor();
  assert.equal(await w.input.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  const first = w.options.nth(0);
  assert.equal(await w.input.getAttribute('aria-activedescendant'), await first.getAttribute('id'));
  const href = await first.evaluate((a) => a.href);
  await page.evaluate(() => {
    document.querySelector('baked-search').addEventListener('select', (e) => {
      window.__selected = e.detail.result.id;
    }, { once: true });
  });
  await page.keyboard.press('Enter');
  await page.waitForURL(href);
  assert.ok(await page.evaluate(() => window.__selected), 'select fired with the result');
  assert.equal((await focusState(page)).open, false);
  assert.deepEqual(page.problems, []);
  await context.close();
});

for (const [label, viewport, colorScheme] of [
  ['desktop', { width: 1100, height: 800 }, 'light'],
  ['desktop-dark', { width: 1100, height: 800 }, 'dark'],
  ['phone', { width: 360, height: 740 }, 'light'],
]) {
  test(`open with results: axe clean, screenshot (${label} ${viewport.width}×${viewport.height})`, async () => {
    const phone = label === 'phone';
    const { context, page, w, trigger } = await openModalPage(viewport, { colorScheme, isMobile: phone, hasTouch: phone });
    await shot(page, `modal-trigger-${label}`);
    await trigger.click();
    await w.input.fill('deterrence');
    await w.options.nth(2).waitFor();
    await page.keyboard.press('ArrowDown');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));

    const rects = await w.host.evaluate((el) => {
      const r = (n) => n.getBoundingClientRect().toJSON();
      const root = el.shadowRoot;
      return { dialog: r(root.querySelector('dialog')), option: r(root.querySelector('[role="option"]')) };
    });
    if (phone) {
      // The dialog is the whole screen, the first result inside it.
      assert.deepEqual([rects.dialog.x, rects.dialog.y, rects.dialog.width, rects.dialog.height], [0, 0, 360, 740]);
    } else {
      assert.ok(rects.dialog.x > 100 && rects.dialog.right < viewport.width - 100, JSON.stringify(rects.dialog));
    }
    assert.ok(rects.option.top >= 0 && rects.option.bottom <= viewport.height, `first result: ${JSON.stringify(rects.option)}`);
    await shot(page, `modal-open-${label}`);
    assert.deepEqual(page.problems, []);
    await context.close();
  });
}

test('the backdrop follows --bs-backdrop and baked-search::part(dialog)::backdrop', async () => {
  const { context, page, w, trigger } = await openModalPage();
  await trigger.click();
  const backdrop = () => w.host.evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('dialog'), '::backdrop').backgroundColor);
  assert.equal(await backdrop(), 'rgba(15, 20, 25, 0.5)');
  await w.host.evaluate((el) => el.style.setProperty('--bs-backdrop', 'rgb(1, 2, 3)'));
  assert.equal(await backdrop(), 'rgb(1, 2, 3)');
  await page.addStyleTag({ content: 'baked-search::part(dialog)::backdrop { background-color: rgb(4, 5, 6); }' });
  assert.equal(await backdrop(), 'rgb(4, 5, 6)');
  await context.close();
});

test('the demo page: the header button opens the search in a dialog; the inline box is unchanged', async () => {
  const context = await env.browser.newContext({ viewport: { width: 900, height: 760 } });
  const page = await newPage(context, env.server.url);
  await page.goto(env.demo);
  const modal = widget(page, 'baked-search[mode="modal"]');
  const inline = widget(page);
  assert.equal(await inline.input.isVisible(), true);
  await page.locator('#info').filter({ hasText: 'documents' }).waitFor();
  await shot(page, 'modal-demo');
  await modal.host.locator('.trigger').click();
  await modal.input.fill('deterrence');
  await modal.options.first().waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await modal.host.evaluate((el) => el.shadowRoot.activeElement?.className), 'trigger');
  // "/" still goes to the inline box (the demo's modal box has shortcut="none").
  await page.locator('h1').click();
  await page.keyboard.press('/');
  assert.equal(await inline.host.evaluate((el) => el.shadowRoot.activeElement?.id), 'input');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('strict CSP + Trusted Types: the modal opens, is styled and shows results', async () => {
  const policy = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; require-trusted-types-for 'script'";
  const context = await env.browser.newContext({ viewport: { width: 900, height: 760 } });
  const page = await newPage(context, env.server.url);
  const url = new URL('tests/fixtures/generated/modal-csp.html', env.server.url).href;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>modal csp</title>
<script type="module" src="/www/dist/bakedsearch.js"></script></head><body><baked-search mode="modal"></baked-search></body></html>`;
  await page.route(url, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': policy }, body: html }),
  );
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  const w = widget(page, 'baked-search');
  await w.host.locator('.trigger').click();
  await w.input.fill('deterrence');
  await w.options.first().waitFor();
  const styled = await w.host.evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('dialog')).borderRadius);
  assert.equal(styled, '8px', 'the stylesheet applies under style-src self');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.problems, []);
  await context.close();
});
