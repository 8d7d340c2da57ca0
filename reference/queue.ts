/**
 * Queues made at their first entry. A 1,024-node cluster has a million link endpoints, and most of
 * their queues (backlog, deferred, failover, the name distributor's) stay empty for ever: an empty
 * array is 32 bytes each, and one more object for every young collection to copy. A queue field
 * starts as EMPTY (typed readonly, so the compiler finds every write) and goes through writable() where
 * something is put in it; one that is drained is set back to EMPTY.
 */

/** The one empty queue every queue field starts as; frozen, so a write that missed writable() throws. */
export const EMPTY: readonly never[] = Object.freeze([]);

/** `q` if it is a queue of its own, else a new one for the caller to store: `(this.q = writable(this.q)).push(x)`. */
export function writable<T>(q: readonly T[]): T[] {
  // every array stored in a queue field is made mutable (a literal, a slice, a splice's result) or is EMPTY
  return q === EMPTY ? [] : (q as T[]);
}
