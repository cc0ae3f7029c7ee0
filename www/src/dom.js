// Small DOM builders: the element's markup is made with DOM calls only (no HTML strings, so
// nothing is parsed, and Trusted Types have nothing to object to).

/**
 * `<tag>` with `attrs` (`class` → className, `text` → textContent, `true` → an empty attribute,
 * null/false/undefined → left out) and `children` (nodes or strings) appended.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  el.append(...children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** A decorative 20×20 icon drawn by the path `d`. */
export function icon(d) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

export const SEARCH_ICON =
  'M8.5 2a6.5 6.5 0 0 1 5.2 10.4l4 4a1 1 0 0 1-1.4 1.4l-4-4A6.5 6.5 0 1 1 8.5 2Zm0 2a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9Z';
export const CLOCK_ICON =
  'M10 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16Zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12Zm0 1.5a1 1 0 0 1 1 1v3.1l2.2 1.6a1 1 0 1 1-1.2 1.6l-2.6-1.9A1 1 0 0 1 9 10V6.5a1 1 0 0 1 1-1Z';
