#!/usr/bin/env node
'use strict';
// The bundled reference stack as an external implementation under test: one node per process,
// speaking the process protocol of docs/adapter-protocol.md on stdin/stdout.
const path = require('node:path');

const packageRoot = path.resolve(__dirname, '..');
require('./ts-cache');
const { serve } = require(path.join(packageRoot, 'adapters', 'process', 'reference-iut.ts'));

serve(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`tipc-reference-iut: internal error: ${(error && error.stack) || error}\n`);
    process.exit(2);
  },
);
