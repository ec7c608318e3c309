/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - decisions (access.c): the one question every hook asks, and the
 * counters the answers add to.
 *
 * This is how the IPC kind files reach the policy: they take the policy
 * in force with sipc_policy_current(), hand it on, opaque, to
 * sipc_check() and to the label functions (label.h), and never look
 * inside.  Everything here runs in the hook callbacks: any context,
 * preemption disabled, no sleeping, no locks.
 */
#ifndef _SIPC_ACCESS_H
#define _SIPC_ACCESS_H

#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <uapi/linux/sipc.h>

#include "label.h"

struct sipc_policy;

/*
 * The policy in force, NULL when none was loaded.  Published with
 * rcu_replace_pointer() under the policy's mutex (policy.c) and freed
 * after a grace period, so a reader may use it until the end of its RCU
 * read-side critical section (or its preemption-disabled region).
 */
extern struct sipc_policy __rcu *sipc_policy_rcu;

static inline const struct sipc_policy *sipc_policy_current(void)
{
	return rcu_dereference_check(sipc_policy_rcu, rcu_read_lock_any_held());
}

/**
 * struct sipc_request - one operation to decide
 * @subject: current, or the task the kernel acts for (a message
 *	receiver, a signal recipient)
 * @subject_role: the subject's role
 * @object_role: the object's role
 * @class: enum sipc_class
 * @perm: the SIPC_PERM_* bits the operation needs
 * @object: the object itself, so that a decision can be remembered and
 *	reported by what it was about; what it points to follows from
 *	@class: the struct inode of a pipe or FIFO, the struct sock of a
 *	socket, the struct kern_ipc_perm of a SysV object, the struct
 *	dentry of a message queue, the struct task_struct receiving a
 *	signal.  NULL when the object does not exist yet (a socket being
 *	created).
 *
 * Lives on the caller's stack for the length of one decision.
 */
struct sipc_request {
	struct task_struct *subject;
	unsigned int subject_role;
	unsigned int object_role;
	unsigned int class;
	u32 perm;
	const void *object;
};

int sipc_access(const struct sipc_policy *policy,
		const struct sipc_request *req);

/*
 * Decision counters, one per enum sipc_stat, per CPU: only ever changed
 * with this_cpu_*() and summed by sipc_stats_read(), so no lock.
 */
DECLARE_PER_CPU(s64 [__SIPC_STAT_LAST], sipc_stats);

static inline void sipc_stat_inc(enum sipc_stat stat)
{
	this_cpu_inc(sipc_stats[stat]);
}

static inline void sipc_stat_add(enum sipc_stat stat, s64 delta)
{
	this_cpu_add(sipc_stats[stat], delta);
}

void sipc_stats_read(u64 stats[__SIPC_STAT_LAST]);

/**
 * sipc_check() - decide an operation of current on an object
 * @policy: the policy in force (callers return early when there is none)
 * @class: enum sipc_class
 * @perm: the SIPC_PERM_* bits the operation needs
 * @role: the object's role
 * @object: the object, as struct sipc_request describes it
 *
 * Return: 0 to allow, -EACCES to refuse.
 */
static inline int sipc_check(const struct sipc_policy *policy,
			     unsigned int class, u32 perm, unsigned int role,
			     const void *object)
{
	struct sipc_request req = {
		.subject = current,
		.subject_role = sipc_task_role(policy, current),
		.object_role = role,
		.class = class,
		.perm = perm,
		.object = object,
	};

	return sipc_access(policy, &req);
}

#endif /* _SIPC_ACCESS_H */
