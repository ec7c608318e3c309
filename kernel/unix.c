// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - AF_UNIX sockets: stream, datagram and seqpacket, socketpair, path
 * and abstract names.
 *
 * Stream and seqpacket connections meet in security_unix_stream_connect,
 * datagrams (connected or sent with sendto) in security_unix_may_send; the
 * generic socket hooks give creation, naming and every send and receive.
 */

#include <linux/net.h>
#include <linux/socket.h>
#include <net/sock.h>

#include "sipc.h"

static bool sipc_is_unix(const struct socket *sock)
{
	return sock && sock->sk && sock->sk->sk_family == AF_UNIX;
}

static int sipc_unix_sock_arg(struct ftrace_regs *fregs, unsigned int n)
{
	struct socket *sock = (struct socket *)sipc_fregs_arg(fregs, n);

	return sipc_is_unix(sock) ? 0 : SIPC_SKIP;
}

static int hook_socket_create(struct ftrace_regs *fregs)
{
	int family = (int)sipc_fregs_arg(fregs, 0);
	int kern = (int)sipc_fregs_arg(fregs, 3);

	return family == AF_UNIX && !kern ? 0 : SIPC_SKIP;
}

/* bind, connect, listen, accept, sendmsg, recvmsg, socketpair: socket first */
static int hook_socket_op(struct ftrace_regs *fregs)
{
	return sipc_unix_sock_arg(fregs, 0);
}

static int hook_unix_stream_connect(struct ftrace_regs *fregs)
{
	return 0;
}

static int hook_unix_may_send(struct ftrace_regs *fregs)
{
	return 0;
}

static struct sipc_hook sipc_unix_hooks[] = {
	{ "security_socket_create", "unix.socket_create", hook_socket_create },
	{ "security_socket_socketpair", "unix.socket_socketpair",
	  hook_socket_op },
	{ "security_socket_bind", "unix.socket_bind", hook_socket_op },
	{ "security_socket_connect", "unix.socket_connect", hook_socket_op },
	{ "security_socket_listen", "unix.socket_listen", hook_socket_op },
	{ "security_socket_accept", "unix.socket_accept", hook_socket_op },
	{ "security_socket_sendmsg", "unix.socket_sendmsg", hook_socket_op },
	{ "security_socket_recvmsg", "unix.socket_recvmsg", hook_socket_op },
	{ "security_unix_stream_connect", "unix.stream_connect",
	  hook_unix_stream_connect },
	{ "security_unix_may_send", "unix.may_send", hook_unix_may_send },
};

int sipc_unix_init(void)
{
	return sipc_hook_add(sipc_unix_hooks, ARRAY_SIZE(sipc_unix_hooks));
}
