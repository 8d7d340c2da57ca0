/**
 * A peer from before 9012de508956 "tipc: add sequence number check for link STATE messages"
 * (v4.18): it announces no TIPC_LINK_PROTO_SEQNO, its STATEs carry next_sent + 32767 (the same
 * while it sends no data), and a node must neither number its STATEs to it with the STATE counter
 * nor drop its STATEs for their order (tipc_link_build_proto_msg, tipc_link_validate_msg).
 */
import { Then, When } from '@cucumber/cucumber';
import { LINK_PROTOCOL, type NodeId, STATE_MSG, type WireFrame } from '../contract';
import { ExpectationError } from './support/expect';
import { allFrames } from './support/numbered-picks';
import { restartAs } from './support/restart';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** tipc_link_build_proto_msg: l->snd_nxt + U16_MAX / 2, the sequence number of a STATE to a peer without TIPC_LINK_PROTO_SEQNO. */
const HALF_SPACE = Math.floor(0xffff / 2);

When(
  'node {int} restarts, keeping its address, with a new signature, as a node from before Linux 4.18, without TIPC_LINK_PROTO_SEQNO',
  catalogue({
    group: 'disturbance',
    means:
      'As "node N restarts, keeping its address, with a new signature", but the next incarnation runs the link protocol of a TIPC from before 9012de508956 "tipc: add sequence number check for link STATE messages" (v4.18): its discovery messages announce neither TIPC_LINK_PROTO_SEQNO nor the later TIPC_GAP_ACK_BLOCK (its other capabilities stay), and every STATE it sends carries its next_sent + 32767 as sequence number, the same one while it sends no data. A peer that still knows the node takes the new capabilities from its first discovery message (tipc_node_create: "Same node may come back with new capabilities", tipc_link_update_caps). A tester node only; not applicable where the testers are Linux 6.1 kernels.',
    params: [{ name: 'node', meaning: 'a tester node, not under test (node number)' }],
    needs: [],
    example: 'node 2 restarts, keeping its address, with a new signature, as a node from before Linux 4.18, without TIPC_LINK_PROTO_SEQNO',
  }),
  async function (this: ConformanceWorld, node: number) {
    const why = await restartAs(this, node, 'pre-link-proto-seqno');
    if (why === undefined) return undefined;
    this.attach(`not applicable: ${why}`);
    return 'skipped';
  },
);

/** The next_sent of a LINK_PROTOCOL frame (msg.h msg_next_sent: word 4 bits 0-15), read off its layout. */
function nextSent(f: WireFrame): number | undefined {
  return f.layout === undefined ? undefined : f.layout.word4 & 0xffff;
}

/** The body of a frame, bytes (message size less header size), read off its layout. */
function bodySize(f: WireFrame): number | undefined {
  return f.layout === undefined ? undefined : f.layout.msize - f.layout.hsize;
}

function stateText(f: WireFrame): string {
  return `#${f.n} at ${f.at} ms: seqno ${f.seqno ?? '?'}, next_sent ${nextSent(f) ?? '?'}, body ${bodySize(f) ?? '?'} bytes`;
}

Then(
  "node {int}'s last {int} STATE messages to node {int} each carried its next_sent + 32767 as sequence number and no Gap ACK blocks",
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: the last STATE messages (LINK_PROTOCOL STATE_MSG) the first node sent the second, as many as given, each carry as sequence number (word 2 bits 0-15) the sender's next_sent (word 4 bits 0-15) + 32767, modulo 2^16, and nothing after the header: what tipc_link_build_proto_msg gives a STATE to a peer from before v4.18, without TIPC_LINK_PROTO_SEQNO (l->snd_nxt + U16_MAX / 2) nor TIPC_GAP_ACK_BLOCK (no struct tipc_gap_ack_blks; no monitor domain record in a cluster below the monitor threshold). To a peer with them a STATE carries the link's STATE counter (l->snd_nxt_state) and at least the 4-byte Gap ACK block header. Fails if fewer STATE messages were sent, listing those that carry another sequence number or a body.",
    params: [
      { name: 'from', meaning: 'the node that sent the STATE messages (node number)' },
      { name: 'count', meaning: 'how many of its last STATE messages to check' },
      { name: 'to', meaning: 'the peer it sent them to, one without TIPC_LINK_PROTO_SEQNO (node number)' },
    ],
    needs: [],
    example: "node 1's last 3 STATE messages to node 2 each carried its next_sent + 32767 as sequence number and no Gap ACK blocks",
  }),
  async function (this: ConformanceWorld, from: NodeId, count: number, to: NodeId) {
    const c = await this.cluster();
    const states = allFrames(c).filter((f) => f.from === from && f.to === to && f.user === LINK_PROTOCOL && f.mtype === STATE_MSG);
    const last = states.slice(-count);
    const expected = `node ${from}'s last ${count} STATE messages to node ${to} to carry next_sent + ${HALF_SPACE} as sequence number and no body (no Gap ACK blocks)`;
    if (last.length < count) throw new ExpectationError(expected, `${states.length} STATE messages in all`);
    const wrong = last.filter((f) => {
      const ns = nextSent(f);
      return ns === undefined || f.seqno !== ((ns + HALF_SPACE) & 0xffff) || bodySize(f) !== 0;
    });
    if (wrong.length > 0) throw new ExpectationError(expected, `${wrong.length} of ${count} carry another: ${wrong.map(stateText).join('; ')}`);
  },
);
