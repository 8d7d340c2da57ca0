/**
 * The SVG message sequence chart of a trace: an arrow per frame with its label, faults drawn as
 * such, state changes marked on the right lifeline, the failure moment, and a cut with a count.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { sequenceChart } from '../sim/sequence-chart';
import type { TraceEntry } from '../sim/types';

function frame(n: number, t: number, from: number, to: number, fate: string, summary: string, broadcast = false): TraceEntry {
  return { t, kind: 'frame', n, send: n, broadcast, from, to, bearer: 0, fate, summary, bytes: new Uint8Array(0) };
}

const opts = {
  label: (_b: Uint8Array, summary: string) => summary,
  marks: [{ t: 11, node: 2, text: 'up & <ready>' }],
};

const trace: TraceEntry[] = [
  frame(1, 10, 1, 2, 'deliver', 'A/B seq=1'),
  { t: 11, kind: 'note', node: 2, text: 'STATE up & <ready>' },
  { t: 11, kind: 'note', node: 2, text: 'name publish {1,2,3}' },
  frame(2, 20, 2, 1, 'drop(cut A)', 'C/D seq=2'),
  frame(3, 30, 1, 3, 'delay(slow)', 'E/F seq=3', true),
];

test('one arrow per frame, dropped ones end in a cross, labels and notes escaped', () => {
  const svg = sequenceChart(trace, [1, 2, 3], opts);
  assert.equal((svg.match(/<line class="frame /g) ?? []).length, 3);
  assert.match(svg, /<line class="frame drop"[^>]*marker-end="url\(#cross\)"/);
  assert.match(svg, /<line class="frame delay"[^>]*marker-end="url\(#arrow\)"/);
  assert.match(svg, /#2 C\/D seq=2 \[drop\(cut A\)\]/);
  assert.match(svg, /#3 E\/F seq=3 \[delay\(slow\)\] \(bcast\)/);
  assert.match(svg, /up &amp; &lt;ready&gt;/, 'state marks are escaped');
  assert.ok(!svg.includes('name publish'), 'notes are not drawn: the marks are');
  assert.equal((svg.match(/class="lifeline"/g) ?? []).length, 3);
  assert.ok(!svg.includes('class="failed"'), 'no failure mark without failedAt');
});

test('a frame delivered when its hold is released is drawn as held, with its fate', () => {
  const svg = sequenceChart([frame(4, 40, 2, 1, 'released(park; sent at 0.012 s)', 'G/H seq=4')], [1, 2], opts);
  assert.match(svg, /<line class="frame held"[^>]*marker-end="url\(#arrow\)"/);
  assert.match(svg, /#4 G\/H seq=4 \[released\(park; sent at 0\.012 s\)\]/);
});

test('a mark sits on its node lifeline after the frames of its time and before later ones; the failure line before the first later event', () => {
  const svg = sequenceChart(trace, [1, 2, 3], { ...opts, failedAt: 15 });
  const lane2 = /<text class="node" x="(\d+)"[^>]*>node 2</.exec(svg)?.[1];
  const mark = /<rect class="state" x="(\d+)"/.exec(svg)?.[1];
  assert.equal(Number(mark) + 4, Number(lane2));
  const failY = Number(/<line class="failed"[^>]*y1="(\d+)"/.exec(svg)?.[1]);
  const rowY = (n: number): number => Number(new RegExp(`<line class="frame [a-z-]+" x1="\\d+" y1="(\\d+)"[^>]*/>\\n<text class="label"[^>]*>#${n} `).exec(svg)?.[1]);
  assert.ok(rowY(1) < failY && failY < rowY(2), `failure line at ${failY} between frame 1 (${rowY(1)}) and frame 2 (${rowY(2)})`);
  assert.match(svg, /check failed here \(t=0\.015 s\)/);
  const markY = Number(/<rect class="state" x="\d+" y="(\d+)"/.exec(svg)?.[1]) + 6;
  assert.ok(rowY(1) < markY && markY < rowY(2), `the mark at t=11 (y ${markY}) between frame 1 at t=10 (${rowY(1)}) and frame 2 at t=20 (${rowY(2)})`);
});

test('a long trace is cut and says how much is left out', () => {
  const long = Array.from({ length: 50 }, (_, i) => frame(i + 1, i, 1, 2, 'deliver', `X/Y seq=${i}`));
  const svg = sequenceChart(long, [1, 2], { ...opts, marks: [], maxRows: 20 });
  assert.equal((svg.match(/<line class="frame /g) ?? []).length, 20);
  assert.match(svg, /… 30 more frames and state changes not drawn/);
});
