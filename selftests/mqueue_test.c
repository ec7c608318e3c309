// SPDX-License-Identifier: GPL-2.0
/*
 * sipc selftests: POSIX message queues.
 *
 * A queue is an inode of the mqueue filesystem, reached by mq_open() and
 * mq_unlink() or by open() and unlink() under a mount of that filesystem
 * (/dev/mqueue); both pass the same hooks.  mqueue.create sees a queue
 * being created, mqueue.open every open of one, mqueue.unlink its
 * removal.  Sending and receiving on an open queue pass no hook.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <mqueue.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "common.h"

#define MQ_CREATE	"mqueue.create"
#define MQ_OPEN		"mqueue.open"
#define MQ_UNLINK	"mqueue.unlink"

/* ipc/mqueue.c's MQUEUE_MAGIC, the f_type of the mqueue filesystem. */
#define SIPC_MQUEUE_MAGIC	0x19800202
#define MQ_DEV			"/dev/mqueue"

FIXTURE(mq) {
	char name[NAME_MAX];	/* "/sipc-mq-<pid>-<n>" */
	char path[PATH_MAX];	/* the same queue under /dev/mqueue */
	int q;
};

/* How the test reaches the queue: mq_open()/mq_unlink() or the VFS. */
FIXTURE_VARIANT(mq) {
	bool vfs;
};

FIXTURE_VARIANT_ADD(mq, mq_open) {
	.vfs = false,
};

FIXTURE_VARIANT_ADD(mq, dev_mqueue) {
	.vfs = true,
};

FIXTURE_SETUP(mq)
{
	struct statfs sf;
	char name[64];

	self->q = -1;
	sipc_unique(name, sizeof(name), "sipc-mq");
	snprintf(self->name, sizeof(self->name), "/%s", name);
	snprintf(self->path, sizeof(self->path), MQ_DEV "/%s", name);
	/*
	 * This harness (Linux 6.1) runs the test body after a SKIP in setup;
	 * exiting with 255 is how its test child reports a skip.
	 */
	if (variant->vfs &&
	    (statfs(MQ_DEV, &sf) || sf.f_type != SIPC_MQUEUE_MAGIC))
		SKIP(_exit(255), MQ_DEV " is not an mqueue mount");
}

FIXTURE_TEARDOWN(mq)
{
	inject_lift_all();
	if (self->q >= 0)
		close(self->q);
	mq_unlink(self->name);
}

static int mq_create(const FIXTURE_VARIANT(mq) *variant,
		     FIXTURE_DATA(mq) *self)
{
	int flags = O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC;

	if (variant->vfs)
		return open(self->path, flags, 0600);
	return mq_open(self->name, flags, 0600, NULL);
}

static int mq_reopen(const FIXTURE_VARIANT(mq) *variant,
		     FIXTURE_DATA(mq) *self)
{
	if (variant->vfs)
		return open(self->path, O_RDWR | O_CLOEXEC);
	return mq_open(self->name, O_RDWR | O_CLOEXEC);
}

static int mq_remove(const FIXTURE_VARIANT(mq) *variant,
		     FIXTURE_DATA(mq) *self)
{
	if (variant->vfs)
		return unlink(self->path);
	return mq_unlink(self->name);
}

/* Replace the fixture's descriptor. */
static void mq_keep(FIXTURE_DATA(mq) *self, int q)
{
	if (self->q >= 0)
		close(self->q);
	self->q = q;
}

/* Send @text on @q and receive it back: 0 when it came back intact. */
static int mq_roundtrip(int q, const char *text)
{
	struct mq_attr attr;
	char *buf;
	ssize_t n;
	int ret = -1;

	if (mq_send(q, text, strlen(text) + 1, 0) || mq_getattr(q, &attr))
		return -1;
	buf = malloc(attr.mq_msgsize);
	if (!buf)
		return -1;
	n = mq_receive(q, buf, attr.mq_msgsize, NULL);
	if (n == (ssize_t)strlen(text) + 1 && !strcmp(buf, text))
		ret = 0;
	free(buf);
	return ret;
}

/* Creating a queue opens it too. */
TEST_F(mq, create_counted)
{
	struct sipc_stats create = hook_stats(MQ_CREATE);
	struct sipc_stats open_st = hook_stats(MQ_OPEN);

	self->q = mq_create(variant, self);
	ASSERT_LE(0, self->q);
	assert_calls(MQ_CREATE, &create, 1);
	assert_calls(MQ_OPEN, &open_st, 1);
	ASSERT_EQ(0, mq_roundtrip(self->q, "created"));
}

TEST_F(mq, create_refused)
{
	struct sipc_stats before = hook_stats(MQ_CREATE);

	inject(MQ_CREATE, getpid(), EACCES);
	ASSERT_EQ(-1, mq_create(variant, self));
	ASSERT_EQ(EACCES, errno);
	assert_refused(MQ_CREATE, &before, 1);

	/* No queue was made. */
	inject(MQ_CREATE, getpid(), 0);
	ASSERT_EQ(-1, mq_reopen(variant, self));
	ASSERT_EQ(ENOENT, errno);
	self->q = mq_create(variant, self);
	ASSERT_LE(0, self->q);
}

/*
 * Refusing the open of a queue being created fails mq_open() but leaves
 * the queue behind: the kernel creates the inode (vfs_mkobj() in
 * prepare_open(), or lookup_open() for open()) before it opens it
 * (dentry_open()/vfs_open()), and does not undo the creation when the
 * open fails.
 */
TEST_F(mq, create_open_refused)
{
	struct sipc_stats create = hook_stats(MQ_CREATE);
	struct sipc_stats open_st = hook_stats(MQ_OPEN);

	inject(MQ_OPEN, getpid(), EACCES);
	ASSERT_EQ(-1, mq_create(variant, self));
	ASSERT_EQ(EACCES, errno);
	assert_refused(MQ_OPEN, &open_st, 1);
	assert_refused(MQ_CREATE, &create, 0);
	assert_calls(MQ_CREATE, &create, 1);

	inject(MQ_OPEN, getpid(), 0);
	ASSERT_EQ(-1, mq_create(variant, self));
	ASSERT_EQ(EEXIST, errno);
	self->q = mq_reopen(variant, self);
	ASSERT_LE(0, self->q);
}

TEST_F(mq, open_counted)
{
	struct sipc_stats before;

	mq_keep(self, mq_create(variant, self));
	ASSERT_LE(0, self->q);
	before = hook_stats(MQ_OPEN);
	mq_keep(self, mq_reopen(variant, self));
	ASSERT_LE(0, self->q);
	assert_calls(MQ_OPEN, &before, 1);
	ASSERT_EQ(0, mq_roundtrip(self->q, "opened"));
}

TEST_F(mq, open_refused)
{
	struct sipc_stats before;

	mq_keep(self, mq_create(variant, self));
	ASSERT_LE(0, self->q);
	before = hook_stats(MQ_OPEN);
	inject(MQ_OPEN, getpid(), EACCES);
	ASSERT_EQ(-1, mq_reopen(variant, self));
	ASSERT_EQ(EACCES, errno);
	assert_refused(MQ_OPEN, &before, 1);

	inject(MQ_OPEN, getpid(), 0);
	mq_keep(self, mq_reopen(variant, self));
	ASSERT_LE(0, self->q);
}

TEST_F(mq, unlink_counted)
{
	struct sipc_stats before;

	mq_keep(self, mq_create(variant, self));
	ASSERT_LE(0, self->q);
	before = hook_stats(MQ_UNLINK);
	ASSERT_EQ(0, mq_remove(variant, self));
	assert_calls(MQ_UNLINK, &before, 1);
	ASSERT_EQ(-1, mq_reopen(variant, self));
	ASSERT_EQ(ENOENT, errno);
}

TEST_F(mq, unlink_refused)
{
	struct sipc_stats before;

	mq_keep(self, mq_create(variant, self));
	ASSERT_LE(0, self->q);
	before = hook_stats(MQ_UNLINK);
	inject(MQ_UNLINK, getpid(), EACCES);
	ASSERT_EQ(-1, mq_remove(variant, self));
	ASSERT_EQ(EACCES, errno);
	assert_refused(MQ_UNLINK, &before, 1);

	/* Still there until the refusal is lifted. */
	inject(MQ_UNLINK, getpid(), 0);
	mq_keep(self, mq_reopen(variant, self));
	ASSERT_LE(0, self->q);
	ASSERT_EQ(0, mq_remove(variant, self));
	ASSERT_EQ(-1, mq_reopen(variant, self));
	ASSERT_EQ(ENOENT, errno);
}

/*
 * mq_timedsend() and mq_timedreceive() pass no hook: a queue opened
 * before the refusals keeps working.  The open descriptor is the point
 * of control.
 */
TEST_F(mq, open_queue_unaffected)
{
	mq_keep(self, mq_create(variant, self));
	ASSERT_LE(0, self->q);
	inject(MQ_CREATE, getpid(), EACCES);
	inject(MQ_OPEN, getpid(), EACCES);
	inject(MQ_UNLINK, getpid(), EACCES);
	ASSERT_EQ(0, mq_roundtrip(self->q, "still open"));
	ASSERT_EQ(-1, mq_reopen(variant, self));
	ASSERT_EQ(EACCES, errno);
}

/* The same security_* functions serve every filesystem; only mqueue counts. */
FIXTURE(mq_other) {
	char path[PATH_MAX];
};

FIXTURE_SETUP(mq_other)
{
	char name[64];

	sipc_unique(name, sizeof(name), "sipc-file");
	snprintf(self->path, sizeof(self->path), "/tmp/%s", name);
}

FIXTURE_TEARDOWN(mq_other)
{
	inject_lift_all();
	unlink(self->path);
}

TEST_F(mq_other, files_unaffected)
{
	struct sipc_stats create = hook_stats(MQ_CREATE);
	struct sipc_stats open_st = hook_stats(MQ_OPEN);
	struct sipc_stats unlink_st = hook_stats(MQ_UNLINK);
	int fd;

	inject(MQ_CREATE, getpid(), EACCES);
	inject(MQ_OPEN, getpid(), EACCES);
	inject(MQ_UNLINK, getpid(), EACCES);
	fd = open(self->path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
	ASSERT_LE(0, fd);
	close(fd);
	fd = open(self->path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, unlink(self->path));
	assert_refused(MQ_CREATE, &create, 0);
	assert_refused(MQ_OPEN, &open_st, 0);
	assert_refused(MQ_UNLINK, &unlink_st, 0);
}

TEST_HARNESS_MAIN
