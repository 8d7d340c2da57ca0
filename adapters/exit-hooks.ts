/**
 * Nothing the harness starts outlives it: each kind of child (IUT processes, kernel guests)
 * registers a function that kills all of its kind, and this runs them all when the process exits,
 * and on SIGINT (exit 130), SIGTERM (exit 143) or SIGHUP (the terminal closed; exit 129), unless
 * a command has taken those signals to end its work first (takeStopSignals: a run's reports). A
 * harness killed outright (SIGKILL) runs none of this: its children see it go by other means
 * (a process IUT's stdin ends, a QEMU guest has a parent-death signal).
 */
/**
 * What stops a run, and its exit code for each (128 + the signal's number). SIGPIPE stands for a
 * closed standard output (stopOnClosedStdout): Node ignores the signal itself, and the write
 * fails with EPIPE instead.
 */
export const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGPIPE: 141, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/** The signals listened for: a second one exits at once, so SIGPIPE, raised by every write to a closed pipe, is not one. */
export const STOP_SIGNALS: readonly Exclude<StopSignal, 'SIGPIPE'>[] = ['SIGHUP', 'SIGINT', 'SIGTERM'];

const killers = new Set<() => void>();
let hooked = false;
/** Who finishes the process's work on a stop signal, and exits, instead of an exit at once (takeStopSignals). */
let stopper: ((signal: StopSignal) => void) | undefined;
/** The signal a command that took the signals was told of. */
let signalled: StopSignal | undefined;

function killEverything(): void {
  for (const kill of killers) kill();
}

/**
 * On a stop signal: every child killed, then the process ends with the signal's code, or, when a
 * command has taken the signals, that command is told, once: it ends the process itself when it
 * has finished what it must (a run writes its reports). A second signal exits at once.
 */
function onStopSignal(signal: StopSignal): void {
  killEverything();
  const s = stopper;
  stopper = undefined;
  if (s === undefined) process.exit(SIGNAL_EXIT_CODES[signal]);
  signalled = signal;
  s(signal);
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killEverything);
  for (const sig of STOP_SIGNALS) process.on(sig, () => onStopSignal(sig));
}

let stdoutClosed = false;

/**
 * A standard output whose reader has gone (`run | head`, a CI log collector that died) stops the
 * command as SIGPIPE would, once: a run ends its reports with the scenarios that finished and
 * exits 141. Later write errors are ignored: nobody is left to read them, and a write that throws
 * must not fail every scenario after it.
 */
export function stopOnClosedStdout(stream: NodeJS.EventEmitter): void {
  stream.on('error', () => {
    if (stdoutClosed) return;
    stdoutClosed = true;
    hook();
    onStopSignal('SIGPIPE');
  });
}

export function killOnExit(kill: () => void): void {
  killers.add(kill);
  hook();
}

/**
 * The first stop signal from now on is `onStop`'s to handle (the children are killed first): it
 * must end the process, with SIGNAL_EXIT_CODES[signal] by convention. Returns the function that
 * gives the signals back (an exit at once, as before).
 */
export function takeStopSignals(onStop: (signal: StopSignal) => void): () => void {
  hook();
  stopper = onStop;
  return () => {
    if (stopper === onStop) stopper = undefined;
  };
}

/**
 * The stop signal a command that took the signals was told of, if one came: from then on the work
 * it abandons must do nothing more (a run's scenarios wait, its Allure formatter takes no message).
 */
export function stopSignalled(): StopSignal | undefined {
  return signalled;
}
