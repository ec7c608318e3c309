// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - fault injection: make a hook refuse one thread group's operations.
 *
 * This exists so that tests can drive the refusal path of every hook
 * through real system calls before any policy decides anything.  It is
 * available only when the module is loaded with inject=1.
 */

#include <linux/errno.h>
#include <linux/jump_label.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/string.h>

#include "inject.h"

struct sipc_inject_rule {
	const struct sipc_hook *hook;
	pid_t tgid;
	int err;
};

/**
 * struct sipc_inject_set - the rules in force; immutable once published
 * @rcu: for kfree_rcu()
 * @count: number of rules
 * @rules: the rules
 *
 * Published through sipc_injected with rcu_assign_pointer() under
 * sipc_inject_lock, read in the hook callback under rcu_read_lock(), and
 * freed with kfree_rcu() after being replaced.
 */
struct sipc_inject_set {
	struct rcu_head rcu;
	unsigned int count;
	struct sipc_inject_rule rules[SIPC_INJECT_MAX];
};

static struct sipc_inject_set __rcu *sipc_injected;
static DEFINE_MUTEX(sipc_inject_lock);

/* Off unless inject=1: the hook callback then never looks at the rules. */
DEFINE_STATIC_KEY_FALSE(sipc_inject_enabled);

/**
 * sipc_inject_enable() - let the hooks refuse what tests inject
 *
 * Called once, at load with inject=1, before the hooks are attached.
 * Process context; may sleep (it patches code).
 */
void sipc_inject_enable(void)
{
	static_branch_enable(&sipc_inject_enabled);
}

/*
 * "stack": the next hooked call of one thread group saves the kernel stack
 * it is decided on, so that a test can check that the unwinder walks
 * through our trampoline into the hooked function and its callers.
 * sipc_stack_tgid arms it; the call that wins the cmpxchg owns the
 * entries until it publishes their count with smp_store_release(); the
 * reader pairs with smp_load_acquire().  Armed again only by a write to
 * "inject", which tests do not run concurrently with a read.
 */
#define SIPC_STACK_MAX	32
static pid_t sipc_stack_tgid;
static unsigned long sipc_stack_entries[SIPC_STACK_MAX];
static unsigned int sipc_stack_len;

void sipc_inject_stack_arm(pid_t tgid)
{
	WRITE_ONCE(sipc_stack_len, 0);
	/* The count cleared before a hooked call can see the arming. */
	smp_store_release(&sipc_stack_tgid, tgid);
}

static void sipc_inject_stack_save(void)
{
	pid_t tgid = current->tgid;
	unsigned int len;

	if (likely(READ_ONCE(sipc_stack_tgid) != tgid) ||
	    cmpxchg(&sipc_stack_tgid, tgid, 0) != tgid)
		return;
	len = stack_trace_save(sipc_stack_entries, SIPC_STACK_MAX, 0);
	/* The entries before their count; pairs with the show's acquire. */
	smp_store_release(&sipc_stack_len, len);
}

/* The stack saved by "stack", one "%pS" frame per line, innermost first. */
int sipc_inject_stack_show(struct seq_file *m, void *v)
{
	/* The count before the entries it covers. */
	unsigned int i, len = smp_load_acquire(&sipc_stack_len);

	for (i = 0; i < len; i++)
		seq_printf(m, "%pS\n", (void *)sipc_stack_entries[i]);
	return 0;
}

/**
 * sipc_inject_errno() - the refusal injected for this hook and task, if any
 * @hook: the hook being run
 *
 * Reached from the hook callback only through sipc_inject_check().
 *
 * Return: 0, or the negative errno the hook must refuse with.
 */
int sipc_inject_errno(const struct sipc_hook *hook)
{
	const struct sipc_inject_set *set;
	unsigned int i;
	int err = 0;

	sipc_inject_stack_save();
	if (likely(!rcu_access_pointer(sipc_injected)))
		return 0;
	rcu_read_lock();
	set = rcu_dereference(sipc_injected);
	for (i = 0; set && i < set->count; i++) {
		if (set->rules[i].hook == hook &&
		    set->rules[i].tgid == current->tgid) {
			err = set->rules[i].err;
			break;
		}
	}
	rcu_read_unlock();
	return err;
}

static void sipc_inject_publish(struct sipc_inject_set *next)
{
	struct sipc_inject_set *prev;

	prev = rcu_replace_pointer(sipc_injected, next,
				   lockdep_is_held(&sipc_inject_lock));
	if (prev)
		kfree_rcu(prev, rcu);
}

/**
 * sipc_inject_set() - add, change or remove one injected refusal
 * @hook: the hook
 * @tgid: the thread group whose operations it refuses
 * @err: -EACCES or -EPERM to refuse, 0 to lift the rule
 *
 * Return: 0; -EINVAL for another errno; -ENOSPC when SIPC_INJECT_MAX rules
 * are in force; -ENOMEM.  On error nothing changes.
 */
int sipc_inject_set(struct sipc_hook *hook, pid_t tgid, int err)
{
	struct sipc_inject_set *next, *cur;
	unsigned int i, n = 0;

	if (err && err != -EACCES && err != -EPERM)
		return -EINVAL;
	next = kzalloc(sizeof(*next), GFP_KERNEL);
	if (!next)
		return -ENOMEM;

	mutex_lock(&sipc_inject_lock);
	cur = rcu_dereference_protected(sipc_injected,
					lockdep_is_held(&sipc_inject_lock));
	for (i = 0; cur && i < cur->count; i++)
		if (cur->rules[i].hook != hook || cur->rules[i].tgid != tgid)
			next->rules[n++] = cur->rules[i];
	if (err) {
		if (n == SIPC_INJECT_MAX) {
			mutex_unlock(&sipc_inject_lock);
			kfree(next);
			return -ENOSPC;
		}
		next->rules[n++] = (struct sipc_inject_rule){ hook, tgid, err };
	}
	next->count = n;
	if (!n) {
		kfree(next);
		next = NULL;
	}
	sipc_inject_publish(next);
	mutex_unlock(&sipc_inject_lock);
	return 0;
}

/* Lift every injected refusal. */
void sipc_inject_clear(void)
{
	mutex_lock(&sipc_inject_lock);
	sipc_inject_publish(NULL);
	mutex_unlock(&sipc_inject_lock);
}
