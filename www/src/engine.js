// The engines an element searches with: the wasm on the main thread, or the same wasm in a
// module Worker (one per page, shared by every element). The bundle's entry module hands
// over the engine API with `setEngineApi` before any element is defined.

import { WorkerEngine } from './worker-client.js';

/** Above this .wasm size (the index makes up nearly all of it) searches run in a Web Worker. */
export const WORKER_THRESHOLD_BYTES = 2 * 1024 * 1024;

/**
 * { init(): Promise<unknown>, searchDetailed(query, options), indexInfo?(),
 *   searchSteps?(query, options): Promise (split layout: searchStep until it answers),
 *   prefetch?(), compile?(): Promise<WebAssembly.Module> (the page's copy, for the worker),
 *   worker?: { url: URL, wasmBytes: number, split: boolean } }   (`worker`: the ES module build only)
 */
let api = null;

export function setEngineApi(engineApi) {
  api = engineApi;
}

let mainReady = null;
const loadMain = () => {
  if (!mainReady) {
    mainReady = Promise.resolve(api.init()).catch((err) => {
      mainReady = null;
      throw err;
    });
  }
  return mainReady;
};

const layout = () => {
  try {
    return api.indexInfo().layout;
  } catch {
    return undefined; // engineFacts reports it
  }
};

/** The engine on the main thread: synchronous, except over a split index (it fetches shards). */
export const mainEngine = {
  sync: true,
  load: () =>
    loadMain().then(() => {
      mainEngine.sync = !(api.searchSteps && layout() === 'split');
      return mainEngine;
    }),
  search: (q, o) => (mainEngine.sync ? api.searchDetailed(q, o) : api.searchSteps(q, o)),
  info: () => (api.indexInfo ? api.indexInfo() : {}),
  prefetch: () => api.prefetch && api.prefetch(),
};

let worker = null;
let workerLoad = null;
export const workerEngine = {
  sync: false,
  load: () => loadWorker(),
  search: (q, o) => worker.search(q, o),
  info: () => worker.info(),
  /** Gives up the request `id` (restarting the worker); see WorkerEngine.supersede. */
  supersede: (id) => worker.supersede(id),
  /** Whether request `id` waits for shards (split layout). */
  fetching: (id) => worker.fetching(id),
  prefetch: () => worker.prefetch(),
};

function loadWorker() {
  if (!workerLoad) {
    workerLoad = new Promise((resolve) => {
      worker = new WorkerEngine(api.worker.url, api.compile ? api.compile() : null); // throws for a cross-origin script URL
      resolve(worker.ready);
    }).then(
      () => workerEngine,
      (err) => {
        // Cross-origin script, blocked or missing worker file, no module workers: search on
        // the main thread instead.
        console.warn(`baked-search: no search worker (${err && err.message ? err.message : err}); searching on the main thread`);
        worker = null;
        return mainEngine.load();
      },
    );
    workerLoad.catch(() => {
      workerLoad = null;
    });
  }
  return workerLoad;
}

/**
 * Whether an element should search in the worker: its `worker` attribute (null: absent)
 * decides, else the layout (a split index fetches its shards in the worker) and the size of
 * the .wasm.
 */
export function wantsWorker(attr) {
  if (!api.worker || typeof Worker === 'undefined') return false;
  if (attr === null) return api.worker.split || api.worker.wasmBytes > WORKER_THRESHOLD_BYTES;
  return !['off', 'false', 'no', 'none', '0'].includes(attr.trim().toLowerCase());
}

// What the element needs to know about the index, asked once per engine: its indexInfo()
// (display and facet fields, and whether any document has a date).
const facts = new Map();
export function engineFacts(engine) {
  if (!facts.has(engine)) {
    facts.set(
      engine,
      (async () => {
        let info = {};
        try {
          info = (await engine.info()) || {};
        } catch (err) {
          console.warn('baked-search: indexInfo failed', err);
        }
        return {
          display: Array.isArray(info.display) ? info.display.map(String) : [],
          facets: Array.isArray(info.facets) ? info.facets.map(String) : [],
          hasDates: info.dated === true,
        };
      })(),
    );
  }
  return facts.get(engine);
}
