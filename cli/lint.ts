/**
 * `tipc-conformance lint`: checks feature files before anything runs.
 *
 * - every feature parses (file:line:column, with the offending line);
 * - every step matches exactly one step definition (an undefined step gets the one or two
 *   definitions it nearly matches, with the words that differ and the format of a parameter it
 *   writes wrongly (near-steps.ts), or, when none is near, cucumber's own snippet, from a dry run;
 *   an ambiguous one names every definition it matches);
 * - every scenario declares its cluster, names its node(s) under test in one @iut:N tag, nodes of
 *   that cluster, and one requirement (@req:ID) listed in docs/requirements.md or a
 *   --requirements file;
 * - every @catches:PROFILE names a reference profile, every @needs:CAPABILITY a known capability,
 *   and a scenario is tagged @needs: for each capability its steps need (the step catalogue);
 *   @catches:fixed catches nothing; a tag prefix that is a near miss of ours (@need:) is a typo;
 * - every @known-bug:ID names a section of docs/kernel-findings.md (a heading `ID: ...`), one per
 *   scenario.
 *
 * `run` lints its features first and refuses, with exit 2, rather than failing halfway.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { loadSources, runCucumber, type IRunEnvironment, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import type { Envelope, GherkinDocument, Location, Pickle, Step, Tag, TestCase } from '@cucumber/messages';
import { CAPABILITY_NAMES, isCapability } from '../contract';
import { PROFILE_NAMES, isProfileName } from '../reference/profiles';
import { terminalSafe } from './terminal-safe';
import { SEVERITIES, TAG_PREFIXES, nearPrefix } from './tags';
import { HarnessError, errorText } from './errors';
import { knownBugTagProblem, readFindings } from './known-bugs';
import type { LintOptions } from './args';
import { type LoadedStep, lintConfiguration, loadLibrary, stepsOf, where } from './step-library';
import { nearMiss } from './near-steps';
import { shownPath } from '../steps/support/paths';
import { parseRequirementTable } from './requirement-catalogue';

export { DEFAULT_REQUIREMENTS } from './args';

export interface LintProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** Further lines: the offending text, a snippet, the definitions. */
  readonly detail: readonly string[];
}

export interface LintResult {
  readonly problems: readonly LintProblem[];
  readonly files: number;
  readonly scenarios: number;
}

export interface LintInput {
  /** Absolute feature files or folders. */
  readonly features: readonly string[];
  /** Absolute support paths; empty: the package's steps. */
  readonly support: readonly string[];
  /** Absolute requirement catalogues (markdown tables whose first cell is the id). */
  readonly requirements: readonly string[];
  readonly cwd: string;
  /** Already loaded step definitions, to share with a run that follows. */
  readonly library?: ISupportCodeLibrary;
}

/** Each requirement id of the catalogues, with the file that lists it first. */
export function requirementIds(files: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const file of files) {
    for (const id of parseRequirementTable(readFileSync(file, 'utf8')).keys()) if (!ids.has(id)) ids.set(id, file);
  }
  return ids;
}

interface Place {
  readonly location: Location;
  readonly text: string;
  /** A step's keyword, with its space ("Given "). */
  readonly keyword?: string;
}

/** Steps, scenarios and tags of one document by AST node id. */
function indexDocument(doc: GherkinDocument): Map<string, Place> {
  const places = new Map<string, Place>();
  const addSteps = (steps: readonly Step[]): void => {
    for (const s of steps) places.set(s.id, { location: s.location, text: `${s.keyword}${s.text}`, keyword: s.keyword });
  };
  const addTags = (tags: readonly Tag[]): void => {
    for (const t of tags) places.set(t.id, { location: t.location, text: t.name });
  };
  const feature = doc.feature;
  if (!feature) return places;
  addTags(feature.tags);
  const children = [...feature.children, ...feature.children.flatMap((c) => c.rule?.children ?? [])];
  for (const c of feature.children) if (c.rule) addTags(c.rule.tags);
  for (const c of children) {
    if (c.background) addSteps(c.background.steps);
    if (c.scenario) {
      places.set(c.scenario.id, { location: c.scenario.location, text: `${c.scenario.keyword}: ${c.scenario.name}` });
      addSteps(c.scenario.steps);
      addTags(c.scenario.tags);
      for (const e of c.scenario.examples) {
        addTags(e.tags);
        for (const row of e.tableBody) places.set(row.id, { location: row.location, text: `Examples row` });
      }
    }
  }
  return places;
}

function sourceLine(file: string, line: number): string | undefined {
  try {
    return readFileSync(file, 'utf8').split('\n')[line - 1];
  } catch {
    return undefined;
  }
}

const sink = (): Writable =>
  new Writable({
    write(_chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
      callback();
    },
  });

/** Feature files under the given files and folders (a FILE:LINE or a glob is kept as given). */
function expandFeatures(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    let st;
    try {
      st = statSync(p);
    } catch {
      out.push(p);
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(path.join(p, name));
    } else if (p.endsWith('.feature')) {
      out.push(p);
    }
  };
  for (const p of paths) walk(p);
  return out;
}

/** Every envelope of a dry run: cucumber matches the steps and makes its snippets, nothing runs. */
async function dryRun(features: readonly string[], input: LintInput, library: ISupportCodeLibrary, environment: IRunEnvironment): Promise<Envelope[]> {
  if (features.length === 0) return [];
  const config = await lintConfiguration(features, input.support, environment);
  const envelopes: Envelope[] = [];
  await runCucumber(
    { ...config, runtime: { ...config.runtime, dryRun: true, strict: true }, formats: { stdout: 'summary', files: {}, options: {}, publish: false }, support: library },
    environment,
    (e: Envelope) => envelopes.push(e),
  );
  return envelopes;
}

export async function lintFeatures(input: LintInput, env: Record<string, string | undefined>): Promise<LintResult & { library: ISupportCodeLibrary }> {
  const environment: IRunEnvironment = { cwd: input.cwd, env, stdout: sink(), stderr: sink() };
  const problems: LintProblem[] = [];
  const rel = (uri: string): string => shownPath(uri, input.cwd);
  const config = await lintConfiguration(input.features, input.support, environment);

  // 1. Parse errors, with the offending text.
  const { errors } = await loadSources({ ...config.sources, tagExpression: '' }, environment);
  for (const e of errors) {
    const file = path.resolve(input.cwd, e.uri);
    const text = sourceLine(file, e.location.line);
    const message = e.message.replace(/^\(\d+:\d+\):\s*/, '');
    problems.push({
      file: rel(e.uri),
      line: e.location.line,
      column: e.location.column ?? 1,
      message: `parse error: ${message}`,
      detail: text === undefined ? [] : [`> ${text}`],
    });
  }

  let library = input.library;
  try {
    library ??= await loadLibrary(config, environment);
  } catch (error: unknown) {
    throw new HarnessError(`error loading the step definitions: ${errorText(error)}`);
  }
  const steps = stepsOf(library);
  const byId = new Map<string, LoadedStep>(steps.map((s) => [s.id, s]));
  // cucumber runs nothing when any file fails to parse: dry-run the others.
  const broken = new Set(errors.map((e) => path.resolve(input.cwd, e.uri)));
  const envelopes = await dryRun(broken.size === 0 ? input.features : expandFeatures(input.features).filter((f) => !broken.has(f)), input, library, environment);

  const docs = new Map<string, Map<string, Place>>();
  const pickles: Pickle[] = [];
  const testCases = new Map<string, TestCase>();
  const snippets = new Map<string, string>();
  for (const e of envelopes) {
    if (e.gherkinDocument?.uri) docs.set(e.gherkinDocument.uri, indexDocument(e.gherkinDocument));
    if (e.pickle) pickles.push(e.pickle);
    if (e.testCase) testCases.set(e.testCase.pickleId, e.testCase);
    if (e.suggestion && e.suggestion.snippets.length > 0) snippets.set(e.suggestion.pickleStepId, e.suggestion.snippets[0].code);
  }

  // Whether the step library has a step that declares the cluster (ours has; a user's own may not).
  const declaringSteps = steps.some((d) => d.doc?.declaresNodes !== undefined);
  const reqs = requirementIds(input.requirements);
  const findings = readFindings();
  const reqFiles = input.requirements.map((f) => shownPath(f, input.cwd)).join(', ');
  const seen = new Set<string>();
  const report = (p: LintProblem): void => {
    const key = `${p.file}:${p.line}:${p.column}:${p.message}`;
    if (seen.has(key)) return; // a Background step or an Outline is in several pickles
    seen.add(key);
    problems.push(p);
  };

  for (const pickle of pickles) {
    // cucumber sends every pickle of a file but a test case only for those its filters keep
    // (FILE:LINE, names): a pickle without one was not asked for, and its steps were never matched
    if (!testCases.has(pickle.id)) continue;
    const places = docs.get(pickle.uri) ?? new Map<string, Place>();
    const file = rel(pickle.uri);
    const scenario = places.get(pickle.astNodeIds[0]);
    const scenarioAt = scenario?.location ?? { line: 1, column: 1 };
    const at = (loc: Location, message: string, detail: string[] = []): LintProblem => ({ file, line: loc.line, column: loc.column ?? 1, message, detail });
    const named = `scenario "${pickle.name}"`;

    // 2. Steps: exactly one definition each; the capabilities they need; the cluster they declare.
    const needs = new Map<string, string>();
    let cluster: { readonly nodes: readonly number[]; readonly text: string } | undefined;
    const testCase = testCases.get(pickle.id);
    for (const ps of pickle.steps) {
      const place = places.get(ps.astNodeIds[0]);
      const loc = place?.location ?? scenarioAt;
      const text = place?.text ?? ps.text;
      const ids = testCase?.testSteps.find((t) => t.pickleStepId === ps.id)?.stepDefinitionIds ?? [];
      if (ids.length === 0) {
        // the pickle's text: an Outline's <placeholders> filled in from its Examples row
        const near = nearMiss(ps.text, steps);
        const snippet = snippets.get(ps.id);
        report(near
          ? at(loc, `undefined step: "${text.trim()}"; nearest: ${near.nearest}`, [...near.hints])
          : at(loc, `undefined step: "${text.trim()}"`, [
              'no step definition matches it or comes close; see `tipc-conformance steps` for the vocabulary, or define it:',
              ...(snippet ?? '').split('\n').map((l) => `  ${l}`),
            ]));
      } else if (ids.length > 1) {
        report(at(loc, `ambiguous step: "${text.trim()}" matches ${ids.length} step definitions`, ids.map((id) => {
          const d = byId.get(id);
          return d ? `  ${where(d.uri, d.line, input.cwd)}  ${d.pattern}` : `  (definition ${id})`;
        })));
      } else {
        const d = byId.get(ids[0]);
        for (const cap of d?.doc?.needs ?? []) if (!needs.has(cap)) needs.set(cap, text.trim());
        const declares = d?.doc?.declaresNodes;
        if (declares) {
          const args = testCase?.testSteps.find((t) => t.pickleStepId === ps.id)?.stepMatchArgumentsLists?.[0]?.stepMatchArguments ?? [];
          // the pickle's text: an Outline's <placeholders> filled in from its Examples row
          cluster = { nodes: declares(args.map((a) => a.group.value ?? '')), text: `${place?.keyword ?? ''}${ps.text}`.trim() };
        }
      }
    }

    // 3. Tags: the IUT node(s), the requirement, profiles and capabilities.
    const tagAt = (t: { astNodeId: string }): Location => places.get(t.astNodeId)?.location ?? scenarioAt;
    const iutTags = pickle.tags.filter((t) => t.name.startsWith('@iut'));
    if (iutTags.length === 0) {
      report(at(scenarioAt, `${named} names no node under test: tag it @iut:N (the node, or @iut:1,2 the nodes, the implementation plays)`));
    }
    if (iutTags.length > 1) {
      report(at(tagAt(iutTags[1]), `${named} has ${iutTags.length} @iut tags (${iutTags.map((t) => t.name).join(' ')}): name every node under test in one, e.g. @iut:1,2`));
    }
    for (const t of iutTags) {
      const m = /^@iut:(\d+(?:,\d+)*)$/.exec(t.name);
      if (!m) {
        report(at(tagAt(t), `bad tag ${t.name}: write @iut:N or @iut:N,M with node numbers`));
        continue;
      }
      const outside = m[1].split(',').map(Number).filter((n) => cluster !== undefined && !cluster.nodes.includes(n));
      if (cluster && outside.length > 0) {
        report(at(tagAt(t), `${t.name}: node${outside.length > 1 ? 's' : ''} ${outside.join(', ')} ${outside.length > 1 ? 'are' : 'is'} not in the cluster of ${named} (nodes ${cluster.nodes.join(', ')}: "${cluster.text}")`));
      }
    }
    if (!cluster && declaringSteps) {
      report(at(scenarioAt, `${named} declares no cluster: its first step should be one like "Given a cluster of nodes 1 and 2 joined by bearers A and B"`));
    }
    const reqTags = pickle.tags.filter((t) => t.name.startsWith('@req:'));
    if (reqTags.length === 0) {
      report(at(scenarioAt, `${named} has no requirement tag: tag it @req:ID with an id from ${reqFiles}`));
    }
    for (const t of reqTags) {
      const id = t.name.slice('@req:'.length);
      if (!reqs.has(id)) {
        const known = [...reqs.keys()];
        report(at(tagAt(t), `unknown requirement ${t.name}: ${id} is not in ${reqFiles}`, [
          `known: ${known.slice(0, 30).join(', ')}${known.length > 30 ? ', ...' : ''}`,
          'add a row "| ID | statement | source | kernel function | observed through |" there, or pass --requirements FILE',
        ]));
      }
    }
    for (const t of pickle.tags.filter((x) => x.name.startsWith('@catches:'))) {
      const profile = t.name.slice('@catches:'.length);
      if (!isProfileName(profile)) {
        report(at(tagAt(t), `unknown profile in ${t.name}: no reference profile is called '${profile}'`, [`profiles: ${PROFILE_NAMES.join(', ')}`]));
      } else if (profile === 'fixed') {
        report(at(tagAt(t), `${t.name} catches nothing: 'fixed' is today's kernel behaviour, which must pass; name a profile that brings the bug back`, [`profiles: ${PROFILE_NAMES.filter((p) => p !== 'fixed').join(', ')}`]));
      }
    }
    for (const t of pickle.tags) {
      const m = /^@([A-Za-z][\w-]*):/.exec(t.name);
      const meant = m ? nearPrefix(m[1]) : undefined;
      if (m && meant) report(at(tagAt(t), `unknown tag prefix in ${t.name}: did you mean @${meant}:? (${TAG_PREFIXES[meant]})`));
      if (t.name.startsWith('@severity:') && !(SEVERITIES as readonly string[]).includes(t.name.slice('@severity:'.length))) {
        report(at(tagAt(t), `unknown severity in ${t.name}`, [`severities: ${SEVERITIES.join(', ')}`]));
      }
    }
    const knownBugTags = pickle.tags.filter((t) => t.name === '@known-bug' || t.name.startsWith('@known-bug:'));
    if (knownBugTags.length > 1) {
      report(at(tagAt(knownBugTags[1]), `${named} has ${knownBugTags.length} @known-bug tags (${knownBugTags.map((t) => t.name).join(' ')}): name the one kernel bug that makes it fail`));
    }
    for (const t of knownBugTags) {
      const problem = knownBugTagProblem(t.name, findings);
      if (problem) report(at(tagAt(t), problem.message, [...problem.detail]));
    }
    const declared = new Set<string>();
    for (const t of pickle.tags.filter((x) => x.name.startsWith('@needs:'))) {
      const cap = t.name.slice('@needs:'.length);
      declared.add(cap);
      if (!isCapability(cap)) {
        report(at(tagAt(t), `unknown capability in ${t.name}`, [`capabilities: ${CAPABILITY_NAMES.join(', ')}`]));
      }
    }
    for (const [cap, stepText] of needs) {
      if (!declared.has(cap)) {
        report(at(scenarioAt, `${named} uses "${stepText}", which needs capability ${cap}: tag the scenario or its feature @needs:${cap}`));
      }
    }
  }

  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { problems, files: docs.size + broken.size, scenarios: pickles.length, library };
}

export function formatProblems(problems: readonly LintProblem[]): string {
  // file names, step text and the near steps suggested come from the user's files
  const lines = problems.map((p) => [`${p.file}:${p.line}:${p.column}: ${p.message}`, ...p.detail.map((d) => `    ${d}`)].map(terminalSafe).join('\n'));
  return lines.join('\n') + (problems.length ? '\n' : '');
}

export interface LintIo {
  readonly cwd: string;
  readonly env: Record<string, string | undefined>;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** `tipc-conformance lint`: 0 when every feature is clean, 2 with the problems otherwise. */
export async function runLint(options: LintOptions, io: LintIo): Promise<number> {
  const result = await lintFeatures({ ...options, cwd: io.cwd }, io.env);
  const summary = `${result.scenarios} scenario${result.scenarios === 1 ? '' : 's'} in ${result.files} feature file${result.files === 1 ? '' : 's'}`;
  if (result.problems.length === 0) {
    io.stdout.write(`lint: ${summary}, no problems\n`);
    return 0;
  }
  io.stderr.write(formatProblems(result.problems));
  io.stderr.write(`lint: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} (${summary})\n`);
  return 2;
}
