/*
 * tipc-bind: binds TIPC service ranges inside the guest and keeps them bound.
 *
 * The guest's busybox has no AF_TIPC socket, so this small static program does it. One process,
 * started by /init as `tipc-bind daemon &`, owns every bound socket (one SOCK_RDM socket per
 * binding); short-lived client invocations from the console shell talk to it over an abstract
 * unix socket and print one answer line per command:
 *
 *   tipc-bind bind TYPE LOWER UPPER [cluster|node]   -> "ok" | "err <reason>"
 *   tipc-bind unbind TYPE LOWER UPPER                -> "ok" | "err <reason>"
 *   tipc-bind list                                   -> "TYPE LOWER UPPER SCOPE" lines, then "ok"
 *   several commands in one call: tipc-bind bind 1000 0 9 cluster bind 1001 100 109 node ...
 *
 * The exit status is 0 when every answer was "ok". Unbinding closes the binding's socket, which
 * makes the kernel withdraw the publication.
 *
 *   tipc-bind open                                   -> "ok PORT": a socket that receives user
 *                                                       messages sent to PORT on this node
 *   tipc-bind received                               -> "NODE V V ..." lines (NODE in hex, each V
 *                                                       a 4-byte big-endian payload, in arrival
 *                                                       order, since the last call), then "ok"
 *   tipc-bind send NODE PORT GAP_US V [V ...]        -> "ok": one message per V (4 bytes, big
 *                                                       endian) to port PORT on node NODE (hex),
 *                                                       GAP_US microseconds apart, after those
 *                                                       queued before: the daemon paces them, so
 *                                                       a stream fed in batches leaves evenly;
 *                                                       "ok unreachable N": N messages since the
 *                                                       last answer found no route to their node
 *                                                       (EHOSTUNREACH: the link to it is down),
 *                                                       not sent, as a socket user's are not
 *
 *   tipc-bind churn T L U COUNT   binds the range at cluster scope and withdraws it again, COUNT
 *                                 times, on one socket of its own (no daemon): each bind and each
 *                                 withdrawal is one name distribution update, so the node's named
 *                                 sequence number moves 2*COUNT forward at once -> "ok COUNT"
 *
 *   tipc-bind trace [FILE]   drains the tracefs trace_pipe (non-blocking) to stdout and exits:
 *                            a consuming read, so consecutive calls never repeat or lose a line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/tipc.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define SOCK_NAME "tipc-bind-daemon"
#define MAX_LINE 1024
/* messages kept between two "received" calls */
#define MAX_RECEIVED (1 << 20)

struct binding {
	unsigned int type, lower, upper;
	int scope; /* TIPC_CLUSTER_SCOPE or TIPC_NODE_SCOPE */
	int fd;
};

static struct binding *bindings;
static size_t nbindings, capbindings;

/* the receiving socket ("open") and what arrived on it */
static int rx_fd = -1;
static unsigned int rx_port;
struct received {
	unsigned int node, value;
};
static struct received *rx;
static size_t nrx;
static unsigned long rx_lost;
/* the sending socket ("send"), and the messages waiting for their time */
static int tx_fd = -1;
#define MAX_QUEUED (1 << 16)
struct queued {
	unsigned int node, port, value;
	unsigned long long due; /* CLOCK_MONOTONIC, ns */
};
static struct queued txq[MAX_QUEUED];
static size_t txq_head, txq_len;
static unsigned long long txq_last_due;
static char tx_err[128];
/* Messages sendto refused with EHOSTUNREACH since the last "send" answer: lost, not an error. */
static unsigned long tx_unreachable;

static unsigned long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (unsigned long long)t.tv_sec * 1000000000ULL + (unsigned long long)t.tv_nsec;
}

static socklen_t daemon_addr(struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	/* abstract namespace: leading NUL, no file to clean up */
	memcpy(sa->sun_path + 1, SOCK_NAME, strlen(SOCK_NAME));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(SOCK_NAME));
}

static int parse_uint(const char *s, unsigned int *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > 0xffffffffUL)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

static struct binding *find_binding(unsigned int type, unsigned int lower, unsigned int upper)
{
	for (size_t i = 0; i < nbindings; i++)
		if (bindings[i].type == type && bindings[i].lower == lower && bindings[i].upper == upper)
			return &bindings[i];
	return NULL;
}

static void do_bind(unsigned int type, unsigned int lower, unsigned int upper, int scope, char *ans, size_t n)
{
	struct sockaddr_tipc a;
	int fd;

	if (lower > upper) {
		snprintf(ans, n, "err lower > upper");
		return;
	}
	if (find_binding(type, lower, upper)) {
		snprintf(ans, n, "err already bound");
		return;
	}
	fd = socket(AF_TIPC, SOCK_RDM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(ans, n, "err socket: %s", strerror(errno));
		return;
	}
	memset(&a, 0, sizeof(a));
	a.family = AF_TIPC;
	a.addrtype = TIPC_SERVICE_RANGE;
	a.scope = (signed char)scope;
	a.addr.nameseq.type = type;
	a.addr.nameseq.lower = lower;
	a.addr.nameseq.upper = upper;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		snprintf(ans, n, "err bind: %s", strerror(errno));
		close(fd);
		return;
	}
	if (nbindings == capbindings) {
		size_t c = capbindings ? capbindings * 2 : 64;
		struct binding *nb = realloc(bindings, c * sizeof(*nb));
		if (!nb) {
			close(fd);
			snprintf(ans, n, "err out of memory");
			return;
		}
		bindings = nb;
		capbindings = c;
	}
	bindings[nbindings++] = (struct binding){ type, lower, upper, scope, fd };
	/* the port (socket reference) that holds the binding, as the name table shows it */
	struct sockaddr_tipc self;
	socklen_t sl = sizeof(self);
	memset(&self, 0, sizeof(self));
	if (getsockname(fd, (struct sockaddr *)&self, &sl) == 0)
		snprintf(ans, n, "ok %u", self.addr.id.ref);
	else
		snprintf(ans, n, "ok");
}

static void do_unbind(unsigned int type, unsigned int lower, unsigned int upper, char *ans, size_t n)
{
	struct binding *b = find_binding(type, lower, upper);

	if (!b) {
		snprintf(ans, n, "err not bound");
		return;
	}
	close(b->fd);
	*b = bindings[--nbindings];
	snprintf(ans, n, "ok");
}

static void do_open(char *ans, size_t n)
{
	struct sockaddr_tipc self;
	socklen_t sl = sizeof(self);

	if (rx_fd < 0) {
		rx_fd = socket(AF_TIPC, SOCK_RDM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (rx_fd < 0) {
			snprintf(ans, n, "err socket: %s", strerror(errno));
			return;
		}
		memset(&self, 0, sizeof(self));
		if (getsockname(rx_fd, (struct sockaddr *)&self, &sl) < 0) {
			snprintf(ans, n, "err getsockname: %s", strerror(errno));
			close(rx_fd);
			rx_fd = -1;
			return;
		}
		rx_port = self.addr.id.ref;
		if (!rx)
			rx = malloc(MAX_RECEIVED * sizeof(*rx));
	}
	snprintf(ans, n, "ok %u", rx_port);
}

/* Takes every message waiting on the receiving socket. */
static void drain_rx(void)
{
	for (;;) {
		unsigned char buf[64];
		struct sockaddr_tipc from;
		socklen_t fl = sizeof(from);
		ssize_t r = recvfrom(rx_fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return; /* EAGAIN: nothing more */
		if (r != 4)
			continue; /* not one of ours */
		if (nrx == MAX_RECEIVED || !rx) {
			rx_lost++;
			continue;
		}
		rx[nrx].node = from.addr.id.node;
		rx[nrx].value = (unsigned int)buf[0] << 24 | (unsigned int)buf[1] << 16 | (unsigned int)buf[2] << 8 | buf[3];
		nrx++;
	}
}

static void reply(int c, const char *s);

/* "NODE V V ..." lines, one per run of messages from the same node, at most 80 values each. */
static void do_received(int c)
{
	char line[MAX_LINE];
	size_t i = 0;

	if (rx_fd >= 0)
		drain_rx();
	while (i < nrx) {
		unsigned int node = rx[i].node;
		int len = snprintf(line, sizeof(line), "%x", node);
		for (int k = 0; i < nrx && rx[i].node == node && k < 80; k++, i++)
			len += snprintf(line + len, sizeof(line) - (size_t)len, " %u", rx[i].value);
		reply(c, line);
	}
	nrx = 0;
	if (rx_lost) {
		snprintf(line, sizeof(line), "err %lu messages not kept", rx_lost);
		rx_lost = 0;
		reply(c, line);
		return;
	}
	reply(c, "ok");
}

/* Sends every queued message whose time has come; a failure is kept for the next "send" answer. */
static void flush_tx(void)
{
	unsigned long long now = now_ns();

	while (txq_len > 0 && txq[txq_head].due <= now) {
		struct queued *q = &txq[txq_head];
		struct sockaddr_tipc to;
		unsigned char buf[4];

		memset(&to, 0, sizeof(to));
		to.family = AF_TIPC;
		to.addrtype = TIPC_SOCKET_ADDR;
		to.addr.id.ref = q->port;
		to.addr.id.node = q->node;
		buf[0] = (unsigned char)(q->value >> 24);
		buf[1] = (unsigned char)(q->value >> 16);
		buf[2] = (unsigned char)(q->value >> 8);
		buf[3] = (unsigned char)q->value;
		while (sendto(tx_fd, buf, sizeof(buf), 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EHOSTUNREACH) {
				tx_unreachable++;
				break;
			}
			if (!tx_err[0])
				snprintf(tx_err, sizeof(tx_err), "err sendto %u: %s", q->value, strerror(errno));
			break;
		}
		txq_head = (txq_head + 1) % MAX_QUEUED;
		txq_len--;
	}
}

/* Time until the next queued message is due, for poll; NULL when none is waiting. */
static struct timespec *tx_timeout(struct timespec *ts)
{
	unsigned long long now, due;

	if (txq_len == 0)
		return NULL;
	now = now_ns();
	due = txq[txq_head].due;
	due = due > now ? due - now : 0;
	ts->tv_sec = (time_t)(due / 1000000000ULL);
	ts->tv_nsec = (long)(due % 1000000000ULL);
	return ts;
}

static void do_send(unsigned int node, unsigned int port, unsigned int gap_us, char **values, int nvalues, char *ans, size_t n)
{
	unsigned long long due;

	if (tx_fd < 0) {
		tx_fd = socket(AF_TIPC, SOCK_RDM | SOCK_CLOEXEC, 0);
		if (tx_fd < 0) {
			snprintf(ans, n, "err socket: %s", strerror(errno));
			return;
		}
	}
	if (tx_err[0]) {
		snprintf(ans, n, "%s", tx_err);
		tx_err[0] = 0;
		return;
	}
	if (txq_len + (size_t)nvalues > MAX_QUEUED) {
		snprintf(ans, n, "err %zu messages queued already", txq_len);
		return;
	}
	due = now_ns();
	if (txq_len > 0 && txq_last_due > due)
		due = txq_last_due + (unsigned long long)gap_us * 1000ULL;
	for (int k = 0; k < nvalues; k++) {
		unsigned int v;
		if (parse_uint(values[k], &v)) {
			snprintf(ans, n, "err bad number %s", values[k]);
			return;
		}
		txq[(txq_head + txq_len) % MAX_QUEUED] = (struct queued){ node, port, v, due };
		txq_len++;
		txq_last_due = due;
		due += (unsigned long long)gap_us * 1000ULL;
	}
	flush_tx();
	if (tx_unreachable > 0) {
		snprintf(ans, n, "ok unreachable %lu", tx_unreachable);
		tx_unreachable = 0;
	} else {
		snprintf(ans, n, "ok");
	}
}

static void reply(int c, const char *s)
{
	size_t len = strlen(s), off = 0;
	while (off < len) {
		ssize_t w = write(c, s + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		off += (size_t)w;
	}
	if (write(c, "\n", 1) < 0)
		return;
}

/* One request line: "bind T L U SCOPE" | "unbind T L U" | "list" | "open" | "received" | "send N P V...". */
static void handle_line(int c, char *line)
{
	char ans[MAX_LINE];
	char *argv[MAX_LINE / 2];
	int argc = 0;
	unsigned int t, l, u;

	for (char *tok = strtok(line, " \t\r\n"); tok && argc < (int)(sizeof(argv) / sizeof(argv[0])); tok = strtok(NULL, " \t\r\n"))
		argv[argc++] = tok;
	if (argc == 0) {
		reply(c, "err empty command");
		return;
	}
	if (!strcmp(argv[0], "open") && argc == 1) {
		do_open(ans, sizeof(ans));
		reply(c, ans);
		return;
	}
	if (!strcmp(argv[0], "received") && argc == 1) {
		do_received(c);
		return;
	}
	if (!strcmp(argv[0], "send") && argc >= 5) {
		unsigned int node, port, gap;
		char *end;
		errno = 0;
		unsigned long nv = strtoul(argv[1], &end, 16);
		if (errno || *end || nv > 0xffffffffUL || parse_uint(argv[2], &port) || parse_uint(argv[3], &gap)) {
			reply(c, "err usage: send NODE(hex) PORT GAP_US V [V ...]");
			return;
		}
		node = (unsigned int)nv;
		do_send(node, port, gap, argv + 4, argc - 4, ans, sizeof(ans));
		reply(c, ans);
		return;
	}
	if (!strcmp(argv[0], "list") && argc == 1) {
		for (size_t i = 0; i < nbindings; i++) {
			snprintf(ans, sizeof(ans), "%u %u %u %s", bindings[i].type, bindings[i].lower, bindings[i].upper,
				 bindings[i].scope == TIPC_NODE_SCOPE ? "node" : "cluster");
			reply(c, ans);
		}
		reply(c, "ok");
		return;
	}
	if ((!strcmp(argv[0], "bind") && argc == 5) || (!strcmp(argv[0], "unbind") && argc == 4)) {
		if (parse_uint(argv[1], &t) || parse_uint(argv[2], &l) || parse_uint(argv[3], &u)) {
			reply(c, "err bad number");
			return;
		}
		if (argv[0][0] == 'b') {
			int scope;
			if (!strcmp(argv[4], "cluster"))
				scope = TIPC_CLUSTER_SCOPE;
			else if (!strcmp(argv[4], "node"))
				scope = TIPC_NODE_SCOPE;
			else {
				reply(c, "err scope must be cluster or node");
				return;
			}
			do_bind(t, l, u, scope, ans, sizeof(ans));
		} else {
			do_unbind(t, l, u, ans, sizeof(ans));
		}
		reply(c, ans);
		return;
	}
	reply(c, "err usage: bind T L U cluster|node | unbind T L U | list | open | received | send NODE PORT GAP_US V...");
}

static int run_daemon(void)
{
	struct sockaddr_un sa;
	socklen_t sl = daemon_addr(&sa);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sl) < 0 || listen(s, 16) < 0) {
		fprintf(stderr, "tipc-bind daemon: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		char buf[MAX_LINE];
		size_t len = 0;
		struct pollfd p[2] = { { .fd = s, .events = POLLIN }, { .fd = rx_fd, .events = POLLIN } };
		struct timespec ts;
		/* messages are taken as they arrive, so the socket's receive queue never fills, and the
		 * queued ones leave at their time */
		if (ppoll(p, rx_fd >= 0 ? 2 : 1, tx_timeout(&ts), NULL) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		flush_tx();
		if (rx_fd >= 0 && (p[1].revents & POLLIN))
			drain_rx();
		if (!(p[0].revents & POLLIN))
			continue;
		int c = accept4(s, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		/* a client sends lines and shuts down its write side when done */
		for (;;) {
			ssize_t r = read(c, buf + len, sizeof(buf) - 1 - len);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			len += (size_t)r;
			buf[len] = 0;
			char *nl;
			while ((nl = memchr(buf, '\n', len))) {
				*nl = 0;
				handle_line(c, buf);
				size_t used = (size_t)(nl - buf) + 1;
				memmove(buf, nl + 1, len - used);
				len -= used;
				buf[len] = 0;
			}
			if (len == sizeof(buf) - 1) {
				reply(c, "err line too long");
				len = 0;
			}
		}
		close(c);
	}
}

static int run_client(int argc, char **argv)
{
	struct sockaddr_un sa;
	socklen_t sl = daemon_addr(&sa);
	char req[16384];
	size_t rl = 0;
	int i = 1, failed = 0;

	while (i < argc) {
		int n;
		if (!strcmp(argv[i], "bind"))
			n = (i + 4 < argc && (!strcmp(argv[i + 4], "cluster") || !strcmp(argv[i + 4], "node"))) ? 5 : 4;
		else if (!strcmp(argv[i], "unbind"))
			n = 4;
		else if (!strcmp(argv[i], "list") || !strcmp(argv[i], "open") || !strcmp(argv[i], "received"))
			n = 1;
		else if (!strcmp(argv[i], "send"))
			n = argc - i; /* the values run to the end */
		else {
			fprintf(stderr, "tipc-bind: unknown command %s\n", argv[i]);
			return 2;
		}
		if (i + n > argc) {
			fprintf(stderr, "tipc-bind: %s needs %d arguments\n", argv[i], n - 1);
			return 2;
		}
		for (int k = 0; k < n; k++) {
			const char *w = argv[i + k];
			size_t wl = strlen(w);
			if (rl + wl + 2 >= sizeof(req)) {
				fprintf(stderr, "tipc-bind: request too long\n");
				return 2;
			}
			memcpy(req + rl, w, wl);
			rl += wl;
			req[rl++] = k + 1 == n ? '\n' : ' ';
		}
		/* bind with the scope left out means cluster scope */
		if (!strcmp(argv[i], "bind") && n == 4) {
			memcpy(req + rl - 1, " cluster\n", 9);
			rl += 8;
		}
		i += n;
	}

	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sl) < 0) {
		printf("err daemon not running: %s\n", strerror(errno));
		return 1;
	}
	for (size_t off = 0; off < rl;) {
		ssize_t w = write(s, req + off, rl - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			printf("err write: %s\n", strerror(errno));
			return 1;
		}
		off += (size_t)w;
	}
	shutdown(s, SHUT_WR);
	char buf[4096];
	char line[MAX_LINE];
	size_t ll = 0;
	for (;;) {
		ssize_t r = read(s, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (ssize_t k = 0; k < r; k++) {
			if (buf[k] == '\n' || ll == sizeof(line) - 1) {
				line[ll] = 0;
				if (!strncmp(line, "err", 3))
					failed = 1;
				puts(line);
				ll = 0;
			} else {
				line[ll++] = buf[k];
			}
		}
	}
	fflush(stdout);
	return failed;
}

static int run_trace(const char *path)
{
	char buf[65536];
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "tipc-bind trace: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break; /* EAGAIN: nothing more buffered */
		if (fwrite(buf, 1, (size_t)r, stdout) != (size_t)r)
			return 1;
	}
	fflush(stdout);
	close(fd);
	return 0;
}

/* churn T L U COUNT: see the head of the file. A negative scope makes bind() withdraw (__tipc_bind). */
static int run_churn(int argc, char **argv)
{
	unsigned int t, l, u, n;
	struct sockaddr_tipc a;
	int fd;

	if (argc != 6 || parse_uint(argv[2], &t) || parse_uint(argv[3], &l) || parse_uint(argv[4], &u) || parse_uint(argv[5], &n)) {
		fprintf(stderr, "usage: tipc-bind churn T L U COUNT\n");
		return 2;
	}
	fd = socket(AF_TIPC, SOCK_RDM, 0);
	if (fd < 0) {
		printf("err socket: %s\n", strerror(errno));
		return 1;
	}
	memset(&a, 0, sizeof(a));
	a.family = AF_TIPC;
	a.addrtype = TIPC_SERVICE_RANGE;
	a.addr.nameseq.type = t;
	a.addr.nameseq.lower = l;
	a.addr.nameseq.upper = u;
	for (unsigned int i = 0; i < n; i++) {
		a.scope = TIPC_CLUSTER_SCOPE;
		if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
			printf("err bind round %u: %s\n", i + 1, strerror(errno));
			close(fd);
			return 1;
		}
		a.scope = -TIPC_CLUSTER_SCOPE;
		if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
			printf("err unbind round %u: %s\n", i + 1, strerror(errno));
			close(fd);
			return 1;
		}
	}
	close(fd);
	printf("ok %u\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "daemon"))
		return run_daemon();
	if (argc >= 2 && !strcmp(argv[1], "churn"))
		return run_churn(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "trace"))
		return run_trace(argc >= 3 ? argv[2] : "/sys/kernel/tracing/trace_pipe");
	if (argc >= 2)
		return run_client(argc, argv);
	fprintf(stderr, "usage: tipc-bind daemon | bind T L U [cluster|node] | unbind T L U | list | open | received | send NODE PORT GAP_US V... | churn T L U COUNT | trace [FILE]\n");
	return 2;
}
