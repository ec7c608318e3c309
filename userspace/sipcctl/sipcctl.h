/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipcctl: what the subcommands share.
 */
#ifndef SIPCCTL_H
#define SIPCCTL_H

#include <stdbool.h>
#include <stdio.h>

#include "libsipc.h"

/* Exit codes, documented in sipcctl(8). */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
	EXIT_NOT_LOADED = 3,
};

extern const char *prog_name;

/* The subcommands, one file each. */
int status_main(int argc, char *argv[]);
int stats_main(int argc, char *argv[]);
int check_main(int argc, char *argv[]);

/*
 * Parse the options every subcommand takes (--json, --help) and reject
 * any argument left over.  Returns -1 to go on, or the exit code.
 */
int common_options(int argc, char *argv[], const char *usage, bool *json);

/* Open the handle, or print why not; an exit code, EXIT_OK on success. */
int open_handle(const char *cmd, struct sipc **h);

/* Print @s as a JSON string, quotes included. */
void json_string(FILE *f, const char *s);

#endif /* SIPCCTL_H */
