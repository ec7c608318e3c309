// SPDX-License-Identifier: GPL-2.0
/*
 * sipc policy selftests: POSIX message queues under a loaded policy.
 *
 * A queue has the role of the `label mqueue` glob its name matches
 * (/sipc-test-* is server in selftests/policy/mq_*.sipc), else its
 * creator's.  mq_open creating needs {create}, opening for reading
 * {receive}, for writing {send}; mq_unlink {destroy}.
 */
#define _GNU_SOURCE
#include <mqueue.h>

#include "common.h"

#define MQ_NAME		"/sipc-test-q"
#define MQ_NEW		"/sipc-test-new"
#define MQ_OWN		"/sipc-own-new"

static void mq_remove_all(void)
{
	mq_unlink(MQ_NAME);
	mq_unlink(MQ_NEW);
	mq_unlink(MQ_OWN);
}

static mqd_t mq_create(const char *name)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 16 };

	return mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0666,
		       &attr);
}

/* mq-create NAME EXPECT */
static int helper_mq_create(int argc, char **argv)
{
	if (argc != 3)
		return SIPC_HELPER_BROKEN;
	sipc_expect("mq_open(O_CREAT)", sipc_err(mq_create(argv[1])),
		    sipc_errno_parse(argv[2]));
	return 0;
}

/*
 * mq-op OP EXPECT: open MQ_NAME for sending (then send) or receiving
 * (then receive what the creator left), or unlink it.
 */
static int helper_mq_op(int argc, char **argv)
{
	char buf[16];
	mqd_t q;
	int err;

	if (argc != 3)
		return SIPC_HELPER_BROKEN;
	if (!strcmp(argv[1], "unlink")) {
		sipc_expect("mq_unlink", sipc_err(mq_unlink(MQ_NAME)),
			    sipc_errno_parse(argv[2]));
		return 0;
	}
	if (!strcmp(argv[1], "send")) {
		q = mq_open(MQ_NAME, O_WRONLY | O_CLOEXEC);
		err = sipc_err(q);
		if (sipc_expect("mq_open(O_WRONLY)", err,
				sipc_errno_parse(argv[2])) && !err)
			sipc_expect("mq_send", sipc_err(mq_send(q, "m", 1, 0)),
				    0);
		return 0;
	}
	q = mq_open(MQ_NAME, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	err = sipc_err(q);
	if (sipc_expect("mq_open(O_RDONLY)", err, sipc_errno_parse(argv[2])) &&
	    !err)
		sipc_expect("mq_receive",
			    sipc_err(mq_receive(q, buf, sizeof(buf), NULL)), 0);
	return 0;
}

/* mq-fill: open MQ_NAME and leave a message in it. */
static int helper_mq_fill(int argc, char **argv)
{
	mqd_t q;

	(void)argc;
	(void)argv;
	q = mq_open(MQ_NAME, O_WRONLY | O_CLOEXEC);
	if (q < 0 || mq_send(q, "f", 1, 0))
		helper_broken("filling " MQ_NAME);
	return 0;
}

static const struct sipc_helper helpers[] = {
	{ "mq-create", helper_mq_create },
	{ "mq-op", helper_mq_op },
	{ "mq-fill", helper_mq_fill },
};

FIXTURE(mq) {
};

FIXTURE_VARIANT(mq) {
	const char *policy;
	const char *op;		/* send, receive, unlink; create: NAME */
	const char *name;	/* created by client, for op "create" */
	const char *expect;
};

/* client -mq_open(O_WRONLY), mq_send-> /sipc-test-q (server), {send}: ok */
FIXTURE_VARIANT_ADD(mq, open_send_allowed) {
	.policy = "mq_send", .op = "send", .expect = "0",
};

/* client -mq_open(O_WRONLY)-> /sipc-test-q (server), no rule: EACCES */
FIXTURE_VARIANT_ADD(mq, open_send_denied) {
	.policy = "mq_none", .op = "send", .expect = "EACCES",
};

/* client -mq_open(O_RDONLY), mq_receive-> /sipc-test-q, {receive}: ok */
FIXTURE_VARIANT_ADD(mq, open_receive_allowed) {
	.policy = "mq_all", .op = "receive", .expect = "0",
};

/* client -mq_open(O_RDONLY)-> /sipc-test-q (server), {send} only: EACCES */
FIXTURE_VARIANT_ADD(mq, open_receive_denied) {
	.policy = "mq_send", .op = "receive", .expect = "EACCES",
};

/* client -mq_unlink-> /sipc-test-q (server), {destroy}: ok */
FIXTURE_VARIANT_ADD(mq, unlink_allowed) {
	.policy = "mq_all", .op = "unlink", .expect = "0",
};

/* client -mq_unlink-> /sipc-test-q (server), {send} only: EACCES */
FIXTURE_VARIANT_ADD(mq, unlink_denied) {
	.policy = "mq_send", .op = "unlink", .expect = "EACCES",
};

/* client -mq_open(O_CREAT)-> /sipc-test-new (label server), {create}: ok */
FIXTURE_VARIANT_ADD(mq, create_allowed) {
	.policy = "mq_all", .op = "create", .name = MQ_NEW, .expect = "0",
};

/* client -mq_open(O_CREAT)-> /sipc-test-new (server), {send}: EACCES */
FIXTURE_VARIANT_ADD(mq, create_denied) {
	.policy = "mq_send", .op = "create", .name = MQ_NEW,
	.expect = "EACCES",
};

/* client -mq_open(O_CREAT)-> /sipc-own-new (unlabeled: client), self: ok */
FIXTURE_VARIANT_ADD(mq, create_own_allowed) {
	.policy = "mq_selfcreate", .op = "create", .name = MQ_OWN,
	.expect = "0",
};

/*
 * client -mq_open(O_CREAT)-> /sipc-test-new: the label makes it server's,
 * client may only create its own: EACCES
 */
FIXTURE_VARIANT_ADD(mq, create_labeled_denied) {
	.policy = "mq_selfcreate", .op = "create", .name = MQ_NEW,
	.expect = "EACCES",
};

FIXTURE_SETUP(mq)
{
	roles_install("server", "client");
	mq_remove_all();
	policy_load(variant->policy);
	ASSERT_EQ(0, run_in("server", "mq-create", MQ_NAME, "0"));
	ASSERT_EQ(0, run_in("server", "mq-fill"));
}

FIXTURE_TEARDOWN(mq)
{
	policy_reset();
	mq_remove_all();
}

TEST_F(mq, op)
{
	if (!strcmp(variant->op, "create")) {
		ASSERT_EQ(0, run_in("client", "mq-create",
				    (char *)variant->name,
				    (char *)variant->expect));
	} else {
		ASSERT_EQ(0, run_in("client", "mq-op", (char *)variant->op,
				    (char *)variant->expect));
	}
}

SIPC_POLICY_MAIN(helpers)
