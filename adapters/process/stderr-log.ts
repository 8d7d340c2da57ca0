/**
 * The log of an IUT's stderr, bounded: its head is written to the file as it comes, its tail kept
 * in a fixed ring and written at the end, after a line that says how much was cut and how large
 * the whole was. An IUT that writes 100 MB leaves a log of about 2 MB, and the harness never holds
 * more than the ring. Written synchronously: the log is complete the moment the channel closes it,
 * and a harness that exits at once loses at most the tail.
 */
import * as fs from 'node:fs';

/** Bytes of the start of the IUT's stderr the log keeps. */
export const STDERR_LOG_HEAD = 1024 * 1024;
/** Bytes of the end of the IUT's stderr the log keeps. */
export const STDERR_LOG_TAIL = 1024 * 1024;

/** The line between the head and the tail of a log that was cut. */
export function cutLine(left: number, total: number, head: number, tail: number): string {
  return `\n[... ${left.toLocaleString('en')} bytes left out: stderr was ${total.toLocaleString('en')} bytes; this log keeps the first ${head.toLocaleString('en')} and the last ${tail.toLocaleString('en')} ...]\n`;
}

export class StderrLog {
  private fd: number | undefined;
  /** Bytes written so far, all of them counted. */
  private total = 0;
  /** The ring of the last bytes past the head; allocated the first time the head is full. */
  private ring: Buffer | undefined;
  /** Where the next byte goes in the ring, and whether it went round once. */
  private at = 0;
  private wrapped = false;

  constructor(
    file: string | undefined,
    private readonly head = STDERR_LOG_HEAD,
    private readonly tail = STDERR_LOG_TAIL,
  ) {
    if (file === undefined) return;
    try {
      this.fd = fs.openSync(file, 'a');
    } catch {
      this.fd = undefined; // the log is a convenience; the fault still carries the end of stderr
    }
  }

  /** How many bytes the IUT wrote to stderr, whether kept or not. */
  get bytes(): number {
    return this.total;
  }

  write(d: Buffer): void {
    if (this.fd === undefined || d.length === 0) {
      this.total += d.length;
      return;
    }
    const room = Math.max(0, this.head - this.total);
    this.total += d.length;
    if (room > 0) this.append(d.subarray(0, room));
    if (d.length > room) this.keep(d.subarray(room));
  }

  /** Writes the tail (after the cut line if bytes were left out) and closes the file. Idempotent. */
  close(): void {
    if (this.fd === undefined) return;
    const ring = this.ring;
    if (ring !== undefined) {
      const kept = this.wrapped ? this.tail : this.at;
      const left = this.total - this.head - kept;
      if (left > 0) this.append(Buffer.from(cutLine(left, this.total, this.head, this.tail)));
      if (this.wrapped) this.append(ring.subarray(this.at));
      this.append(ring.subarray(0, this.at));
      this.ring = undefined;
    }
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
  }

  private keep(d: Buffer): void {
    if (this.tail <= 0) return;
    const ring = (this.ring ??= Buffer.alloc(this.tail));
    // only the last ring-full of a large piece can survive
    const piece = d.length > ring.length ? d.subarray(d.length - ring.length) : d;
    if (piece.length < d.length) this.wrapped = true;
    const first = Math.min(piece.length, ring.length - this.at);
    piece.copy(ring, this.at, 0, first);
    piece.copy(ring, 0, first);
    const next = this.at + piece.length;
    if (next >= ring.length) this.wrapped = true;
    this.at = next % ring.length;
  }

  private append(b: Buffer): void {
    if (this.fd === undefined) return;
    try {
      fs.writeSync(this.fd, b);
    } catch {
      // a full disk: the fault still carries the end of stderr
    }
  }
}
