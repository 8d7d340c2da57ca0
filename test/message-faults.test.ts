/**
 * The steps that pick one message of a kind on the wire (steps/message-faults.steps.ts), run from
 * the fixture feature test/fixtures/message-faults/ against the reference through the CLI: every
 * scenario passes (the name tables agree), and the traces show that each rule touched the message
 * it names, its retransmissions as asked, and nothing else. The same seed gives the same traces.
 * First, the name the harness's codec gives a message, which makes a retransmission the same one.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FAILOVER_MSG, LINK_CONFIG, LINK_PROTOCOL, NAME_DISTRIBUTOR, PUBLICATION, TUNNEL_PROTOCOL, WITHDRAWAL, nodeAddress } from '../contract';
import { WireCodec } from '../harness/wire-codec';
import { INT_H_SIZE, msgInit, msgSetAck, msgSetBcastAck, msgSetBulk, msgSetNonSeq, msgSetSeqno } from '../reference/msg';
import { encode } from '../reference/msg-codec';
import { PACKAGE_ROOT, runCli } from './support/cli';
import { readTraces } from './support/report-files';

const FIXTURE = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'message-faults');

/** One frame line of a trace: "[   0.753] #   23 2>1 bearer A bcast drop(rule) NAME_DISTRIBUTOR/PUBL ... seq=3 ...". */
interface Line {
  readonly t: number;
  readonly n: number;
  readonly from: number;
  readonly to: number;
  readonly bcast: boolean;
  readonly fate: string;
  readonly summary: string;
}

const FRAME = /^\[\s*([\d.]+)\] #\s*(\d+) (\d+)>(\d+) bearer [AB] (bcast )?(deliver|bearer-down|no-route|[a-z]+\([^)]*\)) (.*)$/;

function lines(trace: string): Line[] {
  const out: Line[] = [];
  for (const l of trace.split('\n')) {
    const m = FRAME.exec(l);
    if (m) out.push({ t: Math.round(Number(m[1]) * 1000), n: Number(m[2]), from: Number(m[3]), to: Number(m[4]), bcast: m[5] !== undefined, fate: m[6] ?? '', summary: m[7] ?? '' });
  }
  return out;
}

/** The frames of node `from`'s NAME_DISTRIBUTOR messages to node `to` with this link seqno (and, if given, is_bulk). */
function named(ls: readonly Line[], from: number, to: number, seq: number, bulk?: boolean): Line[] {
  return ls.filter(
    (l) =>
      l.from === from &&
      l.to === to &&
      l.summary.startsWith('NAME_DISTRIBUTOR/') &&
      new RegExp(` seq=${seq} `).test(l.summary) &&
      (bulk === undefined || l.summary.includes(` is_bulk=${bulk ? 1 : 0} `)),
  );
}

/** The frames a rule touched: its name in their fate. */
function touched(ls: readonly Line[], rule: string): Line[] {
  return ls.filter((l) => l.fate.includes(`(${rule}`));
}

let scratch = '';
const traces = new Map<string, string>();

function trace(slug: string): Line[] {
  const t = traces.get(slug);
  assert.ok(t, `a trace for ${slug}: ${[...traces.keys()].join(', ')}`);
  return lines(t);
}

async function runFixture(out: string): Promise<Map<string, string>> {
  const r = await runCli(['run', '--no-report', '--features', path.join(FIXTURE, 'features'), '--requirements', path.join(FIXTURE, 'requirements.md'), '--out', out]);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /\nconformance: 6 passed, 0 failed\n/);
  return new Map([...readTraces(out)].map(([f, text]) => [f.replace(/^message-faults(?:-[0-9a-f]{8})?--|\.trace\.txt$/g, ''), text]));
}

describe('the name a rule picks a message by (WireCodec.classify)', () => {
  const codec = new WireCodec();
  const build = (user: number, mtype: number, seqno: number, opts: { nonSeq?: boolean; bulk?: boolean; ack?: number } = {}): Uint8Array => {
    const m = msgInit(nodeAddress(2), user, mtype, INT_H_SIZE, nodeAddress(1));
    msgSetSeqno(m, seqno);
    msgSetAck(m, opts.ack ?? 0);
    msgSetBcastAck(m, opts.ack ?? 0);
    if (opts.nonSeq) msgSetNonSeq(m, true);
    if (opts.bulk) msgSetBulk(m);
    return encode(m);
  };

  test('a retransmission (new ack and bcast_ack) is the same message; another seqno, or the broadcast link, another', () => {
    const first = codec.classify(build(NAME_DISTRIBUTOR, PUBLICATION, 7, { bulk: true }));
    assert.deepEqual(first, { user: NAME_DISTRIBUTOR, mtype: PUBLICATION, is_bulk: true, message: 'link seqno 7' });
    assert.deepEqual(codec.classify(build(NAME_DISTRIBUTOR, PUBLICATION, 7, { bulk: true, ack: 5 })), first);
    assert.equal(codec.classify(build(NAME_DISTRIBUTOR, PUBLICATION, 8, { bulk: true }))?.message, 'link seqno 8');
    assert.deepEqual(codec.classify(build(NAME_DISTRIBUTOR, WITHDRAWAL, 7, { nonSeq: true })), { user: NAME_DISTRIBUTOR, mtype: WITHDRAWAL, is_bulk: false, message: 'broadcast link seqno 7' });
  });

  test('frames outside a link sequence name no message; is_bulk only for NAME_DISTRIBUTOR; undecodable bytes nothing', () => {
    assert.deepEqual(codec.classify(build(LINK_PROTOCOL, 0, 7)), { user: LINK_PROTOCOL, mtype: 0 });
    assert.deepEqual(codec.classify(build(LINK_CONFIG, 0, 7)), { user: LINK_CONFIG, mtype: 0 });
    assert.deepEqual(codec.classify(build(TUNNEL_PROTOCOL, FAILOVER_MSG, 3, { bulk: true })), { user: TUNNEL_PROTOCOL, mtype: FAILOVER_MSG, message: 'link seqno 3' });
    assert.equal(codec.classify(Uint8Array.of(1, 2, 3)), undefined);
  });
});

describe('faults on one chosen message (a fixture feature, the reference)', () => {
  before(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'tipc-message-faults-'));
    for (const [k, v] of await runFixture(path.join(scratch, 'first'))) traces.set(k, v);
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  test("a bulk message dropped once: only its first copy is lost, and the retransmission the gap triggers 2 ms later delivers it", () => {
    const ls = trace('a-bulk-message-dropped-once-is-recovered-by-its-retransmission');
    const hit = touched(ls, "node 2's bulk message 2 to node 1");
    assert.equal(hit.length, 1, 'one frame dropped');
    const [drop] = hit;
    assert.ok(drop);
    assert.equal(drop.fate, "drop(node 2's bulk message 2 to node 1)");
    // the second bulk message: link seqno 3 (the first is 2)
    assert.equal(named(ls, 2, 1, 3, true)[0], drop);
    assert.ok(touched(ls, "node 2's bulk message 2 to node 1").every((l) => l.n === drop.n));
    const again = named(ls, 2, 1, 3, true).filter((l) => l.fate === 'deliver');
    assert.ok(again[0] && again[0].t - drop.t <= 5, `retransmitted and delivered within 5 ms: ${JSON.stringify(again[0])}`);
    assert.equal(named(ls, 2, 1, 2, true)[0]?.fate, 'deliver', 'the first bulk message untouched');
  });

  test('a bulk message delayed with its retransmissions arrives 300 ms late: every copy is delayed, the trace numbers the retransmissions', () => {
    const ls = trace('a-bulk-message-delayed-with-its-retransmissions-arrives-late');
    const copies = named(ls, 2, 1, 2, true);
    assert.ok(copies.length >= 2, 'the first copy and at least one retransmission');
    assert.deepEqual(
      copies.map((l) => l.fate),
      copies.map((_, i) => `delay(node 2's bulk message 1 to node 1${i === 0 ? '' : `; retransmission ${i}`})`),
    );
    const later = named(ls, 2, 1, 3, true)[0];
    assert.ok(later && later.fate === 'deliver');
    assert.ok((copies[0]?.t ?? 0) - later.t >= 300, `the first copy arrives 300 ms after the next bulk message: ${copies[0]?.t} vs ${later.t}`);
  });

  test('a bulk message delayed once is overtaken by its retransmission 2 ms later; the late copy still comes', () => {
    const ls = trace('a-bulk-message-delayed-once-is-overtaken-by-its-retransmission');
    const copies = named(ls, 2, 1, 2, true);
    const later = named(ls, 2, 1, 3, true)[0];
    assert.ok(later);
    assert.equal(copies[0]?.fate, 'deliver', 'the retransmission comes first, untouched');
    assert.ok((copies[0]?.t ?? Infinity) - later.t <= 5);
    assert.deepEqual(touched(ls, "node 2's bulk message 1 to node 1").map((l) => l.fate), ["delay(node 2's bulk message 1 to node 1)"]);
    assert.ok((touched(ls, "node 2's bulk message 1 to node 1")[0]?.t ?? 0) - later.t >= 300);
  });

  test('bulk messages after the first: the first goes by, every later one is delayed', () => {
    const ls = trace('bulk-messages-after-the-first-delayed-with-their-retransmissions-are-ap-d2908514');
    const bulk = ls.filter((l) => l.from === 2 && l.to === 1 && l.summary.includes(' is_bulk=1 '));
    const rule = "node 2's bulk messages to node 1 after the first";
    assert.equal(bulk[0]?.fate, 'deliver');
    assert.ok(named(ls, 2, 1, 2, true).every((l) => l.fate === 'deliver'));
    for (const seq of [3, 4, 5, 6]) assert.equal(named(ls, 2, 1, seq, true)[0]?.fate, `delay(${rule})`, `bulk message seq=${seq}`);
    assert.deepEqual(touched(ls, rule).filter((l) => !l.summary.includes(' is_bulk=1 ')), [], 'only bulk messages');
  });

  test('a duplicated binding table update: both copies on the wire, and the table agrees', () => {
    const ls = trace('a-duplicated-binding-table-update-is-applied-once');
    const rule = "node 1's binding table update 1 to node 2";
    const dups = touched(ls, rule);
    assert.equal(dups.length, 2, 'two copies');
    assert.ok(dups.every((l) => l.fate === `dup(${rule})` && l.n === dups[0]?.n && l.bcast && l.to === 2));
    assert.match(dups[0]?.summary ?? '', /^NAME_DISTRIBUTOR\/PUBL .* named_seqno=\d+ is_bulk=0 /);
    // the withdrawals that followed in the same instant arrived between the two copies
    const withdrawals = ls.filter((l) => l.from === 1 && l.to === 2 && l.summary.startsWith('NAME_DISTRIBUTOR/WITHDRAW'));
    assert.ok(withdrawals.length >= 1 && withdrawals.every((w) => w.t < (dups[1]?.t ?? 0)));
  });

  test("a binding table update dropped once: only node 2's copy of the second update is lost, and node 2 gets it again", () => {
    const ls = trace('a-binding-table-update-dropped-once-is-recovered-by-its-retransmission');
    const rule = "node 1's binding table update 2 to node 2";
    const hit = touched(ls, rule);
    assert.equal(hit.length, 1);
    assert.ok(hit[0]?.bcast && hit[0].to === 2 && hit[0].fate === `drop(${rule})`);
    const seq = /seq=(\d+)/.exec(hit[0]?.summary ?? '')?.[1];
    assert.equal(named(ls, 1, 3, Number(seq), false)[0]?.fate, 'deliver', "node 3's copy untouched");
    assert.ok(named(ls, 1, 2, Number(seq), false).some((l) => l.fate === 'deliver'), 'retransmitted to node 2');
  });

  test('the same seed gives the same traces', async () => {
    const again = await runFixture(path.join(scratch, 'second'));
    assert.deepEqual([...again.keys()].sort(), [...traces.keys()].sort());
    for (const [k, v] of again) assert.equal(v, traces.get(k), k);
  });
});
