#!/usr/bin/env python3
"""A small TIPC node (discovery, link set-up and supervision, the failover two links need) for the process protocol.

Written from README.md and docs/ alone (docs/adapter-protocol.md, docs/wire-format.md), as an
outside implementer would: no source of the project was read. Standard library only. It declares
the capabilities `link` and `virtual-time`; see README.md beside it for what it leaves out.
"""
import json
import random
import sys

# --- wire constants (docs/wire-format.md) ---
BCAST_PROTOCOL, LINK_PROTOCOL, TUNNEL_PROTOCOL, NAME_DISTRIBUTOR, LINK_CONFIG = 5, 7, 10, 11, 13
STATE_MSG, RESET_MSG, ACTIVATE_MSG = 0, 1, 2
FAILOVER_MSG, TIPC_DIRECT_MSG, TIPC_ERR_NO_PORT = 1, 3, 2
DSC_REQ_MSG, DSC_RESP_MSG = 0, 1
INT_H_SIZE, MAX_H_SIZE, IF_NAME_LEN = 40, 60, 16
CAP_NODE_ID128, CAP_LINK_PROTO_SEQNO, CAP_GAP_ACK_BLOCK = 0x020, 0x040, 0x100
OWN_CAPS = CAP_NODE_ID128 | CAP_LINK_PROTO_SEQNO  # what this node implements of the bits
MTU, MIN_MTU = 1500, 100
TOL_MIN, TOL_MAX, DEFAULT_TOL, DEFAULT_PRIO = 50, 30000, 1500, 10
DISC_INIT, DISC_FAST, DISC_SLOW = 125, 1000, 60000

# --- FSM tables (docs/wire-format.md, "Link and node FSM tables"): state -> {event: (to, link_down)} ---
def _table(rows):
    return {s: {e: (t, d) for e, t, d in cells} for s, cells in rows.items()}

LINK_FSM = _table({
    'ESTABLISHED': [('ESTABLISH_EVT', 'ESTABLISHED', 0), ('PEER_RESET_EVT', 'PEER_RESET', 1), ('FAILURE_EVT', 'RESETTING', 1),
                    ('RESET_EVT', 'RESET', 0), ('SYNCH_BEGIN_EVT', 'SYNCHING', 0), ('SYNCH_END_EVT', 'ESTABLISHED', 0)],
    'ESTABLISHING': [('ESTABLISH_EVT', 'ESTABLISHED', 0), ('PEER_RESET_EVT', 'ESTABLISHING', 0), ('FAILURE_EVT', 'ESTABLISHING', 0),
                     ('RESET_EVT', 'RESET', 0), ('FAILOVER_BEGIN_EVT', 'FAILINGOVER', 0), ('FAILOVER_END_EVT', 'ESTABLISHING', 0),
                     ('SYNCH_BEGIN_EVT', 'ESTABLISHING', 0)],
    'RESET': [('ESTABLISH_EVT', 'RESET', 0), ('PEER_RESET_EVT', 'ESTABLISHING', 0), ('FAILURE_EVT', 'RESET', 0),
              ('RESET_EVT', 'RESET', 0), ('FAILOVER_BEGIN_EVT', 'FAILINGOVER', 0), ('FAILOVER_END_EVT', 'RESET', 0)],
    'RESETTING': [('PEER_RESET_EVT', 'PEER_RESET', 0), ('RESET_EVT', 'RESET', 0)],
    'PEER_RESET': [('ESTABLISH_EVT', 'PEER_RESET', 0), ('PEER_RESET_EVT', 'PEER_RESET', 0), ('FAILURE_EVT', 'PEER_RESET', 0),
                   ('RESET_EVT', 'ESTABLISHING', 0)],
    'FAILINGOVER': [('ESTABLISH_EVT', 'FAILINGOVER', 0), ('PEER_RESET_EVT', 'FAILINGOVER', 0), ('FAILURE_EVT', 'FAILINGOVER', 0),
                    ('RESET_EVT', 'FAILINGOVER', 0), ('FAILOVER_END_EVT', 'RESET', 0)],
    'SYNCHING': [('ESTABLISH_EVT', 'SYNCHING', 0), ('PEER_RESET_EVT', 'PEER_RESET', 1), ('FAILURE_EVT', 'RESETTING', 1),
                 ('RESET_EVT', 'RESET', 0), ('SYNCH_BEGIN_EVT', 'SYNCHING', 0), ('SYNCH_END_EVT', 'ESTABLISHED', 0)],
})
_S, _L = 'SELF_ESTABL_CONTACT_EVT', 'SELF_LOST_CONTACT_EVT'
_P, _Q = 'PEER_ESTABL_CONTACT_EVT', 'PEER_LOST_CONTACT_EVT'
# the node table's moves only: every other cell leaves the state as it is (stay or illegal)
NODE_FSM = {
    'SELF_DOWN_PEER_DOWN': {_S: 'SELF_UP_PEER_COMING', _P: 'SELF_COMING_PEER_UP'},
    'SELF_UP_PEER_UP': {_L: 'SELF_DOWN_PEER_LEAVING', _Q: 'SELF_LEAVING_PEER_DOWN',
                        'FAILOVER_BEGIN_EVT': 'FAILINGOVER', 'SYNCH_BEGIN_EVT': 'SYNCHING'},
    'SELF_DOWN_PEER_LEAVING': {_Q: 'SELF_DOWN_PEER_DOWN'},
    'SELF_UP_PEER_COMING': {_L: 'SELF_DOWN_PEER_DOWN', _P: 'SELF_UP_PEER_UP'},
    'SELF_COMING_PEER_UP': {_S: 'SELF_UP_PEER_UP', _Q: 'SELF_DOWN_PEER_DOWN'},
    'SELF_LEAVING_PEER_DOWN': {_L: 'SELF_DOWN_PEER_DOWN'},
    'FAILINGOVER': {_L: 'SELF_DOWN_PEER_LEAVING', _Q: 'SELF_LEAVING_PEER_DOWN', 'FAILOVER_END_EVT': 'SELF_UP_PEER_UP'},
    'SYNCHING': {_L: 'SELF_DOWN_PEER_LEAVING', _Q: 'SELF_LEAVING_PEER_DOWN', 'FAILOVER_BEGIN_EVT': 'FAILINGOVER',
                 'SYNCH_END_EVT': 'SELF_UP_PEER_UP'},
}


# --- 16-bit serial arithmetic ---
def less_eq(a, b):
    return (b - a) % 65536 < 32768


def less(a, b):
    return less_eq(a, b) and (a - b) % 65536 != 0


def more(a, b):
    return not less_eq(a, b)


# --- header words ---
def field(words, w, lo, hi):
    return (words[w] >> lo) & ((1 << (hi - lo + 1)) - 1)


def put(words, w, lo, hi, value):
    mask = (1 << (hi - lo + 1)) - 1
    words[w] = (words[w] & ~(mask << lo)) | ((value & mask) << lo)


def decode(raw):
    """The header words of a valid frame and its body, or None (the validation of wire-format.md)."""
    if len(raw) < 24:
        return None
    w0 = int.from_bytes(raw[0:4], 'big')
    hsize, msize = ((w0 >> 21) & 0xF) * 4, w0 & 0x1FFFF
    if w0 >> 29 != 2 or not 24 <= hsize <= 60 or hsize > len(raw) or msize < hsize:
        return None
    if msize - hsize > 66000 or msize > len(raw):
        return None
    words = [int.from_bytes(raw[i:i + 4], 'big') for i in range(0, hsize, 4)]
    return words, raw[hsize:msize]


def encode(words, body=b''):
    put(words, 0, 0, 16, len(words) * 4 + len(body))
    return b''.join(w.to_bytes(4, 'big') for w in words) + body


def new_header(user, mtype, hsize, prevnode):
    words = [0] * (hsize // 4)
    put(words, 0, 29, 31, 2)
    put(words, 0, 25, 28, user)
    put(words, 0, 21, 24, hsize // 4)
    put(words, 1, 29, 31, mtype)
    words[3] = prevnode
    return words


class Link:
    def __init__(self, node, peer, bearer):
        b = node.bearers[bearer]
        self.peer, self.bearer, self.state = peer, bearer, 'RESETTING'
        self.session = node.rng.randrange(65536)
        self.peer_session, self.in_session = 0, False
        self.tolerance, self.priority = b['tolerance'], b['priority']
        self.maddr, self.peer_if = None, 'unknown'  # the peer's interface comes with its RESET or ACTIVATE
        self.net_plane = bearer  # the bearer's plane, 0 = A; the lower address adopts the peer's
        self.peer_bearer_id = bearer
        self.drop_point = 0  # set only when a failover starts; a reset leaves it (nothing is delivered from tunnels)
        self.abort_limit = 4
        self.reset()

    def reset(self):
        """Every reset (docs/wire-format.md, Sessions): a newer session, counters back to 1."""
        self.in_session = False
        self.peer_session = (self.peer_session - 1) % 65536
        self.session = (self.session + 1) % 65536
        self.mtu = MTU
        self.snd_nxt = self.rcv_nxt = self.snd_nxt_state = self.rcv_nxt_state = 1
        self.silent_intv_cnt = self.rst_cnt = self.rcv_unacked = 0
        self.sendq = {}  # seqno -> (words, body): sequenced packets sent and not yet acknowledged
        self.checkpoint = 1  # snd_nxt at the last timer expiry

    def is_up(self):
        return self.state in ('ESTABLISHED', 'SYNCHING')

    def blocked(self):
        return self.state in ('RESETTING', 'PEER_RESET', 'FAILINGOVER')


class Peer:
    def __init__(self, addr):
        self.addr, self.sig, self.caps = addr, None, 0
        self.state = 'SELF_DOWN_PEER_LEAVING'  # a new peer node starts there (wire-format.md)
        self.links = {}
        self.bc_up, self.bc_rcv_nxt = False, 1  # the broadcast receive link, opened by the peer's init message
        self.timer, self.intv = None, 10000
        self.sync_point = 0


class Node:
    def __init__(self, req):
        self.addr, self.net_id = req['address'], req['net_id']
        self.rng = random.Random(req['seed'])
        self.sig = self.rng.randrange(1, 65536)
        self.bearers = {}
        for b in req['bearers']:
            self.bearers[b['id']] = {'if_name': b['if_name'], 'mac': bytes.fromhex(b['mac']), 'up': False,
                                     'tolerance': b.get('tolerance', DEFAULT_TOL), 'priority': b.get('priority', DEFAULT_PRIO),
                                     'disc_intv': DISC_INIT, 'disc_next': None}
        self.peers = {}
        self.now = 0
        self.deferred = []  # node-level work after a link failed: a tick at the same instant
        self.out, self.events, self.notes = [], [], []

    # --- output ---
    def send(self, bearer, dest, words, body=b''):
        self.out.append({'bearer': bearer, 'dest': dest, 'hex': encode(words, body).hex()})

    def link_name(self, link):
        return f"{self.addr:x}:{self.bearers[link.bearer]['if_name']}-{link.peer.addr:x}:{link.peer_if}"

    def link_evt(self, link, evt):
        to, down = LINK_FSM[link.state].get(evt, (link.state, 0))
        self.events.append({'kind': 'link-fsm', 'peer': link.peer.addr, 'bearer': link.bearer,
                            'from': link.state, 'evt': evt, 'to': to})
        self.notes.append(f'link <{self.link_name(link)}> {link.state}--({evt})->{to}')
        link.state = to
        return bool(down)

    def node_evt(self, peer, evt):
        to = NODE_FSM[peer.state].get(evt, peer.state)
        self.events.append({'kind': 'node-fsm', 'peer': peer.addr, 'from': peer.state, 'evt': evt, 'to': to})
        self.notes.append(f'node <{peer.addr:x}> {peer.state}--({evt})->{to}')
        peer.state = to

    # --- discovery (LINK_CONFIG) ---
    def disc_msg(self, bearer, mtype, dest_domain):
        words = new_header(LINK_CONFIG, mtype, MAX_H_SIZE, self.addr)
        put(words, 0, 20, 20, 1)
        put(words, 1, 0, 15, self.sig)
        put(words, 1, 15, 27, OWN_CAPS)  # over the signature's bit 15, which the two fields share
        words[2], words[4], words[13] = dest_domain, self.net_id, self.sig
        mac = self.bearers[bearer]['mac']
        words[5] = 1  # media type Ethernet in byte 3 of the media address field
        words[6] = int.from_bytes(mac[0:4], 'big')
        words[7] = int.from_bytes(mac[4:6], 'big') << 16
        node_id = format(self.addr, 'x').encode().ljust(16, b'\0')
        return words, node_id

    def disc_timeout(self, bearer):
        b = self.bearers[bearer]
        words, body = self.disc_msg(bearer, DSC_REQ_MSG, 0)
        self.send(bearer, 'broadcast', words, body)
        b['disc_intv'] = min(b['disc_intv'] * 2, DISC_SLOW if self.links_up(bearer) else DISC_FAST)
        b['disc_next'] = self.now + b['disc_intv']

    def disc_rcv(self, bearer, words, body):
        if len(words) < 15 or field(words, 5, 0, 7) != 1:
            return
        mac = b''.join(w.to_bytes(4, 'big') for w in words[5:13])[4:10]
        if mac == b'\xff' * 6 or mac == self.bearers[bearer]['mac']:
            return
        src, mtype = words[3], field(words, 1, 29, 31)
        if words[4] != self.net_id or src == self.addr or words[2] not in (0, self.addr):
            return
        peer = self.peers.get(src)
        if peer is None:  # no signature yet: the first message's "differs"
            peer = self.peers[src] = Peer(src)
        peer.caps = field(words, 1, 15, 27)
        sig = field(words, 1, 0, 15)
        link = peer.links.get(bearer)
        sign_match, addr_match = sig == peer.sig, link is not None and link.maddr == mac
        up = link is not None and link.is_up()
        respond = accept = reset = False
        if sign_match:
            if addr_match:
                respond = not up
            elif not up:
                accept = respond = reset = True
        else:
            if addr_match:
                peer.sig, respond = sig, not up
            elif not up:
                peer.sig, accept, respond, reset = sig, True, True, True
        if accept:
            if link is None and len(peer.links) < 2:
                link = Link(self, peer, bearer)
                peer.links[bearer] = link
                self.link_evt(link, 'RESET_EVT')
                if peer.state == 'FAILINGOVER':
                    self.link_evt(link, 'FAILOVER_BEGIN_EVT')
                self.calculate_timer(peer, link)
                if peer.timer is None:
                    peer.timer = self.now + peer.intv
            if link is not None:
                link.maddr = mac
        if reset and link is not None and link.state not in ('RESET', 'FAILINGOVER', 'ESTABLISHING'):
            if link.is_up():
                self.link_evt(link, 'FAILURE_EVT')
            self.node_link_down(peer, link)
        if respond and mtype == DSC_REQ_MSG:
            w, b = self.disc_msg(bearer, DSC_RESP_MSG, src)
            self.send(bearer, src, w, b)

    # --- LINK_PROTOCOL ---
    def proto_msg(self, link, mtype, probe=False, reply=False, gap=0, tol=0, prio=0, stopping=False):
        if link.blocked() or (mtype == STATE_MSG and not link.is_up()):
            return
        peer = link.peer
        words = new_header(LINK_PROTOCOL, mtype, INT_H_SIZE, self.addr)
        words[6], words[7] = self.addr, peer.addr
        put(words, 2, 16, 31, link.rcv_nxt - 1)
        put(words, 2, 0, 15, link.snd_nxt + 32767)
        put(words, 4, 0, 15, link.snd_nxt)
        put(words, 1, 0, 15, peer.bc_rcv_nxt - 1 if peer.bc_up else 0)
        put(words, 5, 16, 31, link.session)
        put(words, 5, 14, 14, 0 if peer.bc_up else 1)
        put(words, 5, 13, 13, 1 if stopping else 0)
        put(words, 5, 12, 12, 1 if peer.bc_up else 0)
        put(words, 5, 9, 11, link.bearer)
        put(words, 5, 4, 8, prio)
        put(words, 5, 1, 3, link.net_plane)
        put(words, 9, 0, 15, tol)
        body = b''
        if mtype == STATE_MSG:
            if peer.caps & CAP_LINK_PROTO_SEQNO:
                put(words, 2, 0, 15, link.snd_nxt_state)
                link.snd_nxt_state = (link.snd_nxt_state + 1) % 65536
            put(words, 1, 16, 28, gap)
            put(words, 5, 0, 0, 1 if probe else 0)
            put(words, 0, 19, 19, 1 if probe or reply else 0)
            if peer.caps & CAP_GAP_ACK_BLOCK:
                body = bytes([0, 4, 0, 0])  # the empty Gap ACK record
            link.rcv_unacked = 0
        else:
            if mtype == ACTIVATE_MSG:
                put(words, 1, 16, 16, 1)
                put(words, 1, 0, 15, link.peer_session)
            put(words, 9, 16, 31, MTU // 4)
            body = self.bearers[link.bearer]['if_name'].encode()[:15].ljust(IF_NAME_LEN, b'\0')
        self.send(link.bearer, peer.addr, words, body)

    def validate(self, link, words):
        """Session validation (wire-format.md, Sessions); non-protocol packets always pass."""
        if field(words, 0, 25, 28) != LINK_PROTOCOL:
            return True
        mtype, session = field(words, 1, 29, 31), field(words, 5, 16, 31)
        if mtype == RESET_MSG:
            return not link.in_session or more(session, link.peer_session)
        if mtype == ACTIVATE_MSG:
            return not link.in_session or not less(session, link.peer_session)
        if mtype == STATE_MSG:
            if not link.in_session or session != link.peer_session:
                return False
            if not link.is_up() and field(words, 2, 16, 31) != 0:
                return False
            return not (link.peer.caps & CAP_LINK_PROTO_SEQNO) or not less(field(words, 2, 0, 15), link.rcv_nxt_state)
        return False

    def proto_rcv(self, link, words, body):
        """Returns 'up', 'down' or None: what the node must do after the link's own processing."""
        if link.blocked():
            return None
        if self.addr > words[3]:
            link.net_plane = field(words, 5, 1, 3)
        if not self.validate(link, words):
            return None
        mtype, rc = field(words, 1, 29, 31), None
        tol, prio = field(words, 9, 0, 15), field(words, 5, 4, 8)
        if mtype in (RESET_MSG, ACTIVATE_MSG):
            max_pkt = field(words, 9, 16, 31) * 4
            if max_pkt < MIN_MTU or len(body) < IF_NAME_LEN:
                return None
            link.peer_if = body[:IF_NAME_LEN].split(b'\0')[0].decode('ascii', 'replace')
            if TOL_MIN <= tol <= TOL_MAX:
                link.tolerance = tol
            if link.priority < prio <= 31:
                link.priority = prio
            if field(words, 5, 13, 13):  # peer_stopping
                return 'down' if self.link_evt(link, 'FAILURE_EVT') else None
            if mtype == ACTIVATE_MSG and field(words, 1, 16, 16) and field(words, 1, 0, 15) != link.session:
                if less(link.session, field(words, 1, 0, 15)):
                    link.session = (field(words, 1, 0, 15) + 1) % 65536
                return None
            if mtype == RESET_MSG or not link.is_up():
                if self.link_evt(link, 'PEER_RESET_EVT'):
                    rc = 'down'
            if mtype == ACTIVATE_MSG and link.state == 'ESTABLISHING':
                rc = 'up'
            link.peer_session, link.in_session = field(words, 5, 16, 31), True
            link.peer_bearer_id = field(words, 5, 9, 11)
            link.mtu = min(link.mtu, max_pkt)
            return rc
        # STATE
        link.rcv_nxt_state = (field(words, 2, 0, 15) + 1) % 65536
        if TOL_MIN <= tol <= TOL_MAX:
            link.tolerance = tol
        if 1 <= prio <= 31 and prio != link.priority:
            link.priority = prio
            if self.link_evt(link, 'FAILURE_EVT'):
                rc = 'down'
        link.silent_intv_cnt = 0
        if not link.is_up():
            return 'up' if link.state == 'ESTABLISHING' else rc
        self.release(link, field(words, 2, 16, 31))
        if field(words, 1, 16, 28):
            self.retransmit(link, field(words, 2, 16, 31), field(words, 1, 16, 28))
        next_sent, probe = field(words, 4, 0, 15), field(words, 5, 0, 0)
        gap = 0
        if (probe or field(words, 0, 19, 19)) and more(next_sent, link.rcv_nxt):
            gap = (next_sent - link.rcv_nxt) % 65536  # packets missing, no deferred queue to wait on
        if probe or gap:
            self.proto_msg(link, STATE_MSG, reply=bool(probe), gap=gap)
        return rc

    def data_rcv(self, link, words):
        """A numbered packet that is not LINK_PROTOCOL: acknowledged in sequence, its content dropped."""
        if not link.is_up():
            return 'up' if link.state == 'ESTABLISHING' else None
        link.silent_intv_cnt = 0
        self.release(link, field(words, 2, 16, 31))
        seqno = field(words, 2, 0, 15)
        if seqno == link.rcv_nxt:
            link.rcv_nxt = (link.rcv_nxt + 1) % 65536
            user = field(words, 0, 25, 28)
            if user == BCAST_PROTOCOL and not link.peer.bc_up:  # the peer's broadcast init message
                link.peer.bc_up, link.peer.bc_rcv_nxt = True, (field(words, 4, 16, 31) + 1) % 65536
            elif user == NAME_DISTRIBUTOR:
                link.peer.bc_up = True
            link.rcv_unacked += 1
            if link.rcv_unacked >= 16:
                self.proto_msg(link, STATE_MSG)
        elif more(seqno, link.rcv_nxt) and (seqno - link.rcv_nxt) % 65536 <= 8191:
            # ahead of sequence: ask for what is missing (no deferred queue: this one comes again)
            self.proto_msg(link, STATE_MSG, gap=(seqno - link.rcv_nxt) % 65536)
        return None

    # --- sequenced packets this node sends (only FAILOVER_MSGs): kept until acknowledged ---
    def send_seq(self, link, words, body):
        put(words, 2, 0, 15, link.snd_nxt)
        link.sendq[link.snd_nxt] = (words, body)
        link.snd_nxt = (link.snd_nxt + 1) % 65536
        self.transmit(link, words, body)

    def transmit(self, link, words, body):
        put(words, 2, 16, 31, link.rcv_nxt - 1)
        put(words, 1, 0, 15, link.peer.bc_rcv_nxt - 1 if link.peer.bc_up else 0)
        self.send(link.bearer, link.peer.addr, words, body)

    def release(self, link, ack):
        for seqno in [q for q in link.sendq if less_eq(q, ack)]:
            del link.sendq[seqno]

    def retransmit(self, link, ack, gap):
        for i in range(1, gap + 1):
            packet = link.sendq.get((ack + i) % 65536)
            if packet:
                self.transmit(link, *packet)

    def dummy(self, link, seqno):
        """The 32-byte LOW/DIRECT message with TIPC_ERR_NO_PORT that a failover tunnels (at least one)."""
        words = new_header(0, TIPC_DIRECT_MSG, 32, self.addr)
        put(words, 1, 25, 28, TIPC_ERR_NO_PORT)
        put(words, 2, 16, 31, link.rcv_nxt - 1)
        put(words, 2, 0, 15, seqno)
        words[6], words[7] = self.addr, link.peer.addr
        return encode(words)

    def tunnel(self, tnl, bearer_id, inner, msgcnt):
        words = new_header(TUNNEL_PROTOCOL, FAILOVER_MSG, INT_H_SIZE, self.addr)
        words[6], words[7] = self.addr, tnl.peer.addr
        put(words, 5, 9, 11, bearer_id)
        put(words, 9, 16, 31, msgcnt)
        self.send_seq(tnl, words, inner)

    def failover(self, peer, link, tnl):
        """Failover, the sender (wire-format.md): the failed link's packets and a dummy, tunnelled on tnl."""
        self.link_evt(tnl, 'SYNCH_END_EVT')
        self.node_evt(peer, 'SYNCH_END_EVT')
        peer.sync_point = (tnl.rcv_nxt + 32766) % 65536
        inners = [encode(*link.sendq[q]) for q in sorted(link.sendq, key=lambda q: (q - link.snd_nxt) % 65536)]
        inners.append(self.dummy(link, link.snd_nxt))
        for inner in inners:
            self.tunnel(tnl, link.peer_bearer_id, inner, len(inners))
        tnl.drop_point = link.rcv_nxt
        link.reset()
        self.link_evt(link, 'RESET_EVT')
        self.link_evt(link, 'FAILOVER_BEGIN_EVT')
        self.node_evt(peer, 'FAILOVER_BEGIN_EVT')

    def failover_rcv(self, peer, link, words):
        """Failover, the receiver: step 6 of the node filter, for a packet on link."""
        pl = next((l for l in peer.links.values() if l is not link), None)
        resetlike = ('RESET', 'FAILINGOVER', 'ESTABLISHING')
        if field(words, 0, 25, 28) == TUNNEL_PROTOCOL and field(words, 1, 29, 31) == FAILOVER_MSG:
            syncpt = (field(words, 2, 0, 15) + field(words, 9, 16, 31) - 1) % 65536
            if pl is not None and pl.state not in resetlike:
                if pl.is_up():
                    self.link_evt(pl, 'FAILURE_EVT')
                self.node_link_down(peer, pl)
            if peer.state != 'FAILINGOVER' and link.is_up() and (pl is None or pl.state in resetlike):
                self.link_evt(link, 'SYNCH_END_EVT')
                self.node_evt(peer, 'SYNCH_END_EVT')
                peer.sync_point = (link.rcv_nxt + 32766) % 65536
                self.tunnel(link, link.peer_bearer_id, self.dummy(link, 0), 1)
                link.drop_point = 1
                if pl is not None:
                    self.link_evt(pl, 'FAILOVER_BEGIN_EVT')
                self.node_evt(peer, 'FAILOVER_BEGIN_EVT')
            if less(syncpt, peer.sync_point):
                peer.sync_point = syncpt
        if peer.state == 'FAILINGOVER' and link.is_up() and more(link.rcv_nxt, peer.sync_point):
            self.node_evt(peer, 'FAILOVER_END_EVT')
            if pl is not None:
                self.link_evt(pl, 'FAILOVER_END_EVT')

    # --- node: the filter before the link, link up, link down ---
    def check_state(self, peer, link, words):
        user, mtype = field(words, 0, 25, 28), field(words, 1, 29, 31)
        if not self.validate(link, words):
            return False
        shows_link_up = user != LINK_PROTOCOL or mtype == STATE_MSG
        shows_node_up = shows_link_up or field(words, 5, 12, 12) == 1
        if peer.state == 'SELF_UP_PEER_COMING':
            if link.is_up() and shows_link_up:
                self.node_evt(peer, _P)
            return True
        if peer.state == 'SELF_DOWN_PEER_LEAVING':
            if shows_node_up:
                return False
            self.node_evt(peer, _Q)
            return True
        if peer.state == 'SELF_LEAVING_PEER_DOWN':
            return False
        if user != LINK_PROTOCOL and less(field(words, 2, 0, 15), link.rcv_nxt):
            return True  # a duplicate: the link drops it
        self.failover_rcv(peer, link, words)
        return True

    def node_rcv(self, bearer, words, body):
        peer = self.peers.get(words[3])
        link = peer.links.get(bearer) if peer else None
        if link is None or field(words, 0, 20, 20):
            return  # no link, or a broadcast packet: this node has no broadcast link
        if len(words) >= 8 and words[7] not in (0, self.addr):
            return
        user = field(words, 0, 25, 28)
        if not (peer.state == 'SELF_UP_PEER_UP' and user != TUNNEL_PROTOCOL) and not self.check_state(peer, link, words):
            return
        rc = self.proto_rcv(link, words, body) if user == LINK_PROTOCOL else self.data_rcv(link, words)
        if rc == 'up':
            self.node_link_up(peer, link)
        elif rc == 'down':  # the node takes the failed link down in a tick at this same instant
            self.deferred.append(lambda: self.deferred_link_down(peer, link))

    def node_link_up(self, peer, link):
        self.link_evt(link, 'ESTABLISH_EVT')
        self.proto_msg(link, STATE_MSG)
        if not any(l.is_up() for l in peer.links.values() if l is not link):
            self.node_evt(peer, _S)

    def links_up(self, bearer):
        return sum(1 for p in self.peers.values() if bearer in p.links and p.links[bearer].is_up())

    def deferred_link_down(self, peer, link):
        if peer.links.get(link.bearer) is link and link.state in ('RESETTING', 'PEER_RESET'):
            self.node_link_down(peer, link)

    def node_link_down(self, peer, link):
        b = self.bearers[link.bearer]
        if b['up'] and self.links_up(link.bearer) == 0 and b['disc_intv'] > DISC_FAST:
            b['disc_intv'], b['disc_next'] = DISC_INIT, self.now + DISC_INIT
        tnl = next((l for l in peer.links.values() if l is not link and l.is_up()), None)
        if tnl is not None:  # another link is up: fail over to it
            self.failover(peer, link, tnl)
            return
        if link.state == 'PEER_RESET':
            self.node_evt(peer, _Q)
        self.node_evt(peer, _L)
        self.link_evt(link, 'RESET_EVT')
        link.reset()
        if link.state == 'RESET':
            self.proto_msg(link, RESET_MSG, stopping=True)
        else:
            self.proto_msg(link, ACTIVATE_MSG)
        peer.bc_up, peer.bc_rcv_nxt = False, 1
        for l in peer.links.values():
            self.link_evt(l, 'FAILOVER_END_EVT')

    # --- the node timer (wire-format.md, Link timing) ---
    def calculate_timer(self, peer, link):
        intv = min(link.tolerance // 4, 500)
        peer.intv = min(peer.intv, intv)
        link.abort_limit = link.tolerance // peer.intv

    def node_timeout(self, peer, bearers=None):
        if bearers is None:
            peer.intv, bearers = 10000, sorted(peer.links)
        for i, bearer in enumerate(bearers):
            link = peer.links.get(bearer)
            if link is None:
                continue
            self.calculate_timer(peer, link)
            if link.is_up():
                if link.silent_intv_cnt > link.abort_limit:
                    if self.link_evt(link, 'FAILURE_EVT'):
                        # link-down in a tick at this instant, then the timers of the links after it
                        rest = bearers[i + 1:]
                        self.deferred.append(lambda: (self.deferred_link_down(peer, link), self.node_timeout(peer, rest)))
                        peer.timer = None
                        return
                    continue
                probe = link.silent_intv_cnt > 0 or link.snd_nxt == link.checkpoint
                if probe or link.sendq or link.rcv_unacked:
                    self.proto_msg(link, STATE_MSG, probe=probe)
                link.checkpoint = link.snd_nxt
                link.silent_intv_cnt += 1
            elif link.state == 'RESET':
                link.rst_cnt += 1
                if link.rst_cnt <= 5 or link.rst_cnt % 16 == 0:
                    self.proto_msg(link, RESET_MSG)
            elif link.state == 'ESTABLISHING':
                self.proto_msg(link, ACTIVATE_MSG)
        peer.timer = self.now + peer.intv if peer.links else None

    def next_timer(self):
        due = [b['disc_next'] for b in self.bearers.values() if b['up'] and b['disc_next'] is not None]
        due += [p.timer for p in self.peers.values() if p.timer is not None]
        if self.deferred:
            due.append(self.now)
        return min(due) if due else None

    def run_timers(self, tick):
        if tick:
            work, self.deferred = self.deferred, []
            for w in work:
                w()
        while True:
            t = self.next_timer()
            if t is None or t > self.now or (self.deferred and not self.timers_due()):
                return
            for bid, b in sorted(self.bearers.items()):
                if b['up'] and b['disc_next'] is not None and b['disc_next'] <= self.now:
                    self.disc_timeout(bid)
            for p in list(self.peers.values()):
                if p.timer is not None and p.timer <= self.now:
                    self.node_timeout(p)

    def timers_due(self):
        return any(b['up'] and b['disc_next'] is not None and b['disc_next'] <= self.now for b in self.bearers.values()) \
            or any(p.timer is not None and p.timer <= self.now for p in self.peers.values())

    # --- controls ---
    def bearer_up(self, bearer):
        b = self.bearers[bearer]
        if b['up']:
            return
        b['up'], b['disc_intv'], b['disc_next'] = True, DISC_INIT, self.now + DISC_INIT
        words, body = self.disc_msg(bearer, DSC_REQ_MSG, 0)
        self.send(bearer, 'broadcast', words, body)

    def bearer_down(self, bearer):
        b = self.bearers[bearer]
        for peer in self.peers.values():
            link = peer.links.get(bearer)
            if link is None:
                continue
            if link.is_up():
                self.node_link_down(peer, link)  # its frames still go out on the bearer
            else:
                self.link_evt(link, 'RESET_EVT')
            del peer.links[bearer]
            if not peer.links:
                peer.timer = None
        b['up'], b['disc_next'] = False, None

    def find_link(self, req):
        peer = self.peers.get(req['peer'])
        return peer.links.get(req['bearer']) if peer else None

    def set_tolerance(self, req):
        link, tol = self.find_link(req), req['tolerance']
        if link is None or not TOL_MIN <= tol <= TOL_MAX:
            return False
        link.tolerance = tol
        if link.is_up():
            self.proto_msg(link, STATE_MSG, tol=tol)
        return True

    def set_priority(self, req):
        link, prio = self.find_link(req), req['priority']
        if link is None or not 0 <= prio <= 31:
            return False
        link.priority = prio
        if link.is_up():
            self.proto_msg(link, STATE_MSG, prio=prio)
        return True


def handle(state, req):
    op = req['op']
    if op == 'hello':
        if req['protocol'] != 2:
            raise ValueError(f"protocol {req['protocol']} not spoken; this IUT speaks 2")
        return {'name': 'tipc-link-node.py (written from docs/ alone)', 'version': '0.1.0',
                'capabilities': ['link', 'virtual-time']}
    if op == 'stop':
        return {}
    if op == 'init':
        state['node'] = Node(req)
        return {'timer': None}
    node = state['node']
    if op == 'link_state':
        link = node.find_link(req)
        return {'state': link.state if link else 'ABSENT'}
    if op == 'node_state':
        peer = node.peers.get(req['peer'])
        return {'state': peer.state if peer else 'ABSENT'}
    node.now = max(node.now, req.get('now', node.now))
    node.out, node.events, node.notes = [], [], []
    reply = {}
    if op == 'frame':
        parsed = decode(bytes.fromhex(req['hex']))
        if parsed is not None and node.bearers[req['bearer']]['up']:
            words, body = parsed
            if field(words, 0, 25, 28) == LINK_CONFIG:
                node.disc_rcv(req['bearer'], words, body)
            else:
                node.node_rcv(req['bearer'], words, body)
    elif op == 'tick':
        pass
    elif op == 'bearer_up':
        node.bearer_up(req['bearer'])
    elif op == 'bearer_down':
        node.bearer_down(req['bearer'])
    elif op == 'set_link_tolerance':
        reply['accepted'] = node.set_tolerance(req)
    elif op == 'set_link_priority':
        reply['accepted'] = node.set_priority(req)
    else:
        raise ValueError(f'op {op!r} not implemented (this node declares link only)')
    node.run_timers(op == 'tick')
    reply.update({'out': node.out, 'events': node.events, 'notes': node.notes, 'timer': node.next_timer()})
    return reply


def main():
    state = {}
    for line in sys.stdin:  # ends at EOF: the harness died
        if not line.strip():
            continue
        req = {}
        try:
            req = json.loads(line)
            reply = {'id': req['id'], 'ok': True, **handle(state, req)}
        except Exception as e:  # an ok:false reply fails the scenario as 'refused'
            reply = {'id': req.get('id'), 'ok': False, 'error': f'{type(e).__name__}: {e}'}
        sys.stdout.write(json.dumps(reply, separators=(',', ':')) + '\n')
        sys.stdout.flush()
        print(f"{req.get('op')} {req.get('now', '')}: {len(reply.get('out', []))} out", file=sys.stderr, flush=True)
        if req.get('op') == 'stop':
            break


if __name__ == '__main__':
    main()
