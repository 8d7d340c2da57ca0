/**
 * `--tags` too big for cucumber (cli/tag-expression.ts): an expression that parses but names too
 * many tags or nests too deep is a usage error with the limit in it, before cucumber evaluates it
 * by recursion (a 12,000-tag `or` chain or 30,000 `not`s overflowed its stack: exit 2, "internal
 * error"). One at the limits is taken, and cucumber's own evaluation of it does not overflow.
 */
import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { UsageError, parseArgs } from '../cli/args';
import { MAX_TAG_DEPTH, MAX_TAG_TERMS, tagExpressionError, tagExpressionSize } from '../cli/tag-expression';

const orChain = (n: number): string => Array.from({ length: n }, (_, i) => `@t${i}`).join(' or ');
const nots = (n: number): string => `${'not '.repeat(n)}@t`;
const tagExpressions = createRequire(require.resolve('@cucumber/cucumber/package.json'))('@cucumber/tag-expressions') as typeof import('@cucumber/tag-expressions');

function runUsageError(tags: string): string {
  try {
    parseArgs(['run', '--tags', tags], process.cwd());
  } catch (error: unknown) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  return assert.fail('no usage error');
}

test('a 12,000-tag or chain is a usage error that gives the count and the limit', () => {
  assert.equal(runUsageError(orChain(12_000)), `--tags: the expression names 12,000 tags; at most ${MAX_TAG_TERMS.toLocaleString('en')} are taken`);
});

test('30,000 nots are a usage error that gives the depth and the limit', () => {
  assert.match(runUsageError(nots(30_000)), new RegExp(`^--tags: the expression nests 30,001 deep .*; at most ${MAX_TAG_DEPTH.toLocaleString('en')}$`));
});

test('a deep nesting of fewer tags than the limit is refused by its depth', () => {
  // each level is an `and` and a `not`: 601 tags, 1,201 deep
  const deep = `${'( @a and not '.repeat(600)}@b${' )'.repeat(600)}`;
  assert.match(tagExpressionError(deep) ?? '', /nests 1,201 deep/);
});

test('the size counts tags and levels as cucumber builds the tree', () => {
  const size = (e: string): { terms: number; depth: number } => ({ ...tagExpressionSize(tagExpressions.parse(e)) });
  assert.deepEqual(size('@a'), { terms: 1, depth: 1 });
  assert.deepEqual(size('@a or @b or @c'), { terms: 3, depth: 3 });
  assert.deepEqual(size('not (@a and @b)'), { terms: 2, depth: 3 });
  assert.deepEqual(size('(@a or @b) and (@c or @d)'), { terms: 4, depth: 3 });
  assert.deepEqual(size('((((@a))))'), { terms: 1, depth: 1 });
});

test('an expression at the limits is taken, and cucumber evaluates it, wrapped as a run wraps it, without overflowing', () => {
  for (const e of [orChain(MAX_TAG_TERMS), nots(MAX_TAG_DEPTH - 1)]) {
    assert.equal(tagExpressionError(e), undefined);
    const wrapped = tagExpressions.parse(`(${e}) and not @scale`);
    assert.equal(typeof wrapped.evaluate(['@t']), 'boolean');
  }
});

test('a syntax error quotes a long expression cut, not whole', () => {
  const message = tagExpressionError(`${orChain(5000)} or`) ?? '';
  assert.match(message, /could not be parsed/);
  assert.ok(message.length < 400, `${message.length} characters`);
});
