// node --test lib/cold-breakdown.test.mjs (from bench/)
import assert from 'node:assert/strict';
import test from 'node:test';
import { breakdownLine, breakdownMedians, breakdownSection, coldPhases } from './cold-breakdown.mjs';

const resource = { name: 'bakedsearch_bg.wasm', requestStart: 40, responseStart: 50, responseEnd: 70, bytes: 1000 };
const noMarks = { start: null, fetched: null, instantiated: null, ready: null, searched: null, rendered: null };

test('without marks only network and transfer come from resource timing', () => {
  const p = coldPhases({ marks: noMarks, resource, firstResultMs: 150 });
  assert.equal(p.requested, 40);
  assert.equal(p.network, 50);
  assert.equal(p.transfer, 20);
  for (const k of ['compileInstantiate', 'init', 'firstSearch', 'render']) assert.equal(p[k], null, k);
  assert.equal(p.total, 150);
  assert.equal(p.marks, 0);
});

test('with every mark each phase is the gap between its marks', () => {
  const marks = { start: 20, fetched: 48, instantiated: 90, ready: 95, searched: 99, rendered: 104 };
  const p = coldPhases({ marks, resource, firstResultMs: 120 });
  assert.deepEqual([p.network, p.transfer, p.compileInstantiate, p.init, p.firstSearch, p.render], [48, 20, 20, 5, 4, 5]);
  assert.equal(p.marks, 6);
  // Without the `rendered` mark the render phase runs to the harness's first-result time.
  assert.equal(coldPhases({ marks: { ...marks, rendered: null }, resource, firstResultMs: 120 }).render, 21);
});

test('no resource and no marks: everything but the total is missing', () => {
  const p = coldPhases({ marks: noMarks, resource: null, firstResultMs: 80 });
  assert.equal(p.requested, null);
  assert.equal(p.network, null);
  assert.equal(p.transfer, null);
  assert.equal(p.file, null);
});

test('medians per phase; a phase missing in one run is n/a', () => {
  const runs = [
    coldPhases({ marks: noMarks, resource, firstResultMs: 150 }),
    coldPhases({ marks: noMarks, resource: { ...resource, responseStart: 60, responseEnd: 100 }, firstResultMs: 170 }),
    coldPhases({ marks: { ...noMarks, fetched: 10, instantiated: 200 }, resource, firstResultMs: 160 }),
  ];
  const b = breakdownMedians(runs);
  assert.equal(b.network, 50);
  assert.equal(b.transfer, 20);
  assert.equal(b.total, 160);
  assert.equal(b.compileInstantiate, null);
  assert.match(breakdownLine(b), /requested 40\.0 · network 50\.0 · transfer 20\.0 · compileInstantiate n\/a/);
  assert.equal(breakdownMedians([]), null);
});

test('the report table has one row per engine with a breakdown', () => {
  const b = breakdownMedians([coldPhases({ marks: noMarks, resource, firstResultMs: 150 })]);
  const data = { results: { bakedsearch: { seeds: { coldStart: { breakdown: b } } }, lunr: { seeds: { coldStart: {} } } } };
  const lines = breakdownSection(data, 'seeds', ['bakedsearch', 'lunr']);
  const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| engine'));
  assert.equal(rows.length, 1);
  assert.equal(rows[0], '| bakedsearch | 150 | 40.0 | 50.0 | 20.0 | n/a | n/a | n/a | n/a | bakedsearch_bg.wasm | 0/6 |');
  assert.deepEqual(breakdownSection(data, 'mdn', ['bakedsearch']), []);
});
