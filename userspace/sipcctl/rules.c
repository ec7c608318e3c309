// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl rules: the rules of the policy in force, one per (subject,
 * object, class), as allow statements of the policy language; the
 * permissions whose use is audited (an audit rule, or an audited role)
 * as an "audit allow" statement of their own.  With --unused, only those
 * no decision used since the policy was loaded, or (--since) for that
 * long.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipcctl.h"

#define USAGE "[--json] [--unused [--since DURATION]]"

struct rules_show {
	bool json;
	bool unused;		/* only the rules not used ... */
	long since;		/* ... for this many seconds; -1: ever */
	unsigned int count;
};

static void put_class(unsigned int cls, char *buf, size_t len)
{
	const char *name = sipc_class_name(cls);

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "class%u", cls);
}

static void show_json_perms(uint32_t perms)
{
	unsigned int bit, n = 0;

	printf("[");
	for (bit = 0; bit < 32; bit++) {
		const char *name;

		if (!(perms & (1U << bit)))
			continue;
		name = sipc_perm_name(1U << bit);
		if (name)
			printf("%s\"%s\"", n++ ? ", " : "", name);
		else
			printf("%s\"0x%x\"", n++ ? ", " : "", 1U << bit);
	}
	printf("]");
}

/* The end of a rule's line: with --unused, how long it has been idle. */
static void show_usage(const struct rules_show *s,
		       const struct sipc_rule_info *rule)
{
	if (!s->unused)
		printf("\n");
	else if (rule->used)
		printf("  # idle %us\n", rule->idle);
	else
		printf("  # never used\n");
}

static int show_rule(const struct sipc_rule_info *rule, void *arg)
{
	struct rules_show *s = arg;
	char cls[32], perms[256];

	if (s->unused && rule->used &&
	    (s->since < 0 || (long)rule->idle < s->since))
		return 0;
	put_class(rule->class, cls, sizeof(cls));
	if (s->json) {
		printf("%s\n  {\"subject\": ", s->count ? "," : "");
		json_string(stdout, rule->subject);
		printf(", \"object\": ");
		json_string(stdout, rule->object);
		printf(", \"class\": \"%s\", \"perms\": ", cls);
		show_json_perms(rule->perms);
		if (rule->audit) {
			printf(", \"audit\": ");
			show_json_perms(rule->audit);
		}
		if (rule->used)
			printf(", \"idle\": %u}", rule->idle);
		else
			printf(", \"idle\": null}");
	} else {
		/* As the language says it: audited permissions apart. */
		if (rule->perms & ~rule->audit) {
			sipc_perms_format(rule->perms & ~rule->audit, perms,
					  sizeof(perms));
			printf("allow %s %s : %s { %s };", rule->subject,
			       rule->object, cls, perms);
			show_usage(s, rule);
		}
		if (rule->audit) {
			sipc_perms_format(rule->audit, perms, sizeof(perms));
			printf("audit allow %s %s : %s { %s };",
			       rule->subject, rule->object, cls, perms);
			show_usage(s, rule);
		}
	}
	s->count++;
	return 0;
}

int parse_duration(const char *text, long *seconds)
{
	static const struct {
		char suffix;
		long scale;
	} units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
		{ 'w', 604800 },
	};
	char *end;
	long n;
	size_t i;

	errno = 0;
	n = strtol(text, &end, 10);
	if (errno || end == text || n < 0)
		return -1;
	if (!*end) {
		*seconds = n;
		return 0;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (end[0] == units[i].suffix && !end[1]) {
			if (n > 0x7fffffffL / units[i].scale)
				return -1;
			*seconds = n * units[i].scale;
			return 0;
		}
	}
	return -1;
}

static int rules_usage(const char *cmd, const char *what, const char *arg)
{
	fprintf(stderr, "%s %s: %s%s%s%s\n", prog_name, cmd, what,
		arg ? " `" : "", arg ? arg : "", arg ? "'" : "");
	fprintf(stderr, "Usage: %s %s %s\n", prog_name, cmd, USAGE);
	return EXIT_USAGE;
}

static int rules_options(int argc, char *argv[], struct rules_show *s)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "unused", no_argument, NULL, 'u' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jhus:", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			s->json = true;
			break;
		case 'u':
			s->unused = true;
			break;
		case 's':
			if (parse_duration(optarg, &s->since))
				return rules_usage(argv[0], "bad duration", optarg);
			break;
		case 'h':
			printf("Usage: %s %s %s\n", prog_name, argv[0], USAGE);
			return EXIT_OK;
		default:
			return rules_usage(argv[0], "unknown option",
					   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return rules_usage(argv[0], "unexpected argument", argv[optind]);
	if (s->since >= 0 && !s->unused)
		return rules_usage(argv[0], "--since needs --unused", NULL);
	return -1;
}

int rules_main(int argc, char *argv[])
{
	struct rules_show s = { .since = -1 };
	struct sipc *h = NULL;
	int ret;

	ret = rules_options(argc, argv, &s);
	if (ret >= 0)
		return ret;
	ret = open_handle(argv[0], &h);
	if (ret != EXIT_OK)
		return ret;
	if (s.json)
		printf("{\"rules\": [");
	ret = sipc_for_each_rule(h, show_rule, &s);
	if (s.json)
		printf("%s]}\n", s.count ? "\n" : "");
	ret = ret ? report_failure(argv[0], h, ret) : EXIT_OK;
	sipc_close(h);
	return ret;
}
