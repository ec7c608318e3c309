/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - sealing and signing (seal.c): envelopes and signatures built and
 * checked in kernel memory, with the keys of keys.c.  Who the sender,
 * receiver and signer are is decided by the caller (dev.c), from the
 * kernel's own labels; this file only binds the role ids it is given.
 * Process context only.
 */
#ifndef _SIPC_SEAL_H
#define _SIPC_SEAL_H

#include <linux/compiler_types.h>
#include <linux/types.h>
#include <uapi/linux/sipc.h>

struct sipc_pair;

/**
 * struct sipc_opened - an envelope opened by sipc_open_begin()
 * @hdr: its authenticated header, in CPU order where it matters to callers
 * @pair: the key it opened with, held until sipc_open_end()
 * @buf: the envelope, decrypted in place; wiped and freed at the end
 * @size: bytes at @buf
 */
struct sipc_opened {
	struct sipc_envelope hdr;
	struct sipc_pair *pair;
	u8 *buf;
	size_t size;
};

void sipc_seal_count(enum sipc_seal_stat stat);
void sipc_seal_stats_read(u64 stats[__SIPC_SEAL_STAT_LAST]);

int sipc_seal_msg(u64 sender, u64 receiver, u64 op,
		  const void __user *payload, u32 payload_len,
		  void __user *envelope, u32 *envelope_len);
int sipc_open_begin(u64 self, const void __user *envelope, u32 envelope_len,
		    struct sipc_opened *o);
int sipc_open_finish(struct sipc_opened *o, void __user *payload,
		     u32 *payload_len);
void sipc_open_end(struct sipc_opened *o);

int sipc_sign_data(u64 signer, const void __user *data, u32 data_len,
		   void __user *sig, u32 *sig_len, u32 *epoch);
int sipc_verify_data(const void __user *data, u32 data_len,
		     const void __user *sig, u32 sig_len,
		     struct sipc_signature *out);

#endif /* _SIPC_SEAL_H */
