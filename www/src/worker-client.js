// The element's side of dist/bakedsearch.worker.js (see worker.js for the messages).

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

/** Runs searches in the module Worker at `url`. */
export class WorkerEngine {
  constructor(url) {
    this.worker = startWorker(url);
    this.next = 0;
    this.pending = new Map();
    this.ready = new Promise((resolve, reject) => {
      this.worker.addEventListener('message', (e) => {
        const m = e.data || {};
        if (m.type === 'ready') resolve();
        else if (m.type === 'error' && m.id === undefined) reject(new Error(m.message));
        else if (this.pending.has(m.id)) {
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          if (m.type === 'error') p.reject(new Error(m.message));
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
      this.worker.addEventListener('error', fail);
      this.worker.addEventListener('messageerror', fail);
    });
    this.ready.catch((err) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.worker.terminate();
    });
  }

  search(query, options) {
    return this.call({ query, options });
  }

  /** The index's indexInfo(). */
  info() {
    return this.call({ info: true });
  }

  call(message) {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }
}
