// Types for dist/bakedsearch.js (ES module). dist/bakedsearch.single.js (classic script) puts
// the same API on `window.bakedsearch`.

export interface SearchOptions {
  /** Maximum number of results, 1..=1000. Default 10. */
  limit?: number;
  /** Number of results to skip (paging). Default 0. */
  offset?: number;
  /** The last query word also matches as a prefix ("deter" → "deterrence"). Default true. */
  prefix?: boolean;
  /** Tolerate typos. Default true. */
  fuzzy?: boolean;
  /** Approximate length of `snippet`, in words. Default 24. */
  snippetWords?: number;
}

/** A [start, end) range in UTF-16 code units (JavaScript string indices). */
export type Range = [number, number];

export interface SearchResult {
  id: string;
  title: string;
  date?: string;
  source?: string;
  url?: string;
  score: number;
  /** An excerpt around the matches; starts/ends with "…" where it was cut. */
  snippet: string;
  /** Matched ranges in `snippet`. */
  highlights: Range[];
  /** Matched ranges in `title`. */
  titleHighlights: Range[];
}

export interface SearchDetailed {
  results: SearchResult[];
  /** Number of matching documents before `limit`/`offset` were applied. */
  total: number;
  /** A corrected query when the query looks misspelled, else null. */
  didYouMean: string | null;
}

export interface BakedDocument {
  id: string;
  title: string;
  date?: string;
  source?: string;
  url?: string;
  text: string;
}

export interface IndexInfo {
  documents: number;
  terms: number;
  fields: string[];
  indexBytes: number;
  formatVersion: number;
  version: string;
  corpus: string;
}

/**
 * Loads the WebAssembly module; call (and await) once before the functions below. Later calls
 * return the same promise. The <baked-search> element calls it by itself.
 */
export default function init(input?: unknown): Promise<unknown>;
/** Synchronous instantiation from a `WebAssembly.Module` or bytes (wasm-bindgen's initSync). */
export function initSync(module: unknown): unknown;

/** Ranked results. Never throws for any query string; throws an Error for a malformed option. */
export function search(query: string, options?: SearchOptions): SearchResult[];
export function searchDetailed(query: string, options?: SearchOptions): SearchDetailed;
export function getDocument(id: string): BakedDocument | null;
export function indexInfo(): IndexInfo;

/** `detail` of the element's `search` event, and what `element.search(query)` resolves with. */
export interface BakedSearchDetail {
  query: string;
  results: SearchResult[];
  total: number;
  didYouMean: string | null;
}

export interface BakedSearchEventMap extends HTMLElementEventMap {
  /** After every search (as the person types; with a worker, only the newest query's). */
  search: CustomEvent<BakedSearchDetail>;
  /** A result was chosen (click or Enter). Cancel it to stop the link being followed. */
  select: CustomEvent<{ query: string; result: SearchResult }>;
}

/**
 * `<baked-search placeholder="Search" limit="10" value="">`
 *
 * Attributes:
 * - `placeholder`: the box's placeholder (default "Search").
 * - `limit`: most results shown, 1..1000 (default 10).
 * - `value`: the query; setting it runs the search.
 * - `fields`: what each result shows, any of `title,date,source,snippet` (default all).
 * - `shortcut`: the key that focuses the box, default "/"; a single character, or "none"
 *   (which also turns off Ctrl/⌘-K).
 * - `base-url`: resolves relative document URLs, and prefixes `#id` links.
 * - `theme`: `light`, `dark` or `auto` (default: follow prefers-color-scheme).
 * - `recent`: how many recent searches are shown, 0..50 (default 5; 0 turns them off).
 * - `worker`: search in a Web Worker (`worker`, or `worker="off"`); by default only when the
 *   .wasm is larger than 2 MB. The single-file build always searches on the main thread.
 *
 * Themable through CSS custom properties (--bs-bg, --bs-fg, --bs-muted, --bs-border, --bs-accent,
 * --bs-active-bg, --bs-mark-bg, --bs-mark-fg, --bs-radius, --bs-shadow, --bs-font,
 * --bs-max-height) and ::part(box | input | panel | option | recent | title | snippet | footer).
 */
export class BakedSearchElement extends HTMLElement {
  /** The query; setting it runs the search. Mirrors the initial `value` attribute. */
  value: string;
  /** Maximum number of results shown (attribute `limit`, 1..1000, default 10). */
  limit: number;
  /** Whether searches run in a Web Worker (known once the engine has loaded). */
  readonly usesWorker: boolean;
  /** Clears the query and the results. */
  clear(): void;
  /** Focuses the box and opens the panel (the results, or recent searches when empty). */
  open(): void;
  /** Closes the panel; the query stays. */
  close(): void;
  /** Puts `query` in the box, runs it and opens the panel; resolves once the results show. */
  search(query: string): Promise<BakedSearchDetail>;
  addEventListener<K extends keyof BakedSearchEventMap>(
    type: K,
    listener: (this: BakedSearchElement, ev: BakedSearchEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'baked-search': BakedSearchElement;
  }
  interface Window {
    /** Set by dist/bakedsearch.single.js. */
    bakedsearch?: {
      init: typeof init;
      initSync: typeof initSync;
      search: typeof search;
      searchDetailed: typeof searchDetailed;
      getDocument: typeof getDocument;
      indexInfo: typeof indexInfo;
      BakedSearchElement: typeof BakedSearchElement;
    };
  }
}
