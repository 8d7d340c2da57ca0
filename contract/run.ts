/**
 * What a run hands every scenario (cucumber's world parameters): structured values, parsed once by
 * the CLI. JSON-serialisable, so that parallel workers get them as they are.
 */
import type { Capability } from './capabilities';
import type { IutSpec, TestersSpec } from './refs';

/** The tipc.ko kernel nodes boot with, once built and loaded once: what ran, for the reports. */
export type KernelModule = {
  /** What it is, for people: "Debian's own tipc.ko", "kernel profile no-stale-drop", ... */
  readonly source: string;
  /** 'stock': Debian's signed module as packaged; 'built': built by the harness. */
  readonly origin: 'stock' | 'built';
  /** SHA-256 (16 hex digits) of what the module was built from: kernel version, source, patches. */
  readonly inputsHash?: string;
  /** SHA-256 of the tipc.ko file. */
  readonly moduleSha256: string;
  /** The module's srcversion (modinfo), as the loaded module reports it in /sys/module/tipc. */
  readonly srcversion: string;
  /** Whether the file carries a module signature (Debian's do; one built here does not). */
  readonly signed: boolean;
  /** Debian kernel release and package version it was built for, e.g. 6.1.0-57-amd64, 6.1.192-3. */
  readonly kernelRelease: string;
  readonly packageVersion: string;
  /** The guest initramfs that holds it. */
  readonly initrdPath: string;
};

/**
 * How the IUT failed when asked who it is, before the run (the hello of a process IUT): it exited,
 * hung, wrote garbage or an over-long line, broke the protocol or refused. The implementation's
 * fault, not the harness's: the run goes on and every scenario fails with it. A type, not an
 * interface: it crosses as JSON (cucumber's world parameters).
 */
export type IutHelloFault = {
  /** The kind of fault, as docs/adapter-protocol.md section 7 names it: exited, hung, garbage, ... */
  readonly kind: string;
  /** What happened, naming the request: `exited with code 3 (while answering hello before the run)`. */
  readonly what: string;
  /** The end of the process's stderr ('' if it wrote none). */
  readonly stderrTail: string;
};

export interface RunParameters {
  readonly iut: IutSpec;
  readonly testers: TestersSpec;
  readonly seed: number;
  /** The run's output folder (reports, traces, IUT logs). */
  readonly out: string;
  /** The capabilities the IUT declared (its conformance statement). */
  readonly capabilities: readonly Capability[];
  /**
   * The IUT failed its hello before the run: it declared nothing, so no scenario is N/A for want
   * of a capability of the IUT (they are unknown, not missing), and every scenario fails with this
   * fault where it first needs the IUT, without starting it again. Undefined when it introduced itself.
   */
  readonly iutHelloFault?: IutHelloFault;
  /** What the tester nodes can do; undefined when they are the reference, which does everything. */
  readonly testerCapabilities?: readonly Capability[];
  /** Wall-clock limit for one request to an IUT process, ms (process IUTs only). */
  readonly iutTimeoutMs?: number;
  /** Wall-clock limit for all requests of one scenario to its IUT processes, ms. */
  readonly scenarioTimeoutMs?: number;
  /** The tipc.ko of kernel nodes under test and of kernel testers (only with kernel nodes). */
  readonly kernelModules?: { readonly iut?: KernelModule; readonly testers?: KernelModule };
  /** The command that replays a scenario, without its --features: the report shows it. */
  readonly replay: readonly string[];
}
