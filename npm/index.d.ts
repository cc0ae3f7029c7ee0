// Types of `import { index, version } from 'bakedsearch'` (the CLI as a function). The
// widget's types are in `bakedsearch/widget` (dist/widget/bakedsearch.d.ts).

export interface IndexOptions {
  /** A built site's folder: its *.html pages are indexed and the output goes into it. */
  site?: string;
  /** A Markdown/text/HTML/JSON folder or file to index instead (the output still goes into `site` if given). */
  corpus?: string;
  /** A bakedsearch.toml (default: the one in the corpus folder, if any). */
  config?: string;
  /** The output folder below `site` (default "bakedsearch"). */
  outputSubdir?: string;
  /** The output folder itself (overrides `outputSubdir`). */
  outputPath?: string;
  /** Write bakedsearch.single.js (default true). */
  single?: boolean;
  /** File descriptor for the indexer's warnings and errors (default 2, standard error). */
  stderr?: number;
}

export interface IndexResult {
  /** The absolute output folder. */
  outDir: string;
  /** The files written into it. */
  files: string[];
  documents: number;
  /** The index's language (the engine linking its stemmer was used). */
  language: string;
  imageBytes: number;
  /** Bytes of the written bakedsearch_bg.wasm. */
  wasmBytes: number;
  seconds: number;
  /** The package version, also in the engine's `indexInfo().version`. */
  version: string;
}

/** Indexes and writes the search; rejects with UsageError (exit 2) or IndexError (exit 1). */
export function index(options: IndexOptions): Promise<IndexResult>;
export const version: string;
export const OUTPUT_FILES: readonly string[];
export class UsageError extends Error {}
export class IndexError extends Error {}
