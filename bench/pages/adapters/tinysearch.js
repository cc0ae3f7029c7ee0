// tinysearch: a plain wasm module exporting search(ptr, n) → ptr to a JSON string (C ABI).
// Mirrors tinysearch's own loader, except that the query goes into one scratch area grown once
// (its loader grows memory by a page for every query).
export async function load(base) {
  const { instance } = await WebAssembly.instantiateStreaming(fetch(`${base}tinysearch_engine.wasm`));
  const { memory, search, free_search_result: free } = instance.exports;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const SCRATCH = 1 << 16;
  const scratch = memory.grow(1) * 65536;
  return {
    search: async (q) => {
      let bytes = encoder.encode(`${q}\0`);
      if (bytes.length > SCRATCH) bytes = encoder.encode(`${q.slice(0, SCRATCH / 4)}\0`);
      new Uint8Array(memory.buffer, scratch, bytes.length).set(bytes);
      const ptr = search(scratch, 10);
      if (!ptr) return [];
      const mem = new Uint8Array(memory.buffer);
      let end = ptr;
      while (mem[end] !== 0) end++;
      const json = decoder.decode(mem.subarray(ptr, end));
      free(ptr);
      return JSON.parse(json).map((r) => ({ id: r.url, title: r.title }));
    },
  };
}
