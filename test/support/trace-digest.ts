/**
 * Digests of the traces a run wrote (one SHA-256 per trace file), and the checked-in digests of
 * every scenario under every profile at seed 1 (test/vectors/trace-digests.json). A refactoring
 * of the harness must leave every trace byte for byte as it was: the teeth test compares each of
 * its runs with these.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readReportFile, reportFiles } from './report-files';

export const TRACE_DIGESTS_FILE = path.resolve(__dirname, '..', 'vectors', 'trace-digests.json');

/** One run's traces: file name (as if plain: a passed scenario's is gzipped) → SHA-256 (hex) of its text. */
export type TraceDigests = Record<string, string>;

export function digestTraces(out: string): TraceDigests {
  const dir = path.join(out, 'traces');
  const digests: TraceDigests = {};
  for (const [name, file] of reportFiles(dir, '.trace.txt')) digests[name] = createHash('sha256').update(readReportFile(file)).digest('hex');
  return digests;
}

/** The checked-in digests, by run ("in-process:fixed", "process:legacy", ...). */
export function checkedInDigests(): Record<string, TraceDigests> {
  return JSON.parse(fs.readFileSync(TRACE_DIGESTS_FILE, 'utf8')) as Record<string, TraceDigests>;
}

/** Names of the traces whose digest differs from the checked-in one, or that one side lacks. */
export function differingTraces(seen: TraceDigests, expected: TraceDigests): string[] {
  const names = new Set([...Object.keys(seen), ...Object.keys(expected)]);
  return [...names].filter((n) => seen[n] !== expected[n]).sort();
}
