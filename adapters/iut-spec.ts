/**
 * The `--iut SPEC` value: which implementation plays the nodes under test.
 *
 *   reference            the bundled reference stack, profile `fixed`
 *   reference:PROFILE    the bundled reference stack with a behaviour profile (reference/profiles.ts)
 *   process:COMMAND      an implementation run as a child process per node under test, speaking
 *                        the process protocol (docs/adapter-protocol.md); COMMAND is split into
 *                        argv like a shell would split words (quotes, backslashes), never run by one
 *
 * Pure: no I/O. The CLI validates --iut with it; adapters/factory.ts builds the cluster from it
 * (steps/world.ts passes the raw spec it receives in the cucumber world parameters).
 */
import { PROFILE_NAMES, isProfileName, type ProfileName } from '../reference/profiles';

export interface ReferenceIutSpec {
  readonly kind: 'reference';
  readonly profile: ProfileName;
}

export interface ProcessIutSpec {
  readonly kind: 'process';
  readonly argv: readonly string[];
}

/** The Linux kernel in a QEMU guest per node (adapters/kernel/). */
export interface KernelIutSpec {
  readonly kind: 'kernel';
}

export type IutSpec = ReferenceIutSpec | ProcessIutSpec | KernelIutSpec;

/**
 * Split a command line into words the way a POSIX shell splits them, without expanding anything:
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
export const DEFAULT_PROFILE: ProfileName = 'fixed';

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
  if (kind === 'kernel') {
    if (colon >= 0) throw new IutSpecError(`'kernel' takes no argument, got '${spec}'`);
    return { kind: 'kernel' };
  }
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

/** Canonical text of a parsed spec, e.g. `reference:fixed`. */
export function formatIutSpec(iut: IutSpec): string {
  if (iut.kind === 'kernel') return 'kernel';
  if (iut.kind === 'process') return `process:${iut.argv.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`)).join(' ')}`;
  return `${iut.kind}:${iut.profile}`;
}

/** `--testers`: what plays the nodes a scenario does not put under test. */
export type TestersSpec = 'reference' | 'kernel';

export function parseTestersSpec(spec: string): TestersSpec {
  const t = spec.trim();
  if (t === 'reference' || t === 'kernel') return t;
  throw new IutSpecError(`unknown testers '${spec}'; expected 'reference' (default) or 'kernel'`);
}
