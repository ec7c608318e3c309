/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - who uses what (usage.c): when each rule was last used, and the
 * flows the policy did not allow.
 *
 * A rule's stamp is a u32 of the policy (policy_internal.h), the coarse
 * time of its last use from sipc_usage_now(), written by any decision
 * with WRITE_ONCE() only when it changes and read with READ_ONCE(): no
 * lock, no atomic.  0 means never used since the policy was loaded.
 *
 * The denials table is small and fixed, under a raw spinlock taken with
 * interrupts off (decisions are made in any context); only decisions
 * that do not allow something take it.
 */
#ifndef _SIPC_USAGE_H
#define _SIPC_USAGE_H

#include <linux/compiler.h>
#include <linux/jiffies.h>
#include <linux/types.h>
#include <uapi/linux/sipc.h>

/* Rows of the denials table; the least recently seen one is replaced. */
#define SIPC_DENIALS_MAX	64

/**
 * struct sipc_denial - one flow the policy did not allow, as dumps see it
 * @subject: the subject's role name
 * @object: the object's role name
 * @class: enum sipc_class
 * @perms: the permissions that were missing
 * @mode: the mode that applied the last time
 * @count: how many times, since the policy was loaded
 * @last: sipc_usage_now() the last time
 */
struct sipc_denial {
	char subject[SIPC_ROLE_NAME_MAX];
	char object[SIPC_ROLE_NAME_MAX];
	u32 class;
	u32 perms;
	u32 mode;
	u64 count;
	u32 last;
};

/*
 * Seconds since boot plus one, from jiffies (no clock read): never 0, so
 * that 0 can mean "never".
 */
static __always_inline u32 sipc_usage_now(void)
{
	return (u32)((jiffies - INITIAL_JIFFIES) / HZ) + 1;
}

/* Record a use at *@stamp; dirties its cache line once a second at most. */
static __always_inline void sipc_usage_stamp(u32 *stamp)
{
	u32 now = sipc_usage_now();

	if (READ_ONCE(*stamp) != now)
		WRITE_ONCE(*stamp, now);
}

void sipc_usage_init(void);
void sipc_usage_exit(void);
void sipc_usage_denied(const char *subject, const char *object, u32 class,
		       u32 perms, u32 mode);
void sipc_usage_clear(void);
bool sipc_usage_denial_at(unsigned int index, struct sipc_denial *denial);

#endif /* _SIPC_USAGE_H */
