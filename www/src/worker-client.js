// The element's side of dist/bakedsearch.worker.js (see worker.js for the messages).

import { mark } from './marks.js';

let policy = null;

/**
 * A module Worker from `url`. Under Trusted Types (`require-trusted-types-for 'script'`)
 * the Worker constructor wants a TrustedScriptURL: a policy named "bakedsearch" vouches for
 * this one URL (a site that lists its policies in a `trusted-types` directive adds that name;
 * where the name is refused, the plain URL is tried, and the element falls back to the main
 * thread if that is refused too).
 */
function startWorker(url) {
  const href = String(url);
  let scriptUrl = href;
  const tt = globalThis.trustedTypes;
  if (tt && tt.createPolicy) {
    try {
      const vouch = (u) => {
        if (u !== href) throw new TypeError('baked-search: only the search worker URL is trusted');
        return u;
      };
      policy = policy || tt.createPolicy('bakedsearch', { createScriptURL: vouch });
      scriptUrl = policy.createScriptURL(href);
    } catch {
      // the policy name is not allowed
    }
  }
  return new Worker(scriptUrl, { type: 'module', name: 'bakedsearch' });
}

/** The error a superseded search rejects with (`superseded: true`). */
function superseded() {
  const err = new Error('superseded by a newer search');
  err.superseded = true;
  return err;
}

/**
 * Runs searches in the module Worker at `url`. A search that runs too long can be
 * superseded: the worker is terminated (there is no other way to stop a wasm call) and a
 * fresh one instantiates the module the first one compiled, so a restart costs an
 * instantiation, not a download and a compilation. A search that is waiting for shards
 * (split layout) is superseded without a restart: its answer is dropped, the worker and its
 * shards stay. `compiled`: a promise of the WebAssembly.Module the page compiled (so the
 * download runs beside the worker script's), or null to let the worker fetch it.
 */
export class WorkerEngine {
  constructor(url, compiled = null) {
    this.url = url;
    this.compiled = compiled;
    this.module = undefined; // the compiled WebAssembly.Module, once the first worker has it
    this.next = 0;
    this.pending = new Map(); // id → { message, resolve, reject }
    this.ready = this._start();
    this.ready.catch((err) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.worker.terminate();
    });
  }

  /** Starts a worker and asks it to load the module; resolves once it has. */
  _start() {
    const worker = startWorker(this.url);
    this.worker = worker;
    const ready = new Promise((resolve, reject) => {
      worker.addEventListener('message', (e) => {
        const m = e.data || {};
        if (m.type === 'mark') mark(m.name, m.at);
        else if (m.type === 'fetching') {
          if (this.pending.has(m.id)) this.pending.get(m.id).fetching = true;
        } else if (m.type === 'ready') {
          if (m.module) this.module = m.module;
          resolve();
        } else if (m.type === 'error' && m.id === undefined) reject(new Error(m.message));
        else if (this.pending.has(m.id)) {
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          if (m.type === 'error') p.reject(Object.assign(new Error(m.message), m.shard ? { shard: m.shard } : {}));
          else p.resolve(m.out);
        }
      });
      const fail = (e) => {
        e.preventDefault();
        const err = new Error(e.message || 'the search worker failed');
        reject(err); // before 'ready': fall back to the main thread
        for (const p of this.pending.values()) p.reject(err); // after: fail what is waiting
        this.pending.clear();
      };
      worker.addEventListener('error', fail);
      worker.addEventListener('messageerror', fail);
    });
    const send = (module) => worker.postMessage({ type: 'init', module });
    if (this.module || !this.compiled) send(this.module);
    else this.compiled.then(send, () => send(undefined)); // the worker tries (and reports) itself
    return ready;
  }

  search(query, options) {
    return this.call({ query, options });
  }

  /** The index's indexInfo(). */
  info() {
    return this.call({ info: true });
  }

  /** Split layout: fetches the index's prefetch list (once loaded; failures stay quiet). */
  prefetch() {
    this.worker.postMessage({ type: 'prefetch' });
  }

  /** Whether request `id` is waiting for shards (superseding it costs no restart). */
  fetching(id) {
    const call = this.pending.get(id);
    return Boolean(call && call.fetching);
  }

  /** Sends `message`; the promise returned has the request's `id` (for `supersede`). */
  call(message) {
    const id = ++this.next;
    const promise = new Promise((resolve, reject) => {
      this.pending.set(id, { message, resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
    promise.id = id;
    return promise;
  }

  /**
   * Gives up the request `id` (it rejects with `superseded: true`): replaces the worker by a
   * fresh one and sends it every other request still waiting. False when `id` is not waiting.
   */
  supersede(id) {
    const call = this.pending.get(id);
    if (!call) return false;
    this.pending.delete(id);
    if (call.fetching) {
      call.reject(superseded()); // the worker finishes it (keeping its shards); the answer is dropped
      return true;
    }
    this.worker.terminate();
    call.reject(superseded());
    const ready = this._start();
    ready.catch((err) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
    for (const [otherId, p] of this.pending) {
      p.fetching = false;
      this.worker.postMessage({ id: otherId, ...p.message });
    }
    return true;
  }
}
