// Modal mode (mode="modal"): a trigger button in the page; the box, the panel and the live
// region move into a modal <dialog> (showModal(): the page behind is inert). Esc, the
// backdrop, the close button and close() close it, and focus goes back to the trigger; Tab
// and Shift-Tab go round the dialog's controls.

/** Apple platforms spell the shortcut ⌘K, others Ctrl K. */
export function isApple() {
  const platform = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || '';
  return /mac|iphone|ipad|ipod/i.test(platform);
}

/** Listens to the trigger and the dialog of the element `el`. */
export function wireModal(el) {
  const dialog = el._dialog;
  el._trigger.addEventListener('click', () => el.open());
  el._dialogClose.addEventListener('click', () => el.close());
  // A click on the backdrop targets the dialog itself, outside its box (a keyboard "click"
  // inside has no coordinates but never targets the dialog).
  dialog.addEventListener('click', (e) => {
    if (e.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) el.close();
  });
  // Esc (the dialog's cancel), the close button and close() all end here.
  dialog.addEventListener('close', () => {
    el._collapse();
    if (el._modal) el._trigger.focus();
  });
  // showModal() makes the page inert, but Tab past the last control leaves the document
  // (to the browser's UI); wrap it around inside the dialog instead.
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && !e.altKey && !e.ctrlKey && !e.metaKey) trapTab(el, e);
  });
}

/** Puts the box, the panel and the live region in the page (inline) or in the dialog (modal). */
export function applyMode(el) {
  const modal = el.mode === 'modal';
  if (modal === el._modal) return;
  el._modal = modal;
  const root = el.shadowRoot;
  if (modal) {
    el._dialogBar.replaceChildren(el._box, el._dialogClose);
    el._dialog.replaceChildren(el._dialogBar, el._panel, el._status);
    root.append(el._trigger, el._dialog);
  } else {
    if (el._dialog.open) el._dialog.close();
    el._trigger.remove();
    el._dialog.remove();
    root.append(el._box, el._panel, el._status);
  }
  el._panel.style.maxHeight = '';
  el._collapse();
}

/** Tab on the dialog's last control goes to its first, Shift-Tab on the first to the last. */
function trapTab(el, e) {
  const dialog = el._dialog;
  const controls = [...dialog.querySelectorAll('input, button, select, a[href], [tabindex]')].filter(
    (node) => node.tabIndex >= 0 && !node.disabled && node.getClientRects().length > 0,
  );
  if (!controls.length) return;
  const first = controls[0];
  const last = controls[controls.length - 1];
  const active = el.shadowRoot.activeElement;
  const inside = active && dialog.contains(active);
  if (e.shiftKey ? active === first || !inside : active === last || !inside) {
    e.preventDefault();
    (e.shiftKey ? last : first).focus();
  }
}
