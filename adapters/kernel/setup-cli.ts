/**
 * `tipc-conformance kernel setup`: builds (or shows) the kernel guest image.
 * argv is what follows `kernel setup`. Exit 0 when the image is ready, 2 on a usage or build error.
 */
import { defaultCacheDir, setupKernelImage } from './image';

export interface KernelSetupIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export function kernelSetupHelp(): string {
  return `Usage: tipc-conformance kernel setup [--cache DIR] [--force]

Builds the guest image the kernel IUT boots in QEMU: fetches the current Debian kernel package
(apt-get download, unpacked with dpkg -x, nothing installed into this machine), and builds an
initramfs with its TIPC and virtio modules, static busybox, the tipc tool and a binding helper.
A cached image is reused unless --force is given.

Options:
  --cache DIR   image cache folder (default ${defaultCacheDir()};
                TIPC_CONFORMANCE_CACHE=DIR puts it in DIR/kernel)
  --force       rebuild even if a cached image is usable
  -h, --help    show this help

Needs: qemu-system-x86 busybox-static kmod gcc libc6-dev (scripts/install-system-deps.sh).
`;
}

function mb(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}

export async function kernelSetupMain(argv: readonly string[], io: KernelSetupIo = process): Promise<number> {
  let cacheDir: string | undefined;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '-h' || a === '--help') {
      io.stdout.write(kernelSetupHelp());
      return 0;
    } else if (a === '--force') {
      force = true;
    } else if (a === '--cache' || a.startsWith('--cache=')) {
      const v = a === '--cache' ? argv[++i] : a.slice('--cache='.length);
      if (!v) {
        io.stderr.write('kernel setup: --cache needs a folder\n');
        return 2;
      }
      cacheDir = v;
    } else {
      io.stderr.write(`kernel setup: unknown argument '${a}'\nsee tipc-conformance kernel setup --help\n`);
      return 2;
    }
  }
  const started = Date.now();
  try {
    const image = await setupKernelImage({ cacheDir, force, log: (line) => io.stdout.write(`${line}\n`) });
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    io.stdout.write(
      `kernel image ready in ${secs} s\n` +
        `  kernel   ${image.kernelPath} (${image.kernelFormat}, ${mb(image.sizes.kernel)})\n` +
        `  initrd   ${image.initrdPath} (${mb(image.sizes.initrd)})\n` +
        `  version  Linux ${image.kernelRelease}, Debian ${image.packageName} ${image.kernelVersion}\n` +
        `  built    ${image.builtAt}\n`,
    );
    return 0;
  } catch (e) {
    io.stderr.write(`kernel setup failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
