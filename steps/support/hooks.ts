/**
 * The scenario's hooks: name it and read its tags before it runs, skip it (N/A) when the run's
 * implementations lack a capability it needs, make the nodes current before each observation, and
 * once it is over write its report and stop its cluster.
 */
import { After, Before, BeforeStep, Status } from '@cucumber/cucumber';
import { neededCapabilities } from './applicability';
import { iutLogDir } from './composition';
import { attachNodeLogs, reportScenario, scenarioSlug } from './report';
import type { ConformanceWorld } from './world';

/** The scenario's file-name form, and the nodes its @iut:1,2 tag puts under test. */
Before(function (this: ConformanceWorld, { pickle }) {
  this.scenario.named(scenarioSlug(pickle));
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

After(async function (this: ConformanceWorld, { pickle, result, gherkinDocument }) {
  const c = this.lifecycle.record();
  if (!c) return;
  try {
    reportScenario(
      c,
      {
        out: this.parameters.out,
        slug: this.scenario.slug(),
        pickle,
        gherkinDocument,
        failed: result?.status === Status.FAILED,
        seed: this.parameters.seed,
        iut: this.setup.taggedIut(),
        replay: this.parameters.replay,
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
