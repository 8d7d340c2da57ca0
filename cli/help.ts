/** Help texts of `tipc-conformance --help` and `tipc-conformance run --help`. */
import { PROFILES, PROFILE_NAMES } from '../reference/profiles';
import { PROGRAM, VERSION } from '../harness/package-info';

export const DEFAULT_SEED = 1;
export const DEFAULT_OUT = 'reports';

export const REPORT_FILES = ['messages.ndjson', 'cucumber.html', 'junit.xml'] as const;

export function mainHelp(): string {
  return `${PROGRAM} ${VERSION}
Conformance harness for TIPC (Linux net/tipc): runs Gherkin behaviour specs against the
bundled sans-IO reference stack and writes cucumber reports.

Usage:
  ${PROGRAM} run [options]     run the conformance scenarios (see '${PROGRAM} run --help')
  ${PROGRAM} certify [options] run them and write the IUT's conformance statement
                               (see '${PROGRAM} certify --help')
  ${PROGRAM} lint [PATH...]    check feature files before running them (see '${PROGRAM} lint --help')
  ${PROGRAM} steps             print the step vocabulary (see '${PROGRAM} steps --help')
  ${PROGRAM} diff [options]    run with the reference and with the Linux kernel, print the
                               scenarios whose outcomes differ (see '${PROGRAM} diff --help')
  ${PROGRAM} kernel setup      build the Linux kernel guest image for --iut kernel
                               (see '${PROGRAM} kernel setup --help')
  ${PROGRAM} help [COMMAND]    show this help, or the help of a command
  ${PROGRAM} --help, -h        show this help
  ${PROGRAM} --version, -v     print the version

Examples:
  ${PROGRAM} run
  ${PROGRAM} run --iut reference:pre-half-failover-fix --tags '@req:FO-1'
  ${PROGRAM} run --iut kernel --tags '@req:FO-1'

Exit codes: 0 all scenarios passed, 1 a scenario failed, 2 usage or harness error.
`;
}

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
  const margin = ' '.repeat(26);
  const width = Math.max(...PROFILE_NAMES.map((name) => name.length));
  const textWidth = Math.max(30, 96 - margin.length - width - 2);
  return PROFILE_NAMES.map((name) => {
    const [first = '', ...rest] = wrap(PROFILES[name].summary, textWidth);
    const hanging = margin + ' '.repeat(width + 2);
    return [`${margin}${name.padEnd(width)}  ${first}`, ...rest.map((line) => hanging + line)].join('\n');
  }).join('\n');
}

export function runHelp(): string {
  return `Usage: ${PROGRAM} run [--iut SPEC] [--testers WHAT] [--tags EXPR] [--seed N] [--out DIR]
             [--features PATH...] [--bundled] [--requirements FILE...] [--no-report]
             [--step-timeout MS] [--iut-timeout MS] [--scenario-timeout MS] [--support PATH...]

Runs the Gherkin scenarios in-process with cucumber, prints one line per scenario as it
finishes, and writes messages.ndjson, cucumber.html, junit.xml (and the World's traces/)
into the output folder.

Options:
  --iut SPEC            Implementation that plays the nodes under test (the nodes a scenario
                        tags with @iut:N). Default: reference (= reference:fixed).
                          reference           the bundled reference stack, profile 'fixed'
                          reference:PROFILE   the reference stack with a behaviour profile
                          process:COMMAND     a child process per node under test, speaking the
                                              process protocol (docs/adapter-protocol.md); COMMAND
                                              is split into words like a shell, never run by one,
                                              e.g. process:'node bin/tipc-reference-iut.js'.
                                              A scenario tagged @needs:CAP is reported N/A (not
                                              failed) when the IUT does not declare CAP.
                          kernel              the Linux kernel (Debian 6.1), one QEMU guest per
                                              node under test; the cluster runs in real time.
                                              The guest image is built on first use (see
                                              '${PROGRAM} kernel setup --help').
                        Profiles:
${profileLines()}
  --testers WHAT        What plays the other nodes: reference (default) or kernel (a QEMU
                        guest each; with --iut reference:PROFILE this holds the reference and
                        its pre-fix profiles against real kernels).
  --tags EXPR           Cucumber tag expression selecting scenarios, e.g. '@req:FO-1',
                        '@iut:1 and not @area:naming', '(@req:FO-1 or @req:FO-2)'.
                        Checked before anything runs. Default: all scenarios.
  --seed N              Seed of the simulation, an unsigned 32-bit integer (0..4294967295).
                        Default: ${DEFAULT_SEED}. Printed at the start of a run; pass it again to
                        replay the same run.
  --out DIR             Folder for the reports, relative to the current directory.
                        Default: ${DEFAULT_OUT}. Only the files the harness writes there
                        (${REPORT_FILES.join(', ')}, traces/*.trace.txt) are
                        replaced; other files are left alone.
  --features PATH...    Feature files or folders (globs and FILE:LINE allowed), one or more
                        values, or repeat the option: yours, ours, or both. Default: the
                        package's features/ folder.
  --bundled             Run the package's features/ too, beside the --features you give
                        (wherever you run from).
  --no-report           Skip generating the Allure HTML report (allure-report/, needs Java) for
                        a quick run; the Allure results and every other report are still written.
  --step-timeout MS     Wall-clock limit for one Gherkin step (the scenario fails). Default 60000.
  --iut-timeout MS      Wall-clock limit for one request to an IUT process; past it the IUT is
                        killed and the scenario fails as 'hung'. Default 10000.
  --scenario-timeout MS Wall-clock limit for one scenario's requests to its IUT processes.
                        Default 300000.
  --support PATH...     Step definitions and World to load instead of the package's
                        steps/**/*.ts (for developing the harness itself). Repeatable.
  --requirements FILE...
                        More requirement catalogues for the lint (see '${PROGRAM} lint --help').
                        Before anything runs, the features are linted; problems stop the run
                        with exit 2.
  -h, --help            Show this help.

Examples:
  ${PROGRAM} run
  ${PROGRAM} run --iut reference:pre-half-failover-fix-v4.19 --seed 7
  ${PROGRAM} run --tags '@req:FO-1 and @iut:1' --out /tmp/tipc-reports
  ${PROGRAM} run --features features/link/failover.feature:12
  ${PROGRAM} run --features ~/my-features --requirements ~/my-requirements.md --bundled
  npm run conformance -- --iut reference:pre-half-failover-fix

Exit codes:
  0  every selected scenario passed (not applicable ones are reported, not failed)
  1  at least one scenario failed (the IUT did not behave as specified)
  2  usage error (unknown option, missing value, bad seed, unknown profile, bad tag
     expression, no features or no scenarios found), or harness error (undefined,
     ambiguous or pending step, failing hook, error loading the step definitions,
     Gherkin parse error)
`;
}

export function certifyHelp(): string {
  return `Usage: ${PROGRAM} certify [--iut SPEC] [--tags EXPR] [--seed N] [--out DIR] [--features PATH...]

Runs the scenarios exactly like '${PROGRAM} run' (same options, same reports, same exit codes),
then writes the implementation's conformance statement into the output folder:
conformance-statement.json and conformance-statement.html. The statement gives the name, version
and capabilities the IUT declared, every requirement (@req:) with pass, fail, not applicable or
error and the scenarios behind it, the suite version, the seed and the date.

Examples:
  ${PROGRAM} certify --iut process:'node bin/tipc-reference-iut.js' --out /tmp/cert
  ${PROGRAM} certify --iut reference:pre-half-failover-fix

Exit codes: 0 every scenario passed or was not applicable, 1 a scenario failed, 2 usage or
harness error (the statement is still written when the run got that far).
`;
}

export function diffHelp(): string {
  return `Usage: ${PROGRAM} diff [--iut SPEC] [--tags EXPR] [--seed N] [--out DIR] [--features PATH...]
            [--no-report] [--step-timeout MS]

The differential check: runs the selected scenarios twice, as 'certify' child processes, once
with --iut SPEC (default: reference) into DIR/reference and once with --iut kernel into
DIR/kernel, then prints the scenarios whose outcomes (passed, failed, N/A, error) differ and
writes them to DIR/differences.json. A difference is explained when docs/kernel-differences.md
has a row "| REQ-ID | outcome with SPEC | outcome with the kernel | why |" for it.

Examples:
  ${PROGRAM} diff --out /tmp/diff
  ${PROGRAM} diff --tags '@area:naming' --no-report

Exit codes: 0 no difference, or every difference explained; 1 an unexplained difference;
2 usage error, or one of the runs could not finish.
`;
}

export function lintHelp(): string {
  return `Usage: ${PROGRAM} lint [PATH...] [--bundled] [--requirements FILE...] [--support PATH...]

Checks feature files (default: the package's features/) without running anything:
  - every file parses (errors as FILE:LINE:COLUMN with the offending line);
  - every step matches exactly one step definition (an undefined step gets cucumber's
    snippet; an ambiguous one names every definition it matches);
  - every scenario declares its cluster, has one @iut:N tag (the node(s) of that cluster the
    implementation plays) and an @req:ID tag whose ID is a row of docs/requirements.md (or
    of a --requirements file);
  - every @catches:PROFILE names a reference profile that brings a bug back (not 'fixed'),
    every @needs:CAPABILITY a known capability, and a scenario is tagged @needs: for every
    capability its steps need (see '${PROGRAM} steps');
  - a tag whose prefix is a near miss of the harness's (@need:, @reqs:) is a typo, and
    @severity: is one of blocker, critical, normal, minor, trivial.
'${PROGRAM} run' and 'certify' lint their features first and refuse to start (exit 2).

Options:
  PATH..., --features PATH...
                          feature files or folders (default: the package's features/)
  --bundled               lint the package's features/ too, beside the PATHs
  --support PATH...       step definitions to check against (default: the package's steps)
  --requirements FILE...  more requirement catalogues: markdown tables whose rows start with
                          "| ID |", e.g. "| MY-1 | statement | ... |". docs/requirements.md
                          is always read.
  -h, --help              show this help

Exit codes: 0 no problems, 2 problems found (or a usage error).
`;
}

export function stepsHelp(): string {
  return `Usage: ${PROGRAM} steps [--format text|markdown] [--support PATH...]

Prints the step vocabulary the features can use, grouped as set-up, disturbance, action and
observation: each step's pattern, its parameters, what it means in TIPC terms, the capability
an implementation needs for it, and an example line. Read from the step definitions themselves;
docs/steps.md is the markdown form (npm run docs:steps).

Options:
  --format FORMAT   text (default) or markdown
  --support PATH... step definitions to list instead of the package's steps/**/*.ts
  -h, --help        show this help

Exit codes: 0, or 2 when a step definition lacks a catalogue entry or its example does not match.
`;
}
