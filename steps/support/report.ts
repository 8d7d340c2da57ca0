/**
 * What a scenario leaves for the reports once it is over: its sequence chart, trace and pcap (as
 * files under the run's folder and as attachments, the large ones capped), the facts and the
 * command that replay it, and the logs its nodes left.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import type { ITestCaseHookParameter, IWorld } from '@cucumber/cucumber';
import type { ClusterAdapter, ClusterRecord, NodeId, StepStart } from '../../contract';
import { replayCommand } from '../../harness/replay';
import { fileExcerpt } from './file-excerpt';
import { isUnder, shownPath } from './paths';

export type Attach = IWorld['attach'];
/** A scenario as cucumber compiled it, and the feature file it came from (types of @cucumber/messages). */
type Pickle = ITestCaseHookParameter['pickle'];
type GherkinDocument = ITestCaseHookParameter['gherkinDocument'];

/**
 * Largest excerpt of a trace attached to the reports: its head and tail, the whole file's place
 * between. Reports embed a text attachment four times (messages.ndjson, cucumber.html,
 * allure-results/ and the Allure HTML report): a full run attached 17 MB of trace text each time,
 * and the 128-node cost scenario's trace alone is 59 MB. A passed scenario needs only a look
 * (its whole trace is in traces/); a failed one the detail around its failure.
 */
const TRACE_EXCERPT = { passed: 4_000, failed: 1_000_000 } as const;

/**
 * Rows of a passed scenario's chart: its story, 9000 px down; the rest is in its trace. A failed
 * one's chart has the chart writer's own limit (1500 rows), to reach its failure. A chart is
 * written three times (charts/, allure-results/, the Allure HTML report).
 */
const PASSED_CHART_ROWS = 600;

/** Largest pcap of a failed scenario attached to the Allure report (a passed one's is in pcaps/ only). */
const MAX_PCAP_ATTACHMENT = 4_000_000;

/** The media type allure-cucumberjs reads its runtime messages from (allure-js-commons ALLURE_RUNTIME_MESSAGE_CONTENT_TYPE). */
const ALLURE_MESSAGE = 'application/vnd.allure.message+json';

/**
 * Attaches a file to the Allure report only, by its path: allure-cucumberjs copies it into its
 * results, and cucumber's reports (messages.ndjson, cucumber.html) hold just this short message
 * with the file's place, not the file a third and fourth time.
 */
function attachToAllure(attach: Attach, file: string, name: string, contentType: string): void {
  attach(JSON.stringify({ type: 'attachment_path', data: { name, path: path.resolve(file), contentType } }), ALLURE_MESSAGE);
}

/**
 * Writes the pieces to `file` one by one (a long run's record is never held whole), gzipped when
 * `gzip`; returns the bytes written before compression.
 */
async function writeChunks(chunks: Iterable<string | Uint8Array>, file: string, gzip: boolean): Promise<number> {
  let size = 0;
  function* counted(): Generator<Uint8Array> {
    for (const c of chunks) {
      const bytes = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
      size += bytes.byteLength;
      yield bytes;
    }
  }
  if (gzip) await pipeline(Readable.from(counted()), zlib.createGzip(), fs.createWriteStream(file));
  else await pipeline(Readable.from(counted()), fs.createWriteStream(file));
  return size;
}

/**
 * Writes the trace to `file` piece by piece; returns what to attach: the whole text, or its head
 * and tail (`max` characters in all) with the file's place.
 */
async function writeTrace(chunks: Iterable<string>, file: string, gzip: boolean, max: number): Promise<string> {
  let head = '';
  const tail: string[] = [];
  let tailSize = 0;
  let total = 0;
  // the head and the last pieces that can hold half an attachment, kept as the pieces go by
  function* kept(): Generator<string> {
    for (const c of chunks) {
      total += c.length;
      if (head.length < max) head += c.slice(0, max - head.length + 1);
      tail.push(c);
      tailSize += c.length;
      while (tail.length > 1 && tailSize - (tail[0]?.length ?? 0) >= max / 2) tailSize -= tail.shift()?.length ?? 0;
      yield c;
    }
  }
  await writeChunks(kept(), file, gzip);
  if (total <= max) return head;
  const half = max / 2;
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
function namedPickles(doc: GherkinDocument): { readonly key: string; readonly name: string; readonly line: number }[] {
  const out: { key: string; name: string; line: number }[] = [];
  for (const sc of scenariosOf(doc)) {
    const rows = sc.examples.flatMap((e) => e.tableBody);
    if (rows.length === 0) {
      out.push({ key: sc.id, name: slug(sc.name) || 'scenario', line: sc.location.line });
      continue;
    }
    const outline = slug(sc.name.replace(/<[^>]*>/g, ' ')) || 'scenario';
    for (const row of rows) {
      out.push({ key: `${sc.id} ${row.id}`, name: `${outline}--${slug(row.cells.map((c) => c.value).join(' '), ROW_SLUG) || 'row'}`, line: row.location.line });
    }
  }
  return out;
}

/** What the reports name a pickle by: its unique name part in the file, and its line. */
interface PickleNaming {
  readonly name: string;
  readonly line: number;
}

/**
 * A feature file's pickles by their AST node ids (scenario, or scenario and Examples row), made
 * once per document: looking a scenario up costs the same in a file of 10 scenarios and in an
 * Outline of 100,000 rows. Cucumber hands every scenario of a file the same document object in
 * this process; a --parallel worker gets it anew with each scenario (and has parsed it from the
 * IPC message already, as costly as this).
 */
const namings = new WeakMap<GherkinDocument, ReadonlyMap<string, PickleNaming>>();

function namingOf(doc: GherkinDocument): ReadonlyMap<string, PickleNaming> {
  const known = namings.get(doc);
  if (known) return known;
  const byKey = new Map<string, PickleNaming>();
  const used = new Set<string>();
  for (const { key, name, line } of namedPickles(doc)) {
    let unique = name;
    for (let n = 2; used.has(unique); n++) unique = `${name}-${n}`;
    used.add(unique);
    byKey.set(key, { name: unique, line });
  }
  namings.set(doc, byKey);
  return byKey;
}

/**
 * The file-name form of a scenario (or Examples row): its feature file's name and its own, unique
 * in its feature file. Names that reduce to the same form ("A b" and "a-b", "ø" and "å") get a
 * numeric suffix in file order (-2, -3, …): the second, the third. It depends on the file alone,
 * so a scenario has the same name whichever others run with it, in whichever process. `cwd` is
 * the folder cucumber names the file relative to (featureSlug).
 */
export function scenarioSlug(pickle: Pickle, doc: GherkinDocument, cwd: string = process.cwd()): string {
  const mine = namingOf(doc).get(pickle.astNodeIds.join(' '))?.name;
  return `${featureSlug(pickle.uri, cwd)}--${mine ?? (slug(pickle.name) || 'scenario')}`;
}

/**
 * The feature file's part of a name: its base name for a feature of the package's own features/
 * (their base names are distinct: test/report-feature-names.test.ts), else its base name and a
 * hash of its path, since two such files may share a base name (a/x.feature and b/x.feature, or
 * "A b.feature" and "a-b.feature") and their reports would overwrite each other's. It depends on
 * the file alone, like the scenario's part, so every process of a run names it alike.
 */
export function featureSlug(uri: string, cwd: string): string {
  // harness/package-info's DEFAULT_FEATURES_DIR, which steps/ may not import
  const name = slug(path.basename(uri, '.feature')) || 'feature';
  if (isUnder(path.resolve(cwd, uri), path.resolve(__dirname, '..', '..', 'features'))) return name;
  return `${name}-${hash8(shownPath(uri, cwd))}`;
}

/** The line of the scenario (or of its Examples row) a pickle came from, for a replay command. */
function pickleLine(doc: GherkinDocument, pickle: Pickle): number | undefined {
  return namingOf(doc).get(pickle.astNodeIds.join(' '))?.line;
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

/**
 * Writes the chart, trace and pcap of the scenario and attaches them, with its facts and replay
 * line. A passed scenario's trace and pcap are gzipped (`zless`, `zgrep` and Wireshark read them
 * as they are) and only a short excerpt of its trace is attached; a failed one's stay plain, for
 * the reader who opens them next, and its pcap goes into the Allure report too. The chart goes
 * into the Allure report by its file.
 */
export async function reportScenario(c: ClusterAdapter & ClusterRecord, facts: ScenarioFacts, attach: Attach): Promise<void> {
  const base = facts.slug;
  const gz = facts.failed ? '' : '.gz';
  const chart = c.sequenceChart({ title: facts.pickle.name, steps: facts.steps ?? [], ...(facts.failed ? { failedAt: c.now() } : { maxRows: PASSED_CHART_ROWS }) });
  const chartDir = path.join(facts.out, 'charts');
  fs.mkdirSync(chartDir, { recursive: true });
  const chartFile = path.join(chartDir, `${base}.svg`);
  fs.writeFileSync(chartFile, chart);
  attachToAllure(attach, chartFile, `${base}.svg`, 'image/svg+xml');
  const dir = path.join(facts.out, 'traces');
  fs.mkdirSync(dir, { recursive: true });
  const traceFile = path.join(dir, `${base}.trace.txt${gz}`);
  const excerpt = await writeTrace(c.traceChunks(), traceFile, !facts.failed, facts.failed ? TRACE_EXCERPT.failed : TRACE_EXCERPT.passed);
  attach(excerpt, { mediaType: 'text/plain', fileName: `${base}.trace.txt` });
  const pcapDir = path.join(facts.out, 'pcaps');
  fs.mkdirSync(pcapDir, { recursive: true });
  const pcapFile = path.join(pcapDir, `${base}.pcap${gz}`);
  const pcapSize = await writeChunks(c.pcapChunks(), pcapFile, !facts.failed);
  if (facts.failed) {
    if (pcapSize <= MAX_PCAP_ATTACHMENT) attachToAllure(attach, pcapFile, `${base}.pcap`, 'application/vnd.tcpdump.pcap');
    else attach(`the pcap (${(pcapSize / 1e6).toFixed(1)} MB) is too large to attach: ${pcapFile}`, { mediaType: 'text/plain', fileName: `${base}.pcap.txt` });
  }
  attach(`seed ${facts.seed}, IUT ${c.iutDescription}, nodes under test: ${facts.iut.join(', ') || 'none'}`);
  const line = pickleLine(facts.gherkinDocument, facts.pickle);
  const feature = shownPath(facts.pickle.uri, facts.cwd);
  const where = line === undefined ? feature : `${feature}:${line}`;
  attach(`replay: ${replayCommand([...facts.replay, '--features', where])}`, { mediaType: 'text/plain', fileName: 'replay.txt' });
}

/**
 * Attaches what the nodes left once stopped: the IUT processes' stderr and the nodes' own files (a
 * console log), each whole when small, else its head and tail (fileExcerpt): the files stay in the
 * run's folder.
 */
export function attachNodeLogs(c: ClusterAdapter, logDir: string, slugText: string, attach: Attach): void {
  for (const f of fs.existsSync(logDir) ? fs.readdirSync(logDir) : []) {
    if (!f.startsWith(`${slugText}--node`) || !fs.statSync(path.join(logDir, f)).isFile()) continue;
    attach(fileExcerpt(path.join(logDir, f)), { mediaType: 'text/plain', fileName: f });
  }
  for (const a of c.attachments()) {
    if (fs.existsSync(a.path)) attach(fileExcerpt(a.path), { mediaType: 'text/plain', fileName: a.name });
  }
}
