// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl: control the sipc module.  A table of subcommands, each in a
 * file of its own, in the shape of wireguard-tools' wg.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipcctl.h"

const char *prog_name;

static const struct {
	const char *name;
	int (*main)(int argc, char *argv[]);
	const char *description;
} subcommands[] = {
	{ "status", status_main, "Shows whether sipc is loaded, its ABI and policy" },
	{ "stats", stats_main, "Shows the per-hook and decision counters" },
	{ "check", check_main, "Compiles a policy file, without loading it" },
	{ "load", load_main, "Compiles a policy file and puts it in force" },
	{ "mode", mode_main, "Shows or sets the global mode or a role's mode" },
	{ "rules", rules_main, "Lists the rules of the policy in force" },
	{ "ps", ps_main, "Lists processes with their roles" },
	{ "monitor", monitor_main, "Prints events as they come" },
	{ "learn", learn_main, "Shows, accepts or rejects the rules sipcd proposes" },
	{ "audit", audit_main, "audit verify [FILE...]: checks the audit log's hash chain" },
	{ "seal", seal_main, "Seals stdin for a role, the envelope to stdout" },
	{ "open", open_main, "Opens an envelope from stdin, the payload to stdout" },
	{ "sign", sign_main, "Signs stdin as the caller's role" },
	{ "verify", verify_main, "Verifies a signature over stdin" },
	{ "peer", peer_main, "Shows the role at the other end of a socket or pipe" },
	{ "keys", keys_main, "Shows key epochs and counters, or rotates keys" },
	{ "graph", graph_main, "Draws who talks to whom: allowed, used and denied flows" },
	{ "preview", preview_main, "Tells what loading a policy file would change or break" },
	{ "narrow", narrow_main, "Narrows an interface's permissions, then runs a command" },
};

static void show_usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s <cmd> [--json] [<args>]\n\n", prog_name);
	fprintf(f, "Available subcommands:\n");
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %s: %s\n", subcommands[i].name,
			subcommands[i].description);
	fprintf(f, "\nExit status: 0 success, 1 failure, 2 usage error, 3 sipc module not loaded,\n4 preview: a flow in use would be denied.\n");
	fprintf(f, "You may pass `--help' to any of these subcommands to view usage.\n");
}

int common_options(int argc, char *argv[], const char *usage, bool *json)
{
	return command_options(argc, argv, usage, json, 0, 0);
}

int command_options(int argc, char *argv[], const char *usage, bool *json,
		    int min_args, int max_args)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*json = false;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jh", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			printf("Usage: %s %s %s\n", prog_name, argv[0], usage);
			return EXIT_OK;
		default:
			fprintf(stderr, "%s %s: unknown option `%s'\n", prog_name,
				argv[0], argv[optind - 1]);
			fprintf(stderr, "Usage: %s %s %s\n", prog_name, argv[0],
				usage);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > max_args) {
		fprintf(stderr, "%s %s: unexpected argument `%s'\n", prog_name,
			argv[0], argv[optind + max_args]);
		fprintf(stderr, "Usage: %s %s %s\n", prog_name, argv[0], usage);
		return EXIT_USAGE;
	}
	if (argc - optind < min_args) {
		fprintf(stderr, "%s %s: missing argument\n", prog_name, argv[0]);
		fprintf(stderr, "Usage: %s %s %s\n", prog_name, argv[0], usage);
		return EXIT_USAGE;
	}
	return -1;
}

int report_failure(const char *cmd, struct sipc *h, int err)
{
	if (err == -EPERM)
		fprintf(stderr, "%s %s: needs CAP_MAC_ADMIN (%s)\n", prog_name,
			cmd, sipc_errmsg(h));
	else if (err > 0)
		fprintf(stderr, "%s %s: stopped with status %d\n", prog_name,
			cmd, err);
	else
		fprintf(stderr, "%s %s: %s\n", prog_name, cmd, sipc_errmsg(h));
	return EXIT_FAILED;
}

int open_handle(const char *cmd, struct sipc **h)
{
	char err[256];
	int ret;

	ret = sipc_open(h, err, sizeof(err));
	if (!ret)
		return EXIT_OK;
	fprintf(stderr, "%s %s: %s\n", prog_name, cmd, err);
	return ret == -ENOENT ? EXIT_NOT_LOADED : EXIT_FAILED;
}

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

int main(int argc, char *argv[])
{
	size_t i;

	prog_name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	if (argc < 2) {
		show_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		show_usage(stdout);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].main(argc - 1, argv + 1);
	}
	fprintf(stderr, "Invalid subcommand: `%s'\n", argv[1]);
	show_usage(stderr);
	return EXIT_USAGE;
}
