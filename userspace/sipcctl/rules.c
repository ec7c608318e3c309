// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl rules: the rules of the policy in force, one per (subject,
 * object, class), as allow statements of the policy language; the
 * permissions whose use is audited (an audit rule, or an audited role)
 * as an "audit allow" statement of their own.
 */
#include <stdio.h>

#include "sipcctl.h"

struct rules_show {
	bool json;
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

static int show_rule(const struct sipc_rule_info *rule, void *arg)
{
	struct rules_show *s = arg;
	char cls[32], perms[256];

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
		printf("}");
	} else {
		/* As the language says it: audited permissions apart. */
		if (rule->perms & ~rule->audit) {
			sipc_perms_format(rule->perms & ~rule->audit, perms,
					  sizeof(perms));
			printf("allow %s %s : %s { %s };\n", rule->subject,
			       rule->object, cls, perms);
		}
		if (rule->audit) {
			sipc_perms_format(rule->audit, perms, sizeof(perms));
			printf("audit allow %s %s : %s { %s };\n",
			       rule->subject, rule->object, cls, perms);
		}
	}
	s->count++;
	return 0;
}

int rules_main(int argc, char *argv[])
{
	struct rules_show s = { 0 };
	struct sipc *h = NULL;
	int ret;

	ret = common_options(argc, argv, "[--json]", &s.json);
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
