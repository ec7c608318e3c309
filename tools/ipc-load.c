// SPDX-License-Identifier: GPL-2.0
/*
 * ipc-load - keep pipes, AF_UNIX sockets, SysV message queues, POSIX
 * message queues and signals busy, for load and unload tests and the demo.
 *
 *	ipc-load [-t SECONDS] [-q] [KIND...]
 *
 * KIND is pipe, unix, dgram, msg, mqueue or signal (default: all).  One
 * child per kind ping-pongs one byte with its own child until the time is
 * up (or forever with -t 0, until SIGTERM).  Exit status 0 when every round
 * trip of every kind succeeded, 1 otherwise, with the failing call named.
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

static volatile sig_atomic_t stop;
static double deadline;
static bool quiet;

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
	/* A call interrupted by the request to stop is no failure. */
	if (errno == EINTR && stop)
		return 0;
	fprintf(stderr, "ipc-load: %s: %s: %s\n", kind, what, strerror(errno));
	return 1;
}

/* A pair of one-way channels: the parent writes to[1], reads from[0]. */
static int run_fd_pair(const char *kind, int to[2], int from[2])
{
	unsigned long rounds = 0;
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
	while (running()) {
		if (write(to[1], &c, 1) != 1) {
			ret = fail(kind, "write");
			break;
		}
		if (read(from[0], &c, 1) != 1) {
			ret = fail(kind, "read");
			break;
		}
		rounds++;
	}
	/* Datagram sockets have no end of file: stop the echo child outright. */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (!ret && !quiet)
		printf("%s: %lu round trips\n", kind, rounds);
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
	unsigned long rounds = 0;
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
		rounds++;
	}
	msgctl(id, IPC_RMID, NULL);
	waitpid(pid, NULL, 0);
	if (!ret && !quiet)
		printf("msg: %lu round trips\n", rounds);
	return ret;
}

static int load_mqueue(void)
{
	struct mq_attr attr = { .mq_maxmsg = 1, .mq_msgsize = 1 };
	unsigned long rounds = 0;
	char name[64], c = 'x';
	mqd_t mq;
	int ret = 0;

	snprintf(name, sizeof(name), "/ipc-load-%d", getpid());
	mq = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	if (mq == (mqd_t)-1)
		return fail("mqueue", "mq_open");
	mq_unlink(name);
	while (running()) {
		if (mq_send(mq, &c, 1, 0)) {
			ret = fail("mqueue", "mq_send");
			break;
		}
		if (mq_receive(mq, &c, 1, NULL) != 1) {
			ret = fail("mqueue", "mq_receive");
			break;
		}
		rounds++;
	}
	mq_close(mq);
	if (!ret && !quiet)
		printf("mqueue: %lu messages\n", rounds);
	return ret;
}

static int load_signal(void)
{
	unsigned long rounds = 0;
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
	while (running()) {
		if (kill(pid, SIGUSR1)) {
			ret = fail("signal", "kill");
			break;
		}
		if (sigwait(&set, &sig)) {
			ret = fail("signal", "sigwait");
			break;
		}
		rounds++;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (!ret && !quiet)
		printf("signal: %lu round trips\n", rounds);
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

int main(int argc, char **argv)
{
	static const char *const all[] = {
		"pipe", "unix", "dgram", "msg", "mqueue", "signal", NULL
	};
	const char *const *kinds = all;
	struct sigaction sa = { .sa_handler = on_term };
	pid_t workers[MAX_WORKERS];
	int opt, status, ret = 0, nr_workers = 0, i;
	bool forwarded = false;
	double seconds = 5;

	while ((opt = getopt(argc, argv, "t:q")) != -1) {
		switch (opt) {
		case 't':
			seconds = atof(optarg);
			break;
		case 'q':
			quiet = true;
			break;
		default:
			fprintf(stderr, "usage: ipc-load [-t SECONDS] [-q] [KIND...]\n");
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
			ret = run_kind(kind);
			fflush(stdout);
			_exit(ret);
		}
		if (pid > 0)
			workers[nr_workers++] = pid;
	}
	/*
	 * SIGTERM reaches only us: pass it on, or the workers would run on
	 * after we exit (and keep the output pipe of whoever started us
	 * open).  The signal interrupts wait(), which has no SA_RESTART.
	 */
	for (;;) {
		if (stop && !forwarded) {
			for (i = 0; i < nr_workers; i++)
				kill(workers[i], SIGTERM);
			forwarded = true;
		}
		if (wait(&status) > 0) {
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				ret = 1;
		} else if (errno != EINTR) {
			break;
		}
	}
	return ret;
}
