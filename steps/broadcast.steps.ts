/**
 * Observations of a node's broadcast link on the wire (bcast.c, the tipc_link_bc_* functions of
 * link.c): which packets it sent again, and how soon.
 */
import { Then } from '@cucumber/cucumber';
import { type ClusterAdapter, LINK_CONFIG, type NodeId, type WireFrame } from '../contract';
import { isBcPacket, wireFramesInOrder } from './support/bcast-frames';
import { ExpectationError } from './support/expect';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const SENDER = { name: 'from', meaning: 'the node whose broadcast link is judged (node number)' };

/** One send of a broadcast-link packet: its copies (one per node the bearer reaches) share it. */
interface BcSend {
  readonly seqno: number;
  readonly at: number;
  /** Whether the harness did anything but deliver to any copy of it (drop, delay, hold, duplicate). */
  readonly touched: boolean;
}

/** The node's broadcast-link sends (non_seq frames to the media broadcast address, not LINK_CONFIG), by seqno. */
function bcSends(c: ClusterAdapter, from: NodeId): Map<number, BcSend[]> {
  const frames: WireFrame[] = [...c.wireFrames(), ...c.framesOnTheWay()].filter((f) => isBcPacket(f, from));
  const sends = new Map<number, { seqno: number; at: number; touched: boolean }>();
  for (const f of frames) {
    const s = sends.get(f.send) ?? { seqno: f.seqno as number, at: f.at, touched: false };
    s.at = Math.min(s.at, f.at);
    if (f.fate !== 'deliver') s.touched = true;
    sends.set(f.send, s);
  }
  const bySeqno = new Map<number, BcSend[]>();
  for (const s of [...sends.values()].sort((a, b) => a.at - b.at)) bySeqno.set(s.seqno, [...(bySeqno.get(s.seqno) ?? []), s]);
  return bySeqno;
}

Then(
  'node {int} retransmitted by broadcast no packet but those the wire lost or delayed',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: of the packets of the node's broadcast link (non_seq, to the media broadcast address), only those of which the harness dropped, delayed, held back or duplicated a copy on the way to some node were sent more than once. A receiver asks in bc_gap for the packets after its last in-order one up to the first it holds in its deferred queue (link_bc_rcv_gap), keeping those that arrive ahead of a gap (tipc_link_rcv), and the sender retransmits only what is asked (tipc_link_advance_transmq), so nothing every node received is sent again. For a broadcast link whose numbering does not start over (some peer stays up) during the scenario. Fails listing the packets sent again, by sequence number.",
    params: [SENDER],
    needs: ['named-bcast'],
    example: 'node 1 retransmitted by broadcast no packet but those the wire lost or delayed',
  }),
  async function (this: ConformanceWorld, from: number) {
    const c = await this.cluster();
    const again = [...bcSends(c, from)].filter(([, s]) => s.length > 1 && !s.some((x) => x.touched));
    if (again.length) {
      throw new ExpectationError(
        `node ${from} to send by broadcast again only packets the wire lost or delayed`,
        `${again.length} other(s) sent again: ${again.slice(0, 10).map(([q, s]) => `seqno ${q} (${s.length} times)`).join(', ')}`,
      );
    }
  },
);

Then(
  'node {int} sent no broadcast packet again within {int} ms of its previous send',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: every packet of the node's broadcast link sent more than once was sent again no sooner than that many ms after its previous send (the first or a retransmission). The broadcast link retransmits a packet at most once per TIPC_BC_RETR_LIM (10 ms), counting from its last send (tipc_link_set_skb_retransmit_time, tipc_link_advance_transmq: TIPC_SKB_CB(skb)->nxt_retr), however many peers report it missing meanwhile. Exact timing: a scenario with this step needs virtual time. Fails with the packet and the two times.",
    params: [SENDER, { name: 'ms', meaning: 'the shortest time allowed between two sends of one packet' }],
    needs: ['named-bcast', 'virtual-time'],
    example: 'node 1 sent no broadcast packet again within 10 ms of its previous send',
  }),
  async function (this: ConformanceWorld, from: number, ms: number) {
    const c = await this.cluster();
    for (const [seqno, sends] of bcSends(c, from)) {
      for (let i = 1; i < sends.length; i++) {
        if (sends[i].at - sends[i - 1].at < ms) {
          throw new ExpectationError(
            `node ${from} to send broadcast packet ${seqno} again no sooner than ${ms} ms after its previous send`,
            `sent at ${sends[i - 1].at} ms and again at ${sends[i].at} ms`,
          );
        }
      }
    }
    const retransmitted = [...bcSends(c, from).values()].some((s) => s.length > 1);
    if (!retransmitted) throw new ExpectationError(`node ${from} to have retransmitted a broadcast packet`, 'none was sent twice');
  },
);

/** Whether the frame reached its receiver (a frame dropped, malformed or without a route never did). */
function arrived(f: WireFrame): boolean {
  return f.fate === 'deliver' || /^(delay|reorder|dup|released)\(/.test(f.fate);
}

Then(
  'node {int} never had more than {int} broadcast packets out that a peer had not acknowledged',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: when the node first sent each packet of its broadcast link, its sequence number was at most that many past the broadcast acknowledgement (bcast_ack, valid) of the last frame each peer had produced for it before and that reached it (a peer's first copy of a packet counts as the peer owing nothing before it, tipc_link_add_bc_peer). The broadcast link keeps every packet until each peer has acknowledged it and sends at most BCLINK_WIN_DEFAULT (50) beyond the oldest one still owed (tipc_link_xmit: skb_queue_len(transmq) < cwin; tipc_link_advance_backlog; the bcl's window never grows), the rest waiting in the backlog. Frames are taken in the order they were produced, so an ack still on its way counts already: the check errs on the lenient side. For peers up before the node's first broadcast, none lost, and a broadcast link whose numbering does not start over. Fails with the packet, the peer and its acknowledgement.",
    params: [SENDER, { name: 'window', meaning: 'the most packets allowed out beyond a peer\'s acknowledgement' }],
    needs: ['named-bcast'],
    example: 'node 1 never had more than 50 broadcast packets out that a peer had not acknowledged',
  }),
  async function (this: ConformanceWorld, from: number, window: number) {
    const c = await this.cluster();
    const frames = wireFramesInOrder(c);
    const isBcPacket = (f: WireFrame): boolean =>
      f.from === from && f.broadcast && f.user !== LINK_CONFIG && f.seqno !== undefined && f.ack === undefined;
    // the nodes each send's copies reach: a peer's first copy tells it joined before that packet
    const reached = new Map<number, NodeId[]>();
    for (const f of frames) if (isBcPacket(f)) reached.set(f.send, [...(reached.get(f.send) ?? []), f.to]);
    const acked = new Map<NodeId, number>();
    const seen = new Set<number>();
    for (const f of frames) {
      if (f.to === from && f.from !== from && f.bcast_ack !== undefined && arrived(f)) {
        acked.set(f.from, f.bcast_ack);
        continue;
      }
      if (!isBcPacket(f) || seen.has(f.seqno as number)) continue;
      const seqno = f.seqno as number;
      seen.add(seqno);
      // tipc_link_add_bc_peer: a peer owes nothing sent before it joined (r->acked = snd_nxt - 1)
      for (const peer of reached.get(f.send) ?? []) if (!acked.has(peer)) acked.set(peer, (seqno - 1) & 0xffff);
      for (const [peer, ack] of acked) {
        const out = (seqno - ack) & 0xffff;
        if (out > window && out < 0x8000) {
          throw new ExpectationError(
            `node ${from} to send broadcast packet ${seqno} only once node ${peer} had acknowledged ${(seqno - window) & 0xffff}`,
            `node ${peer}'s last acknowledgement before it (bcast_ack) was ${ack}: ${out} packets out`,
          );
        }
      }
    }
    if (seen.size <= window) throw new ExpectationError(`node ${from} to have sent more than ${window} broadcast packets`, `it sent ${seen.size}`);
  },
);

Then(
  'node {int} retransmitted by broadcast no packet after every peer had received it',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: no packet of the node's broadcast link was sent again (its copies not held up by the harness arriving at T) when every node its first send reached had received a copy more than 10 ms (TIPC_BC_RETR_LIM) plus the reaction latency the implementation declares before T. A receiver keeps a packet that arrives ahead of a gap in its deferred queue, in sequence order whatever order they come in (tipc_link_rcv, __tipc_skb_queue_sorted), and asks in bc_gap only for what is missing from rcv_nxt to the head of that queue (link_bc_rcv_gap), so a packet that came late but came is not asked for again; one asked for while it was still on its way may be sent again within that margin. For a broadcast link whose numbering does not start over during the scenario. Fails with the packet and the times.",
    params: [SENDER],
    needs: ['named-bcast'],
    example: 'node 1 retransmitted by broadcast no packet after every peer had received it',
  }),
  async function (this: ConformanceWorld, from: number) {
    const c = await this.cluster();
    const margin = 10 + c.latency.reactionMs;
    const frames = c.wireFrames().filter((f) => f.from === from && f.broadcast && f.user !== LINK_CONFIG && f.seqno !== undefined && f.ack === undefined);
    const bySeqno = new Map<number, WireFrame[]>();
    for (const f of frames) bySeqno.set(f.seqno as number, [...(bySeqno.get(f.seqno as number) ?? []), f]);
    for (const [seqno, copies] of bySeqno) {
      const first = Math.min(...copies.map((f) => f.n));
      const firstSend = copies.find((f) => f.n === first)?.send;
      const peers = new Set(copies.filter((f) => f.send === firstSend).map((f) => f.to));
      const sends = [...new Set(copies.map((f) => f.send))].filter((s) => s !== firstSend);
      for (const s of sends) {
        const onTime = copies.filter((f) => f.send === s && (f.fate === 'deliver' || f.fate.startsWith('dup(')));
        if (onTime.length === 0) continue;
        const at = Math.min(...onTime.map((f) => f.at));
        const had = (p: NodeId): number | undefined => {
          const got = copies.filter((f) => f.to === p && f.send !== s && arrived(f) && f.at < at).map((f) => f.at);
          return got.length ? Math.min(...got) : undefined;
        };
        const times = [...peers].map((p) => [p, had(p)] as const);
        if (times.every(([, t]) => t !== undefined && t + margin < at)) {
          throw new ExpectationError(
            `node ${from} to send broadcast packet ${seqno} again only while some peer lacked it`,
            `sent again, arriving at ${at} ms, after ${times.map(([p, t]) => `node ${p} had it at ${t} ms`).join(', ')}`,
          );
        }
      }
    }
  },
);
