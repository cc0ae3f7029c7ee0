// What the element's attributes say, parsed (pure functions of the attribute's text; null:
// the attribute is absent).

import { DEFAULT_RECENT, MAX_RECENT } from './recent.js';

export const DEFAULT_LIMIT = 10;
export const SORTS = ['relevance', 'newest', 'oldest'];
export const OFF = ['off', 'false', 'no', 'none', '0'];

/** Attribute `limit`: 1..1000, default 10. */
export function parseLimit(attr) {
  const n = Number.parseInt(attr ?? '', 10);
  return Number.isFinite(n) ? Math.min(1000, Math.max(1, n)) : DEFAULT_LIMIT;
}

/** Attribute `mode`: "modal" or "inline" (the default). */
export function parseMode(attr) {
  return (attr || '').trim().toLowerCase() === 'modal' ? 'modal' : 'inline';
}

/**
 * Attribute `fields`: what each result shows, `{ title, date, snippet, sections, meta }`, where `meta`
 * is null for every display field, else the Set of the `display` field names shown.
 */
export function parseFields(attr, display) {
  const all = { title: true, date: true, snippet: true, sections: true, meta: null };
  if (attr === null) return all;
  const out = { title: false, date: false, snippet: false, sections: false, meta: new Set() };
  let allMeta = false;
  let known = false;
  for (const word of attr.split(/[\s,]+/).filter(Boolean)) {
    const w = word.toLowerCase();
    const name = display.find((d) => d.toLowerCase() === w);
    if (w === 'title' || w === 'date' || w === 'snippet' || w === 'sections') out[w] = true;
    else if (name !== undefined) out.meta.add(name);
    else if (w === 'meta' || w === 'source') allMeta = true; // `source`: the name before display fields
    else continue;
    known = true;
  }
  if (!known) return all;
  if (allMeta) out.meta = null;
  return out;
}

/** Attribute `facets`: the facet `fields` shown (all of them, none, or those it names, in its order). */
export function parseFacetFields(attr, fields) {
  if (attr === null || ['', 'on', 'all', 'true', 'yes'].includes(attr.trim().toLowerCase())) return fields;
  if (OFF.includes(attr.trim().toLowerCase())) return [];
  const named = attr.split(/[\s,]+/).filter(Boolean);
  return [...new Set(named.map((w) => fields.find((f) => f.toLowerCase() === w.toLowerCase())).filter(Boolean))];
}

/** Attribute `sort`: the initial order, or "off" for no Sort control. */
export function parseSort(attr) {
  const a = (attr ?? '').trim().toLowerCase();
  if (OFF.includes(a)) return 'off';
  return SORTS.includes(a) ? a : 'relevance';
}

/** Attribute `recent`: the number of recent searches kept (0 turns them off). */
export function parseRecent(attr) {
  const n = Number.parseInt(attr ?? '', 10);
  return Number.isFinite(n) ? Math.min(MAX_RECENT, Math.max(0, n)) : DEFAULT_RECENT;
}

/** Attribute `shortcut`: "/" by default, a single character, or null for `shortcut="none"`. */
export function parseShortcut(attr) {
  const a = (attr ?? '/').trim();
  if (a.toLowerCase() === 'none') return null;
  return [...a].length === 1 ? a : '/';
}

/** `{ field: [values] }` → the same as a Map of Sets, values as strings, empty fields left out. */
export function filterMap(filters) {
  const map = new Map();
  if (!filters || typeof filters !== 'object') return map;
  for (const [field, values] of Object.entries(filters)) {
    const list = (Array.isArray(values) ? values : [values]).filter((v) => v !== null && v !== undefined).map(String);
    if (list.length) map.set(field, new Set(list));
  }
  return map;
}
