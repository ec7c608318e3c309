/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - operations (operation.c): interfaces a role implements, the
 * operation each message invokes, and the permissions a process holds
 * now (its narrowings) under what its role may ever hold.
 *
 * sipc_op_check_msgq(), sipc_op_task_inherit() and sipc_op_task_free()
 * run in the hook callbacks: they never sleep.  sipc_op_narrow() and
 * sipc_op_exit() run in process context.
 */
#ifndef _SIPC_OPERATION_H
#define _SIPC_OPERATION_H

#include <linux/types.h>

struct kern_ipc_perm;
struct sipc_policy;
struct task_struct;

int sipc_op_check_msgq(const struct sipc_policy *policy,
		       const struct kern_ipc_perm *perm, long mtype);
int sipc_op_narrow(const char *iface, const char *perms);
int sipc_op_task_inherit(struct task_struct *child);
void sipc_op_task_free(struct task_struct *task);
void sipc_op_exit(void);

#endif /* _SIPC_OPERATION_H */
