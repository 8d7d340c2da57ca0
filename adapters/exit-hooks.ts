/**
 * Nothing the harness starts outlives it: each kind of child (IUT processes, kernel guests)
 * registers a function that kills all of its kind, and this runs them all when the process exits,
 * and on SIGINT (exit 130), SIGTERM (exit 143) or SIGHUP (the terminal closed; exit 129). A
 * harness killed outright (SIGKILL) runs none of this: its children see it go by other means
 * (a process IUT's stdin ends, a QEMU guest has a parent-death signal).
 */
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
  const codes = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
  for (const sig of ['SIGHUP', 'SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killEverything();
      process.exit(codes[sig]);
    });
  }
}
