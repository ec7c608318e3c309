// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - signals between processes.
 *
 * kill, tgkill, tkill, sigqueue and pidfd_send_signal all pass
 * security_task_kill with the sender as current; SIGIO/SIGURG sent on
 * behalf of a file owner pass security_file_send_sigiotask.  Signals the
 * kernel sends by itself (SIGCHLD, SIGPIPE, faults) pass neither.
 */

#include "sipc.h"

static int hook_task_kill(struct ftrace_regs *fregs)
{
	return 0;
}

static int hook_file_send_sigiotask(struct ftrace_regs *fregs)
{
	return 0;
}

static struct sipc_hook sipc_signal_hooks[] = {
	{ "security_task_kill", "signal.kill", hook_task_kill },
	{ "security_file_send_sigiotask", "signal.sigiotask",
	  hook_file_send_sigiotask },
};

int sipc_signal_init(void)
{
	return sipc_hook_add(sipc_signal_hooks, ARRAY_SIZE(sipc_signal_hooks));
}
