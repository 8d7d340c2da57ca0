/**
 * Reading a run's scenario files as a reader would: a passed scenario's trace and pcap are
 * gzipped (x.trace.txt.gz, x.pcap.gz), a failed one's plain (steps/support/report.ts). Each is
 * named here as if plain, its bytes as written before compression.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** A report file's bytes, gunzipped when it is a .gz. */
export function readReportFile(file: string): Buffer {
  const bytes = fs.readFileSync(file);
  return file.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

/** The files of `folder` ending in `suffix` (".trace.txt", ".pcap"), gzipped or not: plain name → path. */
export function reportFiles(folder: string, suffix: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of fs.readdirSync(folder).sort()) {
    if (f.endsWith(suffix)) out.set(f, path.join(folder, f));
    else if (f.endsWith(`${suffix}.gz`)) out.set(f.slice(0, -3), path.join(folder, f));
  }
  return out;
}

/** A run's traces (under `out`/traces): plain name → text. */
export function readTraces(out: string): Map<string, string> {
  return new Map([...reportFiles(path.join(out, 'traces'), '.trace.txt')].map(([name, file]) => [name, readReportFile(file).toString('utf8')]));
}
