// SPDX-License-Identifier: GPL-2.0
/*
 * sipc selftests: a seeded, bounded fuzzer of the generic netlink family.
 *
 * Several sockets send, in random order: messages with random commands,
 * flags, versions and attribute trees (nested, of wrong types and
 * lengths, cut short); batches of them in one send; messages cut at
 * random; load transactions of valid and mutated policies, in chunks,
 * interleaved across the sockets; and sockets are closed in the middle
 * of their transactions.  After every send a GET_STATUS "sync" collects
 * the answers.  The test passes when:
 *
 *   - every error the family returns is an errno (1..FZ_ERRNO_MAX);
 *   - the generation changes only with an accepted commit, by one;
 *   - a transaction nothing disturbed ends as the policy's validity says
 *     (the independent checker of fuzz_blob.h): accepted or EINVAL;
 *   - LOAD_BEGIN is EBUSY only while another socket may own one;
 *   - the module answers GET_STATUS all along and after, and a policy
 *     still loads (and the harness sees no WARN or oops).
 *
 *   SIPC_FUZZ_SEED    the seed (default: random; always printed)
 *   SIPC_FUZZ_ITERS   iterations (default 20000, about 15 s under TCG)
 *   SIPC_FUZZ_FIRST   the first iteration
 *   SIPC_FUZZ_SECONDS stop after this long whatever is left (default 55)
 *
 * Unlike the blob fuzzer, iterations build on the sockets' state, so a
 * failure replays from SIPC_FUZZ_FIRST=0 with the same seed.
 */
#define _GNU_SOURCE
#include "fuzz_blob.h"
#include "fuzz_nl.h"

#include "common.h"

#define FUZZ_ITERS_DEFAULT	20000
#define NR_SOCKS		4
/* A bound on the time, whatever the iterations: a test never overruns. */
#define FUZZ_SECONDS_DEFAULT	55
#define FAILS_SHOWN		5

struct sock {
	struct fz_nl nl;
	bool may_own;		/* a LOAD_BEGIN of any kind may have begun one */
	/* The transaction this fuzzer drives on the socket. */
	bool tx;
	bool disturbed;		/* another command touched it: no verdict */
	struct fz_blob blob;
	const char *why;	/* the checker's verdict on @blob */
	size_t sent;
};

enum action {
	A_RANDOM, A_BATCH, A_CUT, A_TX, A_CLOSE, A_VALID, NR_ACTIONS
};

static const char *const action_name[NR_ACTIONS] = {
	"random", "batch", "cut", "transaction", "close", "well-formed",
};

static const char *const cmd_name[] = {
	"UNSPEC", "GET_STATUS", "GET_HOOKS", "LOAD_BEGIN", "LOAD_CHUNK",
	"LOAD_COMMIT", "LOAD_ABORT", "SET_MODE", "GET_ROLES", "GET_RULES",
	"GET_TASKS", "EVENT", "AUDIT_HEAD", "AUDIT_CHECK", "GET_DENIALS",
};

struct cover {
	unsigned long action[NR_ACTIONS];
	unsigned long cmd[__SIPC_CMD_LAST + 1];	/* [__SIPC_CMD_LAST]: others */
	unsigned long err[FZ_ERRNO_MAX + 1];	/* [0]: acks */
	unsigned long err_extack[FZ_ERRNO_MAX + 1];
	unsigned long commits_ok, commits_refused, closes_mid_tx, ebusy;
	unsigned long dump_parts, tx_verdicts;
};

struct fuzz {
	struct __test_metadata *meta;
	struct sock s[NR_SOCKS];
	uint16_t family;
	struct fz_msg *m, *batch;
	struct fz_corpus corpus;
	int64_t gen;
	struct cover cov;
	uint64_t seed;
	unsigned long iter, fails;
};

static void fail(struct fuzz *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct fuzz *f, const char *fmt, ...)
{
	va_list ap;

	if (f->fails++ >= FAILS_SHOWN)
		return;
	printf("# FAIL seed 0x%016llx iteration %lu: ",
	       (unsigned long long)f->seed, f->iter);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n#   replay: SIPC_FUZZ_SEED=0x%016llx SIPC_FUZZ_ITERS=%lu "
	       "build/selftests/fuzz_genl_test\n",
	       (unsigned long long)f->seed, f->iter + 1);
}

/* Check what every send got; false when the socket itself failed. */
static bool answered(struct fuzz *f, int ret, const struct fz_answer *a,
		     const char *what)
{
	int i;

	if (ret) {
		fail(f, "%s: no answer to the sync (%s)", what, strerror(-ret));
		return false;
	}
	if (a->bad_errno)
		fail(f, "%s: error %d is no errno", what, a->bad_value);
	if (a->bad_type)
		fail(f, "%s: a message of an unknown type came back", what);
	for (i = 0; i < a->nr_acks && i < 8; i++) {
		int e = -a->errors[i];

		if (e < 0 || e > FZ_ERRNO_MAX)
			continue;
		f->cov.err[e]++;
		f->cov.err_extack[e] += a->extack[i];
	}
	f->cov.dump_parts += a->nr_data;
	if (!a->have_gen) {
		fail(f, "%s: GET_STATUS carried no generation", what);
		return true;
	}
	if (a->commit_seen) {
		if (a->commit_gen != f->gen + 1)
			fail(f, "%s: a commit reported generation %u after %lld",
			     what, a->commit_gen, (long long)f->gen);
		f->gen = a->commit_gen;
		f->cov.commits_ok++;
	}
	if (a->gen != f->gen) {
		fail(f, "%s: generation %u, but %lld was in force and no commit "
		     "was accepted", what, a->gen, (long long)f->gen);
		f->gen = a->gen;
	}
	return true;
}

static void sock_open(struct fuzz *f, struct sock *s)
{
	struct __test_metadata *_metadata = f->meta;

	ASSERT_EQ(0, fz_nl_open(&s->nl, f->family));
	s->may_own = s->tx = s->disturbed = false;
}

/* Another socket than @s may hold a transaction. */
static bool other_may_own(const struct fuzz *f, const struct sock *s)
{
	int i;

	for (i = 0; i < NR_SOCKS; i++)
		if (&f->s[i] != s && f->s[i].may_own)
			return true;
	return false;
}

static uint32_t interesting_u32(struct fz_rng *r)
{
	static const uint32_t v[] = {
		0, 1, 2, 3, 4, 5, 7, 8, 16, 24, 64, 255, 256, 4095, 4096,
		SIPC_LOAD_CHUNK_MAX, SIPC_LOAD_CHUNK_MAX + 1, 65535, 65536,
		SIPC_POLICY_SIZE_MAX, SIPC_POLICY_SIZE_MAX + 1, 0x7fffffff,
		0x80000000, 0xfffffffe, 0xffffffff,
	};

	return fz_chance(r, 80) ? v[fz_below(r, sizeof(v) / sizeof(v[0]))] :
				  (uint32_t)fz_next(r);
}

/* A random attribute tree, @depth levels at most. */
static void random_attrs(struct fz_rng *r, struct fz_msg *m, int depth)
{
	unsigned int n = fz_below(r, depth ? 5 : 7), i;

	for (i = 0; i < n && fz_msg_room(m) > 256; i++) {
		uint16_t type = fz_below(r, SIPC_A_MAX + 3);
		uint8_t data[80];
		size_t len;
		int off;

		if (fz_chance(r, 8))
			type = (uint16_t)fz_next(r);
		else if (fz_chance(r, 8))
			type |= NLA_F_NESTED;
		switch (fz_below(r, 8)) {
		case 0:		/* a nest */
			if (depth >= 3)
				continue;
			off = fz_msg_start(m, type | (fz_chance(r, 70) ? NLA_F_NESTED : 0));
			if (off < 0)
				return;
			random_attrs(r, m, depth + 1);
			fz_msg_end(m, off);
			continue;
		case 1:
			fz_msg_u32(m, type, interesting_u32(r));
			continue;
		case 2: {	/* a string, or not quite */
			static const char *const names[] = {
				"unconfined", "a", "web", "db", "q1", "none",
				"r.1-_x", "", "no such role", "\xe9t\xe9",
				"0123456789012345678901234567890123456789012345678901234567890123",
			};
			const char *s = names[fz_below(r, sizeof(names) / sizeof(names[0]))];

			len = strlen(s) + (fz_chance(r, 80) ? 1 : 0);
			fz_msg_put(m, type, s, len);
			continue;
		}
		case 3:		/* a big LOAD_DATA */
			if (fz_chance(r, 70)) {
				static uint8_t big[SIPC_LOAD_CHUNK_MAX + 8];

				len = SIPC_LOAD_CHUNK_MAX - 1 + fz_below(r, 3);
				if ((int)len < fz_msg_room(m))
					fz_msg_put(m, SIPC_A_LOAD_DATA, big, len);
			}
			continue;
		default:	/* 0..80 random bytes; sizes of the scalar types */
			len = fz_chance(r, 50) ? (size_t[]){ 0, 1, 2, 4, 8 }[fz_below(r, 5)] :
						 fz_below(r, sizeof(data) + 1);
			for (size_t k = 0; k < len; k++)
				data[k] = (uint8_t)fz_next(r);
			fz_msg_put(m, type, data, len);
		}
	}
}

/* A random message; returns its command. */
static uint8_t random_msg(struct fuzz *f, struct fz_rng *r, struct fz_msg *m)
{
	uint16_t flags = 0;
	uint8_t cmd, version = SIPC_GENL_VERSION;

	cmd = fz_chance(r, 85) ? fz_below(r, __SIPC_CMD_LAST + 1) : (uint8_t)fz_next(r);
	if (fz_chance(r, 95))
		flags |= NLM_F_REQUEST;
	if (fz_chance(r, 80))
		flags |= NLM_F_ACK;
	if (fz_chance(r, 30))
		flags |= NLM_F_DUMP;
	if (fz_chance(r, 10))
		flags |= (uint16_t)fz_next(r) & 0x0f18;	/* ECHO, DUMP_INTR, create flags */
	if (fz_chance(r, 8))
		version = (uint8_t)fz_next(r);
	fz_msg_init(m, fz_chance(r, 97) ? f->family : fz_below(r, NLMSG_MIN_TYPE),
		    flags, cmd, version);
	if (fz_chance(r, 8))
		((struct genlmsghdr *)(m->buf + NLMSG_HDRLEN))->reserved =
			(uint16_t)fz_next(r);
	random_attrs(r, m, 0);
	/* A last attribute longer than what is left. */
	if (m->len > NLMSG_HDRLEN + GENL_HDRLEN && fz_chance(r, 8)) {
		struct nlattr *nla = (void *)(m->buf + NLMSG_HDRLEN + GENL_HDRLEN);

		nla->nla_len += 4 * (1 + fz_below(r, 8));
	}
	f->cov.cmd[cmd < __SIPC_CMD_LAST ? cmd : __SIPC_CMD_LAST]++;
	return cmd;
}

static bool is_load(uint8_t cmd)
{
	return cmd >= SIPC_CMD_LOAD_BEGIN && cmd <= SIPC_CMD_LOAD_ABORT;
}

/* A random message touched @s's state the fuzzer keeps. */
static void touched(struct sock *s, uint8_t cmd)
{
	if (!is_load(cmd))
		return;
	if (s->tx)
		s->disturbed = true;
	if (cmd == SIPC_CMD_LOAD_BEGIN)
		s->may_own = true;
}

static void act_random(struct fuzz *f, struct fz_rng *r, struct sock *s)
{
	struct fz_answer a;
	uint8_t cmd = random_msg(f, r, f->m);

	touched(s, cmd);
	answered(f, fz_nl_msg(&s->nl, f->m, &a), &a, "a random message");
}

/* Two to four random messages in one send. */
static void act_batch(struct fuzz *f, struct fz_rng *r, struct sock *s)
{
	unsigned int n = 2 + fz_below(r, 3), i;
	uint32_t first = s->nl.seq + 1;
	struct fz_answer a;
	size_t len = 0;

	for (i = 0; i < n; i++) {
		uint8_t cmd = random_msg(f, r, f->m);

		if (len + f->m->len > sizeof(f->batch->buf))
			break;
		touched(s, cmd);
		f->m->nlh.nlmsg_seq = ++s->nl.seq;
		f->m->nlh.nlmsg_len = f->m->len;
		memcpy(f->batch->buf + len, f->m->buf, f->m->len);
		len += f->m->len;
	}
	answered(f, fz_nl_send(&s->nl, f->batch->buf, len, first, s->nl.seq, &a),
		 &a, "a batch");
}

/* A message cut short: in its length field, or in what is sent. */
static void act_cut(struct fuzz *f, struct fz_rng *r, struct sock *s)
{
	struct fz_answer a;
	uint8_t cmd = random_msg(f, r, f->m);
	size_t len = f->m->len;

	touched(s, cmd);
	f->m->nlh.nlmsg_seq = ++s->nl.seq;
	f->m->nlh.nlmsg_len = len;
	switch (fz_below(r, 3)) {
	case 0:		/* the header says less than is sent */
		f->m->nlh.nlmsg_len = fz_below(r, len + 1);
		break;
	case 1:		/* less is sent than the header says */
		len = 1 + fz_below(r, len);
		break;
	default:	/* the genetlink header, or part of it, only */
		f->m->nlh.nlmsg_len = NLMSG_HDRLEN + fz_below(r, GENL_HDRLEN + 1);
		len = f->m->nlh.nlmsg_len;
	}
	answered(f, fz_nl_send(&s->nl, f->m->buf, len, s->nl.seq, s->nl.seq, &a),
		 &a, "a cut message");
}

/* One step of the transaction this fuzzer drives on @s. */
static void act_tx(struct fuzz *f, struct fz_rng *r, struct sock *s)
{
	struct fz_msg *m = f->m;
	struct fz_answer a;
	int want;

	if (!s->tx) {
		const struct fz_blob *base = &f->corpus.blob[fz_below(r, f->corpus.nr)];
		struct fz_stats st = { 0 };

		if (fz_blob_set(&s->blob, base->data, base->size))
			return;
		if (fz_chance(r, 50))
			fz_mutate(r, &s->blob, &st);
		s->why = fz_check(s->blob.data, s->blob.size, NULL);
		fz_msg_init(m, f->family, NLM_F_REQUEST | NLM_F_ACK,
			    SIPC_CMD_LOAD_BEGIN, SIPC_GENL_VERSION);
		fz_msg_u32(m, SIPC_A_LOAD_SIZE, s->blob.size);
		f->cov.cmd[SIPC_CMD_LOAD_BEGIN]++;
		if (!answered(f, fz_nl_msg(&s->nl, m, &a), &a, "LOAD_BEGIN"))
			return;
		if (a.error == -EBUSY) {
			f->cov.ebusy++;
			if (!other_may_own(f, s))
				fail(f, "LOAD_BEGIN: EBUSY, but no other socket may "
				     "hold a transaction");
			return;
		}
		if (a.error) {
			fail(f, "LOAD_BEGIN of %zu bytes: %s (%s)", s->blob.size,
			     strerror(-a.error), a.msg);
			return;
		}
		s->tx = s->may_own = true;
		s->disturbed = false;
		s->sent = 0;
		return;
	}
	if (s->sent < s->blob.size && fz_chance(r, 90)) {
		size_t left = s->blob.size - s->sent;
		size_t len = fz_chance(r, 50) ? left : 1 + fz_below(r, left);
		uint32_t off = s->sent;
		bool wrong = fz_chance(r, 5);

		if (len > SIPC_LOAD_CHUNK_MAX)
			len = SIPC_LOAD_CHUNK_MAX;
		if (wrong)
			off += fz_chance(r, 50) ? 1 : -1;
		fz_msg_init(m, f->family, NLM_F_REQUEST | NLM_F_ACK,
			    SIPC_CMD_LOAD_CHUNK, SIPC_GENL_VERSION);
		fz_msg_u32(m, SIPC_A_LOAD_OFFSET, off);
		fz_msg_put(m, SIPC_A_LOAD_DATA, s->blob.data + s->sent, len);
		f->cov.cmd[SIPC_CMD_LOAD_CHUNK]++;
		if (!answered(f, fz_nl_msg(&s->nl, m, &a), &a, "LOAD_CHUNK"))
			return;
		if (wrong) {
			if (!a.error && !s->disturbed)
				fail(f, "LOAD_CHUNK at %u, not %zu, was taken", off,
				     s->sent);
			s->disturbed = true;
			return;
		}
		if (a.error && !s->disturbed)
			fail(f, "LOAD_CHUNK of %zu bytes at %u: %s (%s)", len, off,
			     strerror(-a.error), a.msg);
		if (!a.error)
			s->sent += len;
		return;
	}
	if (fz_chance(r, 10)) {
		fz_msg_init(m, f->family, NLM_F_REQUEST | NLM_F_ACK,
			    SIPC_CMD_LOAD_ABORT, SIPC_GENL_VERSION);
		f->cov.cmd[SIPC_CMD_LOAD_ABORT]++;
		if (!answered(f, fz_nl_msg(&s->nl, m, &a), &a, "LOAD_ABORT"))
			return;
		if (a.error && !s->disturbed)
			fail(f, "LOAD_ABORT: %s (%s)", strerror(-a.error), a.msg);
		s->tx = s->may_own = false;
		return;
	}
	fz_msg_init(m, f->family, NLM_F_REQUEST | NLM_F_ACK, SIPC_CMD_LOAD_COMMIT,
		    SIPC_GENL_VERSION);
	f->cov.cmd[SIPC_CMD_LOAD_COMMIT]++;
	if (!answered(f, fz_nl_msg(&s->nl, m, &a), &a, "LOAD_COMMIT"))
		return;
	s->tx = s->may_own = false;
	if (a.error)
		f->cov.commits_refused++;
	if (s->disturbed)
		return;
	f->cov.tx_verdicts++;
	if (s->sent < s->blob.size) {
		want = -EINVAL;		/* incomplete */
	} else {
		want = s->why ? -EINVAL : 0;
	}
	if (a.error != want)
		fail(f, "LOAD_COMMIT of %zu of %zu bytes (checker: %s): %s (%s)",
		     s->sent, s->blob.size, s->why ? s->why : "valid",
		     a.error ? strerror(-a.error) : "accepted", a.msg);
	else if (!a.error && !a.commit_seen)
		fail(f, "LOAD_COMMIT accepted without a reply");
}

static void act_close(struct fuzz *f, struct fz_rng *r)
{
	struct sock *s = &f->s[fz_below(r, NR_SOCKS)];
	int i;

	/* Prefer a socket in the middle of a transaction. */
	for (i = 0; i < NR_SOCKS; i++)
		if (f->s[i].tx && fz_chance(r, 70))
			s = &f->s[i];
	if (s->tx)
		f->cov.closes_mid_tx++;
	fz_nl_close(&s->nl);
	sock_open(f, s);
}

/* Commands as a client would send them. */
static void act_valid(struct fuzz *f, struct fz_rng *r, struct sock *s)
{
	static const struct { uint8_t cmd; uint16_t flags; } ops[] = {
		{ SIPC_CMD_GET_STATUS, 0 }, { SIPC_CMD_GET_HOOKS, NLM_F_DUMP },
		{ SIPC_CMD_GET_ROLES, NLM_F_DUMP }, { SIPC_CMD_GET_RULES, NLM_F_DUMP },
		{ SIPC_CMD_GET_TASKS, NLM_F_DUMP }, { SIPC_CMD_SET_MODE, 0 },
		{ SIPC_CMD_GET_DENIALS, NLM_F_DUMP },
	};
	unsigned int i = fz_below(r, sizeof(ops) / sizeof(ops[0]));
	struct fz_answer a;

	fz_msg_init(f->m, f->family, NLM_F_REQUEST | NLM_F_ACK | ops[i].flags,
		    ops[i].cmd, SIPC_GENL_VERSION);
	if (ops[i].cmd == SIPC_CMD_SET_MODE) {
		fz_msg_u32(f->m, SIPC_A_MODE, fz_below(r, __SIPC_MODE_LAST + 1));
		if (fz_chance(r, 60))
			fz_msg_put(f->m, SIPC_A_ROLE_NAME,
				   (const char *[]){ "a", "web", "db", "q1", "none" }
				   [fz_below(r, 5)], 2);
	}
	f->cov.cmd[ops[i].cmd]++;
	answered(f, fz_nl_msg(&s->nl, f->m, &a), &a, "a well-formed command");
}

static void print_cover(const struct fuzz *f)
{
	const struct cover *c = &f->cov;
	unsigned int i;

	printf("# actions:");
	for (i = 0; i < NR_ACTIONS; i++)
		printf(" %s=%lu", action_name[i], c->action[i]);
	printf("\n# commands sent:");
	for (i = 0; i < __SIPC_CMD_LAST; i++)
		printf(" %s=%lu", cmd_name[i], c->cmd[i]);
	printf(" other=%lu\n# answers (with an extack message):", c->cmd[__SIPC_CMD_LAST]);
	for (i = 0; i <= FZ_ERRNO_MAX; i++)
		if (c->err[i])
			printf(" %s=%lu(%lu)", i ? strerrorname_np(i) : "ack",
			       c->err[i], c->err_extack[i]);
	printf("\n# commits accepted=%lu refused=%lu, verdicts checked=%lu, "
	       "EBUSY=%lu, closes mid-transaction=%lu, reply messages=%lu\n",
	       c->commits_ok, c->commits_refused, c->tx_verdicts, c->ebusy,
	       c->closes_mid_tx, c->dump_parts);
}

TEST(fuzz)
{
	unsigned long iters = fz_env("SIPC_FUZZ_ITERS", FUZZ_ITERS_DEFAULT);
	unsigned long first = fz_env("SIPC_FUZZ_FIRST", 0);
	unsigned long seconds = fz_env("SIPC_FUZZ_SECONDS", FUZZ_SECONDS_DEFAULT);
	struct fuzz *f = calloc(1, sizeof(*f));
	struct timespec t0, t1;
	struct fz_answer a;
	int family, i;

	ASSERT_NE(NULL, f);
	setvbuf(stdout, NULL, _IOLBF, 0);
	f->meta = _metadata;
	f->seed = fz_seed();
	printf("# seed 0x%016llx, iterations %lu..%lu (SIPC_FUZZ_SEED, "
	       "SIPC_FUZZ_FIRST, SIPC_FUZZ_ITERS)\n",
	       (unsigned long long)f->seed, first, first + iters - 1);
	family = fz_nl_family();
	ASSERT_LT(0, family);
	f->family = family;
	f->m = calloc(1, sizeof(*f->m));
	f->batch = calloc(1, sizeof(*f->batch));
	ASSERT_NE(NULL, f->m);
	ASSERT_NE(NULL, f->batch);
	ASSERT_EQ(0, fz_corpus_build(&f->corpus, f->seed, stderr));
	for (i = 0; i < NR_SOCKS; i++)
		sock_open(f, &f->s[i]);
	f->gen = fz_nl_gen(&f->s[0].nl);
	ASSERT_LE(0, f->gen);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (f->iter = first; f->iter < first + iters; f->iter++) {
		struct fz_rng r;
		struct sock *s;
		enum action act;
		unsigned int p;

		fz_rng_init(&r, f->seed, f->iter);
		s = &f->s[fz_below(&r, NR_SOCKS)];
		p = fz_below(&r, 100);
		act = p < 35 ? A_RANDOM : p < 45 ? A_BATCH : p < 55 ? A_CUT :
		      p < 88 ? A_TX : p < 93 ? A_CLOSE : A_VALID;
		f->cov.action[act]++;
		switch (act) {
		case A_RANDOM: act_random(f, &r, s); break;
		case A_BATCH: act_batch(f, &r, s); break;
		case A_CUT: act_cut(f, &r, s); break;
		case A_TX:
			/* Mostly the socket with a transaction: let them end. */
			for (i = 0; i < NR_SOCKS; i++)
				if (f->s[i].tx && fz_chance(&r, 80))
					s = &f->s[i];
			act_tx(f, &r, s);
			break;
		case A_CLOSE: act_close(f, &r); break;
		default: act_valid(f, &r, s); break;
		}
		if (f->fails > 100)
			break;
		if (fz_elapsed(&t0) > seconds) {
			printf("# time limit: stopped after %lu of %lu iterations\n",
			       f->iter + 1 - first, iters);
			f->iter++;
			break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_cover(f);
	printf("# %lu iterations, %lu failures; %.1f s\n", f->iter - first, f->fails,
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);

	/* Close everything: no transaction is left, and the module answers. */
	for (i = 0; i < NR_SOCKS; i++)
		fz_nl_close(&f->s[i].nl);
	sock_open(f, &f->s[0]);
	EXPECT_EQ(0, fz_nl_send(&f->s[0].nl, NULL, 0, 0, 0, &a));
	EXPECT_TRUE(a.have_gen);
	EXPECT_EQ(f->gen, a.gen);
	EXPECT_EQ(0, f->fails) {
		TH_LOG("seed 0x%016llx: %lu failures", (unsigned long long)f->seed,
		       f->fails);
	}
	fz_nl_close(&f->s[0].nl);
	/* A policy still loads (and puts the permissive one back). */
	policy_reset();
	for (i = 0; i < NR_SOCKS; i++)
		fz_blob_free(&f->s[i].blob);
	fz_corpus_free(&f->corpus);
	free(f->m);
	free(f->batch);
	free(f);
}


/*
 * The harness kills a test after its timeout, 30 s unless told: the
 * fuzzer's is its time limit (SIPC_FUZZ_SECONDS) and a margin.
 */
static void __attribute__((constructor)) __constructor_order_last(void)
{
	if (!__constructor_order)
		__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD;
}

int main(int argc, char **argv)
{
	_fuzz_object.timeout = fz_env("SIPC_FUZZ_SECONDS", FUZZ_SECONDS_DEFAULT) + 60;
	return test_harness_run(argc, argv);
}
