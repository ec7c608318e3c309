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

#ifdef __cplusplus
}
#endif

#endif /* LIBSIPC_H */
