// The element's stylesheet: styles.css, minified by the build (scripts/build.mjs puts it in
// as __STYLE__).

export const STYLE = __STYLE__;

/** Puts the stylesheet into a shadow root. */
export function applyStyles(root) {
  const style = document.createElement('style');
  style.textContent = STYLE;
  root.prepend(style);
}
