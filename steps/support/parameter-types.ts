/**
 * The cucumber parameter types of the steps: each turns the text a step line writes into the
 * structured value the step definition receives ({link} → LinkRef, ...), and carries the text the
 * step catalogue gives it: {link} → LinkRef, {endpoint} → EndpointRef, {range} → ServiceRange,
 * {bearer} → BearerName, {path} → DeliveryPath, {fault} → MessageFault, {alteration} → FrameAlteration, {rewrite} → FrameAlteration, {intervals} → number[], {seqnos} → number[], {fsmpath} → FsmStep[], {traffic} → Traffic, {wirefault} → WireFault, {wiredelay} → WireDelay; and the capture groups of the cluster declarations
 * (a regular expression's group is given the type whose regexp is the same): a node list → NodeId[],
 * a bearer set → BearerName[]. A step definition never parses its arguments again.
 *
 * Each is defined by a direct `defineParameterType({ name: '...', regexp: /.../, ... })` call with
 * literal name and regexp, so that the Cucumber language server (VS Code) finds it too.
 */
import { defineParameterType as defineCucumberParameterType } from '@cucumber/cucumber';
import type { ParameterTypeDoc } from '../vocabulary';
import { parseTraffic, parseWireDelay, parseWireFault } from './wire-rules';
import { intervalList, nodeList, parseAlteration, parseBearer, parseBearerSet, parseDeliveryPath, parseEndpoint, parseFsmPath, parseLink, parseMessageFault, parseRange, parseRewrite } from './values';

interface ParameterTypeDefinition<T> extends ParameterTypeDoc {
  readonly regexp: RegExp;
  readonly transformer: (text: string) => T;
}

/** Registers the type with cucumber and returns its catalogue entry. */
function defineParameterType<T>(d: ParameterTypeDefinition<T>): ParameterTypeDoc {
  defineCucumberParameterType({ name: d.name, regexp: d.regexp, transformer: d.transformer });
  return { name: d.name, meaning: d.meaning, example: d.example };
}

export const LINK: ParameterTypeDoc = defineParameterType({
  name: 'link',
  regexp: /<\d+[AB]-\d+[AB]>/,
  transformer: parseLink,
  meaning: 'a link as the commit names it: <1A-2A> is the link between nodes 1 and 2 on bearer A (both ends on the same bearer)',
  example: '<1A-2A>',
});

export const ENDPOINT: ParameterTypeDoc = defineParameterType({
  name: 'endpoint',
  regexp: /\d+[AB]/,
  transformer: parseEndpoint,
  meaning: "a link endpoint: 2A is node 2's end of its link on bearer A",
  example: '2A',
});

export const RANGE: ParameterTypeDoc = defineParameterType({
  name: 'range',
  regexp: /\{\d+, \d+, \d+\}/,
  transformer: parseRange,
  meaning: 'a service range as {type, lower, upper}: {7000, 0, 9} is service type 7000, instances 0 to 9',
  example: '{7000, 0, 9}',
});

export const BEARER: ParameterTypeDoc = defineParameterType({
  name: 'bearer',
  regexp: /[AB]/,
  transformer: parseBearer,
  meaning: 'a bearer letter: A (eth0) or B (eth1)',
  example: 'A',
});

export const DELIVERY_PATH: ParameterTypeDoc = defineParameterType({
  name: 'path',
  regexp: /broadcast|unicast/,
  transformer: parseDeliveryPath,
  meaning: 'how a binding table message travels: broadcast (copies of a send on the broadcast link) or unicast (a frame to that node alone: bulk, replicast)',
  example: 'broadcast',
});

export const MESSAGE_FAULT: ParameterTypeDoc = defineParameterType({
  name: 'fault',
  regexp:
    /(?:dropped|duplicated|delayed by \d+ ms|malformed \((?:header size \d+|version \d+|message size below the header size|cut after the header|message size for a \d+-byte body)\)) once|(?:duplicated|delayed by \d+ ms|malformed \((?:header size \d+|version \d+|message size below the header size|cut after the header|message size for a \d+-byte body)\)), retransmissions included/,
  transformer: parseMessageFault,
  meaning:
    'what the harness does on the wire to a message a step picks: "dropped once", "duplicated once" (a second copy 1 ms after the first), "delayed by N ms once" or "malformed (how) once" (see {alteration}) touch its first copy only, so the retransmission the gap triggers (about 2 ms later on a unicast link) goes by and recovers it; "delayed by N ms, retransmissions included", "duplicated, retransmissions included" and "malformed (how), retransmissions included" touch every copy of it, so a delayed message really arrives N ms late',
  example: 'delayed by 200 ms, retransmissions included',
});

export const ALTERATION: ParameterTypeDoc = defineParameterType({
  name: 'alteration',
  regexp: /header size \d+|version \d+|message size below the header size|cut after the header|message size for a \d+-byte body|max_pkt \d+|body of \d+ bytes|link priority \d+/,
  transformer: parseAlteration,
  meaning:
    'how the harness malforms a frame, as a broken or hostile sender would, so that tipc_msg_validate (msg.c) rejects it; the rest of the frame is left as sent: "header size N" (word 0 says a header of N bytes, a multiple of 4 below 24), "version N" (0..6, not 2: 7 marks an encrypted frame), "message size below the header size" (4 bytes less), "cut after the header" (the frame ends with its header, its size field unchanged: fewer bytes than it says, even once Ethernet pads it, for a frame of more than 46 bytes), "message size for a 66001-byte body" (one byte over TIPC_MAX_USER_MSG_SIZE, by the size field only); and two that pass tipc_msg_validate, for a RESET or ACTIVATE that tipc_link_proto_rcv checks further: "max_pkt N" (the max_pkt field says N bytes, a multiple of 4), "body of N bytes" (the frame ends N bytes after its header, and its size field says so), "link priority N" (the priority field, word 5 bits 4-8, says N, 0..31)',
  example: 'version 3',
});

export const REWRITE: ParameterTypeDoc = defineParameterType({
  name: 'rewrite',
  regexp: /user \d+|message type \d+|error code \d+|destination port \d+|originating node \d+|destination node \d+|destination domain \d+|previous node \d+|last_bcast \d+|bc_ack_invalid [01]|a 24-byte header|capabilities without \w+/,
  transformer: parseRewrite,
  meaning:
    'how the harness rewrites a frame so that it stays a valid TIPC message (tipc_msg_validate checks none of these fields) but says something its sender did not: "user N" (word 0: 0..3 the importance of user data, 8 CONN_MANAGER, ...), "message type N" (word 1: of user data 0 TIPC_CONN_MSG, 3 TIPC_DIRECT_MSG, ...), "error code N" (word 1: 2 TIPC_ERR_NO_PORT, ...), "destination port N" (word 5), "originating node N" and "destination node N" (word 6 or 7: node N\'s address 1.1.N), "destination domain N" and "previous node N" (of a discovery message: word 2, msg_dest_domain, or word 3, msg_prevnode, the sender\'s address as tipc_disc_rcv reads it: node N\'s address 1.1.N; "destination domain 0" is every node), "a 24-byte header" (a 32-byte header cut to SHORT_H_SIZE: words 6 and 7, orignode and destnode, taken out; sizes 8 bytes less), "last_bcast N" (of a LINK_PROTOCOL message: word 4 bits 16-31, the sender\'s last broadcast packet, which tipc_link_bc_sync_rcv compares with what the receiver has), "bc_ack_invalid 1" (of a LINK_PROTOCOL message: word 5 bit 14, which 6.1 sets on a STATE its sender builds before its broadcast receive link is up, and which makes tipc_bcast_sync_rcv take neither the STATE\'s broadcast acknowledgement and gap nor its last_bcast), "capabilities without TIPC_NAMED_BCAST" (of a discovery message: word 1 bits 15-27, msg_node_capabilities, without bit 11, as a node from before cad2929dc432 would announce them)',
  example: 'destination node 3',
});

export const INTERVALS: ParameterTypeDoc = defineParameterType({
  name: 'intervals',
  regexp: /\d+(?:, \d+)* and \d+|\d+/,
  transformer: intervalList,
  meaning: 'times between successive events, ms, in order: "125, 250 and 500", or one alone: "8000"',
  example: '2000, 4000 and 8000',
});

export const SEQNOS: ParameterTypeDoc = defineParameterType({
  name: 'seqnos',
  regexp: /\d+(?:, \d+)* and \d+|\d+|none/,
  transformer: (text: string) => (text === 'none' ? [] : intervalList(text)),
  meaning: 'sequence numbers (or acknowledged sequence numbers) in order: "28, 44 and 60", one alone: "28", or "none"',
  example: '28 and 44',
});

export const FSM_PATH: ParameterTypeDoc = defineParameterType({
  name: 'fsmpath',
  regexp: /[A-Z_]+(?: -[A-Z_]+-> [A-Z_]+)+/,
  transformer: parseFsmPath,
  meaning:
    'transitions of one FSM, one after another, by the names the kernel\'s tracepoints print: "STATE -EVENT-> STATE -EVENT-> STATE"; a step to the same state is an event the state takes without moving (or an illegal one, which the kernel reports the same way)',
  example: 'SELF_UP_PEER_UP -FAILOVER_BEGIN_EVT-> FAILINGOVER',
});

/** The node list of "a cluster of nodes 1, 2 and 3 ...": the regular expression step's group. */
export const NODES: ParameterTypeDoc = defineParameterType({
  name: 'nodes',
  regexp: /(?:\d+, )*\d+ and \d+/,
  transformer: nodeList,
  meaning: 'node numbers as "1 and 2" or "1, 2 and 3"',
  example: '1, 2 and 3',
});

/** The bearers of "a cluster of nodes ... joined by bearers A and B": the regular expression step's group. */
export const BEARERS: ParameterTypeDoc = defineParameterType({
  name: 'bearers',
  regexp: /bearers A and B|bearer A/,
  transformer: parseBearerSet,
  meaning: 'the bearers every node has: "bearers A and B" (two parallel links between every pair of nodes) or "bearer A" (one link per pair)',
  example: 'bearers A and B',
});

export const TRAFFIC: ParameterTypeDoc = defineParameterType({
  name: 'traffic',
  regexp: /frames|LINK_PROTOCOL frames|RESET messages|ACTIVATE messages|STATE messages|ACTIVATE and STATE messages|TUNNEL_PROTOCOL frames|binding table messages by broadcast|binding table messages by unicast|user messages|discovery messages/,
  transformer: parseTraffic,
  meaning:
    "which of a node's frames a wire rule takes: frames (all), LINK_PROTOCOL frames, RESET messages, ACTIVATE messages, STATE messages, ACTIVATE and STATE messages (link supervision, user 7), TUNNEL_PROTOCOL frames (FAILOVER_MSG, SYNCH_MSG), binding table messages by broadcast or by unicast (NAME_DISTRIBUTOR), user messages (importance 0 data) or discovery messages (LINK_CONFIG)",
  example: 'ACTIVATE and STATE messages',
});

export const WIRE_FAULT: ParameterTypeDoc = defineParameterType({
  name: 'wirefault',
  regexp: /drops|duplicates|holds back/,
  transformer: parseWireFault,
  meaning: 'what a wire rule does with every frame it takes: drops it, duplicates it (a second copy 1 ms after the first), or holds it back until "the wire carries all traffic again"',
  example: 'drops',
});

export const WIRE_DELAY: ParameterTypeDoc = defineParameterType({
  name: 'wiredelay',
  regexp: /delays|reorders/,
  transformer: parseWireDelay,
  meaning: 'what a timed wire rule does with every frame it takes: delays it, or reorders it (holds it back that long beyond its arrival, so that frames sent after it overtake it; the trace says reorder)',
  example: 'delays',
});
