// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl status: whether the module is loaded, its ABI and its hooks.
 */
#include <stdio.h>

#include "sipcctl.h"

int status_main(int argc, char *argv[])
{
	struct sipc_status st;
	struct sipc *h = NULL;
	bool json;
	int ret;

	ret = common_options(argc, argv, "[--json]", &json);
	if (ret >= 0)
		return ret;
	ret = open_handle(argv[0], &h);
	if (ret != EXIT_OK)
		return ret;
	if (sipc_get_status(h, &st)) {
		fprintf(stderr, "%s %s: %s\n", prog_name, argv[0],
			sipc_errmsg(h));
		ret = EXIT_FAILED;
		goto cleanup;
	}
	if (json)
		printf("{\"loaded\": true, \"abi_version\": %u, \"hooks\": %u, \"functions\": %u, \"inject\": %s}\n",
		       st.abi_version, st.hook_count, st.func_count,
		       st.inject ? "true" : "false");
	else
		printf("sipc: loaded\n"
		       "  abi version: %u\n"
		       "  hooks: %u\n"
		       "  kernel functions: %u\n"
		       "  fault injection: %s\n",
		       st.abi_version, st.hook_count, st.func_count,
		       st.inject ? "enabled" : "disabled");
	if (st.abi_version != SIPC_ABI_VERSION) {
		fprintf(stderr, "%s %s: the module speaks ABI %u, this program ABI %d\n",
			prog_name, argv[0], st.abi_version, SIPC_ABI_VERSION);
		ret = EXIT_FAILED;
		goto cleanup;
	}
	ret = EXIT_OK;

cleanup:
	sipc_close(h);
	return ret;
}
