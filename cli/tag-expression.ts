/**
 * Up-front validation of `--tags` with the same @cucumber/tag-expressions that cucumber uses.
 * It is a dependency of @cucumber/cucumber, not of this package, so it is resolved from
 * cucumber's own location: that works whether npm hoisted it or nested it.
 */
import { createRequire } from 'node:module';

type TagExpressionsModule = typeof import('@cucumber/tag-expressions');

function loadTagExpressions(): TagExpressionsModule {
  const fromCucumber = createRequire(require.resolve('@cucumber/cucumber/package.json'));
  return fromCucumber('@cucumber/tag-expressions') as TagExpressionsModule;
}

let cached: TagExpressionsModule | undefined;

/** Returns undefined if `expression` parses, else cucumber's reason (one line). */
export function tagExpressionError(expression: string): string | undefined {
  cached ??= loadTagExpressions();
  try {
    cached.parse(expression);
    return undefined;
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    return message.split('\n')[0];
  }
}

