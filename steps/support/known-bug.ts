/**
 * Known kernel bugs: a scenario tagged @known-bug:ID fails on Linux 6.1 (and on the reference's
 * `fixed` profile, which models 6.1) because of a kernel bug written up in
 * docs/kernel-findings.md, in the section whose heading starts with `ID:`. Such a failure is
 * reported as a known bug rather than a failure (unless --strict).
 *
 * The terminal summary and the conformance statement read the tag themselves. The reports that
 * cucumber and Allure write only see a step's error, so a failing step of such a scenario gets a
 * first line that says so (markKnownBug): Allure's category and JUnit's failure message start
 * with it. Pure: the CLI imports it too.
 */

/** The tag, before its ID. */
export const KNOWN_BUG_TAG = '@known-bug:';

/** Where the bugs are written up, relative to the package root. */
export const KERNEL_FINDINGS_DOC = 'docs/kernel-findings.md';

/** How a known bug's failure message starts; the Allure category matches it. */
export const KNOWN_BUG_PREFIX = 'known kernel bug ';

/** The ID of the scenario's @known-bug:ID tag (the first, if it has several), or undefined. */
export function knownBugId(tags: readonly string[]): string | undefined {
  const tag = tags.find((t) => t.startsWith(KNOWN_BUG_TAG) && t.length > KNOWN_BUG_TAG.length);
  return tag?.slice(KNOWN_BUG_TAG.length);
}

/** The first line of a known bug's failure message. */
export function knownBugHeadline(id: string): string {
  return `${KNOWN_BUG_PREFIX}${id} (${KERNEL_FINDINGS_DOC})`;
}

/**
 * The error a step of a @known-bug:ID scenario threw, its message headed by the known bug. The
 * same Error object when it is one, so its class (which tells Allure an assertion from a broken
 * test) and its stack stay.
 */
export function markKnownBug(error: unknown, id: string): Error {
  const headline = knownBugHeadline(id);
  if (!(error instanceof Error)) return new Error(`${headline}\n${String(error)}`);
  if (!error.message.startsWith(KNOWN_BUG_PREFIX)) error.message = `${headline}\n${error.message}`;
  return error;
}

/** A failure message without the known-bug headline markKnownBug put there: for a report that says it already. */
export function withoutKnownBugHeadline(message: string): string {
  if (!message.startsWith(KNOWN_BUG_PREFIX)) return message;
  const newline = message.indexOf('\n');
  return newline < 0 ? '' : message.slice(newline + 1);
}

/** A step definition's code as cucumber calls it: `this` is the World. */
export type StepCode = (this: unknown, ...args: unknown[]) => unknown;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * The step's code, failing with markKnownBug's message when the scenario it runs in is a known
 * bug (`knownBug` reads the ID from the World; undefined runs the code untouched).
 */
export function markingKnownBugs(code: StepCode, knownBug: (world: unknown) => string | undefined): StepCode {
  return function (this: unknown, ...args: unknown[]): unknown {
    const id = knownBug(this);
    if (id === undefined) return code.apply(this, args);
    try {
      const result = code.apply(this, args);
      if (!isPromiseLike(result)) return result;
      return Promise.resolve(result).catch((error: unknown) => {
        throw markKnownBug(error, id);
      });
    } catch (error: unknown) {
      throw markKnownBug(error, id);
    }
  };
}
