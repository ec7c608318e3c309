// SPDX-License-Identifier: GPL-2.0
/*
 * ipc-load - keep pipes, AF_UNIX sockets, SysV message queues, POSIX
 * message queues and signals busy, for load and unload tests and the demo.
 *
 *	ipc-load [-t SECONDS] [-r RATE] [-g SECONDS] [-q] [KIND...]
 *
 * KIND is pipe, unix, dgram, msg, mqueue or signal (default: all).  One
 * child per kind ping-pongs one byte with its own child until the time is
 * up (or forever with -t 0, until SIGTERM or SIGINT).
 *
 * Each worker reports its round trips, their rate and the longest it
 * waited for one (-q: only when it failed).  Exit status 0 when every
 * worker made progress: no call failed, at least RATE round trips per
 * second over the run (-r, default MIN_RATE), and no wait for one round
 * trip longer than -g SECONDS (default MAX_WAIT), counting the one in
 * progress when the worker was stopped, so a worker stuck in a read and
 * then interrupted by SIGTERM fails.  A worker that does not end within
 * MAX_WAIT of being told to stop is killed and fails too.  Else 1, with
 * the failing worker named.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* More than the kinds there are. */
#define MAX_WORKERS	16

/*
 * The defaults of -r and -g, for selftests/unload_test.sh.  There (a
 * 2-vCPU guest under TCG on a 2-core host with a load average of 8, sipc
 * reloaded every 15 s or so, a refused writer running all the while) the
 * slowest worker made 190 round trips per second, and the longest wait
 * for one was 2.4 s (2026-12, Debian 6.1 and 6.12).  The limits are far
 * from that, so that only a stall trips them, never a slow host; they
 * are no performance target.
 */
#define MIN_RATE	10.0
#define MAX_WAIT	30.0

static volatile sig_atomic_t stop;
static double deadline;
static bool quiet;
static double min_rate = MIN_RATE;
static double max_wait = MAX_WAIT;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool running(void)
{
	return !stop && (deadline == 0 || now() < deadline);
}

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int fail(const char *kind, const char *what)
{
	/*
	 * A call interrupted by the request to stop is no failure by itself;
	 * progress_end() judges how long it had been waiting.
	 */
	if (errno == EINTR && stop)
		return 0;
	fprintf(stderr, "ipc-load: %s: %s: %s\n", kind, what, strerror(errno));
	return 1;
}

/* One worker's round trips, and the longest it waited for one. */
struct progress {
	const char *kind;
	unsigned long rounds;
	double start;
	double last;
	double longest;
};

static void progress_start(struct progress *p, const char *kind)
{
	p->kind = kind;
	p->rounds = 0;
	p->start = now();
	p->last = p->start;
	p->longest = 0;
}

static void progress_round(struct progress *p)
{
	double t = now();

	if (t - p->last > p->longest)
		p->longest = t - p->last;
	p->last = t;
	p->rounds++;
}

/*
 * Report the worker's progress and judge it: @ret, or 1 when it went too
 * slowly or waited too long, the round trip it was stopped in included.
 */
static int progress_end(struct progress *p, int ret)
{
	double t = now(), secs = t - p->start, rate;

	if (t - p->last > p->longest)
		p->longest = t - p->last;
	rate = secs > 0 ? p->rounds / secs : 0;
	if (!ret && rate < min_rate) {
		fprintf(stderr, "ipc-load: %s: too slow: %.1f round trips/s, minimum %.1f\n",
			p->kind, rate, min_rate);
		ret = 1;
	}
	if (!ret && p->longest > max_wait) {
		fprintf(stderr, "ipc-load: %s: stalled: waited %.1f s for a round trip, maximum %.1f\n",
			p->kind, p->longest, max_wait);
		ret = 1;
	}
	if (ret || !quiet)
		printf("%s: %lu round trips in %.1f s, %.1f/s, longest wait %.3f s%s\n",
		       p->kind, p->rounds, secs, rate, p->longest,
		       ret ? ": FAILED" : "");
	return ret;
}

/* A pair of one-way channels: the parent writes to[1], reads from[0]. */
static int run_fd_pair(const char *kind, int to[2], int from[2])
{
	struct progress prog;
	char c = 'x';
	int ret = 0;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return fail(kind, "fork");
	if (!pid) {
		close(to[1]);
		close(from[0]);
		while (read(to[0], &c, 1) == 1)
			if (write(from[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	progress_start(&prog, kind);
	while (running()) {
		if (write(to[1], &c, 1) != 1) {
			ret = fail(kind, "write");
			break;
		}
		if (read(from[0], &c, 1) != 1) {
			ret = fail(kind, "read");
			break;
		}
		progress_round(&prog);
	}
	ret = progress_end(&prog, ret);
	/* Datagram sockets have no end of file: stop the echo child outright. */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return ret;
}

static int load_pipe(void)
{
	int to[2], from[2];

	if (pipe(to) || pipe(from))
		return fail("pipe", "pipe");
	return run_fd_pair("pipe", to, from);
}

static int load_unix(int type, const char *kind)
{
	int sv[2], to[2], from[2];

	if (socketpair(AF_UNIX, type, 0, sv))
		return fail(kind, "socketpair");
	to[0] = sv[1];
	to[1] = sv[0];
	from[0] = dup(sv[0]);
	from[1] = dup(sv[1]);
	if (from[0] < 0 || from[1] < 0)
		return fail(kind, "dup");
	return run_fd_pair(kind, to, from);
}

struct one_byte_msg {
	long mtype;
	char c;
};

static int load_msg(void)
{
	struct one_byte_msg m = { 1, 'x' };
	struct progress prog;
	int id, ret = 0;
	pid_t pid;

	id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (id < 0)
		return fail("msg", "msgget");
	pid = fork();
	if (pid < 0)
		return fail("msg", "fork");
	if (!pid) {
		while (msgrcv(id, &m, 1, 1, 0) == 1) {
			m.mtype = 2;
			if (msgsnd(id, &m, 1, 0))
				_exit(1);
		}
		_exit(0);
	}
	progress_start(&prog, "msg");
	while (running()) {
		m.mtype = 1;
		if (msgsnd(id, &m, 1, 0)) {
			ret = fail("msg", "msgsnd");
			break;
		}
		if (msgrcv(id, &m, 1, 2, 0) != 1) {
			ret = fail("msg", "msgrcv");
			break;
		}
		progress_round(&prog);
	}
	ret = progress_end(&prog, ret);
	msgctl(id, IPC_RMID, NULL);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return ret;
}

static int load_mqueue(void)
{
	struct mq_attr attr = { .mq_maxmsg = 1, .mq_msgsize = 1 };
	struct progress prog;
	char name[64], c = 'x';
	mqd_t mq;
	int ret = 0;

	snprintf(name, sizeof(name), "/ipc-load-%d", getpid());
	mq = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	if (mq == (mqd_t)-1)
		return fail("mqueue", "mq_open");
	mq_unlink(name);
	progress_start(&prog, "mqueue");
	while (running()) {
		if (mq_send(mq, &c, 1, 0)) {
			ret = fail("mqueue", "mq_send");
			break;
		}
		if (mq_receive(mq, &c, 1, NULL) != 1) {
			ret = fail("mqueue", "mq_receive");
			break;
		}
		progress_round(&prog);
	}
	ret = progress_end(&prog, ret);
	mq_close(mq);
	return ret;
}

static int load_signal(void)
{
	struct progress prog;
	sigset_t set;
	pid_t pid;
	int sig, ret = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pid = fork();
	if (pid < 0)
		return fail("signal", "fork");
	if (!pid) {
		for (;;) {
			if (sigwait(&set, &sig))
				_exit(1);
			kill(getppid(), SIGUSR1);
		}
	}
	progress_start(&prog, "signal");
	while (running()) {
		if (kill(pid, SIGUSR1)) {
			ret = fail("signal", "kill");
			break;
		}
		/* Not sigwait(): glibc's restarts after SIGTERM's handler. */
		if (sigwaitinfo(&set, NULL) != SIGUSR1) {
			ret = fail("signal", "sigwaitinfo");
			break;
		}
		progress_round(&prog);
	}
	ret = progress_end(&prog, ret);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return ret;
}

static int run_kind(const char *kind)
{
	if (!strcmp(kind, "pipe"))
		return load_pipe();
	if (!strcmp(kind, "unix"))
		return load_unix(SOCK_STREAM, "unix");
	if (!strcmp(kind, "dgram"))
		return load_unix(SOCK_DGRAM, "dgram");
	if (!strcmp(kind, "msg"))
		return load_msg();
	if (!strcmp(kind, "mqueue"))
		return load_mqueue();
	if (!strcmp(kind, "signal"))
		return load_signal();
	fprintf(stderr, "ipc-load: unknown kind %s\n", kind);
	return 2;
}

/*
 * Wait for the workers.  SIGTERM reaches only us: pass it on, or the
 * workers would run on after we exit (and keep the output pipe of whoever
 * started us open); at the deadline too, to interrupt a worker stuck in a
 * call.  Poll rather than block in wait(): a worker that has not ended
 * max_wait after it was told to stop is stuck, and is killed with its
 * echo child (its process group).
 */
static int wait_workers(const pid_t *workers, const char *const *kinds,
			int nr_workers)
{
	struct timespec tick = { 0, 50 * 1000 * 1000 };
	int status, alive = nr_workers, ret = 0, i;
	bool ended[MAX_WORKERS] = { false };
	double stopped = 0;
	bool killed = false;
	pid_t pid;

	while (alive > 0) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0) {
			for (i = 0; i < nr_workers; i++) {
				if (workers[i] != pid)
					continue;
				ended[i] = true;
				alive--;
				if (!WIFEXITED(status) || WEXITSTATUS(status))
					ret = 1;
			}
			continue;
		}
		if (pid < 0 && errno != EINTR)
			break;
		if (!stopped && (stop || (deadline && now() >= deadline))) {
			for (i = 0; i < nr_workers; i++)
				if (!ended[i])
					kill(workers[i], SIGTERM);
			stopped = now();
		}
		if (stopped && !killed && now() > stopped + max_wait) {
			for (i = 0; i < nr_workers; i++) {
				if (ended[i])
					continue;
				fprintf(stderr, "ipc-load: %s: did not stop within %.1f s\n",
					kinds[i], max_wait);
				kill(-workers[i], SIGKILL);
			}
			killed = true;
			ret = 1;
		}
		nanosleep(&tick, NULL);
	}
	return ret;
}

static double parse_seconds(const char *s)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(s, &end);
	if (errno || end == s || *end || d < 0)
		return -1;
	return d;
}

int main(int argc, char **argv)
{
	static const char *const all[] = {
		"pipe", "unix", "dgram", "msg", "mqueue", "signal", NULL
	};
	static const char usage[] =
		"usage: ipc-load [-t SECONDS] [-r RATE] [-g SECONDS] [-q] [KIND...]\n";
	const char *const *kinds = all;
	const char *worker_kinds[MAX_WORKERS];
	struct sigaction sa = { .sa_handler = on_term };
	pid_t workers[MAX_WORKERS];
	int opt, ret = 0, nr_workers = 0;
	double seconds = 5;

	while ((opt = getopt(argc, argv, "t:r:g:q")) != -1) {
		switch (opt) {
		case 't':
			seconds = parse_seconds(optarg);
			break;
		case 'r':
			min_rate = parse_seconds(optarg);
			break;
		case 'g':
			max_wait = parse_seconds(optarg);
			break;
		case 'q':
			quiet = true;
			break;
		default:
			fputs(usage, stderr);
			return 2;
		}
		if (seconds < 0 || min_rate < 0 || max_wait < 0) {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind < argc)
		kinds = (const char *const *)&argv[optind];
	deadline = seconds > 0 ? now() + seconds : 0;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	for (; *kinds && nr_workers < MAX_WORKERS; kinds++) {
		const char *kind = *kinds;
		pid_t pid = fork();

		if (pid == 0) {
			/* A group of its own, to kill it with its child. */
			setpgid(0, 0);
			ret = run_kind(kind);
			fflush(stdout);
			_exit(ret);
		}
		if (pid < 0) {
			perror("ipc-load: fork");
			ret = 1;
			stop = 1;
			break;
		}
		/* Also here: the group must exist before we may kill it. */
		setpgid(pid, pid);
		worker_kinds[nr_workers] = kind;
		workers[nr_workers++] = pid;
	}
	if (wait_workers(workers, worker_kinds, nr_workers))
		ret = 1;
	return ret;
}
