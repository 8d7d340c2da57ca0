/**
 * The composition root of the steps: the one place that picks the implementations a run uses.
 * Every other file of steps/ sees them only through the contract's ClusterFactory.
 */
import * as path from 'node:path';
import type { ClusterFactory, RunParameters } from '../../contract';
import { clusterFactory } from '../../adapters/factory';

/** Where the IUT processes' stderr and the nodes' own logs go: the report attaches them. */
export function iutLogDir(run: RunParameters): string {
  return path.join(run.out, 'iut-logs');
}

/** The factory of the clusters of a run, built from the run's parameters. */
export function composeClusterFactory(run: RunParameters): ClusterFactory {
  return clusterFactory(run, { logDir: iutLogDir(run) });
}
