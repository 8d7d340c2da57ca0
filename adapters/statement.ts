/**
 * The implementation conformance statement of an IUT: its name, version and the capabilities it
 * declares. A scenario tagged @needs:CAPABILITY that the IUT does not declare is not applicable
 * to it. Process IUTs are asked once, before the run, with a hello of the process protocol; one
 * that fails it gets a statement that says so (FAULTY_NAME, no capabilities, the fault).
 */
import type { KernelModule } from '../contract';
import { VERSION } from '../harness/package-info';
import type { IutSpec } from './iut-spec';
import { DEFAULT_MAX_LINE } from './process/protocol';
import { REFERENCE_CAPABILITIES } from './process/reference-iut';
import { IutFault } from './process/channel';
import { type IutStatement, ProtocolSession } from './process/session';
import { kernelImage } from './kernel/image';
import { KERNEL_CAPABILITIES } from './kernel/statement';

export type { IutStatement } from './process/session';

/** The request that asks, as faults name it. */
export const HELLO_BEFORE_RUN = 'hello before the run';

/** The name and version of an IUT that did not introduce itself. */
export const FAULTY_NAME = 'unknown (no valid hello)';
export const FAULTY_VERSION = 'unknown';

/**
 * Ask the IUT who it is. A process IUT that cannot be started at all (the program is not found or
 * not executable) rejects with its `spawn` IutFault: there is nothing to run. One that started and
 * then failed its hello (exited, hung, garbage, protocol, refused) is the implementation's fault,
 * not the harness's: it gets a statement that carries the fault, and the run reports it.
 */
export async function iutStatement(iut: IutSpec, timeoutMs: number, kernelModule?: KernelModule): Promise<IutStatement> {
  if (iut.kind === 'reference') {
    return { name: `tipc-conformance reference (${iut.profile})`, version: VERSION, capabilities: [...REFERENCE_CAPABILITIES] };
  }
  if (iut.kind === 'kernel') {
    const image = kernelImage();
    return {
      name: image ? `Linux ${image.kernelRelease} (Debian ${image.packageName} ${image.packageVersion}) in QEMU` : 'Linux kernel in QEMU (guest image not built yet)',
      version: image?.kernelRelease ?? 'unknown',
      capabilities: [...KERNEL_CAPABILITIES],
      ...(kernelModule !== undefined ? { kernelModule } : {}),
    };
  }
  const session = new ProtocolSession({ argv: iut.argv, maxLine: DEFAULT_MAX_LINE, requestTimeoutMs: timeoutMs, helloTimeoutMs: timeoutMs });
  try {
    return await session.hello(HELLO_BEFORE_RUN);
  } catch (error: unknown) {
    if (!(error instanceof IutFault) || error.kind === 'spawn') throw error;
    return { name: FAULTY_NAME, version: FAULTY_VERSION, capabilities: [], fault: { kind: error.kind, what: error.what, stderrTail: error.stderrTail } };
  } finally {
    // stop, and kill it if it does not
    await session.close();
  }
}
