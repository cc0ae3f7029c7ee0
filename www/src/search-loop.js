// The search loop of one element: loading the engine, running the query with the current
// options, keeping at most one worker request in flight (the newest query waits its turn, a
// stale one is superseded), and taking in the answer. The element `el` holds the state; this
// module changes it and asks the element to render (`el._render()`).

import { engineFacts, mainEngine, wantsWorker, workerEngine } from './engine.js';
import { mark } from './marks.js';

/**
 * A worker search still running this long after it was sent, while a newer query waits, is
 * abandoned: the worker is restarted from the compiled module (an instantiation). Ordinary
 * searches answer in a fraction of it; a restart is for queries that would block the box.
 */
const SUPERSEDE_AFTER_MS = 250;

/** Loads the engine (once per element; again after a failure). Resolves when settled. */
export function load(el) {
  if (el._loading) return el._loading;
  const engine = wantsWorker(el.getAttribute('worker')) ? workerEngine : mainEngine;
  const loaded = engine.load().then((e) => engineFacts(e).then((f) => [e, f]));
  el._loading = loaded.then(
    ([ready, facts]) => {
      el._engine = ready;
      el._facts = facts;
      el._engineReady = true;
      el._error = null;
      mark('bakedsearch:ready');
      el._pruneFilters();
      if (el._input.value.trim() || el._hasFilters()) run(el, true);
    },
    (err) => {
      el._loading = null;
      el._error = err;
      console.error('baked-search: could not load the search index', err);
      if (el._input.value.trim() || el._hasFilters()) el._render();
    },
  );
  return el._loading;
}

/** Split layout: fetches the shards the index lists for a first query (on focus). */
export function prefetch(el) {
  load(el).then(() => el._engine && el._engine.prefetch && el._engine.prefetch());
}

/** The engine options for the current limit, filters and order. */
function searchOptions(el) {
  const options = { limit: el.limit };
  const fields = el._facetFields;
  if (fields.length) {
    options.facets = true;
    const filters = Object.entries(el.filters).filter(([field]) => fields.includes(field));
    if (filters.length) options.filters = Object.fromEntries(filters);
  }
  if (el._sort !== 'relevance') options.sort = el._sort;
  return options;
}

/** Runs the box's query (unless it is the one last run and `force` is false). */
export function run(el, force = false) {
  const query = el._input.value;
  if (!force && query === el._lastQuery) return;
  el._lastQuery = query;
  const seq = ++el._seq;
  // An empty box with filters lists the filtered documents.
  const wanted = Boolean(query.trim()) || el._hasFilters();
  if (wanted && !el._engineReady) {
    el._lastQuery = null; // run again once the engine is ready
    el._render();
    return;
  }
  if (!wanted) {
    show(el, seq, query, null);
    return;
  }
  const options = searchOptions(el);
  if (el._engine.sync) {
    let out = null;
    let failed = null;
    try {
      out = el._engine.search(query, options);
    } catch (err) {
      console.error('baked-search: search failed', err);
      failed = err;
    }
    show(el, seq, query, out, failed);
    return;
  }
  // Worker: one request in flight; while it runs only the newest query waits its turn, so a
  // fast typist never queues up stale searches. A request still running SUPERSEDE_AFTER_MS
  // after it was sent, with a newer query waiting, is given up (the worker restarts).
  el._queued = { seq, query, options };
  if (!el._inFlight) pump(el);
  else scheduleSupersede(el);
}

function pump(el) {
  const job = el._queued;
  el._queued = null;
  if (!job) return;
  const request = el._engine.search(job.query, job.options);
  const flight = { id: request.id, sent: performance.now() };
  el._inFlight = flight;
  const done = () => {
    if (el._inFlight === flight) el._inFlight = null;
    clearTimeout(el._supersedeTimer);
    el._supersedeTimer = 0;
    pump(el);
  };
  request.then(
    (out) => {
      // Sequence numbers: an answer to anything but the newest query is never shown.
      if (job.seq === el._seq) show(el, job.seq, job.query, out);
      done();
    },
    (err) => {
      if (!err || !err.superseded) {
        console.error('baked-search: search failed', err);
        // A shard that could not be fetched: say so; the next keystroke tries again.
        if (err && err.shard) el._lastQuery = null;
        if (job.seq === el._seq) show(el, job.seq, job.query, null, err);
      }
      done();
    },
  );
}

/** Supersedes the request in flight once it has run SUPERSEDE_AFTER_MS, if a newer query waits. */
function scheduleSupersede(el) {
  const flight = el._inFlight;
  if (el._supersedeTimer || !flight || !el._engine.supersede) return;
  // A request waiting for shards is dropped at once: that costs no restart.
  const fetching = el._engine.fetching && el._engine.fetching(flight.id);
  const wait = fetching ? 0 : Math.max(0, flight.sent + SUPERSEDE_AFTER_MS - performance.now());
  el._supersedeTimer = setTimeout(() => {
    el._supersedeTimer = 0;
    if (el._inFlight === flight && el._queued) el._engine.supersede(flight.id);
  }, wait);
}

/**
 * Shows the engine's answer `out` for `query` (null: nothing; `err`: the search failed) and
 * fires `search`.
 */
function show(el, seq, query, out, err = null) {
  if (seq !== el._seq) return;
  if (out) mark('bakedsearch:searched');
  el._searchError = err && err.shard ? err : null;
  el._results = out && Array.isArray(out.results) ? out.results : [];
  el._total = (out && Number(out.total)) || el._results.length;
  el._didYouMean = out && typeof out.didYouMean === 'string' && out.didYouMean ? out.didYouMean : null;
  el._facetCounts = out && out.facets && typeof out.facets === 'object' ? out.facets : null;
  el._active = -1;
  el._render();
  if (out) mark('bakedsearch:rendered');
  el.dispatchEvent(
    new CustomEvent('search', {
      detail: {
        query,
        results: el._results,
        total: el._total,
        didYouMean: el._didYouMean,
        facets: el._facetCounts || {},
        filters: el.filters,
        sort: el._sort,
        error: err ? String(err.message || err) : null,
      },
    }),
  );
}
