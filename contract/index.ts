/**
 * The neutral contract between the steps, the harness and every implementation kind. It imports
 * nothing outside contract/: the reference, the process protocol and the kernel adapter each map
 * their own notions to it at their edge.
 */
export * from './addressing';
export * from './capabilities';
export * from './cluster';
export * from './msg-layout';
export * from './node';
export * from './refs';
export * from './run';
export * from './states';
export * from './wire';
