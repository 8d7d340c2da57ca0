/**
 * Real dissector: every pcap a conformance run writes is read by tshark (Wireshark's TIPC
 * dissector, Debian's package; scripts/install-system-deps.sh installs it). No packet may be
 * malformed, and for every frame the TIPC user, message type and link-level sequence number
 * tshark decodes must equal what our codec decodes from the same bytes, which is what the trace
 * shows; the pcap must hold exactly the trace's frames.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { after, before, test } from 'node:test';
import { User, msgSeqno, msgType, msgUser } from '../../reference/msg';
import { decode } from '../../reference/msg-codec';
import { runCli } from '../support/cli';
import { parsePcapFile } from '../support/pcap';
import { readReportFile, readTraces, reportFiles } from '../support/report-files';

let out = '';

before(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'tipc-pcap-'));
  const r = await runCli(['run', '--no-report', '--out', out]);
  assert.equal(r.code, 0, `the conformance run failed:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
});

after(() => {
  if (out !== '') rmSync(out, { recursive: true, force: true });
});

/** One packet of `tshark -V`: the fields the TIPC dissector shows (it names few of them). */
interface Dissected {
  readonly text: string;
  readonly user?: number;
  readonly mtype?: number;
  readonly seqno?: number;
}

/** `tshark -V` read as a stream (the 128-node run's output is far larger than a string may be). */
async function dissect(file: string): Promise<Dissected[]> {
  const child = spawn('tshark', ['-r', file, '-O', 'tipc'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const spawned = new Promise<void>((resolve, reject) => {
    child.on('error', (e) => reject(new Error(`tshark did not run (${e.message}): install it with scripts/install-system-deps.sh (apt-get install tshark)`)));
    child.on('spawn', () => resolve());
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await spawned;
  const packets: Dissected[] = [];
  let cur: { text: string[]; user?: number; mtype?: number; seqno?: number } | undefined;
  const num = (re: RegExp, line: string): number | undefined => {
    const m = re.exec(line);
    return m ? Number(m[1]) : undefined;
  };
  const finish = (): void => {
    if (cur) packets.push({ text: cur.text.join('\n'), user: cur.user, mtype: cur.mtype, seqno: cur.seqno });
  };
  for await (const line of readline.createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (/^Frame \d+: /.test(line)) {
      finish();
      cur = { text: [] };
      continue;
    }
    if (!cur) continue;
    if (cur.text.length < 80) cur.text.push(line);
    if (/Malformed|\[Expert Info \(Error/.test(line)) cur.text.unshift(`MALFORMED: ${line}`);
    cur.user ??= num(/= User: .*\((\d+)\)$/, line);
    cur.mtype ??= num(/= Message type: .*\((\d+)\)$/, line);
    cur.seqno ??= num(/= Link Level Sequence Number: (\d+)$/, line);
  }
  finish();
  const code = await closed;
  assert.equal(code, 0, `tshark -r ${file} exited ${code}: ${stderr}`);
  return packets;
}

/**
 * The run's pcaps as one capture, file after file: tshark then starts once, not once per scenario
 * (a start costs about a second of CPU, most of this test's time with 169 pcaps). Every pcap the
 * run writes has the same global header (Ethernet, the same snap length and timestamp format), so
 * the files' records are appended behind the first file's header; `counts` says where each
 * file's packets are in tshark's output.
 */
function concatenate(files: readonly string[], into: string): { counts: number[] } {
  const parts: Buffer[] = [];
  const counts: number[] = [];
  let header: Buffer | undefined;
  for (const file of files) {
    const bytes = readReportFile(file);
    counts.push(parsePcapFile(new Uint8Array(bytes)).records.length);
    const own = bytes.subarray(0, 24);
    if (header === undefined) {
      header = own;
      parts.push(own);
    }
    assert.ok(own.equals(header), `${file}: its pcap global header differs from the first file's, so the two cannot be read as one capture`);
    parts.push(bytes.subarray(24));
  }
  writeFileSync(into, Buffer.concat(parts));
  return { counts };
}

test('tshark reads every pcap of a run as our codec does, frame by frame, with nothing malformed but what a fault rule malformed', async () => {
  // a passed scenario's pcap and trace are gzipped: tshark reads a .pcap.gz as it is, as the last test shows
  const pcapFiles = reportFiles(path.join(out, 'pcaps'), '.pcap');
  const pcaps = [...pcapFiles.keys()];
  const traces = readTraces(out);
  assert.equal(pcaps.length, traces.size, 'a pcap for every scenario trace');
  let typed = 0;
  let sequenced = 0;
  let malformed = 0;
  const { counts } = concatenate(
    [...pcapFiles.values()],
    path.join(out, 'all.pcap'),
  );
  const all = await dissect(path.join(out, 'all.pcap'));
  assert.equal(all.length, counts.reduce((a, b) => a + b, 0), 'tshark sees every record of every pcap');
  let first = 0;
  for (const name of pcaps) {
    const records = parsePcapFile(new Uint8Array(readReportFile(pcapFiles.get(name) ?? ''))).records;
    const traceFrames = (traces.get(name.replace(/\.pcap$/, '.trace.txt')) ?? '')
      .split('\n')
      .filter((l) => /^\[\s*[\d.]+\] #\s*\d+ /.test(l) && !/ no-route /.test(l));
    assert.equal(records.length, traceFrames.length, `${name}: the pcap holds the trace's frames`);
    const packets = all.slice(first, first + records.length);
    first += records.length;
    const wrong: string[] = [];
    packets.forEach((p, i) => {
      const rec = records[i];
      assert.ok(rec);
      assert.equal((rec.bytes[12] << 8) | rec.bytes[13], 0x88ca, `${name} #${i + 1}: ethertype`);
      const d = decode(rec.bytes.subarray(14));
      // a frame a fault rule malformed on purpose (MF-1..3) is in the pcap as the receiver got it:
      // our codec must refuse it, as tipc_msg_validate does; tshark's reading of it is not compared
      if (/ malformed\(/.test(traceFrames[i] ?? '')) {
        malformed++;
        // MF-6 malforms a message inside a MSG_BUNDLER bundle: the bundle's own header stays valid
        // (tipc_msg_validate takes it) and tipc_msg_extract refuses the inner message
        if (/ MSG_BUNDLER\//.test(traceFrames[i] ?? '')) assert.ok(d.ok && msgUser(d.msg) === User.MSG_BUNDLER, `${name} #${i + 1}: a bundle with a malformed message inside, but its own header does not decode`);
        // the alterations tipc_msg_validate rejects (header size, version, message size, a cut body)
        // leave a frame the trace calls UNDECODABLE; the others (a media address, a header field,
        // a 24-byte header, max_pkt, a short body, a link priority) keep a valid message that says
        // what its sender did not, and our codec must take it as the kernel's would
        else if (/ UNDECODABLE /.test(traceFrames[i] ?? '')) assert.ok(!d.ok, `${name} #${i + 1}: malformed on purpose, but our codec decodes it`);
        else assert.ok(d.ok, `${name} #${i + 1}: altered into another valid message, but our codec refuses it`);
        return;
      }
      assert.ok(d.ok, `${name} #${i + 1}: our codec cannot decode it`);
      const ours = { user: msgUser(d.msg), mtype: msgType(d.msg), seqno: msgSeqno(d.msg) };
      if (p.text.startsWith('MALFORMED')) wrong.push(`#${i + 1} malformed: ${p.text.slice(0, 200)}`);
      if (p.user !== ours.user) wrong.push(`#${i + 1} user: tshark ${p.user}, ours ${ours.user}`);
      if (p.mtype !== undefined) {
        typed++;
        if (p.mtype !== ours.mtype) wrong.push(`#${i + 1} (user ${ours.user}) type: tshark ${p.mtype}, ours ${ours.mtype}`);
      } else wrong.push(`#${i + 1} (user ${ours.user}/${ours.mtype}): tshark shows no message type`);
      if (p.seqno !== undefined) {
        sequenced++;
        if (p.seqno !== ours.seqno) wrong.push(`#${i + 1} (user ${ours.user}) seqno: tshark ${p.seqno}, ours ${ours.seqno}`);
      }
    });
    assert.deepEqual(wrong.slice(0, 10), [], `${name}: ${wrong.length} frames where tshark and our codec disagree`);
  }
  // Guard against a vacuous pass: the comparisons above must really have happened.
  assert.ok(typed > 1000 && sequenced > 1000, `compared ${typed} message types and ${sequenced} sequence numbers`);
  assert.ok(malformed > 0, 'the MF scenarios put frames on the wire that the codec refuses');
});

test("tshark reads a passed scenario's gzipped pcap as it is, every record", async () => {
  const gzipped = [...reportFiles(path.join(out, 'pcaps'), '.pcap').values()].filter((f) => f.endsWith('.pcap.gz'));
  assert.ok(gzipped.length > 100, `the passed scenarios' pcaps are gzipped: ${gzipped.length}`);
  const file = gzipped.find((f) => f.includes('node-1-fails-over-too')) ?? gzipped[0] ?? '';
  const records = parsePcapFile(new Uint8Array(readReportFile(file))).records;
  assert.ok(records.length > 10, `${file}: ${records.length} records`);
  assert.equal((await dissect(file)).length, records.length, `tshark -r ${file}`);
});
