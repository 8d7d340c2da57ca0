'use strict';
// A small require hook for the package's own .ts files, for processes that start often (one IUT
// process per node per scenario): each file is transpiled once with TypeScript's transpileModule
// and the JavaScript kept in node_modules/.cache/tipc-conformance, keyed by path, size and mtime,
// so later starts load no compiler at all. Types are checked by `tsc --noEmit` in npm test.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const packageRoot = path.resolve(__dirname, '..');
const cacheDir = path.join(packageRoot, 'node_modules', '.cache', 'tipc-conformance');
let ts; // loaded only on a cache miss

function compile(file) {
  const st = fs.statSync(file);
  const key = crypto.createHash('sha1').update(`${file}\0${st.size}\0${st.mtimeMs}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // miss
  }
  if (!ts) ts = require('typescript');
  const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, resolveJsonModule: true },
  }).outputText;
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
