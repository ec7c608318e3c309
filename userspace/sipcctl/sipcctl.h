/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipcctl: what the subcommands share.
 */
#ifndef SIPCCTL_H
#define SIPCCTL_H

#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "libsipc.h"
#include "sipc-policy.h"

/* Exit codes, documented in sipcctl(8). */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
	EXIT_NOT_LOADED = 3,
	EXIT_WOULD_BREAK = 4,	/* preview: a flow in use would be denied */
};

extern const char *prog_name;

/* The subcommands, one file each. */
int status_main(int argc, char *argv[]);
int stats_main(int argc, char *argv[]);
int check_main(int argc, char *argv[]);
int load_main(int argc, char *argv[]);
int mode_main(int argc, char *argv[]);
int rules_main(int argc, char *argv[]);
int ps_main(int argc, char *argv[]);
int monitor_main(int argc, char *argv[]);
int learn_main(int argc, char *argv[]);
int audit_main(int argc, char *argv[]);
int seal_main(int argc, char *argv[]);
int open_main(int argc, char *argv[]);
int sign_main(int argc, char *argv[]);
int verify_main(int argc, char *argv[]);
int peer_main(int argc, char *argv[]);
int keys_main(int argc, char *argv[]);
int graph_main(int argc, char *argv[]);
int preview_main(int argc, char *argv[]);
int narrow_main(int argc, char *argv[]);

/*
 * Parse the options every subcommand takes (--json, --help) and reject
 * any argument left over.  Returns -1 to go on, or the exit code.
 */
int common_options(int argc, char *argv[], const char *usage, bool *json);

/*
 * The same, for a subcommand that takes @min_args to @max_args arguments:
 * they are left at argv[optind] on.
 */
int command_options(int argc, char *argv[], const char *usage, bool *json,
		    int min_args, int max_args);

/*
 * Print why a libsipc call on @h failed with @err (a negative errno, or
 * a callback's positive status), naming CAP_MAC_ADMIN for -EPERM; returns
 * EXIT_FAILED.
 */
int report_failure(const char *cmd, struct sipc *h, int err);

/* Open the handle, or print why not; an exit code, EXIT_OK on success. */
int open_handle(const char *cmd, struct sipc **h);

/* The name of decision counter @stat (enum sipc_stat). */
const char *stat_name(unsigned int stat);

/* The name of mode @mode, or "?" for one this program does not know. */
const char *mode_label(unsigned int mode);

/*
 * Parse a duration, "90", "90s", "15m", "2h", "7d" or "1w", into
 * *@seconds; -1 when it is not one.
 */
int parse_duration(const char *text, long *seconds);

/* Print @s as a JSON string, quotes included. */
void json_string(FILE *f, const char *s);

#endif /* SIPCCTL_H */
