// SPDX-License-Identifier: GPL-2.0
/*
 * sipc selftests: the generic netlink family.
 *
 * Raw netlink sockets only, no libnl and no libsipc, so that these tests
 * do not share the library's bugs.  What the family reports is checked
 * against securityfs, which is read independently.  Malformed requests
 * must each fail with a negative errno (and the extended ACK message the
 * kernel gives), and the family must answer normally afterwards.
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#include "common.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define BUF_SIZE	65536
#define MAX_HOOKS	128

/* One request: netlink and genetlink headers, then attributes. */
struct request {
	struct nlmsghdr nlh;
	struct genlmsghdr genl;
	char attrs[SIPC_LOAD_CHUNK_MAX + 1024];
};

/* What came back for one request. */
struct answer {
	int error;		/* 0, or the kernel's negative errno */
	bool acked;		/* an NLMSG_ERROR or NLMSG_DONE ended it */
	char extack[256];	/* NLMSGERR_ATTR_MSG, or "" */
	int bad_offset;		/* NLMSGERR_ATTR_OFFS, or -1 */
	int nr_msgs;		/* data messages */
};

struct hook_line {
	char name[SIPC_HOOK_NAME_MAX];
	unsigned long long calls, refused;
};

/* Called for each data message with its attributes indexed by type. */
typedef void (*msg_fn)(struct nlattr **tb, void *arg);

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 5 };
	int one = 1, fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -errno;
	}
	return fd;
}

static void req_init(struct request *req, uint16_t type, uint16_t flags,
		     uint8_t cmd)
{
	static uint32_t seq = 1;

	memset(req, 0, sizeof(*req));
	req->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req->nlh.nlmsg_type = type;
	req->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	req->nlh.nlmsg_seq = seq++;
	req->genl.cmd = cmd;
	req->genl.version = SIPC_GENL_VERSION;
}

/* Append an attribute; returns its offset in the message. */
static int req_put(struct request *req, uint16_t type, const void *data,
		   uint16_t len)
{
	struct nlattr *nla = (void *)((char *)req +
				      NLMSG_ALIGN(req->nlh.nlmsg_len));
	int off = (char *)nla - (char *)req;

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	req->nlh.nlmsg_len = NLMSG_ALIGN(req->nlh.nlmsg_len) +
			     NLA_ALIGN(nla->nla_len);
	return off;
}

static void parse_attrs(const void *data, int len, struct nlattr **tb,
			int max)
{
	const struct nlattr *nla = data;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	while (len >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN &&
	       nla->nla_len <= len) {
		int type = nla->nla_type & NLA_TYPE_MASK;

		if (type <= max)
			tb[type] = (struct nlattr *)nla;
		len -= NLA_ALIGN(nla->nla_len);
		nla = (const void *)((const char *)nla +
				     NLA_ALIGN(nla->nla_len));
	}
}

static void *nla_payload(const struct nlattr *nla)
{
	return (char *)nla + NLA_HDRLEN;
}

static int nla_payload_len(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

/* The extended ACK attributes after an error or done payload. */
static void parse_extack(const struct nlmsghdr *nlh, int off,
			 struct answer *ans)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= 0)
		return;
	parse_attrs((char *)NLMSG_DATA(nlh) + off, len, tb, NLMSGERR_ATTR_MAX);
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(ans->extack, sizeof(ans->extack), "%.*s",
			 nla_payload_len(tb[NLMSGERR_ATTR_MSG]),
			 (char *)nla_payload(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS] &&
	    nla_payload_len(tb[NLMSGERR_ATTR_OFFS]) == sizeof(uint32_t))
		ans->bad_offset = *(uint32_t *)nla_payload(tb[NLMSGERR_ATTR_OFFS]);
}

/*
 * Send @len bytes of @req and read the answer: data messages go to @fn,
 * until NLMSG_ERROR (an ACK or an error) or NLMSG_DONE.  Returns 0, or
 * -errno when the socket failed (-EAGAIN: no answer within the timeout).
 * The request goes with sendto() to the kernel's address when
 * @addressed, else with send() on the unconnected socket (which also
 * reaches the kernel): the core treats the two differently.
 */
static int transact_via(int fd, const void *req, size_t len, uint32_t seq,
			msg_fn fn, void *arg, struct answer *ans,
			bool addressed)
{
	static char buf[BUF_SIZE];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t sent;

	memset(ans, 0, sizeof(*ans));
	ans->bad_offset = -1;
	if (addressed)
		sent = sendto(fd, req, len, 0, (struct sockaddr *)&sa,
			      sizeof(sa));
	else
		sent = send(fd, req, len, 0);
	if (sent < 0)
		return -errno;
	while (!ans->acked) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nlh;
		int rem;

		if (n < 0)
			return -errno;
		for (nlh = (void *)buf, rem = n; NLMSG_OK(nlh, rem);
		     nlh = NLMSG_NEXT(nlh, rem)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);
				int off = sizeof(*e);

				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					off += e->msg.nlmsg_len - NLMSG_HDRLEN;
				ans->error = e->error;
				ans->acked = true;
				parse_extack(nlh, NLMSG_ALIGN(off), ans);
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				int status = *(int *)NLMSG_DATA(nlh);

				ans->error = status < 0 ? status : 0;
				ans->acked = true;
				parse_extack(nlh, sizeof(int), ans);
			} else {
				struct nlattr *tb[SIPC_A_MAX + 1];

				ans->nr_msgs++;
				parse_attrs((char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
					    nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN),
					    tb, SIPC_A_MAX);
				if (fn)
					fn(tb, arg);
			}
		}
	}
	return 0;
}

static int transact(int fd, const void *req, size_t len, uint32_t seq,
		    msg_fn fn, void *arg, struct answer *ans)
{
	return transact_via(fd, req, len, seq, fn, arg, ans, true);
}

static int send_req(int fd, struct request *req, msg_fn fn, void *arg,
		    struct answer *ans)
{
	return transact(fd, req, req->nlh.nlmsg_len, req->nlh.nlmsg_seq, fn,
			arg, ans);
}

static void get_family_id(struct nlattr **tb, void *arg)
{
	if (tb[CTRL_ATTR_FAMILY_ID])
		*(int *)arg = *(uint16_t *)nla_payload(tb[CTRL_ATTR_FAMILY_ID]);
}

/* The family's id through nlctrl; or -errno. */
static int resolve_family(int fd)
{
	struct answer ans;
	struct request req;
	int id = -ENOENT, ret;

	req_init(&req, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY);
	req.genl.version = 1;
	req_put(&req, CTRL_ATTR_FAMILY_NAME, SIPC_GENL_NAME,
		sizeof(SIPC_GENL_NAME));
	ret = send_req(fd, &req, get_family_id, &id, &ans);
	if (ret)
		return ret;
	return ans.error ? ans.error : id;
}

struct status {
	bool seen;
	uint32_t abi, hooks, funcs;
	int inject;
	int missing;
	uint32_t gen, mode, roles, rules;
	int nr_stats;		/* 8-byte entries in SIPC_A_STATS */
	uint64_t stats[__SIPC_STAT_LAST];
};

static void get_status(struct nlattr **tb, void *arg)
{
	struct status *st = arg;

	st->seen = true;
	if (!tb[SIPC_A_ABI_VERSION] || !tb[SIPC_A_HOOK_COUNT] ||
	    !tb[SIPC_A_FUNC_COUNT] || !tb[SIPC_A_INJECT]) {
		st->missing++;
		return;
	}
	st->abi = *(uint32_t *)nla_payload(tb[SIPC_A_ABI_VERSION]);
	st->hooks = *(uint32_t *)nla_payload(tb[SIPC_A_HOOK_COUNT]);
	st->funcs = *(uint32_t *)nla_payload(tb[SIPC_A_FUNC_COUNT]);
	st->inject = *(uint8_t *)nla_payload(tb[SIPC_A_INJECT]);
	if (!tb[SIPC_A_POLICY_GEN] || !tb[SIPC_A_MODE] ||
	    !tb[SIPC_A_POLICY_ROLES] || !tb[SIPC_A_POLICY_RULES] ||
	    !tb[SIPC_A_STATS]) {
		st->missing++;
		return;
	}
	st->gen = *(uint32_t *)nla_payload(tb[SIPC_A_POLICY_GEN]);
	st->mode = *(uint32_t *)nla_payload(tb[SIPC_A_MODE]);
	st->roles = *(uint32_t *)nla_payload(tb[SIPC_A_POLICY_ROLES]);
	st->rules = *(uint32_t *)nla_payload(tb[SIPC_A_POLICY_RULES]);
	{
		const struct nlattr *nest = tb[SIPC_A_STATS], *nla;
		int len = nla_payload_len(nest);

		/* Walked, not indexed: zero-length padding shares type 1. */
		for (nla = nla_payload(nest); len >= NLA_HDRLEN &&
		     nla->nla_len >= NLA_HDRLEN && nla->nla_len <= len;
		     len -= NLA_ALIGN(nla->nla_len),
		     nla = (const void *)((const char *)nla +
					  NLA_ALIGN(nla->nla_len))) {
			if (nla_payload_len(nla) == 0)
				continue;
			if (nla_payload_len(nla) != 8 ||
			    nla->nla_type >= __SIPC_STAT_LAST) {
				st->missing++;
				continue;
			}
			memcpy(&st->stats[nla->nla_type], nla_payload(nla), 8);
			st->nr_stats++;
		}
	}
}

struct hooks {
	struct hook_line line[MAX_HOOKS];
	int count;
	int malformed;
};

static void get_hook(struct nlattr **tb, void *arg)
{
	struct hooks *h = arg;
	struct hook_line *l;

	if (!tb[SIPC_A_HOOK_NAME] || !tb[SIPC_A_HOOK_CALLS] ||
	    !tb[SIPC_A_HOOK_REFUSED] ||
	    nla_payload_len(tb[SIPC_A_HOOK_CALLS]) != 8 ||
	    nla_payload_len(tb[SIPC_A_HOOK_REFUSED]) != 8 ||
	    nla_payload_len(tb[SIPC_A_HOOK_NAME]) > SIPC_HOOK_NAME_MAX ||
	    ((char *)nla_payload(tb[SIPC_A_HOOK_NAME]))
		[nla_payload_len(tb[SIPC_A_HOOK_NAME]) - 1]) {
		h->malformed++;
		return;
	}
	if (h->count == MAX_HOOKS) {
		h->malformed++;
		return;
	}
	l = &h->line[h->count++];
	strcpy(l->name, nla_payload(tb[SIPC_A_HOOK_NAME]));
	memcpy(&l->calls, nla_payload(tb[SIPC_A_HOOK_CALLS]), 8);
	memcpy(&l->refused, nla_payload(tb[SIPC_A_HOOK_REFUSED]), 8);
}

/* Every line of the securityfs hooks file; the count or -errno. */
static int read_securityfs(struct hook_line *lines, int max)
{
	char buf[128];
	int n = 0;
	FILE *f;

	f = fopen(SIPC_HOOKS_PATH, "re");
	if (!f)
		return -errno;
	while (fgets(buf, sizeof(buf), f)) {
		if (n == max ||
		    sscanf(buf, "%47s %llu %llu", lines[n].name,
			   &lines[n].calls, &lines[n].refused) != 3) {
			n = -EINVAL;
			break;
		}
		n++;
	}
	fclose(f);
	return n;
}

FIXTURE(netlink) {
	int fd;
	int family;
};

static void __nl_setup(struct __test_metadata *_metadata, int *fd_out,
		       int *family_out)
{
	int fd, family;

	fd = nl_open();
	ASSERT_LE(0, fd) {
		TH_LOG("netlink socket: %s", strerror(-fd));
	}
	*fd_out = fd;
	family = resolve_family(fd);
	ASSERT_LT(0, family) {
		TH_LOG("family \"%s\" not resolved: %s (is sipc.ko loaded?)",
		       SIPC_GENL_NAME, strerror(-family));
	}
	*family_out = family;
}

FIXTURE_SETUP(netlink)
{
	__nl_setup(_metadata, &self->fd, &self->family);
}

FIXTURE_TEARDOWN(netlink)
{
	close(self->fd);
}

/* GET_STATUS, asserting success; for checks that the family still works. */
static struct status __status(struct __test_metadata *_metadata, int fd,
			      int family)
{
	struct status st = { 0 };
	struct answer ans;
	struct request req;

	req_init(&req, family, NLM_F_ACK, SIPC_CMD_GET_STATUS);
	ASSERT_EQ(0, send_req(fd, &req, get_status, &st, &ans));
	ASSERT_EQ(0, ans.error) {
		TH_LOG("GET_STATUS: %s: %s", strerror(-ans.error), ans.extack);
	}
	ASSERT_EQ(1, ans.nr_msgs);
	ASSERT_TRUE(st.seen);
	ASSERT_EQ(0, st.missing);
	return st;
}

#define status(fd, family) __status(_metadata, fd, family)
#define assert_alive() status(self->fd, self->family)

TEST_F(netlink, get_status)
{
	struct hook_line lines[MAX_HOOKS];
	struct status st = assert_alive();
	int n = read_securityfs(lines, MAX_HOOKS);

	ASSERT_LT(0, n);
	EXPECT_EQ(SIPC_ABI_VERSION, st.abi);
	EXPECT_EQ(1, st.abi);
	EXPECT_EQ(n, st.hooks);
	/* Several hooks may share a function, but each has one. */
	EXPECT_LT(0, st.funcs);
	EXPECT_GE(st.hooks, st.funcs);
	EXPECT_EQ(access(SIPC_INJECT_PATH, F_OK) == 0, st.inject);
}

TEST_F(netlink, get_hooks_matches_securityfs)
{
	struct hook_line before[MAX_HOOKS];
	static struct hooks dump;
	struct answer ans;
	struct request req;
	int n, i;

	n = read_securityfs(before, MAX_HOOKS);
	ASSERT_LT(0, n);
	memset(&dump, 0, sizeof(dump));
	req_init(&req, self->family, NLM_F_DUMP, SIPC_CMD_GET_HOOKS);
	ASSERT_EQ(0, send_req(self->fd, &req, get_hook, &dump, &ans));
	ASSERT_EQ(0, ans.error) {
		TH_LOG("GET_HOOKS: %s: %s", strerror(-ans.error), ans.extack);
	}
	ASSERT_EQ(0, dump.malformed);
	ASSERT_EQ(n, dump.count);
	for (i = 0; i < n; i++) {
		EXPECT_STREQ(before[i].name, dump.line[i].name);
		EXPECT_GE(dump.line[i].calls, before[i].calls) {
			TH_LOG("%s: calls went back", before[i].name);
		}
		EXPECT_GE(dump.line[i].refused, before[i].refused);
		EXPECT_GE(dump.line[i].calls, dump.line[i].refused);
	}
}

/* The dump reads live counters, not a copy taken at load. */
TEST_F(netlink, get_hooks_counts_live)
{
	static struct hooks a, b;
	struct answer ans;
	struct request req;
	int fds[2], i;
	char c;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	req_init(&req, self->family, NLM_F_DUMP, SIPC_CMD_GET_HOOKS);
	ASSERT_EQ(0, send_req(self->fd, &req, get_hook, &a, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, pipe2(fds, O_CLOEXEC));
	for (i = 0; i < 10; i++) {
		ASSERT_EQ(1, write(fds[1], "x", 1));
		ASSERT_EQ(1, read(fds[0], &c, 1));
	}
	close(fds[0]);
	close(fds[1]);
	req_init(&req, self->family, NLM_F_DUMP, SIPC_CMD_GET_HOOKS);
	ASSERT_EQ(0, send_req(self->fd, &req, get_hook, &b, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(a.count, b.count);
	for (i = 0; i < a.count; i++)
		if (!strcmp(a.line[i].name, "pipe.file_permission"))
			break;
	ASSERT_LT(i, a.count);
	EXPECT_GE(b.line[i].calls, a.line[i].calls + 20);
}

/* Read-only commands need no privilege. */
TEST_F(netlink, unprivileged)
{
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid) {
		struct status st = { 0 };
		struct answer ans;
		struct request req;
		int fd, family;

		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		fd = nl_open();
		family = fd < 0 ? -1 : resolve_family(fd);
		if (family <= 0)
			_exit(11);
		req_init(&req, family, NLM_F_ACK, SIPC_CMD_GET_STATUS);
		if (send_req(fd, &req, get_status, &st, &ans) || ans.error ||
		    !st.seen || st.abi != SIPC_ABI_VERSION)
			_exit(12);
		req_init(&req, family, NLM_F_DUMP, SIPC_CMD_GET_HOOKS);
		if (send_req(fd, &req, NULL, NULL, &ans) || ans.error ||
		    ans.nr_msgs != (int)st.hooks)
			_exit(13);
		_exit(0);
	}
	EXPECT_EQ(0, sipc_wait(pid));
}

TEST_F(netlink, unknown_command)
{
	static const uint8_t cmds[] = { SIPC_CMD_UNSPEC, __SIPC_CMD_LAST, 200 };
	struct answer ans;
	struct request req;
	unsigned int i;

	for (i = 0; i < sizeof(cmds); i++) {
		req_init(&req, self->family, NLM_F_ACK, cmds[i]);
		ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
		EXPECT_EQ(-EOPNOTSUPP, ans.error) {
			TH_LOG("command %u: %s", cmds[i], strerror(-ans.error));
		}
		EXPECT_EQ(0, ans.nr_msgs);
	}
	assert_alive();
}

/* A do command sent as a dump and the other way round. */
TEST_F(netlink, wrong_operation_kind)
{
	struct answer ans;
	struct request req;

	req_init(&req, self->family, NLM_F_DUMP, SIPC_CMD_GET_STATUS);
	ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
	EXPECT_EQ(-EOPNOTSUPP, ans.error);
	EXPECT_EQ(0, ans.nr_msgs);

	req_init(&req, self->family, NLM_F_ACK, SIPC_CMD_GET_HOOKS);
	ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
	EXPECT_EQ(-EOPNOTSUPP, ans.error);
	EXPECT_EQ(0, ans.nr_msgs);
	assert_alive();
}

/* One malformed attribute in a request, and what it must get. */
FIXTURE(attr) {
	int fd;
	int family;
};

FIXTURE_SETUP(attr)
{
	__nl_setup(_metadata, &self->fd, &self->family);
}

FIXTURE_TEARDOWN(attr)
{
	close(self->fd);
}

FIXTURE_VARIANT(attr) {
	uint16_t type;
	const char *data;
	uint16_t len;
	int error;
};

FIXTURE_VARIANT_ADD(attr, u32_too_short) {
	/* SIPC_A_ABI_VERSION is a u32: two bytes are not one */
	.type = SIPC_A_ABI_VERSION, .data = "\x01\x00", .len = 2,
	.error = -EINVAL,
};

FIXTURE_VARIANT_ADD(attr, u32_too_long) {
	.type = SIPC_A_HOOK_COUNT, .data = "\x01\x00\x00\x00\x00\x00\x00\x00",
	.len = 8, .error = -EINVAL,
};

FIXTURE_VARIANT_ADD(attr, u64_as_u32) {
	.type = SIPC_A_HOOK_CALLS, .data = "\x01\x00\x00\x00", .len = 4,
	.error = -EINVAL,
};

FIXTURE_VARIANT_ADD(attr, string_without_nul) {
	.type = SIPC_A_HOOK_NAME, .data = "pipe.file_open", .len = 14,
	.error = -EINVAL,
};

FIXTURE_VARIANT_ADD(attr, string_too_long) {
	/* no NUL within SIPC_HOOK_NAME_MAX bytes: -EINVAL, not -ERANGE */
	.type = SIPC_A_HOOK_NAME,
	.data = "0123456789012345678901234567890123456789012345678901234",
	.len = 56, .error = -EINVAL,
};

FIXTURE_VARIANT_ADD(attr, string_padded_too_long) {
	/* a short name in too long an attribute */
	.type = SIPC_A_HOOK_NAME,
	.data = "pipe.file_open\0.........................................",
	.len = 56, .error = -ERANGE,
};

FIXTURE_VARIANT_ADD(attr, flag_out_of_range) {
	/* SIPC_A_INJECT is 0 or 1 */
	.type = SIPC_A_INJECT, .data = "\x02", .len = 1, .error = -ERANGE,
};

FIXTURE_VARIANT_ADD(attr, pad_in_request) {
	.type = SIPC_A_PAD, .data = "\0\0\0\0", .len = 4, .error = -EINVAL,
};

FIXTURE_VARIANT_ADD(attr, unknown_attribute) {
	.type = __SIPC_A_LAST, .data = "\0\0\0\0", .len = 4, .error = -EINVAL,
};

FIXTURE_VARIANT_ADD(attr, type_zero) {
	.type = SIPC_A_UNSPEC, .data = "\0\0\0\0", .len = 4, .error = -EINVAL,
};

FIXTURE_VARIANT_ADD(attr, nested_flag_on_u32) {
	.type = SIPC_A_ABI_VERSION | NLA_F_NESTED, .data = "\1\0\0\0",
	.len = 4, .error = -EINVAL,
};

/*
 * Well-formed attributes the command does not use are ignored (see the
 * uapi header): this variant proves that the others fail for their form.
 */
FIXTURE_VARIANT_ADD(attr, well_formed) {
	.type = SIPC_A_ABI_VERSION, .data = "\1\0\0\0", .len = 4, .error = 0,
};

/* Both commands, do and dump, validate the same way. */
TEST_F(attr, malformed)
{
	static const struct {
		uint8_t cmd;
		uint16_t flags;
	} ops[] = {
		{ SIPC_CMD_GET_STATUS, NLM_F_ACK },
		{ SIPC_CMD_GET_HOOKS, NLM_F_DUMP },
	};
	struct answer ans;
	struct request req;
	unsigned int i;
	int off;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		req_init(&req, self->family, ops[i].flags, ops[i].cmd);
		off = req_put(&req, variant->type, variant->data, variant->len);
		ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
		EXPECT_EQ(variant->error, ans.error) {
			TH_LOG("command %u: got %d (%s), extack \"%s\"",
			       ops[i].cmd, ans.error, strerror(-ans.error),
			       ans.extack);
		}
		if (!variant->error) {
			EXPECT_LT(0, ans.nr_msgs);
			continue;
		}
		EXPECT_EQ(0, ans.nr_msgs);
		/* The kernel says why, and points at the attribute. */
		EXPECT_NE(0, ans.extack[0]);
		EXPECT_EQ(off, ans.bad_offset);
		TH_LOG("command %u: %s: \"%s\"", ops[i].cmd,
		       strerror(-ans.error), ans.extack);
	}
	assert_alive();
}

TEST_F(netlink, reserved_header_field)
{
	struct answer ans;
	struct request req;

	req_init(&req, self->family, NLM_F_ACK, SIPC_CMD_GET_STATUS);
	req.genl.reserved = 1;
	ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
	EXPECT_EQ(-EINVAL, ans.error);
	EXPECT_NE(0, ans.extack[0]);
	EXPECT_EQ(0, ans.nr_msgs);
	assert_alive();
}

TEST_F(netlink, reserved_nlmsg_flags)
{
	struct answer ans;
	struct request req;

	req_init(&req, self->family, NLM_F_ACK | NLM_F_EXCL,
		 SIPC_CMD_GET_STATUS);
	ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
	EXPECT_EQ(-EINVAL, ans.error);
	EXPECT_NE(0, ans.extack[0]);
	EXPECT_EQ(0, ans.nr_msgs);
	assert_alive();
}

/* A message that ends inside the genetlink header. */
TEST_F(netlink, truncated_genl_header)
{
	struct answer ans;
	struct request req;

	req_init(&req, self->family, NLM_F_ACK, SIPC_CMD_GET_STATUS);
	req.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN - 2);
	ASSERT_EQ(0, transact(self->fd, &req, req.nlh.nlmsg_len,
			      req.nlh.nlmsg_seq, NULL, NULL, &ans));
	EXPECT_EQ(-EINVAL, ans.error);
	EXPECT_EQ(0, ans.nr_msgs);
	assert_alive();
}

/*
 * A netlink header that claims more bytes than were sent: the netlink
 * core drops it without an answer, and nothing else happens.
 */
TEST_F(netlink, truncated_nlmsg)
{
	struct timeval tv = { .tv_usec = 300000 };
	struct answer ans;
	struct request req;
	int ret;

	req_init(&req, self->family, NLM_F_ACK, SIPC_CMD_GET_STATUS);
	req.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + 64;
	ASSERT_EQ(0, setsockopt(self->fd, SOL_SOCKET, SO_RCVTIMEO, &tv,
				sizeof(tv)));
	ret = transact(self->fd, &req, NLMSG_LENGTH(GENL_HDRLEN),
		       req.nlh.nlmsg_seq, NULL, NULL, &ans);
	EXPECT_EQ(-EAGAIN, ret) {
		TH_LOG("an answer came: error %d, %d messages", ans.error,
		       ans.nr_msgs);
	}
	tv.tv_sec = 5;
	tv.tv_usec = 0;
	ASSERT_EQ(0, setsockopt(self->fd, SOL_SOCKET, SO_RCVTIMEO, &tv,
				sizeof(tv)));
	assert_alive();
}

/* Bytes that are no attributes at all: some left over, lengths wrong. */
TEST_F(netlink, garbage_payload)
{
	struct answer ans;
	struct request req;
	unsigned int seed = 1, i, j, len;
	char junk[64];

	for (i = 0; i < 200; i++) {
		len = 1 + rand_r(&seed) % sizeof(junk);
		for (j = 0; j < len; j++)
			junk[j] = rand_r(&seed);
		/* Every other one a dump. */
		req_init(&req, self->family, i % 2 ? NLM_F_DUMP : NLM_F_ACK,
			 i % 2 ? SIPC_CMD_GET_HOOKS : SIPC_CMD_GET_STATUS);
		memcpy(req.attrs, junk, len);
		req.nlh.nlmsg_len += len;
		ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
		EXPECT_EQ(-EINVAL, ans.error) {
			TH_LOG("payload %u (%u bytes): %d", i, len, ans.error);
		}
		EXPECT_EQ(0, ans.nr_msgs);
	}
	assert_alive();
}

/*
 * The order in which a request is checked, as userspace sees it: the
 * genetlink header first, then the command, then whether it is a do or
 * a dump, then the attributes.  A request wrong in several ways gets the
 * error of the first check.
 */
TEST_F(netlink, validation_order)
{
	const char bad_u32[2] = { 1, 0 };
	struct answer ans;
	struct request req;

	/* header (reserved field) before command */
	req_init(&req, self->family, NLM_F_ACK, 200);
	req.genl.reserved = 1;
	req_put(&req, SIPC_A_ABI_VERSION, bad_u32, sizeof(bad_u32));
	ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
	EXPECT_EQ(-EINVAL, ans.error);
	EXPECT_EQ(-1, ans.bad_offset);

	/* command before attributes */
	req_init(&req, self->family, NLM_F_ACK, 200);
	req_put(&req, SIPC_A_ABI_VERSION, bad_u32, sizeof(bad_u32));
	ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
	EXPECT_EQ(-EOPNOTSUPP, ans.error);

	/* do or dump before attributes */
	req_init(&req, self->family, NLM_F_DUMP, SIPC_CMD_GET_STATUS);
	req_put(&req, SIPC_A_ABI_VERSION, bad_u32, sizeof(bad_u32));
	ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
	EXPECT_EQ(-EOPNOTSUPP, ans.error);

	/* the first bad attribute is the one reported */
	req_init(&req, self->family, NLM_F_ACK, SIPC_CMD_GET_STATUS);
	req_put(&req, SIPC_A_ABI_VERSION, "\1\0\0\0", 4);
	{
		int first = req_put(&req, SIPC_A_INJECT, "\2", 1);

		req_put(&req, SIPC_A_ABI_VERSION, bad_u32, sizeof(bad_u32));
		ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
		EXPECT_EQ(-ERANGE, ans.error);
		EXPECT_EQ(first, ans.bad_offset);
	}
	assert_alive();
}

/*
 * The policy: compiled policies built here, byte by byte, so that the
 * kernel's checks are tested against the uapi header alone, and the
 * load transaction driven command by command.
 */

/* Permissions of each class, from the uapi header. */
static const uint32_t class_perms[__SIPC_CLASS_LAST] = {
	[SIPC_CLASS_PIPE] = SIPC_PERMS_PIPE,
	[SIPC_CLASS_FIFO] = SIPC_PERMS_FIFO,
	[SIPC_CLASS_UNIX_STREAM] = SIPC_PERMS_UNIX_STREAM,
	[SIPC_CLASS_UNIX_DGRAM] = SIPC_PERMS_UNIX_DGRAM,
	[SIPC_CLASS_UNIX_SEQPACKET] = SIPC_PERMS_UNIX_SEQPACKET,
	[SIPC_CLASS_MSGQ] = SIPC_PERMS_MSGQ,
	[SIPC_CLASS_SHM] = SIPC_PERMS_SHM,
	[SIPC_CLASS_SEM] = SIPC_PERMS_SEM,
	[SIPC_CLASS_MQUEUE] = SIPC_PERMS_MQUEUE,
	[SIPC_CLASS_SIGNAL] = SIPC_PERMS_SIGNAL,
	[SIPC_CLASS_MESSAGE] = SIPC_PERMS_MESSAGE,
};

#define ALIGN8(x)	(((x) + 7) & ~(size_t)7)

/*
 * A compiled policy with @nr_roles roles named "r1".. (no match rules,
 * so no process gets one) and @nr_rules distinct rules: rule i is
 * (role i % R + 1, role i / R % R + 1, class i / R^2 % SIPC_CLASS_MAX + 1) with all
 * of that class's permissions.  Sections: STRINGS, ROLES, RULES.
 */
struct blob {
	char *data;
	size_t size;
	struct sipc_policy_header *hdr;
	struct sipc_policy_section *sec;	/* [0] strings [1] roles [2] rules */
	struct sipc_policy_role *roles;
	struct sipc_policy_rule *rules;
	char *strings;
};

static void rule_of(unsigned int i, unsigned int nr_roles,
		    struct sipc_policy_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->subject = i % nr_roles + 1;
	r->object = i / nr_roles % nr_roles + 1;
	r->class = i / (nr_roles * nr_roles) % SIPC_CLASS_MAX + 1;
	r->perms = class_perms[r->class];
}

/*
 * The same with a MATCHES section of one entry: processes that exec with
 * effective uid @uid get role @role.
 */
static int blob_build_match(struct blob *b, unsigned int nr_roles,
			    unsigned int nr_rules, uint32_t role, uint32_t uid);

static int blob_build(struct blob *b, unsigned int nr_roles,
		      unsigned int nr_rules)
{
	return blob_build_match(b, nr_roles, nr_rules, 0, 0);
}

static int blob_build_match(struct blob *b, unsigned int nr_roles,
			    unsigned int nr_rules, uint32_t role, uint32_t uid)
{
	size_t strings_size = 1, off, i;
	size_t strings_off, roles_off, rules_off, match_off;
	unsigned int nr_sections = role ? 4 : 3;
	char *p;

	for (i = 1; i <= nr_roles; i++)
		strings_size += snprintf(NULL, 0, "r%zu", i) + 1;
	off = sizeof(*b->hdr) + nr_sections * sizeof(*b->sec);
	strings_off = ALIGN8(off);
	roles_off = ALIGN8(strings_off + strings_size);
	rules_off = ALIGN8(roles_off + nr_roles * sizeof(*b->roles));
	match_off = ALIGN8(rules_off + nr_rules * sizeof(*b->rules));
	b->size = role ? match_off + sizeof(struct sipc_policy_match) :
		  rules_off + nr_rules * sizeof(*b->rules);
	b->data = calloc(1, b->size);
	if (!b->data)
		return -ENOMEM;
	b->hdr = (void *)b->data;
	b->sec = (void *)(b->data + sizeof(*b->hdr));
	b->strings = b->data + strings_off;
	b->roles = (void *)(b->data + roles_off);
	b->rules = (void *)(b->data + rules_off);
	*b->hdr = (struct sipc_policy_header){
		.magic = SIPC_POLICY_MAGIC, .version = SIPC_POLICY_VERSION,
		.size = b->size, .mode = SIPC_MODE_ENFORCE,
		.nr_sections = nr_sections,
	};
	b->sec[0] = (struct sipc_policy_section){ SIPC_SECTION_STRINGS,
		strings_off, strings_size, 1 };
	b->sec[1] = (struct sipc_policy_section){ SIPC_SECTION_ROLES,
		roles_off, nr_roles, sizeof(*b->roles) };
	b->sec[2] = (struct sipc_policy_section){ SIPC_SECTION_RULES,
		rules_off, nr_rules, sizeof(*b->rules) };
	if (role) {
		struct sipc_policy_match *m = (void *)(b->data + match_off);

		b->sec[3] = (struct sipc_policy_section){ SIPC_SECTION_MATCHES,
			match_off, 1, sizeof(*m) };
		m->role = role;
		m->flags = SIPC_MATCH_UID;
		m->uid = uid;
	}
	p = b->strings + 1;
	for (i = 1; i <= nr_roles; i++) {
		b->roles[i - 1].name = p - b->strings;
		b->roles[i - 1].mode = SIPC_MODE_GLOBAL;
		p += sprintf(p, "r%zu", i) + 1;
	}
	for (i = 0; i < nr_rules; i++)
		rule_of(i, nr_roles, &b->rules[i]);
	return 0;
}

static void blob_free(struct blob *b)
{
	free(b->data);
	b->data = NULL;
}

/* A do command with one optional u32 attribute; the answer in @ans. */
static int cmd_u32(int fd, int family, uint8_t cmd, uint16_t type,
		   uint32_t value, msg_fn fn, void *arg, struct answer *ans)
{
	struct request req;

	req_init(&req, family, NLM_F_ACK, cmd);
	if (type)
		req_put(&req, type, &value, sizeof(value));
	return send_req(fd, &req, fn, arg, ans);
}

static int load_begin(int fd, int family, uint32_t size, struct answer *ans)
{
	return cmd_u32(fd, family, SIPC_CMD_LOAD_BEGIN, SIPC_A_LOAD_SIZE, size,
		       NULL, NULL, ans);
}

static int load_chunk(int fd, int family, uint32_t off, const void *data,
		      uint32_t len, struct answer *ans)
{
	static struct request req;

	req_init(&req, family, NLM_F_ACK, SIPC_CMD_LOAD_CHUNK);
	req_put(&req, SIPC_A_LOAD_OFFSET, &off, sizeof(off));
	req_put(&req, SIPC_A_LOAD_DATA, data, len);
	return send_req(fd, &req, NULL, NULL, ans);
}

struct commit {
	bool seen;
	uint32_t gen, roles, rules;
};

static void get_commit(struct nlattr **tb, void *arg)
{
	struct commit *c = arg;

	if (!tb[SIPC_A_POLICY_GEN] || !tb[SIPC_A_POLICY_ROLES] ||
	    !tb[SIPC_A_POLICY_RULES])
		return;
	c->seen = true;
	c->gen = *(uint32_t *)nla_payload(tb[SIPC_A_POLICY_GEN]);
	c->roles = *(uint32_t *)nla_payload(tb[SIPC_A_POLICY_ROLES]);
	c->rules = *(uint32_t *)nla_payload(tb[SIPC_A_POLICY_RULES]);
}

static int load_commit(int fd, int family, struct commit *c,
		       struct answer *ans)
{
	memset(c, 0, sizeof(*c));
	return cmd_u32(fd, family, SIPC_CMD_LOAD_COMMIT, 0, 0, get_commit, c,
		       ans);
}

/*
 * The whole transaction; the answer of the first command that failed,
 * or of the commit.  Returns -errno when the socket failed.
 */
static int load_blob(int fd, int family, const void *blob, size_t size,
		     struct commit *c, struct answer *ans)
{
	size_t off, len;
	int ret;

	memset(c, 0, sizeof(*c));
	ret = load_begin(fd, family, size, ans);
	if (ret || ans->error)
		return ret;
	for (off = 0; off < size; off += len) {
		len = size - off < SIPC_LOAD_CHUNK_MAX ? size - off :
		      SIPC_LOAD_CHUNK_MAX;
		ret = load_chunk(fd, family, off, (const char *)blob + off,
				 len, ans);
		if (ret || ans->error)
			return ret;
	}
	return load_commit(fd, family, c, ans);
}

FIXTURE(load) {
	int fd;
	int family;
	struct blob blob;
};

FIXTURE_SETUP(load)
{
	__nl_setup(_metadata, &self->fd, &self->family);
	ASSERT_EQ(0, blob_build(&self->blob, 3, 5));
}

FIXTURE_TEARDOWN(load)
{
	struct answer ans;

	/* Whatever a test left open, end it. */
	cmd_u32(self->fd, self->family, SIPC_CMD_LOAD_ABORT, 0, 0, NULL, NULL,
		&ans);
	blob_free(&self->blob);
	close(self->fd);
}

#define gen_now()	(status(self->fd, self->family).gen)

/* An answer that failed with @err, said why, and changed no policy. */
#define EXPECT_REFUSED(err, ans, gen_before) do {			\
	EXPECT_EQ(err, (ans).error) {					\
		TH_LOG("got %d (%s): \"%s\"", (ans).error,		\
		       strerror(-(ans).error), (ans).extack);		\
	}								\
	EXPECT_NE(0, (ans).extack[0]);					\
	EXPECT_EQ(0, (ans).nr_msgs);					\
	EXPECT_EQ(gen_before, gen_now());				\
} while (0)

/* A message of the module's own, not one of the netlink core's. */
#define EXPECT_SIPC_MSG(ans)						\
	EXPECT_EQ(0, strncmp((ans).extack, "sipc: ", 6)) {		\
		TH_LOG("message without the prefix: \"%s\"",		\
		       (ans).extack);					\
	}

TEST_F(load, loads)
{
	struct answer ans;
	struct commit c;
	struct status st;
	uint32_t gen = gen_now();

	ASSERT_EQ(0, load_blob(self->fd, self->family, self->blob.data,
			       self->blob.size, &c, &ans));
	ASSERT_EQ(0, ans.error) {
		TH_LOG("%s: \"%s\"", strerror(-ans.error), ans.extack);
	}
	ASSERT_TRUE(c.seen);
	EXPECT_EQ(gen + 1, c.gen);
	EXPECT_EQ(4, c.roles);
	EXPECT_EQ(5, c.rules);
	st = assert_alive();
	EXPECT_EQ(c.gen, st.gen);
	EXPECT_EQ(4, st.roles);
	EXPECT_EQ(5, st.rules);
	EXPECT_EQ(SIPC_MODE_ENFORCE, st.mode);
	EXPECT_EQ(__SIPC_STAT_LAST, st.nr_stats);
	EXPECT_EQ(0, st.missing);
}

TEST_F(load, begin_missing_size)
{
	uint32_t gen = gen_now();
	struct answer ans;

	ASSERT_EQ(0, cmd_u32(self->fd, self->family, SIPC_CMD_LOAD_BEGIN, 0, 0,
			     NULL, NULL, &ans));
	EXPECT_REFUSED(-EINVAL, ans, gen);
}

TEST_F(load, begin_size_out_of_range)
{
	uint32_t gen = gen_now();
	struct answer ans;

	ASSERT_EQ(0, load_begin(self->fd, self->family, 0, &ans));
	EXPECT_REFUSED(-ERANGE, ans, gen);
	ASSERT_EQ(0, load_begin(self->fd, self->family,
				SIPC_POLICY_SIZE_MAX + 1, &ans));
	EXPECT_REFUSED(-ERANGE, ans, gen);
	/* Nothing was begun: a chunk has no transaction to go to. */
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 0, "x", 1, &ans));
	EXPECT_REFUSED(-ENOENT, ans, gen);
}

TEST_F(load, begin_size_wrong_type)
{
	uint32_t gen = gen_now();
	struct answer ans;
	struct request req;
	uint16_t size = 100;

	req_init(&req, self->family, NLM_F_ACK, SIPC_CMD_LOAD_BEGIN);
	req_put(&req, SIPC_A_LOAD_SIZE, &size, sizeof(size));
	ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
	EXPECT_REFUSED(-EINVAL, ans, gen);
}

/* The largest size is accepted (and its memory freed by the abort). */
TEST_F(load, begin_size_max)
{
	struct answer ans;

	ASSERT_EQ(0, load_begin(self->fd, self->family, SIPC_POLICY_SIZE_MAX,
				&ans));
	EXPECT_EQ(0, ans.error) {
		TH_LOG("%s: \"%s\"", strerror(-ans.error), ans.extack);
	}
}

TEST_F(load, chunk_without_begin)
{
	uint32_t gen = gen_now();
	struct answer ans;

	ASSERT_EQ(0, load_chunk(self->fd, self->family, 0, self->blob.data, 8,
				&ans));
	EXPECT_REFUSED(-ENOENT, ans, gen);
}

TEST_F(load, chunk_missing_attributes)
{
	uint32_t gen = gen_now(), off = 0;
	struct answer ans;
	struct request req;

	ASSERT_EQ(0, load_begin(self->fd, self->family, self->blob.size, &ans));
	ASSERT_EQ(0, ans.error);
	req_init(&req, self->family, NLM_F_ACK, SIPC_CMD_LOAD_CHUNK);
	req_put(&req, SIPC_A_LOAD_OFFSET, &off, sizeof(off));
	ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
	EXPECT_REFUSED(-EINVAL, ans, gen);
	req_init(&req, self->family, NLM_F_ACK, SIPC_CMD_LOAD_CHUNK);
	req_put(&req, SIPC_A_LOAD_DATA, self->blob.data, 8);
	ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
	EXPECT_REFUSED(-EINVAL, ans, gen);
	/* An empty chunk carries nothing: refused too. */
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 0, "", 0, &ans));
	EXPECT_REFUSED(-EINVAL, ans, gen);
	EXPECT_SIPC_MSG(ans);
}

TEST_F(load, chunk_too_big)
{
	static char big[SIPC_LOAD_CHUNK_MAX + 1];
	uint32_t gen = gen_now();
	struct answer ans;

	ASSERT_EQ(0, load_begin(self->fd, self->family, sizeof(big), &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 0, big, sizeof(big),
				&ans));
	/* A wrong length: -EINVAL, as the uapi header says. */
	EXPECT_REFUSED(-EINVAL, ans, gen);
	EXPECT_SIPC_MSG(ans);
	/* Exactly the maximum is fine. */
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 0, big,
				SIPC_LOAD_CHUNK_MAX, &ans));
	EXPECT_EQ(0, ans.error);
}

/* A misplaced chunk is refused and changes nothing: the right one goes on. */
TEST_F(load, chunk_wrong_offset)
{
	const char *d = self->blob.data;
	uint32_t gen = gen_now();
	struct answer ans;
	struct commit c;

	ASSERT_EQ(0, load_begin(self->fd, self->family, self->blob.size, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 8, d + 8, 8, &ans));
	EXPECT_REFUSED(-EINVAL, ans, gen);
	EXPECT_SIPC_MSG(ans);
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 0, d, 16, &ans));
	ASSERT_EQ(0, ans.error);
	/* again at 0: overlaps what arrived */
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 0, d, 16, &ans));
	EXPECT_REFUSED(-EINVAL, ans, gen);
	EXPECT_SIPC_MSG(ans);
	/* past the announced size */
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 16, d + 16,
				self->blob.size - 16 + 1, &ans));
	EXPECT_REFUSED(-EINVAL, ans, gen);
	EXPECT_SIPC_MSG(ans);
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 16, d + 16,
				self->blob.size - 16, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, load_commit(self->fd, self->family, &c, &ans));
	EXPECT_EQ(0, ans.error) {
		TH_LOG("%s: \"%s\"", strerror(-ans.error), ans.extack);
	}
	EXPECT_EQ(gen + 1, c.gen);
}

TEST_F(load, commit_incomplete)
{
	uint32_t gen = gen_now();
	struct answer ans;
	struct commit c;

	ASSERT_EQ(0, load_begin(self->fd, self->family, self->blob.size, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 0, self->blob.data,
				self->blob.size - 1, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, load_commit(self->fd, self->family, &c, &ans));
	EXPECT_REFUSED(-EINVAL, ans, gen);
	TH_LOG("incomplete: \"%s\"", ans.extack);
	/* The commit ended the transaction. */
	ASSERT_EQ(0, load_chunk(self->fd, self->family, self->blob.size - 1,
				self->blob.data + self->blob.size - 1, 1, &ans));
	EXPECT_REFUSED(-ENOENT, ans, gen);
	ASSERT_EQ(0, load_commit(self->fd, self->family, &c, &ans));
	EXPECT_REFUSED(-ENOENT, ans, gen);
}

TEST_F(load, commit_without_begin)
{
	uint32_t gen = gen_now();
	struct answer ans;
	struct commit c;

	ASSERT_EQ(0, load_commit(self->fd, self->family, &c, &ans));
	EXPECT_REFUSED(-ENOENT, ans, gen);
}

TEST_F(load, commit_garbage)
{
	uint32_t gen = gen_now();
	unsigned int seed = 7, i;
	struct answer ans;
	struct commit c;
	char junk[4096];

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = rand_r(&seed);
	ASSERT_EQ(0, load_blob(self->fd, self->family, junk, sizeof(junk), &c,
			       &ans));
	EXPECT_REFUSED(-EINVAL, ans, gen);
	TH_LOG("garbage: \"%s\"", ans.extack);
	/* The failed commit ended the transaction. */
	ASSERT_EQ(0, load_commit(self->fd, self->family, &c, &ans));
	EXPECT_REFUSED(-ENOENT, ans, gen);
}

TEST_F(load, abort)
{
	uint32_t gen = gen_now();
	struct answer ans;
	struct commit c;

	ASSERT_EQ(0, load_begin(self->fd, self->family, self->blob.size, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 0, self->blob.data,
				self->blob.size, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, cmd_u32(self->fd, self->family, SIPC_CMD_LOAD_ABORT, 0, 0,
			     NULL, NULL, &ans));
	EXPECT_EQ(0, ans.error);
	ASSERT_EQ(0, load_commit(self->fd, self->family, &c, &ans));
	EXPECT_REFUSED(-ENOENT, ans, gen);
	ASSERT_EQ(0, cmd_u32(self->fd, self->family, SIPC_CMD_LOAD_ABORT, 0, 0,
			     NULL, NULL, &ans));
	EXPECT_REFUSED(-ENOENT, ans, gen);
}

/* BEGIN again from the owner starts over. */
TEST_F(load, begin_again)
{
	uint32_t gen = gen_now();
	struct answer ans;
	struct commit c;

	ASSERT_EQ(0, load_begin(self->fd, self->family, 100, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 0, "junk", 4, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, load_blob(self->fd, self->family, self->blob.data,
			       self->blob.size, &c, &ans));
	EXPECT_EQ(0, ans.error) {
		TH_LOG("%s: \"%s\"", strerror(-ans.error), ans.extack);
	}
	EXPECT_EQ(gen + 1, c.gen);
}

/* One socket's transaction: every other socket gets -EBUSY. */
TEST_F(load, other_socket_busy)
{
	uint32_t gen = gen_now();
	struct answer ans;
	struct commit c;
	int fd2, family2;

	__nl_setup(_metadata, &fd2, &family2);
	ASSERT_EQ(0, load_begin(self->fd, self->family, self->blob.size, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, load_begin(fd2, family2, self->blob.size, &ans));
	EXPECT_REFUSED(-EBUSY, ans, gen);
	ASSERT_EQ(0, load_chunk(fd2, family2, 0, self->blob.data, 8, &ans));
	EXPECT_REFUSED(-EBUSY, ans, gen);
	ASSERT_EQ(0, load_commit(fd2, family2, &c, &ans));
	EXPECT_REFUSED(-EBUSY, ans, gen);
	ASSERT_EQ(0, cmd_u32(fd2, family2, SIPC_CMD_LOAD_ABORT, 0, 0, NULL,
			     NULL, &ans));
	EXPECT_REFUSED(-EBUSY, ans, gen);
	/* The owner's transaction went on untouched. */
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 0, self->blob.data,
				self->blob.size, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, load_commit(self->fd, self->family, &c, &ans));
	EXPECT_EQ(0, ans.error);
	EXPECT_EQ(gen + 1, c.gen);
	/* And then the other socket may load. */
	ASSERT_EQ(0, load_blob(fd2, family2, self->blob.data, self->blob.size,
			       &c, &ans));
	EXPECT_EQ(0, ans.error);
	EXPECT_EQ(gen + 2, c.gen);
	close(fd2);
}

/* Closing the socket mid-transaction ends it. */
TEST_F(load, close_ends_transaction)
{
	uint32_t gen = gen_now();
	struct answer ans;
	struct commit c;
	int fd2, family2;

	__nl_setup(_metadata, &fd2, &family2);
	ASSERT_EQ(0, load_begin(fd2, family2, self->blob.size, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, load_chunk(fd2, family2, 0, self->blob.data, 8, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, load_begin(self->fd, self->family, self->blob.size, &ans));
	EXPECT_EQ(-EBUSY, ans.error);
	close(fd2);
	EXPECT_EQ(gen, gen_now());
	ASSERT_EQ(0, load_blob(self->fd, self->family, self->blob.data,
			       self->blob.size, &c, &ans));
	EXPECT_EQ(0, ans.error) {
		TH_LOG("%s: \"%s\"", strerror(-ans.error), ans.extack);
	}
	EXPECT_EQ(gen + 1, c.gen);
}

/* A process killed mid-transaction: its socket closes, same result. */
TEST_F(load, killed_owner)
{
	uint32_t gen = gen_now();
	int sync[2], fd2, family2;
	struct answer ans;
	struct commit c;
	pid_t pid;
	char x;

	ASSERT_EQ(0, pipe2(sync, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct answer a;

		fd2 = nl_open();
		family2 = fd2 < 0 ? -1 : resolve_family(fd2);
		if (family2 <= 0 || load_begin(fd2, family2, 64, &a) || a.error)
			_exit(1);
		if (write(sync[1], "x", 1) != 1)
			_exit(2);
		pause();
		_exit(0);
	}
	close(sync[1]);
	ASSERT_EQ(1, read(sync[0], &x, 1));
	close(sync[0]);
	ASSERT_EQ(0, load_begin(self->fd, self->family, self->blob.size, &ans));
	EXPECT_EQ(-EBUSY, ans.error);
	kill(pid, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, sipc_wait(pid));
	ASSERT_EQ(0, load_blob(self->fd, self->family, self->blob.data,
			       self->blob.size, &c, &ans));
	EXPECT_EQ(0, ans.error);
	EXPECT_EQ(gen + 1, c.gen);
}

/* Drop CAP_MAC_ADMIN from this process, keeping everything else. */
static int drop_mac_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[CAP_MAC_ADMIN / 32].effective &= ~(1U << (CAP_MAC_ADMIN % 32));
	data[CAP_MAC_ADMIN / 32].permitted &= ~(1U << (CAP_MAC_ADMIN % 32));
	data[CAP_MAC_ADMIN / 32].inheritable &= ~(1U << (CAP_MAC_ADMIN % 32));
	if (syscall(SYS_capset, &hdr, data))
		return -errno;
	return 0;
}

/*
 * Every admin command without CAP_MAC_ADMIN: -EPERM, with the message,
 * and nothing changes.  Child exit status: 0, or the step that failed.
 */
static int unprivileged_admin(int fd, int family, const struct blob *b)
{
	struct answer ans;
	struct request req;
	struct commit c;
	uint32_t mode = SIPC_MODE_PERMISSIVE;

	if (load_begin(fd, family, b->size, &ans) || ans.error != -EPERM ||
	    !strstr(ans.extack, "CAP_MAC_ADMIN"))
		return 20;
	if (load_chunk(fd, family, 0, b->data, 8, &ans) || ans.error != -EPERM)
		return 21;
	if (load_commit(fd, family, &c, &ans) || ans.error != -EPERM)
		return 22;
	if (cmd_u32(fd, family, SIPC_CMD_LOAD_ABORT, 0, 0, NULL, NULL, &ans) ||
	    ans.error != -EPERM)
		return 23;
	if (cmd_u32(fd, family, SIPC_CMD_SET_MODE, SIPC_A_MODE, mode, NULL,
		    NULL, &ans) || ans.error != -EPERM)
		return 24;
	req_init(&req, family, NLM_F_ACK, SIPC_CMD_SET_MODE);
	req_put(&req, SIPC_A_MODE, &mode, sizeof(mode));
	req_put(&req, SIPC_A_ROLE_NAME, "r1", 3);
	if (send_req(fd, &req, NULL, NULL, &ans) || ans.error != -EPERM)
		return 25;
	/* Reading needs no privilege. */
	req_init(&req, family, NLM_F_DUMP, SIPC_CMD_GET_ROLES);
	if (send_req(fd, &req, NULL, NULL, &ans) || ans.error ||
	    ans.nr_msgs < 1)
		return 26;
	return 0;
}

/* The same as the load fixture, for the two ways to lack the capability. */
FIXTURE(unpriv) {
	int fd;
	int family;
	struct blob blob;
};

FIXTURE_VARIANT(unpriv) {
	bool setuid_nobody;
};

FIXTURE_VARIANT_ADD(unpriv, root_without_mac_admin) {
	.setuid_nobody = false,
};

FIXTURE_VARIANT_ADD(unpriv, nobody) {
	.setuid_nobody = true,
};

FIXTURE_SETUP(unpriv)
{
	__nl_setup(_metadata, &self->fd, &self->family);
	ASSERT_EQ(0, blob_build(&self->blob, 3, 5));
}

FIXTURE_TEARDOWN(unpriv)
{
	struct answer ans;

	cmd_u32(self->fd, self->family, SIPC_CMD_LOAD_ABORT, 0, 0, NULL, NULL,
		&ans);
	blob_free(&self->blob);
	close(self->fd);
}

TEST_F(unpriv, admin_commands)
{
	struct status before, after;
	struct answer ans;
	struct commit c;
	pid_t pid;

	ASSERT_EQ(0, load_blob(self->fd, self->family, self->blob.data,
			       self->blob.size, &c, &ans));
	ASSERT_EQ(0, ans.error);
	before = assert_alive();
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int fd, family;

		if (variant->setuid_nobody) {
			if (setresgid(65534, 65534, 65534) ||
			    setresuid(65534, 65534, 65534))
				_exit(10);
		} else if (drop_mac_admin()) {
			_exit(11);
		}
		fd = nl_open();
		family = fd < 0 ? -1 : resolve_family(fd);
		if (family <= 0)
			_exit(12);
		_exit(unprivileged_admin(fd, family, &self->blob));
	}
	EXPECT_EQ(0, sipc_wait(pid));
	after = assert_alive();
	EXPECT_EQ(before.gen, after.gen);
	EXPECT_EQ(before.mode, after.mode);
	/* No transaction was left behind: this socket may start one. */
	ASSERT_EQ(0, load_begin(self->fd, self->family, 64, &ans));
	EXPECT_EQ(0, ans.error);
}

/*
 * A socket opened by a privileged process and handed to an unprivileged
 * one: the sender lacks the capability, so -EPERM too.
 */
TEST_F(load, unprivileged_sender_privileged_socket)
{
	uint32_t gen = gen_now();
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid) {
		struct answer ans;

		if (drop_mac_admin())
			_exit(11);
		if (load_begin(self->fd, self->family, 64, &ans) ||
		    ans.error != -EPERM)
			_exit(12);
		_exit(0);
	}
	EXPECT_EQ(0, sipc_wait(pid));
	EXPECT_EQ(gen, gen_now());
}

/* Raise or lower CAP_MAC_ADMIN in the effective set only; 0 or -errno. */
static int mac_admin_effective(bool on)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	uint32_t bit = 1U << (CAP_MAC_ADMIN % 32);

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	if (on)
		data[CAP_MAC_ADMIN / 32].effective |= bit;
	else
		data[CAP_MAC_ADMIN / 32].effective &= ~bit;
	if (syscall(SYS_capset, &hdr, data))
		return -errno;
	return 0;
}

/* LOAD_BEGIN sent with send() or with sendto(); the answer's error. */
static int begin_via(int fd, int family, bool addressed)
{
	struct answer ans;
	struct request req;
	uint32_t size = 64;
	int ret;

	req_init(&req, family, NLM_F_ACK, SIPC_CMD_LOAD_BEGIN);
	req_put(&req, SIPC_A_LOAD_SIZE, &size, sizeof(size));
	ret = transact_via(fd, &req, req.nlh.nlmsg_len, req.nlh.nlmsg_seq,
			   NULL, NULL, &ans, addressed);
	if (ret)
		return ret;
	if (ans.error == -EPERM && !strstr(ans.extack, "CAP_MAC_ADMIN"))
		return -EBADMSG;
	if (!ans.error)
		cmd_u32(fd, family, SIPC_CMD_LOAD_ABORT, 0, 0, NULL, NULL,
			&ans);
	return ans.error;
}

/*
 * A socket opened while CAP_MAC_ADMIN was not effective, used by the
 * same process once it is again: the opener lacked the capability, so
 * -EPERM whether the request goes by send() or by sendto() with the
 * kernel's address.  netlink_capable() skips the opener on the second
 * path (the core's NETLINK_SKB_DST): it once let LOAD_BEGIN through.
 * A socket opened with the capability works both ways, which shows the
 * two paths reach the command.
 */
TEST(admin_opener_needs_capability)
{
	int weak, strong, family;

	ASSERT_EQ(0, mac_admin_effective(false));
	weak = nl_open();
	ASSERT_EQ(0, mac_admin_effective(true));
	ASSERT_LE(0, weak);
	family = resolve_family(weak);
	ASSERT_LT(0, family);
	strong = nl_open();
	ASSERT_LE(0, strong);

	EXPECT_EQ(0, begin_via(strong, family, false));
	EXPECT_EQ(0, begin_via(strong, family, true));
	EXPECT_EQ(-EPERM, begin_via(weak, family, false));
	EXPECT_EQ(-EPERM, begin_via(weak, family, true));
	close(weak);
	close(strong);
}

/*
 * The confused deputy: a process without CAP_MAC_ADMIN opens the socket
 * and hands it over SCM_RIGHTS to a privileged one, which sends on it.
 * Refused on both paths, and the transaction never starts.
 */
TEST(admin_socket_passed_to_privileged)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, byte = 0;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int sv[2], fd, family, strong;
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(sv[0]);
		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		fd = nl_open();
		if (fd < 0)
			_exit(11);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
		_exit(sendmsg(sv[1], &mh, 0) == 1 ? 0 : 12);
	}
	close(sv[1]);
	ASSERT_EQ(1, recvmsg(sv[0], &mh, 0));
	ASSERT_EQ(0, sipc_wait(pid));
	cm = CMSG_FIRSTHDR(&mh);
	ASSERT_NE(NULL, cm);
	ASSERT_EQ(SCM_RIGHTS, cm->cmsg_type);
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	close(sv[0]);

	family = resolve_family(fd);
	ASSERT_LT(0, family);
	EXPECT_EQ(-EPERM, begin_via(fd, family, false));
	EXPECT_EQ(-EPERM, begin_via(fd, family, true));
	/* No transaction was left open: another socket may begin one. */
	strong = nl_open();
	ASSERT_LE(0, strong);
	EXPECT_EQ(0, begin_via(strong, family, true));
	close(strong);
	close(fd);
}

/* One way to break a valid policy, and the start of what the kernel says. */
struct breakage {
	const char *name;
	void (*apply)(struct blob *b);
};

static void bad_magic(struct blob *b) { b->hdr->magic ^= 1; }
static void bad_version(struct blob *b) { b->hdr->version = 2; }
static void bad_size(struct blob *b) { b->hdr->size -= 8; }
static void bad_flags(struct blob *b) { b->hdr->flags = 1; }
static void bad_global_mode(struct blob *b) { b->hdr->mode = SIPC_MODE_GLOBAL; }
static void bad_mode_range(struct blob *b) { b->hdr->mode = __SIPC_MODE_LAST; }
static void too_many_sections(struct blob *b) { b->hdr->nr_sections = 1000; }
static void no_rules_section(struct blob *b) { b->hdr->nr_sections = 2; }
static void twice_roles(struct blob *b) { b->sec[2] = b->sec[1]; }
static void unknown_section(struct blob *b) { b->sec[2].type = __SIPC_SECTION_LAST; }
static void misaligned(struct blob *b) { b->sec[2].offset += 4; }
static void outside(struct blob *b) { b->sec[2].offset = b->size + 8; }
static void entries_past_end(struct blob *b) { b->sec[2].count += 1; }
static void small_entry(struct blob *b) { b->sec[1].entry_size = 4; }
static void strings_no_nul(struct blob *b)
{
	b->strings[b->sec[0].count - 1] = 'x';
}
static void role_name_outside(struct blob *b) { b->roles[0].name = 100000; }
static void role_name_empty(struct blob *b) { b->roles[0].name = 0; }
static void role_same_name(struct blob *b)
{
	b->roles[0].name = b->roles[1].name;
}
static void role_bad_char(struct blob *b) { b->strings[b->roles[0].name] = '/'; }
static void role_mode(struct blob *b) { b->roles[0].mode = __SIPC_MODE_LAST; }
static void rule_subject(struct blob *b) { b->rules[0].subject = 4; }
static void rule_object(struct blob *b) { b->rules[1].object = 100; }
static void rule_class(struct blob *b) { b->rules[0].class = 0; }
static void rule_class_range(struct blob *b) { b->rules[0].class = __SIPC_CLASS_LAST; }
static void rule_flags(struct blob *b) { b->rules[0].flags = __SIPC_RULE_ALL + 1; }
static void role_flags(struct blob *b) { b->roles[0].flags = __SIPC_ROLE_ALL + 1; }
static void rule_no_perm(struct blob *b) { b->rules[0].perms = 0; }
static void rule_foreign_perm(struct blob *b)
{
	b->rules[0].class = SIPC_CLASS_PIPE;
	b->rules[0].perms = SIPC_PERM_KILL;
}
static void extra_bytes(struct blob *b)
{
	/* A newer compiler's longer entries must have zero extra bytes. */
	b->sec[2].entry_size = 2 * sizeof(struct sipc_policy_rule);
	b->sec[2].count = 2;
	b->rules[1].subject = 1;
}

static const struct breakage breakages[] = {
	{ "bad magic", bad_magic },
	{ "unknown version", bad_version },
	{ "size in header differs", bad_size },
	{ "unknown header flags", bad_flags },
	{ "global mode GLOBAL", bad_global_mode },
	{ "global mode out of range", bad_mode_range },
	{ "too many sections", too_many_sections },
	{ "no RULES section", no_rules_section },
	{ "ROLES twice", twice_roles },
	{ "unknown section type", unknown_section },
	{ "section not 8-aligned", misaligned },
	{ "section outside the policy", outside },
	{ "entries past the end", entries_past_end },
	{ "entry size too small", small_entry },
	{ "STRINGS without final NUL", strings_no_nul },
	{ "role name outside STRINGS", role_name_outside },
	{ "empty role name", role_name_empty },
	{ "two roles with one name", role_same_name },
	{ "role name with '/'", role_bad_char },
	{ "role mode out of range", role_mode },
	{ "rule subject out of range", rule_subject },
	{ "rule object out of range", rule_object },
	{ "rule class 0", rule_class },
	{ "rule class out of range", rule_class_range },
	{ "rule flags", rule_flags },
	{ "role flags", role_flags },
	{ "rule without permission", rule_no_perm },
	{ "permission not of the class", rule_foreign_perm },
	{ "extra entry bytes not zero", extra_bytes },
};

/* Each targeted breakage: -EINVAL, a message, the old policy in force. */
TEST_F(load, invalid_policies)
{
	struct answer ans;
	struct commit c;
	unsigned int i;
	uint32_t gen;

	ASSERT_EQ(0, load_blob(self->fd, self->family, self->blob.data,
			       self->blob.size, &c, &ans));
	ASSERT_EQ(0, ans.error) {
		TH_LOG("the valid policy: %s: \"%s\"", strerror(-ans.error),
		       ans.extack);
	}
	gen = c.gen;
	for (i = 0; i < sizeof(breakages) / sizeof(breakages[0]); i++) {
		struct blob b;

		ASSERT_EQ(0, blob_build(&b, 3, 5));
		breakages[i].apply(&b);
		ASSERT_EQ(0, load_blob(self->fd, self->family, b.data, b.size,
				       &c, &ans));
		EXPECT_EQ(-EINVAL, ans.error) {
			TH_LOG("%s: got %d, \"%s\"", breakages[i].name,
			       ans.error, ans.extack);
		}
		EXPECT_NE(0, ans.extack[0]) {
			TH_LOG("%s: no message", breakages[i].name);
		}
		EXPECT_FALSE(c.seen);
		EXPECT_EQ(gen, gen_now());
		TH_LOG("%s: \"%s\"", breakages[i].name, ans.extack);
		blob_free(&b);
	}
	/* The policy in force is still the valid one. */
	EXPECT_EQ(5, assert_alive().rules);
}

struct role_line {
	char name[SIPC_ROLE_NAME_MAX];
	uint32_t index, mode;
};

struct roles {
	struct role_line line[16];
	int count, malformed;
};

static void get_role(struct nlattr **tb, void *arg)
{
	struct roles *r = arg;
	struct role_line *l;

	if (!tb[SIPC_A_ROLE_NAME] || !tb[SIPC_A_ROLE_INDEX] ||
	    !tb[SIPC_A_MODE] || r->count == 16) {
		r->malformed++;
		return;
	}
	l = &r->line[r->count++];
	snprintf(l->name, sizeof(l->name), "%s",
		 (char *)nla_payload(tb[SIPC_A_ROLE_NAME]));
	l->index = *(uint32_t *)nla_payload(tb[SIPC_A_ROLE_INDEX]);
	l->mode = *(uint32_t *)nla_payload(tb[SIPC_A_MODE]);
}

static struct roles __get_roles(struct __test_metadata *_metadata, int fd,
				int family)
{
	struct roles r = { 0 };
	struct answer ans;
	struct request req;

	req_init(&req, family, NLM_F_DUMP, SIPC_CMD_GET_ROLES);
	ASSERT_EQ(0, send_req(fd, &req, get_role, &r, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, r.malformed);
	return r;
}

#define get_roles() __get_roles(_metadata, self->fd, self->family)

static int set_mode(int fd, int family, const char *role, uint32_t mode,
		    struct answer *ans)
{
	struct request req;

	req_init(&req, family, NLM_F_ACK, SIPC_CMD_SET_MODE);
	req_put(&req, SIPC_A_MODE, &mode, sizeof(mode));
	if (role)
		req_put(&req, SIPC_A_ROLE_NAME, role, strlen(role) + 1);
	return send_req(fd, &req, NULL, NULL, ans);
}

TEST_F(load, modes)
{
	struct answer ans;
	struct commit c;
	struct roles r;
	int i;

	ASSERT_EQ(0, load_blob(self->fd, self->family, self->blob.data,
			       self->blob.size, &c, &ans));
	ASSERT_EQ(0, ans.error);
	r = get_roles();
	ASSERT_EQ(4, r.count);
	EXPECT_STREQ(SIPC_ROLE_UNCONFINED_NAME, r.line[0].name);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(i, r.line[i].index);
		EXPECT_EQ(SIPC_MODE_GLOBAL, r.line[i].mode);
		if (i)
			EXPECT_EQ(i, atoi(r.line[i].name + 1));
	}

	ASSERT_EQ(0, set_mode(self->fd, self->family, NULL, SIPC_MODE_LEARN,
			      &ans));
	ASSERT_EQ(0, ans.error);
	EXPECT_EQ(SIPC_MODE_LEARN, assert_alive().mode);
	ASSERT_EQ(0, set_mode(self->fd, self->family, "r2",
			      SIPC_MODE_PERMISSIVE, &ans));
	ASSERT_EQ(0, ans.error);
	r = get_roles();
	EXPECT_EQ(SIPC_MODE_PERMISSIVE, r.line[2].mode);
	EXPECT_EQ(SIPC_MODE_GLOBAL, r.line[1].mode);
	ASSERT_EQ(0, set_mode(self->fd, self->family, "r2", SIPC_MODE_GLOBAL,
			      &ans));
	ASSERT_EQ(0, ans.error);
	EXPECT_EQ(SIPC_MODE_GLOBAL, get_roles().line[2].mode);
	/* Modes are the policy's, not a new generation. */
	EXPECT_EQ(c.gen, gen_now());

	/* Refusals, each with a message and no change. */
	ASSERT_EQ(0, cmd_u32(self->fd, self->family, SIPC_CMD_SET_MODE, 0, 0,
			     NULL, NULL, &ans));
	EXPECT_REFUSED(-EINVAL, ans, c.gen);
	ASSERT_EQ(0, set_mode(self->fd, self->family, NULL, __SIPC_MODE_LAST,
			      &ans));
	EXPECT_REFUSED(-ERANGE, ans, c.gen);
	ASSERT_EQ(0, set_mode(self->fd, self->family, NULL, SIPC_MODE_GLOBAL,
			      &ans));
	EXPECT_REFUSED(-EINVAL, ans, c.gen);
	EXPECT_SIPC_MSG(ans);
	ASSERT_EQ(0, set_mode(self->fd, self->family, "nosuchrole",
			      SIPC_MODE_ENFORCE, &ans));
	EXPECT_REFUSED(-ENOENT, ans, c.gen);
	EXPECT_SIPC_MSG(ans);
	ASSERT_EQ(0, set_mode(self->fd, self->family,
			      "0123456789012345678901234567890123456789012345678901234567890123",
			      SIPC_MODE_ENFORCE, &ans));
	EXPECT_REFUSED(-EINVAL, ans, c.gen);
	EXPECT_EQ(SIPC_MODE_LEARN, assert_alive().mode);
	ASSERT_EQ(0, set_mode(self->fd, self->family, NULL, SIPC_MODE_ENFORCE,
			      &ans));
	ASSERT_EQ(0, ans.error);
}

struct rules {
	unsigned int nr_roles;
	unsigned int count, malformed, wrong;
};

/* Each rule must be rule_of(its index): the dump keeps the policy's order. */
static void get_rule(struct nlattr **tb, void *arg)
{
	struct rules *r = arg;
	struct sipc_policy_rule want;
	char subject[16], object[16];

	if (!tb[SIPC_A_RULE_SUBJECT] || !tb[SIPC_A_RULE_OBJECT] ||
	    !tb[SIPC_A_RULE_CLASS] || !tb[SIPC_A_RULE_PERMS]) {
		r->malformed++;
		return;
	}
	rule_of(r->count++, r->nr_roles, &want);
	snprintf(subject, sizeof(subject), "r%u", want.subject);
	snprintf(object, sizeof(object), "r%u", want.object);
	if (strcmp(subject, nla_payload(tb[SIPC_A_RULE_SUBJECT])) ||
	    strcmp(object, nla_payload(tb[SIPC_A_RULE_OBJECT])) ||
	    *(uint32_t *)nla_payload(tb[SIPC_A_RULE_CLASS]) != want.class ||
	    *(uint32_t *)nla_payload(tb[SIPC_A_RULE_PERMS]) != want.perms)
		r->wrong++;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* 100,000 rules load in one transaction, and dump back as loaded. */
TEST_F(load, big_policy)
{
	struct rules r = { .nr_roles = 100 };
	double t0, t1, t2;
	struct answer ans;
	struct request req;
	struct commit c;
	struct blob b;
	size_t off;

	ASSERT_EQ(0, blob_build(&b, 100, 100000));
	t0 = now_ms();
	ASSERT_EQ(0, load_begin(self->fd, self->family, b.size, &ans));
	ASSERT_EQ(0, ans.error);
	for (off = 0; off < b.size; off += SIPC_LOAD_CHUNK_MAX) {
		size_t len = b.size - off < SIPC_LOAD_CHUNK_MAX ?
			     b.size - off : SIPC_LOAD_CHUNK_MAX;

		ASSERT_EQ(0, load_chunk(self->fd, self->family, off,
					b.data + off, len, &ans));
		ASSERT_EQ(0, ans.error);
	}
	t1 = now_ms();
	ASSERT_EQ(0, load_commit(self->fd, self->family, &c, &ans));
	t2 = now_ms();
	ASSERT_EQ(0, ans.error) {
		TH_LOG("%s: \"%s\"", strerror(-ans.error), ans.extack);
	}
	TH_LOG("100000 rules, %zu bytes: chunks %.1f ms, commit %.1f ms",
	       b.size, t1 - t0, t2 - t1);
	EXPECT_EQ(101, c.roles);
	EXPECT_EQ(100000, c.rules);
	EXPECT_EQ(100000, assert_alive().rules);

	req_init(&req, self->family, NLM_F_DUMP, SIPC_CMD_GET_RULES);
	ASSERT_EQ(0, send_req(self->fd, &req, get_rule, &r, &ans));
	EXPECT_EQ(0, ans.error);
	EXPECT_EQ(100000, r.count);
	EXPECT_EQ(0, r.malformed);
	EXPECT_EQ(0, r.wrong);
	blob_free(&b);
}

/*
 * Role names are [A-Za-z0-9_.-] and nothing else: every byte value in
 * the first character of a name, those of the alphabet accepted, every
 * other refused.  Bytes 0x80-0xFF are no letters, whatever Latin-1 says.
 */
TEST_F(load, role_name_bytes)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
	struct answer ans;
	struct commit c;
	unsigned int ch, accepted = 0;
	uint32_t gen;

	for (ch = 1; ch <= 0xff; ch++) {
		bool valid = strchr(alphabet, ch) != NULL;

		/* "r1" becomes "<ch>1", unique among r1, r2, r3 */
		self->blob.strings[self->blob.roles[0].name] = ch;
		gen = gen_now();
		ASSERT_EQ(0, load_blob(self->fd, self->family, self->blob.data,
				       self->blob.size, &c, &ans));
		if (valid) {
			EXPECT_EQ(0, ans.error) {
				TH_LOG("byte 0x%02x refused: \"%s\"", ch,
				       ans.extack);
			}
			accepted++;
			continue;
		}
		EXPECT_EQ(-EINVAL, ans.error) {
			TH_LOG("byte 0x%02x: got %d", ch, ans.error);
		}
		EXPECT_NE(NULL, strstr(ans.extack, "role 1")) {
			TH_LOG("byte 0x%02x: \"%s\"", ch, ans.extack);
		}
		EXPECT_EQ(gen, gen_now());
	}
	EXPECT_EQ(sizeof(alphabet) - 1, accepted);
}

/*
 * A policy of 2^17 rules whose keys differ only in high bits, which the
 * rule table once placed by their low bits alone, so that all of them
 * shared a handful of probe runs: the commit was quadratic (a minute
 * under TCG, and a soft lockup).  It must commit in about the time of a
 * policy of as many rules spread at random.  The bound, four times, is
 * loose on purpose: it checks the complexity, not a speed, and the
 * quadratic commit was some hundred times slower.
 */
#define HASH_ROLES	4095
#define HASH_RULES	(1U << 17)

/* Rule i of the crowded policy: subjects 0, 4, ..., 4092; objects 1-128. */
static void crowded_rule(unsigned int i, struct sipc_policy_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->subject = i / 128 * 4;
	r->object = i % 128 + 1;
	r->class = SIPC_CLASS_PIPE;
	r->perms = SIPC_PERMS_PIPE;
}

/* Rule i of the spread one: an odd multiplier is a bijection mod 2^24. */
static void spread_rule(unsigned int i, struct sipc_policy_rule *r)
{
	uint32_t k = (i * 2654435761U) & 0xffffff;

	memset(r, 0, sizeof(*r));
	r->subject = k >> 12;
	r->object = k & 0xfff;
	r->class = SIPC_CLASS_PIPE;
	r->perms = SIPC_PERMS_PIPE;
}

/* The best of two commits of @b, in ms; every commit must succeed. */
static double __commit_ms(struct __test_metadata *_metadata, int fd,
			  int family, const struct blob *b)
{
	double best = 0, t0, ms;
	struct answer ans;
	struct commit c;
	size_t off, len;
	int round;

	for (round = 0; round < 2; round++) {
		ASSERT_EQ(0, load_begin(fd, family, b->size, &ans));
		ASSERT_EQ(0, ans.error);
		for (off = 0; off < b->size; off += len) {
			len = b->size - off < SIPC_LOAD_CHUNK_MAX ?
			      b->size - off : SIPC_LOAD_CHUNK_MAX;
			ASSERT_EQ(0, load_chunk(fd, family, off, b->data + off,
						len, &ans));
			ASSERT_EQ(0, ans.error);
		}
		t0 = now_ms();
		ASSERT_EQ(0, load_commit(fd, family, &c, &ans));
		ms = now_ms() - t0;
		ASSERT_EQ(0, ans.error) {
			TH_LOG("%s: \"%s\"", strerror(-ans.error), ans.extack);
		}
		EXPECT_EQ(HASH_ROLES + 1, c.roles);
		EXPECT_EQ(HASH_RULES, c.rules);
		if (!round || ms < best)
			best = ms;
	}
	return best;
}

#define commit_ms(b) __commit_ms(_metadata, self->fd, self->family, b)

TEST_F(load, crowded_rules_commit_like_spread_ones)
{
	struct blob crowded, spread;
	double t_crowded, t_spread;
	unsigned int i;

	ASSERT_EQ(0, blob_build(&crowded, HASH_ROLES, HASH_RULES));
	ASSERT_EQ(0, blob_build(&spread, HASH_ROLES, HASH_RULES));
	for (i = 0; i < HASH_RULES; i++) {
		crowded_rule(i, &crowded.rules[i]);
		spread_rule(i, &spread.rules[i]);
	}
	t_spread = commit_ms(&spread);
	t_crowded = commit_ms(&crowded);
	TH_LOG("%u rules: spread %.1f ms, crowded %.1f ms", HASH_RULES,
	       t_spread, t_crowded);
	EXPECT_TRUE(t_crowded < 4 * t_spread + 20) {
		TH_LOG("crowded rules commit %.1f times slower",
		       t_crowded / t_spread);
	}
	blob_free(&crowded);
	blob_free(&spread);
}

/* A reload in the middle of a rules dump: NLM_F_DUMP_INTR and -EAGAIN. */
TEST_F(load, dump_interrupted)
{
	static char buf[BUF_SIZE];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	bool intr = false, done = false;
	int fd2, family2, status = 0;
	struct answer ans;
	struct request req;
	struct commit c;
	struct blob b;

	ASSERT_EQ(0, blob_build(&b, 30, 5000));
	ASSERT_EQ(0, load_blob(self->fd, self->family, b.data, b.size, &c,
			       &ans));
	ASSERT_EQ(0, ans.error);
	__nl_setup(_metadata, &fd2, &family2);
	req_init(&req, family2, NLM_F_DUMP, SIPC_CMD_GET_RULES);
	ASSERT_LT(0, sendto(fd2, &req, req.nlh.nlmsg_len, 0,
			    (struct sockaddr *)&sa, sizeof(sa)));
	/* One batch only, then a new policy. */
	ASSERT_LT(0, recv(fd2, buf, sizeof(buf), 0));
	ASSERT_EQ(0, load_blob(self->fd, self->family, b.data, b.size, &c,
			       &ans));
	ASSERT_EQ(0, ans.error);
	while (!done) {
		ssize_t n = recv(fd2, buf, sizeof(buf), 0);
		struct nlmsghdr *nlh;
		int rem;

		ASSERT_LT(0, n);
		for (nlh = (void *)buf, rem = n; NLMSG_OK(nlh, rem);
		     nlh = NLMSG_NEXT(nlh, rem)) {
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				status = *(int *)NLMSG_DATA(nlh);
				done = true;
			}
		}
	}
	EXPECT_TRUE(intr);
	EXPECT_EQ(-EAGAIN, status);
	close(fd2);
	blob_free(&b);
}

struct tasks {
	pid_t want;
	char comm[SIPC_TASK_COMM_MAX];
	int count, found, malformed, order;
	uint32_t last;
};

static void get_task(struct nlattr **tb, void *arg)
{
	struct tasks *t = arg;
	uint32_t pid;

	if (!tb[SIPC_A_TASK_PID] || !tb[SIPC_A_TASK_COMM] ||
	    !tb[SIPC_A_ROLE_NAME]) {
		t->malformed++;
		return;
	}
	pid = *(uint32_t *)nla_payload(tb[SIPC_A_TASK_PID]);
	if (t->count++ && pid <= t->last)
		t->order++;
	t->last = pid;
	if (pid == (uint32_t)t->want &&
	    !strcmp(nla_payload(tb[SIPC_A_TASK_COMM]), t->comm) &&
	    !strcmp(nla_payload(tb[SIPC_A_ROLE_NAME]),
		    SIPC_ROLE_UNCONFINED_NAME))
		t->found++;
}

/* The comm and role GET_TASKS gives one pid. */
struct tasks_role {
	pid_t pid;
	char comm[SIPC_TASK_COMM_MAX];
	char role[SIPC_ROLE_NAME_MAX];
};

static void get_task_role(struct nlattr **tb, void *arg)
{
	struct tasks_role *tr = arg;

	if (!tb[SIPC_A_TASK_PID] || !tb[SIPC_A_TASK_COMM] ||
	    !tb[SIPC_A_ROLE_NAME] ||
	    *(uint32_t *)nla_payload(tb[SIPC_A_TASK_PID]) != (uint32_t)tr->pid)
		return;
	snprintf(tr->comm, sizeof(tr->comm), "%s",
		 (char *)nla_payload(tb[SIPC_A_TASK_COMM]));
	snprintf(tr->role, sizeof(tr->role), "%s",
		 (char *)nla_payload(tb[SIPC_A_ROLE_NAME]));
}

/* GET_TASKS lists this process, once, with its name, in pid order. */
TEST_F(netlink, get_tasks)
{
	struct tasks t = { .want = getpid() };
	struct answer ans;
	struct request req;
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", getpid());
	f = fopen(path, "re");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(t.comm, sizeof(t.comm), f));
	fclose(f);
	t.comm[strcspn(t.comm, "\n")] = '\0';
	req_init(&req, self->family, NLM_F_DUMP, SIPC_CMD_GET_TASKS);
	ASSERT_EQ(0, send_req(self->fd, &req, get_task, &t, &ans));
	ASSERT_EQ(0, ans.error);
	EXPECT_EQ(0, t.malformed);
	EXPECT_EQ(0, t.order);
	EXPECT_EQ(1, t.found);
	/* init, kthreadd and us at least */
	EXPECT_LE(3, t.count);
}

TEST_F(netlink, status_policy_fields)
{
	struct status st = assert_alive();

	EXPECT_EQ(__SIPC_STAT_LAST, st.nr_stats);
	EXPECT_LE(1, st.roles);
	EXPECT_NE(SIPC_MODE_GLOBAL, st.mode);
	EXPECT_GE(SIPC_MODE_MAX, st.mode);
	if (!st.gen)
		EXPECT_EQ(0, st.rules);
}

/* Joining the events group needs CAP_SYS_ADMIN. */
static void get_group(struct nlattr **tb, void *arg)
{
	struct nlattr *g[CTRL_ATTR_MCAST_GRP_MAX + 1];
	const struct nlattr *nest = tb[CTRL_ATTR_MCAST_GROUPS], *nla;
	int len;

	if (!nest)
		return;
	len = nla_payload_len(nest);
	for (nla = nla_payload(nest); len >= NLA_HDRLEN &&
	     nla->nla_len >= NLA_HDRLEN && nla->nla_len <= len;
	     len -= NLA_ALIGN(nla->nla_len),
	     nla = (const void *)((const char *)nla + NLA_ALIGN(nla->nla_len))) {
		parse_attrs(nla_payload(nla), nla_payload_len(nla), g,
			    CTRL_ATTR_MCAST_GRP_MAX);
		if (g[CTRL_ATTR_MCAST_GRP_NAME] && g[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(nla_payload(g[CTRL_ATTR_MCAST_GRP_NAME]),
			    SIPC_GENL_MCGRP_EVENTS))
			*(int *)arg = *(uint32_t *)nla_payload(g[CTRL_ATTR_MCAST_GRP_ID]);
	}
}

static int events_group(int fd)
{
	struct answer ans;
	struct request req;
	int id = -ENOENT;

	req_init(&req, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY);
	req.genl.version = 1;
	req_put(&req, CTRL_ATTR_FAMILY_NAME, SIPC_GENL_NAME,
		sizeof(SIPC_GENL_NAME));
	if (send_req(fd, &req, get_group, &id, &ans) || ans.error)
		return -EIO;
	return id;
}

TEST_F(netlink, events_group_join)
{
	int grp = events_group(self->fd);
	pid_t pid;

	ASSERT_LT(0, grp);
	ASSERT_EQ(0, setsockopt(self->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				&grp, sizeof(grp)));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int fd;

		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		fd = nl_open();
		if (fd < 0)
			_exit(11);
		if (!setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
				sizeof(grp)) || errno != EPERM)
			_exit(12);
		_exit(0);
	}
	EXPECT_EQ(0, sipc_wait(pid));
}

/*
 * The order in which the admin commands check a request: attributes
 * (the core) before privilege, privilege before the command's own
 * checks (missing attribute), and those before the transaction's state.
 */
TEST_F(load, validation_order)
{
	uint32_t gen = gen_now();
	struct answer ans;
	struct request req;
	int fd2, family2;
	pid_t pid;

	/* unprivileged: a malformed attribute is -EINVAL, not -EPERM */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		uint16_t bad = 1;

		if (drop_mac_admin())
			_exit(10);
		req_init(&req, self->family, NLM_F_ACK, SIPC_CMD_LOAD_BEGIN);
		req_put(&req, SIPC_A_LOAD_SIZE, &bad, sizeof(bad));
		if (send_req(self->fd, &req, NULL, NULL, &ans) ||
		    ans.error != -EINVAL)
			_exit(11);
		/* a value out of range: -ERANGE, still before privilege */
		if (load_begin(self->fd, self->family, 0, &ans) ||
		    ans.error != -ERANGE)
			_exit(12);
		/* well-formed but missing the size: -EPERM first */
		if (cmd_u32(self->fd, self->family, SIPC_CMD_LOAD_BEGIN, 0, 0,
			    NULL, NULL, &ans) || ans.error != -EPERM)
			_exit(13);
		_exit(0);
	}
	EXPECT_EQ(0, sipc_wait(pid));

	/* privileged, another socket busy: a missing attribute comes first */
	__nl_setup(_metadata, &fd2, &family2);
	ASSERT_EQ(0, load_begin(fd2, family2, 64, &ans));
	ASSERT_EQ(0, ans.error);
	ASSERT_EQ(0, cmd_u32(self->fd, self->family, SIPC_CMD_LOAD_BEGIN, 0, 0,
			     NULL, NULL, &ans));
	EXPECT_EQ(-EINVAL, ans.error);
	req_init(&req, self->family, NLM_F_ACK, SIPC_CMD_LOAD_CHUNK);
	req_put(&req, SIPC_A_LOAD_DATA, "x", 1);
	ASSERT_EQ(0, send_req(self->fd, &req, NULL, NULL, &ans));
	EXPECT_EQ(-EINVAL, ans.error);
	/* then the transaction: busy before out of order */
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 12345, "x", 1, &ans));
	EXPECT_EQ(-EBUSY, ans.error);
	close(fd2);
	/* no transaction: -ENOENT before out of order */
	ASSERT_EQ(0, load_chunk(self->fd, self->family, 12345, "x", 1, &ans));
	EXPECT_EQ(-ENOENT, ans.error);
	EXPECT_EQ(gen, gen_now());
}


/* A uid no other test uses: a process that execs with it gets role r2. */
#define CONFINED_UID	12345

/* Fork a child that becomes CONFINED_UID and execs sh -c @script. */
static pid_t run_confined(const char *script)
{
	pid_t pid = fork();

	if (!pid) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (null < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0 ||
		    setresgid(CONFINED_UID, CONFINED_UID, CONFINED_UID) ||
		    setresuid(CONFINED_UID, CONFINED_UID, CONFINED_UID))
			_exit(100);
		execl("/bin/sh", "sh", "-c", script, (char *)NULL);
		_exit(101);
	}
	return pid;
}

struct event {
	bool seen;
	uint32_t mode, pid, class, perm;
	uint8_t allowed;
	char comm[SIPC_TASK_COMM_MAX];
	char subject[SIPC_ROLE_NAME_MAX], object[SIPC_ROLE_NAME_MAX];
	int malformed;
};

/*
 * Wait up to @ms for an event of role r2 on its own pipe and fill @ev;
 * other events (other tests' denials) are skipped.  Returns true if one
 * came.
 */
static bool wait_event(int fd, int family, int ms, struct event *ev)
{
	static char buf[BUF_SIZE];

	memset(ev, 0, sizeof(*ev));
	while (sipc_readable(fd, ms)) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nlh;
		int rem;

		if (n <= 0)
			return false;
		for (nlh = (void *)buf, rem = n; NLMSG_OK(nlh, rem);
		     nlh = NLMSG_NEXT(nlh, rem)) {
			struct genlmsghdr *g = NLMSG_DATA(nlh);
			struct nlattr *tb[SIPC_A_MAX + 1];

			if (nlh->nlmsg_type != family || g->cmd != SIPC_CMD_EVENT)
				continue;
			parse_attrs((char *)g + GENL_HDRLEN,
				    nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN),
				    tb, SIPC_A_MAX);
			if (!tb[SIPC_A_MODE] || !tb[SIPC_A_EVENT_ALLOWED] ||
			    !tb[SIPC_A_TASK_PID] || !tb[SIPC_A_TASK_COMM] ||
			    !tb[SIPC_A_RULE_SUBJECT] || !tb[SIPC_A_RULE_OBJECT] ||
			    !tb[SIPC_A_RULE_CLASS] || !tb[SIPC_A_RULE_PERMS]) {
				ev->malformed++;
				continue;
			}
			if (strcmp(nla_payload(tb[SIPC_A_RULE_SUBJECT]), "r2") ||
			    *(uint32_t *)nla_payload(tb[SIPC_A_RULE_CLASS]) !=
			    SIPC_CLASS_PIPE)
				continue;
			ev->seen = true;
			ev->mode = *(uint32_t *)nla_payload(tb[SIPC_A_MODE]);
			ev->allowed = *(uint8_t *)nla_payload(tb[SIPC_A_EVENT_ALLOWED]);
			ev->pid = *(uint32_t *)nla_payload(tb[SIPC_A_TASK_PID]);
			ev->class = *(uint32_t *)nla_payload(tb[SIPC_A_RULE_CLASS]);
			ev->perm = *(uint32_t *)nla_payload(tb[SIPC_A_RULE_PERMS]);
			snprintf(ev->comm, sizeof(ev->comm), "%s",
				 (char *)nla_payload(tb[SIPC_A_TASK_COMM]));
			snprintf(ev->subject, sizeof(ev->subject), "%s",
				 (char *)nla_payload(tb[SIPC_A_RULE_SUBJECT]));
			snprintf(ev->object, sizeof(ev->object), "%s",
				 (char *)nla_payload(tb[SIPC_A_RULE_OBJECT]));
			return true;
		}
	}
	return false;
}

FIXTURE(events) {
	int fd, family;
	int ev_fd, ev_family;
	uint32_t gen;
};

FIXTURE_SETUP(events)
{
	struct answer ans;
	struct commit c;
	struct blob b;
	int grp;

	__nl_setup(_metadata, &self->fd, &self->family);
	__nl_setup(_metadata, &self->ev_fd, &self->ev_family);
	grp = events_group(self->ev_fd);
	ASSERT_LT(0, grp);
	ASSERT_EQ(0, setsockopt(self->ev_fd, SOL_NETLINK,
				NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)));
	/* r1 may use its pipes; r2, which CONFINED_UID gets, may not. */
	ASSERT_EQ(0, blob_build_match(&b, 2, 1, 2, CONFINED_UID));
	ASSERT_EQ(0, load_blob(self->fd, self->family, b.data, b.size, &c,
			       &ans));
	ASSERT_EQ(0, ans.error) {
		TH_LOG("%s: \"%s\"", strerror(-ans.error), ans.extack);
	}
	self->gen = c.gen;
	blob_free(&b);
}

FIXTURE_TEARDOWN(events)
{
	struct answer ans;
	struct commit c;
	struct blob b;

	/* Put a policy that confines nobody back in force. */
	if (!blob_build(&b, 3, 5)) {
		load_blob(self->fd, self->family, b.data, b.size, &c, &ans);
		blob_free(&b);
	}
	close(self->ev_fd);
	close(self->fd);
}

/* A denied pipe write in enforce mode: refused, and an event says so. */
TEST_F(events, denial_in_enforce)
{
	struct status before, after;
	struct event ev;
	pid_t pid;

	before = assert_alive();
	pid = run_confined("echo x | cat");
	ASSERT_LT(0, pid);
	ASSERT_TRUE(wait_event(self->ev_fd, self->ev_family, 5000, &ev)) {
		TH_LOG("no event for role r2 within 5 s");
	}
	EXPECT_EQ(0, ev.malformed);
	EXPECT_EQ(SIPC_MODE_ENFORCE, ev.mode);
	EXPECT_EQ(0, ev.allowed);
	EXPECT_STREQ("r2", ev.object);
	EXPECT_TRUE(ev.perm == SIPC_PERM_READ || ev.perm == SIPC_PERM_WRITE) {
		TH_LOG("perm 0x%x", ev.perm);
	}
	EXPECT_LT(0, ev.pid);
	EXPECT_NE(0, ev.comm[0]);
	TH_LOG("event: pid %u (%s) %s -> %s perm 0x%x", ev.pid, ev.comm,
	       ev.subject, ev.object, ev.perm);
	/* The pipeline failed: cat read nothing or echo could not write. */
	EXPECT_NE(0, sipc_wait(pid));
	after = assert_alive();
	EXPECT_LT(before.stats[SIPC_STAT_DENIED],
		  after.stats[SIPC_STAT_DENIED]);
}

/* In learn mode the same operation goes through, and the event says so. */
TEST_F(events, allowed_in_learn)
{
	struct answer ans;
	struct event ev;
	pid_t pid;

	ASSERT_EQ(0, set_mode(self->fd, self->family, NULL, SIPC_MODE_LEARN,
			      &ans));
	ASSERT_EQ(0, ans.error);
	pid = run_confined("echo x | cat");
	ASSERT_LT(0, pid);
	ASSERT_TRUE(wait_event(self->ev_fd, self->ev_family, 5000, &ev));
	EXPECT_EQ(SIPC_MODE_LEARN, ev.mode);
	EXPECT_EQ(1, ev.allowed);
	EXPECT_EQ(0, sipc_wait(pid));
}

/* GET_TASKS names a confined process's role. */
TEST_F(events, tasks_show_roles)
{
	struct answer ans;
	struct request req;
	int i, found = 0;
	pid_t pid;

	pid = run_confined("exec sleep 20");
	ASSERT_LT(0, pid);
	/* Until the child has execed: up to 5 s. */
	for (i = 0; i < 50 && !found; i++) {
		struct tasks_role tr = { .pid = pid };

		req_init(&req, self->family, NLM_F_DUMP, SIPC_CMD_GET_TASKS);
		ASSERT_EQ(0, send_req(self->fd, &req, get_task_role, &tr,
				      &ans));
		ASSERT_EQ(0, ans.error);
		if (!strcmp(tr.comm, "sleep")) {
			EXPECT_STREQ("r2", tr.role);
			found = 1;
		} else {
			usleep(100000);
		}
	}
	EXPECT_TRUE(found);
	sipc_reap(pid);
}

TEST_HARNESS_MAIN
