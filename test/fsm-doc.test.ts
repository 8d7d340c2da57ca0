/**
 * docs/wire-format.md's FSM tables are the reference's: the region between its fsm-tables markers
 * is what `npm run docs:fsm` renders, and every cell of it, read back from the Markdown by a parser
 * of its own here, is the table's outcome for that state and event. A changed cell in either the
 * doc or the tables fails one of these.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { LINK_EVENTS, LINK_FSM, LINK_STATE, LINK_STATES, type LinkOutcome } from '../reference/link-fsm';
import { NODE_EVENTS, NODE_FSM, NODE_STATE, NODE_STATES, type NodeOutcome } from '../reference/node-fsm';
import { BEGIN_MARKER, END_MARKER, type FsmTables, REFERENCE_TABLES, WIRE_FORMAT_FILE, fsmDocsMain, fsmTablesMarkdown, regionOf } from '../scripts/fsm-tables';
import { PACKAGE_ROOT } from './support/cli';

type Outcome = LinkOutcome | NodeOutcome;

interface ParsedTable {
  readonly events: string[];
  /** state → [value, outcome per event in column order] */
  readonly rows: Map<string, { value: number; cells: Outcome[] }>;
}

function parseCell(text: string): Outcome {
  if (text === 'stay' || text === 'illegal') return text;
  const m = /^→ ([A-Z_]+)( \+ LINK_DOWN)?$/.exec(text);
  assert.ok(m, `a cell that is neither stay, illegal nor → STATE [+ LINK_DOWN]: "${text}"`);
  return m[2] ? ({ to: m[1], linkDown: true } as Outcome) : ({ to: m[1] } as Outcome);
}

/** The first pipe table after `heading` in `markdown`. */
function parseTable(markdown: string, heading: string): ParsedTable {
  const lines = markdown.split('\n');
  const at = lines.indexOf(heading);
  assert.ok(at >= 0, `no line "${heading}"`);
  const first = lines.findIndex((l, i) => i > at && l.startsWith('|'));
  assert.ok(first > at, `no table after "${heading}"`);
  const cells = (l: string): string[] => l.slice(1, -1).split('|').map((c) => c.trim());
  const [stateCol, valueCol, ...events] = cells(lines[first] ?? '');
  assert.deepEqual([stateCol, valueCol], ['state', 'value']);
  assert.match(lines[first + 1] ?? '', /^\|(---\|)+$/);
  const rows = new Map<string, { value: number; cells: Outcome[] }>();
  for (const l of lines.slice(first + 2)) {
    if (!l.startsWith('|')) break;
    const [state = '', value = '', ...rest] = cells(l);
    assert.ok(!rows.has(state), `state ${state} has two rows`);
    assert.match(value, /^0x[0-9a-f]+$/, `${state}: value "${value}" is not hex`);
    rows.set(state, { value: Number.parseInt(value.slice(2), 16), cells: rest.map(parseCell) });
  }
  return { events, rows };
}

/** Asserts that `parsed` holds exactly the table `rows` over `states` × `events`, with the state values `values`. */
function assertIsTable(
  parsed: ParsedTable,
  states: readonly string[],
  values: Readonly<Record<string, number>>,
  events: readonly string[],
  rows: Readonly<Record<string, Readonly<Record<string, Outcome>>>>,
): void {
  assert.deepEqual(parsed.events, [...events], 'the columns are not the events');
  assert.deepEqual([...parsed.rows.keys()].sort(), [...states].sort(), 'the rows are not the states');
  for (const s of states) {
    const row = parsed.rows.get(s);
    assert.ok(row);
    assert.equal(row.value, values[s], `${s}: value`);
    assert.equal(row.cells.length, events.length, `${s}: ${row.cells.length} cells for ${events.length} events`);
    events.forEach((e, i) => assert.deepEqual(row.cells[i], rows[s]?.[e], `${s} × ${e}`));
  }
}

function assertRendersTables(markdown: string, tables: FsmTables): void {
  assertIsTable(parseTable(markdown, '### Link endpoint FSM table'), LINK_STATES, LINK_STATE, LINK_EVENTS, tables.link);
  assertIsTable(parseTable(markdown, '### Node FSM table'), NODE_STATES, NODE_STATE, NODE_EVENTS, tables.node);
}

function docRegion(): string {
  const doc = readFileSync(WIRE_FORMAT_FILE, 'utf8');
  const region = regionOf(doc);
  assert.ok(region !== undefined, `docs/wire-format.md has no ${BEGIN_MARKER} … ${END_MARKER} region`);
  return region;
}

/** Some other outcome than `o`, of the same FSM. */
function another(o: Outcome, someState: string): Outcome {
  if (o === 'stay') return 'illegal';
  if (o === 'illegal') return { to: someState } as Outcome;
  return 'linkDown' in o ? ({ to: o.to } as Outcome) : 'stay';
}

function silentIo(): { io: Parameters<typeof fsmDocsMain>[1]; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } }, out: () => out, err: () => err };
}

describe('the FSM tables of docs/wire-format.md', () => {
  test('the region between the markers is what npm run docs:fsm renders', () => {
    assert.equal(WIRE_FORMAT_FILE, path.join(PACKAGE_ROOT, 'docs', 'wire-format.md'));
    assert.equal(docRegion(), fsmTablesMarkdown(), 'the FSM tables in docs/wire-format.md are stale: run npm run docs:fsm');
  });

  test("every cell of the doc's tables is the reference table's outcome for that state and event", () => {
    assertRendersTables(docRegion(), REFERENCE_TABLES);
  });

  test('the rendering reads every cell of the tables: a change to any one cell shows there', () => {
    const link = LINK_FSM as FsmTables['link'];
    const node = NODE_FSM as FsmTables['node'];
    for (const s of LINK_STATES) {
      for (const e of LINK_EVENTS) {
        const changed: FsmTables = { link: { ...link, [s]: { ...link[s], [e]: another(link[s][e], 'RESET') } }, node };
        assertRendersTables(fsmTablesMarkdown(changed), changed);
      }
    }
    for (const s of NODE_STATES) {
      for (const e of NODE_EVENTS) {
        const changed: FsmTables = { link, node: { ...node, [s]: { ...node[s], [e]: another(node[s][e], 'SELF_UP_PEER_UP') } } };
        assertRendersTables(fsmTablesMarkdown(changed), changed);
      }
    }
  });
});

describe('npm run docs:fsm', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tipc-fsm-doc-'));
  const file = path.join(dir, 'wire-format.md');

  test('writes the region, keeps the text around it, and --check then passes', () => {
    writeFileSync(file, `# Title\n\nBefore.\n\n${BEGIN_MARKER}\nold text\n${END_MARKER}\n\nAfter.\n`);
    const write = silentIo();
    assert.equal(fsmDocsMain(['--file', file], write.io), 0, write.err());
    assert.equal(readFileSync(file, 'utf8'), `# Title\n\nBefore.\n\n${BEGIN_MARKER}\n${fsmTablesMarkdown()}${END_MARKER}\n\nAfter.\n`);
    const check = silentIo();
    assert.equal(fsmDocsMain(['--check', '--file', file], check.io), 0, check.err());
  });

  test('--check exits 1 on a stale region and says what to run, leaving the file as it was', () => {
    const stale = `# T\n${BEGIN_MARKER}\n${fsmTablesMarkdown().replace('| RESETTING | 0x2000 | illegal |', '| RESETTING | 0x2000 | stay |')}${END_MARKER}\n`;
    writeFileSync(file, stale);
    const check = silentIo();
    assert.equal(fsmDocsMain(['--check', '--file', file], check.io), 1);
    assert.equal(check.err(), `docs:fsm: the FSM tables in ${file} differ from the reference's tables: run npm run docs:fsm\n`);
    assert.equal(readFileSync(file, 'utf8'), stale);
  });

  test('exits 2 when the markers are missing or out of order, and on an unknown option', () => {
    for (const text of ['# T\n', `# T\n${END_MARKER}\n${BEGIN_MARKER}\n`, `${BEGIN_MARKER}\n${BEGIN_MARKER}\n${END_MARKER}\n`]) {
      writeFileSync(file, text);
      const run = silentIo();
      assert.equal(fsmDocsMain(['--file', file], run.io), 2, text);
      assert.match(run.err(), /expected the two lines <!-- fsm-tables:begin --> and <!-- fsm-tables:end -->, in that order, once each/);
      assert.equal(readFileSync(file, 'utf8'), text);
    }
    const bad = silentIo();
    assert.equal(fsmDocsMain(['--bogus'], bad.io), 2);
    assert.match(bad.err(), /unknown option '--bogus'/);
  });

  test('--help says what it does and exits 0', () => {
    const help = silentIo();
    assert.equal(fsmDocsMain(['--help'], help.io), 0);
    assert.match(help.out(), /Usage: docs:fsm/);
    assert.match(help.out(), /--check/);
  });

  test('package.json runs it as docs:fsm', () => {
    const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts['docs:fsm'], 'node --require ts-node/register scripts/fsm-tables.ts');
  });
});
