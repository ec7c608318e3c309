// SPDX-License-Identifier: GPL-2.0
/*
 * sipc policy selftests: System V message queues, shared memory and
 * semaphores under a loaded policy.
 *
 * The keys below are labeled server (selftests/policy/sysv_*.sipc), and
 * a helper in role server creates them; a helper in role client then
 * associates and operates.  A refused msgrcv does not fail: the message
 * is just not eligible, so with IPC_NOWAIT it is ENOMSG.
 */
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>

#include "common.h"

#define MSG_KEY		0x5ec10001
#define SHM_KEY		0x5ec10002
#define SEM_KEY		0x5ec10003

struct msgbuf1 {
	long mtype;
	char mtext[1];
};

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* The id of @kind's test key with @flags: >= 0 or -1 with errno. */
static int sysv_get(const char *kind, int flags)
{
	if (!strcmp(kind, "msg"))
		return msgget(MSG_KEY, flags);
	if (!strcmp(kind, "shm"))
		return shmget(SHM_KEY, 4096, flags);
	return semget(SEM_KEY, 1, flags);
}

/* Remove the test objects, whoever made them. */
static void sysv_remove_all(void)
{
	int id;

	id = msgget(MSG_KEY, 0);
	if (id >= 0)
		msgctl(id, IPC_RMID, NULL);
	id = shmget(SHM_KEY, 0, 0);
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
	id = semget(SEM_KEY, 0, 0);
	if (id >= 0)
		semctl(id, 0, IPC_RMID);
}

/*
 * sysv-create KIND EXPECT: create KIND's object (a queue holding one
 * message of type 1, a segment, a semaphore set of one at 0).
 */
static int helper_sysv_create(int argc, char **argv)
{
	struct msgbuf1 m = { 1, { 'm' } };
	int id;

	if (argc != 3)
		return SIPC_HELPER_BROKEN;
	id = sysv_get(argv[1], IPC_CREAT | IPC_EXCL | 0666);
	if (!sipc_expect("create", sipc_err(id), sipc_errno_parse(argv[2])) ||
	    id < 0)
		return 0;
	if (!strcmp(argv[1], "msg") && msgsnd(id, &m, 1, IPC_NOWAIT))
		helper_broken("msgsnd by the creator");
	return 0;
}

static int sysv_do(const char *kind, int id, const char *op)
{
	struct msgbuf1 m = { 1, { 'c' } };
	struct sembuf sop = { 0, 0, IPC_NOWAIT };
	union semun arg = { .val = 1 };
	struct msqid_ds mds;
	struct shmid_ds sds;
	struct semid_ds seds;
	void *addr;

	if (!strcmp(kind, "msg")) {
		if (!strcmp(op, "snd"))
			return sipc_err(msgsnd(id, &m, 1, IPC_NOWAIT));
		if (!strcmp(op, "rcv"))
			return sipc_err(msgrcv(id, &m, 1, 0, IPC_NOWAIT));
		if (!strcmp(op, "stat"))
			return sipc_err(msgctl(id, IPC_STAT, &mds));
		if (!strcmp(op, "rmid"))
			return sipc_err(msgctl(id, IPC_RMID, NULL));
	} else if (!strcmp(kind, "shm")) {
		if (!strcmp(op, "at_ro") || !strcmp(op, "at_rw")) {
			addr = shmat(id, NULL, op[3] == 'r' && op[4] == 'o' ?
				     SHM_RDONLY : 0);
			if (addr == (void *)-1)
				return errno;
			shmdt(addr);
			return 0;
		}
		if (!strcmp(op, "stat"))
			return sipc_err(shmctl(id, IPC_STAT, &sds));
		if (!strcmp(op, "rmid"))
			return sipc_err(shmctl(id, IPC_RMID, NULL));
	} else {
		if (!strcmp(op, "op_alter")) {
			sop.sem_op = 1;
			return sipc_err(semop(id, &sop, 1));
		}
		if (!strcmp(op, "op_read"))
			return sipc_err(semop(id, &sop, 1));
		if (!strcmp(op, "getval"))
			return sipc_err(semctl(id, 0, GETVAL));
		if (!strcmp(op, "setval"))
			return sipc_err(semctl(id, 0, SETVAL, arg));
		if (!strcmp(op, "stat")) {
			arg.buf = &seds;
			return sipc_err(semctl(id, 0, IPC_STAT, arg));
		}
		if (!strcmp(op, "rmid"))
			return sipc_err(semctl(id, 0, IPC_RMID));
	}
	errno = EINVAL;
	helper_broken("no operation %s %s", kind, op);
}

/*
 * sysv-op KIND OP EXPECT: associate with KIND's object (OP "get": that
 * is the operation) and do OP.
 */
static int helper_sysv_op(int argc, char **argv)
{
	int id;

	if (argc != 4)
		return SIPC_HELPER_BROKEN;
	id = sysv_get(argv[1], 0);
	if (!strcmp(argv[2], "get")) {
		sipc_expect("get", sipc_err(id), sipc_errno_parse(argv[3]));
		return 0;
	}
	if (id < 0)
		helper_broken("get");
	sipc_expect(argv[2], sysv_do(argv[1], id, argv[2]),
		    sipc_errno_parse(argv[3]));
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * msg-wait EXPECT: block in msgrcv on the queue (emptied first), having
 * signalled "waiting"; give up after 2 s (EINTR).
 */
static int helper_msg_wait(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct msgbuf1 m;
	int id;

	if (argc != 2)
		return SIPC_HELPER_BROKEN;
	id = msgget(MSG_KEY, 0);
	if (id < 0)
		helper_broken("msgget");
	sigaction(SIGALRM, &sa, NULL);
	alarm(2);
	sipc_touch("waiting");
	sipc_expect("blocking msgrcv", sipc_err(msgrcv(id, &m, 1, 7, 0)),
		    sipc_errno_parse(argv[1]));
	return 0;
}

/* msg-send: send a message of type 7 to the queue. */
static int helper_msg_send(int argc, char **argv)
{
	struct msgbuf1 m = { 7, { 'p' } };
	int id;

	(void)argc;
	(void)argv;
	id = msgget(MSG_KEY, 0);
	if (id < 0)
		helper_broken("msgget");
	sipc_expect("msgsnd", sipc_err(msgsnd(id, &m, 1, IPC_NOWAIT)), 0);
	return 0;
}

static const struct sipc_helper helpers[] = {
	{ "sysv-create", helper_sysv_create },
	{ "sysv-op", helper_sysv_op },
	{ "msg-wait", helper_msg_wait },
	{ "msg-send", helper_msg_send },
};

FIXTURE(sysv) {
};

FIXTURE_VARIANT(sysv) {
	const char *policy;
	const char *kind;
	const char *op;
	const char *expect;
};

#define SYSV(name, pol, k, o, e) \
	FIXTURE_VARIANT_ADD(sysv, name) { \
		.policy = pol, .kind = k, .op = o, .expect = e, \
	}

/* client -msgget-> queue(server), {associate}: ok */
SYSV(msg_get_allowed, "sysv_assoc", "msg", "get", "0");
/* client -msgget-> queue(server), no rule: EACCES */
SYSV(msg_get_denied, "sysv_none", "msg", "get", "EACCES");
/* client -msgsnd-> queue(server), {send}: ok */
SYSV(msg_snd_allowed, "sysv_all", "msg", "snd", "0");
/* client -msgsnd-> queue(server), {associate receive}: EACCES */
SYSV(msg_snd_denied, "sysv_read", "msg", "snd", "EACCES");
/* client <-msgrcv- queue(server), {receive}: ok */
SYSV(msg_rcv_allowed, "sysv_read", "msg", "rcv", "0");
/* client <-msgrcv- queue(server), {associate}: ENOMSG (not eligible) */
SYSV(msg_rcv_denied, "sysv_assoc", "msg", "rcv", "ENOMSG");
/* client -msgctl(IPC_STAT)-> queue(server), {control}: ok */
SYSV(msg_stat_allowed, "sysv_all", "msg", "stat", "0");
/* client -msgctl(IPC_STAT)-> queue(server), no {control}: EACCES */
SYSV(msg_stat_denied, "sysv_read", "msg", "stat", "EACCES");
/* client -msgctl(IPC_RMID)-> queue(server), {destroy}: ok */
SYSV(msg_rmid_allowed, "sysv_all", "msg", "rmid", "0");
/* client -msgctl(IPC_RMID)-> queue(server), no {destroy}: EACCES */
SYSV(msg_rmid_denied, "sysv_read", "msg", "rmid", "EACCES");

/* client -shmget-> segment(server), {associate}: ok */
SYSV(shm_get_allowed, "sysv_assoc", "shm", "get", "0");
/* client -shmget-> segment(server), no rule: EACCES */
SYSV(shm_get_denied, "sysv_none", "shm", "get", "EACCES");
/* client -shmat(SHM_RDONLY)-> segment(server), {read}: ok */
SYSV(shm_at_ro_allowed, "sysv_read", "shm", "at_ro", "0");
/* client -shmat(SHM_RDONLY)-> segment(server), no {read}: EACCES */
SYSV(shm_at_ro_denied, "sysv_assoc", "shm", "at_ro", "EACCES");
/* client -shmat(rw)-> segment(server), {read write}: ok */
SYSV(shm_at_rw_allowed, "sysv_all", "shm", "at_rw", "0");
/* client -shmat(rw)-> segment(server), {read} only: EACCES */
SYSV(shm_at_rw_denied, "sysv_read", "shm", "at_rw", "EACCES");
/* client -shmctl(IPC_STAT)-> segment(server), {control}: ok */
SYSV(shm_stat_allowed, "sysv_all", "shm", "stat", "0");
/* client -shmctl(IPC_STAT)-> segment(server), no {control}: EACCES */
SYSV(shm_stat_denied, "sysv_read", "shm", "stat", "EACCES");
/* client -shmctl(IPC_RMID)-> segment(server), {destroy}: ok */
SYSV(shm_rmid_allowed, "sysv_all", "shm", "rmid", "0");
/* client -shmctl(IPC_RMID)-> segment(server), no {destroy}: EACCES */
SYSV(shm_rmid_denied, "sysv_read", "shm", "rmid", "EACCES");

/* client -semget-> set(server), {associate}: ok */
SYSV(sem_get_allowed, "sysv_assoc", "sem", "get", "0");
/* client -semget-> set(server), no rule: EACCES */
SYSV(sem_get_denied, "sysv_none", "sem", "get", "EACCES");
/* client -semop(wait for zero)-> set(server), {read}: ok */
SYSV(sem_op_read_allowed, "sysv_read", "sem", "op_read", "0");
/* client -semop(wait for zero)-> set(server), no {read}: EACCES */
SYSV(sem_op_read_denied, "sysv_assoc", "sem", "op_read", "EACCES");
/* client -semop(+1)-> set(server), {write}: ok */
SYSV(sem_op_alter_allowed, "sysv_all", "sem", "op_alter", "0");
/* client -semop(+1)-> set(server), {read} only: EACCES */
SYSV(sem_op_alter_denied, "sysv_read", "sem", "op_alter", "EACCES");
/* client -semctl(GETVAL)-> set(server), {read}: ok */
SYSV(sem_getval_allowed, "sysv_read", "sem", "getval", "0");
/* client -semctl(GETVAL)-> set(server), no {read}: EACCES */
SYSV(sem_getval_denied, "sysv_assoc", "sem", "getval", "EACCES");
/* client -semctl(SETVAL)-> set(server), {write}: ok */
SYSV(sem_setval_allowed, "sysv_all", "sem", "setval", "0");
/* client -semctl(SETVAL)-> set(server), {read} only: EACCES */
SYSV(sem_setval_denied, "sysv_read", "sem", "setval", "EACCES");
/* client -semctl(IPC_STAT)-> set(server), {control}: ok */
SYSV(sem_stat_allowed, "sysv_all", "sem", "stat", "0");
/* client -semctl(IPC_STAT)-> set(server), no {control}: EACCES */
SYSV(sem_stat_denied, "sysv_read", "sem", "stat", "EACCES");
/* client -semctl(IPC_RMID)-> set(server), {destroy}: ok */
SYSV(sem_rmid_allowed, "sysv_all", "sem", "rmid", "0");
/* client -semctl(IPC_RMID)-> set(server), no {destroy}: EACCES */
SYSV(sem_rmid_denied, "sysv_read", "sem", "rmid", "EACCES");

FIXTURE_SETUP(sysv)
{
	roles_install("server", "client");
	sysv_remove_all();
	policy_load(variant->policy);
	ASSERT_EQ(0, run_in("server", "sysv-create", (char *)variant->kind,
			    "0"));
}

FIXTURE_TEARDOWN(sysv)
{
	policy_reset();
	sysv_remove_all();
}

TEST_F(sysv, op)
{
	ASSERT_EQ(0, run_in("client", "sysv-op", (char *)variant->kind,
			    (char *)variant->op, (char *)variant->expect));
}

/* server creates a queue, segment, semaphore set: {create} or not. */
FIXTURE(sysv_create) {
};

FIXTURE_VARIANT(sysv_create) {
	const char *policy;
	const char *expect;
};

/* server -create-> msg, shm, sem keys labeled server, {create}: ok */
FIXTURE_VARIANT_ADD(sysv_create, allowed) {
	.policy = "sysv_all", .expect = "0",
};

/* server -create-> msg, shm, sem keys labeled server, no {create}: EACCES */
FIXTURE_VARIANT_ADD(sysv_create, denied) {
	.policy = "sysv_nocreate", .expect = "EACCES",
};

FIXTURE_SETUP(sysv_create)
{
	roles_install("server");
	sysv_remove_all();
	policy_load(variant->policy);
}

FIXTURE_TEARDOWN(sysv_create)
{
	policy_reset();
	sysv_remove_all();
}

TEST_F(sysv_create, create)
{
	EXPECT_EQ(0, run_in("server", "sysv-create", "msg",
			    (char *)variant->expect));
	EXPECT_EQ(0, run_in("server", "sysv-create", "shm",
			    (char *)variant->expect));
	EXPECT_EQ(0, run_in("server", "sysv-create", "sem",
			    (char *)variant->expect));
}

/*
 * msgrcv's subject is the receiver, also when the sender hands the
 * message straight to a receiver already waiting (pipelined_send).
 */
FIXTURE(msg_pipelined) {
};

FIXTURE_VARIANT(msg_pipelined) {
	const char *policy;
	const char *expect;	/* the waiting receiver's msgrcv */
	int left;		/* messages left in the queue after */
};

/* other -msgsnd-> queue <-waiting msgrcv- client {receive}: delivered */
FIXTURE_VARIANT_ADD(msg_pipelined, receiver_allowed) {
	.policy = "msg_pipelined", .expect = "0", .left = 0,
};

/*
 * other {send receive} -msgsnd-> queue <-waiting msgrcv- client, no
 * {receive}: not delivered (EINTR after 2 s), the message stays queued
 */
FIXTURE_VARIANT_ADD(msg_pipelined, receiver_denied) {
	.policy = "msg_pipelined_norecv", .expect = "EINTR", .left = 1,
};

FIXTURE_SETUP(msg_pipelined)
{
	roles_install("server", "client", "other");
	sysv_remove_all();
	policy_load(variant->policy);
	ASSERT_EQ(0, run_in("server", "sysv-create", "msg", "0"));
}

FIXTURE_TEARDOWN(msg_pipelined)
{
	policy_reset();
	sysv_remove_all();
}

/* Read /proc/@pid/@file into @buf (NUL-terminated): its length, or -1. */
static long proc_read(pid_t pid, const char *file, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/*
 * Is @pid asleep in msgrcv?  /proc/PID/syscall names the system call it
 * is in (reading it waits until the task is off CPU), and state S says it
 * sleeps: msgrcv sleeps nowhere but waiting for a message, as a receiver
 * pipelined_send() can hand one to.
 */
static bool asleep_in_msgrcv(pid_t pid)
{
	char buf[256], *p;

	if (proc_read(pid, "syscall", buf, sizeof(buf)) < 0 ||
	    strtol(buf, NULL, 10) != SYS_msgrcv)
		return false;
	if (proc_read(pid, "stat", buf, sizeof(buf)) < 0)
		return false;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] == 'S';
}

/* Wait up to @ms until @pid is asleep in msgrcv. */
static bool wait_asleep_in_msgrcv(pid_t pid, int ms)
{
	for (; ms > 0; ms -= 5) {
		if (asleep_in_msgrcv(pid))
			return true;
		sipc_sleep_ms(5);
	}
	return asleep_in_msgrcv(pid);
}

TEST_F(msg_pipelined, receiver_is_subject)
{
	struct msqid_ds ds;
	pid_t receiver;
	int id;

	receiver = spawn("client", "msg-wait", (char *)variant->expect);
	ASSERT_TRUE(sipc_wait_file("waiting", 10000));
	/* Blocked in msgrcv itself, not on its way there. */
	ASSERT_TRUE(wait_asleep_in_msgrcv(receiver, 1500));
	EXPECT_EQ(0, run_in("other", "msg-send"));
	EXPECT_EQ(0, sipc_wait(receiver));
	policy_reset();
	id = msgget(MSG_KEY, 0);
	ASSERT_LE(0, id);
	ASSERT_EQ(0, msgctl(id, IPC_STAT, &ds));
	/* The creator's message (type 1) is always there. */
	EXPECT_EQ(1 + variant->left, (int)ds.msg_qnum);
}

SIPC_POLICY_MAIN(helpers)
