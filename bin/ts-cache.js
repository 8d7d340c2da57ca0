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
// Each file has one entry: writing a new version of a file's JavaScript removes the versions
// before it (the entries of a file share the first half of their name), so editing the package
// does not grow the cache without end.
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
/** Files transpiled by this process (warm() counts them). */
let swcCalls = 0;

/** The JavaScript of a .ts file, and its source map (without the source: the .ts file is there). */
function transpile(file) {
  if (!swc) swc = require('@swc/core');
  swcCalls++;
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
  const of = sha1(`swc-map-file-3\0${file}`);
  const key = `${of}-${sha1(`${st.size}\0${st.mtimeMs}`)}`;
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
    pruneVersionsBefore(of, key);
    return out;
  } catch {
    // a read-only tree still works, just without the cache (and with the map inline)
    return `${code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(map, 'utf8').toString('base64')}`;
  }
}

/** An entry's name: the file's half, its version's half, .js or .js.map. */
const ENTRY = /^[0-9a-f]{20}-[0-9a-f]{20}\.js(\.map)?$/;

function sha1(text) {
  return crypto.createHash('sha1').update(text).digest('hex').slice(0, 20);
}

/**
 * Removes the entries of the same file (`of`) other than `key`: its older versions. Another process
 * reading one of them still reads it (an open file outlives its name); one that misses compiles
 * the file again.
 */
function pruneVersionsBefore(of, key) {
  let names;
  try {
    names = fs.readdirSync(cacheDir);
  } catch {
    return;
  }
  for (const name of names) {
    // and what an older naming left (a tmp file is another process's write under way)
    const stale = name.startsWith(`${of}-`) || (!ENTRY.test(name) && !name.endsWith('.tmp'));
    if (!stale || name.startsWith(`${key}.`)) continue;
    try {
      fs.unlinkSync(path.join(cacheDir, name));
    } catch {
      // gone already, or not ours to remove: either way not in the way
    }
  }
}

/**
 * The package's folders whose .ts files its processes load through this hook (test/ and scripts/
 * run under ts-node): what `--warm` transpiles ahead.
 */
const LOADED_DIRS = ['adapters', 'cli', 'contract', 'explore', 'harness', 'reference', 'sim', 'steps'];

/** Every .ts file under `dir`, in name order. */
function tsFiles(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(file);
    return e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [file] : [];
  });
}

/**
 * Fills the cache for every .ts file the package's processes load (npm's postinstall runs it), so
 * that the first start after an install or a checkout needs no compiler either: one that must
 * transpile holds SWC's 20 MB and its work in memory, and the 128-node NB-6 run peaked at 306 MB
 * on such a start against 264–269 on later ones. Returns how many files were transpiled now.
 */
function warm() {
  const before = swcCalls;
  for (const file of LOADED_DIRS.flatMap((d) => tsFiles(path.join(packageRoot, d)))) compile(file);
  return swcCalls - before;
}

// what the architecture test holds against the layers it knows
module.exports = { LOADED_DIRS };

process.setSourceMapsEnabled(true);
Module._extensions['.ts'] = function loadTs(module, filename) {
  module._compile(compile(filename), filename);
};

if (require.main === module) {
  const { Command } = require('commander');
  new Command('ts-cache')
    .description(`Transpiles every .ts file under ${LOADED_DIRS.join(', ')} that the cache (node_modules/.cache/tipc-conformance) lacks. npm install runs it.`)
    .option('--warm', 'fill the cache now')
    .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2))
    .action((opts, cmd) => {
      if (!opts.warm) cmd.error('error: nothing to do without --warm');
      const t0 = Date.now();
      try {
        const n = warm();
        process.stdout.write(`ts-cache: ${n} file(s) transpiled into ${path.relative(packageRoot, cacheDir)} in ${Date.now() - t0} ms\n`);
      } catch (e) {
        // an install must not fail for want of a cache: every start fills it as it goes anyway
        process.stderr.write(`ts-cache: the cache was not filled ahead (${(e && e.message) || e}); each start transpiles what it lacks\n`);
      }
    })
    .parse();
}
