// Where a cold start's milliseconds go: network, transfer, compile + instantiate, init, first
// search, render. Read in the page after the first result, from two sources:
//
// - the engine's own performance marks on the main thread's timeline, when it sets them:
//   `bakedsearch:start` (script evaluated), `bakedsearch:fetched` (wasm response headers in),
//   `bakedsearch:instantiated` (compile + instantiate done), `bakedsearch:ready` (index
//   opened), `bakedsearch:searched` (first results back), `bakedsearch:rendered` (first
//   results rendered);
// - resource timing of the engine's largest fetched file (its .wasm, or its index), which
//   every engine has: request → response headers, and the transfer.
//
// A phase whose marks are missing is null (printed "n/a"); so is everything for an engine
// with neither marks nor a file in the page's resource timing (one that fetches from a Web
// Worker, like Pagefind).

import { median } from './stats.mjs';

export const PHASES = [
  ['requested', 'navigation → the wasm (or largest file) requested: the page and scripts before it'],
  ['network', 'navigation → response headers of the wasm (or largest file)'],
  ['transfer', 'its body, first byte → last byte'],
  ['compileInstantiate', 'last byte → compiled and instantiated (streaming compilation overlaps the transfer; this is what is left)'],
  ['init', 'instantiated → index opened'],
  ['firstSearch', 'index opened → first results back'],
  ['render', 'results back → rendered (the `rendered` mark, else the harness\'s own render and next frame)'],
];

const MARKS = ['start', 'fetched', 'instantiated', 'ready', 'searched', 'rendered'];

/** Reads the timings in `page` (after the first result): { marks, resource, firstResultMs }. */
export async function readColdTimings(page) {
  return page.evaluate((names) => {
    const marks = {};
    for (const n of names) {
      const e = performance.getEntriesByName(`bakedsearch:${n}`, 'mark')[0];
      marks[n] = e ? e.startTime : null;
    }
    // The engine's largest file fetched before the first result: its .wasm or its index.
    const files = performance.getEntriesByType('resource').filter((r) => !/\/_served|\/harness\.js|\/adapters\//.test(r.name));
    const wasm = files.filter((r) => /\.wasm(\?|$)/.test(r.name));
    const pick = (list) => list.reduce((a, b) => ((b.encodedBodySize || b.transferSize) > (a.encodedBodySize || a.transferSize) ? b : a), list[0]);
    const r = wasm.length ? pick(wasm) : files.length ? pick(files) : null;
    const resource = r ? { name: r.name.split('/').pop(), requestStart: r.requestStart, responseStart: r.responseStart, responseEnd: r.responseEnd, bytes: r.encodedBodySize } : null;
    return { marks, resource, firstResultMs: window.__bench?.firstResultMs ?? null };
  }, MARKS);
}

const gap = (a, b) => (a == null || b == null ? null : Math.max(0, b - a));

/** One cold start's phases in ms (null where the data is missing). */
export function coldPhases({ marks, resource, firstResultMs }) {
  const fetched = marks.fetched ?? resource?.responseStart ?? null;
  const lastByte = resource?.responseEnd ?? null;
  const afterBytes = lastByte != null && fetched != null ? Math.max(lastByte, fetched) : (lastByte ?? fetched);
  return {
    requested: resource?.requestStart ?? null,
    network: fetched,
    transfer: resource ? gap(resource.responseStart, resource.responseEnd) : null,
    compileInstantiate: gap(afterBytes, marks.instantiated),
    init: gap(marks.instantiated, marks.ready),
    firstSearch: gap(marks.ready, marks.searched),
    render: gap(marks.searched, marks.rendered ?? (marks.searched != null ? firstResultMs : null)),
    total: firstResultMs,
    marks: MARKS.filter((n) => marks[n] != null).length,
    file: resource?.name ?? null,
  };
}

/** Medians per phase over the cold starts; a phase missing in any run is null. */
export function breakdownMedians(runs) {
  if (!runs.length) return null;
  const out = { runs: runs.length, marks: Math.min(...runs.map((r) => r.marks)), file: runs[0].file };
  for (const [k] of [...PHASES, ['total']]) {
    out[k] = runs.every((r) => r[k] != null) ? median(runs.map((r) => r[k])) : null;
  }
  return out;
}

const fmt = (v) => (v == null ? 'n/a' : v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** One line for the run's log: `network 12.3 · transfer 4.5 · … ms`. */
export function breakdownLine(b) {
  if (!b) return 'breakdown n/a';
  return `${PHASES.map(([k]) => `${k} ${fmt(b[k])}`).join(' · ')} ms (median of ${b.runs}; ${b.marks} of ${MARKS.length} marks)`;
}

/** Markdown lines: the breakdown table of one corpus (engines with a breakdown), or []. */
export function breakdownSection(data, corpus, engines) {
  const rows = engines.filter((e) => data.results[e]?.[corpus]?.coldStart?.breakdown);
  if (!rows.length) return [];
  const head = ['engine', 'cold start', ...PHASES.map(([k]) => k.replace('compileInstantiate', 'compile + instantiate').replace('firstSearch', 'first search').replace('network', 'network (→ headers)')), 'timed file', 'marks'];
  const lines = [
    `| ${head.join(' | ')} |`,
    `|---|${head.slice(1).map(() => '---:').join('|')}|`,
  ];
  for (const e of rows) {
    const b = data.results[e][corpus].coldStart.breakdown;
    lines.push(`| ${[e, fmt(b.total), ...PHASES.map(([k]) => fmt(b[k])), b.file ?? 'n/a', `${b.marks}/${MARKS.length}`].join(' | ')} |`);
  }
  return [
    '',
    'Cold start, where the time goes (ms, medians): ' + PHASES.map(([k, what]) => `**${k}** ${what}`).join('; ') +
      '. Requested, network and transfer come from resource timing (network counts from navigation, so it includes requested); the other phases from the engine\'s `bakedsearch:*` performance marks, n/a where it sets none.',
    '',
    ...lines,
  ];
}
