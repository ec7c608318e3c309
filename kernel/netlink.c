// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - the generic netlink family "sipc" (commands and attributes in
 * include/uapi/linux/sipc.h).
 *
 * Only read-only commands exist so far; they need no privilege, as the
 * securityfs "hooks" file is world-readable too.  Commands that change
 * state (policy load, mode) will be marked GENL_ADMIN_PERM and check
 * CAP_MAC_ADMIN themselves, since GENL_ADMIN_PERM only means CAP_NET_ADMIN.
 *
 * The family is registered after the hooks are attached and unregistered
 * before they are detached (see main.c).  genl_unregister_family() waits
 * for running doit callbacks, and a dump in progress holds a reference on
 * the module (.module below), so no callback can outlive the counters.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "sipc.h"

/*
 * Every attribute of the family, typed.  The core validates requests
 * strictly against it (unknown types, wrong lengths and unterminated
 * strings fail with -EINVAL and an extack message); reply-only attributes
 * are typed too so that the policy dump (CTRL_CMD_GETPOLICY) describes
 * the whole family.
 */
static const struct nla_policy sipc_policy[SIPC_A_MAX + 1] = {
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
};

static struct genl_family sipc_genl_family;

/* Set once by sipc_netlink_init(), before the family is registered. */
static bool sipc_nl_inject;

static int sipc_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

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

static const struct genl_ops sipc_genl_ops[] = {
	{
		.cmd = SIPC_CMD_GET_STATUS,
		.doit = sipc_nl_get_status,
	},
	{
		.cmd = SIPC_CMD_GET_HOOKS,
		.dumpit = sipc_nl_get_hooks,
	},
};

static struct genl_family sipc_genl_family __ro_after_init = {
	.name = SIPC_GENL_NAME,
	.version = SIPC_GENL_VERSION,
	.maxattr = SIPC_A_MAX,
	.policy = sipc_policy,
	/* Strict header and attribute checks for every command. */
	.resv_start_op = SIPC_CMD_UNSPEC,
	/* One global policy: only the initial namespace may see it. */
	.netnsok = false,
	.module = THIS_MODULE,
	.ops = sipc_genl_ops,
	.n_ops = ARRAY_SIZE(sipc_genl_ops),
};

/**
 * sipc_netlink_init() - register the generic netlink family
 * @inject: whether fault injection is enabled, as GET_STATUS reports it
 *
 * Call only once the hooks are attached.
 *
 * Return: 0 or the negative errno of genl_register_family().
 */
int __init sipc_netlink_init(bool inject)
{
	int err;

	sipc_nl_inject = inject;
	err = genl_register_family(&sipc_genl_family);
	if (err)
		pr_err("cannot register generic netlink family %s (%d)\n",
		       SIPC_GENL_NAME, err);
	return err;
}

void sipc_netlink_exit(void)
{
	genl_unregister_family(&sipc_genl_family);
}
