/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - the layout of a compiled policy, shared by the parser
 * (policy_parse.c), which builds it, and policy.c, which publishes it and
 * reads it, and operation.c, which reads its interfaces.  Nothing else
 * includes this header: everyone else sees
 * struct sipc_policy as opaque (policy.h).
 *
 * Everything but the modes is written only by sipc_policy_parse(), before
 * the policy is published, and freed only after a grace period; see
 * policy.h for the rules readers follow.
 */
#ifndef _SIPC_POLICY_INTERNAL_H
#define _SIPC_POLICY_INTERNAL_H

#include <linux/compiler.h>
#include <linux/siphash.h>
#include <linux/types.h>
#include <uapi/linux/sipc.h>

#include "policy.h"

struct netlink_ext_ack;

/**
 * struct sipc_role - one compiled role
 * @name: NUL-terminated copy of the role's name
 * @hash: siphash of @name under sipc_role_key; stable across policies,
 *	so that labels can name a role independently of its index
 * @mode: enum sipc_mode; the only field that changes after publication:
 *	written with WRITE_ONCE() under sipc_policy_mutex, read with
 *	READ_ONCE() by anyone
 * @flags: SIPC_ROLE_*
 */
struct sipc_role {
	char name[SIPC_ROLE_NAME_MAX];
	u64 hash;
	u32 mode;
	u32 flags;
};

/**
 * struct sipc_role_hash - an entry of the role-by-hash index
 * @hash: sipc_role.hash
 * @role: the role's index
 */
struct sipc_role_hash {
	u64 hash;
	u32 role;
};

/**
 * struct sipc_match - a compiled match rule
 * @exe: glob on the executable's path (points into sipc_policy.strings),
 *	or NULL when not tested
 * @cgroup: glob on the cgroup path, or NULL when not tested
 * @role: the role the process gets
 * @flags: SIPC_MATCH_*
 * @uid: euid in the initial user namespace, when SIPC_MATCH_UID
 * @gid: egid in the initial user namespace, when SIPC_MATCH_GID
 */
struct sipc_match {
	const char *exe;
	const char *cgroup;
	u32 role;
	u32 flags;
	u32 uid;
	u32 gid;
};

/**
 * struct sipc_label_rule - a compiled label: which objects get a role
 * @name: glob (points into sipc_policy.strings), NULL for key kinds
 * @role: role of the objects it names
 * @key: the SysV key, for key kinds
 */
struct sipc_label_rule {
	const char *name;
	u32 role;
	s32 key;
};

/**
 * struct sipc_rule_slot - one slot of the rule hash table
 * @key: SIPC_RULE_KEY(subject, object, class); 0 for an empty slot (a
 *	valid rule's class is never 0, so no key is 0)
 * @perms: allowed permissions, every rule of the key OR'ed together
 * @audit: those of @perms whose use is audited (an audit rule, or an
 *	audited role at either end)
 */
struct sipc_rule_slot {
	u32 key;
	u32 perms;
	u32 audit;
};

/**
 * struct sipc_iface - a compiled interface (operation.c reads it)
 * @name: its name (points into sipc_policy.strings)
 * @hash: siphash of @name under sipc_role_key, what narrowings keep
 * @nr_perms: permissions of the interface, bit i for permission i
 * @first_op: its operations are sipc_policy.ops[first_op..first_op+nr_ops),
 *	sorted by id
 * @nr_ops: how many
 * @perm_names: the permissions' names (into sipc_policy.strings)
 * @perm_hash: siphash of each, under sipc_role_key
 */
struct sipc_iface {
	const char *name;
	u64 hash;
	u32 nr_perms;
	u32 first_op;
	u32 nr_ops;
	const char *perm_names[SIPC_IFACE_PERMS_MAX];
	u64 perm_hash[SIPC_IFACE_PERMS_MAX];
};

/**
 * struct sipc_op - a compiled operation
 * @id: the operation id (SysV message type)
 * @requires: interface permission bits a caller needs
 * @name: its name (points into sipc_policy.strings)
 */
struct sipc_op {
	u64 id;
	u32 requires;
	const char *name;
};

/**
 * struct sipc_op_rule - interface permissions granted, sorted by @key
 * @key: SIPC_OP_RULE_KEY(subject, object, interface)
 * @perms: interface permission bits
 */
struct sipc_op_rule {
	u32 key;
	u32 perms;
};

/* Roles fit 12 bits, interfaces 8 (SIPC_INTERFACES_MAX). */
#define SIPC_OP_RULE_KEY(s, o, i)	((u32)(s) << 20 | (u32)(o) << 8 | (u32)(i))

/* Role indices fit 12 bits (SIPC_ROLES_MAX), classes 4. */
#define SIPC_RULE_KEY(s, o, c)	((u32)(s) << 16 | (u32)(o) << 4 | (u32)(c))
/* Marks a slot whose rule is in the dense array already (while parsing). */
#define SIPC_RULE_SEEN		BIT(31)

/**
 * struct sipc_policy - a compiled policy
 * @head: what is read inline (policy.h): the generation, set by
 *	sipc_policy_publish() before publication; 0 while unpublished
 * @mode: the global mode (ENFORCE..LEARN); like sipc_role.mode, written
 *	under sipc_policy_mutex with WRITE_ONCE(), read with READ_ONCE()
 * @nr_roles: roles, unconfined (index 0) included
 * @roles: @nr_roles roles, by index
 * @by_hash: @nr_roles entries sorted by hash, for sipc_policy_role_by_hash()
 * @nr_matches: match rules
 * @matches: the match rules, in section order
 * @label_start: labels of kind k are @labels[label_start[k]] up to
 *	@labels[label_start[k + 1]], in section order
 * @labels: every label, grouped by kind
 * @strings: copy of the STRINGS section, which the globs point into
 * @table_key: the key of @table's hash, random for each policy, so that
 *	no choice of rules can pile keys into one probe run
 * @table_mask: number of slots of @table minus one (a power of two)
 * @table: open-addressing hash table of rules, linear probing, at most
 *	half full so that every probe sequence ends at an empty slot
 * @used: one stamp per slot of @table, when its rule was last used
 *	(usage.h); the only other field written after publication: by any
 *	decision, with WRITE_ONCE(), no lock; read with READ_ONCE()
 * @nr_rules: distinct (subject, object, class) rules
 * @rules: the @nr_rules distinct rules, in order of first appearance
 * @nr_seals: distinct "require seal" statements
 * @seals: their SIPC_SEAL_KEY()s, sorted, for sipc_policy_seal_required()
 * @keys_rotate_ms: the key rotation timer's period, 0 for none
 * @keys_grace_ms: the grace window of its rotations
 * @nr_ifaces: interfaces
 * @ifaces: the interfaces, by index
 * @ops: every operation, grouped by interface, each group sorted by id
 * @msgq_iface: by role, 1 + the interface the role's queues implement,
 *	0 for none; NULL when no role implements any
 * @nr_op_rules: interface rules
 * @op_rules: the interface rules, sorted by key
 * @audit: the AUDIT section, zeroed when the policy has none
 *
 * Everything but the modes and @used is written only by
 * sipc_policy_parse(), before the policy is published, and freed only
 * after a grace period.
 */
struct sipc_policy {
	struct sipc_policy_head head;
	u32 mode;
	unsigned int nr_roles;
	struct sipc_role *roles;
	struct sipc_role_hash *by_hash;
	unsigned int nr_matches;
	struct sipc_match *matches;
	unsigned int label_start[__SIPC_LABEL_LAST + 1];
	struct sipc_label_rule *labels;
	char *strings;
	hsiphash_key_t table_key;
	u32 table_mask;
	struct sipc_rule_slot *table;
	u32 *used;
	unsigned int nr_rules;
	struct sipc_rule_info *rules;
	unsigned int nr_seals;
	u32 *seals;
	u32 keys_rotate_ms;
	u32 keys_grace_ms;
	unsigned int nr_ifaces;
	struct sipc_iface *ifaces;
	struct sipc_op *ops;
	u16 *msgq_iface;
	unsigned int nr_op_rules;
	struct sipc_op_rule *op_rules;
	struct sipc_policy_audit audit;
};

/* A "require seal" statement as one sortable key; like SIPC_RULE_KEY. */
#define SIPC_SEAL_KEY(s, o, c)	SIPC_RULE_KEY(s, o, c)

/*
 * Find the slot of @key: the one holding it, or the empty one ending its
 * probe.  The slot comes from a keyed hash: an unkeyed one can be defeated
 * by whoever writes the policy.  hash_32(key, 32) & mask, the former
 * placement, kept only the key's low bits, so rules whose roles differ
 * in high bits alone shared one probe run and a 2^17-rule policy took a
 * minute to parse; any fixed multiplier is open to a search for keys
 * that crowd a few slots.
 */
static inline struct sipc_rule_slot *sipc_rule_slot(const struct sipc_policy *p,
						    u32 key)
{
	u32 i = hsiphash_1u32(key, &p->table_key) & p->table_mask;

	while (p->table[i].key && p->table[i].key != key)
		i = (i + 1) & p->table_mask;
	return &p->table[i];
}

static inline bool sipc_label_kind_has_key(u32 kind)
{
	return kind == SIPC_LABEL_MSGQ || kind == SIPC_LABEL_SHM ||
	       kind == SIPC_LABEL_SEM;
}

/* Key of the role name hashes, drawn once, on the first parse. */
extern siphash_key_t sipc_role_key;
/* The permissions each class has, by enum sipc_class. */
extern const u32 sipc_class_perms[__SIPC_CLASS_LAST];
/* The size of the entry struct of each section type. */
extern const size_t sipc_entry_sizes[__SIPC_SECTION_LAST];

__printf(2, 3) int sipc_policy_err(struct netlink_ext_ack *extack,
				   const char *fmt, ...);

#endif /* _SIPC_POLICY_INTERNAL_H */
