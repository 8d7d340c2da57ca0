/**
 * The scenario's hooks: name it and read its tags before it runs, skip it (N/A) when the run's
 * implementations lack a capability it needs, make the nodes current before each observation, and
 * once it is over write its report and stop its cluster. And the wrapper of every step
 * definition, which heads a known kernel bug's failure with its ID.
 */
import { After, Before, BeforeStep, Status, setDefinitionFunctionWrapper } from '@cucumber/cucumber';
import { stepDocOf } from '../vocabulary';
import { neededCapabilities } from './applicability';
import { iutLogDir } from './composition';
import { type StepCode, knownBugId, markingKnownBugs } from './known-bug';
import { attachNodeLogs, reportScenario, scenarioSlug } from './report';
import { stepText } from './step-log';
import { ConformanceWorld } from './world';

/**
 * A step of a scenario tagged @known-bug:ID fails with a message that starts with
 * `known kernel bug ID`, so that Allure files it under its own category and JUnit's failure says
 * it. Only step definitions (they carry a catalogue entry): a failing hook is a harness error,
 * whatever the scenario's tags.
 */
setDefinitionFunctionWrapper((code: StepCode, wrapperOptions?: unknown): StepCode =>
  stepDocOf({ wrapperOptions }) === undefined
    ? code
    : markingKnownBugs(code, (world: unknown) => (world instanceof ConformanceWorld ? world.scenario.knownBug() : undefined)),
);

/**
 * The scenario's file-name form, the nodes its @iut:1,2 tag puts under test, and its known kernel
 * bug: none when the IUT failed its hello before the run, for then every scenario fails with that
 * fault, which is no kernel bug (RunParameters.iutHelloFault).
 */
Before(function (this: ConformanceWorld, { pickle, gherkinDocument }) {
  this.scenario.named(scenarioSlug(pickle, gherkinDocument));
  this.scenario.taggedKnownBug(this.parameters.iutHelloFault === undefined ? knownBugId(pickle.tags.map((t) => t.name)) : undefined);
  for (const t of pickle.tags) {
    const m = /^@iut:([\d,]+)$/.exec(t.name);
    if (m) this.setup.tagIut(m[1].split(',').map((s) => Number(s)));
  }
});

/**
 * A scenario tagged @needs:CAPABILITY is not applicable to implementations that lack that
 * capability: it is skipped (reported N/A), never failed.
 */
Before(function (this: ConformanceWorld, { pickle }) {
  const why = this.applicability.needCapabilities(neededCapabilities(pickle.tags));
  if (why === undefined) return undefined;
  this.attach(`not applicable: ${why}`);
  return 'skipped';
});

/**
 * An observation (a Then step, or an And after one) looks at the nodes as they are when it starts:
 * a node whose state is read from outside is read afresh first, so that an instant check (a name
 * table now) or a wait that holds at once does not judge it by a read from before the steps that
 * came first. Nothing happens in the cluster's time.
 */
BeforeStep(async function (this: ConformanceWorld, { pickleStep }) {
  const c = this.lifecycle.started();
  if (c && pickleStep.type === 'Outcome') await c.observeNow();
});

/**
 * Where each step began, in the cluster's record: the sequence chart draws a band there with its
 * text, and an outcome step can look back to the last action.
 */
BeforeStep(function (this: ConformanceWorld, { gherkinDocument, pickleStep }) {
  this.stepLog.began(stepText(gherkinDocument, pickleStep), this.lifecycle.record()?.position(), pickleStep.type === 'Action');
});

/**
 * The scenario's reports, then its cluster stopped. Without cucumber's wall-clock limit (--step-
 * timeout, a limit on steps): the work is the length of the trace, which is minutes for NB-6's
 * 512-node row on a shared machine, and a report cut short turned a scenario that failed as it
 * should into a harness error. What could hang in it has deadlines of its own: an IUT process or a
 * guest that does not stop is killed (adapters/process/channel.ts, adapters/kernel/guest.ts).
 */
After({ timeout: -1 }, async function (this: ConformanceWorld, { pickle, result, gherkinDocument }) {
  const c = this.lifecycle.record();
  if (!c) return;
  try {
    await reportScenario(
      c,
      {
        out: this.parameters.out,
        slug: this.scenario.slug(),
        pickle,
        gherkinDocument,
        failed: result?.status === Status.FAILED,
        seed: this.parameters.seed,
        iut: this.setup.taggedIut(),
        steps: this.stepLog.steps(),
        replay: this.parameters.replay,
        cwd: process.cwd(),
      },
      this.attach,
    );
  } finally {
    // A process IUT is stopped, and killed if it does not stop, whatever happened above.
    await c.stop();
  }
  // The IUT processes' stderr, once they are stopped and have written all of it, and the nodes' own files.
  attachNodeLogs(c, iutLogDir(this.parameters), this.scenario.slug(), this.attach);
});
