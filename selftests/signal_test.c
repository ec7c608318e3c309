// SPDX-License-Identifier: GPL-2.0
/*
 * sipc selftests: signals between processes.
 *
 * signal.kill sees every signal a task sends with kill, tgkill, tkill,
 * sigqueue or pidfd_send_signal (check_kill_permission()), the null
 * signal 0 included; a refusal fails the call with EPERM.  Signals the
 * kernel sends by itself (SIGCHLD, SIGPIPE) pass no hook.
 * signal.sigiotask sees SIGIO sent to the owner of a file with O_ASYNC; a
 * refusal does not fail anything, the signal is just not sent.
 */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>

#include "common.h"

#define SIG_KILL	"signal.kill"
#define SIG_IO		"signal.sigiotask"

/* What the child saw: one record per signal, written to a pipe. */
struct sig_report {
	int signo;
	int code;
	int value;
};

static void sig_block(int sig, sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, sig);
	sigprocmask(SIG_BLOCK, set, NULL);
}

/* Is @sig pending for us?  Consumes it. */
static bool sig_take(int sig)
{
	struct timespec zero = { 0, 0 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	return sigtimedwait(&set, NULL, &zero) == sig;
}

/*
 * The child: wait for SIGUSR1 (blocked since before the fork, so none is
 * lost) and report each to the parent; give up after 60 s without one.
 */
static int sig_child(void *arg)
{
	struct timespec ts = { 60, 0 };
	int wfd = *(int *)arg;
	struct sig_report r;
	siginfo_t si;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	for (;;) {
		/* Not sigtimedwait(): glibc turns SI_TKILL into SI_USER. */
		if (syscall(SYS_rt_sigtimedwait, &set, &si, &ts, _NSIG / 8) < 0)
			return errno == EAGAIN ? 0 : 1;
		r.signo = si.si_signo;
		r.code = si.si_code;
		r.value = si.si_value.sival_int;
		if (write(wfd, &r, sizeof(r)) != sizeof(r))
			return 2;
	}
}

enum sig_method { SIG_BY_KILL, SIG_BY_TGKILL, SIG_BY_TKILL, SIG_BY_SIGQUEUE,
		  SIG_BY_PIDFD };

/* Signals from the test to a forked child, sent each way there is. */
FIXTURE(signal) {
	int report[2];
	pid_t child;
	int pidfd;
};

FIXTURE_VARIANT(signal) {
	enum sig_method method;
	int code;	/* the si_code the child must see */
};

FIXTURE_VARIANT_ADD(signal, kill) {
	.method = SIG_BY_KILL,
	.code = SI_USER,
};

FIXTURE_VARIANT_ADD(signal, tgkill) {
	.method = SIG_BY_TGKILL,
	.code = SI_TKILL,
};

FIXTURE_VARIANT_ADD(signal, tkill) {
	.method = SIG_BY_TKILL,
	.code = SI_TKILL,
};

FIXTURE_VARIANT_ADD(signal, sigqueue) {
	.method = SIG_BY_SIGQUEUE,
	.code = SI_QUEUE,
};

FIXTURE_VARIANT_ADD(signal, pidfd_send_signal) {
	.method = SIG_BY_PIDFD,
	.code = SI_USER,
};

FIXTURE_SETUP(signal)
{
	sigset_t set;

	self->child = -1;
	self->pidfd = -1;
	sig_block(SIGUSR1, &set);
	ASSERT_EQ(0, pipe2(self->report, O_CLOEXEC));
	self->child = sipc_fork(sig_child, &self->report[1]);
	ASSERT_LT(0, self->child);
	close(self->report[1]);
	self->report[1] = -1;
	if (variant->method == SIG_BY_PIDFD) {
		self->pidfd = syscall(SYS_pidfd_open, self->child, 0);
		ASSERT_LE(0, self->pidfd);
	}
}

FIXTURE_TEARDOWN(signal)
{
	inject_lift_all();
	sipc_reap(self->child);
	close(self->report[0]);
	if (self->pidfd >= 0)
		close(self->pidfd);
}

static int sig_send(const FIXTURE_VARIANT(signal) *variant,
		    FIXTURE_DATA(signal) *self, int sig, int value)
{
	union sigval sv = { .sival_int = value };
	pid_t pid = self->child;

	switch (variant->method) {
	case SIG_BY_KILL:
		return kill(pid, sig);
	case SIG_BY_TGKILL:
		return syscall(SYS_tgkill, pid, pid, sig);
	case SIG_BY_TKILL:
		return syscall(SYS_tkill, pid, sig);
	case SIG_BY_SIGQUEUE:
		return sigqueue(pid, sig, sv);
	case SIG_BY_PIDFD:
		return syscall(SYS_pidfd_send_signal, self->pidfd, sig, NULL,
			       0);
	}
	return -1;
}

/* The child's next report within @ms: 0, or -1 when there is none. */
static int sig_report_get(FIXTURE_DATA(signal) *self, int ms,
			  struct sig_report *r)
{
	if (!sipc_readable(self->report[0], ms))
		return -1;
	return read(self->report[0], r, sizeof(*r)) == sizeof(*r) ? 0 : -1;
}

TEST_F(signal, delivered_counted)
{
	struct sipc_stats before = hook_stats(SIG_KILL);
	struct sig_report r;

	ASSERT_EQ(0, sig_send(variant, self, SIGUSR1, 42));
	assert_calls(SIG_KILL, &before, 1);
	ASSERT_EQ(0, sig_report_get(self, 10000, &r));
	ASSERT_EQ(SIGUSR1, r.signo);
	ASSERT_EQ(variant->code, r.code);
	if (variant->method == SIG_BY_SIGQUEUE)
		ASSERT_EQ(42, r.value);

	/* The null signal only checks permission: counted too. */
	before = hook_stats(SIG_KILL);
	ASSERT_EQ(0, sig_send(variant, self, 0, 0));
	assert_calls(SIG_KILL, &before, 1);
}

TEST_F(signal, refused)
{
	struct sipc_stats before = hook_stats(SIG_KILL);
	struct sig_report r;

	inject(SIG_KILL, getpid(), EPERM);
	ASSERT_EQ(-1, sig_send(variant, self, SIGUSR1, 1));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, sig_send(variant, self, 0, 0));
	ASSERT_EQ(EPERM, errno);
	assert_refused(SIG_KILL, &before, 2);
	/* Nothing reached the child. */
	ASSERT_EQ(-1, sig_report_get(self, 300, &r));

	inject(SIG_KILL, getpid(), 0);
	ASSERT_EQ(0, sig_send(variant, self, SIGUSR1, 2));
	ASSERT_EQ(0, sig_report_get(self, 10000, &r));
	ASSERT_EQ(SIGUSR1, r.signo);
	ASSERT_EQ(variant->code, r.code);
	if (variant->method == SIG_BY_SIGQUEUE)
		ASSERT_EQ(2, r.value);
}

/*
 * Signals the kernel sends on its own are no task's kill: they pass while
 * this process is refused every signal it sends, even to itself.
 */
FIXTURE(signal_self) {
	int fds[2];
};

FIXTURE_SETUP(signal_self)
{
	sigset_t set;

	sig_block(SIGPIPE, &set);
	sig_block(SIGCHLD, &set);
	sig_block(SIGUSR2, &set);
	sig_take(SIGCHLD);
	ASSERT_EQ(0, pipe2(self->fds, O_CLOEXEC));
}

FIXTURE_TEARDOWN(signal_self)
{
	inject_lift_all();
	close(self->fds[0]);
	close(self->fds[1]);
}

static int exit_now(void *arg)
{
	(void)arg;
	return 0;
}

TEST_F(signal_self, kernel_signals_unaffected)
{
	struct sipc_stats before = hook_stats(SIG_KILL);
	pid_t child;

	inject(SIG_KILL, getpid(), EPERM);
	ASSERT_EQ(-1, kill(getpid(), SIGUSR2));
	ASSERT_EQ(EPERM, errno);
	ASSERT_FALSE(sig_take(SIGUSR2));

	/* SIGPIPE from a write to a pipe without readers. */
	close(self->fds[0]);
	self->fds[0] = -1;
	ASSERT_EQ(-1, write(self->fds[1], "x", 1));
	ASSERT_EQ(EPIPE, errno);
	ASSERT_TRUE(sig_take(SIGPIPE));

	/* SIGCHLD from a child's exit. */
	child = sipc_fork(exit_now, NULL);
	ASSERT_LT(0, child);
	ASSERT_EQ(0, sipc_wait(child));
	ASSERT_TRUE(sig_take(SIGCHLD));
	assert_refused(SIG_KILL, &before, 1);

	inject(SIG_KILL, getpid(), 0);
	ASSERT_EQ(0, kill(getpid(), SIGUSR2));
	ASSERT_TRUE(sig_take(SIGUSR2));
}

/* SIGIO to the owner of an O_ASYNC pipe or socket when data arrives. */
FIXTURE(sigio) {
	int rd, wr;
	pid_t child;
};

FIXTURE_VARIANT(sigio) {
	bool socket;
};

FIXTURE_VARIANT_ADD(sigio, pipe) {
	.socket = false,
};

FIXTURE_VARIANT_ADD(sigio, unix_stream) {
	.socket = true,
};

FIXTURE_SETUP(sigio)
{
	int fds[2], ret;
	sigset_t set;

	self->rd = -1;
	self->wr = -1;
	self->child = -1;
	sig_block(SIGIO, &set);
	if (variant->socket)
		ret = socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
	else
		ret = pipe2(fds, O_CLOEXEC);
	ASSERT_EQ(0, ret);
	self->rd = fds[0];
	self->wr = fds[1];
	ASSERT_EQ(0, fcntl(self->rd, F_SETOWN, getpid()));
	ASSERT_EQ(0, fcntl(self->rd, F_SETFL, O_ASYNC | O_NONBLOCK));
	while (sig_take(SIGIO))
		;
}

FIXTURE_TEARDOWN(sigio)
{
	inject_lift_all();
	sipc_reap(self->child);
	close(self->rd);
	close(self->wr);
}

static void sigio_drain(int fd)
{
	char buf[16];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

TEST_F(sigio, delivered_counted)
{
	struct sipc_stats before = hook_stats(SIG_IO);

	ASSERT_EQ(1, write(self->wr, "x", 1));
	assert_calls(SIG_IO, &before, 1);
	ASSERT_TRUE(sig_take(SIGIO));
}

/*
 * send_sigio_to_task() just skips a task that security_file_send_sigiotask()
 * refuses: the write succeeds and no SIGIO is sent.  The errno is unused.
 */
TEST_F(sigio, refused)
{
	struct sipc_stats before = hook_stats(SIG_IO);

	inject(SIG_IO, getpid(), EPERM);
	ASSERT_EQ(1, write(self->wr, "x", 1));
	assert_refused(SIG_IO, &before, 1);
	ASSERT_FALSE(sig_take(SIGIO));

	inject(SIG_IO, getpid(), 0);
	sigio_drain(self->rd);
	ASSERT_EQ(1, write(self->wr, "y", 1));
	ASSERT_TRUE(sig_take(SIGIO));
}

/* The child: exit 0 once SIGIO (blocked since before the fork) is sent. */
static int sigio_waiter(void *arg)
{
	struct timespec ts = { 20, 0 };
	sigset_t set;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGIO);
	return sigtimedwait(&set, NULL, &ts) == SIGIO ? 0 : 1;
}

/* The owner may be another process: it gets the SIGIO, we do not. */
TEST_F(sigio, other_owner_counted)
{
	struct sipc_stats before;

	self->child = sipc_fork(sigio_waiter, NULL);
	ASSERT_LT(0, self->child);
	ASSERT_EQ(0, fcntl(self->rd, F_SETOWN, self->child));
	before = hook_stats(SIG_IO);
	ASSERT_EQ(1, write(self->wr, "x", 1));
	assert_calls(SIG_IO, &before, 1);
	ASSERT_EQ(0, sipc_wait(self->child));
	self->child = -1;
	ASSERT_FALSE(sig_take(SIGIO));
}

TEST_HARNESS_MAIN
