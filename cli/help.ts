/**
 * The help's prose: each command's description and the sections commander prints after its
 * generated option list (IUT spec forms, profiles, report files, examples, exit codes). The
 * options themselves are described where they are defined (args.ts).
 */
import { PROFILES, PROFILE_NAMES } from '../reference/profiles';
import { PROGRAM, VERSION } from '../harness/package-info';
import { KERNEL_PROFILE_NAMES } from '../adapters/kernel/profiles';

export const DEFAULT_SEED = 1;
export const DEFAULT_OUT = 'reports';

export const REPORT_FILES = ['messages.ndjson', 'cucumber.html', 'junit.xml'] as const;

/** Width commander wraps the generated help to, whatever the terminal. */
export const HELP_WIDTH = 96;

export const MAIN_DESCRIPTION = `${PROGRAM} ${VERSION}
Conformance harness for TIPC (Linux net/tipc): runs Gherkin behaviour specs against the
bundled sans-IO reference stack and writes cucumber reports.`;

export function mainHelpAfter(): string {
  return `
Examples:
  ${PROGRAM} run
  ${PROGRAM} run --iut reference:pre-half-failover-fix --tags '@req:FO-1'
  ${PROGRAM} run --iut kernel --tags '@req:FO-1'
  ${PROGRAM} help run

Exit codes: 0 all scenarios passed (a known kernel bug aside, unless --strict), 1 a scenario
failed, 2 usage or harness error.
`;
}

/** --strict of run and certify. */
export const STRICT_HELP =
  'count a scenario tagged @known-bug:ID that fails (a known bug of Linux 6.1, docs/kernel-findings.md) as a failure: FAIL, exit 1, verdict fail; without it, it is reported KNOWN and does not fail the run';

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function profileLines(): string {
  const margin = '  ';
  const width = Math.max(...PROFILE_NAMES.map((name) => name.length));
  const textWidth = Math.max(30, HELP_WIDTH - margin.length - width - 2);
  return PROFILE_NAMES.map((name) => {
    const [first = '', ...rest] = wrap(PROFILES[name].summary, textWidth);
    const hanging = margin + ' '.repeat(width + 2);
    return [`${margin}${name.padEnd(width)}  ${first}`, ...rest.map((line) => hanging + line)].join('\n');
  }).join('\n');
}

export const RUN_DESCRIPTION = `Runs the Gherkin scenarios in-process with cucumber (or in --parallel worker processes),
prints one line per scenario as it finishes, and writes messages.ndjson, cucumber.html,
junit.xml (and the World's traces/) into the output folder.`;

/** What `run`, `certify` and `diff` share after their options: the IUT specs and the profiles. */
function iutSections(): string {
  return `
IUT specs (--iut SPEC): what plays the nodes under test (those a scenario tags @iut:N)
  reference           the bundled reference stack, profile 'fixed' (the default)
  reference:PROFILE   the reference stack with a behaviour profile (below)
  process:COMMAND     a child process per node under test, speaking the process protocol
                      (docs/adapter-protocol.md); COMMAND is split into words like a shell,
                      never run by one, e.g. process:'node bin/tipc-reference-iut.js'.
                      A scenario tagged @needs:CAP is reported N/A (not failed) when the IUT
                      does not declare CAP. An IUT that dies, hangs or answers wrongly in its
                      hello before the run fails every scenario with that fault (exit 1); one
                      whose program is not found or not executable is a usage error (exit 2).
  kernel              the Linux kernel (Debian 6.1), one QEMU guest per node under test; the
                      cluster runs in real time. The guest image is built on first use (see
                      '${PROGRAM} kernel setup --help').
  kernel:PROFILE      the same, with a tipc.ko built from Debian's net/tipc source of the
                      guest's kernel and a kernel profile's patch applied (below). With
                      --tipc-src DIR, tipc.ko is built from your net/tipc folder; with
                      --tipc-patch FILE..., your patches are applied first. Builds are cached
                      by a hash of kernel version, source and patches; a patch that does not
                      apply, a failed build or a module that does not load exits 2.

Profiles (--iut reference:PROFILE):
${profileLines()}

Kernel profiles (--iut kernel:PROFILE, --testers kernel:PROFILE; adapters/kernel/profiles/):
  ${KERNEL_PROFILE_NAMES.join(', ')}
`;
}

export function runHelpAfter(): string {
  return `${iutSections()}
Reports (--out DIR):
  ${REPORT_FILES.join(', ')}, allure-results/, allure-report/ (unless
  --no-report), traces/*.trace.txt, pcaps/*.pcap (both gzipped, .gz, for a passed
  scenario: zless and Wireshark read them as they are), charts/*.svg. Only the files the
  harness writes are replaced; other files in DIR are left alone. Before anything runs, the features are linted
  (see '${PROGRAM} lint --help'); problems stop the run with exit 2.

Examples:
  ${PROGRAM} run
  ${PROGRAM} run --iut reference:pre-half-failover-fix-v4.19 --seed 7
  ${PROGRAM} run --tags '@req:FO-1 and @iut:1' --out /tmp/tipc-reports
  ${PROGRAM} run --features features/link/failover.feature:12
  ${PROGRAM} run --features ~/my-features --requirements ~/my-requirements.md --bundled
  npm run conformance -- --iut reference:pre-half-failover-fix

Known kernel bugs:
  A scenario tagged @known-bug:ID fails on Linux 6.1 because of the bug written up in
  docs/kernel-findings.md under the heading 'ID: ...'. When it fails it is reported KNOWN, not
  FAIL, and counted apart ('N known bugs'); with --strict it is a failure. When it passes, the
  implementation does not have the bug: PASS.

Exit codes:
  0  every selected scenario passed (not applicable ones are reported, not failed; known
     kernel bugs are reported, not failed, unless --strict)
  1  at least one scenario failed (the IUT did not behave as specified, or broke the process
     protocol, in its hello before the run too), or with --strict showed a known kernel bug
  2  usage error (unknown option, missing value, bad seed, unknown profile, bad tag
     expression, no features or no scenarios found, a process: command that cannot be
     started: not found or not executable), or harness error (undefined,
     ambiguous or pending step, failing hook, error loading the step definitions,
     Gherkin parse error)
`;
}

export const CERTIFY_DESCRIPTION = `Runs the scenarios exactly like '${PROGRAM} run' (same options, same reports, same exit
codes, but one), then writes the implementation's conformance statement into the output
folder: conformance-statement.json and conformance-statement.html. The statement gives the
name, version and capabilities the IUT declared, every requirement (@req:) with its text
(docs/requirements.md), pass, fail, known bug, not applicable or error, for one not
applicable the capabilities the IUT lacks, and the scenarios behind it; the suite version,
the seed and the date. A requirement is a known bug when every scenario of it that failed
is tagged @known-bug:ID (a bug of Linux 6.1, docs/kernel-findings.md); with --strict it
fails instead. The overall verdict is the worst: error, then fail, then known bug, then
pass, with how many requirements were tested ('pass: 8 of 13 requirements tested, 5 not
applicable'). When no requirement was tested (all not applicable), the verdict is 'not
tested' and certify exits 1: that is not a pass. With --tags, or --features without the
package's features/, the statement is partial and records the selection. An IUT that
failed its hello before the run is named by that fault in the statement, and fails.`;

export function certifyHelpAfter(): string {
  return `${iutSections()}
Examples:
  ${PROGRAM} certify --iut process:'node bin/tipc-reference-iut.js' --out /tmp/cert
  ${PROGRAM} certify --iut reference:pre-half-failover-fix

Exit codes: 0 every scenario passed, was not applicable or showed a known kernel bug (not with
--strict), and at least one requirement was tested; 1 a scenario failed, or nothing was tested
(verdict 'not tested'); 2 usage or harness error (the statement is still written when the run
got that far).
`;
}

export const DIFF_DESCRIPTION = `The differential check: runs the selected scenarios twice, as 'certify' child processes, once
with --iut SPEC (default: reference) into DIR/reference and once with --iut kernel into
DIR/kernel, then prints the scenarios whose outcomes (passed, failed, N/A, error) differ and
writes them to DIR/differences.json. A difference is explained when docs/kernel-differences.md
has a row "| REQ-ID | outcome with SPEC | outcome with the kernel | why |" for it.
--iut must not be kernel, and the testers are the reference.`;

export function diffHelpAfter(): string {
  return `${iutSections()}
Examples:
  ${PROGRAM} diff --out /tmp/diff
  ${PROGRAM} diff --tags '@area:naming' --no-report

Exit codes: 0 no difference, or every difference explained; 1 an unexplained difference;
2 usage error, or one of the runs could not finish.
`;
}

export const EXPLORE_DESCRIPTION = `Looks for bugs nobody wrote a scenario for: runs random schedules on the simulator (2 to 6
nodes, one or two bearers, a legacy node sometimes; bindings and unbindings, numbered message
streams; drops, delays, holds, duplicates and reorders on the wire by node, direction, bearer and
kind of traffic, bearers cut, interfaces down and up, restarts within and after the node timeout),
heals the faults, lets the cluster settle and checks the invariants of docs/explore.md. A schedule
that breaks one is shrunk (fast-check) to a small one that breaks the same invariant, written as
DIR/NN-INVARIANT/counterexample.feature in the bundled steps, and replayed with 'run' (its trace,
chart and pcap beside it). A known kernel bug (docs/kernel-findings.md) is recognised, reported and
passed over. The implementation must run on virtual time: reference profiles and process IUTs.`;

export function exploreHelpAfter(): string {
  return `
Examples:
  ${PROGRAM} explore --iut reference:pre-half-failover-fix --time 5m
  ${PROGRAM} explore --iut 'process:./my-tipc-node' --runs 2000 --own-only
  ${PROGRAM} run --features reports/explore/01-failover-ends/counterexample.feature --iut reference:pre-half-failover-fix

Output (DIR, default reports/explore): explore.json (runs, time, what was found), and per
counterexample a folder with counterexample.feature, run/ (its replay with the IUT: traces/,
pcaps/, charts/, run.log) and run-reference-fixed/ (its replay with the kernel's model).

Progress goes to stderr (runs, runs per second, invariants broken so far). Ctrl-C stops after the
run in hand and writes what was found; a second Ctrl-C quits at once.

Exit codes: 0 nothing found (known kernel bugs aside); 1 a counterexample was found, or the IUT
failed its hello; 2 usage error, or the IUT does not run on virtual time.
`;
}

export const LINT_DESCRIPTION = `Checks feature files (default: the package's features/) without running anything:
  - every file parses (errors as FILE:LINE:COLUMN with the offending line);
  - every step matches exactly one step definition (an undefined step gets the one or two
    nearest, the words that differ and the format of a parameter written wrongly, or
    cucumber's snippet when none is near; an ambiguous one names every definition it matches);
  - every scenario declares its cluster, has one @iut:N tag (the node(s) of that cluster the
    implementation plays) and an @req:ID tag whose ID is a row of docs/requirements.md (or
    of a --requirements file);
  - every @catches:PROFILE names a reference profile that brings a bug back (not 'fixed'),
    every @needs:CAPABILITY a known capability, and a scenario is tagged @needs: for every
    capability its steps need (see '${PROGRAM} steps');
  - every @known-bug:ID names a section of docs/kernel-findings.md (a heading that starts
    with 'ID:'), one per scenario;
  - a tag whose prefix is a near miss of the harness's (@need:, @reqs:) is a typo, and
    @severity: is one of blocker, critical, normal, minor, trivial.
'${PROGRAM} run' and 'certify' lint their features first and refuse to start (exit 2).`;

export function lintHelpAfter(): string {
  return `
Requirement catalogues (--requirements FILE): markdown tables whose rows start with "| ID |",
  e.g. "| MY-1 | statement | ... |". docs/requirements.md is always read.

Exit codes: 0 no problems, 2 problems found (or a usage error).
`;
}

export const STEPS_DESCRIPTION = `Prints the step vocabulary the features can use, grouped as set-up, disturbance, action and
observation: each step's pattern, its parameters, what it means in TIPC terms, the capability
an implementation needs for it, and an example line. Read from the step definitions themselves;
docs/steps.md is the markdown form (npm run docs:steps).`;

export function stepsHelpAfter(): string {
  return `
Exit codes: 0, or 2 when a step definition lacks a catalogue entry or its example does not match.
`;
}

export const REQUIREMENTS_DESCRIPTION = `Lists the requirements of docs/requirements.md that the features test, each with the
capabilities an implementation must declare for it to be tested and its statement. With
--by-capability, groups them by those capabilities: what an implementation that declares
'link' alone gets tested, what 'naming' adds, and which requirements are never tested without
a capability. Read from the features' @req: and @needs: tags, as a run decides N/A: a
requirement is tested when one of its scenarios applies.`;

export function requirementsHelpAfter(): string {
  return `
Examples:
  ${PROGRAM} requirements
  ${PROGRAM} requirements --by-capability
  ${PROGRAM} requirements --by-capability --format markdown > capabilities.md

Exit codes: 0, or 2 on a usage error.
`;
}
