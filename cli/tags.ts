/**
 * The tags a scenario or feature may carry, `@PREFIX:VALUE`: what the harness reads from each
 * (the lint checks them, the Allure report turns them into labels). Other tags (@wip, @smoke)
 * are the user's own and left alone, but one whose prefix is a near miss of these is a typo.
 */
export const TAG_PREFIXES = {
  req: 'the requirement the scenario checks: an id of docs/requirements.md or of a --requirements table',
  iut: 'the node(s) the implementation under test plays: @iut:1, or @iut:1,2',
  catches: 'a reference profile that brings an old bug back and must fail the scenario',
  needs: 'a capability the implementation needs for the scenario (else it is not applicable)',
  area: 'the area of TIPC (link, naming): the Allure feature label',
  severity: 'how bad a failure is: blocker, critical, normal, minor or trivial (Allure)',
  commit: 'the kernel commit the requirement comes from (Allure)',
  'known-bug': 'a bug Linux 6.1 is known to have that fails the scenario: a section of docs/kernel-findings.md (reported as a known bug, not a failure)',
} as const;

export type TagPrefix = keyof typeof TAG_PREFIXES;

export const TAG_PREFIX_NAMES = Object.keys(TAG_PREFIXES) as TagPrefix[];

/** Allure's severity levels. */
export const SEVERITIES = ['blocker', 'critical', 'normal', 'minor', 'trivial'] as const;

/** Edit distance (insertions, deletions, substitutions) between two short words. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The harness's prefix a user's `@word:` was probably meant to be, if it is a near miss. */
export function nearPrefix(word: string): TagPrefix | undefined {
  const w = word.toLowerCase();
  if ((TAG_PREFIX_NAMES as readonly string[]).includes(word)) return undefined;
  return TAG_PREFIX_NAMES.find((p) => p === w || editDistance(w, p) <= (p.length <= 3 ? 1 : 2));
}
