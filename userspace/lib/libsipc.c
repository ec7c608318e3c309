// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libsipc - the C API to the sipc kernel module, over generic netlink
 * with libnl-genl-3.
 *
 * Each request is one message, answered by one reply and an ACK (do
 * commands) or by a run of NLM_F_MULTI messages ended by NLMSG_DONE
 * (dumps).  The kernel's errors come back in NLMSG_ERROR, or in
 * NLMSG_DONE for an error in the middle of a dump, each with an extended
 * ACK message when the kernel gave one; libnl 3.7 parses neither, so we
 * read them here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "libsipc.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct sipc {
	struct nl_sock *sk;
	int family;
	char errmsg[256];
};

/* One request in flight: what the callbacks collect. */
struct sipc_request {
	const char *what;	/* command name, for messages */
	int (*parse)(struct nlattr **tb, void *arg);
	void *arg;
	bool done;		/* ACK, NLMSG_DONE or an error was seen */
	int kerr;		/* the kernel's negative errno */
	int err;		/* ours: a bad reply, or parse()'s result */
	char extack[160];	/* the kernel's extended ACK message */
	char detail[96];	/* what was wrong with a reply */
};

/* Replies are checked as strictly as the kernel checks requests. */
static struct nla_policy sipc_reply_policy[SIPC_A_MAX + 1] = {
	[SIPC_A_ABI_VERSION]	= { .type = NLA_U32 },
	[SIPC_A_HOOK_COUNT]	= { .type = NLA_U32 },
	[SIPC_A_FUNC_COUNT]	= { .type = NLA_U32 },
	[SIPC_A_INJECT]		= { .type = NLA_U8 },
	[SIPC_A_HOOK_NAME]	= { .type = NLA_STRING,
				    .maxlen = SIPC_HOOK_NAME_MAX },
	[SIPC_A_HOOK_CALLS]	= { .type = NLA_U64 },
	[SIPC_A_HOOK_REFUSED]	= { .type = NLA_U64 },
};

static void sipc_seterr(struct sipc *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sipc_seterr(struct sipc *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->errmsg, sizeof(h->errmsg), fmt, ap);
	va_end(ap);
}

/* libnl's error codes, as the errno a caller of ours expects. */
static int sipc_nlerr_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_INTR:
		return -EINTR;
	case NLE_MSGSIZE:
		return -EMSGSIZE;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	default:
		return -EIO;
	}
}

/* Copy the NLMSGERR_ATTR_MSG among the TLVs at @tlvs, if any. */
static void sipc_extack(const struct nlmsghdr *nlh, const void *tlvs,
			char *buf, size_t len)
{
	const char *end = (const char *)nlh + nlh->nlmsg_len;
	struct nlattr *msg;

	buf[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    (const char *)tlvs >= end)
		return;
	msg = nla_find((struct nlattr *)tlvs, end - (const char *)tlvs,
		       NLMSGERR_ATTR_MSG);
	if (msg && nla_len(msg) > 0)
		snprintf(buf, len, "%.*s", nla_len(msg), (char *)nla_data(msg));
}

static int sipc_error_cb(struct sockaddr_nl *nla, struct nlmsgerr *e,
			 void *arg)
{
	const struct nlmsghdr *nlh = (void *)((char *)e - NLMSG_HDRLEN);
	struct sipc_request *req = arg;
	size_t off = sizeof(*e);

	(void)nla;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	sipc_extack(nlh, (char *)e + NLMSG_ALIGN(off), req->extack,
		    sizeof(req->extack));
	req->kerr = e->error;
	req->done = true;
	return NL_STOP;
}

static int sipc_ack_cb(struct nl_msg *msg, void *arg)
{
	struct sipc_request *req = arg;

	(void)msg;
	req->done = true;
	return NL_STOP;
}

/* NLMSG_DONE carries the dump's final status: 0, or an error. */
static int sipc_finish_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct sipc_request *req = arg;
	int status;

	req->done = true;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(status)))
		return NL_STOP;
	memcpy(&status, NLMSG_DATA(nlh), sizeof(status));
	if (status < 0) {
		req->kerr = status;
		sipc_extack(nlh, (char *)NLMSG_DATA(nlh) +
			    NLMSG_ALIGN(sizeof(status)), req->extack,
			    sizeof(req->extack));
	}
	return NL_STOP;
}

static int sipc_valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SIPC_A_MAX + 1];
	struct sipc_request *req = arg;
	int ret;

	/* After a failure, drain the rest of a dump without looking. */
	if (req->err)
		return NL_OK;
	ret = genlmsg_parse(nlmsg_hdr(msg), 0, tb, SIPC_A_MAX,
			    sipc_reply_policy);
	if (ret < 0) {
		snprintf(req->detail, sizeof(req->detail),
			 "malformed reply: %s", nl_geterror(ret));
		req->err = -EPROTO;
		return NL_OK;
	}
	ret = req->parse(tb, req->arg);
	if (ret == -EPROTO)
		snprintf(req->detail, sizeof(req->detail),
			 "reply lacks an attribute");
	req->err = ret;
	return NL_OK;
}

/*
 * Send command @cmd (with NLM_F_DUMP when @dump), hand every reply's
 * attributes to @parse, and wait for the end of the answer.
 */
static int sipc_request(struct sipc *h, uint8_t cmd, bool dump,
			const char *what,
			int (*parse)(struct nlattr **tb, void *arg), void *arg)
{
	struct sipc_request req = {
		.what = what, .parse = parse, .arg = arg,
	};
	struct nl_msg *msg = NULL;
	struct nl_cb *cb = NULL;
	int ret;

	h->errmsg[0] = '\0';
	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!msg || !cb) {
		ret = -ENOMEM;
		sipc_seterr(h, "%s: out of memory", what);
		goto cleanup;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0,
			 dump ? NLM_F_DUMP : NLM_F_ACK, cmd,
			 SIPC_GENL_VERSION)) {
		ret = -ENOMEM;
		sipc_seterr(h, "%s: cannot build the request", what);
		goto cleanup;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, sipc_valid_cb, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, sipc_ack_cb, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, sipc_finish_cb, &req);
	nl_cb_err(cb, NL_CB_CUSTOM, sipc_error_cb, &req);

	ret = nl_send_auto(h->sk, msg);
	if (ret < 0) {
		sipc_seterr(h, "%s: cannot send: %s", what, nl_geterror(ret));
		ret = sipc_nlerr_to_errno(ret);
		goto cleanup;
	}
	while (!req.done) {
		ret = nl_recvmsgs(h->sk, cb);
		if (ret < 0 && !req.done) {
			sipc_seterr(h, "%s: cannot receive the reply: %s", what,
				    nl_geterror(ret));
			ret = sipc_nlerr_to_errno(ret);
			goto cleanup;
		}
	}
	if (req.kerr) {
		ret = req.kerr;
		sipc_seterr(h, "%s: kernel: %s%s%s", what, strerror(-ret),
			    req.extack[0] ? ": " : "", req.extack);
		goto cleanup;
	}
	ret = req.err;
	if (ret < 0)
		sipc_seterr(h, "%s: %s", what,
			    req.detail[0] ? req.detail : strerror(-ret));

cleanup:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return ret;
}

int sipc_open(struct sipc **handle, char *errbuf, size_t errlen)
{
	struct sipc *h;
	int one = 1, ret;

	*handle = NULL;
	h = calloc(1, sizeof(*h));
	if (!h) {
		ret = -ENOMEM;
		if (errbuf)
			snprintf(errbuf, errlen, "out of memory");
		return ret;
	}
	h->sk = nl_socket_alloc();
	if (!h->sk) {
		ret = -ENOMEM;
		sipc_seterr(h, "cannot allocate a netlink socket");
		goto cleanup;
	}
	ret = genl_connect(h->sk);
	if (ret < 0) {
		sipc_seterr(h, "cannot open a generic netlink socket: %s",
			    nl_geterror(ret));
		ret = sipc_nlerr_to_errno(ret);
		goto cleanup;
	}
	/* Best effort: old kernels have no extended ACK. */
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl_socket_enable_msg_peek(h->sk);

	ret = genl_ctrl_resolve(h->sk, SIPC_GENL_NAME);
	if (ret < 0) {
		ret = sipc_nlerr_to_errno(ret);
		if (ret == -ENOENT)
			sipc_seterr(h, "generic netlink family \"%s\" not found: is sipc.ko loaded?",
				    SIPC_GENL_NAME);
		else
			sipc_seterr(h, "cannot resolve generic netlink family \"%s\": %s",
				    SIPC_GENL_NAME, strerror(-ret));
		goto cleanup;
	}
	h->family = ret;
	*handle = h;
	return 0;

cleanup:
	if (errbuf)
		snprintf(errbuf, errlen, "%s", h->errmsg);
	sipc_close(h);
	return ret;
}

void sipc_close(struct sipc *h)
{
	if (!h)
		return;
	nl_socket_free(h->sk);
	free(h);
}

const char *sipc_errmsg(const struct sipc *h)
{
	return h ? h->errmsg : "";
}

static int sipc_parse_status(struct nlattr **tb, void *arg)
{
	struct sipc_status *st = arg;

	if (!tb[SIPC_A_ABI_VERSION] || !tb[SIPC_A_HOOK_COUNT] ||
	    !tb[SIPC_A_FUNC_COUNT] || !tb[SIPC_A_INJECT])
		return -EPROTO;
	st->abi_version = nla_get_u32(tb[SIPC_A_ABI_VERSION]);
	st->hook_count = nla_get_u32(tb[SIPC_A_HOOK_COUNT]);
	st->func_count = nla_get_u32(tb[SIPC_A_FUNC_COUNT]);
	st->inject = nla_get_u8(tb[SIPC_A_INJECT]);
	return 0;
}

int sipc_get_status(struct sipc *h, struct sipc_status *status)
{
	memset(status, 0, sizeof(*status));
	return sipc_request(h, SIPC_CMD_GET_STATUS, false, "GET_STATUS",
			    sipc_parse_status, status);
}

struct sipc_hook_iter {
	sipc_hook_fn fn;
	void *arg;
};

static int sipc_parse_hook(struct nlattr **tb, void *arg)
{
	struct sipc_hook_iter *it = arg;
	struct sipc_hook_info hook;

	if (!tb[SIPC_A_HOOK_NAME] || !tb[SIPC_A_HOOK_CALLS] ||
	    !tb[SIPC_A_HOOK_REFUSED])
		return -EPROTO;
	memset(&hook, 0, sizeof(hook));
	nla_strlcpy(hook.name, tb[SIPC_A_HOOK_NAME], sizeof(hook.name));
	hook.calls = nla_get_u64(tb[SIPC_A_HOOK_CALLS]);
	hook.refused = nla_get_u64(tb[SIPC_A_HOOK_REFUSED]);
	return it->fn(&hook, it->arg);
}

int sipc_for_each_hook(struct sipc *h, sipc_hook_fn fn, void *arg)
{
	struct sipc_hook_iter it = { .fn = fn, .arg = arg };

	return sipc_request(h, SIPC_CMD_GET_HOOKS, true, "GET_HOOKS",
			    sipc_parse_hook, &it);
}

struct sipc_hook_array {
	struct sipc_hook_info *hooks;
	size_t count, alloc;
};

static int sipc_hook_append(const struct sipc_hook_info *hook, void *arg)
{
	struct sipc_hook_array *a = arg;

	if (a->count == a->alloc) {
		size_t n = a->alloc ? 2 * a->alloc : 32;
		struct sipc_hook_info *p;

		p = reallocarray(a->hooks, n, sizeof(*p));
		if (!p)
			return -ENOMEM;
		a->hooks = p;
		a->alloc = n;
	}
	a->hooks[a->count++] = *hook;
	return 0;
}

int sipc_get_hooks(struct sipc *h, struct sipc_hook_info **hooks,
		   size_t *count)
{
	struct sipc_hook_array a = { NULL, 0, 0 };
	int ret;

	*hooks = NULL;
	*count = 0;
	ret = sipc_for_each_hook(h, sipc_hook_append, &a);
	if (ret) {
		free(a.hooks);
		return ret < 0 ? ret : -ECANCELED;
	}
	*hooks = a.hooks;
	*count = a.count;
	return 0;
}
