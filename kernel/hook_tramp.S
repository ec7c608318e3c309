/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - the direct-call trampoline (x86-64).
 *
 * ftrace patches the call at the entry of every hooked security_* function
 * to call this trampoline directly, so no ftrace callback, ops list or
 * full register save runs on the way.  On entry the stack holds the return
 * address into the hooked function (its ftrace location plus the call's
 * length) and, above it, the return address into the function's caller;
 * the argument registers hold the hooked function's arguments.
 *
 * The trampoline saves the argument registers in a struct pt_regs on its
 * stack, which is what struct ftrace_regs is on x86 on every kernel sipc
 * supports, so the hooks' decide() functions read the same arguments as
 * under the ftrace callback.  It calls sipc_direct_decide() directly, not
 * through a pointer, and then either returns into the hooked function
 * (allowed) or, to refuse, drops the return address into it and returns to
 * its caller with the errno in %rax, as a BPF fmod_ret program does: the
 * hooked function never runs, which is where an LSM would refuse.
 *
 * objtool validates this code and generates its ORC data like any other:
 * the frame is a standard one until leave, and after the return address
 * into the hooked function is dropped the stack is that of a function
 * entered from the caller, which the hint says.  RET is the return thunk
 * the kernel is configured with, SYM_FUNC_START adds the ENDBR that IBT
 * kernels require (ftrace reaches us with a ret when other ftrace users
 * share the function, never with an indirect call, but it costs nothing).
 */

#include <linux/linkage.h>
#include <asm/ptrace-abi.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>

#define SIPC_TRAMP_FRAME	FRAME_SIZE

	.text
SYM_FUNC_START(sipc_direct_trampoline)
	pushq	%rbp
	movq	%rsp, %rbp
#ifdef SIPC_HAVE_CALL_DEPTH_ACCOUNT
	CALL_DEPTH_ACCOUNT
#endif
	subq	$SIPC_TRAMP_FRAME, %rsp
	movq	%rdi, RDI(%rsp)
	movq	%rsi, RSI(%rsp)
	movq	%rdx, RDX(%rsp)
	movq	%rcx, RCX(%rsp)
	movq	%r8, R8(%rsp)
	movq	%r9, R9(%rsp)

	/* sipc_direct_decide(regs, return address into the hooked function) */
	movq	%rsp, %rdi
	movq	8(%rbp), %rsi
	call	sipc_direct_decide

	movq	RDI(%rsp), %rdi
	movq	RSI(%rsp), %rsi
	movq	RDX(%rsp), %rdx
	movq	RCX(%rsp), %rcx
	movq	R8(%rsp), %r8
	movq	R9(%rsp), %r9
	leave
	testl	%eax, %eax
	jnz	.Lsipc_refuse
	RET

.Lsipc_refuse:
	/* Skip the hooked function: return to its caller with the errno. */
	addq	$8, %rsp
	UNWIND_HINT_FUNC
	RET
SYM_FUNC_END(sipc_direct_trampoline)
