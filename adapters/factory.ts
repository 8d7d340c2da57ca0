/** Build the cluster adapter an --iut spec asks for. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClusterAdapter, ClusterSpec } from './adapter';
import { parseIutSpec } from './iut-spec';
import { DEFAULT_MAX_LINE } from './process/protocol';
import { RemoteStack } from './process/remote-stack';
import { ReferenceCluster } from './reference/cluster';

/** Limits and places for implementations that run outside the harness. */
export interface ExternalOptions {
  /** Wall-clock limit for one request to a process IUT, ms. */
  readonly stepTimeoutMs?: number;
  /** Longest line a process IUT may write, bytes. */
  readonly maxLine?: number;
  /** Where each IUT process's stderr is kept, one file per node; none if undefined. */
  readonly logDir?: string;
  /** Prefix of the log file names (the scenario). */
  readonly logName?: string;
  /** Wall-clock time (Date.now()) after which no request to an IUT process may still be waiting. */
  readonly deadline?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export function createCluster(iut: string, spec: ClusterSpec, ext: ExternalOptions = {}): ClusterAdapter {
  const s = parseIutSpec(iut);
  switch (s.kind) {
    case 'reference':
      return new ReferenceCluster(spec, s.profile);
    case 'process': {
      if (ext.logDir) fs.mkdirSync(ext.logDir, { recursive: true });
      return new ReferenceCluster(spec, 'fixed', {
        description: iut,
        make: (n) =>
          new RemoteStack({
            argv: s.argv,
            address: n.address,
            netId: 4711,
            seed: n.seed,
            bearers: n.bearers,
            stepTimeoutMs: ext.stepTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
            maxLine: ext.maxLine ?? DEFAULT_MAX_LINE,
            ...(ext.deadline !== undefined ? { deadline: ext.deadline } : {}),
            ...(ext.logDir ? { logFile: path.join(ext.logDir, `${ext.logName ?? 'iut'}--node${n.id}.stderr.log`) } : {}),
          }),
      });
    }
  }
}
