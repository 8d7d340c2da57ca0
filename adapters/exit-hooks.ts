/**
 * Nothing the harness starts outlives it: each kind of child (IUT processes, kernel guests)
 * registers a function that kills all of its kind, and this runs them all when the process exits,
 * and on SIGINT (exit 130), SIGTERM (exit 143) or SIGHUP (the terminal closed; exit 129). A
 * harness killed outright (SIGKILL) runs none of this: its children see it go by other means
 * (a process IUT's stdin ends, a QEMU guest has a parent-death signal).
 */
/** The signals that stop a run, and its exit code for each (128 + the signal's number). */
export const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
export const STOP_SIGNALS = Object.keys(SIGNAL_EXIT_CODES) as (keyof typeof SIGNAL_EXIT_CODES)[];

const killers = new Set<() => void>();
let hooked = false;

function killEverything(): void {
  for (const kill of killers) kill();
}

export function killOnExit(kill: () => void): void {
  killers.add(kill);
  if (hooked) return;
  hooked = true;
  process.on('exit', killEverything);
  for (const sig of STOP_SIGNALS) {
    process.once(sig, () => {
      killEverything();
      process.exit(SIGNAL_EXIT_CODES[sig]);
    });
  }
}
