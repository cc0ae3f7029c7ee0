// The element's stylesheet: styles.css, minified by the build (scripts/build.mjs puts it in
// as __STYLE__).
//
// A constructable stylesheet (adoptedStyleSheets), shared by every element on the page: CSP
// does not apply to it, whereas a <style> element in the shadow root is inline style, which
// `style-src 'self'` blocks (the panel then renders unstyled). Browsers without constructable
// stylesheets (Safari before 16.4) get the <style> element.

export const STYLE = __STYLE__;

let sheet = null;

/** Puts the stylesheet into a shadow root. */
export function applyStyles(root) {
  if (!sheet && 'adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    try {
      const s = new CSSStyleSheet();
      s.replaceSync(STYLE);
      sheet = s;
    } catch {
      // no constructable stylesheets after all
    }
  }
  if (sheet) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = STYLE;
  root.prepend(style);
}
