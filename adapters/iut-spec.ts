/**
 * The `--iut SPEC` value: which implementation plays the nodes under test.
 *
 *   reference            the bundled reference stack, profile `fixed`
 *   reference:PROFILE    the bundled reference stack with a behaviour profile (reference/profiles.ts)
 *
 * Pure: no I/O. The CLI validates --iut with it; adapters/factory.ts builds the cluster from it
 * (steps/world.ts passes the raw spec it receives in the cucumber world parameters).
 */
import { PROFILE_NAMES, isProfileName, type ProfileName } from '../reference/profiles';

export interface ReferenceIutSpec {
  readonly kind: 'reference';
  readonly profile: ProfileName;
}

export type IutSpec = ReferenceIutSpec;

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
  if (kind !== 'reference') {
    throw new IutSpecError(
      `unknown IUT kind '${kind}' in '${spec}'; expected 'reference' or 'reference:PROFILE' ` +
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
  return `${iut.kind}:${iut.profile}`;
}
