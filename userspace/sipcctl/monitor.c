// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl monitor: print the events of the events multicast group, one
 * line each, as they come.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sipcctl.h"

#define USAGE "[--json] [--count N] [--timeout SECONDS]"

static void show_event(const struct sipc_event_info *e, bool json)
{
	const char *cls = sipc_class_name(e->class);
	char perm[64];

	sipc_perms_format(e->perm, perm, sizeof(perm));
	if (json) {
		printf("{\"allowed\": %s, \"mode\": \"%s\", \"pid\": %u, \"comm\": ",
		       e->allowed ? "true" : "false", mode_label(e->mode),
		       e->pid);
		json_string(stdout, e->comm);
		printf(", \"subject\": ");
		json_string(stdout, e->subject);
		printf(", \"object\": ");
		json_string(stdout, e->object);
		printf(", \"class\": \"%s\", \"perm\": ", cls ? cls : "?");
		json_string(stdout, perm);
		printf("}\n");
	} else {
		printf("%s mode=%s pid=%u comm=%s subject=%s object=%s class=%s perm=%s\n",
		       e->allowed ? "allowed" : "denied", mode_label(e->mode),
		       e->pid, e->comm, e->subject, e->object, cls ? cls : "?",
		       perm);
	}
}

/* A whole number from @min to @max in @s, or -1. */
static long parse_number(const char *s, long min, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < min || n > max)
		return -1;
	return n;
}

static int parse_args(int argc, char *argv[], bool *json, long *count,
		      long *timeout_ms)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "count", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	long n;
	int c;

	*json = false;
	*count = 0;
	*timeout_ms = -1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jhc:t:", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			printf("Usage: %s %s %s\n", prog_name, argv[0], USAGE);
			return EXIT_OK;
		case 'c':
			*count = parse_number(optarg, 1, LONG_MAX);
			if (*count < 0)
				goto usage;
			break;
		case 't':
			n = parse_number(optarg, 0, INT_MAX / 1000);
			if (n < 0)
				goto usage;
			*timeout_ms = n * 1000;
			break;
		default:
			goto usage;
		}
	}
	if (optind == argc)
		return -1;
usage:
	fprintf(stderr, "%s %s: bad option or argument `%s'\n", prog_name,
		argv[0], argv[optind - (optind == argc)]);
	fprintf(stderr, "Usage: %s %s %s\n", prog_name, argv[0], USAGE);
	return EXIT_USAGE;
}

/* Milliseconds from @start to @deadline_ms after it, now; at least 0. */
static int time_left(const struct timespec *start, long deadline_ms)
{
	struct timespec now;
	long spent;

	clock_gettime(CLOCK_MONOTONIC, &now);
	spent = (now.tv_sec - start->tv_sec) * 1000 +
		(now.tv_nsec - start->tv_nsec) / 1000000;
	return spent >= deadline_ms ? 0 : deadline_ms - spent;
}

int monitor_main(int argc, char *argv[])
{
	struct sipc_events *ev = NULL;
	struct sipc_event_info e;
	struct timespec start;
	long count, timeout_ms, seen = 0;
	char err[256];
	bool json;
	int ret;

	ret = parse_args(argc, argv, &json, &count, &timeout_ms);
	if (ret >= 0)
		return ret;
	ret = sipc_events_open(&ev, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "%s %s: %s\n", prog_name, argv[0], err);
		return ret == -ENOENT ? EXIT_NOT_LOADED : EXIT_FAILED;
	}
	/* One line per event, as it comes, even into a pipe. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	fprintf(stderr, "%s %s: listening\n", prog_name, argv[0]);
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!count || seen < count) {
		ret = sipc_events_next(ev, &e, timeout_ms < 0 ? -1 :
				       time_left(&start, timeout_ms));
		if (ret == -ENOBUFS) {
			fprintf(stderr, "%s %s: %s\n", prog_name, argv[0],
				sipc_events_errmsg(ev));
			continue;
		}
		if (ret < 0) {
			fprintf(stderr, "%s %s: %s\n", prog_name, argv[0],
				sipc_events_errmsg(ev));
			ret = EXIT_FAILED;
			goto cleanup;
		}
		if (ret == 0)
			break;
		show_event(&e, json);
		seen++;
	}
	/* A timeout ends a plain watch; it fails a wait for N events. */
	if (count && seen < count) {
		fprintf(stderr, "%s %s: timed out after %ld of %ld events\n",
			prog_name, argv[0], seen, count);
		ret = EXIT_FAILED;
		goto cleanup;
	}
	ret = EXIT_OK;

cleanup:
	sipc_events_close(ev);
	return ret;
}
