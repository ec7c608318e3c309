// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - the roles of processes: given at exec, inherited over fork.
 *
 * A process gets its role when it execs, from the policy's match rules
 * on its new executable and credentials, and its children inherit it.
 * When exec puts a process into a different confined role, descriptors it
 * inherited may be ones the new role must not use; pipes and queues can
 * be used through calls no hook sees (vmsplice, splice, tee,
 * mq_timedsend), so those the new role may not use are closed before the
 * process returns to user space, as SELinux does on exec.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/task_work.h>

#include "access.h"
#include "hook.h"
#include "label.h"
#include "mqueue.h"
#include "operation.h"
#include "pipe.h"
#include "task.h"

static int hook_task_alloc(struct ftrace_regs *fregs)
{
	struct task_struct *child = (struct task_struct *)sipc_fregs_arg(fregs, 0);

	return sipc_task_inherit(sipc_policy_current(), child) ?:
	       sipc_op_task_inherit(child) ?: SIPC_SKIP;
}

static int hook_task_free(struct ftrace_regs *fregs)
{
	sipc_op_task_free((struct task_struct *)sipc_fregs_arg(fregs, 0));
	sipc_label_forget((void *)sipc_fregs_arg(fregs, 0));
	return SIPC_SKIP;
}

/*
 * iterate_fd() callback, under the file table's lock: fd + 1 when the
 * file must be closed, 0 to go on.
 */
static int sipc_exec_file_denied(const void *arg, struct file *file,
				 unsigned int fd)
{
	const struct sipc_policy *policy;
	int ret;

	rcu_read_lock();
	policy = sipc_policy_current();
	ret = policy ? sipc_pipe_file_access(policy, file) : SIPC_SKIP;
	if (policy && ret == SIPC_SKIP)
		ret = sipc_mqueue_file_access(policy, file);
	rcu_read_unlock();
	return ret == -EACCES ? fd + 1 : 0;
}

/* Runs as current returns to user space after exec; may sleep. */
static void sipc_exec_close_files(struct callback_head *work)
{
	unsigned int next = 0;
	int found;

	kfree(work);
	while ((found = iterate_fd(current->files, next,
				   sipc_exec_file_denied, NULL)) > 0) {
		pr_notice_ratelimited("pid %d (%s): closed inherited descriptor %d its new role may not use\n",
				      task_tgid_nr(current), current->comm,
				      found - 1);
		close_fd(found - 1);
		next = found;
	}
}

static int hook_bprm_committed_creds(struct ftrace_regs *fregs)
{
	struct linux_binprm *bprm = (struct linux_binprm *)sipc_fregs_arg(fregs, 0);
	const struct sipc_policy *policy = sipc_policy_current();
	unsigned int before = sipc_task_role(policy, current);
	struct callback_head *work;
	unsigned int after;

	after = sipc_task_exec(policy, bprm->file);
	if (after == before || after == SIPC_ROLE_UNCONFINED)
		return SIPC_SKIP;
	/*
	 * Without memory to defer the check, fail closed: the new image is
	 * already committed, so the only safe answer is to kill it.
	 */
	work = kmalloc(sizeof(*work), GFP_ATOMIC | __GFP_NOWARN);
	if (!work) {
		force_sig(SIGKILL);
		return SIPC_SKIP;
	}
	init_task_work(work, sipc_exec_close_files);
	if (task_work_add(current, work, TWA_RESUME))
		kfree(work);
	return SIPC_SKIP;
}

static struct sipc_hook sipc_task_hooks[] = {
	{ "security_task_alloc", "task.alloc", hook_task_alloc },
	{ "security_task_free", "task.free", hook_task_free },
	{ "security_bprm_committed_creds", "task.exec",
	  hook_bprm_committed_creds },
};

int sipc_task_init(void)
{
	return sipc_hook_add(sipc_task_hooks, ARRAY_SIZE(sipc_task_hooks));
}
