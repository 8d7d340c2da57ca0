/**
 * The wire format itself (wire-format.feature): every frame a node sent, read by the harness's
 * oracle at msg.h's positions (WireFrame.layout), held to the rules of the kernel's senders and
 * compared with what the harness's codec decoded (support/wire-format.ts).
 */
import { Then } from '@cucumber/cucumber';
import { bearerIndex } from '../contract';
import { ExpectationError } from './support/expect';
import { decodedProblems, layoutProblems } from './support/wire-format';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

Then(
  "every frame node {int} sent is a TIPC message as msg.h lays it out",
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: every frame the node sent so far (as it sent it, one copy of a broadcast), read by hand at net/tipc/msg.h's word and bit positions, must be what the kernel's senders make: version 2; the header size of its user (LINK_CONFIG 60, internal users 40, user messages 24/32/40/44); a message size at least the header size and equal to the frame's length (Ethernet pads a shorter frame to 46 bytes); prevnode the node's address; a LINK_CONFIG of 76 bytes whose media address is Ethernet and the node's MAC on that bearer; a LINK_PROTOCOL message whose bearer_id and net_plane name the bearer it is on (A = 0, B = 1), a RESET/ACTIVATE of 56 bytes carrying the interface name (eth0, eth1), max_pkt 1500 and dest_session_valid in ACTIVATE only; a user message whose origport names its socket (not 0), but for the failover dummy (no port, no body), which carries TIPC_ERR_NO_PORT; the same for a message tunnelled in TUNNEL_PROTOCOL and for each message of a MSG_BUNDLER bundle, whose msgcnt counts them and whose importance is its first message's (a user message's user, TIPC_SYSTEM_IMPORTANCE for the others). And what the harness decoded of each (user, type, seqno, ack, origport, session, tolerance, priority, dest_session, LINK_CONFIG size and network id, the tunnelled message) must be what stands at msg.h's place. Fails with each frame's first problems, what was expected and what was seen.",
    params: [{ name: 'node', meaning: 'the sending node (node number)' }],
    needs: [],
    example: 'every frame node 2 sent is a TIPC message as msg.h lays it out',
  }),
  async function (this: ConformanceWorld, node: number) {
    const c = await this.cluster();
    const sends = new Set<number>();
    const problems: string[] = [];
    for (const f of c.wireFrames()) {
      if (f.from !== node || sends.has(f.send)) continue;
      sends.add(f.send);
      const found = f.layout ? [...layoutProblems(f.layout, { node, bearer: bearerIndex(f.bearer) }), ...decodedProblems(f, f.layout)] : ['shorter than the smallest header (24 bytes)'];
      if (found.length > 0) problems.push(`#${f.n} on bearer ${f.bearer}: ${found.join('; ')}`);
    }
    if (sends.size === 0) throw new ExpectationError(`frames of node ${node} on the wire`, 'none');
    if (problems.length > 0) {
      throw new ExpectationError(`every one of node ${node}'s ${sends.size} frames a TIPC message as msg.h lays it out`, `${problems.length} not:\n${problems.slice(0, 8).join('\n')}`);
    }
  },
);
