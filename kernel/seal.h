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

struct aead_request;
struct sipc_pair;

/**
 * struct sipc_buf - an envelope in kernel memory and its crypto request
 * @buf: the envelope, then room for the request (one allocation)
 * @req: the request, in that room or (@own_req) allocated apart
 * @room: bytes of the room
 * @own_req: @req was allocated apart, to be freed apart
 * @cached: @buf is from the cache of small envelopes, not kmalloc()
 */
struct sipc_buf {
	u8 *buf;
	struct aead_request *req;
	size_t room;
	bool own_req;
	bool cached;
};

/**
 * struct sipc_opened - an envelope opened by sipc_open_begin()
 * @hdr: its authenticated header, in CPU order where it matters to callers
 * @pair: the key it opened with, held until sipc_open_end()
 * @b: the envelope, decrypted in place, freed at the end
 * @plain: bytes of plaintext after the header in @b, wiped at the end
 */
struct sipc_opened {
	struct sipc_envelope hdr;
	struct sipc_pair *pair;
	struct sipc_buf b;
	size_t plain;
};

int sipc_seal_init(void);
void sipc_seal_exit(void);
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
