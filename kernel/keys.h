/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - keys (keys.c): the master secret, key epochs, per-role-pair keys
 * derived with HKDF-SHA256, rotation with a grace window, replay windows.
 *
 * Everything here runs in process context and may sleep.  No key byte
 * ever leaves this file except into a crypto transform.
 */
#ifndef _SIPC_KEYS_H
#define _SIPC_KEYS_H

#include <linux/types.h>
#include <uapi/linux/sipc.h>

struct crypto_aead;
struct sipc_pair;

int sipc_keys_init(void);
void sipc_keys_exit(void);
const u8 *sipc_keys_boot_id(void);
unsigned int sipc_keys_reqsize(void);

struct sipc_pair *sipc_keys_pair(u32 epoch, u64 sender, u64 receiver);
void sipc_pair_put(struct sipc_pair *pair);
struct crypto_aead *sipc_pair_aead(const struct sipc_pair *pair);
u32 sipc_pair_epoch(const struct sipc_pair *pair);
u64 sipc_pair_next_seq(struct sipc_pair *pair);
int sipc_pair_accept_seq(struct sipc_pair *pair, u64 seq);

int sipc_keys_mac(u32 epoch, u64 signer, const void *head, size_t head_len,
		  const void *data, size_t data_len, u8 mac[SIPC_MAC_SIZE],
		  __le32 *set_epoch);
int sipc_keys_rotate(bool set_grace, u32 grace_ms, u32 *epoch);
void sipc_keys_set_timer(u32 rotate_ms, u32 grace_ms);
void sipc_keys_info(struct sipc_info_args *info);

#endif /* _SIPC_KEYS_H */
