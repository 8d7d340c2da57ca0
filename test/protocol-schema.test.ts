/**
 * The process protocol's one schema (adapters/process/schema.ts): docs/adapter-protocol.schema.json
 * is what it generates, the examples of docs/adapter-protocol.md meet it, and both sides use it:
 * the harness's parseReply and the reference IUT's request check each say on one line which field
 * is wrong and how. No child process: everything here is in this one.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { NodeEventReport } from '../contract';
import { OPS, type Op, PROTOCOL_VERSION, ProtocolError, fromWireEvent, parseReply, parseRequest, toWireEvent } from '../adapters/process/protocol';
import { ReferenceIut } from '../adapters/process/reference-iut';
import { EventSchema, protocolJsonSchema, protocolJsonSchemaText } from '../adapters/process/schema';
import { SCHEMA_FILE } from '../scripts/protocol-schema';
import { PACKAGE_ROOT } from './support/cli';

/** What parseReply says is wrong with `reply` as the answer to request 3 of `op`. */
function replyProblem(op: Op, reply: unknown): string {
  try {
    parseReply(typeof reply === 'string' ? reply : JSON.stringify(reply), { id: 3, op });
  } catch (e) {
    assert.ok(e instanceof ProtocolError, String(e));
    return e.message;
  }
  assert.fail(`parseReply accepted ${JSON.stringify(reply)} as an answer to ${op}`);
}

/** The error of the reference IUT's ok:false reply to `request`. */
function refusal(iut: ReferenceIut, request: unknown): string {
  assert.throws(() => iut.handle(request), Error);
  try {
    iut.handle(request);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return '';
}

describe('the JSON Schema', () => {
  test('docs/adapter-protocol.schema.json is the generated schema (npm run docs:schema)', () => {
    assert.equal(SCHEMA_FILE, path.join(PACKAGE_ROOT, 'docs', 'adapter-protocol.schema.json'));
    const onDisk = readFileSync(SCHEMA_FILE, 'utf8');
    assert.equal(onDisk, protocolJsonSchemaText(), 'docs/adapter-protocol.schema.json is stale: run npm run docs:schema');
  });

  test('it names a request per op, every reply and every event, and says which version it is', () => {
    const schema = protocolJsonSchema();
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.match(String(schema.title), new RegExp(`version ${PROTOCOL_VERSION}$`));
    const defs = Object.keys(schema.$defs as object);
    const requests = OPS.map((op) => `${op.replace(/(^|_)([a-z])/g, (_m, _u: string, c: string) => c.toUpperCase())}Request`);
    for (const name of [...requests, 'Request', 'Reply', 'HelloReply', 'OutputReply', 'ControlReply', 'LinkStateReply', 'NodeStateReply', 'NameTableReply', 'DropPointReply', 'LinkToleranceReply', 'FailedReply', 'OutFrame', 'Event', 'LinkFsmEvent', 'NodeFsmEvent', 'DataEvent', 'TunnelDropEvent', 'Binding']) {
      assert.ok(defs.includes(name), `no $defs/${name} in ${defs.join(', ')}`);
    }
  });

  test('the examples of docs/adapter-protocol.md meet it (those not cut short with …)', () => {
    const doc = readFileSync(path.join(PACKAGE_ROOT, 'docs', 'adapter-protocol.md'), 'utf8');
    const lines = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? '').split('\n')).filter((l) => l.trim() !== '');
    const asked = new Map<number, Op>();
    let checked = 0;
    for (const line of lines) {
      if (line.includes('…')) continue;
      const v = JSON.parse(line) as Record<string, unknown>;
      // an event has a kind (a name-applied event carries an op of its own); a request an op
      if ('kind' in v) {
        assert.ok(EventSchema.safeParse(v).success, line);
      } else if ('op' in v) {
        asked.set(Number(v.id), parseRequest(v).op);
      } else {
        const op = asked.get(Number(v.id));
        assert.ok(op, `a reply to no request shown before it: ${line}`);
        const r = parseReply(line, { id: Number(v.id), op });
        assert.equal(r.ok, true, line);
      }
      checked++;
    }
    assert.ok(checked >= 20, `only ${checked} example lines checked`);
  });
});

describe('the harness side: parseReply', () => {
  test('names the field, what it must be and what it held, on one line', () => {
    assert.equal(
      replyProblem('tick', { id: 3, ok: true, out: [{ bearer: 0, dest: 'broadcast', hex: '5BF0' }] }),
      'out[0].hex must be lowercase hex of whole bytes, not "5BF0"',
    );
    assert.equal(replyProblem('tick', { id: 3, ok: true, out: [{ bearer: 2, dest: 'all', hex: '' }] }), 'out[0].bearer must be 0 or 1, not 2; out[0].dest must be a node address or "broadcast", not "all"; out[0].hex must not be empty, not ""');
    assert.equal(replyProblem('tick', { id: 3, ok: true, timer: -1 }), 'timer must be a time in ms (a number ≥ 0) or null, not -1');
    assert.equal(replyProblem('tick', { id: 3, ok: true, out: [{ bearer: 0, dest: -1, hex: '00' }] }), 'out[0].dest must be a node address or "broadcast", not -1');
    assert.equal(replyProblem('drop_point', { id: 3, ok: true, value: 1.5 }), 'value must be an unsigned 32-bit integer or null, not 1.5');
    assert.equal(replyProblem('tick', { id: 3, ok: true, notes: ['a', 7] }), 'notes[1] must be a string, not 7');
    assert.equal(replyProblem('tick', { id: 3, ok: true, events: [{ kind: 'link-up' }] }), 'events[0].kind must be one of link-fsm, node-fsm, data, tunnel-drop, name-applied, name-stale, not "link-up"');
    assert.equal(replyProblem('tick', { id: 3, ok: true, events: [{ peer: 1 }] }), 'events[0].kind must be one of link-fsm, node-fsm, data, tunnel-drop, name-applied, name-stale (it is missing)');
    assert.equal(
      replyProblem('tick', { id: 3, ok: true, events: [{ kind: 'name-applied', peer: 1, op: 'bind', type: 1, lower: 0, upper: 9, accepted: 'yes' }] }),
      'events[0].op must be publish or withdraw: publish, withdraw, not "bind"; events[0].accepted must be a boolean, not "yes"',
    );
    assert.equal(replyProblem('tick', { id: 3, ok: true, events: [{ kind: 'name-stale', peer: 1, named_seqno: -1 }] }), 'events[0].named_seqno must be an unsigned 32-bit integer, not -1; events[0].rcv_nxt must be an unsigned 32-bit integer (it is missing)');
    assert.match(
      replyProblem('tick', { id: 3, ok: true, events: [{ kind: 'node-fsm', peer: 1, from: 'SELF_UP_PEER_UP', evt: 'DANCE_EVT', to: 'SELF_UP_PEER_UP' }] }),
      /^events\[0\]\.evt must be a node event: SELF_ESTABL_CONTACT_EVT, .*, not "DANCE_EVT"$/,
    );
    assert.equal(replyProblem('tick', { id: 3, ok: 'yes' }), 'ok must be a boolean, not "yes"');
    assert.equal(replyProblem('tick', { id: 3, ok: false }), 'error must be a string (it is missing)');
    assert.equal(replyProblem('tick', [1]), 'the reply must be a JSON object, not [1]');
    assert.equal(replyProblem('tick', 'hello there'), 'not JSON: hello there');
    assert.equal(replyProblem('tick', { id: 4, ok: true }), 'reply id 4 does not answer request 3 (tick)');
  });

  test("checks each reply against its request's op", () => {
    assert.equal(replyProblem('hello', { id: 3, ok: true, version: '1', capabilities: [] }), 'name must be a non-empty string (it is missing)');
    assert.equal(replyProblem('withdraw', { id: 3, ok: true }), 'accepted must be a boolean (it is missing)');
    assert.match(replyProblem('node_state', { id: 3, ok: true, state: 'ESTABLISHED' }), /^state must be a node state or "ABSENT": .*, not "ESTABLISHED"$/);
    assert.equal(replyProblem('drop_point', { id: 3, ok: true }), 'value must be an unsigned 32-bit integer or null (it is missing)');
    assert.equal(replyProblem('link_tolerance', { id: 3, ok: true, value: '1500' }), 'value must be a tolerance in ms (an unsigned 32-bit integer) or null, not "1500"');
    assert.equal(
      replyProblem('name_table', { id: 3, ok: true, bindings: [{ type: 1, lower: 0, upper: 9, scope: 'global', node: 1, port: 2, key: 3 }] }),
      'bindings[0].scope must be a scope: node, cluster, not "global"',
    );
    // a successful reply to one op is no answer to another
    assert.deepEqual(parseReply('{"id":3,"ok":true,"accepted":false}', { id: 3, op: 'publish' }), { id: 3, ok: true, accepted: false });
    assert.deepEqual(parseReply('{"id":3,"ok":false,"error":"no"}', { id: 3, op: 'publish' }), { id: 3, ok: false, error: 'no' });
  });

  test('an event of protocol 1 says so first; keys nobody knows are ignored', () => {
    const v1 = { kind: 'tunnel-drop', link: '1001001:eth1-1001002:eth1', seqno: 3, drop_point: 5, user: 0 };
    assert.equal(
      replyProblem('frame', { id: 3, ok: true, events: [v1] }),
      "events[0].link is protocol 1's; protocol 2 gives peer and bearer instead; events[0].peer must be a node address (an unsigned 32-bit integer) (it is missing); events[0].bearer must be 0 or 1 (it is missing)",
    );
    const r = parseReply('{"id":3,"ok":true,"debug":"x","events":[{"kind":"data","from":1,"port":2,"hex":"","extra":1}]}', { id: 3, op: 'tick' });
    assert.deepEqual(r, { id: 3, ok: true, events: [{ kind: 'data', from: 1, port: 2, hex: '' }] });
  });

  test("events cross as the contract's, and back", () => {
    const reports: NodeEventReport[] = [
      { kind: 'link-fsm', peer: 0x01001002, bearer: 1, from: 'RESET', evt: 'ESTABLISH_EVT', to: 'ESTABLISHED' },
      { kind: 'node-fsm', peer: 0x01001002, from: 'SELF_DOWN_PEER_DOWN', evt: 'SELF_ESTABL_CONTACT_EVT', to: 'SELF_UP_PEER_COMING' },
      { kind: 'data', from: 0x01001002, port: 4242, payload: Uint8Array.of(0, 0, 0, 7) },
      { kind: 'tunnel-drop', peer: 0x01001002, bearer: 0, seqno: 3, drop_point: 5, user: 0 },
      { kind: 'name-applied', peer: 0x01001002, op: 'publish', type: 7000, lower: 0, upper: 9, accepted: true },
      { kind: 'name-stale', peer: 0x01001002, named_seqno: 4, rcv_nxt: 5 },
    ];
    for (const e of reports) {
      const wire = toWireEvent(e);
      assert.ok(EventSchema.safeParse(wire).success, JSON.stringify(wire));
      assert.deepEqual(fromWireEvent(wire), e);
    }
    assert.deepEqual(toWireEvent(reports[2] as NodeEventReport), { kind: 'data', from: 0x01001002, port: 4242, hex: '00000007' });
  });
});

describe('the IUT side: the reference IUT checks each request with the same schema', () => {
  test('a request that breaks the schema is refused, naming the field', () => {
    const iut = new ReferenceIut('fixed');
    assert.equal(refusal(iut, { id: 1, op: 'dance' }), `op must be one of ${OPS.join(', ')}, not "dance"`);
    assert.equal(refusal(iut, { id: 1, op: 'frame', now: 1, bearer: 2, hex: 'AB' }), 'bearer must be 0 or 1, not 2; hex must be lowercase hex of whole bytes, not "AB"');
    assert.equal(refusal(iut, { id: 1, op: 'tick' }), 'now must be a time in ms (a number ≥ 0) (it is missing)');
    assert.equal(
      refusal(iut, { id: 2, op: 'init', address: 16781313, net_id: 4711, seed: 1, bearers: [{ id: 0, if_name: 'eth0', mac: '52:54:00:0a:00:01' }] }),
      'bearers[0].mac must be 12 lowercase hex digits, not "52:54:00:0a:00:01"',
    );
    assert.equal(refusal(iut, 'hello'), 'the request must be a JSON object, not "hello"');
  });

  test(`a hello of another version is refused; protocol ${PROTOCOL_VERSION} is answered`, () => {
    const iut = new ReferenceIut('fixed', ['link']);
    assert.equal(refusal(iut, { id: 1, op: 'hello', protocol: 1 }), `protocol 1 not spoken; this IUT speaks ${PROTOCOL_VERSION}`);
    const hello = iut.handle({ id: 1, op: 'hello', protocol: PROTOCOL_VERSION });
    assert.ok('capabilities' in hello);
    assert.deepEqual(hello.capabilities, ['link']);
    assert.equal(refusal(iut, { id: 2, op: 'tick', now: 0 }), 'no node yet: send "init" first');
  });

  test('link_tolerance answers the tolerance a link endpoint uses, null for no such endpoint', () => {
    // Two reference IUTs, their frames relayed at once, each ticked when its timer is due.
    const addr = (k: number): number => 0x01001000 + k;
    const iuts = [1, 2].map((k) => {
      const iut = new ReferenceIut('fixed');
      iut.handle({ id: 1, op: 'hello', protocol: PROTOCOL_VERSION });
      const tolerance = k === 2 ? { tolerance: 30000 } : {};
      iut.handle({ id: 2, op: 'init', address: addr(k), net_id: 4711, seed: k, bearers: [{ id: 0, if_name: 'eth0', mac: `5254000a000${k}`, ...tolerance }] });
      return iut;
    });
    let id = 3;
    const timers: (number | null)[] = [null, null];
    const pending: { to: number; hex: string }[] = [];
    const take = (i: number, reply: ReturnType<ReferenceIut['handle']>): void => {
      if ('timer' in reply && reply.timer !== undefined) timers[i] = reply.timer;
      for (const f of 'out' in reply ? (reply.out ?? []) : []) pending.push({ to: 1 - i, hex: f.hex });
    };
    iuts.forEach((iut, i) => take(i, iut.handle({ id: id++, op: 'bearer_up', now: 0, bearer: 0 })));
    for (let now = 0; now <= 2000; now++) {
      while (pending.length > 0) {
        const f = pending.shift() as { to: number; hex: string };
        take(f.to, (iuts[f.to] as ReferenceIut).handle({ id: id++, op: 'frame', now, bearer: 0, hex: f.hex }));
      }
      iuts.forEach((iut, i) => {
        const t = timers[i];
        if (t !== null && t !== undefined && t <= now) take(i, iut.handle({ id: id++, op: 'tick', now }));
      });
    }
    const [one, two] = iuts as [ReferenceIut, ReferenceIut];
    assert.deepEqual(one.handle({ id: id++, op: 'link_state', peer: addr(2), bearer: 0 }), { state: 'ESTABLISHED' });
    // node 2's 30000 ms is its own: set before the link came up, it was never announced
    assert.deepEqual(one.handle({ id: id++, op: 'link_tolerance', peer: addr(2), bearer: 0 }), { value: 1500 });
    assert.deepEqual(two.handle({ id: id++, op: 'link_tolerance', peer: addr(1), bearer: 0 }), { value: 30000 });
    assert.deepEqual(one.handle({ id: id++, op: 'link_tolerance', peer: addr(3), bearer: 0 }), { value: null });
  });
});
