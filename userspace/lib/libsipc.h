/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsipc - the C API to the sipc kernel module.
 *
 * Every function returns 0 (or a count) on success and a negative errno
 * on failure.  After a failure, sipc_errmsg() says what went wrong in one
 * line, including the kernel's extended ACK message when it sent one.
 */
#ifndef LIBSIPC_H
#define LIBSIPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/sipc.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A connection to the module's generic netlink family; not thread-safe. */
struct sipc;

struct sipc_status {
	uint32_t abi_version;	/* SIPC_ABI_VERSION of the loaded module */
	uint32_t hook_count;	/* hooks, as listed by sipc_get_hooks() */
	uint32_t func_count;	/* kernel functions they are attached to */
	bool inject;		/* fault injection (tests) enabled */
	uint32_t policy_gen;	/* generation in force; 0: none ever loaded */
	uint32_t mode;		/* the global mode, enum sipc_mode */
	uint32_t roles;		/* roles of the policy, unconfined included */
	uint32_t rules;		/* its (subject, object, class) rules */
	uint64_t stats[__SIPC_STAT_LAST];	/* indexed by enum sipc_stat */
};

/* What sipc_load_policy() put in force. */
struct sipc_load_result {
	uint32_t gen;		/* the new policy's generation */
	uint32_t roles;		/* its roles, unconfined included */
	uint32_t rules;		/* its (subject, object, class) rules */
};

struct sipc_role_info {
	char name[SIPC_ROLE_NAME_MAX];
	uint32_t index;		/* 0 is unconfined */
	uint32_t mode;		/* its own mode; SIPC_MODE_GLOBAL: the global one */
};

struct sipc_rule_info {
	char subject[SIPC_ROLE_NAME_MAX];	/* role names */
	char object[SIPC_ROLE_NAME_MAX];
	uint32_t class;				/* enum sipc_class */
	uint32_t perms;				/* SIPC_PERM_* bits */
	bool used;		/* a decision used it since the policy was loaded */
	uint32_t idle;		/* if @used: seconds since, to usage_period */
	uint32_t audit;				/* those of @perms audited */
};

/* A flow the policy did not allow, recently (SIPC_CMD_GET_DENIALS). */
struct sipc_denial_info {
	char subject[SIPC_ROLE_NAME_MAX];	/* role names */
	char object[SIPC_ROLE_NAME_MAX];
	uint32_t class;				/* enum sipc_class */
	uint32_t perms;				/* the missing SIPC_PERM_* bits */
	uint32_t mode;				/* the mode that applied last */
	uint64_t count;				/* decisions since the load */
	uint32_t idle;				/* seconds since the last one */
};

struct sipc_task_info {
	uint32_t pid;				/* thread group id, initial pid ns */
	char comm[SIPC_TASK_COMM_MAX];
	char role[SIPC_ROLE_NAME_MAX];
};

/* One event of the events multicast group. */
struct sipc_event_info {
	uint32_t mode;		/* the mode that applied, enum sipc_mode */
	bool allowed;		/* the mode let the operation through */
	uint32_t pid;		/* who tried, thread group id */
	char comm[SIPC_TASK_COMM_MAX];
	char subject[SIPC_ROLE_NAME_MAX];	/* its role */
	char object[SIPC_ROLE_NAME_MAX];	/* the object's role */
	uint32_t class;		/* enum sipc_class */
	uint32_t perm;		/* the SIPC_PERM_* that no rule granted */
};

struct sipc_hook_info {
	char name[SIPC_HOOK_NAME_MAX];	/* "<kind>.<hook>" */
	uint64_t calls;			/* operations the hook saw */
	uint64_t refused;		/* of which it refused */
};

/*
 * Open a handle in *@handle.  Returns -ENOENT when the generic netlink
 * family is not registered, that is when sipc.ko is not loaded.  On any
 * failure *@handle is set to NULL and, when @errbuf is not NULL, up to
 * @errlen bytes of explanation are written there.
 */
int sipc_open(struct sipc **handle, char *errbuf, size_t errlen);
void sipc_close(struct sipc *h);

/* The explanation of the last failure on @h, or "" when none. */
const char *sipc_errmsg(const struct sipc *h);

/* The module's state, policy and decision counters in *@status. */
int sipc_get_status(struct sipc *h, struct sipc_status *status);

/*
 * Call @fn for each hook, in the module's order.  A non-zero return from
 * @fn stops the iteration (the rest of the dump is read and dropped) and
 * becomes the return value.
 */
typedef int (*sipc_hook_fn)(const struct sipc_hook_info *hook, void *arg);
int sipc_for_each_hook(struct sipc *h, sipc_hook_fn fn, void *arg);

/*
 * All hooks in a malloc()ed array in *@hooks (free() it), their number in
 * *@count.
 */
int sipc_get_hooks(struct sipc *h, struct sipc_hook_info **hooks,
		   size_t *count);

/*
 * Put the compiled policy @blob of @size bytes in force (needs
 * CAP_MAC_ADMIN: -EPERM otherwise).  It is sent in as many chunks as it
 * takes, in one transaction: on any failure the transaction is aborted
 * and the policy in force stays.  -EBUSY: another process is loading one.
 * -EINVAL: the kernel refused the policy; sipc_errmsg() says why.  On
 * success, when @res is not NULL, it tells the new generation.
 */
int sipc_load_policy(struct sipc *h, const void *blob, size_t size,
		     struct sipc_load_result *res);

/*
 * Set the global mode (@role NULL; not SIPC_MODE_GLOBAL), or the mode of
 * role @role (SIPC_MODE_GLOBAL: follow the global mode again).  Needs
 * CAP_MAC_ADMIN.
 */
int sipc_set_mode(struct sipc *h, const char *role, enum sipc_mode mode);

/* The audit hash chain as the kernel holds it (SIPC_CMD_AUDIT_HEAD). */
struct sipc_audit_head {
	uint8_t boot[SIPC_AUDIT_BOOT_SIZE];
	uint64_t seq;			/* of the last record queued; 0: none */
	uint8_t head[SIPC_AUDIT_HASH_SIZE];
};

int sipc_audit_get_head(struct sipc *h, struct sipc_audit_head *head);

/*
 * Ask the module whether a checkpoint is one it made: 0 when it is,
 * -ESTALE when @boot is another load's (the key is gone), -EBADMSG when
 * the MAC is wrong.
 */
int sipc_audit_check(struct sipc *h, const uint8_t *boot, uint64_t seq,
		     const uint8_t *head, const uint8_t *mac);

/*
 * Call @fn for each role (unconfined first) or each rule of the policy
 * in force, all from one generation: when a new policy is loaded during
 * the dump, it is read again (up to 3 times, then -EAGAIN), and @fn is
 * called only once a whole dump was read.  A non-zero return from @fn
 * stops the iteration and becomes the return value.
 */
typedef int (*sipc_role_fn)(const struct sipc_role_info *role, void *arg);
int sipc_for_each_role(struct sipc *h, sipc_role_fn fn, void *arg);
typedef int (*sipc_rule_fn)(const struct sipc_rule_info *rule, void *arg);
int sipc_for_each_rule(struct sipc *h, sipc_rule_fn fn, void *arg);

/*
 * Call @fn for each process (thread group) with its role, in pid order.
 * Processes that start or end during the walk may or may not be seen.
 * A non-zero return from @fn stops it and becomes the return value.
 */
typedef int (*sipc_task_fn)(const struct sipc_task_info *task, void *arg);
int sipc_for_each_task(struct sipc *h, sipc_task_fn fn, void *arg);

/*
 * Call @fn for each flow the policy in force recently did not allow (at
 * most SIPC_DENIALS_TABLE), whatever the mode.  A non-zero return from
 * @fn stops it and becomes the return value.
 */
typedef int (*sipc_denial_fn)(const struct sipc_denial_info *d, void *arg);
int sipc_for_each_denial(struct sipc *h, sipc_denial_fn fn, void *arg);

/* A subscription to the events multicast group; not thread-safe. */
struct sipc_events;

/*
 * Join the events group in *@events (needs CAP_SYS_ADMIN: -EPERM).
 * Errors as sipc_open().
 */
int sipc_events_open(struct sipc_events **events, char *errbuf,
		     size_t errlen);

/*
 * Wait up to @timeout_ms (-1: forever) for the next event and store it
 * in *@event.  Returns 1 with an event, 0 on timeout, -ENOBUFS when
 * events were lost because this process read them too slowly (the next
 * call goes on with the events that follow), or another negative errno.
 */
int sipc_events_next(struct sipc_events *events,
		     struct sipc_event_info *event, int timeout_ms);

/* The explanation of the last failure on @events, or "". */
const char *sipc_events_errmsg(const struct sipc_events *events);

/* The descriptor to poll() for readability, for event loops. */
int sipc_events_fd(const struct sipc_events *events);

void sipc_events_close(struct sipc_events *events);

/*
 * /dev/sipc: sealed and signed messages, with keys that stay in the
 * kernel.  These functions take a descriptor from sipc_dev_open() and,
 * like the rest, return 0 or a negative errno; they are thread-safe.
 */

/*
 * Open /dev/sipc (creating the node from /sys/class/misc/sipc/dev when
 * no devtmpfs made it): a descriptor, or a negative errno (-ENOENT when
 * the module is not loaded).
 */
int sipc_dev_open(void);

/*
 * Seal @len bytes of @payload for role @receiver with operation id @op
 * into @envelope, which has room for *@envelope_len bytes; on success
 * *@envelope_len is the envelope's size (sipc_envelope_size(@len)).
 */
int sipc_seal(int fd, const char *receiver, uint64_t op, const void *payload,
	      size_t len, void *envelope, size_t *envelope_len);

static inline size_t sipc_envelope_size(size_t payload_len)
{
	return sizeof(struct sipc_envelope) + payload_len + SIPC_TAG_SIZE;
}

/* What sipc_open_envelope() learned about the envelope it opened. */
struct sipc_opened_info {
	char sender[SIPC_ROLE_NAME_MAX];	/* attested by the kernel */
	uint64_t op;
	uint64_t seq;
	int64_t time_ns;			/* CLOCK_REALTIME at sealing */
	uint32_t epoch;
};

/*
 * Open @envelope into @payload (room for *@len bytes; the payload's size
 * on return).  -ENOKEY: not for the caller's role; -EBADMSG: altered;
 * -EKEYEXPIRED: its epoch was retired; -EALREADY: a replay; -EACCES:
 * policy.  @info may be NULL.
 */
int sipc_open_envelope(int fd, const void *envelope, size_t envelope_len,
		       void *payload, size_t *len,
		       struct sipc_opened_info *info);

/* Sign @len bytes of @data into *@sig. */
int sipc_sign(int fd, const void *data, size_t len,
	      struct sipc_signature *sig);

/*
 * Verify *@sig over @data; on success the signer's role in @signer (may
 * be NULL) and the time it signed in *@time_ns (may be NULL).
 */
int sipc_verify(int fd, const void *data, size_t len,
		const struct sipc_signature *sig,
		char signer[SIPC_ROLE_NAME_MAX], int64_t *time_ns);

/* The role of the other end of the unix socket or pipe @peer_fd. */
int sipc_peer(int fd, int peer_fd, char role[SIPC_ROLE_NAME_MAX]);

/* Crypto drivers, key epochs and counters (struct sipc_info_args). */
int sipc_dev_info(int fd, struct sipc_info_args *info);

/*
 * Start a new key epoch; the previous one opens for @grace_ms more
 * milliseconds (negative: the module's default).  The new epoch in
 * *@epoch (may be NULL).  Needs CAP_MAC_ADMIN.
 */
int sipc_keys_rotate(int fd, long grace_ms, uint32_t *epoch);

/*
 * Narrow the calling thread's current permissions of interface @iface
 * to @perms (names separated by spaces; "" keeps none), for it and every
 * child it creates from then on.  Irreversible: a later narrowing can
 * only take more away.  -ENOENT: the policy in force has no such
 * interface or permission.
 */
int sipc_narrow(int fd, const char *iface, const char *perms);

/* The name of an enum sipc_seal_stat counter, or NULL. */
const char *sipc_seal_stat_name(unsigned int stat);

#ifdef __cplusplus
}
#endif

#endif /* LIBSIPC_H */
