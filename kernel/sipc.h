/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - definitions shared between the files of the module.
 */
#ifndef _SIPC_SIPC_H
#define _SIPC_SIPC_H

#include <linux/ftrace.h>
#include <linux/types.h>
#include <uapi/linux/sipc.h>

#include "compat.h"

/* A decide() result meaning "not an object of my kind": not counted. */
#define SIPC_SKIP	1

/**
 * struct sipc_hook_stats - per-CPU counters of one hook
 * @calls: operations on an object of the hook's kind that the hook saw
 * @refused: how many of those it refused
 *
 * Only ever incremented with this_cpu_inc() from the hook, and summed over
 * CPUs by readers, so no lock is needed.
 */
struct sipc_hook_stats {
	u64 calls;
	u64 refused;
};

/**
 * struct sipc_hook - one interception of one security_* function
 * @func: the security_* function to attach to
 * @name: "<kind>.<hook>", as shown in the counters
 * @decide: classifies the call from the hooked function's arguments;
 *	returns SIPC_SKIP when the object is not of this kind, 0 to allow,
 *	or -EACCES/-EPERM to refuse.  Runs in the ftrace callback with
 *	preemption disabled: it must not sleep, and must not call traceable
 *	functions that could recurse into a hooked one.
 * @stats: counters, allocated on attach, freed on detach; read only while
 *	attached (the securityfs files are removed first).
 *
 * Each IPC kind file owns a static table of these and hands it to
 * sipc_hook_add() from its init function.
 */
struct sipc_hook {
	const char *func;
	const char *name;
	int (*decide)(struct ftrace_regs *fregs);
	struct sipc_hook_stats __percpu *stats;
};

/* hook.c */
int sipc_hook_add(struct sipc_hook *hooks, unsigned int count);
int sipc_hook_attach(void);
void sipc_hook_detach(void);
void sipc_hook_reset(void);
unsigned int sipc_hook_count(void);
unsigned int sipc_hook_func_count(void);
struct sipc_hook *sipc_hook_get(unsigned int index);
struct sipc_hook *sipc_hook_find(const char *name);
void sipc_hook_read_stats(const struct sipc_hook *hook,
			  struct sipc_hook_stats *sum);

/* inject.c */
int sipc_inject_errno(const struct sipc_hook *hook);
int sipc_inject_set(struct sipc_hook *hook, pid_t tgid, int err);
void sipc_inject_clear(void);

/* netlink.c */
int sipc_netlink_init(bool inject);
void sipc_netlink_exit(void);

/* securityfs.c */
int sipc_securityfs_init(bool inject);
void sipc_securityfs_exit(void);

/* One init/exit pair per IPC kind. */
int sipc_pipe_init(void);
int sipc_unix_init(void);
int sipc_sysv_init(void);
int sipc_mqueue_init(void);
int sipc_signal_init(void);

#endif /* _SIPC_SIPC_H */
