/**
 * The docs an implementer builds a node from stand alone: no link or path in them leads outside
 * docs/ (`../`, a path on some machine such as /work/ or /home/) or into the source (a source
 * folder such as reference/ or a *.ts file name), and every relative Markdown link among them
 * reaches a file in docs/ and, with a #fragment, a heading of it.
 *
 * Out of scope, and not checked: the developer docs (architecture.md, mutation.md,
 * kernel-findings.md, kernel-differences.md, explore.md). They are about this project's code and
 * name its files on purpose; an implementer does not need them.
 *
 * The Markdown is read by the few rules below rather than by a Markdown parser: none is a
 * dependency of the project, and links, headings and code fences are all these checks need.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { PACKAGE_ROOT } from './support/cli';

const DOCS = path.join(PACKAGE_ROOT, 'docs');

/** The implementer's docs, relative to docs/. */
const IMPLEMENTER_DOCS = [
  'adapter-protocol.md',
  'wire-format.md',
  'requirements.md',
  'writing-features.md',
  'steps.md',
  ...readdirSync(path.join(DOCS, 'notes'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `notes/${f}`),
];

/** The developer docs: about this project's code, out of this test's scope. */
const DEVELOPER_DOCS = ['architecture.md', 'mutation.md', 'kernel-findings.md', 'kernel-differences.md', 'explore.md'];

/** The source folders (the layers npm run lint:arch checks). */
const SOURCE_DIRS = ['contract', 'reference', 'sim', 'harness', 'adapters', 'steps', 'explore', 'cli'];

/** One offending line: where, what is wrong, and the line. */
export interface Problem {
  readonly doc: string;
  readonly line: number;
  readonly what: string;
  readonly text: string;
}

function show(p: Problem): string {
  return `docs/${p.doc}:${p.line}: ${p.what}: ${p.text.trim()}`;
}

/** The rest of a path: up to a space, quote or bracket, without the sentence's closing punctuation. */
const REST = `(?:[^\\s\`)'"<>]*[^\\s\`)'"<>.,;:])?`;

/** The rules, in order; a match that overlaps one an earlier rule found on the line is the same path, told once. */
const PATH_RULES: readonly { readonly re: RegExp; readonly what: (m: string, doc: string) => string | undefined }[] = [
  // ../ from docs/notes/ to a doc of docs/ stays inside docs/: only a climb above docs/ is a problem.
  {
    re: new RegExp(`(?:\\.\\./)+${REST}`, 'g'),
    what: (m, doc) => (path.posix.normalize(path.posix.join(path.posix.dirname(doc), m)).startsWith('../') ? `${m} leads outside docs/` : undefined),
  },
  { re: new RegExp(`(?<![\\w.~-])/(?:work|home|root|Users)/${REST}`, 'g'), what: (m) => `${m} is a path on some machine` },
  { re: new RegExp(`(?<![\\w./-])(?:${SOURCE_DIRS.join('|')})/${REST}`, 'g'), what: (m) => `${m} points into the source` },
  { re: /(?<![\w/.*-])[\w/*.-]*\w\.ts(?![\w.-])/g, what: (m) => `${m} names a source file` },
];

/** Lines of `text` (1-based numbers) that name a path outside docs/ or into the source; code blocks included. */
export function pathProblems(doc: string, text: string): Problem[] {
  const out: Problem[] = [];
  text.split('\n').forEach((line, i) => {
    const taken: [number, number][] = [];
    for (const rule of PATH_RULES) {
      for (const m of line.matchAll(rule.re)) {
        const [from, to] = [m.index, m.index + m[0].length];
        if (taken.some(([a, b]) => from < b && a < to)) continue;
        taken.push([from, to]);
        const what = rule.what(m[0], doc);
        if (what !== undefined) out.push({ doc, line: i + 1, what, text: line });
      }
    }
  });
  return out;
}

/** For each line of `text`, whether it is in a fenced code block (the fences included). */
function inCode(text: string): boolean[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const f = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) {
      fence = f;
      return f !== undefined;
    }
    if (f !== undefined && f[0] === fence[0] && f.length >= fence.length) fence = undefined;
    return true;
  });
}

/** Each line of `text` with fenced code blocks blanked and inline code spans removed: links are outside code. */
function proseLines(text: string): string[] {
  const code = inCode(text);
  return text.split('\n').map((line, i) => (code[i] ? '' : line.replace(/(`+)[\s\S]*?\1/g, '')));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  const plain = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .toLowerCase();
  return plain.replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors of a Markdown text: its ATX headings' slugs (a repeated one numbered -1, -2, …) and its <a id/name> anchors. */
export function anchors(text: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  const code = inCode(text);
  for (const [i, line] of text.split('\n').entries()) {
    if (code[i]) continue;
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1] ?? '');
    const h = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (!h) continue;
    const base = slug(h[1] ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The link targets on each line of prose: [text](target "title") and [label]: target. */
function linkTargets(line: string): string[] {
  const targets = [...line.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? '');
  // a definition is the label, the target and at most a title: nothing else on the line
  const def = /^ {0,3}\[[^\]]+\]:\s*(\S+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*$/.exec(line);
  if (def) targets.push(def[1] ?? '');
  return targets.map((t) => t.replace(/^<|>$/g, ''));
}

/** `doc`'s relative links (relative to docs/) that leave docs/, reach no file, or name a heading the file lacks. */
export function linkProblems(doc: string, text: string, readDoc: (rel: string) => string | undefined): Problem[] {
  const out: Problem[] = [];
  proseLines(text).forEach((line, i) => {
    for (const target of linkTargets(line)) {
      const at = { doc, line: i + 1, text: text.split('\n')[i] ?? '' };
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not a file
      if (target.startsWith('/')) {
        out.push({ ...at, what: `link ${target} is absolute` });
        continue;
      }
      const [file = '', fragment] = target.split('#', 2);
      const rel = file === '' ? doc : path.posix.normalize(path.posix.join(path.posix.dirname(doc), decodeURIComponent(file)));
      if (rel.startsWith('../') || rel === '..') {
        out.push({ ...at, what: `link ${target} leads outside docs/` });
        continue;
      }
      const content = readDoc(rel);
      if (content === undefined) {
        out.push({ ...at, what: `link ${target}: no file docs/${rel}` });
        continue;
      }
      if (fragment !== undefined && fragment !== '' && !anchors(content).has(decodeURIComponent(fragment))) {
        out.push({ ...at, what: `link ${target}: docs/${rel} has no heading #${fragment}` });
      }
    }
  });
  return out;
}

/** The text of docs/`rel` if it is a file ('' for one that is not Markdown), else undefined. */
function readFromDocs(rel: string): string | undefined {
  const abs = path.join(DOCS, rel);
  if (!existsSync(abs) || !statSync(abs).isFile()) return undefined;
  return rel.endsWith('.md') ? readFileSync(abs, 'utf8') : '';
}

function implementerDocs(): { doc: string; text: string }[] {
  return IMPLEMENTER_DOCS.map((doc) => {
    const text = readFromDocs(doc);
    assert.ok(text !== undefined, `docs/${doc} is missing`);
    return { doc, text };
  });
}

describe("the implementer's docs stand alone", () => {
  test('every Markdown file of docs/ is either an implementer doc (checked here) or a developer doc (out of scope)', () => {
    const top = readdirSync(DOCS).filter((f) => f.endsWith('.md'));
    const unclassified = top.filter((f) => !IMPLEMENTER_DOCS.includes(f) && !DEVELOPER_DOCS.includes(f));
    assert.deepEqual(unclassified, [], 'add each to IMPLEMENTER_DOCS or, if it is about the code, DEVELOPER_DOCS');
    assert.ok(IMPLEMENTER_DOCS.includes('notes/broadcast-link.md'), 'docs/notes/*.md were not read');
  });

  test('no link or path leads outside docs/ or into the source', () => {
    const problems = implementerDocs().flatMap(({ doc, text }) => pathProblems(doc, text));
    assert.deepEqual(problems.map(show), []);
  });

  test('every relative link reaches a file in docs/, and a #fragment a heading of it', () => {
    const problems = implementerDocs().flatMap(({ doc, text }) => linkProblems(doc, text, readFromDocs));
    assert.deepEqual(problems.map(show), []);
  });
});

describe('the checks find what they look for', () => {
  test('../ from a doc in docs/notes/ to a doc of docs/ stays inside; one level more leaves it', () => {
    const text = 'See [wire-format.md](../wire-format.md#common-header) and [the README](../../README.md).';
    assert.deepEqual(
      pathProblems('notes/x.md', text).map((p) => `${p.line}: ${p.what}`),
      ['1: ../../README.md leads outside docs/'],
    );
  });

  test('a path outside docs/ or into the source is found, code included; kernel files, URLs and docs names are not', () => {
    const text = [
      'See [the README](../README.md).',
      'The spec is at /work/shared/spec/kernel-behaviour.md and ~/x or /home/me/tipc.',
      'Read `reference/msg.ts` and `steps/**/*.ts`.',
      '```',
      'cat adapters/process/schema.ts',
      '```',
      'Or test/support/cli.ts; not net/tipc/link.c, msg.h, docs:fsm, https://example.org/reference/b, wire-format.md, 4/2, TS or .ts files.',
    ].join('\n');
    assert.deepEqual(
      pathProblems('x.md', text).map((p) => `${p.line}: ${p.what}`),
      [
        '1: ../README.md leads outside docs/',
        '2: /work/shared/spec/kernel-behaviour.md is a path on some machine',
        '2: /home/me/tipc is a path on some machine',
        '3: reference/msg.ts points into the source',
        '3: steps/**/*.ts points into the source',
        '5: adapters/process/schema.ts points into the source',
        '7: test/support/cli.ts names a source file',
      ],
    );
  });

  test('a link to a missing file, a missing heading, an absolute path or outside docs/ is found; good ones are not', () => {
    const files: Record<string, string> = {
      'a.md': '# Title\n\n## The `hello` op\n\n## Repeat\n\n## Repeat\n',
      'images/p.png': '',
    };
    const text = [
      '[ok](a.md) [ok](a.md#title) [ok](a.md#the-hello-op) [ok](a.md#repeat-1) [ok](images/p.png) [ok](#here) [web](https://x.org/y.md)',
      '[no](b.md) [no](a.md#nothing) [no](/etc/x.md) [no](../README.md) [no](#gone)',
      '`[in code](nothing.md)`',
      '[label]: c.md',
      '[{6, 2}, {9, 0}]: have ≤ 2, miss 3–4',
      '# Here',
    ].join('\n');
    const read = (rel: string): string | undefined => (rel === 'x.md' ? text : files[rel]);
    assert.deepEqual(
      linkProblems('x.md', text, read).map((p) => `${p.line}: ${p.what}`),
      [
        '2: link b.md: no file docs/b.md',
        '2: link a.md#nothing: docs/a.md has no heading #nothing',
        '2: link /etc/x.md is absolute',
        '2: link ../README.md leads outside docs/',
        '2: link #gone: docs/x.md has no heading #gone',
        '4: link c.md: no file docs/c.md',
      ],
    );
  });
});
