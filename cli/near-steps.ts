/**
 * The step definitions an undefined step line nearly matches, for the lint: the nearest one or two,
 * the words that differ, and which parameter is written in a format its type does not take
 * (`{7000,0,9}` where {range} wants `{7000, 0, 9}`), with the format from the catalogue.
 *
 * How near: a weighted edit distance between the line's tokens (words and single punctuation
 * marks, so `{7000,0,9}` and `{7000, 0, 9}` are the same tokens) and a definition's template
 * (steps/support via step-library.ts: literal text and parameters). A literal word costs 1 to add,
 * drop or replace, less when it is a misspelling of the other (cli/tags.ts's edit distance over
 * characters: `bings` for `binds` costs 0.2) or differs in case; a punctuation mark costs 0.25. A
 * parameter takes a run of tokens: free when its type's regular expression matches them as written,
 * otherwise 0.5 plus how far the run's shape (numbers, words, punctuation) is from the catalogue
 * example's value, so a range without its spaces costs 0.5 and a sentence taken for an {int} a lot.
 * A definition is near when that cost is at most 3 and at most 0.3 per word of the template. The
 * step lines and templates are a dozen words, the vocabulary a few dozen steps: a quadratic
 * alignment per definition is instant, and no package is needed for it.
 */
import type { LoadedStep, TemplateParameter, TemplatePart } from './step-library';
import { editDistance } from './tags';

/** A definition is near when the cost is at most this much per word of its template... */
const NEAR_PER_WORD = 0.3;
/** ... and at most this much in all. */
const NEAR_MAX = 3;
/** A second definition is shown when it costs at most this much more than the nearest. */
const SECOND_WITHIN = 2;
/** A parameter's value spans at most this many tokens more than the catalogue example's. */
const SPAN_SLACK = 6;

const PUNCTUATION_COST = 0.25;
const FORMAT_COST = 0.5;

/** cucumber's built-in parameter types, as the lint explains them. */
const BUILT_IN: Readonly<Record<string, { readonly meaning: string; readonly example: string }>> = {
  int: { meaning: 'a whole number', example: '3' },
  float: { meaning: 'a number', example: '1.5' },
  word: { meaning: 'one word, without spaces', example: 'up' },
  string: { meaning: 'text in double or single quotes', example: '"up"' },
  bigdecimal: { meaning: 'a decimal number', example: '1.5' },
  biginteger: { meaning: 'a whole number', example: '3' },
  byte: { meaning: 'a whole number', example: '3' },
  short: { meaning: 'a whole number', example: '3' },
  long: { meaning: 'a whole number', example: '3' },
  double: { meaning: 'a number', example: '1.5' },
};

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** A word (letters and underscores) or a number, rather than one punctuation mark. */
  readonly word: boolean;
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(/[\p{L}_]+|\p{N}+|[^\s\p{L}\p{N}_]/gu)].map((m) => ({
    text: m[0],
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
    word: /^[\p{L}\p{N}_]/u.test(m[0]),
  }));
}

type Slot = { readonly literal: Token } | { readonly parameter: TemplateParameter; readonly index: number; readonly shape: readonly Token[] | undefined };

function slotsOf(template: readonly TemplatePart[]): Slot[] {
  const slots: Slot[] = [];
  let index = 0;
  for (const part of template) {
    if ('text' in part) for (const t of tokenize(part.text)) slots.push({ literal: t });
    else slots.push({ parameter: part.parameter, index: index++, shape: part.parameter.example === undefined ? undefined : tokenize(part.parameter.example) });
  }
  return slots;
}

const tokenCost = (t: Token): number => (t.word ? 1 : PUNCTUATION_COST);

/** The cost of writing `seen` where the template has `wanted`. */
function replaceCost(seen: Token, wanted: Token): number {
  if (seen.text === wanted.text) return 0;
  if (!seen.word && !wanted.word) return PUNCTUATION_COST;
  if (seen.word !== wanted.word) return 1;
  const a = seen.text.toLowerCase();
  const b = wanted.text.toLowerCase();
  if (a === b) return 0.1;
  if (/^\d+$/.test(a) || /^\d+$/.test(b)) return 1;
  const d = editDistance(a, b);
  const longest = Math.max(a.length, b.length);
  // a slip of one letter, two in a long word ("recieves"); "binds" for "unbinds" is another word
  return d <= (longest >= 8 ? 2 : 1) && d / longest <= 0.34 ? d / longest : 1;
}

/** The shape of a token: a number, a word, or the punctuation mark itself. */
const shapeOf = (t: Token): string => (!t.word ? t.text : /^\d+$/.test(t.text) ? '9' : 'a');

/** How far a run of tokens is from the shape of the catalogue example's value. */
function shapeDistance(seen: readonly Token[], wanted: readonly Token[]): number {
  let prev = [0];
  for (let j = 1; j <= wanted.length; j++) prev[j] = prev[j - 1] + tokenCost(wanted[j - 1]);
  for (let i = 1; i <= seen.length; i++) {
    const cur = [prev[0] + tokenCost(seen[i - 1])];
    for (let j = 1; j <= wanted.length; j++) {
      const s = shapeOf(seen[i - 1]);
      const w = shapeOf(wanted[j - 1]);
      const replace = s === w ? 0 : seen[i - 1].word && wanted[j - 1].word ? 0.5 : Math.max(tokenCost(seen[i - 1]), tokenCost(wanted[j - 1]));
      cur[j] = Math.min(prev[j] + tokenCost(seen[i - 1]), cur[j - 1] + tokenCost(wanted[j - 1]), prev[j - 1] + replace);
    }
    prev = cur;
  }
  return prev[wanted.length];
}

const typeRegExps = new WeakMap<TemplateParameter, RegExp>();

/** Whether the parameter's type takes the value as written (any of its regular expressions, anchored). */
function matchesType(parameter: TemplateParameter, value: string): boolean {
  if (parameter.regexps.length === 0) return true;
  let re = typeRegExps.get(parameter);
  if (!re) {
    re = new RegExp(`^(?:${parameter.regexps.map((r) => `(?:${r})`).join('|')})$`);
    typeRegExps.set(parameter, re);
  }
  return re.test(value);
}

/** One difference between the step line and the template. */
export type Difference =
  | { readonly kind: 'replaced'; readonly seen: string; readonly wanted: string }
  | { readonly kind: 'extra'; readonly seen: string }
  | { readonly kind: 'missing'; readonly wanted: string }
  | { readonly kind: 'parameter-missing'; readonly parameter: TemplateParameter }
  | { readonly kind: 'format'; readonly parameter: TemplateParameter; readonly index: number; readonly seen: string; readonly start: number; readonly end: number };

export interface Alignment {
  readonly cost: number;
  /** The template's size: a word or parameter 1, a punctuation mark 0.25. */
  readonly size: number;
  readonly differences: readonly Difference[];
}

/** How the alignment reached a cell: a token of the line left over, a template token missing, one
 *  for the other, or a parameter taking the line's tokens from `from`. */
type Move = { readonly kind: 'extra' | 'missing' | 'replaced' } | { readonly kind: 'span'; readonly from: number };

/** The cheapest way to turn the step line into the template, and what it changes. */
export function align(text: string, template: readonly TemplatePart[]): Alignment {
  const seen = tokenize(text);
  const slots = slotsOf(template);
  const n = seen.length;
  const m = slots.length;
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(Infinity));
  const back: (Move | undefined)[][] = Array.from({ length: n + 1 }, () => new Array<Move | undefined>(m + 1).fill(undefined));
  const spanCost = new Map<string, number>();
  const valueCost = (slot: Extract<Slot, { parameter: TemplateParameter }>, from: number, to: number): number => {
    const key = `${slot.index}:${from}:${to}`;
    let c = spanCost.get(key);
    if (c === undefined) {
      const run = seen.slice(from, to);
      const value = text.slice(run[0].start, run[run.length - 1].end);
      const shape = slot.shape === undefined ? Math.max(0, run.filter((t) => t.word).length - 1) : shapeDistance(run, slot.shape);
      c = slot.parameter.type === '' ? shape : matchesType(slot.parameter, value) ? 0 : FORMAT_COST + shape / 2;
      spanCost.set(key, c);
    }
    return c;
  };
  cost[0][0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      if (i === 0 && j === 0) continue;
      const consider = (c: number, move: Move): void => {
        if (c < cost[i][j]) {
          cost[i][j] = c;
          back[i][j] = move;
        }
      };
      if (i > 0) consider(cost[i - 1][j] + tokenCost(seen[i - 1]), { kind: 'extra' });
      if (j > 0) {
        const slot = slots[j - 1];
        consider(cost[i][j - 1] + ('literal' in slot ? tokenCost(slot.literal) : 1), { kind: 'missing' });
        if (i > 0 && 'literal' in slot) consider(cost[i - 1][j - 1] + replaceCost(seen[i - 1], slot.literal), { kind: 'replaced' });
        if (i > 0 && 'parameter' in slot) {
          const longest = (slot.shape?.length ?? 1) + SPAN_SLACK;
          for (let k = Math.max(0, i - longest); k < i; k++) consider(cost[k][j - 1] + valueCost(slot, k, i), { kind: 'span', from: k });
        }
      }
    }
  }
  const differences: Difference[] = [];
  for (let i = n, j = m; i > 0 || j > 0; ) {
    const move = back[i][j];
    if (!move) break;
    const slot = j > 0 ? slots[j - 1] : undefined;
    if (move.kind === 'extra') {
      differences.push({ kind: 'extra', seen: seen[i - 1].text });
      i -= 1;
    } else if (move.kind === 'missing' && slot) {
      differences.push('literal' in slot ? { kind: 'missing', wanted: slot.literal.text } : { kind: 'parameter-missing', parameter: slot.parameter });
      j -= 1;
    } else if (move.kind === 'replaced' && slot && 'literal' in slot) {
      if (seen[i - 1].text !== slot.literal.text) differences.push({ kind: 'replaced', seen: seen[i - 1].text, wanted: slot.literal.text });
      i -= 1;
      j -= 1;
    } else if (move.kind === 'span' && slot && 'parameter' in slot) {
      const start = seen[move.from].start;
      const end = seen[i - 1].end;
      const value = text.slice(start, end);
      if (slot.parameter.type !== '' && !matchesType(slot.parameter, value)) differences.push({ kind: 'format', parameter: slot.parameter, index: slot.index, seen: value, start, end });
      i = move.from;
      j -= 1;
    } else {
      break;
    }
  }
  differences.reverse();
  const size = slots.reduce((s, slot) => s + ('literal' in slot ? tokenCost(slot.literal) : 1), 0);
  return { cost: cost[n][m], size, differences };
}

export interface NearStep {
  readonly step: LoadedStep;
  readonly alignment: Alignment;
}

function isNear(a: Alignment): boolean {
  return a.cost <= NEAR_MAX && a.cost <= NEAR_PER_WORD * Math.max(1, a.size);
}

/** The one or two definitions nearest to a step line (its text without the keyword), nearest first; none if none is near. */
export function nearestSteps(text: string, steps: readonly LoadedStep[]): NearStep[] {
  const near: NearStep[] = [];
  for (const step of steps) {
    const template = step.template();
    if (!template) continue;
    const alignment = align(text, template);
    if (isNear(alignment)) near.push({ step, alignment });
  }
  near.sort((a, b) => a.alignment.cost - b.alignment.cost || a.alignment.size - b.alignment.size);
  return near.filter((s, i) => i === 0 || (i === 1 && s.alignment.cost <= near[0].alignment.cost + SECOND_WITHIN));
}

/** A definition as the lint names it: its cucumber expression, or the example of a regular expression. */
export function stepName(step: LoadedStep): string {
  return step.pattern.startsWith('/') && step.doc ? `e.g. "${step.doc.example}"` : `"${step.pattern}"`;
}

/** What a value of the parameter is, from the catalogue's text for its type ("a service range as ..."). */
function formatOf(parameter: TemplateParameter): string {
  if (parameter.doc) return parameter.doc.meaning.includes(parameter.doc.example) ? parameter.doc.meaning : `${parameter.doc.meaning}, e.g. ${parameter.doc.example}`;
  const builtIn = BUILT_IN[parameter.type];
  if (builtIn) return `${builtIn.meaning}, e.g. ${parameter.example ?? builtIn.example}`;
  return parameter.example === undefined ? `a {${parameter.type}}` : `a {${parameter.type}}, e.g. ${parameter.example}`;
}

const quote = (s: string): string => `"${s}"`;

function differenceText(d: Exclude<Difference, { kind: 'format' }>): string {
  switch (d.kind) {
    case 'replaced':
      return `${quote(d.seen)} should be ${quote(d.wanted)}`;
    case 'extra':
      return `${quote(d.seen)} is extra`;
    case 'missing':
      return `${quote(d.wanted)} is missing`;
    case 'parameter-missing':
      return `{${d.parameter.type}} is missing`;
  }
}

/**
 * What the lint says of an undefined step line: the nearest definition(s) for its message, and
 * the hint lines under it. Undefined when no definition is near.
 */
export function nearMiss(text: string, steps: readonly LoadedStep[]): { readonly nearest: string; readonly hints: readonly string[] } | undefined {
  const near = nearestSteps(text, steps);
  if (near.length === 0) return undefined;
  const [best, second] = near;
  const hints: string[] = [];
  const explained = new Set<string>();
  const formats = best.alignment.differences.filter((d): d is Extract<Difference, { kind: 'format' }> => d.kind === 'format');
  const others = best.alignment.differences.filter((d): d is Exclude<Difference, { kind: 'format' }> => d.kind !== 'format');
  // Only a parameter's format is off when the line matches with the catalogue's values in its place.
  let fixed = text;
  for (const f of [...formats].reverse()) fixed = f.parameter.example === undefined ? fixed : fixed.slice(0, f.start) + f.parameter.example + fixed.slice(f.end);
  const only = others.length === 0 && formats.length > 0 && best.step.match(fixed) !== null;
  for (const f of formats) {
    hints.push(`${only ? 'only the' : 'the'} {${f.parameter.type}} does not match: ${quote(f.seen)}; {${f.parameter.type}} is ${formatOf(f.parameter)}`);
    explained.add(f.parameter.type);
  }
  const shown = [...new Set(others.map(differenceText))];
  if (shown.length > 4) shown.splice(4, shown.length - 4, `and ${shown.length - 4} more`);
  if (shown.length > 0) hints.push(shown.join('; '));
  if (formats.length === 0 && others.length === 0) hints.push('it differs only in spacing');
  const describe = (s: NearStep): void => {
    for (const part of s.step.template() ?? []) {
      if (!('parameter' in part) || !part.parameter.doc || explained.has(part.parameter.type)) continue;
      explained.add(part.parameter.type);
      hints.push(`{${part.parameter.type}} is ${formatOf(part.parameter)}`);
    }
  };
  describe(best);
  if (second) {
    hints.push(`also near: ${stepName(second.step)}`);
    describe(second);
  }
  return { nearest: stepName(best.step), hints };
}
