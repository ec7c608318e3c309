// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - who uses what: rule stamps, their refresh, and recent denials.
 *
 * Rule stamps.  sipc_policy_lookup_used() stamps the rule it finds, and
 * the decision cache calls it only on a miss: a hit costs nothing more
 * than it did.  So that a rule used steadily from the cache (or from the
 * memo, which skips the cache) is stamped again, a work item empties the
 * cache and moves the memo's epoch every usage_period seconds (module
 * parameter, default 60; 0 stops it): the next decision of each kind on
 * each CPU misses once and stamps its rule.  A rule in use therefore has
 * a stamp at most usage_period seconds old (plus the second the stamp is
 * rounded to); "idle" times are that precise and no more.  A new policy
 * starts with every stamp at 0 (never used), and every decision then
 * misses the cache, whose entries name the old generation.
 *
 * Denials.  A table of SIPC_DENIALS_MAX rows of (subject role, object
 * role, class, missing permissions), by name, so that they outlive the
 * policy's indices; a row counts its decisions and remembers the last.
 * A new row replaces the least recently seen one.  Loading a policy
 * empties the table: both halves describe the policy in force.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "access.h"
#include "cache.h"
#include "usage.h"

/*
 * sipc_usage_lock guards sipc_denials; a raw spinlock taken with
 * interrupts off, since denials are recorded from the hooks, in any
 * context.  Rows with a zero count are empty.
 */
static DEFINE_RAW_SPINLOCK(sipc_usage_lock);
static struct sipc_denial sipc_denials[SIPC_DENIALS_MAX];

/*
 * sipc_usage_period (seconds) is the parameter; sipc_usage_mutex guards
 * it together with sipc_usage_running, so that a write to the parameter
 * never arms the work before sipc_usage_init() or after sipc_usage_exit().
 */
static DEFINE_MUTEX(sipc_usage_mutex);
static unsigned int sipc_usage_period = 60;
static bool sipc_usage_running;

static void sipc_usage_refresh(struct work_struct *work);
static DECLARE_DELAYED_WORK(sipc_usage_work, sipc_usage_refresh);

/* Under sipc_usage_mutex. */
static void sipc_usage_arm(void)
{
	if (!sipc_usage_running)
		return;
	if (sipc_usage_period)
		mod_delayed_work(system_unbound_wq, &sipc_usage_work,
				 (unsigned long)sipc_usage_period * HZ);
	else
		cancel_delayed_work(&sipc_usage_work);
}

/* Make the next decision of each kind miss, so that it stamps its rule. */
static void sipc_usage_refresh(struct work_struct *work)
{
	sipc_cache_flush();
	sipc_memo_invalidate();
	mutex_lock(&sipc_usage_mutex);
	sipc_usage_arm();
	mutex_unlock(&sipc_usage_mutex);
}

static int sipc_usage_period_set(const char *val,
				 const struct kernel_param *kp)
{
	unsigned int period;
	int err;

	err = kstrtouint(val, 0, &period);
	if (err)
		return err;
	if (period > 86400)
		return -ERANGE;
	mutex_lock(&sipc_usage_mutex);
	sipc_usage_period = period;
	sipc_usage_arm();
	mutex_unlock(&sipc_usage_mutex);
	return 0;
}

static const struct kernel_param_ops sipc_usage_period_ops = {
	.set = sipc_usage_period_set,
	.get = param_get_uint,
};

module_param_cb(usage_period, &sipc_usage_period_ops, &sipc_usage_period,
		0644);
MODULE_PARM_DESC(usage_period,
		 "Seconds between refreshes of rule usage stamps (0: never; default 60)");

/* Once the decision cache exists. */
void sipc_usage_init(void)
{
	mutex_lock(&sipc_usage_mutex);
	sipc_usage_running = true;
	sipc_usage_arm();
	mutex_unlock(&sipc_usage_mutex);
}

/* Before the decision cache goes. */
void sipc_usage_exit(void)
{
	mutex_lock(&sipc_usage_mutex);
	sipc_usage_running = false;
	mutex_unlock(&sipc_usage_mutex);
	cancel_delayed_work_sync(&sipc_usage_work);
}

static bool sipc_denial_is(const struct sipc_denial *d, const char *subject,
			   const char *object, u32 class, u32 perms)
{
	return d->count && d->class == class && d->perms == perms &&
	       !strcmp(d->subject, subject) && !strcmp(d->object, object);
}

/* Is @d a better row to replace than @victim: empty, or seen earlier? */
static bool sipc_denial_before(const struct sipc_denial *d,
			       const struct sipc_denial *victim)
{
	if (!victim->count)
		return false;
	return !d->count || (s32)(d->last - victim->last) < 0;
}

/**
 * sipc_usage_denied() - count a decision that did not allow something
 * @subject: the subject's role name
 * @object: the object's role name
 * @class: enum sipc_class
 * @perms: the permissions that were missing
 * @mode: the mode that applied
 *
 * Any context; never sleeps.
 */
void sipc_usage_denied(const char *subject, const char *object, u32 class,
		       u32 perms, u32 mode)
{
	struct sipc_denial *d, *victim = &sipc_denials[0];
	unsigned long flags;

	raw_spin_lock_irqsave(&sipc_usage_lock, flags);
	for (d = sipc_denials; d < sipc_denials + SIPC_DENIALS_MAX; d++) {
		if (sipc_denial_is(d, subject, object, class, perms))
			goto found;
		if (sipc_denial_before(d, victim))
			victim = d;
	}
	d = victim;
	strscpy(d->subject, subject, sizeof(d->subject));
	strscpy(d->object, object, sizeof(d->object));
	d->class = class;
	d->perms = perms;
	d->count = 0;
found:
	d->count++;
	d->mode = mode;
	d->last = sipc_usage_now();
	raw_spin_unlock_irqrestore(&sipc_usage_lock, flags);
}

/* Forget every denial: a new policy is in force.  Any context. */
void sipc_usage_clear(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sipc_usage_lock, flags);
	memset(sipc_denials, 0, sizeof(sipc_denials));
	raw_spin_unlock_irqrestore(&sipc_usage_lock, flags);
}

/**
 * sipc_usage_denial_at() - one row of the denials table, for dumps
 * @index: 0..SIPC_DENIALS_MAX - 1
 * @denial: where to copy it
 *
 * Return: false when @index is past the end; else true, with an empty
 * row's @denial->count 0.
 */
bool sipc_usage_denial_at(unsigned int index, struct sipc_denial *denial)
{
	unsigned long flags;

	if (index >= SIPC_DENIALS_MAX)
		return false;
	raw_spin_lock_irqsave(&sipc_usage_lock, flags);
	*denial = sipc_denials[index];
	raw_spin_unlock_irqrestore(&sipc_usage_lock, flags);
	return true;
}
