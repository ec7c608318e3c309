// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl load FILE: compile a policy file and put it in force.
 */
#include <errno.h>
#include <stdio.h>

#include "sipcctl.h"

int load_main(int argc, char *argv[])
{
	struct sipc_compiled compiled = { 0 };
	struct sipc_load_result res;
	struct sipc *h = NULL;
	const char *file;
	bool json;
	int ret;

	ret = command_options(argc, argv, "[--json] FILE", &json, 1, 1);
	if (ret >= 0)
		return ret;
	file = argv[optind];
	/* Compile errors are the file's, not the module's: no module needed. */
	if (sipc_policy_compile_file(file, stderr, &compiled)) {
		fprintf(stderr, "%s %s: %s: not loaded, the policy has errors\n",
			prog_name, argv[0], file);
		return EXIT_FAILED;
	}
	ret = open_handle(argv[0], &h);
	if (ret != EXIT_OK)
		goto cleanup;
	ret = sipc_load_policy(h, compiled.blob, compiled.size, &res);
	if (ret) {
		ret = report_failure(argv[0], h, ret);
		goto cleanup;
	}
	if (json) {
		printf("{\"file\": ");
		json_string(stdout, file);
		printf(", \"generation\": %u, \"roles\": %u, \"rules\": %u}\n",
		       res.gen, res.roles, res.rules);
	} else {
		printf("loaded %s: generation %u, %u roles, %u rules\n", file,
		       res.gen, res.roles, res.rules);
	}
	ret = EXIT_OK;

cleanup:
	sipc_close(h);
	sipc_compiled_free(&compiled);
	return ret;
}
