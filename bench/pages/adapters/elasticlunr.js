// elasticlunr: its published minified build (a classic script defining window.elasticlunr), the
// prebuilt index loaded with elasticlunr.Index.load, titles from an id → title map.
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.append(s);
  });
}

export async function load(base) {
  const [, data] = await Promise.all([loadScript(`${base}lib.min.js`), fetch(`${base}index.json`).then((r) => r.json())]);
  const { elasticlunr } = window;
  const index = elasticlunr.Index.load(data.index);
  const titles = data.titles;
  const options = { fields: { title: { boost: 2 }, text: { boost: 1 } }, expand: true };
  return {
    search: async (q) => index.search(q, options).slice(0, 10).map((h) => ({ id: h.ref, title: titles[h.ref] })),
  };
}
