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
  /** Build snippets; `false` leaves `snippet` and `highlights` empty (faster when only ids and titles are needed). Default true. */
  snippets?: boolean;
  /**
   * Keep documents with these facet values: `{ source: "Yonhap", year: ["2022", "2023"] }`.
   * Values of one field: any; fields: all. A field that is not a facet field throws.
   * With filters, an empty query lists every document that passes them.
   */
  filters?: Record<string, string | string[]>;
  /** Result order. "newest"/"oldest" order by date, undated documents last; with an empty query, lists every document. Default "relevance". */
  sort?: 'relevance' | 'newest' | 'oldest';
  /** Count the facet values of the matching documents (`SearchDetailed.facets`). Default false. */
  facets?: boolean;
  /**
   * Sections listed per result (`SearchResult.sections`), 0 to 10. Default 3; 0 turns
   * them off. Pages are ranked the same either way.
   */
  sections?: number;
}

/** A document's display fields: one value as a string, several as an array. */
export type Meta = Record<string, string | string[]>;

/** One facet value and the number of matching documents that have it. */
export interface FacetValue {
  value: string;
  count: number;
}

/** A [start, end) range in UTF-16 code units (JavaScript string indices). */
export type Range = [number, number];

export interface SearchResult {
  id: string;
  title: string;
  date?: string;
  url?: string;
  /** The index's display fields (bakedsearch.toml `display`), e.g. `{ source: "Yonhap" }`. */
  meta: Meta;
  score: number;
  /** An excerpt around the matches; starts/ends with "…" where it was cut. */
  snippet: string;
  /** Matched ranges in `snippet`. */
  highlights: Range[];
  /** Matched ranges in `title`. */
  titleHighlights: Range[];
  /**
   * Up to `sections` (default 3) sections of this page that match the query, best first;
   * [] when the page has none or none match.
   */
  sections: SectionResult[];
}

/** A part of a page that begins at a heading with an anchor id. */
export interface SectionResult {
  /** The heading's anchor id. */
  id: string;
  heading: string;
  /** `${url}#${id}` where the page has a url, else `#${id}`. */
  url: string;
  /** Excerpt of the section's own text around the matches ("…" where cut). */
  snippet: string;
  /** Matched ranges in `snippet`. */
  highlights: Range[];
  /** Matched ranges in `heading`. */
  headingHighlights: Range[];
}

export interface SearchDetailed {
  results: SearchResult[];
  /** Number of matching documents before `limit`/`offset` were applied. */
  total: number;
  /** A corrected query when the query looks misspelled, else null. */
  didYouMean: string | null;
  /**
   * With `facets: true`: per facet field, in configuration order, its values among the
   * matching documents. A field's own filter is not applied to its counts; selected values
   * are listed even at 0.
   */
  facets: Record<string, FacetValue[]>;
}

export interface BakedDocument {
  id: string;
  title: string;
  date?: string;
  url?: string;
  meta: Meta;
  text: string;
}

export interface IndexInfo {
  documents: number;
  terms: number;
  fields: string[];
  /** Display field names (the keys of `meta`). */
  display: string[];
  /** Facet field names (what `filters` accepts). */
  facets: string[];
  /** The corpus language (its stemmer and stop words). */
  language: string;
  /** Some document has a date (so a newest/oldest order means something). */
  dated: boolean;
  indexBytes: number;
  formatVersion: number;
  version: string;
  corpus: string;
  /** "split": the index keeps its shards in shards/ beside the .wasm (use `searchAsync`). */
  layout: 'embedded' | 'split';
  /** Split layout: the shard files a first query likely needs (the element fetches them on focus). */
  prefetch: string[];
}

/** One step of a search: what `searchDetailed` answers, or the shard files to fetch and `addShard` first. */
export type SearchStep = (SearchDetailed & { need?: undefined }) | { need: string[]; results?: undefined };

/**
 * Loads the WebAssembly module; call (and await) once before the functions below. Later calls
 * return the same promise. The <baked-search> element calls it by itself.
 */
export default function init(input?: unknown): Promise<unknown>;
/** Synchronous instantiation from a `WebAssembly.Module` or bytes (wasm-bindgen's initSync). */
export function initSync(module: unknown): unknown;

/**
 * Ranked results. Never throws for any query string; throws an Error for a malformed option,
 * and for a split index (use `searchAsync`).
 */
export function search(query: string, options?: SearchOptions): SearchResult[];
export function searchDetailed(query: string, options?: SearchOptions): SearchDetailed;
/**
 * `search`'s results in either layout (calls `init()` itself). A split index first fetches the
 * shards the query needs from shards/ beside the module, each once per page; rejects with an
 * Error naming the shard when one cannot be fetched or is rejected (the next call retries).
 */
export function searchAsync(query: string, options?: SearchOptions): Promise<SearchResult[]>;
/** What `searchDetailed` answers (always in the embedded layout), or `{ need }`: shards to fetch and add first. */
export function searchStep(query: string, options?: SearchOptions): SearchStep;
/** Verifies shard `name`'s bytes and keeps them for the searches; throws an Error for bad bytes. */
export function addShard(name: string, bytes: Uint8Array): void;
export function getDocument(id: string): BakedDocument | null;
export function indexInfo(): IndexInfo;

/**
 * Every string the element shows or announces (`element.strings`). `{name}` marks a value
 * (`{n}`, `{total}`, `{query}`, `{field}`, `{text}`); `…One`/`…Other` pairs are chosen by the
 * plural rule of the element's language. The English defaults:
 */
export interface BakedSearchStrings {
  /** Search */
  searchLabel: string;
  /** Search */
  placeholder: string;
  /** Search results */
  results: string;
  /** Recent searches */
  recentSearches: string;
  /** Clear */
  clear: string;
  /** Clear recent searches */
  clearRecent: string;
  /** Filter and sort results */
  filtersLabel: string;
  /** Sort */
  sort: string;
  /** Relevance */
  relevance: string;
  /** Newest */
  newest: string;
  /** Oldest */
  oldest: string;
  /** Clear filters */
  clearFilters: string;
  /** Filters (the button that unfolds the facet groups in narrow boxes) */
  filtersButton: string;
  /** Filters ({n}) */
  filtersButtonCount: string;
  /** Did you mean {query}? */
  didYouMean: string;
  /** Loading… */
  loading: string;
  /** Search is unavailable right now. */
  unavailable: string;
  /** Part of the search index could not be loaded. Type to try again. (split layout: a shard failed) */
  shardFailed: string;
  /** No results for “{query}”. */
  noResultsFor: string;
  /** No documents match these filters. */
  noDocuments: string;
  /** No results. */
  noResults: string;
  /** {n} result */
  resultsOne: string;
  /** {n} results */
  resultsOther: string;
  /** {n} of {total} results */
  resultsOf: string;
  /** {text}. */
  sentence: string;
  /** {n} recent search */
  recentOne: string;
  /** {n} recent searches */
  recentOther: string;
  /** {n} more */
  moreValues: string;
  /** Fewer */
  fewerValues: string;
  /** {field} values */
  fieldValues: string;
  /** to move */
  keyMove: string;
  /** to open */
  keyOpen: string;
  /** to search */
  keySearch: string;
  /** to close */
  keyClose: string;
  /** esc */
  keyEsc: string;
  /** Search (modal mode: the trigger button's text, unless `placeholder` is set) */
  triggerLabel: string;
  /** Search (modal mode: the dialog's accessible name) */
  dialogLabel: string;
  /** Close (modal mode: the dialog's close button) */
  closeDialog: string;
  /** section of {title} (screen-reader text of a section option: the page it belongs to) */
  sectionOf: string;
}

/** A section as the element lists it: the engine's, with the link its option has. */
export interface RenderedSection extends SectionResult {
  /** `url` after the link policy (see `allow-origins`); refused, the page's `#id`. */
  href: string;
}

/**
 * The second argument of `renderResult`. It is called once for the page's option (`section`
 * null) and once for each section option listed under it (`section` set); return null in
 * either case for the default rendering.
 */
export interface RenderContext {
  /** The result's position in the list, from 0. */
  index: number;
  /** The link the option has (see `allow-origins`): the page's, or the section's. */
  href: string;
  /** The section this option is for, or null for the page's own option. */
  section: RenderedSection | null;
  /** The page's sections listed under it (at most 3), best first. */
  sections: RenderedSection[];
  /** The query as typed. */
  query: string;
  /** `text` with the `[start, end)` ranges wrapped in <mark part="mark">, as text nodes. */
  highlight(text: string, ranges: Range[]): DocumentFragment;
}

/** `detail` of the element's `search` event, and what `element.search(query)` resolves with. */
export interface BakedSearchDetail {
  query: string;
  results: SearchResult[];
  total: number;
  didYouMean: string | null;
  /** The facet counts shown (empty without facet fields). */
  facets: Record<string, FacetValue[]>;
  /** The selected filters. */
  filters: Record<string, string[]>;
  sort: 'relevance' | 'newest' | 'oldest';
  /** Why this search failed (e.g. a shard of a split index could not be fetched), else null. */
  error: string | null;
}

export interface BakedSearchEventMap extends HTMLElementEventMap {
  /** After every search (as the person types; with a worker, only the newest query's). */
  search: CustomEvent<BakedSearchDetail>;
  /** A result was chosen (click or Enter). Cancel it to stop the link being followed. */
  select: CustomEvent<{
    query: string;
    /** The result; its `url` is the link as shown (see `allow-origins`), not the raw document URL. */
    result: SearchResult;
    /** The section chosen (its `url` the link as shown), or null when the page's option was. */
    section: SectionResult | null;
    /** The link as shown: the allowed document (or section) URL, or `#id` (on `base-url`). */
    url: string;
  }>;
}

/**
 * `<baked-search placeholder="Search" limit="10" value="">`
 *
 * Attributes:
 * - `placeholder`: the box's placeholder (default "Search"); in modal mode also the trigger's text.
 * - `mode`: `inline` (default) or `modal` (a trigger button showing the shortcut, ⌘K / Ctrl K,
 *   that opens the box in a modal dialog; Esc, the backdrop or the close button close it).
 * - `limit`: most results shown, 1..1000 (default 10).
 * - `value`: the query; setting it runs the search.
 * - `fields`: what each result shows, any of `title`, `date`, `meta` (every display field) or a
 *   display field's name, `snippet`, `sections` (the page's matching sections under it; default
 *   all); `source` still works (the `source` field, or every display field when there is none
 *   by that name).
 * - `facets`: the facet groups shown in the results panel: all of the index's (default), `off`,
 *   or a list of field names.
 * - `sort`: the initial result order, `relevance` (default), `newest` or `oldest`; `off` hides
 *   the Sort control (shown when the index has dated documents).
 * - `shortcut`: the key that focuses the box, default "/"; a single character, or "none"
 *   (which also turns off Ctrl/⌘-K).
 * - `base-url`: resolves relative document URLs, and prefixes `#id` links.
 * - `allow-origins`: other origins result links may go to (a list of origins, or `*` for any
 *   web origin). By default only same-origin http(s) links (and base-url's origin) are made;
 *   other URLs, and always javascript:, data:, vbscript:, blob: and the like, become `#id`.
 * - `theme`: `light`, `dark` or `auto` (default: follow prefers-color-scheme).
 * - `recent`: how many recent searches are shown, 0..50 (default 5; 0 turns them off).
 * - `lang`: the language of the strings (default: the closest ancestor's, e.g. <html lang>).
 * - `dir`: `rtl`/`ltr` (default: the page's direction).
 * - `worker`: search in a Web Worker (`worker`, or `worker="off"`); by default only when the
 *   .wasm is larger than 2 MB or the index is split. The single-file build always searches on
 *   the main thread.
 *
 * Themable through CSS custom properties (--bs-bg, --bs-fg, --bs-muted, --bs-border, --bs-accent,
 * --bs-active-bg, --bs-mark-bg, --bs-mark-fg, --bs-radius, --bs-shadow, --bs-font,
 * --bs-max-height) and ::part(box | input | hint | panel | head | clear-recent | filters |
 * filters-toggle | facet |
 * facet-value | more | sort | clear-filters | suggestion | listbox | option | recent | title |
 * meta | date | field | snippet | section | section-heading | section-snippet | mark | message |
 * footer | count | keys), and in modal mode
 * ::part(trigger | trigger-label | trigger-hint | dialog | dialog-close); the backdrop is
 * `baked-search::part(dialog)::backdrop` (or --bs-backdrop).
 */
export class BakedSearchElement extends HTMLElement {
  /** The query; setting it runs the search. Mirrors the initial `value` attribute. */
  value: string;
  /** Maximum number of results shown (attribute `limit`, 1..1000, default 10). */
  limit: number;
  /**
   * The strings in use (a copy), in the element's language (`lang`, else the closest
   * ancestor's: en, ko, zh, ja, fr, de, es built in, others English). Set a partial object to
   * override strings; null restores the built-in ones.
   */
  get strings(): BakedSearchStrings;
  set strings(overrides: Partial<BakedSearchStrings> | null);
  /**
   * Renders a result's content yourself: return a Node (or a string, shown as text), or null
   * for the default rendering. The element keeps the option (link, selection, keyboard).
   * Called for the page's option and for each section option under it (`context.section`).
   */
  renderResult: ((result: SearchResult, context: RenderContext) => Node | string | null | undefined) | null;
  /** Attribute `allow-origins`: the origins listed, or "*". Set an array or a string. */
  allowOrigins: string[] | '*';
  /** Whether searches run in a Web Worker (known once the engine has loaded). */
  readonly usesWorker: boolean;
  /** The selected facet values; setting it runs the search (an empty box lists the filtered documents). */
  filters: Record<string, string[]>;
  /** The result order; setting it runs the search. */
  sort: 'relevance' | 'newest' | 'oldest';
  /**
   * Attribute `mode`: `inline` (default, the box in the page) or `modal` (a trigger button
   * that opens the box and its results in a modal <dialog>).
   */
  mode: 'inline' | 'modal';
  /** Clears the query, the filters and the results. */
  clear(): void;
  /**
   * Focuses the box and opens the panel (the results, or recent searches when empty); in
   * modal mode, opens the dialog first.
   */
  open(): void;
  /** Closes the panel (in modal mode, the dialog; focus goes back to the trigger); the query stays. */
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
      /** Embedded indexes only here: the single-file build is not made for a split index. */
      searchAsync: typeof searchAsync;
      BakedSearchElement: typeof BakedSearchElement;
    };
  }
}
