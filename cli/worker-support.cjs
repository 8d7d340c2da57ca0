'use strict';
// The first support module of every run (cucumber's requireModule, cli/parallel.ts): cucumber
// loads it before the step definitions, in the run's own process (where bin/tipc-conformance.js
// has its .ts hook in place, or the tests' ts-node, and it does nothing) and in each worker of
// `run --parallel N`, a process cucumber forks that loads the step definitions itself and gets
// nothing else from the run but its environment and world parameters. JavaScript: it is what lets
// the workers read TypeScript.
const path = require('node:path');

// One hook for .ts files: registered twice, ts-node would compile every file twice. A worker
// forked from a process started with `node --require ts-node/register` inherits that flag (and
// TS_NODE_PROJECT, parallel.ts, gives it the package's tsconfig.json); one forked from the CLI
// gets the CLI's (bin/ts-cache.js).
if (process[Symbol.for('ts-node.register.instance')] === undefined) require(path.join(__dirname, '..', 'bin', 'ts-cache.js'));

if (process.env.CUCUMBER_WORKER_ID !== undefined) {
  // --step-timeout: the run's process sets it on the library it loaded (withDefaultTimeout), which
  // a worker never sees; setDefaultTimeout sets the same field while the support code loads.
  const ms = Number(process.env.TIPC_STEP_TIMEOUT_MS);
  if (Number.isInteger(ms) && ms > 0) require('@cucumber/cucumber').setDefaultTimeout(ms);
  // The run's process is gone (killed, or it stopped on a signal): stop now, so that the exit
  // hooks kill this worker's IUT processes and guests (adapters/exit-hooks.ts) rather than let
  // the scenario in hand run on for nobody.
  process.once('disconnect', () => process.exit(2));
}
