// The panel of one element as the state says it should look: the listbox of results or
// recent searches, the message, "Did you mean", the footer, the active option and the live
// region. The element `el` holds the state (see element.js); render.js builds the nodes.

import { renderFilters } from './facets-view.js';
import { allowedOrigins, resultHref } from './links.js';
import { readRecent } from './recent.js';
import { appendHighlighted, metaText, renderOption, renderRecent, renderSection } from './render.js';
import { format } from './strings.js';

const ANNOUNCE_DELAY_MS = 400;

/** `text` as a DocumentFragment with the [start, end) `ranges` in <mark> (for renderResult). */
function highlighted(text, ranges) {
  const fragment = document.createDocumentFragment();
  appendHighlighted(fragment, String(text ?? ''), ranges);
  return fragment;
}

export function render(el) {
  const query = el._input.value.trim();
  const browsing = !query && el._hasFilters();
  el._listbox.replaceChildren();
  el._options = [];
  el._chosen = []; // per option of a result: what `select` reports
  let message = '';
  let announce = '';
  let showList = false;
  let recent = [];
  const t = el._t;

  if (!query && !browsing) {
    recent = el._recentLimit > 0 ? readRecent().slice(0, el._recentLimit) : [];
    showList = el._expanded && recent.length > 0;
  }
  const open = el._expanded && (Boolean(query) || browsing || showList);
  el._listKind = query || browsing ? 'results' : 'recent';
  el._recentShown = recent;

  if (!open) {
    // nothing to show
  } else if (el._listKind === 'recent') {
    recent.forEach((q, i) => el._listbox.append(recentOption(el, q, i)));
    announce = format(t.sentence, { text: plural(el, 'recent', recent.length) });
  } else if (el._error) {
    message = t.unavailable;
    announce = message;
  } else if (!el._engineReady) {
    message = t.loading;
  } else if (el._searchError) {
    message = t.shardFailed;
    announce = message;
  } else if (el._results.length === 0) {
    message = query ? format(t.noResultsFor, { query }) : t.noDocuments;
    announce = t.noResults;
  } else {
    el._results.forEach((r, i) => el._listbox.append(...resultOptions(el, r, i)));
    announce = format(t.sentence, { text: countText(el, el._results.length) });
  }
  if (announce && el._didYouMean && el._listKind === 'results') announce += ` ${format(t.didYouMean, { query: el._didYouMean })}`;

  const n = el._options.length;
  el._listbox.hidden = n === 0;
  el._listbox.setAttribute('aria-label', el._listKind === 'recent' ? t.recentSearches : t.results);
  el._head.hidden = !(open && el._listKind === 'recent');
  renderFilters(el, open && el._listKind === 'results' && el._engineReady && !el._error);
  el._message.hidden = !message;
  el._message.textContent = message;
  // The engine's correction, offered with or without (fuzzy) results.
  const suggest =
    open && query && el._engineReady && el._didYouMean && el._didYouMean.trim().toLowerCase() !== query.toLowerCase() ? el._didYouMean : null;
  el._suggest.hidden = !suggest;
  el._suggestButton.textContent = suggest || '';
  el._footer.hidden = !open;
  el._count.textContent = el._listKind === 'recent' || n === 0 ? '' : countText(el, el._results.length); // pages, not their sections
  el._enterLabel.textContent = el._listKind === 'recent' ? t.keySearch : t.keyOpen;
  for (const node of el._moveKeys) node.hidden = n === 0; // nothing to move to or open

  el._panel.hidden = !open;
  if (open) fitPanel(el);
  el._input.setAttribute('aria-expanded', String(open && n > 0));
  setActive(el, el._active);
  announceLater(el, open ? announce : '');
}

/** "3 results", "10 of 42 results" (n results shown). */
function countText(el, n) {
  return el._total > n ? format(el._t.resultsOf, { n, total: el._total }) : plural(el, 'results', n);
}

/** The `${key}One` or `${key}Other` string for the number n, in the element's language. */
function plural(el, key, n) {
  let one = n === 1;
  try {
    one = new Intl.PluralRules(el._lang || undefined).select(n) === 'one';
  } catch {
    // a malformed lang tag: English rules
  }
  return format(el._t[one ? `${key}One` : `${key}Other`], { n });
}

/**
 * Keeps the panel (and its footer) inside the viewport when there is room below the box;
 * with little room it keeps --bs-max-height and the page scrolls.
 */
function fitPanel(el) {
  if (el._modal) return; // the dialog's own layout (styles.css) sizes the panel
  const panel = el._panel;
  let room = Math.floor(window.innerHeight - panel.getBoundingClientRect().top - 12);
  // Phones: with less than half the screen below the box, the page scrolls the box to the
  // top (at 360×740 on the demo page the first result was cut off by the screen's edge).
  if (window.innerWidth < 600 && room < window.innerHeight / 2) {
    el.scrollIntoView({ block: 'start' });
    room = Math.floor(window.innerHeight - panel.getBoundingClientRect().top - 12);
  }
  panel.style.maxHeight = room >= 200 ? `min(var(--bs-max-height), ${room}px)` : '';
}

/** The most sections listed under one page result (the engine's default is the same). */
const MAX_SECTIONS = 3;

/** The site's renderer for `result` (null: the default rendering; a broken one is reported once). */
function customContent(el, result, context) {
  const renderer = el.renderResult;
  if (typeof renderer !== 'function') return null;
  try {
    return renderer.call(el, result, { ...context, query: el._input.value, highlight: highlighted });
  } catch (err) {
    if (el._brokenRenderer !== renderer) console.error('baked-search: renderResult failed', err);
    el._brokenRenderer = renderer;
    return null;
  }
}

/**
 * The options of one result: the page's, then one per matching section (up to
 * MAX_SECTIONS, in the engine's order: best first), each linking to its `#id`.
 */
function resultOptions(el, result, index) {
  const base = el.getAttribute('base-url');
  const allow = allowedOrigins(el.getAttribute('allow-origins'));
  const href = resultHref(result, base, allow);
  const fields = el._fields;
  const id = `${el._prefix}opt-${index}`;
  // A section's link passes the same policy as the page's; refused, it is the page's #id.
  const sections = (fields.sections && Array.isArray(result.sections) ? result.sections : [])
    .filter((s) => s && typeof s === 'object')
    .slice(0, MAX_SECTIONS)
    .map((s) => ({ ...s, href: resultHref({ id: result.id, url: typeof s.url === 'string' ? s.url : '' }, base, allow) }));
  const page = renderOption({
    custom: customContent(el, result, { index, href, section: null, sections }),
    id,
    href,
    result,
    fields,
    shown: metaShown(el, result, fields.meta),
    lang: el._lang,
  });
  const out = [page];
  el._options.push(page);
  el._chosen.push({ result: { ...result, url: href }, section: null });
  const pageTitle = String(result.title || result.id || '');
  sections.forEach((section, i) => {
    const option = renderSection({
      custom: customContent(el, result, { index, href: section.href, section, sections }),
      id: `${id}-s${i}`,
      href: section.href,
      section,
      pageTitle,
      t: el._t,
    });
    out.push(option);
    el._options.push(option);
    const { href: url, ...shown } = section;
    el._chosen.push({ result: { ...result, url: href }, section: { ...shown, url } });
  });
  return out;
}

/**
 * The display fields of `result` to show, `[[name, text]]`: the index's display fields in
 * their order (then any others), those in `names` only unless it is null.
 */
function metaShown(el, result, names) {
  let meta = result.meta;
  if (!meta || typeof meta !== 'object') meta = result.source ? { source: result.source } : {};
  const order = [...new Set([...el._facts.display, ...Object.keys(meta)])];
  const out = [];
  for (const name of order) {
    if (!Object.prototype.hasOwnProperty.call(meta, name) || (names && !names.has(name))) continue;
    const text = metaText(meta[name]);
    if (text) out.push([name, text]);
  }
  return out;
}

function recentOption(el, query, index) {
  const div = renderRecent(`${el._prefix}recent-${index}`, query);
  el._options.push(div);
  return div;
}

/** Makes option `index` the active one (-1: none), for the keyboard and screen readers. */
export function setActive(el, index) {
  const options = el._options;
  const n = options.length;
  el._active = n === 0 ? -1 : Math.max(-1, Math.min(n - 1, index));
  options.forEach((o, i) => o.setAttribute('aria-selected', String(i === el._active)));
  const active = options[el._active];
  if (active && !el._panel.hidden) {
    el._input.setAttribute('aria-activedescendant', active.id);
    active.scrollIntoView({ block: 'nearest' });
  } else {
    el._input.removeAttribute('aria-activedescendant');
  }
}

/** Closes the panel (the query and the results stay). */
export function collapse(el) {
  if (!el._expanded && el._panel.hidden) return;
  el._expanded = false;
  el._panel.hidden = true;
  el._input.setAttribute('aria-expanded', 'false');
  setActive(el, -1);
  announceLater(el, '');
}

/** Puts `text` in the live region once typing pauses ('' at once). */
function announceLater(el, text) {
  clearTimeout(el._announceTimer);
  // Wait for a pause in typing so screen readers are not flooded with counts.
  el._announceTimer = setTimeout(() => {
    if (el._status.textContent !== text) el._status.textContent = text;
  }, text ? ANNOUNCE_DELAY_MS : 0);
}
