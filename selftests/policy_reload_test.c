// SPDX-License-Identifier: GPL-2.0
/*
 * sipc policy selftests: confined IPC keeps working while the policy is
 * replaced, and while the module is unloaded and loaded again.
 *
 * A server and a client, each confined, play ping-pong over two pipes, a
 * socketpair and a message queue (selftests/policy/pingpong_*.sipc allow
 * all of it) until told to stop; every failed round trip fails the test.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/utsname.h>

#include "common.h"

#define PP_KEY		0x5ec10010
#define RELOADS		20

struct msgbuf1 {
	long mtype;
	char mtext[1];
};

/* Wait up to 5 s for a byte on @fd and read it: 0 or an errno. */
static int get_byte(int fd)
{
	char c;

	if (!sipc_readable(fd, 5000))
		return ETIMEDOUT;
	if (read(fd, &c, 1) != 1)
		return errno ? errno : ENODATA;
	return 0;
}

/*
 * One round trip on each channel; @server answers what @client asks.
 * Returns the number of failed steps.
 */
static int round_trip(bool server, int in, int out, int sk, int q)
{
	struct msgbuf1 m = { 1, { 'q' } };
	int failed = 0;

	if (server) {
		failed += !sipc_expect("pipe read", get_byte(in), 0);
		failed += !sipc_expect("pipe write",
				       sipc_err(write(out, "p", 1)), 0);
		failed += !sipc_expect("socket recv", get_byte(sk), 0);
		failed += !sipc_expect("socket send",
				       sipc_err(send(sk, "s", 1, 0)), 0);
		failed += !sipc_expect("msgrcv",
				       sipc_err(msgrcv(q, &m, 1, 1, 0)), 0);
		m.mtype = 2;
		failed += !sipc_expect("msgsnd",
				       sipc_err(msgsnd(q, &m, 1, 0)), 0);
		return failed;
	}
	errno = 0;
	failed += !sipc_expect("pipe write", sipc_err(write(out, "p", 1)), 0);
	failed += !sipc_expect("pipe read", get_byte(in), 0);
	failed += !sipc_expect("socket send", sipc_err(send(sk, "s", 1, 0)), 0);
	failed += !sipc_expect("socket recv", get_byte(sk), 0);
	failed += !sipc_expect("msgsnd", sipc_err(msgsnd(q, &m, 1, 0)), 0);
	failed += !sipc_expect("msgrcv", sipc_err(msgrcv(q, &m, 1, 2, 0)), 0);
	return failed;
}

/*
 * pp-client IN OUT SK: play until "stop", then report the round trips in
 * SIPC_RUN_DIR/trips (a regular file: not mediated).
 */
static int helper_pp_client(int argc, char **argv)
{
	int in, out, sk, q, trips = 0;
	FILE *f;

	if (argc != 4)
		return SIPC_HELPER_BROKEN;
	in = atoi(argv[1]);
	out = atoi(argv[2]);
	sk = atoi(argv[3]);
	q = msgget(PP_KEY, 0);
	if (q < 0)
		helper_broken("msgget");
	alarm(60);
	sipc_touch("playing");
	while (!sipc_touched("stop")) {
		if (round_trip(false, in, out, sk, q))
			break;
		trips++;
	}
	/* Tell the server the game is over: a zero byte. */
	close(out);
	f = fopen(SIPC_RUN_DIR "/trips", "w");
	if (f) {
		fprintf(f, "%d\n", trips);
		fclose(f);
	}
	fprintf(stderr, "# pp-client: %d round trips\n", trips);
	return 0;
}

/* pp-server: make the channels, exec the client, answer until it ends. */
static int helper_pp_server(int argc, char **argv)
{
	int c2s[2], s2c[2], sk[2], q, failed = 0;
	char *args[5] = { "pp-client" };
	pid_t pid;

	(void)argc;
	(void)argv;
	q = msgget(PP_KEY, IPC_CREAT | 0600);
	if (q < 0)
		helper_broken("msgget");
	if (pipe2(c2s, O_CLOEXEC) || pipe2(s2c, O_CLOEXEC) ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sk))
		helper_broken("channels");
	args[1] = sipc_num(dup(s2c[0]));
	args[2] = sipc_num(dup(c2s[1]));
	args[3] = sipc_num(dup(sk[1]));
	pid = sipc_spawn_argv("client", args);
	close(atoi(args[1]));
	close(atoi(args[2]));
	close(atoi(args[3]));
	close(c2s[1]);
	alarm(60);
	for (;;) {
		struct pollfd p = { .fd = c2s[0], .events = POLLIN };

		/* The client closing its pipe end ends the game. */
		if (poll(&p, 1, 5000) <= 0 || !(p.revents & POLLIN))
			break;
		failed += round_trip(true, c2s[0], s2c[1], sk[0], q);
		if (failed)
			break;
	}
	sipc_expect("client", sipc_wait(pid), 0);
	return 0;
}

static const struct sipc_helper helpers[] = {
	{ "pp-client", helper_pp_client },
	{ "pp-server", helper_pp_server },
};

static void pp_remove(void)
{
	int id = msgget(PP_KEY, 0);

	if (id >= 0)
		msgctl(id, IPC_RMID, NULL);
}

/* The round trips the client reported, or -1. */
static int pp_trips(void)
{
	FILE *f = fopen(SIPC_RUN_DIR "/trips", "r");
	int trips = -1;

	if (f) {
		if (fscanf(f, "%d", &trips) != 1)
			trips = -1;
		fclose(f);
	}
	return trips;
}

static bool sipc_module_loaded(void)
{
	return !sipc_sh("grep -q '^sipc ' /proc/modules");
}

static int sipc_module_insert(void)
{
	struct utsname u;

	uname(&u);
	return sipc_sh("insmod %s/build/%s/kernel/sipc.ko inject=1",
		       sipc_root(), u.release);
}

FIXTURE(pingpong) {
	pid_t server;
};

FIXTURE_SETUP(pingpong)
{
	self->server = -1;
	roles_install("server", "client");
	pp_remove();
}

FIXTURE_TEARDOWN(pingpong)
{
	sipc_touch("stop");
	if (!sipc_module_loaded())
		EXPECT_EQ(0, sipc_module_insert());
	policy_reset();
	sipc_reap(self->server);
	pp_remove();
}

/* server <-pipes, socketpair, queue-> client while 20 reloads A/B */
TEST_F(pingpong, reload)
{
	int i, trips;

	policy_load("pingpong_a");
	self->server = spawn("server", "pp-server");
	ASSERT_TRUE(sipc_wait_file("playing", 10000));
	for (i = 0; i < RELOADS; i++) {
		policy_load(i % 2 ? "pingpong_a" : "pingpong_b");
		sipc_sleep_ms(20);
	}
	sipc_touch("stop");
	ASSERT_EQ(0, sipc_wait(self->server));
	self->server = -1;
	trips = pp_trips();
	TH_LOG("%d round trips across %d reloads", trips, RELOADS);
	ASSERT_LT(0, trips);
}

/*
 * server <-pipes, socketpair, queue-> client while sipc is unloaded
 * (rmmod), inserted again and given a policy again.
 */
TEST_F(pingpong, rmmod_insmod)
{
	int trips;

	policy_load("pingpong_a");
	self->server = spawn("server", "pp-server");
	ASSERT_TRUE(sipc_wait_file("playing", 10000));
	sipc_sleep_ms(100);
	ASSERT_EQ(0, sipc_sh("rmmod sipc"));
	sipc_sleep_ms(100);
	ASSERT_EQ(0, sipc_module_insert());
	sipc_sleep_ms(100);
	/* Channels made while sipc was away are unconfined objects. */
	policy_load("pingpong_unlabeled");
	sipc_sleep_ms(200);
	sipc_touch("stop");
	ASSERT_EQ(0, sipc_wait(self->server));
	self->server = -1;
	trips = pp_trips();
	TH_LOG("%d round trips across rmmod and insmod", trips);
	ASSERT_LT(0, trips);
}

SIPC_POLICY_MAIN(helpers)
