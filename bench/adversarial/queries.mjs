// The adversarial queries of core/tests/adversarial.rs, for the browser: the same texts, so
// that the native and the browser figures are of the same queries.
const COMMON = [
  'to', 'of', 'in', 'is', 'it', 'an', 'as', 'be', 'by', 'on', 'or', 'if', 'at', 'we', 'no', 'do',
  'so', 'up', 'us', 'my', 'the', 'and', 'for', 'you', 'can', 'are', 'not', 'use', 'see', 'all',
  'new', 'one', 'has', 'set', 'get', 'web', 'api', 'css', 'html', 'element',
];
const K = 4096;
const bytes = (s) => new TextEncoder().encode(s).length;
function repeat(word, sep, limit) {
  let out = '';
  while (bytes(out) + bytes(word) + bytes(sep) <= limit) out += word + sep;
  return out.trimEnd();
}
const cycle = (n) => Array.from({ length: n }, (_, i) => COMMON[i % COMMON.length]);

export function adversarialQueries() {
  const q = [];
  const add = (name, text) => q.push({ name, text });
  add('excluded phrase of ~1,000 words', `element -"${repeat('the', ' ', K - 12)}"`);
  add('phrase "the …" ×300', `"${repeat('the', ' ', 1200)}"`);
  add('phrase "the …" to 4 KB', `"${repeat('the', ' ', K - 2)}"`);
  add('phrase "a …" ×200', `"${repeat('a', ' ', 400)}"`);
  add('phrase "a …" to 4 KB', `"${repeat('a', ' ', K - 2)}"`);
  {
    let s = '';
    for (const w of cycle(2000)) {
      if (s.length + w.length + 3 > K) break;
      s += `${w} `;
    }
    add('phrase of common words to 4 KB', `"${s.trimEnd()}"`);
  }
  add('OR alternatives to 4 KB', repeat('the', ' OR ', K));
  add('OR of common words to 4 KB', cycle(800).join(' OR ').slice(0, K - 8).replace(/[ OR]+$/, ''));
  add('OR of phrases to 4 KB', repeat('"to the"', ' OR ', K));
  add('exclusions to 4 KB', `element ${repeat('-the', ' ', K - 8)}`);
  add('exclusions of common words', `element ${cycle(700).map((w) => `-${w}`).join(' ')}`.slice(0, K));
  add('32 two-letter words', [...COMMON.slice(0, 20), ...COMMON.slice(0, 20)].slice(0, 32).join(' '));
  add('32 common words', COMMON.slice(0, 32).join(' '));
  add('32 common words OR each', COMMON.slice(0, 32).map((w) => `${w} OR the OR and`).join(' '));
  add('prefix e', 'e');
  add('prefix s', 's');
  add('prefix co after 31 words', `${COMMON.slice(0, 31).join(' ')} co`);
  add('31 typo words + typo prefix', `${repeat('documentatoin', ' ', 31 * 14)} elemnetx`);
  add('identifiers ×32', repeat('DataTransferItemList', ' ', K));
  add('phrase of identifiers', `"${repeat('HTMLElement', ' ', K - 2)}"`);
  add('long word', 'x'.repeat(K));
  add('emoji', '😀'.repeat(1024));
  add('field phrases', repeat('title:"the element"', ' OR ', K));
  {
    let s = '';
    for (const w of cycle(2000)) {
      const part = `"${w} the" OR ${w} -"the ${w}" `;
      if (s.length + part.length > K) break;
      s += part;
    }
    add('mixed', s);
  }
  return q;
}
