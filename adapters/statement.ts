/**
 * The implementation conformance statement of an IUT: its name, version and the capabilities it
 * declares. A scenario tagged @needs:CAPABILITY that the IUT does not declare is not applicable
 * to it. Process IUTs are asked once, before the run, with a hello of the process protocol.
 */
import { VERSION } from '../harness/package-info';
import type { IutSpec } from './iut-spec';
import { IutFault, SyncChannel } from './process/channel';
import { DEFAULT_MAX_LINE, PROTOCOL_VERSION, ProtocolError, parseReply } from './process/protocol';
import { REFERENCE_CAPABILITIES } from './process/reference-iut';
import { kernelImage } from './kernel/image';
import { KERNEL_CAPABILITIES } from './kernel/statement';

export interface IutStatement {
  readonly name: string;
  readonly version: string;
  readonly capabilities: readonly string[];
}

/** Ask the IUT who it is. Throws IutFault if a process IUT does not answer its hello properly. */
export function iutStatement(iut: IutSpec, timeoutMs: number): IutStatement {
  if (iut.kind === 'reference') {
    return { name: `tipc-conformance reference (${iut.profile})`, version: VERSION, capabilities: [...REFERENCE_CAPABILITIES] };
  }
  if (iut.kind === 'kernel') {
    const image = kernelImage();
    return {
      name: image ? `Linux ${image.kernelRelease} (Debian ${image.packageName} ${image.packageVersion}) in QEMU` : 'Linux kernel in QEMU (guest image not built yet)',
      version: image?.kernelRelease ?? 'unknown',
      capabilities: [...KERNEL_CAPABILITIES],
    };
  }
  const ch = new SyncChannel(iut.argv, { maxLine: DEFAULT_MAX_LINE });
  try {
    const line = ch.request(JSON.stringify({ id: 1, op: 'hello', protocol: PROTOCOL_VERSION }), timeoutMs, 'hello');
    let r;
    try {
      r = parseReply(line, { id: 1, op: 'hello' });
    } catch (e) {
      if (e instanceof ProtocolError) throw ch.fail(line.trimStart().startsWith('{') ? 'protocol' : 'garbage', `answered hello with ${e.message}`);
      throw e;
    }
    if (!r.ok) throw ch.fail('refused', `refused hello: ${r.error ?? ''}`);
    try {
      ch.request(JSON.stringify({ id: 2, op: 'stop' }), 2000, 'stop');
    } catch (e) {
      if (!(e instanceof IutFault)) throw e;
    }
    return { name: r.name ?? '', version: r.version ?? '', capabilities: r.capabilities ?? [] };
  } finally {
    ch.close();
  }
}
