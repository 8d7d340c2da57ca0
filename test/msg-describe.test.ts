/**
 * chartLabel() (harness/msg-describe.ts) against the label the sequence chart of
 * adapters/reference/cluster.ts derives from describe() text: the same string for every frame
 * of the captures (and the messages tunnelled or bundled in them), and for messages of every
 * user and type built with msgInit. And which frames the chart folds as routine.
 *
 * The captures are the copy in test/vectors (or $TIPC_SHARED_DIR, see test/support/vectors.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BASIC_H_SIZE,
  INT_H_SIZE,
  MAX_H_SIZE,
  SHORT_H_SIZE,
  type TipcMsg,
  User,
  msgInit,
  msgSetData,
  msgSetLinkTolerance,
  msgSetNamedSeqno,
  msgSetProbe,
  msgSetSeqGap,
  msgSetSeqno,
  msgUser,
} from '../reference/msg';
import { tipcAddr } from '../harness/msg-fields';
import { decode, encode, msgExtract, msgInner, msgSetInner } from '../reference/msg-codec';
import { encodeItems } from '../reference/msg-bodies';
import { chartLabel, chartRepeat, chartRoutine, describe } from '../harness/msg-describe';
import { ethTipcPayload, readPcap } from './support/pcap';
import { CAPTURES_DIR } from './support/vectors';

/** The label as adapters/reference/cluster.ts computes it from describe()'s text. */
function labelFromText(summary: string): string {
  return `${summary.split(' ')[0] ?? ''}${/\bseq=(\d+)/.exec(summary) ? ` seq=${/\bseq=(\d+)/.exec(summary)?.[1]}` : ''}`;
}

/** Every disagreement between chartLabel and the text-derived label, for m and what it carries. */
function mismatches(m: TipcMsg, where: string): string[] {
  const errs: string[] = [];
  const want = labelFromText(describe(m));
  const got = chartLabel(m);
  if (got !== want) errs.push(`${where}: chartLabel '${got}', from describe() '${want}' (${describe(m)})`);
  const u = msgUser(m);
  if (u === User.TUNNEL_PROTOCOL) {
    const inner = msgInner(m);
    if (inner.ok) errs.push(...mismatches(inner.msg, `${where} INNER`));
  }
  if (u === User.MSG_BUNDLER) msgExtract(m).forEach((b, i) => errs.push(...mismatches(b, `${where} bundled #${i + 1}`)));
  return errs;
}

/** The TIPC payloads of every pcap of the captures, with where they come from. */
function captureFrames(): Array<{ where: string; bytes: Uint8Array }> {
  const out: Array<{ where: string; bytes: Uint8Array }> = [];
  for (const dir of fs.readdirSync(CAPTURES_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const base = path.join(CAPTURES_DIR, dir.name);
    for (const file of fs.readdirSync(base).filter((f) => f.endsWith('.pcap')).sort()) {
      readPcap(path.join(base, file)).records.forEach((r, i) => {
        const p = ethTipcPayload(r.bytes);
        if (p) out.push({ where: `${dir.name}/${file} frame ${i + 1}`, bytes: p });
      });
    }
  }
  return out;
}

test('chartLabel equals the label taken from describe() for every captured frame', () => {
  assert.ok(fs.existsSync(CAPTURES_DIR), `TIPC captures not found at ${CAPTURES_DIR}; set TIPC_SHARED_DIR`);
  const frames = captureFrames();
  assert.ok(frames.length > 0, `no TIPC frames in the pcaps under ${CAPTURES_DIR}`);
  const errs: string[] = [];
  for (const f of frames) {
    const d = decode(f.bytes);
    if (!d.ok) errs.push(`${f.where}: does not decode: ${d.error.message}`);
    else errs.push(...mismatches(d.msg, f.where));
  }
  assert.equal(errs.length, 0, errs.slice(0, 20).join('\n'));
});

const A1 = tipcAddr(1, 1, 1);
const A2 = tipcAddr(1, 1, 2);

test('chartLabel equals the label taken from describe() for every user and type built with msgInit', () => {
  const errs: string[] = [];
  for (let user = 0; user <= 15; user++) {
    for (let type = 0; type <= 7; type++) {
      const sizes = user <= User.TIPC_CRITICAL_IMPORTANCE ? [SHORT_H_SIZE, BASIC_H_SIZE, MAX_H_SIZE] : [INT_H_SIZE, MAX_H_SIZE];
      for (const hsize of sizes) {
        const m = msgInit(A1, user, type, hsize, A2);
        msgSetSeqno(m, 1000 + user * 8 + type);
        msgSetNamedSeqno(m, 77);
        if (user === User.NAME_DISTRIBUTOR) msgSetData(m, encodeItems([{ type: 18888, lower: 1, upper: 2, port: 3, key: 4 }]));
        errs.push(...mismatches(m, `user ${user} type ${type} hsize ${hsize}`));
      }
    }
  }
  assert.equal(errs.length, 0, errs.slice(0, 20).join('\n'));
});

test('chartLabel is "USER/TYPE seq=N", without seq for LINK_CONFIG, and takes a tunnel\'s own seqno', () => {
  const state = msgInit(A1, User.LINK_PROTOCOL, 0, INT_H_SIZE, A2);
  msgSetSeqno(state, 7);
  assert.equal(chartLabel(state), 'LINK_PROTOCOL/STATE seq=7');

  const dsc = msgInit(A1, User.LINK_CONFIG, 1, MAX_H_SIZE, A2);
  msgSetSeqno(dsc, 9); // word 2 is the destination domain in discovery messages
  assert.equal(chartLabel(dsc), 'LINK_CONFIG/DSC_RESP');
  assert.equal(chartLabel(dsc), labelFromText(describe(dsc)));

  const unknown = msgInit(A1, 4, 3, INT_H_SIZE, A2);
  assert.equal(chartLabel(unknown), 'USER4/TYPE3 seq=0');

  const tunnel = msgInit(A1, User.TUNNEL_PROTOCOL, 1, INT_H_SIZE, A2);
  msgSetSeqno(tunnel, 12);
  const inner = msgInit(A1, User.TIPC_LOW_IMPORTANCE, 3, BASIC_H_SIZE, A2);
  msgSetSeqno(inner, 34);
  msgSetInner(tunnel, inner);
  assert.equal(chartLabel(tunnel), 'TUNNEL_PROTOCOL/FAILOVER seq=12');
  assert.equal(chartLabel(tunnel), labelFromText(describe(tunnel)));

  const dscInner = msgInit(A1, User.LINK_CONFIG, 0, MAX_H_SIZE, A2);
  const synch = msgInit(A1, User.TUNNEL_PROTOCOL, 0, INT_H_SIZE, A2);
  msgSetSeqno(synch, 5);
  msgSetInner(synch, dscInner);
  assert.equal(chartLabel(synch), 'TUNNEL_PROTOCOL/SYNCH seq=5');
  assert.deepEqual(mismatches(synch, 'SYNCH around DSC_REQ'), []);

  // A bundle of a 44-byte message (padded to 44) and a 40-byte one, as tipc_msg_bundle() lays them out.
  const bundle = msgInit(A1, User.MSG_BUNDLER, 0, INT_H_SIZE, A2);
  msgSetSeqno(bundle, 21);
  const first = msgInit(A1, User.TIPC_HIGH_IMPORTANCE, 2, 44, A2);
  msgSetSeqno(first, 22);
  const body = new Uint8Array(44 + INT_H_SIZE);
  body.set(encode(first), 0);
  body.set(encode(state), 44);
  msgSetData(bundle, body);
  assert.equal(msgExtract(bundle).length, 2);
  assert.equal(chartLabel(bundle), 'MSG_BUNDLER/BUNDLE seq=21');
  assert.deepEqual(mismatches(bundle, 'bundle'), []);
});

test('chartRoutine: discovery and a STATE that only acknowledges or probes are routine; a STATE with news is not', () => {
  const state = (): TipcMsg => msgInit(A1, User.LINK_PROTOCOL, 0, INT_H_SIZE, A2);
  assert.equal(chartRoutine(msgInit(A1, User.LINK_CONFIG, 0, MAX_H_SIZE, A2)), 'DSC_REQ');
  assert.equal(chartRoutine(msgInit(A1, User.LINK_CONFIG, 1, MAX_H_SIZE, A2)), 'DSC_RESP');
  const probe = state();
  msgSetProbe(probe, true);
  assert.equal(chartRoutine(probe), 'STATE');
  const nack = state();
  msgSetSeqGap(nack, 3);
  assert.equal(chartRoutine(nack), undefined, 'a gap is news');
  const tol = state();
  msgSetLinkTolerance(tol, 1000);
  assert.equal(chartRoutine(tol), undefined, 'a new tolerance is news');
  assert.equal(chartRoutine(msgInit(A1, User.LINK_PROTOCOL, 1, INT_H_SIZE, A2)), undefined, 'a RESET is news the first time');
  assert.equal(chartRoutine(msgInit(A1, User.TUNNEL_PROTOCOL, 1, INT_H_SIZE, A2)), undefined, 'a FAILOVER_MSG is news');
  assert.equal(chartRepeat(msgInit(A1, User.LINK_PROTOCOL, 1, INT_H_SIZE, A2)), 'RESET');
  assert.equal(chartRepeat(msgInit(A1, User.LINK_PROTOCOL, 2, INT_H_SIZE, A2)), 'ACTIVATE');
  assert.equal(chartRepeat(state()), undefined);
});
