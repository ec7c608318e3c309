/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipcctl: the policy in force and its live usage (flows.c).
 */
#ifndef SIPCCTL_FLOWS_H
#define SIPCCTL_FLOWS_H

#include <errno.h>

#include "sipcctl.h"

struct flows {
	struct sipc_status status;
	struct sipc_role_info *roles;
	struct sipc_rule_info *rules;
	struct sipc_denial_info *denials;
	size_t nr_roles, nr_rules, nr_denials;
	size_t roles_alloc, rules_alloc, denials_alloc;
};

/* Read it all; a negative errno (sipc_errmsg(h) says why) on failure. */
int flows_read(struct sipc *h, struct flows *f);
void flows_free(struct flows *f);

/* The mode that applies to @role: its own, or the global one. */
const char *flows_role_mode(const struct flows *f, const char *role);

#endif /* SIPCCTL_FLOWS_H */
