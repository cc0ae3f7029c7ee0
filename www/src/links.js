// Where a result links to.

/**
 * The document's link. Its `url` when that is a web (or same-scheme) URL, resolved against
 * `base` (the `base-url` attribute) when relative; without a usable `url`, `#id` (on `base`
 * when there is one). Anything else (javascript:, data:, …) is never linked.
 */
export function resultHref(result, base) {
  const hash = `#${encodeURIComponent(String(result.id))}`;
  let baseUrl = null;
  if (base) {
    try {
      baseUrl = new URL(base, document.baseURI);
    } catch {
      baseUrl = null; // an unusable base-url is ignored
    }
  }
  const safe = (u) => u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === location.protocol;
  if (typeof result.url === 'string' && result.url) {
    try {
      const u = new URL(result.url, baseUrl || document.baseURI);
      if (safe(u)) return u.href;
    } catch {
      // not a URL: fall through
    }
  }
  if (baseUrl && safe(baseUrl)) return new URL(hash, baseUrl).href;
  return hash;
}
