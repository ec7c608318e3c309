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
 *
 * Generic netlink
 * ---------------
 *
 * The module registers the generic netlink family SIPC_GENL_NAME, version
 * SIPC_GENL_VERSION, in the initial network namespace.  Resolve its id
 * through the "nlctrl" family (CTRL_CMD_GETFAMILY).  Every command is
 * validated strictly: the reserved field of the genetlink header must be
 * 0, an attribute the family does not know, or one of the wrong type or
 * length, fails the request with -EINVAL and an extended ACK message
 * (request NETLINK_EXT_ACK on the socket to read it).  Attributes a
 * command does not use are ignored.
 *
 * SIPC_CMD_GET_STATUS
 *   A do command (no NLM_F_DUMP) without attributes; needs no privilege.
 *   The reply is one message of the same command with:
 *
 *	SIPC_A_ABI_VERSION: NLA_U32, SIPC_ABI_VERSION
 *	SIPC_A_HOOK_COUNT: NLA_U32, the number of hooks (SIPC_CMD_GET_HOOKS)
 *	SIPC_A_FUNC_COUNT: NLA_U32, the number of kernel functions the
 *	                   hooks are attached to (several hooks may share one)
 *	SIPC_A_INJECT: NLA_U8, 1 when fault injection (module parameter
 *	               inject=1, for tests) is enabled, else 0
 *
 * SIPC_CMD_GET_HOOKS
 *   A dump command (NLM_F_DUMP) without attributes; needs no privilege.
 *   One message per hook, in the order of the securityfs "hooks" file,
 *   each with:
 *
 *	SIPC_A_HOOK_NAME: NLA_NUL_STRING, "<kind>.<hook>", at most
 *	                  SIPC_HOOK_NAME_MAX bytes with the NUL
 *	SIPC_A_HOOK_CALLS: NLA_U64, operations the hook saw
 *	SIPC_A_HOOK_REFUSED: NLA_U64, operations it refused
 *
 *   64-bit attributes may be preceded by an SIPC_A_PAD attribute, which
 *   aligns them and carries nothing; skip it.  The set of hooks never
 *   changes while the module is loaded, so a dump is consistent across
 *   its messages, though each counter is read when its message is built.
 *
 * Commands to come (numbers reserved in the order below): a policy load
 * transaction (begin, chunk, commit, abort), the enforcement mode, a dump
 * of the rules and statistics, and a multicast group for events.  Those
 * that change state will require CAP_MAC_ADMIN.
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

#define SIPC_GENL_NAME		"sipc"
#define SIPC_GENL_VERSION	1

enum sipc_cmd {
	SIPC_CMD_UNSPEC,
	SIPC_CMD_GET_STATUS,
	SIPC_CMD_GET_HOOKS,
	__SIPC_CMD_LAST
};

#define SIPC_CMD_MAX (__SIPC_CMD_LAST - 1)

enum sipc_attr {
	SIPC_A_UNSPEC,
	SIPC_A_PAD,
	SIPC_A_ABI_VERSION,
	SIPC_A_HOOK_COUNT,
	SIPC_A_FUNC_COUNT,
	SIPC_A_INJECT,
	SIPC_A_HOOK_NAME,
	SIPC_A_HOOK_CALLS,
	SIPC_A_HOOK_REFUSED,
	__SIPC_A_LAST
};

#define SIPC_A_MAX (__SIPC_A_LAST - 1)

#define SIPC_HOOK_NAME_MAX	48
/* At most this many injected refusals are active at once. */
#define SIPC_INJECT_MAX		16

#endif /* _UAPI_LINUX_SIPC_H */
