/**
 * The help's prose for `run --shard K/N` and `report`: apart from help.ts so that the commands
 * that spread a run over machines keep their words in one place.
 */
import { PROGRAM } from '../harness/package-info';

export const SHARD_HELP =
  'run only shard K of N (1 <= K <= N): the scenarios the tags and --features select, every Examples row one scenario, dealt round-robin in cucumber\'s order (see Shards below); writes shard.json for the report command';

export function shardHelpAfter(): string {
  return `
Shards (--shard K/N):
  The scenarios a full run would run (after --tags and --features; each Scenario Outline row is
  one) are taken in cucumber's defined order: feature files sorted by path, scenarios and rows
  top to bottom; the same on every machine, whatever order the file system lists them in. The
  i-th (from 0) runs in shard (i mod N) + 1: cucumber's own sharding. So every scenario is in
  exactly one shard, and shards are balanced by count (they differ by one scenario at most).
  A shard may be empty when N exceeds the number of scenarios. Each shard's --out gets a
  shard.json (K/N, the IUT, seed, tags, the whole selection and the shard's part of it);
  merge the folders with '${PROGRAM} report --help'.
  Example, on two machines, then on one:
    ${PROGRAM} run --shard 1/2 --out out-1
    ${PROGRAM} run --shard 2/2 --out out-2
    ${PROGRAM} report out-1 out-2 --out merged
`;
}

export const REPORT_DESCRIPTION = `Merges the output folders of 'run --shard K/N' runs into the reports one full run would have
written, in --out: allure-results/ (every shard's results) and allure-report/ (allure generate
over them, unless --no-report), junit.xml, messages.ndjson and cucumber.html (from the shards'
cucumber messages, put together as one run), conformance-statement.json and .html (as 'certify'
writes them), and the shards' traces/, pcaps/, charts/ and iut-logs/. It prints one line per
scenario and the closing line, as the run does.

It refuses (exit 2, nothing written) to merge shards of different IUTs, testers, seeds, --strict,
suite versions or selections (other features, tags or feature text), or shards that overlap (a
scenario in two of them, a shard given twice). When the shards do not cover the whole selection,
it names the scenarios missing, writes the reports of what it has and exits 2.`;

export function reportHelpAfter(): string {
  return `
Examples:
  ${PROGRAM} report out-1 out-2 --out merged
  ${PROGRAM} report shards/* --out merged --no-report
  ${PROGRAM} report open merged     # serve merged/allure-report over HTTP (see 'report open --help')

Exit codes (as one full run would give):
  0  every merged scenario passed (not applicable ones and known kernel bugs aside, unless the
     shards ran with --strict)
  1  a scenario failed, or the IUT failed its hello
  2  usage error; shards that do not belong together or overlap; scenarios missing; a shard
     that had a harness error; the Allure HTML report could not be generated
`;
}
