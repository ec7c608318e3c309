// SPDX-License-Identifier: GPL-2.0
/*
 * sipc policy selftests: anonymous pipes and FIFOs under a loaded policy.
 *
 * A pipe has the role of the process that created it; a FIFO the role of
 * the `label fifo` glob its path matches.  read/write need {read}/{write}
 * of class pipe or fifo on that role.  A confined process only ever holds
 * a pipe it may use (exec closes the others, see policy_bypass_test), so
 * the refusal of read/write on a descriptor already held is shown with a
 * policy reload that drops the rule while the descriptor is open.
 */
#define _GNU_SOURCE
#include <sys/uio.h>

#include "common.h"

#define FIFO_DIR	SIPC_TEST_DIR "/fifo"
#define FIFO_PATH	FIFO_DIR "/f"

/* write(2) then writev(2) of one byte each: 0 or the errno of the first. */
static int write_twice(int fd)
{
	struct iovec iov = { .iov_base = "v", .iov_len = 1 };

	if (write(fd, "w", 1) != 1)
		return errno;
	if (writev(fd, &iov, 1) != 1)
		return errno;
	return 0;
}

/* read(2) then readv(2) of one byte each: 0 or the errno of the first. */
static int read_twice(int fd)
{
	char a, b;
	struct iovec iov = { .iov_base = &b, .iov_len = 1 };

	errno = 0;
	if (read(fd, &a, 1) != 1)
		return errno ? errno : ENODATA;
	if (readv(fd, &iov, 1) != 1)
		return errno ? errno : ENODATA;
	return 0;
}

/*
 * pipe-self WRITE READ: create a non-blocking pipe, write two bytes (with
 * write and writev), read them (read and readv), expecting the errnos
 * WRITE and READ (EAGAIN: nothing was there to read).
 */
static int helper_pipe_self(int argc, char **argv)
{
	int p[2];

	if (argc != 3)
		return SIPC_HELPER_BROKEN;
	if (pipe2(p, O_NONBLOCK | O_CLOEXEC))
		helper_broken("pipe");
	sipc_expect("write", write_twice(p[1]), sipc_errno_parse(argv[1]));
	sipc_expect("read", read_twice(p[0]), sipc_errno_parse(argv[2]));
	return 0;
}

/*
 * pipe-client FD OP FD_EXPECT OP_EXPECT [OP_EXPECT2]: FD was inherited
 * across the exec into this role; check it is still open (FD_EXPECT
 * EBADF: exec closed it), then do OP (read/write, two bytes).  With
 * OP_EXPECT2, signal "step", wait for "go" (a reload) and do OP again.
 */
static int helper_pipe_client(int argc, char **argv)
{
	int fd, want;

	if (argc != 5 && argc != 6)
		return SIPC_HELPER_BROKEN;
	fd = atoi(argv[1]);
	want = sipc_errno_parse(argv[3]);
	if (!sipc_expect("fcntl(F_GETFD)", sipc_err(fcntl(fd, F_GETFD)), want) ||
	    want)
		return 0;
	if (!strcmp(argv[2], "write"))
		sipc_expect("write", write_twice(fd), sipc_errno_parse(argv[4]));
	else
		sipc_expect("read", read_twice(fd), sipc_errno_parse(argv[4]));
	if (argc == 5)
		return 0;
	sipc_touch("step");
	if (!sipc_wait_file("go", 10000))
		helper_broken("no go");
	if (!strcmp(argv[2], "write"))
		sipc_expect("write after reload", write_twice(fd),
			    sipc_errno_parse(argv[5]));
	else
		sipc_expect("read after reload", read_twice(fd),
			    sipc_errno_parse(argv[5]));
	return 0;
}

/*
 * pipe-server END CLIENT_ARGS...: create a pipe, hand END (read/write)
 * to a client exec'd in role client (pipe-client FD END CLIENT_ARGS...),
 * wait for it; having filled the pipe first when the client reads.
 */
static int helper_pipe_server(int argc, char **argv)
{
	char *args[8] = { "pipe-client" };
	bool client_writes;
	int p[2], fd, i;
	pid_t pid;

	if (argc < 4 || argc > 5)
		return SIPC_HELPER_BROKEN;
	client_writes = !strcmp(argv[1], "write");
	if (pipe2(p, O_NONBLOCK | O_CLOEXEC))
		helper_broken("pipe");
	if (!client_writes && (write_twice(p[1]) || write_twice(p[1])))
		helper_broken("filling the pipe");
	/* The end the client gets, without O_CLOEXEC. */
	fd = dup(p[client_writes ? 1 : 0]);
	if (fd < 0)
		helper_broken("dup");
	args[1] = sipc_num(fd);
	for (i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	args[i + 1] = NULL;
	pid = sipc_spawn_argv("client", args);
	close(fd);
	sipc_expect("client", sipc_wait(pid), 0);
	return 0;
}

/*
 * fifo-reader EXPECT_OPEN EXPECT_READ [reload]: open FIFO_PATH for reading
 * (non-blocking), signal "reader", wait for "written" and read.  With
 * "reload", signal "step" and wait for "go" before reading.
 */
static int helper_fifo_reader(int argc, char **argv)
{
	char c;
	int fd;

	if (argc != 3 && argc != 4)
		return SIPC_HELPER_BROKEN;
	fd = open(FIFO_PATH, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	sipc_touch("reader");
	if (!sipc_expect("open for reading", sipc_err(fd),
			 sipc_errno_parse(argv[1])) || fd < 0)
		return 0;
	if (!sipc_wait_file("written", 10000))
		helper_broken("nothing written");
	if (argc == 4) {
		sipc_touch("step");
		if (!sipc_wait_file("go", 10000))
			helper_broken("no go");
	}
	errno = 0;
	sipc_expect("read", read(fd, &c, 1) == 1 ? 0 : errno ?: ENODATA,
		    sipc_errno_parse(argv[2]));
	return 0;
}

/*
 * fifo-writer EXPECT_OPEN EXPECT_WRITE [EXPECT_WRITE_AFTER_RELOAD]: wait
 * for "reader", open FIFO_PATH for writing, write, signal "written".
 */
static int helper_fifo_writer(int argc, char **argv)
{
	int fd;

	if (argc != 3 && argc != 4)
		return SIPC_HELPER_BROKEN;
	if (!sipc_wait_file("reader", 10000))
		helper_broken("no reader");
	fd = open(FIFO_PATH, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (sipc_expect("open for writing", sipc_err(fd),
			sipc_errno_parse(argv[1])) && fd >= 0) {
		sipc_expect("write", sipc_err(write(fd, "f", 1)),
			    sipc_errno_parse(argv[2]));
		if (argc == 4) {
			sipc_touch("step");
			if (!sipc_wait_file("go", 10000))
				helper_broken("no go");
			sipc_expect("write after reload",
				    sipc_err(write(fd, "g", 1)),
				    sipc_errno_parse(argv[3]));
		}
	}
	sipc_touch("written");
	return 0;
}

/*
 * splice: move bytes between two pipes of its own with splice, tee and
 * vmsplice, none of which has a hook: they must work for a role allowed
 * to use the pipes (the control for policy_bypass_test's refusals).
 */
static int helper_splice(int argc, char **argv)
{
	struct iovec iov = { .iov_base = "v", .iov_len = 1 };
	char buf[8];
	int a[2], b[2];

	(void)argc;
	(void)argv;
	if (pipe2(a, O_NONBLOCK | O_CLOEXEC) || pipe2(b, O_NONBLOCK | O_CLOEXEC))
		helper_broken("pipe");
	sipc_expect("write", sipc_err(write(a[1], "st", 2)), 0);
	sipc_expect("tee", sipc_err(tee(a[0], b[1], 1, SPLICE_F_NONBLOCK)), 0);
	sipc_expect("splice", sipc_err(splice(a[0], NULL, b[1], NULL, 2,
					      SPLICE_F_NONBLOCK)), 0);
	sipc_expect("vmsplice", sipc_err(vmsplice(b[1], &iov, 1,
						  SPLICE_F_NONBLOCK)), 0);
	sipc_expect("read back 4 bytes",
		    read(b[0], buf, sizeof(buf)) == 4 ? 0 : EIO, 0);
	return 0;
}

static const struct sipc_helper helpers[] = {
	{ "pipe-self", helper_pipe_self },
	{ "pipe-client", helper_pipe_client },
	{ "pipe-server", helper_pipe_server },
	{ "fifo-reader", helper_fifo_reader },
	{ "fifo-writer", helper_fifo_writer },
	{ "splice", helper_splice },
};

/* A pipe client creates and uses itself. */
FIXTURE(pipe_self) {
};

FIXTURE_VARIANT(pipe_self) {
	const char *policy;
	const char *write;
	const char *read;
};

/* client -> own pipe, rule {read write}: write ok, read ok */
FIXTURE_VARIANT_ADD(pipe_self, allowed) {
	.policy = "pipe_self_rw", .write = "0", .read = "0",
};

/* client -> own pipe, rule {read} only: write EACCES, read ok (empty) */
FIXTURE_VARIANT_ADD(pipe_self, write_denied) {
	.policy = "pipe_self_r", .write = "EACCES", .read = "EAGAIN",
};

/* client -> own pipe, rule {write} only: write ok, read EACCES */
FIXTURE_VARIANT_ADD(pipe_self, read_denied) {
	.policy = "pipe_self_w", .write = "0", .read = "EACCES",
};

FIXTURE_SETUP(pipe_self)
{
	roles_install("client");
	policy_load(variant->policy);
}

FIXTURE_TEARDOWN(pipe_self)
{
	policy_reset();
}

TEST_F(pipe_self, read_write)
{
	ASSERT_EQ(0, run_in("client", "pipe-self", (char *)variant->write,
			    (char *)variant->read));
}

/* client splices, tees, vmsplices between own pipes {read write}: ok */
TEST(splice_tee_vmsplice_allowed)
{
	roles_install("client");
	policy_load("pipe_self_rw");
	EXPECT_EQ(0, run_in("client", "splice"));
	policy_reset();
}

/*
 * server creates a pipe and execs a client with one end; the client
 * uses it, possibly across a reload of the policy.
 */
FIXTURE(pipe_cross) {
};

FIXTURE_VARIANT(pipe_cross) {
	const char *policy;
	const char *end;	/* the end the client gets */
	const char *fd;		/* F_GETFD after exec: 0 or EBADF */
	const char *op;		/* the client's read or write */
	const char *reload;	/* policy loaded while the client holds it */
	const char *after;	/* the same operation after that */
};

/* server pipe (write end) -> exec client, rule {write}: kept, write ok */
FIXTURE_VARIANT_ADD(pipe_cross, write_allowed) {
	.policy = "pipe_cross_w", .end = "write", .fd = "0", .op = "0",
};

/* server pipe (read end) -> exec client, rule {read}: kept, read ok */
FIXTURE_VARIANT_ADD(pipe_cross, read_allowed) {
	.policy = "pipe_cross_r", .end = "read", .fd = "0", .op = "0",
};

/* server pipe (write end) -> exec client, no rule: closed at exec */
FIXTURE_VARIANT_ADD(pipe_cross, write_closed_at_exec) {
	.policy = "pipe_cross_none", .end = "write", .fd = "EBADF",
};

/* server pipe (write end) -> exec client, rule {read} only: closed */
FIXTURE_VARIANT_ADD(pipe_cross, write_end_closed_read_rule) {
	.policy = "pipe_cross_r", .end = "write", .fd = "EBADF",
};

/* server pipe (read end) -> exec client, rule {write} only: closed */
FIXTURE_VARIANT_ADD(pipe_cross, read_end_closed_write_rule) {
	.policy = "pipe_cross_w", .end = "read", .fd = "EBADF",
};

/* client writes server's pipe; reload keeps {write}: write ok */
FIXTURE_VARIANT_ADD(pipe_cross, write_reload_allowed) {
	.policy = "pipe_cross_w", .end = "write", .fd = "0", .op = "0",
	.reload = "pipe_cross_w", .after = "0",
};

/* client writes server's pipe; reload drops {write}: write EACCES */
FIXTURE_VARIANT_ADD(pipe_cross, write_reload_denied) {
	.policy = "pipe_cross_w", .end = "write", .fd = "0", .op = "0",
	.reload = "pipe_cross_none", .after = "EACCES",
};

/* client reads server's pipe; reload keeps {read}: read ok */
FIXTURE_VARIANT_ADD(pipe_cross, read_reload_allowed) {
	.policy = "pipe_cross_r", .end = "read", .fd = "0", .op = "0",
	.reload = "pipe_cross_r", .after = "0",
};

/* client reads server's pipe; reload drops {read}: read EACCES */
FIXTURE_VARIANT_ADD(pipe_cross, read_reload_denied) {
	.policy = "pipe_cross_r", .end = "read", .fd = "0", .op = "0",
	.reload = "pipe_cross_none", .after = "EACCES",
};

FIXTURE_SETUP(pipe_cross)
{
	roles_install("server", "client");
	policy_load(variant->policy);
}

FIXTURE_TEARDOWN(pipe_cross)
{
	policy_reset();
}

TEST_F(pipe_cross, use)
{
	pid_t pid;

	if (variant->reload) {
		pid = spawn("server", "pipe-server", (char *)variant->end,
			    (char *)variant->fd, (char *)variant->op,
			    (char *)variant->after);
		ASSERT_TRUE(sipc_wait_file("step", 10000));
		policy_load(variant->reload);
		sipc_touch("go");
	} else {
		pid = spawn("server", "pipe-server", (char *)variant->end,
			    (char *)variant->fd, (char *)(variant->op ?: "-"));
	}
	ASSERT_EQ(0, sipc_wait(pid));
}

/* A FIFO labeled server: client writes, server reads. */
FIXTURE(fifo) {
};

FIXTURE_VARIANT(fifo) {
	const char *policy;
	const char *open_write, *write, *open_read, *read;
	const char *reload;
	bool reload_reader;	/* the reader (else the writer) waits for it */
	const char *after;
};

/* client -open(w)/write-> FIFO(server) -open(r)/read-> server: all ok */
FIXTURE_VARIANT_ADD(fifo, allowed) {
	.policy = "fifo", .open_write = "0", .write = "0",
	.open_read = "0", .read = "0",
};

/* client -open(w)-> FIFO(server), no rule: EACCES */
FIXTURE_VARIANT_ADD(fifo, open_write_denied) {
	.policy = "fifo_nowrite", .open_write = "EACCES", .write = "-",
	.open_read = "0", .read = "-",
};

/* server -open(r)-> FIFO(server), no rule: EACCES */
FIXTURE_VARIANT_ADD(fifo, open_read_denied) {
	.policy = "fifo_noread", .open_write = "-", .write = "-",
	.open_read = "EACCES", .read = "-",
};

/* client holds the FIFO open; reload keeps {write}: write ok */
FIXTURE_VARIANT_ADD(fifo, write_reload_allowed) {
	.policy = "fifo", .open_write = "0", .write = "0",
	.open_read = "0", .read = "0", .reload = "fifo", .after = "0",
};

/* client holds the FIFO open; reload drops {write}: write EACCES */
FIXTURE_VARIANT_ADD(fifo, write_reload_denied) {
	.policy = "fifo", .open_write = "0", .write = "0",
	.open_read = "0", .read = "0", .reload = "fifo_nowrite",
	.after = "EACCES",
};

/* server holds the FIFO open; reload keeps {read}: read ok */
FIXTURE_VARIANT_ADD(fifo, read_reload_allowed) {
	.policy = "fifo", .open_write = "0", .write = "0",
	.open_read = "0", .read = "0", .reload = "fifo",
	.reload_reader = true,
};

/* server holds the FIFO open; reload drops {read}: read EACCES */
FIXTURE_VARIANT_ADD(fifo, read_reload_denied) {
	.policy = "fifo", .open_write = "0", .write = "0",
	.open_read = "0", .read = "EACCES", .reload = "fifo_noread",
	.reload_reader = true,
};

FIXTURE_SETUP(fifo)
{
	roles_install("server", "client");
	mkdir(FIFO_DIR, 0755);
	unlink(FIFO_PATH);
	ASSERT_EQ(0, mkfifo(FIFO_PATH, 0666));
	policy_load(variant->policy);
}

FIXTURE_TEARDOWN(fifo)
{
	policy_reset();
	unlink(FIFO_PATH);
}

TEST_F(fifo, open_read_write)
{
	bool reload_writer = variant->reload && !variant->reload_reader;
	pid_t reader, writer;

	if (variant->reload_reader)
		reader = spawn("server", "fifo-reader",
			       (char *)variant->open_read,
			       (char *)variant->read, "reload");
	else
		reader = spawn("server", "fifo-reader",
			       (char *)variant->open_read,
			       (char *)variant->read);
	if (!strcmp(variant->open_read, "EACCES")) {
		/* Nothing can be written without a reader. */
		ASSERT_EQ(0, sipc_wait(reader));
		return;
	}
	if (reload_writer)
		writer = spawn("client", "fifo-writer",
			       (char *)variant->open_write,
			       (char *)variant->write, (char *)variant->after);
	else
		writer = spawn("client", "fifo-writer",
			       (char *)variant->open_write,
			       (char *)variant->write);
	if (variant->reload) {
		EXPECT_TRUE(sipc_wait_file("step", 10000));
		policy_load(variant->reload);
		sipc_touch("go");
	}
	EXPECT_EQ(0, sipc_wait(writer));
	EXPECT_EQ(0, sipc_wait(reader));
}

SIPC_POLICY_MAIN(helpers)
