/**
 * The `--iut SPEC` value: which implementation plays the nodes under test.
 *
 *   reference            the bundled reference stack, profile `fixed`
 *   reference:PROFILE    the bundled reference stack with a behaviour profile (reference/profiles.ts)
 *   kernel               Linux in a QEMU guest per node under test, with Debian's own tipc.ko
 *   kernel:PROFILE       the same with a tipc.ko built from Debian's net/tipc and a kernel profile's
 *                        patch (adapters/kernel/profiles/), which brings an old bug back
 *   process:COMMAND      an implementation run as a child process per node under test, speaking
 *                        the process protocol (docs/adapter-protocol.md); COMMAND is split into
 *                        argv like a shell would split words (quotes, backslashes), never run by one
 *
 * Pure: no I/O. The CLI parses --iut and --testers with it, once, into the contract's IutSpec and
 * TestersSpec; from there on the structured value travels (contract/run.ts RunParameters).
 */
import type { IutSpec, TestersSpec } from '../contract/refs';
import { PROFILE_NAMES, isProfileName, type ProfileName as ReferenceProfileName } from '../reference/profiles';
import { shellQuote } from '../harness/replay';
import { KERNEL_PROFILE_NAMES, isKernelProfileName } from './kernel/profiles';

export type { IutSpec, TestersSpec } from '../contract/refs';

/**
 * Split a command line into words the way a POSIX shell splits them, without expanding anything:
 * (hand-written: Node has no built-in word splitter, util.parseArgs starts from argv, and no
 * maintained package for it is installed)
 * whitespace separates words; 'single quotes' keep everything; "double quotes" keep everything
 * but \" and \\; a backslash outside quotes escapes the next character.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new IutSpecError(`unterminated ' in command line: ${line}`);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\')) j++;
        cur += line[j];
      }
      if (j >= line.length) throw new IutSpecError(`unterminated " in command line: ${line}`);
      i = j;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new IutSpecError(`command line ends in a backslash: ${line}`);
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

export const DEFAULT_IUT_SPEC = 'reference';

/** Default profile of a bare `reference` spec. */
export const DEFAULT_PROFILE: ReferenceProfileName = 'fixed';

/** Thrown by parseIutSpec; `message` is a one-line reason suitable for a usage error. */
export class IutSpecError extends Error {
  override readonly name = 'IutSpecError';
}

function validProfiles(): string {
  return PROFILE_NAMES.join(', ');
}

/**
 * Parse an `--iut` spec. Throws IutSpecError with a message that names the problem and, for
 * an unknown profile, lists the valid ones.
 */
export function parseIutSpec(spec: string): IutSpec {
  const trimmed = spec.trim();
  if (trimmed === '') {
    throw new IutSpecError(
      `empty IUT spec; expected 'reference' or 'reference:PROFILE' (profiles: ${validProfiles()})`,
    );
  }
  const colon = trimmed.indexOf(':');
  const kind = colon < 0 ? trimmed : trimmed.slice(0, colon);
  if (kind === 'process') {
    const argv = colon < 0 ? [] : splitCommandLine(trimmed.slice(colon + 1));
    if (argv.length === 0) throw new IutSpecError(`'process:' needs a command line, e.g. process:'tipc-reference-iut --profile fixed'`);
    return { kind: 'process', argv };
  }
  if (kind === 'kernel') return { kind: 'kernel', ...kernelModuleOf(trimmed, colon) };
  if (kind !== 'reference') {
    throw new IutSpecError(
      `unknown IUT kind '${kind}' in '${spec}'; expected 'reference', 'reference:PROFILE', 'process:COMMAND' or 'kernel' ` +
        `(profiles: ${validProfiles()})`,
    );
  }
  if (colon < 0) {
    return { kind: 'reference', profile: DEFAULT_PROFILE };
  }
  const profile = trimmed.slice(colon + 1);
  if (!isProfileName(profile)) {
    const shown = profile === '' ? 'an empty profile name' : `unknown profile '${profile}'`;
    throw new IutSpecError(`${shown} in '${spec}'; valid profiles: ${validProfiles()}`);
  }
  return { kind: 'reference', profile };
}

function kernelModuleOf(spec: string, colon: number): { module?: { profile: string } } {
  if (colon < 0) return {};
  const profile = spec.slice(colon + 1);
  if (!isKernelProfileName(profile)) {
    const shown = profile === '' ? 'an empty kernel profile name' : `unknown kernel profile '${profile}'`;
    throw new IutSpecError(`${shown} in '${spec}'; kernel profiles: ${KERNEL_PROFILE_NAMES.join(', ')}`);
  }
  return { module: { profile } };
}

/**
 * The bundled reference's profile a reference spec names. The contract takes any profile name;
 * the reference runs only its own (parseIutSpec has checked them, a hand-made spec may not be).
 */
export function referenceProfile(profile: string): ReferenceProfileName {
  if (!isProfileName(profile)) throw new IutSpecError(`unknown profile '${profile}'; valid profiles: ${validProfiles()}`);
  return profile;
}

/** Canonical text of a parsed spec, e.g. `reference:fixed`: for people to read. */
export function formatIutSpec(iut: IutSpec): string {
  if (iut.kind === 'kernel') {
    const m = iut.module;
    const extra = [...(m?.src !== undefined ? [`--tipc-src ${shellQuote(m.src)}`] : []), ...(m?.patches ?? []).map((p) => `--tipc-patch ${shellQuote(p)}`)];
    return `kernel${m?.profile !== undefined ? `:${m.profile}` : ''}${extra.length > 0 ? ` (${extra.join(' ')})` : ''}`;
  }
  if (iut.kind === 'process') return `process:${iut.argv.map(shellQuote).join(' ')}`;
  return `${iut.kind}:${iut.profile}`;
}

/** `--testers`: what plays the other nodes, and for kernel testers, a kernel profile of their tipc.ko. */
export interface TestersChoice {
  readonly testers: TestersSpec;
  readonly module?: { readonly profile: string };
}

export function parseTestersSpec(spec: string): TestersChoice {
  const t = spec.trim();
  if (t === 'reference') return { testers: t };
  const colon = t.indexOf(':');
  if ((colon < 0 ? t : t.slice(0, colon)) === 'kernel') return { testers: 'kernel', ...kernelModuleOf(t, colon) };
  throw new IutSpecError(`unknown testers '${spec}'; expected 'reference' (default), 'kernel' or 'kernel:PROFILE'`);
}
