/**
 * docs/kernel-findings.md as the CLI reads it: the sections a @known-bug:ID tag may name (a
 * heading that starts with `ID:`), and the link to one, for the terminal line of a known bug.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../harness/package-info';
import { KERNEL_FINDINGS_DOC, KNOWN_BUG_TAG } from '../steps/support/known-bug';

/** The package's findings: every @known-bug:ID is checked against it. */
export const KERNEL_FINDINGS: string = path.join(PACKAGE_ROOT, KERNEL_FINDINGS_DOC);

/** An ATX heading whose text starts with `ID:`: `## KF-1: named_rcv_nxt ...`. */
const FINDING_HEADING = /^#{1,6}[ \t]+(\S+?):(?:[ \t]|$)/;

/** The findings' IDs, each with its heading's text (without the #s), in file order. */
export function findingSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const m = FINDING_HEADING.exec(line);
    if (m && !sections.has(m[1])) sections.set(m[1], line.replace(/^#+[ \t]+/, '').replace(/[ \t]+#*[ \t]*$/, '').trim());
  }
  return sections;
}

/** The package's findings, or undefined when the file is missing. */
export function readFindings(file: string = KERNEL_FINDINGS): Map<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return findingSections(text);
}

/**
 * The anchor GitHub (and most markdown renderers) gives a heading: lower case, punctuation but
 * `-` and `_` dropped, spaces as `-`. `KF-1: named_rcv_nxt and a peer's restart` →
 * `kf-1-named_rcv_nxt-and-a-peers-restart`.
 */
export function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** `docs/kernel-findings.md#anchor` of a finding; the file alone when it has no such section. */
export function findingLink(id: string, sections: ReadonlyMap<string, string> | undefined): string {
  const heading = sections?.get(id);
  return heading === undefined ? KERNEL_FINDINGS_DOC : `${KERNEL_FINDINGS_DOC}#${headingAnchor(heading)}`;
}

/** What is wrong with a @known-bug tag, for the lint: its message and further lines; undefined if nothing. */
export function knownBugTagProblem(
  tag: string,
  sections: ReadonlyMap<string, string> | undefined,
): { readonly message: string; readonly detail: readonly string[] } | undefined {
  const id = tag.startsWith(KNOWN_BUG_TAG) ? tag.slice(KNOWN_BUG_TAG.length) : '';
  if (id === '') {
    return { message: `bad tag ${tag}: write ${KNOWN_BUG_TAG}ID, ID the start of a heading of ${KERNEL_FINDINGS_DOC} ("## KF-1: ...")`, detail: [] };
  }
  if (sections === undefined) {
    return { message: `unknown kernel bug in ${tag}: there is no ${KERNEL_FINDINGS_DOC} to have a section ${id}`, detail: [] };
  }
  if (sections.has(id)) return undefined;
  const known = [...sections.keys()];
  return {
    message: `unknown kernel bug in ${tag}: ${KERNEL_FINDINGS_DOC} has no section whose heading starts with "${id}:"`,
    detail: [`sections: ${known.length > 0 ? known.join(', ') : 'none'}`, `write the bug up there under a heading "## ${id}: ...", or name one of these`],
  };
}
