/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - definitions shared between the files of the module.
 */
#ifndef _SIPC_SIPC_H
#define _SIPC_SIPC_H

#include <linux/ftrace.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <uapi/linux/sipc.h>

#include "compat.h"

/* A decide() result meaning "not an object of my kind": not counted. */
#define SIPC_SKIP	1

/**
 * struct sipc_hook_stats - per-CPU counters of one hook
 * @calls: operations on an object of the hook's kind that the hook saw
 * @refused: how many of those it refused
 *
 * Only ever incremented with this_cpu_inc() from the hook, and summed over
 * CPUs by readers, so no lock is needed.
 */
struct sipc_hook_stats {
	u64 calls;
	u64 refused;
};

/**
 * struct sipc_hook - one interception of one security_* function
 * @func: the security_* function to attach to
 * @name: "<kind>.<hook>", as shown in the counters
 * @decide: classifies the call from the hooked function's arguments;
 *	returns SIPC_SKIP when the object is not of this kind, 0 to allow,
 *	or -EACCES/-EPERM to refuse.  Runs in the ftrace callback with
 *	preemption disabled: it must not sleep, and must not call traceable
 *	functions that could recurse into a hooked one.
 * @stats: counters, allocated on attach, freed on detach; read only while
 *	attached (the securityfs files are removed first).
 *
 * Each IPC kind file owns a static table of these and hands it to
 * sipc_hook_add() from its init function.
 */
struct sipc_hook {
	const char *func;
	const char *name;
	int (*decide)(struct ftrace_regs *fregs);
	struct sipc_hook_stats __percpu *stats;
};

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

/* One compiled (subject, object, class) rule, as dumps report it. */
struct sipc_rule_info {
	u16 subject;
	u16 object;
	u16 class;
	u32 perms;
};

struct dentry;
struct sipc_policy;
struct netlink_ext_ack;
struct task_struct;
struct file;

/*
 * policy.c - the compiled policy.
 *
 * A policy is immutable once published, except for its modes, which are
 * read with READ_ONCE() and changed under the policy's mutex.  Readers
 * call sipc_policy_current() and the accessors inside one RCU read-side
 * critical section (hook callbacks run with preemption disabled, which
 * is one) and must not keep the pointer beyond it.  Of the accessors,
 * only _gen, _nr_roles, _nr_rules, _lookup and _mode accept a NULL policy.
 */
struct sipc_policy *sipc_policy_parse(const void *blob, size_t size,
				      struct netlink_ext_ack *extack);
void sipc_policy_free(struct sipc_policy *policy);
u32 sipc_policy_publish(struct sipc_policy *policy);
void sipc_policy_exit(void);

/**
 * struct sipc_policy_head - the start of every struct sipc_policy, which
 *	the hooks read inline
 * @gen: the policy's generation, set before it is published, 0 before
 */
struct sipc_policy_head {
	u32 gen;
};

extern struct sipc_policy __rcu *sipc_policy_rcu;

/* The policy in force, NULL when none was loaded. */
static inline const struct sipc_policy *sipc_policy_current(void)
{
	return rcu_dereference_check(sipc_policy_rcu, rcu_read_lock_any_held());
}

static inline u32 sipc_policy_gen(const struct sipc_policy *policy)
{
	return policy ? ((const struct sipc_policy_head *)policy)->gen : 0;
}

unsigned int sipc_policy_nr_roles(const struct sipc_policy *policy);
unsigned int sipc_policy_nr_rules(const struct sipc_policy *policy);
const char *sipc_policy_role_name(const struct sipc_policy *policy,
				  unsigned int role);
u64 sipc_policy_role_hash(const struct sipc_policy *policy, unsigned int role);
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
bool sipc_policy_rule_at(const struct sipc_policy *policy, unsigned int index,
			 struct sipc_rule_info *rule);
enum sipc_mode sipc_policy_mode(const struct sipc_policy *policy,
				unsigned int role);
enum sipc_mode sipc_policy_role_mode(const struct sipc_policy *policy,
				     unsigned int role);
int sipc_policy_set_mode(const char *role, enum sipc_mode mode,
			 struct netlink_ext_ack *extack);
#ifdef DEBUG
int sipc_policy_selftest(void);
#endif

/* cache.c - the decision cache in front of sipc_policy_lookup(). */
int sipc_cache_init(void);
void sipc_cache_exit(void);
u32 sipc_cache_lookup(const struct sipc_policy *policy, unsigned int subject,
		      unsigned int object, unsigned int class);
/*
 * Process context: sipc_policy_publish() calls sipc_cache_published()
 * after its grace period so the cache's short generations never alias;
 * sipc_cache_flush() empties every CPU's cache.
 */
void sipc_cache_flush(void);
void sipc_cache_published(u32 gen);

/* access.c - decisions, counters and the events they produce. */
struct sipc_request {
	struct task_struct *subject;
	unsigned int subject_role;
	unsigned int object_role;
	unsigned int class;
	u32 perm;
};

int sipc_access(const struct sipc_policy *policy,
		const struct sipc_request *req);
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
 * events.c - the events multicast group.  sipc_event_report() may be
 * called from any context, never sleeps, and drops (and counts) an event
 * when there is no room for it.
 */
struct sipc_event {
	enum sipc_mode mode;
	bool allowed;
	pid_t pid;
	char comm[SIPC_TASK_COMM_MAX];
	char subject[SIPC_ROLE_NAME_MAX];
	char object[SIPC_ROLE_NAME_MAX];
	u16 class;
	u32 perm;
};

int sipc_events_init(void);
void sipc_events_exit(void);
void sipc_event_report(const struct sipc_event *event);

/*
 * label.c - roles of tasks and objects, kept in side tables filled by the
 * alloc hooks and emptied by the free hooks.
 */
int sipc_label_init(void);
void sipc_label_exit(void);
unsigned int sipc_task_role(const struct sipc_policy *policy,
			    struct task_struct *task);
unsigned int sipc_task_exec(const struct sipc_policy *policy,
			    struct file *exe);
int sipc_task_inherit(const struct sipc_policy *policy,
		      struct task_struct *child);
unsigned int sipc_object_role(const struct sipc_policy *policy,
			      const void *key);
void sipc_object_set(const struct sipc_policy *policy, const void *key,
		     unsigned int role);
void sipc_object_created(const void *key);
void sipc_label_forget(const void *key);
char *sipc_scratch_name(void);

/**
 * sipc_check() - decide an operation of current on an object
 * @policy: the policy in force (callers return early when there is none)
 * @class: enum sipc_class
 * @perm: the SIPC_PERM_* bits the operation needs
 * @object: the object's role
 *
 * Return: 0 to allow, -EACCES to refuse.
 */
static inline int sipc_check(const struct sipc_policy *policy,
			     unsigned int class, u32 perm, unsigned int object)
{
	struct sipc_request req = {
		.subject = current,
		.subject_role = sipc_task_role(policy, current),
		.object_role = object,
		.class = class,
		.perm = perm,
	};

	return sipc_access(policy, &req);
}

/* Checks of a file a process acquires: SIPC_SKIP when not of the kind. */
int sipc_pipe_file_access(const struct sipc_policy *policy, struct file *file);
int sipc_mqueue_file_access(const struct sipc_policy *policy,
			    struct file *file);

/* hook.c */
int sipc_hook_add(struct sipc_hook *hooks, unsigned int count);
int sipc_hook_attach(void);
void sipc_hook_detach(void);
void sipc_hook_reset(void);
unsigned int sipc_hook_count(void);
unsigned int sipc_hook_func_count(void);
struct sipc_hook *sipc_hook_get(unsigned int index);
struct sipc_hook *sipc_hook_find(const char *name);
void sipc_hook_read_stats(const struct sipc_hook *hook,
			  struct sipc_hook_stats *sum);

/* inject.c */
int sipc_inject_errno(const struct sipc_hook *hook);
int sipc_inject_set(struct sipc_hook *hook, pid_t tgid, int err);
void sipc_inject_clear(void);

/* netlink.c */
int sipc_netlink_init(bool inject);
void sipc_netlink_exit(void);
bool sipc_netlink_listening(void);
int sipc_netlink_event(const struct sipc_event *event, gfp_t gfp);

/* securityfs.c */
int sipc_securityfs_init(bool inject);
void sipc_securityfs_exit(void);
struct dentry *sipc_securityfs_dir(void);

/* bench.c - tests only (module parameter bench=1): time cached lookups. */
int sipc_bench_init(void);
void sipc_bench_exit(void);

/* One init/exit pair per IPC kind. */
int sipc_pipe_init(void);
int sipc_unix_init(void);
int sipc_sysv_init(void);
int sipc_mqueue_init(void);
int sipc_signal_init(void);
int sipc_task_init(void);

#endif /* _SIPC_SIPC_H */
