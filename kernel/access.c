// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - decisions: one question, one answer, counted and reported.
 *
 * Every hook reduces an operation to a request (who, on what, which class,
 * which permissions) and asks sipc_access().  Unconfined to unconfined is
 * allowed without looking further, so a host without confined roles pays
 * only for finding out its roles.  Everything else is answered by the
 * decision cache; an operation that lacks a permission is refused in
 * enforce mode and let through in permissive and learn mode, and in every
 * mode it produces an event (and a rate-limited log line) naming what was
 * missing.  An allowed operation the policy audits (an audit rule, an
 * audited role) produces an audit record, every time: it is never
 * remembered by the memo, and the cache marks its triple.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/dcache.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/ipc.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <net/af_unix.h>

#include "access.h"
#include "audit.h"
#include "cache.h"
#include "events.h"
#include "policy.h"
#include "usage.h"

/*
 * Counters, per CPU so that hooks never share a cache line; summed by
 * readers.  SIPC_STAT_LABELS goes up and down (on different CPUs), so
 * the counters are signed and only their sum means anything.
 */
DEFINE_PER_CPU(s64 [__SIPC_STAT_LAST], sipc_stats);

/**
 * sipc_stats_read() - sum the decision counters over all CPUs
 * @stats: filled with one value per enum sipc_stat
 */
void sipc_stats_read(u64 stats[__SIPC_STAT_LAST])
{
	unsigned int i;
	int cpu;

	for (i = 0; i < __SIPC_STAT_LAST; i++) {
		s64 sum = 0;

		for_each_possible_cpu(cpu)
			sum += READ_ONCE(per_cpu(sipc_stats, cpu)[i]);
		stats[i] = sum < 0 ? 0 : sum;
	}
}

/* The names of the language, from the uapi header's lists. */
#define SIPC_CLASS(class, name, perms) \
	[class] = name,
static const char *const sipc_class_names[__SIPC_CLASS_LAST] = SIPC_CLASS_LIST;
#undef SIPC_CLASS

/* Indexed by bit number. */
#define SIPC_PERM(perm, name) \
	[ilog2(perm)] = name,
static const char *const sipc_perm_names[] = SIPC_PERM_LIST;
#undef SIPC_PERM

/* As pr_notice_ratelimited()'s own, but one we can test before formatting. */
static DEFINE_RATELIMIT_STATE(sipc_report_rs, DEFAULT_RATELIMIT_INTERVAL,
			      DEFAULT_RATELIMIT_BURST);

static const char *const sipc_mode_verbs[__SIPC_MODE_LAST] = {
	[SIPC_MODE_ENFORCE] = "denied",
	[SIPC_MODE_PERMISSIVE] = "permitted (permissive)",
	[SIPC_MODE_LEARN] = "permitted (learning)",
};

/*
 * The object of a request as the kernel log line names it: the inode
 * number of a pipe or FIFO, the address of a socket, the key of a SysV
 * object, the name of a queue, the pid a signal is for.
 */
static void sipc_report_object(const struct sipc_request *req, char *buf,
			       size_t size)
{
	const void *object = req->object;
	const struct unix_address *addr;
	struct dentry *dentry;
	struct inode *inode;
	size_t len;

	buf[0] = '\0';
	if (!object)
		return;
	switch (req->class) {
	case SIPC_CLASS_PIPE:
		snprintf(buf, size, " pipe:[%lu]",
			 ((const struct inode *)object)->i_ino);
		break;
	case SIPC_CLASS_FIFO:
		inode = (struct inode *)object;
		spin_lock(&inode->i_lock);
		dentry = hlist_entry_safe(inode->i_dentry.first, struct dentry,
					  d_u.d_alias);
		if (dentry)
			snprintf(buf, size, " %pd4", dentry);
		spin_unlock(&inode->i_lock);
		break;
	case SIPC_CLASS_UNIX_STREAM:
	case SIPC_CLASS_UNIX_DGRAM:
	case SIPC_CLASS_UNIX_SEQPACKET:
		/* Pairs with the store that publishes a bound address. */
		addr = smp_load_acquire(&unix_sk((const struct sock *)object)->addr);
		if (!addr || addr->len <= offsetof(struct sockaddr_un, sun_path))
			break;
		len = min_t(size_t, addr->len - offsetof(struct sockaddr_un,
							 sun_path),
			    sizeof(addr->name->sun_path));
		if (addr->name->sun_path[0])
			snprintf(buf, size, " %.*s", (int)strnlen(addr->name->sun_path, len),
				 addr->name->sun_path);
		else
			snprintf(buf, size, " @%.*s", (int)len - 1,
				 addr->name->sun_path + 1);
		break;
	case SIPC_CLASS_MSGQ:
	case SIPC_CLASS_SHM:
	case SIPC_CLASS_SEM:
		snprintf(buf, size, " key 0x%08x",
			 ((const struct kern_ipc_perm *)object)->key);
		break;
	case SIPC_CLASS_MQUEUE:
		snprintf(buf, size, " /%pd", (const struct dentry *)object);
		break;
	case SIPC_CLASS_SIGNAL:
		snprintf(buf, size, " pid %d",
			 task_tgid_nr((struct task_struct *)object));
		break;
	}
}

/*
 * An event for the netlink group (which names the first missing
 * permission), an audit record (which names them all), and a
 * rate-limited kernel log line for machines without auditd.
 */
static void sipc_report(const struct sipc_policy *policy,
			const struct sipc_request *req, enum sipc_mode mode,
			u32 missing)
{
	struct sipc_event event = {
		.mode = mode,
		.allowed = mode != SIPC_MODE_ENFORCE,
		.pid = task_tgid_nr(req->subject),
		.class = req->class,
		.perm = missing,
	};
	char object[80];

	BUILD_BUG_ON(BIT(ARRAY_SIZE(sipc_perm_names)) - 1 != __SIPC_PERM_ALL);
	strscpy(event.comm, req->subject->comm, sizeof(event.comm));
	strscpy(event.subject, sipc_policy_role_name(policy, req->subject_role),
		sizeof(event.subject));
	strscpy(event.object, sipc_policy_role_name(policy, req->object_role),
		sizeof(event.object));
	sipc_event_report(&event);
	sipc_usage_denied(event.subject, event.object, req->class, missing,
			  mode);
	sipc_audit_decision(policy, req, mode, missing, event.allowed);
	if (!__ratelimit(&sipc_report_rs))
		return;
	sipc_report_object(req, object, sizeof(object));
	pr_notice("%s: pid %d (%s) role %s on %s %s%s { %s%s}\n",
		  sipc_mode_verbs[mode], event.pid, event.comm,
		  event.subject, event.object,
		  sipc_class_names[req->class], object,
		  sipc_perm_names[__ffs(missing)],
		  missing & (missing - 1) ? " ... " : " ");
}

/*
 * An allow whose triple has audited permissions: record it when @req
 * asks for one of them.  Such a verdict must never be remembered, so
 * that every one of them is recorded.
 */
static noinline void sipc_report_allowed(const struct sipc_policy *policy,
					 const struct sipc_request *req,
					 u32 *memo)
{
	enum sipc_mode mode;

	if (!(req->perm & sipc_policy_audited(policy, req->subject_role,
					      req->object_role, req->class)))
		return;
	*memo = 0;
	mode = sipc_policy_mode(policy, req->subject_role ?: req->object_role);
	sipc_audit_decision(policy, req, mode, req->perm, true);
}

/*
 * Decide @req; *@memo tells whether the verdict may be remembered: only
 * an allow that reports nothing, which depends on the two roles, the
 * class, the permissions and the policy's rules, and on nothing else (not
 * on a mode).
 */
static __always_inline int sipc_decide(const struct sipc_policy *policy,
				       const struct sipc_request *req,
				       u32 *memo)
{
	enum sipc_mode mode;
	u32 granted, missing;

	if (req->subject_role == SIPC_ROLE_UNCONFINED &&
	    req->object_role == SIPC_ROLE_UNCONFINED) {
		*memo = 1;
		return 0;
	}
	sipc_stat_inc(SIPC_STAT_DECISIONS);
	granted = sipc_cache_lookup(policy, req->subject_role,
				    req->object_role, req->class);
	missing = req->perm & ~granted;
	if (likely(!missing)) {
		sipc_stat_inc(SIPC_STAT_ALLOWED_BY_RULE);
		*memo = 2;
		if (unlikely(granted & SIPC_LOOKUP_AUDIT))
			sipc_report_allowed(policy, req, memo);
		return 0;
	}
	*memo = 0;
	mode = sipc_policy_mode(policy, req->subject_role ?: req->object_role);
	sipc_report(policy, req, mode, missing);
	switch (mode) {
	case SIPC_MODE_PERMISSIVE:
		sipc_stat_inc(SIPC_STAT_PERMISSIVE);
		return 0;
	case SIPC_MODE_LEARN:
		sipc_stat_inc(SIPC_STAT_LEARNED);
		return 0;
	default:
		sipc_stat_inc(SIPC_STAT_DENIED);
		return -EACCES;
	}
}

/**
 * sipc_access() - decide one request
 * @policy: the policy in force
 * @req: the request; @req->subject is current or the task the kernel
 *	acts for (a message receiver, a signal recipient)
 *
 * Never sleeps and takes no lock: safe in the hook callbacks.  Not
 * remembered: sipc_check() is the memo's way in.
 *
 * Return: 0 to allow, -EACCES to refuse.
 */
int sipc_access(const struct sipc_policy *policy,
		const struct sipc_request *req)
{
	u32 memo;

	return sipc_decide(policy, req, &memo);
}

/**
 * sipc_check_slow() - sipc_check() when the memo does not know
 * @policy: the policy in force
 * @subject: current, or the task the kernel acts for
 * @class: enum sipc_class
 * @perm: the SIPC_PERM_* bits the operation needs
 * @role: the object's role, looked up after @epoch was read
 * @object: the object
 * @epoch: from sipc_memo_hit(): the epoch to remember the verdict under,
 *	or SIPC_MEMO_NONE
 *
 * Return: 0 to allow, -EACCES to refuse.
 */
int sipc_check_slow(const struct sipc_policy *policy,
		    struct task_struct *subject, unsigned int class,
		    u32 perm, unsigned int role, const void *object,
		    unsigned long epoch)
{
	struct sipc_request req = {
		.subject = subject,
		.subject_role = sipc_task_role(policy, subject),
		.object_role = role,
		.class = class,
		.perm = perm,
		.object = object,
	};
	struct sipc_memo_entry *e;
	u32 memo, what;
	int ret;

	ret = sipc_decide(policy, &req, &memo);
	if (memo && epoch != SIPC_MEMO_NONE) {
		what = sipc_memo_what(class, perm);
		e = sipc_memo_slot(subject, object, what);
		e->task = subject;
		e->object = object;
		e->what = what;
		e->counted = memo == 2;
		e->epoch = epoch;
	}
	return ret;
}

/*
 * The memo (access.h), allocated with the decision cache before any
 * hook is attached and freed after they are detached (a module's static
 * per-CPU room is too small for it).  sipc.memo=0 turns it off, for the
 * oracle test that compares every verdict with and without it; any
 * change of the parameter moves the epoch, so entries from before are
 * never used.
 */
struct sipc_memo __percpu *sipc_memo;
atomic_long_t sipc_memo_epoch = ATOMIC_LONG_INIT(0);
bool sipc_memo_enabled = true;

static int sipc_memo_param_set(const char *val, const struct kernel_param *kp)
{
	int err = param_set_bool(val, kp);

	sipc_memo_invalidate();
	return err;
}

static const struct kernel_param_ops sipc_memo_param_ops = {
	.set = sipc_memo_param_set,
	.get = param_get_bool,
};

module_param_cb(memo, &sipc_memo_param_ops, &sipc_memo_enabled, 0644);
MODULE_PARM_DESC(memo, "Remember allowed verdicts per CPU (default on)");
