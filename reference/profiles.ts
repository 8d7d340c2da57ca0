/**
 * Behaviour profiles of the reference stack: one switch per part of a kernel patch, so a
 * profile can bring back exactly the bug that part fixed. Pure data, no logic.
 */

/**
 * Every switch a profile sets. `true` is the behaviour of today's kernel, except the `proposed_*`
 * switches: fixes this project proposes (docs/kernel-findings.md), off in every kernel so far.
 */
export interface ProfileSwitches {
  /**
   * (A) "tipc: fix missing Name entries due to half-failover" (Tuong Lien, 2019):
   * a FAILOVER_MSG arriving while the node is not NODE_FAILINGOVER starts this node's own
   * failover (tipc_node_link_failover / tipc_link_failover_prepare, drop_point = 1).
   * false: the node only answers with one dummy FAILOVER_MSG (c140eb166d68, n->failover_sent)
   * and the tunnel link endpoint is never prepared.
   */
  readonly half_failover_fix: boolean;
  /**
   * c140eb166d68 "tipc: fix failover problem": a node that is not failing over answers the
   * peer's FAILOVER_MSG with one dummy FAILOVER_MSG (n->failover_sent), so the peer can reach its
   * synch point and leave NODE_FAILINGOVER. Superseded by the half-failover fix, which sends it
   * from tipc_link_failover_prepare.
   */
  readonly failover_dummy: boolean;
  /**
   * "tipc: fix issues with early FAILOVER_MSG from peer" (June 2019): tipc_node_link_failover
   * returns early while the parallel link is not yet reset, and tipc_node_check_state forces a
   * parallel link down when it is not reset (before: only when it is up).
   */
  readonly early_failover_msg_fix: boolean;
  /**
   * 58ee86b8c775 (failover_deferdq): tunnelled inner messages above drop_point wait in the
   * failover defer queue. false (v4.19..v5.1): tipc_link_input delivers them at once and drops
   * those below drop_point as duplicates.
   */
  readonly failover_deferdq: boolean;
  /**
   * Mechanism, not a patch: the tunnel endpoint judges FAILOVER_MSG inner messages against
   * drop_point (tipc_link_tnl_rcv). false delivers every inner message as it comes.
   */
  readonly failover_drop_point: boolean;
  /**
   * Mechanism, not a patch: a SYNCH_MSG on a newly established parallel link holds that link's
   * traffic back until the old link has delivered up to the synch point (tipc_node_check_state).
   */
  readonly link_synch: boolean;
  /**
   * Mechanism, not a patch: a link tolerance lies in TIPC_MIN_LINK_TOL..TIPC_MAX_LINK_TOL (50 to
   * 30000 ms). Set by the user, one outside is refused with -EINVAL (tipc_nl_parse_link_prop,
   * link.c, called by tipc_nl_node_set_link); announced by the peer in a RESET, ACTIVATE or STATE
   * message, one outside is ignored (tipc_link_proto_rcv: tipc_in_range(peers_tol, ...)). false
   * accepts any tolerance set and takes any non-zero one a peer announces (0 still means
   * "unchanged").
   */
  readonly link_tolerance_range: boolean;
  /**
   * Mechanism, not a patch: when a node loses contact with its peer (node_lost_contact), every
   * link endpoint to it gets FAILOVER_END, so a failover cut short by the loss of the tunnel link
   * ends with it. false leaves a FAILINGOVER endpoint there, which then never comes up again.
   */
  readonly lost_contact_ends_failover: boolean;
  /**
   * Mechanism, not a patch: tipc_node_check_state filters what reaches a link. After losing
   * contact (SELF_DOWN_PEER_LEAVING) a node takes nothing that shows the peer still has it up,
   * until the peer has lost contact too; in SELF_LEAVING_PEER_DOWN it takes nothing; a tunnel
   * packet below the link's rcv_nxt (a duplicate) goes to the link, which discards it, before it
   * can start or end a failover. false lets all of these through to the failover and synch rules.
   */
  readonly check_state_filters: boolean;
  /**
   * Mechanism, not a patch: a unicast link keeps a packet that arrives ahead of a gap in its
   * deferred queue (tipc_link_rcv: __tipc_skb_queue_sorted into l->deferdq) and delivers it once
   * the gap is filled; the queue's length decides when a NACK goes out (tipc_link_build_nack_msg).
   * false drops it, so the sender must send it again after the gap.
   */
  readonly link_deferdq: boolean;
  /**
   * Mechanism, not a patch: a message sent while the link's send window is full waits in the
   * backlog queue (tipc_link_xmit: l->backlogq) and goes out as acknowledgements free the window
   * (tipc_link_advance_backlog). false drops it.
   */
  readonly link_backlog: boolean;
  /**
   * Mechanism, not a patch: a MSG_BUNDLER message is taken apart and its messages delivered in
   * order (tipc_link_input → tipc_msg_extract). false drops the bundle whole.
   */
  readonly link_unbundle: boolean;
  /**
   * Mechanism, not a patch: a link whose oldest unacknowledged packet has been retransmitted for
   * longer than 10 x tolerance fails (link_retransmit_failure, from tipc_link_advance_transmq).
   * false retransmits it for ever, the link staying up with its send queue stuck.
   */
  readonly link_retransmit_limit: boolean;
  /**
   * Mechanism, not a patch: tipc_link_reset() advances the endpoint's own session (l->session++),
   * so every RESET after a reset is of a newer session than anything the peer knows of it, and a
   * peer still in session takes it (tipc_link_validate_msg). false keeps the old session number.
   */
  readonly link_session_renew: boolean;
  /**
   * Mechanism, not a patch: tipc_link_validate_msg() accepts a RESET from a peer it is in session
   * with only if its session is newer than the one it knows (more(session, peer_session)), so a
   * late copy of a RESET of the current session is dropped. false accepts a RESET of any session.
   */
  readonly link_reset_session_check: boolean;
  /**
   * Mechanism, not a patch: tipc_link_reset() forgets the peer's session ("Force re-synch of peer
   * session number before establishing": l->in_session = false, l->peer_session--), so after its
   * own reset the endpoint takes the peer's next RESET or ACTIVATE whatever its session, as it must
   * when the peer restarted and drew a new random session (tipc_link_create). false keeps the
   * endpoint in session with the peer's old session across the reset, so it drops the new
   * incarnation's RESET and ACTIVATE unless their session happens to be newer.
   */
  readonly link_reset_forgets_peer_session: boolean;
  /**
   * Mechanism, not a patch: tipc_node_calculate_timer() (node.c) caps a link's keepalive interval
   * at 500 ms: min(tolerance / 4, 500), so a link with a tolerance over 2000 ms is still probed
   * every 500 ms and declared lost after tolerance / 500 silent intervals. false: tolerance / 4.
   */
  readonly keepalive_cap: boolean;
  /**
   * Mechanism, not a patch: a second link that comes up beside an active one takes the active
   * slots by priority (__tipc_node_link_up, node.c): a higher priority takes both, an equal one
   * slot 1 (the two share the traffic by the sender's selector), a lower one none (standby).
   * false: the new link takes both slots whatever the priorities.
   */
  readonly link_slots_by_priority: boolean;
  /**
   * Mechanism, not a patch: a STATE of the peer's current session brings an ESTABLISHING endpoint
   * up (tipc_link_proto_rcv: `if (!link_is_up(l)) { if (l->state == LINK_ESTABLISHING) rc =
   * TIPC_LINK_UP_EVT; ... }`), so a lost ACTIVATE costs one keepalive. false: only an ACTIVATE or
   * a data packet does, and an endpoint whose peer's ACTIVATE was lost waits for one.
   */
  readonly link_state_establishes: boolean;
  /**
   * Mechanism, not a patch: a LINK_PROTOCOL message is taken only in the order of the current
   * exchange: within one session a STATE only if its STATE sequence number is not below the next
   * one expected (tipc_link_validate_msg: `return !less(msg_seqno(hdr), l->rcv_nxt_state)`, for a
   * peer with TIPC_LINK_PROTO_SEQNO), and an ACTIVATE only if its dest_session is the endpoint's
   * session (tipc_link_proto_rcv: `l->session != msg_dest_session(hdr)` → ignored). false: any
   * STATE of the current session and any ACTIVATE are taken, so an older STATE that arrives late
   * undoes what a newer one announced, and a late ACTIVATE brings up an endpoint reset since.
   */
  readonly link_proto_order_check: boolean;
  /**
   * Mechanism, not a patch: tipc_rcv() discards a frame that fails tipc_msg_validate() (msg.c)
   * before it reads any header field: a header size outside 24..60 or not present, a version other
   * than 2, a message size below the header size, a body over TIPC_MAX_USER_MSG_SIZE, fewer bytes
   * than the message size. false reads such a frame at the fixed places of msg.h and acts on it.
   */
  readonly msg_validate: boolean;
  /**
   * Mechanism, not a patch (the wire codec): tipc_link_build_proto_msg writes the link's network
   * plane into word 5 bits 1-3 of every LINK_PROTOCOL message (msg_set_net_plane; l->net_plane =
   * 'A' + bearer_id). false leaves the field 0: every LINK_PROTOCOL message says plane A, whatever
   * bearer it is on.
   */
  readonly proto_net_plane: boolean;
  /**
   * A node from before cad2929dc432 "tipc: update a binding service via broadcast" (v4.17–v5.8):
   * bindings carry no sequence number and none of is_bulk / is_last_bulk / not_legacy, and every
   * received one is applied on arrival.
   */
  readonly named_legacy: boolean;
  /** cad2929dc432, problem 3: bulk messages are exempt from sequence control (receive rule 2). */
  readonly named_bulk_exempt: boolean;
  /** cad2929dc432, problem 4: messages from legacy peers are exempt from sequence control (rule 2). */
  readonly named_legacy_exempt: boolean;
  /**
   * cad2929dc432, problem 1: a peer's updates wait until its last bulk message (is_last_bulk) opens
   * the queue at the bulk's sequence number (rule 1). false: the first update opens it, so a
   * broadcast update that overtakes the unicast bulk is applied before it.
   */
  readonly named_last_bulk_sync: boolean;
  /**
   * cad2929dc432, problem 2: an open queue delivers updates in sequence-number order (rule 3).
   * false: in arrival order, so a replicast update can overtake a broadcast one at the switchover.
   */
  readonly named_seqno: boolean;
  /**
   * cad2929dc432 v1 to v2: an update below the expected sequence number (one the bulk already
   * covered) is dropped (rule 4). false: it stays queued until the 16-bit sequence comes round to
   * it again, and is then applied in place of the update that really has that number.
   */
  readonly named_stale_drop: boolean;
  /**
   * Mechanism, not a patch: a node-scope binding stays on its node. tipc_named_publish() puts it on
   * nt->node_scope and returns no message, tipc_named_withdraw() likewise, and named_distribute()
   * packs only nt->cluster_scope into the bulk. false distributes it like a cluster-scope binding
   * (update and bulk), so peers learn a binding they must never see.
   */
  readonly named_node_scope_local: boolean;
  /**
   * Mechanism, not a patch: the broadcast link retransmits what a peer reports missing in bc_gap
   * (tipc_link_bc_ack_rcv → tipc_link_advance_transmq). false ignores the gap, so a broadcast packet
   * one peer lost never reaches it, and everything behind it waits in its deferred queue.
   */
  readonly bcast_retransmit: boolean;
  /**
   * Mechanism, not a patch: a node synchronises its receive link for a peer's broadcasts on the
   * peer's init message (BCAST_PROTOCOL on the new unicast link, tipc_link_bc_init_rcv: rcv_nxt =
   * last_bcast + 1). false ignores it, so the link is opened by the peer's bulk (tipc_data_input)
   * at seqno 1 and waits for broadcasts the peer sent before the two met, which never come.
   */
  readonly bcast_init_sync: boolean;
  /**
   * Mechanism, not a patch: the broadcast link's packets go out on the primary bearer, one that
   * reaches every broadcast peer, or, when none does, on every bearer that reaches one
   * (tipc_bcbase_select_primary, tipc_bcbase_xmit). false sends them on the first bearer with a
   * link up alone, so a peer that bearer does not reach never gets them.
   */
  readonly bcast_all_dests: boolean;
  /**
   * Mechanism, not a patch: a broadcast receive link keeps the packets that arrive ahead of a gap
   * in sequence order (tipc_link_rcv → __tipc_skb_queue_sorted). false appends each to its deferred
   * queue as it comes, so one that arrives after a later one waits behind it, the head no longer
   * follows rcv_nxt when the gap closes, and the peer asks for a packet it holds.
   */
  readonly bcast_deferdq_sorted: boolean;
  /**
   * Mechanism, not a patch: a bearer's discoverer counts the peers it has a working link to
   * (tipc_disc_add_dest / tipc_disc_remove_dest, from tipc_node_link_up / __tipc_node_link_down),
   * and tipc_disc_timeout lets its request interval double up to TIPC_DISC_SLOW (60 s) while it
   * has one, up to TIPC_DISC_FAST (1 s) while it has none; losing the last starts it again from
   * TIPC_DISC_INIT (125 ms). false counts nobody: a request every second for ever.
   */
  readonly disc_count_dests: boolean;
  /**
   * Mechanism, not a patch: tipc_disc_rcv() ignores a LINK_CONFIG message of another network
   * (msg_bc_netid != tn->net_id) and answers only a DSC_REQ_MSG with a DSC_RESP_MSG, never a
   * response. false takes another network's messages as its own and answers a response too.
   */
  readonly disc_rcv_filters: boolean;
  /**
   * Mechanism, not a patch: tipc_node_link_down() finds a link endpoint still ESTABLISHING (it took
   * the peer's RESET, the link is not up yet) and only defuses it ("Defuse pending
   * tipc_node_link_up()": tipc_link_reset, LINK_RESET_EVT: ESTABLISHING -> RESET), as when its
   * interface goes down (tipc_reset_bearer -> tipc_node_delete_links). false leaves it ESTABLISHING.
   */
  readonly establishing_link_down_resets: boolean;
  /**
   * Mechanism, not a patch: tipc_node_check_dest() answers a known peer's discovery request with
   * a new signature while the link to it is not up (case 6: the peer rebooted; the signature is
   * taken and `respond` set). false takes the signature but does not answer, as with the link up.
   */
  readonly disc_reboot_answered: boolean;
  /**
   * Mechanism, not a patch: nothing goes out on a bearer whose interface is down; a discovery
   * request its timer sends is dropped (tipc_bearer_xmit_skb: the bearer is not up). false sends
   * the requests of a down bearer's discoverer on the wire.
   */
  readonly disc_quiet_when_down: boolean;
  /**
   * Proposed fix of KF-1 (docs/kernel-findings.md): node_lost_contact() also resets the peer's
   * named_rcv_nxt and named_open, so a peer that comes back (a restart keeps its address, and its
   * counter starts again) is synchronised by its next last bulk message. false (6.1, mainline):
   * they are zeroed only when the node object is allocated, and the old incarnation's rcv_nxt
   * judges the new incarnation's updates.
   */
  readonly proposed_named_reset: boolean;
  /**
   * Proposed fix of KF-2 (docs/kernel-findings.md): tipc_named_dequeue() drops an update as stale
   * only once the last bulk has opened the queue. false (6.1, mainline): rule 4 runs before, when
   * rcv_nxt is still 0, so an update numbered 32769-65535 (16-bit serial: "less than 0") that
   * overtakes the bulk is dropped, and the bulk then sets rcv_nxt to a number that never comes.
   */
  readonly proposed_stale_drop_when_open: boolean;
}

export interface Profile extends ProfileSwitches {
  readonly name: string;
  readonly summary: string;
  /**
   * The known kernel bugs (docs/kernel-findings.md) this profile fixes: a profile of proposed fixes,
   * not of an old bug. It must pass the scenarios tagged @known-bug with them, and no scenario
   * catches it.
   */
  readonly fixes?: readonly string[];
}

/** Today's kernel: every switch on. Other profiles undo one part each. */
const FIXED: ProfileSwitches = {
  half_failover_fix: true,
  failover_dummy: true,
  early_failover_msg_fix: true,
  failover_deferdq: true,
  failover_drop_point: true,
  link_synch: true,
  link_tolerance_range: true,
  lost_contact_ends_failover: true,
  check_state_filters: true,
  link_deferdq: true,
  link_backlog: true,
  link_unbundle: true,
  link_retransmit_limit: true,
  link_session_renew: true,
  link_reset_session_check: true,
  link_reset_forgets_peer_session: true,
  keepalive_cap: true,
  link_slots_by_priority: true,
  link_state_establishes: true,
  link_proto_order_check: true,
  msg_validate: true,
  proto_net_plane: true,
  named_legacy: false,
  named_bulk_exempt: true,
  named_legacy_exempt: true,
  named_last_bulk_sync: true,
  named_seqno: true,
  named_stale_drop: true,
  named_node_scope_local: true,
  bcast_retransmit: true,
  bcast_init_sync: true,
  bcast_all_dests: true,
  bcast_deferdq_sorted: true,
  disc_count_dests: true,
  disc_rcv_filters: true,
  establishing_link_down_resets: true,
  disc_reboot_answered: true,
  disc_quiet_when_down: true,
  proposed_named_reset: false,
  proposed_stale_drop_when_open: false,
};

/** The failover code of net-next just before the half-failover fix. */
const PRE_HALF_FAILOVER_FIX: ProfileSwitches = {
  ...FIXED,
  half_failover_fix: false,
  early_failover_msg_fix: false,
};

export const PROFILES = {
  fixed: {
    name: 'fixed',
    summary: "today's kernel: both failover patches and their follow-ups, and the binding table over broadcast",
    ...FIXED,
  },
  'pre-half-failover-fix': {
    name: 'pre-half-failover-fix',
    summary:
      'net-next just before the half-failover fix: after c140eb166d68 and the failover defer queue; ' +
      'one dummy FAILOVER_MSG, no failover started, drop_point never prepared',
    ...PRE_HALF_FAILOVER_FIX,
  },
  'pre-half-failover-fix-v4.19': {
    name: 'pre-half-failover-fix-v4.19',
    summary:
      'v4.19: no failover defer queue; an inner message below a stale drop_point is dropped as a duplicate',
    ...PRE_HALF_FAILOVER_FIX,
    failover_deferdq: false,
  },
  'pre-early-failover-msg-fix': {
    name: 'pre-early-failover-msg-fix',
    summary:
      'the half-failover fix without its June 2019 follow-up "tipc: fix issues with early FAILOVER_MSG ' +
      'from peer": failover started while the parallel link is still RESETTING or PEER_RESET',
    ...FIXED,
    early_failover_msg_fix: false,
  },
  'pre-c140eb166d': {
    name: 'pre-c140eb166d',
    summary:
      'before c140eb166d68 "tipc: fix failover problem" (v4.19 without the dummy): nothing answers the ' +
      "peer's FAILOVER_MSG, so the peer stays in FAILINGOVER",
    ...PRE_HALF_FAILOVER_FIX,
    failover_dummy: false,
    failover_deferdq: false,
  },
  legacy: {
    name: 'legacy',
    summary:
      'a node from before cad2929dc432 (v4.17-v5.8): bindings without sequence numbers or bits, ' +
      'sent by unicast to each peer, applied on arrival; a node type for mixed clusters, not a bug',
    ...FIXED,
    named_legacy: true,
  },
  'no-last-bulk-sync': {
    name: 'no-last-bulk-sync',
    summary:
      'cad2929dc432 without its problem-1 part: no synch point at the last bulk message, so a broadcast ' +
      'update that overtakes the bulk is applied first (a withdrawal before its publication is lost)',
    ...FIXED,
    named_last_bulk_sync: false,
  },
  'no-named-seqno': {
    name: 'no-named-seqno',
    summary:
      'cad2929dc432 without its problem-2 part: updates applied in arrival order, so at the switch between ' +
      'broadcast and replicast a later update can overtake an earlier one',
    ...FIXED,
    named_seqno: false,
  },
  'no-stale-drop': {
    name: 'no-stale-drop',
    summary:
      'cad2929dc432 v1, without the v2 rule: an update below the synch point is not dropped but stays queued, ' +
      'and is applied when the 16-bit sequence comes round, in place of the real update with that number',
    ...FIXED,
    named_stale_drop: false,
  },
  'bulk-seq-controlled': {
    name: 'bulk-seq-controlled',
    summary:
      'cad2929dc432 without its problem-3 part: bulk messages fall under sequence control, so a bulk ' +
      'of several messages loses all but the last as stale',
    ...FIXED,
    named_bulk_exempt: false,
  },
  'legacy-seq-controlled': {
    name: 'legacy-seq-controlled',
    summary:
      'cad2929dc432 without its problem-4 part: messages from legacy peers fall under sequence control ' +
      'and wait for a synch point that never comes',
    ...FIXED,
    named_legacy_exempt: false,
  },
  'proposed-named-fix': {
    name: 'proposed-named-fix',
    summary:
      "today's kernel with this project's proposed fixes of its name distribution (docs/kernel-findings.md): " +
      "a peer's named_rcv_nxt and named_open reset when contact is lost (KF-1), the stale rule only once the queue is open (KF-2)",
    ...FIXED,
    proposed_named_reset: true,
    proposed_stale_drop_when_open: true,
    fixes: ['KF-1', 'KF-2'],
  },
  'ablation-no-drop-point': {
    name: 'ablation-no-drop-point',
    summary:
      'mutation, not kernel history: tunnelled FAILOVER_MSG inner messages are delivered without the ' +
      'drop_point check, so what already arrived on the failed link arrives twice',
    ...FIXED,
    failover_drop_point: false,
  },
  'ablation-no-synch': {
    name: 'ablation-no-synch',
    summary:
      'mutation, not kernel history: a SYNCH_MSG is ignored, so a new parallel link delivers at once ' +
      'and overtakes what the old link still carries',
    ...FIXED,
    link_synch: false,
  },
  'ablation-tolerance-unchecked': {
    name: 'ablation-tolerance-unchecked',
    summary:
      'mutation, not kernel history: a link tolerance outside 50..30000 ms is accepted when set and taken ' +
      'from a peer that announces it, where the kernel refuses it (EINVAL) and ignores it',
    ...FIXED,
    link_tolerance_range: false,
  },
  'ablation-failover-not-aborted': {
    name: 'ablation-failover-not-aborted',
    summary:
      'mutation, not kernel history: losing contact with the peer does not end a failover in progress ' +
      '(node_lost_contact without FAILOVER_END), so the failed link endpoint stays FAILINGOVER and never comes up',
    ...FIXED,
    lost_contact_ends_failover: false,
  },
  'ablation-check-state-unfiltered': {
    name: 'ablation-check-state-unfiltered',
    summary:
      'mutation, not kernel history: tipc_node_check_state lets through what it filters: packets from a peer ' +
      'that still has this node up after it lost contact, and duplicate tunnel packets, which then start a failover again',
    ...FIXED,
    check_state_filters: false,
  },
  'ablation-no-deferdq': {
    name: 'ablation-no-deferdq',
    summary:
      'mutation, not kernel history: a unicast link drops a packet that arrives ahead of a gap instead of ' +
      'keeping it in its deferred queue, so it sends no NACK and the sender must send everything after the gap again',
    ...FIXED,
    link_deferdq: false,
  },
  'ablation-no-backlog': {
    name: 'ablation-no-backlog',
    summary:
      'mutation, not kernel history: a message sent while the link send window is full is dropped instead of ' +
      'waiting in the backlog queue, so a burst larger than the window loses its tail',
    ...FIXED,
    link_backlog: false,
  },
  'ablation-no-unbundle': {
    name: 'ablation-no-unbundle',
    summary:
      'mutation, not kernel history: a MSG_BUNDLER bundle a peer sends is dropped whole instead of ' +
      'taken apart (tipc_msg_extract), so the messages a congested 6.1 sender bundled are lost',
    ...FIXED,
    link_unbundle: false,
  },
  'ablation-no-retransmit-limit': {
    name: 'ablation-no-retransmit-limit',
    summary:
      'mutation, not kernel history: a packet retransmitted for longer than 10 x tolerance does not fail the ' +
      'link (link_retransmit_failure), so a link that loses one message for good stays up, its queue stuck',
    ...FIXED,
    link_retransmit_limit: false,
  },
  'ablation-node-scope-distributed': {
    name: 'ablation-node-scope-distributed',
    summary:
      'mutation, not kernel history: a node-scope binding is distributed like a cluster-scope one, by an ' +
      'update when bound or unbound and in the bulk a new peer gets, so peers learn it',
    ...FIXED,
    named_node_scope_local: false,
  },
  'ablation-no-bc-retransmit': {
    name: 'ablation-no-bc-retransmit',
    summary:
      "mutation, not kernel history: the broadcast link ignores a peer's bc_gap and never retransmits, so a " +
      'broadcast packet one peer lost never reaches it, nor anything sent after it',
    ...FIXED,
    bcast_retransmit: false,
  },
  'ablation-bc-unsynced': {
    name: 'ablation-bc-unsynced',
    summary:
      "mutation, not kernel history: a node ignores its peer's broadcast init message (last_bcast), so its " +
      'broadcast receive link opens with the bulk at seqno 1 and waits for what the peer broadcast before they met',
    ...FIXED,
    bcast_init_sync: false,
  },
  'ablation-bc-first-bearer': {
    name: 'ablation-bc-first-bearer',
    summary:
      'mutation, not kernel history: the broadcast link sends on the first bearer with a link up alone, ' +
      'whether or not it reaches every peer, so a peer reached only on another bearer never gets its packets',
    ...FIXED,
    bcast_all_dests: false,
  },
  'ablation-bc-deferdq-unsorted': {
    name: 'ablation-bc-deferdq-unsorted',
    summary:
      'mutation, not kernel history: a broadcast receive link appends a packet that arrives ahead of a gap to ' +
      'its deferred queue instead of putting it in sequence order, so after two late packets it asks for one it holds',
    ...FIXED,
    bcast_deferdq_sorted: false,
  },
  'ablation-session-reuse': {
    name: 'ablation-session-reuse',
    summary:
      'mutation, not kernel history: a link endpoint reset keeps its session number, so its RESET after a ' +
      'failure is of the session the peer knows and is dropped there, and the peer keeps its end up until its tolerance runs out',
    ...FIXED,
    link_session_renew: false,
  },
  'ablation-stale-reset-accepted': {
    name: 'ablation-stale-reset-accepted',
    summary:
      'mutation, not kernel history: a RESET whose session is not newer than the one the endpoint knows is ' +
      'accepted, so a late copy of the peer\'s RESET takes down a link that is up',
    ...FIXED,
    link_reset_session_check: false,
  },
  'ablation-peer-session-kept': {
    name: 'ablation-peer-session-kept',
    summary:
      "mutation, not kernel history: a link endpoint reset stays in session with the peer's old session, so " +
      "a peer that restarted, whose new random session is not newer, has its RESET and ACTIVATE dropped and the link never comes back",
    ...FIXED,
    link_reset_forgets_peer_session: false,
  },
  'ablation-keepalive-uncapped': {
    name: 'ablation-keepalive-uncapped',
    summary:
      'mutation, not kernel history: the keepalive interval is tolerance / 4 without the 500 ms cap, so a link ' +
      'with a long tolerance is probed seldom and its silence is noticed late',
    ...FIXED,
    keepalive_cap: false,
  },
  'ablation-new-link-takes-slots': {
    name: 'ablation-new-link-takes-slots',
    summary:
      'mutation, not kernel history: a link that comes up beside an active one takes both active slots whatever ' +
      'the priorities, so a lower-priority link takes the traffic from a higher one and an equal one takes it all',
    ...FIXED,
    link_slots_by_priority: false,
  },
  'ablation-state-not-establishing': {
    name: 'ablation-state-not-establishing',
    summary:
      "mutation, not kernel history: a STATE does not bring an ESTABLISHING endpoint up, only an ACTIVATE or data " +
      "does, so an endpoint whose peer's ACTIVATE was lost stays down until the peer resets the link",
    ...FIXED,
    link_state_establishes: false,
  },
  'ablation-proto-order-unchecked': {
    name: 'ablation-proto-order-unchecked',
    summary:
      'mutation, not kernel history: a STATE of the current session is taken whatever its STATE sequence number, and an ' +
      'ACTIVATE whatever session it answers, so an older STATE that arrives late sets the link tolerance or priority back ' +
      'to what the peer announced before, and a late ACTIVATE brings up an endpoint that was reset since',
    ...FIXED,
    link_proto_order_check: false,
  },
  'ablation-no-msg-validate': {
    name: 'ablation-no-msg-validate',
    summary:
      'mutation, not kernel history: a frame that fails tipc_msg_validate (header size below 24, version not 2, ' +
      'message size below the header or beyond the bytes present, body over 66000) is read as it stands and acted on, not discarded',
    ...FIXED,
    msg_validate: false,
  },
  'ablation-no-net-plane': {
    name: 'ablation-no-net-plane',
    summary:
      "mutation, not kernel history: LINK_PROTOCOL messages carry no network plane (word 5 bits 1-3 left 0), " +
      "so a link on bearer B says plane A: a field the kernel writes, left out of the frame",
    ...FIXED,
    proto_net_plane: false,
  },
  'ablation-disc-naive': {
    name: 'ablation-disc-naive',
    summary:
      'mutation, not kernel history: a discoverer that neither counts its neighbours (a request every ' +
      'second for ever, never slowing down) nor filters what it hears (another network\'s discovery ' +
      'messages taken, a DSC_RESP answered like a DSC_REQ), does not answer a known peer that comes back with ' +
      'a new signature while the link to it is down, and sends its requests on a bearer whose interface is down',
    ...FIXED,
    disc_count_dests: false,
    disc_rcv_filters: false,
    disc_reboot_answered: false,
    disc_quiet_when_down: false,
  },
  'ablation-establishing-not-defused': {
    name: 'ablation-establishing-not-defused',
    summary:
      'mutation, not kernel history: tipc_node_link_down leaves a link endpoint still ESTABLISHING as it ' +
      'is (no tipc_link_reset, no LINK_RESET_EVT) when, say, its interface goes down',
    ...FIXED,
    establishing_link_down_resets: false,
  },
} as const satisfies Record<string, Profile>;

export type ProfileName = keyof typeof PROFILES;

export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

export function isProfileName(name: string): name is ProfileName {
  return Object.prototype.hasOwnProperty.call(PROFILES, name);
}
