/** A conformance statement's input as certify gives it, for the statement tests; `fields` put over it. */
import type { StatementInput } from '../../cli/certify';
import type { ScenarioOutcome } from '../../cli/summary-formatter';

export function statementInput(outcomes: readonly ScenarioOutcome[], fields: Partial<StatementInput> = {}): StatementInput {
  return {
    spec: 'process:./my-iut',
    iut: { name: 'my-tipc', version: '1.0', capabilities: ['link', 'naming'] },
    seed: 1,
    strict: false,
    date: new Date('2026-01-01T00:00:00.000Z'),
    outcomes,
    runError: false,
    selection: { tags: '', features: ['features'] },
    partial: false,
    texts: new Map([
      ['LS-1', 'A link comes up.'],
      ['NB-5', 'Updates wrap round `named_seqno` <16 bits>.'],
    ]),
    ...fields,
  };
}
