// The split layout's fetching: shard files (`shards/<set hash>-<n>.bks` beside
// the .wasm) are fetched when a search asks for them, handed to the engine (`addShard`, which
// verifies them) and then kept there for the session (the files are immutable). Used by the
// worker, and by the module's `searchAsync` on the main thread.

/** Rounds of "search, fetch what it needs" one query may take before it gives up. */
export const MAX_ROUNDS = 8;

// What the engine may ask for: a file name in shards/ (never a path or a URL).
const SHARD_NAME = /^[0-9A-Za-z_-]{1,64}\.bks$/;

const message = (err) => String((err && err.message) || err);

/**
 * Largest shard accepted once inflated. Shard files are gzip (build.rs stores them
 * compressed: hosts do not compress octet streams); a shard holds pages of about 8 KB or
 * documents, and the build caps a document at 32 MiB of text, so a real shard stays far
 * below this, while a small hostile file that inflates to gigabytes stops here.
 */
export const MAX_SHARD_BYTES = 64 * 2 ** 20;

/** A gzip file (its magic; a shard itself begins with `BAKEDSHD`). */
const isGzip = (b) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Inflates gzip `bytes`, refusing more than MAX_SHARD_BYTES of output. */
export async function gunzip(bytes) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_SHARD_BYTES) {
      reader.cancel().catch(() => {});
      throw new Error(`it inflates to more than ${MAX_SHARD_BYTES} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An Error about shard `name` (`shard` set, so the element can say what failed). */
function shardError(name, text) {
  const err = new Error(`bakedsearch: shard ${name}: ${text}`);
  err.shard = name;
  return err;
}

/**
 * Fetches shards from `base` (a URL ending in "/") into the engine with `add(name, bytes)`.
 * One request per name at a time (a second ask joins the first), each name fetched once
 * for the session; a failed fetch, or bytes `add` rejects, is not remembered, so the next
 * ask tries again. `fetch` is replaceable for the tests.
 */
export function shardLoader({ base, add, fetch: get = (url) => fetch(url) }) {
  const added = new Set();
  const flights = new Map(); // name → Promise, while its request runs
  const stats = { requests: 0, bytes: 0 };

  const one = (name) => {
    if (added.has(name)) return Promise.resolve();
    let flight = flights.get(name);
    if (!flight) {
      flight = (async () => {
        if (typeof name !== 'string' || !SHARD_NAME.test(name)) {
          throw shardError(JSON.stringify(name), 'not a shard file name; the index and its engine do not match');
        }
        const url = new URL(name, base).href;
        stats.requests++;
        let response;
        try {
          response = await get(url);
        } catch (err) {
          throw shardError(name, `could not fetch ${url} (${message(err)})`);
        }
        if (!response.ok) throw shardError(name, `could not fetch ${url}: HTTP ${response.status}; is shards/ deployed beside the .wasm?`);
        let bytes;
        try {
          bytes = new Uint8Array(await response.arrayBuffer());
        } catch (err) {
          throw shardError(name, `the download of ${url} broke off (${message(err)})`);
        }
        let shard = bytes;
        if (isGzip(bytes)) {
          try {
            shard = await gunzip(bytes);
          } catch (err) {
            throw shardError(name, `${url} was rejected (not a whole gzip file: ${message(err)}); shards/ and the .wasm must come from the same build`);
          }
        }
        try {
          add(name, shard);
        } catch (err) {
          throw shardError(name, `${url} was rejected (${message(err)}); shards/ and the .wasm must come from the same build`);
        }
        stats.bytes += bytes.length;
        added.add(name);
      })();
      flights.set(name, flight);
      const forget = () => flights.delete(name);
      flight.then(forget, forget);
    }
    return flight;
  };

  return {
    stats,
    /** Whether `name` is in the engine. */
    has: (name) => added.has(name),
    /** Resolves once every one of `names` is in the engine; rejects with the first failure. */
    load: (names) => Promise.all([...new Set(names)].map(one)).then(() => undefined),
  };
}

/**
 * Runs `step()` (the engine's searchStep for one query) until it answers: `{ need }` is
 * fetched with `loader` and the step repeated, at most MAX_ROUNDS times. `onFetch` is called
 * before each round of fetching. Resolves with the step's answer (`{ results, … }`).
 */
export async function stepSearch(step, loader, onFetch) {
  for (let round = 0; ; round++) {
    const out = step();
    if (!out || !Array.isArray(out.need)) return out;
    const need = out.need.map(String);
    // A step that asks again for what it was given (or for nothing) would never end.
    if (need.length === 0 || need.every((name) => loader.has(name))) {
      throw new Error(`bakedsearch: the engine asked again for shards it has (${need.join(', ') || 'none'})`);
    }
    if (round >= MAX_ROUNDS) {
      throw new Error(`bakedsearch: a search still needed shards after ${MAX_ROUNDS} rounds of fetching (${need.join(', ')})`);
    }
    if (onFetch) onFetch(need);
    await loader.load(need);
  }
}
