// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - labels: the role of every task and object sipc decides about.
 *
 * A module on a stock kernel owns no LSM blob, so labels live in one side
 * table keyed by the address of the task, socket, inode or SysV object.
 * The alloc hooks of each kind fill it, the matching free hooks empty it,
 * and the free hook of an object always runs before its memory can be
 * reused, so a key never outlives its object.  Storing a label replaces
 * any entry already under its key, which also covers the rare alloc path
 * whose failure skips the free hook.
 *
 * A label records the role by the hash of its name as well as by index:
 * indexes are only valid within one policy, names survive a reload.  The
 * index is cached together with the policy generation it belongs to; the
 * first use under a new policy maps the hash to the new index.  A task
 * whose role is unconfined (or no longer exists) is matched again against
 * the new policy on first use, so loading a policy confines processes
 * that are already running.  Objects without a label are unconfined.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/kernfs.h>
#include <linux/limits.h>
#include <linux/mm_types.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "access.h"
#include "hook.h"
#include "label.h"
#include "policy.h"

#define SIPC_LABEL_BITS		14
#define SIPC_LABEL_LOCK_BITS	8

/**
 * struct sipc_label - the role of one task or object
 * @node: in its bucket of sipc_labels; added and removed under the
 *	bucket's lock, walked under RCU
 * @key: the address of the task or object; never changes
 * @role_hash: sipc_policy_role_hash() of the role; written under the
 *	bucket's lock, read locklessly (a racing reader sees the old or
 *	the new value, both of which were true a moment ago)
 * @cached: the role's index in the policy of generation (@cached >> 32),
 *	in the low 32 bits; 0 when none.  One word, so that readers, who
 *	may refresh it locklessly, never see a torn pair.
 * @rcu: frees the label after a grace period
 */
struct sipc_label {
	struct hlist_node node;
	const void *key;
	u64 role_hash;
	u64 cached;
	struct rcu_head rcu;
};

static struct hlist_head sipc_labels[1 << SIPC_LABEL_BITS];
/* Bucket locks, hashed; taken with interrupts off (free hooks run in RCU callbacks). */
static spinlock_t sipc_label_locks[1 << SIPC_LABEL_LOCK_BITS];
static struct kmem_cache *sipc_label_cache;

/**
 * struct sipc_scratch - per-CPU room to build paths in
 * @exe: the executable's path
 * @name: any other path or name (cgroup, socket, FIFO, queue)
 *
 * Used only in task context with preemption disabled (the hook callbacks),
 * never from interrupts, so one per CPU is enough.
 */
struct sipc_scratch {
	char exe[PATH_MAX];
	char name[PATH_MAX];
};

static struct sipc_scratch **sipc_scratch;

/* Drawn by sipc_label_init(), before any label is stored. */
static hsiphash_key_t sipc_label_key __ro_after_init;

/*
 * The bucket of an address.  Anyone can fill the table by creating
 * objects, and where the allocator puts them is no secret to a patient
 * observer, so the hash is keyed: with hash_ptr() alone, objects found
 * (by timing) to share a bucket could be kept and piled up.
 */
static u32 sipc_label_hash(const void *key)
{
	u64 addr = (unsigned long)key;

	return hsiphash_2u32(lower_32_bits(addr), upper_32_bits(addr),
			     &sipc_label_key) &
	       (BIT(SIPC_LABEL_BITS) - 1);
}

static spinlock_t *sipc_label_lock(u32 bucket)
{
	return &sipc_label_locks[bucket >> (SIPC_LABEL_BITS - SIPC_LABEL_LOCK_BITS)];
}

static struct sipc_label *sipc_label_find(const void *key)
{
	struct sipc_label *label;

	hlist_for_each_entry_rcu(label, &sipc_labels[sipc_label_hash(key)], node)
		if (label->key == key)
			return label;
	return NULL;
}

static u64 sipc_label_pack(const struct sipc_policy *policy, unsigned int role)
{
	return (u64)sipc_policy_gen(policy) << 32 | role;
}

static void sipc_label_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(sipc_label_cache, container_of(head, struct sipc_label, rcu));
}

/* How sipc_label_store() treats a label already under the key. */
enum sipc_store {
	SIPC_STORE_TASK,	/* replace it; keep unconfined as a label */
	SIPC_STORE_OBJECT,	/* replace it; unconfined removes it */
	SIPC_STORE_ADOPT,	/* keep it; add one only where none is */
};

/*
 * Store the role of hash @role_hash, @cached in the generation packed in
 * it (role 0 in it: unconfined), for @key as @how says.  An unconfined
 * object needs no label; a task keeps one, to tell "matched unconfined"
 * from "never seen".  Never sleeps.
 */
static void sipc_label_store_hash(const void *key, u64 role_hash, u64 cached,
				  enum sipc_store how)
{
	bool drop_unconfined = how != SIPC_STORE_TASK;
	u32 bucket = sipc_label_hash(key);
	struct sipc_label *label, *fresh = NULL;
	bool role = (u32)cached;
	unsigned long flags;

	if (role || !drop_unconfined) {
		fresh = kmem_cache_alloc(sipc_label_cache,
					 GFP_ATOMIC | __GFP_NOWARN);
		if (!fresh)
			sipc_stat_inc(SIPC_STAT_LABELS_FAILED);
	}
	spin_lock_irqsave(sipc_label_lock(bucket), flags);
	hlist_for_each_entry(label, &sipc_labels[bucket], node)
		if (label->key == key)
			break;
	if (label && how == SIPC_STORE_ADOPT) {
		/* Someone labelled it meanwhile: theirs is newer. */
	} else if (label && (role || !drop_unconfined)) {
		WRITE_ONCE(label->role_hash, role_hash);
		WRITE_ONCE(label->cached, cached);
	} else if (label) {
		hlist_del_rcu(&label->node);
		call_rcu(&label->rcu, sipc_label_free_rcu);
		sipc_stat_add(SIPC_STAT_LABELS, -1);
	} else if (fresh) {
		fresh->key = key;
		fresh->role_hash = role_hash;
		fresh->cached = cached;
		hlist_add_head_rcu(&fresh->node, &sipc_labels[bucket]);
		sipc_stat_add(SIPC_STAT_LABELS, 1);
		fresh = NULL;
	}
	spin_unlock_irqrestore(sipc_label_lock(bucket), flags);
	/* Even when nothing changed: a failure leaves a role unrecorded. */
	sipc_memo_invalidate();
	if (fresh)
		kmem_cache_free(sipc_label_cache, fresh);
}

/* Store @role of @policy for @key as @how says. */
static void sipc_label_store(const struct sipc_policy *policy, const void *key,
			     unsigned int role, enum sipc_store how)
{
	sipc_label_store_hash(key, sipc_policy_role_hash(policy, role),
			      sipc_label_pack(policy, role), how);
}

/**
 * sipc_label_forget() - drop the label of a task or object being freed
 * @key: its address
 *
 * Any context.
 */
void sipc_label_forget(const void *key)
{
	u32 bucket = sipc_label_hash(key);
	struct sipc_label *label;
	unsigned long flags;

	if (!sipc_label_find(key))
		return;
	spin_lock_irqsave(sipc_label_lock(bucket), flags);
	hlist_for_each_entry(label, &sipc_labels[bucket], node) {
		if (label->key == key) {
			hlist_del_rcu(&label->node);
			call_rcu(&label->rcu, sipc_label_free_rcu);
			sipc_stat_add(SIPC_STAT_LABELS, -1);
			break;
		}
	}
	spin_unlock_irqrestore(sipc_label_lock(bucket), flags);
	sipc_memo_invalidate();
}

/*
 * The role of @label under @policy: the cached index when it belongs to
 * this generation, else the role of the same name, else 0.
 */
static unsigned int sipc_label_resolve(const struct sipc_policy *policy,
				       struct sipc_label *label)
{
	u64 cached = READ_ONCE(label->cached);
	int role;

	if (cached >> 32 == sipc_policy_gen(policy))
		return (u32)cached;
	role = sipc_policy_role_by_hash(policy, READ_ONCE(label->role_hash));
	if (role <= 0)
		return 0;
	WRITE_ONCE(label->cached, sipc_label_pack(policy, role));
	return role;
}

/**
 * sipc_object_role() - the role of an object
 * @policy: the policy in force
 * @key: the object's address (struct sock, inode, kern_ipc_perm)
 *
 * Return: its role; unconfined when it has no label.
 */
unsigned int sipc_object_role(const struct sipc_policy *policy, const void *key)
{
	struct sipc_label *label = sipc_label_find(key);

	return label ? sipc_label_resolve(policy, label) : SIPC_ROLE_UNCONFINED;
}

/**
 * sipc_object_set() - give an object a role
 * @policy: the policy in force
 * @key: the object's address
 * @role: its role; unconfined removes the label
 *
 * Never sleeps; if no memory is left the object stays as it was and the
 * failure is counted.
 */
void sipc_object_set(const struct sipc_policy *policy, const void *key,
		     unsigned int role)
{
	sipc_label_store(policy, key, role, SIPC_STORE_OBJECT);
}

/**
 * sipc_object_copy() - give an object the label another has
 * @key: the object's address
 * @from: the address of the object whose role it takes
 *
 * The label is copied, not its role under one policy: while a policy is
 * being loaded, @key then has the role @from has under the policy in
 * force and under the one coming alike, whichever a decision meets.
 * With no policy at all, labels are copied too, for a policy that may be
 * on its way.  When @from has no label, @key loses its own.  Never
 * sleeps.
 */
void sipc_object_copy(const void *key, const void *from)
{
	struct sipc_label *label;
	u64 role_hash = 0, cached = 0;

	rcu_read_lock();
	label = sipc_label_find(from);
	if (label) {
		role_hash = READ_ONCE(label->role_hash);
		cached = READ_ONCE(label->cached);
	}
	rcu_read_unlock();
	if (label)
		sipc_label_store_hash(key, role_hash, cached, SIPC_STORE_OBJECT);
	else
		sipc_label_forget(key);
}

/**
 * sipc_object_adopt() - give an object a role unless it has one
 * @policy: the policy in force
 * @key: the object's address
 * @role: its role; unconfined does nothing
 *
 * For objects that existed before the policy (relabel.c): a label that
 * a hook gave meanwhile is newer, and stays.  Never sleeps.
 */
void sipc_object_adopt(const struct sipc_policy *policy, const void *key,
		       unsigned int role)
{
	if (role)
		sipc_label_store(policy, key, role, SIPC_STORE_ADOPT);
}

/**
 * sipc_object_labelled() - tell whether an object has a label
 * @key: the object's address
 *
 * Return: true when it has one, whatever its role.
 */
bool sipc_object_labelled(const void *key)
{
	bool found;

	rcu_read_lock();
	found = sipc_label_find(key);
	rcu_read_unlock();
	return found;
}

/*
 * The policy being loaded, from before its first walk of the objects
 * that exist (relabel.c) until it is in force; NULL otherwise.  Written
 * under the policy mutex; the policy it points to is freed only after a
 * later load, which clears it first.
 */
static const struct sipc_policy __rcu *sipc_label_next;

/**
 * sipc_label_loading() - tell the alloc hooks which policy is coming
 * @policy: the policy about to be put in force, or NULL once it is
 *
 * Process context, under the policy mutex.
 */
void sipc_label_loading(const struct sipc_policy *policy)
{
	rcu_assign_pointer(sipc_label_next, policy);
}

/**
 * sipc_object_created() - give a new object the role of current
 * @key: the object's address
 *
 * For the alloc hooks, in task context; does nothing without a policy.
 * While a policy is being loaded, an object whose creator that policy
 * confines takes the creator's role under it: the first walk has already
 * passed, and the object would meet the new policy without a label.
 */
void sipc_object_created(const void *key)
{
	const struct sipc_policy *policy = sipc_policy_current();
	const struct sipc_policy *next;
	unsigned int role;

	next = rcu_dereference_check(sipc_label_next, rcu_read_lock_any_held());
	if (next && next != policy) {
		role = sipc_task_role(next, current);
		if (role) {
			sipc_object_set(next, key, role);
			return;
		}
	}
	if (policy)
		sipc_object_set(policy, key, sipc_task_role(policy, current));
}

/**
 * sipc_label_kind_used() - tell whether the policy labels objects of a kind
 * @policy: the policy in force
 * @kind: enum sipc_label_kind
 *
 * Lets a hook skip working out an object's name when no label could name
 * it.
 *
 * Return: true when @policy has a label of @kind.
 */
bool sipc_label_kind_used(const struct sipc_policy *policy,
			  enum sipc_label_kind kind)
{
	return sipc_policy_has_labels(policy, kind);
}

/**
 * sipc_label_by_name() - the role the policy gives a named object
 * @policy: the policy in force
 * @kind: a kind whose labels have names (UNIX, FIFO, MQUEUE)
 * @name: the object's name: a path, "@" + an abstract socket name, or
 *	"/" + a queue name
 *
 * Return: the role of the first label of @kind whose glob matches @name,
 * or -ENOENT.
 */
int sipc_label_by_name(const struct sipc_policy *policy,
		       enum sipc_label_kind kind, const char *name)
{
	return sipc_policy_label_name(policy, kind, name);
}

/**
 * sipc_label_by_key() - the role the policy gives a SysV object
 * @policy: the policy in force
 * @kind: MSGQ, SHM or SEM
 * @key: the object's key
 *
 * Return: the role of the first label of @kind with @key, or -ENOENT.
 */
int sipc_label_by_key(const struct sipc_policy *policy,
		      enum sipc_label_kind kind, s32 key)
{
	return sipc_policy_label_key(policy, kind, key);
}

/**
 * sipc_scratch_name() - this CPU's PATH_MAX buffer for names
 *
 * Only from a hook callback in task context (see struct sipc_scratch).
 */
char *sipc_scratch_name(void)
{
	return sipc_scratch[smp_processor_id()]->name;
}

/*
 * The path of @task's executable, or NULL.  task_lock() keeps task->mm
 * from being released under us (exit_mm() clears it under the same lock
 * before dropping its reference), and RCU keeps the exe file's path
 * walkable while d_path() reads it.
 */
static const char *sipc_task_exe(struct task_struct *task, struct file *exe,
				 char *buf)
{
	const char *path = NULL;
	struct mm_struct *mm;

	if (exe) {
		path = d_path(&exe->f_path, buf, PATH_MAX);
		return IS_ERR(path) ? NULL : path;
	}
	task_lock(task);
	mm = task->mm;
	if (mm) {
		rcu_read_lock();
		exe = rcu_dereference(mm->exe_file);
		if (exe)
			path = d_path(&exe->f_path, buf, PATH_MAX);
		rcu_read_unlock();
	}
	task_unlock(task);
	return IS_ERR_OR_NULL(path) ? NULL : path;
}

/* The cgroup v2 path of @task, or NULL. */
static const char *sipc_task_cgroup(struct task_struct *task, char *buf)
{
	struct cgroup *cgrp;
	int len;

	rcu_read_lock();
	cgrp = task_dfl_cgroup(task);
	len = kernfs_path(cgrp->kn, buf, PATH_MAX);
	rcu_read_unlock();
	return len > 0 && len < PATH_MAX ? buf : NULL;
}

/*
 * Match @task (executing @exe, when known) against the policy.  Hooks run
 * with preemption disabled already; the netlink task dump does not, and
 * must not lose this CPU's scratch buffers to another task meanwhile.
 */
static unsigned int sipc_task_match(const struct sipc_policy *policy,
				    struct task_struct *task, struct file *exe)
{
	struct sipc_scratch *scratch;
	struct sipc_facts facts;
	const struct cred *cred;
	unsigned int role;

	preempt_disable();
	scratch = sipc_scratch[smp_processor_id()];
	facts.exe = sipc_task_exe(task, exe, scratch->exe);
	facts.cgroup = sipc_task_cgroup(task, scratch->name);
	rcu_read_lock();
	cred = __task_cred(task);
	facts.uid = cred->euid;
	facts.gid = cred->egid;
	rcu_read_unlock();
	role = sipc_policy_match(policy, &facts);
	preempt_enable();
	return role;
}

/**
 * sipc_task_role() - the role of a task
 * @policy: the policy in force, or NULL
 * @task: any task; current or another
 *
 * Labels the task on first use when it has no label for this policy yet.
 * Outside task context (a SIGIO sent from softirq) there is no safe way to
 * read another task's executable, so an unlabeled task counts as
 * unconfined there.  Kernel threads are always unconfined.
 *
 * Return: the role's index in @policy.
 */
unsigned int sipc_task_role(const struct sipc_policy *policy,
			    struct task_struct *task)
{
	struct sipc_label *label;
	unsigned int role;

	if (!policy || (task->flags & PF_KTHREAD))
		return SIPC_ROLE_UNCONFINED;
	label = sipc_label_find(task);
	if (label) {
		role = sipc_label_resolve(policy, label);
		if (role || READ_ONCE(label->cached) >> 32 == sipc_policy_gen(policy))
			return role;
	}
	if (!in_task())
		return SIPC_ROLE_UNCONFINED;
	role = sipc_task_match(policy, task, NULL);
	sipc_label_store(policy, task, role, SIPC_STORE_TASK);
	return role;
}

/**
 * sipc_task_exec() - assign a role to current as it execs
 * @policy: the policy in force, or NULL
 * @exe: the file being executed
 *
 * A match rule for the new program gives its role; a program no rule
 * names runs in the role the process had, so that a confined process
 * cannot leave its role by executing a shell.
 *
 * Return: the new role.
 */
unsigned int sipc_task_exec(const struct sipc_policy *policy, struct file *exe)
{
	unsigned int role;

	if (!policy) {
		sipc_label_forget(current);
		return SIPC_ROLE_UNCONFINED;
	}
	role = sipc_task_match(policy, current, exe);
	if (role == SIPC_ROLE_UNCONFINED)
		role = sipc_task_role(policy, current);
	sipc_label_store(policy, current, role, SIPC_STORE_TASK);
	return role;
}

/**
 * sipc_task_inherit() - give a new task its parent's role
 * @policy: the policy in force, or NULL
 * @child: the task being created by current
 *
 * Return: 0, or -ENOMEM when a confined parent's role could not be
 * recorded for the child (the fork is refused then: fail closed).
 */
int sipc_task_inherit(const struct sipc_policy *policy,
		      struct task_struct *child)
{
	unsigned int role;

	if (!policy) {
		sipc_label_forget(child);
		return 0;
	}
	role = sipc_task_role(policy, current);
	sipc_label_store(policy, child, role, SIPC_STORE_TASK);
	if (role && !sipc_label_find(child))
		return -ENOMEM;
	return 0;
}

/* Pipes, FIFOs and POSIX queues are all inodes: forget any of them. */
static int hook_inode_free(struct ftrace_regs *fregs)
{
	sipc_label_forget((void *)sipc_fregs_arg(fregs, 0));
	return SIPC_SKIP;
}

static struct sipc_hook sipc_label_hooks[] = {
	{ "security_inode_free", "inode.free", hook_inode_free },
};

static void sipc_scratch_free(void)
{
	unsigned int cpu;

	if (!sipc_scratch)
		return;
	for_each_possible_cpu(cpu)
		kfree(sipc_scratch[cpu]);
	kfree(sipc_scratch);
	sipc_scratch = NULL;
}

int sipc_label_init(void)
{
	unsigned int i, cpu;
	int err = -ENOMEM;

	get_random_bytes(&sipc_label_key, sizeof(sipc_label_key));
	for (i = 0; i < ARRAY_SIZE(sipc_label_locks); i++)
		spin_lock_init(&sipc_label_locks[i]);
	sipc_scratch = kcalloc(nr_cpu_ids, sizeof(*sipc_scratch), GFP_KERNEL);
	if (!sipc_scratch)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		sipc_scratch[cpu] = kmalloc(sizeof(**sipc_scratch), GFP_KERNEL);
		if (!sipc_scratch[cpu])
			goto err_scratch;
	}
	sipc_label_cache = KMEM_CACHE(sipc_label, 0);
	if (!sipc_label_cache)
		goto err_scratch;
	/* Pipes, FIFOs and queues share the inode free hook: it is ours. */
	err = sipc_hook_add(sipc_label_hooks, ARRAY_SIZE(sipc_label_hooks));
	if (err)
		goto err_hooks;
	return 0;

err_hooks:
	kmem_cache_destroy(sipc_label_cache);
	sipc_label_cache = NULL;
err_scratch:
	sipc_scratch_free();
	return err;
}

/*
 * Call only once the hooks are detached: nothing can look a label up or
 * add one any more.  rcu_barrier() waits for the labels freed by earlier
 * free hooks before their cache goes.
 */
void sipc_label_exit(void)
{
	struct sipc_label *label;
	struct hlist_node *tmp;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sipc_labels); i++) {
		hlist_for_each_entry_safe(label, tmp, &sipc_labels[i], node) {
			hlist_del(&label->node);
			kmem_cache_free(sipc_label_cache, label);
		}
	}
	rcu_barrier();
	kmem_cache_destroy(sipc_label_cache);
	sipc_scratch_free();
}
