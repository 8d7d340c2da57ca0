'use strict';
// A small require hook for the package's own .ts files, for processes that start often (one IUT
// process per node per scenario): each file is transpiled once with SWC (the transpiler ts-node
// uses here, with the options ts-node derives from tsconfig.json: ES2022, CommonJS, ES module
// interop, define semantics for class fields) and the JavaScript kept in
// node_modules/.cache/tipc-conformance, keyed by path, size and mtime, so later starts load no
// compiler at all. Types are checked by `tsc --noEmit` in npm test.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const packageRoot = path.resolve(__dirname, '..');
const cacheDir = path.join(packageRoot, 'node_modules', '.cache', 'tipc-conformance');
let swc; // loaded only on a cache miss

function compile(file) {
  const st = fs.statSync(file);
  const key = crypto.createHash('sha1').update(`swc\0${file}\0${st.size}\0${st.mtimeMs}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // miss
  }
  if (!swc) swc = require('@swc/core');
  const out = swc.transformSync(fs.readFileSync(file, 'utf8'), {
    filename: file,
    swcrc: false,
    module: { type: 'commonjs', noInterop: false, strictMode: true },
    jsc: {
      parser: { syntax: 'typescript', tsx: false },
      target: 'es2022',
      transform: { useDefineForClassFields: true },
    },
  }).code;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, cached);
  } catch {
    // a read-only tree still works, just without the cache
  }
  return out;
}

Module._extensions['.ts'] = function loadTs(module, filename) {
  module._compile(compile(filename), filename);
};
