/**
 * The wire codec (reference/msg.ts) against real kernel traffic: every frame of every pcap in
 * test/vectors/captures must decode, re-encode byte for byte, agree with the relay's decoding in
 * frames.log, and be rebuilt from its decoded field values by the kernel's construction steps
 * (msgInit + setters) into the identical bytes. Plus rejects, fuzzing and bit-position tests.
 *
 * The captures are the copy in test/vectors (or $TIPC_SHARED_DIR, see test/support/vectors.ts).
 */
import { describe as suite, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as Msg from '../reference/msg';
import * as Fields from '../harness/msg-fields';
import * as C from '../reference/msg-codec';
import * as B from '../reference/msg-bodies';
import * as D from '../harness/msg-describe';
import type { TipcMsg } from '../reference/msg';

/** msg.h whole: what the reference uses (reference/msg.ts) and the rest (harness/msg-fields.ts). */
const M = { ...Msg, ...Fields };
import { ethTipcPayload, readPcap, type PcapRecord } from './support/pcap';
import { parseFramesLog, parseItemList, tokenize, type FrameLine, type LoggedMsg } from './support/frames-log';
import { VECTORS_DIR } from './support/vectors';

const SHARED = VECTORS_DIR;
const CAPTURES = path.join(SHARED, 'captures');

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, uniform u32. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** Where two byte strings first differ, for failure messages. */
function firstDiff(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return `byte ${i} (word ${i >> 2}): got 0x${a[i].toString(16)}, want 0x${b[i].toString(16)}`;
  }
  return a.length === b.length ? 'identical' : `length ${a.length}, want ${b.length}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function assertNoErrors(errors: string[], what: string): void {
  assert.equal(errors.length, 0, `${errors.length} ${what}:\n${errors.slice(0, 20).join('\n')}`);
}

const b01 = (v: boolean): string => (v ? '1' : '0');

// ---------------------------------------------------------------------------------------------
// (c) frames.log fields -> accessors
// ---------------------------------------------------------------------------------------------

/** How to read each frames.log key from a decoded message, as the log prints it. */
const FIELD_READERS: Readonly<Record<string, (m: TipcMsg) => string>> = {
  hsz: (m) => String(M.msgHdrSz(m)),
  msz: (m) => String(M.msgSize(m)),
  seq: (m) => String(M.msgSeqno(m)),
  ack: (m) => String(M.msgAck(m)),
  prev: (m) => M.addrString(M.msgPrevnode(m)),
  orig: (m) => M.addrString(M.msgOrignode(m)),
  dest: (m) => M.addrString(M.msgDestnode(m)),
  session: (m) => String(M.msgSession(m)),
  bearer_id: (m) => String(M.msgBearerId(m)),
  'bearer_id(tunnelled link)': (m) => String(M.msgBearerId(m)),
  next_sent: (m) => String(M.msgNextSent(m)),
  last_bcast: (m) => String(M.msgLastBcast(m)),
  bcast_ack: (m) => String(M.msgBcastAck(m)),
  'peer_node_up(redundant)': (m) => b01(M.msgRedundantLink(m)),
  gap: (m) => String(M.msgSeqGap(m)),
  tol: (m) => String(M.msgLinkTolerance(m)),
  dest_session: (m) => (M.msgDestSessionValid(m) ? String(M.msgDestSession(m)) : '(dest_session_valid clear)'),
  max_pkt: (m) => String(M.msgMaxPkt(m)),
  if: (m) => B.decodeIfName(m.data),
  plane: (m) => D.netPlaneName(M.msgNetPlane(m)),
  named_seqno: (m) => String(M.msgNamedSeqno(m)),
  is_bulk: (m) => b01(M.msgIsBulk(m)),
  is_last_bulk: (m) => b01(M.msgIsLastBulk(m)),
  not_legacy: (m) => b01(M.msgNotLegacy(m)),
  items: (m) => String(B.decodeItems(m.data).length),
  msgcnt: (m) => String(M.msgMsgcnt(m)),
  syncpt: (m) => String(M.msgSyncpt(m)),
  caps: (m) => `0x${M.msgNodeCapabilities(m).toString(16)}`,
  sig: (m) => `0x${M.msgNodeSig(m).toString(16)}`,
  netid: (m) => String(M.msgBcNetid(m)),
  mac: (m) => Fields.mediaInfoString(M.msgMediaAddr(m)).replace(/^mac=/, ''),
  err: (m) => String(M.msgErrcode(m)),
  oport: (m) => String(M.msgOrigport(m)),
  dport: (m) => String(M.msgDestport(m)),
};

/** Bare flags of frames.log. */
const FLAG_READERS: Readonly<Record<string, (m: TipcMsg) => boolean>> = {
  non_seq: M.msgNonSeq,
  bc_ack_invalid: M.msgBcAckInvalid,
  PROBE: M.msgProbe,
  keepalive: M.msgIsKeepalive,
};

/** Flags the relay prints whenever they are set, per user (so absence means clear). */
function flagsPrintedFor(user: number): string[] {
  if (user === M.User.LINK_PROTOCOL) return ['non_seq', 'bc_ack_invalid', 'PROBE', 'keepalive'];
  return ['non_seq'];
}

/** Every disagreement between a decoded message and its frames.log entry. */
function compareWithLog(m: TipcMsg, logged: LoggedMsg, where: string): string[] {
  const errs: string[] = [];
  const u = M.msgUser(m);
  const kind = `${D.userName(u)}/${D.typeName(u, M.msgType(m))}`;
  if (kind !== logged.kind) errs.push(`${where}: kind ${kind}, log says ${logged.kind}`);
  for (const [key, want] of Object.entries(logged.fields)) {
    if (key === 'len' || logged.flags.includes(key)) continue;
    const read = FIELD_READERS[key];
    if (!read) {
      errs.push(`${where}: frames.log field '${key}' is not checked by this test`);
      continue;
    }
    const got = read(m);
    if (got !== want) errs.push(`${where}: ${key}=${got}, log says ${want}`);
  }
  for (const f of logged.flags) {
    const read = FLAG_READERS[f];
    if (!read) errs.push(`${where}: frames.log flag '${f}' is not checked by this test`);
    else if (!read(m)) errs.push(`${where}: flag ${f} is clear, log shows it`);
  }
  for (const f of flagsPrintedFor(u)) {
    if (!logged.flags.includes(f) && FLAG_READERS[f](m)) errs.push(`${where}: flag ${f} is set, log does not show it`);
  }
  if (logged.list !== undefined) {
    const items = B.decodeItems(m.data).map((it) => [it.type, it.lower, it.upper]);
    const shown = parseItemList(logged.list);
    const cut = shown.indexOf('...');
    const head = (cut < 0 ? shown : shown.slice(0, cut)) as number[][];
    const tail = (cut < 0 ? [] : shown.slice(cut + 1)) as number[][];
    const gotHead = items.slice(0, head.length);
    const gotTail = tail.length ? items.slice(items.length - tail.length) : [];
    if (JSON.stringify(gotHead) !== JSON.stringify(head) || JSON.stringify(gotTail) !== JSON.stringify(tail)) {
      errs.push(`${where}: items ${JSON.stringify(items.slice(0, 5))}..., log shows [${logged.list}]`);
    }
    if (cut < 0 && items.length !== head.length) errs.push(`${where}: ${items.length} items, log lists ${head.length}`);
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// (d) rebuild a message from its decoded field values, the way the kernel builds it
// ---------------------------------------------------------------------------------------------

/** Link sequence fields that tipc_link_xmit() stamps on every packet it sends. */
function stampLinkFields(r: TipcMsg, m: TipcMsg): void {
  M.msgSetSeqno(r, M.msgSeqno(m));
  M.msgSetAck(r, M.msgAck(m));
}

/** tipc_link_build_proto_msg(). */
function rebuildLinkProto(m: TipcMsg): TipcMsg {
  const type = M.msgType(m);
  const r = M.msgCreate(M.User.LINK_PROTOCOL, type, M.INT_H_SIZE, 0, M.msgDestnode(m), M.msgPrevnode(m), 0, 0, 0);
  M.msgSetSession(r, M.msgSession(m));
  M.msgSetBearerId(r, M.msgBearerId(m));
  M.msgSetNetPlane(r, M.msgNetPlane(m));
  M.msgSetNextSent(r, M.msgNextSent(m));
  M.msgSetAck(r, M.msgAck(m));
  M.msgSetBcastAck(r, M.msgBcastAck(m));
  M.msgSetBcAckInvalid(r, M.msgBcAckInvalid(m));
  M.msgSetLastBcast(r, M.msgLastBcast(m));
  M.msgSetLinkTolerance(r, M.msgLinkTolerance(m));
  M.msgSetLinkprio(r, M.msgLinkprio(m));
  M.msgSetRedundantLink(r, M.msgRedundantLink(m));
  M.msgSetSeqGap(r, M.msgSeqGap(m));
  M.msgSetSeqno(r, M.msgSeqno(m));
  if (type === M.LinkProtoType.STATE_MSG) {
    M.msgSetBcGap(r, M.msgBcGap(m));
    M.msgSetProbe(r, M.msgProbe(m));
    M.msgSetIsKeepalive(r, M.msgIsKeepalive(m));
    const ga = Fields.decodeGapAckBlks(m.data);
    assert.ok(ga, 'STATE body does not start with a gap ACK record');
    assert.equal(ga.size, m.data.length, 'STATE body holds more than the gap ACK record (a monitor record?)');
    M.msgSetData(r, Fields.encodeGapAckBlks(ga.blks));
  } else {
    if (type === M.LinkProtoType.ACTIVATE_MSG) {
      M.msgSetDestSessionValid(r, M.msgDestSessionValid(m));
      M.msgSetDestSession(r, M.msgDestSession(m));
    }
    M.msgSetMaxPkt(r, M.msgMaxPkt(m));
    M.msgSetData(r, B.encodeIfName(B.decodeIfName(m.data)));
  }
  M.msgSetPeerStopping(r, M.msgPeerStopping(m));
  return r;
}

/** named_prepare_buf() + the bulk / sequence bits of tipc_named_node_up() and tipc_named_publish(). */
function rebuildNameDistr(m: TipcMsg): TipcMsg {
  const r = M.msgInit(M.msgPrevnode(m), M.User.NAME_DISTRIBUTOR, M.msgType(m), M.INT_H_SIZE, M.msgDestnode(m));
  M.msgSetData(r, B.encodeItems(B.decodeItems(m.data)));
  M.msgSetBulk(r, M.msgIsBulk(m));
  M.msgSetLastBulk(r, M.msgIsLastBulk(m));
  M.msgSetNotLegacy(r, M.msgNotLegacy(m));
  M.msgSetNamedSeqno(r, M.msgNamedSeqno(m));
  M.msgSetBcAckInvalid(r, M.msgBcAckInvalid(m));
  M.msgSetBcastAck(r, M.msgBcastAck(m));
  stampLinkFields(r, m);
  return r;
}

/** tipc_link_build_bc_proto_msg() (the broadcast init message), then link sequence fields. */
function rebuildBcastProto(m: TipcMsg): TipcMsg {
  const r = M.msgCreate(M.User.BCAST_PROTOCOL, M.msgType(m), M.INT_H_SIZE, 0, M.msgDestnode(m), M.msgOrignode(m), 0, 0, 0);
  M.msgSetPrevnode(r, M.msgPrevnode(m));
  M.msgSetLastBcast(r, M.msgLastBcast(m));
  M.msgSetBcastAck(r, M.msgBcastAck(m));
  M.msgSetNonSeq(r, M.msgNonSeq(m));
  M.msgSetBcAckInvalid(r, M.msgBcAckInvalid(m));
  stampLinkFields(r, m); // overwrites bcgap_after/bcgap_to, which share the ack/seqno bits
  return r;
}

/** tipc_link_tnl_prepare() / tipc_link_create_dummy_tnl_msg(): tunnel header around a rebuilt inner message. */
function rebuildTunnel(m: TipcMsg): TipcMsg {
  const type = M.msgType(m);
  const r = M.msgInit(M.msgPrevnode(m), M.User.TUNNEL_PROTOCOL, type, M.INT_H_SIZE, M.msgDestnode(m));
  if (type === M.TunnelType.SYNCH_MSG) M.msgSetSyncpt(r, M.msgSyncpt(m));
  else M.msgSetMsgcnt(r, M.msgMsgcnt(m));
  M.msgSetBearerId(r, M.msgBearerId(m));
  M.msgSetBcastAck(r, M.msgBcastAck(m));
  stampLinkFields(r, m);
  assert.equal(M.msgNofFragms(m), 0, 'tunnel fragments are not rebuilt');
  if (m.data.length > 0) {
    const inner = C.msgInner(m);
    assert.ok(inner.ok, 'tunnel body does not decode');
    C.msgSetInner(r, rebuild(inner.msg));
  }
  return r;
}

/** tipc_msg_create() of a data message (the kernel's filler DIRECT message), body as is. */
function rebuildData(m: TipcMsg): TipcMsg {
  const r = M.msgCreate(
    M.msgUser(m),
    M.msgType(m),
    M.msgHdrSz(m),
    0,
    M.msgDestnode(m),
    M.msgOrignode(m),
    M.msgDestport(m),
    M.msgOrigport(m),
    M.msgErrcode(m),
  );
  M.msgSetPrevnode(r, M.msgPrevnode(m));
  M.msgSetData(r, m.data);
  M.msgSetBcastAck(r, M.msgBcastAck(m));
  stampLinkFields(r, m);
  return r;
}

/** tipc_disc_init_msg() + tipc_disc_msg_xmit() (discovery). */
function rebuildDiscovery(m: TipcMsg): TipcMsg {
  const r = M.msgInit(M.msgPrevnode(m), M.User.LINK_CONFIG, M.msgType(m), M.MAX_H_SIZE, M.msgDestDomain(m));
  B.msgSetNodeId(r, B.msgNodeId(m));
  M.msgSetNonSeq(r, M.msgNonSeq(m));
  M.msgSetNodeSig(r, M.msgNodeSig(m));
  M.msgSetDestDomain(r, M.msgDestDomain(m));
  M.msgSetBcNetid(r, M.msgBcNetid(m));
  M.msgSetNodeCapabilities(r, M.msgNodeCapabilities(m));
  M.msgSetMediaAddr(r, M.msgMediaAddr(m));
  M.msgSetPeerNetHash(r, M.msgPeerNetHash(m));
  M.msgSetSuggNodeAddr(r, M.msgSuggNodeAddr(m));
  return r;
}

function rebuild(m: TipcMsg): TipcMsg {
  switch (M.msgUser(m)) {
    case M.User.LINK_PROTOCOL:
      return rebuildLinkProto(m);
    case M.User.NAME_DISTRIBUTOR:
      return rebuildNameDistr(m);
    case M.User.BCAST_PROTOCOL:
      return rebuildBcastProto(m);
    case M.User.TUNNEL_PROTOCOL:
      return rebuildTunnel(m);
    case M.User.LINK_CONFIG:
      return rebuildDiscovery(m);
    default:
      assert.ok(M.msgIsData(m), `no builder for ${D.describe(m)}`);
      return rebuildData(m);
  }
}

// ---------------------------------------------------------------------------------------------
// The captures
// ---------------------------------------------------------------------------------------------

interface Frame {
  /** "link-setup/delivered-frames.pcap #12 (log #37)" */
  where: string;
  record: PcapRecord;
  line?: FrameLine;
}

interface Capture {
  name: string;
  frames: Frame[];
  /** Problems pairing pcap records with frames.log lines. */
  pairing: string[];
}

function loadCaptures(): Capture[] {
  const out: Capture[] = [];
  for (const dir of fs.readdirSync(CAPTURES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const base = path.join(CAPTURES, dir.name);
    const logPath = path.join(base, 'frames.log');
    const lines = fs.existsSync(logPath) ? parseFramesLog(fs.readFileSync(logPath, 'utf8')) : [];
    for (const file of fs.readdirSync(base).filter((f) => f.endsWith('.pcap')).sort()) {
      const name = `${dir.name}/${file}`;
      const pcap = readPcap(path.join(base, file));
      const pairing: string[] = [];
      if (pcap.linktype !== 1) pairing.push(`${name}: linktype ${pcap.linktype}, expected 1 (Ethernet)`);
      // all-frames: record i is "#(i+1)"; delivered-frames: the PASS lines in order.
      let paired: Array<FrameLine | undefined> = [];
      if (file.startsWith('all')) {
        const byN = new Map(lines.map((l) => [l.n, l]));
        paired = pcap.records.map((_, i) => byN.get(i + 1));
        if (lines.length !== pcap.records.length) pairing.push(`${name}: ${pcap.records.length} frames, frames.log has ${lines.length} lines`);
      } else if (file.startsWith('delivered')) {
        const pass = lines.filter((l) => l.fate === 'PASS');
        paired = pcap.records.map((_, i) => pass[i]);
        if (pass.length !== pcap.records.length) pairing.push(`${name}: ${pcap.records.length} frames, frames.log has ${pass.length} PASS lines`);
      }
      const frames = pcap.records.map((record, i) => {
        const line = paired[i];
        return { where: `${name} frame ${i + 1}${line ? ` (log #${line.n})` : ''}`, record, line };
      });
      out.push({ name, frames, pairing });
    }
  }
  return out;
}

if (!fs.existsSync(CAPTURES)) {
  test('captures are present', () => {
    assert.fail(
      `TIPC captures not found at ${CAPTURES}. The tests read shared/captures (real kernel traffic); ` +
        'set TIPC_SHARED_DIR to the directory that holds captures/.',
    );
  });
} else {
  const captures = loadCaptures();

  test('captures are present', () => {
    assert.ok(captures.length > 0, `no *.pcap under ${CAPTURES}`);
  });

  /** Counts of frames rebuilt per kind, over all captures, to prove (d) covered what it must. */
  const rebuiltKinds = new Map<string, number>();

  for (const cap of captures) {
    suite(cap.name, () => {
      const tipc = (f: Frame): Uint8Array => {
        const p = ethTipcPayload(f.record.bytes);
        assert.ok(p, `${f.where}: not an Ethernet II TIPC (0x88ca) frame`);
        return p;
      };

      test('pcap pairs with frames.log', () => {
        assertNoErrors(cap.pairing, 'pairing problems');
        const unpaired = cap.frames.filter((f) => !f.line).map((f) => f.where);
        assertNoErrors(unpaired, 'frames without a frames.log line');
      });

      test('(a) every frame decodes', () => {
        const errs: string[] = [];
        for (const f of cap.frames) {
          const r = C.decode(tipc(f));
          if (!r.ok) errs.push(`${f.where}: ${r.error.code} ${r.error.message}`);
        }
        assertNoErrors(errs, 'frames fail to decode');
      });

      test('(b) encode(decode(x)) is byte-identical', () => {
        const errs: string[] = [];
        for (const f of cap.frames) {
          const bytes = tipc(f);
          const r = C.decode(bytes);
          if (!r.ok) continue;
          const msz = M.msgSize(r.msg);
          const again = C.encode(r.msg);
          if (!sameBytes(again, bytes.subarray(0, msz))) errs.push(`${f.where}: ${firstDiff(again, bytes.subarray(0, msz))}`);
          // Anything after msize may only be Ethernet padding (zeros up to the 60-byte minimum).
          const pad = bytes.subarray(msz);
          if (pad.length > 0 && (f.record.bytes.length > 60 || pad.some((b) => b !== 0))) {
            errs.push(`${f.where}: ${pad.length} bytes after msize that are not Ethernet padding`);
          }
        }
        assertNoErrors(errs, 'frames do not round-trip');
      });

      test('(c) decoded fields agree with frames.log', () => {
        const errs: string[] = [];
        for (const f of cap.frames) {
          const r = C.decode(tipc(f));
          if (!r.ok || !f.line) continue;
          const len = f.line.fields.len;
          if (len !== undefined && Number(len) !== f.record.bytes.length) {
            errs.push(`${f.where}: frame length ${f.record.bytes.length}, log says len=${len}`);
          }
          errs.push(...compareWithLog(r.msg, f.line, f.where));
          const isTunnel = M.msgUser(r.msg) === M.User.TUNNEL_PROTOCOL && r.msg.data.length > 0;
          if (f.line.inner) {
            const inner = C.msgInner(r.msg);
            if (!inner.ok) errs.push(`${f.where}: inner message does not decode: ${inner.error.message}`);
            else errs.push(...compareWithLog(inner.msg, f.line.inner, `${f.where} INNER`));
          } else if (isTunnel) {
            errs.push(`${f.where}: tunnel message with a body, but the log shows no INNER`);
          }
        }
        assertNoErrors(errs, 'field disagreements');
      });

      test('describe() contains the frames.log text, in order', () => {
        const errs: string[] = [];
        for (const f of cap.frames) {
          const r = C.decode(tipc(f));
          if (!r.ok || !f.line) continue;
          const mine = tokenize(D.describe(r.msg));
          const logged = tokenize(f.line.raw.replace(/^.*?\blen=\d+\s+/, ''));
          let i = 0;
          for (const tok of mine) if (i < logged.length && tok === logged[i]) i++;
          if (i < logged.length) errs.push(`${f.where}: missing '${logged[i]}' in: ${D.describe(r.msg)}`);
        }
        assertNoErrors(errs, 'descriptions disagree with frames.log');
      });

      test('(d) rebuilt from decoded fields with msgInit + setters, encodes to the captured bytes', () => {
        const errs: string[] = [];
        for (const f of cap.frames) {
          const bytes = tipc(f);
          const r = C.decode(bytes);
          if (!r.ok) continue;
          let built: TipcMsg;
          try {
            built = rebuild(r.msg);
          } catch (e) {
            errs.push(`${f.where}: cannot rebuild ${D.describe(r.msg)}: ${(e as Error).message}`);
            continue;
          }
          const out = C.encode(built);
          const want = bytes.subarray(0, M.msgSize(r.msg));
          if (!sameBytes(out, want)) {
            errs.push(`${f.where}: ${D.describe(r.msg)}: ${firstDiff(out, want)}\n  got  ${hex(out.subarray(0, 64))}\n  want ${hex(want.subarray(0, 64))}`);
            continue;
          }
          const kind = `${D.userName(M.msgUser(r.msg))}/${D.typeName(M.msgUser(r.msg), M.msgType(r.msg))}`;
          rebuiltKinds.set(kind, (rebuiltKinds.get(kind) ?? 0) + 1);
        }
        assertNoErrors(errs, 'frames not rebuilt identically');
      });
    });
  }

  test('(d) covered RESET, ACTIVATE, STATE, PUBL, SYNCH and FAILOVER frames', () => {
    for (const kind of [
      'LINK_PROTOCOL/RESET',
      'LINK_PROTOCOL/ACTIVATE',
      'LINK_PROTOCOL/STATE',
      'NAME_DISTRIBUTOR/PUBL',
      'TUNNEL_PROTOCOL/SYNCH',
      'TUNNEL_PROTOCOL/FAILOVER',
    ]) {
      assert.ok((rebuiltKinds.get(kind) ?? 0) > 0, `no ${kind} frame was rebuilt; rebuilt: ${JSON.stringify([...rebuiltKinds])}`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Rejects and robustness
// ---------------------------------------------------------------------------------------------

const A1 = M.tipcAddr(1, 1, 1);
const A2 = M.tipcAddr(1, 1, 2);

/** A valid STATE message with a 4-byte body, as bytes. */
function sampleBytes(): Uint8Array {
  const m = M.msgInit(A1, M.User.LINK_PROTOCOL, M.LinkProtoType.STATE_MSG, M.INT_H_SIZE, A2);
  M.msgSetData(m, Fields.encodeGapAckBlks({ bc: [], uc: [] }));
  return C.encode(m);
}

/** Patch word 0 of encoded bytes. */
function withWord0(bytes: Uint8Array, f: (m: TipcMsg) => void): Uint8Array {
  const m: TipcMsg = { hdr: new Array<number>(M.HDR_WORDS).fill(0), data: new Uint8Array(0) };
  m.hdr[0] = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  f(m);
  const out = Uint8Array.from(bytes);
  const w = M.msgWord(m, 0);
  out.set([w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff], 0);
  return out;
}

function expectError(bytes: Uint8Array, code: C.DecodeErrorCode, mentions: RegExp): void {
  const r = C.decode(bytes);
  assert.equal(r.ok, false, 'decode should fail');
  if (r.ok) return;
  assert.equal(r.error.code, code, r.error.message);
  assert.match(r.error.message, /expected|but only/);
  assert.match(r.error.message, mentions);
}

suite('decode rejects what tipc_msg_validate rejects', () => {
  test('sample is valid', () => {
    const r = C.decode(sampleBytes());
    assert.ok(r.ok);
  });
  test('empty buffer', () => expectError(new Uint8Array(0), 'TOO_SHORT', /got 0\b/));
  test('23 bytes', () => expectError(sampleBytes().subarray(0, 23), 'TOO_SHORT', /got 23\b/));
  test('version 3', () => expectError(withWord0(sampleBytes(), (m) => M.msgSetVersion(m, 3)), 'BAD_VERSION', /got 3\b/));
  test('version 0', () => expectError(withWord0(sampleBytes(), (m) => M.msgSetVersion(m, 0)), 'BAD_VERSION', /got 0\b/));
  test('hsize 20', () => expectError(withWord0(sampleBytes(), (m) => M.msgSetHdrSz(m, 20)), 'BAD_HSIZE', /says 20\b/));
  test('hsize 64 does not fit the 4-bit field: it is stored as 0 and rejected', () => {
    const bytes = withWord0(sampleBytes(), (m) => M.msgSetHdrSz(m, 64));
    expectError(bytes, 'BAD_HSIZE', /says 0\b/);
  });
  test('hsize 60 with only 40 bytes present', () => {
    const bytes = withWord0(sampleBytes().subarray(0, 40), (m) => {
      M.msgSetHdrSz(m, 60);
      M.msgSetSize(m, 60);
    });
    expectError(bytes, 'TRUNCATED', /60 bytes but only 40/);
  });
  test('msize < hsize', () => expectError(withWord0(sampleBytes(), (m) => M.msgSetSize(m, 36)), 'BAD_MSIZE', /got 36\b/));
  test('msize > length', () => expectError(withWord0(sampleBytes(), (m) => M.msgSetSize(m, 45)), 'TRUNCATED', /45 bytes but only 44/));
  test('body larger than TIPC_MAX_USER_MSG_SIZE', () => {
    const big = new Uint8Array(M.INT_H_SIZE + M.TIPC_MAX_USER_MSG_SIZE + 1);
    big.set(sampleBytes().subarray(0, M.INT_H_SIZE));
    expectError(withWord0(big, (m) => M.msgSetSize(m, big.length)), 'BAD_MSIZE', /at most 66000/);
  });
  test('bytes beyond msize are ignored, and the result does not alias the input', () => {
    const padded = new Uint8Array(60);
    padded.set(sampleBytes());
    padded.fill(0xee, 44);
    const r = C.decode(padded);
    assert.ok(r.ok);
    assert.equal(r.msg.data.length, 4);
    assert.deepEqual(C.encode(r.msg), sampleBytes());
    padded[40] = 0x99;
    assert.equal(r.msg.data[0], 0);
  });
});

test('decodeReceived reads what decode reads; only a link-level body is a view of the frame', () => {
  // word 0 plausible (version 2, hsize 24..60, msize from hsize up) so that most frames decode
  const frame = fc
    .record({ user: fc.nat(15), hwords: fc.integer({ min: 6, max: 15 }), body: fc.nat(40), extra: fc.nat(8), seed: fc.uint8Array({ minLength: 120, maxLength: 120 }) })
    .map(({ user, hwords, body, extra, seed }) => {
      const hsz = hwords * 4;
      const b = Uint8Array.from(seed.subarray(0, hsz + body + extra));
      const w0 = ((2 << 29) | (user << 25) | (hwords << 21) | (hsz + body)) >>> 0;
      b[0] = w0 >>> 24;
      b[1] = (w0 >>> 16) & 0xff;
      b[2] = (w0 >>> 8) & 0xff;
      b[3] = w0 & 0xff;
      return b;
    });
  fc.assert(
    fc.property(fc.oneof(frame, fc.uint8Array({ maxLength: 80 })), (bytes) => {
      const a = C.decode(bytes);
      const r = C.decodeReceived(bytes);
      assert.deepEqual(r, a);
      if (!r.ok || !a.ok || r.msg.data.length === 0) return;
      const linkLevel = M.msgUser(r.msg) === M.User.LINK_PROTOCOL || M.msgUser(r.msg) === M.User.LINK_CONFIG;
      assert.equal(r.msg.data.buffer === bytes.buffer, linkLevel, `user ${M.msgUser(r.msg)}: body a view of the frame`);
      assert.notEqual(a.msg.data.buffer, bytes.buffer, 'decode always copies');
    }),
  );
});

suite('decode never throws', () => {
  const check = (bytes: Uint8Array): void => {
    const r = C.decode(bytes);
    if (!r.ok) {
      assert.ok(r.error.message.length > 0);
      return;
    }
    const msz = M.msgSize(r.msg);
    assert.deepEqual(C.encode(r.msg), bytes.subarray(0, msz));
    assert.equal(typeof D.describe(r.msg), 'string');
    C.msgInner(r.msg);
    B.decodeItems(r.msg.data);
    Fields.decodeGapAckBlks(r.msg.data);
  };

  test('5000 seeded random buffers', () => {
    const rnd = prng(0x7199c);
    for (let i = 0; i < 5000; i++) {
      const b = new Uint8Array(rnd() % 160);
      for (let j = 0; j < b.length; j++) b[j] = rnd() & 0xff;
      check(b);
    }
  });

  test('3000 seeded random buffers with a plausible word 0 (exercises the accept path)', () => {
    const rnd = prng(0xbeef);
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const hsz = 24 + 4 * (rnd() % 10);
      const b = new Uint8Array(hsz + (rnd() % 120));
      for (let j = 0; j < b.length; j++) b[j] = rnd() & 0xff;
      const msz = hsz + (rnd() % (b.length - hsz + 8)); // sometimes beyond the buffer
      const w0 = ((2 << 29) | ((rnd() % 16) << 25) | ((hsz >> 2) << 21) | (rnd() & 0x1e0000) | msz) >>> 0;
      b.set([w0 >>> 24, (w0 >>> 16) & 0xff, (w0 >>> 8) & 0xff, w0 & 0xff], 0);
      if (C.decode(b).ok) accepted++;
      check(b);
    }
    assert.ok(accepted > 1000, `only ${accepted} of 3000 accepted`);
  });

  test('tunnel messages with random bodies', () => {
    const rnd = prng(42);
    for (let i = 0; i < 1000; i++) {
      const m = M.msgInit(A1, M.User.TUNNEL_PROTOCOL, rnd() & 1, M.INT_H_SIZE, A2);
      const body = new Uint8Array(rnd() % 80);
      for (let j = 0; j < body.length; j++) body[j] = rnd() & 0xff;
      if (body.length >= 4 && rnd() & 1) body[0] = 0x40 | (body[0] & 0x1f); // version 2 sometimes
      M.msgSetData(m, body);
      check(C.encode(m));
    }
  });

  test('bit flips of captured frames', { skip: !fs.existsSync(CAPTURES) }, () => {
    const rnd = prng(7);
    const frames: Uint8Array[] = [];
    for (const file of ['link-setup/delivered-frames.pcap', 'half-failover/all-frames.pcap']) {
      const p = path.join(CAPTURES, file);
      if (!fs.existsSync(p)) continue;
      for (const r of readPcap(p).records) {
        const t = ethTipcPayload(r.bytes);
        if (t) frames.push(t);
      }
    }
    assert.ok(frames.length > 0);
    for (let i = 0; i < 3000; i++) {
      const b = Uint8Array.from(frames[rnd() % frames.length]);
      for (let k = 1 + (rnd() % 4); k > 0; k--) {
        const bit = rnd() % (Math.min(b.length, 64) * 8);
        b[bit >> 3] ^= 1 << (bit & 7);
      }
      check(rnd() % 4 === 0 ? b.subarray(0, rnd() % (b.length + 1)) : b);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------

suite('bodies', () => {
  test('distr items round-trip, 20 bytes each, big-endian', () => {
    const items: B.DistrItem[] = [
      { type: 0, lower: A2, upper: A2, port: 0, key: A2 },
      { type: 1000, lower: 0, upper: 9, port: 0x45689d1d, key: 0x45689d1e },
      { type: 0xffffffff, lower: 0x80000000, upper: 0xffffffff, port: 1, key: 0xdeadbeef },
    ];
    const bytes = B.encodeItems(items);
    assert.equal(bytes.length, 3 * B.ITEM_SIZE);
    assert.equal(hex(bytes.subarray(20, 40)), '000003e8000000000000000945689d1d45689d1e');
    assert.deepEqual(B.decodeItems(bytes), items);
    assert.deepEqual(B.decodeItems(bytes.subarray(0, 59)), items.slice(0, 2), 'a partial tail is ignored');
    assert.deepEqual(B.decodeItems(new Uint8Array(19)), []);
    assert.deepEqual(B.encodeItems([]), new Uint8Array(0));
  });

  test('a publication message carries its items', () => {
    const m = M.msgInit(A2, M.User.NAME_DISTRIBUTOR, M.NameDistrType.PUBLICATION, M.INT_H_SIZE, A1);
    const items: B.DistrItem[] = [{ type: 2000, lower: 0, upper: 9, port: 7, key: 8 }];
    M.msgSetData(m, B.encodeItems(items));
    assert.equal(M.msgSize(m), 60);
    const r = C.decode(C.encode(m));
    assert.ok(r.ok);
    assert.deepEqual(B.decodeItems(r.msg.data), items);
  });

  test('gap ACK blocks round-trip; the empty record is 00 04 00 00', () => {
    assert.equal(hex(Fields.encodeGapAckBlks({ bc: [], uc: [] })), '00040000');
    const g: Fields.GapAckBlks = { bc: [{ ack: 5, gap: 2 }], uc: [{ ack: 10, gap: 3 }, { ack: 20, gap: 0 }] };
    const bytes = Fields.encodeGapAckBlks(g);
    assert.equal(hex(bytes), '0010' + '02' + '01' + '00050002' + '000a0003' + '00140000');
    assert.deepEqual(Fields.decodeGapAckBlks(bytes), { blks: g, size: 16 });
    assert.equal(Fields.decodeGapAckBlks(bytes.subarray(0, 3)), undefined);
    assert.equal(Fields.decodeGapAckBlks(Uint8Array.from([0, 8, 0, 0])), undefined, 'len disagrees with counts');
  });

  test('interface name is NUL-padded to TIPC_MAX_IF_NAME', () => {
    assert.equal(hex(B.encodeIfName('eth1')), '65746831' + '00'.repeat(12));
    assert.equal(B.decodeIfName(B.encodeIfName('eth1')), 'eth1');
    assert.equal(B.encodeIfName('x'.repeat(40)).length, B.TIPC_MAX_IF_NAME);
    assert.equal(B.decodeIfName(B.encodeIfName('x'.repeat(40))), 'x'.repeat(15));
  });

  test('ifNameIs compares in place what decodeIfName would give', () => {
    // bodies from names (equal, prefixes, longer than 15) and raw bytes (no NUL, high bytes, short)
    const name = fc.string({ unit: fc.constantFrom('e', 't', 'h', '0', '1', ':', '\u00e9'), maxLength: 20 });
    const body = fc.oneof(name.map((n) => B.encodeIfName(n)), fc.uint8Array({ maxLength: 20 }));
    fc.assert(
      fc.property(body, name, name, (data, prefix, s) => {
        const whole = prefix + s;
        assert.equal(B.ifNameIs(data, whole, prefix.length), B.decodeIfName(data) === s);
      }),
    );
    const eth1 = B.encodeIfName('eth1');
    assert.equal(B.ifNameIs(eth1, '1:eth0-2:eth1', 9), true);
    assert.equal(B.ifNameIs(eth1, '1:eth0-2:eth', 9), false, 'a shorter name');
    assert.equal(B.ifNameIs(eth1, '1:eth0-2:eth10', 9), false, 'a longer name');
    assert.equal(B.ifNameIs(eth1.subarray(0, 3), '1:eth0-2:eth', 9), true, 'a body cut short ends the name');
    assert.equal(B.ifNameIs(new Uint8Array(20).fill(0x78), 'x'.repeat(16), 0), true, 'no NUL: the name is the first 16 bytes');
  });

  test('tunnel inner message round-trip', () => {
    const inner = M.msgCreate(M.User.TIPC_LOW_IMPORTANCE, M.DataType.TIPC_DIRECT_MSG, M.BASIC_H_SIZE, 0, A2, A1, 0, 0, M.ErrCode.TIPC_ERR_NO_PORT);
    const outer = M.msgInit(A1, M.User.TUNNEL_PROTOCOL, M.TunnelType.FAILOVER_MSG, M.INT_H_SIZE, A2);
    M.msgSetMsgcnt(outer, 1);
    C.msgSetInner(outer, inner);
    assert.equal(M.msgSize(outer), 72);
    const r = C.msgInner(outer);
    assert.ok(r.ok);
    assert.deepEqual(r.msg, inner);
    assert.equal(M.msgErrcode(r.msg), 2);
    assert.match(D.describe(outer), /^TUNNEL_PROTOCOL\/FAILOVER .* msgcnt=1 .*\|\| INNER: LOW\/DIRECT hsz=32 msz=32 .* err=2 /);
  });

  test('ethernet media address field', () => {
    const info = B.ethMediaInfo(Uint8Array.of(0x52, 0x54, 0x00, 0x0a, 0x00, 0x01));
    assert.equal(hex(info.subarray(0, 12)), '000000015254000a00010000');
    assert.equal(Fields.mediaInfoString(info), 'mac=52:54:00:0a:00:01');
    const m = M.msgInit(A1, M.User.LINK_CONFIG, M.DscType.DSC_REQ_MSG, M.MAX_H_SIZE, 0);
    M.msgSetMediaAddr(m, info);
    assert.deepEqual(M.msgMediaAddr(m), info);
    assert.equal(M.msgWord(m, 5), 1);
    assert.equal(M.msgWord(m, 6), 0x5254000a);
    assert.equal(M.msgWord(m, 7), 0x00010000);
  });

  test('the media address field is read and compared in place as msgMediaAddr copies it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(31), (info, k) => {
        const m = M.msgInit(A1, M.User.LINK_CONFIG, M.DscType.DSC_REQ_MSG, M.MAX_H_SIZE, 0);
        M.msgSetMediaAddr(m, info);
        for (let i = 0; i < 32; i++) assert.equal(M.msgMediaByte(m, i), info[i]);
        assert.equal(M.msgMediaAddrIs(m, info), true);
        assert.equal(M.msgMediaAddrIs(m, M.msgMediaAddr(m)), true);
        const other = Uint8Array.from(info);
        other[k] ^= 0x80;
        assert.equal(M.msgMediaAddrIs(m, other), false, `byte ${k} differs`);
        assert.equal(M.msgMediaAddrIs(m, info.subarray(0, 31)), false, 'a shorter field');
        assert.equal(M.msgMediaAddrIs(m, undefined), false);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Construction and constants
// ---------------------------------------------------------------------------------------------

suite('construction', () => {
  test('msgInit is tipc_msg_init', () => {
    const m = M.msgInit(A1, M.User.LINK_PROTOCOL, M.LinkProtoType.RESET_MSG, M.INT_H_SIZE, A2);
    assert.equal(m.hdr.length, 15);
    assert.deepEqual(m.hdr, [0x4f400028, 0x20000000, 0, A1, 0, 0, A1, A2, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(m.data.length, 0);
    const s = M.msgInit(A1, M.User.TIPC_HIGH_IMPORTANCE, M.DataType.TIPC_CONN_MSG, M.SHORT_H_SIZE, A2);
    assert.deepEqual(s.hdr, [0x44c00018, 0, 0, A1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'no orignode/destnode in a short header');
    assert.equal(M.msgOrignode(s), A1, 'msg_orignode of a short header is prevnode');
    assert.equal(C.encode(s).length, 24);
  });

  test('msgCreate is tipc_msg_create', () => {
    const m = M.msgCreate(M.User.TIPC_LOW_IMPORTANCE, M.DataType.TIPC_DIRECT_MSG, M.BASIC_H_SIZE, 8, A2, A1, 77, 66, 2);
    assert.equal(M.msgSize(m), 40);
    assert.equal(M.msgDestport(m), 77);
    assert.equal(M.msgOrigport(m), 66);
    assert.equal(M.msgErrcode(m), 2);
    assert.equal(M.msgImportance(m), M.TIPC_SYSTEM_IMPORTANCE, 'a data message with an error is system importance');
  });

  test('msgSetData sets msize; msgClone is deep', () => {
    const m = M.msgInit(A1, M.User.NAME_DISTRIBUTOR, 0, M.INT_H_SIZE, A2);
    const body = Uint8Array.from([1, 2, 3]);
    M.msgSetData(m, body);
    body[0] = 9;
    assert.equal(M.msgSize(m), 43);
    assert.equal(m.data[0], 1, 'msgSetData copies');
    const c = M.msgClone(m);
    M.msgSetSeqno(c, 5);
    c.data[1] = 7;
    assert.equal(M.msgSeqno(m), 0);
    assert.equal(m.data[1], 2);
    assert.deepEqual(M.msgClone(c), c);
  });

  test('constants', () => {
    assert.equal(M.TIPC_NODE_CAPABILITIES, 0xfff);
    assert.equal(M.Capability.TIPC_NAMED_BCAST, 0x800);
    assert.equal(M.Capability.TIPC_TUNNEL_ENHANCED, 0x200);
    assert.deepEqual(
      [M.SHORT_H_SIZE, M.BASIC_H_SIZE, M.NAMED_H_SIZE, M.MCAST_H_SIZE, M.INT_H_SIZE, M.MAX_H_SIZE, M.HDR_WORDS],
      [24, 32, 40, 44, 40, 60, 15],
    );
    assert.equal(M.User.MSG_CRYPTO, 14);
    assert.equal(M.ErrCode.TIPC_ERR_NO_PORT, 2);
  });

  test('names', () => {
    assert.equal(D.userName(M.User.LINK_CONFIG), 'LINK_CONFIG');
    assert.equal(D.userName(0), 'LOW');
    assert.equal(D.userName(4), 'USER4');
    assert.equal(D.typeName(M.User.LINK_CONFIG, M.DscType.DSC_RESP_MSG), 'DSC_RESP');
    assert.equal(D.typeName(M.User.NAME_DISTRIBUTOR, 0), 'PUBL');
    assert.equal(D.typeName(M.User.TUNNEL_PROTOCOL, 1), 'FAILOVER');
    assert.equal(D.typeName(0, 3), 'DIRECT');
    assert.equal(D.typeName(M.User.LINK_PROTOCOL, 7), 'TYPE7');
    assert.equal(M.addrString(0x01001002), '1.1.2');
    assert.equal(M.parseAddr('1.1.2'), 0x01001002);
  });
});

// ---------------------------------------------------------------------------------------------
// Accessors: bit positions
// ---------------------------------------------------------------------------------------------

interface FieldSpec {
  name: string;
  word: number;
  pos: number;
  mask: number;
  get: (m: TipcMsg) => number;
  set: (m: TipcMsg, v: number) => void;
}

const num =
  (g: (m: TipcMsg) => boolean | number) =>
  (m: TipcMsg): number =>
    Number(g(m));

const F = (
  name: string,
  word: number,
  pos: number,
  mask: number,
  get: (m: TipcMsg) => boolean | number,
  set: (m: TipcMsg, v: number) => void,
): FieldSpec => ({ name, word, pos, mask, get: num(get), set });

const FULL = 0xffffffff;

const FIELDS: FieldSpec[] = [
  // word 0
  F('version', 0, 29, 0x7, M.msgVersion, M.msgSetVersion),
  F('user', 0, 25, 0xf, M.msgUser, M.msgSetUser),
  F('hdr_sz (x4)', 0, 21, 0xf, (m) => M.msgHdrSz(m) / 4, (m, v) => M.msgSetHdrSz(m, v * 4)),
  F('non_seq', 0, 20, 1, M.msgNonSeq, M.msgSetNonSeq),
  F('dest_droppable', 0, 19, 1, M.msgDestDroppable, M.msgSetDestDroppable),
  F('is_keepalive', 0, 19, 1, M.msgIsKeepalive, M.msgSetIsKeepalive),
  F('src_droppable', 0, 18, 1, M.msgSrcDroppable, M.msgSetSrcDroppable),
  F('ack_required', 0, 18, 1, M.msgAckRequired, M.msgSetAckRequired),
  F('nagle_ack', 0, 18, 1, M.msgNagleAck, M.msgSetNagleAck),
  F('is_rcast', 0, 18, 1, M.msgIsRcast, M.msgSetIsRcast),
  F('syn', 0, 17, 1, M.msgIsSyn, M.msgSetSyn),
  F('size', 0, 0, 0x1ffff, M.msgSize, M.msgSetSize),
  // word 1
  F('type', 1, 29, 0x7, M.msgType, M.msgSetType),
  F('errcode', 1, 25, 0xf, M.msgErrcode, M.msgSetErrcode),
  F('is_bulk', 1, 28, 1, M.msgIsBulk, M.msgSetBulk),
  F('is_last_bulk', 1, 27, 1, M.msgIsLastBulk, M.msgSetLastBulk),
  F('not_legacy', 1, 26, 1, M.msgNotLegacy, M.msgSetNotLegacy),
  F('reroute_cnt', 1, 21, 0xf, M.msgRerouteCnt, M.msgSetRerouteCnt),
  F('lookup_scope', 1, 19, 0x3, M.msgLookupScope, M.msgSetLookupScope),
  F('bcast_ack', 1, 0, 0xffff, M.msgBcastAck, M.msgSetBcastAck),
  F('dest_session_valid', 1, 16, 1, M.msgDestSessionValid, M.msgSetDestSessionValid),
  F('dest_session', 1, 0, 0xffff, M.msgDestSession, M.msgSetDestSession),
  F('seq_gap', 1, 16, 0x1fff, M.msgSeqGap, M.msgSetSeqGap),
  F('node_sig', 1, 0, 0xffff, M.msgNodeSig, M.msgSetNodeSig),
  F('node_capabilities', 1, 15, 0x1fff, M.msgNodeCapabilities, M.msgSetNodeCapabilities),
  // word 2
  F('ack', 2, 16, 0xffff, M.msgAck, M.msgSetAck),
  F('seqno', 2, 0, 0xffff, M.msgSeqno, M.msgSetSeqno),
  F('dest_domain', 2, 0, FULL, M.msgDestDomain, M.msgSetDestDomain),
  F('bcgap_after', 2, 16, 0xffff, M.msgBcgapAfter, M.msgSetBcgapAfter),
  F('bcgap_to', 2, 0, 0xffff, M.msgBcgapTo, M.msgSetBcgapTo),
  // word 3
  F('prevnode', 3, 0, FULL, M.msgPrevnode, M.msgSetPrevnode),
  // word 4
  F('origport', 4, 0, FULL, M.msgOrigport, M.msgSetOrigport),
  F('named_seqno', 4, 0, 0xffff, M.msgNamedSeqno, M.msgSetNamedSeqno),
  F('last_bcast', 4, 16, 0xffff, M.msgLastBcast, M.msgSetLastBcast),
  F('nof_fragms', 4, 0, 0xffff, M.msgNofFragms, M.msgSetNofFragms),
  F('fragm_no', 4, 16, 0xffff, M.msgFragmNo, M.msgSetFragmNo),
  F('next_sent', 4, 0, 0xffff, M.msgNextSent, M.msgSetNextSent),
  F('bc_netid', 4, 0, FULL, M.msgBcNetid, M.msgSetBcNetid),
  // word 5
  F('destport', 5, 0, FULL, M.msgDestport, M.msgSetDestport),
  F('mc_netid', 5, 0, FULL, M.msgMcNetid, M.msgSetMcNetid),
  F('session', 5, 16, 0xffff, M.msgSession, M.msgSetSession),
  F('bc_ack_invalid', 5, 14, 1, M.msgBcAckInvalid, M.msgSetBcAckInvalid),
  F('peer_stopping', 5, 13, 1, M.msgPeerStopping, M.msgSetPeerStopping),
  F('redundant_link', 5, 12, 1, M.msgRedundantLink, M.msgSetRedundantLink),
  F('bearer_id', 5, 9, 0x7, M.msgBearerId, M.msgSetBearerId),
  F('linkprio', 5, 4, 0x1f, M.msgLinkprio, M.msgSetLinkprio),
  F('net_plane', 5, 1, 0x7, M.msgNetPlane, M.msgSetNetPlane),
  F('probe', 5, 0, 1, M.msgProbe, M.msgSetProbe),
  // words 6-14
  F('orignode', 6, 0, FULL, M.msgOrignode, M.msgSetOrignode),
  F('destnode', 7, 0, FULL, M.msgDestnode, M.msgSetDestnode),
  F('nametype', 8, 0, FULL, M.msgNametype, M.msgSetNametype),
  F('bc_gap', 8, 0, 0x3ff, M.msgBcGap, M.msgSetBcGap),
  F('nameinst', 9, 0, FULL, M.msgNameinst, M.msgSetNameinst),
  F('namelower', 9, 0, FULL, M.msgNamelower, M.msgSetNamelower),
  F('msgcnt', 9, 16, 0xffff, M.msgMsgcnt, M.msgSetMsgcnt),
  F('syncpt', 9, 16, 0xffff, M.msgSyncpt, M.msgSetSyncpt),
  F('conn_ack', 9, 16, 0xffff, M.msgConnAck, M.msgSetConnAck),
  F('adv_win', 9, 0, 0xffff, M.msgAdvWin, M.msgSetAdvWin),
  F('max_pkt (/4)', 9, 16, 0xffff, (m) => M.msgMaxPkt(m) / 4, (m, v) => M.msgSetMaxPkt(m, v * 4)),
  F('link_tolerance', 9, 0, 0xffff, M.msgLinkTolerance, M.msgSetLinkTolerance),
  F('grp_bc_syncpt', 9, 16, 0xffff, M.msgGrpBcSyncpt, M.msgSetGrpBcSyncpt),
  F('grp_bc_acked', 9, 16, 0xffff, M.msgGrpBcAcked, M.msgSetGrpBcAcked),
  F('grp_remitted', 9, 16, 0xffff, M.msgGrpRemitted, M.msgSetGrpRemitted),
  F('nameupper', 10, 0, FULL, M.msgNameupper, M.msgSetNameupper),
  F('grp_evt', 10, 0, 0x3, M.msgGrpEvt, M.msgSetGrpEvt),
  F('grp_bc_ack_req', 10, 0, 1, M.msgGrpBcAckReq, M.msgSetGrpBcAckReq),
  F('grp_bc_seqno', 10, 16, 0xffff, M.msgGrpBcSeqno, M.msgSetGrpBcSeqno),
  F('peer_net_hash', 13, 0, FULL, M.msgPeerNetHash, M.msgSetPeerNetHash),
  F('sugg_node_addr', 14, 0, FULL, M.msgSuggNodeAddr, M.msgSetSuggNodeAddr),
];

/** Word 0 for fields outside word 0: LINK_PROTOCOL, hsize 40, so the user/hsize-gated getters read their bits. */
const W0_PLAIN = 0x4f400028;

suite('accessors: set then read back, neighbours untouched', () => {
  const rnd = prng(2024);
  for (const f of FIELDS) {
    test(`${f.name}: word ${f.word} bits ${f.pos}..${f.pos + Math.log2(f.mask + 1) - 1}`, () => {
      const backgrounds = [0, FULL, rnd(), rnd(), rnd()];
      const values = [0, f.mask, 1, rnd() & f.mask, rnd() & f.mask].map((v) => v >>> 0);
      for (const bg of backgrounds) {
        for (const v of values) {
          const m: TipcMsg = { hdr: new Array<number>(M.HDR_WORDS).fill(0).map((_, i) => (i === 0 && f.word !== 0 ? W0_PLAIN : bg ^ (i * 0x01010101)) >>> 0), data: new Uint8Array(0) };
          const before = m.hdr.map((_, w) => M.msgWord(m, w));
          f.set(m, v);
          assert.equal(f.get(m), v, `${f.name}: set ${v} on background 0x${bg.toString(16)}`);
          const field = (f.mask * 2 ** f.pos) >>> 0;
          for (let w = 0; w < M.HDR_WORDS; w++) {
            const want = w === f.word ? ((before[w] & ~field) | (v * 2 ** f.pos)) >>> 0 : before[w];
            assert.equal(M.msgWord(m, w), want, `${f.name}: word ${w} is 0x${M.msgWord(m, w).toString(16)}, want 0x${want.toString(16)}`);
          }
        }
      }
    });
  }

  test('setters mask values wider than the field', () => {
    const m = M.msgInit(A1, M.User.LINK_PROTOCOL, 0, M.INT_H_SIZE, A2);
    M.msgSetBearerId(m, 0xf);
    assert.equal(M.msgBearerId(m), 7);
    assert.equal(M.msgLinkprio(m), 0);
    assert.equal(M.msgRedundantLink(m), false);
    M.msgSetSeqno(m, 0x12345);
    assert.equal(M.msgSeqno(m), 0x2345);
    assert.equal(M.msgAck(m), 0);
  });
});

test('header words are kept as int32 (small integers in V8), read back unsigned', () => {
  // a word from 2^31 up stored unsigned would make the header an array of doubles: a new array per message
  const m = M.msgInit(A1, M.User.LINK_PROTOCOL, 7, M.INT_H_SIZE, A2);
  M.msgSetAck(m, 0xffff);
  M.msgSetSession(m, 0x8f2d);
  const d = C.decode(C.encode(m));
  assert.ok(d.ok);
  for (const x of [m, d.msg, M.msgClone(m)]) {
    assert.ok(x.hdr.every((w) => w === (w | 0)), `words ${x.hdr.map((w) => w.toString(16)).join(' ')}`);
    assert.equal(M.msgWord(x, 1) >>> 29, 7, 'type 7 read back from the top bits, unsigned');
    assert.equal(M.msgAck(x), 0xffff);
    assert.equal(M.msgSession(x), 0x8f2d);
  }
});

suite('accessors: exact wire bits (msg.h positions)', () => {
  const cases: Array<[string, (m: TipcMsg) => void, number, number]> = [
    ['user 15', (m) => M.msgSetUser(m, 15), 0, 0x1e000000],
    ['hsize 60', (m) => M.msgSetHdrSz(m, 60), 0, 0x01e00000],
    ['non_seq', (m) => M.msgSetNonSeq(m, true), 0, 0x00100000],
    ['keepalive', (m) => M.msgSetIsKeepalive(m, true), 0, 0x00080000],
    ['msize 0x1ffff', (m) => M.msgSetSize(m, 0x1ffff), 0, 0x0001ffff],
    ['type 7', (m) => M.msgSetType(m, 7), 1, 0xe0000000],
    ['is_bulk', (m) => M.msgSetBulk(m), 1, 0x10000000],
    ['is_last_bulk', (m) => M.msgSetLastBulk(m), 1, 0x08000000],
    ['not_legacy', (m) => M.msgSetNotLegacy(m), 1, 0x04000000],
    ['errcode 2', (m) => M.msgSetErrcode(m, 2), 1, 0x04000000],
    ['seq_gap max', (m) => M.msgSetSeqGap(m, 0x1fff), 1, 0x1fff0000],
    ['dest_session_valid', (m) => M.msgSetDestSessionValid(m, true), 1, 0x00010000],
    ['capabilities 0xfff', (m) => M.msgSetNodeCapabilities(m, 0xfff), 1, 0x07ff8000],
    ['ack 3', (m) => M.msgSetAck(m, 3), 2, 0x00030000],
    ['session 0x8f2d', (m) => M.msgSetSession(m, 0x8f2d), 5, 0x8f2d0000],
    ['bc_ack_invalid', (m) => M.msgSetBcAckInvalid(m, true), 5, 0x00004000],
    ['peer_stopping', (m) => M.msgSetPeerStopping(m, true), 5, 0x00002000],
    ['redundant_link', (m) => M.msgSetRedundantLink(m, true), 5, 0x00001000],
    ['bearer_id 1', (m) => M.msgSetBearerId(m, 1), 5, 0x00000200],
    ['linkprio 31', (m) => M.msgSetLinkprio(m, 31), 5, 0x000001f0],
    ['net_plane B', (m) => M.msgSetNetPlane(m, 1), 5, 0x00000002],
    ['probe', (m) => M.msgSetProbe(m, true), 5, 0x00000001],
    ['bc_gap max', (m) => M.msgSetBcGap(m, 0x3ff), 8, 0x000003ff],
    ['max_pkt 1500', (m) => M.msgSetMaxPkt(m, 1500), 9, 0x01770000],
    ['link_tolerance 1000', (m) => M.msgSetLinkTolerance(m, 1000), 9, 0x000003e8],
    ['syncpt 3', (m) => M.msgSetSyncpt(m, 3), 9, 0x00030000],
  ];
  for (const [name, set, word, want] of cases) {
    test(name, () => {
      const m: TipcMsg = { hdr: new Array<number>(M.HDR_WORDS).fill(0), data: new Uint8Array(0) };
      set(m);
      assert.equal(M.msgWord(m, word), want >>> 0, `word ${word}: 0x${M.msgWord(m, word).toString(16)}, want 0x${want.toString(16)}`);
      assert.equal(m.hdr.filter((w, i) => i !== word && w !== 0).length, 0, 'other words untouched');
    });
  }
});

suite('accessors: kernel gating', () => {
  test('msgBcAckInvalid reads bit 14 only for LINK_PROTOCOL, BCAST_PROTOCOL, NAME_DISTRIBUTOR', () => {
    for (let u = 0; u < 16; u++) {
      const m = M.msgInit(A1, u, 0, M.INT_H_SIZE, A2);
      M.msgSetBcAckInvalid(m, true);
      const gated = u === M.User.LINK_PROTOCOL || u === M.User.BCAST_PROTOCOL || u === M.User.NAME_DISTRIBUTOR;
      assert.equal(M.msgBcAckInvalid(m), gated, `user ${u}`);
    }
  });
  test('msgOrigport and msgLinkSelector of a MSG_FRAGMENTER read the fragmented header', () => {
    const inner = M.msgCreate(0, M.DataType.TIPC_DIRECT_MSG, M.BASIC_H_SIZE, 0, A2, A1, 0, 0x1235, 0);
    const frag = M.msgInit(A1, M.User.MSG_FRAGMENTER, M.FragType.FIRST_FRAGMENT, M.INT_H_SIZE, A2);
    M.msgSetOrigport(frag, 0x99);
    C.msgSetInner(frag, inner);
    assert.equal(M.msgOrigport(frag), 0x1235);
    assert.equal(M.msgLinkSelector(frag), 1);
    M.msgSetData(frag, new Uint8Array(8));
    assert.equal(M.msgOrigport(frag), 0, 'body too short');
  });
  test('msgImportance / msgSetImportance', () => {
    const b = M.msgInit(A1, M.User.MSG_BUNDLER, 0, M.INT_H_SIZE, A2);
    M.msgSetImportance(b, 3);
    assert.equal(M.msgImportance(b), 3);
    assert.equal(M.msgBits(b, 9, 0, 7), 3);
    const d = M.msgInit(A1, 0, 0, M.BASIC_H_SIZE, A2);
    M.msgSetImportance(d, 2);
    assert.equal(M.msgUser(d), 2);
    M.msgSetImportance(d, 4);
    assert.equal(M.msgUser(d), 2, 'system importance cannot be a user');
    assert.equal(M.msgImportance(M.msgInit(A1, M.User.LINK_PROTOCOL, 0, M.INT_H_SIZE, A2)), M.TIPC_SYSTEM_IMPORTANCE);
  });
  test('predicates', () => {
    const st = M.msgInit(A1, M.User.LINK_PROTOCOL, M.LinkProtoType.STATE_MSG, M.INT_H_SIZE, A2);
    const rs = M.msgInit(A1, M.User.LINK_PROTOCOL, M.LinkProtoType.RESET_MSG, M.INT_H_SIZE, A2);
    assert.ok(M.msgPeerLinkIsUp(st));
    assert.ok(!M.msgPeerLinkIsUp(rs));
    assert.ok(!M.msgPeerNodeIsUp(rs));
    M.msgSetRedundantLink(rs, true);
    assert.ok(M.msgPeerNodeIsUp(rs));
    assert.ok(M.msgIsReset(rs));
    assert.ok(M.msgIsLegacy(st));
    assert.equal(M.msgBcSndNxt(st), 1);
    M.msgSetLastBcast(st, 0xffff);
    assert.equal(M.msgBcSndNxt(st), 0);
  });
});

suite('bundles (MSG_BUNDLER, tipc_msg_extract)', () => {
  const inner = (n: number, bytes: number): TipcMsg => {
    const m = M.msgInit(0x1001001, M.User.TIPC_LOW_IMPORTANCE, M.DataType.TIPC_DIRECT_MSG, M.BASIC_H_SIZE, 0x1001002);
    M.msgSetDestport(m, 4242);
    M.msgSetData(m, new Uint8Array(bytes).fill(n));
    return m;
  };
  /** A bundle body as the kernel builds it (tipc_msg_bundle): each message at a 4-byte boundary. */
  const bundle = (parts: readonly Uint8Array[]): TipcMsg => {
    const len = parts.reduce((n, p) => n + ((p.length + 3) & ~3), 0);
    const body = new Uint8Array(len);
    let at = 0;
    for (const p of parts) {
      body.set(p, at);
      at += (p.length + 3) & ~3;
    }
    const b = M.msgInit(0x1001001, M.User.MSG_BUNDLER, M.BundlerType.BUNDLE, M.INT_H_SIZE, 0x1001002);
    M.msgSetData(b, body);
    return b;
  };

  test('every message comes out, in order, whatever its length (padding to 4 bytes skipped)', () => {
    const msgs = [inner(1, 4), inner(2, 5), inner(3, 0), inner(4, 7)];
    const out = C.msgExtract(bundle(msgs.map(C.encode)));
    assert.equal(out.length, 4);
    assert.deepEqual(out.map((m) => Array.from(M.msgData(m))), msgs.map((m) => Array.from(M.msgData(m))));
    assert.deepEqual(out.map((m) => M.msgDestport(m)), [4242, 4242, 4242, 4242]);
  });

  test('extraction stops at a message that does not fit or does not validate, as the kernel drops the rest', () => {
    const good = C.encode(inner(1, 4));
    const cut = C.encode(inner(2, 8)).slice(0, 30); // says 40 bytes, 30 there
    assert.equal(C.msgExtract(bundle([good, cut])).length, 1);
    const badVersion = C.encode(inner(3, 4));
    badVersion[0] = (badVersion[0] & 0x1f) | (7 << 5);
    assert.equal(C.msgExtract(bundle([good, badVersion, good])).length, 1);
    assert.equal(C.msgExtract(bundle([])).length, 0);
  });
});

suite('bundles built (MSG_BUNDLER, tipc_msg_try_bundle / tipc_msg_bundle)', () => {
  const inner = (n: number, bytes: number): TipcMsg => {
    const m = M.msgInit(0x1001002, M.User.TIPC_LOW_IMPORTANCE, M.DataType.TIPC_DIRECT_MSG, M.BASIC_H_SIZE, 0x1001001);
    M.msgSetData(m, new Uint8Array(bytes).fill(n));
    return m;
  };

  test('msgBundle lays the messages out as tipc_msg_bundle does: each from a 4-byte boundary, the last not padded, msgcnt their number', () => {
    const msgs = [inner(1, 5), inner(2, 4), inner(3, 1)];
    const b = C.msgBundle(0x1001002, 0x1001001, msgs);
    assert.equal(M.msgUser(b), M.User.MSG_BUNDLER);
    assert.equal(M.msgHdrSz(b), M.INT_H_SIZE);
    assert.equal(M.msgMsgcnt(b), 3);
    // 37 → 40, 36, then 33 unpadded
    assert.equal(M.msgSize(b), M.INT_H_SIZE + 40 + 36 + 33);
    assert.deepEqual(Array.from(M.msgData(b).subarray(40, 76)), Array.from(C.encode(msgs[1])));
    const out = C.msgExtract(b);
    assert.deepEqual(out.map((m) => Array.from(M.msgData(m))), msgs.map((m) => Array.from(M.msgData(m))));
  });
});

test('msgBundle takes the first message\'s importance (msg_importance: a user message its user, others TIPC_SYSTEM_IMPORTANCE)', () => {
  const data = M.msgInit(0x1001002, 2, M.DataType.TIPC_DIRECT_MSG, M.BASIC_H_SIZE, 0x1001001);
  const named = M.msgInit(0x1001002, M.User.NAME_DISTRIBUTOR, 0, M.INT_H_SIZE, 0);
  assert.equal(M.msgWord(C.msgBundle(0x1001002, 0x1001001, [data, data]), 9) & 0x7, 2);
  assert.equal(M.msgWord(C.msgBundle(0x1001002, 0, [named, named]), 9) & 0x7, 4);
});
