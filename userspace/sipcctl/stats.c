// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl stats: the calls and refusals of every hook, then the policy's
 * decision counters.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipcctl.h"

static void show_json(const struct sipc_hook_info *hooks, size_t count,
		      const struct sipc_status *st)
{
	size_t i;

	printf("{\"hooks\": [");
	for (i = 0; i < count; i++) {
		printf("%s\n  {\"name\": ", i ? "," : "");
		json_string(stdout, hooks[i].name);
		printf(", \"calls\": %" PRIu64 ", \"refused\": %" PRIu64 "}",
		       hooks[i].calls, hooks[i].refused);
	}
	printf("%s], \"counters\": {", count ? "\n" : "");
	for (i = 0; i < __SIPC_STAT_LAST; i++)
		printf("%s\"%s\": %" PRIu64, i ? ", " : "", stat_name(i),
		       st->stats[i]);
	printf("}}\n");
}

static void show_table(const struct sipc_hook_info *hooks, size_t count,
		       const struct sipc_status *st)
{
	int width = 4;
	size_t i;

	for (i = 0; i < count; i++)
		if ((int)strlen(hooks[i].name) > width)
			width = strlen(hooks[i].name);
	printf("%-*s %20s %20s\n", width, "HOOK", "CALLS", "REFUSED");
	for (i = 0; i < count; i++)
		printf("%-*s %20" PRIu64 " %20" PRIu64 "\n", width,
		       hooks[i].name, hooks[i].calls, hooks[i].refused);
	printf("\n%-*s %20s\n", width, "COUNTER", "VALUE");
	for (i = 0; i < __SIPC_STAT_LAST; i++)
		printf("%-*s %20" PRIu64 "\n", width, stat_name(i),
		       st->stats[i]);
}

int stats_main(int argc, char *argv[])
{
	struct sipc_hook_info *hooks = NULL;
	struct sipc_status st;
	struct sipc *h = NULL;
	size_t count;
	bool json;
	int ret;

	ret = common_options(argc, argv, "[--json]", &json);
	if (ret >= 0)
		return ret;
	ret = open_handle(argv[0], &h);
	if (ret != EXIT_OK)
		return ret;
	ret = sipc_get_hooks(h, &hooks, &count);
	if (!ret)
		ret = sipc_get_status(h, &st);
	if (ret) {
		ret = report_failure(argv[0], h, ret);
		goto cleanup;
	}
	if (json)
		show_json(hooks, count, &st);
	else
		show_table(hooks, count, &st);
	ret = EXIT_OK;

cleanup:
	free(hooks);
	sipc_close(h);
	return ret;
}
