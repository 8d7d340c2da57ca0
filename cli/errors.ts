/** Errors of the harness itself (exit 2), and how an error is shown to a user. */
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../harness/package-info';

/** A problem with the harness or the specs (not the IUT): exit 2. */
export class HarnessError extends Error {
  override readonly name = 'HarnessError';
}

const OWN_CODE = path.join(PACKAGE_ROOT, 'cli') + path.sep;

/** Stack frames of user code only (not cucumber's, not node's). */
function userFrames(error: Error): string[] {
  return (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line) && !/node_modules|node:internal|\(node:/.test(line))
    .filter((line) => !line.includes(OWN_CODE))
    .map((line) => line.trim());
}

/** The message, where it was thrown from, and the chain of causes. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (!(current instanceof Error)) {
      parts.push(`${depth > 0 ? 'caused by: ' : ''}${String(current)}`);
      break;
    }
    const frames = userFrames(current).slice(0, 3);
    parts.push(`${depth > 0 ? 'caused by: ' : ''}${current.message}${frames.map((f) => `\n    ${f}`).join('')}`);
    current = current.cause;
  }
  return parts.join('\n  ');
}
