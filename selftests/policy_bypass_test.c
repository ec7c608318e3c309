// SPDX-License-Identifier: GPL-2.0
/*
 * sipc policy selftests: routes around the read/write hooks.
 *
 * vmsplice, splice, tee and mq_send/mq_receive have no hook of their own:
 * a confined process must never hold a pipe, FIFO or queue descriptor it
 * may not use.  So the routes by which a descriptor arrives are checked:
 * SCM_RIGHTS (refused: MSG_CTRUNC and no descriptor), exec into a role
 * (such descriptors are closed), /proc/PID/fd reopen (EACCES).  io_uring
 * passes the hooks and is refused like write/read.  sendfile into a pipe,
 * like splice, is checked only through how the pipe was acquired.  Each test runs under selftests/policy/bypass_allow.sipc
 * (the route works) and bypass_deny.sipc (it is closed).
 */
#define _GNU_SOURCE
#include <mqueue.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <linux/io_uring.h>

#include "common.h"

#define MQ_SCM		"/sipc-test-scm"
#define MQ_PLAIN	"/sipc-plain-exec"
#define FIFO_DIR	SIPC_TEST_DIR "/fifo"
#define FIFO_PATH	FIFO_DIR "/f"
#define FIFO_PLAIN	SIPC_TEST_DIR "/fifo-plain"

/* Send @fd with one byte over @sk. */
static int send_fd(int sk, int fd)
{
	char buf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = buf, .msg_controllen = sizeof(buf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return sendmsg(sk, &msg, MSG_NOSIGNAL) == 1 ? 0 : -1;
}

/*
 * Receive a byte and maybe a descriptor from @sk: the descriptor, -1 when
 * none came (*@ctrunc tells whether one was refused), -2 on error.
 */
static int recv_fd(int sk, bool *ctrunc)
{
	char buf[CMSG_SPACE(sizeof(int))] = { 0 }, c;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = buf, .msg_controllen = sizeof(buf),
	};
	struct cmsghdr *cmsg;
	int fd = -1;

	if (recvmsg(sk, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -2;
	*ctrunc = msg.msg_flags & MSG_CTRUNC;
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg))
		if (cmsg->cmsg_level == SOL_SOCKET &&
		    cmsg->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}

static bool denied(const char *arg)
{
	return !strcmp(arg, "deny");
}

/*
 * scm-client KIND SK DENY: receive a KIND (pipe, mq, sock) descriptor on
 * SK and use it.  Refused pipe and queue descriptors do not arrive;
 * sockets do, but using one is refused.
 */
static int helper_scm_client(int argc, char **argv)
{
	struct iovec iov = { .iov_base = "v", .iov_len = 1 };
	bool ctrunc = false, deny;
	int fd;

	if (argc != 4)
		return SIPC_HELPER_BROKEN;
	deny = denied(argv[3]);
	fd = recv_fd(atoi(argv[2]), &ctrunc);
	if (fd == -2)
		helper_broken("recvmsg");
	if (!strcmp(argv[1], "sock")) {
		sipc_expect("socket received", fd < 0 ? ENOENT : 0, 0);
		if (fd >= 0)
			sipc_expect("send on the received socket",
				    sipc_err(send(fd, "s", 1, MSG_NOSIGNAL)),
				    deny ? EACCES : 0);
		return 0;
	}
	sipc_expect("MSG_CTRUNC", ctrunc ? EACCES : 0, deny ? EACCES : 0);
	sipc_expect("descriptor received", fd < 0 ? ENOENT : 0,
		    deny ? ENOENT : 0);
	if (fd < 0)
		return 0;
	if (!strcmp(argv[1], "pipe")) {
		sipc_expect("write", sipc_err(write(fd, "w", 1)), 0);
		sipc_expect("vmsplice", sipc_err(vmsplice(fd, &iov, 1, 0)), 0);
	} else {
		sipc_expect("mq_send", sipc_err(mq_send(fd, "m", 1, 0)), 0);
	}
	return 0;
}

/*
 * scm-server KIND DENY: make a KIND descriptor and hand it over a
 * socketpair to a client exec'd in role client (scm-client).
 */
static int helper_scm_server(int argc, char **argv)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 16 };
	char *args[] = { "scm-client", argv[1], NULL, argv[2], NULL };
	int carrier[2], p[2], fd, sk;
	pid_t pid;

	if (argc != 3)
		return SIPC_HELPER_BROKEN;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, carrier))
		helper_broken("socketpair");
	if (!strcmp(argv[1], "pipe")) {
		if (pipe2(p, O_CLOEXEC))
			helper_broken("pipe");
		fd = p[1];
	} else if (!strcmp(argv[1], "mq")) {
		mq_unlink(MQ_SCM);
		fd = mq_open(MQ_SCM, O_CREAT | O_WRONLY | O_CLOEXEC, 0666,
			     &attr);
		if (fd < 0)
			helper_broken("mq_open");
	} else {
		if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, p))
			helper_broken("socketpair");
		fd = p[1];
	}
	sk = dup(carrier[1]);
	if (sk < 0)
		helper_broken("dup");
	args[2] = sipc_num(sk);
	pid = sipc_spawn_argv("client", args);
	close(sk);
	if (send_fd(carrier[0], fd))
		helper_broken("sendmsg");
	sipc_expect("client", sipc_wait(pid), 0);
	if (!strcmp(argv[1], "mq"))
		mq_unlink(MQ_SCM);
	return 0;
}

/* fork-create DENY: create a socket, fork, create one in the child. */
static int helper_fork_create(int argc, char **argv)
{
	int want = denied(argv[1]) ? EACCES : 0;
	pid_t pid;

	if (argc != 2)
		return SIPC_HELPER_BROKEN;
	sipc_expect("socket", sipc_err(socket(AF_UNIX, SOCK_DGRAM, 0)), want);
	pid = fork();
	if (!pid) {
		sipc_helper_name = "fork-create child";
		sipc_expect("socket in the child",
			    sipc_err(socket(AF_UNIX, SOCK_DGRAM, 0)), want);
		_exit(sipc_helper_failed);
	}
	sipc_expect("child", sipc_wait(pid), 0);
	return 0;
}

/*
 * exec-check PIPE FIFO MQ SOCK DENY: descriptors inherited across the
 * exec into this role: pipe, FIFO and queue closed when DENY, the socket
 * kept either way.
 */
static int helper_exec_check(int argc, char **argv)
{
	struct iovec iov = { .iov_base = "v", .iov_len = 1 };
	int want, pipe_fd, fifo_fd, mq_fd, sock_fd;

	if (argc != 6)
		return SIPC_HELPER_BROKEN;
	want = denied(argv[5]) ? EBADF : 0;
	pipe_fd = atoi(argv[1]);
	fifo_fd = atoi(argv[2]);
	mq_fd = atoi(argv[3]);
	sock_fd = atoi(argv[4]);
	sipc_expect("pipe F_GETFD", sipc_err(fcntl(pipe_fd, F_GETFD)), want);
	sipc_expect("vmsplice into the pipe",
		    sipc_err(vmsplice(pipe_fd, &iov, 1, SPLICE_F_NONBLOCK)),
		    want);
	sipc_expect("FIFO F_GETFD", sipc_err(fcntl(fifo_fd, F_GETFD)), want);
	sipc_expect("write to the FIFO", sipc_err(write(fifo_fd, "f", 1)),
		    want);
	sipc_expect("mqueue F_GETFD", sipc_err(fcntl(mq_fd, F_GETFD)), want);
	sipc_expect("mq_send", sipc_err(mq_send(mq_fd, "m", 1, 0)), want);
	sipc_expect("socket F_GETFD (kept)", sipc_err(fcntl(sock_fd, F_GETFD)),
		    0);
	return 0;
}

#define HOLD_PIPE_W	100
#define HOLD_PIPE_R	101
#define HOLD_FIFO	102

/* holder: keep a pipe at HOLD_PIPE_W/R and FIFO_PATH at HOLD_FIFO. */
static int helper_holder(int argc, char **argv)
{
	int p[2], fd;

	(void)argc;
	(void)argv;
	if (pipe(p) || dup2(p[1], HOLD_PIPE_W) < 0 || dup2(p[0], HOLD_PIPE_R) < 0)
		helper_broken("pipe");
	fd = open(FIFO_PATH, O_RDONLY | O_NONBLOCK);
	if (fd < 0 || dup2(fd, HOLD_FIFO) < 0)
		helper_broken("open " FIFO_PATH);
	sipc_touch("ready");
	sipc_wait_file("done", 15000);
	return 0;
}

/* proc-open PATH r|w EXPECT */
static int helper_proc_open(int argc, char **argv)
{
	int flags = argv[2][0] == 'w' ? O_WRONLY : O_RDONLY;

	if (argc != 4)
		return SIPC_HELPER_BROKEN;
	sipc_expect(argv[1], sipc_err(open(argv[1], flags | O_NONBLOCK)),
		    sipc_errno_parse(argv[3]));
	return 0;
}

/*
 * hand-read-end EXPECT: exec a client with the read end of a pipe; it
 * reopens that through /proc/self/fd for writing.
 */
static int helper_hand_read_end(int argc, char **argv)
{
	char path[64];
	int p[2], fd;
	pid_t pid;

	if (argc != 2)
		return SIPC_HELPER_BROKEN;
	if (pipe2(p, O_CLOEXEC))
		helper_broken("pipe");
	fd = dup(p[0]);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	pid = spawn("client", "proc-open", path, "w", argv[1]);
	close(fd);
	sipc_expect("client", sipc_wait(pid), 0);
	return 0;
}

/*
 * sendfile DENY: write(2) into a pipe of its own is refused, but sendfile
 * into the same pipe is not: the kernel checks only the input file on the
 * way to a pipe (do_sendfile -> splice_file_to_pipe), as for splice.  A
 * role can reach a pipe that way only if it created the pipe itself, so
 * the pipe never left the role (Documentation/design.rst).  Pinned here
 * so that a kernel that starts checking it is noticed.
 */
static int helper_sendfile(int argc, char **argv)
{
	int p[2], file;

	if (argc != 2)
		return SIPC_HELPER_BROKEN;
	file = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (file < 0 || pipe2(p, O_CLOEXEC | O_NONBLOCK))
		helper_broken("setup");
	sipc_expect("write into the pipe", sipc_err(write(p[1], "x", 1)),
		    denied(argv[1]) ? EACCES : 0);
	sipc_expect("sendfile into the pipe",
		    sipc_err(sendfile(p[1], file, NULL, 16)), 0);
	return 0;
}

struct uring {
	int fd;
	unsigned int *sq_tail, *sq_mask, *sq_array;
	unsigned int *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
};

/*
 * Set up a ring of 4 with raw syscalls.  The test checked that this
 * kernel has io_uring, so a failure here is one (a refusal by sipc).
 */
static void uring_setup(struct uring *r)
{
	struct io_uring_params p = { 0 };
	size_t sq_len, cq_len;
	char *sq, *cq;

	r->fd = syscall(__NR_io_uring_setup, 4, &p);
	if (r->fd < 0)
		helper_broken("io_uring_setup");
	sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned int);
	cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		  r->fd, IORING_OFF_SQ_RING);
	cq = mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		  r->fd, IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		       IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || r->sqes == MAP_FAILED)
		helper_broken("mmap io_uring");
	r->sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	r->sq_mask = (unsigned int *)(sq + p.sq_off.ring_mask);
	r->sq_array = (unsigned int *)(sq + p.sq_off.array);
	r->cq_head = (unsigned int *)(cq + p.cq_off.head);
	r->cq_tail = (unsigned int *)(cq + p.cq_off.tail);
	r->cq_mask = (unsigned int *)(cq + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
}

/* Submit @sqe and wait for its completion: the cqe's res. */
static int uring_run(struct uring *r, const struct io_uring_sqe *sqe)
{
	unsigned int tail = *r->sq_tail, idx = tail & *r->sq_mask, head;
	int res;

	r->sqes[idx] = *sqe;
	r->sq_array[idx] = idx;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS,
		    NULL, 0) < 0)
		helper_broken("io_uring_enter");
	head = *r->cq_head;
	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		helper_broken("no completion");
	res = r->cqes[head & *r->cq_mask].res;
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return res;
}

/*
 * uring OP ASYNC DENY: IORING_OP_WRITE/READ on a pipe of its own, or
 * IORING_OP_SENDMSG on a socketpair of its own; ASYNC "async" forces the
 * io-wq worker path (IOSQE_ASYNC).
 */
static int helper_uring(int argc, char **argv)
{
	struct io_uring_sqe sqe = { 0 };
	struct iovec iov = { .iov_base = "u", .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	bool deny;
	struct uring r;
	char buf[4];
	int p[2], res;

	if (argc != 4)
		return SIPC_HELPER_BROKEN;
	deny = denied(argv[3]);
	uring_setup(&r);
	if (!strcmp(argv[1], "sendmsg")) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p))
			helper_broken("socketpair");
		sqe.opcode = IORING_OP_SENDMSG;
		sqe.addr = (unsigned long)&msg;
		sqe.len = 1;
	} else {
		if (pipe2(p, O_CLOEXEC))
			helper_broken("pipe");
		sqe.opcode = !strcmp(argv[1], "write") ? IORING_OP_WRITE :
							 IORING_OP_READ;
		sqe.addr = (unsigned long)(sqe.opcode == IORING_OP_WRITE ?
					   (void *)"u" : (void *)buf);
		sqe.len = 1;
		sqe.off = -1;
		/*
		 * Something to read, or io_uring just waits for it; put
		 * there with vmsplice, which no hook sees (a pipe of one's
		 * own is the exception the policy cannot close).
		 */
		if (sqe.opcode == IORING_OP_READ &&
		    vmsplice(p[1], &iov, 1, 0) != 1)
			helper_broken("vmsplice");
	}
	sqe.fd = sqe.opcode == IORING_OP_READ ? p[0] : p[1];
	if (!strcmp(argv[1], "sendmsg"))
		sqe.fd = p[0];
	if (!strcmp(argv[2], "async"))
		sqe.flags = IOSQE_ASYNC;
	res = uring_run(&r, &sqe);
	sipc_expect(argv[1], res == 1 ? 0 : res < 0 ? -res : EIO,
		    deny ? EACCES : 0);
	return 0;
}

static const struct sipc_helper helpers[] = {
	{ "scm-client", helper_scm_client },
	{ "scm-server", helper_scm_server },
	{ "fork-create", helper_fork_create },
	{ "exec-check", helper_exec_check },
	{ "holder", helper_holder },
	{ "proc-open", helper_proc_open },
	{ "hand-read-end", helper_hand_read_end },
	{ "sendfile", helper_sendfile },
	{ "uring", helper_uring },
};

FIXTURE(bypass) {
	pid_t holder;
	int pipe_fd[2], fifo_fd, sk[2];
	mqd_t mq;
};

FIXTURE_VARIANT(bypass) {
	const char *policy;
	const char *arg;	/* "allow" or "deny", for the helpers */
};

/* client may use what it is handed (bypass_allow.sipc): every route works */
FIXTURE_VARIANT_ADD(bypass, allowed) {
	.policy = "bypass_allow", .arg = "allow",
};

/* client may not write (bypass_deny.sipc): every route is closed */
FIXTURE_VARIANT_ADD(bypass, denied) {
	.policy = "bypass_deny", .arg = "deny",
};

FIXTURE_SETUP(bypass)
{
	self->holder = -1;
	self->pipe_fd[0] = self->pipe_fd[1] = -1;
	self->fifo_fd = -1;
	self->sk[0] = self->sk[1] = -1;
	self->mq = -1;
	roles_install("server", "client");
	mkdir(FIFO_DIR, 0755);
	unlink(FIFO_PATH);
	ASSERT_EQ(0, mkfifo(FIFO_PATH, 0666));
	policy_load(variant->policy);
}

FIXTURE_TEARDOWN(bypass)
{
	sipc_touch("done");
	policy_reset();
	sipc_reap(self->holder);
	unlink(FIFO_PATH);
	unlink(FIFO_PLAIN);
	mq_unlink(MQ_PLAIN);
	mq_unlink(MQ_SCM);
}

/* server -SCM_RIGHTS(pipe write end)-> client */
TEST_F(bypass, scm_rights_pipe)
{
	ASSERT_EQ(0, run_in("server", "scm-server", "pipe",
			    (char *)variant->arg));
}

/* server -SCM_RIGHTS(mqueue opened for sending)-> client */
TEST_F(bypass, scm_rights_mqueue)
{
	ASSERT_EQ(0, run_in("server", "scm-server", "mq",
			    (char *)variant->arg));
}

/* server -SCM_RIGHTS(dgram socket of server's)-> client, who sends on it */
TEST_F(bypass, scm_rights_socket)
{
	ASSERT_EQ(0, run_in("server", "scm-server", "sock",
			    (char *)variant->arg));
}

/* client (no {create} on unix_dgram when denied) forks: the child too */
TEST_F(bypass, fork_inherits_role)
{
	ASSERT_EQ(0, run_in("client", "fork-create", (char *)variant->arg));
}

/* unconfined parent's pipe, FIFO, mqueue, socket -exec-> client */
TEST_F(bypass, exec_closes_descriptors)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 16 };

	ASSERT_EQ(0, pipe(self->pipe_fd));
	unlink(FIFO_PLAIN);
	ASSERT_EQ(0, mkfifo(FIFO_PLAIN, 0666));
	self->fifo_fd = open(FIFO_PLAIN, O_RDWR);
	ASSERT_LE(0, self->fifo_fd);
	mq_unlink(MQ_PLAIN);
	self->mq = mq_open(MQ_PLAIN, O_CREAT | O_WRONLY, 0666, &attr);
	ASSERT_LE(0, self->mq);
	/* glibc's mq_open always sets close-on-exec. */
	ASSERT_EQ(0, fcntl(self->mq, F_SETFD, 0));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, self->sk));
	ASSERT_EQ(0, run_in("client", "exec-check",
			    sipc_num(self->pipe_fd[1]), sipc_num(self->fifo_fd),
			    sipc_num(self->mq), sipc_num(self->sk[0]),
			    (char *)variant->arg));
}

/* client -open(/proc/<server>/fd/N, O_WRONLY)-> server's pipe */
TEST_F(bypass, proc_reopen_pipe)
{
	char path[64];

	self->holder = spawn("server", "holder");
	ASSERT_TRUE(sipc_wait_file("ready", 10000));
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)self->holder,
		 HOLD_PIPE_W);
	ASSERT_EQ(0, run_in("client", "proc-open", path, "w",
			    denied(variant->arg) ? "EACCES" : "0"));
	/* Reading is allowed by both policies. */
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)self->holder,
		 HOLD_PIPE_R);
	ASSERT_EQ(0, run_in("client", "proc-open", path, "r", "0"));
}

/* client -open(/proc/<server>/fd/N, O_WRONLY)-> server's FIFO */
TEST_F(bypass, proc_reopen_fifo)
{
	char path[64];

	self->holder = spawn("server", "holder");
	ASSERT_TRUE(sipc_wait_file("ready", 10000));
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)self->holder,
		 HOLD_FIFO);
	ASSERT_EQ(0, run_in("client", "proc-open", path, "w",
			    denied(variant->arg) ? "EACCES" : "0"));
}

/* client holds the read end of server's pipe, reopens it for writing */
TEST_F(bypass, proc_reopen_upgrade)
{
	ASSERT_EQ(0, run_in("server", "hand-read-end",
			    denied(variant->arg) ? "EACCES" : "0"));
}

/* client -sendfile-> its own pipe (no {write} when denied) */
TEST_F(bypass, sendfile)
{
	ASSERT_EQ(0, run_in("client", "sendfile", (char *)variant->arg));
}

/*
 * Does this kernel lack io_uring?  Asked here, in the unconfined test
 * process, never in the confined helper: there a failure may be sipc's.
 * 0 when it has io_uring, else the errno of an unconfined
 * io_uring_setup: ENOSYS (not built in), or EPERM when
 * kernel.io_uring_disabled turns it off.
 */
static int uring_missing(void)
{
	struct io_uring_params p = { 0 };
	char buf[16] = "";
	int fd, err;

	fd = syscall(__NR_io_uring_setup, 4, &p);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	err = errno;
	if (err == ENOSYS)
		return err;
	fd = open("/proc/sys/kernel/io_uring_disabled", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, buf, sizeof(buf) - 1) < 0)
			buf[0] = '\0';
		close(fd);
	}
	if (err == EPERM && atoi(buf) > 0)
		return err;
	/* Any other failure: let the helper meet it and fail. */
	fprintf(stderr, "# unconfined io_uring_setup: %s\n", strerror(err));
	return 0;
}

static void uring_case(struct __test_metadata *_metadata,
		       const char *op, const char *async, const char *arg)
{
	int missing = uring_missing();

	if (missing == ENOSYS)
		SKIP(return, "this kernel has no io_uring");
	if (missing)
		SKIP(return, "io_uring is disabled (kernel.io_uring_disabled)");
	ASSERT_EQ(0, run_in("client", "uring", (char *)op, (char *)async,
			    (char *)arg));
}

/* client -io_uring WRITE-> its own pipe */
TEST_F(bypass, io_uring_write)
{
	uring_case(_metadata, "write", "inline", variant->arg);
}

/* client -io_uring WRITE (IOSQE_ASYNC: io-wq worker)-> its own pipe */
TEST_F(bypass, io_uring_write_async)
{
	uring_case(_metadata, "write", "async", variant->arg);
}

/* client <-io_uring READ- its own pipe */
TEST_F(bypass, io_uring_read)
{
	uring_case(_metadata, "read", "inline", variant->arg);
}

/* client -io_uring SENDMSG-> its own socketpair */
TEST_F(bypass, io_uring_sendmsg)
{
	uring_case(_metadata, "sendmsg", "inline", variant->arg);
}

/* client -io_uring SENDMSG (IOSQE_ASYNC)-> its own socketpair */
TEST_F(bypass, io_uring_sendmsg_async)
{
	uring_case(_metadata, "sendmsg", "async", variant->arg);
}

SIPC_POLICY_MAIN(helpers)
