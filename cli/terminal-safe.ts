/**
 * Text from feature files, step definitions, IUTs and the command line made safe to print on a
 * terminal. A scenario name or step text may hold ESC/OSC sequences (which set the window title,
 * clear the screen or recolour what follows), a carriage return (which overwrites the line) or
 * bidirectional controls (which reorder the text around them, so a line reads other than it is).
 * Each is shown by its code instead: `\x1b`, `\x0d`, `<U+202E>`. Tabs and line breaks stay.
 */

/**
 * C0 controls but tab and newline, DEL, C1 controls, and the bidi marks, embeddings, overrides and
 * isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function shown(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** `text` with every control the terminal would act on shown by its code; text without any is returned as it is. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, shown);
}
