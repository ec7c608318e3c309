// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl check: compile a policy file and report what it holds, without
 * loading it: needs neither the module nor privilege.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sipc-policy.h"
#include "sipcctl.h"

static const char usage[] = "[--json] FILE";

static const char *plural(unsigned int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int check_main(int argc, char *argv[])
{
	struct sipc_compiled c;
	const char *file;
	bool json;
	int ret;

	ret = command_options(argc, argv, usage, &json, 1, 1);
	if (ret >= 0)
		return ret;
	file = argv[optind];
	if (sipc_policy_compile_file(file, stderr, &c))
		return EXIT_FAILED;
	if (json) {
		printf("{\"file\": ");
		json_string(stdout, file);
		printf(", \"ok\": true, \"roles\": %u, \"matches\": %u, \"labels\": %u, \"rules\": %u, \"bytes\": %zu}\n",
		       c.nr_roles, c.nr_matches, c.nr_labels, c.nr_rules,
		       c.size);
	} else {
		printf("%s: ok, %u %s, %u %s, %u %s, %u %s, %zu bytes\n", file,
		       c.nr_roles, plural(c.nr_roles, "role", "roles"),
		       c.nr_matches, plural(c.nr_matches, "match", "matches"),
		       c.nr_labels, plural(c.nr_labels, "label", "labels"),
		       c.nr_rules, plural(c.nr_rules, "rule", "rules"),
		       c.size);
	}
	sipc_compiled_free(&c);
	return EXIT_OK;
}
