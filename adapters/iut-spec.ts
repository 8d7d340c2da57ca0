/**
 * The --iut argument: which implementation the IUT nodes are. Today only the bundled reference,
 * optionally on a profile ("reference:pre-half-failover-fix").
 */
import { PROFILE_NAMES, type ProfileName, isProfileName } from '../reference/profiles';

export type IutSpec = { readonly kind: 'reference'; readonly profile: ProfileName };

export class IutSpecError extends Error {}

export function parseIutSpec(spec: string): IutSpec {
  const [kind, ...rest] = spec.split(':');
  const arg = rest.join(':');
  if (kind === 'reference') {
    if (arg === '') return { kind: 'reference', profile: 'fixed' };
    if (isProfileName(arg)) return { kind: 'reference', profile: arg };
    throw new IutSpecError(`unknown reference profile "${arg}"; valid profiles: ${PROFILE_NAMES.join(', ')}`);
  }
  throw new IutSpecError(`unknown IUT "${spec}"; expected "reference" or "reference:PROFILE" (profiles: ${PROFILE_NAMES.join(', ')})`);
}
