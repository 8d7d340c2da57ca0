/**
 * The process protocol, version 2, as one zod schema: every request the harness sends and every
 * reply an implementation under test (IUT) gives. Both sides validate with it: the harness each
 * reply (protocol.ts parseReply), the bundled reference IUT each request (protocol.ts
 * parseRequest); and docs/adapter-protocol.schema.json is generated from it (protocolJsonSchema,
 * scripts/protocol-schema.ts) for implementers in other languages.
 *
 * Every field carries its own error, a predicate ("must be 0 or 1") that protocol.ts puts after
 * the field's path: `out[0].hex must be lowercase hex of whole bytes`.
 *
 * Events have the contract's shapes (contract/node.ts NodeEventReport) and its state and event
 * names (contract/states.ts); only a payload crosses as hex.
 */
import { z } from 'zod';
import { LINK_EVENTS, LINK_STATES, NODE_EVENTS, NODE_STATES } from '../../contract';

export const PROTOCOL_VERSION = 2;

/** Names and descriptions for the JSON Schema; a registry of its own, so no global state. */
const DOCS = z.registry<z.core.JSONSchemaMeta>();

function doc<T extends z.ZodType>(schema: T, description: string, id?: string): T {
  DOCS.add(schema, id === undefined ? { description } : { id, description });
  return schema;
}

// ------------------------------------------------------------------------------------ fields

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const U32 = 'must be an unsigned 32-bit integer';

function u32(description: string, error = U32): z.ZodInt {
  return doc(z.int({ error }).min(0, { error }).max(0xffffffff, { error }), description);
}

function address(description: string): z.ZodInt {
  return u32(`${description}: a TIPC node address (1.1.k is 0x01001000 + k)`, 'must be a node address (an unsigned 32-bit integer)');
}

function bearer(description: string): z.ZodInt {
  const error = 'must be 0 or 1';
  return doc(z.int({ error }).min(0, { error }).max(1, { error }), `${description}: 0 is bearer A (eth0), 1 is bearer B (eth1)`);
}

function time(description: string): z.ZodNumber {
  const error = 'must be a time in ms (a number ≥ 0)';
  return doc(z.number({ error }).min(0, { error }), `${description}, in ms of virtual time`);
}

function hex(description: string, empty: 'may be empty' | 'not empty'): z.ZodString {
  const error = 'must be lowercase hex of whole bytes';
  const s = z.string({ error }).regex(/^(?:[0-9a-f]{2})*$/, { error });
  return doc(empty === 'not empty' ? s.min(2, { error: 'must not be empty' }) : s, `${description}, lowercase hex of whole bytes${empty === 'not empty' ? ', not empty' : ''}`);
}

function text(description: string, error = 'must be a string'): z.ZodString {
  return doc(z.string({ error }), description);
}

function flag(description: string): z.ZodBoolean {
  return doc(z.boolean({ error: 'must be a boolean' }), description);
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, what: string, description: string): z.ZodEnum<{ [K in T[number]]: K }> {
  return doc(z.enum(values, { error: `must be ${what}: ${values.join(', ')}` }), description);
}

function list<T extends z.ZodType>(item: T, error: string, description: string): z.ZodArray<T> {
  return doc(z.array(item, { error }), description);
}

function object<S extends z.core.$ZodLooseShape>(shape: S, id: string, description: string): z.ZodObject<S> {
  return doc(z.object(shape, { error: 'must be a JSON object' }), description, id);
}

/** A field of protocol 1 that protocol 2 replaced: its presence says the IUT speaks version 1. */
function replacedField(replacement: string): z.ZodOptional<z.ZodNever> {
  return doc(z.never({ error: `is protocol 1's; protocol ${PROTOCOL_VERSION} gives ${replacement} instead` }), `protocol 1 only; protocol ${PROTOCOL_VERSION} gives ${replacement}`).optional();
}

const LINK_STATE = (d: string) => oneOf(LINK_STATES, 'a link state', d);
const LINK_EVENT = (d: string) => oneOf(LINK_EVENTS, 'a link event', d);
const NODE_STATE = (d: string) => oneOf(NODE_STATES, 'a node state', d);
const NODE_EVENT = (d: string) => oneOf(NODE_EVENTS, 'a node event', d);
const SCOPE = () => oneOf(['node', 'cluster'], 'a scope', 'the binding\'s scope');

// ---------------------------------------------------------------------------- reply contents

const DEST = 'must be a node address or "broadcast"';

export const OutFrameSchema = object(
  {
    bearer: bearer('the bearer to send it on'),
    dest: doc(
      z.union([z.int({ error: DEST }).min(0, { error: DEST }).max(0xffffffff, { error: DEST }), z.literal('broadcast')], { error: DEST }),
      'the receiving node\'s TIPC address, or "broadcast" for every other node on the bearer (4294967295 is broadcast too)',
    ),
    hex: hex('the frame: a TIPC message as in net/tipc/msg.h, no Ethernet header', 'not empty'),
  },
  'OutFrame',
  'A frame the IUT wants sent now, in the order given.',
);

const LinkFsmEvent = object(
  {
    kind: z.literal('link-fsm'),
    peer: address('the peer node of the link'),
    bearer: bearer('the bearer of the link'),
    from: LINK_STATE('the state before'),
    evt: LINK_EVENT('the event (net/tipc/link.c tipc_link_fsm_evt)'),
    to: LINK_STATE('the state after (= from for an event the kernel calls illegal)'),
    link: replacedField('peer and bearer'),
  },
  'LinkFsmEvent',
  'One event the link endpoint FSM to `peer` on `bearer` processed, whether or not it changed the state.',
);

const NodeFsmEvent = object(
  {
    kind: z.literal('node-fsm'),
    peer: address('the peer node'),
    from: NODE_STATE('the state before'),
    evt: NODE_EVENT('the event (net/tipc/node.c tipc_node_fsm_evt)'),
    to: NODE_STATE('the state after'),
  },
  'NodeFsmEvent',
  'One event the peer node FSM of `peer` processed.',
);

const DataEvent = object(
  {
    kind: z.literal('data'),
    from: address('the node that sent the message'),
    port: u32('the port it was delivered to'),
    hex: hex('the payload', 'may be empty'),
  },
  'DataEvent',
  'A user message delivered to a port on this node.',
);

const TunnelDropEvent = object(
  {
    kind: z.literal('tunnel-drop'),
    peer: address('the peer of the link endpoint that received the tunnel (the surviving link)'),
    bearer: bearer('the bearer of that link endpoint'),
    seqno: u32("the inner message's sequence number"),
    drop_point: u32("the endpoint's drop_point then"),
    user: u32("the inner message's TIPC user"),
    link: replacedField('peer and bearer'),
  },
  'TunnelDropEvent',
  'A tunnelled inner message thrown away during failover as a duplicate (its seqno below drop_point).',
);

const NameAppliedEvent = object(
  {
    kind: z.literal('name-applied'),
    peer: address('the node whose binding it is (the orignode of the NAME_DISTRIBUTOR message)'),
    op: oneOf(['publish', 'withdraw'], 'publish or withdraw', 'a PUBLICATION item (publish) or a WITHDRAWAL item (withdraw)'),
    type: u32('the service type'),
    lower: u32('the lower bound of the instance range'),
    upper: u32('the upper bound of the instance range'),
    accepted: flag('true if the binding table took it (a new binding inserted, a known one removed); false for a duplicate or an unknown binding'),
  },
  'NameAppliedEvent',
  "A binding table item from a peer handed to this node's binding table (tipc_named_rcv → tipc_update_nametbl), from an update or a bulk: one per item, each time.",
);

const NameStaleEvent = object(
  {
    kind: z.literal('name-stale'),
    peer: address('the node that sent the message (its orignode)'),
    named_seqno: u32("the message's named_seqno"),
    rcv_nxt: u32("the peer's named_rcv_nxt then, which the message's number is below"),
  },
  'NameStaleEvent',
  "A peer's binding table message thrown away as stale (tipc_named_dequeue, receive rule 4 of cad2929dc432: its named_seqno below the peer's named_rcv_nxt).",
);

const EVENT_KINDS = ['link-fsm', 'node-fsm', 'data', 'tunnel-drop', 'name-applied', 'name-stale'] as const;

export const EventSchema = doc(
  z.discriminatedUnion('kind', [LinkFsmEvent, NodeFsmEvent, DataEvent, TunnelDropEvent, NameAppliedEvent, NameStaleEvent], {
    error: (issue) => (isObject(issue.input) ? `must be one of ${EVENT_KINDS.join(', ')}` : 'must be a JSON object'),
  }),
  'Something that happened inside the node, in the contract\'s shapes (contract/node.ts NodeEventReport).',
  'Event',
);

export const BindingSchema = object(
  {
    type: u32('the service type'),
    lower: u32('the lower bound of the instance range'),
    upper: u32('the upper bound of the instance range'),
    scope: SCOPE(),
    node: address('the node that bound it'),
    port: u32('the port the binding is for'),
    key: u32('the publication key'),
  },
  'Binding',
  'A binding of the node\'s binding table.',
);

// ------------------------------------------------------------------------------------ replies

const replyId = doc(z.int({ error: 'must be the id of the request it answers' }), 'the id of the request it answers');

const TIMER = 'must be a time in ms (a number ≥ 0) or null';
const DROP_POINT = 'must be an unsigned 32-bit integer or null';
const TOLERANCE = 'must be a tolerance in ms (an unsigned 32-bit integer) or null';

const successShape = {
  id: replyId,
  ok: doc(z.literal(true, { error: 'must be a boolean' }), 'true: done'),
  out: list(OutFrameSchema, 'must be an array of frames', 'frames to send now').optional(),
  events: list(EventSchema, 'must be an array of events', 'what happened inside the node, in order').optional(),
  notes: list(z.string({ error: 'must be a string' }), 'must be an array of strings', 'free text for the trace').optional(),
  timer: doc(
    z.number({ error: TIMER }).min(0, { error: TIMER }).nullable(),
    'absolute virtual time (ms) of the next tick the IUT wants, or null for none; absent leaves the previous one',
  ).optional(),
};

const OutputReply = object(successShape, 'OutputReply', 'Answers init, bearer_up, bearer_down, frame, tick and stop.');

const HelloReply = object(
  {
    ...successShape,
    name: doc(z.string({ error: 'must be a non-empty string' }).min(1, { error: 'must be a non-empty string' }), 'the implementation\'s name'),
    version: text('its version'),
    capabilities: list(z.string({ error: 'must be a string' }), 'must be an array of strings', 'the capabilities it declares (docs/adapter-protocol.md section 6)'),
  },
  'HelloReply',
  'Answers hello: the implementation conformance statement.',
);

const ControlReply = object(
  { ...successShape, accepted: flag('whether the node did it (false is no fault: the scenario decides)') },
  'ControlReply',
  'Answers publish, withdraw, send_data, set_link_tolerance and set_link_priority.',
);

const LinkStateReply = object(
  { ...successShape, state: oneOf([...LINK_STATES, 'ABSENT'], 'a link state or "ABSENT"', 'the link endpoint\'s state, or ABSENT for no such endpoint') },
  'LinkStateReply',
  'Answers link_state.',
);

const NodeStateReply = object(
  { ...successShape, state: oneOf([...NODE_STATES, 'ABSENT'], 'a node state or "ABSENT"', 'the peer node FSM\'s state, or ABSENT for no record of the peer') },
  'NodeStateReply',
  'Answers node_state.',
);

const NameTableReply = object(
  { ...successShape, bindings: list(BindingSchema, 'must be an array of bindings', 'every binding in the node\'s table, its own and those learnt from peers') },
  'NameTableReply',
  'Answers name_table.',
);

const DropPointReply = object(
  {
    ...successShape,
    value: doc(
      z.int({ error: DROP_POINT }).min(0, { error: DROP_POINT }).max(0xffffffff, { error: DROP_POINT }).nullable(),
      'the link endpoint\'s drop_point, or null if the IUT cannot show it or has no such endpoint',
    ),
  },
  'DropPointReply',
  'Answers drop_point.',
);

const LinkToleranceReply = object(
  {
    ...successShape,
    value: doc(
      z.int({ error: TOLERANCE }).min(0, { error: TOLERANCE }).max(0xffffffff, { error: TOLERANCE }).nullable(),
      'the link endpoint\'s tolerance in ms as it uses it now, or null if the IUT has no such endpoint',
    ),
  },
  'LinkToleranceReply',
  'Answers link_tolerance.',
);

const LinkNameReply = object(
  {
    ...successShape,
    value: doc(
      z.string({ error: 'must be a string or null' }).max(120, { error: 'must be a string of at most 120 characters or null' }).nullable(),
      'the link endpoint\'s name as it stands now (own address:own interface-peer address:peer interface), or null if the IUT has no such endpoint',
    ),
  },
  'LinkNameReply',
  'Answers link_name.',
);

export const FailedReplySchema = object(
  { id: replyId, ok: z.literal(false), error: text('why the IUT could not do it (the scenario fails: refused)') },
  'FailedReply',
  'Answers any request the IUT could not carry out.',
);

// ----------------------------------------------------------------------------------- requests

const requestId = doc(z.int({ error: 'must be an integer' }), '1, 2, 3, … in each process; the reply echoes it');
const now = () => time('the current time');

const BearerSetup = object(
  {
    id: bearer('the bearer id'),
    if_name: text('its interface name: eth0, eth1'),
    mac: doc(z.string({ error: 'must be 12 lowercase hex digits' }).regex(/^[0-9a-f]{12}$/, { error: 'must be 12 lowercase hex digits' }), 'its MAC address, the media address LINK_CONFIG messages carry'),
    tolerance: u32('the link tolerance in ms, when the scenario sets it').optional(),
    priority: u32('the link priority, when the scenario sets it').optional(),
  },
  'BearerSetup',
  'A bearer of the node.',
);

function request<O extends string, S extends z.core.$ZodLooseShape>(op: O, shape: S, description: string) {
  return object({ id: requestId, op: z.literal(op), ...shape }, `${op.replace(/(^|_)([a-z])/g, (_m, _u: string, c: string) => c.toUpperCase())}Request`, description);
}

const REQUEST_SCHEMAS = [
  request('hello', { protocol: doc(z.int({ error: 'must be an integer' }), `the protocol version: ${PROTOCOL_VERSION}`) }, 'Who are you? Sent first; answered by HelloReply.'),
  request(
    'init',
    {
      address: address('the node\'s address'),
      net_id: u32('the network id'),
      seed: u32('seed for everything random in the node'),
      bearers: doc(z.array(BearerSetup, { error: 'must be an array of bearers' }).min(1, { error: 'must hold a bearer' }).max(2, { error: 'must hold at most two bearers' }), 'one or two, in id order'),
    },
    'Create the node; sent once, right after hello.',
  ),
  request('bearer_up', { now: now(), bearer: bearer('the bearer') }, 'The interface came up: start discovery on it.'),
  request('bearer_down', { now: now(), bearer: bearer('the bearer') }, 'The interface went down: take its links down.'),
  request('frame', { now: now(), bearer: bearer('the bearer it arrived on'), hex: hex('the frame', 'not empty') }, 'A frame arrived.'),
  request('tick', { now: now() }, 'Virtual time reached the timer the IUT asked for.'),
  request(
    'publish',
    {
      now: now(),
      binding: object(
        { type: u32('the service type'), lower: u32('the lower bound'), upper: u32('the upper bound'), scope: SCOPE(), port: u32('the port'), key: u32('the publication key') },
        'NewBinding',
        'A binding the node makes as itself (no node).',
      ),
    },
    'Bind a service range and distribute it; answered by ControlReply.',
  ),
  request('withdraw', { now: now(), type: u32('the service type'), lower: u32('the lower bound'), upper: u32('the upper bound'), key: u32('the publication key') }, 'Unbind one of the node\'s bindings; answered by ControlReply.'),
  request('send_data', { now: now(), dest: address('the receiving node'), port: u32('the destination port'), hex: hex('the payload', 'may be empty') }, 'Send one user message; answered by ControlReply.'),
  request('set_link_tolerance', { now: now(), peer: address('the link\'s peer'), bearer: bearer('the link\'s bearer'), tolerance: u32('ms') }, 'Change a link\'s tolerance; answered by ControlReply.'),
  request('set_link_priority', { now: now(), peer: address('the link\'s peer'), bearer: bearer('the link\'s bearer'), priority: u32('the priority') }, 'Change a link\'s priority; answered by ControlReply.'),
  request('link_state', { peer: address('the link\'s peer'), bearer: bearer('the link\'s bearer') }, 'Query: answered by LinkStateReply.'),
  request('node_state', { peer: address('the peer') }, 'Query: answered by NodeStateReply.'),
  request('name_table', {}, 'Query: answered by NameTableReply.'),
  request('drop_point', { peer: address('the link\'s peer'), bearer: bearer('the link\'s bearer') }, 'Query: answered by DropPointReply.'),
  request(
    'link_tolerance',
    { peer: address('the link\'s peer'), bearer: bearer('the link\'s bearer') },
    'Query, sent only to an IUT that declares link-tolerance: answered by LinkToleranceReply.',
  ),
  request(
    'link_name',
    { peer: address('the link\'s peer'), bearer: bearer('the link\'s bearer') },
    'Query, sent only to an IUT that declares link-name: answered by LinkNameReply.',
  ),
  request('stop', {}, 'Exit; the reply is not read.'),
] as const;

export const OPS = REQUEST_SCHEMAS.map((s) => s.shape.op.value);

export const RequestSchema = doc(
  z.discriminatedUnion('op', [...REQUEST_SCHEMAS], {
    error: (issue) => (isObject(issue.input) ? `must be one of ${OPS.join(', ')}` : 'must be a JSON object'),
  }),
  'What the harness writes on the IUT\'s stdin, one JSON object a line.',
  'Request',
);

export type Request = z.infer<typeof RequestSchema>;
export type Op = Request['op'];

/** The reply each op expects when it succeeds. */
export const SUCCESS_REPLY = {
  hello: HelloReply,
  init: OutputReply,
  bearer_up: OutputReply,
  bearer_down: OutputReply,
  frame: OutputReply,
  tick: OutputReply,
  publish: ControlReply,
  withdraw: ControlReply,
  send_data: ControlReply,
  set_link_tolerance: ControlReply,
  set_link_priority: ControlReply,
  link_state: LinkStateReply,
  node_state: NodeStateReply,
  name_table: NameTableReply,
  drop_point: DropPointReply,
  link_tolerance: LinkToleranceReply,
  link_name: LinkNameReply,
  stop: OutputReply,
} as const satisfies Record<Op, z.ZodType>;

export const ReplySchema = doc(
  z.union([HelloReply, ControlReply, LinkStateReply, NodeStateReply, NameTableReply, DropPointReply, LinkToleranceReply, LinkNameReply, OutputReply, FailedReplySchema]),
  'What the IUT writes on its stdout for each request, one JSON object a line: the reply its op expects, or FailedReply.',
  'Reply',
);

// -------------------------------------------------------------------------------- JSON Schema

/** The whole protocol as a JSON Schema (draft 2020-12): a line is a Request or a Reply. */
export function protocolJsonSchema(): Record<string, unknown> {
  const message = z.union([RequestSchema, ReplySchema]).register(DOCS, {
    title: `tipc-conformance process protocol, version ${PROTOCOL_VERSION}`,
    description:
      'One JSON object a line: the harness writes a Request on the IUT\'s stdin, the IUT answers each with exactly one Reply on its stdout, in order. ' +
      'A Reply is the one its request\'s op expects (see each Request\'s description) or a FailedReply. Unknown keys are ignored. docs/adapter-protocol.md explains the rules.',
  });
  // io 'input': what a reader accepts, so objects stay open to keys a reader does not know
  return z.toJSONSchema(message, { metadata: DOCS, io: 'input' }) as Record<string, unknown>;
}

/** The checked-in docs/adapter-protocol.schema.json, byte for byte. */
export function protocolJsonSchemaText(): string {
  return `${JSON.stringify(protocolJsonSchema(), null, 2)}\n`;
}
