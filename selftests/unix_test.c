// SPDX-License-Identifier: GPL-2.0
/*
 * sipc selftests: AF_UNIX sockets.
 *
 * The generic socket hooks (unix.socket_*) see creation, socketpair,
 * naming, listen, connect, accept and every send and receive of an
 * AF_UNIX socket.  Two peers meet in unix.stream_connect (stream and
 * seqpacket connect) or unix.may_send (datagram connect, and every
 * datagram sent, connected or not).
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "common.h"

#define UNIX_CREATE	"unix.socket_create"
#define UNIX_PAIR	"unix.socket_socketpair"
#define UNIX_BIND	"unix.socket_bind"
#define UNIX_CONNECT	"unix.socket_connect"
#define UNIX_LISTEN	"unix.socket_listen"
#define UNIX_ACCEPT	"unix.socket_accept"
#define UNIX_SEND	"unix.socket_sendmsg"
#define UNIX_RECV	"unix.socket_recvmsg"
#define UNIX_STREAM	"unix.stream_connect"
#define UNIX_MAY_SEND	"unix.may_send"

struct unix_name {
	struct sockaddr_un sun;
	socklen_t len;
};

/* A fresh name: a path under /tmp, or in the abstract namespace. */
static void unix_name_make(struct unix_name *n, bool abstract)
{
	char name[64];
	int len;

	sipc_unique(name, sizeof(name), "sipc-sock");
	memset(n, 0, sizeof(*n));
	n->sun.sun_family = AF_UNIX;
	if (abstract)
		len = 1 + snprintf(n->sun.sun_path + 1,
				   sizeof(n->sun.sun_path) - 1, "%s", name);
	else
		len = snprintf(n->sun.sun_path, sizeof(n->sun.sun_path),
			       "/tmp/%s", name) + 1;
	n->len = offsetof(struct sockaddr_un, sun_path) + len;
}

static void unix_name_unlink(const struct unix_name *n)
{
	if (n->len && n->sun.sun_path[0])
		unlink(n->sun.sun_path);
}

static int unix_bind(int fd, const struct unix_name *n)
{
	return bind(fd, (const struct sockaddr *)&n->sun, n->len);
}

static int unix_connect(int fd, const struct unix_name *n)
{
	return connect(fd, (const struct sockaddr *)&n->sun, n->len);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* One byte from @fd without waiting: the byte, or -1 with errno. */
static int recv_byte(int fd)
{
	unsigned char c;

	if (recv(fd, &c, 1, MSG_DONTWAIT) != 1)
		return -1;
	return c;
}

/*
 * Creating sockets and socketpairs, and sending and receiving on a
 * connected pair, for each socket type.
 */
FIXTURE(unix_pair) {
	int fd;
	int sk[2];
};

FIXTURE_VARIANT(unix_pair) {
	int type;
	bool may_send;	/* does each send pass unix.may_send? */
};

FIXTURE_VARIANT_ADD(unix_pair, stream) {
	.type = SOCK_STREAM,
};

FIXTURE_VARIANT_ADD(unix_pair, dgram) {
	.type = SOCK_DGRAM,
	.may_send = true,
};

/* unix_dgram_sendmsg() skips security_unix_may_send for seqpacket. */
FIXTURE_VARIANT_ADD(unix_pair, seqpacket) {
	.type = SOCK_SEQPACKET,
};

FIXTURE_SETUP(unix_pair)
{
	self->fd = -1;
	self->sk[0] = -1;
	self->sk[1] = -1;
}

FIXTURE_TEARDOWN(unix_pair)
{
	inject_lift_all();
	close_fd(&self->fd);
	close_fd(&self->sk[0]);
	close_fd(&self->sk[1]);
}

static int unix_pair_open(const FIXTURE_VARIANT(unix_pair) *variant,
			  int sk[2])
{
	return socketpair(AF_UNIX, variant->type | SOCK_CLOEXEC, 0, sk);
}

TEST_F(unix_pair, create_counted)
{
	struct sipc_stats before = hook_stats(UNIX_CREATE);
	int type = -1;
	socklen_t len = sizeof(type);

	self->fd = socket(AF_UNIX, variant->type | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->fd);
	assert_calls(UNIX_CREATE, &before, 1);
	ASSERT_EQ(0, getsockopt(self->fd, SOL_SOCKET, SO_TYPE, &type, &len));
	ASSERT_EQ(variant->type, type);
}

TEST_F(unix_pair, create_refused)
{
	struct sipc_stats before = hook_stats(UNIX_CREATE);

	inject(UNIX_CREATE, getpid(), EACCES);
	ASSERT_EQ(-1, socket(AF_UNIX, variant->type | SOCK_CLOEXEC, 0));
	ASSERT_EQ(EACCES, errno);
	assert_refused(UNIX_CREATE, &before, 1);

	inject(UNIX_CREATE, getpid(), 0);
	self->fd = socket(AF_UNIX, variant->type | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->fd);
}

/* socketpair() also creates both sockets through socket_create. */
TEST_F(unix_pair, socketpair_counted)
{
	struct sipc_stats pair = hook_stats(UNIX_PAIR);
	struct sipc_stats create = hook_stats(UNIX_CREATE);

	ASSERT_EQ(0, unix_pair_open(variant, self->sk));
	assert_calls(UNIX_PAIR, &pair, 1);
	assert_calls(UNIX_CREATE, &create, 2);
	ASSERT_EQ(1, send(self->sk[0], "p", 1, 0));
	ASSERT_EQ('p', recv_byte(self->sk[1]));
}

TEST_F(unix_pair, socketpair_refused)
{
	struct sipc_stats before = hook_stats(UNIX_PAIR);
	int next = sipc_lowest_free_fd();

	inject(UNIX_PAIR, getpid(), EACCES);
	ASSERT_EQ(-1, unix_pair_open(variant, self->sk));
	ASSERT_EQ(EACCES, errno);
	assert_refused(UNIX_PAIR, &before, 1);
	ASSERT_EQ(next, sipc_lowest_free_fd());

	inject(UNIX_PAIR, getpid(), 0);
	ASSERT_EQ(0, unix_pair_open(variant, self->sk));
}

TEST_F(unix_pair, send_recv_counted)
{
	struct sipc_stats send_st, recv_st, may_send;

	ASSERT_EQ(0, unix_pair_open(variant, self->sk));
	send_st = hook_stats(UNIX_SEND);
	recv_st = hook_stats(UNIX_RECV);
	may_send = hook_stats(UNIX_MAY_SEND);
	ASSERT_EQ(1, send(self->sk[0], "s", 1, 0));
	assert_calls(UNIX_SEND, &send_st, 1);
	if (variant->may_send)
		assert_calls(UNIX_MAY_SEND, &may_send, 1);
	ASSERT_EQ('s', recv_byte(self->sk[1]));
	assert_calls(UNIX_RECV, &recv_st, 1);

	/* write() and read() are sendmsg and recvmsg too. */
	send_st = hook_stats(UNIX_SEND);
	recv_st = hook_stats(UNIX_RECV);
	ASSERT_EQ(1, write(self->sk[1], "w", 1));
	assert_calls(UNIX_SEND, &send_st, 1);
	ASSERT_EQ('w', recv_byte(self->sk[0]));
	assert_calls(UNIX_RECV, &recv_st, 1);
}

TEST_F(unix_pair, send_refused)
{
	struct sipc_stats before;

	ASSERT_EQ(0, unix_pair_open(variant, self->sk));
	before = hook_stats(UNIX_SEND);
	inject(UNIX_SEND, getpid(), EACCES);
	ASSERT_EQ(-1, send(self->sk[0], "s", 1, 0));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(-1, write(self->sk[0], "w", 1));
	ASSERT_EQ(EACCES, errno);
	assert_refused(UNIX_SEND, &before, 2);

	/* Nothing was queued; once lifted, sending works. */
	inject(UNIX_SEND, getpid(), 0);
	ASSERT_EQ(-1, recv_byte(self->sk[1]));
	ASSERT_EQ(EAGAIN, errno);
	ASSERT_EQ(1, send(self->sk[0], "t", 1, 0));
	ASSERT_EQ('t', recv_byte(self->sk[1]));
}

TEST_F(unix_pair, recv_refused)
{
	struct sipc_stats before;

	ASSERT_EQ(0, unix_pair_open(variant, self->sk));
	ASSERT_EQ(1, send(self->sk[0], "r", 1, 0));
	before = hook_stats(UNIX_RECV);
	inject(UNIX_RECV, getpid(), EACCES);
	ASSERT_EQ(-1, recv_byte(self->sk[1]));
	ASSERT_EQ(EACCES, errno);
	assert_refused(UNIX_RECV, &before, 1);

	/* The data stayed queued. */
	inject(UNIX_RECV, getpid(), 0);
	ASSERT_EQ('r', recv_byte(self->sk[1]));
}

/*
 * Naming and connecting, for each type with a path and an abstract name.
 * Stream and seqpacket peers meet in unix.stream_connect, datagram peers
 * in unix.may_send.
 */
FIXTURE(unix_name) {
	struct unix_name name;
	int server, client, conn;
};

FIXTURE_VARIANT(unix_name) {
	int type;
	bool abstract;
	const char *meet;
};

FIXTURE_VARIANT_ADD(unix_name, stream_path) {
	.type = SOCK_STREAM,
	.meet = UNIX_STREAM,
};

FIXTURE_VARIANT_ADD(unix_name, stream_abstract) {
	.type = SOCK_STREAM,
	.abstract = true,
	.meet = UNIX_STREAM,
};

FIXTURE_VARIANT_ADD(unix_name, seqpacket_path) {
	.type = SOCK_SEQPACKET,
	.meet = UNIX_STREAM,
};

FIXTURE_VARIANT_ADD(unix_name, seqpacket_abstract) {
	.type = SOCK_SEQPACKET,
	.abstract = true,
	.meet = UNIX_STREAM,
};

FIXTURE_VARIANT_ADD(unix_name, dgram_path) {
	.type = SOCK_DGRAM,
	.meet = UNIX_MAY_SEND,
};

FIXTURE_VARIANT_ADD(unix_name, dgram_abstract) {
	.type = SOCK_DGRAM,
	.abstract = true,
	.meet = UNIX_MAY_SEND,
};

FIXTURE_SETUP(unix_name)
{
	unix_name_make(&self->name, variant->abstract);
	self->conn = -1;
	/* Non-blocking: an accept with nothing pending must not hang. */
	self->server = socket(AF_UNIX, variant->type | SOCK_CLOEXEC |
			      SOCK_NONBLOCK, 0);
	ASSERT_LE(0, self->server);
	self->client = socket(AF_UNIX, variant->type | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->client);
}

FIXTURE_TEARDOWN(unix_name)
{
	inject_lift_all();
	close_fd(&self->conn);
	close_fd(&self->client);
	close_fd(&self->server);
	unix_name_unlink(&self->name);
}

/* Bind the server, and make it listen unless it is a datagram socket. */
static int unix_serve(int fd, int type, const struct unix_name *n)
{
	if (unix_bind(fd, n))
		return -1;
	return type == SOCK_DGRAM ? 0 : listen(fd, 4);
}

/* The server's end of the connection: accepted, or the server itself. */
static int unix_server_end(int server, int type)
{
	if (type == SOCK_DGRAM)
		return dup(server);
	return accept4(server, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
}

TEST_F(unix_name, bind_counted)
{
	struct sipc_stats before = hook_stats(UNIX_BIND);
	struct sockaddr_un got;
	socklen_t len = sizeof(got);

	ASSERT_EQ(0, unix_bind(self->server, &self->name));
	assert_calls(UNIX_BIND, &before, 1);
	ASSERT_EQ(0, getsockname(self->server, (struct sockaddr *)&got, &len));
	ASSERT_EQ(self->name.len, len);
	ASSERT_EQ(0, memcmp(&self->name.sun, &got, len));
}

TEST_F(unix_name, bind_refused)
{
	struct sipc_stats before = hook_stats(UNIX_BIND);
	struct sockaddr_un got;
	socklen_t len = sizeof(got);
	struct stat st;

	inject(UNIX_BIND, getpid(), EACCES);
	ASSERT_EQ(-1, unix_bind(self->server, &self->name));
	ASSERT_EQ(EACCES, errno);
	assert_refused(UNIX_BIND, &before, 1);

	/* Unnamed, and no socket file was made. */
	ASSERT_EQ(0, getsockname(self->server, (struct sockaddr *)&got, &len));
	ASSERT_EQ(offsetof(struct sockaddr_un, sun_path), len);
	if (!variant->abstract) {
		ASSERT_EQ(-1, stat(self->name.sun.sun_path, &st));
		ASSERT_EQ(ENOENT, errno);
	}

	inject(UNIX_BIND, getpid(), 0);
	ASSERT_EQ(0, unix_bind(self->server, &self->name));
}

TEST_F(unix_name, connect_counted)
{
	struct sipc_stats connect_st, meet;

	ASSERT_EQ(0, unix_serve(self->server, variant->type, &self->name));
	connect_st = hook_stats(UNIX_CONNECT);
	meet = hook_stats(variant->meet);
	ASSERT_EQ(0, unix_connect(self->client, &self->name));
	assert_calls(UNIX_CONNECT, &connect_st, 1);
	assert_calls(variant->meet, &meet, 1);

	self->conn = unix_server_end(self->server, variant->type);
	ASSERT_LE(0, self->conn);
	ASSERT_EQ(1, send(self->client, "c", 1, 0));
	ASSERT_EQ('c', recv_byte(self->conn));
}

TEST_F(unix_name, connect_refused)
{
	struct sipc_stats before;

	ASSERT_EQ(0, unix_serve(self->server, variant->type, &self->name));
	before = hook_stats(UNIX_CONNECT);
	inject(UNIX_CONNECT, getpid(), EACCES);
	ASSERT_EQ(-1, unix_connect(self->client, &self->name));
	ASSERT_EQ(EACCES, errno);
	assert_refused(UNIX_CONNECT, &before, 1);

	inject(UNIX_CONNECT, getpid(), 0);
	ASSERT_EQ(0, unix_connect(self->client, &self->name));
	self->conn = unix_server_end(self->server, variant->type);
	ASSERT_LE(0, self->conn);
	ASSERT_EQ(1, send(self->client, "c", 1, 0));
	ASSERT_EQ('c', recv_byte(self->conn));
}

/* Refused where the peers meet, after socket_connect allowed it. */
TEST_F(unix_name, connect_refused_at_peer)
{
	struct sipc_stats connect_st, meet;

	ASSERT_EQ(0, unix_serve(self->server, variant->type, &self->name));
	connect_st = hook_stats(UNIX_CONNECT);
	meet = hook_stats(variant->meet);
	inject(variant->meet, getpid(), EACCES);
	ASSERT_EQ(-1, unix_connect(self->client, &self->name));
	ASSERT_EQ(EACCES, errno);
	assert_refused(variant->meet, &meet, 1);
	assert_calls(UNIX_CONNECT, &connect_st, 1);

	/* No connection is pending on the server. */
	if (variant->type != SOCK_DGRAM) {
		ASSERT_EQ(-1, unix_server_end(self->server, variant->type));
		ASSERT_EQ(EAGAIN, errno);
	}

	inject(variant->meet, getpid(), 0);
	ASSERT_EQ(0, unix_connect(self->client, &self->name));
	self->conn = unix_server_end(self->server, variant->type);
	ASSERT_LE(0, self->conn);
	ASSERT_EQ(1, send(self->client, "c", 1, 0));
	ASSERT_EQ('c', recv_byte(self->conn));
}

/* listen() and accept() for the connection-oriented types. */
FIXTURE(unix_listen) {
	struct unix_name name;
	int server, client, conn;
};

FIXTURE_VARIANT(unix_listen) {
	int type;
};

FIXTURE_VARIANT_ADD(unix_listen, stream) {
	.type = SOCK_STREAM,
};

FIXTURE_VARIANT_ADD(unix_listen, seqpacket) {
	.type = SOCK_SEQPACKET,
};

FIXTURE_SETUP(unix_listen)
{
	unix_name_make(&self->name, true);
	self->conn = -1;
	self->server = socket(AF_UNIX, variant->type | SOCK_CLOEXEC |
			      SOCK_NONBLOCK, 0);
	ASSERT_LE(0, self->server);
	self->client = socket(AF_UNIX, variant->type | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->client);
	ASSERT_EQ(0, unix_bind(self->server, &self->name));
}

FIXTURE_TEARDOWN(unix_listen)
{
	inject_lift_all();
	close_fd(&self->conn);
	close_fd(&self->client);
	close_fd(&self->server);
}

TEST_F(unix_listen, listen_counted)
{
	struct sipc_stats before = hook_stats(UNIX_LISTEN);
	int on = 0;
	socklen_t len = sizeof(on);

	ASSERT_EQ(0, listen(self->server, 4));
	assert_calls(UNIX_LISTEN, &before, 1);
	ASSERT_EQ(0, getsockopt(self->server, SOL_SOCKET, SO_ACCEPTCONN, &on,
				&len));
	ASSERT_EQ(1, on);
	ASSERT_EQ(0, unix_connect(self->client, &self->name));
}

TEST_F(unix_listen, listen_refused)
{
	struct sipc_stats before = hook_stats(UNIX_LISTEN);

	inject(UNIX_LISTEN, getpid(), EACCES);
	ASSERT_EQ(-1, listen(self->server, 4));
	ASSERT_EQ(EACCES, errno);
	assert_refused(UNIX_LISTEN, &before, 1);

	/* Not listening: a connect is turned away. */
	inject(UNIX_LISTEN, getpid(), 0);
	ASSERT_EQ(-1, unix_connect(self->client, &self->name));
	ASSERT_EQ(ECONNREFUSED, errno);
	ASSERT_EQ(0, listen(self->server, 4));
	ASSERT_EQ(0, unix_connect(self->client, &self->name));
}

TEST_F(unix_listen, accept_counted)
{
	struct sipc_stats before;

	ASSERT_EQ(0, listen(self->server, 4));
	ASSERT_EQ(0, unix_connect(self->client, &self->name));
	before = hook_stats(UNIX_ACCEPT);
	self->conn = accept4(self->server, NULL, NULL,
			     SOCK_CLOEXEC | SOCK_NONBLOCK);
	ASSERT_LE(0, self->conn);
	assert_calls(UNIX_ACCEPT, &before, 1);
	ASSERT_EQ(1, send(self->client, "a", 1, 0));
	ASSERT_EQ('a', recv_byte(self->conn));
}

TEST_F(unix_listen, accept_refused)
{
	struct sipc_stats before;

	ASSERT_EQ(0, listen(self->server, 4));
	ASSERT_EQ(0, unix_connect(self->client, &self->name));
	before = hook_stats(UNIX_ACCEPT);
	inject(UNIX_ACCEPT, getpid(), EACCES);
	ASSERT_EQ(-1, accept4(self->server, NULL, NULL, SOCK_CLOEXEC));
	ASSERT_EQ(EACCES, errno);
	assert_refused(UNIX_ACCEPT, &before, 1);

	/* The connection stayed in the backlog. */
	inject(UNIX_ACCEPT, getpid(), 0);
	self->conn = accept4(self->server, NULL, NULL,
			     SOCK_CLOEXEC | SOCK_NONBLOCK);
	ASSERT_LE(0, self->conn);
	ASSERT_EQ(1, send(self->client, "a", 1, 0));
	ASSERT_EQ('a', recv_byte(self->conn));
}

/* Datagrams to a named socket, connected or not. */
FIXTURE(unix_dgram) {
	struct unix_name name;
	int server, client;
};

FIXTURE_VARIANT(unix_dgram) {
	bool abstract;
};

FIXTURE_VARIANT_ADD(unix_dgram, path) {
	.abstract = false,
};

FIXTURE_VARIANT_ADD(unix_dgram, abstract) {
	.abstract = true,
};

FIXTURE_SETUP(unix_dgram)
{
	unix_name_make(&self->name, variant->abstract);
	self->server = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->server);
	self->client = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->client);
	ASSERT_EQ(0, unix_bind(self->server, &self->name));
}

FIXTURE_TEARDOWN(unix_dgram)
{
	inject_lift_all();
	close_fd(&self->client);
	close_fd(&self->server);
	unix_name_unlink(&self->name);
}

static ssize_t unix_sendto(int fd, const char *buf, const struct unix_name *n)
{
	return sendto(fd, buf, strlen(buf), 0, (const struct sockaddr *)&n->sun,
		      n->len);
}

TEST_F(unix_dgram, sendto_counted)
{
	struct sipc_stats may_send = hook_stats(UNIX_MAY_SEND);
	struct sipc_stats send_st = hook_stats(UNIX_SEND);

	ASSERT_EQ(1, unix_sendto(self->client, "d", &self->name));
	assert_calls(UNIX_MAY_SEND, &may_send, 1);
	assert_calls(UNIX_SEND, &send_st, 1);
	ASSERT_EQ('d', recv_byte(self->server));
}

TEST_F(unix_dgram, sendto_refused)
{
	struct sipc_stats before = hook_stats(UNIX_MAY_SEND);

	inject(UNIX_MAY_SEND, getpid(), EACCES);
	ASSERT_EQ(-1, unix_sendto(self->client, "d", &self->name));
	ASSERT_EQ(EACCES, errno);
	assert_refused(UNIX_MAY_SEND, &before, 1);

	inject(UNIX_MAY_SEND, getpid(), 0);
	ASSERT_EQ(-1, recv_byte(self->server));
	ASSERT_EQ(EAGAIN, errno);
	ASSERT_EQ(1, unix_sendto(self->client, "e", &self->name));
	ASSERT_EQ('e', recv_byte(self->server));
}

/*
 * A connected datagram socket is checked again for every datagram:
 * unix_dgram_sendmsg() calls security_unix_may_send() on each send, so a
 * refusal after connect() still stops the data.
 */
TEST_F(unix_dgram, connected_send_rechecked)
{
	struct sipc_stats before;

	ASSERT_EQ(0, unix_connect(self->client, &self->name));
	before = hook_stats(UNIX_MAY_SEND);
	inject(UNIX_MAY_SEND, getpid(), EACCES);
	ASSERT_EQ(-1, send(self->client, "d", 1, 0));
	ASSERT_EQ(EACCES, errno);
	assert_refused(UNIX_MAY_SEND, &before, 1);

	inject(UNIX_MAY_SEND, getpid(), 0);
	ASSERT_EQ(-1, recv_byte(self->server));
	ASSERT_EQ(EAGAIN, errno);
	ASSERT_EQ(1, send(self->client, "e", 1, 0));
	ASSERT_EQ('e', recv_byte(self->server));
}

/* The socket hooks count AF_UNIX only: other families pass refusals. */
FIXTURE(unix_other) {
	int fd, peer;
};

FIXTURE_SETUP(unix_other)
{
	self->fd = -1;
	self->peer = -1;
}

FIXTURE_TEARDOWN(unix_other)
{
	inject_lift_all();
	close_fd(&self->fd);
	close_fd(&self->peer);
}

TEST_F(unix_other, inet_unaffected)
{
	struct sipc_stats create = hook_stats(UNIX_CREATE);
	struct sipc_stats bind_st = hook_stats(UNIX_BIND);
	struct sipc_stats send_st = hook_stats(UNIX_SEND);
	struct sipc_stats recv_st = hook_stats(UNIX_RECV);
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(sin);
	char c = 0;

	inject(UNIX_CREATE, getpid(), EACCES);
	inject(UNIX_BIND, getpid(), EACCES);
	inject(UNIX_SEND, getpid(), EACCES);
	inject(UNIX_RECV, getpid(), EACCES);

	self->peer = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->peer);
	ASSERT_EQ(0, bind(self->peer, (struct sockaddr *)&sin, sizeof(sin)));
	ASSERT_EQ(0, getsockname(self->peer, (struct sockaddr *)&sin, &len));
	self->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(1, sendto(self->fd, "i", 1, 0, (struct sockaddr *)&sin,
			    sizeof(sin)));
	ASSERT_TRUE(sipc_readable(self->peer, 5000));
	ASSERT_EQ(1, recv(self->peer, &c, 1, MSG_DONTWAIT));
	ASSERT_EQ('i', c);

	/* ... while AF_UNIX is refused. */
	ASSERT_EQ(-1, socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	ASSERT_EQ(EACCES, errno);
	assert_refused(UNIX_CREATE, &create, 1);
	assert_refused(UNIX_BIND, &bind_st, 0);
	assert_refused(UNIX_SEND, &send_st, 0);
	assert_refused(UNIX_RECV, &recv_st, 0);
}

TEST_HARNESS_MAIN
