/**
 * Moved to harness/package-info.ts (adapters must not import from cli/). This re-export remains
 * only for adapters/process/reference-iut.ts and test/process-adapter.test.ts, whose owners switch
 * their import line to harness/package-info; delete this file then.
 */
export { VERSION } from '../harness/package-info';
