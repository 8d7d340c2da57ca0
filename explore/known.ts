/**
 * Known kernel bugs (docs/kernel-findings.md) among the explorer's counterexamples. A finding is
 * modelled by the reference: `fixed` has it, as Linux 6.1 does, and a profile of proposed fixes
 * (Profile.fixes) has it fixed. A schedule that breaks an invariant on the IUT, breaks the same
 * invariant on `reference:fixed` and holds on such a profile is that finding: its signature is
 * the invariant and the fix that removes it.
 */
import type { IutSpec } from '../contract';
import { PROFILES } from '../reference/profiles';

/** The reference profiles that fix known findings, with the findings each fixes. */
export function fixingProfiles(): readonly { readonly profile: string; readonly fixes: readonly string[] }[] {
  return Object.values(PROFILES).flatMap((p) => ('fixes' in p && p.fixes !== undefined && p.fixes.length > 0 ? [{ profile: p.name, fixes: p.fixes }] : []));
}

/** The IUT spec of a reference profile. */
export function referenceIut(profile: string): IutSpec {
  return { kind: 'reference', profile };
}

/** What a counterexample was recognised as. */
export interface KnownFinding {
  /** The finding IDs (KF-1, ...) of the profile whose fixes remove it. */
  readonly ids: readonly string[];
  /** That profile. */
  readonly fixedBy: string;
}

/**
 * What a schedule that broke `invariant` on the IUT is, by how the reference takes it:
 * - `own`: reference:fixed (Linux 6.1's model) holds: the IUT's own bug;
 * - `known`: reference:fixed breaks the same invariant and a profile of proposed fixes holds: a
 *   known finding;
 * - `shared`: reference:fixed breaks an invariant too, and no proposed fix is known to remove it:
 *   a bug of the kernel's model the schedule meets as well, nobody's finding yet.
 * `violates(iut)` says which invariant a run of the schedule breaks on an implementation.
 */
export type Recognition = { readonly kind: 'known'; readonly finding: KnownFinding } | { readonly kind: 'shared' } | { readonly kind: 'own' };

export async function recognise(invariant: string, violates: (iut: IutSpec) => Promise<string | undefined>): Promise<Recognition> {
  const onFixed = await violates(referenceIut('fixed'));
  if (onFixed === undefined) return { kind: 'own' };
  if (onFixed === invariant) {
    for (const f of fixingProfiles()) {
      if ((await violates(referenceIut(f.profile))) === undefined) return { kind: 'known', finding: { ids: f.fixes, fixedBy: f.profile } };
    }
  }
  return { kind: 'shared' };
}
