/**
 * A text file as the reports attach it: whole when small, else its head and its tail with the
 * file's size and place between, read from the two ends only. A log the reports embed is written
 * four times (messages.ndjson, cucumber.html, allure-results/, the Allure HTML report), and an
 * IUT's log may be megabytes: it is never read whole into memory.
 */
import * as fs from 'node:fs';

/** Bytes of the head, and of the tail, of a log attached to the reports. */
export const LOG_EXCERPT_BYTES = 64 * 1024;

function readAt(fd: number, position: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, b, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return b.subarray(0, got);
}

/** The file's text, or its first and last `each` bytes (cut at line ends when there are some) and a line saying what was left out. */
export function fileExcerpt(file: string, each = LOG_EXCERPT_BYTES): string {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= 2 * each) return readAt(fd, 0, size).toString('utf8');
    let head = readAt(fd, 0, each);
    let tail = readAt(fd, size - each, each);
    // whole lines where the cut falls within the last (first) half of the piece
    const lastNl = head.lastIndexOf(0x0a);
    if (lastNl >= each / 2) head = head.subarray(0, lastNl + 1);
    const firstNl = tail.indexOf(0x0a);
    if (firstNl >= 0 && firstNl < each / 2) tail = tail.subarray(firstNl + 1);
    const left = size - head.length - tail.length;
    const sep = head.length > 0 && head[head.length - 1] !== 0x0a ? '\n' : '';
    return `${head.toString('utf8')}${sep}[... ${left.toLocaleString('en')} bytes left out: the whole file (${size.toLocaleString('en')} bytes) is ${file} ...]\n${tail.toString('utf8')}`;
  } finally {
    fs.closeSync(fd);
  }
}
