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

export interface BakedSearchEventMap extends HTMLElementEventMap {
  /** After every search (as the person types). */
  search: CustomEvent<{ query: string; results: SearchResult[]; total: number }>;
  /** A result was chosen (click or Enter). Cancel it to stop the link being followed. */
  select: CustomEvent<{ query: string; result: SearchResult }>;
}

/**
 * `<baked-search placeholder="Search" limit="10" value="">`
 *
 * Themable through CSS custom properties (--bs-bg, --bs-fg, --bs-muted, --bs-border, --bs-accent,
 * --bs-active-bg, --bs-mark-bg, --bs-mark-fg, --bs-radius, --bs-shadow, --bs-font,
 * --bs-max-height) and ::part(box | input | panel | option | title | snippet).
 */
export class BakedSearchElement extends HTMLElement {
  /** The query; setting it runs the search. Mirrors the initial `value` attribute. */
  value: string;
  /** Maximum number of results shown (attribute `limit`, 1..1000, default 10). */
  limit: number;
  /** Clears the query and the results. */
  clear(): void;
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
