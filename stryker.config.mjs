// npm run mutation: StrykerJS mutates reference/ and the features judge each mutant (README,
// "Mutation testing"). Limit it to files with `npm run mutation -- --mutate reference/link.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'cucumber',
  cucumber: {
    // cucumber.cjs: what `run --iut reference --seed 1` gives cucumber (cli/mutation.ts)
    profile: 'mutation',
    // NB-5 is the only scenario that drives the stale-binding drop, and it is @long
    tags: ['not @long or @req:NB-5'],
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
