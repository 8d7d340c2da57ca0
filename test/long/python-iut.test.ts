/**
 * Issue 21's "done when": docs/wire-format.md lets an implementer build a node that links up
 * without reading the source. test/interop/python/tipc_link_node.py is such a node, written in
 * Python from README.md and docs/ alone; this test certifies it through the process protocol, as
 * an outside implementer would (`certify --iut process:'python3 …'`), and holds the statement to
 * what its declared capabilities make applicable.
 *
 * Which scenarios apply is read from the features themselves (a scenario applies when the node
 * declares every capability its @needs: tags name), not from the harness's output. The whole
 * suite runs, as an implementer would certify: a run restricted by --tags to the applicable
 * scenarios took as long (the others are N/A at once) and would not check the N/A verdicts. Every
 * applicable requirement must pass and every other be not applicable, except SHORTFALLS: what the
 * node fails because it is deliberately small, each with why (also in test/interop/python/README.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';

const ROOT = join(__dirname, '..', '..');
const NODE_SCRIPT = 'test/interop/python/tipc_link_node.py';
const IUT = `process:python3 ${NODE_SCRIPT}`;

/**
 * Requirements the node fails by design, with the failure it must show: what it leaves out (see
 * test/interop/python/README.md) would fail here. None today: DS-6, which failed while the node
 * had no failover at all, now needs `failover` (not declared) and passes when it is declared.
 */
const SHORTFALLS: Readonly<Record<string, { why: string; seen: RegExp }>> = {};

/** One scenario (a Scenario Outline row counts as one) as the features declare it. */
interface DeclaredScenario {
  /** An outline's row has its <parameters> filled in. */
  readonly name: string;
  readonly req: string;
  readonly needs: readonly string[];
}

function featureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? featureFiles(join(dir, e.name)) : e.name.endsWith('.feature') ? [join(dir, e.name)] : [],
  );
}

/** Every scenario of features/ with its requirement and needs, @scale rows left out as certify does. */
function declaredScenarios(): DeclaredScenario[] {
  const newId = IdGenerator.incrementing();
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
  return featureFiles(join(ROOT, 'features')).flatMap((file) => {
    const doc = parser.parse(readFileSync(file, 'utf8'));
    return compile(doc, file, newId)
      .map((p) => ({ name: p.name, tags: p.tags.map((t) => t.name) }))
      .filter((p) => !p.tags.includes('@scale'))
      .map((p) => {
        const req = p.tags.find((t) => t.startsWith('@req:'));
        assert.ok(req, `${file}: scenario '${p.name}' has no @req: tag`);
        return { name: p.name, req: req.slice('@req:'.length), needs: p.tags.filter((t) => t.startsWith('@needs:')).map((t) => t.slice('@needs:'.length)) };
      });
  });
}

/** The capabilities the node declares in its hello, asked of the node itself. */
function declaredCapabilities(): string[] {
  const r = spawnSync('python3', [NODE_SCRIPT], {
    cwd: ROOT,
    input: '{"id":1,"op":"hello","protocol":2}\n{"id":2,"op":"stop"}\n',
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `the node's hello: ${r.stderr}`);
  const hello = JSON.parse(r.stdout.split('\n')[0] ?? '') as { ok: boolean; capabilities: string[] };
  assert.equal(hello.ok, true);
  return hello.capabilities;
}

/** What the test reads of conformance-statement.json. */
interface Statement {
  readonly iut: { readonly name: string; readonly capabilities: readonly string[] };
  readonly verdict: string;
  readonly partial: boolean;
  readonly tested: number;
  readonly notApplicable: number;
  readonly requirements: readonly { readonly id: string; readonly verdict: string; readonly missing?: readonly string[] }[];
}

interface JunitCase {
  readonly failure: string | undefined;
  readonly skipped: boolean;
}

/**
 * The testcases of cucumber's junit.xml by scenario name, in order. An outline's row is named
 * "<the outline's name> - #1.2: <the row's name>"; it is filed under the row's name.
 */
function junitCases(xml: string): Map<string, JunitCase[]> {
  const cases = new Map<string, JunitCase[]>();
  for (const m of xml.matchAll(/<testcase\s+classname="[^"]*"\s+name="([^"]*)"[^>]*>([\s\S]*?)<\/testcase>/g)) {
    const written = (m[1] ?? '').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const name = /^.* - #\d+\.\d+: (.*)$/.exec(written)?.[1] ?? written;
    const body = m[2] ?? '';
    const failure = /<failure[\s\S]*?(?:<\/failure>|\/>)/.exec(body)?.[0];
    cases.set(name, [...(cases.get(name) ?? []), { failure, skipped: body.includes('<skipped') }]);
  }
  return cases;
}

test('a TIPC node written in Python from the docs alone links up and passes the link requirements it applies to', { timeout: 600_000 }, () => {
  const caps = declaredCapabilities();
  assert.ok(caps.includes('link'), `the node declares link (it declares ${caps.join(', ')})`);
  const scenarios = declaredScenarios();
  const applicable = scenarios.filter((s) => s.needs.every((n) => caps.includes(n)));
  const expectedReqs = new Set(applicable.map((s) => s.req));
  // the link set-up requirements are what the docs must be enough for: they apply, whatever else does
  for (const id of ['LS-1', 'LS-2']) assert.ok(expectedReqs.has(id), `${id} applies to a node declaring ${caps.join(', ')}`);

  const out = mkdtempSync(join(tmpdir(), 'python-iut-'));
  try {
    const r = spawnSync(process.execPath, ['bin/tipc-conformance.js', 'certify', '--no-report', '--iut', IUT, '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const shortfallScenarios = applicable.filter((s) => s.req in SHORTFALLS);
    const failed = [...r.stdout.matchAll(/^\[\s*\d+\/\d+\] FAIL\s+.*@req:(\S+)/gm)].map((m) => m[1]);
    assert.deepEqual(failed.sort(), shortfallScenarios.map((s) => s.req).sort(), `only the shortfalls fail:\n${r.stdout}\n${r.stderr}`);
    assert.equal(r.status, shortfallScenarios.length > 0 ? 1 : 0, `exit code (1 while a shortfall fails):\n${r.stderr}`);
    const passed = applicable.length - shortfallScenarios.length;
    const na = scenarios.length - applicable.length;
    assert.match(r.stdout, new RegExp(`^conformance: ${passed} passed, ${shortfallScenarios.length} failed, ${na} not applicable$`, 'm'));

    const statement = JSON.parse(readFileSync(join(out, 'conformance-statement.json'), 'utf8')) as Statement;
    assert.deepEqual([...statement.iut.capabilities].sort(), [...caps].sort());
    const verdicts = new Map(statement.requirements.map((q) => [q.id, q.verdict]));
    for (const id of expectedReqs) {
      assert.equal(verdicts.get(id), id in SHORTFALLS ? 'fail' : 'pass', `${id}'s verdict in the statement`);
    }
    const allReqs = new Set(scenarios.map((s) => s.req));
    for (const id of allReqs) {
      if (!expectedReqs.has(id)) assert.equal(verdicts.get(id), 'not applicable', `${id}: no scenario of it applies to ${caps.join(', ')}`);
    }
    // each N/A names what the node lacks: the capabilities its scenarios need and the node does not declare
    for (const q of statement.requirements.filter((q) => q.verdict === 'not applicable')) {
      const lacking = new Set(scenarios.filter((s) => s.req === q.id).flatMap((s) => s.needs.filter((n) => !caps.includes(n))));
      assert.deepEqual([...(q.missing ?? [])].sort(), [...lacking].sort(), `${q.id}'s missing capabilities`);
    }
    assert.equal(statement.partial, false, 'the whole suite ran: the statement is not partial');
    assert.equal(statement.tested, expectedReqs.size, 'requirements tested');
    assert.equal(statement.notApplicable, allReqs.size - expectedReqs.size, 'requirements not applicable');
    // the verdict may go on to say how many were tested ("pass: 8 of 13 tested, ..."): its first word
    const overall = Object.keys(SHORTFALLS).some((id) => expectedReqs.has(id)) ? 'fail' : 'pass';
    assert.match(statement.verdict, new RegExp(`^${overall}\\b`), "the statement's overall verdict");

    const cases = junitCases(readFileSync(join(out, 'junit.xml'), 'utf8'));
    for (const name of new Set(applicable.map((s) => s.name))) {
      const rows = applicable.filter((s) => s.name === name);
      const ran = cases.get(name) ?? [];
      assert.equal(ran.length, rows.length, `junit.xml has each run of '${name}'`);
      for (const [i, s] of rows.entries()) {
        const c = ran[i];
        assert.ok(c && !c.skipped, `'${name}' ran`);
        const shortfall = SHORTFALLS[s.req];
        if (shortfall) {
          assert.ok(c.failure, `'${name}' (${s.req}) fails: ${shortfall.why}`);
          assert.match(c.failure, shortfall.seen, `'${name}' fails for the reason recorded`);
        } else {
          assert.equal(c.failure, undefined, `'${name}' (${s.req}) passed`);
        }
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
