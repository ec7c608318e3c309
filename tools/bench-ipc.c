// SPDX-License-Identifier: GPL-2.0
/*
 * bench-ipc - IPC round-trip latency, for `make bench`.
 *
 *	bench-ipc [-f] [-n ITERATIONS] [-r RUNS] WORKLOAD...
 *
 * WORKLOAD is one of
 *
 *	pipe-rtt	one byte to a child and back over two pipes
 *	pipe-rw		one process writes one byte to a pipe and reads it back
 *	unix-rtt	one byte to a child and back over a connected AF_UNIX
 *			stream socket (bound to an abstract name, listened on,
 *			connected to and accepted, as servers do)
 *	msg-rtt		a one-byte SysV message to a child and back, on one
 *			private queue, the message type telling the direction
 *	pipe-64k	one process writes 64 KiB to a pipe and reads it back
 *	unix-64k	one process writes 64 KiB to an AF_UNIX stream
 *			socketpair and reads it back (throughput)
 *
 * For each workload, RUNS times (default 3), time ITERATIONS operations
 * (default 20000) with clock_gettime(CLOCK_MONOTONIC) after a warm-up of
 * a tenth as many, and print one line:
 *
 *	<workload> <median ns/op> <ns/op of run 1> ... <ns/op of run RUNS>
 *
 * with two decimals.  Under QEMU's -icount, guest time is proportional to
 * the instructions executed, so these figures repeat from boot to boot.
 * Setup (creating the pipes, sockets, queue and the child) is outside the
 * timed loop.
 *
 * With -f both processes run SCHED_FIFO at priority 1: a woken peer then
 * never preempts the one that woke it and no tick reschedules them, so
 * each round trip takes the same path through the scheduler every time,
 * whatever the cost of the IPC itself (under SCHED_OTHER, a change in that
 * cost can move the wake-up preemption pattern and the time with it).  It
 * needs CAP_SYS_NICE, and RT throttling off (sched_rt_runtime_us = -1)
 * for the throttled time not to count.  Exit status 0 when every operation succeeded, 1 otherwise
 * with the failing call named, 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS	15

/* Message types on the SysV queue: which way the message goes. */
#define MSG_PING	1
#define MSG_PONG	2

struct onebyte_msg {
	long mtype;
	char mtext[1];
};

/*
 * The two ends of a round trip.  A workload's setup fills it; ping() runs
 * the parent's half of one round trip (0 or -1), pong() the child's (0 to
 * go on, 1 when the parent has gone, -1 on failure).
 */
struct channel {
	int tx, rx;		/* pipes and sockets */
	int msqid;		/* SysV */
	int spare[2];		/* descriptors closed after the fork */
};

struct workload {
	const char *name;
	int (*setup)(struct channel *ch);
	int (*ping)(const struct channel *ch);
	int (*pong)(const struct channel *ch);
	bool forks;
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int fail(const char *what)
{
	fprintf(stderr, "bench-ipc: %s: %s\n", what, strerror(errno));
	return -1;
}

static int write_read(int tx, int rx)
{
	char c = 'x';

	if (write(tx, &c, 1) != 1)
		return fail("write");
	if (read(rx, &c, 1) != 1)
		return fail("read");
	return 0;
}

static int read_write(int rx, int tx)
{
	char c;

	switch (read(rx, &c, 1)) {
	case 1:
		break;
	case 0:
		return 1;	/* the parent closed its end: done */
	default:
		return fail("read");
	}
	if (write(tx, &c, 1) != 1)
		return fail("write");
	return 0;
}

/* pipe-rtt: tx/rx are the parent's ends; spare[] the child's. */
static int pipe_rtt_setup(struct channel *ch)
{
	int down[2], up[2];

	if (pipe(down))
		return fail("pipe");
	if (pipe(up)) {
		close(down[0]);
		close(down[1]);
		return fail("pipe");
	}
	ch->tx = down[1];
	ch->rx = up[0];
	ch->spare[0] = down[0];
	ch->spare[1] = up[1];
	return 0;
}

static int pipe_rtt_ping(const struct channel *ch)
{
	return write_read(ch->tx, ch->rx);
}

static int pipe_rtt_pong(const struct channel *ch)
{
	return read_write(ch->spare[0], ch->spare[1]);
}

static int pipe_rw_setup(struct channel *ch)
{
	int p[2];

	if (pipe(p))
		return fail("pipe");
	ch->rx = p[0];
	ch->tx = p[1];
	ch->spare[0] = ch->spare[1] = -1;
	return 0;
}

static int pipe_rw_ping(const struct channel *ch)
{
	return write_read(ch->tx, ch->rx);
}

/* A name of our own in the abstract namespace: nothing to clean up. */
static socklen_t unix_name(struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	return offsetof(struct sockaddr_un, sun_path) + 1 +
	       snprintf(sun->sun_path + 1, sizeof(sun->sun_path) - 1,
			"sipc-bench-%d", getpid());
}

static int unix_rtt_setup(struct channel *ch)
{
	struct sockaddr_un sun;
	socklen_t len = unix_name(&sun);
	int srv, cli = -1, acc = -1;

	srv = socket(AF_UNIX, SOCK_STREAM, 0);
	if (srv < 0)
		return fail("socket");
	if (bind(srv, (struct sockaddr *)&sun, len)) {
		fail("bind");
		goto err;
	}
	if (listen(srv, 1)) {
		fail("listen");
		goto err;
	}
	cli = socket(AF_UNIX, SOCK_STREAM, 0);
	if (cli < 0) {
		fail("socket");
		goto err;
	}
	if (connect(cli, (struct sockaddr *)&sun, len)) {
		fail("connect");
		goto err;
	}
	acc = accept(srv, NULL, NULL);
	if (acc < 0) {
		fail("accept");
		goto err;
	}
	close(srv);
	ch->tx = ch->rx = cli;
	ch->spare[0] = acc;
	ch->spare[1] = -1;
	return 0;

err:
	if (cli >= 0)
		close(cli);
	close(srv);
	return -1;
}

static int unix_rtt_ping(const struct channel *ch)
{
	char c = 'x';

	if (send(ch->tx, &c, 1, 0) != 1)
		return fail("send");
	if (recv(ch->rx, &c, 1, 0) != 1)
		return fail("recv");
	return 0;
}

static int unix_rtt_pong(const struct channel *ch)
{
	char c;

	switch (recv(ch->spare[0], &c, 1, 0)) {
	case 1:
		break;
	case 0:
		return 1;	/* the parent closed its end: done */
	default:
		return fail("recv");
	}
	if (send(ch->spare[0], &c, 1, 0) != 1)
		return fail("send");
	return 0;
}

static int msg_rtt_setup(struct channel *ch)
{
	ch->msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (ch->msqid < 0)
		return fail("msgget");
	ch->tx = ch->rx = ch->spare[0] = ch->spare[1] = -1;
	return 0;
}

static int msg_rtt_ping(const struct channel *ch)
{
	struct onebyte_msg m = { .mtype = MSG_PING, .mtext = { 'x' } };

	if (msgsnd(ch->msqid, &m, sizeof(m.mtext), 0))
		return fail("msgsnd");
	if (msgrcv(ch->msqid, &m, sizeof(m.mtext), MSG_PONG, 0) < 0)
		return fail("msgrcv");
	return 0;
}

static int msg_rtt_pong(const struct channel *ch)
{
	struct onebyte_msg m;

	if (msgrcv(ch->msqid, &m, sizeof(m.mtext), MSG_PING, 0) < 0) {
		/*
		 * The parent removed the queue: done.  EIDRM when we were
		 * waiting on it, EINVAL when it was gone before we got here.
		 */
		if (errno == EIDRM || errno == EINVAL)
			return 1;
		return fail("msgrcv");
	}
	m.mtype = MSG_PONG;
	if (msgsnd(ch->msqid, &m, sizeof(m.mtext), 0))
		return fail("msgsnd");
	return 0;
}

/*
 * pipe-64k and unix-64k: throughput in one process, one flow; each
 * operation writes 64 KiB into a pipe (its whole default capacity) or a
 * stream socketpair, then reads it all back.
 */
#define CHUNK	65536

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	for (; len; buf += n, len -= n) {
		n = write(fd, buf, len);
		if (n <= 0)
			return fail("write");
	}
	return 0;
}

static int read_all(int fd, char *buf, size_t len)
{
	ssize_t n;

	for (; len; buf += n, len -= n) {
		n = read(fd, buf, len);
		if (n <= 0)
			return n ? fail("read") : -1;
	}
	return 0;
}

static int bulk_ping(const struct channel *ch)
{
	static char buf[CHUNK];

	if (write_all(ch->tx, buf, sizeof(buf)))
		return -1;
	return read_all(ch->rx, buf, sizeof(buf));
}

static int unix_bulk_setup(struct channel *ch)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return fail("socketpair");
	ch->tx = sv[0];
	ch->rx = sv[1];
	ch->spare[0] = ch->spare[1] = -1;
	return 0;
}

static const struct workload workloads[] = {
	{ "pipe-rtt", pipe_rtt_setup, pipe_rtt_ping, pipe_rtt_pong, true },
	{ "pipe-rw", pipe_rw_setup, pipe_rw_ping, NULL, false },
	{ "unix-rtt", unix_rtt_setup, unix_rtt_ping, unix_rtt_pong, true },
	{ "msg-rtt", msg_rtt_setup, msg_rtt_ping, msg_rtt_pong, true },
	{ "pipe-64k", pipe_rw_setup, bulk_ping, NULL, false },
	{ "unix-64k", unix_bulk_setup, bulk_ping, NULL, false },
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/*
 * The child answers until its peer goes away (pong() returns 1) or a call
 * fails (-1); its exit status says which.
 */
static void serve(const struct workload *w, struct channel *ch)
{
	int ret;

	if (ch->tx != ch->rx)
		close_fd(&ch->rx);
	close_fd(&ch->tx);
	do
		ret = w->pong(ch);
	while (!ret);
	_exit(ret < 0);
}

/* Ends the child's loop: EOF on its pipe or socket, or EIDRM on msgrcv. */
static int finish(const struct workload *w, struct channel *ch, pid_t child)
{
	int status, ret = 0;

	if (ch->tx != ch->rx)
		close_fd(&ch->rx);
	close_fd(&ch->tx);
	close_fd(&ch->spare[0]);
	close_fd(&ch->spare[1]);
	if (ch->msqid >= 0 && msgctl(ch->msqid, IPC_RMID, NULL))
		ret = fail("msgctl IPC_RMID");
	if (child > 0) {
		if (waitpid(child, &status, 0) != child)
			return fail("waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "bench-ipc: %s: the child failed\n",
				w->name);
			ret = -1;
		}
	}
	return ret;
}

static int loop(const struct workload *w, const struct channel *ch, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if (w->ping(ch))
			return -1;
	return 0;
}

/* One run: setup, warm up, time n operations; ns/op in *result. */
static int run_once(const struct workload *w, long n, double *result)
{
	struct channel ch = { .tx = -1, .rx = -1, .msqid = -1,
			      .spare = { -1, -1 } };
	pid_t child = 0;
	int64_t t0, t1;
	int ret;

	if (w->setup(&ch))
		return -1;
	if (w->forks) {
		child = fork();
		if (child < 0) {
			fail("fork");
			finish(w, &ch, 0);
			return -1;
		}
		if (child == 0)
			serve(w, &ch);
		close_fd(&ch.spare[0]);
		close_fd(&ch.spare[1]);
	}
	ret = loop(w, &ch, n / 10 + 1);
	if (!ret) {
		t0 = now_ns();
		ret = loop(w, &ch, n);
		t1 = now_ns();
		*result = (double)(t1 - t0) / n;
	}
	if (finish(w, &ch, child))
		ret = -1;
	return ret;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int bench(const struct workload *w, long n, int runs)
{
	double ns[MAX_RUNS], sorted[MAX_RUNS];
	int i;

	for (i = 0; i < runs; i++)
		if (run_once(w, n, &ns[i]))
			return -1;
	memcpy(sorted, ns, sizeof(ns[0]) * runs);
	qsort(sorted, runs, sizeof(sorted[0]), cmp_double);
	printf("%s %.2f", w->name, sorted[runs / 2]);
	for (i = 0; i < runs; i++)
		printf(" %.2f", ns[i]);
	printf("\n");
	fflush(stdout);
	return 0;
}

static const struct workload *find_workload(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++)
		if (!strcmp(workloads[i].name, name))
			return &workloads[i];
	return NULL;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: bench-ipc [-f] [-n ITERATIONS] [-r RUNS] WORKLOAD...\n"
		"workloads: pipe-rtt pipe-rw unix-rtt msg-rtt pipe-64k unix-64k\n");
	exit(2);
}

int main(int argc, char **argv)
{
	long n = 20000;
	struct sched_param sp = { .sched_priority = 1 };
	int runs = 3, opt, i, ret = 0;
	bool fifo = false;
	char *end;

	while ((opt = getopt(argc, argv, "fn:r:")) != -1) {
		switch (opt) {
		case 'f':
			fifo = true;
			break;
		case 'n':
			n = strtol(optarg, &end, 10);
			if (*end || n < 1)
				usage();
			break;
		case 'r':
			runs = strtol(optarg, &end, 10);
			if (*end || runs < 1 || runs > MAX_RUNS)
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind == argc)
		usage();
	for (i = optind; i < argc; i++)
		if (!find_workload(argv[i])) {
			fprintf(stderr, "bench-ipc: unknown workload %s\n",
				argv[i]);
			usage();
		}
	if (fifo && sched_setscheduler(0, SCHED_FIFO, &sp)) {
		fail("sched_setscheduler SCHED_FIFO");
		return 1;
	}
	/* A child that dies must not kill us with SIGPIPE mid-write. */
	signal(SIGPIPE, SIG_IGN);
	for (i = optind; i < argc && !ret; i++)
		if (bench(find_workload(argv[i]), n, runs))
			ret = 1;
	return ret;
}
