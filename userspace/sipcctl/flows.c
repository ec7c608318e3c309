// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl: the policy in force and its live usage, read in one go for
 * graph and preview: roles, rules with their usage, recent denials.
 */
#include <stdlib.h>
#include <string.h>

#include "flows.h"

static void *grow(void *items, size_t *alloc, size_t count, size_t size)
{
	size_t n;
	void *p;

	if (count < *alloc)
		return items;
	n = *alloc ? 2 * *alloc : 16;
	p = realloc(items, n * size);
	if (p)
		*alloc = n;
	return p;
}

static int add_role(const struct sipc_role_info *role, void *arg)
{
	struct flows *f = arg;
	void *p = grow(f->roles, &f->roles_alloc, f->nr_roles, sizeof(*role));

	if (!p)
		return -ENOMEM;
	f->roles = p;
	f->roles[f->nr_roles++] = *role;
	return 0;
}

static int add_rule(const struct sipc_rule_info *rule, void *arg)
{
	struct flows *f = arg;
	void *p = grow(f->rules, &f->rules_alloc, f->nr_rules, sizeof(*rule));

	if (!p)
		return -ENOMEM;
	f->rules = p;
	f->rules[f->nr_rules++] = *rule;
	return 0;
}

static int add_denial(const struct sipc_denial_info *d, void *arg)
{
	struct flows *f = arg;
	void *p = grow(f->denials, &f->denials_alloc, f->nr_denials,
		       sizeof(*d));

	if (!p)
		return -ENOMEM;
	f->denials = p;
	f->denials[f->nr_denials++] = *d;
	return 0;
}

int flows_read(struct sipc *h, struct flows *f)
{
	int ret;

	memset(f, 0, sizeof(*f));
	ret = sipc_get_status(h, &f->status);
	if (!ret)
		ret = sipc_for_each_role(h, add_role, f);
	if (!ret)
		ret = sipc_for_each_rule(h, add_rule, f);
	if (!ret)
		ret = sipc_for_each_denial(h, add_denial, f);
	return ret;
}

void flows_free(struct flows *f)
{
	free(f->roles);
	free(f->rules);
	free(f->denials);
	memset(f, 0, sizeof(*f));
}

const char *flows_role_mode(const struct flows *f, const char *role)
{
	size_t i;
	uint32_t mode = f->status.mode;

	for (i = 0; i < f->nr_roles; i++) {
		if (!strcmp(f->roles[i].name, role) &&
		    f->roles[i].mode != SIPC_MODE_GLOBAL)
			mode = f->roles[i].mode;
	}
	return mode_label(mode);
}
