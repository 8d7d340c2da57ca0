/**
 * Editor support: what the official Cucumber VS Code extension (CucumberOpen.cucumber-official)
 * shows for this repository with the settings in .vscode/settings.json. The extension runs the
 * Cucumber language server, which finds step definitions and parameter types in the
 * `cucumber.glue` files by tree-sitter queries and marks undefined steps in feature files. This
 * test drives the same library, @cucumber/language-service, with the same tree-sitter wasm
 * grammars the extension ships (WasmParserAdapter; nothing is fetched), on the files the settings'
 * globs name, and compares what it finds with what cucumber itself loads.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, test } from 'node:test';
import {
  CucumberExpressions,
  ExpressionBuilder,
  type ExpressionBuilderResult,
  type LanguageName,
  type Source,
  buildSuggestions,
  getGherkinDiagnostics,
} from '@cucumber/language-service';
import { WasmParserAdapter } from '@cucumber/language-service/wasm';
import { loadCatalogue } from '../cli/catalogue';
import type { LoadedStep } from '../cli/step-library';
import { PACKAGE_ROOT } from './support/cli';

/** The diagnostic code the language service gives an undefined step (service/constants.ts). */
const UNDEFINED_STEP = 'cucumber.undefined-step';

interface EditorSettings {
  readonly features: readonly string[];
  readonly glue: readonly string[];
}

function readSettings(): EditorSettings {
  const raw: unknown = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, '.vscode', 'settings.json'), 'utf8'));
  assert.ok(typeof raw === 'object' && raw !== null, '.vscode/settings.json is not a JSON object');
  const s = raw as Record<string, unknown>;
  const strings = (key: string): string[] => {
    const v = s[key];
    assert.ok(Array.isArray(v) && v.length > 0 && v.every((g) => typeof g === 'string'), `.vscode/settings.json: "${key}" must be a non-empty array of globs`);
    return v as string[];
  };
  return { features: strings('cucumber.features'), glue: strings('cucumber.glue') };
}

/**
 * The files a glob names, relative to the package root, as the language server's fast-glob
 * (case-insensitive, files only, `*` not matching a leading dot) would find them. Supports `**`,
 * `*` and `?`; anything else (braces, classes) fails the test rather than being guessed at.
 */
function expandGlob(glob: string): string[] {
  assert.ok(!/[[\]{}!]/.test(glob), `glob "${glob}": only **, * and ? are understood by this test`);
  const segments = glob.split('/');
  const firstWild = segments.findIndex((seg) => /[*?]/.test(seg));
  const base = firstWild < 0 ? segments.slice(0, -1) : segments.slice(0, firstWild);
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        re += '(?:[^/.][^/]*/)*';
      } else {
        re += '.*';
      }
    } else if (c === '*') {
      re += '(?:[^/.][^/]*)?';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += /[\\^$.|+()]/.test(c) ? `\\${c}` : c;
    }
  }
  const matcher = new RegExp(`^${re}$`, 'i');
  const found: string[] = [];
  const walk = (rel: string): void => {
    let entries;
    try {
      entries = readdirSync(path.join(PACKAGE_ROOT, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && matcher.test(child)) found.push(child);
    }
  };
  walk(base.join('/'));
  return found;
}

function expandGlobs(globs: readonly string[]): string[] {
  return [...new Set(globs.flatMap(expandGlob))].sort();
}

/** The glue sources as the language server builds them: .ts files are parsed with the tsx grammar. */
function glueSources(files: readonly string[]): Source<LanguageName>[] {
  return files.map((f) => ({
    languageName: 'tsx',
    uri: pathToFileURL(path.join(PACKAGE_ROOT, f)).href,
    content: readFileSync(path.join(PACKAGE_ROOT, f), 'utf8'),
  }));
}

type Expression = ExpressionBuilderResult['expressionLinks'][number]['expression'];

/** The pattern as cli/step-library.ts writes it: a cucumber expression, or /a regular expression/. */
function patternOf(e: Expression): string {
  return e instanceof CucumberExpressions.RegularExpression ? `/${e.regexp.source}/` : e.source;
}

/** Why the editor may miss a definition cucumber has: a hint for the failure message. */
const ESCAPE_HINT =
  'the language service takes a string pattern\'s JavaScript escapes literally ("\\\\{" stays two characters; cucumber/vscode#284), ' +
  'so a pattern that needs a backslash, such as an escaped "{", must be written as a /regular expression/ literal; and a definition ' +
  "must be a direct Given/When/Then('pattern' or /regexp/, ...) call to be found";

let settings: EditorSettings;
let glueFiles: string[] = [];
let featureFiles: string[] = [];
let built: ExpressionBuilderResult;
let expressions: Expression[] = [];
let cucumberSteps: LoadedStep[] = [];

before(async () => {
  settings = readSettings();
  glueFiles = expandGlobs(settings.glue);
  featureFiles = expandGlobs(settings.features);

  // The wasm grammars come with the package (dist/*.wasm) and are read from disk; a fetch would be
  // a download at run time, which the test forbids.
  const wasmDir = path.resolve(path.dirname(require.resolve('@cucumber/language-service')), '..', '..');
  const adapter = new WasmParserAdapter(wasmDir);
  const realFetch = globalThis.fetch;
  const fetched: string[] = [];
  globalThis.fetch = (input: Parameters<typeof fetch>[0]): Promise<Response> => {
    fetched.push(String(input));
    return Promise.reject(new Error(`the language service tried to fetch ${String(input)}`));
  };
  try {
    await adapter.init();
  } finally {
    globalThis.fetch = realFetch;
  }
  assert.deepEqual(fetched, [], 'the language service fetched something at run time');

  built = new ExpressionBuilder(adapter).build(glueSources(glueFiles), []);
  expressions = built.expressionLinks.map((l) => l.expression);
  cucumberSteps = await loadCatalogue([], PACKAGE_ROOT, process.env);
});

describe('editor support (.vscode/settings.json, the Cucumber language service)', () => {
  test('.vscode/extensions.json recommends the official Cucumber extension', () => {
    const raw: unknown = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, '.vscode', 'extensions.json'), 'utf8'));
    const recs = (raw as { recommendations?: unknown }).recommendations;
    assert.ok(Array.isArray(recs) && recs.includes('CucumberOpen.cucumber-official'), JSON.stringify(raw));
  });

  test('the globs name our step files and feature files, and nothing under node_modules', () => {
    const steps = readdirSync(path.join(PACKAGE_ROOT, 'steps'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => `steps/${f.split(path.sep).join('/')}`);
    assert.deepEqual(glueFiles.filter((f) => f.startsWith('steps/')), steps.sort());
    assert.ok(featureFiles.length >= 4, `cucumber.features finds only ${featureFiles.join(', ')}`);
    assert.deepEqual(featureFiles.filter((f) => f.includes('node_modules')), []);
  });

  test('(a) every step definition cucumber loads is found in the glue files', () => {
    assert.deepEqual(built.errors.map((e) => e.message), [], `expressions the language service could not build: ${ESCAPE_HINT}`);
    const found = new Set(expressions.map(patternOf));
    const missing = cucumberSteps.map((s) => s.pattern).filter((p) => !found.has(p));
    assert.deepEqual(missing, [], `step definitions the editor does not see (${ESCAPE_HINT})`);
    assert.ok(
      expressions.length >= cucumberSteps.length,
      `the language service finds ${expressions.length} step definitions, cucumber loads ${cucumberSteps.length}`,
    );
  });

  test('(b) the parameter types {link} and {endpoint} are found and match like cucumber', () => {
    const names = built.parameterTypeLinks.map((l) => l.parameterType.name);
    assert.ok(names.includes('link') && names.includes('endpoint'), `parameter types found: ${names.join(', ')}`);
    const check = (pattern: string, line: string, type: string, value: string): void => {
      const e = expressions.find((x) => x.source === pattern);
      assert.ok(e, `no expression "${pattern}"`);
      const args = e.match(line);
      assert.ok(args, `"${pattern}" does not match "${line}"`);
      assert.equal(args[0]?.parameterType.name, type);
      assert.equal(args[0]?.group.value, value);
    };
    check('link {link} comes up', 'link <1B-2B> comes up', 'link', '<1B-2B>');
    check('link endpoint {endpoint} goes down within {int} ms', 'link endpoint 2A goes down within 3000 ms', 'endpoint', '2A');
  });

  test('(c) no step of the features is undefined for the editor; an invented one is', () => {
    let checked = 0;
    for (const f of featureFiles) {
      const text = readFileSync(path.join(PACKAGE_ROOT, f), 'utf8');
      const diags = getGherkinDiagnostics(text, expressions);
      const lines = text.split('\n');
      assert.deepEqual(
        diags.map((d) => `${f}:${d.range.start.line + 1}: ${d.message} [${lines[d.range.start.line]?.trim()}]`),
        [],
        `the editor marks these lines (${ESCAPE_HINT})`,
      );
      checked += lines.filter((l) => /^\s*(Given|When|Then|And|But|\*) /.test(l)).length;
    }
    assert.ok(checked >= 50, `only ${checked} step lines checked`);

    const invented = [
      'Feature: invented',
      '  Scenario: a step nobody defined',
      '    Given a cluster of nodes 1 and 2 joined by bearer A',
      '    When node 1 sings the link FSM backwards',
      '    Then link <1A-2A> is up on both nodes within 5000 ms',
      '',
    ].join('\n');
    const diags = getGherkinDiagnostics(invented, expressions);
    assert.deepEqual(
      diags.map((d) => [d.code, d.range.start.line, d.message]),
      [[UNDEFINED_STEP, 3, 'Undefined step: node 1 sings the link FSM backwards']],
    );
  });

  test('autocomplete offers the links the features use for {link}', () => {
    const stepTexts = featureFiles.flatMap((f) =>
      readFileSync(path.join(PACKAGE_ROOT, f), 'utf8')
        .split('\n')
        .map((l) => /^\s*(?:Given|When|Then|And|But) (.*)$/.exec(l)?.[1])
        .filter((t): t is string => t !== undefined),
    );
    const suggestions = buildSuggestions(built.registry, stepTexts, expressions);
    const linkUp = suggestions.find((s) => s.label === 'link {link} comes up' || s.label.startsWith('link <'));
    assert.ok(linkUp, `no suggestion for "link {link} comes up" among ${suggestions.length}`);
    const choices = linkUp.segments.filter((seg): seg is readonly string[] => Array.isArray(seg)).flat();
    assert.ok(choices.includes('<1B-2B>'), `choices offered: ${choices.join(', ')}`);
  });
});
