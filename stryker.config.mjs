// npm run mutation: StrykerJS mutates reference/ and the features judge each mutant (README,
// "Mutation testing"). Limit it to files with `npm run mutation -- --mutate reference/link.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'cucumber',
  cucumber: {
    // cucumber.cjs: what `run --iut reference --seed 1` gives cucumber (cli/mutation.ts)
    profile: 'mutation',
    // the @long scenarios (NB-5's 65,536 updates, NB-6 with 128 nodes) reach nothing the others do
    // not: the short NB-5 drives the stale drop, NB-6 for 3 and 16 nodes the broadcast cost. Each
    // surviving mutant runs every scenario that reaches it, and the long NB-5 alone took 10 s.
    tags: ['not @long'],
  },
  mutate: ['reference/**/*.ts'],
  // the runner reports which scenarios reach each mutant: only those run against it
  coverageAnalysis: 'perTest',
  // no type checker: ts-node transpiles only (tsconfig.json), so a mutant that breaks a type still
  // runs, and is judged by the scenarios like any other
  checkers: [],
  disableTypeChecks: 'reference/**/*.ts',
  concurrency: 2,
  // a scenario runs in simulated time: a mutant that loops spins the CPU, past this it is a timeout
  timeoutMS: 10000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 30,
  reporters: ['html', 'json', 'progress', 'clear-text'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
};

export default config;
