/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - the audit trail (audit.c): records through the kernel's audit
 * API, type AUDIT_KERNEL_OTHER, rate-limited and counted, each one a link
 * of a sha256 hash chain whose head is sealed at intervals with a key
 * that never leaves the kernel.  Documentation/audit.rst has the format
 * and the threat model.
 *
 * sipc_audit_decision() runs in the hook callbacks (any context, no
 * sleeping); the other functions run in process context.
 */
#ifndef _SIPC_AUDIT_H
#define _SIPC_AUDIT_H

#include <linux/types.h>

struct sipc_policy;
struct sipc_request;

/* Length of the chain's boot id and of a sha256 digest, in bytes. */
#define SIPC_AUDIT_BOOT_LEN	16
#define SIPC_AUDIT_HASH_LEN	32

int sipc_audit_init(void);
void sipc_audit_exit(void);

void sipc_audit_decision(const struct sipc_policy *policy,
			 const struct sipc_request *req, unsigned int mode,
			 u32 perms, bool allowed);
void sipc_audit_operation(const struct sipc_policy *policy,
			  const struct sipc_request *req, unsigned int mode,
			  bool allowed, const char *iface, const char *op,
			  u64 op_id, const char *needs);
void sipc_audit_load(u32 gen, const void *blob, size_t size);
void sipc_audit_mode(const char *role, unsigned int mode, u32 gen);
void sipc_audit_key_rotate(u32 epoch, u32 prev, u64 grace_ms, bool timer);
void sipc_audit_key_retire(u32 epoch, const char *reason);
void sipc_audit_sign(bool verify, const char *role, u32 epoch, u32 data_len,
		     int err);
void sipc_audit_configure(u32 records, u32 secs);

void sipc_audit_head(u8 boot[SIPC_AUDIT_BOOT_LEN], u64 *seq,
		     u8 head[SIPC_AUDIT_HASH_LEN]);
int sipc_audit_check_mac(const u8 boot[SIPC_AUDIT_BOOT_LEN], u64 seq,
			 const u8 head[SIPC_AUDIT_HASH_LEN],
			 const u8 mac[SIPC_AUDIT_HASH_LEN]);

#endif /* _SIPC_AUDIT_H */
