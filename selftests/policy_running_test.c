// SPDX-License-Identifier: GPL-2.0
/*
 * sipc policy selftests: a policy meets objects that existed before it.
 *
 * Objects made before a load have no label of their own.  Those held by
 * processes of one role only take that role; those an unconfined process
 * shares with a confined one stay unconfined, out of the confined one's
 * reach; and a label a reload adds reaches the socket already bound to
 * the name (Documentation/policy.rst, "A running system").  The stress
 * workload of the same story is policy_running_test.sh.
 */
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "common.h"

#define DB_SOCK		SIPC_RUN_DIR "/db.sock"

struct msgbuf1 {
	long mtype;
	char mtext[1];
};

/*
 * client-pre PIPE SOCK QUEUE: before the policy, make a pipe of its own
 * and use what the unconfined test shares with it; once the policy is in
 * force ("loaded"), only its own pipe may still be written.
 */
static int helper_client_pre(int argc, char **argv)
{
	struct msgbuf1 m = { 1, { 'c' } };
	int shared, sk, q, own[2];

	if (argc != 4)
		return SIPC_HELPER_BROKEN;
	shared = atoi(argv[1]);
	sk = atoi(argv[2]);
	q = atoi(argv[3]);
	if (pipe(own))
		helper_broken("pipe");
	sipc_expect("own pipe, before", sipc_err(write(own[1], "o", 1)), 0);
	sipc_expect("shared pipe, before", sipc_err(write(shared, "s", 1)), 0);
	sipc_expect("socket, before", sipc_err(send(sk, "k", 1, 0)), 0);
	sipc_expect("msgsnd, before", sipc_err(msgsnd(q, &m, 1, 0)), 0);
	sipc_touch("ready");
	if (!sipc_wait_file("loaded", 15000))
		helper_broken("no policy came");
	sipc_expect("own pipe", sipc_err(write(own[1], "o", 1)), 0);
	sipc_expect("own pipe, read", sipc_err(read(own[0], m.mtext, 1)), 0);
	sipc_expect("shared pipe", sipc_err(write(shared, "s", 1)), EACCES);
	sipc_expect("socket send", sipc_err(send(sk, "k", 1, 0)), EACCES);
	sipc_expect("socket recv",
		    sipc_err(recv(sk, m.mtext, 1, MSG_DONTWAIT)), EACCES);
	sipc_expect("msgsnd", sipc_err(msgsnd(q, &m, 1, IPC_NOWAIT)), EACCES);
	return 0;
}

/* sock-server: listen on DB_SOCK until "stop". */
static int helper_sock_server(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	(void)argc;
	(void)argv;
	strcpy(addr.sun_path, DB_SOCK);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		helper_broken("socket");
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || listen(fd, 8))
		helper_broken("bind %s", DB_SOCK);
	sipc_touch("listening");
	if (!sipc_wait_file("stop", 15000))
		helper_broken("not stopped");
	close(fd);
	return 0;
}

/* sock-connect WANT: connect to DB_SOCK, expecting WANT. */
static int helper_sock_connect(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (argc != 2)
		return SIPC_HELPER_BROKEN;
	strcpy(addr.sun_path, DB_SOCK);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		helper_broken("socket");
	sipc_expect("connect",
		    sipc_err(connect(fd, (struct sockaddr *)&addr,
				     sizeof(addr))),
		    sipc_errno_parse(argv[1]));
	close(fd);
	return 0;
}

/*
 * pending-server: before the policy, listen on DB_SOCK and connect to
 * it, leaving the connection unaccepted; once the policy is in force,
 * accept it and talk over it both ways.
 */
static int helper_pending_server(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int lfd, cfd, afd;
	char c;

	(void)argc;
	(void)argv;
	strcpy(addr.sun_path, DB_SOCK);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	cfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lfd < 0 || cfd < 0)
		helper_broken("socket");
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) || listen(lfd, 8))
		helper_broken("bind %s", DB_SOCK);
	if (connect(cfd, (struct sockaddr *)&addr, sizeof(addr)))
		helper_broken("connect");
	sipc_touch("ready");
	if (!sipc_wait_file("loaded", 15000))
		helper_broken("no policy came");
	afd = accept(lfd, NULL, NULL);
	if (afd < 0)
		helper_broken("accept");
	sipc_expect("send to the waiting end", sipc_err(send(cfd, "k", 1, 0)), 0);
	sipc_expect("receive on it", sipc_err(recv(afd, &c, 1, 0)), 0);
	sipc_expect("send back", sipc_err(send(afd, "k", 1, 0)), 0);
	sipc_expect("receive the answer", sipc_err(recv(cfd, &c, 1, 0)), 0);
	return 0;
}

/*
 * closed-ends: before the policy, make two connections to its own
 * listener and close one end of each, the server's of one, the client's
 * of the other, leaving data in the open end; once the policy is in
 * force, read it.  A read on an end is checked against the closed one,
 * which is in no descriptor table: it must be the server's own.
 */
static int helper_closed_ends(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int lfd, c1, a1, c2, a2;
	char c;

	(void)argc;
	(void)argv;
	strcpy(addr.sun_path, DB_SOCK);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	c1 = socket(AF_UNIX, SOCK_STREAM, 0);
	c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lfd < 0 || c1 < 0 || c2 < 0)
		helper_broken("socket");
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) || listen(lfd, 8))
		helper_broken("bind %s", DB_SOCK);
	if (connect(c1, (struct sockaddr *)&addr, sizeof(addr)) ||
	    connect(c2, (struct sockaddr *)&addr, sizeof(addr)))
		helper_broken("connect");
	a1 = accept(lfd, NULL, NULL);
	a2 = accept(lfd, NULL, NULL);
	if (a1 < 0 || a2 < 0)
		helper_broken("accept");
	if (send(a1, "k", 1, 0) != 1 || send(c2, "k", 1, 0) != 1)
		helper_broken("send");
	close(a1);
	close(c2);
	sipc_touch("ready");
	if (!sipc_wait_file("loaded", 15000))
		helper_broken("no policy came");
	sipc_expect("receive from a closed server end",
		    sipc_err(recv(c1, &c, 1, 0)), 0);
	sipc_expect("receive from a closed client end",
		    sipc_err(recv(a2, &c, 1, 0)), 0);
	return 0;
}

/*
 * client-closed: connect to DB_SOCK, whose unconfined server sends one
 * byte and closes its end before the policy; once the policy is in
 * force, the closed end stays unconfined: reading is refused.
 */
static int helper_client_closed(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;
	char c;

	(void)argc;
	(void)argv;
	strcpy(addr.sun_path, DB_SOCK);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		helper_broken("socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)))
		helper_broken("connect");
	sipc_touch("ready");
	if (!sipc_wait_file("loaded", 15000))
		helper_broken("no policy came");
	sipc_expect("receive from the server's closed end",
		    sipc_err(recv(fd, &c, 1, MSG_DONTWAIT)), EACCES);
	return 0;
}

/*
 * shm-exited: before the policy, make a segment, and a child that
 * attaches and detaches it and exits, unreaped; once the policy is in
 * force, remove the segment.  The exited child was its last user.
 */
static int helper_shm_exited(int argc, char **argv)
{
	int id, status;
	pid_t child;
	void *at;

	(void)argc;
	(void)argv;
	id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (id < 0)
		helper_broken("shmget");
	child = fork();
	if (child < 0)
		helper_broken("fork");
	if (!child) {
		at = shmat(id, NULL, 0);
		_exit(at == (void *)-1 || shmdt(at));
	}
	/* Exited, not reaped: a zombie. */
	if (waitid(P_PID, child, NULL, WEXITED | WNOWAIT))
		helper_broken("waitid");
	sipc_touch("ready");
	if (!sipc_wait_file("loaded", 15000))
		helper_broken("no policy came");
	sipc_expect("remove the segment",
		    sipc_err(shmctl(id, IPC_RMID, NULL)), 0);
	if (waitpid(child, &status, 0) != child || status)
		helper_broken("child");
	return 0;
}

static const struct sipc_helper helpers[] = {
	{ "closed-ends", helper_closed_ends },
	{ "client-closed", helper_client_closed },
	{ "shm-exited", helper_shm_exited },
	{ "pending-server", helper_pending_server },
	{ "client-pre", helper_client_pre },
	{ "sock-server", helper_sock_server },
	{ "sock-connect", helper_sock_connect },
};

FIXTURE(running) {
	pid_t child;
	int q;
};

FIXTURE_SETUP(running)
{
	self->child = -1;
	self->q = -1;
	roles_install("server", "client");
	policy_reset();
}

FIXTURE_TEARDOWN(running)
{
	sipc_touch("stop");
	sipc_touch("loaded");
	policy_reset();
	sipc_reap(self->child);
	if (self->q >= 0)
		msgctl(self->q, IPC_RMID, NULL);
}

/*
 * unconfined test ==pipe, socketpair, private queue==> client, made
 * before the load: they stay unconfined (client refused); the client's
 * own pipe becomes the client's (allowed).
 */
TEST_F(running, unconfined_server_keeps_its_objects)
{
	struct msgbuf1 m;
	int p[2], sk[2];

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sk));
	self->q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	ASSERT_LE(0, self->q);
	self->child = spawn("client", "client-pre", sipc_num(p[1]),
			    sipc_num(sk[1]), sipc_num(self->q));
	close(p[1]);
	close(sk[1]);
	ASSERT_TRUE(sipc_wait_file("ready", 10000));
	/* The test is the queue's last receiver, the client its sender. */
	ASSERT_EQ(1, msgrcv(self->q, &m, 1, 1, IPC_NOWAIT));
	policy_load("running_client");
	sipc_touch("loaded");
	ASSERT_EQ(0, sipc_wait(self->child));
	self->child = -1;
	close(p[0]);
	close(sk[0]);
}

/* client -connect-> socket bound by server: refused, then a reload labels it db */
TEST_F(running, reload_label_reaches_bound_socket)
{
	policy_load("running_sock_a");
	self->child = spawn("server", "sock-server");
	ASSERT_TRUE(sipc_wait_file("listening", 10000));
	ASSERT_EQ(0, run_in("client", "sock-connect", "EACCES"));
	policy_load("running_sock_b");
	ASSERT_EQ(0, run_in("client", "sock-connect", "0"));
	sipc_touch("stop");
	ASSERT_EQ(0, sipc_wait(self->child));
	self->child = -1;
}

/*
 * server -connect-> its own listener before the load, accepted after:
 * the end that waited in the queue is the server's, like the others.
 */
TEST_F(running, waiting_connection_takes_listener_role)
{
	self->child = spawn("server", "pending-server");
	ASSERT_TRUE(sipc_wait_file("ready", 10000));
	policy_load("running_pending");
	sipc_touch("loaded");
	ASSERT_EQ(0, sipc_wait(self->child));
	self->child = -1;
}

/*
 * server: its own connections' ends closed before the load are its own
 * after it; its segment, whose last user has exited, too.
 */
TEST_F(running, closed_ends_take_their_maker_role)
{
	self->child = spawn("server", "closed-ends");
	ASSERT_TRUE(sipc_wait_file("ready", 10000));
	policy_load("running_closed");
	sipc_touch("loaded");
	ASSERT_EQ(0, sipc_wait(self->child));
	self->child = -1;
}

TEST_F(running, segment_of_exited_user_takes_creator_role)
{
	self->child = spawn("server", "shm-exited");
	ASSERT_TRUE(sipc_wait_file("ready", 10000));
	policy_load("running_closed");
	sipc_touch("loaded");
	ASSERT_EQ(0, sipc_wait(self->child));
	self->child = -1;
}

/*
 * unconfined test ==listener==> client, server end closed before the
 * load: the closed end stays unconfined (the client is refused).
 */
TEST_F(running, unconfined_server_closed_end_stays_unconfined)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int lfd, afd;

	strcpy(addr.sun_path, DB_SOCK);
	unlink(DB_SOCK);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	ASSERT_LE(0, lfd);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&addr, sizeof(addr)));
	ASSERT_EQ(0, listen(lfd, 8));
	self->child = spawn("client", "client-closed");
	ASSERT_TRUE(sipc_wait_file("ready", 10000));
	afd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, afd);
	ASSERT_EQ(1, send(afd, "k", 1, 0));
	close(afd);
	close(lfd);
	policy_load("running_client");
	sipc_touch("loaded");
	ASSERT_EQ(0, sipc_wait(self->child));
	self->child = -1;
	unlink(DB_SOCK);
}

SIPC_POLICY_MAIN(helpers)
