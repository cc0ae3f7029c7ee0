// What the panel lists: result options, recent searches and facet groups, built from data as
// DOM text nodes only. Document text (titles, snippets, display and facet values) and
// remembered queries never pass through an HTML parser; highlights are <mark> elements built
// around text nodes.

import { CLOCK_ICON, h, icon } from './dom.js';
import { format } from './strings.js';

/** Facet values listed before a "more" button. */
export const FACET_VALUES_SHOWN = 8;

/**
 * Appends `text` to `parent` as text nodes, wrapping the [start, end) UTF-16 ranges in <mark>.
 * Ranges may be unsorted or overlapping; invalid ones are ignored.
 */
export function appendHighlighted(parent, text, ranges) {
  const spans = [];
  if (Array.isArray(ranges)) {
    for (const r of ranges) {
      if (!Array.isArray(r) || r.length < 2) continue;
      const start = Math.max(0, Math.min(text.length, Number(r[0]) | 0));
      const end = Math.max(0, Math.min(text.length, Number(r[1]) | 0));
      if (end > start) spans.push([start, end]);
    }
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let pos = 0;
  for (const [start, end] of spans) {
    if (end <= pos) continue;
    const from = Math.max(start, pos);
    if (from > pos) parent.append(text.slice(pos, from));
    parent.append(h('mark', { part: 'mark', text: text.slice(from, end) }));
    pos = end;
  }
  if (pos < text.length) parent.append(text.slice(pos));
}

/** ISO calendar dates in the language `lang` (undefined: the reader's); anything else as given. */
export function formatDate(value, lang) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(d.getTime())) {
      const options = { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' };
      try {
        return d.toLocaleDateString(lang || undefined, options);
      } catch {
        return d.toLocaleDateString(undefined, options); // a malformed lang tag
      }
    }
  }
  return value;
}

/** A display field's value as text: a string, or several values joined with ", ". */
export function metaText(value) {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined && v !== '').map(String).join(', ');
  return value === null || value === undefined ? '' : String(value);
}

/** The visible name of a facet field: "source" → "Source", "published_year" → "Published year". */
export function fieldLabel(name) {
  const words = String(name).replace(/[_-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : String(name);
}

/**
 * One result: an <a role="option"> to `href` with the title (unless only the snippet is
 * shown), the date and display fields `shown` ([[name, text]]), and the snippet; or, when
 * `custom` is a node or a string (the site's renderResult), that instead.
 */
export function renderOption({ id, href, result, fields, shown, lang, custom }) {
  const a = h('a', { id, role: 'option', 'aria-selected': 'false', part: 'option' });
  a.tabIndex = -1;
  a.href = href;
  if (custom !== null && custom !== undefined) {
    a.append(custom instanceof Node ? custom : String(custom)); // a string is text, never HTML
    return a;
  }

  const titleText = String(result.title || result.id || '');
  if (fields.title || !(fields.snippet && result.snippet)) {
    // dir="auto": a title or snippet in another script than the page's keeps its own direction.
    const title = h('span', { class: 'title', part: 'title', dir: 'auto' });
    appendHighlighted(title, titleText, result.titleHighlights);
    a.append(title);
  } else {
    a.setAttribute('aria-label', titleText); // the title stays the option's name
  }

  const date = fields.date && result.date;
  if (date || shown.length) {
    const meta = h('span', { class: 'meta', part: 'meta' });
    if (date) meta.append(h('time', { part: 'date', datetime: String(result.date), text: formatDate(String(result.date), lang) }));
    for (const [name, text] of shown) meta.append(h('span', { part: 'field', 'data-field': name, text }));
    a.append(meta);
  }
  if (fields.snippet && result.snippet) {
    const snippet = h('span', { class: 'snippet', part: 'snippet', dir: 'auto' });
    appendHighlighted(snippet, String(result.snippet), result.highlights);
    a.append(snippet);
  }
  return a;
}

/**
 * One section of a page result (listed after the page's option): an <a role="option"> to
 * `href` with the heading and the excerpt, and screen-reader text naming the page; or the
 * site's `custom` node or string instead of heading and excerpt.
 */
export function renderSection({ id, href, section, pageTitle, t, custom }) {
  const a = h('a', { id, class: 'section', role: 'option', 'aria-selected': 'false', part: 'option section' });
  a.tabIndex = -1;
  a.href = href;
  if (custom !== null && custom !== undefined) a.append(custom instanceof Node ? custom : String(custom));
  else {
    const heading = h('span', { class: 'section-heading', part: 'section-heading', dir: 'auto' });
    appendHighlighted(heading, String(section.heading ?? section.id ?? ''), section.headingHighlights);
    a.append(heading);
    if (section.snippet) {
      const snippet = h('span', { class: 'section-snippet', part: 'section-snippet', dir: 'auto' });
      appendHighlighted(snippet, String(section.snippet), section.highlights);
      a.append(snippet);
    }
  }
  // Read after the option's own text: "Installing, section of Getting started".
  a.append(h('span', { class: 'sr-only', text: `, ${format(t.sectionOf, { title: pageTitle })}` }));
  return a;
}

/** One remembered query, as an option. */
export function renderRecent(id, query) {
  return h('div', { id, class: 'recent', role: 'option', 'aria-selected': 'false', part: 'option recent' }, icon(CLOCK_ICON), h('span', { text: query }));
}

/**
 * One facet field: a labelled group of checkboxes "value (count)", the first
 * FACET_VALUES_SHOWN (and every checked one) unless `expanded`, then a more/fewer button.
 * Each checkbox carries `_bsFacet` [field, value]; the button `_bsField`; both a `_bsKey`
 * that names them across rebuilds (to keep the focus).
 */
export function renderFacet({ field, index, values, selected, expanded, t }) {
  const label = h('span', { class: 'facet-label', id: `facet-${index}`, text: fieldLabel(field) });
  const group = h('div', { class: 'facet', part: 'facet', role: 'group', 'aria-labelledby': label.id }, label);
  let hidden = 0;
  values.forEach((v, i) => {
    const checked = selected.has(v.value);
    if (!expanded && !checked && i >= FACET_VALUES_SHOWN) {
      hidden++;
      return;
    }
    const box = h('input', { type: 'checkbox' });
    box.checked = checked;
    box._bsFacet = [field, v.value];
    box._bsKey = `v\u0000${field}\u0000${v.value}`;
    const chip = h('label', { class: 'chip', part: 'facet-value' }, box, h('span', { class: 'chip-value', text: v.value }), ' ', h('span', { class: 'chip-count', text: `(${v.count})` }));
    group.append(chip);
  });
  if (hidden > 0 || (expanded && values.length > FACET_VALUES_SHOWN)) {
    const more = h(
      'button',
      { type: 'button', class: 'more', part: 'more', 'aria-expanded': String(expanded), text: expanded ? t.fewerValues : format(t.moreValues, { n: hidden }) },
      h('span', { class: 'sr-only', text: ` ${format(t.fieldValues, { field: fieldLabel(field).toLowerCase() })}` }),
    );
    more._bsField = field;
    more._bsKey = `m\u0000${field}`;
    group.append(more);
  }
  return group;
}
