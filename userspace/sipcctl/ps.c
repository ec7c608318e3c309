// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl ps: every process with its role, as ps -eZ shows labels.
 */
#include <stdio.h>

#include "sipcctl.h"

struct ps_show {
	bool json;
	unsigned int count;
};

static int show_task(const struct sipc_task_info *task, void *arg)
{
	struct ps_show *s = arg;

	if (s->json) {
		printf("%s\n  {\"pid\": %u, \"role\": ", s->count ? "," : "",
		       task->pid);
		json_string(stdout, task->role);
		printf(", \"comm\": ");
		json_string(stdout, task->comm);
		printf("}");
	} else {
		printf("%7u %-20s %s\n", task->pid, task->role, task->comm);
	}
	s->count++;
	return 0;
}

int ps_main(int argc, char *argv[])
{
	struct ps_show s = { 0 };
	struct sipc *h = NULL;
	int ret;

	ret = common_options(argc, argv, "[--json]", &s.json);
	if (ret >= 0)
		return ret;
	ret = open_handle(argv[0], &h);
	if (ret != EXIT_OK)
		return ret;
	if (s.json)
		printf("{\"processes\": [");
	else
		printf("%7s %-20s %s\n", "PID", "ROLE", "COMM");
	ret = sipc_for_each_task(h, show_task, &s);
	if (s.json)
		printf("%s]}\n", s.count ? "\n" : "");
	ret = ret ? report_failure(argv[0], h, ret) : EXIT_OK;
	sipc_close(h);
	return ret;
}
