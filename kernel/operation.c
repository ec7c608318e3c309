// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - process mediation, as in the Lava nucleus: operations, and
 * current permissions under maximal ones.
 *
 * A role may implement an interface on its message queues (policy:
 * "implement ROLE IFACE on msgq;").  A message sent to such a queue
 * invokes the operation whose id is its SysV message type; the sender
 * must then hold every permission of the interface that the operation
 * requires, or msgsnd fails with -EPERM, though the msgq rules allow the
 * send itself.  A type no operation has is refused too: fail closed.
 * The implementing role is not checked on its own queues: what it sends
 * there are replies, not operations.
 *
 * What a process holds is the intersection of two sets.  Its role's
 * interface rules are the maximal set, read from the policy in force at
 * each check, so a reload that shrinks them takes effect at once.  Its
 * narrowings (SIPC_IOC_NARROW) are the current set: each narrowing names
 * an interface and the permissions to keep, and every narrowing a
 * process made, or inherited, applies, so a later one can only take
 * more away.  Narrowings name interfaces and permissions by the hash of
 * their names, so they survive reloads; a permission that is renamed is
 * lost, never gained.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bsearch.h>
#include <linux/hash.h>
#include <linux/ipc.h>
#include <linux/rculist.h>
#include <linux/refcount.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "access.h"
#include "audit.h"
#include "label.h"
#include "operation.h"
#include "policy.h"
#include "policy_internal.h"

/* Narrowings one process may have made and inherited, in all. */
#define SIPC_NARROW_DEPTH_MAX	32

/**
 * struct sipc_narrowing - one narrowing, and those made before it
 * @ref: tasks and later narrowings that point here
 * @parent: the narrowing made before, or NULL; holds a reference
 * @rcu: frees it after a grace period
 * @depth: narrowings in the chain, this one included
 * @nr: hashes in @perms
 * @iface: hash of the interface's name
 * @perms: hashes of the names of the permissions kept
 *
 * Immutable once published but for @ref; read under RCU.
 */
struct sipc_narrowing {
	refcount_t ref;
	struct sipc_narrowing *parent;
	struct rcu_head rcu;
	u32 depth;
	u32 nr;
	u64 iface;
	u64 perms[];
};

/**
 * struct sipc_op_task - the narrowings of one task
 * @node: in sipc_op_tasks; added and removed under sipc_op_lock, walked
 *	under RCU
 * @task: the task; its entry goes when the task is freed
 * @head: its last narrowing; replaced (rcu_assign_pointer) only by the
 *	task itself, under sipc_op_lock
 * @rcu: frees the entry after a grace period
 *
 * Only tasks that narrowed, or descend from one that did, have one.
 */
struct sipc_op_task {
	struct hlist_node node;
	const struct task_struct *task;
	struct sipc_narrowing __rcu *head;
	struct rcu_head rcu;
};

#define SIPC_OP_TASK_BITS	6
static struct hlist_head sipc_op_tasks[1 << SIPC_OP_TASK_BITS];
/* Taken with interrupts off: tasks are freed from RCU callbacks. */
static DEFINE_SPINLOCK(sipc_op_lock);
/* Entries in sipc_op_tasks: while 0, fork and exit look no further. */
static atomic_t sipc_op_nr_tasks = ATOMIC_INIT(0);

static struct hlist_head *sipc_op_bucket(const struct task_struct *task)
{
	return &sipc_op_tasks[hash_ptr(task, SIPC_OP_TASK_BITS)];
}

/* Under RCU or sipc_op_lock. */
static struct sipc_op_task *sipc_op_find(const struct task_struct *task)
{
	struct sipc_op_task *t;

	hlist_for_each_entry_rcu(t, sipc_op_bucket(task), node,
				 lockdep_is_held(&sipc_op_lock))
		if (t->task == task)
			return t;
	return NULL;
}

static void sipc_narrowing_put(struct sipc_narrowing *n);

static void sipc_narrowing_free_rcu(struct rcu_head *head)
{
	struct sipc_narrowing *n = container_of(head, struct sipc_narrowing,
						rcu);

	sipc_narrowing_put(n->parent);
	kfree(n);
}

/*
 * Drop a reference; the last frees the narrowing after a grace period,
 * and only then drops its parent's, so a reader that reached a parent
 * through a child is done with both before the parent goes.  Any
 * context.
 */
static void sipc_narrowing_put(struct sipc_narrowing *n)
{
	if (n && refcount_dec_and_test(&n->ref))
		call_rcu(&n->rcu, sipc_narrowing_free_rcu);
}

/*
 * The bits of @need (permissions of @f) that every narrowing of current
 * keeps.  Under RCU.
 */
static u32 sipc_op_current_allows(const struct sipc_iface *f, u32 need)
{
	const struct sipc_narrowing *n;
	const struct sipc_op_task *t;
	u32 keep, bit, i;

	if (!atomic_read(&sipc_op_nr_tasks))
		return need;
	t = sipc_op_find(current);
	if (!t)
		return need;
	for (n = rcu_dereference_check(t->head, rcu_read_lock_any_held()); n;
	     n = n->parent) {
		if (n->iface != f->hash)
			continue;
		keep = 0;
		for (bit = 0; bit < f->nr_perms; bit++) {
			if (!(need & BIT(bit)))
				continue;
			for (i = 0; i < n->nr; i++)
				if (n->perms[i] == f->perm_hash[bit])
					keep |= BIT(bit);
		}
		need &= keep;
	}
	return need;
}

static int sipc_op_cmp(const void *key, const void *elt)
{
	u64 id = *(const u64 *)key;
	const struct sipc_op *op = elt;

	return id < op->id ? -1 : id > op->id;
}

static int sipc_op_rule_cmp(const void *key, const void *elt)
{
	u32 k = *(const u32 *)key;
	const struct sipc_op_rule *r = elt;

	return k < r->key ? -1 : k > r->key;
}

/* The interface permissions @subject's role holds on @object's. */
static u32 sipc_op_maximal(const struct sipc_policy *policy,
			   unsigned int subject, unsigned int object,
			   unsigned int iface)
{
	u32 key = SIPC_OP_RULE_KEY(subject, object, iface);
	const struct sipc_op_rule *r;

	r = bsearch(&key, policy->op_rules, policy->nr_op_rules,
		    sizeof(*r), sipc_op_rule_cmp);
	return r ? r->perms : 0;
}

/* Room for the needs= of an op=operation record; longer lists are cut. */
#define SIPC_OP_NEEDS_MAX	256

/* @missing's permission names, separated by commas, in @buf. */
static const char *sipc_op_needs(const struct sipc_iface *f, u32 missing,
				 char *buf, size_t size)
{
	unsigned long bits = missing;
	unsigned int bit;

	buf[0] = '\0';
	for_each_set_bit(bit, &bits, f->nr_perms) {
		if (buf[0])
			strlcat(buf, ",", size);
		strlcat(buf, f->perm_names[bit], size);
	}
	return buf;
}

/*
 * Log and audit a refusal (or what permissive and learn modes let
 * through).
 */
static int sipc_op_refuse(const struct sipc_policy *policy,
			  const struct kern_ipc_perm *perm,
			  unsigned int subject, unsigned int object,
			  const struct sipc_iface *f, const struct sipc_op *op,
			  long mtype, u32 missing)
{
	enum sipc_mode mode = sipc_policy_mode(policy, subject ?: object);
	const char *verb = mode == SIPC_MODE_ENFORCE ? "denied" : "permitted";
	const struct sipc_request req = {
		.subject = current,
		.subject_role = subject,
		.object_role = object,
		.class = SIPC_CLASS_MSGQ,
		.object = perm,
	};
	char needs[SIPC_OP_NEEDS_MAX];

	if (!op)
		pr_notice_ratelimited("%s: pid %d (%s) role %s on %s msgq: interface %s has no operation %ld\n",
				      verb, task_tgid_nr(current), current->comm,
				      policy->roles[subject].name,
				      policy->roles[object].name, f->name,
				      mtype);
	else
		pr_notice_ratelimited("%s: pid %d (%s) role %s on %s msgq: %s.%s (%ld) needs %s%s\n",
				      verb, task_tgid_nr(current), current->comm,
				      policy->roles[subject].name,
				      policy->roles[object].name, f->name,
				      op->name, mtype,
				      f->perm_names[__ffs(missing)],
				      missing & (missing - 1) ? " and more" : "");
	sipc_audit_operation(policy, &req, mode, mode != SIPC_MODE_ENFORCE,
			     f->name, op ? op->name : NULL, mtype,
			     op ? sipc_op_needs(f, missing, needs,
						sizeof(needs)) : "");
	if (mode != SIPC_MODE_ENFORCE)
		return 0;
	sipc_stat_inc(SIPC_STAT_REFUSED_OPERATION);
	return -EPERM;
}

/**
 * sipc_op_check_msgq() - may current invoke operation @mtype on a queue?
 * @policy: the policy in force
 * @perm: the queue
 * @mtype: the message's type, the operation id (> 0)
 *
 * Called after the send itself was allowed.  Never sleeps.
 *
 * Return: 0 to allow, -EPERM to refuse.
 */
int sipc_op_check_msgq(const struct sipc_policy *policy,
		       const struct kern_ipc_perm *perm, long mtype)
{
	unsigned int subject, object, idx;
	const struct sipc_iface *f;
	const struct sipc_op *op;
	u64 id = mtype;
	u32 missing;

	if (likely(!policy->msgq_iface))
		return 0;
	object = sipc_object_role(policy, perm);
	idx = policy->msgq_iface[object];
	if (!idx)
		return 0;
	subject = sipc_task_role(policy, current);
	if (subject == object)
		return 0;
	f = &policy->ifaces[idx - 1];
	op = mtype > 0 ? bsearch(&id, policy->ops + f->first_op, f->nr_ops,
				 sizeof(*op), sipc_op_cmp) : NULL;
	if (!op)
		return sipc_op_refuse(policy, perm, subject, object, f, NULL,
				      mtype, 0);
	missing = op->requires & ~sipc_op_maximal(policy, subject, object,
						  idx - 1);
	if (!missing)
		missing = op->requires &
			  ~sipc_op_current_allows(f, op->requires);
	if (likely(!missing))
		return 0;
	return sipc_op_refuse(policy, perm, subject, object, f, op, mtype,
			      missing);
}

/*
 * A narrowing of interface @iface to the space-separated permission
 * names @perms, checked against @policy.  Under RCU; GFP_ATOMIC.
 */
static struct sipc_narrowing *sipc_op_build(const struct sipc_policy *policy,
					    const char *iface,
					    const char *perms)
{
	const struct sipc_iface *f = NULL;
	struct sipc_narrowing *n;
	const char *p = perms;
	unsigned int i, bit;
	size_t len;

	for (i = 0; policy && i < policy->nr_ifaces; i++)
		if (!strcmp(policy->ifaces[i].name, iface))
			f = &policy->ifaces[i];
	if (!f)
		return ERR_PTR(-ENOENT);
	n = kzalloc(struct_size(n, perms, SIPC_IFACE_PERMS_MAX), GFP_ATOMIC);
	if (!n)
		return ERR_PTR(-ENOMEM);
	n->iface = f->hash;
	for (;;) {
		p += strspn(p, " ");
		len = strcspn(p, " ");
		if (!len)
			break;
		for (bit = 0; bit < f->nr_perms; bit++)
			if (strlen(f->perm_names[bit]) == len &&
			    !strncmp(f->perm_names[bit], p, len))
				break;
		if (bit == f->nr_perms) {
			kfree(n);
			return ERR_PTR(-ENOENT);
		}
		if (n->nr < SIPC_IFACE_PERMS_MAX)
			n->perms[n->nr++] = f->perm_hash[bit];
		p += len;
	}
	refcount_set(&n->ref, 1);
	return n;
}

/**
 * sipc_op_narrow() - narrow current's permissions of an interface
 * @iface: the interface's name
 * @perms: the names of the permissions to keep, separated by spaces;
 *	empty keeps none
 *
 * Irreversible: the narrowing applies to current and to every child it
 * creates after, on top of every earlier one.  Process context.
 *
 * Return: 0; -ENOENT when the policy in force has no such interface or
 * permission; -E2BIG after SIPC_NARROW_DEPTH_MAX narrowings; -ENOMEM.
 */
int sipc_op_narrow(const char *iface, const char *perms)
{
	struct sipc_op_task *t, *fresh;
	struct sipc_narrowing *n, *old;
	unsigned long flags;
	int err = 0;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	if (!fresh)
		return -ENOMEM;
	rcu_read_lock();
	n = sipc_op_build(sipc_policy_current(), iface, perms);
	rcu_read_unlock();
	if (IS_ERR(n)) {
		kfree(fresh);
		return PTR_ERR(n);
	}
	spin_lock_irqsave(&sipc_op_lock, flags);
	t = sipc_op_find(current);
	old = t ? rcu_dereference_protected(t->head,
					    lockdep_is_held(&sipc_op_lock)) :
		  NULL;
	n->depth = old ? old->depth + 1 : 1;
	if (n->depth > SIPC_NARROW_DEPTH_MAX) {
		err = -E2BIG;
	} else {
		if (!t) {
			t = fresh;
			fresh = NULL;
			t->task = current;
			hlist_add_head_rcu(&t->node, sipc_op_bucket(current));
			atomic_inc(&sipc_op_nr_tasks);
		}
		/* The old head's reference passes to the new narrowing. */
		n->parent = old;
		rcu_assign_pointer(t->head, n);
		n = NULL;
	}
	spin_unlock_irqrestore(&sipc_op_lock, flags);
	kfree(n);
	kfree(fresh);
	return err;
}

/**
 * sipc_op_task_inherit() - a new task inherits current's narrowings
 * @child: the new task
 *
 * A child whose entry cannot be allocated is not created (fail closed):
 * it would hold more than its parent.
 *
 * Return: 0, or -ENOMEM to refuse the fork.
 */
int sipc_op_task_inherit(struct task_struct *child)
{
	struct sipc_narrowing *head;
	struct sipc_op_task *t, *fresh;
	unsigned long flags;
	int err = 0;

	if (!atomic_read(&sipc_op_nr_tasks))
		return 0;
	fresh = kzalloc(sizeof(*fresh), GFP_ATOMIC | __GFP_NOWARN);
	spin_lock_irqsave(&sipc_op_lock, flags);
	t = sipc_op_find(current);
	head = t ? rcu_dereference_protected(t->head,
					     lockdep_is_held(&sipc_op_lock)) :
		   NULL;
	if (head && fresh) {
		refcount_inc(&head->ref);
		fresh->task = child;
		RCU_INIT_POINTER(fresh->head, head);
		hlist_add_head_rcu(&fresh->node, sipc_op_bucket(child));
		atomic_inc(&sipc_op_nr_tasks);
		fresh = NULL;
	} else if (head) {
		err = -ENOMEM;
	}
	spin_unlock_irqrestore(&sipc_op_lock, flags);
	kfree(fresh);
	return err;
}

static void sipc_op_task_free_rcu(struct rcu_head *head)
{
	struct sipc_op_task *t = container_of(head, struct sipc_op_task, rcu);

	sipc_narrowing_put(rcu_dereference_protected(t->head, 1));
	kfree(t);
}

/**
 * sipc_op_task_free() - forget a task's narrowings, as it is freed
 * @task: the task
 *
 * Any context.
 */
void sipc_op_task_free(struct task_struct *task)
{
	struct sipc_op_task *t;
	unsigned long flags;

	if (!atomic_read(&sipc_op_nr_tasks))
		return;
	spin_lock_irqsave(&sipc_op_lock, flags);
	t = sipc_op_find(task);
	if (t) {
		hlist_del_rcu(&t->node);
		atomic_dec(&sipc_op_nr_tasks);
	}
	spin_unlock_irqrestore(&sipc_op_lock, flags);
	if (t)
		call_rcu(&t->rcu, sipc_op_task_free_rcu);
}

/**
 * sipc_op_exit() - forget every narrowing, once no hook can run
 */
void sipc_op_exit(void)
{
	struct sipc_op_task *t;
	struct hlist_node *tmp;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&sipc_op_lock, flags);
	for (i = 0; i < ARRAY_SIZE(sipc_op_tasks); i++) {
		hlist_for_each_entry_safe(t, tmp, &sipc_op_tasks[i], node) {
			hlist_del_rcu(&t->node);
			call_rcu(&t->rcu, sipc_op_task_free_rcu);
		}
	}
	atomic_set(&sipc_op_nr_tasks, 0);
	spin_unlock_irqrestore(&sipc_op_lock, flags);
	/* Once per level: freeing a narrowing queues its parent's free. */
	for (i = 0; i <= SIPC_NARROW_DEPTH_MAX; i++)
		rcu_barrier();
}
