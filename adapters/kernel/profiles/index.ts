/**
 * The kernel profiles: patches to Debian's Linux 6.1 net/tipc source that bring an old bug back,
 * one per reference profile that can be said against 6.1 (README.md in this folder). Each is named
 * after the reference profile it matches, so that a scenario's @catches:PROFILE tag names both.
 *
 * Pure: the names are a list here (test/kernel-module.test.ts holds it equal to the .patch files),
 * so that parsing `--iut kernel:PROFILE` reads no file.
 */
import * as path from 'node:path';

export const KERNEL_PROFILE_NAMES = [
  'pre-half-failover-fix',
  'pre-early-failover-msg-fix',
  'no-last-bulk-sync',
  'no-named-seqno',
  'bulk-seq-controlled',
  'legacy-seq-controlled',
  'no-stale-drop',
] as const;

export type KernelProfileName = (typeof KERNEL_PROFILE_NAMES)[number];

export function isKernelProfileName(name: string): name is KernelProfileName {
  return (KERNEL_PROFILE_NAMES as readonly string[]).includes(name);
}

/** The patch file of a kernel profile. */
export function kernelProfilePatch(name: KernelProfileName): string {
  return path.join(__dirname, `${name}.patch`);
}
