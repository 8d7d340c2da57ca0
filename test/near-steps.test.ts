/**
 * The nearest step definitions of an undefined step line (cli/near-steps.ts), against the
 * package's catalogue: what counts as near, what as a slip of a word or a parameter's format, and
 * lines near nothing get no suggestion. test/long/lint.test.ts checks the lint's whole message.
 */
import { strict as assert } from 'node:assert';
import { before, describe, test } from 'node:test';
import { loadCatalogue } from '../cli/catalogue';
import { nearMiss, nearestSteps } from '../cli/near-steps';
import type { LoadedStep } from '../cli/step-library';
import { PACKAGE_ROOT } from './support/cli';

let steps: LoadedStep[] = [];

before(async () => {
  steps = await loadCatalogue([], PACKAGE_ROOT, process.env);
});

describe('nearest steps', () => {
  test('every example of the catalogue is nearest to its own step, at no cost (the templates are right)', () => {
    for (const s of steps) {
      const [first] = nearestSteps(s.doc?.example ?? '', steps);
      assert.equal(first?.step.pattern, s.pattern);
      assert.deepEqual([first.alignment.cost, first.alignment.differences], [0, []], s.pattern);
    }
  });

  test('a parameter in a format its type does not take: which, and the format', () => {
    const near = nearMiss("node 1's binding table messages to node 2 by multicast are delayed by 200 ms", steps);
    assert.deepEqual(near, {
      nearest: '"node {int}\'s binding table messages to node {int} by {path} are delayed by {int} ms"',
      hints: ['only the {path} does not match: "multicast"; {path} is how a binding table message travels: broadcast (copies of a send on the broadcast link) or unicast (a frame to that node alone: bulk, replicast)'],
    });
    assert.equal(nearMiss('node one binds the service range {7000, 0, 9} at cluster scope', steps)?.hints[0], 'only the {int} does not match: "one"; {int} is a whole number, e.g. 1');
    assert.equal(
      nearMiss('a cluster of nodes 1,2 and 3 joined by bearer A', steps)?.hints[0],
      'only the {nodes} does not match: "1,2 and 3"; {nodes} is node numbers as "1 and 2" or "1, 2 and 3"',
    );
  });

  test('a missing space between a number and its unit differs only in spacing', () => {
    assert.deepEqual(nearMiss('node 2 sets the tolerance of link endpoint 2A to 1000ms', steps)?.hints, [
      'it differs only in spacing',
      "{endpoint} is a link endpoint: 2A is node 2's end of its link on bearer A",
      'also near: "node {int} sets the priority of link endpoint {endpoint} to {int}"',
    ]);
  });

  test('a slip of a letter is a typo, another word is not: "binds" for "unbinds" costs a word, and the longer step is near too', () => {
    const near = nearMiss('node 1 binds the service range {7000, 0, 9}', steps);
    assert.equal(near?.nearest, '"node {int} unbinds the service range {range}"');
    assert.deepEqual(near?.hints.filter((h) => !/^\{\w+\} is /.test(h)), ['"binds" should be "unbinds"', 'also near: "node {int} binds the service range {range} at cluster scope"']);
  });

  test('lines near no step get no suggestion', () => {
    for (const line of ['node 1 jumps over 3 fences', 'node 1 reboots', 'the moon is made of cheese', 'a cluster of 2 nodes', 'node 1 sends 5 messages to node 2', 'I wait 5 seconds']) {
      assert.equal(nearMiss(line, steps), undefined, line);
    }
  });
});
