// SPDX-License-Identifier: GPL-2.0
/*
 * policy-test: the host-side driver of the compiler's tests (run by
 * userspace/policy/tests/run; no kernel involved).
 *
 *   policy-test dump FILE     compile FILE and print its canonical dump;
 *                             errors on stderr, exit 1
 *   policy-test string NAME   the same for policy text read from stdin,
 *                             through sipc_policy_compile_string()
 *   policy-test time FILE     compile FILE, check the blob, print the time
 *   policy-test api           check the names API; TAP lines on stdout
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/sipc.h>

#include "sipc-policy.h"

static int dump(const struct sipc_compiled *c)
{
	return sipc_policy_dump(c->blob, c->size, stdout) ? 1 : 0;
}

static int cmd_dump(const char *path)
{
	struct sipc_compiled c;
	int ret;

	if (sipc_policy_compile_file(path, stderr, &c))
		return 1;
	ret = dump(&c);
	sipc_compiled_free(&c);
	return ret;
}

static int cmd_string(const char *name)
{
	size_t len = 0, cap = 0, n;
	struct sipc_compiled c;
	char *text = NULL, *p;
	int ret = 1;

	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			p = realloc(text, cap);
			if (!p)
				goto cleanup;
			text = p;
		}
		n = fread(text + len, 1, cap - len - 1, stdin);
		len += n;
		if (!n)
			break;
	}
	text[len] = '\0';
	if (sipc_policy_compile_string(name, text, stderr, &c))
		goto cleanup;
	ret = dump(&c);
	sipc_compiled_free(&c);

cleanup:
	free(text);
	return ret;
}

static int cmd_time(const char *path)
{
	struct timespec a, b;
	struct sipc_compiled c;
	FILE *null;
	double ms;
	int ret = 1;

	clock_gettime(CLOCK_MONOTONIC, &a);
	if (sipc_policy_compile_file(path, stderr, &c))
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
	null = fopen("/dev/null", "w");
	if (!null)
		goto cleanup;
	if (sipc_policy_dump(c.blob, c.size, null)) {
		fprintf(stderr, "the compiled policy does not check\n");
		goto cleanup;
	}
	printf("%u roles, %u rules, %zu bytes, compiled in %.1f ms\n",
	       c.nr_roles, c.nr_rules, c.size, ms);
	ret = 0;

cleanup:
	if (null)
		fclose(null);
	sipc_compiled_free(&c);
	return ret;
}

static int failures;

static void ok(bool cond, const char *name)
{
	printf("%sok - api: %s\n", cond ? "" : "not ", name);
	failures += !cond;
}

static int cmd_api(void)
{
	char buf[64];
	int n;

	ok(sipc_class_by_name("unix_stream") == SIPC_CLASS_UNIX_STREAM &&
	   sipc_class_by_name("signal") == SIPC_CLASS_SIGNAL &&
	   sipc_class_by_name("socket") == -1 &&
	   sipc_class_by_name("") == -1,
	   "sipc_class_by_name");
	ok(!strcmp(sipc_class_name(SIPC_CLASS_PIPE), "pipe") &&
	   !strcmp(sipc_class_name(SIPC_CLASS_MQUEUE), "mqueue") &&
	   !sipc_class_name(__SIPC_CLASS_LAST) && !sipc_class_name(1000),
	   "sipc_class_name");
	ok(!strcmp(sipc_perm_name(SIPC_PERM_CONNECT), "connect") &&
	   !strcmp(sipc_perm_name(SIPC_PERM_SIGNAL), "signal") &&
	   !sipc_perm_name(SIPC_PERM_READ | SIPC_PERM_WRITE) &&
	   !sipc_perm_name(0) && !sipc_perm_name(1U << 20),
	   "sipc_perm_name takes one bit");
	n = sipc_perms_format(SIPC_PERM_CONNECT | SIPC_PERM_SEND, buf,
			      sizeof(buf));
	ok(n == 12 && !strcmp(buf, "connect send"), "sipc_perms_format");
	n = sipc_perms_format(SIPC_PERM_CONNECT | SIPC_PERM_SEND, buf, 5);
	ok(n == 12 && !strcmp(buf, "conn"),
	   "sipc_perms_format cuts short and says how long it would be");
	n = sipc_perms_format(SIPC_PERM_KILL | (1U << 20), buf, sizeof(buf));
	ok(n > 0 && !strcmp(buf, "kill 0x100000"),
	   "sipc_perms_format shows unknown bits in hex");
	n = sipc_perms_format(0, buf, sizeof(buf));
	ok(n == 0 && !strcmp(buf, ""), "sipc_perms_format of nothing");
	ok(sipc_mode_by_name("global") == SIPC_MODE_GLOBAL &&
	   sipc_mode_by_name("learn") == SIPC_MODE_LEARN &&
	   sipc_mode_by_name("Learn") == -1 &&
	   !strcmp(sipc_mode_name(SIPC_MODE_PERMISSIVE), "permissive") &&
	   !sipc_mode_name(__SIPC_MODE_LAST),
	   "modes");
	ok(sipc_class_perms(SIPC_CLASS_UNIX_DGRAM) == SIPC_PERMS_UNIX_DGRAM &&
	   sipc_class_perms(0) == 0, "sipc_class_perms");
	ok(sipc_policy_dump("SIPC", 4, fopen("/dev/null", "w")) == -1,
	   "sipc_policy_dump refuses a truncated policy");
	return failures ? 1 : 0;
}

int main(int argc, char *argv[])
{
	if (argc == 2 && !strcmp(argv[1], "api"))
		return cmd_api();
	if (argc == 3 && !strcmp(argv[1], "dump"))
		return cmd_dump(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "string"))
		return cmd_string(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "time"))
		return cmd_time(argv[2]);
	fprintf(stderr, "usage: %s dump|string|time FILE, or %s api\n",
		argv[0], argv[0]);
	return 2;
}
