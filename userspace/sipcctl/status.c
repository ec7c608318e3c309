// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl status: whether the module is loaded, its ABI, its hooks and
 * the policy in force.
 */
#include <stdio.h>
#include <string.h>

#include "sipcctl.h"

/* The crypto drivers of /dev/sipc, or empty strings when it is missing. */
static void crypto_drivers(struct sipc_info_args *info)
{
	int fd = sipc_dev_open();

	if (fd < 0 || sipc_dev_info(fd, info))
		memset(info, 0, sizeof(*info));
	if (fd >= 0)
		close(fd);
}

static void show_json(const struct sipc_status *st)
{
	struct sipc_info_args info;

	printf("{\"loaded\": true, \"abi_version\": %u, \"hooks\": %u, \"functions\": %u, \"inject\": %s, ",
	       st->abi_version, st->hook_count, st->func_count,
	       st->inject ? "true" : "false");
	printf("\"policy_generation\": %u, \"mode\": ", st->policy_gen);
	json_string(stdout, mode_label(st->mode));
	printf(", \"roles\": %u, \"rules\": %u, \"aead_driver\": ", st->roles,
	       st->rules);
	crypto_drivers(&info);
	json_string(stdout, info.aead_driver);
	printf(", \"hash_driver\": ");
	json_string(stdout, info.hash_driver);
	printf("}\n");
}

static void show_text(const struct sipc_status *st)
{
	struct sipc_info_args info;

	printf("sipc: loaded\n"
	       "  abi version: %u\n"
	       "  hooks: %u\n"
	       "  kernel functions: %u\n"
	       "  fault injection: %s\n",
	       st->abi_version, st->hook_count, st->func_count,
	       st->inject ? "enabled" : "disabled");
	if (st->policy_gen)
		printf("  policy generation: %u\n", st->policy_gen);
	else
		printf("  policy generation: 0 (none loaded)\n");
	printf("  mode: %s\n"
	       "  roles: %u\n"
	       "  rules: %u\n",
	       mode_label(st->mode), st->roles, st->rules);
	crypto_drivers(&info);
	printf("  seal: %s\n"
	       "  sign: %s\n",
	       info.aead_driver[0] ? info.aead_driver : "(no /dev/sipc)",
	       info.hash_driver[0] ? info.hash_driver : "(no /dev/sipc)");
}

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
	ret = sipc_get_status(h, &st);
	if (ret) {
		ret = report_failure(argv[0], h, ret);
		goto cleanup;
	}
	if (json)
		show_json(&st);
	else
		show_text(&st);
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
