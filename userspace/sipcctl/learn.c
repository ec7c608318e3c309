// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl learn show | accept [N...] | reject [N...]: review the rules
 * sipcd proposed from learn-mode events (sipcd(8)).  Accepting writes
 * the rules to a new policy file in the learned directory, which sipcd
 * loads; rejecting keeps them from being proposed again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <json-c/json.h>

#include "sipc-conf.h"
#include "sipcctl.h"

#define USAGE "[--config FILE] [--json] show | accept [N...] | reject [N...]"

static int usage(const char *cmd, const char *why, const char *arg)
{
	fprintf(stderr, "%s %s: %s%s%s%s\n", prog_name, cmd, why,
		arg ? " `" : "", arg ? arg : "", arg ? "'" : "");
	fprintf(stderr, "Usage: %s %s %s\n", prog_name, cmd, USAGE);
	return EXIT_USAGE;
}

static int show(const struct sipc_proposals *p, bool json)
{
	char rule[512];
	size_t i;
	int c;

	if (json) {
		json_object *root = json_object_new_object();
		json_object *a = json_object_new_array();

		for (i = 0; i < p->nr_items; i++) {
			const struct sipc_proposal *it = &p->items[i];
			json_object *o = json_object_new_object();

			sipc_proposal_rule(it, rule, sizeof(rule));
			json_object_object_add(o, "id", json_object_new_int64(it->id));
			json_object_object_add(o, "rule", json_object_new_string(rule));
			json_object_object_add(o, "events",
					       json_object_new_int64(it->events));
			json_object_array_add(a, o);
		}
		json_object_object_add(root, "proposals", a);
		json_object_object_add(root, "rejected",
				       json_object_new_int64(p->nr_rejected));
		puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_SPACED));
		json_object_put(root);
		return EXIT_OK;
	}
	if (!p->nr_items) {
		printf("no proposals\n");
		return EXIT_OK;
	}
	printf("%4s  %-60s %7s  %s\n", "ID", "RULE", "EVENTS", "PROGRAMS");
	for (i = 0; i < p->nr_items; i++) {
		const struct sipc_proposal *it = &p->items[i];

		sipc_proposal_rule(it, rule, sizeof(rule));
		printf("%4u  %-60s %7llu ", it->id, rule,
		       (unsigned long long)it->events);
		for (c = 0; c < 4 && it->comms[c][0]; c++)
			printf(" %s", it->comms[c]);
		printf("\n");
	}
	return EXIT_OK;
}

/* Mark the proposals @argv names (all when none) in @chosen. */
static int choose(const char *cmd, const struct sipc_proposals *p, int argc,
		  char *argv[], bool *chosen)
{
	unsigned long id;
	char *end;
	size_t i;
	int a;

	if (!argc) {
		for (i = 0; i < p->nr_items; i++)
			chosen[i] = true;
		return EXIT_OK;
	}
	for (a = 0; a < argc; a++) {
		errno = 0;
		id = strtoul(argv[a], &end, 10);
		if (errno || end == argv[a] || *end || !id || id > UINT_MAX)
			return usage(cmd, "bad proposal number", argv[a]);
		for (i = 0; i < p->nr_items; i++)
			if (p->items[i].id == id)
				break;
		if (i == p->nr_items) {
			fprintf(stderr, "%s %s: no proposal %lu\n", prog_name,
				cmd, id);
			return EXIT_FAILED;
		}
		chosen[i] = true;
	}
	return EXIT_OK;
}

/* Drop the chosen proposals from @p, moving them to rejected if asked. */
static int drop(struct sipc_proposals *p, const bool *chosen, bool reject)
{
	struct sipc_proposal *r;
	size_t i, kept = 0;

	for (i = 0; i < p->nr_items; i++) {
		if (!chosen[i]) {
			p->items[kept++] = p->items[i];
			continue;
		}
		if (!reject)
			continue;
		r = realloc(p->rejected, (p->nr_rejected + 1) * sizeof(*r));
		if (!r)
			return -ENOMEM;
		p->rejected = r;
		r[p->nr_rejected++] = p->items[i];
	}
	p->nr_items = kept;
	return 0;
}

/*
 * Write the chosen rules to a new file in the learned directory, after
 * checking that the configuration compiles with it.
 */
static int write_accepted(const char *cmd, const struct sipc_conf *conf,
			  const struct sipc_proposals *p, const bool *chosen)
{
	struct sipc_compiled c = { 0 };
	char *tmp = NULL, *final = NULL, *text = NULL, **files = NULL, **v;
	char rule[512], stamp[32];
	time_t now = time(NULL);
	int n = -1, ret = EXIT_FAILED;
	size_t i;
	FILE *f;

	if (mkdir(conf->learned_dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "%s %s: cannot make %s: %s\n", prog_name, cmd,
			conf->learned_dir, strerror(errno));
		return EXIT_FAILED;
	}
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", gmtime(&now));
	if (asprintf(&tmp, "%s/.accepted-%s-%d.tmp", conf->learned_dir, stamp,
		     (int)getpid()) < 0 ||
	    asprintf(&final, "%s/accepted-%s-%d.sipc", conf->learned_dir,
		     stamp, (int)getpid()) < 0)
		goto nomem;
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "%s %s: %s: %s\n", prog_name, cmd, tmp,
			strerror(errno));
		goto out;
	}
	fprintf(f, "# Accepted by sipcctl learn accept, %s UTC.\n", stamp);
	for (i = 0; i < p->nr_items; i++) {
		if (!chosen[i])
			continue;
		sipc_proposal_rule(&p->items[i], rule, sizeof(rule));
		fprintf(f, "%s\n", rule);
	}
	if (fclose(f)) {
		fprintf(stderr, "%s %s: %s: %s\n", prog_name, cmd, tmp,
			strerror(errno));
		goto out;
	}
	n = sipc_conf_files(conf, &files, stderr);
	if (n < 0)
		goto out;
	v = realloc(files, (n + 1) * sizeof(*v));
	if (!v)
		goto nomem;
	files = v;
	files[n] = strdup(tmp);
	if (!files[n])
		goto nomem;
	n++;
	text = sipc_conf_policy_text(files, n, stderr);
	if (!text || sipc_policy_compile_string(conf->path, text, stderr, &c)) {
		fprintf(stderr, "%s %s: the policy would not compile with these rules; nothing accepted\n",
			prog_name, cmd);
		goto out;
	}
	if (rename(tmp, final)) {
		fprintf(stderr, "%s %s: %s: %s\n", prog_name, cmd, final,
			strerror(errno));
		goto out;
	}
	printf("accepted into %s\n", final);
	ret = EXIT_OK;
	goto out;

nomem:
	fprintf(stderr, "%s %s: out of memory\n", prog_name, cmd);
out:
	if (ret != EXIT_OK && tmp)
		unlink(tmp);
	sipc_compiled_free(&c);
	if (n > 0)
		sipc_conf_files_free(files, n);
	else
		free(files);
	free(text);
	free(tmp);
	free(final);
	return ret;
}

int learn_main(int argc, char *argv[])
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "config", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = SIPC_CONF_DEFAULT, *action;
	struct sipc_proposals p = { 0 };
	struct sipc_conf conf;
	bool json = false, *chosen = NULL;
	char err[512];
	size_t i, count = 0;
	int c, lock = -1, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jhc:", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'c':
			config = optarg;
			break;
		case 'h':
			printf("Usage: %s %s %s\n", prog_name, argv[0], USAGE);
			return EXIT_OK;
		default:
			return usage(argv[0], "unknown option", argv[optind - 1]);
		}
	}
	if (optind == argc)
		return usage(argv[0], "missing action", NULL);
	action = argv[optind++];
	if (strcmp(action, "show") && strcmp(action, "accept") &&
	    strcmp(action, "reject"))
		return usage(argv[0], "unknown action", action);
	if (!strcmp(action, "show") && optind != argc)
		return usage(argv[0], "unexpected argument", argv[optind]);
	if (sipc_conf_read(config, &conf, stderr))
		return EXIT_FAILED;
	lock = sipc_proposals_lock(conf.proposals);
	/* no directory for it: nothing was ever proposed */
	if (lock < 0 && lock != -ENOENT) {
		fprintf(stderr, "%s %s: cannot lock %s: %s\n", prog_name,
			argv[0], conf.proposals, strerror(-lock));
		ret = EXIT_FAILED;
		goto out;
	}
	if (sipc_proposals_read(conf.proposals, &p, err, sizeof(err))) {
		fprintf(stderr, "%s %s: %s\n", prog_name, argv[0], err);
		ret = EXIT_FAILED;
		goto out;
	}
	if (!strcmp(action, "show")) {
		ret = show(&p, json);
		goto out;
	}
	chosen = calloc(p.nr_items + 1, sizeof(*chosen));
	if (!chosen) {
		ret = EXIT_FAILED;
		goto out;
	}
	ret = choose(argv[0], &p, argc - optind, argv + optind, chosen);
	if (ret != EXIT_OK)
		goto out;
	for (i = 0; i < p.nr_items; i++)
		count += chosen[i];
	if (!count) {
		printf("no proposals\n");
		goto out;
	}
	if (action[0] == 'a') {
		ret = write_accepted(argv[0], &conf, &p, chosen);
		if (ret != EXIT_OK)
			goto out;
	}
	if (drop(&p, chosen, action[0] == 'r') ||
	    (ret = sipc_proposals_write(conf.proposals, &p))) {
		fprintf(stderr, "%s %s: cannot write %s: %s\n", prog_name,
			argv[0], conf.proposals, strerror(ret ? -ret : ENOMEM));
		ret = EXIT_FAILED;
		goto out;
	}
	printf("%s %zu proposal%s\n", action[0] == 'a' ? "accepted" : "rejected",
	       count, count == 1 ? "" : "s");
	ret = EXIT_OK;
out:
	free(chosen);
	sipc_proposals_unlock(lock);
	sipc_proposals_free(&p);
	sipc_conf_free(&conf);
	return ret;
}
