/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the sipc selftests: hook counters, fault injection and
 * fork-and-wait.
 *
 * The harness runs every test in a process of its own, so a test injects
 * refusals for getpid() and the fixture teardown lifts them with
 * inject_lift_all(); the harness runs the teardown even after a failed
 * ASSERT.  The helpers that take the test's _metadata are wrapped in
 * macros of the same shape as the harness's own, so a test writes
 * hook_stats("pipe.file_open") or inject(name, getpid(), EACCES).
 */
#ifndef _SIPC_SELFTESTS_COMMON_H
#define _SIPC_SELFTESTS_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/sipc.h>

#include "kselftest_harness.h"

#define SIPC_FILE(name)	"/sys/kernel/security/" SIPC_SECURITYFS_DIR "/" name
#define SIPC_HOOKS_PATH	SIPC_FILE(SIPC_SECURITYFS_HOOKS)
#define SIPC_INJECT_PATH	SIPC_FILE(SIPC_SECURITYFS_INJECT)

/* One hook's line of the hooks file. */
struct sipc_stats {
	unsigned long long calls;
	unsigned long long refused;
};

/*
 * Read hook @name's counters.  Return 0, -ENOENT when the file has no such
 * line, or the negative errno of opening the file.
 */
static inline int sipc_stats_read(const char *name, struct sipc_stats *st)
{
	char line[128], hook[SIPC_HOOK_NAME_MAX];
	struct sipc_stats s;
	int err = -ENOENT;
	FILE *f;

	f = fopen(SIPC_HOOKS_PATH, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%47s %llu %llu", hook, &s.calls,
			   &s.refused) != 3) {
			err = -EINVAL;
			break;
		}
		if (!strcmp(hook, name)) {
			*st = s;
			err = 0;
			break;
		}
	}
	fclose(f);
	return err;
}

static inline struct sipc_stats __hook_stats(struct __test_metadata *_metadata,
					     const char *name)
{
	struct sipc_stats st = { 0, 0 };
	int err = sipc_stats_read(name, &st);

	ASSERT_EQ(0, err) {
		TH_LOG("cannot read hook %s from %s: %s (is sipc.ko loaded?)",
		       name, SIPC_HOOKS_PATH, strerror(-err));
	}
	return st;
}

/* The counters of hook @name now; the test fails if they cannot be read. */
#define hook_stats(name) __hook_stats(_metadata, name)

/* Assert that hook @name saw at least @n more calls than in @before. */
static inline void __assert_calls(struct __test_metadata *_metadata,
				  const char *name,
				  const struct sipc_stats *before,
				  unsigned long long n)
{
	struct sipc_stats now = __hook_stats(_metadata, name);

	ASSERT_GE(now.calls, before->calls + n) {
		TH_LOG("%s: calls went from %llu to %llu, expected +%llu",
		       name, before->calls, now.calls, n);
	}
}

#define assert_calls(name, before, n) \
	__assert_calls(_metadata, name, before, n)

/*
 * Assert that hook @name refused exactly @n more operations than in
 * @before (only this test's injected refusals can move the counter), and
 * counted each of them as a call.
 */
static inline void __assert_refused(struct __test_metadata *_metadata,
				    const char *name,
				    const struct sipc_stats *before,
				    unsigned long long n)
{
	struct sipc_stats now = __hook_stats(_metadata, name);

	ASSERT_EQ(before->refused + n, now.refused) {
		TH_LOG("%s: refused went from %llu to %llu, expected +%llu",
		       name, before->refused, now.refused, n);
	}
	ASSERT_GE(now.calls, before->calls + n) {
		TH_LOG("%s: a refusal was not counted as a call", name);
	}
}

#define assert_refused(name, before, n) \
	__assert_refused(_metadata, name, before, n)

/* Write one command to the inject file: 0 or a negative errno. */
static inline int sipc_inject_write(const char *cmd)
{
	size_t len = strlen(cmd);
	ssize_t n;
	int fd, err = 0;

	fd = open(SIPC_INJECT_PATH, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, cmd, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	close(fd);
	return err;
}

/* The rules this test process has put in force, to lift in teardown. */
static struct {
	const char *name;
	pid_t tgid;
} sipc_injected[SIPC_INJECT_MAX];

static inline void sipc_injected_note(const char *name, pid_t tgid, int err)
{
	unsigned int i, slot = SIPC_INJECT_MAX;

	for (i = 0; i < SIPC_INJECT_MAX; i++) {
		if (sipc_injected[i].name &&
		    !strcmp(sipc_injected[i].name, name) &&
		    sipc_injected[i].tgid == tgid)
			sipc_injected[i].name = NULL;
		if (!sipc_injected[i].name && slot == SIPC_INJECT_MAX)
			slot = i;
	}
	if (err && slot < SIPC_INJECT_MAX) {
		sipc_injected[slot].name = name;
		sipc_injected[slot].tgid = tgid;
	}
}

static inline void __inject(struct __test_metadata *_metadata,
			    const char *name, pid_t tgid, int err)
{
	char cmd[SIPC_HOOK_NAME_MAX + 32];
	int ret;

	snprintf(cmd, sizeof(cmd), "%s %d %d", name, (int)tgid, err);
	ret = sipc_inject_write(cmd);
	ASSERT_EQ(0, ret) {
		TH_LOG("writing \"%s\" to %s: %s (is sipc.ko loaded with inject=1?)",
		       cmd, SIPC_INJECT_PATH, strerror(-ret));
	}
	sipc_injected_note(name, tgid, err);
}

/*
 * Make hook @name refuse every operation of thread group @tgid with
 * -@err (EACCES or EPERM); @err 0 lifts the refusal.
 */
#define inject(name, tgid, err) __inject(_metadata, name, tgid, err)

/* Lift every injected refusal, whoever set it. */
#define inject_clear() __inject_clear(_metadata)
static inline void __inject_clear(struct __test_metadata *_metadata)
{
	int ret = sipc_inject_write("clear");

	EXPECT_EQ(0, ret) {
		TH_LOG("writing \"clear\" to %s: %s", SIPC_INJECT_PATH,
		       strerror(-ret));
	}
	memset(sipc_injected, 0, sizeof(sipc_injected));
}

/*
 * Lift the refusals this process injected; for teardown, so it only
 * EXPECTs (an ASSERT there would jump back into the teardown).  Should
 * one not lift, everything is cleared rather than leave a rule for a pid
 * that the next test may reuse.
 */
#define inject_lift_all() __inject_lift_all(_metadata)
static inline void __inject_lift_all(struct __test_metadata *_metadata)
{
	char cmd[SIPC_HOOK_NAME_MAX + 32];
	bool failed = false;
	unsigned int i;

	for (i = 0; i < SIPC_INJECT_MAX; i++) {
		if (!sipc_injected[i].name)
			continue;
		snprintf(cmd, sizeof(cmd), "%s %d 0", sipc_injected[i].name,
			 (int)sipc_injected[i].tgid);
		if (sipc_inject_write(cmd))
			failed = true;
		sipc_injected[i].name = NULL;
	}
	EXPECT_FALSE(failed);
	if (failed)
		__inject_clear(_metadata);
}

/* "<prefix>-<pid>-<n>": a name no other test process uses. */
static inline void sipc_unique(char *buf, size_t len, const char *prefix)
{
	static unsigned int n;

	snprintf(buf, len, "%s-%d-%u", prefix, (int)getpid(), n++);
}

/* The descriptor the next open() would return. */
static inline int sipc_lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
	return fd;
}

/* Fork a child that runs fn(arg) and exits with its return value. */
static inline pid_t sipc_fork(int (*fn)(void *arg), void *arg)
{
	pid_t pid = fork();

	if (!pid)
		_exit(fn(arg));
	return pid;
}

/*
 * Wait for child @pid: its exit status, 128 + the signal that killed it,
 * or -1 when it cannot be waited for.
 */
static inline int sipc_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

/* Kill child @pid, if any, and reap it; for teardown. */
static inline void sipc_reap(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	sipc_wait(pid);
}

/* Wait up to @ms for @fd to become readable: 1 if it did, 0 if not. */
static inline int sipc_readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int ret;

	do {
		ret = poll(&p, 1, ms);
	} while (ret < 0 && errno == EINTR);
	return ret > 0;
}

/*
 * Confining test processes with a loaded policy (the policy_*_test
 * programs).
 *
 * The test runner stays unconfined: it loads policies with sipcctl.  Its
 * children enter roles by exec'ing copies of the test program installed
 * at SIPC_TEST_DIR/<role>/prog, which the policies match by path; such a
 * copy started with SIPC_HELPER_ARG runs one helper of the test's table
 * instead of the tests.  Helpers report through their exit status (0: all
 * went as expected), so no channel the policy mediates is needed, and
 * synchronise through regular files under SIPC_RUN_DIR, which sipc does
 * not mediate.
 */
#include <limits.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <time.h>

#define SIPC_TEST_DIR		"/tmp/sipc-test"
#define SIPC_RUN_DIR		SIPC_TEST_DIR "/run"
#define SIPC_HELPER_ARG		"--sipc-helper"
/* A helper's exit status when it could not even set up its test. */
#define SIPC_HELPER_BROKEN	250
/* A helper never outlives this many seconds (its own alarm). */
#define SIPC_HELPER_TIMEOUT	20

/* The checkout: $SIPC_ROOT, or three levels above build/selftests/X. */
static inline const char *sipc_root(void)
{
	static char root[PATH_MAX];
	const char *env = getenv("SIPC_ROOT");
	ssize_t n;
	int i;

	if (root[0])
		return root;
	if (env) {
		snprintf(root, sizeof(root), "%s", env);
		return root;
	}
	n = readlink("/proc/self/exe", root, sizeof(root) - 1);
	if (n < 0)
		n = 0;
	root[n] = '\0';
	for (i = 0; i < 3; i++) {
		char *slash = strrchr(root, '/');

		if (slash)
			*slash = '\0';
	}
	return root;
}

/* Run a shell command: its exit status, or -1. */
static inline int __attribute__((format(printf, 1, 2)))
sipc_sh(const char *fmt, ...)
{
	char cmd[2 * PATH_MAX + 256];
	va_list ap;
	int status;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	status = system(cmd);
	if (status < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* The sipcctl to run: $SIPCCTL, or the checkout's. */
static inline const char *sipc_sipcctl(void)
{
	static char path[PATH_MAX + 32];
	const char *env = getenv("SIPCCTL");

	if (env)
		return env;
	snprintf(path, sizeof(path), "%s/build/userspace/sipcctl",
		 sipc_root());
	return path;
}

/* A decision counter, as `sipcctl stats` shows it; -1 when missing. */
static inline long long sipc_stat_value(const char *name)
{
	char cmd[PATH_MAX + 64], line[256], key[128];
	long long v, found = -1;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s stats", sipc_sipcctl());
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %lld", key, &v) == 2 &&
		    !strcmp(key, name))
			found = v;
	pclose(f);
	return found;
}

/* sipcctl's exit status for @args (its output goes to stderr). */
#define sipcctl(fmt, ...) \
	sipc_sh("%s " fmt " >&2", sipc_sipcctl(), ##__VA_ARGS__)

/* Put selftests/policy/@name.sipc in force: sipcctl's exit status. */
static inline int sipc_policy_load(const char *name)
{
	return sipcctl("load %s/selftests/policy/%s.sipc", sipc_root(), name);
}

#define policy_load(name) \
	ASSERT_EQ(0, sipc_policy_load(name)) { \
		TH_LOG("sipcctl load selftests/policy/%s.sipc failed", name); \
	}

/*
 * Put the permissive policy without roles in force, so nothing this
 * test confined can disturb the next one; for teardown, so it EXPECTs.
 */
#define policy_reset() \
	EXPECT_EQ(0, sipc_policy_load("reset")) { \
		TH_LOG("cannot load selftests/policy/reset.sipc"); \
	}

/* Copy @src to @dst (mode 0755) through a rename: running copies stay. */
static inline int sipc_copy_file(const char *src, const char *dst)
{
	char tmp[PATH_MAX], buf[65536];
	int in, out = -1, err = -1;
	ssize_t n;

	snprintf(tmp, sizeof(tmp), "%s.%d", dst, (int)getpid());
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		goto cleanup;
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (out < 0)
		goto cleanup;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			goto cleanup;
	if (n < 0 || close(out))
		goto cleanup;
	out = -1;
	err = rename(tmp, dst);
cleanup:
	if (out >= 0)
		close(out);
	if (in >= 0)
		close(in);
	if (err)
		unlink(tmp);
	return err;
}

/*
 * Install this program as SIPC_TEST_DIR/<role>/prog for each of the
 * NULL-terminated @roles, and an empty SIPC_RUN_DIR: 0 or -1.
 */
static inline int sipc_roles_install(const char *const *roles)
{
	char path[PATH_MAX];

	mkdir(SIPC_TEST_DIR, 0755);
	if (sipc_sh("rm -rf %s && mkdir -p %s", SIPC_RUN_DIR, SIPC_RUN_DIR))
		return -1;
	for (; *roles; roles++) {
		snprintf(path, sizeof(path), SIPC_TEST_DIR "/%s", *roles);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), SIPC_TEST_DIR "/%s/prog", *roles);
		if (sipc_copy_file("/proc/self/exe", path))
			return -1;
	}
	return 0;
}

#define roles_install(...) \
	ASSERT_EQ(0, sipc_roles_install((const char *const []){ \
		__VA_ARGS__, NULL })) { \
		TH_LOG("cannot install the role programs under %s", \
		       SIPC_TEST_DIR); \
	}

/* Exec helper @argv[0] of this program in @role; returns only on error. */
static inline void sipc_exec_role(const char *role, char *const *argv)
{
	char prog[PATH_MAX];
	char *args[32];
	int i;

	snprintf(prog, sizeof(prog), SIPC_TEST_DIR "/%s/prog", role);
	args[0] = prog;
	args[1] = (char *)SIPC_HELPER_ARG;
	for (i = 0; argv[i] && i < 29; i++)
		args[i + 2] = argv[i];
	args[i + 2] = NULL;
	execv(prog, args);
	fprintf(stderr, "# exec %s: %s\n", prog, strerror(errno));
}

/* Fork a child that runs helper @argv[0] (NULL-terminated) in @role. */
static inline pid_t sipc_spawn_argv(const char *role, char *const *argv)
{
	pid_t pid = fork();

	if (!pid) {
		sipc_exec_role(role, argv);
		_exit(SIPC_HELPER_BROKEN);
	}
	return pid;
}

#define spawn(role, ...) \
	sipc_spawn_argv(role, (char *const []){ __VA_ARGS__, NULL })

/* Run helper @argv in @role to its end: its exit status. */
#define run_in(role, ...) sipc_wait(spawn(role, __VA_ARGS__))

/* A number as a string, for a helper's argv: up to 8 in use at once. */
static inline char *sipc_num(long long n)
{
	static char bufs[8][24];
	static unsigned int next;
	char *buf = bufs[next++ % 8];

	snprintf(buf, sizeof(bufs[0]), "%lld", n);
	return buf;
}

/* Create the empty file SIPC_RUN_DIR/@name, a signal to another process. */
static inline void sipc_touch(const char *name)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), SIPC_RUN_DIR "/%s", name);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
}

static inline bool sipc_touched(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), SIPC_RUN_DIR "/%s", name);
	return !access(path, F_OK);
}

static inline void sipc_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Wait up to @ms for SIPC_RUN_DIR/@name: true when it appeared. */
static inline bool sipc_wait_file(const char *name, int ms)
{
	for (; ms > 0; ms -= 2) {
		if (sipc_touched(name))
			return true;
		sipc_sleep_ms(2);
	}
	return sipc_touched(name);
}

/*
 * Wait up to @ms for @fd to be readable or SIPC_RUN_DIR/@name to appear:
 * 1 readable, 0 the file appeared (or the time ran out).
 */
static inline int sipc_wait_fd_or_file(int fd, const char *name, int ms)
{
	for (; ms > 0; ms -= 5) {
		if (sipc_readable(fd, 5))
			return 1;
		if (sipc_touched(name))
			return sipc_readable(fd, 0);
	}
	return 0;
}

/* One helper a test program can run in a role. */
struct sipc_helper {
	const char *name;
	int (*fn)(int argc, char **argv);
};

/* Set by sipc_expect() when a helper saw something it did not expect. */
static int sipc_helper_failed;
static const char *sipc_helper_name = "test";

/*
 * Parse an expected outcome: "0", an errno name the tests use, or a
 * decimal number; "-" (do not care) gives -1.  Anything else is a mistake
 * in the test (a misspelled name must never read as 0, "allowed"): the
 * process exits with SIPC_HELPER_BROKEN.
 */
static inline int sipc_errno_parse(const char *s)
{
	static const struct {
		const char *name;
		int err;
	} names[] = {
		{ "EACCES", EACCES }, { "EPERM", EPERM }, { "EBADF", EBADF },
		{ "ENOMSG", ENOMSG }, { "EAGAIN", EAGAIN }, { "EINTR", EINTR },
		{ "ENOENT", ENOENT }, { "EPIPE", EPIPE },
		{ "ECONNRESET", ECONNRESET }, { "ECONNREFUSED", ECONNREFUSED },
	};
	unsigned int i;

	if (!strcmp(s, "-"))
		return -1;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i].name))
			return names[i].err;
	if (s[0] >= '0' && s[0] <= '9') {
		char *end;
		long n;

		errno = 0;
		n = strtol(s, &end, 10);
		if (!*end && !errno && n < 4096)
			return (int)n;
	}
	fprintf(stderr, "# %s[%d]: unknown expected outcome \"%s\"\n",
		sipc_helper_name, (int)getpid(), s);
	_exit(SIPC_HELPER_BROKEN);
}

/*
 * In a helper: compare the errno @got of operation @what (0 when it
 * succeeded) with @want (-1: anything goes); complain on stderr and mark
 * the helper failed when they differ.  Returns whether they matched.
 */
static inline bool sipc_expect(const char *what, int got, int want)
{
	if (want < 0 || got == want)
		return true;
	fprintf(stderr, "# %s[%d]: %s: got %d (%s), expected %d (%s)\n",
		sipc_helper_name, (int)getpid(), what, got,
		got ? strerror(got) : "success", want,
		want ? strerror(want) : "success");
	sipc_helper_failed = 1;
	return false;
}

/* The errno of a call that returned @ret: 0 when it did not fail. */
#define sipc_err(ret) ((ret) < 0 ? errno : 0)

/* In a helper: report a broken setup and exit. */
#define helper_broken(fmt, ...) do { \
	fprintf(stderr, "# %s[%d]: " fmt ": %s\n", sipc_helper_name, \
		(int)getpid(), ##__VA_ARGS__, strerror(errno)); \
	_exit(SIPC_HELPER_BROKEN); \
} while (0)

static inline int sipc_helper_main(const struct sipc_helper *table,
				   unsigned int count, int argc, char **argv)
{
	unsigned int i;

	alarm(SIPC_HELPER_TIMEOUT);
	for (i = 0; i < count; i++) {
		if (strcmp(table[i].name, argv[0]))
			continue;
		sipc_helper_name = table[i].name;
		if (table[i].fn(argc, argv) == SIPC_HELPER_BROKEN)
			return SIPC_HELPER_BROKEN;
		return sipc_helper_failed;
	}
	fprintf(stderr, "# no helper %s\n", argv[0]);
	return SIPC_HELPER_BROKEN;
}

/*
 * Instead of TEST_HARNESS_MAIN: run the tests, or, in a role copy started
 * with SIPC_HELPER_ARG, the helper of @table it names.
 */
#define SIPC_POLICY_MAIN(table) \
	static void __attribute__((constructor)) \
	__constructor_order_last(void) \
	{ \
		if (!__constructor_order) \
			__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD; \
	} \
	int main(int argc, char **argv) \
	{ \
		if (argc > 2 && !strcmp(argv[1], SIPC_HELPER_ARG)) \
			return sipc_helper_main(table, ARRAY_SIZE(table), \
						argc - 2, argv + 2); \
		return test_harness_run(argc, argv); \
	}

#endif /* _SIPC_SELFTESTS_COMMON_H */
