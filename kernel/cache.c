// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - the decision cache in front of sipc_policy_lookup().
 *
 * Per CPU, direct-mapped, lock-free.  Each slot is one u64 holding both
 * the question and the answer:
 *
 *	63          47 46     35 34     23 22  19 18 17          0
 *	| generation  | subject  | object  | class | A | perms      |
 *
 * where A is SIPC_LOOKUP_AUDIT: some permission of the triple is
 * audited, so the caller must ask the policy which (access.c).
 *
 * Aligned 64-bit loads and stores are atomic, so a reader, even an
 * interrupt that lands in the middle of an update on the same CPU, sees a
 * whole entry or the previous one, never a mix.  An entry is true for
 * ever of the policy generation it names, so the cache needs no lock
 * and not even CPU affinity: a task migrated between reading its slot
 * pointer and writing the slot at worst writes a true entry into another
 * CPU's cache.  An empty slot (0) can only match key 0, whose answer
 * (class 0) is 0 anyway.
 *
 * Only the generation's low SIPC_CACHE_GEN_BITS are kept, so generations
 * 2^17 apart look alike: an entry that old must be gone before its twin
 * is published.  sipc_policy_publish() calls sipc_cache_published() after
 * synchronize_rcu(), when no reader holds an older policy any more, so
 * no older entry can be written after that point.  Flushing every CPU's
 * cache there once every SIPC_CACHE_FLUSH_EVERY generations keeps every
 * live entry within 2 * SIPC_CACHE_FLUSH_EVERY generations of the
 * current one (2 because the generation skips 0 when the u32 wraps, so
 * one flush point may be skipped), which is less than 2^17.
 *
 * Only the allowed permissions are cached, never the mode, so a mode
 * change takes effect at the next decision.
 *
 * A miss stamps the rule it finds as used (usage.c); a hit does not, and
 * costs nothing more for it.  usage.c empties the cache every
 * usage_period seconds so that rules in steady use are stamped again.
 *
 * The slot hash is not keyed, and needs not be: a direct-mapped cache has
 * no chains, so questions that collide, chosen or not, only evict each
 * other, and the worst any workload can make of it is a miss on every
 * decision, which costs one sipc_policy_lookup() (a keyed hash there).
 */

#include <linux/bits.h>
#include <linux/cpumask.h>
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/percpu.h>
#include <linux/sched.h>

#include "access.h"
#include "cache.h"
#include "policy.h"
#include "usage.h"

#define SIPC_CACHE_BITS		10
#define SIPC_CACHE_SLOTS	BIT(SIPC_CACHE_BITS)

/* The permissions and SIPC_LOOKUP_AUDIT above them. */
#define SIPC_CACHE_PERM_BITS	19
#define SIPC_CACHE_CLASS_BITS	4
#define SIPC_CACHE_ROLE_BITS	12
#define SIPC_CACHE_GEN_BITS	(64 - SIPC_CACHE_PERM_BITS - \
				 SIPC_CACHE_CLASS_BITS - \
				 2 * SIPC_CACHE_ROLE_BITS)
#define SIPC_CACHE_FLUSH_EVERY	(1U << (SIPC_CACHE_GEN_BITS - 2))

/**
 * struct sipc_cache - one CPU's cache
 * @slot: entries, laid out as the top comment shows; read with READ_ONCE()
 *	and written with WRITE_ONCE() by anyone, without a lock
 */
struct sipc_cache {
	u64 slot[SIPC_CACHE_SLOTS];
};

/* Allocated by sipc_cache_init() before any hook runs, freed at exit. */
static struct sipc_cache __percpu *sipc_cache;

/**
 * sipc_cache_lookup() - what the allow rules grant, from the cache
 * @policy: the policy in force, may be NULL
 * @subject: the subject's role
 * @object: the object's role
 * @class: enum sipc_class
 *
 * Same answer as sipc_policy_lookup(), in any context, never sleeping.
 *
 * Return: the SIPC_PERM_* bits granted, with SIPC_LOOKUP_AUDIT when some
 * of them are audited.
 */
u32 sipc_cache_lookup(const struct sipc_policy *policy, unsigned int subject,
		      unsigned int object, unsigned int class)
{
	u64 key, entry, *slot;
	u32 perms;

	if (unlikely(!policy || subject >= BIT(SIPC_CACHE_ROLE_BITS) ||
		     object >= BIT(SIPC_CACHE_ROLE_BITS) ||
		     class >= BIT(SIPC_CACHE_CLASS_BITS)))
		return sipc_policy_lookup_used(policy, subject, object, class);

	key = (u64)(sipc_policy_gen(policy) & GENMASK(SIPC_CACHE_GEN_BITS - 1, 0));
	key = key << SIPC_CACHE_ROLE_BITS | subject;
	key = key << SIPC_CACHE_ROLE_BITS | object;
	key = key << SIPC_CACHE_CLASS_BITS | class;
	slot = &raw_cpu_ptr(sipc_cache)->slot[hash_64(key, SIPC_CACHE_BITS)];

	entry = READ_ONCE(*slot);
	if (entry >> SIPC_CACHE_PERM_BITS == key) {
		sipc_stat_inc(SIPC_STAT_CACHE_HITS);
		return entry & GENMASK(SIPC_CACHE_PERM_BITS - 1, 0);
	}
	perms = sipc_policy_lookup_used(policy, subject, object, class);
	WRITE_ONCE(*slot, key << SIPC_CACHE_PERM_BITS | perms);
	sipc_stat_inc(SIPC_STAT_CACHE_MISSES);
	return perms;
}

/**
 * sipc_cache_flush() - forget every entry on every CPU
 *
 * Process context.  Entries being written concurrently may survive; that
 * is only harmless when their generation is current (see the top comment).
 */
void sipc_cache_flush(void)
{
	struct sipc_cache *cache;
	unsigned int i;
	int cpu;

	for_each_possible_cpu(cpu) {
		cache = per_cpu_ptr(sipc_cache, cpu);
		for (i = 0; i < SIPC_CACHE_SLOTS; i++)
			WRITE_ONCE(cache->slot[i], 0);
		cond_resched();
	}
}

/**
 * sipc_cache_published() - tell the cache a generation is in force
 * @gen: the generation just published
 *
 * Called by sipc_policy_publish() after synchronize_rcu(), under its
 * mutex.  Process context.
 */
void sipc_cache_published(u32 gen)
{
	/* No reader holds an older policy: the memo may forget them. */
	sipc_memo_invalidate();
	if (!(gen % SIPC_CACHE_FLUSH_EVERY))
		sipc_cache_flush();
}

int sipc_cache_init(void)
{
	BUILD_BUG_ON(ilog2(SIPC_ROLES_MAX) >= SIPC_CACHE_ROLE_BITS);
	BUILD_BUG_ON(ilog2(SIPC_CLASS_MAX) >= SIPC_CACHE_CLASS_BITS);
	BUILD_BUG_ON(ilog2(__SIPC_PERM_ALL) >= SIPC_CACHE_PERM_BITS);
	BUILD_BUG_ON(__SIPC_PERM_ALL & SIPC_LOOKUP_AUDIT);
	BUILD_BUG_ON(ilog2(SIPC_LOOKUP_AUDIT) >= SIPC_CACHE_PERM_BITS);
	BUILD_BUG_ON(SIPC_CACHE_GEN_BITS != 17);
	BUILD_BUG_ON(sizeof(unsigned long) < sizeof(u64));

	sipc_cache = alloc_percpu(struct sipc_cache);
	if (!sipc_cache)
		return -ENOMEM;
	sipc_memo = alloc_percpu(struct sipc_memo);
	if (!sipc_memo) {
		free_percpu(sipc_cache);
		sipc_cache = NULL;
		return -ENOMEM;
	}
	sipc_usage_init();
	return 0;
}

/* After the hooks are detached: nobody can look anything up any more. */
void sipc_cache_exit(void)
{
	sipc_usage_exit();
	free_percpu(sipc_memo);
	sipc_memo = NULL;
	free_percpu(sipc_cache);
	sipc_cache = NULL;
}
