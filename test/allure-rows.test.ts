/**
 * What allure-cucumberjs writes for an Outline's rows (cli/allure-reporter.ts): each row its own
 * parameters, and, for a large Outline, a CSV of its own row only, so that a row's cost does not
 * grow with the Outline. Driven through the run's own Allure formatter with cucumber's messages.
 */
import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { IFormatterOptions } from '@cucumber/cucumber';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { type Envelope, IdGenerator } from '@cucumber/messages';
import TipcAllureReporter, { EXAMPLES_SHOWN_WHOLE } from '../cli/allure-reporter';

interface Written {
  /** Lines of each CSV attachment. */
  readonly csvLines: number[];
  /** Each result's parameters, `name=value`, by its name. */
  readonly parameters: Map<string, string[]>;
}

/** Runs an Outline of `rows` rows (one Examples block) through the formatter, every row passed; what it wrote. */
function runOutline(rows: number): Written {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tipc-allure-rows-'));
  try {
    const broadcaster = new EventEmitter();
    const library = { beforeTestCaseHookDefinitions: [], afterTestCaseHookDefinitions: [], beforeTestRunHookDefinitions: [], afterTestRunHookDefinitions: [], World: class {} };
    const options = { cwd: dir, eventBroadcaster: broadcaster, parsedArgvOptions: { resultsDir: dir, tipc: { features: [] } }, supportCodeLibrary: library, cleanup: async () => {} };
    new TipcAllureReporter(options as unknown as IFormatterOptions);
    const text = ['Feature: F', '  Scenario Outline: row <n>', '    Given <n> ms pass', '    Examples:', '      | n |', ...Array.from({ length: rows }, (_, i) => `      | ${i} |`)].join('\n');
    const newId = IdGenerator.incrementing();
    const uri = path.join(dir, 'f.feature');
    const doc = { ...new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text), uri };
    const pickles = compile(doc, uri, newId);
    const emit = (e: Envelope): void => {
      broadcaster.emit('envelope', e);
    };
    const at = { seconds: 1, nanos: 0 };
    emit({ testRunStarted: { timestamp: at, id: 'run' } });
    emit({ gherkinDocument: doc });
    for (const pickle of pickles) emit({ pickle });
    for (const pickle of pickles) emit({ testCase: { id: `case-${pickle.id}`, pickleId: pickle.id, testSteps: [], testRunStartedId: 'run' } });
    for (const pickle of pickles) {
      emit({ testCaseStarted: { id: `started-${pickle.id}`, testCaseId: `case-${pickle.id}`, attempt: 0, timestamp: at } });
      emit({ testCaseFinished: { testCaseStartedId: `started-${pickle.id}`, timestamp: at, willBeRetried: false } });
    }
    const files = readdirSync(dir);
    const csvLines = files.filter((f) => f.endsWith('.csv')).map((f) => readFileSync(path.join(dir, f), 'utf8').trimEnd().split('\n').length);
    const parameters = new Map<string, string[]>();
    for (const f of files.filter((x) => x.endsWith('-result.json'))) {
      const r = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { name: string; parameters: { name: string; value: string }[] };
      parameters.set(r.name, r.parameters.map((p) => `${p.name}=${p.value}`));
    }
    return { csvLines, parameters };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a small Outline keeps its whole Examples table on each row, as allure-cucumberjs writes it', () => {
  const w = runOutline(3);
  assert.deepEqual(w.csvLines, [4, 4, 4], 'the header and the 3 rows on each of the 3 rows');
  assert.deepEqual(w.parameters.get('row 2'), ['n=2']);
});

test("a large Outline's row carries its own row only: what a row writes does not grow with the Outline", () => {
  const rows = EXAMPLES_SHOWN_WHOLE + 20;
  const w = runOutline(rows);
  assert.equal(w.csvLines.length, rows, 'a CSV for each row');
  assert.deepEqual(
    [...new Set(w.csvLines)],
    [2],
    `each row's CSV holds the header and its row (lines seen: ${[...new Set(w.csvLines)].join(', ')})`,
  );
  assert.equal(w.parameters.size, rows);
  for (const i of [0, EXAMPLES_SHOWN_WHOLE + 5, rows - 1]) assert.deepEqual(w.parameters.get(`row ${i}`), [`n=${i}`], `row ${i}'s parameters`);
});
