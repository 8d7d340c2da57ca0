/**
 * The SVG message sequence chart of a trace: an arrow per frame with its label, faults drawn as
 * such, state changes marked on the right lifeline, the failure moment, and a cut with a count;
 * the steps as bands, routine frames folded, labels in their lanes, lifelines named by role.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { textPx } from '../sim/chart-text';
import { sequenceChart } from '../sim/sequence-chart';
import type { TraceEntry } from '../sim/types';
import { referenceCluster } from './support/harness';

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

// -- a chart a reader can follow: step bands, folded routine frames, labels in their lanes, named lifelines

/** Every text of a frame label, state mark or fold, with its x and its (unescaped) text. */
function texts(svg: string): { cls: string; x: number; y: number; text: string }[] {
  const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text class="(label|state|fold)" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({ cls: m[1], x: Number(m[2]), y: Number(m[3]), text: unescape(m[4]) }));
}

const lifelinesOf = (svg: string): number[] => [...svg.matchAll(/<line class="lifeline" x1="([\d.]+)"/g)].map((m) => Number(m[1]));
const widthOf = (svg: string): number => Number(/<svg [^>]*width="(\d+)"/.exec(svg)?.[1]);

/** Frames of kind DSC_REQ (summary 'DSC_REQ ...') and STATE keepalives are routine; the rest news. */
const routineOpts = {
  label: (_b: Uint8Array, summary: string) => summary,
  routine: (_b: Uint8Array, summary: string) => /^(DSC_REQ|STATE)\b/.exec(summary)?.[1],
  repeat: (_b: Uint8Array, summary: string) => /^(ACTIVATE)\b/.exec(summary)?.[1],
};

test('runs of routine frames fold into one row with a count, the kinds and the time span; news and marks break a run', () => {
  const trace: TraceEntry[] = [
    frame(1, 0, 1, 2, 'drop(bearer B down)', 'DSC_REQ b'),
    frame(2, 0, 2, 1, 'drop(bearer B down)', 'DSC_REQ b'),
    frame(3, 1, 1, 2, 'deliver', 'DSC_REQ a'),
    frame(4, 125, 2, 1, 'deliver', 'DSC_REQ a'),
    frame(5, 250, 1, 2, 'deliver', 'STATE seq=1 keepalive'),
    frame(6, 375, 2, 1, 'deliver', 'STATE seq=2 keepalive'),
    frame(7, 400, 2, 1, 'deliver', 'FAILOVER seq=2'),
    frame(8, 410, 1, 2, 'deliver', 'STATE seq=3'),
    frame(9, 500, 1, 2, 'deliver', 'STATE seq=4'),
    frame(10, 600, 1, 2, 'deliver', 'STATE seq=5'),
    frame(11, 700, 1, 2, 'deliver', 'ACTIVATE seq=32768'),
    frame(12, 800, 1, 2, 'drop(cut)', 'ACTIVATE seq=32768'),
    frame(13, 800, 1, 2, 'deliver', 'STATE seq=6'),
  ];
  const svg = sequenceChart(trace, [1, 2], { ...routineOpts, marks: [{ t: 450, node: 2, text: 'up' }] });
  const folds = texts(svg).filter((t) => t.cls === 'fold').map((t) => t.text);
  assert.deepEqual(folds, [
    '×6 routine 0.000–0.375 s: 4 DSC_REQ (2 lost), 2 STATE',
    '×2 routine 0.500–0.600 s: 2 STATE',
    '×2 routine 0.800–0.800 s: 1 ACTIVATE again (all lost), 1 STATE',
  ]);
  const arrows = [...svg.matchAll(/<text class="label"[^>]*>#(\d+) /g)].map((m) => Number(m[1]));
  assert.deepEqual(arrows, [7, 8, 11], 'news (#7), a routine frame alone between news and a mark (#8), the first ACTIVATE (#11)');
  assert.equal((svg.match(/<rect class="fold"/g) ?? []).length, 3);
  assert.match(svg, /<title>×6 routine 0\.000–0\.375 s: 4 DSC_REQ \(2 lost\), 2 STATE: #1 #2 #3 #4 #5 #6<\/title>/, 'the fold names its frames');
  assert.deepEqual(sequenceChart(trace, [1, 2], { ...routineOpts, marks: [{ t: 450, node: 2, text: 'up' }] }), svg, 'deterministic');
});

test('each step is a band with its text at the point it began, even within one instant', () => {
  const trace: TraceEntry[] = [
    frame(1, 10, 1, 2, 'deliver', 'A seq=1'),
    frame(2, 20, 2, 1, 'deliver', 'B seq=1'),
    frame(3, 20, 1, 2, 'deliver', 'C seq=1'),
    frame(4, 30, 1, 2, 'deliver', 'D seq=1'),
  ];
  const marks = [
    { t: 20, node: 1, text: 'old at 20' },
    { t: 20, node: 2, text: 'new at 20' },
  ];
  const steps = [
    { t: 0, text: 'Given a cluster', entry: 0, mark: 0 },
    { t: 0, text: 'And node 2 & <its> bindings', entry: 0, mark: 0 },
    // began at t=20 after frame #2 and the first mark, before frame #3 and the second mark
    { t: 20, text: 'When bearer A is cut', entry: 2, mark: 1 },
    { t: 30, text: 'Then it holds', entry: 4, mark: 2 },
  ];
  const svg = sequenceChart(trace, [1, 2], { label: (_b, s) => s, marks, steps });
  assert.equal((svg.match(/<rect class="step"/g) ?? []).length, 3, 'steps that began at one point share a band');
  const order = [...svg.matchAll(/<text class="(?:step|label|state)"[^>]*>([^<]*)</g)].map((m) => m[1]);
  assert.deepEqual(order, [
    'Given a cluster',
    'And node 2 &amp; &lt;its&gt; bindings',
    '#1 A seq=1',
    '#2 B seq=1',
    'old at 20',
    'When bearer A is cut',
    '#3 C seq=1',
    'new at 20',
    '#4 D seq=1',
    'Then it holds',
  ]);
  assert.match(svg, /<text class="step-time" x="4" y="\d+">0\.020<\/text>/, 'a band shows the virtual time its step began');
});

test('labels, marks and folds stay within their lane and the chart; what is cut ends in … with the whole text as tooltip', () => {
  const long = `LINK_PROTOCOL/STATE seq=1 [drop(bearer A: everything else of node 2 is lost, ${'and much more besides, '.repeat(4)})]`;
  const trace: TraceEntry[] = [
    frame(1, 10, 1, 2, 'drop(bearer A: everything else of node 2 is lost for a long long while)', 'LINK_PROTOCOL/STATE seq=1'),
    frame(2, 20, 3, 1, 'deliver', long),
    frame(3, 30, 2, 3, 'deliver', long),
    frame(4, 40, 3, 2, 'deliver', 'x', true),
  ];
  const marks = [
    { t: 15, node: 3, text: 'node 1 SELF_UP_PEER_COMING (SELF_ESTABL_CONTACT_EVT) and a great deal more text than fits in a lane' },
    { t: 15, node: 2, text: '<2A-1A> ESTABLISHING (PEER_RESET_EVT) with a tail long enough to reach the next lifeline' },
  ];
  const svg = sequenceChart(trace, [1, 2, 3], { label: (_b, s) => s, marks });
  const lifelines = lifelinesOf(svg);
  const width = widthOf(svg);
  const all = texts(svg);
  assert.ok(all.length >= 8, `the texts are found (${all.length})`);
  for (const t of all) {
    const right = t.x + textPx(t.text);
    const crossed = lifelines.filter((x) => t.x < x && x < right);
    assert.deepEqual(crossed, [], `"${t.text}" (${t.x}..${right.toFixed(0)}) runs over a lifeline`);
    assert.ok(right <= width, `"${t.text}" ends at ${right.toFixed(0)}, past the chart's width ${width}`);
  }
  assert.ok(all.some((t) => t.text.endsWith('…')), 'a text too long for its lines is cut with …');
  assert.ok(svg.includes(`<title>#2 ${long}</title>`), 'the whole label is the tooltip');
});

test('each lifeline is headed with its node, role and implementation, wrapped within its lane', () => {
  const heads: Record<number, string> = { 1: 'node 1 · IUT · reference:fixed', 2: 'node 2 · tester · kernel (Linux 6.1.0-57-amd64, tipc.ko: kernel profile no-stale-drop)' };
  const svg = sequenceChart([frame(1, 10, 1, 2, 'deliver', 'A')], [1, 2], { label: (_b, s) => s, lifeline: (n) => heads[n] });
  const lines = [...svg.matchAll(/<text class="node" x="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => ({ x: Number(m[1]), text: m[2] }));
  const [l1, l2] = lifelinesOf(svg);
  assert.deepEqual(lines[0], { x: l1, text: 'node 1 · IUT · reference:fixed' });
  assert.ok(lines.length >= 3 && lines.slice(1).every((l) => l.x === l2), `node 2's head wraps under its lifeline: ${JSON.stringify(lines)}`);
  assert.equal(lines.slice(1).map((l) => l.text).join(' '), heads[2]);
  for (const l of lines) assert.ok(textPx(l.text) / 2 < (l2 - l1) / 2, `"${l.text}" is wider than its lane`);
});

test('a harness cluster draws the same chart for the same seed, with roles, folds and the steps where they began', async () => {
  const run = async (): Promise<string> => {
    const c = referenceCluster({ nodes: [1, 2], iut: [1], seed: 7, bearers: ['A'] });
    const steps = [{ text: 'Given a cluster of nodes 1 and 2', position: c.position() }];
    await c.start();
    await c.advance(3000);
    steps.push({ text: 'When node 1 sets the tolerance of link endpoint 1A to 1000 ms', position: c.position() });
    assert.equal(await c.setLinkTolerance(1, 2, 'A', 1000), true);
    await c.advance(1000);
    const svg = c.sequenceChart({ title: 'FO-x', steps });
    await c.stop();
    return svg;
  };
  const svg = await run();
  assert.equal(await run(), svg, 'same seed, same chart');
  assert.match(svg, />node 1 · IUT · reference:fixed</);
  assert.match(svg, />node 2 · tester · reference</);
  assert.match(svg, /<text class="fold"[^>]*>×\d+ routine [\d.]+–[\d.]+ s: \d+ DSC_REQ/, 'discovery is folded');
  assert.match(svg, /<text class="label"[^>]*>#\d+ LINK_PROTOCOL\/STATE seq=\d+</, 'the STATE that announces the new tolerance is drawn on its own');
  const band = svg.indexOf('When node 1 sets the tolerance');
  assert.ok(band > 0 && svg.indexOf('Given a cluster') < band, 'both steps are drawn, in order');
  assert.ok(/<text class="fold"[^>]*>[^<]*STATE/.test(svg.slice(band)), 'keepalives after the step fold again');
});
