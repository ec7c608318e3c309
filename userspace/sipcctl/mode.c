// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl mode: show the global mode and each role's, or set one.
 *
 *	sipcctl mode				show
 *	sipcctl mode enforce|permissive|learn	set the global mode
 *	sipcctl mode ROLE enforce|permissive|learn|global
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipcctl.h"

#define USAGE "[--json] [[ROLE] enforce|permissive|learn|global]"

struct mode_show {
	bool json;
	unsigned int global;
	unsigned int count;
};

static int show_role(const struct sipc_role_info *role, void *arg)
{
	struct mode_show *s = arg;
	unsigned int effective = role->mode == SIPC_MODE_GLOBAL ?
				 s->global : role->mode;

	if (s->json) {
		printf("%s\n  {\"name\": ", s->count ? "," : "");
		json_string(stdout, role->name);
		printf(", \"index\": %u, \"mode\": \"%s\", \"effective\": \"%s\"}",
		       role->index, mode_label(role->mode),
		       mode_label(effective));
	} else {
		printf("%-*s %-10s %s\n", SIPC_ROLE_NAME_MAX / 2, role->name,
		       mode_label(role->mode), mode_label(effective));
	}
	s->count++;
	return 0;
}

static int show(const char *cmd, struct sipc *h, bool json)
{
	struct mode_show s = { .json = json };
	struct sipc_status st;
	int ret;

	ret = sipc_get_status(h, &st);
	if (ret)
		return report_failure(cmd, h, ret);
	s.global = st.mode;
	if (json)
		printf("{\"global\": \"%s\", \"roles\": [", mode_label(st.mode));
	else
		printf("global mode: %s\n%-*s %-10s %s\n", mode_label(st.mode),
		       SIPC_ROLE_NAME_MAX / 2, "ROLE", "MODE", "EFFECTIVE");
	ret = sipc_for_each_role(h, show_role, &s);
	if (json)
		printf("%s]}\n", s.count ? "\n" : "");
	if (ret)
		return report_failure(cmd, h, ret);
	return EXIT_OK;
}

int mode_main(int argc, char *argv[])
{
	const char *role = NULL, *name;
	struct sipc *h = NULL;
	bool json;
	int ret, mode;

	ret = command_options(argc, argv, USAGE, &json, 0, 2);
	if (ret >= 0)
		return ret;
	if (argc - optind == 2)
		role = argv[optind++];
	name = optind < argc ? argv[optind] : NULL;
	mode = name ? sipc_mode_by_name(name) : 0;
	if (name && (mode < 0 || (!role && mode == SIPC_MODE_GLOBAL))) {
		fprintf(stderr, "%s %s: `%s' is not a mode for %s (valid: enforce permissive learn%s)\n",
			prog_name, argv[0], name, role ? "a role" : "the global mode",
			role ? " global" : "");
		fprintf(stderr, "Usage: %s %s %s\n", prog_name, argv[0], USAGE);
		return EXIT_USAGE;
	}
	ret = open_handle(argv[0], &h);
	if (ret != EXIT_OK)
		return ret;
	if (!name) {
		ret = show(argv[0], h, json);
		goto cleanup;
	}
	ret = sipc_set_mode(h, role, mode);
	if (ret) {
		ret = report_failure(argv[0], h, ret);
		goto cleanup;
	}
	if (json) {
		printf("{\"role\": ");
		if (role)
			json_string(stdout, role);
		else
			printf("null");
		printf(", \"mode\": \"%s\"}\n", mode_label(mode));
	} else if (role) {
		printf("role %s: mode %s\n", role, mode_label(mode));
	} else {
		printf("global mode: %s\n", mode_label(mode));
	}
	ret = EXIT_OK;

cleanup:
	sipc_close(h);
	return ret;
}
