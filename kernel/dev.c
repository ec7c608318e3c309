// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - /dev/sipc: seal, open, sign, verify, peer, keys, narrowing.
 *
 * The ioctls take versioned structs, checked as openat2(2) and clone3(2)
 * check theirs (copy_struct_from_user()).  This file decides who is who:
 * the caller's role comes from the kernel's own labels (label.c), never
 * from the caller, and the policy is asked, as for any IPC, whether the
 * caller's role may seal for the receiver's (class message, "seal") or
 * open what the sender's role sealed ("open").  Roles travel in envelopes
 * as their ids (sipc_policy_role_hash()), which stay the same across
 * policy loads while the module is loaded; with no policy loaded every
 * process is unconfined, whose id is then 0.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <net/af_unix.h>
#include <net/sock.h>

#include "access.h"
#include "audit.h"
#include "dev.h"
#include "keys.h"
#include "operation.h"
#include "policy.h"
#include "seal.h"

/* Larger than any struct we know, smaller than anything unreasonable. */
#define SIPC_ARGS_SIZE_MAX	PAGE_SIZE

/*
 * Copy in a versioned struct: @size first, at least @ver0, at most a
 * page; bytes beyond @ksize must be zero (-E2BIG).  Returns the caller's
 * size in *@usize.  Inlined, so that the common case, a caller of our
 * own version, is a copy of a size known at compile time, which needs no
 * run-time object size check (hardened usercopy) on our stack.
 */
static __always_inline int sipc_args_in(void *karg, size_t ksize, size_t ver0,
					const void __user *uarg, u32 *usize)
{
	int err;

	if (get_user(*usize, (const u32 __user *)uarg))
		return -EFAULT;
	if (*usize < ver0 || *usize > SIPC_ARGS_SIZE_MAX)
		return -EINVAL;
	if (*usize == ksize)
		err = copy_from_user(karg, uarg, ksize) ? -EFAULT : 0;
	else
		err = copy_struct_from_user(karg, ksize, uarg, *usize);
	if (err)
		return err;
	/* The size checked, not the one read again with the struct. */
	*(u32 *)karg = *usize;
	return 0;
}

/* Copy out as much of the struct as the caller knows of. */
static __always_inline int sipc_args_out(void __user *uarg, const void *karg,
					 size_t ksize, u32 usize)
{
	if (usize >= ksize)
		return copy_to_user(uarg, karg, ksize) ? -EFAULT : 0;
	return copy_to_user(uarg, karg, usize) ? -EFAULT : 0;
}

static u64 sipc_role_id(const struct sipc_policy *policy, unsigned int role)
{
	return policy ? sipc_policy_role_hash(policy, role) : 0;
}

static void sipc_role_name(const struct sipc_policy *policy,
			   unsigned int role, char name[SIPC_ROLE_NAME_MAX])
{
	strscpy(name, policy ? sipc_policy_role_name(policy, role) :
		SIPC_ROLE_UNCONFINED_NAME, SIPC_ROLE_NAME_MAX);
}

/* The role of the role id @id in @policy, or -ENOENT. */
static int sipc_role_of_id(const struct sipc_policy *policy, u64 id)
{
	if (!policy)
		return id ? -ENOENT : SIPC_ROLE_UNCONFINED;
	return sipc_policy_role_by_hash(policy, id);
}

/* current's role id, as the policy in force says now. */
static u64 sipc_self_id(void)
{
	const struct sipc_policy *policy;
	u64 id;

	rcu_read_lock();
	policy = sipc_policy_current();
	id = sipc_role_id(policy, sipc_task_role(policy, current));
	rcu_read_unlock();
	return id;
}

/**
 * sipc_check_message() - may current seal for, or open what was sealed
 *	by, role @role?
 * @policy: the policy in force
 * @perm: SIPC_PERM_SEAL or SIPC_PERM_OPEN
 * @role: the other role
 *
 * Remembered in the memo (access.h), with the role's entry in @policy
 * (sipc_policy_role_addr()) as the object, which is sound for the reasons
 * every other remembered check is, and one more.  The verdict depends on
 * current's role, @role, the class, the permission and the rules.  The
 * class (message, asked nowhere else) and the permission are in the key;
 * current's role changes only with a write to the label table, and the
 * rules only with a publication, both of which move the epoch.  @role is
 * not a label found under an address that a new object could reuse: the
 * address is @role's own entry in @policy, fixed for @policy's lifetime,
 * and a policy later allocated at the same address is published, which
 * moves the epoch after the grace period in which the old one was last
 * read (sipc_cache_published()); so an entry naming it is never taken for
 * a role of another policy.  The memo is per CPU and read and written
 * with preemption disabled, as in the hooks.
 *
 * Return: 0 to allow, -EACCES to refuse.
 */
static int sipc_check_message(const struct sipc_policy *policy, u32 perm,
			      unsigned int role)
{
	const void *object = sipc_policy_role_addr(policy, role);
	unsigned long epoch;
	int err = 0;

	preempt_disable();
	if (!sipc_memo_hit(current, SIPC_CLASS_MESSAGE, perm, object, &epoch))
		err = sipc_check_slow(policy, current, SIPC_CLASS_MESSAGE, perm,
				      role, object, epoch);
	preempt_enable();
	return err;
}

static long sipc_ioc_seal(void __user *uarg)
{
	const struct sipc_policy *policy;
	struct sipc_seal_args a;
	u64 self, receiver;
	u32 usize;
	int role, err;

	err = sipc_args_in(&a, sizeof(a), SIPC_SEAL_SIZE_VER0, uarg, &usize);
	if (err)
		return err;
	if (a.flags || strnlen(a.receiver, sizeof(a.receiver)) ==
	    sizeof(a.receiver))
		return -EINVAL;
	rcu_read_lock();
	policy = sipc_policy_current();
	if (policy)
		role = sipc_policy_role_by_name(policy, a.receiver);
	else
		role = strcmp(a.receiver, SIPC_ROLE_UNCONFINED_NAME) ?
		       -ENOENT : SIPC_ROLE_UNCONFINED;
	err = role < 0 ? role : 0;
	if (!err && policy)
		err = sipc_check_message(policy, SIPC_PERM_SEAL, role);
	if (!err) {
		self = sipc_role_id(policy, sipc_task_role(policy, current));
		receiver = sipc_role_id(policy, role);
	}
	rcu_read_unlock();
	if (err == -EACCES)
		sipc_seal_count(SIPC_SEAL_DENIED);
	if (err)
		return err;
	err = sipc_seal_msg(self, receiver, a.op, u64_to_user_ptr(a.payload),
			    a.payload_len, u64_to_user_ptr(a.envelope),
			    &a.envelope_len);
	if (!err || err == -ERANGE) {
		int out = sipc_args_out(uarg, &a, sizeof(a), usize);

		err = err ?: out;
	}
	return err;
}

static long sipc_ioc_open(void __user *uarg)
{
	const struct sipc_policy *policy;
	struct sipc_opened o;
	struct sipc_open_args a;
	u32 usize;
	int role, err;

	err = sipc_args_in(&a, sizeof(a), SIPC_OPEN_SIZE_VER0, uarg, &usize);
	if (err)
		return err;
	if (a.flags || a.reserved)
		return -EINVAL;
	err = sipc_open_begin(sipc_self_id(), u64_to_user_ptr(a.envelope),
			      a.envelope_len, &o);
	if (err)
		goto out;
	/* Authenticated: the sender is who the kernel said it was. */
	rcu_read_lock();
	policy = sipc_policy_current();
	role = sipc_role_of_id(policy, le64_to_cpu(o.hdr.sender));
	if (role < 0)
		err = -EACCES;	/* the sender's role is gone from policy */
	else if (policy)
		err = sipc_check_message(policy, SIPC_PERM_OPEN, role);
	if (!err)
		sipc_role_name(policy, role, a.sender);
	rcu_read_unlock();
	if (err == -EACCES)
		sipc_seal_count(SIPC_SEAL_DENIED);
	if (err)
		goto out;
	err = sipc_open_finish(&o, u64_to_user_ptr(a.payload), &a.payload_len);
	if (!err) {
		a.op = le64_to_cpu(o.hdr.op);
		a.seq = le64_to_cpu(o.hdr.seq);
		a.time_ns = le64_to_cpu(o.hdr.time_ns);
		a.epoch = le32_to_cpu(o.hdr.epoch);
	}
	if (!err || err == -ERANGE) {
		int ret = sipc_args_out(uarg, &a, sizeof(a), usize);

		err = err ?: ret;
	}
out:
	sipc_open_end(&o);
	return err;
}

/*
 * Record a signature made, or a verification refused (op=sign,
 * op=verify), naming current's role.
 */
static void sipc_sign_audit(bool verify, u32 epoch, u32 data_len, int err)
{
	const struct sipc_policy *policy;
	char role[SIPC_ROLE_NAME_MAX];

	rcu_read_lock();
	policy = sipc_policy_current();
	sipc_role_name(policy, sipc_task_role(policy, current), role);
	rcu_read_unlock();
	sipc_audit_sign(verify, role, epoch, data_len, err);
}

static long sipc_ioc_sign(void __user *uarg, bool verify)
{
	const struct sipc_policy *policy;
	struct sipc_signature s;
	struct sipc_sign_args a;
	u32 usize;
	int role, err;

	err = sipc_args_in(&a, sizeof(a), SIPC_SIGN_SIZE_VER0, uarg, &usize);
	if (err)
		return err;
	if (a.flags || a.reserved)
		return -EINVAL;
	if (!verify) {
		err = sipc_sign_data(sipc_self_id(), u64_to_user_ptr(a.data),
				     a.data_len, u64_to_user_ptr(a.sig),
				     &a.sig_len, &a.epoch);
		if (err && err != -ERANGE)
			return err;
		if (!err)
			sipc_sign_audit(false, a.epoch, a.data_len, 0);
	} else {
		err = sipc_verify_data(u64_to_user_ptr(a.data), a.data_len,
				       u64_to_user_ptr(a.sig), a.sig_len, &s);
		if (err == -EBADMSG || err == -EKEYEXPIRED)
			sipc_sign_audit(true, 0, a.data_len, err);
		if (err)
			return err;
		a.time_ns = le64_to_cpu(s.time_ns);
		a.epoch = le32_to_cpu(s.epoch);
		rcu_read_lock();
		policy = sipc_policy_current();
		role = sipc_role_of_id(policy, le64_to_cpu(s.signer));
		/* A role gone from policy still signed it: say so. */
		if (role < 0)
			strscpy(a.signer, "?", sizeof(a.signer));
		else
			sipc_role_name(policy, role, a.signer);
		rcu_read_unlock();
	}
	return sipc_args_out(uarg, &a, sizeof(a), usize) ?: err;
}

/* The label key of the other end of @file, with a reference in *@hold. */
static const void *sipc_peer_key(struct file *file, struct sock **hold)
{
	struct inode *inode = file_inode(file);
	struct socket *sock;
	struct sock *peer;

	*hold = NULL;
	if (S_ISFIFO(inode->i_mode))
		return inode;
	if (!S_ISSOCK(inode->i_mode))
		return ERR_PTR(-EINVAL);
	sock = sock_from_file(file);
	if (!sock || !sock->sk || sock->sk->sk_family != AF_UNIX)
		return ERR_PTR(-EINVAL);
	peer = unix_peer_get(sock->sk);
	if (!peer)
		return ERR_PTR(-ENOTCONN);
	*hold = peer;
	return peer;
}

static long sipc_ioc_peer(void __user *uarg)
{
	const struct sipc_policy *policy;
	struct sipc_peer_args a;
	struct file *file;
	const void *key;
	struct sock *hold;
	u32 usize;
	int err;

	err = sipc_args_in(&a, sizeof(a), SIPC_PEER_SIZE_VER0, uarg, &usize);
	if (err)
		return err;
	if (a.flags || a.reserved)
		return -EINVAL;
	file = fget(a.fd);
	if (!file)
		return -EBADF;
	key = sipc_peer_key(file, &hold);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
	} else {
		rcu_read_lock();
		policy = sipc_policy_current();
		sipc_role_name(policy, sipc_object_role(policy, key), a.role);
		rcu_read_unlock();
	}
	if (hold)
		sock_put(hold);
	fput(file);
	return err ?: sipc_args_out(uarg, &a, sizeof(a), usize);
}

static long sipc_ioc_info(void __user *uarg)
{
	u64 stats[__SIPC_SEAL_STAT_LAST];
	struct sipc_info_args *a;
	u32 usize;
	int err;

	BUILD_BUG_ON(__SIPC_SEAL_STAT_LAST > SIPC_SEAL_STATS_MAX);
	BUILD_BUG_ON(sizeof(*a) != SIPC_INFO_SIZE_VER1);
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	err = sipc_args_in(a, sizeof(*a), SIPC_INFO_SIZE_VER0, uarg, &usize);
	if (err)
		goto out;
	if (a->flags) {
		err = -EINVAL;
		goto out;
	}
	memset(a, 0, sizeof(*a));
	a->size = usize;
	sipc_keys_info(a);
	sipc_seal_stats_read(stats);
	memcpy(a->stats, stats, sizeof(stats));
	err = sipc_args_out(uarg, a, sizeof(*a), usize);
out:
	kfree(a);
	return err;
}

static long sipc_ioc_rotate(void __user *uarg)
{
	struct sipc_rotate_args a;
	u32 usize;
	int err;

	err = sipc_args_in(&a, sizeof(a), SIPC_ROTATE_SIZE_VER0, uarg, &usize);
	if (err)
		return err;
	if (a.flags & ~__SIPC_ROTATE_ALL)
		return -EINVAL;
	if (!capable(CAP_MAC_ADMIN))
		return -EPERM;
	err = sipc_keys_rotate(a.flags & SIPC_ROTATE_GRACE, a.grace_ms,
			       &a.epoch);
	if (err)
		return err;
	sipc_seal_count(SIPC_SEAL_ROTATIONS);
	return sipc_args_out(uarg, &a, sizeof(a), usize);
}

static long sipc_ioc_narrow(void __user *uarg)
{
	struct sipc_narrow_args *a;
	u32 usize;
	int err;

	BUILD_BUG_ON(sizeof(*a) != SIPC_NARROW_SIZE_VER0);
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	err = sipc_args_in(a, sizeof(*a), SIPC_NARROW_SIZE_VER0, uarg, &usize);
	if (!err && (a->flags ||
		     strnlen(a->interface, sizeof(a->interface)) ==
		     sizeof(a->interface) ||
		     strnlen(a->perms, sizeof(a->perms)) == sizeof(a->perms)))
		err = -EINVAL;
	if (!err)
		err = sipc_op_narrow(a->interface, a->perms);
	kfree(a);
	return err;
}

static long sipc_dev_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case SIPC_IOC_SEAL:
		return sipc_ioc_seal(uarg);
	case SIPC_IOC_OPEN:
		return sipc_ioc_open(uarg);
	case SIPC_IOC_SIGN:
		return sipc_ioc_sign(uarg, false);
	case SIPC_IOC_VERIFY:
		return sipc_ioc_sign(uarg, true);
	case SIPC_IOC_PEER:
		return sipc_ioc_peer(uarg);
	case SIPC_IOC_INFO:
		return sipc_ioc_info(uarg);
	case SIPC_IOC_ROTATE:
		return sipc_ioc_rotate(uarg);
	case SIPC_IOC_NARROW:
		return sipc_ioc_narrow(uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations sipc_dev_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
	.unlocked_ioctl = sipc_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice sipc_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = SIPC_DEV_NAME,
	.fops = &sipc_dev_fops,
	.mode = 0666,
};

/* Keys first, then the envelopes' cache, then the device; exit in reverse. */
int sipc_dev_init(void)
{
	int err;

	err = sipc_keys_init();
	if (err)
		return err;
	err = sipc_seal_init();
	if (err)
		goto err_seal;
	err = misc_register(&sipc_miscdev);
	if (err)
		goto err_misc;
	return 0;

err_misc:
	sipc_seal_exit();
err_seal:
	sipc_keys_exit();
	return err;
}

/*
 * The device is gone once misc_deregister() returns, and no file of it
 * is open (each holds a module reference), so the keys go unused.
 */
void sipc_dev_exit(void)
{
	misc_deregister(&sipc_miscdev);
	sipc_seal_exit();
	sipc_keys_exit();
}
