/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - the compiled policy (policy.c): parse, publish, modes and the
 * accessors that netlink, labels, the cache and decisions read it with.
 *
 * A policy is immutable once published, except for its modes, which are
 * read with READ_ONCE() and changed under the policy's mutex.  Readers
 * take sipc_policy_current() (access.h) and call the accessors inside one
 * RCU read-side critical section (hook callbacks run with preemption
 * disabled, which is one) and must not keep the pointer beyond it.  Of
 * the accessors, only _gen, _nr_roles, _nr_rules, _lookup and _mode
 * accept a NULL policy.  Parsing, publishing and mode changes run in
 * process context and may sleep.
 *
 * The IPC kind files never include this header: they reach the policy
 * through access.h and label.h only.
 */
#ifndef _SIPC_POLICY_H
#define _SIPC_POLICY_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <uapi/linux/sipc.h>

struct netlink_ext_ack;
struct sipc_policy;

/*
 * What a process is known by when it execs, for the policy's match rules.
 * Strings may be NULL when unknown (a kernel thread has no executable).
 */
struct sipc_facts {
	const char *exe;
	const char *cgroup;
	kuid_t uid;
	kgid_t gid;
};

/*
 * One compiled (subject, object, class) rule, as dumps report it;
 * @last_used is its usage stamp (usage.h), 0 when never used; @audit the
 * permissions of @perms whose use is audited.
 */
struct sipc_rule_info {
	u16 subject;
	u16 object;
	u16 class;
	u32 perms;
	u32 last_used;
	u32 audit;
};

/*
 * Set in sipc_policy_lookup()'s answer, above the permissions, when some
 * permission of the (subject, object, class) is audited: an allow of one
 * of them must be recorded (sipc_policy_audited() says which).
 */
#define SIPC_LOOKUP_AUDIT	BIT(18)

struct sipc_policy *sipc_policy_parse(const void *blob, size_t size,
				      struct netlink_ext_ack *extack);
void sipc_policy_free(struct sipc_policy *policy);
u32 sipc_policy_publish(struct sipc_policy *policy);
void sipc_policy_exit(void);

/**
 * struct sipc_policy_head - the start of every struct sipc_policy, which
 *	is read inline
 * @gen: the policy's generation, set before it is published, 0 before
 */
struct sipc_policy_head {
	u32 gen;
};

static inline u32 sipc_policy_gen(const struct sipc_policy *policy)
{
	return policy ? ((const struct sipc_policy_head *)policy)->gen : 0;
}

unsigned int sipc_policy_nr_roles(const struct sipc_policy *policy);
unsigned int sipc_policy_nr_rules(const struct sipc_policy *policy);
const char *sipc_policy_role_name(const struct sipc_policy *policy,
				  unsigned int role);
u64 sipc_policy_role_hash(const struct sipc_policy *policy, unsigned int role);
const void *sipc_policy_role_addr(const struct sipc_policy *policy,
				  unsigned int role);
int sipc_policy_role_by_hash(const struct sipc_policy *policy, u64 hash);
int sipc_policy_role_by_name(const struct sipc_policy *policy,
			     const char *name);
unsigned int sipc_policy_match(const struct sipc_policy *policy,
			       const struct sipc_facts *facts);
bool sipc_policy_has_labels(const struct sipc_policy *policy,
			    enum sipc_label_kind kind);
int sipc_policy_label_name(const struct sipc_policy *policy,
			   enum sipc_label_kind kind, const char *name);
int sipc_policy_label_key(const struct sipc_policy *policy,
			  enum sipc_label_kind kind, s32 key);
u32 sipc_policy_lookup(const struct sipc_policy *policy, unsigned int subject,
		       unsigned int object, unsigned int class);
u32 sipc_policy_lookup_used(const struct sipc_policy *policy,
			    unsigned int subject, unsigned int object,
			    unsigned int class);
u32 sipc_policy_audited(const struct sipc_policy *policy, unsigned int subject,
			unsigned int object, unsigned int class);
bool sipc_policy_rule_at(const struct sipc_policy *policy, unsigned int index,
			 struct sipc_rule_info *rule);
enum sipc_mode sipc_policy_mode(const struct sipc_policy *policy,
				unsigned int role);
enum sipc_mode sipc_policy_role_mode(const struct sipc_policy *policy,
				     unsigned int role);
int sipc_policy_set_mode(const char *role, enum sipc_mode mode,
			 struct netlink_ext_ack *extack);
bool sipc_policy_seals_any(const struct sipc_policy *policy);
bool sipc_policy_seal_required(const struct sipc_policy *policy,
			       unsigned int sender, unsigned int object,
			       unsigned int class);
#ifdef DEBUG
int sipc_policy_selftest(void);
#endif

#endif /* _SIPC_POLICY_H */
