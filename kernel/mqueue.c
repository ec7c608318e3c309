// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - POSIX message queues.
 *
 * Queues are inodes of the mqueue filesystem: mq_open(O_CREAT) creates one
 * through security_inode_create, every mq_open opens it through
 * security_file_open, mq_unlink removes it through security_inode_unlink.
 * mq_timedsend/mq_timedreceive on an open queue pass no hook at all, so
 * the descriptor is the point of control: at open, at receipt over
 * SCM_RIGHTS, and at exec into a new role (task.c).
 *
 * A queue has the role the policy's mqueue labels give its name, else the
 * role of the process that created it.
 */

#include <linux/dcache.h>
#include <linux/fs.h>
/* ipc/mqueue.c keeps its magic private; it has not changed since 2.6. */
#define SIPC_MQUEUE_MAGIC	0x19800202

#include "access.h"
#include "hook.h"
#include "label.h"
#include "mqueue.h"

static bool sipc_is_mqueue_inode(const struct inode *inode)
{
	return inode && inode->i_sb->s_magic == SIPC_MQUEUE_MAGIC;
}

/* The role of the queue @dentry names (its inode may not exist yet). */
static unsigned int sipc_mqueue_role(const struct sipc_policy *policy,
				     const struct dentry *dentry,
				     unsigned int creator)
{
	char *name;
	int role;

	if (sipc_label_kind_used(policy, SIPC_LABEL_MQUEUE)) {
		name = sipc_scratch_name();
		name[0] = '/';
		strscpy(name + 1, dentry->d_name.name, NAME_MAX + 1);
		role = sipc_label_by_name(policy, SIPC_LABEL_MQUEUE, name);
		if (role >= 0)
			return role;
	}
	if (d_really_is_positive(dentry))
		return sipc_object_role(policy, d_inode(dentry));
	return creator;
}

/**
 * sipc_mqueue_file_access() - may current hold this queue descriptor?
 * @policy: the policy in force
 * @file: a file current opens, receives or keeps across exec
 *
 * Return: SIPC_SKIP when @file is no queue; else 0 or -EACCES, from the
 * permissions its open mode needs (reading receives, writing sends).
 */
int sipc_mqueue_file_access(const struct sipc_policy *policy,
			    struct file *file)
{
	u32 perms;

	if (!file || !sipc_is_mqueue_inode(file_inode(file)) ||
	    S_ISDIR(file_inode(file)->i_mode))
		return SIPC_SKIP;
	perms = (file->f_mode & FMODE_READ ? SIPC_PERM_RECEIVE : 0) |
		(file->f_mode & FMODE_WRITE ? SIPC_PERM_SEND : 0);
	if (!perms)
		return 0;
	return sipc_check(policy, SIPC_CLASS_MQUEUE, perms,
			  sipc_mqueue_role(policy, file->f_path.dentry, 0),
			  file->f_path.dentry);
}

/* inode_create and inode_unlink both take the parent directory first. */
static int sipc_mqueue_dir_op(struct ftrace_regs *fregs, u32 perm)
{
	struct inode *dir = (struct inode *)sipc_fregs_arg(fregs, 0);
	struct dentry *dentry = (struct dentry *)sipc_fregs_arg(fregs, 1);
	const struct sipc_policy *policy;
	unsigned int role;

	if (!sipc_is_mqueue_inode(dir))
		return SIPC_SKIP;
	policy = sipc_policy_current();
	if (!policy)
		return 0;
	role = sipc_task_role(policy, current);
	return sipc_check(policy, SIPC_CLASS_MQUEUE, perm,
			  sipc_mqueue_role(policy, dentry, role), dentry);
}

static int hook_inode_create(struct ftrace_regs *fregs)
{
	return sipc_mqueue_dir_op(fregs, SIPC_PERM_CREATE);
}

static int hook_inode_unlink(struct ftrace_regs *fregs)
{
	return sipc_mqueue_dir_op(fregs, SIPC_PERM_DESTROY);
}

/* file_open and file_receive: the file first, checked the same way. */
static int hook_queue_file(struct ftrace_regs *fregs)
{
	struct file *file = (struct file *)sipc_fregs_arg(fregs, 0);
	const struct sipc_policy *policy;

	if (!file || !sipc_is_mqueue_inode(file_inode(file)))
		return SIPC_SKIP;
	policy = sipc_policy_current();
	if (!policy)
		return 0;
	return sipc_mqueue_file_access(policy, file) == -EACCES ? -EACCES : 0;
}

/* A new queue inode takes the role of the process creating it. */
static int hook_inode_alloc(struct ftrace_regs *fregs)
{
	struct inode *inode = (struct inode *)sipc_fregs_arg(fregs, 0);

	if (sipc_is_mqueue_inode(inode))
		sipc_object_created(inode);
	return SIPC_SKIP;
}

static struct sipc_hook sipc_mqueue_hooks[] = {
	{ "security_inode_create", "mqueue.create", hook_inode_create },
	{ "security_file_open", "mqueue.open", hook_queue_file },
	{ "security_inode_unlink", "mqueue.unlink", hook_inode_unlink },
	{ "security_file_receive", "mqueue.file_receive", hook_queue_file },
	{ "security_inode_alloc", "mqueue.inode_alloc", hook_inode_alloc },
};

int sipc_mqueue_init(void)
{
	return sipc_hook_add(sipc_mqueue_hooks, ARRAY_SIZE(sipc_mqueue_hooks));
}
