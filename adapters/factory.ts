/**
 * The implementation kinds behind the contract, and the one place that picks them: for a run's
 * IUT and testers, a ClusterFactory that makes each scenario's harness cluster from the nodes of
 * the chosen kinds, and answers whether a scenario can run with them here at all.
 *
 *   reference[:PROFILE]  adapters/reference/  the bundled stack in this process, virtual time
 *   process:COMMAND      adapters/process/    a child process per node, virtual time
 *   kernel[:PROFILE]     adapters/kernel/     Linux in a QEMU guest per node, on its own clock; its
 *                                            tipc.ko as the run prepared it (module-build.ts)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Capability, ClusterFactory, StateChange, KernelModule, ClusterSpec, NodeSetup, NodeStack, RunParameters, ScenarioIdentity, ScenarioNeeds } from '../contract';
import { HarnessCluster, type NodeMaker } from '../harness/cluster';
import { LINK_FSM, type LinkOutcome } from '../reference/link-fsm';
import { NODE_FSM, type NodeOutcome } from '../reference/node-fsm';
import { PROFILES } from '../reference/profiles';
import { formatIutSpec, referenceProfile } from './iut-spec';
import { type KernelImage, kernelImage } from './kernel/image';
import { KernelStack } from './kernel/kernel-stack';
import { KERNEL_MISSING } from './kernel/statement';
import { iutFaultOf } from './process/channel';
import { DEFAULT_MAX_LINE } from './process/protocol';
import { RemoteStack } from './process/remote-stack';
import { ReferenceNode } from './reference/reference-node';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** The kernel's default network id (tn->net_id), given to a process IUT that is told no other. */
const DEFAULT_NET_ID = 4711;

/** Kernel guests one scenario may boot at once on this machine (2 cores, software emulation). */
export const MAX_KERNEL_GUESTS = 4;

/**
 * Nodes of a cluster with a kernel in it: the simulated ones must keep up with the wall clock
 * (128 reference nodes do not, on one core).
 */
export const MAX_REAL_TIME_NODES = 16;

/** Where the nodes of a scenario leave their logs (an IUT's stderr, a guest's console). */
export interface ScenarioLogs {
  readonly logDir: string;
}

function referenceTester(spec: ClusterSpec, setup: NodeSetup): NodeStack {
  return new ReferenceNode(setup, PROFILES[referenceProfile(spec.testerProfiles?.get(setup.id) ?? 'fixed')]);
}

function kernelNode(setup: NodeSetup, workDir: string, image: KernelImage | undefined, module: KernelModule | undefined): NodeStack {
  if (!image) throw new Error("the kernel guest image is not built: run 'tipc-conformance kernel setup'");
  if (module && module.kernelRelease !== image.kernelRelease) {
    throw new Error(`the tipc.ko prepared for this run is for Linux ${module.kernelRelease}, the guest image is ${image.kernelRelease}`);
  }
  const extraAppend = process.env.TIPC_CONFORMANCE_KERNEL_APPEND?.trim();
  return new KernelStack({
    // the guests boot with the run's tipc.ko: the image's initramfs with it laid over
    image: module ? { ...image, initrdPath: module.initrdPath } : image,
    address: setup.address,
    bearers: setup.bearers.map((b) => ({
      mac: b.mac,
      ...(b.tolerance !== undefined ? { tolerance: b.tolerance } : {}),
      ...(b.priority !== undefined ? { priority: b.priority } : {}),
    })),
    startDown: setup.startDown,
    ...(setup.netId !== undefined ? { netId: setup.netId } : {}),
    workDir,
    ...(extraAppend ? { extraAppend } : {}),
  });
}

/** "kernel (Linux 6.1.0-57-amd64, tipc.ko: kernel profile no-stale-drop)": what runs in the guests. */
function kernelDescription(image: KernelImage | undefined, module: KernelModule | undefined): string {
  const parts = [...(image ? [`Linux ${image.kernelRelease}`] : []), ...(module?.origin === 'built' ? [`tipc.ko: ${module.source}`] : [])];
  return parts.length > 0 ? `kernel (${parts.join(', ')})` : 'kernel';
}

export function clusterFactory(run: RunParameters, logs: ScenarioLogs): ClusterFactory {
  const { iut, testers } = run;
  const kernelNodes = iut.kind === 'kernel' || testers === 'kernel';

  const makerFor = (spec: ClusterSpec, scenario: ScenarioIdentity, image: KernelImage | undefined): NodeMaker => {
    // a restarted node's next incarnation logs beside the first: node2, node2-incarnation2, ...
    const logName = (setup: NodeSetup, what: string): string =>
      path.join(logs.logDir, `${scenario.name}--node${setup.id}${(setup.incarnation ?? 1) > 1 ? `-incarnation${setup.incarnation}` : ''}${what}`);
    const kernelDir = (setup: NodeSetup): string => logName(setup, '.kernel');
    const testerOf = (setup: NodeSetup): NodeStack =>
      testers === 'kernel' ? kernelNode(setup, kernelDir(setup), image, run.kernelModules?.testers) : referenceTester(spec, setup);
    return (setup, role) => {
      if (role === 'tester') return testerOf(setup);
      switch (iut.kind) {
        case 'reference':
          return new ReferenceNode(setup, PROFILES[referenceProfile(iut.profile)]);
        case 'kernel':
          return kernelNode(setup, kernelDir(setup), image, run.kernelModules?.iut);
        case 'process':
          fs.mkdirSync(logs.logDir, { recursive: true });
          return new RemoteStack({
            argv: iut.argv,
            address: setup.address,
            netId: setup.netId ?? DEFAULT_NET_ID,
            seed: setup.seed,
            bearers: setup.bearers,
            stepTimeoutMs: run.iutTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
            maxLine: DEFAULT_MAX_LINE,
            ...(run.scenarioTimeoutMs !== undefined ? { deadline: scenario.startedAt + run.scenarioTimeoutMs } : {}),
            logFile: logName(setup, '.stderr.log'),
          });
      }
    };
  };

  return {
    notApplicable: (needs: ScenarioNeeds) => notApplicable(run, kernelNodes, needs),
    transitionAllowed,
    create: (spec, scenario) => {
      // The IUT failed its hello before the run: the scenario fails with that fault where it first
      // needs the IUT, and no process is started for it (see RunParameters.iutHelloFault).
      if (run.iutHelloFault !== undefined) throw iutFaultOf(run.iutHelloFault);
      // the guest image, read once per cluster: every kernel node of a scenario boots the same one
      const image = kernelNodes ? kernelImage() : undefined;
      const iutText = iut.kind === 'kernel' ? kernelDescription(image, run.kernelModules?.iut) : formatIutSpec(iut);
      const testersText = testers === 'kernel' ? kernelDescription(image, run.kernelModules?.testers) : undefined;
      return new HarnessCluster({
        spec,
        description: `${iutText}${testersText !== undefined ? `, testers ${testersText}` : ''}`,
        makeNode: makerFor(spec, scenario, image),
        // a reference tester plays its scenario's tester profile (a legacy node), else the fixed reference
        nodeDescription: (id, role) => (role === 'iut' ? iutText : (testersText ?? `reference:${spec.testerProfiles?.get(id) ?? 'fixed'}`)),
      });
    },
  };
}

/** What the kernel's table says an event does in a state: undefined for a state or event it does not know. */
function outcomeOf(what: StateChange['what'], from: string, event: string): LinkOutcome | NodeOutcome | undefined {
  const table: Readonly<Record<string, Readonly<Record<string, LinkOutcome | NodeOutcome>> | undefined>> = what === 'link' ? LINK_FSM : NODE_FSM;
  return table[from]?.[event];
}

/** ClusterFactory.transitionAllowed, by the reference's copies of the kernel's tables (reference/link-fsm.ts, node-fsm.ts). */
export function transitionAllowed(change: Pick<StateChange, 'what' | 'from' | 'event' | 'to'>): boolean {
  const outcome = outcomeOf(change.what, change.from, change.event);
  if (outcome === undefined) return false;
  // the kernel meets an event its table calls illegal with an error and leaves the state as it is
  return outcome === 'stay' || outcome === 'illegal' ? change.to === change.from : outcome.to === change.to;
}

/** Why a scenario cannot run with the run's implementations here, or undefined. */
function notApplicable(run: RunParameters, kernelNodes: boolean, needs: ScenarioNeeds): string | undefined {
  const reasons: string[] = [];
  if (needs.capabilities) {
    const why = (kernel: boolean) => (cap: Capability): string => {
      const reason = kernel ? KERNEL_MISSING[cap] : undefined;
      return reason ? `${cap} (${reason})` : cap;
    };
    // An IUT that failed its hello declared nothing: its capabilities are unknown, not missing, and
    // every scenario fails with its fault instead (no scenario is N/A because of it).
    const iutLacks = run.iutHelloFault !== undefined ? [] : needs.capabilities.filter((c) => !run.capabilities.includes(c));
    // The testers play their part in the same scenario (they send, bind, fail over): they need it too.
    const testersLack = run.testerCapabilities === undefined ? [] : needs.capabilities.filter((c) => !run.testerCapabilities?.includes(c) && !iutLacks.includes(c));
    if (iutLacks.length > 0) reasons.push(`the implementation under test does not declare ${iutLacks.map(why(run.iut.kind === 'kernel')).join(', ')}`);
    if (testersLack.length > 0) reasons.push(`the tester nodes (${run.testers}) do not offer ${testersLack.map(why(run.testers === 'kernel')).join(', ')}`);
  }
  if (needs.legacyTesters && run.testers === 'kernel') {
    reasons.push('a tester that is a Linux 6.1 kernel cannot play a legacy node (before cad2929dc432)');
  }
  if (needs.preTunnelEnhancedTesters && run.testers === 'kernel') {
    reasons.push('a tester that is a Linux 6.1 kernel cannot play a node from before v5.5 (without TIPC_TUNNEL_ENHANCED)');
  }
  if (needs.preLinkProtoSeqnoTesters && run.testers === 'kernel') {
    reasons.push('a tester that is a Linux 6.1 kernel cannot play a node from before v4.18 (without TIPC_LINK_PROTO_SEQNO)');
  }
  if (needs.toleranceUncheckedTesters && run.testers === 'kernel') {
    reasons.push('a tester that is a Linux 6.1 kernel refuses a link tolerance outside 50..30000 ms (tipc_nl_parse_link_prop), so it cannot announce one');
  }
  if (needs.spec && kernelNodes) {
    const { nodes } = needs.spec;
    const iut = needs.spec.iut.filter((n) => nodes.includes(n)).length;
    const guests = (run.iut.kind === 'kernel' ? iut : 0) + (run.testers === 'kernel' ? nodes.length - iut : 0);
    if (nodes.length > MAX_REAL_TIME_NODES) {
      reasons.push(`${nodes.length} nodes; a cluster with kernel nodes runs in real time, and at most ${MAX_REAL_TIME_NODES} nodes keep up with the wall clock here`);
    } else if (guests > MAX_KERNEL_GUESTS) {
      reasons.push(`the scenario needs ${guests} kernel guests; at most ${MAX_KERNEL_GUESTS} run at once here`);
    }
  }
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}
