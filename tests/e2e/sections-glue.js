// A stand-in for the wasm-bindgen glue for the section tests (bundled in place of the real
// one with build.mjs's assembleMock({ glue })): the mock engine (www/dev/mock-glue.js), whose
// results here carry `sections` as the real engine returns them (API: SearchResult.sections),
// including a hostile one (markup in its text, a javascript: URL).

import { searchDetailed as mockSearchDetailed } from '../../www/dev/mock-glue.js';

export * from '../../www/dev/mock-glue.js';
export { default } from '../../www/dev/mock-glue.js';

/** Per document id: [id, heading, url, text]. */
const SECTIONS = {
  'mock-alliance': [
    ['planning', 'Nuclear planning and deterrence', 'guide/alliance.html#planning', 'Both sides agreed to consult on deterrence and on nuclear planning every quarter.'],
    ['exercises', 'Joint exercises', 'guide/alliance.html#exercises', 'Exercises on the peninsula support deterrence and readiness.'],
    ['history', 'A long alliance', 'guide/alliance.html#history', 'The alliance has held for seventy years of deterrence.'],
    ['fourth', 'A fourth section', 'guide/alliance.html#fourth', 'Deterrence once more: never shown, three at most.'],
  ],
  'mock-drills': [['readiness', 'Readiness <b>drills</b>', 'javascript:window.__pwned=7', 'Drills strengthen deterrence <img src=x onerror="window.__pwned=8">.']],
};

const words = (query) => [...String(query).toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);

function ranges(text, wanted) {
  const out = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0].toLowerCase();
    if (wanted.some((q) => w.startsWith(q))) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

export function searchDetailed(query, options) {
  const out = mockSearchDetailed(query, options);
  const wanted = words(query);
  for (const r of out.results) {
    r.sections = (SECTIONS[r.id] || []).map(([id, heading, url, snippet]) => ({
      id,
      heading,
      url,
      snippet,
      highlights: ranges(snippet, wanted),
      headingHighlights: ranges(heading, wanted),
    }));
  }
  return out;
}

export function search(query, options) {
  return searchDetailed(query, options).results;
}
