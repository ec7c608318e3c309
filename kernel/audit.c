// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - the audit trail.
 *
 * Every decision the policy did not allow, and every allowed one it asks
 * to see (an audit rule, an audited role), becomes one AUDIT_KERNEL_OTHER
 * record, the type the audit uapi
 * leaves to third-party modules, of key=value fields that auparse reads
 * (Documentation/audit.rst has the format with examples).  Records are
 * started in the audit context of the syscall that made the decision, so
 * auditd files them in the same event as the syscall's own record.
 *
 * Never in the way: a decision's record is built in a per-CPU buffer with
 * interrupts off and started with audit_log_start(GFP_ATOMIC), which
 * returns NULL rather than wait when the audit backlog is full.  Never
 * silently lossy: every decision that asks for a record counts once as
 * wanted and once as exactly one of emitted, suppressed (its (subject
 * role, object role, class, permissions) key went over audit_rate
 * records in the current second) or dropped (no memory, or the backlog
 * was full).  Suppressed and dropped records are summarised by later
 * op=lost records.
 *
 * Tamper evidence: each record that reaches the audit queue takes the
 * next sequence number (seq=) and is hashed into a chain,
 *
 *	head(0) = sha256("sipc-audit-v1" || boot)
 *	head(n) = sha256(head(n - 1) || body(n))
 *
 * where body(n) is the record's text as the log shows it after
 * "msg=audit(...): ", up to its " seq=n" included (" hash=", the first
 * 8 bytes of head(n), follows, and is not hashed), and boot is a random
 * id drawn at module load (the first record, op=module event=load, names
 * it).  Every audit_checkpoint records, every audit_checkpoint_secs
 * seconds and at unload, an op=checkpoint record seals the head so far
 * with hmac(sha256) under a key drawn at load that never leaves the
 * kernel; only the module can tell whether a checkpoint is genuine
 * (sipc_audit_check_mac(), over netlink).  A policy may set both
 * intervals (sipc_audit_configure()).
 *
 * Sequence numbers are taken, hashed and queued under one spinlock,
 * sipc_audit.lock, so that the log has them in order.  A record the
 * backlog refused never takes a number: the chain has no holes of its
 * own making.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/audit.h>
#include <linux/bits.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/ipc.h>
#include <linux/jiffies.h>
#include <linux/kmod.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <net/af_unix.h>

#include "access.h"
#include "audit.h"
#include "policy.h"

static unsigned int audit_rate = 10;
module_param(audit_rate, uint, 0644);
MODULE_PARM_DESC(audit_rate,
		 "Audit records per second for each (subject role, object role, class, permissions); 0: no limit");

static unsigned int audit_checkpoint = 1000;
module_param(audit_checkpoint, uint, 0644);
MODULE_PARM_DESC(audit_checkpoint,
		 "Seal the audit hash chain after this many records (0: only by time)");

static unsigned int audit_checkpoint_secs = 60;
module_param(audit_checkpoint_secs, uint, 0644);
MODULE_PARM_DESC(audit_checkpoint_secs,
		 "Seal the audit hash chain and report lost records at least this often, in seconds (1..3600)");

/*
 * The policy's own interval (struct sipc_policy_audit), 0 where it
 * leaves the module parameter's in force.  Written by
 * sipc_audit_configure() when a policy is put in force, read anywhere.
 */
static u32 sipc_audit_policy_records;
static u32 sipc_audit_policy_secs;

/* Records between checkpoints now; 0: only by time. */
static unsigned int sipc_audit_every_records(void)
{
	return READ_ONCE(sipc_audit_policy_records) ?:
	       READ_ONCE(audit_checkpoint);
}

/* Seconds between checkpoints now, 1..3600. */
static unsigned int sipc_audit_every_secs(void)
{
	return READ_ONCE(sipc_audit_policy_secs) ?:
	       clamp_val(READ_ONCE(audit_checkpoint_secs), 1,
			 SIPC_AUDIT_CHECKPOINT_SECS_MAX);
}

/* Room for one record's text; longer names are cut (see sipc_audit_str). */
#define SIPC_AUDIT_BODY_MAX	3072
#define SIPC_AUDIT_NAME_MAX	1000
#define SIPC_AUDIT_SLOTS_BITS	8
#define SIPC_AUDIT_SLOTS	BIT(SIPC_AUDIT_SLOTS_BITS)
#define SIPC_AUDIT_GENESIS	"sipc-audit-v1"

/**
 * struct sipc_audit_slot - the rate limit of one key
 * @key: (subject role, object role, class, permissions), see
 *	sipc_audit_key(); 0 while the slot is unused
 * @window: jiffies when the current one-second window began
 * @count: records emitted in the current window
 * @suppressed: records suppressed since the last op=lost for this key
 * @since: real time of the first of them, in seconds
 * @subject: @key's subject role name, for op=lost
 * @object: @key's object role name
 * @class: @key's class
 * @perms: @key's permissions
 *
 * Keys share slots by hash; a key taking a slot over passes the slot's
 * unreported count on to sipc_audit.suppressed.  Under sipc_audit.lock.
 */
struct sipc_audit_slot {
	u64 key;
	unsigned long window;
	u32 count;
	u32 suppressed;
	time64_t since;
	char subject[SIPC_ROLE_NAME_MAX];
	char object[SIPC_ROLE_NAME_MAX];
	unsigned int class;
	u32 perms;
};

/**
 * struct sipc_audit_state - the chain and what is owed to the log
 * @lock: protects everything below; taken with interrupts off, as a
 *	signal may be decided in any context
 * @seq: sequence number of the last record queued
 * @head: the chain's head after record @seq
 * @boot: this load's random id, the start of the chain
 * @checkpoint_seq: @seq when the last checkpoint was queued
 * @suppressed: suppressed records of keys that lost their slot, not
 *	yet reported
 * @suppressed_since: real time of the first of them
 * @dropped: records dropped, not yet reported by op=lost
 * @dropped_since: real time of the first of them
 * @slots: the rate limits
 * @sha256: "sha256" transform, for the chain
 * @hmac: "hmac(sha256)" transform, keyed at init, for checkpoints
 * @work: the periodic checkpoint and op=lost flush
 * @live: false once sipc_audit_exit() began: @work must not rearm
 */
static struct sipc_audit_state {
	spinlock_t lock;	/* see above: everything below */
	u64 seq;
	u8 head[SIPC_AUDIT_HASH_LEN];
	u8 boot[SIPC_AUDIT_BOOT_LEN];
	u64 checkpoint_seq;
	u64 suppressed;
	time64_t suppressed_since;
	u64 dropped;
	time64_t dropped_since;
	struct sipc_audit_slot slots[SIPC_AUDIT_SLOTS];
	struct crypto_shash *sha256;
	struct crypto_shash *hmac;
	struct delayed_work work;
	bool live;
} sipc_audit = {
	.lock = __SPIN_LOCK_UNLOCKED(sipc_audit.lock),
};

/**
 * struct sipc_audit_scratch - where a decision's record is built
 * @body: the record's text
 * @path: room for a path, an address, or an op=lost record
 *
 * One per CPU, used only with interrupts disabled, so that no other
 * decision can come in between on that CPU: a record costs no
 * allocation (which Debian's kernels would also zero: init_on_alloc).
 */
struct sipc_audit_scratch {
	char body[SIPC_AUDIT_BODY_MAX];
	char path[PATH_MAX];
};

static struct sipc_audit_scratch __percpu *sipc_audit_scratch;

#define SIPC_CLASS(class, name, perms) \
	[class] = name,
static const char *const sipc_audit_classes[__SIPC_CLASS_LAST] =
	SIPC_CLASS_LIST;
#undef SIPC_CLASS

#define SIPC_PERM(perm, name) \
	[ilog2(perm)] = name,
static const char *const sipc_audit_perms[] = SIPC_PERM_LIST;
#undef SIPC_PERM

static const char *const sipc_audit_modes[__SIPC_MODE_LAST] = {
	[SIPC_MODE_GLOBAL] = "global",
	[SIPC_MODE_ENFORCE] = "enforce",
	[SIPC_MODE_PERMISSIVE] = "permissive",
	[SIPC_MODE_LEARN] = "learn",
};

static const char *sipc_audit_class(unsigned int class)
{
	return class < __SIPC_CLASS_LAST && sipc_audit_classes[class] ?
	       sipc_audit_classes[class] : "?";
}

static const char *sipc_audit_mode_name(unsigned int mode)
{
	return mode < __SIPC_MODE_LAST ? sipc_audit_modes[mode] : "?";
}

/**
 * struct sipc_audit_buf - a record's text being built
 * @buf: SIPC_AUDIT_BODY_MAX bytes
 * @len: bytes used, without the NUL
 */
struct sipc_audit_buf {
	char *buf;
	size_t len;
};

static __printf(2, 3) void sipc_audit_add(struct sipc_audit_buf *b,
					  const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	b->len += vscnprintf(b->buf + b->len, SIPC_AUDIT_BODY_MAX - b->len,
			     fmt, args);
	va_end(args);
}

/*
 * The appenders below are what a decision's record is built with:
 * vsnprintf() parses its format on every call, and a record took a dozen
 * calls, some 17,000 instructions; these take a tenth of that.  All stop
 * at SIPC_AUDIT_BODY_MAX - 1 bytes and keep the text NUL-terminated.
 */
static void sipc_audit_put(struct sipc_audit_buf *b, const char *s,
			   size_t len)
{
	len = min(len, SIPC_AUDIT_BODY_MAX - 1 - b->len);
	memcpy(b->buf + b->len, s, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

static void sipc_audit_puts(struct sipc_audit_buf *b, const char *s)
{
	sipc_audit_put(b, s, strlen(s));
}

/* @name (" pid=") and @value in decimal. */
static void sipc_audit_putu(struct sipc_audit_buf *b, const char *name,
			    u64 value)
{
	char digits[20];
	int i = sizeof(digits);

	do {
		digits[--i] = '0' + do_div(value, 10);
	} while (value);
	sipc_audit_puts(b, name);
	sipc_audit_put(b, digits + i, sizeof(digits) - i);
}

/*
 * " name=value" for an untrusted string, encoded as the audit subsystem
 * encodes one (audit_log_n_untrustedstring(), not exported): quoted when
 * every byte is printable and neither a space nor a double quote, else
 * as upper-case hex, which auparse decodes.  At most SIPC_AUDIT_NAME_MAX
 * bytes of @s are written.
 */
static void sipc_audit_str(struct sipc_audit_buf *b, const char *name,
			   const char *s, size_t len)
{
	size_t i;

	len = min_t(size_t, len, SIPC_AUDIT_NAME_MAX);
	for (i = 0; i < len; i++)
		if (s[i] == '"' || s[i] < 0x21 || s[i] > 0x7e)
			break;
	sipc_audit_put(b, " ", 1);
	sipc_audit_puts(b, name);
	if (i == len) {
		sipc_audit_put(b, "=\"", 2);
		sipc_audit_put(b, s, len);
		sipc_audit_put(b, "\"", 1);
		return;
	}
	sipc_audit_put(b, "=", 1);
	for (i = 0; i < len && b->len + 3 < SIPC_AUDIT_BODY_MAX; i++)
		b->len = hex_byte_pack_upper(b->buf + b->len, s[i]) - b->buf;
	b->buf[b->len] = '\0';
}

static void sipc_audit_perms_add(struct sipc_audit_buf *b, u32 perms)
{
	const char *sep = "";
	unsigned int bit;
	unsigned long p = perms & __SIPC_PERM_ALL;

	sipc_audit_puts(b, " perms=");
	for_each_set_bit(bit, &p, ARRAY_SIZE(sipc_audit_perms)) {
		sipc_audit_puts(b, sep);
		sipc_audit_puts(b, sipc_audit_perms[bit]);
		sep = ",";
	}
	if (!*sep)
		sipc_audit_puts(b, "none");
}

/* The path of a FIFO, within its filesystem: any of its names will do. */
static void sipc_audit_fifo(struct sipc_audit_buf *b, struct inode *inode,
			    char *scratch)
{
	struct dentry *dentry;
	char *path = NULL;

	spin_lock(&inode->i_lock);
	dentry = hlist_entry_safe(inode->i_dentry.first, struct dentry,
				  d_u.d_alias);
	if (dentry)
		path = dentry_path_raw(dentry, scratch, PATH_MAX);
	spin_unlock(&inode->i_lock);
	if (IS_ERR_OR_NULL(path))
		sipc_audit_add(b, " obj=\"fifo:[%lu]\"", inode->i_ino);
	else
		sipc_audit_str(b, "obj", path, strlen(path));
}

/* A socket's address: its path, or "@" and its abstract name. */
static void sipc_audit_unix(struct sipc_audit_buf *b, const struct sock *sk,
			    char *scratch)
{
	const struct unix_address *addr;
	size_t len;

	/* Pairs with the smp_store_release() that publishes a bound address. */
	addr = smp_load_acquire(&unix_sk(sk)->addr);
	if (!addr || addr->len <= offsetof(struct sockaddr_un, sun_path)) {
		sipc_audit_puts(b, " obj=\"?\"");
		return;
	}
	len = addr->len - offsetof(struct sockaddr_un, sun_path);
	if (addr->name->sun_path[0]) {
		sipc_audit_str(b, "obj", addr->name->sun_path,
			       strnlen(addr->name->sun_path, len));
		return;
	}
	len = min_t(size_t, len, sizeof(addr->name->sun_path));
	scratch[0] = '@';
	memcpy(scratch + 1, addr->name->sun_path + 1, len - 1);
	sipc_audit_str(b, "obj", scratch, len);
}

static void sipc_audit_mqueue(struct sipc_audit_buf *b, struct dentry *dentry,
			      char *scratch)
{
	spin_lock(&dentry->d_lock);
	scratch[0] = '/';
	strscpy(scratch + 1, dentry->d_name.name, NAME_MAX + 1);
	spin_unlock(&dentry->d_lock);
	sipc_audit_str(b, "obj", scratch, strlen(scratch));
}

/* " obj=...": what the request was about, by class (see access.h). */
static void sipc_audit_object(struct sipc_audit_buf *b,
			      const struct sipc_request *req, char *scratch)
{
	const void *object = req->object;

	if (!object) {
		sipc_audit_puts(b, " obj=\"?\"");
		return;
	}
	switch (req->class) {
	case SIPC_CLASS_PIPE:
		sipc_audit_putu(b, " obj=\"pipe:[",
				((const struct inode *)object)->i_ino);
		sipc_audit_puts(b, "]\"");
		break;
	case SIPC_CLASS_FIFO:
		sipc_audit_fifo(b, (struct inode *)object, scratch);
		break;
	case SIPC_CLASS_UNIX_STREAM:
	case SIPC_CLASS_UNIX_DGRAM:
	case SIPC_CLASS_UNIX_SEQPACKET:
		sipc_audit_unix(b, object, scratch);
		break;
	case SIPC_CLASS_MSGQ:
	case SIPC_CLASS_SHM:
	case SIPC_CLASS_SEM:
		sipc_audit_add(b, " obj=\"key:0x%08x\"",
			       ((const struct kern_ipc_perm *)object)->key);
		break;
	case SIPC_CLASS_MQUEUE:
		sipc_audit_mqueue(b, (struct dentry *)object, scratch);
		break;
	case SIPC_CLASS_SIGNAL:
		sipc_audit_putu(b, " obj=\"pid:",
				task_tgid_nr((struct task_struct *)object));
		sipc_audit_puts(b, "\"");
		break;
	default:
		sipc_audit_puts(b, " obj=\"?\"");
	}
}

/*
 * " pid= uid= auid= ses= comm= exe=" of @task.  task_lock() keeps
 * task->mm from going away (exit_mm() clears it under the lock), RCU
 * the exe file while d_path() reads it; neither sleeps.
 */
static void sipc_audit_task(struct sipc_audit_buf *b, struct task_struct *task,
			    char *scratch)
{
	char comm[TASK_COMM_LEN];
	const char *path = NULL;
	struct mm_struct *mm;
	struct file *exe;

	sipc_audit_putu(b, " pid=", task_tgid_nr(task));
	sipc_audit_putu(b, " uid=", from_kuid(&init_user_ns, task_uid(task)));
	sipc_audit_putu(b, " auid=",
			from_kuid(&init_user_ns, audit_get_loginuid(task)));
	sipc_audit_putu(b, " ses=", audit_get_sessionid(task));
	strscpy(comm, task->comm, sizeof(comm));
	sipc_audit_str(b, "comm", comm, strlen(comm));
	task_lock(task);
	mm = task->mm;
	if (mm && !(task->flags & PF_KTHREAD)) {
		rcu_read_lock();
		exe = rcu_dereference(mm->exe_file);
		if (exe)
			path = d_path(&exe->f_path, scratch, PATH_MAX);
		rcu_read_unlock();
	}
	task_unlock(task);
	if (IS_ERR_OR_NULL(path))
		sipc_audit_puts(b, " exe=\"?\"");
	else
		sipc_audit_str(b, "exe", path, strlen(path));
}

static int sipc_audit_digest(const void *a, size_t alen, const void *b,
			     size_t blen, const void *c, size_t clen, u8 *out)
{
	SHASH_DESC_ON_STACK(desc, sipc_audit.sha256);
	int err;

	desc->tfm = sipc_audit.sha256;
	err = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, a, alen) ?:
	      crypto_shash_update(desc, b, blen) ?:
	      (clen ? crypto_shash_update(desc, c, clen) : 0) ?:
	      crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

/* The MAC of a checkpoint: over (boot, seq as 8 bytes, head). */
static int sipc_audit_mac(const u8 *boot, u64 seq, const u8 *head, u8 *out)
{
	SHASH_DESC_ON_STACK(desc, sipc_audit.hmac);
	__le64 le = cpu_to_le64(seq);
	int err;

	desc->tfm = sipc_audit.hmac;
	err = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, boot, SIPC_AUDIT_BOOT_LEN) ?:
	      crypto_shash_update(desc, (const u8 *)&le, sizeof(le)) ?:
	      crypto_shash_update(desc, head, SIPC_AUDIT_HASH_LEN) ?:
	      crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

/*
 * Queue one record whose audit buffer is started: give it the next
 * sequence number, hash it into the chain, send it.  @body is its text
 * without " seq=N hash=H", which this appends: seq is hashed, hash (the
 * first 8 bytes of the new head) is not, so that a verifier can name the
 * first record that does not hash to what it says.
 */
static void sipc_audit_commit(struct audit_buffer *ab, const char *body)
{
	u8 head[SIPC_AUDIT_HASH_LEN];
	char tail[32];
	int len;

	lockdep_assert_held(&sipc_audit.lock);
	len = scnprintf(tail, sizeof(tail), " seq=%llu", ++sipc_audit.seq);
	if (!sipc_audit_digest(sipc_audit.head, SIPC_AUDIT_HASH_LEN, body,
			       strlen(body), tail, len, head))
		memcpy(sipc_audit.head, head, sizeof(head));
	audit_log_format(ab, "%s%s hash=%8phN", body, tail, sipc_audit.head);
	audit_log_end(ab);
}

static struct audit_buffer *sipc_audit_start(void)
{
	/* In a syscall, the record joins the syscall's own audit event. */
	return audit_log_start(in_task() ? audit_context() : NULL,
			       GFP_ATOMIC | __GFP_NOWARN, AUDIT_KERNEL_OTHER);
}

/* Queue @body as a record; false when the backlog refused it. */
static bool sipc_audit_send(const char *body)
{
	struct audit_buffer *ab;

	ab = sipc_audit_start();
	if (!ab)
		return false;
	sipc_audit_commit(ab, body);
	return true;
}

static void sipc_audit_checkpoint(void)
{
	u8 mac[SIPC_AUDIT_HASH_LEN];
	struct audit_buffer *ab;
	char body[256];

	lockdep_assert_held(&sipc_audit.lock);
	ab = sipc_audit_start();
	if (!ab)
		return;
	/* sipc_audit_commit() gives it seq + 1; the MAC covers that. */
	if (sipc_audit_mac(sipc_audit.boot, sipc_audit.seq + 1,
			   sipc_audit.head, mac))
		memset(mac, 0, sizeof(mac));
	scnprintf(body, sizeof(body),
		  "op=checkpoint boot=%*phN head=%*phN mac=%*phN",
		  SIPC_AUDIT_BOOT_LEN, sipc_audit.boot,
		  SIPC_AUDIT_HASH_LEN, sipc_audit.head,
		  SIPC_AUDIT_HASH_LEN, mac);
	sipc_audit_commit(ab, body);
	sipc_audit.checkpoint_seq = sipc_audit.seq;
}

static void sipc_audit_lost_key(struct sipc_audit_slot *slot, char *body)
{
	struct sipc_audit_buf b = { .buf = body };

	sipc_audit_add(&b,
		       "op=lost reason=ratelimit subj_role=%s obj_role=%s class=%s",
		       slot->subject, slot->object,
		       sipc_audit_class(slot->class));
	sipc_audit_perms_add(&b, slot->perms);
	sipc_audit_add(&b, " suppressed=%u since=%lld", slot->suppressed,
		       slot->since);
}

/*
 * Report what is owed: suppressed records of keys that lost their slot,
 * and dropped records.  A report the backlog refuses stays owed.
 */
static void sipc_audit_flush_global(char *body)
{
	lockdep_assert_held(&sipc_audit.lock);
	if (sipc_audit.suppressed) {
		scnprintf(body, SIPC_AUDIT_BODY_MAX,
			  "op=lost reason=ratelimit suppressed=%llu since=%lld",
			  sipc_audit.suppressed, sipc_audit.suppressed_since);
		if (sipc_audit_send(body))
			sipc_audit.suppressed = 0;
	}
	if (sipc_audit.dropped) {
		scnprintf(body, SIPC_AUDIT_BODY_MAX,
			  "op=lost reason=backlog dropped=%llu since=%lld",
			  sipc_audit.dropped, sipc_audit.dropped_since);
		if (sipc_audit_send(body))
			sipc_audit.dropped = 0;
	}
}

/* Report the suppressed records of every key whose window has passed. */
static void sipc_audit_flush_slots(char *body, bool all)
{
	struct sipc_audit_slot *slot;

	lockdep_assert_held(&sipc_audit.lock);
	for (slot = sipc_audit.slots;
	     slot < sipc_audit.slots + SIPC_AUDIT_SLOTS; slot++) {
		if (!slot->suppressed ||
		    (!all && time_before(jiffies, slot->window + HZ)))
			continue;
		sipc_audit_lost_key(slot, body);
		if (!sipc_audit_send(body))
			return;
		slot->suppressed = 0;
	}
}

static void sipc_audit_dropped(void)
{
	lockdep_assert_held(&sipc_audit.lock);
	if (!sipc_audit.dropped++)
		sipc_audit.dropped_since = ktime_get_real_seconds();
	sipc_stat_inc(SIPC_STAT_AUDIT_DROPPED);
}

static u64 sipc_audit_key(const struct sipc_request *req, u32 perms)
{
	/* Role indices are at most SIPC_ROLES_MAX: 12 bits each. */
	return 1ULL << 63 | (u64)(req->subject_role & 0xfff) << 48 |
	       (u64)(req->object_role & 0xfff) << 36 |
	       (u64)(req->class & 0xff) << 24 | (perms & __SIPC_PERM_ALL);
}

/*
 * The rate limit of @req's key: true when the record may go.  A key
 * whose suppressed records are still unreported has its op=lost record
 * sent before its next one, from sipc_audit_decision().
 */
static bool sipc_audit_allow(const struct sipc_policy *policy,
			     const struct sipc_request *req, u32 perms,
			     struct sipc_audit_slot **owed)
{
	u64 key = sipc_audit_key(req, perms);
	struct sipc_audit_slot *slot;
	unsigned int rate = READ_ONCE(audit_rate);

	lockdep_assert_held(&sipc_audit.lock);
	*owed = NULL;
	if (!rate)
		return true;
	slot = &sipc_audit.slots[hash_64(key, SIPC_AUDIT_SLOTS_BITS)];
	if (slot->key != key) {
		if (slot->suppressed) {
			if (!sipc_audit.suppressed)
				sipc_audit.suppressed_since = slot->since;
			sipc_audit.suppressed += slot->suppressed;
		}
		slot->key = key;
		slot->window = jiffies;
		slot->count = 0;
		slot->suppressed = 0;
		strscpy(slot->subject,
			sipc_policy_role_name(policy, req->subject_role),
			sizeof(slot->subject));
		strscpy(slot->object,
			sipc_policy_role_name(policy, req->object_role),
			sizeof(slot->object));
		slot->class = req->class;
		slot->perms = perms;
	} else if (time_after_eq(jiffies, slot->window + HZ)) {
		slot->window = jiffies;
		slot->count = 0;
	}
	if (slot->count >= rate) {
		if (!slot->suppressed++)
			slot->since = ktime_get_real_seconds();
		return false;
	}
	slot->count++;
	if (slot->suppressed)
		*owed = slot;
	return true;
}

/*
 * Start a decision's record: count it as wanted, apply the rate limit.
 * Returns this CPU's scratch buffer with interrupts off (*@flags to
 * restore them), @b pointing at its body; or NULL when the limit
 * suppressed it.
 */
static struct sipc_audit_scratch *
sipc_audit_begin(const struct sipc_policy *policy,
		 const struct sipc_request *req, u32 key_perms,
		 struct sipc_audit_slot **owed, struct sipc_audit_buf *b,
		 unsigned long *flags)
{
	struct sipc_audit_scratch *scratch;
	bool ok;

	sipc_stat_inc(SIPC_STAT_AUDIT_WANTED);
	local_irq_save(*flags);
	spin_lock(&sipc_audit.lock);
	ok = sipc_audit_allow(policy, req, key_perms, owed);
	spin_unlock(&sipc_audit.lock);
	if (!ok) {
		local_irq_restore(*flags);
		sipc_stat_inc(SIPC_STAT_AUDIT_SUPPRESSED);
		return NULL;
	}
	scratch = this_cpu_ptr(sipc_audit_scratch);
	b->buf = scratch->body;
	b->len = 0;
	return scratch;
}

/* The fields every decision's record has, up to its class. */
static void sipc_audit_head_fields(struct sipc_audit_buf *b,
				   const struct sipc_policy *policy,
				   const struct sipc_request *req,
				   const char *op, unsigned int mode,
				   bool allowed)
{
	sipc_audit_puts(b, op);
	sipc_audit_puts(b, allowed ? " verdict=allowed sipc_mode=" :
			   " verdict=denied sipc_mode=");
	sipc_audit_puts(b, sipc_audit_mode_name(mode));
	sipc_audit_puts(b, " subj_role=");
	sipc_audit_puts(b, sipc_policy_role_name(policy, req->subject_role));
	sipc_audit_puts(b, " obj_role=");
	sipc_audit_puts(b, sipc_policy_role_name(policy, req->object_role));
	sipc_audit_puts(b, " class=");
	sipc_audit_puts(b, sipc_audit_class(req->class));
}

/*
 * Finish what sipc_audit_begin() started: the object, the process and
 * the policy generation, then queue it (after what is owed) and give
 * interrupts back.
 */
static void sipc_audit_finish(const struct sipc_policy *policy,
			      const struct sipc_request *req,
			      struct sipc_audit_scratch *scratch,
			      struct sipc_audit_buf *b,
			      struct sipc_audit_slot *owed,
			      unsigned long flags)
{
	unsigned int every;

	sipc_audit_object(b, req, scratch->path);
	sipc_audit_task(b, req->subject, scratch->path);
	sipc_audit_putu(b, " policy_gen=", sipc_policy_gen(policy));

	spin_lock(&sipc_audit.lock);
	/* A key's op=lost goes just before its next record. */
	if (owed && owed->suppressed) {
		sipc_audit_lost_key(owed, scratch->path);
		if (sipc_audit_send(scratch->path))
			owed->suppressed = 0;
	}
	sipc_audit_flush_global(scratch->path);
	if (sipc_audit_send(b->buf)) {
		sipc_stat_inc(SIPC_STAT_AUDIT_EMITTED);
		every = sipc_audit_every_records();
		if (every && sipc_audit.seq - sipc_audit.checkpoint_seq >= every)
			sipc_audit_checkpoint();
	} else {
		sipc_audit_dropped();
	}
	spin_unlock(&sipc_audit.lock);
	local_irq_restore(flags);
}

/**
 * sipc_audit_decision() - record one decision
 * @policy: the policy in force
 * @req: the request decided
 * @mode: the mode that applied (enum sipc_mode)
 * @perms: the permissions missing, or, for an allowed operation the
 *	policy audits, those it asked for
 * @allowed: whether the operation goes ahead
 *
 * Any context; never sleeps.  Counts the record as wanted, and as one of
 * emitted, suppressed or dropped.
 */
void sipc_audit_decision(const struct sipc_policy *policy,
			 const struct sipc_request *req, unsigned int mode,
			 u32 perms, bool allowed)
{
	struct sipc_audit_scratch *scratch;
	struct sipc_audit_slot *owed;
	struct sipc_audit_buf b;
	unsigned long flags;

	scratch = sipc_audit_begin(policy, req, perms, &owed, &b, &flags);
	if (!scratch)
		return;
	sipc_audit_head_fields(&b, policy, req, "op=decision", mode, allowed);
	sipc_audit_perms_add(&b, perms);
	sipc_audit_finish(policy, req, scratch, &b, owed, flags);
}

/**
 * sipc_audit_operation() - record an operation refused, or let through
 *	by a permissive or learning role (op=operation)
 * @policy: the policy in force
 * @req: the send it was carried by (its class, roles and object)
 * @mode: the mode that applied (enum sipc_mode)
 * @allowed: whether the operation goes ahead
 * @iface: the interface the object implements
 * @op: the operation's name, NULL when @iface has no operation @op_id
 * @op_id: the operation id the message carried (msgsnd() refuses a
 *	type below 1 before any hook)
 * @needs: the interface's permissions the caller lacks, as names
 *	separated by commas ("" when @op is NULL)
 *
 * Any context; never sleeps.  Counted as sipc_audit_decision() counts.
 * The rate limit's key is (subject role, object role, class) with no
 * permissions: op=lost reports it with perms=none.
 */
void sipc_audit_operation(const struct sipc_policy *policy,
			  const struct sipc_request *req, unsigned int mode,
			  bool allowed, const char *iface, const char *op,
			  u64 op_id, const char *needs)
{
	struct sipc_audit_scratch *scratch;
	struct sipc_audit_slot *owed;
	struct sipc_audit_buf b;
	unsigned long flags;

	scratch = sipc_audit_begin(policy, req, 0, &owed, &b, &flags);
	if (!scratch)
		return;
	sipc_audit_head_fields(&b, policy, req, "op=operation", mode, allowed);
	sipc_audit_str(&b, "interface", iface, strlen(iface));
	if (op)
		sipc_audit_str(&b, "operation", op, strlen(op));
	else
		sipc_audit_puts(&b, " operation=?");
	sipc_audit_putu(&b, " op_id=", op_id);
	sipc_audit_puts(&b, " needs=");
	sipc_audit_puts(&b, op ? needs : "?");
	sipc_audit_finish(policy, req, scratch, &b, owed, flags);
}

/* Queue a record made in process context: policy loads, modes, module. */
static void sipc_audit_event(struct sipc_audit_buf *b)
{
	unsigned long flags;

	spin_lock_irqsave(&sipc_audit.lock, flags);
	if (!sipc_audit_send(b->buf))
		pr_notice_ratelimited("audit backlog full, lost: %s\n", b->buf);
	spin_unlock_irqrestore(&sipc_audit.lock, flags);
}

static char *sipc_audit_alloc(struct sipc_audit_buf *b)
{
	char *scratch;

	b->len = 0;
	b->buf = kzalloc(SIPC_AUDIT_BODY_MAX, GFP_KERNEL);
	scratch = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!b->buf || !scratch) {
		kfree(b->buf);
		kfree(scratch);
		return NULL;
	}
	return scratch;
}

/**
 * sipc_audit_load() - record that a policy was put in force
 * @gen: its generation
 * @blob: the compiled policy
 * @size: its size
 */
void sipc_audit_load(u32 gen, const void *blob, size_t size)
{
	u8 digest[SIPC_AUDIT_HASH_LEN];
	struct sipc_audit_buf b;
	char *scratch;

	scratch = sipc_audit_alloc(&b);
	if (!scratch)
		return;
	if (crypto_shash_tfm_digest(sipc_audit.sha256, blob, size, digest))
		memset(digest, 0, sizeof(digest));
	sipc_audit_add(&b, "op=load policy_gen=%u size=%zu sha256=%*phN",
		       gen, size, SIPC_AUDIT_HASH_LEN, digest);
	sipc_audit_task(&b, current, scratch);
	sipc_audit_event(&b);
	kfree(scratch);
	kfree(b.buf);
}

/**
 * sipc_audit_mode() - record a mode change
 * @role: the role's name, or NULL for the global mode
 * @mode: enum sipc_mode
 * @gen: the generation of the policy it applies to
 */
void sipc_audit_mode(const char *role, unsigned int mode, u32 gen)
{
	struct sipc_audit_buf b;
	char *scratch;

	scratch = sipc_audit_alloc(&b);
	if (!scratch)
		return;
	sipc_audit_add(&b, "op=mode sipc_mode=%s role=%s policy_gen=%u",
		       sipc_audit_mode_name(mode), role ?: "global", gen);
	sipc_audit_task(&b, current, scratch);
	sipc_audit_event(&b);
	kfree(scratch);
	kfree(b.buf);
}

/**
 * sipc_audit_key_rotate() - record a key rotation (op=key event=rotate)
 * @epoch: the new epoch
 * @prev: the one that is now in its grace window
 * @grace_ms: how long that window is
 * @timer: the policy's timer rotated, not SIPC_IOC_ROTATE
 *
 * Epoch numbers only: no key byte is ever in a record.  Process context.
 */
void sipc_audit_key_rotate(u32 epoch, u32 prev, u64 grace_ms, bool timer)
{
	struct sipc_audit_buf b;
	char *scratch;

	scratch = sipc_audit_alloc(&b);
	if (!scratch)
		return;
	sipc_audit_add(&b,
		       "op=key event=rotate trigger=%s epoch=%u prev_epoch=%u grace_ms=%llu",
		       timer ? "timer" : "manual", epoch, prev, grace_ms);
	sipc_audit_task(&b, current, scratch);
	sipc_audit_event(&b);
	kfree(scratch);
	kfree(b.buf);
}

/**
 * sipc_audit_key_retire() - record that an epoch's keys were wiped
 *	(op=key event=retire)
 * @epoch: the epoch
 * @reason: "grace" (its window ran out), "rotation" (a second rotation
 *	came first) or "unload"
 */
void sipc_audit_key_retire(u32 epoch, const char *reason)
{
	struct sipc_audit_buf b;
	char *scratch;

	scratch = sipc_audit_alloc(&b);
	if (!scratch)
		return;
	sipc_audit_add(&b, "op=key event=retire reason=%s epoch=%u", reason,
		       epoch);
	sipc_audit_task(&b, current, scratch);
	sipc_audit_event(&b);
	kfree(scratch);
	kfree(b.buf);
}

/**
 * sipc_audit_sign() - record a signature made (op=sign) or a verification
 *	refused (op=verify)
 * @verify: a refused verification, not a signature
 * @role: the role of the process that signed or verified
 * @epoch: the key epoch of the signature made (0 for a refusal)
 * @data_len: bytes signed or claimed signed
 * @err: why a verification was refused: -EBADMSG or -EKEYEXPIRED
 */
void sipc_audit_sign(bool verify, const char *role, u32 epoch, u32 data_len,
		     int err)
{
	struct sipc_audit_buf b;
	char *scratch;

	scratch = sipc_audit_alloc(&b);
	if (!scratch)
		return;
	if (verify)
		sipc_audit_add(&b,
			       "op=verify verdict=refused reason=%s subj_role=%s data_len=%u",
			       err == -EKEYEXPIRED ? "expired" : "bad_signature",
			       role, data_len);
	else
		sipc_audit_add(&b,
			       "op=sign verdict=signed subj_role=%s epoch=%u data_len=%u",
			       role, epoch, data_len);
	sipc_audit_task(&b, current, scratch);
	sipc_audit_event(&b);
	kfree(scratch);
	kfree(b.buf);
}

/**
 * sipc_audit_head() - the chain as it stands
 * @boot: filled with this load's boot id
 * @seq: set to the sequence number of the last record queued
 * @head: filled with the chain's head after it
 */
void sipc_audit_head(u8 boot[SIPC_AUDIT_BOOT_LEN], u64 *seq,
		     u8 head[SIPC_AUDIT_HASH_LEN])
{
	unsigned long flags;

	spin_lock_irqsave(&sipc_audit.lock, flags);
	memcpy(boot, sipc_audit.boot, SIPC_AUDIT_BOOT_LEN);
	*seq = sipc_audit.seq;
	memcpy(head, sipc_audit.head, SIPC_AUDIT_HASH_LEN);
	spin_unlock_irqrestore(&sipc_audit.lock, flags);
}

/**
 * sipc_audit_check_mac() - is this checkpoint one the module made?
 * @boot: the boot id it names
 * @seq: its sequence number
 * @head: the head it seals
 * @mac: its MAC
 *
 * Return: 0 when genuine, -ESTALE when @boot is not this load's (the key
 * it was made with is gone), -EBADMSG when the MAC is wrong.
 */
int sipc_audit_check_mac(const u8 boot[SIPC_AUDIT_BOOT_LEN], u64 seq,
			 const u8 head[SIPC_AUDIT_HASH_LEN],
			 const u8 mac[SIPC_AUDIT_HASH_LEN])
{
	u8 want[SIPC_AUDIT_HASH_LEN];
	int err;

	if (memcmp(boot, sipc_audit.boot, SIPC_AUDIT_BOOT_LEN))
		return -ESTALE;
	err = sipc_audit_mac(boot, seq, head, want);
	if (!err && crypto_memneq(want, mac, SIPC_AUDIT_HASH_LEN))
		err = -EBADMSG;
	memzero_explicit(want, sizeof(want));
	return err;
}

/**
 * sipc_audit_configure() - seal the chain at the policy's interval
 * @records: a checkpoint after this many records, 0 for audit_checkpoint
 * @secs: and at least this often, in seconds, 0 for audit_checkpoint_secs
 *
 * Called when a policy is put in force, with its bounds checked
 * (struct sipc_policy_audit).  A new time interval applies at once: the
 * next periodic checkpoint is rescheduled by it.  Process context.
 */
void sipc_audit_configure(u32 records, u32 secs)
{
	WRITE_ONCE(sipc_audit_policy_records, records);
	WRITE_ONCE(sipc_audit_policy_secs, secs);
	if (READ_ONCE(sipc_audit.live))
		mod_delayed_work(system_wq, &sipc_audit.work,
				 sipc_audit_every_secs() * HZ);
}

/* Every sipc_audit_every_secs(): owed op=lost records, then a checkpoint. */
static void sipc_audit_work(struct work_struct *work)
{
	unsigned long flags;
	unsigned int secs;
	char *body;

	body = kmalloc(SIPC_AUDIT_BODY_MAX, GFP_KERNEL);
	if (body) {
		spin_lock_irqsave(&sipc_audit.lock, flags);
		sipc_audit_flush_slots(body, false);
		sipc_audit_flush_global(body);
		if (sipc_audit.seq != sipc_audit.checkpoint_seq)
			sipc_audit_checkpoint();
		spin_unlock_irqrestore(&sipc_audit.lock, flags);
		kfree(body);
	}
	secs = sipc_audit_every_secs();
	if (READ_ONCE(sipc_audit.live))
		schedule_delayed_work(&sipc_audit.work, secs * HZ);
}

static void sipc_audit_module_record(const char *event)
{
	struct sipc_audit_buf b;
	char *scratch;

	scratch = sipc_audit_alloc(&b);
	if (!scratch)
		return;
	sipc_audit_add(&b, "op=module event=%s boot=%*phN", event,
		       SIPC_AUDIT_BOOT_LEN, sipc_audit.boot);
	sipc_audit_task(&b, current, scratch);
	sipc_audit_event(&b);
	kfree(scratch);
	kfree(b.buf);
}

/**
 * sipc_audit_init() - draw the boot id and the key, start the chain
 *
 * Return: 0, or a negative errno when the crypto transforms are missing.
 */
int sipc_audit_init(void)
{
	u8 key[SIPC_AUDIT_HASH_LEN];
	int err;

	/*
	 * The built-in sha256-generic would do, at ten times the cost of a
	 * CPU's SHA or AVX driver: those come in a module nothing may have
	 * loaded yet, and the crypto API only loads one when it finds no
	 * driver at all.
	 */
	request_module("crypto-sha256");
	sipc_audit.sha256 = crypto_alloc_shash("sha256", 0, 0);
	if (IS_ERR(sipc_audit.sha256))
		return PTR_ERR(sipc_audit.sha256);
	sipc_audit.hmac = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(sipc_audit.hmac)) {
		err = PTR_ERR(sipc_audit.hmac);
		goto err_hmac;
	}
	sipc_audit_scratch = alloc_percpu(struct sipc_audit_scratch);
	if (!sipc_audit_scratch) {
		err = -ENOMEM;
		goto err_key;
	}
	get_random_bytes(key, sizeof(key));
	err = crypto_shash_setkey(sipc_audit.hmac, key, sizeof(key));
	memzero_explicit(key, sizeof(key));
	if (err)
		goto err_key;
	get_random_bytes(sipc_audit.boot, sizeof(sipc_audit.boot));
	err = sipc_audit_digest(SIPC_AUDIT_GENESIS, strlen(SIPC_AUDIT_GENESIS),
				sipc_audit.boot, SIPC_AUDIT_BOOT_LEN, NULL, 0,
				sipc_audit.head);
	if (err)
		goto err_key;
	pr_info("audit chain hashed with %s\n",
		crypto_shash_driver_name(sipc_audit.sha256));
	sipc_audit_module_record("load");
	sipc_audit.live = true;
	INIT_DELAYED_WORK(&sipc_audit.work, sipc_audit_work);
	schedule_delayed_work(&sipc_audit.work, sipc_audit_every_secs() * HZ);
	return 0;

err_key:
	free_percpu(sipc_audit_scratch);
	crypto_free_shash(sipc_audit.hmac);
err_hmac:
	crypto_free_shash(sipc_audit.sha256);
	return err;
}

/*
 * After the hooks are detached: no decision can come any more.  Report
 * everything owed, record the unload, and seal the chain's end.
 */
void sipc_audit_exit(void)
{
	unsigned long flags;
	char *body;

	WRITE_ONCE(sipc_audit.live, false);
	cancel_delayed_work_sync(&sipc_audit.work);
	body = kmalloc(SIPC_AUDIT_BODY_MAX, GFP_KERNEL);
	if (body) {
		spin_lock_irqsave(&sipc_audit.lock, flags);
		sipc_audit_flush_slots(body, true);
		sipc_audit_flush_global(body);
		spin_unlock_irqrestore(&sipc_audit.lock, flags);
		kfree(body);
	}
	sipc_audit_module_record("unload");
	spin_lock_irqsave(&sipc_audit.lock, flags);
	sipc_audit_checkpoint();
	spin_unlock_irqrestore(&sipc_audit.lock, flags);
	free_percpu(sipc_audit_scratch);
	crypto_free_shash(sipc_audit.hmac);
	crypto_free_shash(sipc_audit.sha256);
}
