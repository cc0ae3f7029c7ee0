// The split layout's fetching: shard files (content-hash names, `shards/<name>.bks` beside
// the .wasm) are fetched when a search asks for them, handed to the engine (`addShard`, which
// verifies them) and then kept there for the session (the files are immutable). Used by the
// worker, and by the module's `searchAsync` on the main thread.

/** Rounds of "search, fetch what it needs" one query may take before it gives up. */
export const MAX_ROUNDS = 8;

// What the engine may ask for: a file name in shards/ (never a path or a URL).
const SHARD_NAME = /^[0-9A-Za-z_-]{1,64}\.bks$/;

const message = (err) => String((err && err.message) || err);

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
        try {
          add(name, bytes);
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
