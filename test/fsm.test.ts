/**
 * The FSM tables against the kernel's: (1) the tables written in spec/kernel-behaviour.md
 * (read from net/tipc/link.c and node.c), parsed from the document's own text, and (2) every
 * transition the real 6.1 kernels reported through their tipc_link_fsm / tipc_node_fsm
 * tracepoints in captures/ (both under test/vectors, see test/support/vectors.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LINK_EVENTS, LINK_FSM, LINK_STATES, type LinkEvent, type LinkState } from '../reference/link-fsm';
import { NODE_EVENTS, NODE_FSM, NODE_STATES, type NodeEvent, type NodeState } from '../reference/node-fsm';
import { VECTORS_DIR } from './support/vectors';

const SHARED = VECTORS_DIR;

function specText(): string {
  const p = path.join(SHARED, 'spec/kernel-behaviour.md');
  assert.ok(fs.existsSync(p), `the kernel behaviour spec is missing at ${p} (set TIPC_SHARED_DIR)`);
  return fs.readFileSync(p, 'utf8');
}

/** The rows "| STATE | clauses |" of the first table after `heading`. */
function tableRows(text: string, heading: string): Map<string, string> {
  const start = text.indexOf(heading);
  assert.ok(start >= 0, `heading "${heading}" not found in the spec`);
  const rows = new Map<string, string>();
  let inTable = false;
  for (const line of text.slice(start).split('\n')) {
    const m = /^\|\s*([A-Z_]+)\s*\|\s*(.+?)\s*\|\s*$/.exec(line);
    if (m && m[1] !== 'state') {
      rows.set(m[1], m[2]);
      inTable = true;
    } else if (inTable && !line.startsWith('|')) {
      break;
    }
  }
  return rows;
}

type Expect = { kind: 'to'; to: string; linkDown: boolean } | { kind: 'stay' } | { kind: 'illegal' };

/** Parse clauses like "A→B (+LINK_DOWN); X, Y stay; SYNCH_* illegal; all else illegal". */
function parseRow(clauses: string, events: readonly string[], expandEvent: (e: string) => string[], expandState: (s: string) => string): Map<string, Expect> {
  const out = new Map<string, Expect>();
  let elseIllegal = false;
  for (const raw of clauses.split(';').map((c) => c.trim())) {
    if (raw === 'all else illegal') {
      elseIllegal = true;
      continue;
    }
    const arrow = /^([A-Z_]+)→([A-Z_]+)( \(\+LINK_DOWN\))?$/.exec(raw);
    if (arrow) {
      for (const e of expandEvent(arrow[1])) out.set(e, { kind: 'to', to: expandState(arrow[2]), linkDown: Boolean(arrow[3]) });
      continue;
    }
    const list = /^(.+) (stay|illegal)$/.exec(raw);
    assert.ok(list, `cannot read clause "${raw}"`);
    for (const item of list[1].split(',').map((s) => s.trim())) {
      for (const e of expandEvent(item)) out.set(e, list[2] === 'stay' ? { kind: 'stay' } : { kind: 'illegal' });
    }
  }
  for (const e of events) if (!out.has(e) && elseIllegal) out.set(e, { kind: 'illegal' });
  return out;
}

function outcomeOf(o: { to: string; linkDown?: true } | 'stay' | 'illegal', from: string): Expect {
  if (o === 'stay' || o === 'illegal') return { kind: o };
  // A transition to the same state is how the document writes "stay" too.
  if (o.to === from && !o.linkDown) return { kind: 'stay' };
  return { kind: 'to', to: o.to, linkDown: Boolean(o.linkDown) };
}

test('link FSM table equals the spec table (kernel tipc_link_fsm_evt)', () => {
  const rows = tableRows(specText(), '## 1. Link endpoint FSM');
  const expandEvent = (e: string): string[] => {
    if (e === 'SYNCH_*') return ['SYNCH_BEGIN_EVT', 'SYNCH_END_EVT'];
    if (e === 'FAILOVER_*') return ['FAILOVER_BEGIN_EVT', 'FAILOVER_END_EVT'];
    assert.ok(LINK_EVENTS.includes(`${e}_EVT` as LinkEvent), `unknown link event "${e}" in the spec`);
    return [`${e}_EVT`];
  };
  const expected = new Map<string, Map<string, Expect>>();
  for (const [state, clauses] of rows) {
    if (state === 'SYNCHING') continue;
    expected.set(state, parseRow(clauses, LINK_EVENTS, expandEvent, (s) => s));
  }
  // "SYNCHING | as ESTABLISHED, but SYNCH_END→ESTABLISHED and SYNCH_BEGIN stays"
  assert.match(rows.get('SYNCHING') ?? '', /as ESTABLISHED, but SYNCH_END→ESTABLISHED and SYNCH_BEGIN stays/);
  const synching = new Map(expected.get('ESTABLISHED'));
  synching.set('SYNCH_END_EVT', { kind: 'to', to: 'ESTABLISHED', linkDown: false });
  synching.set('SYNCH_BEGIN_EVT', { kind: 'stay' });
  expected.set('SYNCHING', synching);

  assert.deepEqual([...expected.keys()].sort(), [...LINK_STATES].sort(), 'the spec and the model list the same states');
  for (const s of LINK_STATES) {
    const row = expected.get(s) as Map<string, Expect>;
    for (const e of LINK_EVENTS) {
      const want = row.get(e);
      assert.ok(want, `the spec says nothing of ${e} in ${s}`);
      // ESTABLISHED→SYNCHING's "stay" for ESTABLISH etc. is written as "stay": compare normalised.
      const got = outcomeOf(LINK_FSM[s][e], s);
      const norm = want.kind === 'to' && want.to === s && !want.linkDown ? { kind: 'stay' } : want;
      assert.deepEqual(got, norm, `${s} + ${e}`);
    }
  }
});

const NODE_ABBREV: Record<string, NodeState> = {
  DOWN_DOWN: 'SELF_DOWN_PEER_DOWN',
  UP_UP: 'SELF_UP_PEER_UP',
  DOWN_LEAVING: 'SELF_DOWN_PEER_LEAVING',
  UP_COMING: 'SELF_UP_PEER_COMING',
  COMING_UP: 'SELF_COMING_PEER_UP',
  LEAVING_DOWN: 'SELF_LEAVING_PEER_DOWN',
  FAILINGOVER: 'FAILINGOVER',
  SYNCHING: 'SYNCHING',
};

test('node FSM table equals the spec table (kernel tipc_node_fsm_evt)', () => {
  const rows = tableRows(specText(), '## 2. Node FSM');
  const expandEvent = (e: string): string[] => {
    if (e === 'NODE_*') return ['FAILOVER_BEGIN_EVT', 'FAILOVER_END_EVT', 'SYNCH_BEGIN_EVT', 'SYNCH_END_EVT'];
    if (e === 'SYNCH_*') return ['SYNCH_BEGIN_EVT', 'SYNCH_END_EVT'];
    if (e === 'both ESTABL') return ['SELF_ESTABL_CONTACT_EVT', 'PEER_ESTABL_CONTACT_EVT'];
    const full = /^(SELF|PEER)_(ESTABL|LOST)$/.test(e) ? `${e}_CONTACT_EVT` : `${e}_EVT`;
    assert.ok(NODE_EVENTS.includes(full as NodeEvent), `unknown node event "${e}" in the spec`);
    return [full];
  };
  const expandState = (s: string): string => {
    const full = NODE_ABBREV[s];
    assert.ok(full, `unknown node state "${s}" in the spec`);
    return full;
  };
  const seen = new Set<string>();
  for (const [abbr, clauses] of rows) {
    const s = expandState(abbr) as NodeState;
    seen.add(s);
    const row = parseRow(clauses, NODE_EVENTS, expandEvent, expandState);
    for (const e of NODE_EVENTS) {
      const want = row.get(e);
      assert.ok(want, `the spec says nothing of ${e} in ${s}`);
      const o = NODE_FSM[s][e];
      const got: Expect = o === 'stay' || o === 'illegal' ? { kind: o } : { kind: 'to', to: o.to, linkDown: false };
      assert.deepEqual(got, want, `${s} + ${e}`);
    }
  }
  assert.deepEqual([...seen].sort(), [...NODE_STATES].sort(), 'the spec and the model list the same states');
});

/** "<link> FROM--(EVT)->TO" lines of the kernel's tracepoints. */
function traceTransitions(file: string, kind: 'tipc_link_fsm' | 'tipc_node_fsm'): { from: string; evt: string; to: string }[] {
  const out: { from: string; evt: string; to: string }[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes(`${kind}:`)) continue;
    const m = /([A-Z_]+)--\(([A-Z_]+)\)->([A-Z_]+)/.exec(line);
    if (m) out.push({ from: m[1], evt: m[2], to: m[3] });
  }
  return out;
}

test('every FSM transition the real kernels traced is what the tables do', () => {
  const files = ['half-failover/A.trace.txt', 'half-failover/B.trace.txt', 'link-setup/A.trace.txt', 'link-setup/B.trace.txt'].map((f) =>
    path.join(SHARED, 'captures', f),
  );
  let checked = 0;
  for (const f of files) {
    assert.ok(fs.existsSync(f), `capture trace missing: ${f}`);
    for (const t of traceTransitions(f, 'tipc_link_fsm')) {
      const o = LINK_FSM[t.from as LinkState]?.[t.evt as LinkEvent];
      assert.ok(o !== undefined, `${path.basename(f)}: unknown link transition ${t.from}--(${t.evt})`);
      const to = o === 'stay' ? t.from : o === 'illegal' ? `illegal` : o.to;
      assert.equal(to, t.to, `${path.basename(f)}: link ${t.from}--(${t.evt})->${t.to}`);
      checked++;
    }
    for (const t of traceTransitions(f, 'tipc_node_fsm')) {
      const evt = t.evt.startsWith('NODE_') ? t.evt.slice(5) : t.evt;
      const o = NODE_FSM[t.from as NodeState]?.[evt as NodeEvent];
      assert.ok(o !== undefined, `${path.basename(f)}: unknown node transition ${t.from}--(${t.evt})`);
      const to = o === 'stay' ? t.from : o === 'illegal' ? 'illegal' : o.to;
      assert.equal(to, t.to, `${path.basename(f)}: node ${t.from}--(${t.evt})->${t.to}`);
      checked++;
    }
  }
  assert.ok(checked >= 20, `expected at least 20 traced transitions, found ${checked}`);
});

test("the contract's state and event names are the reference's, in the kernel's order", async () => {
  // contract/ and reference/ import nothing from each other; the names must agree all the same
  const contract = await import('../contract');
  assert.deepEqual([...contract.LINK_STATES], [...LINK_STATES]);
  assert.deepEqual([...contract.LINK_EVENTS], [...LINK_EVENTS]);
  assert.deepEqual([...contract.NODE_STATES], [...NODE_STATES]);
  assert.deepEqual([...contract.NODE_EVENTS], [...NODE_EVENTS]);
});
