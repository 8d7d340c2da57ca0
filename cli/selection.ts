/**
 * What a certification ran: the whole suite, or a part of it. A run with --tags, or with
 * --features that leave out the package's features/, is partial, and its conformance statement
 * says so and records the selection: a verdict over part of the requirements is not the IUT's.
 * --bundled with features of one's own runs the whole suite and more: not partial.
 */
import type { RunOptions } from './args';
import { DEFAULT_FEATURES_DIR } from '../harness/package-info';
import { shownPath } from '../steps/support/paths';

export interface Selection {
  /** --tags as given; '' for all. */
  readonly tags: string;
  /** The feature files and folders run, as the reports name them (relative to the current folder when under it). */
  readonly features: readonly string[];
}

export function isPartial(options: Pick<RunOptions, 'tags' | 'features'>): boolean {
  return options.tags !== '' || !options.features.includes(DEFAULT_FEATURES_DIR);
}

export function selectionOf(options: Pick<RunOptions, 'tags' | 'features'>, cwd: string): Selection {
  return { tags: options.tags, features: options.features.map((f) => shownPath(f, cwd)) };
}

/** `only --tags '@req:FO-1' in features/link was run`: what the HTML and the terminal say of a partial run. */
export function partialText(selection: Selection): string {
  const tags = selection.tags === '' ? '' : ` --tags '${selection.tags}'`;
  return `partial: only${tags}${tags === '' ? ' ' : ' in '}${selection.features.join(', ')} was run`;
}
