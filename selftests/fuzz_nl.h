/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw generic netlink for the fuzzers (selftests/fuzz_*_test.c): send any
 * bytes, then a GET_STATUS "sync" with an ACK, and collect every answer
 * up to the sync's.  Since the family runs each message in the sender's
 * sendmsg(), the sync's reply comes after the answers to everything sent
 * before it, and a message the kernel drops without a word (one it
 * cannot even frame) cannot hang the fuzzer.
 */
#ifndef SIPC_FUZZ_NL_H
#define SIPC_FUZZ_NL_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/sipc.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK	11
#endif

/* Answers to one send, up to and including its sync. */
struct fz_answer {
	int nr_acks;		/* NLMSG_ERROR or NLMSG_DONE for the sent seqs */
	int error;		/* the first non-zero error among them, or 0 */
	int errors[8];		/* every error (or 0: an ack), in order */
	bool extack[8];		/* each came with NLMSGERR_ATTR_MSG */
	char msg[200];		/* the first error's extack message, or "" */
	int nr_data;		/* data messages for the sent seqs */
	bool bad_errno;		/* an error that is no errno */
	int bad_value;
	bool bad_type;		/* a message of a type we cannot know */
	bool synced;		/* the sync was answered */
	uint32_t gen;		/* SIPC_A_POLICY_GEN of the sync's reply */
	bool have_gen;
	/* The commit reply, when a data message carried one. */
	bool commit_seen;
	uint32_t commit_gen;
};

struct fz_nl {
	int fd;
	uint16_t family;
	uint32_t seq;
};

/* The highest errno Linux gives userspace (EHWPOISON). */
#define FZ_ERRNO_MAX	133

static inline int fz_nl_open(struct fz_nl *nl, uint16_t family)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 10 };
	int one = 1;

	nl->family = family;
	nl->seq = 1000;
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0)
		return -errno;
	if (setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(nl->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int err = -errno;

		close(nl->fd);
		nl->fd = -1;
		return err;
	}
	return 0;
}

static inline void fz_nl_close(struct fz_nl *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
}

/* A message being built. */
struct fz_msg {
	union {
		struct nlmsghdr nlh;
		char buf[40000];
	};
	size_t len;		/* bytes used (aligned) */
};

static inline void fz_msg_init(struct fz_msg *m, uint16_t type, uint16_t flags,
			       uint8_t cmd, uint8_t version)
{
	struct genlmsghdr *g;

	memset(&m->nlh, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = flags;
	g = (void *)(m->buf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = version;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->nlh.nlmsg_len = m->len;
}

/* Room left for an attribute's payload, or -1. */
static inline int fz_msg_room(const struct fz_msg *m)
{
	return (int)sizeof(m->buf) - (int)m->len - NLA_HDRLEN - 8;
}

/* Begin an attribute: its offset, for fz_msg_end(); -1 if no room. */
static inline int fz_msg_start(struct fz_msg *m, uint16_t type)
{
	struct nlattr *nla = (void *)(m->buf + m->len);
	int off = m->len;

	if (fz_msg_room(m) < 0)
		return -1;
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN;
	m->len += NLA_HDRLEN;
	return off;
}

static inline void fz_msg_end(struct fz_msg *m, int off)
{
	struct nlattr *nla = (void *)(m->buf + off);

	nla->nla_len = m->len - off;
	m->len = NLA_ALIGN(m->len);
	m->nlh.nlmsg_len = m->len;
}

static inline void fz_msg_put(struct fz_msg *m, uint16_t type, const void *data,
			      size_t len)
{
	int off;

	if (fz_msg_room(m) < (int)len)
		return;
	off = fz_msg_start(m, type);
	if (off < 0)
		return;
	memcpy(m->buf + m->len, data, len);
	m->len += len;
	/* Padding bytes are sent too: zero them. */
	memset(m->buf + m->len, 0, NLA_ALIGN(m->len) - m->len);
	fz_msg_end(m, off);
}

static inline void fz_msg_u32(struct fz_msg *m, uint16_t type, uint32_t v)
{
	fz_msg_put(m, type, &v, sizeof(v));
}

static inline void fz_nl_parse(const void *data, int len, const struct nlattr **tb,
			       int max)
{
	const struct nlattr *nla = data;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	while (len >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN &&
	       nla->nla_len <= len) {
		int type = nla->nla_type & NLA_TYPE_MASK;

		if (type <= max)
			tb[type] = nla;
		len -= NLA_ALIGN(nla->nla_len);
		nla = (const void *)((const char *)nla + NLA_ALIGN(nla->nla_len));
	}
}

static inline uint32_t fz_nla_u32(const struct nlattr *nla)
{
	uint32_t v = 0;

	if (nla->nla_len >= NLA_HDRLEN + 4)
		memcpy(&v, (const char *)nla + NLA_HDRLEN, 4);
	return v;
}

/* Note an error (or ack, 0) for the answer. */
static inline void fz_note_error(struct fz_answer *a, int error,
				 const struct nlmsghdr *nlh, int off)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - off;
	bool msg = false;

	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && len > 0) {
		fz_nl_parse((const char *)NLMSG_DATA(nlh) + off, len, tb,
			    NLMSGERR_ATTR_MAX);
		if (tb[NLMSGERR_ATTR_MSG]) {
			msg = true;
			if (error && !a->msg[0])
				snprintf(a->msg, sizeof(a->msg), "%.*s",
					 (int)(tb[NLMSGERR_ATTR_MSG]->nla_len - NLA_HDRLEN),
					 (const char *)tb[NLMSGERR_ATTR_MSG] + NLA_HDRLEN);
		}
	}
	if (error > 0 || error < -FZ_ERRNO_MAX) {
		a->bad_errno = true;
		a->bad_value = error;
	}
	if (a->nr_acks < 8) {
		a->errors[a->nr_acks] = error;
		a->extack[a->nr_acks] = msg;
	}
	a->nr_acks++;
	if (error && !a->error)
		a->error = error;
}

/*
 * Send @len bytes at @buf (one or more messages, seqs @first..@last),
 * then the sync, and read up to the sync's ACK.  Returns 0, or -errno
 * when the socket failed (-EAGAIN: the kernel stopped answering).
 * sendto() itself may refuse what cannot be framed: that errno is
 * returned in @a->error with nothing read.
 */
static inline int fz_nl_send(struct fz_nl *nl, const void *buf, size_t len,
			     uint32_t first, uint32_t last, struct fz_answer *a)
{
	static char rbuf[65536];
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr g;
	} sync = {
		.nlh = {
			.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN,
			.nlmsg_type = nl->family,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		},
		.g = { .cmd = SIPC_CMD_GET_STATUS, .version = SIPC_GENL_VERSION },
	};
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	bool sync_acked = false;

	memset(a, 0, sizeof(*a));
	sync.nlh.nlmsg_seq = ++nl->seq;
	if (len && sendto(nl->fd, buf, len, 0, (struct sockaddr *)&sa,
			  sizeof(sa)) < 0) {
		/* A send the socket refused: a proper errno still. */
		fz_note_error(a, -errno, &sync.nlh, 0);
	}
	if (sendto(nl->fd, &sync, sizeof(sync), 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		return -errno;
	while (!sync_acked) {
		ssize_t n = recv(nl->fd, rbuf, sizeof(rbuf), 0);
		struct nlmsghdr *nlh;
		int rem;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			/*
			 * ENOBUFS: a dump or replies overran the socket; the
			 * kernel says so and goes on.  Read on.
			 */
			if (errno == ENOBUFS)
				continue;
			return -errno;
		}
		for (nlh = (void *)rbuf, rem = n; NLMSG_OK(nlh, rem);
		     nlh = NLMSG_NEXT(nlh, rem)) {
			bool ours = nlh->nlmsg_seq >= first &&
				    nlh->nlmsg_seq <= last;
			bool is_sync = nlh->nlmsg_seq == sync.nlh.nlmsg_seq;

			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);
				int off = sizeof(*e);

				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					off += e->msg.nlmsg_len - NLMSG_HDRLEN;
				if (is_sync) {
					sync_acked = true;
					if (e->error)
						return e->error;
					continue;
				}
				/* Errors of late dumps count too. */
				fz_note_error(a, e->error, nlh, NLMSG_ALIGN(off));
				if (!ours)
					a->nr_acks--;
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				int status = 0;

				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					memcpy(&status, NLMSG_DATA(nlh), sizeof(int));
				fz_note_error(a, status < 0 ? status : 0, nlh,
					      sizeof(int));
				if (!ours)
					a->nr_acks--;
			} else if (nlh->nlmsg_type == nl->family) {
				const struct nlattr *tb[SIPC_A_MAX + 1];
				struct genlmsghdr *g = NLMSG_DATA(nlh);

				fz_nl_parse((char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
					    nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN),
					    tb, SIPC_A_MAX);
				if (is_sync) {
					if (tb[SIPC_A_POLICY_GEN]) {
						a->gen = fz_nla_u32(tb[SIPC_A_POLICY_GEN]);
						a->have_gen = true;
					}
					continue;
				}
				if (ours)
					a->nr_data++;
				if (ours && g->cmd == SIPC_CMD_LOAD_COMMIT &&
				    tb[SIPC_A_POLICY_GEN]) {
					a->commit_seen = true;
					a->commit_gen = fz_nla_u32(tb[SIPC_A_POLICY_GEN]);
				}
			} else if (nlh->nlmsg_type != NLMSG_NOOP &&
				   nlh->nlmsg_type != NLMSG_OVERRUN) {
				a->bad_type = true;
			}
		}
	}
	a->synced = true;
	return 0;
}

/* Send one built message with the next seq. */
static inline int fz_nl_msg(struct fz_nl *nl, struct fz_msg *m,
			    struct fz_answer *a)
{
	m->nlh.nlmsg_seq = ++nl->seq;
	m->nlh.nlmsg_len = m->len;
	return fz_nl_send(nl, m->buf, m->len, nl->seq, nl->seq, a);
}

/* The family's id through nlctrl, or -errno. */
static inline int fz_nl_family(void)
{
	struct fz_nl nl;
	struct fz_msg *m = calloc(1, sizeof(*m));
	static char rbuf[8192];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int id = -ENOENT, ret;
	ssize_t n;

	if (!m)
		return -ENOMEM;
	ret = fz_nl_open(&nl, GENL_ID_CTRL);
	if (ret) {
		free(m);
		return ret;
	}
	fz_msg_init(m, GENL_ID_CTRL, NLM_F_REQUEST, CTRL_CMD_GETFAMILY, 1);
	fz_msg_put(m, CTRL_ATTR_FAMILY_NAME, SIPC_GENL_NAME, sizeof(SIPC_GENL_NAME));
	m->nlh.nlmsg_seq = 1;
	if (sendto(nl.fd, m->buf, m->len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		id = -errno;
	} else if ((n = recv(nl.fd, rbuf, sizeof(rbuf), 0)) > 0) {
		struct nlmsghdr *nlh = (void *)rbuf;

		if (NLMSG_OK(nlh, n) && nlh->nlmsg_type == GENL_ID_CTRL) {
			const struct nlattr *tb[CTRL_ATTR_MAX + 1];

			fz_nl_parse((char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
				    nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN),
				    tb, CTRL_ATTR_MAX);
			if (tb[CTRL_ATTR_FAMILY_ID]) {
				uint16_t v;

				memcpy(&v, (char *)tb[CTRL_ATTR_FAMILY_ID] + NLA_HDRLEN, 2);
				id = v;
			}
		}
	}
	fz_nl_close(&nl);
	free(m);
	return id;
}

/* The generation in force (GET_STATUS), or -errno. */
static inline int64_t fz_nl_gen(struct fz_nl *nl)
{
	struct fz_answer a;
	int ret = fz_nl_send(nl, NULL, 0, 0, 0, &a);

	if (ret)
		return ret;
	return a.have_gen ? (int64_t)a.gen : -ENODATA;
}

/* Begin, chunks of at most @chunk bytes, commit: the load's answers. */
struct fz_load {
	int step_error;		/* the first step that failed, its error */
	const char *step;	/* "begin", "chunk", "commit" */
	struct fz_answer commit;
	char msg[200];
};

static inline int fz_nl_load(struct fz_nl *nl, struct fz_msg *m,
			     const void *blob, size_t size, size_t chunk,
			     struct fz_load *ld)
{
	struct fz_answer a;
	size_t off, len;
	int ret;

	memset(ld, 0, sizeof(*ld));
	fz_msg_init(m, nl->family, NLM_F_REQUEST | NLM_F_ACK, SIPC_CMD_LOAD_BEGIN,
		    SIPC_GENL_VERSION);
	fz_msg_u32(m, SIPC_A_LOAD_SIZE, size);
	ld->step = "begin";
	ret = fz_nl_msg(nl, m, &a);
	if (ret || a.error)
		goto out;
	for (off = 0; off < size; off += len) {
		len = size - off < chunk ? size - off : chunk;
		fz_msg_init(m, nl->family, NLM_F_REQUEST | NLM_F_ACK,
			    SIPC_CMD_LOAD_CHUNK, SIPC_GENL_VERSION);
		fz_msg_u32(m, SIPC_A_LOAD_OFFSET, off);
		fz_msg_put(m, SIPC_A_LOAD_DATA, (const char *)blob + off, len);
		ld->step = "chunk";
		ret = fz_nl_msg(nl, m, &a);
		if (ret || a.error)
			goto out;
	}
	fz_msg_init(m, nl->family, NLM_F_REQUEST | NLM_F_ACK, SIPC_CMD_LOAD_COMMIT,
		    SIPC_GENL_VERSION);
	ld->step = "commit";
	ret = fz_nl_msg(nl, m, &a);
	ld->commit = a;
	return ret;
out:
	ld->step_error = ret ? ret : a.error;
	snprintf(ld->msg, sizeof(ld->msg), "%s", a.msg);
	return ret;
}

#endif /* SIPC_FUZZ_NL_H */
