// SPDX-License-Identifier: GPL-2.0
/*
 * sipc selftests: process mediation (Documentation/process-mediation.rst).
 *
 * A queue of role server implements interface files
 * (selftests/policy/op_base.sipc): the SysV message type is the
 * operation id.  Role client may send to the queue, and holds the
 * interface permissions read and stat, not write.  A helper runs a
 * script of steps in a role:
 *
 *	send:TYPE:EXPECT	msgsnd a message of TYPE to the queue
 *	narrow:IFACE:PERMS:EXPECT	SIPC_IOC_NARROW (PERMS: names
 *				separated by ',', or "-" for none)
 *	narrow-many:N:EXPECT	N narrowings to read and stat, the first
 *				N - 1 must succeed, the last gives EXPECT
 *	fork			run the remaining steps in a child, and
 *				wait for it
 *	touch:NAME, wait:NAME	signal the test, wait for it
 */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>

#include "common.h"

#define MSG_KEY		0x5ec10011

struct msgbuf1 {
	long mtype;
	char mtext[1];
};

static void queue_remove(void)
{
	int id = msgget(MSG_KEY, 0);

	if (id >= 0)
		msgctl(id, IPC_RMID, NULL);
}

/* create: the queue, made by its server. */
static int helper_create(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (msgget(MSG_KEY, IPC_CREAT | IPC_EXCL | 0666) < 0)
		helper_broken("msgget(IPC_CREAT)");
	return 0;
}

static int do_send(int id, long type)
{
	struct msgbuf1 m = { type, { 'x' } };

	return sipc_err(msgsnd(id, &m, 1, IPC_NOWAIT));
}

static int do_narrow(const char *iface, const char *perms)
{
	struct sipc_narrow_args a = { .size = sizeof(a) };
	char *p;
	int fd, err;

	fd = open("/dev/" SIPC_DEV_NAME, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		helper_broken("open /dev/sipc");
	snprintf(a.interface, sizeof(a.interface), "%s", iface);
	if (strcmp(perms, "-"))
		snprintf(a.perms, sizeof(a.perms), "%s", perms);
	for (p = a.perms; *p; p++)
		if (*p == ',')
			*p = ' ';
	err = ioctl(fd, SIPC_IOC_NARROW, &a) ? errno : 0;
	close(fd);
	return err;
}

/* One step; the fields of @step are cut in place. */
static void do_step(int id, char *step)
{
	char *f[4] = { 0 };
	int n = 0;

	for (f[n++] = strtok(step, ":"); n < 4 && (f[n] = strtok(NULL, ":"));)
		n++;
	if (!strcmp(f[0], "send") && n == 3) {
		sipc_expect(f[1], do_send(id, atol(f[1])),
			    sipc_errno_parse(f[2]));
	} else if (!strcmp(f[0], "narrow") && n == 4) {
		sipc_expect("narrow", do_narrow(f[1], f[2]),
			    sipc_errno_parse(f[3]));
	} else if (!strcmp(f[0], "narrow-many") && n == 3) {
		for (n = atoi(f[1]); n > 1; n--)
			sipc_expect("narrow", do_narrow("files", "read,stat"), 0);
		sipc_expect("last narrow", do_narrow("files", "read,stat"),
			    sipc_errno_parse(f[2]));
	} else if (!strcmp(f[0], "touch") && n == 2) {
		sipc_touch(f[1]);
	} else if (!strcmp(f[0], "wait") && n == 2) {
		if (!sipc_wait_file(f[1], 10000))
			helper_broken("no %s", f[1]);
	} else {
		errno = EINVAL;
		helper_broken("bad step %s", f[0]);
	}
}

/* ops STEP...: the steps, in order. */
static int helper_ops(int argc, char **argv)
{
	int i, id, status;
	pid_t pid;

	id = msgget(MSG_KEY, 0);
	if (id < 0)
		helper_broken("msgget");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "fork")) {
			do_step(id, argv[i]);
			continue;
		}
		pid = fork();
		if (pid < 0)
			helper_broken("fork");
		if (!pid)
			continue;	/* the child goes on with the steps */
		if (waitpid(pid, &status, 0) != pid)
			helper_broken("waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			sipc_helper_failed = 1;
		return 0;
	}
	return 0;
}

static const struct sipc_helper helpers[] = {
	{ "create", helper_create },
	{ "ops", helper_ops },
};

FIXTURE(op) {
};

FIXTURE_SETUP(op)
{
	roles_install("server", "client");
	queue_remove();
	policy_load("op_base");
	ASSERT_EQ(0, run_in("server", "create"));
}

FIXTURE_TEARDOWN(op)
{
	policy_reset();
	queue_remove();
}

/*
 * client -msgsnd(write)-> queue(server): the send is allowed (msgq
 * send), the operation is not (no files.write): EPERM; read passes.
 */
TEST_F(op, missing_permission)
{
	long long before = sipc_stat_value("refused_operation");

	ASSERT_LE(0, before);
	ASSERT_EQ(0, run_in("client", "ops", "send:2:EPERM", "send:1:0",
			    "send:3:0"));
	EXPECT_EQ(before + 1, sipc_stat_value("refused_operation"));
}

/*
 * The audit records of refused operations, as auditd wrote them: one
 * more of each than before the sends (no rate limit meanwhile, so none
 * is suppressed).
 */
#define OP_AUDIT_LOG	"/var/log/audit/audit.log"
#define OP_AUDIT_RATE	"/sys/module/sipc/parameters/audit_rate"
#define OP_AUDIT_WRITE	"op=operation verdict=denied sipc_mode=enforce " \
	"subj_role=client obj_role=server class=msgq interface=\"files\" " \
	"operation=\"write\" op_id=2 needs=write obj=\"key:0x5ec10011\" pid="
#define OP_AUDIT_NONE	"op=operation verdict=denied sipc_mode=enforce " \
	"subj_role=client obj_role=server class=msgq interface=\"files\" " \
	"operation=? op_id=99 needs=? obj=\"key:0x5ec10011\" pid="

static int op_audit_count(const char *record)
{
	char cmd[512];
	int n = -1;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "grep -cF '%s' " OP_AUDIT_LOG, record);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &n) != 1)
		n = -1;
	pclose(f);
	return n;
}

/* Wait up to 10 s for auditd to have written more than @before. */
static bool op_audit_grew(const char *record, int before)
{
	int i;

	for (i = 0; i < 100; i++) {
		if (op_audit_count(record) > before)
			return true;
		sipc_sleep_ms(100);
	}
	return false;
}

TEST_F(op, audited)
{
	int write_before, none_before;

	if (sipc_sh("auditctl -s 2>/dev/null | grep -q '^pid [1-9]'"))
		SKIP(return, "auditd is not running");
	write_before = op_audit_count(OP_AUDIT_WRITE);
	none_before = op_audit_count(OP_AUDIT_NONE);
	ASSERT_LE(0, write_before);
	ASSERT_LE(0, none_before);
	ASSERT_EQ(0, sipc_sh("echo 0 > " OP_AUDIT_RATE));
	EXPECT_EQ(0, run_in("client", "ops", "send:2:EPERM", "send:99:EPERM"));
	EXPECT_TRUE(op_audit_grew(OP_AUDIT_WRITE, write_before));
	EXPECT_TRUE(op_audit_grew(OP_AUDIT_NONE, none_before));
	EXPECT_EQ(0, sipc_sh("echo 10 > " OP_AUDIT_RATE));
}

/* An operation that requires nothing: any sender the channel allows. */
TEST_F(op, no_requirement)
{
	ASSERT_EQ(0, run_in("client", "ops", "send:4:0"));
}

/* A message type no operation of files has: refused (fail closed). */
TEST_F(op, undeclared)
{
	long long before = sipc_stat_value("refused_operation");

	ASSERT_EQ(0, run_in("client", "ops", "send:99:EPERM", "send:5:EPERM"));
	EXPECT_EQ(before + 2, sipc_stat_value("refused_operation"));
}

/* The implementing role replies on its own queue with any type. */
TEST_F(op, server_replies)
{
	ASSERT_EQ(0, run_in("server", "ops", "send:99:0", "send:2:0"));
}

/* Narrowing to stat refuses read, which the role allows. */
TEST_F(op, narrow_refuses)
{
	ASSERT_EQ(0, run_in("client", "ops", "send:1:0",
			    "narrow:files:stat:0", "send:1:EPERM",
			    "send:3:0", "send:4:0"));
}

/* Narrowing to nothing refuses every operation that requires any. */
TEST_F(op, narrow_to_none)
{
	ASSERT_EQ(0, run_in("client", "ops", "narrow:files:-:0",
			    "send:1:EPERM", "send:3:EPERM", "send:4:0"));
}

/*
 * A child inherits its parent's narrowing, and cannot undo it: a second
 * narrowing naming more permissions succeeds but widens nothing.
 */
TEST_F(op, narrow_inherited_not_undoable)
{
	ASSERT_EQ(0, run_in("client", "ops", "narrow:files:stat:0", "fork",
			    "send:1:EPERM", "narrow:files:read,stat:0",
			    "send:1:EPERM", "send:3:0"));
}

/* The parent's narrowing after a fork does not reach the child. */
TEST_F(op, narrow_after_fork)
{
	ASSERT_EQ(0, run_in("client", "ops", "fork", "send:1:0",
			    "narrow:files:stat:0", "send:1:EPERM"));
}

/* A narrowing never gives what the role lacks (write). */
TEST_F(op, narrow_cannot_widen_role)
{
	ASSERT_EQ(0, run_in("client", "ops", "narrow:files:read,write,stat:0",
			    "send:2:EPERM", "send:1:0"));
}

/* Names the policy does not have: ENOENT, and nothing changes. */
TEST_F(op, narrow_unknown_names)
{
	ASSERT_EQ(0, run_in("client", "ops", "narrow:files:bogus:ENOENT",
			    "narrow:nosuch:read:ENOENT", "send:1:0"));
}

/*
 * sipcctl narrow IFACE PERMS -- CMD: the narrowing outlives the exec of
 * sipcctl (unconfined) and of the client program (client again).
 */
TEST_F(op, sipcctl_narrow)
{
	EXPECT_EQ(0, sipcctl("narrow files stat -- %s/client/prog %s ops send:1:EPERM send:3:0",
			     SIPC_TEST_DIR, SIPC_HELPER_ARG));
	EXPECT_EQ(0, sipcctl("narrow files read,stat -- %s/client/prog %s ops send:1:0 send:2:EPERM",
			     SIPC_TEST_DIR, SIPC_HELPER_ARG));
	/* No such interface: sipcctl fails and runs nothing. */
	EXPECT_EQ(1, sipcctl("narrow nosuch read -- %s/client/prog %s ops send:1:0",
			     SIPC_TEST_DIR, SIPC_HELPER_ARG));
}

/*
 * A reload that takes read from client's role refuses read at once to
 * a process that is already running and was allowed it a moment ago.
 */
TEST_F(op, reload_shrinks)
{
	pid_t pid;

	pid = spawn("client", "ops", "send:1:0", "touch:sent", "wait:go",
		    "send:1:EPERM", "send:3:0");
	ASSERT_GT(pid, 0);
	ASSERT_TRUE(sipc_wait_file("sent", 10000));
	EXPECT_EQ(0, sipc_policy_load("op_shrunk"));
	sipc_touch("go");
	ASSERT_EQ(0, sipc_wait(pid));
}

/* A narrowing outlives a reload of the policy. */
TEST_F(op, narrow_survives_reload)
{
	pid_t pid;

	pid = spawn("client", "ops", "narrow:files:stat:0", "touch:narrowed",
		    "wait:go", "send:1:EPERM", "send:3:0");
	ASSERT_GT(pid, 0);
	ASSERT_TRUE(sipc_wait_file("narrowed", 10000));
	EXPECT_EQ(0, sipc_policy_load("op_base"));
	sipc_touch("go");
	ASSERT_EQ(0, sipc_wait(pid));
}

/* At most 32 narrowings in a lineage: the 33rd is E2BIG. */
TEST_F(op, narrow_depth_limit)
{
	ASSERT_EQ(0, run_in("client", "ops", "narrow-many:32:0", "fork",
			    "narrow:files:stat:7" /* E2BIG */, "send:1:0"));
}

/* Permissive mode lets refused operations through (and logs them). */
TEST_F(op, permissive)
{
	policy_load("op_permissive");
	ASSERT_EQ(0, run_in("client", "ops", "send:2:0", "send:99:0",
			    "narrow:files:stat:0", "send:1:0"));
}

SIPC_POLICY_MAIN(helpers)
