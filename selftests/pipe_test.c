// SPDX-License-Identifier: GPL-2.0
/*
 * sipc selftests: anonymous pipes and FIFOs.
 *
 * pipe.file_permission sees every read and write of an S_IFIFO file,
 * pipe.file_open every open of one (a FIFO by path, or a pipe reopened
 * through /proc/self/fd/N), pipe.file_receive every pipe that arrives
 * over SCM_RIGHTS.
 *
 * While pipe.file_permission refuses this process, its own output may go
 * to a pipe too (selftests/run tees it), so those tests lift the refusal
 * before they check anything.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "common.h"

#define PIPE_RW		"pipe.file_permission"
#define PIPE_OPEN	"pipe.file_open"
#define PIPE_RECEIVE	"pipe.file_receive"

FIXTURE(pipe) {
	int fds[2];
};

FIXTURE_SETUP(pipe)
{
	/* Non-blocking: a read that wrongly got through must not hang. */
	ASSERT_EQ(0, pipe2(self->fds, O_CLOEXEC | O_NONBLOCK));
}

FIXTURE_TEARDOWN(pipe)
{
	inject_lift_all();
	close(self->fds[0]);
	close(self->fds[1]);
}

TEST_F(pipe, write_read_counted)
{
	struct sipc_stats before = hook_stats(PIPE_RW);
	char c = 0;

	ASSERT_EQ(1, write(self->fds[1], "x", 1));
	ASSERT_EQ(1, read(self->fds[0], &c, 1));
	ASSERT_EQ('x', c);
	assert_calls(PIPE_RW, &before, 2);
}

TEST_F(pipe, write_read_refused)
{
	struct sipc_stats before = hook_stats(PIPE_RW);
	ssize_t wret, rret;
	int werr, rerr;
	char c = 0;

	ASSERT_EQ(1, write(self->fds[1], "x", 1));
	inject(PIPE_RW, getpid(), EACCES);
	wret = write(self->fds[1], "y", 1);
	werr = errno;
	rret = read(self->fds[0], &c, 1);
	rerr = errno;
	inject(PIPE_RW, getpid(), 0);

	ASSERT_EQ(-1, wret);
	ASSERT_EQ(EACCES, werr);
	ASSERT_EQ(-1, rret);
	ASSERT_EQ(EACCES, rerr);
	assert_refused(PIPE_RW, &before, 2);

	/* Lifted: the "x" written before is still there, the "y" never got in. */
	ASSERT_EQ(1, read(self->fds[0], &c, 1));
	ASSERT_EQ('x', c);
	ASSERT_EQ(-1, read(self->fds[0], &c, 1));
	ASSERT_EQ(EAGAIN, errno);
	ASSERT_EQ(1, write(self->fds[1], "z", 1));
	ASSERT_EQ(1, read(self->fds[0], &c, 1));
	ASSERT_EQ('z', c);
}

/* The hook counts S_IFIFO files only: a refusal leaves other files alone. */
TEST_F(pipe, other_files_unaffected)
{
	struct sipc_stats before = hook_stats(PIPE_RW);
	int fd = memfd_create("sipc", MFD_CLOEXEC);
	ssize_t wret, rret;
	char c = 0;

	ASSERT_LE(0, fd);
	inject(PIPE_RW, getpid(), EACCES);
	wret = write(fd, "m", 1);
	rret = pread(fd, &c, 1, 0);
	inject(PIPE_RW, getpid(), 0);
	close(fd);

	ASSERT_EQ(1, wret);
	ASSERT_EQ(1, rret);
	ASSERT_EQ('m', c);
	assert_refused(PIPE_RW, &before, 0);
}

/* Opening a pipe by name: a FIFO by its path, or a pipe via /proc. */
FIXTURE(pipe_open) {
	char path[PATH_MAX];
	char fifo[PATH_MAX];
	int fds[2];
	int rd, wr;
};

FIXTURE_VARIANT(pipe_open) {
	bool fifo;
};

FIXTURE_VARIANT_ADD(pipe_open, fifo_path) {
	.fifo = true,
};

FIXTURE_VARIANT_ADD(pipe_open, proc_fd) {
	.fifo = false,
};

FIXTURE_SETUP(pipe_open)
{
	char name[64];

	self->fds[0] = -1;
	self->fds[1] = -1;
	self->rd = -1;
	self->wr = -1;
	self->fifo[0] = '\0';
	if (variant->fifo) {
		sipc_unique(name, sizeof(name), "sipc-fifo");
		snprintf(self->fifo, sizeof(self->fifo), "/tmp/%s", name);
		ASSERT_EQ(0, mkfifo(self->fifo, 0600));
		strcpy(self->path, self->fifo);
	} else {
		ASSERT_EQ(0, pipe2(self->fds, O_CLOEXEC));
		snprintf(self->path, sizeof(self->path), "/proc/self/fd/%d",
			 self->fds[0]);
	}
}

FIXTURE_TEARDOWN(pipe_open)
{
	inject_lift_all();
	close(self->rd);
	close(self->wr);
	close(self->fds[0]);
	close(self->fds[1]);
	if (self->fifo[0])
		unlink(self->fifo);
}

/* Open a reader, then a writer (non-blocking opens never wait). */
static int open_reader(const char *path)
{
	return open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

static int open_writer(const char *path)
{
	return open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
}

TEST_F(pipe_open, open_counted)
{
	struct sipc_stats before = hook_stats(PIPE_OPEN);
	struct stat st;
	char c = 0;

	self->rd = open_reader(self->path);
	ASSERT_LE(0, self->rd);
	self->wr = open_writer(self->path);
	ASSERT_LE(0, self->wr);
	assert_calls(PIPE_OPEN, &before, 2);

	/* Both ends are one pipe. */
	ASSERT_EQ(0, fstat(self->rd, &st));
	ASSERT_TRUE(S_ISFIFO(st.st_mode));
	ASSERT_EQ(1, write(self->wr, "o", 1));
	ASSERT_EQ(1, read(self->rd, &c, 1));
	ASSERT_EQ('o', c);
}

TEST_F(pipe_open, open_refused)
{
	struct sipc_stats before = hook_stats(PIPE_OPEN);
	int next = sipc_lowest_free_fd();

	inject(PIPE_OPEN, getpid(), EACCES);
	ASSERT_EQ(-1, open_reader(self->path));
	ASSERT_EQ(EACCES, errno);
	assert_refused(PIPE_OPEN, &before, 1);
	ASSERT_EQ(next, sipc_lowest_free_fd());

	inject(PIPE_OPEN, getpid(), 0);
	self->rd = open_reader(self->path);
	ASSERT_LE(0, self->rd);
}

/* Passing pipes over an AF_UNIX socket with SCM_RIGHTS. */
FIXTURE(pipe_scm) {
	int sk[2];
	int fds[2];
};

FIXTURE_SETUP(pipe_scm)
{
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
				self->sk));
	ASSERT_EQ(0, pipe2(self->fds, O_CLOEXEC | O_NONBLOCK));
}

FIXTURE_TEARDOWN(pipe_scm)
{
	inject_lift_all();
	close(self->sk[0]);
	close(self->sk[1]);
	close(self->fds[0]);
	close(self->fds[1]);
}

static int send_fd(int sk, int fd)
{
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = "f", .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	memset(&ctl, 0, sizeof(ctl));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sk, &msg, 0) == 1 ? 0 : -1;
}

/*
 * Receive one byte and the descriptor that came with it: the bytes read
 * (or -1), with *fd the descriptor or -1 when none was installed and
 * *flags the message flags.
 */
static ssize_t recv_fd(int sk, int *fd, int *flags)
{
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	char c;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *cm;
	ssize_t n;

	*fd = -1;
	n = recvmsg(sk, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	*flags = msg.msg_flags;
	cm = n < 0 ? NULL : CMSG_FIRSTHDR(&msg);
	if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
	    cm->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(fd, CMSG_DATA(cm), sizeof(int));
	return n;
}

TEST_F(pipe_scm, receive_counted)
{
	struct sipc_stats before = hook_stats(PIPE_RECEIVE);
	struct stat st;
	int fd, flags;
	char c = 0;

	ASSERT_EQ(0, send_fd(self->sk[0], self->fds[0]));
	ASSERT_EQ(1, recv_fd(self->sk[1], &fd, &flags));
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, flags & MSG_CTRUNC);
	assert_calls(PIPE_RECEIVE, &before, 1);

	/* The received descriptor is the read end of our pipe. */
	ASSERT_EQ(0, fstat(fd, &st));
	ASSERT_TRUE(S_ISFIFO(st.st_mode));
	ASSERT_EQ(1, write(self->fds[1], "r", 1));
	ASSERT_EQ(1, read(fd, &c, 1));
	ASSERT_EQ('r', c);
	close(fd);
}

/*
 * A refused file_receive does not fail recvmsg: scm_detach_fds() stops
 * at the first file it cannot install, writes no SCM_RIGHTS header when
 * none was installed, and sets MSG_CTRUNC; the data still arrives.
 */
TEST_F(pipe_scm, receive_refused)
{
	struct sipc_stats before = hook_stats(PIPE_RECEIVE);
	int next = sipc_lowest_free_fd();
	int fd, flags;

	ASSERT_EQ(0, send_fd(self->sk[0], self->fds[0]));
	inject(PIPE_RECEIVE, getpid(), EACCES);
	ASSERT_EQ(1, recv_fd(self->sk[1], &fd, &flags));
	ASSERT_EQ(-1, fd);
	ASSERT_EQ(MSG_CTRUNC, flags & MSG_CTRUNC);
	ASSERT_EQ(next, sipc_lowest_free_fd());
	assert_refused(PIPE_RECEIVE, &before, 1);

	inject(PIPE_RECEIVE, getpid(), 0);
	ASSERT_EQ(0, send_fd(self->sk[0], self->fds[0]));
	ASSERT_EQ(1, recv_fd(self->sk[1], &fd, &flags));
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, flags & MSG_CTRUNC);
	close(fd);
}

/* Only pipes are ours: another file passes while pipes are refused. */
TEST_F(pipe_scm, other_files_unaffected)
{
	struct sipc_stats before = hook_stats(PIPE_RECEIVE);
	int mfd = memfd_create("sipc", MFD_CLOEXEC);
	int fd, flags;

	ASSERT_LE(0, mfd);
	ASSERT_EQ(0, send_fd(self->sk[0], mfd));
	close(mfd);
	inject(PIPE_RECEIVE, getpid(), EACCES);
	ASSERT_EQ(1, recv_fd(self->sk[1], &fd, &flags));
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, flags & MSG_CTRUNC);
	close(fd);
	assert_refused(PIPE_RECEIVE, &before, 0);
}

TEST_HARNESS_MAIN
