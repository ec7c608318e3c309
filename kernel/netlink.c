// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - the generic netlink family "sipc" (commands and attributes in
 * include/uapi/linux/sipc.h).
 *
 * Reading commands need no privilege, as the securityfs "hooks" file and
 * ps(1) need none.  Commands that change state (the load transaction,
 * SET_MODE) check CAP_MAC_ADMIN themselves, of both the process that
 * opened the socket and the sender (sipc_nl_admin()): GENL_ADMIN_PERM
 * would only mean CAP_NET_ADMIN.  Joining the events group
 * needs CAP_SYS_ADMIN (GENL_MCAST_CAP_SYS_ADMIN): events tell what other
 * processes were refused.
 *
 * The family sets parallel_ops: a 100,000-rule commit must not hold the
 * genetlink mutex that every other family shares, so our own state has
 * its own locks (sipc_load_lock for the transaction; the policy's RCU and
 * mutex for everything else).
 *
 * The family is registered after the hooks are attached and unregistered
 * before they are detached (see main.c).  genl_unregister_family() waits
 * for running doit callbacks, and a dump in progress holds a reference on
 * the module (.module below), so no callback can outlive the counters.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "access.h"
#include "audit.h"
#include "events.h"
#include "hook.h"
#include "label.h"
#include "netlink.h"
#include "policy.h"
#include "usage.h"

/* NL_SET_ERR_MSG_ATTR() with the "sipc: " prefix _MOD gives the others. */
#define SIPC_NL_ERR_ATTR(extack, attr, msg) \
	NL_SET_ERR_MSG_ATTR(extack, attr, KBUILD_MODNAME ": " msg)

/*
 * A chunk longer than SIPC_LOAD_CHUNK_MAX is a wrong length, -EINVAL as
 * the uapi header says; NLA_BINARY's .len would make the core answer
 * -ERANGE.
 */
static int sipc_nl_validate_chunk(const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	if (nla_len(attr) <= SIPC_LOAD_CHUNK_MAX)
		return 0;
	SIPC_NL_ERR_ATTR(extack, attr,
			 "chunk longer than SIPC_LOAD_CHUNK_MAX bytes");
	return -EINVAL;
}

/* Not const: 6.1's struct nla_policy points to them without const. */
static struct netlink_range_validation sipc_load_size_range __ro_after_init = {
	.min = 1,
	.max = SIPC_POLICY_SIZE_MAX,
};

static struct netlink_range_validation sipc_load_offset_range __ro_after_init = {
	.max = SIPC_POLICY_SIZE_MAX - 1,
};

/*
 * Every attribute of the family, typed.  The core validates requests
 * strictly against it (unknown types, wrong lengths and unterminated
 * strings fail with -EINVAL, values out of range with -ERANGE, each with
 * an extack message); reply-only attributes are typed too so that the
 * policy dump (CTRL_CMD_GETPOLICY) describes the whole family.
 */
static const struct nla_policy sipc_attr_policy[SIPC_A_MAX + 1] = {
	[SIPC_A_PAD]		= { .type = NLA_REJECT,
				    .reject_message = "padding is for replies only" },
	[SIPC_A_ABI_VERSION]	= { .type = NLA_U32 },
	[SIPC_A_HOOK_COUNT]	= { .type = NLA_U32 },
	[SIPC_A_FUNC_COUNT]	= { .type = NLA_U32 },
	[SIPC_A_INJECT]		= NLA_POLICY_MAX(NLA_U8, 1),
	[SIPC_A_HOOK_NAME]	= { .type = NLA_NUL_STRING,
				    .len = SIPC_HOOK_NAME_MAX - 1 },
	[SIPC_A_HOOK_CALLS]	= { .type = NLA_U64 },
	[SIPC_A_HOOK_REFUSED]	= { .type = NLA_U64 },
	[SIPC_A_POLICY_GEN]	= { .type = NLA_U32 },
	[SIPC_A_MODE]		= NLA_POLICY_MAX(NLA_U32, SIPC_MODE_MAX),
	[SIPC_A_POLICY_ROLES]	= { .type = NLA_U32 },
	[SIPC_A_POLICY_RULES]	= { .type = NLA_U32 },
	[SIPC_A_STATS]		= { .type = NLA_NESTED },
	[SIPC_A_LOAD_SIZE]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&sipc_load_size_range),
	[SIPC_A_LOAD_OFFSET]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&sipc_load_offset_range),
	[SIPC_A_LOAD_DATA]	= NLA_POLICY_VALIDATE_FN(NLA_BINARY,
							 sipc_nl_validate_chunk),
	[SIPC_A_ROLE_NAME]	= { .type = NLA_NUL_STRING,
				    .len = SIPC_ROLE_NAME_MAX - 1 },
	[SIPC_A_ROLE_INDEX]	= NLA_POLICY_MAX(NLA_U32, SIPC_ROLES_MAX),
	[SIPC_A_RULE_SUBJECT]	= { .type = NLA_NUL_STRING,
				    .len = SIPC_ROLE_NAME_MAX - 1 },
	[SIPC_A_RULE_OBJECT]	= { .type = NLA_NUL_STRING,
				    .len = SIPC_ROLE_NAME_MAX - 1 },
	[SIPC_A_RULE_CLASS]	= NLA_POLICY_RANGE(NLA_U32, 1, SIPC_CLASS_MAX),
	[SIPC_A_RULE_PERMS]	= NLA_POLICY_MASK(NLA_U32, __SIPC_PERM_ALL),
	[SIPC_A_TASK_PID]	= { .type = NLA_U32 },
	[SIPC_A_TASK_COMM]	= { .type = NLA_NUL_STRING,
				    .len = SIPC_TASK_COMM_MAX - 1 },
	[SIPC_A_EVENT_ALLOWED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[SIPC_A_AUDIT_BOOT]	= NLA_POLICY_EXACT_LEN(SIPC_AUDIT_BOOT_SIZE),
	[SIPC_A_AUDIT_SEQ]	= { .type = NLA_U64 },
	[SIPC_A_AUDIT_HEAD]	= NLA_POLICY_EXACT_LEN(SIPC_AUDIT_HASH_SIZE),
	[SIPC_A_AUDIT_MAC]	= NLA_POLICY_EXACT_LEN(SIPC_AUDIT_HASH_SIZE),
	[SIPC_A_RULE_IDLE]	= { .type = NLA_U32 },
	[SIPC_A_DENIAL_COUNT]	= { .type = NLA_U64 },
	[SIPC_A_RULE_AUDIT]	= NLA_POLICY_MASK(NLA_U32, __SIPC_PERM_ALL),
};

static struct genl_family sipc_genl_family;

/* Set once by sipc_netlink_init(), before the family is registered. */
static bool sipc_nl_inject;

/* The mode GET_STATUS reports while no policy was ever loaded. */
#define SIPC_NO_POLICY_MODE	SIPC_MODE_ENFORCE

/**
 * struct sipc_load - the one policy load transaction
 * @portid: netlink port of the socket that owns it; 0 when there is none
 *	(a kernel socket, the only kind with port 0, never sends us BEGIN)
 * @size: the size announced by LOAD_BEGIN
 * @filled: bytes received so far, always at the start of @buf
 * @buf: @size bytes, kvmalloc()ed
 *
 * Every field is read and written only under sipc_load_lock: by the
 * LOAD_* commands, by the netlink notifier when the owner's socket
 * closes, and at module exit.
 */
struct sipc_load {
	u32 portid;
	u32 size;
	u32 filled;
	void *buf;
};

static DEFINE_MUTEX(sipc_load_lock);
static struct sipc_load sipc_load;

static void sipc_load_end(void)
{
	lockdep_assert_held(&sipc_load_lock);
	kvfree(sipc_load.buf);
	memset(&sipc_load, 0, sizeof(sipc_load));
}

/*
 * Admin commands: both the opener of the socket and the sender need
 * CAP_MAC_ADMIN, so a privileged process cannot be tricked into sending
 * on a socket someone else opened, nor the other way round.
 *
 * Not netlink_capable(): it skips the opener when the message was sent
 * with a destination address (sendto(), sendmsg() with msg_name; the
 * core marks those NETLINK_SKB_DST), on the theory that a confused
 * deputy only ever write()s.  A privileged process that is handed a
 * socket and sendto()s on it is just as confused, so ask sk_capable(),
 * which checks the credentials the socket's file was opened with and
 * the sender's, whatever way the message came.  A socket without a
 * file (a kernel socket) has no opener to ask, and is refused.
 */
static int sipc_nl_admin(struct sk_buff *skb, struct genl_info *info)
{
	const struct sock *sk = NETLINK_CB(skb).sk;

	if (sk->sk_socket && sk->sk_socket->file &&
	    sk_capable(sk, CAP_MAC_ADMIN))
		return 0;
	NL_SET_ERR_MSG_MOD(info->extack, "needs CAP_MAC_ADMIN");
	return -EPERM;
}

static int sipc_nl_put_policy(struct sk_buff *msg,
			      const struct sipc_policy *policy)
{
	u32 gen = 0, roles = 1, rules = 0;
	enum sipc_mode mode = SIPC_NO_POLICY_MODE;

	if (policy) {
		gen = sipc_policy_gen(policy);
		roles = sipc_policy_nr_roles(policy);
		rules = sipc_policy_nr_rules(policy);
		mode = sipc_policy_mode(policy, SIPC_ROLE_UNCONFINED);
	}
	if (nla_put_u32(msg, SIPC_A_POLICY_GEN, gen) ||
	    nla_put_u32(msg, SIPC_A_MODE, mode) ||
	    nla_put_u32(msg, SIPC_A_POLICY_ROLES, roles) ||
	    nla_put_u32(msg, SIPC_A_POLICY_RULES, rules))
		return -EMSGSIZE;
	return 0;
}

/*
 * SIPC_A_STATS: one u64 per enum sipc_stat, of that type.  Padding, when
 * an architecture needs it, is a zero-length SIPC_A_PAD (see the uapi).
 */
static int sipc_nl_put_stats(struct sk_buff *msg)
{
	u64 stats[__SIPC_STAT_LAST];
	struct nlattr *nest;
	unsigned int i;

	sipc_stats_read(stats);
	nest = nla_nest_start(msg, SIPC_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < __SIPC_STAT_LAST; i++) {
		if (nla_put_u64_64bit(msg, i, stats[i], SIPC_A_PAD)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int sipc_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG_MOD(info->extack, "out of memory for the reply");
		return -ENOMEM;
	}
	hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq,
			  &sipc_genl_family, 0, SIPC_CMD_GET_STATUS);
	if (!hdr)
		goto err_size;
	if (nla_put_u32(msg, SIPC_A_ABI_VERSION, SIPC_ABI_VERSION) ||
	    nla_put_u32(msg, SIPC_A_HOOK_COUNT, sipc_hook_count()) ||
	    nla_put_u32(msg, SIPC_A_FUNC_COUNT, sipc_hook_func_count()) ||
	    nla_put_u8(msg, SIPC_A_INJECT, sipc_nl_inject))
		goto err_size;
	rcu_read_lock();
	err = sipc_nl_put_policy(msg, sipc_policy_current());
	rcu_read_unlock();
	if (err || sipc_nl_put_stats(msg))
		goto err_size;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_size:
	nlmsg_free(msg);
	NL_SET_ERR_MSG_MOD(info->extack, "reply does not fit in a message");
	return -EMSGSIZE;
}

/* cb->args[0]: index of the next hook to send. */
#define SIPC_DUMP_NEXT	0

/*
 * The hook table is fixed from attach to detach and the family lives
 * strictly inside that window, so an index is a stable cursor across the
 * calls of one dump, and no generation number is needed to detect a
 * change: there is none.
 */
static int sipc_nl_get_hooks(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned int first = cb->args[SIPC_DUMP_NEXT], i;
	struct sipc_hook_stats sum;
	struct sipc_hook *hook;
	void *hdr;

	for (i = first; (hook = sipc_hook_get(i)); i++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &sipc_genl_family,
				  NLM_F_MULTI, SIPC_CMD_GET_HOOKS);
		if (!hdr)
			break;
		sipc_hook_read_stats(hook, &sum);
		if (nla_put_string(skb, SIPC_A_HOOK_NAME, hook->name) ||
		    nla_put_u64_64bit(skb, SIPC_A_HOOK_CALLS, sum.calls,
				      SIPC_A_PAD) ||
		    nla_put_u64_64bit(skb, SIPC_A_HOOK_REFUSED, sum.refused,
				      SIPC_A_PAD)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	/*
	 * Not even one hook fitted into an empty buffer: it never will, so
	 * fail rather than loop (cannot happen with SIPC_HOOK_NAME_MAX).
	 */
	if (hook && i == first && !skb->len) {
		NL_SET_ERR_MSG_MOD(cb->extack, "hook does not fit in a message");
		return -EMSGSIZE;
	}
	cb->args[SIPC_DUMP_NEXT] = i;
	return skb->len;
}

static int sipc_nl_load_begin(struct sk_buff *skb, struct genl_info *info)
{
	u32 size;
	void *buf;
	int err;

	err = sipc_nl_admin(skb, info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, SIPC_A_LOAD_SIZE)) {
		NL_SET_ERR_MSG_MOD(info->extack, "LOAD_BEGIN needs SIPC_A_LOAD_SIZE");
		return -EINVAL;
	}
	size = nla_get_u32(info->attrs[SIPC_A_LOAD_SIZE]);

	mutex_lock(&sipc_load_lock);
	if (sipc_load.portid && sipc_load.portid != info->snd_portid) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "another socket has a load in progress");
		err = -EBUSY;
		goto out;
	}
	/* The owner starting again discards its unfinished transaction. */
	sipc_load_end();
	buf = kvmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!buf) {
		NL_SET_ERR_MSG_MOD(info->extack, "out of memory for the policy");
		err = -ENOMEM;
		goto out;
	}
	sipc_load.buf = buf;
	sipc_load.size = size;
	sipc_load.portid = info->snd_portid;
out:
	mutex_unlock(&sipc_load_lock);
	return err;
}

/* The caller's transaction, or an error with a message; under the lock. */
static int sipc_load_owned(struct genl_info *info)
{
	lockdep_assert_held(&sipc_load_lock);
	if (sipc_load.portid == info->snd_portid)
		return 0;
	if (sipc_load.portid) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "another socket has a load in progress");
		return -EBUSY;
	}
	NL_SET_ERR_MSG_MOD(info->extack, "no load in progress: send LOAD_BEGIN first");
	return -ENOENT;
}

static int sipc_nl_load_chunk(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *data;
	u32 offset, len;
	int err;

	err = sipc_nl_admin(skb, info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, SIPC_A_LOAD_OFFSET)) {
		NL_SET_ERR_MSG_MOD(info->extack, "LOAD_CHUNK needs SIPC_A_LOAD_OFFSET");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, SIPC_A_LOAD_DATA)) {
		NL_SET_ERR_MSG_MOD(info->extack, "LOAD_CHUNK needs SIPC_A_LOAD_DATA");
		return -EINVAL;
	}
	data = info->attrs[SIPC_A_LOAD_DATA];
	offset = nla_get_u32(info->attrs[SIPC_A_LOAD_OFFSET]);
	len = nla_len(data);
	if (!len) {
		SIPC_NL_ERR_ATTR(info->extack, data, "empty chunk");
		return -EINVAL;
	}

	mutex_lock(&sipc_load_lock);
	err = sipc_load_owned(info);
	if (err)
		goto out;
	/* A refused chunk changes nothing: the sender may send the right one. */
	if (offset != sipc_load.filled) {
		SIPC_NL_ERR_ATTR(info->extack, info->attrs[SIPC_A_LOAD_OFFSET],
				 "chunk out of order: not at the end of the previous one");
		err = -EINVAL;
		goto out;
	}
	if (len > sipc_load.size - sipc_load.filled) {
		SIPC_NL_ERR_ATTR(info->extack, data,
				 "chunk goes past the size given to LOAD_BEGIN");
		err = -EINVAL;
		goto out;
	}
	memcpy(sipc_load.buf + offset, nla_data(data), len);
	sipc_load.filled += len;
out:
	mutex_unlock(&sipc_load_lock);
	return err;
}

static int sipc_nl_commit_reply(struct genl_info *info, u32 gen,
				unsigned int roles, unsigned int rules)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq,
			  &sipc_genl_family, 0, SIPC_CMD_LOAD_COMMIT);
	if (!hdr || nla_put_u32(msg, SIPC_A_POLICY_GEN, gen) ||
	    nla_put_u32(msg, SIPC_A_POLICY_ROLES, roles) ||
	    nla_put_u32(msg, SIPC_A_POLICY_RULES, rules)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * Parse and publish under sipc_load_lock: a BEGIN from elsewhere waits
 * for the verdict rather than racing a policy that may be about to be
 * in force.  The reply is built after publishing; should it fail, the
 * policy is in force all the same and GET_STATUS tells its generation.
 */
static int sipc_nl_load_commit(struct sk_buff *skb, struct genl_info *info)
{
	struct sipc_policy *policy;
	unsigned int roles, rules;
	int err;
	u32 gen;

	err = sipc_nl_admin(skb, info);
	if (err)
		return err;
	mutex_lock(&sipc_load_lock);
	err = sipc_load_owned(info);
	if (err) {
		mutex_unlock(&sipc_load_lock);
		return err;
	}
	if (sipc_load.filled != sipc_load.size) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "policy incomplete: fewer bytes arrived than LOAD_BEGIN announced");
		err = -EINVAL;
		goto out;
	}
	policy = sipc_policy_parse(sipc_load.buf, sipc_load.size, info->extack);
	if (IS_ERR(policy)) {
		err = PTR_ERR(policy);
		goto out;
	}
	roles = sipc_policy_nr_roles(policy);
	rules = sipc_policy_nr_rules(policy);
	gen = sipc_policy_publish(policy);
	sipc_audit_load(gen, sipc_load.buf, sipc_load.size);
out:
	sipc_load_end();
	mutex_unlock(&sipc_load_lock);
	if (err)
		return err;
	return sipc_nl_commit_reply(info, gen, roles, rules);
}

static int sipc_nl_load_abort(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	err = sipc_nl_admin(skb, info);
	if (err)
		return err;
	mutex_lock(&sipc_load_lock);
	err = sipc_load_owned(info);
	if (!err)
		sipc_load_end();
	mutex_unlock(&sipc_load_lock);
	return err;
}

/* A socket closed: end its transaction, if it had one. */
static int sipc_nl_release(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	const struct netlink_notify *n = ptr;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net) || !n->portid)
		return NOTIFY_DONE;
	mutex_lock(&sipc_load_lock);
	if (sipc_load.portid == n->portid)
		sipc_load_end();
	mutex_unlock(&sipc_load_lock);
	return NOTIFY_DONE;
}

static struct notifier_block sipc_nl_notifier = {
	.notifier_call = sipc_nl_release,
};

static int sipc_nl_set_mode(struct sk_buff *skb, struct genl_info *info)
{
	const char *role = NULL;
	enum sipc_mode mode;
	int err;

	err = sipc_nl_admin(skb, info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, SIPC_A_MODE)) {
		NL_SET_ERR_MSG_MOD(info->extack, "SET_MODE needs SIPC_A_MODE");
		return -EINVAL;
	}
	mode = nla_get_u32(info->attrs[SIPC_A_MODE]);
	if (info->attrs[SIPC_A_ROLE_NAME]) {
		role = nla_data(info->attrs[SIPC_A_ROLE_NAME]);
	} else if (mode == SIPC_MODE_GLOBAL) {
		SIPC_NL_ERR_ATTR(info->extack, info->attrs[SIPC_A_MODE],
				 "the global mode cannot follow itself");
		return -EINVAL;
	}
	return sipc_policy_set_mode(role, mode, info->extack);
}

/**
 * struct sipc_dump_ctx - where a roles or rules dump is, in cb->ctx
 * @next: index of the next role or rule to send
 * @gen: generation of the policy the dump reads; valid once @started
 * @started: the first batch was built
 *
 * Only the dump's own callbacks touch it, one at a time.
 */
struct sipc_dump_ctx {
	u32 next;
	u32 gen;
	bool started;
};

static int sipc_nl_dump_start(struct netlink_callback *cb)
{
	struct sipc_dump_ctx *ctx = (void *)cb->ctx;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	memset(ctx, 0, sizeof(*ctx));
	return 0;
}

/*
 * The policy every batch of a dump reads must be the one the first batch
 * read: cb->seq carries its generation (plus one, since the core ignores
 * a previous sequence of 0), so the core sets NLM_F_DUMP_INTR on the
 * first message built after a reload, NLMSG_DONE included; the dump then
 * ends with -EAGAIN.  Called under rcu_read_lock().
 */
static int sipc_dump_policy(struct netlink_callback *cb,
			    const struct sipc_policy **policy)
{
	struct sipc_dump_ctx *ctx = (void *)cb->ctx;
	u32 gen;

	*policy = sipc_policy_current();
	gen = *policy ? sipc_policy_gen(*policy) : 0;
	cb->seq = gen + 1;
	if (!ctx->started) {
		ctx->started = true;
		ctx->gen = gen;
	} else if (gen != ctx->gen) {
		NL_SET_ERR_MSG_MOD(cb->extack,
				   "a new policy was loaded during the dump");
		return -EAGAIN;
	}
	return 0;
}

static void *sipc_dump_put(struct sk_buff *skb, struct netlink_callback *cb,
			   u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &sipc_genl_family, NLM_F_MULTI, cmd);
	if (hdr)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
}

/*
 * The end of one batch: the cursor moves past what was sent.  If not
 * even one entry fitted into an empty buffer it never will: fail rather
 * than loop.
 */
static int sipc_dump_end(struct sk_buff *skb, struct netlink_callback *cb,
			 u32 next, bool more)
{
	struct sipc_dump_ctx *ctx = (void *)cb->ctx;

	if (more && next == ctx->next && !skb->len) {
		NL_SET_ERR_MSG_MOD(cb->extack, "entry does not fit in a message");
		return -EMSGSIZE;
	}
	ctx->next = next;
	return skb->len;
}

static int sipc_nl_put_role(struct sk_buff *skb,
			    const struct sipc_policy *policy, u32 role)
{
	const char *name = SIPC_ROLE_UNCONFINED_NAME;
	enum sipc_mode mode = SIPC_MODE_GLOBAL;

	if (policy) {
		name = sipc_policy_role_name(policy, role);
		mode = sipc_policy_role_mode(policy, role);
	}
	if (nla_put_string(skb, SIPC_A_ROLE_NAME, name) ||
	    nla_put_u32(skb, SIPC_A_ROLE_INDEX, role) ||
	    nla_put_u32(skb, SIPC_A_MODE, mode))
		return -EMSGSIZE;
	return 0;
}

static int sipc_nl_get_roles(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct sipc_dump_ctx *ctx = (void *)cb->ctx;
	const struct sipc_policy *policy;
	u32 i, count;
	void *hdr;
	int err;

	rcu_read_lock();
	err = sipc_dump_policy(cb, &policy);
	if (err)
		goto out;
	count = policy ? sipc_policy_nr_roles(policy) : 1;
	for (i = ctx->next; i < count; i++) {
		hdr = sipc_dump_put(skb, cb, SIPC_CMD_GET_ROLES);
		if (!hdr)
			break;
		if (sipc_nl_put_role(skb, policy, i)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	err = sipc_dump_end(skb, cb, i, i < count);
out:
	rcu_read_unlock();
	return err;
}

static int sipc_nl_put_rule(struct sk_buff *skb,
			    const struct sipc_policy *policy,
			    const struct sipc_rule_info *rule)
{
	if (nla_put_string(skb, SIPC_A_RULE_SUBJECT,
			   sipc_policy_role_name(policy, rule->subject)) ||
	    nla_put_string(skb, SIPC_A_RULE_OBJECT,
			   sipc_policy_role_name(policy, rule->object)) ||
	    nla_put_u32(skb, SIPC_A_RULE_CLASS, rule->class) ||
	    nla_put_u32(skb, SIPC_A_RULE_PERMS, rule->perms) ||
	    nla_put_u32(skb, SIPC_A_RULE_AUDIT, rule->audit))
		return -EMSGSIZE;
	if (rule->last_used &&
	    nla_put_u32(skb, SIPC_A_RULE_IDLE,
			sipc_usage_now() - rule->last_used))
		return -EMSGSIZE;
	return 0;
}

static int sipc_nl_get_rules(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct sipc_dump_ctx *ctx = (void *)cb->ctx;
	const struct sipc_policy *policy;
	struct sipc_rule_info rule;
	bool more = false;
	void *hdr;
	int err;
	u32 i;

	rcu_read_lock();
	err = sipc_dump_policy(cb, &policy);
	if (err || !policy)
		goto out;
	for (i = ctx->next; (more = sipc_policy_rule_at(policy, i, &rule));
	     i++) {
		hdr = sipc_dump_put(skb, cb, SIPC_CMD_GET_RULES);
		if (!hdr)
			break;
		if (sipc_nl_put_rule(skb, policy, &rule)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	err = sipc_dump_end(skb, cb, i, more);
out:
	rcu_read_unlock();
	return err;
}

static int sipc_nl_put_denial(struct sk_buff *skb,
			      const struct sipc_denial *d)
{
	if (nla_put_string(skb, SIPC_A_RULE_SUBJECT, d->subject) ||
	    nla_put_string(skb, SIPC_A_RULE_OBJECT, d->object) ||
	    nla_put_u32(skb, SIPC_A_RULE_CLASS, d->class) ||
	    nla_put_u32(skb, SIPC_A_RULE_PERMS, d->perms) ||
	    nla_put_u32(skb, SIPC_A_MODE, d->mode) ||
	    nla_put_u64_64bit(skb, SIPC_A_DENIAL_COUNT, d->count, SIPC_A_PAD) ||
	    nla_put_u32(skb, SIPC_A_RULE_IDLE, sipc_usage_now() - d->last))
		return -EMSGSIZE;
	return 0;
}

/* cb->args[0] for GET_DENIALS: the row to look at next. */
#define SIPC_DUMP_NEXT_ROW	0

/*
 * Rows in table order; each is copied under the table's lock when its
 * message is built, so the dump is true row by row, not as a whole.
 */
static int sipc_nl_get_denials(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	unsigned int i = cb->args[SIPC_DUMP_NEXT_ROW], first = i;
	struct sipc_denial d;
	bool more;
	void *hdr;

	BUILD_BUG_ON(SIPC_DENIALS_MAX != SIPC_DENIALS_TABLE);
	for (; (more = sipc_usage_denial_at(i, &d)); i++) {
		if (!d.count)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &sipc_genl_family,
				  NLM_F_MULTI, SIPC_CMD_GET_DENIALS);
		if (!hdr)
			break;
		if (sipc_nl_put_denial(skb, &d)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	if (more && i == first && !skb->len) {
		NL_SET_ERR_MSG_MOD(cb->extack, "denial does not fit in a message");
		return -EMSGSIZE;
	}
	cb->args[SIPC_DUMP_NEXT_ROW] = i;
	return skb->len;
}

/* cb->args[0] for GET_TASKS: the pid to look from next. */
#define SIPC_DUMP_NEXT_PID	0

static int sipc_nl_put_task(struct sk_buff *skb,
			    const struct sipc_policy *policy,
			    struct task_struct *task, pid_t tgid)
{
	const char *role = SIPC_ROLE_UNCONFINED_NAME;
	char comm[TASK_COMM_LEN];

	BUILD_BUG_ON(TASK_COMM_LEN != SIPC_TASK_COMM_MAX);
	get_task_comm(comm, task);
	if (policy)
		role = sipc_policy_role_name(policy,
					     sipc_task_role(policy, task));
	if (nla_put_u32(skb, SIPC_A_TASK_PID, tgid) ||
	    nla_put_string(skb, SIPC_A_TASK_COMM, comm) ||
	    nla_put_string(skb, SIPC_A_ROLE_NAME, role))
		return -EMSGSIZE;
	return 0;
}

/*
 * Thread groups in pid order, as /proc lists them: the cursor is a pid
 * number, so processes that come and go between batches neither stop
 * the dump nor make it repeat one.  Roles may change under us (exec);
 * each line is true when its message was built.
 */
static int sipc_nl_get_tasks(struct sk_buff *skb, struct netlink_callback *cb)
{
	pid_t nr = cb->args[SIPC_DUMP_NEXT_PID], first = nr;
	const struct sipc_policy *policy;
	struct task_struct *task;
	struct pid *pid;
	void *hdr;

	rcu_read_lock();
	policy = sipc_policy_current();
	while ((pid = find_ge_pid(nr, &init_pid_ns))) {
		nr = pid_nr_ns(pid, &init_pid_ns);
		task = pid_task(pid, PIDTYPE_TGID);
		if (!task) {
			nr++;
			continue;
		}
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &sipc_genl_family,
				  NLM_F_MULTI, SIPC_CMD_GET_TASKS);
		if (!hdr)
			break;
		if (sipc_nl_put_task(skb, policy, task, nr)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		nr++;
	}
	rcu_read_unlock();
	if (pid && nr == first && !skb->len) {
		NL_SET_ERR_MSG_MOD(cb->extack, "task does not fit in a message");
		return -EMSGSIZE;
	}
	cb->args[SIPC_DUMP_NEXT_PID] = nr;
	return skb->len;
}

/**
 * sipc_netlink_listening() - whether anyone is in the events group
 *
 * Lock-free: callable from any context.
 *
 * Return: true when at least one socket joined SIPC_GENL_MCGRP_EVENTS.
 */
bool sipc_netlink_listening(void)
{
	return genl_has_listeners(&sipc_genl_family, &init_net, 0);
}

/**
 * sipc_netlink_event() - multicast one event to the events group
 * @event: what happened
 * @gfp: how to allocate the message
 *
 * Return: 0, -ESRCH when nobody listens, or another negative errno.
 */
int sipc_netlink_event(const struct sipc_event *event, gfp_t gfp)
{
	struct sk_buff *msg;
	void *hdr;

	if (!sipc_netlink_listening())
		return -ESRCH;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, gfp);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &sipc_genl_family, 0, SIPC_CMD_EVENT);
	if (!hdr ||
	    nla_put_u32(msg, SIPC_A_MODE, event->mode) ||
	    nla_put_u8(msg, SIPC_A_EVENT_ALLOWED, event->allowed) ||
	    nla_put_u32(msg, SIPC_A_TASK_PID, event->pid) ||
	    nla_put_string(msg, SIPC_A_TASK_COMM, event->comm) ||
	    nla_put_string(msg, SIPC_A_RULE_SUBJECT, event->subject) ||
	    nla_put_string(msg, SIPC_A_RULE_OBJECT, event->object) ||
	    nla_put_u32(msg, SIPC_A_RULE_CLASS, event->class) ||
	    nla_put_u32(msg, SIPC_A_RULE_PERMS, event->perm)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_multicast(&sipc_genl_family, msg, 0, 0, gfp);
}

static int sipc_nl_audit_head(struct sk_buff *skb, struct genl_info *info)
{
	u8 boot[SIPC_AUDIT_BOOT_SIZE], head[SIPC_AUDIT_HASH_SIZE];
	struct sk_buff *msg;
	void *hdr;
	u64 seq;

	BUILD_BUG_ON(SIPC_AUDIT_BOOT_SIZE != SIPC_AUDIT_BOOT_LEN);
	BUILD_BUG_ON(SIPC_AUDIT_HASH_SIZE != SIPC_AUDIT_HASH_LEN);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG_MOD(info->extack, "out of memory for the reply");
		return -ENOMEM;
	}
	sipc_audit_head(boot, &seq, head);
	hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq,
			  &sipc_genl_family, 0, SIPC_CMD_AUDIT_HEAD);
	if (!hdr || nla_put(msg, SIPC_A_AUDIT_BOOT, sizeof(boot), boot) ||
	    nla_put_u64_64bit(msg, SIPC_A_AUDIT_SEQ, seq, SIPC_A_PAD) ||
	    nla_put(msg, SIPC_A_AUDIT_HEAD, sizeof(head), head)) {
		nlmsg_free(msg);
		NL_SET_ERR_MSG_MOD(info->extack, "reply does not fit in a message");
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int sipc_nl_audit_check(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	if (GENL_REQ_ATTR_CHECK(info, SIPC_A_AUDIT_BOOT) ||
	    GENL_REQ_ATTR_CHECK(info, SIPC_A_AUDIT_SEQ) ||
	    GENL_REQ_ATTR_CHECK(info, SIPC_A_AUDIT_HEAD) ||
	    GENL_REQ_ATTR_CHECK(info, SIPC_A_AUDIT_MAC)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "AUDIT_CHECK needs a boot id, a seq, a head and a MAC");
		return -EINVAL;
	}
	err = sipc_audit_check_mac(nla_data(info->attrs[SIPC_A_AUDIT_BOOT]),
				   nla_get_u64(info->attrs[SIPC_A_AUDIT_SEQ]),
				   nla_data(info->attrs[SIPC_A_AUDIT_HEAD]),
				   nla_data(info->attrs[SIPC_A_AUDIT_MAC]));
	if (err == -ESTALE)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "checkpoint of another load: its key is gone");
	else if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "checkpoint MAC is wrong");
	return err;
}

static const struct genl_ops sipc_genl_ops[] = {
	{
		.cmd = SIPC_CMD_GET_STATUS,
		.doit = sipc_nl_get_status,
	},
	{
		.cmd = SIPC_CMD_GET_HOOKS,
		.dumpit = sipc_nl_get_hooks,
	},
	{
		.cmd = SIPC_CMD_LOAD_BEGIN,
		.doit = sipc_nl_load_begin,
	},
	{
		.cmd = SIPC_CMD_LOAD_CHUNK,
		.doit = sipc_nl_load_chunk,
	},
	{
		.cmd = SIPC_CMD_LOAD_COMMIT,
		.doit = sipc_nl_load_commit,
	},
	{
		.cmd = SIPC_CMD_LOAD_ABORT,
		.doit = sipc_nl_load_abort,
	},
	{
		.cmd = SIPC_CMD_SET_MODE,
		.doit = sipc_nl_set_mode,
	},
	{
		.cmd = SIPC_CMD_GET_ROLES,
		.start = sipc_nl_dump_start,
		.dumpit = sipc_nl_get_roles,
	},
	{
		.cmd = SIPC_CMD_GET_RULES,
		.start = sipc_nl_dump_start,
		.dumpit = sipc_nl_get_rules,
	},
	{
		.cmd = SIPC_CMD_GET_TASKS,
		.dumpit = sipc_nl_get_tasks,
	},
	{
		.cmd = SIPC_CMD_AUDIT_HEAD,
		.doit = sipc_nl_audit_head,
	},
	{
		.cmd = SIPC_CMD_AUDIT_CHECK,
		.doit = sipc_nl_audit_check,
	},
	{
		.cmd = SIPC_CMD_GET_DENIALS,
		.dumpit = sipc_nl_get_denials,
	},
};

static const struct genl_multicast_group sipc_genl_mcgrps[] = {
	{ .name = SIPC_GENL_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_SYS_ADMIN },
};

static struct genl_family sipc_genl_family __ro_after_init = {
	.name = SIPC_GENL_NAME,
	.version = SIPC_GENL_VERSION,
	.maxattr = SIPC_A_MAX,
	.policy = sipc_attr_policy,
	/* Strict header and attribute checks for every command. */
	.resv_start_op = SIPC_CMD_UNSPEC,
	/* One global policy: only the initial namespace may see it. */
	.netnsok = false,
	/* We lock our own state; see the top of the file. */
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = sipc_genl_ops,
	.n_ops = ARRAY_SIZE(sipc_genl_ops),
	.mcgrps = sipc_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(sipc_genl_mcgrps),
};

/**
 * sipc_netlink_init() - register the generic netlink family
 * @inject: whether fault injection is enabled, as GET_STATUS reports it
 *
 * Call only once the hooks are attached.  The notifier comes first, so
 * no transaction can ever be opened without its socket's close ending it.
 *
 * Return: 0 or a negative errno.
 */
int __init sipc_netlink_init(bool inject)
{
	int err;

	sipc_nl_inject = inject;
	err = netlink_register_notifier(&sipc_nl_notifier);
	if (err)
		return err;
	err = genl_register_family(&sipc_genl_family);
	if (err) {
		pr_err("cannot register generic netlink family %s (%d)\n",
		       SIPC_GENL_NAME, err);
		netlink_unregister_notifier(&sipc_nl_notifier);
	}
	return err;
}

/*
 * Once the family is gone no command can open a transaction, and once
 * the notifier is gone none can end one: only then free what is left.
 */
void sipc_netlink_exit(void)
{
	genl_unregister_family(&sipc_genl_family);
	netlink_unregister_notifier(&sipc_nl_notifier);
	mutex_lock(&sipc_load_lock);
	sipc_load_end();
	mutex_unlock(&sipc_load_lock);
}
