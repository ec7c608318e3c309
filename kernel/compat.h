/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The differences between the kernels sipc supports, and only those.
 *
 * The ftrace callback reads the hooked function's arguments and, to refuse,
 * moves the saved instruction pointer.  6.1 exposes struct pt_regs inside
 * struct ftrace_regs and names the setter ftrace_instruction_pointer_set();
 * from 6.8 on struct ftrace_regs is opaque and the accessors are
 * ftrace_regs_get_argument() and ftrace_regs_set_instruction_pointer().
 * Both are macros on x86, so test for them rather than for versions.
 */
#ifndef _SIPC_COMPAT_H
#define _SIPC_COMPAT_H

#include <linux/ftrace.h>
#include <linux/ptrace.h>

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

#endif /* _SIPC_COMPAT_H */
