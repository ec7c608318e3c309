/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - fault injection (inject.c), for tests only (inject=1): make a
 * hook refuse one thread group's operations.
 *
 * The rules in force are replaced as a whole under a mutex and read
 * under RCU by the hook callback.  The callback looks for them only when
 * sipc_inject_enable() was called, at load with inject=1, before the
 * hooks are attached: otherwise a static key skips the look-up, and the
 * only cost of this file to a production load is a no-op.
 */
#ifndef _SIPC_INJECT_H
#define _SIPC_INJECT_H

#include <linux/jump_label.h>
#include <linux/types.h>
#include <uapi/linux/sipc.h>

struct sipc_hook;

DECLARE_STATIC_KEY_FALSE(sipc_inject_enabled);

void sipc_inject_enable(void);
int sipc_inject_errno(const struct sipc_hook *hook);
int sipc_inject_set(struct sipc_hook *hook, pid_t tgid, int err);
void sipc_inject_clear(void);
void sipc_inject_stack_arm(pid_t tgid);
struct seq_file;
int sipc_inject_stack_show(struct seq_file *m, void *v);

/**
 * sipc_inject_check() - the refusal injected for this hook and task, if any
 * @hook: the hook being run
 *
 * For the hook callback: any context, never sleeps.
 *
 * Return: 0, or the negative errno the hook must refuse with.
 */
static __always_inline int sipc_inject_check(const struct sipc_hook *hook)
{
	if (static_branch_unlikely(&sipc_inject_enabled))
		return sipc_inject_errno(hook);
	return 0;
}

#endif /* _SIPC_INJECT_H */
