// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - anonymous pipes and FIFOs.
 *
 * Both are S_IFIFO inodes.  Reads and writes pass security_file_permission;
 * opening a FIFO by path, or reopening a pipe through /proc/PID/fd, passes
 * security_file_open; a pipe received over SCM_RIGHTS passes
 * security_file_receive.
 */

#include <linux/fs.h>

#include "sipc.h"

static bool sipc_is_pipe(const struct file *file)
{
	return file && S_ISFIFO(file_inode(file)->i_mode);
}

/* file_permission, file_open and file_receive all take the file first. */
static int hook_pipe_file(struct ftrace_regs *fregs)
{
	struct file *file = (struct file *)sipc_fregs_arg(fregs, 0);

	return sipc_is_pipe(file) ? 0 : SIPC_SKIP;
}

static struct sipc_hook sipc_pipe_hooks[] = {
	{ "security_file_permission", "pipe.file_permission", hook_pipe_file },
	{ "security_file_open", "pipe.file_open", hook_pipe_file },
	{ "security_file_receive", "pipe.file_receive", hook_pipe_file },
};

int sipc_pipe_init(void)
{
	return sipc_hook_add(sipc_pipe_hooks, ARRAY_SIZE(sipc_pipe_hooks));
}
