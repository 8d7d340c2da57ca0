#!/usr/bin/env node
'use strict';
// Loads the package's .ts files through ./ts-cache (SWC, transpiled once and cached: no compiler
// in memory on a warm start) and runs cli/main.ts. The exit code is main's: 0 passed, 1 a
// scenario failed, 2 usage or harness error.
const path = require('node:path');

const packageRoot = path.resolve(__dirname, '..');
require('./ts-cache');

const { main } = require(path.join(packageRoot, 'cli', 'main.ts'));

main(process.argv.slice(2)).then(
  (code) => exit(code),
  (error) => {
    process.stderr.write(`tipc-conformance: internal error: ${(error && error.stack) || error}\n`);
    exit(2);
  },
);

// Exit once stdout/stderr are drained: a simulation timer or open handle left behind by a
// step must not keep the process alive, and piped output must not be cut short.
function exit(code) {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
