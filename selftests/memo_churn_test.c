// SPDX-License-Identifier: GPL-2.0
/*
 * sipc selftests: the decision memo under churn.
 *
 * The memo (kernel/access.h) remembers "allowed" by the addresses of
 * the task and the object.  Here two senders in role a, one per vCPU,
 * keep forking children that exec into role a or role b at random, and
 * signal each of them (signal 0, several times, so that the memo answers
 * the repeats) as soon as it runs in its role: a may signal a, never b.
 * Children exit at once after, so task structs are freed and reused
 * across roles all the time, while each sender also creates and uses
 * pipes of its own (inode churn).  Not one signal to b may be let
 * through, not one to a refused.
 */
#define _GNU_SOURCE
#include <sys/wait.h>

#include "common.h"

#define CHURN_SENDERS	2
#define CHURN_ROUNDS	"150"
/* Each sender stops after this long, whatever it has done. */
#define CHURN_SECONDS	14

/* idle NAME: say "ready" as NAME, wait for done-NAME, exit. */
static int helper_idle(int argc, char **argv)
{
	char done[48];

	if (argc != 2)
		return SIPC_HELPER_BROKEN;
	snprintf(done, sizeof(done), "done-%s", argv[1]);
	sipc_touch(argv[1]);
	sipc_wait_file(done, 10000);
	return 0;
}

/* A pipe of our own, written and read: allowed (a self). */
static void pipe_churn(void)
{
	int p[2];
	char c;

	if (pipe2(p, O_CLOEXEC))
		helper_broken("pipe");
	sipc_expect("pipe write", sipc_err(write(p[1], "x", 1)), 0);
	sipc_expect("pipe read", sipc_err(read(p[0], &c, 1)), 0);
	close(p[0]);
	close(p[1]);
}

/* sender ID ROUNDS */
static int helper_sender(int argc, char **argv)
{
	unsigned int seed, allowed = 0, denied = 0;
	int id, rounds, i, j, want, status;
	time_t end = time(NULL) + CHURN_SECONDS;
	char name[32], done[48];
	const char *role;
	pid_t pid;

	if (argc != 3)
		return SIPC_HELPER_BROKEN;
	id = atoi(argv[1]);
	rounds = atoi(argv[2]);
	seed = (unsigned int)getpid() ^ (unsigned int)time(NULL);
	for (i = 0; i < rounds && time(NULL) < end; i++) {
		role = rand_r(&seed) & 1 ? "a" : "b";
		want = role[0] == 'a' ? 0 : EACCES;
		snprintf(name, sizeof(name), "s%d-%d", id, i);
		snprintf(done, sizeof(done), "done-%s", name);
		pid = fork();
		if (pid < 0)
			helper_broken("fork");
		if (!pid) {
			sipc_exec_role(role, (char *[]){ "idle", name, NULL });
			_exit(SIPC_HELPER_BROKEN);
		}
		if (!sipc_wait_file(name, 10000)) {
			kill(pid, SIGKILL);
			helper_broken("child %d in role %s never ready", pid,
				      role);
		}
		for (j = 0; j < 3; j++)
			if (!sipc_expect(role[0] == 'a' ? "kill a" : "kill b",
					 sipc_err(kill(pid, 0)), want))
				break;
		if (want)
			denied++;
		else
			allowed++;
		pipe_churn();
		sipc_touch(done);
		if (waitpid(pid, &status, 0) != pid)
			helper_broken("waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			helper_broken("child in role %s: status %#x", role,
				      status);
	}
	fprintf(stderr, "# sender %d: %d rounds in %ld s, %u to a, %u to b\n",
		id, i, (long)(time(NULL) - end + CHURN_SECONDS), allowed,
		denied);
	if (!allowed || !denied)
		helper_broken("too few rounds to tell (%u to a, %u to b)",
			      allowed, denied);
	return 0;
}

static const struct sipc_helper helpers[] = {
	{ "idle", helper_idle },
	{ "sender", helper_sender },
};

TEST(signal_exec_exit_churn)
{
	pid_t pids[CHURN_SENDERS];
	int i;

	roles_install("a", "b");
	policy_load("churn");
	for (i = 0; i < CHURN_SENDERS; i++)
		pids[i] = spawn("a", "sender", sipc_num(i), CHURN_ROUNDS);
	for (i = 0; i < CHURN_SENDERS; i++)
		EXPECT_EQ(0, sipc_wait(pids[i])) {
			TH_LOG("sender %d saw a wrong verdict or broke", i);
		}
	policy_reset();
}

SIPC_POLICY_MAIN(helpers)
