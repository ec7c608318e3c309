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

#include <linux/atomic.h>
#include <linux/hash.h>
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

/*
 * The memo (access.c): per CPU, the last verdicts "allowed, nothing to
 * report" by (task, object, class, permissions), each valid for one
 * value of sipc_memo_epoch.  The epoch moves on every change to the
 * label table, every policy publication and every mode change, so an
 * entry whose epoch is current was computed from the roles the task and
 * the object have now.  Documentation/design.rst says why a stale entry
 * can never allow what the policy denies.
 */
#define SIPC_MEMO_BITS		8

/**
 * struct sipc_memo_entry - one remembered verdict
 * @task: the subject (current when it was decided)
 * @object: the object, as struct sipc_request describes it
 * @epoch: sipc_memo_epoch read before the roles were looked up
 * @what: sipc_memo_what() of the class and permissions
 * @counted: the verdict came from an allow rule (counted as a decision
 *	answered from the cache), not from both sides being unconfined
 *
 * Read and written only by the CPU it belongs to, in task context with
 * preemption disabled (the hook callbacks), so never concurrently.
 */
struct sipc_memo_entry {
	const void *task;
	const void *object;
	unsigned long epoch;
	u32 what;
	u32 counted;
};

struct sipc_memo {
	struct sipc_memo_entry e[1 << SIPC_MEMO_BITS];
};

extern struct sipc_memo __percpu *sipc_memo;
extern atomic_long_t sipc_memo_epoch;
extern bool sipc_memo_enabled;

/* An epoch no entry is ever written with: "do not remember this". */
#define SIPC_MEMO_NONE		(~0UL)

/**
 * sipc_memo_invalidate() - forget every remembered verdict, on every CPU
 *
 * For whoever changes what a verdict depends on: a label (stored,
 * replaced or dropped), the policy, a mode.  Call it after the change is
 * visible; any context.
 */
static inline void sipc_memo_invalidate(void)
{
	/* The change before the new epoch; pairs with sipc_memo_hit(). */
	smp_mb__before_atomic();
	atomic_long_inc(&sipc_memo_epoch);
}

/* Never 0, so that an empty entry matches nothing. */
static __always_inline u32 sipc_memo_what(unsigned int class, u32 perm)
{
	return perm << 8 | class | 0x80;
}

static __always_inline struct sipc_memo_entry *
sipc_memo_slot(const void *task, const void *object, u32 what)
{
	/*
	 * Not hash_long(task ^ object): two tasks and two objects made one
	 * after the other (a process, its child, their two pipes) have
	 * the same XOR often enough to evict each other at every call.
	 */
	unsigned long h = ((unsigned long)task ^ what) * GOLDEN_RATIO_64;

	h ^= (unsigned long)object;
	return &this_cpu_ptr(sipc_memo)->e[hash_long(h, SIPC_MEMO_BITS)];
}

/*
 * Has @subject (current, or the task the kernel acts for) been allowed
 * @perm of @class on @object since the epoch last moved?  Sets *@epoch to
 * the epoch to remember the answer under, read before the caller looks up
 * any role, or to SIPC_MEMO_NONE.
 */
static __always_inline bool sipc_memo_hit(const struct task_struct *subject,
					  unsigned int class, u32 perm,
					  const void *object,
					  unsigned long *epoch)
{
	const struct sipc_memo_entry *e;
	u32 what = sipc_memo_what(class, perm);
	unsigned long now;

	*epoch = SIPC_MEMO_NONE;
	if (!READ_ONCE(sipc_memo_enabled) || !object || !in_task())
		return false;
	now = atomic_long_read(&sipc_memo_epoch);
	/* The roles are read after the epoch (see sipc_memo_invalidate()). */
	smp_rmb();
	*epoch = now;
	e = sipc_memo_slot(subject, object, what);
	if (e->epoch != now || e->task != subject || e->object != object ||
	    e->what != what)
		return false;
	if (e->counted) {
		sipc_stat_inc(SIPC_STAT_DECISIONS);
		sipc_stat_inc(SIPC_STAT_CACHE_HITS);
		sipc_stat_inc(SIPC_STAT_ALLOWED_BY_RULE);
	}
	return true;
}

int sipc_check_slow(const struct sipc_policy *policy,
		    struct task_struct *subject, unsigned int class,
		    u32 perm, unsigned int role, const void *object,
		    unsigned long epoch);

/**
 * sipc_check() - decide an operation of current on an object
 * @policy: the policy in force (callers return early when there is none)
 * @class: enum sipc_class
 * @perm: the SIPC_PERM_* bits the operation needs
 * @role: the object's role
 * @object: the object, as struct sipc_request describes it
 *
 * Not remembered: for roles that come from elsewhere than the object's
 * label (a name, a key, a creator), which the memo could not tell apart
 * from the label of an earlier object at the same address.
 *
 * Return: 0 to allow, -EACCES to refuse.
 */
static inline int sipc_check(const struct sipc_policy *policy,
			     unsigned int class, u32 perm, unsigned int role,
			     const void *object)
{
	return sipc_check_slow(policy, current, class, perm, role, object,
			       SIPC_MEMO_NONE);
}

/*
 * The memo's ways in, where the object's role is its label and nothing
 * else: a macro so that the label is looked up only on a memo miss,
 * after the epoch is read.  Each argument is evaluated at most once.
 */
#define __sipc_check_memo(policy, subject, class, perm, object, lookup) \
({									\
	const struct sipc_policy *__sc_policy = (policy);		\
	struct task_struct *__sc_subject = (subject);			\
	unsigned int __sc_class = (class);				\
	u32 __sc_perm = (perm);						\
	__typeof__(object) __sc_object = (object);			\
	unsigned long __sc_epoch;					\
									\
	sipc_memo_hit(__sc_subject, __sc_class, __sc_perm, __sc_object,	\
		      &__sc_epoch) ?					\
	0 : sipc_check_slow(__sc_policy, __sc_subject, __sc_class,	\
			    __sc_perm, lookup(__sc_policy, __sc_object), \
			    __sc_object, __sc_epoch);			\
})

/**
 * sipc_check_object() - sipc_check() of an object's own label, remembered
 * @policy: the policy in force
 * @class: enum sipc_class
 * @perm: the SIPC_PERM_* bits the operation needs
 * @object: the object (its role: sipc_object_role(@policy, @object))
 *
 * Return: 0 to allow, -EACCES to refuse.
 */
#define sipc_check_object(policy, class, perm, object)			\
	__sipc_check_memo(policy, current, class, perm, object,		\
			  sipc_object_role)

/**
 * sipc_check_object_for() - sipc_check_object() for a task the kernel acts
 *	for, not current (a receiver handed a message by its sender)
 * @policy: the policy in force
 * @subject: the task; alive for the whole call
 * @class: enum sipc_class
 * @perm: the SIPC_PERM_* bits the operation needs
 * @object: the object (its role: sipc_object_role(@policy, @object))
 *
 * Return: 0 to allow, -EACCES to refuse.
 */
#define sipc_check_object_for(policy, subject, class, perm, object)	\
	__sipc_check_memo(policy, subject, class, perm, object,		\
			  sipc_object_role)

/**
 * sipc_check_task() - sipc_check() of a task's role, remembered
 * @policy: the policy in force
 * @class: enum sipc_class
 * @perm: the SIPC_PERM_* bits the operation needs
 * @task: the task acted on (its role: sipc_task_role(@policy, @task))
 *
 * Return: 0 to allow, -EACCES to refuse.
 */
#define sipc_check_task(policy, class, perm, task)			\
	__sipc_check_memo(policy, current, class, perm, task, sipc_task_role)

#endif /* _SIPC_ACCESS_H */
