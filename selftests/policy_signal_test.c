// SPDX-License-Identifier: GPL-2.0
/*
 * sipc policy selftests: signals under a loaded policy.
 *
 * The object is the target process's role: SIGKILL needs {kill},
 * SIGSTOP/TSTP/TTIN/TTOU {stop}, SIGCHLD {child}, any other signal and
 * signal 0 {signal}, whichever call sends it.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>

#include "common.h"

#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif

/* sleeper: ignore SIGUSR1 and SIGCHLD, signal "ready", wait for "done". */
static int helper_sleeper(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	signal(SIGUSR1, SIG_IGN);
	signal(SIGCHLD, SIG_IGN);
	sipc_touch("ready");
	sipc_wait_file("done", 15000);
	return 0;
}

/* sig-send PID CALL SIG EXPECT */
static int helper_sig_send(int argc, char **argv)
{
	union sigval val = { .sival_int = 1 };
	pid_t pid;
	int sig, ret, pidfd;

	if (argc != 5)
		return SIPC_HELPER_BROKEN;
	pid = atoi(argv[1]);
	sig = atoi(argv[3]);
	if (!strcmp(argv[2], "kill")) {
		ret = kill(pid, sig);
	} else if (!strcmp(argv[2], "tgkill")) {
		ret = syscall(SYS_tgkill, pid, pid, sig);
	} else if (!strcmp(argv[2], "sigqueue")) {
		ret = sigqueue(pid, sig, val);
	} else {
		pidfd = syscall(__NR_pidfd_open, pid, 0);
		if (pidfd < 0)
			helper_broken("pidfd_open");
		ret = syscall(__NR_pidfd_send_signal, pidfd, sig, NULL, 0);
	}
	sipc_expect(argv[2], sipc_err(ret), sipc_errno_parse(argv[4]));
	return 0;
}

static const struct sipc_helper helpers[] = {
	{ "sleeper", helper_sleeper },
	{ "sig-send", helper_sig_send },
};

FIXTURE(sig) {
	pid_t target;
};

FIXTURE_VARIANT(sig) {
	const char *policy;
	const char *call;
	int sig;
	const char *expect;
};

#define SIG(name, pol, c, s, e) \
	FIXTURE_VARIANT_ADD(sig, name) { \
		.policy = pol, .call = c, .sig = s, .expect = e, \
	}

/* client -kill(SIGUSR1)-> server, {signal}: ok */
SIG(kill_usr1_allowed, "sig_signal", "kill", SIGUSR1, "0");
/* client -kill(SIGUSR1)-> server, no rule: EACCES */
SIG(kill_usr1_denied, "sig_none", "kill", SIGUSR1, "EACCES");
/* client -kill(0)-> server, {signal}: ok */
SIG(kill_0_allowed, "sig_signal", "kill", 0, "0");
/* client -kill(0)-> server, no rule: EACCES */
SIG(kill_0_denied, "sig_none", "kill", 0, "EACCES");
/* client -tgkill(SIGUSR1)-> server, {signal}: ok */
SIG(tgkill_allowed, "sig_signal", "tgkill", SIGUSR1, "0");
/* client -tgkill(SIGUSR1)-> server, no rule: EACCES */
SIG(tgkill_denied, "sig_none", "tgkill", SIGUSR1, "EACCES");
/* client -sigqueue(SIGUSR1)-> server, {signal}: ok */
SIG(sigqueue_allowed, "sig_signal", "sigqueue", SIGUSR1, "0");
/* client -sigqueue(SIGUSR1)-> server, no rule: EACCES */
SIG(sigqueue_denied, "sig_none", "sigqueue", SIGUSR1, "EACCES");
/* client -pidfd_send_signal(SIGUSR1)-> server, {signal}: ok */
SIG(pidfd_allowed, "sig_signal", "pidfd", SIGUSR1, "0");
/* client -pidfd_send_signal(SIGUSR1)-> server, no rule: EACCES */
SIG(pidfd_denied, "sig_none", "pidfd", SIGUSR1, "EACCES");
/* client -kill(SIGKILL)-> server, {kill}: ok */
SIG(sigkill_allowed, "sig_all", "kill", SIGKILL, "0");
/* client -kill(SIGKILL)-> server, {signal} only: EACCES, server lives */
SIG(sigkill_denied, "sig_signal", "kill", SIGKILL, "EACCES");
/* client -kill(SIGSTOP)-> server, {stop}: ok */
SIG(sigstop_allowed, "sig_all", "kill", SIGSTOP, "0");
/* client -kill(SIGSTOP)-> server, {signal} only: EACCES */
SIG(sigstop_denied, "sig_signal", "kill", SIGSTOP, "EACCES");
/* client -kill(SIGTSTP)-> server, {stop}: ok */
SIG(sigtstp_allowed, "sig_all", "kill", SIGTSTP, "0");
/* client -kill(SIGTSTP)-> server, {signal} only: EACCES */
SIG(sigtstp_denied, "sig_signal", "kill", SIGTSTP, "EACCES");
/* client -kill(SIGTTIN)-> server, {stop}: ok */
SIG(sigttin_allowed, "sig_all", "kill", SIGTTIN, "0");
/* client -kill(SIGTTIN)-> server, {signal} only: EACCES */
SIG(sigttin_denied, "sig_signal", "kill", SIGTTIN, "EACCES");
/* client -kill(SIGTTOU)-> server, {stop}: ok */
SIG(sigttou_allowed, "sig_all", "kill", SIGTTOU, "0");
/* client -kill(SIGTTOU)-> server, {signal} only: EACCES */
SIG(sigttou_denied, "sig_signal", "kill", SIGTTOU, "EACCES");
/* client -kill(SIGCHLD)-> server, {child}: ok */
SIG(sigchld_allowed, "sig_all", "kill", SIGCHLD, "0");
/* client -kill(SIGCHLD)-> server, {signal} only: EACCES */
SIG(sigchld_denied, "sig_signal", "kill", SIGCHLD, "EACCES");

FIXTURE_SETUP(sig)
{
	roles_install("server", "client");
	policy_load(variant->policy);
	self->target = spawn("server", "sleeper");
	ASSERT_TRUE(sipc_wait_file("ready", 10000));
}

FIXTURE_TEARDOWN(sig)
{
	policy_reset();
	sipc_reap(self->target);
}

TEST_F(sig, send)
{
	int status;

	ASSERT_EQ(0, run_in("client", "sig-send", sipc_num(self->target),
			    (char *)variant->call, sipc_num(variant->sig),
			    (char *)variant->expect));
	if (variant->sig != SIGKILL)
		return;
	/* Killed exactly when allowed. */
	sipc_sleep_ms(50);
	if (!strcmp(variant->expect, "0")) {
		ASSERT_EQ(self->target, waitpid(self->target, &status, 0));
		ASSERT_TRUE(WIFSIGNALED(status));
		self->target = -1;
	} else {
		ASSERT_EQ(0, waitpid(self->target, &status, WNOHANG));
	}
}

SIPC_POLICY_MAIN(helpers)
