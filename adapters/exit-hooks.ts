/**
 * Nothing the harness starts outlives it: each kind of child (IUT processes, kernel guests)
 * registers a function that kills all of its kind, and this runs them all when the process exits,
 * and on SIGINT (exit 130) or SIGTERM (exit 143).
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
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killEverything();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}
