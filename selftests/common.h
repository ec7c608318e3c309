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

#endif /* _SIPC_SELFTESTS_COMMON_H */
