/**
 * Several shards' cucumber messages as the one stream a full run would have written, so that
 * cucumber's own formatters (JUnit, HTML) and ours (SummaryFormatter) read the merge as a run.
 *
 * Every shard parsed the same feature files and loaded the same step definitions, each under ids
 * of its own (cucumber draws UUIDs). The first shard's definitions stay; a later shard's copy of
 * one (same source file, same step definition, hook or parameter type, the same pickle) is
 * dropped and its ids are mapped onto the first's, pairing the two trees id by id (they come from
 * the same text, so they have the same shape). Every id a later shard refers to (astNodeIds,
 * pickleId, stepDefinitionIds, hookId, testRunStartedId, ...) is then rewritten through that map:
 * ids are UUIDs, so a string equal to one is that id. One testRunStarted (the earliest) and one
 * testRunFinished (the latest; successful when every shard's was) frame the whole, and the
 * scenarios' executions are put in the order one run would have run them (inRunOrder).
 */
import type { Envelope, Timestamp } from '@cucumber/messages';

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json | undefined };

/** Envelope kinds that define something the shards share, each matched to the first shard's copy. */
const DEFINITIONS = ['source', 'gherkinDocument', 'pickle', 'stepDefinition', 'hook', 'parameterType', 'undefinedParameterType'] as const;
type Definition = (typeof DEFINITIONS)[number];

function isObject(v: Json | undefined): v is { readonly [key: string]: Json | undefined } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function remap(value: Json, ids: ReadonlyMap<string, string>): Json {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v: Json) => remap(v, ids));
  if (isObject(value)) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = remap(v, ids);
    return out;
  }
  return value;
}

/** Map every `id` of `copy` to the `id` at the same place in `canonical`; false when their shapes differ. */
function pairIds(canonical: Json | undefined, copy: Json | undefined, ids: Map<string, string>): boolean {
  if (Array.isArray(canonical) && Array.isArray(copy)) {
    if (canonical.length !== copy.length) return false;
    return canonical.every((c: Json, i: number) => pairIds(c, copy[i], ids));
  }
  if (isObject(canonical) && isObject(copy)) {
    const keys = Object.keys(canonical);
    if (keys.length !== Object.keys(copy).length) return false;
    return keys.every((k) => {
      const c = canonical[k];
      const d = copy[k];
      if (k === 'id' && typeof c === 'string' && typeof d === 'string') {
        ids.set(d, c);
        return true;
      }
      return pairIds(c, d, ids);
    });
  }
  return canonical === copy;
}

function definitionOf(envelope: Envelope): Definition | undefined {
  return DEFINITIONS.find((kind) => envelope[kind] !== undefined);
}

/** What makes two shards' copies of a definition the same one, once the later's references are mapped. */
function definitionKey(kind: Definition, body: Json): string {
  if (!isObject(body)) return JSON.stringify(body);
  if (kind === 'source' || kind === 'gherkinDocument') return `${kind} ${String(body.uri)}`;
  if (kind === 'pickle') return `pickle ${String(body.uri)} ${JSON.stringify(body.astNodeIds)}`;
  const { id: _id, ...rest } = body;
  return `${kind} ${JSON.stringify(rest)}`;
}

function asJson(envelope: Envelope): Json {
  return JSON.parse(JSON.stringify(envelope)) as Json;
}

function asEnvelope(json: Json): Envelope {
  return json as unknown as Envelope;
}

function earlier(a: Timestamp, b: Timestamp): boolean {
  return a.seconds < b.seconds || (a.seconds === b.seconds && a.nanos < b.nanos);
}

/**
 * One stream from the shards' streams, or why not: a source file whose text differs between two
 * shards, or a definition that has a different shape in two of them.
 */
export function mergeMessages(shards: readonly (readonly Envelope[])[]): Envelope[] | string {
  const canonical = new Map<string, Json>();
  const head: Envelope[] = [];
  /** Per shard, what comes after the testRunStarted. */
  const body: Envelope[][] = shards.map(() => []);
  let started: { id: string; timestamp: Timestamp } | undefined;
  let finished: { timestamp: Timestamp; success: boolean; message?: string } | undefined;
  for (const [index, envelopes] of shards.entries()) {
    const ids = new Map<string, string>();
    for (const envelope of envelopes) {
      if (envelope.meta) {
        if (index === 0) head.push(envelope);
        continue;
      }
      if (envelope.testRunStarted) {
        const { id, timestamp } = envelope.testRunStarted;
        if (started === undefined) started = { id: id ?? '', timestamp };
        else {
          if (id !== undefined) ids.set(id, started.id);
          if (earlier(timestamp, started.timestamp)) started = { ...started, timestamp };
        }
        continue;
      }
      if (envelope.testRunFinished) {
        const { timestamp, success, message } = envelope.testRunFinished;
        const text = message ?? envelope.testRunFinished.exception?.message;
        finished = {
          timestamp: finished === undefined || earlier(finished.timestamp, timestamp) ? timestamp : finished.timestamp,
          success: (finished?.success ?? true) && success,
          ...(finished?.message !== undefined ? { message: finished.message } : text !== undefined ? { message: text } : {}),
        };
        continue;
      }
      const kind = definitionOf(envelope);
      const mapped = remap(asJson(envelope), ids);
      if (kind === undefined) {
        (started === undefined ? head : (body[index] ?? head)).push(asEnvelope(mapped));
        continue;
      }
      const inner = isObject(mapped) ? mapped[kind] : undefined;
      const key = definitionKey(kind, inner ?? null);
      const first = canonical.get(key);
      if (first === undefined) {
        canonical.set(key, inner ?? null);
        (started === undefined ? head : (body[index] ?? head)).push(asEnvelope(mapped));
        continue;
      }
      if (kind === 'source' && JSON.stringify(first) !== JSON.stringify(inner)) {
        return `${isObject(inner) ? String(inner.uri) : 'a feature file'} differs between the shards: they ran different versions of the features`;
      }
      if (!pairIds(first, inner, ids)) return `the shards' ${kind} ${key.slice(kind.length + 1, 120)} differ`;
    }
  }
  if (started === undefined || finished === undefined) return 'a shard\'s messages have no testRunStarted or testRunFinished: the run did not finish';
  return [
    ...head,
    asEnvelope({ testRunStarted: { id: started.id, timestamp: { seconds: started.timestamp.seconds, nanos: started.timestamp.nanos } } }),
    ...inRunOrder(head, body),
    asEnvelope({
      testRunFinished: {
        testRunStartedId: started.id,
        timestamp: { seconds: finished.timestamp.seconds, nanos: finished.timestamp.nanos },
        success: finished.success,
        ...(finished.message !== undefined ? { message: finished.message } : {}),
      },
    }),
  ];
}

/** The test case execution an envelope belongs to (its testCaseStarted id), if any. */
function executionOf(envelope: Envelope): string | undefined {
  return (
    envelope.testCaseStarted?.id ??
    envelope.testStepStarted?.testCaseStartedId ??
    envelope.testStepFinished?.testCaseStartedId ??
    envelope.testCaseFinished?.testCaseStartedId ??
    envelope.attachment?.testCaseStartedId
  );
}

/**
 * The body with the scenarios' executions (each testCaseStarted with its steps, attachments and
 * testCaseFinished) in cucumber's defined order, the order one run would have run them: feature
 * files as their sources come (cucumber parsed them in its sorted order), scenarios and Examples
 * rows by line. What belongs to no execution (test case definitions, BeforeAll and AfterAll hooks)
 * stays before the first execution or after the last, as it was in its shard.
 */
function inRunOrder(head: readonly Envelope[], shards: readonly (readonly Envelope[])[]): Envelope[] {
  const files = head.flatMap((e) => (e.source ? [e.source.uri] : []));
  const pickles = new Map(head.flatMap((e) => (e.pickle ? [[e.pickle.id, e.pickle] as const] : [])));
  const testCases = new Map(shards.flat().flatMap((e) => (e.testCase ? [[e.testCase.id, e.testCase.pickleId] as const] : [])));
  const rank = new Map<string, number>();
  const executions = new Map<string, Envelope[]>();
  const before: Envelope[] = [];
  const after: Envelope[] = [];
  for (const body of shards) {
    let seen = false;
    for (const envelope of body) {
      const execution = executionOf(envelope);
      if (execution === undefined) {
        // a shard's AfterAll hooks come after every shard's executions; test case definitions
        // before them all (a parallel run may define one just before it starts it)
        (seen && !envelope.testCase ? after : before).push(envelope);
        continue;
      }
      seen = true;
      if (envelope.testCaseStarted) {
        const pickle = pickles.get(testCases.get(envelope.testCaseStarted.testCaseId) ?? '');
        rank.set(execution, pickle ? files.indexOf(pickle.uri) * 1e9 + (pickle.location?.line ?? 0) : Number.MAX_SAFE_INTEGER);
      }
      const list = executions.get(execution);
      if (list) list.push(envelope);
      else executions.set(execution, [envelope]);
    }
  }
  // Array.prototype.sort is stable: a retried execution stays after the attempt before it
  const ordered = [...executions.entries()].sort(([a], [b]) => (rank.get(a) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b) ?? Number.MAX_SAFE_INTEGER));
  return [...before, ...ordered.flatMap(([, envelopes]) => envelopes), ...after];
}
