// `import 'bakedsearch/widget'` in Node (server-side rendering, tests, build tools): the
// browser module defines a custom element (HTMLElement, customElements) and fetches its
// wasm, neither of which exists here. This module has the same names, so importing it and
// rendering `<baked-search>` as markup on the server work; the element itself comes alive
// in the browser, from the bakedsearch.js the page loads. Calling the search API here is a
// mistake, and says so.
const BROWSER_ONLY = 'bakedsearch: search runs in the browser (load bakedsearch.js in the page); on the server, render <baked-search> as markup';

function browserOnly() {
  throw new Error(BROWSER_ONLY);
}

/** Rejects (returns a rejected promise, never throws): there is no engine on the server. */
export default function init() {
  return Promise.reject(new Error(BROWSER_ONLY));
}
export const search = browserOnly;
export const searchDetailed = browserOnly;
export const getDocument = browserOnly;
export const indexInfo = browserOnly;
export const initSync = browserOnly;
/** On the server there is no element class (there is no HTMLElement to extend). */
export const BakedSearchElement = undefined;
