/**
 * `tipc-conformance steps`: the step vocabulary, read from the loaded step definitions and their
 * catalogue entries (steps/vocabulary.ts), as text for the terminal or as markdown
 * (docs/steps.md is `tipc-conformance steps --format markdown`, checked by a test).
 */
import { Writable } from 'node:stream';
import type { IRunEnvironment } from '@cucumber/cucumber/api';
import { CAPABILITIES } from '../contract';
import { type ParameterTypeDoc, STEP_GROUPS, type StepGroup, keywordOf } from '../steps/vocabulary';
import { type LoadedStep, lintConfiguration, loadLibrary, stepsOf } from './step-library';
import { PACKAGE_ROOT, PROGRAM } from '../harness/package-info';
import * as path from 'node:path';

export const GROUP_TITLES: Record<StepGroup, string> = {
  'set-up': 'Set-up: the cluster before anything happens',
  disturbance: 'Disturbance: what the wire or an interface does',
  action: 'Action: what a node is told to do, and time passing',
  observation: 'Observation: what must be seen',
};

export interface CatalogueEntry {
  readonly step: LoadedStep;
  /** The parameter types of the example, in order ('' for a regular expression group). */
  readonly types: readonly string[];
}

export async function loadCatalogue(support: readonly string[], cwd: string, env: Record<string, string | undefined>): Promise<LoadedStep[]> {
  const sink = new Writable({
    write(_c: unknown, _e: BufferEncoding, cb: (error?: Error | null) => void): void {
      cb();
    },
  });
  const environment: IRunEnvironment = { cwd, env, stdout: sink, stderr: sink };
  const config = await lintConfiguration([], support, environment);
  return stepsOf(await loadLibrary(config, environment));
}

/** Problems that make the catalogue wrong: a step without an entry, an example that does not match. */
export function catalogueProblems(steps: readonly LoadedStep[]): string[] {
  const problems: string[] = [];
  for (const s of steps) {
    const at = `${path.relative(PACKAGE_ROOT, s.uri) || s.uri}:${s.line} ${s.pattern}`;
    if (!s.doc) {
      problems.push(`${at}: no catalogue entry (define it with step() from steps/vocabulary.ts)`);
      continue;
    }
    const keyword = keywordOf(s.doc.group);
    if (s.keyword !== keyword) problems.push(`${at}: a ${s.doc.group} step is defined with ${keyword}, not ${s.keyword}`);
    const types = s.match(s.doc.example);
    if (types === null) problems.push(`${at}: its example "${s.doc.example}" does not match it`);
    else if (types.length !== s.doc.params.length) problems.push(`${at}: ${types.length} parameters, ${s.doc.params.length} described`);
    const others = steps.filter((o) => o !== s && o.match(s.doc?.example ?? '') !== null);
    for (const o of others) problems.push(`${at}: its example also matches ${o.pattern}`);
  }
  return problems;
}

function typeLabel(type: string): string {
  return type === '' ? 'text' : type;
}

function entries(steps: readonly LoadedStep[], group: StepGroup): CatalogueEntry[] {
  return steps
    .filter((s) => s.doc?.group === group)
    .map((step) => ({ step, types: step.match(step.doc?.example ?? '') ?? [] }));
}

function relUri(uri: string): string {
  const abs = path.resolve(uri);
  const rel = path.relative(PACKAGE_ROOT, abs);
  return rel.startsWith('..') ? uri : rel;
}

export function renderText(steps: readonly LoadedStep[]): string {
  const out: string[] = [`${PROGRAM} step vocabulary: ${steps.length} steps (any of Given/When/Then/And/But may start a line)`, ''];
  for (const group of STEP_GROUPS) {
    const list = entries(steps, group);
    out.push(`${GROUP_TITLES[group]} (${list.length})`, '');
    for (const { step, types } of list) {
      const doc = step.doc;
      if (!doc) continue;
      out.push(`  ${step.pattern}`);
      out.push(...wrapLines(doc.means, 92).map((l) => `      ${l}`));
      doc.params.forEach((p, i) => out.push(`      - ${p.name} (${typeLabel(types[i] ?? '')}): ${p.meaning}`));
      out.push(`      needs: ${doc.needs.length ? doc.needs.join(', ') : 'nothing beyond a node'}`);
      out.push(`      e.g.   ${doc.example}`);
      out.push('');
    }
  }
  const undocumented = steps.filter((s) => !s.doc);
  if (undocumented.length) {
    out.push(`Other steps (${undocumented.length}, no catalogue entry)`, '');
    for (const s of undocumented) out.push(`  ${s.pattern}    (${relUri(s.uri)}:${s.line})`);
    out.push('');
  }
  return out.join('\n');
}

function wrapLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The steps' own parameter types, as their catalogue entries name them: each once, in the order first met. */
function parameterTypes(steps: readonly LoadedStep[]): ParameterTypeDoc[] {
  const seen = new Map<string, ParameterTypeDoc>();
  for (const s of steps) for (const p of s.doc?.params ?? []) if (p.type && !seen.has(p.type.name)) seen.set(p.type.name, p.type);
  return [...seen.values()];
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

export function renderMarkdown(steps: readonly LoadedStep[]): string {
  const out: string[] = [
    '# Step catalogue',
    '',
    `<!-- generated by \`${PROGRAM} steps --format markdown\` (npm run docs:steps) from the step definitions; do not edit -->`,
    '',
    `${steps.length} steps. Any keyword (Given, When, Then, And, But) may start a line; the grouping says what a step is for.`,
    'A scenario that uses a step with needs must be tagged `@needs:CAPABILITY` for each (the lint checks);',
    'an implementation that does not declare the capability gets the scenario reported not applicable.',
    '',
    '| capability | the implementation … |',
    '|---|---|',
    ...Object.entries(CAPABILITIES).map(([k, v]) => `| \`${k}\` | ${md(v)} |`),
    '',
  ];
  const types = parameterTypes(steps);
  if (types.length > 0) {
    out.push('Parameter types: what a step line writes, and the value the step definition is handed.', '');
    out.push('| type | meaning | e.g. |', '|---|---|---|');
    for (const t of types) out.push(`| \`{${t.name}}\` | ${md(t.meaning)} | \`${t.example.replace(/\|/g, '\\|')}\` |`);
    out.push('');
  }
  for (const group of STEP_GROUPS) {
    const list = entries(steps, group);
    out.push(`## ${GROUP_TITLES[group]}`, '');
    for (const { step, types } of list) {
      const doc = step.doc;
      if (!doc) continue;
      out.push(`### \`${step.pattern}\``, '');
      out.push(doc.means, '');
      if (doc.params.length) {
        out.push('| parameter | type | meaning |', '|---|---|---|');
        doc.params.forEach((p, i) => out.push(`| ${md(p.name)} | ${typeLabel(types[i] ?? '')} | ${md(p.meaning)} |`));
        out.push('');
      }
      // No source file here: docs/steps.md is read by people who write features, not step code
      // (the docs for an implementer point nowhere into the source; test/docs-links.test.ts).
      out.push(`Needs: ${doc.needs.length ? doc.needs.map((n) => `\`${n}\``).join(', ') : 'nothing beyond a node'}.`, '');
      out.push('```gherkin', `${keywordOf(doc.group)} ${doc.example}`, '```', '');
    }
  }
  return out.join('\n');
}

export interface StepsIo {
  readonly cwd: string;
  readonly env: Record<string, string | undefined>;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** `tipc-conformance steps`: 0, or 2 when a step definition has no or a wrong catalogue entry. */
export async function printSteps(format: 'text' | 'markdown', support: readonly string[], io: StepsIo): Promise<number> {
  const steps = await loadCatalogue(support, io.cwd, io.env);
  io.stdout.write(format === 'markdown' ? renderMarkdown(steps) : renderText(steps));
  const problems = support.length === 0 ? catalogueProblems(steps) : [];
  for (const p of problems) io.stderr.write(`steps: ${p}\n`);
  return problems.length === 0 ? 0 : 2;
}
