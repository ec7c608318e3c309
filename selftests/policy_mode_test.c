// SPDX-License-Identifier: GPL-2.0
/*
 * sipc policy selftests: modes.
 *
 * The operation is a write to a pipe of one's own without {write}
 * (selftests/policy/mode_*.sipc): refused in enforce mode, let through
 * (and reported) in permissive and learn modes.  A role's own mode
 * overrides the global one.
 */
#define _GNU_SOURCE

#include "common.h"

/* pipe-write EXPECT: write to a pipe of its own. */
static int helper_pipe_write(int argc, char **argv)
{
	int p[2];

	if (argc != 2)
		return SIPC_HELPER_BROKEN;
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK))
		helper_broken("pipe");
	sipc_expect("write", sipc_err(write(p[1], "w", 1)),
		    sipc_errno_parse(argv[1]));
	return 0;
}

static const struct sipc_helper helpers[] = {
	{ "pipe-write", helper_pipe_write },
};

FIXTURE(mode) {
	pid_t monitor;
};

FIXTURE_SETUP(mode)
{
	self->monitor = -1;
	roles_install("client", "other");
}

FIXTURE_TEARDOWN(mode)
{
	policy_reset();
	sipc_reap(self->monitor);
}

#define write_as(role, expect) \
	EXPECT_EQ(0, run_in(role, "pipe-write", expect)) { \
		TH_LOG("%s writing its pipe, expected %s", role, expect); \
	}

/* client -write-> own pipe, no {write}: enforce EACCES, permissive/learn ok */
TEST_F(mode, global_switch)
{
	policy_load("mode_base");
	write_as("client", "EACCES");
	ASSERT_EQ(0, sipcctl("mode permissive"));
	write_as("client", "0");
	ASSERT_EQ(0, sipcctl("mode learn"));
	write_as("client", "0");
	ASSERT_EQ(0, sipcctl("mode enforce"));
	write_as("client", "EACCES");
}

/* sipcctl mode client permissive: client ok, other still EACCES */
TEST_F(mode, role_switch)
{
	policy_load("mode_base");
	ASSERT_EQ(0, sipcctl("mode client permissive"));
	write_as("client", "0");
	write_as("other", "EACCES");
	ASSERT_EQ(0, sipcctl("mode client global"));
	write_as("client", "EACCES");
	ASSERT_EQ(0, sipcctl("mode other learn"));
	write_as("other", "0");
	write_as("client", "EACCES");
}

/* global enforce, role client { mode permissive; }: client ok, other EACCES */
TEST_F(mode, role_permissive_in_policy)
{
	policy_load("mode_role_permissive");
	write_as("client", "0");
	write_as("other", "EACCES");
}

/* global permissive, role client { mode enforce; }: client EACCES, other ok */
TEST_F(mode, role_enforce_in_policy)
{
	policy_load("mode_role_enforce");
	write_as("client", "EACCES");
	write_as("other", "0");
}

/*
 * A misspelled expectation stops the helper (SIPC_HELPER_BROKEN), never
 * reads as "0": in permissive mode the write goes through, and "EACCESS"
 * taken for 0 would pass.
 */
TEST_F(mode, misspelled_expectation)
{
	policy_load("mode_base");
	ASSERT_EQ(0, sipcctl("mode permissive"));
	EXPECT_EQ(SIPC_HELPER_BROKEN, run_in("client", "pipe-write", "EACCESS"));
	EXPECT_EQ(SIPC_HELPER_BROKEN, run_in("client", "pipe-write", "13x"));
	EXPECT_EQ(SIPC_HELPER_BROKEN, run_in("client", "pipe-write", ""));
	/* What the tests do spell still parses. */
	write_as("client", "0");
	ASSERT_EQ(0, sipcctl("mode enforce"));
	write_as("client", "EACCES");
	write_as("client", "13");
}

/* Read @path whole into @buf (NUL-terminated): its length, or -1. */
static ssize_t read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* Wait up to @ms for file @path to contain @text. */
static bool wait_for_text(const char *path, const char *text, int ms)
{
	char buf[4096];

	for (; ms > 0; ms -= 10) {
		if (read_file(path, buf, sizeof(buf)) > 0 && strstr(buf, text))
			return true;
		sipc_sleep_ms(10);
	}
	return false;
}

/*
 * Spawn helper @argv in @role with no descriptor it could be refused: an
 * inherited pipe (the runner's output, say) is checked at exec into the
 * role, and its refusal would be the first event.  Its stderr goes to
 * @err.
 */
static pid_t spawn_alone(const char *role, char *const *argv, const char *err)
{
	pid_t pid = fork();
	int fd;

	if (!pid) {
		fd = open("/dev/null", O_RDWR);
		if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0)
			_exit(SIPC_HELPER_BROKEN);
		fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 2) < 0)
			_exit(SIPC_HELPER_BROKEN);
		sipc_exec_role(role, argv);
		_exit(SIPC_HELPER_BROKEN);
	}
	return pid;
}

/*
 * client -write-> its own pipe, no {write}: an event on the events group
 * in every mode, which says the mode, the verdict (refused only in
 * enforce), the subject and object, class pipe, permission write, and
 * the writer's pid.
 */
TEST_F(mode, event_on_denial)
{
	static const struct {
		const char *mode, *expect, *allowed;
	} cases[] = {
		{ "enforce", "EACCES", "false" },
		{ "permissive", "0", "true" },
		{ "learn", "0", "true" },
	};
	/* What the event says: verdict, mode, subject, object, class, perm. */
	static const char *const fields[] = {
		"\"allowed\": %s,", "\"mode\": \"%s\"",
		"\"subject\": \"%s\"", "\"object\": \"%s\"",
		"\"class\": \"%s\"", "\"perm\": \"%s\"",
	};
	char out[] = SIPC_RUN_DIR "/monitor.json";
	char err[] = SIPC_RUN_DIR "/monitor.err";
	char werr[] = SIPC_RUN_DIR "/writer.err";
	char buf[4096], field[64], prog[PATH_MAX + 32];
	unsigned int i, j;
	pid_t writer;
	int fd;

	/* A sipcctl without a working monitor is a regression, no skip. */
	ASSERT_EQ(0, sipcctl("monitor --help >/dev/null 2>&1"));
	snprintf(prog, sizeof(prog), "%s", sipc_sipcctl());
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *want[ARRAY_SIZE(fields)] = {
			cases[i].allowed, cases[i].mode, "client", "client",
			"pipe", "write",
		};

		policy_load("mode_base");
		ASSERT_EQ(0, sipcctl("mode %s", cases[i].mode));
		unlink(err);
		self->monitor = fork();
		if (!self->monitor) {
			fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || dup2(fd, 1) < 0)
				_exit(1);
			fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || dup2(fd, 2) < 0)
				_exit(1);
			execl(prog, "sipcctl", "monitor", "--count",
			      "1", "--timeout", "10", "--json", NULL);
			_exit(127);
		}
		/* It says so once it has joined the group. */
		ASSERT_TRUE(wait_for_text(err, "listening", 10000));
		writer = spawn_alone("client", (char *const []){ "pipe-write",
				     (char *)cases[i].expect, NULL }, werr);
		EXPECT_EQ(0, sipc_wait(writer)) {
			read_file(werr, buf, sizeof(buf));
			TH_LOG("%s: client writing its pipe, expected %s: %s",
			       cases[i].mode, cases[i].expect, buf);
		}
		ASSERT_EQ(0, sipc_wait(self->monitor));
		self->monitor = -1;
		ASSERT_LT(0, read_file(out, buf, sizeof(buf)));
		TH_LOG("%s: %s", cases[i].mode, buf);
		/* Exactly one event, with every field as expected. */
		EXPECT_EQ(buf + strlen(buf) - 1, strchr(buf, '\n'));
		for (j = 0; j < ARRAY_SIZE(fields); j++) {
			snprintf(field, sizeof(field), fields[j], want[j]);
			EXPECT_NE(NULL, strstr(buf, field)) {
				TH_LOG("%s: no %s in the event", cases[i].mode,
				       field);
			}
		}
		snprintf(field, sizeof(field), "\"pid\": %d,", (int)writer);
		EXPECT_NE(NULL, strstr(buf, field)) {
			TH_LOG("%s: no %s in the event", cases[i].mode, field);
		}
	}
}

SIPC_POLICY_MAIN(helpers)
