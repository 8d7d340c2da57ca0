/**
 * Where the test vectors are: real traffic between two Linux 6.1 kernels (captures/) and the
 * kernel behaviour notes whose FSM tables the model is checked against (spec/). A copy ships in
 * test/vectors so a fresh clone tests on its own; TIPC_SHARED_DIR points the tests at another
 * copy (the project's shared/ folder, say) to check against newer vectors.
 */
import * as path from 'node:path';

export const VECTORS_DIR = process.env.TIPC_SHARED_DIR ?? path.resolve(__dirname, '../vectors');
export const CAPTURES_DIR = path.join(VECTORS_DIR, 'captures');
export const SPEC_FILE = path.join(VECTORS_DIR, 'spec', 'kernel-behaviour.md');
