// Recent searches, kept in localStorage, one list per page path. Every access may throw
// (disabled storage, quota, file://): recent searches are a convenience, not a requirement.

export const DEFAULT_RECENT = 5;
export const MAX_RECENT = 50;

function recentKey() {
  return `bakedsearch:recent:${location.pathname}`;
}

/** The remembered queries, most recent first. */
export function readRecent() {
  try {
    const raw = globalThis.localStorage.getItem(recentKey());
    const list = raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? list.filter((q) => typeof q === 'string' && q.trim()).slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

export function writeRecent(list) {
  try {
    if (list.length) globalThis.localStorage.setItem(recentKey(), JSON.stringify(list));
    else globalThis.localStorage.removeItem(recentKey());
  } catch {
    // storage unavailable or full
  }
}

/** Remembers `query` as the most recent search, keeping at least `max` (0: remember nothing). */
export function remember(query, max) {
  const q = String(query).trim();
  if (!q || max === 0) return;
  const list = readRecent().filter((x) => x.trim().toLowerCase() !== q.toLowerCase());
  list.unshift(q);
  writeRecent(list.slice(0, Math.max(max, DEFAULT_RECENT)));
}
