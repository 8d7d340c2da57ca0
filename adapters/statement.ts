/**
 * The implementation conformance statement of an IUT: its name, version and the capabilities it
 * declares. A scenario tagged @needs:CAPABILITY that the IUT does not declare is not applicable
 * to it. Process IUTs are asked once, before the run, with a hello of the process protocol.
 */
import type { KernelModule } from '../contract';
import { VERSION } from '../harness/package-info';
import type { IutSpec } from './iut-spec';
import { DEFAULT_MAX_LINE } from './process/protocol';
import { REFERENCE_CAPABILITIES } from './process/reference-iut';
import { type IutStatement, ProtocolSession } from './process/session';
import { kernelImage } from './kernel/image';
import { KERNEL_CAPABILITIES } from './kernel/statement';

export type { IutStatement } from './process/session';

/** Ask the IUT who it is. Rejects with an IutFault if a process IUT does not answer its hello properly. */
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
    return await session.hello();
  } finally {
    // stop, and kill it if it does not
    await session.close();
  }
}
