// SPDX-License-Identifier: GPL-2.0
/*
 * sipc policy selftests: AF_UNIX sockets under a loaded policy.
 *
 * A socket has its creator's role, or the role of the `label unix` glob
 * of the name it binds (selftests/policy/unix*.sipc label
 * /tmp/sipc-test/sock/ * and @sipc-test-* as server, @sipc-named-* as
 * named).  create/bind/listen/accept/connect, and send/receive on the
 * peer's role, of class unix_stream, unix_seqpacket or unix_dgram.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "common.h"

#define SOCK_DIR	SIPC_TEST_DIR "/sock"

static int sock_type(const char *type)
{
	if (!strcmp(type, "stream"))
		return SOCK_STREAM;
	if (!strcmp(type, "seqpacket"))
		return SOCK_SEQPACKET;
	return SOCK_DGRAM;
}

/* @name: a path, or "@name" in the abstract namespace. */
static socklen_t sock_addr(struct sockaddr_un *sun, const char *name)
{
	size_t len = strlen(name);

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, name, len);
	if (name[0] == '@') {
		sun->sun_path[0] = '\0';
		return offsetof(struct sockaddr_un, sun_path) + len;
	}
	return offsetof(struct sockaddr_un, sun_path) + len + 1;
}

/* Receive one byte, waiting up to 5 s or until "done": 0 or an errno. */
static int recv_wait(int fd)
{
	char c;
	ssize_t n;

	if (!sipc_wait_fd_or_file(fd, "done", 5000))
		return ETIMEDOUT;
	n = recv(fd, &c, 1, MSG_DONTWAIT);
	if (n < 0)
		return errno;
	return n ? 0 : ENODATA;
}

/*
 * unix-server TYPE NAME BIND LISTEN ACCEPT RECV SEND: bind NAME, signal
 * "ready", and (stream, seqpacket) listen, accept one connection, receive
 * a byte and send it back; (dgram) receive a datagram.  Each step expects the errno
 * given; "-" ends the helper without checking the step.  A step that
 * does not come ("done" appears first) is skipped when "-".
 */
static int helper_unix_server(int argc, char **argv)
{
	int type, fd, conn = -1, err;
	struct sockaddr_un sun;
	socklen_t len;

	if (argc != 8)
		return SIPC_HELPER_BROKEN;
	type = sock_type(argv[1]);
	len = sock_addr(&sun, argv[2]);
	fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		helper_broken("socket");
	err = sipc_err(bind(fd, (struct sockaddr *)&sun, len));
	if (!sipc_expect("bind", err, sipc_errno_parse(argv[3])) || err)
		goto out;
	if (type != SOCK_DGRAM) {
		err = sipc_err(listen(fd, 4));
		if (!sipc_expect("listen", err, sipc_errno_parse(argv[4])) ||
		    err)
			goto out;
	}
	sipc_touch("ready");
	if (type == SOCK_DGRAM) {
		if (strcmp(argv[6], "-"))
			sipc_expect("recv", recv_wait(fd),
				    sipc_errno_parse(argv[6]));
		goto out;
	}
	if (!sipc_wait_fd_or_file(fd, "done", 10000)) {
		sipc_expect("a connection", ENOTCONN,
			    sipc_errno_parse(argv[5]));
		goto out;
	}
	conn = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
	err = sipc_err(conn);
	if (!sipc_expect("accept", err, sipc_errno_parse(argv[5])) || err ||
	    !strcmp(argv[6], "-"))
		goto out;
	err = recv_wait(conn);
	if (!sipc_expect("recv", err, sipc_errno_parse(argv[6])) || err ||
	    !strcmp(argv[7], "-"))
		goto out;
	sipc_expect("send", sipc_err(send(conn, "r", 1, MSG_NOSIGNAL)),
		    sipc_errno_parse(argv[7]));
out:
	/* The client may still need the socket bound. */
	sipc_touch("ready");
	sipc_wait_file("done", 10000);
	return 0;
}

/*
 * unix-client TYPE NAME CONNECT SEND RECV [AFTER]: wait for "ready",
 * connect to NAME (dgram: only with CONNECT other than "-"; else sendto),
 * send a byte, receive the reply (stream, seqpacket).  With AFTER, signal
 * "step", wait for "go" (a reload) and send again.  Signals "done".
 */
static int helper_unix_client(int argc, char **argv)
{
	struct sockaddr_un sun;
	int type, fd, err;
	socklen_t len;
	bool connected;

	if (argc != 6 && argc != 7)
		return SIPC_HELPER_BROKEN;
	type = sock_type(argv[1]);
	len = sock_addr(&sun, argv[2]);
	if (!sipc_wait_file("ready", 10000))
		helper_broken("no server");
	fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		helper_broken("socket");
	connected = type != SOCK_DGRAM || strcmp(argv[3], "-");
	if (connected) {
		err = sipc_err(connect(fd, (struct sockaddr *)&sun, len));
		if (!sipc_expect("connect", err, sipc_errno_parse(argv[3])) ||
		    err || !strcmp(argv[4], "-"))
			goto out;
		err = sipc_err(send(fd, "s", 1, MSG_NOSIGNAL));
	} else {
		err = sipc_err(sendto(fd, "s", 1, MSG_NOSIGNAL,
				      (struct sockaddr *)&sun, len));
	}
	if (!sipc_expect(connected ? "send" : "sendto", err,
			 sipc_errno_parse(argv[4])) || err)
		goto out;
	if (strcmp(argv[5], "-"))
		sipc_expect("recv", recv_wait(fd), sipc_errno_parse(argv[5]));
	if (argc == 7) {
		sipc_touch("step");
		if (!sipc_wait_file("go", 10000))
			helper_broken("no go");
		sipc_expect("send after reload",
			    sipc_err(send(fd, "t", 1, MSG_NOSIGNAL)),
			    sipc_errno_parse(argv[6]));
	}
out:
	sipc_touch("done");
	return 0;
}

/* unix-create TYPE SOCKET SOCKETPAIR: create a socket and a socketpair. */
static int helper_unix_create(int argc, char **argv)
{
	int type, sk[2];

	if (argc != 4)
		return SIPC_HELPER_BROKEN;
	type = sock_type(argv[1]);
	sipc_expect("socket", sipc_err(socket(AF_UNIX, type, 0)),
		    sipc_errno_parse(argv[2]));
	sipc_expect("socketpair", sipc_err(socketpair(AF_UNIX, type, 0, sk)),
		    sipc_errno_parse(argv[3]));
	return 0;
}

static const struct sipc_helper helpers[] = {
	{ "unix-server", helper_unix_server },
	{ "unix-client", helper_unix_client },
	{ "unix-create", helper_unix_create },
};

FIXTURE(unix_conn) {
};

FIXTURE_VARIANT(unix_conn) {
	const char *policy;
	const char *type;
	const char *name;
	/* server: bind listen accept recv send; client: connect send recv */
	const char *s[5], *c[3];
	const char *reload, *after;	/* dgram connected send after reload */
};

#define PATH_NAME	SOCK_DIR "/s"

/* client -connect/send/recv-> server (path name, stream): all ok */
FIXTURE_VARIANT_ADD(unix_conn, stream_path_allowed) {
	.policy = "unix", .type = "stream", .name = PATH_NAME,
	.s = { "0", "0", "0", "0", "0" }, .c = { "0", "0", "0" },
};

/* client -connect-> server (stream), no {connect}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, stream_connect_denied) {
	.policy = "unix_noconnect", .type = "stream", .name = PATH_NAME,
	.s = { "0", "0", "-", "-", "-" }, .c = { "EACCES", "-", "-" },
};

/* server -accept-> client's connection, no {accept}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, stream_accept_denied) {
	.policy = "unix_noaccept", .type = "stream", .name = PATH_NAME,
	.s = { "0", "0", "EACCES", "-", "-" }, .c = { "0", "-", "-" },
};

/*
 * server -listen-> its socket (stream), no {listen}: EACCES, and client
 * -connect-> ECONNREFUSED (nobody listens)
 */
FIXTURE_VARIANT_ADD(unix_conn, stream_listen_denied) {
	.policy = "unix_nolisten", .type = "stream", .name = PATH_NAME,
	.s = { "0", "EACCES", "-", "-", "-" },
	.c = { "ECONNREFUSED", "-", "-" },
};

/* client -send-> server (stream), no {send}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, stream_send_denied) {
	.policy = "unix_nosend", .type = "stream", .name = PATH_NAME,
	.s = { "0", "0", "0", "-", "-" }, .c = { "0", "EACCES", "-" },
};

/* client <-recv- server (stream), no {receive}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, stream_recv_denied) {
	.policy = "unix_norecv", .type = "stream", .name = PATH_NAME,
	.s = { "0", "0", "0", "0", "0" }, .c = { "0", "0", "EACCES" },
};

/* server -bind-> /tmp/sipc-test/sock/s (label server), no {bind}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, stream_bind_denied) {
	.policy = "unix_nobind", .type = "stream", .name = PATH_NAME,
	.s = { "EACCES", "-", "-", "-", "-" }, .c = { "-", "-", "-" },
};

/* client -connect/send/recv-> server (@sipc-test-a, stream): all ok */
FIXTURE_VARIANT_ADD(unix_conn, stream_abstract_allowed) {
	.policy = "unix", .type = "stream", .name = "@sipc-test-a",
	.s = { "0", "0", "0", "0", "0" }, .c = { "0", "0", "0" },
};

/* client -connect-> server (@sipc-test-a), no {connect}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, stream_abstract_connect_denied) {
	.policy = "unix_noconnect", .type = "stream", .name = "@sipc-test-a",
	.s = { "0", "0", "-", "-", "-" }, .c = { "EACCES", "-", "-" },
};

/* client -connect-> @sipc-named-a (label named), rule on named: ok */
FIXTURE_VARIANT_ADD(unix_conn, stream_label_allowed) {
	.policy = "unix_named", .type = "stream", .name = "@sipc-named-a",
	.s = { "0", "0", "0", "0", "0" }, .c = { "0", "0", "0" },
};

/*
 * client -connect-> @sipc-named-a (label named), a rule on server (the
 * creator) only: EACCES, the label decides
 */
FIXTURE_VARIANT_ADD(unix_conn, stream_label_denied) {
	.policy = "unix_named_noconnect", .type = "stream",
	.name = "@sipc-named-a",
	.s = { "0", "0", "-", "-", "-" }, .c = { "EACCES", "-", "-" },
};

/* server -bind-> @sipc-named-a (label named), no rule on named: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, stream_label_bind_denied) {
	.policy = "unix", .type = "stream", .name = "@sipc-named-a",
	.s = { "EACCES", "-", "-", "-", "-" }, .c = { "-", "-", "-" },
};

/* client -connect/send/recv-> server (seqpacket): all ok */
FIXTURE_VARIANT_ADD(unix_conn, seqpacket_allowed) {
	.policy = "unix", .type = "seqpacket", .name = PATH_NAME,
	.s = { "0", "0", "0", "0", "0" }, .c = { "0", "0", "0" },
};

/* client -connect-> server (seqpacket), no {connect}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, seqpacket_connect_denied) {
	.policy = "unix_noconnect", .type = "seqpacket", .name = PATH_NAME,
	.s = { "0", "0", "-", "-", "-" }, .c = { "EACCES", "-", "-" },
};

/* client -send-> server (seqpacket), no {send}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, seqpacket_send_denied) {
	.policy = "unix_nosend", .type = "seqpacket", .name = PATH_NAME,
	.s = { "0", "0", "0", "-", "-" }, .c = { "0", "EACCES", "-" },
};

/* client <-recv- server (seqpacket), no {receive}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, seqpacket_recv_denied) {
	.policy = "unix_norecv", .type = "seqpacket", .name = PATH_NAME,
	.s = { "0", "0", "0", "0", "0" }, .c = { "0", "0", "EACCES" },
};

/* server -accept-> client's connection (seqpacket), no {accept}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, seqpacket_accept_denied) {
	.policy = "unix_noaccept", .type = "seqpacket", .name = PATH_NAME,
	.s = { "0", "0", "EACCES", "-", "-" }, .c = { "0", "-", "-" },
};

/* server -bind-> /tmp/sipc-test/sock/s (seqpacket), no {bind}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, seqpacket_bind_denied) {
	.policy = "unix_nobind", .type = "seqpacket", .name = PATH_NAME,
	.s = { "EACCES", "-", "-", "-", "-" }, .c = { "-", "-", "-" },
};

/*
 * server -listen-> its socket (seqpacket), no {listen}: EACCES, and
 * client -connect-> ECONNREFUSED
 */
FIXTURE_VARIANT_ADD(unix_conn, seqpacket_listen_denied) {
	.policy = "unix_nolisten", .type = "seqpacket", .name = PATH_NAME,
	.s = { "0", "EACCES", "-", "-", "-" },
	.c = { "ECONNREFUSED", "-", "-" },
};

/* client -sendto-> server (dgram, unconnected) -recv-> server: ok */
FIXTURE_VARIANT_ADD(unix_conn, dgram_sendto_allowed) {
	.policy = "unix", .type = "dgram", .name = PATH_NAME,
	.s = { "0", "-", "-", "0", "-" }, .c = { "-", "0", "-" },
};

/* client -sendto-> server (dgram, unconnected), no {send}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, dgram_sendto_denied) {
	.policy = "unix_nosend", .type = "dgram", .name = PATH_NAME,
	.s = { "0", "-", "-", "-", "-" }, .c = { "-", "EACCES", "-" },
};

/* client -sendto-> @sipc-test-a (dgram, abstract): ok */
FIXTURE_VARIANT_ADD(unix_conn, dgram_abstract_allowed) {
	.policy = "unix", .type = "dgram", .name = "@sipc-test-a",
	.s = { "0", "-", "-", "0", "-" }, .c = { "-", "0", "-" },
};

/* client -sendto-> @sipc-test-a (dgram, abstract), no {send}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, dgram_abstract_denied) {
	.policy = "unix_nosend", .type = "dgram", .name = "@sipc-test-a",
	.s = { "0", "-", "-", "-", "-" }, .c = { "-", "EACCES", "-" },
};

/* client -connect, send-> server (dgram): ok */
FIXTURE_VARIANT_ADD(unix_conn, dgram_connect_allowed) {
	.policy = "unix", .type = "dgram", .name = PATH_NAME,
	.s = { "0", "-", "-", "0", "-" }, .c = { "0", "0", "-" },
};

/* client -connect-> server (dgram), no {send}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, dgram_connect_denied) {
	.policy = "unix_nosend", .type = "dgram", .name = PATH_NAME,
	.s = { "0", "-", "-", "-", "-" }, .c = { "EACCES", "-", "-" },
};

/* client connected (dgram); reload keeps {send}: send ok */
FIXTURE_VARIANT_ADD(unix_conn, dgram_connected_send_reload_allowed) {
	.policy = "unix", .type = "dgram", .name = PATH_NAME,
	.s = { "0", "-", "-", "-", "-" }, .c = { "0", "0", "-" },
	.reload = "unix", .after = "0",
};

/* client connected (dgram); reload drops {send}: send EACCES */
FIXTURE_VARIANT_ADD(unix_conn, dgram_connected_send_reload_denied) {
	.policy = "unix", .type = "dgram", .name = PATH_NAME,
	.s = { "0", "-", "-", "-", "-" }, .c = { "0", "0", "-" },
	.reload = "unix_nosend", .after = "EACCES",
};

/* server <-recv- client's datagram, server has no {receive}: EACCES */
FIXTURE_VARIANT_ADD(unix_conn, dgram_recv_denied) {
	.policy = "unix_norecv", .type = "dgram", .name = PATH_NAME,
	.s = { "0", "-", "-", "EACCES", "-" }, .c = { "-", "0", "-" },
};

FIXTURE_SETUP(unix_conn)
{
	roles_install("server", "client");
	mkdir(SOCK_DIR, 0755);
	unlink(PATH_NAME);
	policy_load(variant->policy);
}

FIXTURE_TEARDOWN(unix_conn)
{
	policy_reset();
	unlink(PATH_NAME);
}

TEST_F(unix_conn, talk)
{
	char *const *s = (char *const *)variant->s;
	char *const *c = (char *const *)variant->c;
	char *type = (char *)variant->type, *name = (char *)variant->name;
	pid_t server, client = -1;

	server = spawn("server", "unix-server", type, name, s[0], s[1], s[2],
		       s[3], s[4]);
	if (strcmp(variant->s[0], "0")) {
		/* Nothing to talk to. */
		sipc_touch("done");
		ASSERT_EQ(0, sipc_wait(server));
		return;
	}
	if (variant->reload)
		client = spawn("client", "unix-client", type, name, c[0], c[1],
			       c[2], (char *)variant->after);
	else
		client = spawn("client", "unix-client", type, name, c[0], c[1],
			       c[2]);
	if (variant->reload) {
		EXPECT_TRUE(sipc_wait_file("step", 10000));
		policy_load(variant->reload);
		sipc_touch("go");
	}
	EXPECT_EQ(0, sipc_wait(client));
	sipc_touch("done");
	EXPECT_EQ(0, sipc_wait(server));
}

FIXTURE(unix_create) {
};

FIXTURE_VARIANT(unix_create) {
	const char *policy;
	const char *type;
	const char *expect;
};

/* client creates a stream socket and socketpair, {create} on self: ok */
FIXTURE_VARIANT_ADD(unix_create, stream_allowed) {
	.policy = "unix", .type = "stream", .expect = "0",
};

/* client creates a stream socket and socketpair, no {create}: EACCES */
FIXTURE_VARIANT_ADD(unix_create, stream_denied) {
	.policy = "unix_nocreate", .type = "stream", .expect = "EACCES",
};

/* client creates a seqpacket socket and socketpair: ok */
FIXTURE_VARIANT_ADD(unix_create, seqpacket_allowed) {
	.policy = "unix", .type = "seqpacket", .expect = "0",
};

/* client creates a seqpacket socket and socketpair, no {create}: EACCES */
FIXTURE_VARIANT_ADD(unix_create, seqpacket_denied) {
	.policy = "unix_nocreate", .type = "seqpacket", .expect = "EACCES",
};

/* client creates a dgram socket and socketpair: ok */
FIXTURE_VARIANT_ADD(unix_create, dgram_allowed) {
	.policy = "unix", .type = "dgram", .expect = "0",
};

/* client creates a dgram socket and socketpair, no {create}: EACCES */
FIXTURE_VARIANT_ADD(unix_create, dgram_denied) {
	.policy = "unix_nocreate", .type = "dgram", .expect = "EACCES",
};

FIXTURE_SETUP(unix_create)
{
	roles_install("client");
	policy_load(variant->policy);
}

FIXTURE_TEARDOWN(unix_create)
{
	policy_reset();
}

TEST_F(unix_create, socket_socketpair)
{
	ASSERT_EQ(0, run_in("client", "unix-create", (char *)variant->type,
			    (char *)variant->expect, (char *)variant->expect));
}

SIPC_POLICY_MAIN(helpers)
