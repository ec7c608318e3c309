/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - fault injection (inject.c), for tests only (inject=1): make a
 * hook refuse one thread group's operations.
 *
 * The rules in force are replaced as a whole under a mutex and read
 * under RCU by the hook callback.
 */
#ifndef _SIPC_INJECT_H
#define _SIPC_INJECT_H

#include <linux/types.h>
#include <uapi/linux/sipc.h>

struct sipc_hook;

int sipc_inject_errno(const struct sipc_hook *hook);
int sipc_inject_set(struct sipc_hook *hook, pid_t tgid, int err);
void sipc_inject_clear(void);

#endif /* _SIPC_INJECT_H */
