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
   * Mechanism, not a patch: a receiver acknowledges in a STATE message once TIPC_MIN_LINK_WIN (16)
   * packets have arrived in sequence since it last sent the peer anything (tipc_link_rcv:
   * `++l->rcv_unacked >= TIPC_MIN_LINK_WIN`). false acknowledges every packet at once.
   */
  readonly link_ack_cadence: boolean;
  /**
   * Mechanism, not a patch: a receiver sends a NACK when its deferred queue reaches 3 packets and
   * at every 16th deferred after that (tipc_link_build_nack_msg: `defq_len >= 3 &&
   * !((defq_len - 3) % 16)`). false sends one at every packet it defers.
   */
  readonly link_nack_cadence: boolean;
  /**
   * Mechanism, not a patch: a packet below rcv_nxt (a copy of one delivered already) or beyond the
   * receive window is dropped (tipc_link_rcv: `less(seqno, rcv_nxt) || more(seqno, win_lim)`).
   * false takes it for one that arrived ahead of a gap and keeps it in the deferred queue.
   */
  readonly link_rcv_window: boolean;
  /**
   * Mechanism, not a patch: a receiver takes a gap from the peer's next_sent only in a STATE that
   * is a probe or a probe's reply (tipc_link_proto_rcv: `(reply || msg_is_keepalive(hdr)) &&
   * more(peers_snd_nxt, rcv_nxt)`). false takes it from every STATE, acknowledgements included.
   */
  readonly link_gap_keepalive_only: boolean;
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
  /**
   * A node from v5.5's "tipc: optimize link synching mechanism" on (TIPC_TUNNEL_ENHANCED): it
   * announces the capability and, to a peer that has it too, sends one header-only SYNCH_MSG
   * carrying the synch point (msg_syncpt). false is a node from before: it announces no
   * TIPC_TUNNEL_ENHANCED and tunnels every packet of the old link as a SYNCH_MSG, the receiver
   * taking the synch point from the first one's inner message.
   */
  readonly tunnel_enhanced: boolean;
  /**
   * A node from 9012de508956 "tipc: add sequence number check for link STATE messages" (v4.18)
   * on (TIPC_LINK_PROTO_SEQNO): it announces the capability, and numbers its STATEs with a
   * counter of their own for a peer that has it too. false is the link protocol of a node from
   * before: it announces neither TIPC_LINK_PROTO_SEQNO nor the later TIPC_GAP_ACK_BLOCK (v5.2),
   * gives every STATE the sequence number next_sent + 32767 (the same while it sends no data) and
   * puts no Gap ACK blocks in it. (Its other capabilities stay: as `named_legacy` is the naming
   * part of an old node, this is its link part.)
   */
  readonly link_proto_seqno: boolean;
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
   * Mechanism, not a patch: a broadcast receive link asks for a STATE (an acknowledgement) only
   * once 16 packets are unacknowledged and at the packet after which rcv_nxt xor the node's address
   * ends in 0xf (tipc_link_build_state_msg), and reports a gap at once only on the deferrals whose
   * count matches the address in its last 4 bits (tipc_link_build_nack_msg), so that the receivers
   * of one burst neither ack nor NACK in step. false acknowledges as soon as 16 are
   * unacknowledged, whatever the address, and reports the gap at every deferral.
   */
  readonly bcast_rcv_staggered: boolean;
  /**
   * Mechanism, not a patch: a STATE from a peer whose last_bcast shows a gap in what the node has
   * of the peer's broadcasts is answered at once with a STATE carrying it in bc_gap
   * (tipc_link_bc_sync_rcv → TIPC_LINK_SND_STATE, tipc_node_bc_sync_rcv). false waits for the
   * node's next timer STATE (or a probe's reply) to report it.
   */
  readonly bcast_sync_nack: boolean;
  /**
   * Mechanism, not a patch: the bcast_ack of a peer's data message (any message but
   * LINK_PROTOCOL) acknowledges the node's broadcast packets like a STATE's (tipc_rcv →
   * tipc_bcast_ack_rcv). false takes broadcast acknowledgements from STATEs alone.
   */
  readonly bcast_data_ack: boolean;
  /**
   * Mechanism, not a patch: a broadcast packet whose word 5 (msg_mc_netid) is not the node's
   * network id is dropped (tipc_bcast_rcv), though its sender is a peer the node knows. false
   * takes it whatever network id it carries.
   */
  readonly bcast_netid_filter: boolean;
  /**
   * Mechanism, not a patch: when the node loses its last broadcast peer, its broadcast send link
   * is reset (tipc_link_remove_bc_peer: tipc_link_reset(snd_l) at zero ackers), so the next peer
   * gets its broadcast packets numbered from 1 again. false keeps the numbering going.
   */
  readonly bcast_restart_alone: boolean;
  /**
   * Mechanism, not a patch: a peer's broadcast acknowledgement that goes back (a STATE that
   * arrives after a later one, its bcast_ack below the one held) is ignored, gap and all
   * (tipc_link_bc_ack_rcv: less(acked, r->acked)). false acts on its bc_gap, so packets the peer
   * has since received are broadcast again.
   */
  readonly bcast_ack_order: boolean;
  /**
   * Mechanism, not a patch: a new broadcast peer's acknowledgements count only once a STATE of
   * it has acknowledged the node's init message, its unicast packet 1 (tipc_link_bc_sync_rcv sets
   * bc_peer_is_up on a STATE with a non-zero ack; tipc_link_bc_ack_rcv returns without it). false
   * trusts them from the moment the peer is added (tipc_bcast_add_peer).
   */
  readonly bcast_peer_trust: boolean;
  /**
   * Mechanism, not a patch: a link's timer sends a STATE when the broadcast link needs one, a
   * peer that has not acknowledged every broadcast packet or a broadcast acknowledgement owed
   * (tipc_link_timeout: bc_acked != bc_snt, bc_rcvlink->rcv_unacked), even when the unicast link
   * itself has nothing to say. false leaves it to the unicast link's own reasons and probes.
   */
  readonly bcast_timer_state: boolean;
  /**
   * Mechanism, not a patch: a peer's STATE is taken for the broadcast receive link (last_bcast,
   * the gap to ask for) only once the link is up, opened by the peer's init message
   * (tipc_link_bc_sync_rcv: `!link_is_up(l)`). false acts on it while the link is down, so the
   * node asks for broadcast packets before it knows where the peer's numbering stands.
   */
  readonly bcast_sync_needs_up: boolean;
  /**
   * Mechanism, not a patch: a last_bcast beyond the broadcast receive window (rcv_nxt + 50) is
   * ignored (tipc_link_bc_sync_rcv). false takes it however far ahead, and asks for every packet.
   */
  readonly bcast_sync_window: boolean;
  /**
   * Mechanism, not a patch: a STATE marked bc_ack_invalid (built before its sender's broadcast
   * receive link was up) is not taken for the broadcast link at all, neither its bcast_ack and
   * bc_gap nor its last_bcast (tipc_bcast_sync_rcv). false reads it as any other STATE.
   */
  readonly bcast_ack_invalid_honoured: boolean;
  /**
   * Mechanism, not a patch: losing a peer lowers the count of peers that force replicast
   * (nt->rc_dests) only when that peer lacks TIPC_NAMED_BCAST (tipc_publ_notify), the count
   * tipc_named_node_up raised for it. false lowers it for every lost peer, so after losing one
   * that takes broadcast updates the count goes below 0 and every later update is replicast.
   */
  readonly named_rc_dests_caps: boolean;
  /**
   * Mechanism, not a patch: a bearer's discoverer counts the peers it has a working link to
   * (tipc_disc_add_dest / tipc_disc_remove_dest, from tipc_node_link_up / __tipc_node_link_down),
   * and tipc_disc_timeout lets its request interval double up to TIPC_DISC_SLOW (60 s) while it
   * has one, up to TIPC_DISC_FAST (1 s) while it has none; losing the last starts it again from
   * TIPC_DISC_INIT (125 ms). false counts nobody: a request every second for ever.
   */
  readonly disc_count_dests: boolean;
  /**
   * Mechanism, not a patch: tipc_disc_rcv() ignores a LINK_CONFIG message that carries the
   * bearer's own media address (its own, looped back), one of another network (msg_bc_netid !=
   * tn->net_id), one whose destination domain is not in the node's scope (tipc_in_scope) and one
   * from a node using the node's own address (in_own_node: disc_dupl_alert), and answers only a
   * DSC_REQ_MSG with a DSC_RESP_MSG, never a response. false takes all of them as a message from
   * a neighbour and answers a response too.
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
   * Mechanism, not a patch: when a link goes down, __tipc_node_link_down (node.c) hands the active
   * slots to the best other link up, starting its search at `highest = 0`: a survivor of priority 0
   * gets slot 1 only, slot 0 stays empty and the node loses contact with a link still up. false
   * starts below every priority, so a priority-0 survivor takes both slots and carries the failover.
   */
  readonly link_down_prio_floor: boolean;
  /**
   * Mechanism, not a patch: a RESET or ACTIVATE marked peer_stopping (its sender's node lost
   * contact and reset the link itself) fails the link endpoint (LINK_FAILURE_EVT in
   * tipc_link_proto_rcv: "If peer is going down we want full re-establish cycle"), so the node
   * loses contact as SELF_DOWN_PEER_LEAVING and waits for the peer's next message. false takes it
   * as a plain RESET (LINK_PEER_RESET_EVT), and the node goes straight to SELF_DOWN_PEER_DOWN.
   */
  readonly link_peer_stopping: boolean;
  /**
   * Mechanism, not a patch: an ACTIVATE whose dest_session is not the endpoint's session (the
   * endpoint was re-created while the peer was ESTABLISHING) moves the endpoint's session past
   * the one named when it is behind (tipc_link_proto_rcv: "Force re-synch", l->session =
   * dest_session + 1), so its next RESET is newer than what the peer holds. false leaves the
   * session as drawn: a re-created endpoint whose draw is behind never gets its RESETs taken.
   */
  readonly link_activate_resynch: boolean;
  /**
   * Mechanism, not a patch: a RESET or ACTIVATE completes the link's name with the peer's
   * interface name its body carries (tipc_link_proto_rcv: "Complete own link name with peer's
   * interface name"), so `tipc link list` shows own:if-peer:peerif. false leaves the name as
   * tipc_link_create made it, ending in ":unknown".
   */
  readonly link_name_peer_if: boolean;
  /**
   * Mechanism, not a patch: tipc_link_proto_rcv ignores a RESET or ACTIVATE whose max_pkt is below
   * the bearer's minimum MTU (tipc_bearer_min_mtu: "tipc: do not update mtu if msg_max is too
   * small in mtu negotiation", in 6.1 stable) or whose body is shorter than TIPC_MAX_IF_NAME (the
   * peer's interface name). false takes it as any other: it resets an up link, and its max_pkt
   * becomes the link's MTU.
   */
  readonly link_proto_body_check: boolean;
  /**
   * Mechanism, not a patch: the max_pkt of the peer's RESET or ACTIVATE lowers the link's MTU
   * when it is below it (tipc_link_proto_rcv: l->mtu = msg_max), and with it what the node packs
   * into one message (tipc_link_mss, named_distribute). false keeps the bearer's MTU whatever the
   * peer can take.
   */
  readonly link_peer_max_pkt: boolean;
  /**
   * Mechanism, not a patch: a peer's max_pkt above the link's MTU leaves it as it is (the link
   * never sends more than its own bearer takes). false takes any max_pkt as the link's MTU.
   */
  readonly link_mtu_only_down: boolean;
  /**
   * Mechanism, not a patch: a RESET or ACTIVATE announcing a link priority above the endpoint's
   * (up to TIPC_MAX_LINK_PRI) raises the endpoint's to it (tipc_link_proto_rcv: "Update own
   * priority if peer's priority is higher"). 6.1 sends none in its RESETs, older TIPC did. false
   * ignores it, so a later STATE announcing the same priority is a change that resets the link.
   */
  readonly link_reset_prio: boolean;
  /**
   * Mechanism, not a patch: the node timer runs at the keepalive interval of the link to the peer
   * with the lowest tolerance (tipc_node_calculate_timer: "Link with lowest tolerance determines
   * timer interval"), and each link's abort limit is its tolerance over that interval. false takes
   * the interval of the last link the timer ran, so a low-tolerance link beside a slower one is
   * supervised in the slower ticks and fails long after its tolerance.
   */
  readonly keepalive_lowest_tolerance: boolean;
  /**
   * Mechanism, not a patch: a bearer that goes down (NETDEV_GOING_DOWN: tipc_reset_bearer →
   * tipc_node_delete_links) deletes its link endpoints, and discovery creates new ones, with the
   * bearer's tolerance and priority and a new random session, when it is back. false keeps the
   * endpoint, which re-establishes with what was set on it.
   */
  readonly bearer_down_deletes_links: boolean;
  /**
   * Mechanism, not a patch: tipc_node_check_state drops as duplicates only packets other than
   * LINK_PROTOCOL whose sequence number is below the link's rcv_nxt ("Ignore duplicate packets":
   * `usr != LINK_PROTOCOL && less(oseqno, rcv_nxt)`); a STATE's sequence number field counts STATEs,
   * not packets. false takes a STATE numbered below rcv_nxt for a duplicate too, so it never ends a
   * failover: a failover after heavy traffic, with only STATEs after the synch point, lasts until
   * the next data packet.
   */
  readonly check_state_dup_spares_proto: boolean;
  /**
   * Mechanism, not a patch: tipc_node_check_state tests the parallel link against the synch point
   * ("Open tunnel link when parallel link reaches synch point") only in NODE_SYNCHING. false runs
   * that test in any state that gets there, so a packet on the failed link in the middle of a
   * failover, against the failover's synch point, raises NODE_SYNCH_END_EVT, which
   * NODE_FAILINGOVER rejects as illegal.
   */
  readonly synch_end_only_when_synching: boolean;
  /**
   * Mechanism, not a patch: an endpoint in session with its peer takes an ACTIVATE only of the
   * peer's session it holds or a newer one (tipc_link_validate_msg: `if (less(session,
   * l->peer_session)) return false`). false takes an ACTIVATE of an older session too, so a late one
   * from the peer's endpoint before it was re-created puts the endpoint back in that session.
   */
  readonly link_activate_session_check: boolean;
  /**
   * Mechanism, not a patch: tipc_node_check_dest() answers a known peer's discovery request with
   * a new signature while the link to it is not up (case 6: the peer rebooted; the signature is
   * taken and `respond` set). false takes the signature but does not answer, as with the link up.
   */
  readonly disc_reboot_answered: boolean;
  /**
   * Mechanism, not a patch: tipc_node_check_dest() ignores a known peer's discovery message from
   * another media address than the one it holds while the link there is up (cases 3 and 7,
   * `*dupl_addr = true`: a peer that changed its interface's address, or a cloned or duplicate
   * one; the link keeps its address until it goes down). false takes the message as with the link
   * down (cases 4 and 8): the new signature and address taken, the message answered, the link reset.
   */
  readonly disc_dupl_addr_ignored: boolean;
  /**
   * Mechanism, not a patch: when the last link on a bearer goes down, tipc_disc_remove_dest()
   * brings the next discovery request forward to TIPC_DISC_INIT only if the interval had grown
   * beyond TIPC_DISC_FAST (`intv > TIPC_DISC_FAST`). false brings it forward whatever the interval.
   */
  readonly disc_reinit_when_slow_only: boolean;
  /**
   * Mechanism, not a patch: a known peer's discovery message with other capabilities than the
   * node holds for it replaces them (tipc_node_create: "Same node may come back with new
   * capabilities"), links included (tipc_link_update_caps). false keeps the first ones for ever.
   */
  readonly node_caps_refreshed: boolean;
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
   * Mechanism, not a patch: tipc_link_timeout() sends at a tick only what is due: on an up
   * endpoint a STATE only if it owes an acknowledgement or has packets unacknowledged, a probe only
   * if it heard nothing since the last tick, holds deferred packets or sent nothing since the last
   * tick (the checkpoint); on an endpoint in RESET a RESET at its first five ticks, then at every
   * sixteenth (rst_cnt). false: a probe at every tick while up, a RESET at every tick while RESET.
   */
  readonly link_timer_due_only: boolean;
  /**
   * Mechanism, not a patch: an acknowledgement (tipc_link_build_state_msg), a NACK
   * (tipc_link_build_nack_msg) and a tolerance or priority announcement (tipc_link_set_tolerance,
   * tipc_link_set_prio) are plain STATEs: neither probe nor keepalive bit. false: every STATE that
   * is not a probe's reply goes out as a probe, and draws a reply.
   */
  readonly link_plain_states: boolean;
  /**
   * Mechanism, not a patch: a control call that finds nothing to act on is refused and changes
   * nothing: `tipc link set` for a link the node does not have (tipc_nl_node_set_link: no link of
   * that name, -EINVAL) and an unbinding of a range the node does not hold (tipc_sk_withdraw finds
   * no publication, no WITHDRAWAL). false: both answer as if done (and do nothing).
   */
  readonly control_refuses_nothing_to_do: boolean;
  /**
   * Mechanism, not a patch: an interface brought up while it is up changes nothing (no NETDEV_UP,
   * so no tipc_disc_reset). false: the bearer's discovery starts over, a request at once and
   * TIPC_DISC_INIT after, as for an interface that came back.
   */
  readonly bearer_up_idempotent: boolean;
  /**
   * Mechanism, not a patch: the node-state binding {0, own address} that tipc_net_finalize() binds
   * takes named_seqno 0 (tipc_named_publish: nt->snd_nxt++), distributed to nobody. false: it
   * takes none, so the node's bulk and updates are numbered one lower.
   */
  readonly node_state_numbered: boolean;
  /**
   * Proposed fix of KF-2 (docs/kernel-findings.md): tipc_named_dequeue() drops an update as stale
   * only once the last bulk has opened the queue. false (6.1, mainline): rule 4 runs before, when
   * rcv_nxt is still 0, so an update numbered 32769-65535 (16-bit serial: "less than 0") that
   * overtakes the bulk is dropped, and the bulk then sets rcv_nxt to a number that never comes.
   */
  readonly proposed_stale_drop_when_open: boolean;
  /**
   * Proposed fix of KF-3 (docs/kernel-findings.md): node_lost_contact() takes the peer off the
   * broadcast link (tipc_bcast_remove_peer) only if tipc_bcast_add_peer put it on since the last
   * time, once per contact. false (6.1, mainline): when both links of a peer took its RESET before
   * either tipc_node_link_down() ran (tipc_rcv drops the link lock first: two CPUs, or the same
   * instant here), each finds no link up and runs node_lost_contact(), and the broadcast link's
   * acker count drops by two: with one peer back it is 0, and tipc_bcast_xmit() sends nothing.
   */
  readonly proposed_bcast_remove_once: boolean;
  /**
   * Proposed fix of KF-4 (docs/kernel-findings.md): losing a peer lowers the count of peers that
   * force binding table updates onto replicast (nt->rc_dests) only if tipc_named_node_up counted
   * that peer when it came up, a mark kept per peer. false (6.1, mainline): tipc_publ_notify judges
   * by the capabilities the peer has at node down, which any discovery message of the peer changes
   * while its link is up (tipc_node_create), so a peer that drops TIPC_NAMED_BCAST while up takes
   * the count to -1 when it is lost, and one that gains it leaves the count at 1: every later
   * update is replicast.
   */
  readonly proposed_rc_dests_as_counted: boolean;
  /**
   * Mechanism, not a patch: losing a peer counted in nt->rc_dests lowers it whatever its value (a
   * u32: one below 0 is 0xffffffff, which tipc_node_broadcast's int reads as -1, not 0). false, a
   * wrong fix of KF-4 for the teeth: the count never goes below 0, which mends a peer that dropped
   * TIPC_NAMED_BCAST while up but not one that gained it.
   */
  readonly rc_dests_below_zero: boolean;
  /**
   * Mechanism, not a patch: tipc_rcv() discards a unicast frame whose destnode (word 7) is not
   * this node. false: it is taken like one addressed here.
   */
  readonly rcv_destnode_filter: boolean;
  /**
   * Mechanism, not a patch: tipc_rcv() reads destnode only from a header longer than SHORT_H_SIZE
   * (msg_short: a 24-byte header has no word 7). false: a 24-byte header's absent destnode is
   * read as 0 and the frame discarded as addressed to another node.
   */
  readonly rcv_short_header_exempt: boolean;
  /**
   * Mechanism, not a patch: the socket reports the originating node of user data as msg_orignode
   * (word 6; prevnode for a 24-byte header). false: the neighbour that sent the frame (prevnode).
   */
  readonly data_from_orignode: boolean;
  /**
   * Mechanism, not a patch: tipc_data_input() / tipc_sk_rcv() hand a socket as user data only a
   * message of a data user (importance LOW..CRITICAL), TIPC_DIRECT_MSG, without an error code, to
   * a port that exists (not 0). false: any message the link hands up that is of no other user is
   * delivered as data.
   */
  readonly data_filter: boolean;
  /** Mechanism, not a patch: TIPC_CRITICAL_IMPORTANCE is a data user (msg_isdata). false: only LOW..HIGH. */
  readonly data_critical: boolean;
  /**
   * Mechanism, not a patch: tipc_link_rcv() on an ESTABLISHING endpoint takes a numbered packet of
   * the peer as the sign that the peer is up (TIPC_LINK_UP_EVT) and drops it. false: it only drops
   * it, and the endpoint waits for the peer's ACTIVATE or STATE.
   */
  readonly link_data_establishes: boolean;
  /**
   * Mechanism, not a patch: tipc_node_check_state() in SELF_UP_PEER_COMING takes a STATE of the
   * peer on an up link, like a numbered packet, as the sign that the peer has its link up
   * (msg_peer_link_is_up: PEER_ESTABL_CONTACT_EVT). false: only a numbered packet is.
   */
  readonly peer_up_on_state: boolean;
  /**
   * Mechanism, not a patch: tipc_node_check_state() in SELF_UP_PEER_COMING takes any packet of the
   * peer but a LINK_PROTOCOL one (user data, a bulk) on an up link as the sign that the peer has
   * its link up (msg_peer_link_is_up). false: only its STATE is.
   */
  readonly peer_up_on_data: boolean;
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
  link_ack_cadence: true,
  link_nack_cadence: true,
  link_rcv_window: true,
  link_gap_keepalive_only: true,
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
  tunnel_enhanced: true,
  link_proto_seqno: true,
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
  bcast_rcv_staggered: true,
  bcast_sync_nack: true,
  bcast_data_ack: true,
  bcast_netid_filter: true,
  bcast_restart_alone: true,
  bcast_ack_order: true,
  bcast_peer_trust: true,
  bcast_timer_state: true,
  bcast_sync_needs_up: true,
  bcast_sync_window: true,
  bcast_ack_invalid_honoured: true,
  named_rc_dests_caps: true,
  disc_count_dests: true,
  disc_rcv_filters: true,
  establishing_link_down_resets: true,
  link_down_prio_floor: true,
  link_peer_stopping: true,
  link_activate_resynch: true,
  link_name_peer_if: true,
  link_proto_body_check: true,
  link_peer_max_pkt: true,
  link_mtu_only_down: true,
  link_reset_prio: true,
  keepalive_lowest_tolerance: true,
  bearer_down_deletes_links: true,
  check_state_dup_spares_proto: true,
  synch_end_only_when_synching: true,
  link_activate_session_check: true,
  link_timer_due_only: true,
  link_plain_states: true,
  control_refuses_nothing_to_do: true,
  bearer_up_idempotent: true,
  node_state_numbered: true,
  disc_reboot_answered: true,
  disc_dupl_addr_ignored: true,
  disc_reinit_when_slow_only: true,
  node_caps_refreshed: true,
  disc_quiet_when_down: true,
  proposed_named_reset: false,
  proposed_stale_drop_when_open: false,
  proposed_bcast_remove_once: false,
  proposed_rc_dests_as_counted: false,
  rc_dests_below_zero: true,
  rcv_destnode_filter: true,
  rcv_short_header_exempt: true,
  data_from_orignode: true,
  data_filter: true,
  data_critical: true,
  link_data_establishes: true,
  peer_up_on_state: true,
  peer_up_on_data: true,
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
  'pre-tunnel-enhanced': {
    name: 'pre-tunnel-enhanced',
    summary:
      'a node from before "tipc: optimize link synching mechanism" (v5.5): no TIPC_TUNNEL_ENHANCED, so a second link ' +
      'comes up with every packet of the first tunnelled as a SYNCH_MSG; a node type for mixed clusters, not a bug',
    ...FIXED,
    tunnel_enhanced: false,
  },
  'pre-link-proto-seqno': {
    name: 'pre-link-proto-seqno',
    summary:
      'the link protocol of a node from before 9012de508956 "tipc: add sequence number check for link STATE messages" ' +
      '(v4.18): neither TIPC_LINK_PROTO_SEQNO nor TIPC_GAP_ACK_BLOCK, so its STATEs carry next_sent + 32767 (repeated ' +
      'while it sends no data) and no Gap ACK blocks; a node type for mixed clusters, not a bug',
    ...FIXED,
    link_proto_seqno: false,
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
      "a peer's named_rcv_nxt and named_open reset when contact is lost (KF-1), the stale rule only once the queue is open (KF-2), " +
      'a peer taken off the broadcast link once per contact (KF-3), a lost peer uncounted from rc_dests as it was counted (KF-4)',
    ...FIXED,
    proposed_named_reset: true,
    proposed_stale_drop_when_open: true,
    proposed_bcast_remove_once: true,
    proposed_rc_dests_as_counted: true,
    fixes: ['KF-1', 'KF-2', 'KF-3', 'KF-4'],
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
  'ablation-ack-every-packet': {
    name: 'ablation-ack-every-packet',
    summary:
      'mutation, not kernel history: a receiver acknowledges every packet it receives in sequence in a STATE ' +
      'message at once, instead of after every 16 (TIPC_MIN_LINK_WIN)',
    ...FIXED,
    link_ack_cadence: false,
  },
  'ablation-nack-every-deferral': {
    name: 'ablation-nack-every-deferral',
    summary:
      'mutation, not kernel history: a receiver sends a NACK for every packet it puts in its deferred queue, ' +
      'instead of when the queue reaches 3 and at every 16th after (tipc_link_build_nack_msg)',
    ...FIXED,
    link_nack_cadence: false,
  },
  'ablation-stale-copy-deferred': {
    name: 'ablation-stale-copy-deferred',
    summary:
      'mutation, not kernel history: a copy of a packet the link delivered already is not dropped but kept in the ' +
      'deferred queue as if it had arrived ahead of a gap, where it stays at the head, reported as a gap in every probe',
    ...FIXED,
    link_rcv_window: false,
  },
  'ablation-plain-state-gap': {
    name: 'ablation-plain-state-gap',
    summary:
      'mutation, not kernel history: a receiver takes a gap from the next_sent of every STATE of the peer, not only ' +
      'from a probe or a probe\'s reply (keepalive), so it asks for a lost last packet as soon as an acknowledgement shows it',
    ...FIXED,
    link_gap_keepalive_only: false,
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
  'ablation-bc-unstaggered': {
    name: 'ablation-bc-unstaggered',
    summary:
      'mutation, not kernel history: a broadcast receive link acknowledges as soon as 16 packets are unacknowledged ' +
      'and reports a gap at every deferral, not at the points its address staggers them to',
    ...FIXED,
    bcast_rcv_staggered: false,
  },
  'ablation-bc-late-nack': {
    name: 'ablation-bc-late-nack',
    summary:
      "mutation, not kernel history: a peer's STATE that shows a broadcast packet missing (last_bcast) is not " +
      'answered at once; the gap goes out in the next timer STATE, up to a keepalive interval later',
    ...FIXED,
    bcast_sync_nack: false,
  },
  'ablation-bc-no-data-ack': {
    name: 'ablation-bc-no-data-ack',
    summary:
      "mutation, not kernel history: a peer's broadcast acknowledgement (bcast_ack) counts only in its STATEs, " +
      'not on its data messages, so what they acknowledge stays in the broadcast window until the next STATE',
    ...FIXED,
    bcast_data_ack: false,
  },
  'ablation-bc-any-netid': {
    name: 'ablation-bc-any-netid',
    summary:
      'mutation, not kernel history: a broadcast packet from a known peer is taken whatever network id its ' +
      "word 5 carries (no msg_mc_netid check in tipc_bcast_rcv), so another network's binding table updates " +
      'reach the binding table',
    ...FIXED,
    bcast_netid_filter: false,
  },
  'ablation-bc-no-restart': {
    name: 'ablation-bc-no-restart',
    summary:
      'mutation, not kernel history: a node that loses its last broadcast peer keeps its broadcast link as it was, ' +
      'so the next peer gets broadcast packets numbered on from the old count instead of from 1',
    ...FIXED,
    bcast_restart_alone: false,
  },
  'ablation-bc-ack-goes-back': {
    name: 'ablation-bc-ack-goes-back',
    summary:
      "mutation, not kernel history: a peer's STATE whose broadcast acknowledgement goes back (it arrives after a later one) " +
      'has its bc_gap acted on, so packets the peer has since received are broadcast again',
    ...FIXED,
    bcast_ack_order: false,
  },
  'ablation-bc-peer-trusted': {
    name: 'ablation-bc-peer-trusted',
    summary:
      "mutation, not kernel history: a new broadcast peer's acknowledgements count at once, before any STATE of it " +
      'has acknowledged the init message, so what it acknowledges on its first data messages leaves the window',
    ...FIXED,
    bcast_peer_trust: false,
  },
  'ablation-bc-no-timer-state': {
    name: 'ablation-bc-no-timer-state',
    summary:
      "mutation, not kernel history: a link's timer sends no STATE for the broadcast link's sake, so a peer that lost " +
      "the node's last broadcast packet learns of it (last_bcast) only at a later probe, a link timer interval late",
    ...FIXED,
    bcast_timer_state: false,
  },
  'ablation-bc-sync-while-down': {
    name: 'ablation-bc-sync-while-down',
    summary:
      "mutation, not kernel history: a peer's STATE is taken for the broadcast receive link while that link is down, " +
      "before the peer's init message has opened it, so the node asks for broadcast packets (bc_gap) it cannot yet place",
    ...FIXED,
    bcast_sync_needs_up: false,
  },
  'ablation-bc-sync-unbounded': {
    name: 'ablation-bc-sync-unbounded',
    summary:
      "mutation, not kernel history: a peer's last_bcast is taken however far beyond the broadcast receive window " +
      '(rcv_nxt + 50) it lies, so the node answers it with a STATE asking for every packet announced',
    ...FIXED,
    bcast_sync_window: false,
  },
  'ablation-bc-ack-invalid-ignored': {
    name: 'ablation-bc-ack-invalid-ignored',
    summary:
      "mutation, not kernel history: a peer's STATE marked bc_ack_invalid is read for the broadcast link as any other, " +
      'its last_bcast answered with a STATE asking for what it announces',
    ...FIXED,
    bcast_ack_invalid_honoured: false,
  },
  'ablation-rc-dests-every-loss': {
    name: 'ablation-rc-dests-every-loss',
    summary:
      'mutation, not kernel history: losing any peer lowers the count of peers that force replicast (rc_dests), ' +
      'not only losing one without TIPC_NAMED_BCAST, so after a broadcast-capable peer is lost every update is replicast',
    ...FIXED,
    named_rc_dests_caps: false,
  },
  'ablation-rc-dests-floor': {
    name: 'ablation-rc-dests-floor',
    summary:
      'a wrong fix of KF-4, not kernel history: the count of peers that force replicast (rc_dests) never goes below 0, ' +
      'so a peer that dropped TIPC_NAMED_BCAST while up is mended, but one that gained it while up still leaves the count at 1 ' +
      'when it is lost, and every later update is replicast',
    ...FIXED,
    rc_dests_below_zero: false,
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
      'messages taken, and those carrying its own media address, naming another node as destination or ' +
      'coming from its own address; a DSC_RESP answered like a DSC_REQ), does not answer a known peer that comes back with ' +
      'a new signature while the link to it is down, and sends its requests on a bearer whose interface is down',
    ...FIXED,
    disc_count_dests: false,
    disc_rcv_filters: false,
    disc_reboot_answered: false,
    disc_quiet_when_down: false,
  },
  'ablation-dupl-addr-taken': {
    name: 'ablation-dupl-addr-taken',
    summary:
      'mutation, not kernel history: tipc_node_check_dest takes a known peer\'s discovery message from another ' +
      'media address while the link there is up as if the link were down (cases 3 and 7 as 4 and 8): the ' +
      'address (and a new signature) taken, the message answered and the up link reset, where 6.1 ignores it ' +
      '(dupl_addr) until the link goes down',
    ...FIXED,
    disc_dupl_addr_ignored: false,
  },
  'ablation-disc-reinit-always': {
    name: 'ablation-disc-reinit-always',
    summary:
      'mutation, not kernel history: tipc_disc_remove_dest brings the next discovery request forward to ' +
      'TIPC_DISC_INIT (125 ms) whenever the last link on the bearer goes down, even while the interval is ' +
      'still TIPC_DISC_FAST (1 s) or less, where 6.1 leaves the request already scheduled',
    ...FIXED,
    disc_reinit_when_slow_only: false,
  },
  'ablation-peer-caps-kept': {
    name: 'ablation-peer-caps-kept',
    summary:
      'mutation, not kernel history: a node keeps the capabilities a peer first announced for as long as it ' +
      'knows the peer (tipc_node_create without the update of a known node), so a peer that comes back ' +
      'without TIPC_NAMED_BCAST is still sent its bindings by broadcast rather than by replicast',
    ...FIXED,
    node_caps_refreshed: false,
  },
  'ablation-establishing-not-defused': {
    name: 'ablation-establishing-not-defused',
    summary:
      'mutation, not kernel history: tipc_node_link_down leaves a link endpoint still ESTABLISHING as it ' +
      'is (no tipc_link_reset, no LINK_RESET_EVT) when, say, its interface goes down',
    ...FIXED,
    establishing_link_down_resets: false,
  },
  'ablation-prio0-failover': {
    name: 'ablation-prio0-failover',
    summary:
      'mutation, not kernel history: __tipc_node_link_down searches the surviving links from below priority 0 ' +
      '(not from highest = 0), so a survivor of priority 0 takes both active slots and the node fails over onto it instead of losing contact',
    ...FIXED,
    link_down_prio_floor: false,
  },
  'ablation-peer-stopping-ignored': {
    name: 'ablation-peer-stopping-ignored',
    summary:
      'mutation, not kernel history: tipc_link_proto_rcv takes a RESET marked peer_stopping for a plain one ' +
      '(LINK_PEER_RESET_EVT, not LINK_FAILURE_EVT), so the node skips SELF_DOWN_PEER_LEAVING when its peer goes down first',
    ...FIXED,
    link_peer_stopping: false,
  },
  'ablation-no-session-resynch': {
    name: 'ablation-no-session-resynch',
    summary:
      'mutation, not kernel history: an ACTIVATE naming a session the endpoint does not have is dropped without ' +
      'moving the endpoint\'s session past it, so an endpoint re-created while the peer was ESTABLISHING may never have its RESETs taken',
    ...FIXED,
    link_activate_resynch: false,
  },
  'ablation-timer-last-link': {
    name: 'ablation-timer-last-link',
    summary:
      'mutation, not kernel history: tipc_node_calculate_timer sets the node timer to the keepalive interval of each link ' +
      'it runs in turn, not the smallest, so a low-tolerance link beside a slower one fails long after its tolerance',
    ...FIXED,
    keepalive_lowest_tolerance: false,
  },
  'ablation-links-kept-on-bearer-down': {
    name: 'ablation-links-kept-on-bearer-down',
    summary:
      'mutation, not kernel history: a bearer that goes down leaves its link endpoints in place (tipc_node_link_down ' +
      'without deleting them), so when it is back the link re-establishes on the old endpoint, with the tolerance set on it',
    ...FIXED,
    bearer_down_deletes_links: false,
  },
  'ablation-state-taken-for-duplicate': {
    name: 'ablation-state-taken-for-duplicate',
    summary:
      'mutation, not kernel history: tipc_node_check_state ignores as a duplicate any packet numbered below rcv_nxt, ' +
      'LINK_PROTOCOL too, so a STATE (numbered by its own counter) never ends a failover and one with no data after it lasts on',
    ...FIXED,
    check_state_dup_spares_proto: false,
  },
  'ablation-synch-test-unguarded': {
    name: 'ablation-synch-test-unguarded',
    summary:
      'mutation, not kernel history: tipc_node_check_state runs its synch-end test outside NODE_SYNCHING too, so a packet ' +
      'on the failed link during a failover raises NODE_SYNCH_END_EVT, illegal in NODE_FAILINGOVER',
    ...FIXED,
    synch_end_only_when_synching: false,
  },
  'ablation-old-activate-accepted': {
    name: 'ablation-old-activate-accepted',
    summary:
      'mutation, not kernel history: tipc_link_validate_msg takes an ACTIVATE of a session older than the peer session ' +
      'the endpoint holds, so a late one from a re-created peer endpoint puts a working link back in the old session',
    ...FIXED,
    link_activate_session_check: false,
  },
  'ablation-link-name-unknown': {
    name: 'ablation-link-name-unknown',
    summary:
      'mutation, not kernel history: a RESET or ACTIVATE does not complete the link\'s name with the peer\'s interface ' +
      'name in its body, so the link stays named own:if-peer:unknown as tipc_link_create made it',
    ...FIXED,
    link_name_peer_if: false,
  },
  'ablation-proto-body-unchecked': {
    name: 'ablation-proto-body-unchecked',
    summary:
      'mutation, not kernel history: tipc_link_proto_rcv takes a RESET or ACTIVATE whatever its max_pkt and however ' +
      'short its body (no interface name), so one with a max_pkt below the bearer minimum or a cut body resets an up link',
    ...FIXED,
    link_proto_body_check: false,
  },
  'ablation-peer-max-pkt-ignored': {
    name: 'ablation-peer-max-pkt-ignored',
    summary:
      'mutation, not kernel history: the max_pkt of the peer\'s RESET or ACTIVATE does not lower the link\'s MTU, so ' +
      'the node packs its messages (its bulk) for its own bearer\'s MTU whatever the peer announced it can take',
    ...FIXED,
    link_peer_max_pkt: false,
  },
  'ablation-peer-max-pkt-raises': {
    name: 'ablation-peer-max-pkt-raises',
    summary:
      'mutation, not kernel history: the max_pkt of the peer\'s RESET or ACTIVATE becomes the link\'s MTU even when it ' +
      'is above the link\'s own, so the node packs messages (its bulk) larger than its bearer takes',
    ...FIXED,
    link_mtu_only_down: false,
  },
  'ablation-reset-prio-ignored': {
    name: 'ablation-reset-prio-ignored',
    summary:
      'mutation, not kernel history: a RESET or ACTIVATE announcing a link priority above the endpoint\'s is not taken, ' +
      'so the peer\'s STATE that announces the same priority later is a change, and resets the link',
    ...FIXED,
    link_reset_prio: false,
  },
  'ablation-timer-naive': {
    name: 'ablation-timer-naive',
    summary:
      'mutation, not kernel history: a link timer that sends at every tick whatever is due: a probe STATE ' +
      'at every tick while the endpoint is up (no checkpoint, no silence count deciding it), a RESET at every ' +
      'tick while it is RESET (not the first five ticks, then every sixteenth)',
    ...FIXED,
    link_timer_due_only: false,
  },
  'ablation-probe-always': {
    name: 'ablation-probe-always',
    summary:
      'mutation, not kernel history: every STATE that is not a probe\'s reply goes out as a probe: ' +
      'acknowledgements, NACKs and tolerance/priority announcements draw a reply from the peer',
    ...FIXED,
    link_plain_states: false,
  },
  'ablation-nothing-to-do-accepted': {
    name: 'ablation-nothing-to-do-accepted',
    summary:
      'mutation, not kernel history: a control call that finds nothing to act on answers as if done: a link ' +
      'tolerance or priority set for a link the node does not have, an unbinding of a range it does not hold',
    ...FIXED,
    control_refuses_nothing_to_do: false,
  },
  'ablation-bearer-up-restarts': {
    name: 'ablation-bearer-up-restarts',
    summary:
      'mutation, not kernel history: an interface brought up while already up restarts discovery on its ' +
      'bearer (a request at once, then 125 ms, 250 ms, ...), where no NETDEV_UP comes and nothing changes',
    ...FIXED,
    bearer_up_idempotent: false,
  },
  'ablation-node-state-unnumbered': {
    name: 'ablation-node-state-unnumbered',
    summary:
      'mutation, not kernel history: the node-state binding of tipc_net_finalize takes no named_seqno, so ' +
      'the last message of the first bulk carries 0, not 1, and every later update one lower',
    ...FIXED,
    node_state_numbered: false,
  },
  'ablation-no-destnode-filter': {
    name: 'ablation-no-destnode-filter',
    summary:
      'mutation, not kernel history: tipc_rcv takes a unicast frame whose destination node (word 7) is another node ' +
      'as if it were addressed here, instead of discarding it',
    ...FIXED,
    rcv_destnode_filter: false,
  },
  'ablation-short-header-destnode': {
    name: 'ablation-short-header-destnode',
    summary:
      'mutation, not kernel history: tipc_rcv reads a destination node from a 24-byte (SHORT_H_SIZE) header too, ' +
      'which has none, and discards the frame as addressed to another node',
    ...FIXED,
    rcv_short_header_exempt: false,
  },
  'ablation-data-from-prevnode': {
    name: 'ablation-data-from-prevnode',
    summary:
      'mutation, not kernel history: user data is reported as coming from the neighbour that sent the frame (prevnode, ' +
      'word 3), not from its originating node (msg_orignode, word 6)',
    ...FIXED,
    data_from_orignode: false,
  },
  'ablation-no-data-filter': {
    name: 'ablation-no-data-filter',
    summary:
      'mutation, not kernel history: whatever the link hands up that no other user takes is delivered as user data: ' +
      'a message of another user (CONN_MANAGER, an unknown one), another type (TIPC_CONN_MSG to a connectionless ' +
      'socket), with an error code, or to port 0',
    ...FIXED,
    data_filter: false,
  },
  'ablation-critical-not-data': {
    name: 'ablation-critical-not-data',
    summary:
      'mutation, not kernel history: a message of TIPC_CRITICAL_IMPORTANCE is not taken as user data (an off-by-one ' +
      'in msg_isdata), so it is dropped at the receiver',
    ...FIXED,
    data_critical: false,
  },
  'ablation-establishing-ignores-data': {
    name: 'ablation-establishing-ignores-data',
    summary:
      'mutation, not kernel history: a numbered packet of the peer that reaches an ESTABLISHING endpoint is dropped ' +
      'without bringing the endpoint up, so it waits for an ACTIVATE or STATE of the peer that may never come',
    ...FIXED,
    link_data_establishes: false,
  },
  'ablation-peer-up-on-data-only': {
    name: 'ablation-peer-up-on-data-only',
    summary:
      'mutation, not kernel history: in SELF_UP_PEER_COMING only a numbered packet of the peer, not its STATE, shows ' +
      'that the peer has its link up, so a node whose peer sends no data stays SELF_UP_PEER_COMING',
    ...FIXED,
    peer_up_on_state: false,
  },
  'ablation-peer-up-on-state-only': {
    name: 'ablation-peer-up-on-state-only',
    summary:
      'mutation, not kernel history: in SELF_UP_PEER_COMING only a STATE of the peer, not its user data, shows that ' +
      'the peer has its link up, so a node that gets the peer\'s data but no STATE stays SELF_UP_PEER_COMING',
    ...FIXED,
    peer_up_on_data: false,
  },
} as const satisfies Record<string, Profile>;

export type ProfileName = keyof typeof PROFILES;

export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

export function isProfileName(name: string): name is ProfileName {
  return Object.prototype.hasOwnProperty.call(PROFILES, name);
}
