// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - sealing and signing.
 *
 * An envelope is struct sipc_envelope, then the AES-256-GCM ciphertext of
 * the payload, then the 16-byte tag; the whole header is the associated
 * data, so every byte of it is authenticated, and the nonce is the
 * sender's sequence number for the pair, which keys.c never hands out
 * twice under one key.  The envelope is built and decrypted in place in
 * one kernel buffer, whose plaintext is wiped before it is freed.
 *
 * Opening checks, in this order, each with its own errno and counter:
 * the shape of the header (-EBADMSG), that the caller is the receiver
 * (-ENOKEY), that the load and epoch are alive (-EKEYEXPIRED), the tag
 * (-EBADMSG); then the caller (dev.c) asks the policy, and only then is
 * the sequence number entered in the replay window (-EALREADY), so that
 * neither a forgery nor a refused open can use up a number.
 */

#include <crypto/aead.h>
#include <crypto/algapi.h>
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "keys.h"
#include "seal.h"

#define SIPC_NONCE_SIZE	12

static atomic64_t sipc_seal_stats[__SIPC_SEAL_STAT_LAST];

void sipc_seal_count(enum sipc_seal_stat stat)
{
	atomic64_inc(&sipc_seal_stats[stat]);
}

void sipc_seal_stats_read(u64 stats[__SIPC_SEAL_STAT_LAST])
{
	unsigned int i;

	for (i = 0; i < __SIPC_SEAL_STAT_LAST; i++)
		stats[i] = atomic64_read(&sipc_seal_stats[i]);
}

/*
 * One allocation per call holds the envelope and, after it, room for the
 * crypto request: half the allocator calls of aead_request_alloc() next
 * to a buffer.  The room is sized for the gcm(aes) driver of the module's
 * load (sipc_keys_reqsize()); a pair whose transform needs more (a driver
 * registered since) gets a request of its own.  The request holds
 * pointers, lengths and the driver's request context, which for the
 * drivers we run on (simd over aesni or cryptd, the generic gcm template)
 * holds no key: so, like IPsec's esp_alloc_tmp(), the room is freed
 * without a wipe, and only plaintext is wiped (sipc_buf_free()).
 *
 * Envelopes of up to SIPC_BUF_SMALL bytes of payload, the common case,
 * come from sipc_buf_cache, whose constructor zeroes each object once,
 * when its slab is made: init_on_alloc (set by Debian's kernels) does not
 * zero the objects of a cache with a constructor at every allocation, as
 * it does kmalloc()'s, and that zeroing was the largest cost of a small
 * seal after the cipher.  Nothing is lost by it: every byte of an object
 * that a call reads or copies out it has written first (the header is
 * assigned, the text copied in, the tag computed, the request set up), and
 * no object goes back to the cache holding plaintext, so what one call
 * leaves behind is what it handed out in public: a header, ciphertext, a
 * tag, request pointers.
 */
#define SIPC_BUF_SMALL	256

static struct kmem_cache *sipc_buf_cache;
static size_t sipc_buf_room;		/* request room, set at init */
static size_t sipc_buf_size;		/* bytes of a cached object */

#define SIPC_BUF_SMALL_OFF \
	ALIGN(sizeof(struct sipc_envelope) + SIPC_BUF_SMALL + SIPC_TAG_SIZE, \
	      CRYPTO_MINALIGN)

static void sipc_buf_ctor(void *obj)
{
	memset(obj, 0, sipc_buf_size);
}

static int sipc_buf_alloc(struct sipc_buf *b, size_t size)
{
	size_t off;

	b->room = sipc_buf_room;
	b->own_req = false;
	if (size <= SIPC_BUF_SMALL_OFF) {
		off = SIPC_BUF_SMALL_OFF;
		b->buf = kmem_cache_alloc(sipc_buf_cache, GFP_KERNEL);
		b->cached = true;
	} else {
		off = ALIGN(size, CRYPTO_MINALIGN);
		b->buf = kmalloc(off + b->room, GFP_KERNEL | __GFP_NOWARN);
		b->cached = false;
	}
	if (!b->buf)
		return -ENOMEM;
	b->req = (struct aead_request *)(b->buf + off);
	return 0;
}

/* Set @b's request up for @tfm, in its room when it fits. */
static int sipc_buf_req(struct sipc_buf *b, struct crypto_aead *tfm)
{
	if (sizeof(struct aead_request) + crypto_aead_reqsize(tfm) > b->room) {
		b->req = aead_request_alloc(tfm, GFP_KERNEL);
		if (!b->req)
			return -ENOMEM;
		b->own_req = true;
		return 0;
	}
	aead_request_set_tfm(b->req, tfm);
	return 0;
}

/* Free @b (its buf may be NULL), wiping @wipe_len bytes of plaintext. */
static void sipc_buf_free(struct sipc_buf *b, size_t wipe_off,
			  size_t wipe_len)
{
	if (!b->buf)
		return;
	if (wipe_len)
		memzero_explicit(b->buf + wipe_off, wipe_len);
	if (b->own_req)
		aead_request_free(b->req);
	if (b->cached)
		kmem_cache_free(sipc_buf_cache, b->buf);
	else
		kfree(b->buf);
	b->buf = NULL;
}

/* After the keys: the request room is that of their gcm(aes) driver. */
int sipc_seal_init(void)
{
	sipc_buf_room = sizeof(struct aead_request) + sipc_keys_reqsize();
	sipc_buf_size = SIPC_BUF_SMALL_OFF + sipc_buf_room;
	/* Hardened usercopy: only the envelope goes to and from userspace. */
	sipc_buf_cache = kmem_cache_create_usercopy("sipc_envelope",
						    sipc_buf_size,
						    CRYPTO_MINALIGN, 0, 0,
						    SIPC_BUF_SMALL_OFF,
						    sipc_buf_ctor);
	return sipc_buf_cache ? 0 : -ENOMEM;
}

/* Every buffer is freed by the call that allocated it. */
void sipc_seal_exit(void)
{
	kmem_cache_destroy(sipc_buf_cache);
}

/* Encrypt or decrypt in place: @b->buf is header (the AD), text, tag. */
static int sipc_aead_run(struct sipc_buf *b, bool encrypt, size_t text_len,
			 u64 seq)
{
	size_t total = sizeof(struct sipc_envelope) + text_len + SIPC_TAG_SIZE;
	u8 iv[SIPC_NONCE_SIZE] = {};
	DECLARE_CRYPTO_WAIT(wait);
	struct aead_request *req = b->req;
	struct scatterlist sg;
	__le64 nonce = cpu_to_le64(seq);

	BUILD_BUG_ON(sizeof(nonce) > SIPC_NONCE_SIZE);
	memcpy(iv, &nonce, sizeof(nonce));
	sg_init_one(&sg, b->buf, total);
	aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				  CRYPTO_TFM_REQ_MAY_BACKLOG,
				  crypto_req_done, &wait);
	aead_request_set_ad(req, sizeof(struct sipc_envelope));
	aead_request_set_crypt(req, &sg, &sg,
			       encrypt ? text_len : text_len + SIPC_TAG_SIZE,
			       iv);
	return crypto_wait_req(encrypt ? crypto_aead_encrypt(req) :
			       crypto_aead_decrypt(req), &wait);
}

/**
 * sipc_seal_msg() - seal a payload from userspace into an envelope there
 * @sender: the sender's role id, attested by the caller
 * @receiver: the receiver's role id
 * @op: the operation id
 * @payload: user pointer
 * @payload_len: at most SIPC_SEAL_PAYLOAD_MAX
 * @envelope: user pointer
 * @envelope_len: in, its room; out, the envelope's size (also on -ERANGE)
 *
 * Return: 0, -EMSGSIZE, -ERANGE, -EFAULT, -ENOMEM, or a key error.
 */
int sipc_seal_msg(u64 sender, u64 receiver, u64 op,
		  const void __user *payload, u32 payload_len,
		  void __user *envelope, u32 *envelope_len)
{
	size_t size = sizeof(struct sipc_envelope) + payload_len + SIPC_TAG_SIZE;
	struct sipc_buf b = {};
	struct sipc_envelope *hdr;
	struct sipc_pair *pair;
	u64 seq;
	int err;

	if (payload_len > SIPC_SEAL_PAYLOAD_MAX)
		return -EMSGSIZE;
	if (*envelope_len < size) {
		*envelope_len = size;
		return -ERANGE;
	}
	err = sipc_buf_alloc(&b, size);
	if (err)
		return err;
	hdr = (struct sipc_envelope *)b.buf;
	if (copy_from_user(b.buf + sizeof(*hdr), payload, payload_len)) {
		err = -EFAULT;
		goto out;
	}
	pair = sipc_keys_pair(0, sender, receiver);
	if (IS_ERR(pair)) {
		err = PTR_ERR(pair);
		goto out;
	}
	err = sipc_buf_req(&b, sipc_pair_aead(pair));
	if (err) {
		sipc_pair_put(pair);
		goto out;
	}
	seq = sipc_pair_next_seq(pair);
	*hdr = (struct sipc_envelope) {
		.magic = cpu_to_le32(SIPC_ENVELOPE_MAGIC),
		.version = cpu_to_le16(SIPC_ENVELOPE_VERSION),
		.epoch = cpu_to_le32(sipc_pair_epoch(pair)),
		.payload_len = cpu_to_le32(payload_len),
		.sender = cpu_to_le64(sender),
		.receiver = cpu_to_le64(receiver),
		.op = cpu_to_le64(op),
		.seq = cpu_to_le64(seq),
		.time_ns = cpu_to_le64(ktime_get_real_ns()),
	};
	memcpy(hdr->boot_id, sipc_keys_boot_id(), SIPC_BOOT_ID_SIZE);
	err = sipc_aead_run(&b, true, payload_len, seq);
	sipc_pair_put(pair);
	if (err)
		goto out;
	if (copy_to_user(envelope, b.buf, size)) {
		err = -EFAULT;
		goto out;
	}
	*envelope_len = size;
	sipc_seal_count(SIPC_SEAL_SEALED);
	/* Sealed in place: no plaintext is left to wipe. */
	sipc_buf_free(&b, 0, 0);
	return 0;
out:
	sipc_buf_free(&b, sizeof(*hdr), payload_len);
	return err;
}

/**
 * sipc_open_begin() - authenticate and decrypt an envelope
 * @self: the caller's role id
 * @envelope: user pointer
 * @envelope_len: its size
 * @o: filled on success; release with sipc_open_end() whatever the result
 *
 * Return: 0, -EBADMSG, -ENOKEY, -EKEYEXPIRED, -EFAULT, -ENOMEM (the
 * refusals counted).
 */
int sipc_open_begin(u64 self, const void __user *envelope, u32 envelope_len,
		    struct sipc_opened *o)
{
	struct sipc_envelope *hdr;
	struct sipc_pair *pair;
	u32 len;
	int err;

	memset(o, 0, sizeof(*o));
	if (envelope_len < sizeof(*hdr) + SIPC_TAG_SIZE ||
	    envelope_len > sizeof(*hdr) + SIPC_SEAL_PAYLOAD_MAX + SIPC_TAG_SIZE) {
		sipc_seal_count(SIPC_SEAL_ALTERED);
		return -EBADMSG;
	}
	err = sipc_buf_alloc(&o->b, envelope_len);
	if (err)
		return err;
	if (copy_from_user(o->b.buf, envelope, envelope_len))
		return -EFAULT;
	hdr = (struct sipc_envelope *)o->b.buf;
	len = le32_to_cpu(hdr->payload_len);
	if (le32_to_cpu(hdr->magic) != SIPC_ENVELOPE_MAGIC ||
	    le16_to_cpu(hdr->version) != SIPC_ENVELOPE_VERSION ||
	    hdr->flags || !hdr->epoch || !hdr->seq ||
	    len != envelope_len - sizeof(*hdr) - SIPC_TAG_SIZE) {
		sipc_seal_count(SIPC_SEAL_ALTERED);
		return -EBADMSG;
	}
	if (le64_to_cpu(hdr->receiver) != self) {
		sipc_seal_count(SIPC_SEAL_NOT_RECEIVER);
		return -ENOKEY;
	}
	if (memcmp(hdr->boot_id, sipc_keys_boot_id(), SIPC_BOOT_ID_SIZE)) {
		sipc_seal_count(SIPC_SEAL_EXPIRED);
		return -EKEYEXPIRED;
	}
	o->hdr = *hdr;
	pair = sipc_keys_pair(le32_to_cpu(hdr->epoch), le64_to_cpu(hdr->sender),
			      self);
	if (IS_ERR(pair)) {
		err = PTR_ERR(pair);
		if (err == -EKEYEXPIRED)
			sipc_seal_count(SIPC_SEAL_EXPIRED);
		else if (err == -EBADMSG)
			sipc_seal_count(SIPC_SEAL_ALTERED);
		return err;
	}
	o->pair = pair;
	err = sipc_buf_req(&o->b, sipc_pair_aead(pair));
	if (err)
		return err;
	/* Whatever the verdict, the text may now be plaintext: wipe it. */
	o->plain = len;
	err = sipc_aead_run(&o->b, false, len, le64_to_cpu(hdr->seq));
	if (err == -EBADMSG)
		sipc_seal_count(SIPC_SEAL_ALTERED);
	return err;
}

/**
 * sipc_open_finish() - accept an opened envelope and hand its payload out
 * @o: from a successful sipc_open_begin(), the policy having allowed it
 * @payload: user pointer
 * @payload_len: in, its room; out, the payload's size (also on -ERANGE)
 *
 * Return: 0, -ERANGE (the envelope stays unopened), -EALREADY, -EFAULT.
 */
int sipc_open_finish(struct sipc_opened *o, void __user *payload,
		     u32 *payload_len)
{
	u32 len = le32_to_cpu(o->hdr.payload_len);
	int err;

	if (*payload_len < len) {
		*payload_len = len;
		return -ERANGE;
	}
	err = sipc_pair_accept_seq(o->pair, le64_to_cpu(o->hdr.seq));
	if (err) {
		sipc_seal_count(SIPC_SEAL_REPLAYED);
		return err;
	}
	if (copy_to_user(payload, o->b.buf + sizeof(o->hdr), len))
		return -EFAULT;
	*payload_len = len;
	sipc_seal_count(SIPC_SEAL_OPENED);
	return 0;
}

void sipc_open_end(struct sipc_opened *o)
{
	if (o->pair)
		sipc_pair_put(o->pair);
	sipc_buf_free(&o->b, sizeof(o->hdr), o->plain);
}

/* The data of a sign or verify, in kernel memory. */
static void *sipc_data_copy(const void __user *data, u32 len)
{
	void *buf;

	if (len > SIPC_SIGN_DATA_MAX)
		return ERR_PTR(-EMSGSIZE);
	buf = kvmalloc(len ?: 1, GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(buf, data, len)) {
		kvfree(buf);
		return ERR_PTR(-EFAULT);
	}
	return buf;
}

/**
 * sipc_sign_data() - sign data in userspace for the signer role
 * @signer: the caller's role id
 * @data: user pointer
 * @data_len: at most SIPC_SIGN_DATA_MAX
 * @sig: user pointer, for struct sipc_signature
 * @sig_len: in, its room; out, the signature's size (also on -ERANGE)
 * @epoch: set to the epoch signed in
 *
 * Return: 0, -EMSGSIZE, -ERANGE, -EFAULT, -ENOMEM.
 */
int sipc_sign_data(u64 signer, const void __user *data, u32 data_len,
		   void __user *sig, u32 *sig_len, u32 *epoch)
{
	struct sipc_signature s = {
		.magic = cpu_to_le32(SIPC_SIGNATURE_MAGIC),
		.version = cpu_to_le16(SIPC_ENVELOPE_VERSION),
		.data_len = cpu_to_le32(data_len),
		.signer = cpu_to_le64(signer),
		.time_ns = cpu_to_le64(ktime_get_real_ns()),
	};
	void *buf;
	int err;

	if (data_len > SIPC_SIGN_DATA_MAX)
		return -EMSGSIZE;
	if (*sig_len < sizeof(s)) {
		*sig_len = sizeof(s);
		return -ERANGE;
	}
	buf = sipc_data_copy(data, data_len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	memcpy(s.boot_id, sipc_keys_boot_id(), SIPC_BOOT_ID_SIZE);
	err = sipc_keys_mac(0, signer, &s, offsetof(struct sipc_signature, mac),
			    buf, data_len, s.mac, &s.epoch);
	kvfree(buf);
	if (err)
		return err;
	*epoch = le32_to_cpu(s.epoch);
	if (copy_to_user(sig, &s, sizeof(s)))
		return -EFAULT;
	*sig_len = sizeof(s);
	sipc_seal_count(SIPC_SEAL_SIGNED);
	return 0;
}

/**
 * sipc_verify_data() - check a signature over data in userspace
 * @data: user pointer
 * @data_len: its size
 * @sig: user pointer to a struct sipc_signature
 * @sig_len: sizeof(struct sipc_signature)
 * @out: the signature, when it holds
 *
 * Return: 0, -EBADMSG (counted), -EKEYEXPIRED, -EFAULT, -ENOMEM.
 */
int sipc_verify_data(const void __user *data, u32 data_len,
		     const void __user *sig, u32 sig_len,
		     struct sipc_signature *out)
{
	struct sipc_signature s;
	u8 mac[SIPC_MAC_SIZE];
	void *buf;
	int err;

	if (sig_len != sizeof(s))
		goto bad;
	if (copy_from_user(&s, sig, sizeof(s)))
		return -EFAULT;
	if (le32_to_cpu(s.magic) != SIPC_SIGNATURE_MAGIC ||
	    le16_to_cpu(s.version) != SIPC_ENVELOPE_VERSION || s.flags ||
	    !s.epoch || le32_to_cpu(s.data_len) != data_len)
		goto bad;
	if (memcmp(s.boot_id, sipc_keys_boot_id(), SIPC_BOOT_ID_SIZE)) {
		sipc_seal_count(SIPC_SEAL_EXPIRED);
		return -EKEYEXPIRED;
	}
	buf = sipc_data_copy(data, data_len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	err = sipc_keys_mac(le32_to_cpu(s.epoch), le64_to_cpu(s.signer), &s,
			    offsetof(struct sipc_signature, mac), buf, data_len,
			    mac, NULL);
	kvfree(buf);
	if (err == -EKEYEXPIRED)
		sipc_seal_count(SIPC_SEAL_EXPIRED);
	if (err == -EBADMSG)
		goto bad;
	if (err)
		return err;
	if (crypto_memneq(mac, s.mac, sizeof(mac)))
		goto bad;
	*out = s;
	sipc_seal_count(SIPC_SEAL_VERIFIED);
	return 0;
bad:
	sipc_seal_count(SIPC_SEAL_BAD_SIGNATURE);
	return -EBADMSG;
}
