/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - the decision cache in front of sipc_policy_lookup() (cache.c).
 *
 * Per CPU, lock-free: sipc_cache_lookup() runs in any context and never
 * sleeps.  sipc_cache_flush() and sipc_cache_published() run in process
 * context: sipc_policy_publish() calls sipc_cache_published() after its
 * grace period, under the policy's mutex, so that the cache's short
 * generations never alias; sipc_cache_flush() empties every CPU's cache.
 */
#ifndef _SIPC_CACHE_H
#define _SIPC_CACHE_H

#include <linux/types.h>

struct sipc_policy;

int sipc_cache_init(void);
void sipc_cache_exit(void);
u32 sipc_cache_lookup(const struct sipc_policy *policy, unsigned int subject,
		      unsigned int object, unsigned int class);
void sipc_cache_flush(void);
void sipc_cache_published(u32 gen);

#endif /* _SIPC_CACHE_H */
