// Injected before any page script: records every WebAssembly.Memory an engine instantiates,
// so the driver can report wasm linear memory next to the JS heap.
(() => {
  const memories = (window.__wasmMemories = []);
  const collect = (instance) => {
    for (const value of Object.values(instance.exports || {})) {
      if (value instanceof WebAssembly.Memory && !memories.includes(value)) memories.push(value);
    }
  };
  const wrap = (original) =>
    async function (...args) {
      const result = await original.apply(this, args);
      collect(result instanceof WebAssembly.Instance ? result : result.instance);
      return result;
    };
  WebAssembly.instantiate = wrap(WebAssembly.instantiate);
  WebAssembly.instantiateStreaming = wrap(WebAssembly.instantiateStreaming);
})();
