/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - hooks: how the IPC kind files attach to the kernel's security_*
 * functions (hook.c), and the differences between the kernels sipc
 * supports, and only those.
 *
 * The hooks read the hooked function's arguments from a struct ftrace_regs
 * (the direct trampoline builds one on its stack) and the ftrace callback,
 * to refuse, moves the saved instruction pointer.  6.1 exposes struct pt_regs inside
 * struct ftrace_regs and names the setter ftrace_instruction_pointer_set();
 * from 6.8 on struct ftrace_regs is opaque and the accessors are
 * ftrace_regs_get_argument() and ftrace_regs_set_instruction_pointer().
 * Both are macros on x86, so test for them rather than for versions.
 */
#ifndef _SIPC_HOOK_H
#define _SIPC_HOOK_H

#include <linux/ftrace.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/types.h>

#if !defined(CONFIG_DYNAMIC_FTRACE_WITH_ARGS) && \
	!defined(CONFIG_DYNAMIC_FTRACE_WITH_REGS)
#error "sipc needs CONFIG_DYNAMIC_FTRACE_WITH_ARGS or _WITH_REGS"
#endif
#ifndef CONFIG_KPROBES
#error "sipc needs CONFIG_KPROBES to resolve the functions it attaches to"
#endif

#ifdef ftrace_regs_get_argument
#define sipc_fregs_arg(fregs, n)	ftrace_regs_get_argument(fregs, n)
#else
#define sipc_fregs_arg(fregs, n)	regs_get_kernel_argument(&(fregs)->regs, n)
#endif

#ifdef ftrace_regs_set_instruction_pointer
#define sipc_fregs_set_ip(fregs, ip)	ftrace_regs_set_instruction_pointer(fregs, ip)
#else
#define sipc_fregs_set_ip(fregs, ip)	ftrace_instruction_pointer_set(fregs, ip)
#endif

/*
 * The file a SIGIO is sent for: 6.1 embeds struct fown_struct in struct
 * file; 6.12 allocates it separately, with a pointer back to the file.
 * Kbuild finds out which (SIPC_FOWN_HAS_FILE).
 */
#ifdef SIPC_FOWN_HAS_FILE
#define sipc_fown_file(fown)	((fown)->file)
#else
#define sipc_fown_file(fown)	container_of(fown, struct file, f_owner)
#endif

/*
 * With WITH_ARGS the trampoline saves the argument registers and reloads
 * the instruction pointer, which is all we need; full pt_regs would cost
 * every hooked call for nothing.
 */
#ifdef CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS
#define SIPC_FTRACE_REGS_FLAGS	0
#else
#define SIPC_FTRACE_REGS_FLAGS	FTRACE_OPS_FL_SAVE_REGS
#endif

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
 *	or -EACCES/-EPERM to refuse.  Runs from the direct trampoline or
 *	the ftrace callback with preemption disabled: it must not sleep, and
 *	must not call a hooked function (the direct path has no recursion
 *	guard).
 * @stats: counters, allocated on attach, freed on detach; read only while
 *	attached (the securityfs files are removed first).
 *
 * Each IPC kind file owns a static table of these and hands it to
 * sipc_hook_add() from its init function.  The tables are registered and
 * attached only from module init and exit, which the module loader
 * serialises; while attached they do not change.
 */
struct sipc_hook {
	const char *func;
	const char *name;
	int (*decide)(struct ftrace_regs *fregs);
	struct sipc_hook_stats __percpu *stats;
};

/*
 * intercept=direct: the trampoline (hook_tramp.S) that ftrace calls from
 * each hooked function's entry, and the function it calls (hook.c).
 */
void sipc_direct_trampoline(void);
int sipc_direct_decide(struct ftrace_regs *fregs, unsigned long ret_ip);

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

#endif /* _SIPC_HOOK_H */
