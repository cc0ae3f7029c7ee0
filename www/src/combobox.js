// The combobox controller: what the person does in the box and the list (typing, focus,
// clicks, ↑/↓, Enter, Esc), choosing an option, and the page-wide focus keys ("/" and
// Ctrl/⌘-K). The element `el` holds the state; results-view.js draws it.

import { writeRecent } from './recent.js';
import { setActive } from './results-view.js';

/** Listens to the box, the panel and the list of the element `el`. */
export function wireCombobox(el) {
  const input = el._input;
  input.addEventListener('input', (e) => {
    if (e.isComposing) return;
    el._expanded = true;
    el._run();
  });
  input.addEventListener('compositionend', () => el._run());
  input.addEventListener('keydown', (e) => onKeydown(el, e));
  input.addEventListener('focus', () => {
    el._prefetch(); // loads the engine, then (split layout) the likely shards
    if (!el._expanded) {
      el._expanded = true;
      el._render();
    }
  });
  input.addEventListener('click', () => {
    if (el._panel.hidden) {
      el._expanded = true;
      el._render();
    }
  });
  el.shadowRoot.addEventListener('focusout', (e) => {
    if (el._rebuilding || (el._modal && el._dialog.open)) return;
    if (!e.relatedTarget || !el.shadowRoot.contains(e.relatedTarget)) el._collapse();
  });
  el._onOutside = (e) => {
    if (!e.composedPath().includes(el)) el._collapse();
  };
  // Keep focus in the input while clicking inside the panel (buttons included: Safari does
  // not focus buttons on click, so focus would leave the element and close the panel).
  // A <select> needs the mousedown to open.
  el._panel.addEventListener('mousedown', (e) => {
    if (!(e.target instanceof HTMLSelectElement)) e.preventDefault();
  });
  el._listbox.addEventListener('click', (e) => {
    const option = e.target.closest && e.target.closest('[role="option"]');
    if (!option) return;
    const index = el._options.indexOf(option);
    if (index >= 0 && !choose(el, index)) e.preventDefault();
  });
  el._suggestButton.addEventListener('click', () => {
    el.value = el._suggestButton.textContent;
    input.focus();
  });
  el._clearRecentButton.addEventListener('click', () => {
    writeRecent([]);
    input.focus();
    el._render();
  });
}

/**
 * The option at `index` was chosen. A recent search is run again; a result fires a
 * cancelable `select` event. Returns false when the link must not be followed.
 */
function choose(el, index) {
  if (el._listKind === 'recent') {
    const q = el._recentShown[index];
    if (q !== undefined) {
      el._remember(q);
      el.search(q);
      el._input.focus();
    }
    return false;
  }
  // The link as shown (links.js): `url`, `result.url` (the page's) and `section.url` are
  // that, never the raw URL. `section`: null for the page's own option.
  const url = el._options[index].getAttribute('href');
  const { result, section } = el._chosen[index];
  const query = el._input.value;
  el._remember(query);
  const ok = el.dispatchEvent(new CustomEvent('select', { detail: { result, section, query, url }, cancelable: true }));
  el.close(); // modal mode: the dialog too (the link is still followed)
  return ok;
}

function onKeydown(el, e) {
  if (e.isComposing) return;
  switch (e.key) {
    case 'ArrowDown':
    case 'ArrowUp': {
      if (el._panel.hidden) {
        el._expanded = true;
        el._render();
      }
      if (el._options.length === 0) return;
      e.preventDefault();
      const count = el._options.length;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      let next = el._active + step;
      if (next >= count) next = 0;
      else if (next < -1) next = count - 1;
      setActive(el, next);
      break;
    }
    case 'Enter': {
      const option = el._options[el._active];
      if (!option || el._panel.hidden) {
        // No active option: the query counts as a search the person made.
        if (el._input.value.trim() && el._results.length > 0) el._remember(el._input.value);
        return;
      }
      e.preventDefault();
      option.click(); // runs the click handler above, then follows the link unless cancelled
      break;
    }
    case 'Escape': {
      // Esc closes the panel first, then clears the box, then leaves it; in modal mode it
      // closes the dialog at once (the query stays for the next time).
      e.preventDefault();
      if (el._modal) el.close();
      else if (!el._panel.hidden) el._collapse();
      else if (el._input.value || el._hasFilters()) {
        el._input.value = '';
        el._filters.clear();
        el._expanded = false;
        el._run(true);
      } else el._input.blur();
      break;
    }
    default:
  }
}

function isEditable(node) {
  if (!node || !(node instanceof Element)) return false;
  if (node.isContentEditable) return true;
  const tag = node.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(node.type);
  }
  return false;
}

/** The boxes that take the focus keys (connected elements). */
export const shortcutTargets = new Set();

/**
 * The focus keys: each box's `shortcut` (default "/", outside other text fields), and
 * Ctrl/⌘-K, focus the first connected, visible box that has them.
 */
export function listenForShortcuts() {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.isComposing || shortcutTargets.size === 0) return;
    const modK = (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.shiftKey;
    const plain = !e.ctrlKey && !e.metaKey;
    const origin = e.composedPath()[0];
    const target = [...shortcutTargets].find((el) => {
      if (!el.isConnected || el.hidden) return false;
      const key = el._shortcutKey;
      if (!key) return false;
      return modK || (plain && e.key.toLowerCase() === key.toLowerCase());
    });
    if (!target) return;
    if (!modK && isEditable(origin)) return;
    if (target.shadowRoot.contains(origin) && modK) {
      e.preventDefault();
      return;
    }
    e.preventDefault();
    target.open();
    target._input.select();
  });
}
