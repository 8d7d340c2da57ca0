/**
 * The trace's spill (sim/trace-store.ts ChunkSpill) as a file: chunks of a long run's frame bytes,
 * and pages of its rows, are written out as the run goes and read back when a report asks for
 * them. The file is made on the first chunk, in the system's temporary folder, and unlinked at
 * once: it lives as long as its descriptor, so nothing is left behind even by a run that is killed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChunkSpill, SpillKind } from '../sim/trace-store';

/**
 * Trace bytes a cluster keeps in memory before it writes them out: a 128-node scenario's (NB-6's,
 * about 25 MB) stay within it. It was 256 MB, then 64; what a report reads back it reads in order,
 * 16 chunks at a time, and a 1,024-node run held the difference to its end.
 */
export const TRACE_BYTES_IN_MEMORY = 32 * 1024 * 1024;

export class FileSpill implements ChunkSpill {
  private fd: number | undefined;
  private end = 0;
  private closed = false;
  /** Where each chunk is in the file, by kind and index: offset and length. */
  private readonly at = new Map<string, { readonly offset: number; readonly length: number }>();

  put(kind: SpillKind, index: number, bytes: Uint8Array): void {
    const fd = this.open();
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, this.end + done);
    this.at.set(`${kind} ${index}`, { offset: this.end, length: bytes.length });
    this.end += bytes.length;
  }

  /** Chunks read back so far. */
  reads = 0;

  get(kind: SpillKind, index: number): Uint8Array {
    const where = this.at.get(`${kind} ${index}`);
    if (where === undefined || this.fd === undefined) throw new Error(`the trace's spill file has no ${kind} chunk ${index}${this.closed ? ' (the cluster was stopped and its spill file closed)' : ''}`);
    const out = new Uint8Array(where.length);
    let done = 0;
    while (done < where.length) {
      const n = fs.readSync(this.fd, out, done, where.length - done, where.offset + done);
      if (n === 0) throw new Error(`the trace's spill file ends before ${kind} chunk ${index} does`);
      done += n;
    }
    this.reads++;
    return out;
  }

  /** Chunks written out so far. */
  get chunks(): number {
    return this.at.size;
  }

  /** Bytes written out so far. */
  get size(): number {
    return this.end;
  }

  close(): void {
    this.closed = true;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    if (this.closed) throw new Error("the trace's spill file was closed (the cluster was stopped)");
    if (this.fd === undefined) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tipc-trace-'));
      const file = path.join(dir, 'trace.bytes');
      this.fd = fs.openSync(file, 'w+');
      // unlinked at once: the descriptor keeps it while the run needs it, nothing outlives the process
      fs.unlinkSync(file);
      fs.rmdirSync(dir);
    }
    return this.fd;
  }
}
