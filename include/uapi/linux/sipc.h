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
 * (request NETLINK_EXT_ACK on the socket to read it); a number outside
 * its range (a mode, a size, an offset) with -ERANGE.  Attributes a
 * command does not use are ignored.  The module's own messages begin
 * with "sipc: ".
 *
 * Some requests are refused by the generic netlink core before the
 * module sees them, with no extended ACK message: an unknown command,
 * or a do command sent as a dump (NLM_F_DUMP) and the other way round,
 * get -EOPNOTSUPP; a message shorter than the genetlink header gets
 * -EINVAL; any request from outside the initial network namespace gets
 * -ENOENT (there, even "nlctrl" does not resolve the family).
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
 *   GET_STATUS also carries the policy state and decision counters:
 *
 *	SIPC_A_POLICY_GEN: NLA_U32, generation of the policy in force, 0 when
 *	                   none was ever loaded (everything is unconfined)
 *	SIPC_A_MODE: NLA_U32, the global mode (enum sipc_mode)
 *	SIPC_A_POLICY_ROLES: NLA_U32, roles in the policy, unconfined included
 *	SIPC_A_POLICY_RULES: NLA_U32, distinct (subject, object, class) rules
 *	SIPC_A_STATS: NLA_NESTED, one NLA_U64 per enum sipc_stat, indexed
 *	              by it (SIPC_A_PAD may appear inside; skip it: since
 *	              it shares its type with a statistic, tell it by its
 *	              zero length, and walk the nest rather than index it)
 *
 *   While no policy was ever loaded, SIPC_A_MODE is SIPC_MODE_ENFORCE
 *   and SIPC_A_POLICY_ROLES is 1 (unconfined).
 *
 * Policy
 * ------
 *
 * Processes have a role; objects (pipes, FIFOs, sockets, SysV objects,
 * POSIX queues, and tasks as targets of signals) have the role of their
 * creator, or one the policy names for them.  Role 0, SIPC_ROLE_UNCONFINED
 * ("unconfined"), is every process the policy's match rules do not name.
 * An operation by a subject role on an object role is allowed when both
 * are unconfined, or when an allow rule grants the operation's permission
 * of its class; otherwise it is refused in enforce mode, and allowed but
 * reported in permissive and learn modes (learn events are proposals for
 * new rules).  The mode that applies is the subject's role's mode, or the
 * object's when the subject is unconfined; a role without a mode of its
 * own follows the global one.
 *
 * A policy is compiled in userspace (sipcctl check, sipcctl load) to the
 * binary format below, in native byte order.  The kernel validates all of
 * it before using any of it; a policy that fails validation changes
 * nothing.
 *
 *	struct sipc_policy_header
 *	struct sipc_policy_section [nr_sections]
 *	section contents, each at its offset, 8-byte aligned
 *
 * Each section type appears at most once; ROLES, RULES and STRINGS are
 * required, the others optional.  A section's entries are entry_size bytes
 * apart; entry_size may exceed the struct this header declares (a newer
 * compiler), in which case the extra bytes must be zero.  No two sections
 * share a byte.  Strings are referenced by their byte offset into the
 * STRINGS section, which ends in a NUL (its first byte need not be one).
 * Roles are referenced by index: 0 is unconfined, n is the n-th entry
 * (from 1) of the ROLES section.
 *
 * Loading a policy (all of these need CAP_MAC_ADMIN)
 * --------------------------------------------------
 *
 * CAP_MAC_ADMIN in the initial user namespace, both of the process that
 * opened the socket and of the one sending, however the message is sent
 * (send(), sendto() with an address, or write()).
 *
 * SIPC_CMD_LOAD_BEGIN
 *   SIPC_A_LOAD_SIZE: NLA_U32, the size of the compiled policy, at most
 *                     SIPC_POLICY_SIZE_MAX
 *   Starts a transaction owned by the sending socket.  Only one exists at
 *   a time: -EBUSY while another socket's is open.  A BEGIN from the
 *   owner discards its own unfinished transaction.
 *
 * SIPC_CMD_LOAD_CHUNK
 *   SIPC_A_LOAD_OFFSET: NLA_U32, where the data goes; chunks must arrive
 *                       in order, each at the end of the previous one
 *   SIPC_A_LOAD_DATA: NLA_BINARY, 1 to SIPC_LOAD_CHUNK_MAX bytes; an
 *                     empty or a longer one fails with -EINVAL
 *
 * SIPC_CMD_LOAD_COMMIT
 *   No attributes.  Validates the whole policy and, if it is valid, puts
 *   it in force at once for every later decision.  The reply (same
 *   command) carries SIPC_A_POLICY_GEN, SIPC_A_POLICY_ROLES and
 *   SIPC_A_POLICY_RULES.  Whatever the outcome, the transaction ends.
 *
 * SIPC_CMD_LOAD_ABORT
 *   Ends the caller's transaction without changing anything.
 *
 *   A transaction also ends, changing nothing, when its socket is closed.
 *
 * SIPC_CMD_SET_MODE (CAP_MAC_ADMIN)
 *   SIPC_A_MODE: NLA_U32, enum sipc_mode
 *   SIPC_A_ROLE_NAME: NLA_NUL_STRING, optional: the role whose mode to
 *                     set; SIPC_MODE_GLOBAL makes it follow the global
 *                     mode again.  Without it, the global mode is set.
 *   Takes effect for the next decision.  Needs a loaded policy for a role.
 *
 * Reading the policy (dumps; no privilege)
 * ----------------------------------------
 *
 * SIPC_CMD_GET_ROLES: one message per role, unconfined first:
 *	SIPC_A_ROLE_NAME, SIPC_A_ROLE_INDEX (NLA_U32),
 *	SIPC_A_MODE (the role's own mode, SIPC_MODE_GLOBAL when it follows
 *	the global mode)
 *
 * SIPC_CMD_GET_RULES: one message per (subject, object, class) rule:
 *	SIPC_A_RULE_SUBJECT, SIPC_A_RULE_OBJECT (NLA_NUL_STRING role names),
 *	SIPC_A_RULE_CLASS (NLA_U32, enum sipc_class),
 *	SIPC_A_RULE_PERMS (NLA_U32, SIPC_PERM_* bits),
 *	SIPC_A_RULE_IDLE (NLA_U32, seconds since a decision last used the
 *	rule; absent when none has since the policy was loaded).  A rule in
 *	steady use is seen again every usage_period seconds (module
 *	parameter, default 60), so idle times under that mean little.
 *	SIPC_A_RULE_AUDIT (NLA_U32, the SIPC_PERM_* bits among them whose
 *	use is audited, by an audit rule or an audited role; 0 when none)
 *
 * SIPC_CMD_GET_TASKS: one message per process (thread group):
 *	SIPC_A_TASK_PID (NLA_U32, in the initial pid namespace),
 *	SIPC_A_TASK_COMM (NLA_NUL_STRING), SIPC_A_ROLE_NAME
 *
 *   Both the roles and rules dumps fail with -EAGAIN (and NLM_F_DUMP_INTR
 *   is set) when a new policy was put in force during the dump.
 *
 * SIPC_CMD_GET_DENIALS: one message per flow recently not allowed, at
 *   most SIPC_DENIALS_MAX of them (the least recently seen makes room),
 *   since the policy in force was loaded, whatever the mode:
 *	SIPC_A_RULE_SUBJECT, SIPC_A_RULE_OBJECT, SIPC_A_RULE_CLASS,
 *	SIPC_A_RULE_PERMS (the permissions that were missing),
 *	SIPC_A_MODE (the mode that applied the last time),
 *	SIPC_A_DENIAL_COUNT (NLA_U64, how many decisions),
 *	SIPC_A_RULE_IDLE (seconds since the last one)
 *
 * Events (multicast group SIPC_GENL_MCGRP_EVENTS)
 * -----------------------------------------------
 *
 * Joining the group needs CAP_SYS_ADMIN: events tell what other
 * processes did.
 *
 * SIPC_CMD_EVENT: sent for every operation the policy does not allow,
 * whatever the mode, with:
 *	SIPC_A_MODE (the mode that applied), SIPC_A_EVENT_ALLOWED (NLA_U8,
 *	1 when the mode let it through), SIPC_A_TASK_PID, SIPC_A_TASK_COMM,
 *	SIPC_A_RULE_SUBJECT, SIPC_A_RULE_OBJECT, SIPC_A_RULE_CLASS,
 *	SIPC_A_RULE_PERMS (the permission that was missing)
 *   Events are produced without blocking; when listeners fall behind,
 *   events are dropped and counted (SIPC_STAT_EVENTS_DROPPED).
 *
 * Audit trail (Documentation/audit.rst)
 * -------------------------------------
 *
 * Records go to the kernel's audit subsystem (auditd), type
 * AUDIT_KERNEL_OTHER, each a link of a sha256 hash chain that starts
 * afresh at every module load (a random boot id) and is sealed by
 * op=checkpoint records whose MAC only the module can check.
 *
 * SIPC_CMD_AUDIT_HEAD
 *   A do command without attributes; needs no privilege.  The reply (same
 *   command) carries the chain as it stands:
 *	SIPC_A_AUDIT_BOOT: NLA_BINARY, SIPC_AUDIT_BOOT_SIZE bytes
 *	SIPC_A_AUDIT_SEQ: NLA_U64, the sequence number of the last record
 *	                  queued (0: none yet)
 *	SIPC_A_AUDIT_HEAD: NLA_BINARY, SIPC_AUDIT_HASH_SIZE bytes, the
 *	                   chain's head after that record
 *
 * SIPC_CMD_AUDIT_CHECK
 *   A do command; needs no privilege.  Asks whether a checkpoint is one
 *   the module made: SIPC_A_AUDIT_BOOT, SIPC_A_AUDIT_SEQ, SIPC_A_AUDIT_HEAD
 *   and SIPC_A_AUDIT_MAC (NLA_BINARY, SIPC_AUDIT_HASH_SIZE bytes), all
 *   required.  Succeeds (no reply but the ACK) when it is; fails with
 *   -ESTALE when the boot id is not the current load's (its key is gone),
 *   -EBADMSG when the MAC is wrong.
 */
#ifndef _UAPI_LINUX_SIPC_H
#define _UAPI_LINUX_SIPC_H

#include <linux/ioctl.h>
#include <linux/types.h>

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
	SIPC_CMD_LOAD_BEGIN,
	SIPC_CMD_LOAD_CHUNK,
	SIPC_CMD_LOAD_COMMIT,
	SIPC_CMD_LOAD_ABORT,
	SIPC_CMD_SET_MODE,
	SIPC_CMD_GET_ROLES,
	SIPC_CMD_GET_RULES,
	SIPC_CMD_GET_TASKS,
	SIPC_CMD_EVENT,
	SIPC_CMD_AUDIT_HEAD,
	SIPC_CMD_AUDIT_CHECK,
	SIPC_CMD_GET_DENIALS,
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
	SIPC_A_POLICY_GEN,
	SIPC_A_MODE,
	SIPC_A_POLICY_ROLES,
	SIPC_A_POLICY_RULES,
	SIPC_A_STATS,
	SIPC_A_LOAD_SIZE,
	SIPC_A_LOAD_OFFSET,
	SIPC_A_LOAD_DATA,
	SIPC_A_ROLE_NAME,
	SIPC_A_ROLE_INDEX,
	SIPC_A_RULE_SUBJECT,
	SIPC_A_RULE_OBJECT,
	SIPC_A_RULE_CLASS,
	SIPC_A_RULE_PERMS,
	SIPC_A_TASK_PID,
	SIPC_A_TASK_COMM,
	SIPC_A_EVENT_ALLOWED,
	SIPC_A_AUDIT_BOOT,
	SIPC_A_AUDIT_SEQ,
	SIPC_A_AUDIT_HEAD,
	SIPC_A_AUDIT_MAC,
	SIPC_A_RULE_IDLE,
	SIPC_A_DENIAL_COUNT,
	SIPC_A_RULE_AUDIT,
	__SIPC_A_LAST
};

#define SIPC_A_MAX (__SIPC_A_LAST - 1)

#define SIPC_HOOK_NAME_MAX	48
/* At most this many injected refusals are active at once. */
#define SIPC_INJECT_MAX		16

#define SIPC_GENL_MCGRP_EVENTS	"events"

/* Decision counters, the index of each NLA_U64 inside SIPC_A_STATS. */
enum sipc_stat {
	SIPC_STAT_DECISIONS,		/* operations decided by the policy */
	SIPC_STAT_ALLOWED_BY_RULE,	/* allowed by an allow rule */
	SIPC_STAT_DENIED,		/* refused (enforce mode) */
	SIPC_STAT_PERMISSIVE,		/* not allowed, let through (permissive) */
	SIPC_STAT_LEARNED,		/* not allowed, let through (learn) */
	SIPC_STAT_CACHE_HITS,		/* answered by the decision cache */
	SIPC_STAT_CACHE_MISSES,		/* looked up in the policy */
	SIPC_STAT_EVENTS_DROPPED,	/* events lost because no room was left */
	SIPC_STAT_LABELS,		/* objects and tasks with a label now */
	SIPC_STAT_LABELS_FAILED,	/* labels that could not be allocated */
	/*
	 * Audit records: every decision that asks for one counts as wanted,
	 * and as exactly one of emitted, suppressed (rate limit) or dropped
	 * (no memory, audit backlog full).
	 */
	SIPC_STAT_AUDIT_WANTED,
	SIPC_STAT_AUDIT_EMITTED,
	SIPC_STAT_AUDIT_SUPPRESSED,
	SIPC_STAT_AUDIT_DROPPED,
	/*
	 * msgsnd refused because a "require seal" statement asks for a
	 * sealed envelope for the queue's role and the message is not one
	 * (-EPERM).
	 */
	SIPC_STAT_REFUSED_UNSEALED_MSGSND,
	/*
	 * msgsnd refused because the sender may send to the queue but not
	 * invoke the operation its message type names (enforce mode).
	 */
	SIPC_STAT_REFUSED_OPERATION,
	__SIPC_STAT_LAST
};

#define SIPC_STAT_MAX (__SIPC_STAT_LAST - 1)

/* Modes.  A role's mode may be SIPC_MODE_GLOBAL: follow the global one. */
enum sipc_mode {
	SIPC_MODE_GLOBAL,
	SIPC_MODE_ENFORCE,
	SIPC_MODE_PERMISSIVE,
	SIPC_MODE_LEARN,
	__SIPC_MODE_LAST
};

#define SIPC_MODE_MAX (__SIPC_MODE_LAST - 1)

/* Object classes, with the names the policy language uses. */
enum sipc_class {
	SIPC_CLASS_UNSPEC,
	SIPC_CLASS_PIPE,		/* "pipe": anonymous pipes */
	SIPC_CLASS_FIFO,		/* "fifo": named pipes */
	SIPC_CLASS_UNIX_STREAM,		/* "unix_stream" */
	SIPC_CLASS_UNIX_DGRAM,		/* "unix_dgram" */
	SIPC_CLASS_UNIX_SEQPACKET,	/* "unix_seqpacket" */
	SIPC_CLASS_MSGQ,		/* "msgq": SysV message queues */
	SIPC_CLASS_SHM,			/* "shm": SysV shared memory */
	SIPC_CLASS_SEM,			/* "sem": SysV semaphores */
	SIPC_CLASS_MQUEUE,		/* "mqueue": POSIX message queues */
	SIPC_CLASS_SIGNAL,		/* "signal": the object is the target */
	SIPC_CLASS_MESSAGE,		/* "message": sealed messages (/dev/sipc) */
	__SIPC_CLASS_LAST
};

#define SIPC_CLASS_MAX (__SIPC_CLASS_LAST - 1)

/*
 * Permissions, one bit each, with their names in the language.  Which
 * ones a class has is SIPC_PERMS_<CLASS>; a rule naming another is
 * invalid.
 */
#define SIPC_PERM_CREATE	(1U << 0)	/* "create" */
/* "read": read(2), shmat read-only, semop without altering */
#define SIPC_PERM_READ		(1U << 1)
/* "write": write(2), shmat read-write, semop altering */
#define SIPC_PERM_WRITE		(1U << 2)
#define SIPC_PERM_BIND		(1U << 3)	/* "bind" */
#define SIPC_PERM_CONNECT	(1U << 4)	/* "connect" */
#define SIPC_PERM_LISTEN	(1U << 5)	/* "listen" */
#define SIPC_PERM_ACCEPT	(1U << 6)	/* "accept" */
#define SIPC_PERM_SEND		(1U << 7)	/* "send" */
#define SIPC_PERM_RECEIVE	(1U << 8)	/* "receive" */
#define SIPC_PERM_ASSOCIATE	(1U << 9)	/* "associate": *get() of an existing key */
#define SIPC_PERM_CONTROL	(1U << 10)	/* "control": *ctl() other than removal */
#define SIPC_PERM_DESTROY	(1U << 11)	/* "destroy": IPC_RMID, mq_unlink */
#define SIPC_PERM_KILL		(1U << 12)	/* "kill": SIGKILL */
#define SIPC_PERM_STOP		(1U << 13)	/* "stop": SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU */
#define SIPC_PERM_CHILD		(1U << 14)	/* "child": SIGCHLD */
#define SIPC_PERM_SIGNAL	(1U << 15)	/* "signal": every other signal, and 0 */
/* "seal": seal a message for the object role (the receiver) */
#define SIPC_PERM_SEAL		(1U << 16)
/* "open": open a message the object role (the sender) sealed */
#define SIPC_PERM_OPEN		(1U << 17)
#define __SIPC_PERM_ALL		((1U << 18) - 1)

#define SIPC_PERMS_PIPE		(SIPC_PERM_READ | SIPC_PERM_WRITE)
#define SIPC_PERMS_FIFO		(SIPC_PERM_READ | SIPC_PERM_WRITE)
#define SIPC_PERMS_UNIX_STREAM	(SIPC_PERM_CREATE | SIPC_PERM_BIND | \
				 SIPC_PERM_CONNECT | SIPC_PERM_LISTEN | \
				 SIPC_PERM_ACCEPT | SIPC_PERM_SEND | \
				 SIPC_PERM_RECEIVE)
#define SIPC_PERMS_UNIX_SEQPACKET SIPC_PERMS_UNIX_STREAM
/*
 * A datagram socket's connect(2) is checked as "send" to its target, as
 * the kernel asks the same question there as for every datagram.
 */
#define SIPC_PERMS_UNIX_DGRAM	(SIPC_PERM_CREATE | SIPC_PERM_BIND | \
				 SIPC_PERM_SEND | SIPC_PERM_RECEIVE)
#define SIPC_PERMS_MSGQ		(SIPC_PERM_CREATE | SIPC_PERM_ASSOCIATE | \
				 SIPC_PERM_SEND | SIPC_PERM_RECEIVE | \
				 SIPC_PERM_CONTROL | SIPC_PERM_DESTROY)
#define SIPC_PERMS_SHM		(SIPC_PERM_CREATE | SIPC_PERM_ASSOCIATE | \
				 SIPC_PERM_READ | SIPC_PERM_WRITE | \
				 SIPC_PERM_CONTROL | SIPC_PERM_DESTROY)
#define SIPC_PERMS_SEM		SIPC_PERMS_SHM
#define SIPC_PERMS_MQUEUE	(SIPC_PERM_CREATE | SIPC_PERM_SEND | \
				 SIPC_PERM_RECEIVE | SIPC_PERM_DESTROY)
#define SIPC_PERMS_SIGNAL	(SIPC_PERM_KILL | SIPC_PERM_STOP | \
				 SIPC_PERM_CHILD | SIPC_PERM_SIGNAL)
/*
 * A rule "allow A B : message { seal }" lets role A seal for role B;
 * "allow B A : message { open }" lets B open what A sealed for it.
 */
#define SIPC_PERMS_MESSAGE	(SIPC_PERM_SEAL | SIPC_PERM_OPEN)

/*
 * The classes and the permissions as lists: the one place their names in
 * the language are spelled, which the kernel and userspace expand into
 * their tables (an X-macro).  Each list is an array initializer made of
 * calls to a macro its user defines first:
 *
 *	SIPC_CLASS(class, name, perms), for every class but UNSPEC, with
 *	its SIPC_PERMS_<CLASS>;
 *	SIPC_PERM(perm, name), for every SIPC_PERM_* bit, in bit order.
 *
 * For example:
 *
 *	#define SIPC_CLASS(class, name, perms)	[class] = name,
 *	static const char *const names[__SIPC_CLASS_LAST] = SIPC_CLASS_LIST;
 *	#undef SIPC_CLASS
 */
#define SIPC_CLASS_LIST {						\
	SIPC_CLASS(SIPC_CLASS_PIPE, "pipe", SIPC_PERMS_PIPE)		\
	SIPC_CLASS(SIPC_CLASS_FIFO, "fifo", SIPC_PERMS_FIFO)		\
	SIPC_CLASS(SIPC_CLASS_UNIX_STREAM, "unix_stream",		\
		   SIPC_PERMS_UNIX_STREAM)				\
	SIPC_CLASS(SIPC_CLASS_UNIX_DGRAM, "unix_dgram",		\
		   SIPC_PERMS_UNIX_DGRAM)				\
	SIPC_CLASS(SIPC_CLASS_UNIX_SEQPACKET, "unix_seqpacket",	\
		   SIPC_PERMS_UNIX_SEQPACKET)				\
	SIPC_CLASS(SIPC_CLASS_MSGQ, "msgq", SIPC_PERMS_MSGQ)		\
	SIPC_CLASS(SIPC_CLASS_SHM, "shm", SIPC_PERMS_SHM)		\
	SIPC_CLASS(SIPC_CLASS_SEM, "sem", SIPC_PERMS_SEM)		\
	SIPC_CLASS(SIPC_CLASS_MQUEUE, "mqueue", SIPC_PERMS_MQUEUE)	\
	SIPC_CLASS(SIPC_CLASS_SIGNAL, "signal", SIPC_PERMS_SIGNAL)	\
	SIPC_CLASS(SIPC_CLASS_MESSAGE, "message", SIPC_PERMS_MESSAGE)	\
}

#define SIPC_PERM_LIST {						\
	SIPC_PERM(SIPC_PERM_CREATE, "create")				\
	SIPC_PERM(SIPC_PERM_READ, "read")				\
	SIPC_PERM(SIPC_PERM_WRITE, "write")				\
	SIPC_PERM(SIPC_PERM_BIND, "bind")				\
	SIPC_PERM(SIPC_PERM_CONNECT, "connect")				\
	SIPC_PERM(SIPC_PERM_LISTEN, "listen")				\
	SIPC_PERM(SIPC_PERM_ACCEPT, "accept")				\
	SIPC_PERM(SIPC_PERM_SEND, "send")				\
	SIPC_PERM(SIPC_PERM_RECEIVE, "receive")				\
	SIPC_PERM(SIPC_PERM_ASSOCIATE, "associate")			\
	SIPC_PERM(SIPC_PERM_CONTROL, "control")				\
	SIPC_PERM(SIPC_PERM_DESTROY, "destroy")				\
	SIPC_PERM(SIPC_PERM_KILL, "kill")				\
	SIPC_PERM(SIPC_PERM_STOP, "stop")				\
	SIPC_PERM(SIPC_PERM_CHILD, "child")				\
	SIPC_PERM(SIPC_PERM_SIGNAL, "signal")				\
	SIPC_PERM(SIPC_PERM_SEAL, "seal")				\
	SIPC_PERM(SIPC_PERM_OPEN, "open")				\
}

/* The role every process and object has unless the policy names another. */
#define SIPC_ROLE_UNCONFINED		0
#define SIPC_ROLE_UNCONFINED_NAME	"unconfined"

/* Limits of a compiled policy; the kernel refuses anything beyond them. */
#define SIPC_POLICY_SIZE_MAX	(64U << 20)	/* bytes */
#define SIPC_ROLES_MAX		4095		/* besides unconfined */
#define SIPC_ROLE_NAME_MAX	64		/* bytes, with the NUL */
#define SIPC_MATCHES_MAX	65536
#define SIPC_LABELS_MAX		65536
#define SIPC_RULES_MAX		(1U << 20)
#define SIPC_PATTERN_MAX	4096		/* bytes of a glob, with the NUL */
#define SIPC_LOAD_CHUNK_MAX	32768		/* bytes of SIPC_A_LOAD_DATA */
#define SIPC_TASK_COMM_MAX	16		/* TASK_COMM_LEN */
#define SIPC_AUDIT_BOOT_SIZE	16		/* bytes of SIPC_A_AUDIT_BOOT */
#define SIPC_AUDIT_HASH_SIZE	32		/* bytes of a head or a MAC */
#define SIPC_DENIALS_TABLE	64		/* rows of GET_DENIALS */

#define SIPC_POLICY_MAGIC	0x43504953	/* "SIPC" read as little-endian */
#define SIPC_POLICY_VERSION	1

/**
 * struct sipc_policy_header - start of a compiled policy
 * @magic: SIPC_POLICY_MAGIC
 * @version: SIPC_POLICY_VERSION
 * @size: size of the whole policy in bytes, this header included
 * @flags: none are defined; 0
 * @mode: the global mode the policy starts in (not SIPC_MODE_GLOBAL)
 * @nr_sections: entries of the section table that follows the header
 */
struct sipc_policy_header {
	__u32 magic;
	__u32 version;
	__u32 size;
	__u32 flags;
	__u32 mode;
	__u32 nr_sections;
};

enum sipc_section_type {
	SIPC_SECTION_UNSPEC,
	SIPC_SECTION_STRINGS,	/* entry_size 1; count is the byte size */
	SIPC_SECTION_ROLES,	/* struct sipc_policy_role */
	SIPC_SECTION_MATCHES,	/* struct sipc_policy_match */
	SIPC_SECTION_LABELS,	/* struct sipc_policy_label */
	SIPC_SECTION_RULES,	/* struct sipc_policy_rule */
	SIPC_SECTION_SEALS,	/* struct sipc_policy_seal */
	SIPC_SECTION_KEYS,	/* struct sipc_policy_keys; at most one */
	SIPC_SECTION_INTERFACES,	/* struct sipc_policy_interface */
	SIPC_SECTION_OPERATIONS,	/* struct sipc_policy_operation */
	SIPC_SECTION_IMPLEMENTS,	/* struct sipc_policy_implement */
	SIPC_SECTION_OP_RULES,	/* struct sipc_policy_op_rule */
	SIPC_SECTION_AUDIT,	/* struct sipc_policy_audit, at most one */
	__SIPC_SECTION_LAST
};

#define SIPC_SECTION_MAX (__SIPC_SECTION_LAST - 1)

/**
 * struct sipc_policy_section - where one section lies
 * @type: enum sipc_section_type
 * @offset: from the start of the policy, a multiple of 8
 * @count: number of entries
 * @entry_size: bytes per entry, at least the size of the entry's struct
 */
struct sipc_policy_section {
	__u32 type;
	__u32 offset;
	__u32 count;
	__u32 entry_size;
};

/* The role's every allowed operation, as subject or object, is audited. */
#define SIPC_ROLE_AUDIT		(1U << 0)
#define __SIPC_ROLE_ALL		((1U << 1) - 1)

/**
 * struct sipc_policy_role - one role
 * @name: string offset; 1 to SIPC_ROLE_NAME_MAX - 1 characters from
 *	[A-Za-z0-9_.-], unique, not "unconfined"
 * @mode: enum sipc_mode; SIPC_MODE_GLOBAL to follow the global mode
 * @flags: SIPC_ROLE_*; a bit the kernel does not know is refused
 */
struct sipc_policy_role {
	__u32 name;
	__u32 mode;
	__u32 flags;
};

#define SIPC_MATCH_EXE		(1U << 0)	/* @exe: glob on the executable's path */
#define SIPC_MATCH_UID		(1U << 1)	/* @uid: effective uid at exec */
#define SIPC_MATCH_GID		(1U << 2)	/* @gid: effective gid at exec */
#define SIPC_MATCH_CGROUP	(1U << 3)	/* @cgroup: glob on the cgroup v2 path */
#define __SIPC_MATCH_ALL	((1U << 4) - 1)

/**
 * struct sipc_policy_match - a process that execs and meets all of @flags
 *	gets @role; the first match in section order wins
 * @role: 1..number of roles
 * @flags: SIPC_MATCH_* (at least one): which facts are tested
 * @exe: string offset of an absolute glob, or 0 when not tested
 * @cgroup: string offset of an absolute glob, or 0 when not tested
 * @uid: in the initial user namespace; not (__u32)-1, which is no one's
 * @gid: in the initial user namespace; not (__u32)-1
 *
 * Globs: '*' matches within one path component, '**' across components,
 * '?' one character other than '/'; '\' quotes the next character, so a
 * glob cannot end in an unpaired '\'.  At most SIPC_PATTERN_MAX bytes.
 */
struct sipc_policy_match {
	__u32 role;
	__u32 flags;
	__u32 exe;
	__u32 cgroup;
	__u32 uid;
	__u32 gid;
};

enum sipc_label_kind {
	SIPC_LABEL_UNSPEC,
	SIPC_LABEL_UNIX,	/* @name: socket path glob, or "@" + abstract name glob */
	SIPC_LABEL_FIFO,	/* @name: absolute path glob of a FIFO */
	SIPC_LABEL_MSGQ,	/* @key: SysV key */
	SIPC_LABEL_SHM,		/* @key */
	SIPC_LABEL_SEM,		/* @key */
	SIPC_LABEL_MQUEUE,	/* @name: "/" + queue name glob */
	__SIPC_LABEL_LAST
};

#define SIPC_LABEL_MAX (__SIPC_LABEL_LAST - 1)

/**
 * struct sipc_policy_label - the role of objects named by policy, instead
 *	of their creator's; the first label in section order that matches wins
 * @kind: enum sipc_label_kind
 * @role: 0..number of roles
 * @name: string offset of a glob (name kinds), else 0
 * @key: the SysV key (key kinds), else 0
 */
struct sipc_policy_label {
	__u32 kind;
	__u32 role;
	__u32 name;
	__s32 key;
};

/*
 * Every operation the rule allows makes an op=decision verdict=allowed
 * audit record (rate-limited and counted as a denial's record is).
 */
#define SIPC_RULE_AUDIT		(1U << 0)
#define __SIPC_RULE_ALL		((1U << 1) - 1)

/**
 * struct sipc_policy_rule - allow @subject to do @perms to objects of
 *	@object in @class
 * @subject: role index
 * @object: role index
 * @class: enum sipc_class
 * @flags: SIPC_RULE_*; a bit the kernel does not know is refused
 * @perms: SIPC_PERM_* bits, non-empty, within SIPC_PERMS_<class>
 *
 * Several rules for the same (subject, object, class) add up; a
 * permission is audited when any of the rules that grant it has
 * SIPC_RULE_AUDIT, or when either role has SIPC_ROLE_AUDIT.
 */
struct sipc_policy_rule {
	__u32 subject;
	__u32 object;
	__u16 class;
	__u16 flags;
	__u32 perms;
};

/**
 * struct sipc_policy_seal - messages a process of role @sender sends to
 *	an object of role @object in @class must be envelopes sealed for
 *	@object's role ("require seal SENDER OBJECT : CLASS;")
 * @sender: role index
 * @object: role index
 * @class: enum sipc_class; only SIPC_CLASS_MSGQ, whose messages the
 *	kernel holds whole in its own memory when msgsnd decides
 * @flags: none are defined; 0
 *
 * The kernel checks the envelope's header at msgsnd: its magic, version
 * and flags, that its length is the message's, that its receiver is the
 * queue's role and its boot id this load's.  It cannot check the tag
 * there (that needs the receiver's key and the whole message); the
 * receiver's SIPC_IOC_OPEN does.  A message that fails is refused with
 * -EPERM and counted (SIPC_STAT_REFUSED_UNSEALED_MSGSND), in every mode.
 * At most SIPC_SEALS_MAX entries; repeats are allowed.
 */
struct sipc_policy_seal {
	__u32 sender;
	__u32 object;
	__u32 class;
	__u32 flags;
};

#define SIPC_SEALS_MAX		65536

/**
 * struct sipc_policy_keys - key rotation on a timer ("keys rotate every
 *	DURATION grace DURATION;")
 * @rotate_ms: a new key epoch every this many milliseconds, from
 *	SIPC_KEYS_ROTATE_MIN_MS to SIPC_KEYS_ROTATE_MAX_MS
 * @grace_ms: the grace window of each rotation (SIPC_IOC_ROTATE's
 *	@grace_ms), at most @rotate_ms: the next rotation would cut a
 *	longer one short
 * @flags: none are defined; 0
 * @reserved: 0
 *
 * The timer starts when the policy is put in force and stops when a
 * policy without a KEYS section replaces it, or the module unloads.
 */
struct sipc_policy_keys {
	__u32 rotate_ms;
	__u32 grace_ms;
	__u32 flags;
	__u32 reserved;
};

#define SIPC_KEYS_ROTATE_MIN_MS	1000U
#define SIPC_KEYS_ROTATE_MAX_MS	(30U * 24 * 3600 * 1000)	/* 30 days */

/*
 * Interfaces and operations (Documentation/process-mediation.rst)
 * ---------------------------------------------------------------
 *
 * An interface names up to SIPC_IFACE_PERMS_MAX permissions of its own
 * and a set of operations, each with an operation id and the interface
 * permissions a caller needs to invoke it.  A role implements an
 * interface on a class of its objects: for SIPC_CLASS_MSGQ, the
 * operation id is the SysV message type.  A message sent to a queue
 * whose role implements an interface must carry the id of one of its
 * operations, and the sender's role must be granted (OP_RULES) every
 * permission the operation requires, else msgsnd fails with -EPERM,
 * however much the msgq rules allow.  The implementing role itself is
 * not checked on its own queues (its replies are not operations).
 *
 * Names (interfaces, their permissions, operations) follow the rules of
 * role names.  Each section is validated as a whole:
 *
 * INTERFACES: names unique; @nr_perms 1..SIPC_IFACE_PERMS_MAX; the
 *	first @nr_perms of @perm_names valid and unique within the
 *	interface, the rest 0.  Interfaces are referenced by index (from 0).
 * OPERATIONS: sorted by (@interface, @id), no pair twice.
 * IMPLEMENTS: sorted by (@role, @class), no pair twice.
 * OP_RULES: sorted by (@subject, @object, @interface), none twice.
 */
#define SIPC_INTERFACES_MAX	256
#define SIPC_OPERATIONS_MAX	65536
#define SIPC_IMPLEMENTS_MAX	(SIPC_ROLES_MAX + 1)
#define SIPC_OP_RULES_MAX	(1U << 20)
#define SIPC_IFACE_PERMS_MAX	32

/**
 * struct sipc_policy_interface - one interface
 * @name: string offset of its name, unique among interfaces
 * @nr_perms: 1..SIPC_IFACE_PERMS_MAX: permission i is bit i
 * @perm_names: string offsets of the permissions' names; 0 past @nr_perms
 */
struct sipc_policy_interface {
	__u32 name;
	__u32 nr_perms;
	__u32 perm_names[SIPC_IFACE_PERMS_MAX];
};

/**
 * struct sipc_policy_operation - one operation of an interface
 * @interface: index into INTERFACES
 * @name: string offset of its name
 * @id: the operation id, 1..2^63 - 1 (a SysV message type is a long > 0)
 * @requires: permission bits of @interface the caller needs (0: none)
 * @flags: none are defined; 0
 */
struct sipc_policy_operation {
	__u32 interface;
	__u32 name;
	__u64 id;
	__u32 requires;
	__u32 flags;
};

/**
 * struct sipc_policy_implement - @role's objects of @class implement
 *	@interface
 * @role: 1..number of roles (not unconfined)
 * @interface: index into INTERFACES
 * @class: SIPC_CLASS_MSGQ (the only class with operation ids so far)
 * @flags: none are defined; 0
 */
struct sipc_policy_implement {
	__u32 role;
	__u32 interface;
	__u32 class;
	__u32 flags;
};

/**
 * struct sipc_policy_op_rule - allow @subject the permissions @perms of
 *	@interface on objects of role @object
 * @subject: role index
 * @object: role index
 * @interface: index into INTERFACES
 * @perms: non-empty, bits below the interface's @nr_perms
 */
struct sipc_policy_op_rule {
	__u32 subject;
	__u32 object;
	__u32 interface;
	__u32 perms;
};

/* Bounds of struct sipc_policy_audit's fields (0: the module's default). */
#define SIPC_AUDIT_CHECKPOINT_RECORDS_MAX	1000000
#define SIPC_AUDIT_CHECKPOINT_SECS_MAX		3600

/**
 * struct sipc_policy_audit - how the audit trail is sealed
 * @checkpoint_records: an op=checkpoint record after at most this many
 *	records, 1..SIPC_AUDIT_CHECKPOINT_RECORDS_MAX; 0 for the module's
 *	default (its audit_checkpoint parameter)
 * @checkpoint_secs: and at least every this many seconds when records
 *	came meanwhile, 1..SIPC_AUDIT_CHECKPOINT_SECS_MAX; 0 for the
 *	module's default (audit_checkpoint_secs)
 *
 * In force from the policy's load until the next load.
 */
struct sipc_policy_audit {
	__u32 checkpoint_records;
	__u32 checkpoint_secs;
};

/*
 * The sections as a list, the one place their names, the size of their
 * entries and their most entries are spelled, which the kernel's parser
 * and userspace's checkers expand into their tables (an X-macro, as
 * SIPC_CLASS_LIST).  The list is an array initializer made of calls to a
 * macro its user defines first:
 *
 *	SIPC_SECTION(type, name, size, max), for every section type but
 *	UNSPEC: its name in messages, the bytes of its entry's struct (the
 *	least entry_size) and the most entries (count) it may have.
 *
 * For example:
 *
 *	#define SIPC_SECTION(type, name, size, max)	[type] = size,
 *	static const size_t sizes[__SIPC_SECTION_LAST] = SIPC_SECTION_LIST;
 *	#undef SIPC_SECTION
 */
#define SIPC_SECTION_LIST {						\
	SIPC_SECTION(SIPC_SECTION_STRINGS, "STRINGS", 1,		\
		     SIPC_POLICY_SIZE_MAX)				\
	SIPC_SECTION(SIPC_SECTION_ROLES, "ROLES",			\
		     sizeof(struct sipc_policy_role), SIPC_ROLES_MAX)	\
	SIPC_SECTION(SIPC_SECTION_MATCHES, "MATCHES",			\
		     sizeof(struct sipc_policy_match), SIPC_MATCHES_MAX) \
	SIPC_SECTION(SIPC_SECTION_LABELS, "LABELS",			\
		     sizeof(struct sipc_policy_label), SIPC_LABELS_MAX)	\
	SIPC_SECTION(SIPC_SECTION_RULES, "RULES",			\
		     sizeof(struct sipc_policy_rule), SIPC_RULES_MAX)	\
	SIPC_SECTION(SIPC_SECTION_SEALS, "SEALS",			\
		     sizeof(struct sipc_policy_seal), SIPC_SEALS_MAX)	\
	SIPC_SECTION(SIPC_SECTION_KEYS, "KEYS",				\
		     sizeof(struct sipc_policy_keys), 1)		\
	SIPC_SECTION(SIPC_SECTION_INTERFACES, "INTERFACES",		\
		     sizeof(struct sipc_policy_interface),		\
		     SIPC_INTERFACES_MAX)				\
	SIPC_SECTION(SIPC_SECTION_OPERATIONS, "OPERATIONS",		\
		     sizeof(struct sipc_policy_operation),		\
		     SIPC_OPERATIONS_MAX)				\
	SIPC_SECTION(SIPC_SECTION_IMPLEMENTS, "IMPLEMENTS",		\
		     sizeof(struct sipc_policy_implement),		\
		     SIPC_IMPLEMENTS_MAX)				\
	SIPC_SECTION(SIPC_SECTION_OP_RULES, "OP_RULES",			\
		     sizeof(struct sipc_policy_op_rule), SIPC_OP_RULES_MAX) \
	SIPC_SECTION(SIPC_SECTION_AUDIT, "AUDIT",			\
		     sizeof(struct sipc_policy_audit), 1)		\
}

/*
 * Sealed and signed messages: /dev/sipc
 * -------------------------------------
 *
 * The misc device /dev/sipc (SIPC_DEV_NAME) seals, opens, signs and
 * verifies messages with keys that exist only in the kernel, and tells
 * the role of the other end of a channel.  Every ioctl takes a pointer to
 * a struct whose first field, @size, is the size of the struct as the
 * caller knows it (at least its SIPC_*_SIZE_VER0), like openat2(2) and
 * clone3(2): the kernel accepts a larger struct from a newer caller when
 * the bytes it does not know are zero (else -E2BIG), and fills in only
 * as many bytes as @size says.  A @size below the first version, or above
 * a page, fails with -EINVAL; flags it does not know with -EINVAL; an
 * unreadable or unwritable struct or buffer with -EFAULT.  All multi-byte
 * fields of envelopes and signatures are little-endian.
 *
 * SIPC_IOC_SEAL (struct sipc_seal_args)
 *   Seals @payload_len bytes at @payload for role @receiver with
 *   operation id @op, into the buffer @envelope of @envelope_len bytes;
 *   on return @envelope_len is the envelope's size.  The sender is the
 *   caller's role, attested by the kernel.  Needs "message { seal }" from
 *   the caller's role to @receiver in policy (-EACCES).  -ENOENT: no role
 *   @receiver; -EMSGSIZE: @payload_len above SIPC_SEAL_PAYLOAD_MAX;
 *   -ERANGE: the buffer is too small, @envelope_len says what it takes.
 *
 * SIPC_IOC_OPEN (struct sipc_open_args)
 *   Authenticates and decrypts the envelope, writing its payload to
 *   @payload (@payload_len: its room in, the payload's size out), and the
 *   kernel-attested @sender, @op, @seq, @time_ns and @epoch.  Refused,
 *   each with its own counter (enum sipc_seal_stat):
 *	-ENOKEY		the caller's role is not the envelope's receiver
 *	-EBADMSG	any byte of the envelope was altered, or it is not one
 *	-EKEYEXPIRED	its key epoch was retired (or it is from another
 *			load of the module)
 *	-EALREADY	a replay: this receiver opened it already, or it is
 *			older than the receiver's replay window
 *	-EACCES		policy: no "message { open }" from the caller's role
 *			to the sender's
 *
 * SIPC_IOC_SIGN (struct sipc_sign_args), SIPC_IOC_VERIFY
 *   Sign: a signature (struct sipc_signature) over @data that binds the
 *   caller's role and the time, under an HMAC-SHA256 key of the kernel.
 *   Verify: -EBADMSG unless @sig is a signature over @data from this
 *   load of the module and a live epoch (-EKEYEXPIRED otherwise); on
 *   success the signer's role and the time it signed.  No policy needed.
 *
 * SIPC_IOC_PEER (struct sipc_peer_args)
 *   The role of the other end of @fd: the peer socket of a connected
 *   AF_UNIX socket (stream, seqpacket, dgram, socketpair), or the role of
 *   a pipe or FIFO (its creator's, or its label's).  -ENOTCONN: not
 *   connected; -EINVAL: neither a unix socket nor a pipe.
 *
 * SIPC_IOC_INFO (struct sipc_info_args)
 *   The crypto drivers the kernel picked, the key epochs and their ages,
 *   and the counters.  Never any key byte.
 *
 * SIPC_IOC_ROTATE (struct sipc_rotate_args; CAP_MAC_ADMIN, else -EPERM)
 *   Starts a new key epoch.  The previous one still opens and verifies
 *   for @grace_ms (SIPC_ROTATE_GRACE set; else the module's default), the
 *   one before it is retired at once, and its keys wiped.
 *
 * SIPC_IOC_NARROW (struct sipc_narrow_args)
 *   Narrows the caller's current permissions of interface @interface to
 *   the permissions named in @perms (separated by spaces; empty keeps
 *   none), for the calling thread and every child it creates from then
 *   on.  Irreversible: every narrowing applies, so a later one can only
 *   take more away.  Operation checks require a permission in both the
 *   role's interface rules (the maximal set, as the policy in force says
 *   at each check) and every narrowing of the interface.  No privilege.
 *   -ENOENT: the policy in force has no such interface or permission;
 *   -E2BIG: more than 32 narrowings in the caller's lineage.
 */
#define SIPC_DEV_NAME		"sipc"

#define SIPC_SEAL_PAYLOAD_MAX	65536	/* bytes */
#define SIPC_SIGN_DATA_MAX	(1U << 20)	/* bytes */
#define SIPC_DRIVER_NAME_MAX	128	/* CRYPTO_MAX_ALG_NAME */

#define SIPC_ENVELOPE_MAGIC	0x45504953	/* "SIPE" read as little-endian */
#define SIPC_SIGNATURE_MAGIC	0x47504953	/* "SIPG" */
#define SIPC_ENVELOPE_VERSION	1
#define SIPC_BOOT_ID_SIZE	16
#define SIPC_TAG_SIZE		16	/* the GCM tag after the ciphertext */
#define SIPC_MAC_SIZE		32	/* HMAC-SHA256 */

/**
 * struct sipc_envelope - the start of a sealed message, all of it
 *	authenticated as associated data; @payload_len bytes of AES-256-GCM
 *	ciphertext and SIPC_TAG_SIZE bytes of tag follow
 * @magic: SIPC_ENVELOPE_MAGIC
 * @version: SIPC_ENVELOPE_VERSION
 * @flags: 0
 * @epoch: the key epoch it was sealed under
 * @payload_len: bytes of ciphertext (as many as of plaintext)
 * @sender: the sender's role id (a keyed hash of its name, stable while
 *	the module stays loaded)
 * @receiver: the receiver's role id
 * @op: the operation id the sender chose
 * @seq: the sender's sequence number for this receiver and epoch, from 1;
 *	also the GCM nonce (@seq, then four zero bytes)
 * @time_ns: CLOCK_REALTIME at sealing
 * @boot_id: random, drawn at module load: which load sealed it
 */
struct sipc_envelope {
	__le32 magic;
	__le16 version;
	__le16 flags;
	__le32 epoch;
	__le32 payload_len;
	__le64 sender;
	__le64 receiver;
	__le64 op;
	__le64 seq;
	__le64 time_ns;
	__u8 boot_id[SIPC_BOOT_ID_SIZE];
};

/**
 * struct sipc_signature - a signature, as SIPC_IOC_SIGN writes it
 * @magic: SIPC_SIGNATURE_MAGIC
 * @version: SIPC_ENVELOPE_VERSION
 * @flags: 0
 * @epoch: the key epoch
 * @data_len: bytes of the data signed
 * @signer: the signer's role id
 * @time_ns: CLOCK_REALTIME at signing
 * @boot_id: as in struct sipc_envelope
 * @mac: HMAC-SHA256 over the fields before it and then the data
 */
struct sipc_signature {
	__le32 magic;
	__le16 version;
	__le16 flags;
	__le32 epoch;
	__le32 data_len;
	__le64 signer;
	__le64 time_ns;
	__u8 boot_id[SIPC_BOOT_ID_SIZE];
	__u8 mac[SIPC_MAC_SIZE];
};

struct sipc_seal_args {
	__u32 size;		/* in: sizeof(struct sipc_seal_args) */
	__u32 flags;		/* in: 0 */
	__u64 op;		/* in: operation id */
	__aligned_u64 payload;	/* in: user pointer */
	__aligned_u64 envelope;	/* in: user pointer */
	__u32 payload_len;	/* in */
	__u32 envelope_len;	/* in: room at @envelope; out: envelope size */
	char receiver[SIPC_ROLE_NAME_MAX];	/* in: role name */
};

#define SIPC_SEAL_SIZE_VER0	104

struct sipc_open_args {
	__u32 size;
	__u32 flags;
	__aligned_u64 envelope;	/* in */
	__aligned_u64 payload;	/* in: user pointer for the payload */
	__u32 envelope_len;	/* in */
	__u32 payload_len;	/* in: room at @payload; out: payload size */
	__u64 op;		/* out */
	__u64 seq;		/* out */
	__s64 time_ns;		/* out: CLOCK_REALTIME when it was sealed */
	__u32 epoch;		/* out */
	__u32 reserved;		/* 0 */
	char sender[SIPC_ROLE_NAME_MAX];	/* out: role name */
};

#define SIPC_OPEN_SIZE_VER0	128

struct sipc_sign_args {
	__u32 size;
	__u32 flags;
	__aligned_u64 data;	/* in */
	__aligned_u64 sig;	/* in: struct sipc_signature (verify: in) */
	__u32 data_len;		/* in */
	__u32 sig_len;		/* in: room at @sig; out: its size */
	__s64 time_ns;		/* verify, out: when it was signed */
	__u32 epoch;		/* out */
	__u32 reserved;		/* 0 */
	char signer[SIPC_ROLE_NAME_MAX];	/* verify, out: role name */
};

#define SIPC_SIGN_SIZE_VER0	112

struct sipc_peer_args {
	__u32 size;
	__u32 flags;
	__s32 fd;		/* in */
	__u32 reserved;		/* 0 */
	char role[SIPC_ROLE_NAME_MAX];	/* out */
};

#define SIPC_PEER_SIZE_VER0	80

/* Counters of /dev/sipc, indexed into sipc_info_args.stats. */
enum sipc_seal_stat {
	SIPC_SEAL_SEALED,
	SIPC_SEAL_OPENED,
	SIPC_SEAL_SIGNED,
	SIPC_SEAL_VERIFIED,
	SIPC_SEAL_NOT_RECEIVER,		/* -ENOKEY */
	SIPC_SEAL_ALTERED,		/* -EBADMSG */
	SIPC_SEAL_EXPIRED,		/* -EKEYEXPIRED */
	SIPC_SEAL_REPLAYED,		/* -EALREADY */
	SIPC_SEAL_DENIED,		/* -EACCES, seal or open */
	SIPC_SEAL_BAD_SIGNATURE,	/* verify: -EBADMSG */
	SIPC_SEAL_ROTATIONS,
	__SIPC_SEAL_STAT_LAST
};

#define SIPC_SEAL_STATS_MAX	16	/* room in struct sipc_info_args */

struct sipc_info_args {
	__u32 size;
	__u32 flags;
	char aead_driver[SIPC_DRIVER_NAME_MAX];	/* e.g. "generic-gcm-aesni" */
	char hash_driver[SIPC_DRIVER_NAME_MAX];	/* the hmac(sha256) one */
	__u32 epoch;		/* current key epoch, from 1 */
	__u32 prev_epoch;	/* the one in its grace window, or 0 */
	__u64 epoch_age_ns;	/* age of the current epoch */
	__u64 prev_age_ns;	/* age of the previous one */
	__u64 prev_left_ns;	/* grace left to the previous one */
	__u32 pairs;		/* role pairs with keys in the live epochs */
	__u32 grace_ms;		/* the default grace window */
	__u64 stats[SIPC_SEAL_STATS_MAX];	/* enum sipc_seal_stat */
	/* Since SIPC_INFO_SIZE_VER1: the policy's "keys rotate" statement. */
	__u32 rotate_ms;	/* its period; 0: no timer, rotate by hand */
	__u32 rotate_grace_ms;	/* the grace window of its rotations */
};

#define SIPC_INFO_SIZE_VER0	432
#define SIPC_INFO_SIZE_VER1	440

#define SIPC_ROTATE_GRACE	(1U << 0)	/* @grace_ms is set */
#define __SIPC_ROTATE_ALL	((1U << 1) - 1)

struct sipc_rotate_args {
	__u32 size;
	__u32 flags;		/* SIPC_ROTATE_* */
	__u32 grace_ms;		/* in, with SIPC_ROTATE_GRACE */
	__u32 epoch;		/* out: the new epoch */
};

#define SIPC_ROTATE_SIZE_VER0	16

#define SIPC_NARROW_PERMS_MAX	1024	/* bytes of @perms, with the NUL */

struct sipc_narrow_args {
	__u32 size;
	__u32 flags;		/* 0 */
	char interface[SIPC_ROLE_NAME_MAX];	/* in: interface name */
	char perms[SIPC_NARROW_PERMS_MAX];	/* in: "read stat" */
};

#define SIPC_NARROW_SIZE_VER0	1096

#define SIPC_IOC_MAGIC		0xb5
/* The struct's size is in its @size field, not in the number. */
#define SIPC_IOC_SEAL		_IO(SIPC_IOC_MAGIC, 1)
#define SIPC_IOC_OPEN		_IO(SIPC_IOC_MAGIC, 2)
#define SIPC_IOC_SIGN		_IO(SIPC_IOC_MAGIC, 3)
#define SIPC_IOC_VERIFY		_IO(SIPC_IOC_MAGIC, 4)
#define SIPC_IOC_PEER		_IO(SIPC_IOC_MAGIC, 5)
#define SIPC_IOC_INFO		_IO(SIPC_IOC_MAGIC, 6)
#define SIPC_IOC_ROTATE		_IO(SIPC_IOC_MAGIC, 7)
#define SIPC_IOC_NARROW		_IO(SIPC_IOC_MAGIC, 8)

#endif /* _UAPI_LINUX_SIPC_H */
