/**
 * Up-front validation of `--tags` with the same @cucumber/tag-expressions that cucumber uses.
 * It is a dependency of @cucumber/cucumber, not of this package, so it is resolved from
 * cucumber's own location: that works whether npm hoisted it or nested it.
 *
 * An expression that parses can still be too big for cucumber: it evaluates the tree by
 * recursion, one stack frame per level, so a long `or` chain (each `or` holds the ones before it)
 * or a run of `not`s overflowed its stack and ended the run as an internal error. The limits
 * below keep well clear of that.
 */
import { createRequire } from 'node:module';

type TagExpressionsModule = typeof import('@cucumber/tag-expressions');
type TagNode = ReturnType<TagExpressionsModule['parse']>;

/**
 * Most tags an expression may name. Cucumber matches every scenario against every tag; real
 * selections name tens.
 */
export const MAX_TAG_TERMS = 1000;

/**
 * Deepest an expression's tree may be: an `a or b or …` chain of N tags is N deep, and each `not`
 * or `and`/`or` around a part adds one. Cucumber 12 on Node 20 overflowed its stack at about
 * 10,700 (an `or` chain or `not`s: 10,684 passed, 10,741 did not), so this leaves a tenfold margin.
 */
export const MAX_TAG_DEPTH = 1000;

/** Longest piece of the expression quoted back in a message. */
const QUOTED = 200;

function loadTagExpressions(): TagExpressionsModule {
  const fromCucumber = createRequire(require.resolve('@cucumber/cucumber/package.json'));
  return fromCucumber('@cucumber/tag-expressions') as TagExpressionsModule;
}

let cached: TagExpressionsModule | undefined;

/** The parts a node of the parsed tree holds (And/Or: leftExpr and rightExpr; Not: expr; a tag: none). */
function childrenOf(node: TagNode): TagNode[] {
  const fields = node as unknown as Readonly<Record<string, unknown>>;
  return ['leftExpr', 'rightExpr', 'expr'].map((k) => fields[k]).filter((v): v is TagNode => typeof v === 'object' && v !== null && 'evaluate' in v);
}

/** The number of tags and the depth of a parsed expression, walked without recursion (it may be deep). */
export function tagExpressionSize(root: TagNode): { readonly terms: number; readonly depth: number } {
  let terms = 0;
  let depth = 0;
  const stack: { readonly node: TagNode; readonly level: number }[] = [{ node: root, level: 1 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    depth = Math.max(depth, top.level);
    const children = childrenOf(top.node);
    if (children.length === 0 && 'value' in top.node) terms++;
    for (const node of children) stack.push({ node, level: top.level + 1 });
  }
  return { terms, depth };
}

function quoted(expression: string): string {
  return expression.length <= QUOTED ? expression : `${expression.slice(0, QUOTED)}… (${expression.length.toLocaleString('en')} characters)`;
}

/** Returns undefined if `expression` parses and is within the limits, else the reason (one line). */
export function tagExpressionError(expression: string): string | undefined {
  cached ??= loadTagExpressions();
  let root: TagNode;
  try {
    root = cached.parse(expression);
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    return (message.split('\n')[0] ?? '').replace(expression, quoted(expression));
  }
  const { terms, depth } = tagExpressionSize(root);
  const n = (x: number): string => x.toLocaleString('en');
  if (terms > MAX_TAG_TERMS) return `the expression names ${n(terms)} tags; at most ${n(MAX_TAG_TERMS)} are taken`;
  if (depth > MAX_TAG_DEPTH) {
    return `the expression nests ${n(depth)} deep (a 'not' in a 'not', or an 'and'/'or' chain, whose every operator holds the ones before it); at most ${n(MAX_TAG_DEPTH)}`;
  }
  return undefined;
}
