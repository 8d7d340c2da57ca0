'use strict';
// The require hook for the package's own .ts files, in every process the package starts: the CLI
// (bin/tipc-conformance.js), its --parallel workers (cli/worker-support.cjs) and the IUT
// processes (one per node per scenario). Each file is transpiled once with SWC, with the options
// ts-node derives from tsconfig.json (ES2022, CommonJS, ES module interop, define semantics for
// class fields), and the JavaScript kept in node_modules/.cache/tipc-conformance, keyed by path,
// size and mtime, so later starts load no compiler at all: ts-node loads TypeScript's compiler
// (about 50 MB) even when SWC transpiles, and SWC's native library is 20 MB more. Types are
// checked by `tsc --noEmit` in npm test.
//
// The JavaScript has its source map, as ts-node's does, and Node's own source-map support is
// turned on: a stack trace names the .ts file's lines, and so do the places cucumber gives the
// step definitions in the reports.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const packageRoot = path.resolve(__dirname, '..');
const cacheDir = path.join(packageRoot, 'node_modules', '.cache', 'tipc-conformance');
let swc; // loaded only on a cache miss

/** The JavaScript of a .ts file, and its source map (without the source: the .ts file is there). */
function transpile(file) {
  if (!swc) swc = require('@swc/core');
  const { code, map } = swc.transformSync(fs.readFileSync(file, 'utf8'), {
    filename: file,
    swcrc: false,
    sourceMaps: true,
    inlineSourcesContent: false,
    module: { type: 'commonjs', noInterop: false, strictMode: true, ignoreDynamic: false },
    jsc: {
      parser: { syntax: 'typescript', tsx: false, dynamicImport: true },
      target: 'es2022',
      transform: { useDefineForClassFields: true },
      keepClassNames: true,
    },
  });
  // the map names the .ts file by its path, as ts-node's does
  return { code, map: JSON.stringify({ ...JSON.parse(map), file, sources: [file] }) };
}

/**
 * The JavaScript of a .ts file, from the cache or transpiled now. Its source map is a file beside
 * it, which the last line names: a map inline would be kept in memory with the module's source
 * (V8 keeps every script's source), and the maps of a run are several times its JavaScript.
 */
function compile(file) {
  const st = fs.statSync(file);
  const key = crypto.createHash('sha1').update(`swc-map-file-2\0${file}\0${st.size}\0${st.mtimeMs}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // miss
  }
  const { code, map } = transpile(file);
  const mapFile = `${cached}.map`;
  // a relative URL: Node resolves it against the module's own (the .ts file's), and reads no other kind but data:
  const mapUrl = path.relative(path.dirname(file), mapFile).split(path.sep).map(encodeURIComponent).join('/');
  const out = `${code}\n//# sourceMappingURL=${mapUrl}`;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    // the map first: a cached file's map is there whenever the file is
    for (const [to, text] of [[mapFile, map], [cached, out]]) {
      const tmp = `${to}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, to);
    }
    return out;
  } catch {
    // a read-only tree still works, just without the cache (and with the map inline)
    return `${code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(map, 'utf8').toString('base64')}`;
  }
}

process.setSourceMapsEnabled(true);
Module._extensions['.ts'] = function loadTs(module, filename) {
  module._compile(compile(filename), filename);
};
