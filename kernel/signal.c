// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - signals between processes.
 *
 * kill, tgkill, tkill, sigqueue and pidfd_send_signal all pass
 * security_task_kill with the sender as current; SIGIO/SIGURG sent on
 * behalf of a file owner pass security_file_send_sigiotask.  Signals the
 * kernel sends by itself (SIGCHLD, SIGPIPE, faults) pass neither.
 *
 * The object of a signal is the process it is sent to.  A SIGIO has no
 * sending process (it may be raised from softirq): it is sent by the
 * socket or pipe whose owner asked for it, with that object's role as
 * the subject.
 */

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/net.h>
#include <linux/signal.h>
#include <net/sock.h>

#include "access.h"
#include "hook.h"
#include "label.h"
#include "signal.h"

static u32 sipc_signal_perm(int sig)
{
	switch (sig) {
	case SIGKILL:
		return SIPC_PERM_KILL;
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return SIPC_PERM_STOP;
	case SIGCHLD:
		return SIPC_PERM_CHILD;
	default:
		return SIPC_PERM_SIGNAL;
	}
}

static int hook_task_kill(struct ftrace_regs *fregs)
{
	struct task_struct *target = (struct task_struct *)sipc_fregs_arg(fregs, 0);
	int sig = (int)sipc_fregs_arg(fregs, 2);
	const struct cred *cred = (const struct cred *)sipc_fregs_arg(fregs, 3);
	const struct sipc_policy *policy;

	/* USB async I/O completion, sent with the opener's credentials. */
	if (cred)
		return 0;
	policy = sipc_policy_current();
	if (!policy)
		return 0;
	return sipc_check_task(policy, SIPC_CLASS_SIGNAL, sipc_signal_perm(sig),
			       target);
}

/* The role of the object a SIGIO comes from: a unix socket or a pipe. */
static unsigned int sipc_sigio_source(const struct sipc_policy *policy,
				      struct file *file)
{
	struct socket *sock;

	if (!file)
		return SIPC_ROLE_UNCONFINED;
	sock = sock_from_file(file);
	if (sock && sock->sk && sock->sk->sk_family == AF_UNIX)
		return sipc_object_role(policy, sock->sk);
	if (S_ISFIFO(file_inode(file)->i_mode))
		return sipc_object_role(policy, file_inode(file));
	return SIPC_ROLE_UNCONFINED;
}

static int hook_file_send_sigiotask(struct ftrace_regs *fregs)
{
	struct task_struct *target = (struct task_struct *)sipc_fregs_arg(fregs, 0);
	struct fown_struct *fown = (struct fown_struct *)sipc_fregs_arg(fregs, 1);
	int sig = (int)sipc_fregs_arg(fregs, 2);
	const struct sipc_policy *policy = sipc_policy_current();
	struct sipc_request req;

	if (!policy)
		return 0;
	req.subject = target;
	req.subject_role = sipc_sigio_source(policy, sipc_fown_file(fown));
	req.object_role = sipc_task_role(policy, target);
	req.class = SIPC_CLASS_SIGNAL;
	req.perm = sipc_signal_perm(sig ?: SIGIO);
	req.object = target;
	return sipc_access(policy, &req);
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
