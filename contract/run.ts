/**
 * What a run hands every scenario (cucumber's world parameters): structured values, parsed once by
 * the CLI. JSON-serialisable, so that parallel workers get them as they are.
 */
import type { Capability } from './capabilities';
import type { IutSpec, TestersSpec } from './refs';

export interface RunParameters {
  readonly iut: IutSpec;
  readonly testers: TestersSpec;
  readonly seed: number;
  /** The run's output folder (reports, traces, IUT logs). */
  readonly out: string;
  /** The capabilities the IUT declared (its conformance statement). */
  readonly capabilities: readonly Capability[];
  /** What the tester nodes can do; undefined when they are the reference, which does everything. */
  readonly testerCapabilities?: readonly Capability[];
  /** Wall-clock limit for one request to an IUT process, ms (process IUTs only). */
  readonly iutTimeoutMs?: number;
  /** Wall-clock limit for all requests of one scenario to its IUT processes, ms. */
  readonly scenarioTimeoutMs?: number;
  /** The command that replays a scenario, without its --features: the report shows it. */
  readonly replay: readonly string[];
}
