/**
 * Structured values the features name, parsed once (by the cucumber parameter types and the CLI)
 * and carried as they are from there on: no text is built to be parsed again.
 */
import type { BearerName, NodeId } from './addressing';

/** A link as the commit names it: <1A-2A> is the link between nodes 1 and 2 on bearer A. */
export interface LinkRef {
  readonly a: NodeId;
  readonly b: NodeId;
  readonly bearer: BearerName;
}

/** A link endpoint: 2A is node 2's end of the link on bearer A. */
export interface EndpointRef {
  readonly node: NodeId;
  readonly bearer: BearerName;
}

/** A service range as the features write it: {type, lower, upper}, e.g. {7000, 0, 9}. */
export interface ServiceRange {
  readonly type: number;
  readonly lower: number;
  readonly upper: number;
}

/** The profiles of the bundled reference are named by the reference; the contract takes any name. */
export type ProfileName = string;

/** `--iut SPEC`: which implementation plays the nodes under test. */
export type IutSpec =
  /** The bundled reference stack with a behaviour profile. */
  | { readonly kind: 'reference'; readonly profile: ProfileName }
  /** A child process per node under test, speaking the process protocol; argv, never a shell. */
  | { readonly kind: 'process'; readonly argv: readonly string[] }
  /** The Linux kernel in a QEMU guest per node; its tipc.ko is Debian's own unless `module` says otherwise. */
  | { readonly kind: 'kernel'; readonly module?: KernelModuleSpec };

/**
 * Which tipc.ko a kernel node runs, when not Debian's own: one built from Debian's net/tipc source
 * of the guest's kernel (or from `src`), with a kernel profile's patch and then `patches` applied.
 */
export type KernelModuleSpec = {
  /** A kernel profile: a patch of the harness that brings an old bug back (adapters/kernel/profiles/). */
  readonly profile?: string;
  /** Absolute path of a net/tipc folder built in place of Debian's (a maintainer's tree). */
  readonly src?: string;
  /** Absolute paths of patches applied in order with `patch -p1` at the source root. */
  readonly patches?: readonly string[];
};

/** `--testers`: what plays the nodes a scenario does not put under test. */
export type TestersSpec = 'reference' | 'kernel';
