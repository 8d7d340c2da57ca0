/**
 * Why a scenario is not applicable, in words the terminal and the conformance statement share.
 * The steps decide it (steps/support/applicability.ts) and attach the reason to the scenario as
 * `not applicable: ...` (in messages.ndjson, so a merge of shards reads it as a run does); the
 * capabilities the IUT lacks are its @needs: tags minus what its hello declared.
 */
import { CAPABILITY_NAMES, isCapability } from '../contract';

/** The prefix of the attachment that says why a scenario was skipped (steps/support/hooks.ts, cluster.steps.ts). */
export const NOT_APPLICABLE_PREFIX = 'not applicable: ';

/** The capabilities a scenario's @needs:CAP tags name, in their order. */
export function neededCapabilities(tags: readonly string[]): string[] {
  return tags.map((t) => /^@needs:(.+)$/.exec(t)?.[1]).filter((c): c is string => c !== undefined);
}

const rank = (c: string): number => (isCapability(c) ? CAPABILITY_NAMES.indexOf(c) : CAPABILITY_NAMES.length);

/** Capabilities once each, in the order contract/capabilities.ts lists them (link first), unknown ones last. */
export function inCatalogueOrder(caps: Iterable<string>): string[] {
  return [...new Set(caps)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * The capabilities a scenario needs that the IUT did not declare, in the catalogue's order. `declared` undefined: the IUT's
 * capabilities are unknown (it failed its hello), so none is missing.
 */
export function missingCapabilities(tags: readonly string[], declared: readonly string[] | undefined): string[] {
  if (declared === undefined) return [];
  return inCatalogueOrder(neededCapabilities(tags).filter((c) => !declared.includes(c)));
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * `needs fsm-events, which the IUT does not declare`; without a missing capability, the reason the
 * steps attached (kernel guests, a tester kind), or a plain `not applicable` when there is none.
 */
export function notApplicableText(missing: readonly string[], reason: string | undefined): string {
  if (missing.length > 0) return `needs ${andList(missing)}, which the IUT does not declare`;
  return reason ?? 'not applicable';
}
