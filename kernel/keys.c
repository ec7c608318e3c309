// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - keys: a master secret drawn at load, key epochs derived from it,
 * and per-role-pair keys derived per epoch, all with HKDF-SHA256 (RFC
 * 5869) written here over the hmac(sha256) shash, since the kernel's own
 * HKDF helpers are not exported to modules on every kernel we run on.
 *
 *	PRK       = HKDF-Extract(salt "sipc master v1", master secret)
 *	epoch PRK = HKDF-Extract(salt 32 fresh random bytes, PRK)
 *	epoch key = HKDF-Expand(epoch PRK, "sipc epoch v1" || epoch, 32)
 *	seal key  = HKDF-Expand(epoch key, "sipc seal v1" || sender ||
 *				receiver, 32)		(AES-256-GCM)
 *	sign key  = HKDF-Expand(epoch key, "sipc sign v1" || signer, 32)
 *				(HMAC-SHA256)
 *
 * Role ids are the keyed hashes of role names (sipc_policy_role_hash()),
 * little-endian.  Two epochs are alive at most: the current one, and the
 * previous one during its grace window.  A rotation retires the one
 * before, and an epoch whose grace ran out is retired at the next use of
 * the keys; retiring wipes its key and frees every pair key derived from
 * it.  Nothing survives the module: the master secret lives only in this
 * file's memory and is wiped at unload.
 *
 * Keys also rotate on a timer the policy sets ("keys rotate every ...
 * grace ...;", sipc_keys_set_timer()): a delayed work that rotates the
 * way SIPC_IOC_ROTATE does and rearms itself.  Every rotation and every
 * retirement is an op=key audit record, with epoch numbers only.
 *
 * Locking: sipc_keys_lock guards the epochs, their pair tables, the one
 * hmac transform (whose key changes with each derivation) and the timer's
 * settings; the timer's work takes it too, and rearms only while
 * sipc_keys_live, which the exit path clears before it cancels the work
 * synchronously, so no work is left queued or running after unload.
 * Seal and open find an existing pair under RCU alone
 * (sipc_keys_pair_fast()); an epoch is unpublished and a grace period
 * waited for before it is freed.  A pair is reference-counted, so a seal
 * or open in flight keeps its transform alive past the retirement of its
 * epoch; its sequence counter is atomic and its replay window has a
 * spinlock of its own.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/aead.h>
#include <crypto/hash.h>
#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/hash.h>
#include <linux/kmod.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "audit.h"
#include "keys.h"
#include "seal.h"

#define SIPC_KEY_SIZE		32
#define SIPC_PAIR_BITS		6
#define SIPC_PAIRS_MAX		4096	/* per epoch */
#define SIPC_REPLAY_BITS	1024	/* sequence numbers remembered */

static unsigned int grace_ms = 300000;
module_param(grace_ms, uint, 0644);
MODULE_PARM_DESC(grace_ms,
		 "Milliseconds the previous key epoch still opens after a rotation");

/**
 * struct sipc_pair - the seal key of one (sender, receiver) role pair in
 *	one epoch
 * @node: in its epoch's @pairs: added under sipc_keys_lock, walked under
 *	RCU
 * @ref: one for the table, one for each user
 * @epoch: the epoch's id
 * @sender: role id
 * @receiver: role id
 * @aead: gcm(aes) with the pair's key set; used concurrently, never
 *	re-keyed
 * @seq: the last sequence number handed out, atomic
 * @lock: guards @top and @window
 * @top: the highest sequence number opened
 * @window: which of the SIPC_REPLAY_BITS numbers up to @top were opened,
 *	bit seq % SIPC_REPLAY_BITS
 */
struct sipc_pair {
	struct hlist_node node;
	struct kref ref;
	u32 epoch;
	u64 sender;
	u64 receiver;
	struct crypto_aead *aead;
	atomic64_t seq;
	spinlock_t lock;	/* guards @top and @window */
	u64 top;
	DECLARE_BITMAP(window, SIPC_REPLAY_BITS);
};

/**
 * struct sipc_epoch - one generation of keys, under sipc_keys_lock
 * @id: from 1, one more at each rotation
 * @key: the epoch key, wiped when the epoch is retired
 * @born: ktime_get_boottime_ns() at creation
 * @retire: when its grace window ends; 0 while it is the current one
 * @nr_pairs: pairs in @pairs
 * @pairs: hashed by role pair
 */
struct sipc_epoch {
	u32 id;
	u8 key[SIPC_KEY_SIZE];
	u64 born;
	u64 retire;
	unsigned int nr_pairs;
	struct hlist_head pairs[1 << SIPC_PAIR_BITS];
};

static DEFINE_MUTEX(sipc_keys_lock);
static void sipc_keys_timer(struct work_struct *work);
static DECLARE_DELAYED_WORK(sipc_keys_work, sipc_keys_timer);
/* Under sipc_keys_lock: the timer's period (0: none), its grace window. */
static u32 sipc_timer_rotate_ms, sipc_timer_grace_ms;
/* Under sipc_keys_lock: keys exist, the timer may run. */
static bool sipc_keys_live;
static struct crypto_shash *sipc_hmac;		/* under sipc_keys_lock */
static struct crypto_aead *sipc_aead_probe;	/* for its driver name */
static u8 sipc_prk[SIPC_KEY_SIZE];
static u8 sipc_boot_id[SIPC_BOOT_ID_SIZE];
static struct sipc_epoch *sipc_cur, *sipc_prev;

/*
 * sipc_cur and sipc_prev as seen by sipc_keys_pair()'s lock-free path:
 * set under sipc_keys_lock by sipc_publish(), read under RCU.  An epoch
 * is freed only after it was unpublished and a grace period passed, so
 * the table's reference on each of its pairs outlives every RCU reader.
 */
static struct sipc_epoch __rcu *sipc_rcu_cur, *sipc_rcu_prev;

static void sipc_publish(void)
{
	lockdep_assert_held(&sipc_keys_lock);
	rcu_assign_pointer(sipc_rcu_cur, sipc_cur);
	rcu_assign_pointer(sipc_rcu_prev, sipc_prev);
}

/* HMAC-SHA256(@key, @a || @b || @c) into @out; under sipc_keys_lock. */
static int sipc_hmac3(const u8 *key, unsigned int key_len, const void *a,
		      size_t a_len, const void *b, size_t b_len,
		      const void *c, size_t c_len, u8 out[SIPC_MAC_SIZE])
{
	SHASH_DESC_ON_STACK(desc, sipc_hmac);
	int err;

	lockdep_assert_held(&sipc_keys_lock);
	err = crypto_shash_setkey(sipc_hmac, key, key_len);
	if (err)
		return err;
	desc->tfm = sipc_hmac;
	err = crypto_shash_init(desc);
	if (!err && a_len)
		err = crypto_shash_update(desc, a, a_len);
	if (!err && b_len)
		err = crypto_shash_update(desc, b, b_len);
	if (!err && c_len)
		err = crypto_shash_update(desc, c, c_len);
	if (!err)
		err = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

/* RFC 5869 extract: PRK = HMAC(salt, IKM). */
static int sipc_hkdf_extract(const u8 *salt, unsigned int salt_len,
			     const u8 *ikm, size_t ikm_len,
			     u8 prk[SIPC_KEY_SIZE])
{
	return sipc_hmac3(salt, salt_len, ikm, ikm_len, NULL, 0, NULL, 0, prk);
}

/* RFC 5869 expand: T(i) = HMAC(PRK, T(i-1) || info || i). */
static int sipc_hkdf_expand(const u8 prk[SIPC_KEY_SIZE], const void *info,
			    size_t info_len, u8 *out, size_t len)
{
	u8 t[SIPC_MAC_SIZE];
	size_t t_len = 0;
	u8 i;
	int err = 0;

	if (len > 255 * SIPC_MAC_SIZE)
		return -EINVAL;
	for (i = 1; len; i++) {
		size_t n = min_t(size_t, len, SIPC_MAC_SIZE);

		err = sipc_hmac3(prk, SIPC_KEY_SIZE, t, t_len, info, info_len,
				 &i, 1, t);
		if (err)
			break;
		t_len = SIPC_MAC_SIZE;
		memcpy(out, t, n);
		out += n;
		len -= n;
	}
	memzero_explicit(t, sizeof(t));
	return err;
}

/* The info strings, with the role ids after the label. */
struct sipc_info_label {
	char label[16];
	__le64 a;
	__le64 b;
} __packed;

static int sipc_derive(const u8 *from, const char *label, u64 a, u64 b,
		       bool two, u8 key[SIPC_KEY_SIZE])
{
	struct sipc_info_label info = {};

	strscpy(info.label, label, sizeof(info.label));
	info.a = cpu_to_le64(a);
	info.b = cpu_to_le64(b);
	return sipc_hkdf_expand(from, &info,
				two ? sizeof(info) : sizeof(info) - sizeof(info.b),
				key, SIPC_KEY_SIZE);
}

static struct sipc_epoch *sipc_epoch_new(u32 id)
{
	struct sipc_epoch *e;
	u8 fresh[SIPC_KEY_SIZE], prk[SIPC_KEY_SIZE];
	int err;

	lockdep_assert_held(&sipc_keys_lock);
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return ERR_PTR(-ENOMEM);
	get_random_bytes(fresh, sizeof(fresh));
	err = sipc_hkdf_extract(fresh, sizeof(fresh), sipc_prk,
				sizeof(sipc_prk), prk);
	if (!err)
		err = sipc_derive(prk, "sipc epoch v1", id, 0, false, e->key);
	memzero_explicit(fresh, sizeof(fresh));
	memzero_explicit(prk, sizeof(prk));
	if (err) {
		kfree_sensitive(e);
		return ERR_PTR(err);
	}
	e->id = id;
	e->born = ktime_get_boottime_ns();
	return e;
}

static void sipc_pair_free(struct kref *ref)
{
	struct sipc_pair *pair = container_of(ref, struct sipc_pair, ref);

	/* crypto_free_aead() wipes the transform, the expanded key with it. */
	crypto_free_aead(pair->aead);
	kfree_sensitive(pair);
}

void sipc_pair_put(struct sipc_pair *pair)
{
	kref_put(&pair->ref, sipc_pair_free);
}

static void sipc_epoch_free(struct sipc_epoch *e)
{
	struct hlist_node *tmp;
	struct sipc_pair *pair;
	unsigned int i;

	if (!e)
		return;
	for (i = 0; i < ARRAY_SIZE(e->pairs); i++) {
		hlist_for_each_entry_safe(pair, tmp, &e->pairs[i], node) {
			hlist_del(&pair->node);
			sipc_pair_put(pair);
		}
	}
	kfree_sensitive(e);
}

/* Retire the previous epoch once its grace window is over. */
static void sipc_keys_expire(void)
{
	lockdep_assert_held(&sipc_keys_lock);
	if (sipc_prev && ktime_get_boottime_ns() >= sipc_prev->retire) {
		struct sipc_epoch *old = sipc_prev;

		sipc_prev = NULL;
		sipc_publish();
		synchronize_rcu();
		sipc_audit_key_retire(old->id, "grace");
		sipc_epoch_free(old);
	}
}

/*
 * The live epoch @id (0: the current one): ERR_PTR(-EBADMSG) for an id
 * that never existed, -EKEYEXPIRED for a retired one.
 */
static struct sipc_epoch *sipc_epoch_find(u32 id)
{
	lockdep_assert_held(&sipc_keys_lock);
	sipc_keys_expire();
	if (!id || id == sipc_cur->id)
		return sipc_cur;
	if (id > sipc_cur->id)
		return ERR_PTR(-EBADMSG);
	if (sipc_prev && id == sipc_prev->id)
		return sipc_prev;
	return ERR_PTR(-EKEYEXPIRED);
}

static unsigned int sipc_pair_slot(u64 sender, u64 receiver)
{
	return hash_64(sender ^ (receiver * 0x9e3779b97f4a7c15ULL),
		       SIPC_PAIR_BITS);
}

static struct sipc_pair *sipc_pair_new(struct sipc_epoch *e, u64 sender,
				       u64 receiver)
{
	struct sipc_pair *pair;
	u8 key[SIPC_KEY_SIZE];
	int err;

	if (e->nr_pairs >= SIPC_PAIRS_MAX)
		return ERR_PTR(-ENOSPC);
	pair = kzalloc(sizeof(*pair), GFP_KERNEL);
	if (!pair)
		return ERR_PTR(-ENOMEM);
	pair->aead = crypto_alloc_aead("gcm(aes)", 0, 0);
	if (IS_ERR(pair->aead)) {
		err = PTR_ERR(pair->aead);
		kfree(pair);
		return ERR_PTR(err);
	}
	err = sipc_derive(e->key, "sipc seal v1", sender, receiver, true, key);
	if (!err)
		err = crypto_aead_setkey(pair->aead, key, sizeof(key));
	memzero_explicit(key, sizeof(key));
	if (!err)
		err = crypto_aead_setauthsize(pair->aead, SIPC_TAG_SIZE);
	if (err) {
		crypto_free_aead(pair->aead);
		kfree_sensitive(pair);
		return ERR_PTR(err);
	}
	kref_init(&pair->ref);
	spin_lock_init(&pair->lock);
	atomic64_set(&pair->seq, 0);
	pair->epoch = e->id;
	pair->sender = sender;
	pair->receiver = receiver;
	hlist_add_head_rcu(&pair->node,
			   &e->pairs[sipc_pair_slot(sender, receiver)]);
	e->nr_pairs++;
	return pair;
}

/*
 * The lock-free path of sipc_keys_pair(): a pair that already exists in
 * a live epoch, or NULL for everything else (a new pair, an epoch that
 * is retired, due to retire or unknown), which the locked path decides.
 */
static struct sipc_pair *sipc_keys_pair_fast(u32 epoch, u64 sender,
					     u64 receiver)
{
	struct sipc_pair *pair, *found = NULL;
	struct sipc_epoch *e, *prev;

	rcu_read_lock();
	/* A previous epoch past its grace is retired now, by the locked path. */
	prev = rcu_dereference(sipc_rcu_prev);
	if (prev && ktime_get_boottime_ns() >= READ_ONCE(prev->retire))
		goto out;
	e = rcu_dereference(sipc_rcu_cur);
	if (e && epoch && epoch != e->id)
		e = prev && epoch == prev->id ? prev : NULL;
	if (!e)
		goto out;
	hlist_for_each_entry_rcu(pair,
				 &e->pairs[sipc_pair_slot(sender, receiver)],
				 node) {
		if (pair->sender == sender && pair->receiver == receiver) {
			kref_get(&pair->ref);
			found = pair;
			break;
		}
	}
out:
	rcu_read_unlock();
	return found;
}

/**
 * sipc_keys_pair() - the seal key of a role pair in an epoch
 * @epoch: the epoch's id; 0 for the current one (sealing)
 * @sender: the sender's role id
 * @receiver: the receiver's role id
 *
 * Return: a reference the caller drops with sipc_pair_put(), or
 * ERR_PTR(-EKEYEXPIRED) when @epoch was retired, -EBADMSG when it never
 * existed, -ENOSPC when the epoch holds too many pairs, -ENOMEM.
 */
struct sipc_pair *sipc_keys_pair(u32 epoch, u64 sender, u64 receiver)
{
	struct sipc_pair *pair;
	struct sipc_epoch *e;

	pair = sipc_keys_pair_fast(epoch, sender, receiver);
	if (pair)
		return pair;
	mutex_lock(&sipc_keys_lock);
	e = sipc_epoch_find(epoch);
	if (IS_ERR(e)) {
		pair = ERR_CAST(e);
		goto out;
	}
	hlist_for_each_entry(pair, &e->pairs[sipc_pair_slot(sender, receiver)],
			     node) {
		if (pair->sender == sender && pair->receiver == receiver) {
			kref_get(&pair->ref);
			goto out;
		}
	}
	pair = sipc_pair_new(e, sender, receiver);
	if (!IS_ERR(pair))
		kref_get(&pair->ref);
out:
	mutex_unlock(&sipc_keys_lock);
	return pair;
}

struct crypto_aead *sipc_pair_aead(const struct sipc_pair *pair)
{
	return pair->aead;
}

u32 sipc_pair_epoch(const struct sipc_pair *pair)
{
	return pair->epoch;
}

/* The next sequence number of the pair: never 0, never twice a key. */
u64 sipc_pair_next_seq(struct sipc_pair *pair)
{
	return atomic64_inc_return(&pair->seq);
}

/**
 * sipc_pair_accept_seq() - remember an authenticated sequence number
 * @pair: the pair the envelope was opened with
 * @seq: its sequence number
 *
 * Call only after the envelope authenticated, so that nobody can fill
 * the window with numbers of envelopes they forged.
 *
 * Return: 0 the first time, -EALREADY for a number seen before or
 * older than the window.
 */
int sipc_pair_accept_seq(struct sipc_pair *pair, u64 seq)
{
	int ret = 0;

	spin_lock(&pair->lock);
	if (seq > pair->top) {
		if (seq - pair->top >= SIPC_REPLAY_BITS) {
			bitmap_zero(pair->window, SIPC_REPLAY_BITS);
		} else {
			u64 s;

			for (s = pair->top + 1; s < seq; s++)
				__clear_bit(s % SIPC_REPLAY_BITS, pair->window);
		}
		pair->top = seq;
		__set_bit(seq % SIPC_REPLAY_BITS, pair->window);
	} else if (!seq || pair->top - seq >= SIPC_REPLAY_BITS ||
		   __test_and_set_bit(seq % SIPC_REPLAY_BITS, pair->window)) {
		ret = -EALREADY;
	}
	spin_unlock(&pair->lock);
	return ret;
}

/**
 * sipc_keys_mac() - HMAC-SHA256 under a signer's key of an epoch
 * @epoch: the epoch's id; 0 for the current one (signing)
 * @signer: the signer's role id
 * @head: bytes to authenticate first
 * @head_len: their number
 * @data: then these
 * @data_len: their number
 * @mac: the result
 * @set_epoch: when not NULL, set to the epoch used (little-endian) before
 *	anything is hashed: it may lie inside @head
 *
 * Return: 0, or -EKEYEXPIRED / -EBADMSG as sipc_keys_pair().
 */
int sipc_keys_mac(u32 epoch, u64 signer, const void *head, size_t head_len,
		  const void *data, size_t data_len, u8 mac[SIPC_MAC_SIZE],
		  __le32 *set_epoch)
{
	struct sipc_epoch *e;
	u8 key[SIPC_KEY_SIZE];
	int err;

	mutex_lock(&sipc_keys_lock);
	e = sipc_epoch_find(epoch);
	if (IS_ERR(e)) {
		err = PTR_ERR(e);
		goto out;
	}
	if (set_epoch)
		*set_epoch = cpu_to_le32(e->id);
	err = sipc_derive(e->key, "sipc sign v1", signer, 0, false, key);
	if (!err)
		err = sipc_hmac3(key, sizeof(key), head, head_len, data,
				 data_len, NULL, 0, mac);
	memzero_explicit(key, sizeof(key));
out:
	mutex_unlock(&sipc_keys_lock);
	return err;
}

/* Start epoch sipc_cur->id + 1; see sipc_keys_rotate(). */
static int sipc_keys_rotate_locked(u64 ms, bool timer, u32 *epoch)
{
	struct sipc_epoch *e, *old;

	lockdep_assert_held(&sipc_keys_lock);
	e = sipc_epoch_new(sipc_cur->id + 1);
	if (IS_ERR(e))
		return PTR_ERR(e);
	old = sipc_prev;
	WRITE_ONCE(sipc_cur->retire,
		   ktime_get_boottime_ns() + ms * NSEC_PER_MSEC);
	sipc_prev = sipc_cur;
	sipc_cur = e;
	sipc_publish();
	sipc_audit_key_rotate(e->id, sipc_prev->id, ms, timer);
	if (old) {
		synchronize_rcu();
		sipc_audit_key_retire(old->id, "rotation");
		sipc_epoch_free(old);
	}
	*epoch = e->id;
	sipc_keys_expire();
	return 0;
}

/**
 * sipc_keys_rotate() - start a new epoch
 * @set_grace: use @grace rather than the module's default
 * @grace: milliseconds the current epoch stays alive as the previous one
 * @epoch: set to the new epoch's id
 *
 * Return: 0, or -ENOMEM with nothing changed.
 */
int sipc_keys_rotate(bool set_grace, u32 grace, u32 *epoch)
{
	u64 ms = set_grace ? grace : READ_ONCE(grace_ms);
	int err;

	mutex_lock(&sipc_keys_lock);
	err = sipc_keys_rotate_locked(ms, false, epoch);
	mutex_unlock(&sipc_keys_lock);
	return err;
}

/* The policy's timer: rotate, then rearm while the keys live. */
static void sipc_keys_timer(struct work_struct *work)
{
	u32 epoch;

	mutex_lock(&sipc_keys_lock);
	if (sipc_keys_live && sipc_timer_rotate_ms) {
		/* Out of memory: the next period tries again. */
		if (!sipc_keys_rotate_locked(sipc_timer_grace_ms, true, &epoch))
			sipc_seal_count(SIPC_SEAL_ROTATIONS);
		schedule_delayed_work(&sipc_keys_work,
				      msecs_to_jiffies(sipc_timer_rotate_ms));
	}
	mutex_unlock(&sipc_keys_lock);
}

/**
 * sipc_keys_set_timer() - rotate on a timer, or stop doing so
 * @rotate_ms: the period, 0 to stop (the policy checked the bounds)
 * @grace_ms: the grace window of each timed rotation
 *
 * Called when a policy is put in force: the period starts afresh.  A
 * work already running when the timer stops finds the period 0 and does
 * nothing.  Process context.
 */
void sipc_keys_set_timer(u32 rotate_ms, u32 grace_ms)
{
	mutex_lock(&sipc_keys_lock);
	sipc_timer_rotate_ms = rotate_ms;
	sipc_timer_grace_ms = grace_ms;
	if (sipc_keys_live && rotate_ms)
		mod_delayed_work(system_wq, &sipc_keys_work,
				 msecs_to_jiffies(rotate_ms));
	else
		cancel_delayed_work(&sipc_keys_work);
	mutex_unlock(&sipc_keys_lock);
}

/* Fill the key and driver fields of @info: never a key byte. */
void sipc_keys_info(struct sipc_info_args *info)
{
	u64 now;

	strscpy(info->aead_driver, crypto_aead_driver_name(sipc_aead_probe),
		sizeof(info->aead_driver));
	mutex_lock(&sipc_keys_lock);
	strscpy(info->hash_driver, crypto_shash_driver_name(sipc_hmac),
		sizeof(info->hash_driver));
	sipc_keys_expire();
	now = ktime_get_boottime_ns();
	info->epoch = sipc_cur->id;
	info->epoch_age_ns = now - sipc_cur->born;
	info->pairs = sipc_cur->nr_pairs;
	if (sipc_prev) {
		info->prev_epoch = sipc_prev->id;
		info->prev_age_ns = now - sipc_prev->born;
		info->prev_left_ns = sipc_prev->retire - now;
		info->pairs += sipc_prev->nr_pairs;
	}
	info->grace_ms = READ_ONCE(grace_ms);
	info->rotate_ms = sipc_timer_rotate_ms;
	info->rotate_grace_ms = sipc_timer_grace_ms;
	mutex_unlock(&sipc_keys_lock);
}

const u8 *sipc_keys_boot_id(void)
{
	return sipc_boot_id;
}

/* The request context size of the gcm(aes) driver found at load. */
unsigned int sipc_keys_reqsize(void)
{
	return crypto_aead_reqsize(sipc_aead_probe);
}

int sipc_keys_init(void)
{
	static const u8 salt[] = "sipc master v1";
	u8 master[SIPC_KEY_SIZE];
	struct sipc_epoch *e;
	int err;

	/*
	 * gcm(aes) is built from the generic parts when nothing better is
	 * registered, so ask for the accelerated drivers' modules first.
	 */
	request_module("crypto-aes");
	request_module("crypto-ghash");
	request_module("crypto-sha256");
	sipc_aead_probe = crypto_alloc_aead("gcm(aes)", 0, 0);
	if (IS_ERR(sipc_aead_probe))
		return PTR_ERR(sipc_aead_probe);
	sipc_hmac = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(sipc_hmac)) {
		err = PTR_ERR(sipc_hmac);
		goto err_hmac;
	}
	get_random_bytes(sipc_boot_id, sizeof(sipc_boot_id));
	get_random_bytes(master, sizeof(master));
	mutex_lock(&sipc_keys_lock);
	err = sipc_hkdf_extract(salt, sizeof(salt) - 1, master, sizeof(master),
				sipc_prk);
	memzero_explicit(master, sizeof(master));
	e = err ? ERR_PTR(err) : sipc_epoch_new(1);
	if (!IS_ERR(e)) {
		sipc_cur = e;
		sipc_publish();
		sipc_keys_live = true;
		/* A policy may have set the timer before the keys existed. */
		if (sipc_timer_rotate_ms)
			schedule_delayed_work(&sipc_keys_work,
					      msecs_to_jiffies(sipc_timer_rotate_ms));
	}
	mutex_unlock(&sipc_keys_lock);
	if (IS_ERR(e)) {
		err = PTR_ERR(e);
		goto err_epoch;
	}
	pr_info("sealing with %s, signing with %s\n",
		crypto_aead_driver_name(sipc_aead_probe),
		crypto_shash_driver_name(sipc_hmac));
	return 0;

err_epoch:
	memzero_explicit(sipc_prk, sizeof(sipc_prk));
	crypto_free_shash(sipc_hmac);
err_hmac:
	crypto_free_aead(sipc_aead_probe);
	return err;
}

/* After /dev/sipc is gone: no user is left. */
void sipc_keys_exit(void)
{
	/* Not live: neither the work nor a new policy arms the timer again. */
	mutex_lock(&sipc_keys_lock);
	sipc_keys_live = false;
	mutex_unlock(&sipc_keys_lock);
	cancel_delayed_work_sync(&sipc_keys_work);
	mutex_lock(&sipc_keys_lock);
	RCU_INIT_POINTER(sipc_rcu_cur, NULL);
	RCU_INIT_POINTER(sipc_rcu_prev, NULL);
	synchronize_rcu();
	if (sipc_prev)
		sipc_audit_key_retire(sipc_prev->id, "unload");
	sipc_audit_key_retire(sipc_cur->id, "unload");
	sipc_epoch_free(sipc_prev);
	sipc_epoch_free(sipc_cur);
	sipc_prev = NULL;
	sipc_cur = NULL;
	memzero_explicit(sipc_prk, sizeof(sipc_prk));
	memzero_explicit(sipc_boot_id, sizeof(sipc_boot_id));
	mutex_unlock(&sipc_keys_lock);
	crypto_free_shash(sipc_hmac);
	crypto_free_aead(sipc_aead_probe);
}
