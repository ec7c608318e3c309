// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - anonymous pipes and FIFOs.
 *
 * Both are S_IFIFO inodes.  Reads and writes pass security_file_permission;
 * opening a FIFO by path, or reopening a pipe through /proc/PID/fd, passes
 * security_file_open; a pipe received over SCM_RIGHTS passes
 * security_file_receive.  vmsplice(), and splice() and tee() between two
 * pipes, pass no hook at all, so the descriptor is checked wherever a
 * process acquires one: at open, at receipt, and at exec into a new role
 * (task.c).
 *
 * An anonymous pipe has the role of the process that created it.  A FIFO
 * lives on a filesystem and outlives every process, so its role comes
 * from the policy's FIFO labels when it is opened, and a FIFO no label
 * names is unconfined.
 */

#include <linux/fs.h>
#include <linux/magic.h>

#include "access.h"
#include "hook.h"
#include "label.h"
#include "pipe.h"

static bool sipc_is_pipe(const struct file *file)
{
	return file && S_ISFIFO(file_inode(file)->i_mode);
}

static unsigned int sipc_pipe_class(const struct inode *inode)
{
	return inode->i_sb->s_magic == PIPEFS_MAGIC ? SIPC_CLASS_PIPE :
						      SIPC_CLASS_FIFO;
}

static u32 sipc_pipe_file_perms(const struct file *file)
{
	return (file->f_mode & FMODE_READ ? SIPC_PERM_READ : 0) |
	       (file->f_mode & FMODE_WRITE ? SIPC_PERM_WRITE : 0);
}

/* Check @perms (none: nothing to check) on the pipe or FIFO @inode. */
static int sipc_pipe_check(const struct sipc_policy *policy,
			   struct inode *inode, u32 perms)
{
	if (!perms)
		return 0;
	return sipc_check_object(policy, sipc_pipe_class(inode), perms, inode);
}

/**
 * sipc_pipe_file_access() - may current hold this descriptor?
 * @policy: the policy in force
 * @file: a file current opens, receives or keeps across exec
 *
 * Return: SIPC_SKIP when @file is no pipe or FIFO; else 0 or -EACCES,
 * from the permissions its open mode needs.
 */
int sipc_pipe_file_access(const struct sipc_policy *policy, struct file *file)
{
	if (!sipc_is_pipe(file))
		return SIPC_SKIP;
	return sipc_pipe_check(policy, file_inode(file),
			       sipc_pipe_file_perms(file));
}

static int hook_file_permission(struct ftrace_regs *fregs)
{
	struct file *file = (struct file *)sipc_fregs_arg(fregs, 0);
	int mask = (int)sipc_fregs_arg(fregs, 1);
	const struct sipc_policy *policy;

	if (!sipc_is_pipe(file))
		return SIPC_SKIP;
	policy = sipc_policy_current();
	if (!policy)
		return 0;
	return sipc_pipe_check(policy, file_inode(file),
			       (mask & MAY_READ ? SIPC_PERM_READ : 0) |
			       (mask & (MAY_WRITE | MAY_APPEND) ?
				SIPC_PERM_WRITE : 0));
}

/* A FIFO's role is the policy's label for its path, looked up at open. */
static void sipc_fifo_label(const struct sipc_policy *policy,
			    struct file *file)
{
	const char *path;
	int role;

	if (!sipc_label_kind_used(policy, SIPC_LABEL_FIFO))
		return;
	path = d_path(&file->f_path, sipc_scratch_name(), PATH_MAX);
	role = IS_ERR(path) ? -ENOENT :
	       sipc_label_by_name(policy, SIPC_LABEL_FIFO, path);
	sipc_object_set(policy, file_inode(file), role < 0 ? 0 : role);
}

static int hook_file_open(struct ftrace_regs *fregs)
{
	struct file *file = (struct file *)sipc_fregs_arg(fregs, 0);
	const struct sipc_policy *policy;

	if (!sipc_is_pipe(file))
		return SIPC_SKIP;
	policy = sipc_policy_current();
	if (!policy)
		return 0;
	if (sipc_pipe_class(file_inode(file)) == SIPC_CLASS_FIFO)
		sipc_fifo_label(policy, file);
	return sipc_pipe_file_access(policy, file);
}

static int hook_file_receive(struct ftrace_regs *fregs)
{
	struct file *file = (struct file *)sipc_fregs_arg(fregs, 0);
	const struct sipc_policy *policy;

	if (!sipc_is_pipe(file))
		return SIPC_SKIP;
	policy = sipc_policy_current();
	return policy ? sipc_pipe_file_access(policy, file) : 0;
}

/* A new pipe takes the role of the process creating it. */
static int hook_inode_alloc(struct ftrace_regs *fregs)
{
	struct inode *inode = (struct inode *)sipc_fregs_arg(fregs, 0);

	if (inode->i_sb->s_magic == PIPEFS_MAGIC)
		sipc_object_created(inode);
	return SIPC_SKIP;
}

static struct sipc_hook sipc_pipe_hooks[] = {
	{ "security_file_permission", "pipe.file_permission",
	  hook_file_permission },
	{ "security_file_open", "pipe.file_open", hook_file_open },
	{ "security_file_receive", "pipe.file_receive", hook_file_receive },
	{ "security_inode_alloc", "pipe.inode_alloc", hook_inode_alloc },
};

int sipc_pipe_init(void)
{
	return sipc_hook_add(sipc_pipe_hooks, ARRAY_SIZE(sipc_pipe_hooks));
}
