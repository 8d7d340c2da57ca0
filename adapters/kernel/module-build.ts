/**
 * The tipc.ko a kernel guest boots with: Debian's own, or one built here from Debian's net/tipc
 * source of the guest's kernel (or a maintainer's net/tipc folder) with patches applied.
 *
 * Build environment (once per Debian kernel version, `kernel setup` or the first build): the
 * packages linux-source-X.Y, linux-headers-RELEASE, linux-headers-ABI-common and linux-kbuild-X.Y
 * at exactly the guest kernel's version are fetched with `apt-get download` and unpacked with
 * `dpkg -x` into the cache (nothing is installed into this machine); only net/tipc is taken from
 * the source tarball. The headers' Makefile names the common headers by their installed path
 * (/usr/src/...): that line is pointed at the unpacked copy.
 *
 * A module: the source is copied, the patches applied with `patch -p1` at the source root, and
 * net/tipc built out of tree (`make -C HEADERS M=DIR modules`, with the CONFIG_TIPC* values of the
 * guest kernel's config). Its vermagic must name the guest's kernel. The guest initramfs with it is
 * the image's, with the new tipc.ko laid over (image.ts overlayInitrd). One guest then boots with
 * it before the run, so a module that does not load is found before any scenario (and its
 * srcversion, read back from /sys/module/tipc, proves the guest runs this very file).
 *
 * Cache: KERNEL_CACHE/modules/HASH, HASH being the SHA-256 of (kernel release and version, make
 * variables, the source files, the patches in order). A build is made in a temporary folder and
 * renamed into place when done. Errors (a patch that does not apply, a build that fails, a module
 * that does not load) are ModuleBuildError, with the tool's own message.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { KernelModule, KernelModuleSpec } from '../../contract';
import { KernelGuest } from './guest';
import { type KernelImage, defaultCacheDir, initrdFile, overlayInitrd, run, which } from './image';
import { isKernelProfileName, kernelProfilePatch } from './profiles';

/** Bumped when the way a module is built changes, so that cached builds are made again. */
const MODULE_LAYOUT = 1;
const ENV_LAYOUT = 1;
const TIPC_KO = 'lib/modules/tipc.ko';
/** The CONFIG_TIPC* values used when the guest kernel's config cannot be read (Debian 6.1's). */
const DEFAULT_TIPC_CONFIG = ['CONFIG_TIPC=m', 'CONFIG_TIPC_MEDIA_IB=y', 'CONFIG_TIPC_MEDIA_UDP=y', 'CONFIG_TIPC_CRYPTO=y', 'CONFIG_TIPC_DIAG=m'];
const SIGNATURE_MAGIC = '~Module signature appended~\n';

/** A patch that does not apply, a build that fails, a module that does not load: the run cannot start. */
export class ModuleBuildError extends Error {
  override readonly name = 'ModuleBuildError';
}

export interface ModuleBuildOptions {
  readonly image: KernelImage;
  readonly cacheDir?: string;
  readonly log?: (line: string) => void;
}

// ---------------------------------------------------------------------------------------------
// What a module file says about itself

function modinfo(ko: Buffer, key: string): string | undefined {
  const m = new RegExp(`(?:^|\\0)${key}=([^\\0]*)\\0`).exec(ko.toString('latin1'));
  return m?.[1];
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** srcversion, signature and hash of a tipc.ko file. */
export function moduleFacts(ko: Buffer): { srcversion: string; vermagic: string; signed: boolean; sha256: string } {
  return {
    srcversion: modinfo(ko, 'srcversion') ?? '',
    vermagic: modinfo(ko, 'vermagic') ?? '',
    signed: ko.subarray(ko.length - SIGNATURE_MAGIC.length).toString('latin1') === SIGNATURE_MAGIC,
    sha256: sha256(ko),
  };
}

/** Debian's own tipc.ko, as the image holds it. */
export function stockModule(image: KernelImage): KernelModule {
  const ko = initrdFile(readFileSync(image.initrdPath), TIPC_KO);
  if (!ko) throw new ModuleBuildError(`the guest image ${image.initrdPath} holds no ${TIPC_KO}: rebuild it with 'tipc-conformance kernel setup --force'`);
  const facts = moduleFacts(ko);
  return {
    source: `Debian's own tipc.ko (${image.packageName} ${image.packageVersion})`,
    origin: 'stock',
    moduleSha256: facts.sha256,
    srcversion: facts.srcversion,
    signed: facts.signed,
    kernelRelease: image.kernelRelease,
    packageVersion: image.packageVersion,
    initrdPath: image.initrdPath,
  };
}

// ---------------------------------------------------------------------------------------------
// The build environment: Debian's headers, kbuild and net/tipc source of the guest's kernel

export interface BuildEnv {
  readonly dir: string;
  /** Where `make -C` goes: the unpacked linux-headers-RELEASE. */
  readonly headersDir: string;
  /** The source root holding Debian's pristine net/tipc. */
  readonly sourceRoot: string;
}

interface DebianNames {
  readonly series: string;
  readonly packages: readonly string[];
  readonly headers: string;
  readonly commonHeaders: string;
}

/** The packages a module build needs for a Debian kernel release, e.g. 6.1.0-57-amd64. */
export function buildPackages(kernelRelease: string, packageVersion: string): DebianNames {
  // ABI-FLAVOUR: 6.1.0-57-amd64, 6.1.0-28-cloud-amd64
  const m = /^((\d+\.\d+)\.\d+-\d+)-([a-z0-9][a-z0-9-]*)$/.exec(kernelRelease);
  if (!m?.[1] || !m[2]) throw new ModuleBuildError(`cannot tell Debian's package names from the kernel release '${kernelRelease}'`);
  const series = m[2];
  const abi = m[1];
  const headers = `linux-headers-${kernelRelease}`;
  const commonHeaders = `linux-headers-${abi}-common`;
  return {
    series,
    headers,
    commonHeaders,
    packages: [`linux-source-${series}`, headers, commonHeaders, `linux-kbuild-${series}`].map((p) => `${p}=${packageVersion}`),
  };
}

function envDir(cacheDir: string, image: KernelImage): string {
  return path.join(cacheDir, 'build-env', `${image.kernelRelease}_${image.packageVersion}`);
}

/** The build environment when it is in the cache, else undefined. */
export function buildEnv(image: KernelImage, cacheDir: string = defaultCacheDir()): BuildEnv | undefined {
  const dir = envDir(cacheDir, image);
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { layout?: unknown; headers?: unknown };
    if (manifest.layout !== ENV_LAYOUT || typeof manifest.headers !== 'string') return undefined;
    const env = { dir, headersDir: path.join(dir, manifest.headers), sourceRoot: path.join(dir, 'src') };
    return existsSync(path.join(env.sourceRoot, 'net', 'tipc', 'node.c')) && existsSync(path.join(env.headersDir, 'Makefile')) ? env : undefined;
  } catch {
    return undefined;
  }
}

function buildTools(): { aptGet: string; dpkg: string; tar: string; make: string; patch: string; gcc: string; strip: string } {
  const missing: string[] = [];
  const need = (cmd: string, pkg: string): string => {
    const p = which(cmd);
    if (!p) missing.push(pkg);
    return p ?? '';
  };
  const tools = { aptGet: need('apt-get', 'apt'), dpkg: need('dpkg', 'dpkg'), tar: need('tar', 'tar'), make: need('make', 'make'), patch: need('patch', 'patch'), gcc: need('gcc', 'gcc'), strip: need('strip', 'binutils') };
  if (!which('xz')) missing.push('xz-utils');
  if (missing.length > 0) {
    throw new ModuleBuildError(`building tipc.ko needs ${[...new Set(missing)].join(', ')}: install with \`apt-get install ${[...new Set(missing)].join(' ')}\` (as root; or run scripts/install-system-deps.sh)`);
  }
  return tools;
}

/** Fetches and unpacks the build environment unless it is cached. */
export async function setupBuildEnv(opts: ModuleBuildOptions): Promise<BuildEnv> {
  const cacheDir = path.resolve(opts.cacheDir ?? defaultCacheDir());
  const cached = buildEnv(opts.image, cacheDir);
  if (cached) return cached;
  const log = opts.log ?? (() => undefined);
  const tools = buildTools();
  const { image } = opts;
  const names = buildPackages(image.kernelRelease, image.packageVersion);
  const started = Date.now();
  const step = (what: string): void => log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
  await fsp.mkdir(cacheDir, { recursive: true });
  const work = await fsp.mkdtemp(path.join(cacheDir, `.build-${process.pid}-`));
  try {
    const dl = path.join(work, 'download');
    const env = path.join(work, 'env');
    await fsp.mkdir(dl);
    await fsp.mkdir(path.join(env, 'src'), { recursive: true });
    step(`downloading ${names.packages.join(' ')}`);
    try {
      await run(tools.aptGet, ['download', '-q', '-o', 'APT::Sandbox::User=root', ...names.packages], { cwd: dl });
    } catch (e) {
      throw new ModuleBuildError(
        `cannot download the source and headers of the guest kernel (${image.packageVersion}): ${e instanceof Error ? e.message : String(e)}\n` +
          `(the apt index may have moved on: 'tipc-conformance kernel setup --force' rebuilds the guest image with the current kernel)`,
      );
    }
    const debs = (await fsp.readdir(dl)).filter((f) => f.endsWith('.deb'));
    const sourceDeb = debs.find((f) => f.startsWith('linux-source-'));
    if (!sourceDeb || debs.length !== names.packages.length) throw new ModuleBuildError(`apt-get download left ${debs.join(', ') || 'nothing'} in ${dl}`);
    for (const deb of debs.filter((f) => f !== sourceDeb)) await run(tools.dpkg, ['-x', path.join(dl, deb), path.join(env, 'root')]);
    step(`unpacked the headers and kbuild; taking net/tipc from ${sourceDeb}`);
    const srcRoot = path.join(work, 'source');
    await run(tools.dpkg, ['-x', path.join(dl, sourceDeb), srcRoot]);
    const tarball = path.join(srcRoot, 'usr', 'src', `linux-source-${names.series}.tar.xz`);
    await run(tools.tar, ['-xJf', tarball, '-C', path.join(env, 'src'), '--strip-components=1', `linux-source-${names.series}/net/tipc`]);
    await fsp.rm(srcRoot, { recursive: true, force: true });
    await fsp.rm(dl, { recursive: true, force: true });

    // the headers' Makefile includes the common headers by their installed path
    const headersRel = path.join('root', 'usr', 'src', names.headers);
    const makefile = path.join(env, headersRel, 'Makefile');
    const text = await fsp.readFile(makefile, 'utf8');
    const installed = `/usr/src/${names.commonHeaders}`;
    if (!text.includes(installed)) throw new ModuleBuildError(`${names.headers}'s Makefile does not name ${installed}: the package layout changed`);
    await fsp.writeFile(makefile, text.split(installed).join(path.join(envDir(cacheDir, image), 'root', 'usr', 'src', names.commonHeaders)));
    await fsp.writeFile(
      path.join(env, 'manifest.json'),
      `${JSON.stringify({ layout: ENV_LAYOUT, headers: headersRel, packages: names.packages, kernelRelease: image.kernelRelease, builtAt: new Date().toISOString() }, null, 2)}\n`,
    );
    const final = envDir(cacheDir, image);
    await fsp.mkdir(path.dirname(final), { recursive: true });
    if (existsSync(final)) await fsp.rename(final, path.join(work, 'old'));
    try {
      await fsp.rename(env, final);
    } catch (e) {
      if (!buildEnv(image, cacheDir)) throw e; // another build won the race: use its copy
    }
    const ready = buildEnv(image, cacheDir);
    if (!ready) throw new ModuleBuildError(`the build environment just unpacked in ${final} does not read back`);
    step(`build environment ready in ${final}`);
    return ready;
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// A module

/** What a module is built from: read once, hashed, described. */
interface Recipe {
  readonly source: string;
  /** Files of a maintainer's net/tipc folder, by name; undefined: Debian's source. */
  readonly srcFiles?: ReadonlyMap<string, Buffer>;
  readonly patches: readonly { readonly name: string; readonly text: Buffer }[];
}

/** A file of a net/tipc folder that goes into the build (not what a build leaves behind). */
function isSourceFile(name: string): boolean {
  return /\.[ch]$/.test(name) || name === 'Makefile' || name === 'Kconfig';
}

async function recipeOf(spec: KernelModuleSpec): Promise<Recipe> {
  const patches: { name: string; text: Buffer }[] = [];
  const parts: string[] = [];
  if (spec.profile !== undefined) {
    if (!isKernelProfileName(spec.profile)) throw new ModuleBuildError(`unknown kernel profile '${spec.profile}'`);
    patches.push({ name: `kernel profile ${spec.profile}`, text: await fsp.readFile(kernelProfilePatch(spec.profile)) });
    parts.push(`kernel profile ${spec.profile}`);
  }
  for (const file of spec.patches ?? []) {
    let text: Buffer;
    try {
      text = await fsp.readFile(file);
    } catch (e) {
      throw new ModuleBuildError(`cannot read the patch ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    patches.push({ name: file, text });
  }
  if ((spec.patches ?? []).length > 0) parts.push(`patches ${(spec.patches ?? []).map((p) => path.basename(p)).join(', ')}`);
  let srcFiles: Map<string, Buffer> | undefined;
  if (spec.src !== undefined) {
    let names: string[];
    try {
      names = (await fsp.readdir(spec.src, { withFileTypes: true })).filter((d) => d.isFile() && isSourceFile(d.name)).map((d) => d.name).sort();
    } catch (e) {
      throw new ModuleBuildError(`cannot read the net/tipc folder ${spec.src}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    if (!names.includes('node.c') || !names.includes('Makefile')) throw new ModuleBuildError(`${spec.src} is not a net/tipc folder: it has no node.c and Makefile`);
    srcFiles = new Map();
    for (const n of names) srcFiles.set(n, await fsp.readFile(path.join(spec.src, n)));
  }
  const base = spec.src !== undefined ? `net/tipc from ${spec.src}` : "Debian's net/tipc source";
  return { source: parts.length > 0 ? `${base} with ${parts.join(' and ')}` : base, ...(srcFiles ? { srcFiles } : {}), patches };
}

/** The CONFIG_TIPC* make variables of the guest kernel's config. */
function tipcConfig(image: KernelImage): string[] {
  try {
    const text = readFileSync(path.join(image.dir, `config-${image.kernelRelease}`), 'utf8');
    const vars = text.split('\n').filter((l) => /^CONFIG_TIPC[A-Z0-9_]*=[ym]$/.test(l));
    if (vars.some((v) => v === 'CONFIG_TIPC=m')) return vars;
  } catch {
    // no config kept with the image: Debian's values
  }
  return DEFAULT_TIPC_CONFIG;
}

/** The cache key of a build: every input that changes the module. */
function inputsHash(image: KernelImage, makeVars: readonly string[], recipe: Recipe): string {
  const h = createHash('sha256');
  // the description too: the same patch as a profile and as --tipc-patch is two builds, each named for what it is
  h.update(`tipc module layout ${MODULE_LAYOUT}\n${image.kernelRelease}\n${image.packageVersion}\n${makeVars.join(' ')}\n${recipe.source}\n`);
  if (recipe.srcFiles) {
    for (const [name, data] of recipe.srcFiles) h.update(`file ${name} ${data.length}\n`).update(data);
  } else {
    h.update('debian source\n');
  }
  recipe.patches.forEach((p, i) => h.update(`patch ${i} ${p.text.length}\n`).update(p.text));
  return h.digest('hex').slice(0, 16);
}

interface BuiltManifest extends Omit<KernelModule, 'initrdPath'> {
  readonly layout: number;
  readonly builtAt: string;
  readonly buildMs: number;
  readonly taint: string;
}

function readBuilt(dir: string): KernelModule | undefined {
  try {
    const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Partial<BuiltManifest>;
    if (m.layout !== MODULE_LAYOUT || typeof m.srcversion !== 'string' || typeof m.source !== 'string' || typeof m.moduleSha256 !== 'string') return undefined;
    const initrdPath = path.join(dir, 'initrd.gz');
    if (!existsSync(initrdPath)) return undefined;
    return {
      source: m.source,
      origin: 'built',
      ...(m.inputsHash !== undefined ? { inputsHash: m.inputsHash } : {}),
      moduleSha256: m.moduleSha256,
      srcversion: m.srcversion,
      signed: m.signed === true,
      kernelRelease: m.kernelRelease ?? '',
      packageVersion: m.packageVersion ?? '',
      initrdPath,
    };
  } catch {
    return undefined;
  }
}

/** The tail of a tool's output that says what went wrong: its error lines, else its last lines. */
function toolComplaint(output: string, max = 25): string {
  const lines = output.trimEnd().split('\n');
  const errors = lines.filter((l) => /\berror\b|Error \d|\*\*\*|FAILED|Hunk #\d+ FAILED|can't find file|No such file/i.test(l));
  return (errors.length > 0 ? errors : lines).slice(-max).join('\n');
}

/** A tool's exit and everything it wrote (patch says what failed on stdout, make on stderr), without throwing. */
function attempt(file: string, args: readonly string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) => {
      const output = `${String(stdout)}${String(stderr)}`;
      resolve(err ? { ok: false, output: `${output}${output.endsWith('\n') || output === '' ? '' : '\n'}(${path.basename(file)}: ${err.message.split('\n')[0]})` } : { ok: true, output });
    });
  });
}

/**
 * The module for a spec: Debian's own when the spec asks for nothing, else the cached build or a
 * new one (fetching the build environment first if needed). Throws ModuleBuildError.
 */
export async function prepareKernelModule(spec: KernelModuleSpec | undefined, opts: ModuleBuildOptions): Promise<KernelModule> {
  if (spec === undefined || (spec.profile === undefined && spec.src === undefined && (spec.patches ?? []).length === 0)) return stockModule(opts.image);
  const cacheDir = path.resolve(opts.cacheDir ?? defaultCacheDir());
  const log = opts.log ?? (() => undefined);
  const { image } = opts;
  const recipe = await recipeOf(spec);
  const makeVars = tipcConfig(image);
  const hash = inputsHash(image, makeVars, recipe);
  const final = path.join(cacheDir, 'modules', hash);
  const cached = readBuilt(final);
  if (cached) {
    log(`tipc.ko from ${recipe.source}: cached build ${hash}`);
    return cached;
  }
  const env = await setupBuildEnv({ ...opts, cacheDir });
  const tools = buildTools();
  const started = Date.now();
  const step = (what: string): void => log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
  step(`building tipc.ko from ${recipe.source} for Linux ${image.kernelRelease} (build ${hash})`);
  await fsp.mkdir(path.join(cacheDir, 'modules'), { recursive: true });
  const work = await fsp.mkdtemp(path.join(cacheDir, `.build-${process.pid}-`));
  try {
    const root = path.join(work, 'src');
    const tipcDir = path.join(root, 'net', 'tipc');
    await fsp.mkdir(tipcDir, { recursive: true });
    if (recipe.srcFiles) {
      for (const [name, data] of recipe.srcFiles) await fsp.writeFile(path.join(tipcDir, name), data);
    } else {
      await fsp.cp(path.join(env.sourceRoot, 'net', 'tipc'), tipcDir, { recursive: true });
    }
    for (const [i, p] of recipe.patches.entries()) {
      // an empty patch changes nothing (patch itself would call it garbage): Debian's source as it is, built here
      if (p.text.toString('utf8').trim() === '') continue;
      const file = path.join(work, `patch-${i}.diff`);
      await fsp.writeFile(file, p.text);
      // --fuzz=0: a hunk whose context is not there is an error, never applied somewhere near (as git apply does)
      const r = await attempt(tools.patch, ['-p1', '--batch', '--forward', '--fuzz=0', '--no-backup-if-mismatch', '-r', '-', '-d', root, '-i', file]);
      if (!r.ok) {
        throw new ModuleBuildError(
          `the patch ${p.name} does not apply (exactly: no fuzz) to ${recipe.srcFiles ? `net/tipc from ${spec.src}` : `Debian's net/tipc ${image.packageVersion}`}; patch said:\n${toolComplaint(r.output)}`,
        );
      }
    }
    const jobs = String(Math.max(1, availableParallelism()));
    const logFile = path.join(work, 'build.log');
    const r = await attempt(tools.make, ['-C', env.headersDir, `M=${tipcDir}`, ...makeVars, `-j${jobs}`, 'modules']);
    await fsp.writeFile(logFile, r.output);
    const koPath = path.join(tipcDir, 'tipc.ko');
    if (!r.ok || !existsSync(koPath)) throw new ModuleBuildError(`tipc.ko from ${recipe.source} did not build; make said:\n${toolComplaint(r.output)}`);
    // without its debug sections, as Debian ships modules (13 MB to 1 MB: the guest unpacks it at every boot)
    const stripped = await attempt(tools.strip, ['--strip-debug', koPath]);
    if (!stripped.ok) throw new ModuleBuildError(`strip --strip-debug tipc.ko failed: ${toolComplaint(stripped.output)}`);
    const ko = await fsp.readFile(koPath);
    const facts = moduleFacts(ko);
    if (!facts.vermagic.startsWith(`${image.kernelRelease} `)) {
      throw new ModuleBuildError(`tipc.ko was built for '${facts.vermagic}', not for the guest kernel ${image.kernelRelease}`);
    }
    step(`built (${(ko.length / 1e3).toFixed(0)} kB, srcversion ${facts.srcversion}); booting a guest to load it`);

    const out = path.join(work, 'module');
    await fsp.mkdir(out);
    await fsp.writeFile(path.join(out, 'tipc.ko'), ko);
    await fsp.copyFile(logFile, path.join(out, 'build.log'));
    await fsp.writeFile(path.join(out, 'initrd.gz'), overlayInitrd(await fsp.readFile(image.initrdPath), new Map([[TIPC_KO, ko]])));
    const loaded = await loadCheck({ ...image, initrdPath: path.join(out, 'initrd.gz') }, path.join(work, 'probe'), facts.srcversion, recipe.source);
    const manifest: BuiltManifest = {
      layout: MODULE_LAYOUT,
      source: recipe.source,
      origin: 'built',
      inputsHash: hash,
      moduleSha256: facts.sha256,
      srcversion: facts.srcversion,
      signed: facts.signed,
      kernelRelease: image.kernelRelease,
      packageVersion: image.packageVersion,
      builtAt: new Date().toISOString(),
      buildMs: Date.now() - started,
      taint: loaded.taint,
    };
    await fsp.writeFile(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    if (existsSync(final)) await fsp.rename(final, path.join(work, 'old'));
    try {
      await fsp.rename(out, final);
    } catch (e) {
      if (!readBuilt(final)) throw e; // another run built the same module first
    }
    const built = readBuilt(final);
    if (!built) throw new ModuleBuildError(`the module just built in ${final} does not read back`);
    step(`loads (taint ${loaded.taint || 'none'}); cached as ${final}`);
    return built;
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}

/** Boots one guest with the module: it must load, and be the file built (same srcversion). */
async function loadCheck(image: KernelImage, workDir: string, srcversion: string, source: string): Promise<{ taint: string }> {
  let guest: KernelGuest | undefined;
  try {
    guest = await KernelGuest.boot({ image, node: 1, nics: 1, workDir, onFrame: () => undefined, readyTimeoutMs: 60_000 });
    const seen = (await guest.exec('cat /sys/module/tipc/srcversion')).trim();
    const taint = (await guest.exec('cat /sys/module/tipc/taint')).trim();
    if (seen !== srcversion) throw new ModuleBuildError(`the guest loaded a tipc.ko with srcversion ${seen}, not the one built (${srcversion})`);
    return { taint };
  } catch (e) {
    if (e instanceof ModuleBuildError) throw e;
    throw new ModuleBuildError(`tipc.ko from ${source} does not load in the guest: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await guest?.stop();
  }
}
