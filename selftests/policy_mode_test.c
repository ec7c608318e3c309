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

/* A denial appears on the events group, in enforce and permissive mode. */
TEST_F(mode, event_on_denial)
{
	char out[] = SIPC_RUN_DIR "/monitor.json", buf[4096], prog[PATH_MAX + 32];
	const char *modes[] = { "enforce", "permissive" };
	ssize_t n;
	int i, fd;

	if (sipcctl("monitor --help >/dev/null 2>&1"))
		SKIP(return, "sipcctl has no monitor subcommand");
	snprintf(prog, sizeof(prog), "%s", sipc_sipcctl());
	for (i = 0; i < 2; i++) {
		policy_load("mode_base");
		ASSERT_EQ(0, sipcctl("mode %s", modes[i]));
		self->monitor = fork();
		if (!self->monitor) {
			fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || dup2(fd, 1) < 0)
				_exit(1);
			execl(prog, "sipcctl", "monitor", "--count",
			      "1", "--timeout", "10", "--json", NULL);
			_exit(127);
		}
		/* Give it time to join the group. */
		sipc_sleep_ms(500);
		write_as("client", i ? "0" : "EACCES");
		ASSERT_EQ(0, sipc_wait(self->monitor));
		self->monitor = -1;
		fd = open(out, O_RDONLY);
		ASSERT_LE(0, fd);
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		ASSERT_LT(0, n);
		buf[n] = '\0';
		TH_LOG("%s: %s", modes[i], buf);
		EXPECT_NE(NULL, strstr(buf, "client"));
		EXPECT_NE(NULL, strstr(buf, "pipe"));
	}
}

SIPC_POLICY_MAIN(helpers)
