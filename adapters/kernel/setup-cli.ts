/**
 * `tipc-conformance kernel setup`: builds (or shows) the kernel guest image.
 * kernelSetupCommand is the command's definition (commander), which the CLI mounts under `kernel`;
 * kernelSetup does the work. Exit 0 when the image is ready, 2 on a usage or build error.
 */
import { Command } from 'commander';
import { defaultCacheDir, setupKernelImage } from './image';
import { setupBuildEnv } from './module-build';

export interface KernelSetupIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export interface KernelSetupOptions {
  /** Image cache folder; the default one when undefined. */
  readonly cacheDir?: string;
  /** Rebuild even if a cached image is usable. */
  readonly force: boolean;
  /** Skip fetching what building tipc.ko needs (Debian's source and headers of the kernel). */
  readonly imageOnly: boolean;
}

interface RawKernelSetupOptions {
  cache?: string;
  force?: boolean;
  imageOnly?: boolean;
}

/**
 * The `setup` command. A usage problem goes through commander's error() (and so through the
 * caller's exitOverride); `onParsed` receives the validated options and runs nothing.
 */
export function kernelSetupCommand(onParsed: (options: KernelSetupOptions) => void): Command {
  const command = new Command('setup');
  return command
    .summary('build the Linux kernel guest image for --iut kernel')
    .description(
      `Builds the guest image the kernel IUT boots in QEMU: fetches the current Debian kernel package
(apt-get download, unpacked with dpkg -x, nothing installed into this machine), and builds an
initramfs with its TIPC and virtio modules, static busybox, the tipc tool and a binding helper.
Then fetches what building tipc.ko needs (kernel profiles, --tipc-src, --tipc-patch): Debian's
linux-source, linux-headers and linux-kbuild packages at the guest kernel's exact version, with
apt-get download, unpacked with dpkg -x into the cache; only net/tipc is kept of the source.
A cached image is reused unless --force is given.`,
    )
    .option('--cache <DIR>', `image cache folder (default ${defaultCacheDir()}; TIPC_CONFORMANCE_CACHE=DIR puts it in DIR/kernel)`)
    .option('--force', 'rebuild even if a cached image is usable')
    .option('--image-only', 'only the guest image: do not fetch the source and headers for building tipc.ko')
    .helpOption('-h, --help', 'show this help')
    .addHelpText(
      'after',
      `
Needs: qemu-system-x86 busybox-static kmod gcc libc6-dev, and for building tipc.ko make patch
binutils xz-utils and Debian's compiler of the kernel (gcc-12) (scripts/install-system-deps.sh).

Exit codes: 0 the image is ready, 2 usage or build error.
`,
    )
    .action(() => {
      const raw = command.opts<RawKernelSetupOptions>();
      if (raw.cache !== undefined && (raw.cache === '' || raw.cache.startsWith('-'))) command.error('--cache needs a folder');
      onParsed({ ...(raw.cache !== undefined ? { cacheDir: raw.cache } : {}), force: raw.force === true, imageOnly: raw.imageOnly === true });
    });
}

function mb(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}

export async function kernelSetup(options: KernelSetupOptions, io: KernelSetupIo = process): Promise<number> {
  const started = Date.now();
  try {
    const image = await setupKernelImage({ cacheDir: options.cacheDir, force: options.force, log: (line) => io.stdout.write(`${line}\n`) });
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    io.stdout.write(
      `kernel image ready in ${secs} s\n` +
        `  kernel   ${image.kernelPath} (${image.kernelFormat}, ${mb(image.sizes.kernel)})\n` +
        `  initrd   ${image.initrdPath} (${mb(image.sizes.initrd)})\n` +
        `  version  Linux ${image.kernelRelease}, Debian ${image.packageName} ${image.kernelVersion}\n` +
        `  built    ${image.builtAt}\n`,
    );
    if (!options.imageOnly) {
      const env = await setupBuildEnv({ image, ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}), log: (line) => io.stdout.write(`${line}\n`) });
      io.stdout.write(`  tipc.ko  built from Debian's net/tipc in ${env.sourceRoot} against ${env.headersDir}\n`);
    }
    return 0;
  } catch (e) {
    io.stderr.write(`kernel setup failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
