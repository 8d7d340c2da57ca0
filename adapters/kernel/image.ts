/**
 * The guest image for the kernel adapter: a Debian 6.1 kernel (TIPC as a module) and an initramfs
 * that loads TIPC, sets the node up and gives a shell on the serial console.
 *
 * Built from the machine's own packages, nothing installed into the host: the kernel package is
 * fetched with `apt-get download` and unpacked with `dpkg -x`; the module load order comes from
 * `modprobe --show-depends` (kmod) against the unpacked tree; the initramfs (cpio newc, gzip,
 * written here so that /dev/console needs no mknod) holds static busybox, the modules, the host's
 * `tipc` tool with its libraries, the static helper adapters/kernel/guest/tipc-bind.c (built with
 * `gcc -static`) and adapters/kernel/guest/init.sh as /init.
 *
 * The uncompressed vmlinux is extracted from the vmlinuz when it has a PVH entry note (QEMU then
 * boots it directly: 3-4 s to ready instead of 6 s); otherwise the vmlinuz is booted.
 *
 * Cache: `$TIPC_CONFORMANCE_CACHE/kernel`, else `$XDG_CACHE_HOME/tipc-conformance/kernel`, else
 * `~/.cache/tipc-conformance/kernel`. A build goes to a temporary folder next to it and is renamed
 * into place when complete, so a half-built image is never used. manifest.json records what was
 * built; an image whose guest sources (init.sh, tipc-bind.c) have changed since is not used.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Bumped when the image layout changes, so that older caches are rebuilt. */
const LAYOUT_VERSION = 1;
const GUEST_SRC = path.join(__dirname, 'guest');
const INIT_SRC = path.join(GUEST_SRC, 'init.sh');
const HELPER_SRC = path.join(GUEST_SRC, 'tipc-bind.c');
/** The modules the guest needs; their dependencies come from modprobe. */
const WANTED_MODULES = ['virtio_pci', 'virtio_net', 'tipc'] as const;
const META_PACKAGES = ['linux-image-amd64', 'linux-image-cloud-amd64'] as const;
/** Printed by /init when the node is set up. */
export const READY_MARKER = 'TIPC-GUEST-READY';
/** Printed by /init when a set-up step failed (followed by the step). */
export const FAILED_MARKER = 'TIPC-GUEST-FAILED';

export interface KernelImage {
  /** The image folder (in the cache). */
  dir: string;
  /** What QEMU boots with -kernel: the vmlinux (PVH) when available, else the vmlinuz. */
  kernelPath: string;
  kernelFormat: 'vmlinux-pvh' | 'vmlinuz';
  /** The compressed kernel as packaged (kept as the fallback). */
  vmlinuzPath: string;
  initrdPath: string;
  /** Debian package version of the kernel, e.g. 6.1.176-1. */
  kernelVersion: string;
  /** The kernel release (uname -r, the modules folder), e.g. 6.1.0-50-amd64. */
  kernelRelease: string;
  /** The Debian package it came from, e.g. linux-image-6.1.0-50-amd64. */
  packageName: string;
  /** The same as kernelVersion (the Debian package version). */
  packageVersion: string;
  /** Module file names in load order, as /init insmods them. */
  modules: string[];
  builtAt: string;
  buildMs: number;
  sizes: { kernel: number; vmlinuz: number; initrd: number };
  /** Hash of the guest sources and layout the image was built from. */
  sourceHash: string;
  layoutVersion: number;
}

export interface SetupOptions {
  /** The kernel cache folder (default: see defaultCacheDir). */
  cacheDir?: string;
  /** Rebuild even when a usable image is cached. */
  force?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Kernel meta package to resolve (default linux-image-amd64). */
  metaPackage?: (typeof META_PACKAGES)[number];
}

/** The kernel image cache folder. */
export function defaultCacheDir(): string {
  const env = process.env['TIPC_CONFORMANCE_CACHE'];
  if (env) return path.join(path.resolve(env), 'kernel');
  const xdg = process.env['XDG_CACHE_HOME'];
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir(), '.cache');
  return path.join(base, 'tipc-conformance', 'kernel');
}

const IMAGE_SUBDIR = 'image';

/** Hash of what the guest is built from: a change makes a cached image stale. */
export function guestSourceHash(): string {
  const h = createHash('sha256');
  h.update(`layout ${LAYOUT_VERSION}\n`);
  for (const f of [INIT_SRC, HELPER_SRC]) {
    h.update(`${path.basename(f)}\n`);
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

function isImage(v: unknown): v is KernelImage {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o['kernelPath'] === 'string' &&
    typeof o['initrdPath'] === 'string' &&
    typeof o['kernelVersion'] === 'string' &&
    typeof o['kernelRelease'] === 'string' &&
    typeof o['packageName'] === 'string' &&
    typeof o['packageVersion'] === 'string' &&
    typeof o['sourceHash'] === 'string' &&
    o['layoutVersion'] === LAYOUT_VERSION
  );
}

/** The cached image, or undefined when there is none usable (missing, partial or stale). */
export function kernelImage(cacheDir: string = defaultCacheDir()): KernelImage | undefined {
  const dir = path.join(cacheDir, IMAGE_SUBDIR);
  const manifest = path.join(dir, 'manifest.json');
  if (!existsSync(manifest)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    return undefined;
  }
  if (!isImage(parsed)) return undefined;
  if (parsed.sourceHash !== guestSourceHash()) return undefined;
  // paths are stored relative to the folder, so a moved cache still works
  const image: KernelImage = {
    ...parsed,
    dir,
    kernelPath: path.join(dir, parsed.kernelPath),
    vmlinuzPath: path.join(dir, parsed.vmlinuzPath),
    initrdPath: path.join(dir, parsed.initrdPath),
  };
  for (const f of [image.kernelPath, image.initrdPath]) if (!existsSync(f)) return undefined;
  return image;
}

// ---------------------------------------------------------------------------------------------
// Tools

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a tool (never a shell) with LC_ALL=C; rejects with its exit reason and the last lines of its stderr. */
export function run(file: string, args: readonly string[], opts: { cwd?: string; maxBuffer?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: opts.cwd, maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        if (err) {
          const detail = String(stderr).trim().split('\n').slice(-8).join('\n');
          reject(new Error(`${file} ${args.join(' ')} failed: ${err.message.split('\n')[0]}${detail ? `\n${detail}` : ''}`));
        } else resolve({ stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Absolute path of a command found in PATH (plus the sbin folders), or undefined. */
export function which(cmd: string): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(':').concat(['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  for (const d of dirs) {
    if (!d) continue;
    const p = path.join(d, cmd);
    try {
      const st = statSync(p);
      if (st.isFile() && (st.mode & 0o111) !== 0) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** True when the file is an ELF executable with no program interpreter (statically linked). */
function isStaticElf(file: string): boolean {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return false;
  }
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2) return false;
  const phoff = Number(buf.readBigUInt64LE(0x20));
  const phentsize = buf.readUInt16LE(0x36);
  const phnum = buf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    if (buf.readUInt32LE(phoff + i * phentsize) === 3 /* PT_INTERP */) return false;
  }
  return true;
}

interface Tools {
  qemu: string;
  busybox: string;
  modprobe: string;
  depmod: string;
  gcc: string;
  tipc: string;
  aptGet: string;
  aptCache: string;
  dpkg: string;
  ldd: string;
  xz?: string;
  zstd?: string;
}

/** Where a tool is looked for: a command in PATH, and whether a file is a static executable. */
export interface ToolLookup {
  readonly which: (cmd: string) => string | undefined;
  readonly isStatic: (file: string) => boolean;
  readonly exists: (file: string) => boolean;
}

const HOST: ToolLookup = { which: (cmd) => which(cmd), isStatic: (file) => isStaticElf(file), exists: (file) => existsSync(file) };

/** Checks what booting a guest needs (QEMU); throws an Error naming the apt-get command that fixes it. */
export function checkBootPrerequisites(look: ToolLookup = HOST): string {
  const qemu = look.which('qemu-system-x86_64');
  if (!qemu) throw new Error('the kernel guest needs qemu-system-x86_64: install with `apt-get install qemu-system-x86` (as root; or run scripts/install-system-deps.sh)');
  return qemu;
}

/** Checks every tool the build and the boot need; throws one Error naming every fix. */
export function checkPrerequisites(look: ToolLookup = HOST): Tools {
  const missing: { what: string; pkg: string }[] = [];
  const need = (cmd: string, pkg: string): string => {
    const p = look.which(cmd);
    if (!p) missing.push({ what: cmd, pkg });
    return p ?? '';
  };
  const qemu = need('qemu-system-x86_64', 'qemu-system-x86');
  const modprobe = need('modprobe', 'kmod');
  const depmod = need('depmod', 'kmod');
  const gcc = need('gcc', 'gcc');
  const tipc = need('tipc', 'iproute2');
  const aptGet = need('apt-get', 'apt');
  const aptCache = need('apt-cache', 'apt');
  const dpkg = need('dpkg', 'dpkg');
  const ldd = need('ldd', 'libc-bin');
  let busybox = '';
  for (const c of ['/bin/busybox', '/usr/bin/busybox', look.which('busybox') ?? '']) {
    if (c && look.isStatic(c)) {
      busybox = c;
      break;
    }
  }
  if (!busybox) missing.push({ what: 'a statically linked busybox', pkg: 'busybox-static' });
  if (gcc && !['/usr/lib/x86_64-linux-gnu/libc.a', '/usr/lib/libc.a'].some((f) => look.exists(f))) {
    missing.push({ what: 'libc.a (for gcc -static)', pkg: 'libc6-dev' });
  }
  if (gcc && !look.exists('/usr/include/linux/tipc.h')) missing.push({ what: 'linux/tipc.h', pkg: 'linux-libc-dev' });
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map((m) => m.pkg))];
    throw new Error(
      `the kernel guest needs ${missing.map((m) => m.what).join(', ')}: install with ` +
        `\`apt-get install ${pkgs.join(' ')}\` (as root; or run scripts/install-system-deps.sh)`,
    );
  }
  return { qemu, busybox, modprobe, depmod, gcc, tipc, aptGet, aptCache, dpkg, ldd, xz: look.which('xz'), zstd: look.which('zstd') };
}

// ---------------------------------------------------------------------------------------------
// cpio newc writer

interface CpioEntry {
  name: string;
  mode: number;
  data?: Buffer;
  /** for symlinks */
  target?: string;
  rdevMajor?: number;
  rdevMinor?: number;
}

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

function cpioNewc(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  let ino = 1;
  const pad4 = (n: number): Buffer => Buffer.alloc((4 - (n % 4)) % 4);
  const add = (e: CpioEntry): void => {
    const body = e.target !== undefined ? Buffer.from(e.target) : (e.data ?? Buffer.alloc(0));
    const name = Buffer.from(`${e.name}\0`);
    const fields = [
      ino++,
      e.mode,
      0, // uid
      0, // gid
      (e.mode & 0o170000) === S_IFDIR ? 2 : 1,
      0, // mtime: fixed, reproducible
      body.length,
      0, // devmajor
      0, // devminor
      e.rdevMajor ?? 0,
      e.rdevMinor ?? 0,
      name.length,
      0, // check
    ];
    const header = Buffer.from(`070701${fields.map((f) => f.toString(16).padStart(8, '0')).join('')}`, 'ascii');
    parts.push(header, name, pad4(header.length + name.length), body, pad4(body.length));
  };
  for (const e of entries) add(e);
  add({ name: 'TRAILER!!!', mode: 0 });
  return Buffer.concat(parts);
}

/** Folder-ordered entry list: every parent directory comes before what it holds. */
class Tree {
  private readonly entries = new Map<string, CpioEntry>();

  dir(name: string): void {
    const clean = name.replace(/^\/+|\/+$/g, '');
    if (!clean || this.entries.has(clean)) return;
    this.dir(path.posix.dirname(clean) === '.' ? '' : path.posix.dirname(clean));
    this.entries.set(clean, { name: clean, mode: S_IFDIR | 0o755 });
  }

  private parent(name: string): string {
    const clean = name.replace(/^\/+/, '');
    const d = path.posix.dirname(clean);
    if (d !== '.') this.dir(d);
    return clean;
  }

  file(name: string, data: Buffer, mode = 0o644): void {
    const clean = this.parent(name);
    this.entries.set(clean, { name: clean, mode: S_IFREG | mode, data });
  }

  symlink(name: string, target: string): void {
    const clean = this.parent(name);
    if (this.entries.has(clean)) return;
    this.entries.set(clean, { name: clean, mode: S_IFLNK | 0o777, target });
  }

  charDev(name: string, major: number, minor: number, mode = 0o600): void {
    const clean = this.parent(name);
    this.entries.set(clean, { name: clean, mode: S_IFCHR | mode, rdevMajor: major, rdevMinor: minor });
  }

  has(name: string): boolean {
    return this.entries.has(name.replace(/^\/+/, ''));
  }

  archive(): Buffer {
    return cpioNewc([...this.entries.values()]);
  }
}

/**
 * An initramfs that is `base` with `files` laid over it: the kernel unpacks concatenated gzip'd
 * cpio archives one after the other, and a later file of the same name replaces the earlier one
 * (Documentation/driver-api/early-userspace/buffer-format.rst). So a guest boots another tipc.ko
 * without the base image being unpacked and packed again.
 */
export function overlayInitrd(base: Buffer, files: ReadonlyMap<string, Buffer>): Buffer {
  const tree = new Tree();
  for (const [name, data] of files) tree.file(name, data);
  return Buffer.concat([base, gzipSync(tree.archive(), { level: 6 })]);
}

/** The contents of one regular file in a gzip'd cpio newc archive (the last of that name), or undefined. */
export function initrdFile(initrd: Buffer, name: string): Buffer | undefined {
  const archive = gunzipSync(initrd); // concatenated members are all inflated
  let found: Buffer | undefined;
  let at = 0;
  const align = (n: number): number => (n + 3) & ~3;
  while (at + 110 <= archive.length) {
    if (archive.toString('ascii', at, at + 6) !== '070701') {
      // padding between concatenated archives
      at += 4;
      continue;
    }
    const field = (i: number): number => parseInt(archive.toString('ascii', at + 6 + i * 8, at + 14 + i * 8), 16);
    const size = field(6);
    const nameSize = field(11);
    const entry = archive.toString('utf8', at + 110, at + 110 + nameSize - 1);
    const dataAt = align(at + 110 + nameSize);
    if (entry === name.replace(/^\/+/, '') && (field(1) & 0o170000) === S_IFREG) found = archive.subarray(dataAt, dataAt + size);
    at = align(dataAt + size);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// vmlinux extraction

/** True when the ELF has a Xen PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY), which QEMU boots. */
export function hasPvhNote(elf: Buffer): boolean {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2) return false;
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (elf.readUInt32LE(ph) !== 4 /* PT_NOTE */) continue;
    let off = Number(elf.readBigUInt64LE(ph + 8));
    const end = off + Number(elf.readBigUInt64LE(ph + 32));
    while (off + 12 <= end && off + 12 <= elf.length) {
      const namesz = elf.readUInt32LE(off);
      const descsz = elf.readUInt32LE(off + 4);
      const type = elf.readUInt32LE(off + 8);
      const name = elf.subarray(off + 12, off + 12 + namesz).toString('latin1').replace(/\0+$/, '');
      if (name === 'Xen' && type === 18) return true;
      off += 12 + Math.ceil(namesz / 4) * 4 + Math.ceil(descsz / 4) * 4;
    }
  }
  return false;
}

function pipeThrough(cmd: string, args: readonly string[], input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.on('error', reject);
    child.stdin.on('error', () => undefined); // the decompressor may stop reading at the stream end
    child.on('close', (code) => {
      const data = Buffer.concat(out);
      // trailing bytes after the stream make some decompressors complain: the output still counts
      if (data.length > 0) resolve(data);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.trim()}`));
    });
    child.stdin.end(input);
  });
}

/**
 * The vmlinux inside a bzImage: the payload is found by its compression magic and decompressed
 * (the same approach as the kernel's scripts/extract-vmlinux). Undefined if not found.
 */
async function extractVmlinux(vmlinuz: Buffer, tools: Tools): Promise<Buffer | undefined> {
  const formats: { magic: Buffer; inflate: (b: Buffer) => Promise<Buffer> }[] = [];
  if (tools.xz) {
    const xz = tools.xz;
    formats.push({ magic: Buffer.from('fd377a585a00', 'hex'), inflate: (b) => pipeThrough(xz, ['-dc', '--single-stream'], b) });
  }
  if (tools.zstd) {
    const zstd = tools.zstd;
    formats.push({ magic: Buffer.from('28b52ffd', 'hex'), inflate: (b) => pipeThrough(zstd, ['-dcq'], b) });
  }
  formats.push({ magic: Buffer.from('1f8b08', 'hex'), inflate: async (b) => gunzipSync(b) });
  for (const f of formats) {
    let at = vmlinuz.indexOf(f.magic);
    while (at >= 0) {
      try {
        const elf = await f.inflate(vmlinuz.subarray(at));
        if (elf.length > 64 && elf.readUInt32BE(0) === 0x7f454c46) return elf;
      } catch {
        // not this occurrence
      }
      at = vmlinuz.indexOf(f.magic, at + 1);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Build

async function resolveKernelPackage(tools: Tools, meta: string): Promise<string> {
  const { stdout } = await run(tools.aptCache, ['depends', meta]);
  const m = /Depends:\s*(linux-image-[0-9][^\s<>]*)/.exec(stdout);
  if (!m?.[1]) {
    throw new Error(`\`apt-cache depends ${meta}\` names no linux-image package (is the apt index there? try \`apt-get update\`):\n${stdout.trim()}`);
  }
  return m[1];
}

/** Shared objects a dynamic executable loads, with the loader, from `ldd`. */
async function sharedLibraries(tools: Tools, exe: string): Promise<string[]> {
  const { stdout } = await run(tools.ldd, [exe]);
  const libs: string[] = [];
  for (const line of stdout.split('\n')) {
    const arrow = /=>\s*(\/\S+)/.exec(line);
    const bare = /^\s*(\/\S+)\s+\(/.exec(line);
    const lib = arrow?.[1] ?? bare?.[1];
    if (lib) libs.push(lib);
    else if (/not found/.test(line)) throw new Error(`ldd ${exe}: ${line.trim()}`);
  }
  return libs;
}

async function decompressModule(file: string, tools: Tools): Promise<Buffer> {
  const raw = await fsp.readFile(file);
  if (file.endsWith('.ko')) return raw;
  if (file.endsWith('.ko.gz')) return gunzipSync(raw);
  if (file.endsWith('.ko.xz') && tools.xz) return pipeThrough(tools.xz, ['-dc'], raw);
  if (file.endsWith('.ko.zst') && tools.zstd) return pipeThrough(tools.zstd, ['-dcq'], raw);
  throw new Error(`cannot decompress module ${file}: install xz-utils / zstd`);
}

/** Build folders (`.build-PID-*`) whose process is gone: an interrupted build (Ctrl-C) leaves one. */
async function removeAbandonedBuilds(cacheDir: string): Promise<void> {
  for (const name of await fsp.readdir(cacheDir)) {
    const pid = /^\.build-(\d+)-/.exec(name)?.[1];
    if (pid === undefined) continue;
    let alive = true;
    try {
      process.kill(Number(pid), 0);
    } catch (e) {
      alive = (e as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (!alive) await fsp.rm(path.join(cacheDir, name), { recursive: true, force: true });
  }
}

/** Builds (or returns the cached) guest image. */
export async function setupKernelImage(opts: SetupOptions = {}): Promise<KernelImage> {
  const cacheDir = path.resolve(opts.cacheDir ?? defaultCacheDir());
  const log = opts.log ?? (() => undefined);
  if (!opts.force) {
    const cached = kernelImage(cacheDir);
    if (cached) {
      checkBootPrerequisites();
      log(`using the cached image in ${cached.dir} (${cached.packageName} ${cached.kernelVersion}, built ${cached.builtAt})`);
      return cached;
    }
  }
  const tools = checkPrerequisites();
  const started = Date.now();
  const step = (what: string): void => log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
  await fsp.mkdir(cacheDir, { recursive: true });
  await removeAbandonedBuilds(cacheDir);
  const work = await fsp.mkdtemp(path.join(cacheDir, `.build-${process.pid}-`));
  try {
    const out = path.join(work, IMAGE_SUBDIR);
    const dl = path.join(work, 'download');
    const root = path.join(work, 'root');
    await fsp.mkdir(out);
    await fsp.mkdir(dl);

    const meta = opts.metaPackage ?? 'linux-image-amd64';
    const pkg = await resolveKernelPackage(tools, meta);
    step(`kernel package ${pkg} (from ${meta}); downloading`);
    // as root, apt would hand the download to the _apt user, who cannot write to a private folder
    await run(tools.aptGet, ['download', '-q', '-o', 'APT::Sandbox::User=root', pkg], { cwd: dl });
    const debs = (await fsp.readdir(dl)).filter((f) => f.endsWith('.deb'));
    const deb = debs[0];
    if (debs.length !== 1 || !deb) throw new Error(`apt-get download ${pkg} left ${debs.length} .deb files in ${dl}`);
    const debPath = path.join(dl, deb);
    const version = (await run(tools.dpkg, ['-f', debPath, 'Version'])).stdout.trim();
    step(`unpacking ${deb} (${((await fsp.stat(debPath)).size / 1e6).toFixed(1)} MB) with dpkg -x`);
    await run(tools.dpkg, ['-x', debPath, root]);

    let modRoot = path.join(root, 'lib', 'modules');
    if (!existsSync(modRoot)) modRoot = path.join(root, 'usr', 'lib', 'modules');
    const releases = existsSync(modRoot) ? await fsp.readdir(modRoot) : [];
    const release = releases[0];
    if (releases.length !== 1 || !release) throw new Error(`expected one kernel release under ${modRoot}, found ${releases.join(', ') || 'none'}`);
    const vmlinuzSrc = path.join(root, 'boot', `vmlinuz-${release}`);
    if (!existsSync(vmlinuzSrc)) throw new Error(`${pkg} holds no boot/vmlinuz-${release}`);

    // module order: the package has no modules.dep (depmod runs at install), so make one
    const modBase = path.dirname(path.dirname(modRoot)) === root ? root : path.join(root, 'usr');
    if (!existsSync(path.join(modRoot, release, 'modules.dep'))) await run(tools.depmod, ['-b', modBase, release]);
    const order: string[] = [];
    for (const m of WANTED_MODULES) {
      const { stdout } = await run(tools.modprobe, ['--show-depends', '-d', modBase, '-S', release, m]);
      for (const line of stdout.split('\n')) {
        const im = /^insmod\s+(\S+)/.exec(line.trim());
        if (im?.[1] && !order.includes(im[1])) order.push(im[1]);
      }
    }
    if (!order.some((f) => /\/tipc\.ko/.test(f))) throw new Error(`modprobe found no tipc module in ${release}: is CONFIG_TIPC=m?`);
    step(`modules in load order: ${order.map((f) => path.basename(f).replace(/\.ko.*$/, '')).join(' ')}`);

    const tree = new Tree();
    for (const d of ['dev', 'proc', 'sys', 'run', 'tmp', 'root', 'etc', 'lib/modules']) tree.dir(d);
    tree.charDev('dev/console', 5, 1);
    tree.charDev('dev/null', 1, 3, 0o666);

    const moduleNames: string[] = [];
    for (const f of order) {
      const name = path.basename(f).replace(/\.ko(\.(xz|gz|zst))?$/, '.ko');
      tree.file(`lib/modules/${name}`, await decompressModule(f, tools));
      moduleNames.push(name);
    }
    tree.file('lib/modules/load-order', Buffer.from(`${moduleNames.join('\n')}\n`));

    // busybox and its applets
    tree.file('bin/busybox', await fsp.readFile(tools.busybox), 0o755);
    const { stdout: applets } = await run(tools.busybox, ['--list-full']);
    for (const a of applets.split('\n').map((s) => s.trim())) {
      if (a && a !== 'bin/busybox' && !a.includes('..')) tree.symlink(a, '/bin/busybox');
    }
    tree.file('etc/passwd', Buffer.from('root:x:0:0:root:/root:/bin/sh\n'));
    tree.file('etc/group', Buffer.from('root:x:0:\n'));

    // the tipc tool and what it loads
    tree.file('usr/sbin/tipc', await fsp.readFile(tools.tipc), 0o755);
    const libs = await sharedLibraries(tools, tools.tipc);
    for (const lib of libs) tree.file(lib, await fsp.readFile(lib), 0o755);
    step(`tipc tool with ${libs.map((l) => path.basename(l)).join(', ')}`);

    // the binding helper
    const helper = path.join(work, 'tipc-bind');
    await run(tools.gcc, ['-static', '-O2', '-s', '-Wall', '-o', helper, HELPER_SRC]);
    tree.file('usr/bin/tipc-bind', await fsp.readFile(helper), 0o755);

    tree.file('init', await fsp.readFile(INIT_SRC), 0o755);

    const initrd = gzipSync(tree.archive(), { level: 6 });
    await fsp.writeFile(path.join(out, 'initrd.gz'), initrd);
    step(`initramfs ${(initrd.length / 1e6).toFixed(2)} MB`);

    const vmlinuz = await fsp.readFile(vmlinuzSrc);
    await fsp.writeFile(path.join(out, 'vmlinuz'), vmlinuz);
    let kernelFile = 'vmlinuz';
    let kernelFormat: KernelImage['kernelFormat'] = 'vmlinuz';
    let kernelSize = vmlinuz.length;
    const elf = await extractVmlinux(vmlinuz, tools);
    if (elf && hasPvhNote(elf)) {
      await fsp.writeFile(path.join(out, 'vmlinux'), elf);
      kernelFile = 'vmlinux';
      kernelFormat = 'vmlinux-pvh';
      kernelSize = elf.length;
      step(`vmlinux extracted (${(elf.length / 1e6).toFixed(1)} MB, PVH entry): booted directly`);
    } else {
      step(elf ? 'vmlinux has no PVH entry note: booting the vmlinuz' : 'no vmlinux found in the vmlinuz (is xz-utils installed?): booting the vmlinuz');
    }
    await fsp.copyFile(path.join(root, 'boot', `config-${release}`), path.join(out, `config-${release}`)).catch(() => undefined);

    const manifest: KernelImage = {
      dir: '.',
      kernelPath: kernelFile,
      kernelFormat,
      vmlinuzPath: 'vmlinuz',
      initrdPath: 'initrd.gz',
      kernelVersion: version,
      kernelRelease: release,
      packageName: pkg,
      packageVersion: version,
      modules: moduleNames,
      builtAt: new Date().toISOString(),
      buildMs: Date.now() - started,
      sizes: { kernel: kernelSize, vmlinuz: vmlinuz.length, initrd: initrd.length },
      sourceHash: guestSourceHash(),
      layoutVersion: LAYOUT_VERSION,
    };
    await fsp.writeFile(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    // into place: the old image (if any) is moved aside first, then removed
    const final = path.join(cacheDir, IMAGE_SUBDIR);
    if (existsSync(final)) await fsp.rename(final, path.join(work, 'old'));
    try {
      await fsp.rename(out, final);
    } catch (e) {
      // another build won the race: use its image
      const other = kernelImage(cacheDir);
      if (!other) throw e;
      step('another build finished first: using its image');
      return other;
    }
    const image = kernelImage(cacheDir);
    if (!image) throw new Error(`the image just built in ${final} does not read back`);
    step(`done: ${image.kernelPath} + ${image.initrdPath}`);
    return image;
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}
