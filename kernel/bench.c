// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - the cost of one cached decision, timed in the kernel (tests only).
 *
 * With the module parameter bench=1, securityfs has a file
 * "bench_lookup".  Writing "<subject role> <object role> <class>" (role
 * names, class as enum sipc_class) chooses a decision; reading it asks the
 * decision cache for that decision SIPC_BENCH_LOOKUPS times, after one
 * lookup that makes the entry warm, and reports
 *
 *	<ns per lookup> ns per lookup, <n> lookups, perms 0x<perms>
 *
 * The lookups run as the hooks run them: preemption disabled, inside an
 * RCU read-side critical section, on the policy in force.  Under QEMU's
 * -icount shift=1 the figure is twice the instructions one lookup takes,
 * loop included.  Every lookup counts as a cache hit in the statistics.
 * `make bench` reads it; nothing else should.
 */

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "access.h"
#include "bench.h"
#include "cache.h"
#include "policy.h"
#include "securityfs.h"

#define SIPC_BENCH_LOOKUPS	65536U
/* Lookups per stretch with preemption disabled, to keep each stretch short. */
#define SIPC_BENCH_BATCH	1024U

/**
 * struct sipc_bench_query - the decision the next read times
 * @subject: subject role name, "" when none was written yet
 * @object: object role name
 * @class: enum sipc_class
 *
 * Protected by sipc_bench_mutex; reads copy it out under the mutex.
 */
struct sipc_bench_query {
	char subject[SIPC_ROLE_NAME_MAX];
	char object[SIPC_ROLE_NAME_MAX];
	unsigned int class;
};

static DEFINE_MUTEX(sipc_bench_mutex);
static struct sipc_bench_query sipc_bench_query;
static struct dentry *sipc_bench_file;

/* Keeps the compiler from dropping lookups whose result is unused. */
static u32 sipc_bench_sink;

/*
 * One stretch of lookups, timed.  The policy pointer is only valid inside
 * this critical section, so roles are resolved here too.
 */
static int sipc_bench_batch(const struct sipc_bench_query *q,
			    unsigned int count, u64 *ns, u32 *perms)
{
	const struct sipc_policy *policy;
	int subject, object, ret = 0;
	unsigned int i;
	u64 start;

	preempt_disable();
	rcu_read_lock();
	policy = sipc_policy_current();
	if (!policy) {
		ret = -ENODATA;
		goto out;
	}
	subject = sipc_policy_role_by_name(policy, q->subject);
	object = sipc_policy_role_by_name(policy, q->object);
	if (subject < 0 || object < 0) {
		ret = -ENOENT;
		goto out;
	}
	/* Warm: the first lookup of a batch may miss; only hits are timed. */
	*perms = sipc_cache_lookup(policy, subject, object, q->class);
	start = ktime_get_ns();
	for (i = 0; i < count; i++)
		sipc_bench_sink += sipc_cache_lookup(policy, subject, object,
						     q->class);
	*ns += ktime_get_ns() - start;
out:
	rcu_read_unlock();
	preempt_enable();
	return ret;
}

static int sipc_bench_show(struct seq_file *m, void *v)
{
	struct sipc_bench_query q;
	unsigned int done;
	u64 ns = 0, ps;
	u32 perms = 0;
	int err;

	mutex_lock(&sipc_bench_mutex);
	q = sipc_bench_query;
	mutex_unlock(&sipc_bench_mutex);
	if (!q.subject[0])
		return -ENODATA;

	for (done = 0; done < SIPC_BENCH_LOOKUPS; done += SIPC_BENCH_BATCH) {
		err = sipc_bench_batch(&q, SIPC_BENCH_BATCH, &ns, &perms);
		if (err)
			return err;
		cond_resched();
	}
	ps = div_u64(ns * 1000, SIPC_BENCH_LOOKUPS);
	seq_printf(m, "%llu.%03llu ns per lookup, %u lookups, perms 0x%x\n",
		   div_u64(ps, 1000), ps % 1000, SIPC_BENCH_LOOKUPS, perms);
	return 0;
}

static int sipc_bench_open(struct inode *inode, struct file *file)
{
	return single_open(file, sipc_bench_show, NULL);
}

/* "<subject role> <object role> <class>", one query per write. */
static ssize_t sipc_bench_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	char buf[2 * SIPC_ROLE_NAME_MAX + 16];
	struct sipc_bench_query q;

	if (!capable(CAP_MAC_ADMIN))
		return -EPERM;
	if (*ppos || len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';

	BUILD_BUG_ON(SIPC_ROLE_NAME_MAX != 64);
	if (sscanf(buf, "%63s %63s %u", q.subject, q.object, &q.class) != 3 ||
	    q.class == SIPC_CLASS_UNSPEC || q.class > SIPC_CLASS_MAX)
		return -EINVAL;

	mutex_lock(&sipc_bench_mutex);
	sipc_bench_query = q;
	mutex_unlock(&sipc_bench_mutex);
	return len;
}

static const struct file_operations sipc_bench_fops = {
	.owner = THIS_MODULE,
	.open = sipc_bench_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = sipc_bench_write,
};

/**
 * sipc_bench_init() - create the bench_lookup file
 *
 * Called after sipc_securityfs_init(), only with bench=1.
 *
 * Return: 0 or a negative errno.
 */
int sipc_bench_init(void)
{
	sipc_bench_file = securityfs_create_file("bench_lookup", 0600,
						 sipc_securityfs_dir(), NULL,
						 &sipc_bench_fops);
	if (IS_ERR(sipc_bench_file)) {
		int err = PTR_ERR(sipc_bench_file);

		sipc_bench_file = NULL;
		return err;
	}
	return 0;
}

/*
 * Removed before the directory and before the policy goes away; harmless
 * when the file was never created.
 */
void sipc_bench_exit(void)
{
	securityfs_remove(sipc_bench_file);
	sipc_bench_file = NULL;
}
