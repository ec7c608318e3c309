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
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

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
	bool intr;		/* a message had NLM_F_DUMP_INTR */
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
	[SIPC_A_POLICY_GEN]	= { .type = NLA_U32 },
	[SIPC_A_MODE]		= { .type = NLA_U32 },
	[SIPC_A_POLICY_ROLES]	= { .type = NLA_U32 },
	[SIPC_A_POLICY_RULES]	= { .type = NLA_U32 },
	[SIPC_A_STATS]		= { .type = NLA_NESTED },
	[SIPC_A_ROLE_NAME]	= { .type = NLA_STRING,
				    .maxlen = SIPC_ROLE_NAME_MAX },
	[SIPC_A_ROLE_INDEX]	= { .type = NLA_U32 },
	[SIPC_A_RULE_SUBJECT]	= { .type = NLA_STRING,
				    .maxlen = SIPC_ROLE_NAME_MAX },
	[SIPC_A_RULE_OBJECT]	= { .type = NLA_STRING,
				    .maxlen = SIPC_ROLE_NAME_MAX },
	[SIPC_A_RULE_CLASS]	= { .type = NLA_U32 },
	[SIPC_A_AUDIT_BOOT]	= { .minlen = SIPC_AUDIT_BOOT_SIZE },
	[SIPC_A_AUDIT_SEQ]	= { .type = NLA_U64 },
	[SIPC_A_AUDIT_HEAD]	= { .minlen = SIPC_AUDIT_HASH_SIZE },
	[SIPC_A_RULE_PERMS]	= { .type = NLA_U32 },
	[SIPC_A_RULE_AUDIT]	= { .type = NLA_U32 },
	[SIPC_A_TASK_PID]	= { .type = NLA_U32 },
	[SIPC_A_TASK_COMM]	= { .type = NLA_STRING,
				    .maxlen = SIPC_TASK_COMM_MAX },
	[SIPC_A_EVENT_ALLOWED]	= { .type = NLA_U8 },
	[SIPC_A_RULE_IDLE]	= { .type = NLA_U32 },
	[SIPC_A_DENIAL_COUNT]	= { .type = NLA_U64 },
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
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		req->intr = true;
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

/* A reload interrupted the dump: note it, and read the dump to its end. */
static int sipc_intr_cb(struct nl_msg *msg, void *arg)
{
	struct sipc_request *req = arg;

	(void)msg;
	req->intr = true;
	return NL_OK;
}

static int sipc_valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SIPC_A_MAX + 1];
	struct sipc_request *req = arg;
	int ret;

	if (nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP_INTR)
		req->intr = true;
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
 * A request for command @cmd (with NLM_F_DUMP when @dump), to which the
 * caller may add attributes; NULL (with the message set) when out of
 * memory.
 */
static struct nl_msg *sipc_msg(struct sipc *h, uint8_t cmd, bool dump,
			       const char *what)
{
	struct nl_msg *msg = nlmsg_alloc();

	h->errmsg[0] = '\0';
	if (msg && genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0,
			       dump ? NLM_F_DUMP : NLM_F_ACK, cmd,
			       SIPC_GENL_VERSION))
		return msg;
	nlmsg_free(msg);
	sipc_seterr(h, "%s: out of memory", what);
	return NULL;
}

/*
 * Send @msg (and free it), hand every reply's attributes to @parse, and
 * wait for the end of the answer.  *@intr, when not NULL, tells whether
 * the kernel flagged a dump as interrupted (NLM_F_DUMP_INTR).
 */
static int sipc_send(struct sipc *h, struct nl_msg *msg, const char *what,
		     int (*parse)(struct nlattr **tb, void *arg), void *arg,
		     bool *intr)
{
	struct sipc_request req = {
		.what = what, .parse = parse, .arg = arg,
	};
	struct nl_cb *cb;
	int ret;

	h->errmsg[0] = '\0';
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb) {
		ret = -ENOMEM;
		sipc_seterr(h, "%s: out of memory", what);
		goto cleanup;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, sipc_valid_cb, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, sipc_ack_cb, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, sipc_finish_cb, &req);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, sipc_intr_cb, &req);
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
	if (intr)
		*intr = req.intr;
	nl_cb_put(cb);
	nlmsg_free(msg);
	return ret;
}

/* A request without attributes. */
static int sipc_request(struct sipc *h, uint8_t cmd, bool dump,
			const char *what,
			int (*parse)(struct nlattr **tb, void *arg), void *arg)
{
	struct nl_msg *msg = sipc_msg(h, cmd, dump, what);

	if (!msg)
		return -ENOMEM;
	return sipc_send(h, msg, what, parse, arg, NULL);
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

/*
 * Walk the nest rather than index it: padding, zero-length, has type
 * SIPC_A_PAD, which is also the index of a counter.  Counters a newer
 * module adds are ignored.
 */
static int sipc_parse_stats(struct nlattr *nest, uint64_t *stats)
{
	struct nlattr *nla;
	int rem;

	nla_for_each_nested(nla, nest, rem) {
		if (nla_len(nla) == 0)
			continue;
		if (nla_len(nla) != sizeof(uint64_t))
			return -EPROTO;
		if (nla_type(nla) < __SIPC_STAT_LAST)
			stats[nla_type(nla)] = nla_get_u64(nla);
	}
	return 0;
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
	if (!tb[SIPC_A_POLICY_GEN] || !tb[SIPC_A_MODE] ||
	    !tb[SIPC_A_POLICY_ROLES] || !tb[SIPC_A_POLICY_RULES] ||
	    !tb[SIPC_A_STATS])
		return -EPROTO;
	st->policy_gen = nla_get_u32(tb[SIPC_A_POLICY_GEN]);
	st->mode = nla_get_u32(tb[SIPC_A_MODE]);
	st->roles = nla_get_u32(tb[SIPC_A_POLICY_ROLES]);
	st->rules = nla_get_u32(tb[SIPC_A_POLICY_RULES]);
	return sipc_parse_stats(tb[SIPC_A_STATS], st->stats);
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

static int sipc_parse_commit(struct nlattr **tb, void *arg)
{
	struct sipc_load_result *res = arg;

	if (!tb[SIPC_A_POLICY_GEN] || !tb[SIPC_A_POLICY_ROLES] ||
	    !tb[SIPC_A_POLICY_RULES])
		return -EPROTO;
	res->gen = nla_get_u32(tb[SIPC_A_POLICY_GEN]);
	res->roles = nla_get_u32(tb[SIPC_A_POLICY_ROLES]);
	res->rules = nla_get_u32(tb[SIPC_A_POLICY_RULES]);
	return 0;
}

/* Replies to do commands other than COMMIT carry nothing we need. */
static int sipc_parse_nothing(struct nlattr **tb, void *arg)
{
	(void)tb;
	(void)arg;
	return 0;
}

static int sipc_load_begin(struct sipc *h, uint32_t size)
{
	struct nl_msg *msg = sipc_msg(h, SIPC_CMD_LOAD_BEGIN, false,
				      "LOAD_BEGIN");

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, SIPC_A_LOAD_SIZE, size) < 0) {
		nlmsg_free(msg);
		sipc_seterr(h, "LOAD_BEGIN: cannot build the request");
		return -ENOMEM;
	}
	return sipc_send(h, msg, "LOAD_BEGIN", sipc_parse_nothing, NULL, NULL);
}

static int sipc_load_chunk(struct sipc *h, const void *data, uint32_t offset,
			   uint32_t len)
{
	struct nl_msg *msg;

	/* A chunk and its headers need more than libnl's default page. */
	msg = nlmsg_alloc_size(SIPC_LOAD_CHUNK_MAX + 4096);
	h->errmsg[0] = '\0';
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0,
				 NLM_F_ACK, SIPC_CMD_LOAD_CHUNK,
				 SIPC_GENL_VERSION) ||
	    nla_put_u32(msg, SIPC_A_LOAD_OFFSET, offset) < 0 ||
	    nla_put(msg, SIPC_A_LOAD_DATA, len, data) < 0) {
		nlmsg_free(msg);
		sipc_seterr(h, "LOAD_CHUNK: cannot build the request");
		return -ENOMEM;
	}
	return sipc_send(h, msg, "LOAD_CHUNK", sipc_parse_nothing, NULL, NULL);
}

int sipc_load_policy(struct sipc *h, const void *blob, size_t size,
		     struct sipc_load_result *res)
{
	struct sipc_load_result dummy;
	char errmsg[sizeof(h->errmsg)];
	size_t off, len;
	int ret;

	if (!res)
		res = &dummy;
	memset(res, 0, sizeof(*res));
	if (size == 0 || size > SIPC_POLICY_SIZE_MAX) {
		sipc_seterr(h, "policy of %zu bytes: must be 1 to %u", size,
			    SIPC_POLICY_SIZE_MAX);
		return -EINVAL;
	}
	ret = sipc_load_begin(h, size);
	if (ret)
		return ret;
	for (off = 0; off < size; off += len) {
		len = size - off < SIPC_LOAD_CHUNK_MAX ?
		      size - off : SIPC_LOAD_CHUNK_MAX;
		ret = sipc_load_chunk(h, (const char *)blob + off, off, len);
		if (ret)
			goto abort;
	}
	/* COMMIT ends the transaction whatever its outcome. */
	return sipc_request(h, SIPC_CMD_LOAD_COMMIT, false, "LOAD_COMMIT",
			    sipc_parse_commit, res);

abort:
	/* Keep the first error's explanation, not the abort's. */
	memcpy(errmsg, h->errmsg, sizeof(errmsg));
	sipc_request(h, SIPC_CMD_LOAD_ABORT, false, "LOAD_ABORT",
		     sipc_parse_nothing, NULL);
	memcpy(h->errmsg, errmsg, sizeof(errmsg));
	return ret;
}

int sipc_set_mode(struct sipc *h, const char *role, enum sipc_mode mode)
{
	struct nl_msg *msg = sipc_msg(h, SIPC_CMD_SET_MODE, false, "SET_MODE");

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, SIPC_A_MODE, mode) < 0 ||
	    (role && nla_put_string(msg, SIPC_A_ROLE_NAME, role) < 0)) {
		nlmsg_free(msg);
		sipc_seterr(h, "SET_MODE: cannot build the request");
		return -ENOMEM;
	}
	return sipc_send(h, msg, "SET_MODE", sipc_parse_nothing, NULL, NULL);
}

static int sipc_parse_audit_head(struct nlattr **tb, void *arg)
{
	struct sipc_audit_head *head = arg;

	if (!tb[SIPC_A_AUDIT_BOOT] || !tb[SIPC_A_AUDIT_SEQ] ||
	    !tb[SIPC_A_AUDIT_HEAD] ||
	    nla_len(tb[SIPC_A_AUDIT_BOOT]) != SIPC_AUDIT_BOOT_SIZE ||
	    nla_len(tb[SIPC_A_AUDIT_HEAD]) != SIPC_AUDIT_HASH_SIZE)
		return -EPROTO;
	memcpy(head->boot, nla_data(tb[SIPC_A_AUDIT_BOOT]), sizeof(head->boot));
	head->seq = nla_get_u64(tb[SIPC_A_AUDIT_SEQ]);
	memcpy(head->head, nla_data(tb[SIPC_A_AUDIT_HEAD]), sizeof(head->head));
	return 0;
}

int sipc_audit_get_head(struct sipc *h, struct sipc_audit_head *head)
{
	memset(head, 0, sizeof(*head));
	return sipc_request(h, SIPC_CMD_AUDIT_HEAD, false, "AUDIT_HEAD",
			    sipc_parse_audit_head, head);
}

int sipc_audit_check(struct sipc *h, const uint8_t *boot, uint64_t seq,
		     const uint8_t *head, const uint8_t *mac)
{
	struct nl_msg *msg = sipc_msg(h, SIPC_CMD_AUDIT_CHECK, false,
				      "AUDIT_CHECK");

	if (!msg)
		return -ENOMEM;
	if (nla_put(msg, SIPC_A_AUDIT_BOOT, SIPC_AUDIT_BOOT_SIZE, boot) < 0 ||
	    nla_put_u64(msg, SIPC_A_AUDIT_SEQ, seq) < 0 ||
	    nla_put(msg, SIPC_A_AUDIT_HEAD, SIPC_AUDIT_HASH_SIZE, head) < 0 ||
	    nla_put(msg, SIPC_A_AUDIT_MAC, SIPC_AUDIT_HASH_SIZE, mac) < 0) {
		nlmsg_free(msg);
		sipc_seterr(h, "AUDIT_CHECK: cannot build the request");
		return -ENOMEM;
	}
	return sipc_send(h, msg, "AUDIT_CHECK", sipc_parse_nothing, NULL, NULL);
}

/* The entries of one dump, kept until the whole dump was read. */
struct sipc_array {
	void *items;
	size_t size;		/* of one item */
	size_t count, alloc;
};

static void *sipc_array_add(struct sipc_array *a)
{
	if (a->count == a->alloc) {
		size_t n = a->alloc ? 2 * a->alloc : 64;
		void *p = reallocarray(a->items, n, a->size);

		if (!p)
			return NULL;
		a->items = p;
		a->alloc = n;
	}
	return (char *)a->items + a->size * a->count++;
}

/*
 * Read dump @cmd whole into @a with @parse; again, from scratch, when a
 * reload interrupted it, at most 3 times.
 */
static int sipc_dump_all(struct sipc *h, uint8_t cmd, const char *what,
			 int (*parse)(struct nlattr **tb, void *arg),
			 struct sipc_array *a)
{
	bool intr = false;
	int tries, ret = 0;

	for (tries = 0; tries < 3; tries++) {
		struct nl_msg *msg = sipc_msg(h, cmd, true, what);

		if (!msg)
			return -ENOMEM;
		a->count = 0;
		ret = sipc_send(h, msg, what, parse, a, &intr);
		if (!intr && ret != -EAGAIN)
			return ret;
	}
	sipc_seterr(h, "%s: the policy kept changing during the dump", what);
	return -EAGAIN;
}

static int sipc_parse_role(struct nlattr **tb, void *arg)
{
	struct sipc_role_info *role;

	if (!tb[SIPC_A_ROLE_NAME] || !tb[SIPC_A_ROLE_INDEX] || !tb[SIPC_A_MODE])
		return -EPROTO;
	role = sipc_array_add(arg);
	if (!role)
		return -ENOMEM;
	memset(role, 0, sizeof(*role));
	nla_strlcpy(role->name, tb[SIPC_A_ROLE_NAME], sizeof(role->name));
	role->index = nla_get_u32(tb[SIPC_A_ROLE_INDEX]);
	role->mode = nla_get_u32(tb[SIPC_A_MODE]);
	return 0;
}

int sipc_for_each_role(struct sipc *h, sipc_role_fn fn, void *arg)
{
	struct sipc_array a = { .size = sizeof(struct sipc_role_info) };
	struct sipc_role_info *roles;
	size_t i;
	int ret;

	ret = sipc_dump_all(h, SIPC_CMD_GET_ROLES, "GET_ROLES",
			    sipc_parse_role, &a);
	roles = a.items;
	for (i = 0; !ret && i < a.count; i++)
		ret = fn(&roles[i], arg);
	free(a.items);
	return ret;
}

static int sipc_parse_rule(struct nlattr **tb, void *arg)
{
	struct sipc_rule_info *rule;

	if (!tb[SIPC_A_RULE_SUBJECT] || !tb[SIPC_A_RULE_OBJECT] ||
	    !tb[SIPC_A_RULE_CLASS] || !tb[SIPC_A_RULE_PERMS])
		return -EPROTO;
	rule = sipc_array_add(arg);
	if (!rule)
		return -ENOMEM;
	memset(rule, 0, sizeof(*rule));
	nla_strlcpy(rule->subject, tb[SIPC_A_RULE_SUBJECT],
		    sizeof(rule->subject));
	nla_strlcpy(rule->object, tb[SIPC_A_RULE_OBJECT],
		    sizeof(rule->object));
	rule->class = nla_get_u32(tb[SIPC_A_RULE_CLASS]);
	rule->perms = nla_get_u32(tb[SIPC_A_RULE_PERMS]);
	if (tb[SIPC_A_RULE_IDLE]) {
		rule->used = true;
		rule->idle = nla_get_u32(tb[SIPC_A_RULE_IDLE]);
	}
	if (tb[SIPC_A_RULE_AUDIT])
		rule->audit = nla_get_u32(tb[SIPC_A_RULE_AUDIT]) & rule->perms;
	return 0;
}

int sipc_for_each_rule(struct sipc *h, sipc_rule_fn fn, void *arg)
{
	struct sipc_array a = { .size = sizeof(struct sipc_rule_info) };
	struct sipc_rule_info *rules;
	size_t i;
	int ret;

	ret = sipc_dump_all(h, SIPC_CMD_GET_RULES, "GET_RULES",
			    sipc_parse_rule, &a);
	rules = a.items;
	for (i = 0; !ret && i < a.count; i++)
		ret = fn(&rules[i], arg);
	free(a.items);
	return ret;
}

struct sipc_task_iter {
	sipc_task_fn fn;
	void *arg;
};

static int sipc_parse_task(struct nlattr **tb, void *arg)
{
	struct sipc_task_iter *it = arg;
	struct sipc_task_info task;

	if (!tb[SIPC_A_TASK_PID] || !tb[SIPC_A_TASK_COMM] ||
	    !tb[SIPC_A_ROLE_NAME])
		return -EPROTO;
	memset(&task, 0, sizeof(task));
	task.pid = nla_get_u32(tb[SIPC_A_TASK_PID]);
	nla_strlcpy(task.comm, tb[SIPC_A_TASK_COMM], sizeof(task.comm));
	nla_strlcpy(task.role, tb[SIPC_A_ROLE_NAME], sizeof(task.role));
	return it->fn(&task, it->arg);
}

static int sipc_parse_denial(struct nlattr **tb, void *arg)
{
	struct sipc_denial_info *d;

	if (!tb[SIPC_A_RULE_SUBJECT] || !tb[SIPC_A_RULE_OBJECT] ||
	    !tb[SIPC_A_RULE_CLASS] || !tb[SIPC_A_RULE_PERMS] ||
	    !tb[SIPC_A_MODE] || !tb[SIPC_A_DENIAL_COUNT] ||
	    !tb[SIPC_A_RULE_IDLE])
		return -EPROTO;
	d = sipc_array_add(arg);
	if (!d)
		return -ENOMEM;
	memset(d, 0, sizeof(*d));
	nla_strlcpy(d->subject, tb[SIPC_A_RULE_SUBJECT], sizeof(d->subject));
	nla_strlcpy(d->object, tb[SIPC_A_RULE_OBJECT], sizeof(d->object));
	d->class = nla_get_u32(tb[SIPC_A_RULE_CLASS]);
	d->perms = nla_get_u32(tb[SIPC_A_RULE_PERMS]);
	d->mode = nla_get_u32(tb[SIPC_A_MODE]);
	d->count = nla_get_u64(tb[SIPC_A_DENIAL_COUNT]);
	d->idle = nla_get_u32(tb[SIPC_A_RULE_IDLE]);
	return 0;
}

int sipc_for_each_denial(struct sipc *h, sipc_denial_fn fn, void *arg)
{
	struct sipc_array a = { .size = sizeof(struct sipc_denial_info) };
	struct sipc_denial_info *rows;
	size_t i;
	int ret;

	ret = sipc_request(h, SIPC_CMD_GET_DENIALS, true, "GET_DENIALS",
			   sipc_parse_denial, &a);
	rows = a.items;
	for (i = 0; !ret && i < a.count; i++)
		ret = fn(&rows[i], arg);
	free(a.items);
	return ret;
}

int sipc_for_each_task(struct sipc *h, sipc_task_fn fn, void *arg)
{
	struct sipc_task_iter it = { .fn = fn, .arg = arg };

	return sipc_request(h, SIPC_CMD_GET_TASKS, true, "GET_TASKS",
			    sipc_parse_task, &it);
}

struct sipc_events {
	struct nl_sock *sk;
	int family;
	char errmsg[256];
	/* Events read from the socket and not yet handed out. */
	struct sipc_event_info queue[16];
	unsigned int head, count;
};

static void sipc_events_seterr(struct sipc_events *ev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sipc_events_seterr(struct sipc_events *ev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ev->errmsg, sizeof(ev->errmsg), fmt, ap);
	va_end(ap);
}

int sipc_events_open(struct sipc_events **events, char *errbuf,
		     size_t errlen)
{
	struct sipc_events *ev;
	int ret, grp;

	*events = NULL;
	ev = calloc(1, sizeof(*ev));
	if (!ev) {
		if (errbuf)
			snprintf(errbuf, errlen, "out of memory");
		return -ENOMEM;
	}
	ev->sk = nl_socket_alloc();
	if (!ev->sk) {
		ret = -ENOMEM;
		sipc_events_seterr(ev, "cannot allocate a netlink socket");
		goto cleanup;
	}
	ret = genl_connect(ev->sk);
	if (ret < 0) {
		sipc_events_seterr(ev, "cannot open a generic netlink socket: %s",
				   nl_geterror(ret));
		ret = sipc_nlerr_to_errno(ret);
		goto cleanup;
	}
	ret = genl_ctrl_resolve(ev->sk, SIPC_GENL_NAME);
	if (ret < 0) {
		ret = sipc_nlerr_to_errno(ret);
		sipc_events_seterr(ev, "generic netlink family \"%s\" not found: is sipc.ko loaded?",
				   SIPC_GENL_NAME);
		goto cleanup;
	}
	ev->family = ret;
	grp = genl_ctrl_resolve_grp(ev->sk, SIPC_GENL_NAME,
				    SIPC_GENL_MCGRP_EVENTS);
	if (grp < 0) {
		ret = sipc_nlerr_to_errno(grp);
		sipc_events_seterr(ev, "multicast group \"%s\" not found: %s",
				   SIPC_GENL_MCGRP_EVENTS, nl_geterror(grp));
		goto cleanup;
	}
	ret = nl_socket_add_membership(ev->sk, grp);
	if (ret < 0) {
		ret = sipc_nlerr_to_errno(ret);
		sipc_events_seterr(ev, "cannot join the events group: %s%s",
				   strerror(-ret), ret == -EPERM ?
				   " (needs CAP_SYS_ADMIN)" : "");
		goto cleanup;
	}
	*events = ev;
	return 0;

cleanup:
	if (errbuf)
		snprintf(errbuf, errlen, "%s", ev->errmsg);
	sipc_events_close(ev);
	return ret;
}

static int sipc_event_parse(struct nlmsghdr *nlh, struct sipc_event_info *e)
{
	struct nlattr *tb[SIPC_A_MAX + 1];
	struct genlmsghdr *g = nlmsg_data(nlh);

	if (genlmsg_parse(nlh, 0, tb, SIPC_A_MAX, sipc_reply_policy) < 0 ||
	    g->cmd != SIPC_CMD_EVENT)
		return -EPROTO;
	if (!tb[SIPC_A_MODE] || !tb[SIPC_A_EVENT_ALLOWED] ||
	    !tb[SIPC_A_TASK_PID] || !tb[SIPC_A_TASK_COMM] ||
	    !tb[SIPC_A_RULE_SUBJECT] || !tb[SIPC_A_RULE_OBJECT] ||
	    !tb[SIPC_A_RULE_CLASS] || !tb[SIPC_A_RULE_PERMS])
		return -EPROTO;
	memset(e, 0, sizeof(*e));
	e->mode = nla_get_u32(tb[SIPC_A_MODE]);
	e->allowed = nla_get_u8(tb[SIPC_A_EVENT_ALLOWED]);
	e->pid = nla_get_u32(tb[SIPC_A_TASK_PID]);
	nla_strlcpy(e->comm, tb[SIPC_A_TASK_COMM], sizeof(e->comm));
	nla_strlcpy(e->subject, tb[SIPC_A_RULE_SUBJECT], sizeof(e->subject));
	nla_strlcpy(e->object, tb[SIPC_A_RULE_OBJECT], sizeof(e->object));
	e->class = nla_get_u32(tb[SIPC_A_RULE_CLASS]);
	e->perm = nla_get_u32(tb[SIPC_A_RULE_PERMS]);
	return 0;
}

/* Read one datagram and queue the events in it: 0, or -errno. */
static int sipc_events_read(struct sipc_events *ev)
{
	static __thread char buf[16384];
	int fd = nl_socket_get_fd(ev->sk), len;
	struct nlmsghdr *nlh;
	ssize_t n;

	n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (n < 0) {
		if (errno == ENOBUFS)
			sipc_events_seterr(ev, "events were lost: this process read them too slowly");
		else if (errno != EAGAIN)
			sipc_events_seterr(ev, "cannot receive events: %s",
					   strerror(errno));
		return -errno;
	}
	len = n;
	for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, len);
	     nlh = nlmsg_next(nlh, &len)) {
		struct sipc_event_info *e;

		if (nlh->nlmsg_type != ev->family ||
		    ev->count == sizeof(ev->queue) / sizeof(ev->queue[0]))
			continue;
		e = &ev->queue[(ev->head + ev->count) %
			       (sizeof(ev->queue) / sizeof(ev->queue[0]))];
		if (!sipc_event_parse(nlh, e))
			ev->count++;
	}
	return 0;
}

int sipc_events_next(struct sipc_events *ev, struct sipc_event_info *event,
		     int timeout_ms)
{
	struct pollfd p = { .fd = nl_socket_get_fd(ev->sk), .events = POLLIN };
	struct timespec start, now;
	int ret, left = timeout_ms;

	ev->errmsg[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!ev->count) {
		ret = poll(&p, 1, left);
		if (ret < 0 && errno != EINTR) {
			ret = -errno;
			sipc_events_seterr(ev, "poll: %s", strerror(errno));
			return ret;
		}
		if (ret > 0) {
			ret = sipc_events_read(ev);
			if (ret && ret != -EAGAIN)
				return ret;
		}
		if (ev->count || timeout_ms < 0)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout_ms - (int)((now.tv_sec - start.tv_sec) * 1000 +
					  (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0)
			return 0;
	}
	*event = ev->queue[ev->head];
	ev->head = (ev->head + 1) % (sizeof(ev->queue) / sizeof(ev->queue[0]));
	ev->count--;
	return 1;
}

const char *sipc_events_errmsg(const struct sipc_events *ev)
{
	return ev ? ev->errmsg : "";
}

int sipc_events_fd(const struct sipc_events *ev)
{
	return nl_socket_get_fd(ev->sk);
}

void sipc_events_close(struct sipc_events *ev)
{
	if (!ev)
		return;
	nl_socket_free(ev->sk);
	free(ev);
}

/* /dev/sipc ------------------------------------------------------------ */

#define SIPC_DEV_PATH	"/dev/" SIPC_DEV_NAME

int sipc_dev_open(void)
{
	unsigned int major, minor;
	FILE *f;
	int fd, n;

	fd = open(SIPC_DEV_PATH, O_RDWR | O_CLOEXEC);
	if (fd >= 0 || errno != ENOENT)
		return fd >= 0 ? fd : -errno;
	/* No devtmpfs: make the node from what sysfs says. */
	f = fopen("/sys/class/misc/" SIPC_DEV_NAME "/dev", "re");
	if (!f)
		return -ENOENT;
	n = fscanf(f, "%u:%u", &major, &minor);
	fclose(f);
	if (n != 2)
		return -ENOENT;
	if (mknod(SIPC_DEV_PATH, S_IFCHR | 0666, makedev(major, minor)) &&
	    errno != EEXIST)
		return -errno;
	fd = open(SIPC_DEV_PATH, O_RDWR | O_CLOEXEC);
	return fd >= 0 ? fd : -errno;
}

static int sipc_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

int sipc_seal(int fd, const char *receiver, uint64_t op, const void *payload,
	      size_t len, void *envelope, size_t *envelope_len)
{
	struct sipc_seal_args a = {
		.size = sizeof(a),
		.op = op,
		.payload = (uintptr_t)payload,
		.envelope = (uintptr_t)envelope,
		.payload_len = len > UINT32_MAX ? UINT32_MAX : len,
		.envelope_len = *envelope_len > UINT32_MAX ? UINT32_MAX :
				*envelope_len,
	};
	int ret;

	if (strlen(receiver) >= sizeof(a.receiver))
		return -ENOENT;
	strcpy(a.receiver, receiver);
	ret = sipc_ioctl(fd, SIPC_IOC_SEAL, &a);
	if (!ret || ret == -ERANGE)
		*envelope_len = a.envelope_len;
	return ret;
}

int sipc_open_envelope(int fd, const void *envelope, size_t envelope_len,
		       void *payload, size_t *len,
		       struct sipc_opened_info *info)
{
	struct sipc_open_args a = {
		.size = sizeof(a),
		.envelope = (uintptr_t)envelope,
		.payload = (uintptr_t)payload,
		.envelope_len = envelope_len > UINT32_MAX ? UINT32_MAX :
				envelope_len,
		.payload_len = *len > UINT32_MAX ? UINT32_MAX : *len,
	};
	int ret;

	ret = sipc_ioctl(fd, SIPC_IOC_OPEN, &a);
	if (!ret || ret == -ERANGE)
		*len = a.payload_len;
	if (!ret && info) {
		memcpy(info->sender, a.sender, sizeof(info->sender));
		info->sender[sizeof(info->sender) - 1] = '\0';
		info->op = a.op;
		info->seq = a.seq;
		info->time_ns = a.time_ns;
		info->epoch = a.epoch;
	}
	return ret;
}

int sipc_sign(int fd, const void *data, size_t len,
	      struct sipc_signature *sig)
{
	struct sipc_sign_args a = {
		.size = sizeof(a),
		.data = (uintptr_t)data,
		.sig = (uintptr_t)sig,
		.data_len = len > UINT32_MAX ? UINT32_MAX : len,
		.sig_len = sizeof(*sig),
	};

	return sipc_ioctl(fd, SIPC_IOC_SIGN, &a);
}

int sipc_verify(int fd, const void *data, size_t len,
		const struct sipc_signature *sig,
		char signer[SIPC_ROLE_NAME_MAX], int64_t *time_ns)
{
	struct sipc_sign_args a = {
		.size = sizeof(a),
		.data = (uintptr_t)data,
		.sig = (uintptr_t)sig,
		.data_len = len > UINT32_MAX ? UINT32_MAX : len,
		.sig_len = sizeof(*sig),
	};
	int ret;

	ret = sipc_ioctl(fd, SIPC_IOC_VERIFY, &a);
	if (ret)
		return ret;
	if (signer) {
		memcpy(signer, a.signer, SIPC_ROLE_NAME_MAX);
		signer[SIPC_ROLE_NAME_MAX - 1] = '\0';
	}
	if (time_ns)
		*time_ns = a.time_ns;
	return 0;
}

int sipc_peer(int fd, int peer_fd, char role[SIPC_ROLE_NAME_MAX])
{
	struct sipc_peer_args a = { .size = sizeof(a), .fd = peer_fd };
	int ret;

	ret = sipc_ioctl(fd, SIPC_IOC_PEER, &a);
	if (ret)
		return ret;
	memcpy(role, a.role, SIPC_ROLE_NAME_MAX);
	role[SIPC_ROLE_NAME_MAX - 1] = '\0';
	return 0;
}

int sipc_dev_info(int fd, struct sipc_info_args *info)
{
	int ret;

	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	ret = sipc_ioctl(fd, SIPC_IOC_INFO, info);
	if (!ret) {
		info->aead_driver[sizeof(info->aead_driver) - 1] = '\0';
		info->hash_driver[sizeof(info->hash_driver) - 1] = '\0';
	}
	return ret;
}

int sipc_keys_rotate(int fd, long grace_ms, uint32_t *epoch)
{
	struct sipc_rotate_args a = { .size = sizeof(a) };
	int ret;

	if (grace_ms >= 0) {
		a.flags = SIPC_ROTATE_GRACE;
		a.grace_ms = grace_ms > UINT32_MAX ? UINT32_MAX : grace_ms;
	}
	ret = sipc_ioctl(fd, SIPC_IOC_ROTATE, &a);
	if (!ret && epoch)
		*epoch = a.epoch;
	return ret;
}

int sipc_narrow(int fd, const char *iface, const char *perms)
{
	struct sipc_narrow_args a = { .size = sizeof(a) };

	if (strlen(iface) >= sizeof(a.interface) ||
	    strlen(perms) >= sizeof(a.perms))
		return -EINVAL;
	strcpy(a.interface, iface);
	strcpy(a.perms, perms);
	return sipc_ioctl(fd, SIPC_IOC_NARROW, &a);
}

const char *sipc_seal_stat_name(unsigned int stat)
{
	static const char *const names[__SIPC_SEAL_STAT_LAST] = {
		[SIPC_SEAL_SEALED] = "sealed",
		[SIPC_SEAL_OPENED] = "opened",
		[SIPC_SEAL_SIGNED] = "signed",
		[SIPC_SEAL_VERIFIED] = "verified",
		[SIPC_SEAL_NOT_RECEIVER] = "refused_not_receiver",
		[SIPC_SEAL_ALTERED] = "refused_altered",
		[SIPC_SEAL_EXPIRED] = "refused_expired",
		[SIPC_SEAL_REPLAYED] = "refused_replay",
		[SIPC_SEAL_DENIED] = "refused_policy",
		[SIPC_SEAL_BAD_SIGNATURE] = "bad_signature",
		[SIPC_SEAL_ROTATIONS] = "rotations",
	};

	return stat < __SIPC_SEAL_STAT_LAST ? names[stat] : NULL;
}
