// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - the compiled policy.
 *
 * A policy arrives from userspace as one binary blob, which
 * policy_parse.c validates and compiles (policy_internal.h) before this
 * file publishes it: a policy that fails validation changes nothing.
 * Once published a policy is immutable except for its modes, and is
 * replaced as a whole under RCU.
 *
 * Readers (the hooks, with preemption disabled; netlink dumps, under
 * rcu_read_lock()) take sipc_policy_current() and use the accessors inside
 * the same read-side critical section.  Nothing on the read side sleeps,
 * allocates or takes a lock.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bsearch.h>
#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/siphash.h>
#include <linux/string.h>
#include <linux/uidgid.h>

#include "access.h"
#include "audit.h"
#include "cache.h"
#include "glob.h"
#include "keys.h"
#include "policy.h"
#include "policy_internal.h"
#include "relabel.h"
#include "usage.h"

/*
 * sipc_policy_mutex serialises publication and mode changes, and guards
 * sipc_policy_last_gen.  sipc_policy_rcu is the policy in force, NULL when
 * none was loaded; it is replaced under the mutex, and the old policy is
 * freed after synchronize_rcu().
 */
static DEFINE_MUTEX(sipc_policy_mutex);
struct sipc_policy __rcu *sipc_policy_rcu;
static u32 sipc_policy_last_gen;

/* ------------------------------------------------------------------ */
/* Publication                                                         */
/* ------------------------------------------------------------------ */

/**
 * sipc_policy_publish() - put a policy in force
 * @policy: from sipc_policy_parse(); the policy module owns it from now on
 *
 * Every decision that starts after this returns uses @policy.  Waits for
 * a grace period and frees the policy it replaced.  Process context.
 *
 * Return: the new generation: the previous one plus one, never 0.
 */
u32 sipc_policy_publish(struct sipc_policy *policy)
{
	struct sipc_policy *old;
	u32 gen;

	mutex_lock(&sipc_policy_mutex);
	gen = sipc_policy_last_gen + 1;
	if (!gen)
		gen = 1;
	sipc_policy_last_gen = gen;
	BUILD_BUG_ON(offsetof(struct sipc_policy, head));
	policy->head.gen = gen;
	/*
	 * Label the objects that exist before they meet @policy, and again
	 * after, for those made meanwhile under the old one (relabel.c).
	 */
	sipc_relabel_begin(policy);
	old = rcu_replace_pointer(sipc_policy_rcu, policy,
				  lockdep_is_held(&sipc_policy_mutex));
	/* The trail is sealed as the policy in force says. */
	sipc_audit_configure(policy->audit.checkpoint_records,
			     policy->audit.checkpoint_secs);
	synchronize_rcu();
	/* No reader holds an older policy now: the cache may forget them. */
	sipc_cache_published(gen);
	/* Denials of the old policy say nothing about this one. */
	sipc_usage_clear();
	sipc_relabel_end(policy);
	/* Under the mutex: timers follow policies in publication order. */
	sipc_keys_set_timer(policy->keys_rotate_ms, policy->keys_grace_ms);
	mutex_unlock(&sipc_policy_mutex);
	sipc_policy_free(old);
	return gen;
}

/**
 * sipc_policy_exit() - withdraw and free the policy at module unload
 *
 * Called once the hooks are detached and netlink is gone.
 */
void sipc_policy_exit(void)
{
	struct sipc_policy *old;

	mutex_lock(&sipc_policy_mutex);
	old = rcu_replace_pointer(sipc_policy_rcu, NULL,
				  lockdep_is_held(&sipc_policy_mutex));
	mutex_unlock(&sipc_policy_mutex);
	synchronize_rcu();
	sipc_policy_free(old);
}

/**
 * sipc_policy_set_mode() - set the global mode or a role's mode
 * @role: the role's name, or NULL for the global mode
 * @mode: ENFORCE..LEARN; for a role also SIPC_MODE_GLOBAL (follow the
 *	global mode)
 * @extack: where to say what is wrong
 *
 * The change applies to the policy in force and lasts until the next
 * policy is published.  Process context.
 *
 * Return: 0; -EINVAL for a bad mode or the unconfined role; -ENOENT when
 * no policy is loaded or it has no such role.
 */
int sipc_policy_set_mode(const char *role, enum sipc_mode mode,
			 struct netlink_ext_ack *extack)
{
	struct sipc_policy *p;
	int idx, err = 0;

	if ((u32)mode > SIPC_MODE_MAX || (!role && mode == SIPC_MODE_GLOBAL))
		return sipc_policy_err(extack, "invalid %s mode %u",
				       role ? "role" : "global", mode);
	mutex_lock(&sipc_policy_mutex);
	p = rcu_dereference_protected(sipc_policy_rcu,
				      lockdep_is_held(&sipc_policy_mutex));
	if (!p) {
		sipc_policy_err(extack, "no policy is loaded");
		err = -ENOENT;
		goto out;
	}
	if (!role) {
		WRITE_ONCE(p->mode, mode);
		goto out;
	}
	idx = sipc_policy_role_by_name(p, role);
	if (idx < 0) {
		sipc_policy_err(extack, "no role %.40s", role);
		err = -ENOENT;
		goto out;
	}
	if (idx == SIPC_ROLE_UNCONFINED) {
		err = sipc_policy_err(extack,
				      "the unconfined role has no mode of its own");
		goto out;
	}
	WRITE_ONCE(p->roles[idx].mode, mode);
out:
	/* The memo keeps no verdict a mode decides; forget them anyway. */
	sipc_memo_invalidate();
	if (!err)
		sipc_audit_mode(role, mode, p->head.gen);
	mutex_unlock(&sipc_policy_mutex);
	return err;
}

/* ------------------------------------------------------------------ */
/* Accessors: any context, no locks, no allocation                     */
/* ------------------------------------------------------------------ */

/**
 * sipc_policy_nr_roles() - number of roles
 * @policy: the policy, may be NULL
 *
 * Return: the number of roles, unconfined included; 0 for NULL.
 */
unsigned int sipc_policy_nr_roles(const struct sipc_policy *policy)
{
	return policy ? policy->nr_roles : 0;
}

/**
 * sipc_policy_nr_rules() - number of distinct (subject, object, class) rules
 * @policy: the policy, may be NULL
 *
 * Return: the number of rules sipc_policy_rule_at() lists; 0 for NULL.
 */
unsigned int sipc_policy_nr_rules(const struct sipc_policy *policy)
{
	return policy ? policy->nr_rules : 0;
}

/**
 * sipc_policy_role_name() - the name of a role
 * @policy: the policy
 * @role: the role's index
 *
 * Return: its name, valid as long as @policy is; NULL when out of range.
 */
const char *sipc_policy_role_name(const struct sipc_policy *policy,
				  unsigned int role)
{
	return role < policy->nr_roles ? policy->roles[role].name : NULL;
}

/**
 * sipc_policy_role_hash() - the hash of a role's name
 * @policy: the policy
 * @role: the role's index
 *
 * The hash of a name is the same in every policy loaded while the module
 * stays loaded, so it identifies a role across policy changes.
 *
 * Return: the hash, 0 when @role is out of range.
 */
u64 sipc_policy_role_hash(const struct sipc_policy *policy, unsigned int role)
{
	return role < policy->nr_roles ? policy->roles[role].hash : 0;
}

/**
 * sipc_policy_role_addr() - an address that stands for a role
 * @policy: the policy
 * @role: the role's index
 *
 * For the memo (access.h), as the object of a decision about a role
 * itself: the address names @role of @policy and nothing else while
 * @policy lives, and the memo's epoch moves when a policy is published,
 * after no reader holds the one before (sipc_cache_published()).
 *
 * Return: the address, NULL when @role is out of range.
 */
const void *sipc_policy_role_addr(const struct sipc_policy *policy,
				  unsigned int role)
{
	return role < policy->nr_roles ? &policy->roles[role] : NULL;
}

static int sipc_role_hash_key_cmp(const void *key, const void *elt)
{
	u64 hash = *(const u64 *)key;
	const struct sipc_role_hash *e = elt;

	if (hash != e->hash)
		return hash < e->hash ? -1 : 1;
	return 0;
}

/**
 * sipc_policy_role_by_hash() - find a role by the hash of its name
 * @policy: the policy
 * @hash: from sipc_policy_role_hash(), maybe of an earlier policy
 *
 * Return: the role's index, or -ENOENT.
 */
int sipc_policy_role_by_hash(const struct sipc_policy *policy, u64 hash)
{
	const struct sipc_role_hash *e;

	e = bsearch(&hash, policy->by_hash, policy->nr_roles,
		    sizeof(*policy->by_hash), sipc_role_hash_key_cmp);
	return e ? e->role : -ENOENT;
}

/**
 * sipc_policy_role_by_name() - find a role by name
 * @policy: the policy
 * @name: the role's name
 *
 * Return: the role's index, or -ENOENT.
 */
int sipc_policy_role_by_name(const struct sipc_policy *policy,
			     const char *name)
{
	size_t len = strnlen(name, SIPC_ROLE_NAME_MAX);
	int role;

	if (len == SIPC_ROLE_NAME_MAX)
		return -ENOENT;
	role = sipc_policy_role_by_hash(policy,
					siphash(name, len, &sipc_role_key));
	if (role < 0 || strcmp(policy->roles[role].name, name))
		return -ENOENT;
	return role;
}

static bool sipc_match_holds(const struct sipc_match *m,
			     const struct sipc_facts *facts)
{
	if ((m->flags & SIPC_MATCH_UID) &&
	    from_kuid(&init_user_ns, facts->uid) != m->uid)
		return false;
	if ((m->flags & SIPC_MATCH_GID) &&
	    from_kgid(&init_user_ns, facts->gid) != m->gid)
		return false;
	if ((m->flags & SIPC_MATCH_EXE) &&
	    (!facts->exe || !sipc_glob_match(m->exe, facts->exe)))
		return false;
	if ((m->flags & SIPC_MATCH_CGROUP) &&
	    (!facts->cgroup || !sipc_glob_match(m->cgroup, facts->cgroup)))
		return false;
	return true;
}

/**
 * sipc_policy_match() - the role of a process, from what it is known by
 * @policy: the policy
 * @facts: its executable, cgroup, euid and egid; an unknown (NULL) string
 *	makes every test of it fail
 *
 * Return: the role of the first match rule all of whose tests hold, or
 * SIPC_ROLE_UNCONFINED.
 */
unsigned int sipc_policy_match(const struct sipc_policy *policy,
			       const struct sipc_facts *facts)
{
	unsigned int i;

	for (i = 0; i < policy->nr_matches; i++) {
		if (sipc_match_holds(&policy->matches[i], facts))
			return policy->matches[i].role;
	}
	return SIPC_ROLE_UNCONFINED;
}

/**
 * sipc_policy_has_labels() - tell whether any label is of a kind
 * @policy: the policy
 * @kind: enum sipc_label_kind
 *
 * Lets a caller skip working out an object's name when no label could
 * name it.
 *
 * Return: true when @policy has a label of @kind.
 */
bool sipc_policy_has_labels(const struct sipc_policy *policy,
			    enum sipc_label_kind kind)
{
	if ((u32)kind > SIPC_LABEL_MAX)
		return false;
	return policy->label_start[kind + 1] > policy->label_start[kind];
}

/**
 * sipc_policy_label_name() - the role a label gives a named object
 * @policy: the policy
 * @kind: a kind whose labels have names (UNIX, FIFO, MQUEUE)
 * @name: the object's name: a path, "@" + an abstract socket name, or
 *	"/" + a queue name
 *
 * Return: the role of the first label of @kind whose glob matches @name,
 * or -ENOENT.
 */
int sipc_policy_label_name(const struct sipc_policy *policy,
			   enum sipc_label_kind kind, const char *name)
{
	unsigned int i;

	if ((u32)kind > SIPC_LABEL_MAX || sipc_label_kind_has_key(kind))
		return -ENOENT;
	for (i = policy->label_start[kind]; i < policy->label_start[kind + 1];
	     i++) {
		if (sipc_glob_match(policy->labels[i].name, name))
			return policy->labels[i].role;
	}
	return -ENOENT;
}

/**
 * sipc_policy_label_key() - the role a label gives a SysV object
 * @policy: the policy
 * @kind: MSGQ, SHM or SEM
 * @key: the object's key
 *
 * Return: the role of the first label of @kind with @key, or -ENOENT.
 */
int sipc_policy_label_key(const struct sipc_policy *policy,
			  enum sipc_label_kind kind, s32 key)
{
	unsigned int i;

	if (!sipc_label_kind_has_key(kind))
		return -ENOENT;
	for (i = policy->label_start[kind]; i < policy->label_start[kind + 1];
	     i++) {
		if (policy->labels[i].key == key)
			return policy->labels[i].role;
	}
	return -ENOENT;
}

/* The rule slot of a triple, NULL when out of range. */
static const struct sipc_rule_slot *
sipc_policy_slot(const struct sipc_policy *policy, unsigned int subject,
		 unsigned int object, unsigned int class)
{
	if (!policy || subject >= policy->nr_roles ||
	    object >= policy->nr_roles || class > SIPC_CLASS_MAX || !class)
		return NULL;
	return sipc_rule_slot(policy, SIPC_RULE_KEY(subject, object, class));
}

/**
 * sipc_policy_lookup() - what the allow rules grant
 * @policy: the policy, may be NULL
 * @subject: the subject's role
 * @object: the object's role
 * @class: enum sipc_class
 *
 * Constant time on average: one hash and a short probe.  Never sleeps,
 * takes no lock: safe with preemption disabled, in any context.  It does
 * not apply the "unconfined on unconfined" rule; the caller does.
 *
 * Return: the SIPC_PERM_* bits granted, 0 when none or out of range,
 * with SIPC_LOOKUP_AUDIT when some of them are audited.
 */
u32 sipc_policy_lookup(const struct sipc_policy *policy, unsigned int subject,
		       unsigned int object, unsigned int class)
{
	const struct sipc_rule_slot *slot;

	slot = sipc_policy_slot(policy, subject, object, class);
	if (!slot)
		return 0;
	return slot->perms | (slot->audit ? SIPC_LOOKUP_AUDIT : 0);
}

/**
 * sipc_policy_audited() - which granted permissions are audited
 * @policy: the policy, may be NULL
 * @subject: the subject's role
 * @object: the object's role
 * @class: enum sipc_class
 *
 * Any context, as sipc_policy_lookup().
 *
 * Return: the SIPC_PERM_* bits whose allowed use must be recorded.
 */
u32 sipc_policy_audited(const struct sipc_policy *policy, unsigned int subject,
			unsigned int object, unsigned int class)
{
	const struct sipc_rule_slot *slot;

	slot = sipc_policy_slot(policy, subject, object, class);
	return slot ? slot->audit : 0;
}

/**
 * sipc_policy_lookup_used() - sipc_policy_lookup(), and stamp the rule
 * @policy: the policy, may be NULL
 * @subject: the subject's role
 * @object: the object's role
 * @class: enum sipc_class
 *
 * The decision cache's way in on a miss (usage.c): a rule it finds is
 * stamped as used now.  Same context rules as sipc_policy_lookup().
 *
 * Return: as sipc_policy_lookup().
 */
u32 sipc_policy_lookup_used(const struct sipc_policy *policy,
			    unsigned int subject, unsigned int object,
			    unsigned int class)
{
	const struct sipc_rule_slot *slot;

	slot = sipc_policy_slot(policy, subject, object, class);
	if (!slot)
		return 0;
	if (slot->perms)
		sipc_usage_stamp(&policy->used[slot - policy->table]);
	return slot->perms | (slot->audit ? SIPC_LOOKUP_AUDIT : 0);
}

/**
 * sipc_policy_rule_at() - one distinct rule, for dumps
 * @policy: the policy
 * @index: 0..sipc_policy_nr_rules() - 1; the order is fixed for a policy
 * @rule: where to put it
 *
 * Return: true, or false when @index is past the end.
 */
bool sipc_policy_rule_at(const struct sipc_policy *policy, unsigned int index,
			 struct sipc_rule_info *rule)
{
	const struct sipc_rule_slot *slot;

	if (index >= policy->nr_rules)
		return false;
	*rule = policy->rules[index];
	slot = sipc_rule_slot(policy, SIPC_RULE_KEY(rule->subject, rule->object,
						    rule->class));
	rule->last_used = READ_ONCE(policy->used[slot - policy->table]);
	return true;
}

/**
 * sipc_policy_role_mode() - a role's own mode
 * @policy: the policy
 * @role: the role's index
 *
 * Return: the role's mode, SIPC_MODE_GLOBAL when it follows the global
 * one (always for unconfined or a role out of range).
 */
enum sipc_mode sipc_policy_role_mode(const struct sipc_policy *policy,
				     unsigned int role)
{
	if (role >= policy->nr_roles)
		return SIPC_MODE_GLOBAL;
	return READ_ONCE(policy->roles[role].mode);
}

/**
 * sipc_policy_mode() - the mode that applies to a role
 * @policy: the policy, may be NULL
 * @role: the role's index
 *
 * Return: the role's own mode unless it follows the global mode, then
 * the global mode; SIPC_MODE_ENFORCE when there is no policy.
 */
enum sipc_mode sipc_policy_mode(const struct sipc_policy *policy,
				unsigned int role)
{
	enum sipc_mode mode;

	if (!policy)
		return SIPC_MODE_ENFORCE;
	mode = sipc_policy_role_mode(policy, role);
	return mode == SIPC_MODE_GLOBAL ? READ_ONCE(policy->mode) : mode;
}

static int sipc_seal_key_cmp(const void *key, const void *elt)
{
	u32 a = *(const u32 *)key, b = *(const u32 *)elt;

	return a < b ? -1 : a > b;
}

/**
 * sipc_policy_seals_any() - does the policy require sealing anywhere?
 * @policy: the policy, may be NULL
 *
 * Lets the hot path skip the role lookups that
 * sipc_policy_seal_required() needs, in every policy without a "require
 * seal" statement.  Any context, no locks.
 */
bool sipc_policy_seals_any(const struct sipc_policy *policy)
{
	return policy && policy->nr_seals;
}

/**
 * sipc_policy_seal_required() - must this traffic be sealed?
 * @policy: the policy, may be NULL
 * @sender: the sender's role
 * @object: the role of the object it sends to
 * @class: enum sipc_class
 *
 * Any context, no locks: a binary search of the sorted statements.
 *
 * Return: true when a "require seal" statement names the three.
 */
bool sipc_policy_seal_required(const struct sipc_policy *policy,
			       unsigned int sender, unsigned int object,
			       unsigned int class)
{
	u32 key;

	if (!policy || !policy->nr_seals || sender >= policy->nr_roles ||
	    object >= policy->nr_roles || class > SIPC_CLASS_MAX)
		return false;
	key = SIPC_SEAL_KEY(sender, object, class);
	return bsearch(&key, policy->seals, policy->nr_seals,
		       sizeof(*policy->seals), sipc_seal_key_cmp) != NULL;
}

#ifdef DEBUG
#include "policy_selftest.c"
#endif
