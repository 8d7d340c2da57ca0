/**
 * A counterexample as a .feature file of the bundled step vocabulary: the cluster (Given), the
 * schedule and the healing (When), the invariant checks up to the one that failed (Then); its
 * description says how it was found, what broke, and how to replay it. `run --features FILE`
 * with the same IUT fails the same way; the file can be read, edited and added to a suite.
 */
import type { Capability } from '../contract';
import type { Counterexample } from './explorer';
import type { StepLine } from './step-runner';

export interface FeatureContext {
  /** --iut as given. */
  readonly iutGiven: string;
  /** The explorer's --seed. */
  readonly seed: number;
  /** The cluster seed every run used (run's --seed). */
  readonly clusterSeed: number;
  /** The capabilities the steps of the scenario need: its @needs tags. */
  readonly needs: readonly Capability[];
  /** What the file will be called, for the replay line. */
  readonly file: string;
}

/** The lines as Gherkin: the first of each group with its keyword, the rest with And. */
function stepLines(lines: readonly StepLine[]): string[] {
  let group: string | undefined;
  return lines.map((l) => {
    const keyword = l.keyword === group ? 'And' : l.keyword;
    group = l.keyword;
    return `    ${keyword} ${l.text}`;
  });
}

/** One line of free text: no line breaks, nothing Gherkin would read as a keyword or a tag. */
function prose(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function featureText(c: Counterexample, ctx: FeatureContext): string {
  const what = c.known !== undefined ? `known kernel bug ${c.known.ids.join(' or ')}` : c.shared ? 'a bug the kernel model (reference:fixed) shares' : 'a counterexample';
  const tags = [...new Set(ctx.needs)].sort().map((n) => `@needs:${n}`);
  const seen = c.message.split('\n').map((l) => prose(l)).filter((l) => l !== '');
  const out = [
    `${tags.join(' ')}${tags.length > 0 ? ' ' : ''}@area:explore`,
    `Feature: ${c.invariant} broken: ${what} found by tipc-conformance explore`,
    `  Found by \`tipc-conformance explore --iut ${ctx.iutGiven} --seed ${ctx.seed}\`, run ${c.run + 1} (fast-check seed ${c.fcSeed}),`,
    `  after ${(c.foundAtMs / 1000).toFixed(1)} s; shrunk from ${c.commandsFound} to ${c.commandsShrunk} commands in ${c.shrinks} steps.`,
    `  Invariant ${c.invariant} (${c.req}, docs/explore.md): ${c.says}.`,
    `  Broken at: ${prose(c.failedStep)}`,
    ...seen.map((l) => `    ${l}`),
    ...(c.known !== undefined ? [`  The same schedule breaks it on reference:fixed and holds on reference:${c.known.fixedBy} (docs/kernel-findings.md).`] : []),
    ...(c.shared && c.known === undefined ? ['  The same schedule breaks it on reference:fixed too, and no proposed fix removes it: a finding for docs/kernel-findings.md.'] : []),
    `  Replay: tipc-conformance run --features ${ctx.file} --iut ${ctx.iutGiven} --seed ${ctx.clusterSeed}`,
    '',
    `  @req:${c.req} @iut:${c.iutNodes.join(',')}${c.known !== undefined && c.known.ids.length === 1 ? ` @known-bug:${c.known.ids[0]}` : ''}`,
    `  Scenario: ${c.invariant} after ${c.commandsShrunk} command${c.commandsShrunk === 1 ? '' : 's'} on ${c.shape.nodes} nodes (explore seed ${ctx.seed}, run ${c.run + 1})`,
    ...stepLines(c.lines),
    '',
  ];
  return out.join('\n');
}
