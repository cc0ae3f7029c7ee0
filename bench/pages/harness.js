// Browser side of the benchmark, shared by every engine's page.
//
// The page imports an adapter (adapters/<engine>.js) exporting `load(base)`, which fetches the
// engine's library and index and resolves to `{ search(query) → Promise<[{ id, title }]> }`
// (top 10, best first). `start` loads it, runs the corpus's first query, puts the results on
// screen and records the time of the next frame since navigation start (performance.now() is
// relative to the navigation's time origin). The Node driver then calls `window.__benchRun`.

performance.setResourceTimingBufferSize(1_000_000);

function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

function render(results) {
  const list = document.getElementById('results');
  list.replaceChildren(...results.map((r) => {
    const li = document.createElement('li');
    li.textContent = r.title;
    return li;
  }));
}

/** Bytes fetched (resource timing, uncompressed transfers) since entry index `from`. */
function fetchedSince(from) {
  const entries = performance.getEntriesByType('resource');
  let bytes = 0;
  for (let i = from; i < entries.length; i++) bytes += entries[i].encodedBodySize || 0;
  return { bytes, next: entries.length };
}

export async function start(adapter, config) {
  try {
    const api = await adapter.load(config.base);
    const results = await api.search(config.firstQuery);
    render(results);
    await nextFrame();
    const firstResultMs = performance.now();
    window.__benchApi = api;
    window.__bench = { ok: true, firstResultMs, firstResults: results.length };
  } catch (err) {
    window.__bench = { ok: false, error: String(err && err.stack ? err.stack : err) };
  }
}

/**
 * Runs `queries` (strings) after `warmup` (not timed) and returns per query the latency in ms,
 * the top-10 ids and the bytes fetched during the query. Stops early after `budgetMs`.
 */
window.__benchRun = async function (queries, { warmup = [], budgetMs = Infinity, keepIds = true } = {}) {
  const api = window.__benchApi;
  for (const q of warmup) {
    try {
      await api.search(q);
    } catch {
      // Counted when the same query is measured below.
    }
  }
  const times = new Float64Array(queries.length);
  const ids = [];
  const bytes = [];
  let errors = 0;
  let firstError = null;
  let mark = fetchedSince(0).next;
  const began = performance.now();
  let done = 0;
  for (; done < queries.length; done++) {
    const t0 = performance.now();
    let results;
    try {
      results = await api.search(queries[done]);
    } catch (err) {
      // An engine that throws on a query counts as returning nothing (and is reported).
      results = [];
      errors++;
      firstError ||= `${queries[done]}: ${err}`;
    }
    const t1 = performance.now();
    times[done] = t1 - t0;
    if (keepIds) ids.push(results.map((r) => r.id));
    const f = fetchedSince(mark);
    mark = f.next;
    bytes.push(f.bytes);
    if (t1 - began > budgetMs) {
      done++;
      break;
    }
  }
  return { times: Array.from(times.subarray(0, done)), ids, bytes, done, errors, firstError };
};

/** Bytes of every wasm linear memory the page instantiated (see the init script). */
window.__wasmMemoryBytes = function () {
  return (window.__wasmMemories || []).reduce((sum, m) => sum + m.buffer.byteLength, 0);
};
