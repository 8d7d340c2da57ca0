/**
 * What a scenario leaves for the reports once it is over: its sequence chart, trace and pcap (as
 * files under the run's folder and as attachments, the large ones capped), the facts and the
 * command that replay it, and the logs its nodes left.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ITestCaseHookParameter, IWorld } from '@cucumber/cucumber';
import type { ClusterAdapter, ClusterRecord, NodeId, StepStart } from '../../contract';
import { replayCommand } from '../../harness/replay';
import { shownPath } from './paths';

export type Attach = IWorld['attach'];
/** A scenario as cucumber compiled it, and the feature file it came from (types of @cucumber/messages). */
type Pickle = ITestCaseHookParameter['pickle'];
type GherkinDocument = ITestCaseHookParameter['gherkinDocument'];

/**
 * Largest trace or pcap put into the reports as it is. Reports embed attachments (cucumber.html
 * and messages.ndjson inline, Allure as files): the 128-node cost scenario's trace is 59 MB, which
 * no browser opens in a report. Past this, the trace's head and tail go in, and the file's place.
 */
const MAX_ATTACHMENT = 4_000_000;

/** Writes the pieces to `file` one by one (a long run's record is never held whole); returns the bytes written. */
function writeChunks(chunks: Iterable<string | Uint8Array>, file: string): number {
  const fd = fs.openSync(file, 'w');
  let size = 0;
  try {
    // two calls, one per overload of writeSync (text is written as UTF-8)
    for (const c of chunks) size += typeof c === 'string' ? fs.writeSync(fd, c) : fs.writeSync(fd, c);
  } finally {
    fs.closeSync(fd);
  }
  return size;
}

/** Writes the trace to `file` piece by piece; returns what to attach: the whole text, or its head and tail with the file's place. */
function writeTrace(chunks: Iterable<string>, file: string): string {
  let head = '';
  const tail: string[] = [];
  let tailSize = 0;
  let total = 0;
  // the head and the last pieces that can hold half an attachment, kept as the pieces go by
  function* kept(): Generator<string> {
    for (const c of chunks) {
      total += c.length;
      if (head.length < MAX_ATTACHMENT) head += c.slice(0, MAX_ATTACHMENT - head.length + 1);
      tail.push(c);
      tailSize += c.length;
      while (tail.length > 1 && tailSize - (tail[0]?.length ?? 0) >= MAX_ATTACHMENT / 2) tailSize -= tail.shift()?.length ?? 0;
      yield c;
    }
  }
  writeChunks(kept(), file);
  if (total <= MAX_ATTACHMENT) return head;
  const half = MAX_ATTACHMENT / 2;
  const h = head.slice(0, head.lastIndexOf('\n', half) + 1);
  const end = tail.join('');
  const t = end.slice(end.indexOf('\n', end.length - half) + 1);
  return `${h}[... ${(total - h.length - t.length).toLocaleString('en')} characters left out: the whole trace is ${file} ...]\n${t}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: tells apart names that share a long prefix. */
function hash8(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** A file name part from text: at most `max` characters, distinct for distinct texts (a hash when cut). */
function slug(s: string, max = 80): string {
  const full = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return full.length <= max ? full : `${full.slice(0, max - 9).replace(/-$/, '')}-${hash8(s)}`;
}

/** Longest part of a file name an Examples row's values give. */
const ROW_SLUG = 60;

type Scenario = NonNullable<NonNullable<GherkinDocument['feature']>['children'][number]['scenario']>;

/** The scenarios of a feature file, those under its Rules too, in file order. */
function scenariosOf(doc: GherkinDocument): Scenario[] {
  return (doc.feature?.children ?? []).flatMap((c) => [c.scenario, ...(c.rule?.children.map((r) => r.scenario) ?? [])]).filter((sc): sc is Scenario => sc !== undefined);
}

/**
 * Each scenario of the file and each row of its Examples, in file order, with its name part: the
 * scenario's name; for a row, the Outline's name without its <placeholders>, then the row's
 * values, so that the rows of one Outline sort together and their names say which row is which
 * even when the Outline's name is cut ("…-legacy-no-464ecd57--16-15").
 */
function namedPickles(doc: GherkinDocument): { readonly ids: readonly string[]; readonly name: string }[] {
  const out: { ids: string[]; name: string }[] = [];
  for (const sc of scenariosOf(doc)) {
    const rows = sc.examples.flatMap((e) => e.tableBody);
    if (rows.length === 0) {
      out.push({ ids: [sc.id], name: slug(sc.name) || 'scenario' });
      continue;
    }
    const outline = slug(sc.name.replace(/<[^>]*>/g, ' ')) || 'scenario';
    for (const row of rows) out.push({ ids: [sc.id, row.id], name: `${outline}--${slug(row.cells.map((c) => c.value).join(' '), ROW_SLUG) || 'row'}` });
  }
  return out;
}

/**
 * The file-name form of a scenario (or Examples row): its feature file's name and its own, unique
 * in its feature file. Names that reduce to the same form ("A b" and "a-b", "ø" and "å") get a
 * numeric suffix in file order (-2, -3, …): the second, the third. It depends on the file alone,
 * so a scenario has the same name whichever others run with it, in whichever process.
 */
export function scenarioSlug(pickle: Pickle, doc: GherkinDocument): string {
  const used = new Set<string>();
  let mine: string | undefined;
  for (const { ids, name } of namedPickles(doc)) {
    let unique = name;
    for (let n = 2; used.has(unique); n++) unique = `${name}-${n}`;
    used.add(unique);
    if (ids.length === pickle.astNodeIds.length && ids.every((id, i) => id === pickle.astNodeIds[i])) mine = unique;
  }
  return `${slug(path.basename(pickle.uri, '.feature'))}--${mine ?? (slug(pickle.name) || 'scenario')}`;
}

/** The line of the scenario (or of its Examples row) a pickle came from, for a replay command. */
function pickleLine(doc: GherkinDocument, pickle: Pickle): number | undefined {
  const [scenarioId, rowId] = pickle.astNodeIds;
  for (const child of doc.feature?.children ?? []) {
    const scenarios = [child.scenario, ...(child.rule?.children.map((c) => c.scenario) ?? [])];
    for (const sc of scenarios) {
      if (!sc || sc.id !== scenarioId) continue;
      const row = sc.examples.flatMap((e) => e.tableBody).find((r) => r.id === rowId);
      return (row ?? sc).location.line;
    }
  }
  return undefined;
}


/** What the report says of a scenario besides its cluster's record. */
export interface ScenarioFacts {
  /** The run's output folder. */
  readonly out: string;
  readonly slug: string;
  readonly pickle: Pickle;
  readonly gherkinDocument: GherkinDocument;
  readonly failed: boolean;
  readonly seed: number;
  /** The nodes the @iut tag names. */
  readonly iut: readonly NodeId[];
  /** The scenario's steps as they began, drawn as bands on the chart. */
  readonly steps?: readonly StepStart[];
  /** The command that replays the run, without --features (RunParameters.replay). */
  readonly replay: readonly string[];
  /** The folder cucumber runs in, which it names the feature relative to. */
  readonly cwd: string;
}

/** Writes the chart, trace and pcap of the scenario and attaches them, with its facts and replay line. */
export function reportScenario(c: ClusterAdapter & ClusterRecord, facts: ScenarioFacts, attach: Attach): void {
  const base = facts.slug;
  const chart = c.sequenceChart({ title: facts.pickle.name, steps: facts.steps ?? [], ...(facts.failed ? { failedAt: c.now() } : {}) });
  const chartDir = path.join(facts.out, 'charts');
  fs.mkdirSync(chartDir, { recursive: true });
  fs.writeFileSync(path.join(chartDir, `${base}.svg`), chart);
  attach(chart, { mediaType: 'image/svg+xml', fileName: `${base}.svg` });
  const dir = path.join(facts.out, 'traces');
  fs.mkdirSync(dir, { recursive: true });
  const traceFile = path.join(dir, `${base}.trace.txt`);
  attach(writeTrace(c.traceChunks(), traceFile), { mediaType: 'text/plain', fileName: `${base}.trace.txt` });
  const pcapDir = path.join(facts.out, 'pcaps');
  fs.mkdirSync(pcapDir, { recursive: true });
  const pcapFile = path.join(pcapDir, `${base}.pcap`);
  const pcapSize = writeChunks(c.pcapChunks(), pcapFile);
  if (pcapSize <= MAX_ATTACHMENT) attach(fs.readFileSync(pcapFile), { mediaType: 'application/vnd.tcpdump.pcap', fileName: `${base}.pcap` });
  else attach(`the pcap (${(pcapSize / 1e6).toFixed(1)} MB) is too large to attach: ${pcapFile}`, { mediaType: 'text/plain', fileName: `${base}.pcap.txt` });
  attach(`seed ${facts.seed}, IUT ${c.iutDescription}, nodes under test: ${facts.iut.join(', ') || 'none'}`);
  const line = pickleLine(facts.gherkinDocument, facts.pickle);
  const feature = shownPath(facts.pickle.uri, facts.cwd);
  const where = line === undefined ? feature : `${feature}:${line}`;
  attach(`replay: ${replayCommand([...facts.replay, '--features', where])}`, { mediaType: 'text/plain', fileName: 'replay.txt' });
}

/** Attaches what the nodes left once stopped: the IUT processes' stderr and the nodes' own files (a console log). */
export function attachNodeLogs(c: ClusterAdapter, logDir: string, slugText: string, attach: Attach): void {
  for (const f of fs.existsSync(logDir) ? fs.readdirSync(logDir) : []) {
    if (!f.startsWith(`${slugText}--node`) || !fs.statSync(path.join(logDir, f)).isFile()) continue;
    attach(fs.readFileSync(path.join(logDir, f), 'utf8'), { mediaType: 'text/plain', fileName: f });
  }
  for (const a of c.attachments()) {
    if (fs.existsSync(a.path)) attach(fs.readFileSync(a.path, 'utf8'), { mediaType: 'text/plain', fileName: a.name });
  }
}
