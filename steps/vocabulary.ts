/**
 * How a step is defined here: the pattern, its catalogue entry and its code, together. The entry
 * travels with the step definition itself (cucumber's wrapperOptions), so `tipc-conformance steps`,
 * docs/steps.md and the feature lint read it from the loaded step definitions and cannot drift
 * from them.
 */
import type { Capability } from '../contract';

/** set-up: the cluster before anything happens; disturbance: what the wire or an interface does
 *  to it; action: what a node is told to do, or time passing; observation: what must be seen. */
export const STEP_GROUPS = ['set-up', 'disturbance', 'action', 'observation'] as const;
export type StepGroup = (typeof STEP_GROUPS)[number];

/**
 * A cucumber parameter type of the steps ({link}, {endpoint}, ...), as the catalogue explains it:
 * what a value of it is, whatever step it appears in.
 */
export interface ParameterTypeDoc {
  /** The name a step pattern writes in braces, e.g. "link" for {link}. */
  readonly name: string;
  /** What a value of the type is, e.g. "a link as the commit names it: <1A-2A> ...". */
  readonly meaning: string;
  /** A value as a step line writes it, e.g. "<1A-2A>". */
  readonly example: string;
}

export interface StepParam {
  /** What the value is, e.g. "node", "link", "tolerance (ms)". */
  readonly name: string;
  readonly meaning: string;
  /** The parameter type of the value, with its own catalogue text, when it is one of the steps' own. */
  readonly type?: ParameterTypeDoc;
}

export interface StepDoc {
  readonly group: StepGroup;
  /** What the step means in TIPC terms: the frames, states or tables it touches. */
  readonly means: string;
  /** One entry per parameter, in the order they appear in the pattern. */
  readonly params: readonly StepParam[];
  /** Capabilities the IUT must declare for the step to mean anything; a scenario using the step
   *  must be tagged @needs:CAP for each (the lint checks). */
  readonly needs: readonly Capability[];
  /** A step line that matches this definition, without its keyword. */
  readonly example: string;
  /** A step that declares the cluster: the node numbers it declares, from its matched arguments
   *  (as text, in pattern order). The lint checks a scenario's @iut: nodes against them. */
  readonly declaresNodes?: (args: readonly string[]) => readonly number[];
}

export interface CatalogueWrapperOptions {
  readonly catalogue: StepDoc;
}

/** The catalogue entry of a loaded step definition, if it was defined with `catalogue(...)`. */
export function stepDocOf(options: { readonly wrapperOptions?: unknown }): StepDoc | undefined {
  const w = options.wrapperOptions;
  if (typeof w !== 'object' || w === null || !('catalogue' in w)) return undefined;
  return (w as CatalogueWrapperOptions).catalogue;
}

/**
 * The options argument of a step definition that carries its catalogue entry:
 * `Given('pattern', catalogue({ group: 'set-up', ... }), function (...) { ... })`.
 * Keeping cucumber's Given/When/Then at the call site lets the Cucumber language server (VS Code)
 * find the definitions; use Given for set-up, Then for observation, When for the rest (the step
 * catalogue test checks).
 */
export function catalogue(doc: StepDoc): { readonly wrapperOptions: CatalogueWrapperOptions } {
  return { wrapperOptions: { catalogue: doc } };
}

/** The keyword a step of this group is defined with. */
export function keywordOf(group: StepGroup): 'Given' | 'When' | 'Then' {
  return group === 'set-up' ? 'Given' : group === 'observation' ? 'Then' : 'When';
}

