// SPDX-License-Identifier: GPL-2.0
/*
 * sipc selftests: System V message queues, shared memory and semaphores.
 *
 * For each kind, *.alloc sees a get that creates an object, *.associate
 * a get of an existing key, and the rest one operation each: msgsnd,
 * msgrcv, shmat, semop, and the *ctl commands on an object.
 */
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>

#include "common.h"

#define MSG_RCV	"msg.msgrcv"

/* glibc leaves it to the caller to define. */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* A key no other test process uses: pids stay below 2^22. */
static key_t sysv_key(void)
{
	return (key_t)(0x53000000 + ((unsigned int)getpid() << 2));
}

/* Each kind's get, IPC_STAT and IPC_RMID, and the names of its hooks. */
struct sysv_kind {
	const char *alloc, *associate, *ctl;
	int (*get)(key_t key, int flags);
	int (*stat)(int id);
	int (*rmid)(int id);
};

static int msg_get(key_t key, int flags)
{
	return msgget(key, flags);
}

static int msg_stat(int id)
{
	struct msqid_ds ds;

	return msgctl(id, IPC_STAT, &ds);
}

static int msg_rmid(int id)
{
	return msgctl(id, IPC_RMID, NULL);
}

static int shm_get(key_t key, int flags)
{
	return shmget(key, 4096, flags);
}

static int shm_stat(int id)
{
	struct shmid_ds ds;

	return shmctl(id, IPC_STAT, &ds);
}

static int shm_rmid(int id)
{
	return shmctl(id, IPC_RMID, NULL);
}

static int sem_get(key_t key, int flags)
{
	return semget(key, 1, flags);
}

static int sem_stat(int id)
{
	struct semid_ds ds;
	union semun arg = { .buf = &ds };

	return semctl(id, 0, IPC_STAT, arg);
}

static int sem_rmid(int id)
{
	return semctl(id, 0, IPC_RMID);
}

static const struct sysv_kind sysv_msg = {
	"msg.alloc", "msg.associate", "msg.msgctl", msg_get, msg_stat, msg_rmid,
};

static const struct sysv_kind sysv_shm = {
	"shm.alloc", "shm.associate", "shm.shmctl", shm_get, shm_stat, shm_rmid,
};

static const struct sysv_kind sysv_sem = {
	"sem.alloc", "sem.associate", "sem.semctl", sem_get, sem_stat, sem_rmid,
};

/* Creating, looking up and controlling an object, for each kind. */
FIXTURE(sysv) {
	key_t key;
	int id;
};

FIXTURE_VARIANT(sysv) {
	const struct sysv_kind *kind;
};

FIXTURE_VARIANT_ADD(sysv, msg) {
	.kind = &sysv_msg,
};

FIXTURE_VARIANT_ADD(sysv, shm) {
	.kind = &sysv_shm,
};

FIXTURE_VARIANT_ADD(sysv, sem) {
	.kind = &sysv_sem,
};

FIXTURE_SETUP(sysv)
{
	self->key = sysv_key();
	self->id = -1;
}

FIXTURE_TEARDOWN(sysv)
{
	inject_lift_all();
	if (self->id >= 0)
		EXPECT_EQ(0, variant->kind->rmid(self->id));
}

static int sysv_create(const FIXTURE_VARIANT(sysv) *variant, key_t key)
{
	return variant->kind->get(key, IPC_CREAT | IPC_EXCL | 0600);
}

TEST_F(sysv, create_counted)
{
	const struct sysv_kind *k = variant->kind;
	struct sipc_stats before = hook_stats(k->alloc);

	self->id = sysv_create(variant, self->key);
	ASSERT_LE(0, self->id);
	assert_calls(k->alloc, &before, 1);
	ASSERT_EQ(0, k->stat(self->id));
}

TEST_F(sysv, create_refused)
{
	const struct sysv_kind *k = variant->kind;
	struct sipc_stats before = hook_stats(k->alloc);
	int priv, err;

	inject(k->alloc, getpid(), EACCES);
	ASSERT_EQ(-1, sysv_create(variant, self->key));
	ASSERT_EQ(EACCES, errno);
	priv = k->get(IPC_PRIVATE, IPC_CREAT | 0600);
	err = errno;
	if (priv >= 0)
		k->rmid(priv);
	ASSERT_EQ(-1, priv);
	ASSERT_EQ(EACCES, err);
	assert_refused(k->alloc, &before, 2);

	/* Nothing was created. */
	inject(k->alloc, getpid(), 0);
	ASSERT_EQ(-1, k->get(self->key, 0));
	ASSERT_EQ(ENOENT, errno);
	self->id = sysv_create(variant, self->key);
	ASSERT_LE(0, self->id);
}

TEST_F(sysv, associate_counted)
{
	const struct sysv_kind *k = variant->kind;
	struct sipc_stats before;

	self->id = sysv_create(variant, self->key);
	ASSERT_LE(0, self->id);
	before = hook_stats(k->associate);
	ASSERT_EQ(self->id, k->get(self->key, 0));
	ASSERT_EQ(self->id, k->get(self->key, IPC_CREAT | 0600));
	assert_calls(k->associate, &before, 2);
}

TEST_F(sysv, associate_refused)
{
	const struct sysv_kind *k = variant->kind;
	struct sipc_stats before;

	self->id = sysv_create(variant, self->key);
	ASSERT_LE(0, self->id);
	before = hook_stats(k->associate);
	inject(k->associate, getpid(), EACCES);
	ASSERT_EQ(-1, k->get(self->key, 0));
	ASSERT_EQ(EACCES, errno);
	assert_refused(k->associate, &before, 1);

	inject(k->associate, getpid(), 0);
	ASSERT_EQ(self->id, k->get(self->key, 0));
}

TEST_F(sysv, ctl_counted)
{
	const struct sysv_kind *k = variant->kind;
	struct sipc_stats before;
	int id;

	self->id = sysv_create(variant, self->key);
	ASSERT_LE(0, self->id);
	before = hook_stats(k->ctl);
	ASSERT_EQ(0, k->stat(self->id));
	assert_calls(k->ctl, &before, 1);

	before = hook_stats(k->ctl);
	id = self->id;
	self->id = -1;
	ASSERT_EQ(0, k->rmid(id));
	assert_calls(k->ctl, &before, 1);
	ASSERT_EQ(-1, k->stat(id));
	ASSERT_EQ(EINVAL, errno);
}

TEST_F(sysv, ctl_refused)
{
	const struct sysv_kind *k = variant->kind;
	struct sipc_stats before;

	self->id = sysv_create(variant, self->key);
	ASSERT_LE(0, self->id);
	before = hook_stats(k->ctl);
	inject(k->ctl, getpid(), EACCES);
	ASSERT_EQ(-1, k->stat(self->id));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(-1, k->rmid(self->id));
	ASSERT_EQ(EACCES, errno);
	assert_refused(k->ctl, &before, 2);

	/* The object survived the refused IPC_RMID. */
	inject(k->ctl, getpid(), 0);
	ASSERT_EQ(0, k->stat(self->id));
	ASSERT_EQ(self->id, k->get(self->key, 0));
}

/* Message queues: msgsnd and msgrcv. */
struct sysv_msgbuf {
	long mtype;
	char mtext[8];
};

FIXTURE(msg) {
	int id;
	pid_t child;
};

FIXTURE_SETUP(msg)
{
	self->child = -1;
	self->id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	ASSERT_LE(0, self->id);
}

FIXTURE_TEARDOWN(msg)
{
	inject_lift_all();
	sipc_reap(self->child);
	EXPECT_EQ(0, msgctl(self->id, IPC_RMID, NULL));
}

static int msg_send(int id, long type, const char *text)
{
	struct sysv_msgbuf m = { .mtype = type };

	strncpy(m.mtext, text, sizeof(m.mtext) - 1);
	return msgsnd(id, &m, sizeof(m.mtext), IPC_NOWAIT);
}

/* Receive without waiting: the message type, or -1 with errno. */
static long msg_recv(int id, char *text)
{
	struct sysv_msgbuf m;

	if (msgrcv(id, &m, sizeof(m.mtext), 0, IPC_NOWAIT) < 0)
		return -1;
	memcpy(text, m.mtext, sizeof(m.mtext));
	return m.mtype;
}

static long msg_count(int id)
{
	struct msqid_ds ds;

	if (msgctl(id, IPC_STAT, &ds))
		return -1;
	return (long)ds.msg_qnum;
}

TEST_F(msg, msgsnd_counted)
{
	struct sipc_stats before = hook_stats("msg.msgsnd");

	ASSERT_EQ(0, msg_send(self->id, 7, "hello"));
	assert_calls("msg.msgsnd", &before, 1);
	ASSERT_EQ(1, msg_count(self->id));
}

TEST_F(msg, msgsnd_refused)
{
	struct sipc_stats before = hook_stats("msg.msgsnd");

	inject("msg.msgsnd", getpid(), EACCES);
	ASSERT_EQ(-1, msg_send(self->id, 7, "hello"));
	ASSERT_EQ(EACCES, errno);
	assert_refused("msg.msgsnd", &before, 1);

	inject("msg.msgsnd", getpid(), 0);
	ASSERT_EQ(0, msg_count(self->id));
	ASSERT_EQ(0, msg_send(self->id, 7, "hello"));
	ASSERT_EQ(1, msg_count(self->id));
}

TEST_F(msg, msgrcv_counted)
{
	struct sipc_stats before;
	char text[8];

	ASSERT_EQ(0, msg_send(self->id, 7, "hello"));
	before = hook_stats(MSG_RCV);
	ASSERT_EQ(7, msg_recv(self->id, text));
	ASSERT_STREQ("hello", text);
	assert_calls(MSG_RCV, &before, 1);
	ASSERT_EQ(0, msg_count(self->id));
}

/*
 * msgrcv is refused per message, not per call: find_msg() skips every
 * message security_msg_queue_msgrcv() refuses, as if it were not there.
 * So a refused msgrcv does not fail with EACCES but finds no message:
 * ENOMSG with IPC_NOWAIT (without it, it would sleep).  The message
 * stays queued for whoever may receive it.
 */
TEST_F(msg, msgrcv_refused)
{
	struct sipc_stats before;
	char text[8];

	ASSERT_EQ(0, msg_send(self->id, 7, "hello"));
	before = hook_stats(MSG_RCV);
	inject(MSG_RCV, getpid(), EACCES);
	ASSERT_EQ(-1, msg_recv(self->id, text));
	ASSERT_EQ(ENOMSG, errno);
	assert_refused(MSG_RCV, &before, 1);
	ASSERT_EQ(1, msg_count(self->id));

	inject(MSG_RCV, getpid(), 0);
	ASSERT_EQ(7, msg_recv(self->id, text));
	ASSERT_STREQ("hello", text);
}

/* The child: wait in msgrcv() for one message. */
static int msg_waiter(void *arg)
{
	struct sysv_msgbuf m;

	alarm(20);
	if (msgrcv(*(int *)arg, &m, sizeof(m.mtext), 0, 0) != sizeof(m.mtext))
		return 1;
	return strcmp(m.mtext, "waited") ? 2 : 0;
}

/* Is @pid asleep in system call @nr?  (/proc waits until it is off CPU.) */
static bool asleep_in(pid_t pid, long nr)
{
	char path[64];
	long n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fscanf(f, "%ld", &n) != 1)
		n = -1;
	fclose(f);
	return n == nr;
}

/*
 * A receiver that already waits gets the message from msgsnd() itself:
 * pipelined_send() calls security_msg_queue_msgrcv() for it there, with
 * the receiver as the target task but in the sender's context, and hands
 * the message over.  This path is counted too.
 */
TEST_F(msg, msgrcv_waiting_receiver_counted)
{
	struct sipc_stats before;
	int i;

	self->child = sipc_fork(msg_waiter, &self->id);
	ASSERT_LT(0, self->child);
	for (i = 0; i < 1000 && !asleep_in(self->child, SYS_msgrcv); i++)
		usleep(10000);
	ASSERT_TRUE(asleep_in(self->child, SYS_msgrcv));

	before = hook_stats(MSG_RCV);
	ASSERT_EQ(0, msg_send(self->id, 7, "waited"));
	assert_calls(MSG_RCV, &before, 1);
	ASSERT_EQ(0, sipc_wait(self->child));
	self->child = -1;
	ASSERT_EQ(0, msg_count(self->id));
}

/* Shared memory: shmat. */
FIXTURE(shm) {
	int id;
	void *addr;
};

FIXTURE_SETUP(shm)
{
	self->addr = NULL;
	self->id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	ASSERT_LE(0, self->id);
}

FIXTURE_TEARDOWN(shm)
{
	inject_lift_all();
	if (self->addr)
		shmdt(self->addr);
	EXPECT_EQ(0, shmctl(self->id, IPC_RMID, NULL));
}

static long shm_attaches(int id)
{
	struct shmid_ds ds;

	if (shmctl(id, IPC_STAT, &ds))
		return -1;
	return (long)ds.shm_nattch;
}

TEST_F(shm, shmat_counted)
{
	struct sipc_stats before = hook_stats("shm.shmat");

	self->addr = shmat(self->id, NULL, 0);
	ASSERT_NE((void *)-1, self->addr);
	assert_calls("shm.shmat", &before, 1);
	ASSERT_EQ(1, shm_attaches(self->id));
	strcpy(self->addr, "shared");
	ASSERT_STREQ("shared", (char *)self->addr);
}

TEST_F(shm, shmat_refused)
{
	struct sipc_stats before = hook_stats("shm.shmat");

	inject("shm.shmat", getpid(), EACCES);
	ASSERT_EQ((void *)-1, shmat(self->id, NULL, 0));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ((void *)-1, shmat(self->id, NULL, SHM_RDONLY));
	ASSERT_EQ(EACCES, errno);
	assert_refused("shm.shmat", &before, 2);
	ASSERT_EQ(0, shm_attaches(self->id));

	inject("shm.shmat", getpid(), 0);
	self->addr = shmat(self->id, NULL, 0);
	ASSERT_NE((void *)-1, self->addr);
	ASSERT_EQ(1, shm_attaches(self->id));
}

/* Semaphores: semop, and semctl's commands on values. */
FIXTURE(sem) {
	int id;
};

FIXTURE_SETUP(sem)
{
	self->id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	ASSERT_LE(0, self->id);
}

FIXTURE_TEARDOWN(sem)
{
	inject_lift_all();
	EXPECT_EQ(0, semctl(self->id, 0, IPC_RMID));
}

static int sem_add(int id, short n)
{
	struct sembuf op = { .sem_num = 0, .sem_op = n, .sem_flg = IPC_NOWAIT };

	return semop(id, &op, 1);
}

TEST_F(sem, semop_counted)
{
	struct sipc_stats before = hook_stats("sem.semop");

	ASSERT_EQ(0, sem_add(self->id, 2));
	ASSERT_EQ(0, sem_add(self->id, -1));
	assert_calls("sem.semop", &before, 2);
	ASSERT_EQ(1, semctl(self->id, 0, GETVAL));
}

TEST_F(sem, semop_refused)
{
	struct sipc_stats before = hook_stats("sem.semop");

	inject("sem.semop", getpid(), EACCES);
	ASSERT_EQ(-1, sem_add(self->id, 2));
	ASSERT_EQ(EACCES, errno);
	assert_refused("sem.semop", &before, 1);
	ASSERT_EQ(0, semctl(self->id, 0, GETVAL));

	inject("sem.semop", getpid(), 0);
	ASSERT_EQ(0, sem_add(self->id, 2));
	ASSERT_EQ(2, semctl(self->id, 0, GETVAL));
}

TEST_F(sem, semctl_counted)
{
	struct sipc_stats before = hook_stats("sem.semctl");
	union semun arg = { .val = 5 };

	ASSERT_EQ(0, semctl(self->id, 0, SETVAL, arg));
	ASSERT_EQ(5, semctl(self->id, 0, GETVAL));
	assert_calls("sem.semctl", &before, 2);
}

TEST_F(sem, semctl_refused)
{
	struct sipc_stats before = hook_stats("sem.semctl");
	union semun arg = { .val = 5 };

	inject("sem.semctl", getpid(), EACCES);
	ASSERT_EQ(-1, semctl(self->id, 0, SETVAL, arg));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(-1, semctl(self->id, 0, GETVAL));
	ASSERT_EQ(EACCES, errno);
	assert_refused("sem.semctl", &before, 2);

	inject("sem.semctl", getpid(), 0);
	ASSERT_EQ(0, semctl(self->id, 0, GETVAL));
}

TEST_HARNESS_MAIN
