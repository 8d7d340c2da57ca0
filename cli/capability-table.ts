/**
 * Which requirements an implementation gets tested for the capabilities it declares: read from
 * the features' tags (@req:ID, @needs:CAP), as the run decides N/A. A requirement is tested when
 * one of its scenarios applies, that is when the IUT declares every capability that scenario
 * needs; so each requirement is put under the smallest set of capabilities one of its scenarios
 * needs. `tipc-conformance requirements --by-capability` prints it (text, or markdown for the
 * README's quick start).
 */
import { Writable } from 'node:stream';
import { type IRunEnvironment, loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { CAPABILITIES, CAPABILITY_NAMES, isCapability } from '../contract';
import { inCatalogueOrder, neededCapabilities } from './not-applicable';
import { requirementStatements } from './requirement-catalogue';
import type { RequirementsOptions } from './args';

/** A scenario's requirement and the capabilities it needs. */
export interface ScenarioNeeds {
  readonly req: string;
  readonly needs: readonly string[];
}

export interface RequirementNeeds {
  readonly id: string;
  /** The fewest capabilities with which one of its scenarios runs, in the catalogue's order of capabilities. */
  readonly needs: readonly string[];
  /** The capabilities every one of its scenarios needs: without one of them it is never tested. */
  readonly always: readonly string[];
}

const byId = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

const rank = (c: string): number => (isCapability(c) ? CAPABILITY_NAMES.indexOf(c) : CAPABILITY_NAMES.length);
const ordered = inCatalogueOrder;

/** Two ordered sets of capabilities: the shorter first, then capability by capability in the catalogue's order. */
function compareSets(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const d = rank(a[i] ?? '') - rank(b[i] ?? '') || (a[i] ?? '').localeCompare(b[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

/** Each requirement with the fewest capabilities it is tested with, and those it always needs; by id. */
export function requirementNeeds(scenarios: readonly ScenarioNeeds[]): RequirementNeeds[] {
  const byReq = new Map<string, (readonly string[])[]>();
  for (const s of scenarios) byReq.set(s.req, [...(byReq.get(s.req) ?? []), s.needs]);
  return [...byReq.entries()]
    .sort(([a], [b]) => byId(a, b))
    .map(([id, sets]) => {
      // of the smallest sets, the first in the catalogue's order: the same table whatever order the files come in
      const fewest = sets.map(ordered).sort(compareSets)[0] ?? [];
      const always = ordered(sets.reduce<readonly string[]>((common, set) => common.filter((c) => set.includes(c)), sets[0] ?? []));
      return { id, needs: ordered(fewest), always };
    });
}

/** Requirements grouped by the capabilities they are tested with: fewest capabilities first, then by name. */
export function byCapabilitySet(reqs: readonly RequirementNeeds[]): { readonly needs: readonly string[]; readonly ids: readonly string[] }[] {
  const groups = new Map<string, { needs: readonly string[]; ids: string[] }>();
  for (const r of reqs) {
    const key = r.needs.join(', ');
    const group = groups.get(key) ?? { needs: r.needs, ids: [] };
    group.ids.push(r.id);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => compareSets(a.needs, b.needs));
}

/** Each capability with the requirements that always need it (never tested without it). */
export function byCapability(reqs: readonly RequirementNeeds[]): { readonly capability: string; readonly ids: readonly string[] }[] {
  const caps = ordered([...CAPABILITY_NAMES, ...reqs.flatMap((r) => r.always)]);
  return caps.map((capability) => ({ capability, ids: reqs.filter((r) => r.always.includes(capability)).map((r) => r.id) }));
}

/** `FO-9 (1)`; `all 147` when every requirement is there; `none`. */
function idsText(ids: readonly string[], total: number): string {
  if (ids.length === 0) return 'none';
  return ids.length === total ? `all ${total}` : `${ids.join(', ')} (${ids.length})`;
}

function meaning(cap: string): string {
  return isCapability(cap) ? CAPABILITIES[cap] : '(not a capability the harness knows)';
}

export function capabilityMarkdown(reqs: readonly RequirementNeeds[]): string {
  const sets = byCapabilitySet(reqs);
  const lines = [
    'An implementation declares its capabilities in its hello (docs/adapter-protocol.md). It is tested for the',
    'requirements of every row whose capabilities it all declares; the others are not applicable. A requirement',
    'is in the row of the fewest capabilities one of its scenarios needs.',
    '',
    '| declare | requirements tested | count |',
    '|---|---|---|',
    ...sets.map((g) => `| ${g.needs.length > 0 ? g.needs.map((c) => `\`${c}\``).join(', ') : '(nothing)'} | ${g.ids.join(', ')} | ${g.ids.length} |`),
    '',
    'Without a capability, these requirements are never tested (not applicable: every scenario of theirs needs it):',
    '',
    '| capability | what the implementation does | requirements never tested without it |',
    '|---|---|---|',
    ...byCapability(reqs).map((c) => `| \`${c.capability}\` | ${meaning(c.capability)} | ${idsText(c.ids, reqs.length)} |`),
  ];
  return `${lines.join('\n')}\n`;
}

export function capabilityText(reqs: readonly RequirementNeeds[]): string {
  const lines = [`${reqs.length} requirements, by the capabilities an implementation must declare for them to be tested:`, ''];
  for (const g of byCapabilitySet(reqs)) lines.push(`${g.needs.join(' + ') || '(nothing)'} (${g.ids.length}):`, `  ${g.ids.join(', ')}`, '');
  lines.push('never tested without:', '');
  for (const c of byCapability(reqs)) lines.push(`${c.capability}: ${idsText(c.ids, reqs.length)}`);
  return `${lines.join('\n')}\n`;
}

/** One line per requirement: its id, the capabilities it is tested with, and its statement. */
export function requirementList(reqs: readonly RequirementNeeds[], statements: ReadonlyMap<string, string>, markdown: boolean): string {
  if (markdown) {
    const rows = reqs.map((r) => `| ${r.id} | ${r.needs.map((c) => `\`${c}\``).join(', ')} | ${(statements.get(r.id) ?? '').replace(/\|/g, '\\|')} |`);
    return `${['| requirement | tested with | statement |', '|---|---|---|', ...rows].join('\n')}\n`;
  }
  const width = Math.max(0, ...reqs.map((r) => r.id.length));
  return reqs.map((r) => `${r.id.padEnd(width)}  ${r.needs.join(' + ') || '(nothing)'}\n${' '.repeat(width + 2)}${statements.get(r.id) ?? ''}\n`).join('');
}

/**
 * Every scenario's requirement and needs, from the feature files: cucumber compiles them (Scenario
 * Outline rows, Rule and Feature tags inherited) in a dry run with no step definitions loaded.
 */
export async function scenarioNeeds(features: readonly string[], cwd: string, env: Record<string, string | undefined>): Promise<ScenarioNeeds[]> {
  const sink = new Writable({
    write(_c: unknown, _e: BufferEncoding, cb: (error?: Error | null) => void): void {
      cb();
    },
  });
  const environment: IRunEnvironment = { cwd, env, stdout: sink, stderr: sink };
  const { runConfiguration } = await loadConfiguration({ file: false, provided: { paths: [...features], order: 'defined', publish: false, format: [] } }, environment);
  const envelopes: Envelope[] = [];
  await runCucumber(
    {
      ...runConfiguration,
      support: { requireModules: [], requirePaths: [], importPaths: [], loaders: [] },
      runtime: { ...runConfiguration.runtime, dryRun: true, strict: false },
      formats: { stdout: 'summary', files: {}, options: {}, publish: false },
    },
    environment,
    (e: Envelope) => envelopes.push(e),
  );
  return envelopes.flatMap((e) => {
    const tags = e.pickle?.tags.map((t) => t.name) ?? [];
    const req = tags.map((t) => /^@req:(.+)$/.exec(t)?.[1]).find((r) => r !== undefined);
    return req === undefined ? [] : [{ req, needs: neededCapabilities(tags) }];
  });
}

export interface RequirementsIo {
  readonly cwd: string;
  readonly env: Record<string, string | undefined>;
  readonly stdout: Writable;
}

/** `tipc-conformance requirements`: prints the list or the table; 0. */
export async function printRequirements(options: RequirementsOptions, io: RequirementsIo): Promise<number> {
  const reqs = requirementNeeds(await scenarioNeeds(options.features, io.cwd, io.env));
  const markdown = options.format === 'markdown';
  if (options.byCapability) io.stdout.write(markdown ? capabilityMarkdown(reqs) : capabilityText(reqs));
  else io.stdout.write(requirementList(reqs, requirementStatements(options.requirements), markdown));
  return 0;
}
