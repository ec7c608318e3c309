// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - POSIX message queues.
 *
 * Queues are inodes of the mqueue filesystem: mq_open(O_CREAT) creates one
 * through security_inode_create, every mq_open opens it through
 * security_file_open, mq_unlink removes it through security_inode_unlink.
 * mq_timedsend/mq_timedreceive on an open queue pass no hook at all, so
 * the descriptor is the point of control.
 */

#include <linux/fs.h>
/* ipc/mqueue.c keeps its magic private; it has not changed since 2.6. */
#define SIPC_MQUEUE_MAGIC	0x19800202

#include "sipc.h"

static bool sipc_is_mqueue_inode(const struct inode *inode)
{
	return inode && inode->i_sb->s_magic == SIPC_MQUEUE_MAGIC;
}

/* inode_create and inode_unlink both take the parent directory first. */
static int hook_mqueue_dir(struct ftrace_regs *fregs)
{
	struct inode *dir = (struct inode *)sipc_fregs_arg(fregs, 0);

	return sipc_is_mqueue_inode(dir) ? 0 : SIPC_SKIP;
}

static int hook_file_open(struct ftrace_regs *fregs)
{
	struct file *file = (struct file *)sipc_fregs_arg(fregs, 0);

	return file && sipc_is_mqueue_inode(file_inode(file)) ? 0 : SIPC_SKIP;
}

static struct sipc_hook sipc_mqueue_hooks[] = {
	{ "security_inode_create", "mqueue.create", hook_mqueue_dir },
	{ "security_file_open", "mqueue.open", hook_file_open },
	{ "security_inode_unlink", "mqueue.unlink", hook_mqueue_dir },
};

int sipc_mqueue_init(void)
{
	return sipc_hook_add(sipc_mqueue_hooks, ARRAY_SIZE(sipc_mqueue_hooks));
}
