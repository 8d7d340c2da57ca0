/**
 * The command that replays a run or a scenario, as one line a user pastes into a POSIX shell.
 * One quoter and one builder for the CLI (the run's replay line) and the steps (each scenario's).
 */

/** Words a shell takes as they are: letters, digits and a few punctuation marks that mean nothing to it. */
const PLAIN_WORD = /^[\w@%+=:,./-]+$/;

/** `word` as a POSIX shell reads it back: as it is when it is plain, else in single quotes. */
export function shellQuote(word: string): string {
  return PLAIN_WORD.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line of `argv` (the program first), every word quoted for a shell. */
export function replayCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
