// The widget bundles are built once, with esbuild, when the package is packed; at index time
// the CLI only fills in the two things that depend on the site's wasm, by plain string
// replacement (no bundler at index time):
//   bakedsearch.js         the .wasm's size (the element searches in a worker above 2 MB),
//                          built as the sentinel number WASM_BYTES_SENTINEL;
//   bakedsearch.single.js  the .wasm inlined as base64, built over PLACEHOLDER_BYTES, whose
//                          base64 text occurs exactly once (prepack checks both).

/** A size no real wasm has, printed by esbuild as these digits. */
export const WASM_BYTES_SENTINEL = 987654321012;

/** 48 bytes (a multiple of 3, so the base64 text has no padding and no neighbour bleed). */
export const PLACEHOLDER_BYTES = Buffer.from('<<bakedsearch: the site wasm goes in here 0001>>', 'latin1');

export function placeholderBase64() {
  return PLACEHOLDER_BYTES.toString('base64');
}

function replaceOnce(text, needle, value, file) {
  const parts = text.split(needle);
  if (parts.length !== 2) throw new Error(`${file}: the package's template is damaged (reinstall bakedsearch)`);
  return parts.join(value);
}

/** { esm, classic } templates + the site's wasm bytes → the two bundles for that wasm. */
export function fill({ esm, classic }, wasm) {
  return {
    esm: replaceOnce(esm, String(WASM_BYTES_SENTINEL), String(wasm.length), 'bakedsearch.js'),
    classic: classic === null ? null : replaceOnce(classic, placeholderBase64(), Buffer.from(wasm).toString('base64'), 'bakedsearch.single.js'),
  };
}
