/**
 * Binding table distribution steps (cad2929dc432): how updates travel (broadcast or a unicast copy
 * per peer), the wire faults that stage the races between the two paths, what an update cost, and
 * whether the nodes' name tables agree.
 */
import { Then, When } from '@cucumber/cucumber';
import { type Binding, type ClusterAdapter, NAME_DISTRIBUTOR, type NodeId } from '../contract';
import { latestBulk } from './support/bulks';
import { ExpectationError } from './support/expect';
import { DELIVERY_PATH } from './support/parameter-types';
import { checkUpdateAmongBulk } from './support/staging';
import { lastUpdateText, updateArrival, updateFrames } from './support/updates';
import type { DeliveryPath } from './support/values';
import { less } from './support/serial';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** The name of the rule on the binding table messages from one node to another by one path. */
function pathRule(from: NodeId, to: NodeId, path: DeliveryPath): string {
  return `binding table ${from}>${to} by ${path}`;
}

When(
  "node {int}'s binding table messages to node {int} by {path} are delayed by {int} ms",
  catalogue({
    group: 'disturbance',
    means:
      'Every NAME_DISTRIBUTOR message (bulk or PUBLICATION/WITHDRAWAL update) the first node sends the second by that path is delivered that much later than sent; messages by the other path are not touched. The delay is longer by the observation latency the implementation declares, since the steps after it wait to see states.',
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'path', meaning: 'broadcast (copies of a send on the broadcast link) or unicast (a frame to that node alone: bulk, replicast)', type: DELIVERY_PATH },
      { name: 'delay', meaning: 'added delay, ms' },
    ],
    needs: [],
    example: "node 1's binding table messages to node 2 by unicast are delayed by 200 ms",
  }),
  async function (this: ConformanceWorld, from: number, to: number, path: DeliveryPath, ms: number) {
    const c = await this.cluster();
    c.addRule({
      name: pathRule(from, to, path),
      match: { from, to, user: NAME_DISTRIBUTOR, broadcast: path === 'broadcast' },
      action: { kind: 'delay', ms: ms + c.latency.observationMs },
    });
  },
);

When(
  "node {int}'s next binding table message to node {int} by {path} is delayed by {int} ms",
  catalogue({
    group: 'disturbance',
    means:
      'Only the next NAME_DISTRIBUTOR message the first node sends the second by that path is delivered that much later than sent (a one-shot rule). The delay is longer by the observation latency the implementation declares.',
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'path', meaning: 'broadcast (copies of a send on the broadcast link) or unicast (a frame to that node alone: bulk, replicast)', type: DELIVERY_PATH },
      { name: 'delay', meaning: 'added delay, ms' },
    ],
    needs: [],
    example: "node 1's next binding table message to node 2 by broadcast is delayed by 50 ms",
  }),
  async function (this: ConformanceWorld, from: number, to: number, path: DeliveryPath, ms: number) {
    const c = await this.cluster();
    c.addRule({
      name: pathRule(from, to, path),
      match: { from, to, user: NAME_DISTRIBUTOR, broadcast: path === 'broadcast' },
      action: { kind: 'delay', ms: ms + c.latency.observationMs },
      count: 1,
    });
  },
);

When(
  "node {int}'s binding table messages to node {int} by {path} are held back",
  catalogue({
    group: 'disturbance',
    means:
      'Every NAME_DISTRIBUTOR message the first node sends the second by that path is held back by the harness, not delivered, until the step that lets the held messages arrive.',
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'path', meaning: 'broadcast (copies of a send on the broadcast link) or unicast (a frame to that node alone: bulk, replicast)', type: DELIVERY_PATH },
    ],
    needs: [],
    example: "node 1's binding table messages to node 2 by broadcast are held back",
  }),
  async function (this: ConformanceWorld, from: number, to: number, path: DeliveryPath) {
    const c = await this.cluster();
    c.addRule({ name: pathRule(from, to, path), match: { from, to, user: NAME_DISTRIBUTOR, broadcast: path === 'broadcast' }, action: { kind: 'hold' } });
  },
);

When(
  "node {int}'s held binding table messages to node {int} by {path} arrive",
  catalogue({
    group: 'disturbance',
    means:
      'Lifts the hold on the NAME_DISTRIBUTOR messages from the first node to the second by that path and delivers, in this instant, those it held back; fails if none were held.',
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'path', meaning: 'broadcast (copies of a send on the broadcast link) or unicast (a frame to that node alone: bulk, replicast)', type: DELIVERY_PATH },
    ],
    needs: [],
    example: "node 1's held binding table messages to node 2 by unicast arrive",
  }),
  async function (this: ConformanceWorld, from: number, to: number, path: DeliveryPath) {
    const c = await this.cluster();
    const rule = pathRule(from, to, path);
    c.removeRule(rule);
    if (c.releaseHeld(rule) === 0) throw new ExpectationError(`binding table messages from node ${from} to node ${to} by ${path} held back`, 'none were sent');
    await c.advance(0);
  },
);

/**
 * The cost claim of cad2929dc432: one send on the broadcast link reaches every peer, where
 * replicast sends one unicast copy per peer. A broadcast send is counted once however many nodes
 * its copies reach.
 */
Then(
  'node {int} sent that update as {int} broadcast send(s) and {int} unicast send(s)',
  catalogue({
    group: 'observation',
    means:
      "Counts on the wire the sends of the node's last binding table update (the NAME_DISTRIBUTOR PUBLICATION or WITHDRAWAL of its last bind or unbind step, no bulk): a send on the broadcast link counts once however many peers its copies reach, each unicast (replicast) copy once. Fails unless both counts are as given.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'broadcasts', meaning: 'number of broadcast-link sends' },
      { name: 'unicasts', meaning: 'number of unicast sends, one per peer reached by replicast' },
    ],
    needs: ['named-bcast'],
    example: 'node 1 sent that update as 0 broadcast sends and 2 unicast sends',
  }),
  async function (this: ConformanceWorld, node: number, bcasts: number, ucasts: number) {
    const c = await this.cluster();
    const frames = updateFrames(c, this, node);
    const sends = (broadcast: boolean): number => new Set(frames.filter((f) => f.broadcast === broadcast).map((f) => f.send)).size;
    const seenB = sends(true);
    const seenU = sends(false);
    if (seenB !== bcasts || seenU !== ucasts) {
      throw new ExpectationError(
        `node ${node}'s ${lastUpdateText(this)} to go out as ${bcasts} broadcast and ${ucasts} unicast sends`,
        `${seenB} broadcast and ${seenU} unicast sends (${frames.length} frames on the wire)`,
      );
    }
  },
);

/** Checks that a scenario staged its race: the update really overtook the bulk on the wire. */
Then(
  "node {int}'s update reached node {int} by {path} ahead of the last message of its bulk",
  catalogue({
    group: 'observation',
    means:
      "Checks that the race was staged: lets up to 5000 ms pass for the last message (is_last_bulk) of the first node's NAME_DISTRIBUTOR bulk to reach the second node, then fails unless the first delivered copy of the first node's last update reached the second node by that path before it. Its bulk is the bulk of the two nodes' most recent contact: the last the first node sent the second, even one still delayed or held back when the step begins (after a reconnect, the new bulk, not the first contact's).",
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'path', meaning: 'broadcast (copies of a send on the broadcast link) or unicast (a frame to that node alone: bulk, replicast)', type: DELIVERY_PATH },
    ],
    needs: ['named-bcast'],
    example: "node 1's update reached node 2 by broadcast ahead of the last message of its bulk",
  }),
  async function (this: ConformanceWorld, from: number, to: number, path: DeliveryPath) {
    await checkUpdateAmongBulk(this, from, to, path, undefined, 'last');
  },
);

/** Checks the staging of the stale-message scenario: the update arrived after a bulk that already covered it. */
Then(
  "node {int}'s update reached node {int} after its bulk, numbered below the bulk's synch point",
  catalogue({
    group: 'observation',
    means:
      "Checks that the stale-update race was staged: lets up to 5000 ms pass for the first node's last update to reach the second, then fails unless it arrived after the last message of the bulk (is_last_bulk) with a named_seqno below that message's (16-bit serial arithmetic): an update the bulk already covered. Its bulk is the bulk of the two nodes' most recent contact, the last the first node sent the second.",
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
    ],
    needs: ['named-bcast'],
    example: "node 1's update reached node 2 after its bulk, numbered below the bulk's synch point",
  }),
  async function (this: ConformanceWorld, from: number, to: number) {
    const c = await this.cluster();
    await this.runUntil(() => updateArrival(c, this, from, to) !== undefined, 5000);
    const upd = updateArrival(c, this, from, to)?.frame;
    const latest = latestBulk(c, from, to);
    const lastMessage = latest?.complete ? latest.messages[latest.messages.length - 1] : undefined;
    const bulk = lastMessage?.arrival === undefined ? undefined : c.wireFrames()[lastMessage.arrival];
    if (!upd?.named || !bulk?.named || upd.at <= bulk.at || !less(upd.named.named_seqno, bulk.named.named_seqno)) {
      throw new ExpectationError(
        `node ${from}'s ${lastUpdateText(this)} to reach node ${to} after its last bulk message, with a named_seqno below the bulk's`,
        `update ${upd ? `#${upd.n} at ${upd.at} ms named_seqno ${upd.named?.named_seqno}` : 'never'}, last bulk ${bulk ? `#${bulk.n} at ${bulk.at} ms named_seqno ${bulk.named?.named_seqno}` : 'never'}`,
      );
    }
  },
);

/** A binding's identity: type, range, owner node and port (not the key; see sameBinding in naming.steps.ts). */
function key(b: Binding): string {
  return `{${b.type}, ${b.lower}, ${b.upper}} of node ${b.node} port ${b.port}`;
}

/** Every live node's cluster-scope table against the union of the live nodes' own cluster-scope bindings. */
async function disagreements(c: ClusterAdapter, live: readonly NodeId[]): Promise<string[]> {
  const union = new Set<string>();
  for (const n of live) for (const b of await c.nameTable(n)) if (b.node === n && b.scope === 'cluster') union.add(key(b));
  const out: string[] = [];
  for (const n of live) {
    const have = new Set((await c.nameTable(n)).filter((b) => b.scope === 'cluster').map(key));
    const missing = [...union].filter((k) => !have.has(k));
    const extra = [...have].filter((k) => !union.has(k));
    if (missing.length) out.push(`node ${n} lacks ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ` (+${missing.length - 4} more)` : ''}`);
    if (extra.length) out.push(`node ${n} still holds ${extra.slice(0, 4).join(', ')}${extra.length > 4 ? ` (+${extra.length - 4} more)` : ''}`);
  }
  return out;
}

/**
 * Convergence after a race: every live node's name table holds exactly the cluster-scope bindings
 * the live nodes hold of their own, no more (a stale binding) and no less (a lost one).
 */
Then(
  'the name tables of all live nodes agree within {int} ms',
  catalogue({
    group: 'observation',
    means:
      "Lets time run, looking every 25 ms, until the cluster-scope bindings in every live node's name table (binding table) are exactly those the live nodes hold of their own, compared by type, range, owner node and port. Fails listing the bindings a node lacks (lost) and those it still holds (stale). Like every name-table check it lets the tables settle, here for the limit given: tables that agree at once pass with no time passing.",
    params: [
      { name: 'limit', meaning: 'time allowed, ms' },
    ],
    needs: ['naming'],
    example: 'the name tables of all live nodes agree within 1000 ms',
  }),
  async function (this: ConformanceWorld, ms: number) {
    const c = await this.cluster();
    const live = this.liveNodes();
    const ok = await this.poll(async () => (await disagreements(c, live)).length === 0, ms);
    if (!ok) {
      const own = new Set<string>();
      for (const n of live) for (const b of await c.nameTable(n)) if (b.node === n && b.scope === 'cluster') own.add(key(b));
      throw new ExpectationError(
        `the name tables of nodes ${live.join(', ')} to hold exactly their ${own.size} cluster-scope bindings within ${ms} ms`,
        (await disagreements(c, live)).join('; '),
      );
    }
  },
);

async function seesUp(c: ClusterAdapter, a: NodeId, b: NodeId): Promise<boolean> {
  return (await c.nodeState(a, b)) === 'SELF_UP_PEER_UP';
}

When(
  'nodes {int} and {int} see each other up within {int} ms',
  catalogue({
    group: 'action',
    means:
      "Lets time run, looking every 25 ms, until each node's peer node FSM for the other is SELF_UP_PEER_UP (a link between them is up and the node is reachable); fails with both node states if not within the limit.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'node', meaning: 'the other node number' },
      { name: 'limit', meaning: 'time allowed, ms' },
    ],
    needs: ['link'],
    example: 'nodes 1 and 2 see each other up within 5000 ms',
  }),
  async function (this: ConformanceWorld, a: number, b: number, ms: number) {
    const c = await this.cluster();
    const ok = await this.poll(async () => (await seesUp(c, a, b)) && (await seesUp(c, b, a)), ms);
    if (!ok) {
      throw new ExpectationError(
        `nodes ${a} and ${b} to see each other up within ${ms} ms`,
        `node ${a} sees node ${b} ${await c.nodeState(a, b)}, node ${b} sees node ${a} ${await c.nodeState(b, a)}`,
      );
    }
  },
);

When(
  'every live node sees every other up within {int} ms',
  catalogue({
    group: 'action',
    means:
      'Lets time run, looking every 25 ms, until every live node (one with an interface up) has its peer node FSM for every other live node in SELF_UP_PEER_UP; fails naming the pairs that are not.',
    params: [
      { name: 'limit', meaning: 'time allowed, ms' },
    ],
    needs: ['link'],
    example: 'every live node sees every other up within 5000 ms',
  }),
  async function (this: ConformanceWorld, ms: number) {
    const c = await this.cluster();
    const live = this.liveNodes();
    /** Up to `max` of the pairs not up, as "a sees b STATE". */
    const notUp = async (max: number): Promise<string[]> => {
      const out: string[] = [];
      for (const a of live) {
        for (const b of live) {
          if (a === b || (await seesUp(c, a, b))) continue;
          out.push(`${a} sees ${b} ${await c.nodeState(a, b)}`);
          if (out.length >= max) return out;
        }
      }
      return out;
    };
    // looked at every 25 ms: stops at the first pair not up (16,256 pairs at 128 nodes), names them all only on failure
    const ok = await this.poll(async () => (await notUp(1)).length === 0, ms);
    if (!ok) {
      const bad = await notUp(Infinity);
      throw new ExpectationError(`each of nodes ${live.join(', ')} to see the others up within ${ms} ms`, `${bad.length} pairs not up: ${bad.slice(0, 6).join('; ')}`);
    }
  },
);
