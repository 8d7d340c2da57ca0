/**
 * The architecture, as rules dependency-cruiser checks on every import (npm run lint:arch, and
 * test/architecture.test.ts in npm test). docs/architecture.md explains the layers.
 *
 * Layers, bottom to top: contract/ (the neutral contract), reference/ (the sans-IO stack) and
 * sim/ (the deterministic simulator), harness/ (the one cluster, the clock seam), adapters/ (the
 * implementation kinds behind the contract), steps/ (cucumber step definitions), explore/ (the
 * explorer: schedules of steps, run through the step definitions), cli/ (the commands); test/ and
 * scripts/ sit on top and may import anything.
 *
 * `import type` counts: a layer that names a type from above depends on it as much as one that
 * calls it (tsPreCompilationDeps).
 */
const path = require('node:path');

/** The one file of steps/ that builds the cluster factory: the composition root. */
const COMPOSITION_ROOT = 'steps/support/composition.ts';

/** The only file of adapters/ the composition root may import. */
const ADAPTER_FACTORY = 'adapters/factory.ts';

/** Shell quoting of the replay command: a text helper of the harness that the report hook of steps/ uses too. */
const REPLAY = 'harness/replay.ts';

/** The folders whose code ships: devDependencies are not there on an install with --omit=dev. */
const PRODUCTION = '^(bin|contract|reference|sim|harness|adapters|steps|explore|cli)/';

/** A file of this project (a relative import), as opposed to a node built-in or an npm package. */
const LOCAL = ['local', 'localmodule'];

const exactly = (file) => `^${file.replace(/[.]/g, '[.]')}$`;

module.exports = {
  forbidden: [
    {
      name: 'contract-imports-only-contract',
      severity: 'error',
      comment:
        'contract/ is the neutral contract every implementation kind meets: it imports nothing outside contract/ ' +
        '(no other folder, no node built-in, no npm package). Move the type or value you need into contract/, ' +
        'or map to it at the edge of the layer that owns it.',
      from: { path: '^contract/' },
      to: { pathNot: '^contract/' },
    },
    {
      name: 'reference-imports-only-reference',
      severity: 'error',
      comment:
        'reference/ is the sans-IO reference stack: it imports nothing outside reference/ (no contract, no ' +
        'simulator, no node built-in: no I/O, timers or process). It is driven only by its inputs; its ' +
        "notions are mapped to the contract's in adapters/reference/.",
      from: { path: '^reference/' },
      to: { pathNot: '^reference/' },
    },
    {
      name: 'sim-imports-only-contract',
      severity: 'error',
      comment:
        'sim/ is the deterministic simulator: it moves opaque frames and knows nothing of TIPC, so it imports ' +
        'only sim/ and contract/ (no reference/, no node built-in: no I/O, clock or randomness of its own).',
      from: { path: '^sim/' },
      to: { pathNot: '^(sim|contract)/' },
    },
    {
      name: 'harness-imports-only-below',
      severity: 'error',
      comment:
        "harness/ is the one cluster with the clock injected: it imports contract/, sim/, the reference's wire " +
        'codec (reference/msg*.ts), its paged rows (reference/row-pages.ts, no protocol in it) and node ' +
        'built-ins, nothing else. It must not know any implementation kind ' +
        '(adapters/), the steps or the commands, nor the rest of the reference stack.',
      from: { path: '^harness/' },
      to: {
        pathNot: ['^(harness|contract|sim)/', '^reference/msg[^/]*[.]ts$', '^reference/row-pages[.]ts$'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'adapters-not-to-steps-or-cli',
      severity: 'error',
      comment:
        'adapters/ are the implementation kinds behind the contract: they may use contract/, harness/, sim/ and ' +
        'reference/, never the layers above them (steps/, cli/) nor test/ or scripts/. Pass what they need ' +
        'down through the contract (contract/run.ts, contract/cluster.ts).',
      from: { path: '^adapters/' },
      to: { dependencyTypes: LOCAL, pathNot: '^(adapters|contract|harness|sim|reference)/' },
    },
    {
      name: 'steps-only-through-contract',
      severity: 'error',
      comment:
        'steps/ reach implementations only through the contract: a step definition imports contract/, steps/ ' +
        `and npm packages (cucumber), never reference/, sim/, harness/ (but ${REPLAY}, the shell quoting of the ` +
        `replay line), adapters/ or cli/. Only ${COMPOSITION_ROOT}, the composition root, may import ${ADAPTER_FACTORY}.`,
      from: { path: '^steps/', pathNot: exactly(COMPOSITION_ROOT) },
      to: { dependencyTypes: LOCAL, pathNot: ['^(steps|contract)/', exactly(REPLAY)] },
    },
    {
      name: 'composition-root-only-factory',
      severity: 'error',
      comment:
        `${COMPOSITION_ROOT} is the composition root: besides contract/ and steps/ it imports ${ADAPTER_FACTORY} ` +
        'and nothing else of adapters/ (nor reference/, sim/, harness/ or cli/). What a step needs of an ' +
        'implementation goes through the ClusterFactory the factory returns.',
      from: { path: exactly(COMPOSITION_ROOT) },
      to: { dependencyTypes: LOCAL, pathNot: ['^(steps|contract)/', exactly(ADAPTER_FACTORY), exactly(REPLAY)] },
    },
    {
      name: 'step-definitions-independent',
      severity: 'error',
      comment:
        'Step definition files (steps/*.steps.ts) do not import each other: what two of them share goes into ' +
        'a steps/ support file, so each can be read, moved or removed on its own.',
      from: { path: '^steps/.+[.]steps[.]ts$' },
      to: { path: '^steps/.+[.]steps[.]ts$' },
    },
    {
      name: 'explore-below-cli',
      severity: 'error',
      comment:
        'explore/ runs schedules through the step definitions and holds counterexamples against the reference ' +
        "profiles: it may import the contract, the steps, the harness's package facts and the reference's profile " +
        'table, never cli/ (which drives it), test/ or scripts/.',
      from: { path: '^explore/' },
      to: { dependencyTypes: LOCAL, pathNot: ['^(explore|contract|steps)/', exactly('harness/package-info.ts'), exactly('reference/profiles.ts')] },
    },
    {
      name: 'cli-not-to-test-or-scripts',
      severity: 'error',
      comment:
        'cli/ is the top of the shipped code: it may import any layer, but not test/ or scripts/, which do ' +
        'not ship. Move what both need into the layer below.',
      from: { path: '^cli/' },
      to: { dependencyTypes: LOCAL, path: '^(test|scripts)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'This import closes a cycle: modules that import each other cannot be understood, tested or loaded ' +
        'on their own. Break it by moving what both need into a module below both.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'This import resolves to no file: a typo in a relative path, or an npm package that is not installed ' +
        '(add it to package.json dependencies).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        "This imports an npm package that package.json does not list (it is there only as another package's " +
        'dependency): its version is not ours to rely on. Add it to package.json dependencies, or use what ' +
        'the listed package exports.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Shipped code (bin, contract, reference, sim, harness, adapters, steps, explore, cli) imports a package from ' +
        "package.json devDependencies, which an install with --omit=dev does not have. Move it to " +
        'dependencies, or keep its use in test/ or scripts/.',
      from: { path: PRODUCTION },
      to: { dependencyTypes: ['npm-dev'], pathNot: 'node_modules/@types/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules may be a symlink (a git worktree's): name packages by the path the import sees
    preserveSymlinks: true,
    // the fixtures that prove the rules have teeth break every rule on purpose
    exclude: { path: '^test/fixtures/' },
    moduleSystems: ['cjs', 'es6'],
    // `import type` and imports only types use stay in the graph: layering is about names too
    tsPreCompilationDeps: true,
    detectProcessBuiltinModuleCalls: true,
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
