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
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>

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
	char attrs[256];
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
 */
static int transact(int fd, const void *req, size_t len, uint32_t seq,
		    msg_fn fn, void *arg, struct answer *ans)
{
	static char buf[BUF_SIZE];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	memset(ans, 0, sizeof(*ans));
	ans->bad_offset = -1;
	if (sendto(fd, req, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
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

TEST_HARNESS_MAIN
