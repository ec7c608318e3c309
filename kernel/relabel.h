/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - relabel (relabel.c): a policy being published meets the objects
 * that already exist.
 */
#ifndef _SIPC_RELABEL_H
#define _SIPC_RELABEL_H

struct sipc_policy;

void sipc_relabel_begin(const struct sipc_policy *policy);
void sipc_relabel_end(const struct sipc_policy *policy);

#endif /* _SIPC_RELABEL_H */
