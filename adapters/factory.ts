/** Build the cluster adapter an --iut spec asks for. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClusterAdapter, ClusterSpec } from './adapter';
import { type TestersSpec, parseIutSpec, referenceProfile } from './iut-spec';
import { kernelImage } from './kernel/image';
import { KernelStack } from './kernel/kernel-stack';
import { DEFAULT_MAX_LINE } from './process/protocol';
import { RemoteStack } from './process/remote-stack';
import { type ExternalNode, type NodeFactory, ReferenceCluster } from './reference/cluster';

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

/** Kernel guests one scenario may boot at once on this machine (2 cores, software emulation). */
export const MAX_KERNEL_GUESTS = 4;

/**
 * Nodes of a cluster with a kernel in it: the simulated ones must keep up with the wall clock
 * (128 reference nodes do not, on one core).
 */
export const MAX_REAL_TIME_NODES = 16;

/** Nodes that are Linux kernels in QEMU guests (adapters/kernel/). */
function kernelFactory(ext: ExternalOptions): NodeFactory {
  const image = kernelImage();
  if (!image) throw new Error("the kernel guest image is not built: run 'tipc-conformance kernel setup'");
  // the guests' consoles go with the reports; a caller that gives no folder gets one under the OS's
  const base = ext.logDir ?? path.join(os.tmpdir(), `tipc-kernel-${process.pid}`);
  const extraAppend = process.env.TIPC_CONFORMANCE_KERNEL_APPEND?.trim();
  return {
    description: `kernel (Linux ${image.kernelRelease})`,
    make: (n: ExternalNode) =>
      new KernelStack({
        image,
        address: n.address,
        bearers: n.bearers.map((b) => ({
          mac: b.mac,
          ...(b.tolerance !== undefined ? { tolerance: b.tolerance } : {}),
          ...(b.priority !== undefined ? { priority: b.priority } : {}),
        })),
        startDown: n.startDown,
        addressOfMac: n.addressOfMac,
        workDir: path.join(base, `${ext.logName ?? 'scenario'}--node${n.id}.kernel`),
        ...(extraAppend ? { extraAppend } : {}),
      }),
  };
}

export function createCluster(iut: string, spec: ClusterSpec, ext: ExternalOptions = {}, testers: TestersSpec = 'reference'): ClusterAdapter {
  const s = parseIutSpec(iut);
  const testerFactory = testers === 'kernel' ? kernelFactory(ext) : undefined;
  switch (s.kind) {
    case 'reference':
      return new ReferenceCluster(spec, referenceProfile(s.profile), undefined, testerFactory);
    case 'kernel':
      return new ReferenceCluster(spec, 'fixed', kernelFactory(ext), testerFactory);
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
      }, testerFactory);
    }
  }
}
