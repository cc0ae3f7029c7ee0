// Browser side of the benchmark, shared by every engine's page.
//
// The page imports an adapter (adapters/<engine>.js) exporting `load(base)`, which fetches the
// engine's library and index and resolves to `{ search(query) → Promise<[{ id, title }]> }`
// (top 10, best first). `start` loads it, runs the corpus's first query, puts the results on
// screen and records the time of the next frame since navigation start (performance.now() is
// relative to the navigation's time origin). The Node driver then calls `window.__benchRun`.

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

/**
 * Running totals `{ requests, bytes }` of everything the server has sent (body bytes, as served:
 * uncompressed). Counted on the server, not with resource timing: an engine that fetches from a
 * Web Worker (Pagefind does) leaves no entries in the page's resource timing buffer.
 */
async function served() {
  const r = await fetch('/_served', { cache: 'no-store' });
  return r.json();
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
 * the top-10 ids and the bytes and requests fetched during the query (read from the server
 * after each query, outside the timed call; with `bytesPerQuery: false` only once at the end,
 * as one total), and what the warm-up fetched. Stops early after `budgetMs`.
 */
window.__benchRun = async function (queries, { warmup = [], budgetMs = Infinity, keepIds = true, bytesPerQuery = true } = {}) {
  const api = window.__benchApi;
  const beforeWarmup = await served();
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
  const requests = [];
  let errors = 0;
  let firstError = null;
  const first = await served();
  const warmupFetched = { bytes: first.bytes - beforeWarmup.bytes, requests: first.requests - beforeWarmup.requests };
  let mark = first;
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
    if (bytesPerQuery) {
      const now = await served();
      bytes.push(now.bytes - mark.bytes);
      requests.push(now.requests - mark.requests);
      mark = now;
    }
    if (t1 - began > budgetMs) {
      done++;
      break;
    }
  }
  // Let fetches a query left in flight land, then count them with the last query's.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const last = await served();
  const total = { bytes: last.bytes - first.bytes, requests: last.requests - first.requests };
  if (bytesPerQuery && done) {
    bytes[done - 1] += last.bytes - mark.bytes;
    requests[done - 1] += last.requests - mark.requests;
  }
  return { times: Array.from(times.subarray(0, done)), ids, bytes, requests, total, warmupFetched, done, errors, firstError };
};

/** Bytes of every wasm linear memory the page instantiated (see the init script). */
window.__wasmMemoryBytes = function () {
  return (window.__wasmMemories || []).reduce((sum, m) => sum + m.buffer.byteLength, 0);
};
