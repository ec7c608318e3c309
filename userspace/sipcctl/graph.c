// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl graph: who talks to whom.  Roles are nodes; each rule of the
 * policy in force is an edge, drawn as "used" when a decision used it
 * since the policy was loaded and "allowed" when none did; each flow of
 * the kernel's recent denials table is a "denied" edge.  Graphviz dot
 * (the default), SVG through graphviz's dot program, or JSON.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <json-c/json.h>

#include "flows.h"

#define USAGE "[--dot | --svg | --json]"

enum graph_format { GRAPH_DOT, GRAPH_SVG, GRAPH_JSON };

/* Is @name a node: a confined role, or one an edge touches? */
static bool is_node(const struct flows *f, const char *name)
{
	size_t i;

	if (strcmp(name, SIPC_ROLE_UNCONFINED_NAME))
		return true;
	for (i = 0; i < f->nr_rules; i++)
		if (!strcmp(f->rules[i].subject, name) ||
		    !strcmp(f->rules[i].object, name))
			return true;
	for (i = 0; i < f->nr_denials; i++)
		if (!strcmp(f->denials[i].subject, name) ||
		    !strcmp(f->denials[i].object, name))
			return true;
	return false;
}

static const char *class_label(uint32_t cls, char *buf, size_t len)
{
	const char *name = sipc_class_name(cls);

	if (name)
		return name;
	snprintf(buf, len, "class%u", cls);
	return buf;
}

static void dot_edge(FILE *out, const char *subject, const char *object,
		     const char *kind, uint32_t cls, uint32_t perms,
		     const char *style, const char *note)
{
	char c[32], p[256];

	sipc_perms_format(perms, p, sizeof(p));
	fprintf(out, "\t");
	sipc_policy_print_string(out, subject);
	fprintf(out, " -> ");
	sipc_policy_print_string(out, object);
	fprintf(out, " [id=\"%s:%s:%s:%s:%x\", label=\"%s { %s }%s\", tooltip=\"%s\", %s];\n",
		kind, subject, object, class_label(cls, c, sizeof(c)), perms,
		class_label(cls, c, sizeof(c)), p, note, kind, style);
}

#define STYLE_USED	"color=\"#2e7d32\", fontcolor=\"#2e7d32\", penwidth=2.5"
#define STYLE_ALLOWED	"color=\"#9e9e9e\", fontcolor=\"#757575\", style=dashed"
#define STYLE_DENIED	"color=\"#c62828\", fontcolor=\"#c62828\", style=bold, " \
			"arrowhead=tee"

static void show_dot(FILE *out, const struct flows *f)
{
	char note[64];
	size_t i;

	fprintf(out, "digraph sipc {\n");
	fprintf(out, "\tgraph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, "
		"label=\"sipc: policy generation %u, global mode %s\"];\n",
		f->status.policy_gen, mode_label(f->status.mode));
	fprintf(out, "\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"#e8eef8\", fontname=\"Helvetica\"];\n");
	fprintf(out, "\tedge [fontname=\"Helvetica\", fontsize=10];\n");
	for (i = 0; i < f->nr_roles; i++) {
		const char *name = f->roles[i].name;

		if (!is_node(f, name))
			continue;
		fprintf(out, "\t");
		sipc_policy_print_string(out, name);
		fprintf(out, " [label=\"%s\\n%s\"%s];\n", name,
			flows_role_mode(f, name),
			strcmp(name, SIPC_ROLE_UNCONFINED_NAME) ? "" :
			", fillcolor=\"#f5f5f5\", style=\"rounded,dashed,filled\"");
	}
	for (i = 0; i < f->nr_rules; i++) {
		const struct sipc_rule_info *r = &f->rules[i];

		if (r->used)
			snprintf(note, sizeof(note), "\\nidle %us", r->idle);
		dot_edge(out, r->subject, r->object, r->used ? "used" : "allowed",
			 r->class, r->perms, r->used ? STYLE_USED : STYLE_ALLOWED,
			 r->used ? note : "");
	}
	for (i = 0; i < f->nr_denials; i++) {
		const struct sipc_denial_info *d = &f->denials[i];

		snprintf(note, sizeof(note), "\\n%llu x %s, last %us ago",
			 (unsigned long long)d->count,
			 d->mode == SIPC_MODE_ENFORCE ? "denied" : "not allowed",
			 d->idle);
		dot_edge(out, d->subject, d->object, "denied", d->class,
			 d->perms, STYLE_DENIED, note);
	}
	fprintf(out, "\tsubgraph cluster_legend {\n");
	fprintf(out, "\t\tlabel=\"legend\"; fontsize=10; color=\"#bdbdbd\";\n");
	fprintf(out, "\t\tnode [shape=plaintext, style=\"\", label=\"\", width=0.1];\n");
	fprintf(out, "\t\tlegend_a -> legend_b [label=\"used\", " STYLE_USED "];\n");
	fprintf(out, "\t\tlegend_c -> legend_d [label=\"allowed, unused\", " STYLE_ALLOWED "];\n");
	fprintf(out, "\t\tlegend_e -> legend_f [label=\"denied\", " STYLE_DENIED "];\n");
	fprintf(out, "\t}\n}\n");
}

static json_object *json_perms(uint32_t perms)
{
	json_object *a = json_object_new_array();
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		const char *name;
		char hex[16];

		if (!(perms & (1U << bit)))
			continue;
		name = sipc_perm_name(1U << bit);
		if (!name) {
			snprintf(hex, sizeof(hex), "0x%x", 1U << bit);
			name = hex;
		}
		json_object_array_add(a, json_object_new_string(name));
	}
	return a;
}

static json_object *json_edge(const char *subject, const char *object,
			      const char *kind, uint32_t cls, uint32_t perms)
{
	json_object *e = json_object_new_object();
	char c[32];

	json_object_object_add(e, "subject", json_object_new_string(subject));
	json_object_object_add(e, "object", json_object_new_string(object));
	json_object_object_add(e, "class",
			       json_object_new_string(class_label(cls, c, sizeof(c))));
	json_object_object_add(e, "perms", json_perms(perms));
	json_object_object_add(e, "kind", json_object_new_string(kind));
	return e;
}

static void show_json(FILE *out, const struct flows *f)
{
	json_object *root = json_object_new_object();
	json_object *nodes = json_object_new_array();
	json_object *edges = json_object_new_array();
	json_object *e;
	size_t i;

	for (i = 0; i < f->nr_roles; i++) {
		const char *name = f->roles[i].name;

		if (!is_node(f, name))
			continue;
		e = json_object_new_object();
		json_object_object_add(e, "name", json_object_new_string(name));
		json_object_object_add(e, "mode",
				       json_object_new_string(flows_role_mode(f, name)));
		json_object_array_add(nodes, e);
	}
	for (i = 0; i < f->nr_rules; i++) {
		const struct sipc_rule_info *r = &f->rules[i];

		e = json_edge(r->subject, r->object,
			      r->used ? "used" : "allowed", r->class, r->perms);
		json_object_object_add(e, "idle", r->used ?
				       json_object_new_int64(r->idle) : NULL);
		json_object_array_add(edges, e);
	}
	for (i = 0; i < f->nr_denials; i++) {
		const struct sipc_denial_info *d = &f->denials[i];

		e = json_edge(d->subject, d->object, "denied", d->class,
			      d->perms);
		json_object_object_add(e, "count",
				       json_object_new_int64((int64_t)d->count));
		json_object_object_add(e, "idle", json_object_new_int64(d->idle));
		json_object_object_add(e, "mode",
				       json_object_new_string(mode_label(d->mode)));
		json_object_array_add(edges, e);
	}
	json_object_object_add(root, "generation",
			       json_object_new_int64(f->status.policy_gen));
	json_object_object_add(root, "nodes", nodes);
	json_object_object_add(root, "edges", edges);
	fprintf(out, "%s\n",
		json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
					       JSON_C_TO_STRING_SPACED));
	json_object_put(root);
}

/* Is there an executable @prog on $PATH? */
static bool have_program(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");

		if (len && len + strlen(prog) + 2 <= sizeof(buf)) {
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, path,
				 prog);
			if (!access(buf, X_OK))
				return true;
		}
		path += len;
		if (*path)
			path++;
	}
	return false;
}

static int show_svg(const char *cmd, const struct flows *f)
{
	FILE *dot;
	int status;

	if (!have_program("dot")) {
		fprintf(stderr, "%s %s: graphviz is not installed (no `dot' on PATH): "
			"install it, or use --dot and render the graph elsewhere\n",
			prog_name, cmd);
		return EXIT_FAILED;
	}
	fflush(stdout);
	dot = popen("dot -Tsvg", "w");
	if (!dot) {
		fprintf(stderr, "%s %s: cannot run dot: %s\n", prog_name, cmd,
			strerror(errno));
		return EXIT_FAILED;
	}
	show_dot(dot, f);
	status = pclose(dot);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "%s %s: dot -Tsvg failed\n", prog_name, cmd);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

static int graph_usage(const char *cmd, const char *what, const char *arg)
{
	fprintf(stderr, "%s %s: %s `%s'\n", prog_name, cmd, what, arg);
	fprintf(stderr, "Usage: %s %s %s\n", prog_name, cmd, USAGE);
	return EXIT_USAGE;
}

int graph_main(int argc, char *argv[])
{
	static const struct option options[] = {
		{ "dot", no_argument, NULL, 'd' },
		{ "svg", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum graph_format format = GRAPH_DOT;
	struct sipc *h = NULL;
	struct flows f;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "dsjh", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			format = GRAPH_DOT;
			break;
		case 's':
			format = GRAPH_SVG;
			break;
		case 'j':
			format = GRAPH_JSON;
			break;
		case 'h':
			printf("Usage: %s %s %s\n", prog_name, argv[0], USAGE);
			return EXIT_OK;
		default:
			return graph_usage(argv[0], "unknown option",
					   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return graph_usage(argv[0], "unexpected argument", argv[optind]);
	ret = open_handle(argv[0], &h);
	if (ret != EXIT_OK)
		return ret;
	ret = flows_read(h, &f);
	if (ret) {
		ret = report_failure(argv[0], h, ret);
		goto out;
	}
	if (format == GRAPH_JSON)
		show_json(stdout, &f);
	else if (format == GRAPH_SVG)
		ret = show_svg(argv[0], &f);
	else
		show_dot(stdout, &f);
out:
	flows_free(&f);
	sipc_close(h);
	return ret;
}
