/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sipc - secure IPC for Linux: the contract between the module and userspace.
 *
 * Everything the kernel module and userspace share is declared here and
 * nowhere else.
 *
 * Hook counters
 * -------------
 *
 * The module attaches to the kernel's security_* entry points for each IPC
 * kind.  Every hook keeps two counters: how often it saw an IPC object of
 * its kind, and how often it refused the operation.  They are read from
 * securityfs, one hook per line, in the order the module attached them:
 *
 *	<kind>.<hook> <calls> <refused>
 *
 * for example "pipe.file_permission 1234 0".  A hook name is at most
 * SIPC_HOOK_NAME_MAX bytes including the terminating NUL.  Lines are
 * never removed or renamed within one SIPC_ABI_VERSION; new hooks are
 * added at the end of their kind.
 */
#ifndef _UAPI_LINUX_SIPC_H
#define _UAPI_LINUX_SIPC_H

#define SIPC_ABI_VERSION	1

/* Directory of the module's files under securityfs (/sys/kernel/security). */
#define SIPC_SECURITYFS_DIR	"sipc"
/* Read-only: one line per hook, "<kind>.<hook> <calls> <refused>". */
#define SIPC_SECURITYFS_HOOKS	"hooks"
/* Read-only: "<SIPC_ABI_VERSION>\n". */
#define SIPC_SECURITYFS_ABI	"abi_version"
/*
 * Write-only, present only when the module is loaded with inject=1 (fault
 * injection for tests): "<kind>.<hook> <tgid> <errno>" makes that hook
 * refuse every operation of thread group <tgid> with -<errno>;
 * "<kind>.<hook> <tgid> 0" lifts it; "clear" lifts all.
 */
#define SIPC_SECURITYFS_INJECT	"inject"

#define SIPC_HOOK_NAME_MAX	48
/* At most this many injected refusals are active at once. */
#define SIPC_INJECT_MAX		16

#endif /* _UAPI_LINUX_SIPC_H */
