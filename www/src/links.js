// Where a result links to. Document URLs come from the corpus, which many people may write:
// a link must not run script nor send the reader to a site the site owner did not choose.
//
// Policy: a document's `url` is resolved against `base-url` (else the page). It is linked when
// its scheme is http: or https: and its origin is the page's, the document base's, base-url's
// or one the site owner allows (attribute `allow-origins`: a list of origins, or `*` for any
// web origin). On a page opened from file://, file: URLs are linked too (a site read offline).
// Every other URL (javascript:, data:, vbscript:, blob:, ftp:, protocol-relative or absolute
// URLs to other origins, …) is replaced by the document's `#id` (on base-url when there is
// one), and the `select` event carries that replacement.

const WEB = ['http:', 'https:'];

/** The `allow-origins` attribute: '*' or the list of origins it names (malformed ones left out). */
export function allowedOrigins(attr) {
  if (attr === null || attr === undefined) return [];
  const words = String(attr).split(/[\s,]+/).filter(Boolean);
  if (words.includes('*')) return '*';
  const out = [];
  for (const w of words) {
    try {
      const u = new URL(w);
      if (WEB.includes(u.protocol)) out.push(u.origin);
    } catch {
      // not an origin
    }
  }
  return out;
}

/**
 * The link of `result`: its `url` when the policy above allows it, else `#id`. `base`: the
 * `base-url` attribute; `allow`: allowedOrigins(…).
 */
export function resultHref(result, base, allow = []) {
  const hash = `#${encodeURIComponent(String(result.id))}`;
  const page = new URL(document.baseURI);
  const offline = location.protocol === 'file:';
  const scheme = (u) => WEB.includes(u.protocol) || (offline && u.protocol === 'file:');
  let baseUrl = null;
  if (base) {
    try {
      const b = new URL(base, page);
      if (scheme(b)) baseUrl = b; // an unusable base-url is ignored
    } catch {
      // not a URL
    }
  }
  const origins = [location.origin, page.origin, ...(baseUrl ? [baseUrl.origin] : [])];
  const allowed = (u) =>
    (offline && u.protocol === 'file:') || (WEB.includes(u.protocol) && (allow === '*' || origins.includes(u.origin) || allow.includes(u.origin)));
  if (typeof result.url === 'string' && result.url) {
    try {
      const u = new URL(result.url, baseUrl || page);
      if (allowed(u)) return u.href;
    } catch {
      // not a URL: fall through
    }
  }
  return baseUrl ? new URL(hash, baseUrl).href : hash;
}
