/**
 * bin/ts-cache.js, the require hook every process of the package loads its .ts files through:
 * a file's JavaScript is cached once per version, and a new version's entry replaces the older
 * ones, so the cache does not grow with every edit. Run in a package of its own (a temporary
 * folder with the hook and links to @swc/core and commander), so the package's own cache is not touched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

/** A package in a temporary folder: bin/ts-cache.js, and node_modules/@swc and commander from this one. */
function scratchPackage(): { dir: string; cache: string; run(file: string): string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-cache-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.copyFileSync(path.join(ROOT, 'bin', 'ts-cache.js'), path.join(dir, 'bin', 'ts-cache.js'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const dep of ['@swc', 'commander']) fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(dir, 'node_modules', dep));
  return {
    dir,
    cache: path.join(dir, 'node_modules', '.cache', 'tipc-conformance'),
    run: (file) => execFileSync(process.execPath, ['--require', path.join(dir, 'bin', 'ts-cache.js'), path.join(dir, file)], { encoding: 'utf8' }),
  };
}

/** Writes a .ts file with a modification time of its own (a second later than the last). */
function writeTs(file: string, text: string, mtimeS: number): void {
  fs.writeFileSync(file, text);
  fs.utimesSync(file, mtimeS, mtimeS);
}

test('a file edited again and again keeps one cache entry, and the latest version runs', () => {
  const p = scratchPackage();
  try {
    const a = path.join(p.dir, 'a.ts');
    writeTs(path.join(p.dir, 'b.ts'), "const b: string = 'b';\nconsole.log(b);\n", 1_000_000);
    assert.equal(p.run('b.ts').trim(), 'b');
    for (let v = 1; v <= 4; v++) {
      writeTs(a, `const v: number = ${v};\nconsole.log(v);\n`, 1_000_000 + v);
      assert.equal(p.run('a.ts').trim(), String(v), `version ${v} runs`);
      const entries = fs.readdirSync(p.cache).sort();
      // a.ts's latest .js and .js.map, and b.ts's, which editing a.ts leaves alone
      assert.equal(entries.length, 4, `after version ${v}: ${entries.join(', ')}`);
    }
    // a hit writes nothing
    const before = fs.readdirSync(p.cache).map((n) => fs.statSync(path.join(p.cache, n)).mtimeMs);
    assert.equal(p.run('a.ts').trim(), '4');
    assert.deepEqual(
      fs.readdirSync(p.cache).map((n) => fs.statSync(path.join(p.cache, n)).mtimeMs),
      before,
    );
  } finally {
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

test('entries of an older naming go at the next write; another process\'s write under way stays', () => {
  const p = scratchPackage();
  try {
    fs.mkdirSync(p.cache, { recursive: true });
    const old = `${'ab'.repeat(20)}.js`;
    const underWay = `${'cd'.repeat(10)}-${'ef'.repeat(10)}.js.12345.tmp`;
    for (const n of [old, `${old}.map`, underWay]) fs.writeFileSync(path.join(p.cache, n), '');
    writeTs(path.join(p.dir, 'c.ts'), "console.log('c' as string);\n", 1_000_000);
    assert.equal(p.run('c.ts').trim(), 'c');
    const entries = fs.readdirSync(p.cache);
    assert.ok(!entries.includes(old) && !entries.includes(`${old}.map`), `old entries gone: ${entries.join(', ')}`);
    assert.ok(entries.includes(underWay), 'a tmp file is left to its writer');
    assert.equal(entries.filter((n) => /\.js$/.test(n)).length, 1);
  } finally {
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

test('--warm fills the cache for the folders the package loads, once; a start after it loads no compiler', () => {
  const p = scratchPackage();
  try {
    fs.mkdirSync(path.join(p.dir, 'reference', 'deep'), { recursive: true });
    fs.mkdirSync(path.join(p.dir, 'test'));
    writeTs(path.join(p.dir, 'reference', 'a.ts'), 'export const a: number = 1;\n', 1_000_000);
    writeTs(path.join(p.dir, 'reference', 'deep', 'b.ts'), "import { a } from '../a';\nconsole.log(a + 1);\n", 1_000_000);
    // test/ runs under ts-node, not the hook: left alone
    writeTs(path.join(p.dir, 'test', 't.ts'), "console.log('t');\n", 1_000_000);
    const warm = (): string => execFileSync(process.execPath, [path.join(p.dir, 'bin', 'ts-cache.js'), '--warm'], { encoding: 'utf8' });
    assert.match(warm(), /^ts-cache: 2 file\(s\) transpiled/);
    assert.match(warm(), /^ts-cache: 0 file\(s\) transpiled/, 'a second warm finds them all');
    const b = path.join(p.dir, 'reference', 'deep', 'b.ts');
    const swcLoaded = "process.stdout.write(String(Object.keys(require.cache).some((f) => f.includes('@swc'))))";
    const out = execFileSync(process.execPath, ['--require', path.join(p.dir, 'bin', 'ts-cache.js'), '-e', `require(${JSON.stringify(b)}); ${swcLoaded}`], { encoding: 'utf8' });
    assert.equal(out, '2\nfalse');
  } finally {
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

test('npm install warms the cache; a bad argument is a usage error', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts.postinstall, 'node bin/ts-cache.js --warm');
  assert.throws(
    () => execFileSync(process.execPath, [path.join(ROOT, 'bin', 'ts-cache.js'), '--cold'], { encoding: 'utf8', stdio: 'pipe' }),
    (e: { status: number; stderr: string }) => e.status === 2 && /unknown option '--cold'/.test(e.stderr),
  );
});
