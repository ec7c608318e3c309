// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - AF_UNIX sockets: stream, datagram and seqpacket, socketpair, path
 * and abstract names.
 *
 * Stream and seqpacket connections meet in security_unix_stream_connect,
 * datagrams (connected or sent with sendto) in security_unix_may_send; the
 * generic socket hooks give creation, naming and every send and receive.
 *
 * A socket has the role of the process that created it, or the role the
 * policy's unix labels give the name it binds.  The server's end of a
 * stream connection is created by the connecting client, and takes the
 * role of the listening socket it belongs to.  Sending and receiving on a
 * connected socket is an operation on the peer's socket; receiving on an
 * unconnected datagram socket is one on the socket itself.
 */

#include <linux/net.h>
#include <linux/socket.h>
#include <linux/un.h>
#include <net/af_unix.h>
#include <net/sock.h>

#include "access.h"
#include "hook.h"
#include "label.h"
#include "unix.h"

static bool sipc_is_unix(const struct socket *sock)
{
	return sock && sock->sk && sock->sk->sk_family == AF_UNIX;
}

static unsigned int sipc_unix_class(int type)
{
	switch (type) {
	case SOCK_STREAM:
		return SIPC_CLASS_UNIX_STREAM;
	case SOCK_SEQPACKET:
		return SIPC_CLASS_UNIX_SEQPACKET;
	default:
		return SIPC_CLASS_UNIX_DGRAM;
	}
}

/* Check an operation of current on the socket with role @object. */
static int sipc_unix_check(const struct sock *sk, u32 perm,
			   const struct sock *object)
{
	const struct sipc_policy *policy = sipc_policy_current();

	if (!policy)
		return 0;
	return sipc_check_object(policy, sipc_unix_class(sk->sk_type), perm,
				 object);
}

/* The peer of a connected socket, as a key only: never dereferenced. */
static const struct sock *sipc_unix_peer(const struct sock *sk)
{
	return READ_ONCE(unix_peer(sk));
}

static int hook_socket_create(struct ftrace_regs *fregs)
{
	int family = (int)sipc_fregs_arg(fregs, 0);
	int type = (int)sipc_fregs_arg(fregs, 1);
	int kern = (int)sipc_fregs_arg(fregs, 3);
	const struct sipc_policy *policy;

	if (family != AF_UNIX || kern)
		return SIPC_SKIP;
	policy = sipc_policy_current();
	if (!policy)
		return 0;
	return sipc_check(policy, sipc_unix_class(type & SOCK_TYPE_MASK),
			  SIPC_PERM_CREATE, sipc_task_role(policy, current),
			  NULL);
}

/* socketpair, connect: decided by create, stream_connect and may_send. */
static int hook_socket_counted(struct ftrace_regs *fregs)
{
	struct socket *sock = (struct socket *)sipc_fregs_arg(fregs, 0);

	return sipc_is_unix(sock) ? 0 : SIPC_SKIP;
}

/*
 * The name a bind gives, as the policy spells it: the path, or "@" and
 * the abstract name (up to its first NUL).
 */
static const char *sipc_unix_name(const struct sockaddr_un *addr, int len)
{
	int max = len - (int)offsetof(struct sockaddr_un, sun_path);
	char *name = sipc_scratch_name();

	if (max <= 0 || max > (int)sizeof(addr->sun_path))
		return NULL;
	if (addr->sun_path[0]) {
		strscpy(name, addr->sun_path, min_t(int, max + 1, PATH_MAX));
		return name;
	}
	name[0] = '@';
	strscpy(name + 1, addr->sun_path + 1, max);
	return name;
}

static int hook_socket_bind(struct ftrace_regs *fregs)
{
	struct socket *sock = (struct socket *)sipc_fregs_arg(fregs, 0);
	struct sockaddr_un *addr = (struct sockaddr_un *)sipc_fregs_arg(fregs, 1);
	int len = (int)sipc_fregs_arg(fregs, 2);
	const struct sipc_policy *policy;
	unsigned int role;
	const char *name;
	int named = -ENOENT;
	int err;

	if (!sipc_is_unix(sock))
		return SIPC_SKIP;
	policy = sipc_policy_current();
	if (!policy)
		return 0;
	role = sipc_object_role(policy, sock->sk);
	if (sipc_label_kind_used(policy, SIPC_LABEL_UNIX)) {
		name = sipc_unix_name(addr, len);
		if (name)
			named = sipc_label_by_name(policy, SIPC_LABEL_UNIX, name);
	}
	if (named >= 0)
		role = named;
	err = sipc_check(policy, sipc_unix_class(sock->sk->sk_type),
			 SIPC_PERM_BIND, role, sock->sk);
	if (!err && named >= 0)
		sipc_object_set(policy, sock->sk, role);
	return err;
}

/* listen and accept: operations on the (listening) socket itself. */
static int sipc_unix_on_itself(struct ftrace_regs *fregs, u32 perm)
{
	struct socket *sock = (struct socket *)sipc_fregs_arg(fregs, 0);

	if (!sipc_is_unix(sock))
		return SIPC_SKIP;
	return sipc_unix_check(sock->sk, perm, sock->sk);
}

static int hook_socket_listen(struct ftrace_regs *fregs)
{
	return sipc_unix_on_itself(fregs, SIPC_PERM_LISTEN);
}

static int hook_socket_accept(struct ftrace_regs *fregs)
{
	return sipc_unix_on_itself(fregs, SIPC_PERM_ACCEPT);
}

/* Datagrams are checked per receiver in may_send; streams here. */
static int hook_socket_sendmsg(struct ftrace_regs *fregs)
{
	struct socket *sock = (struct socket *)sipc_fregs_arg(fregs, 0);
	const struct sock *peer;

	if (!sipc_is_unix(sock))
		return SIPC_SKIP;
	if (sipc_unix_class(sock->sk->sk_type) == SIPC_CLASS_UNIX_DGRAM)
		return 0;
	peer = sipc_unix_peer(sock->sk);
	return peer ? sipc_unix_check(sock->sk, SIPC_PERM_SEND, peer) : 0;
}

static int hook_socket_recvmsg(struct ftrace_regs *fregs)
{
	struct socket *sock = (struct socket *)sipc_fregs_arg(fregs, 0);
	const struct sock *peer;

	if (!sipc_is_unix(sock))
		return SIPC_SKIP;
	peer = sipc_unix_peer(sock->sk);
	if (!peer && sipc_unix_class(sock->sk->sk_type) == SIPC_CLASS_UNIX_DGRAM)
		peer = sock->sk;
	return peer ? sipc_unix_check(sock->sk, SIPC_PERM_RECEIVE, peer) : 0;
}

static int hook_unix_stream_connect(struct ftrace_regs *fregs)
{
	struct sock *sk = (struct sock *)sipc_fregs_arg(fregs, 0);
	struct sock *other = (struct sock *)sipc_fregs_arg(fregs, 1);
	struct sock *newsk = (struct sock *)sipc_fregs_arg(fregs, 2);
	const struct sipc_policy *policy = sipc_policy_current();
	unsigned int role;
	int err;

	/* The label, not a role: right under a policy being loaded too. */
	if (!policy) {
		sipc_object_copy(newsk, other);
		return 0;
	}
	role = sipc_object_role(policy, other);
	err = sipc_check(policy, sipc_unix_class(sk->sk_type),
			 SIPC_PERM_CONNECT, role, other);
	if (!err)
		sipc_object_copy(newsk, other);
	return err;
}

static int hook_unix_may_send(struct ftrace_regs *fregs)
{
	struct socket *sock = (struct socket *)sipc_fregs_arg(fregs, 0);
	struct socket *other = (struct socket *)sipc_fregs_arg(fregs, 1);

	return sipc_unix_check(sock->sk, SIPC_PERM_SEND, other->sk);
}

/* A new socket takes the role of the process creating it. */
static int hook_sk_alloc(struct ftrace_regs *fregs)
{
	struct sock *sk = (struct sock *)sipc_fregs_arg(fregs, 0);
	int family = (int)sipc_fregs_arg(fregs, 1);

	if (family == AF_UNIX && in_task())
		sipc_object_created(sk);
	return SIPC_SKIP;
}

static int hook_sk_free(struct ftrace_regs *fregs)
{
	struct sock *sk = (struct sock *)sipc_fregs_arg(fregs, 0);

	if (sk->sk_family == AF_UNIX)
		sipc_label_forget(sk);
	return SIPC_SKIP;
}

static struct sipc_hook sipc_unix_hooks[] = {
	{ "security_socket_create", "unix.socket_create", hook_socket_create },
	{ "security_socket_socketpair", "unix.socket_socketpair",
	  hook_socket_counted },
	{ "security_socket_bind", "unix.socket_bind", hook_socket_bind },
	{ "security_socket_connect", "unix.socket_connect",
	  hook_socket_counted },
	{ "security_socket_listen", "unix.socket_listen", hook_socket_listen },
	{ "security_socket_accept", "unix.socket_accept", hook_socket_accept },
	{ "security_socket_sendmsg", "unix.socket_sendmsg",
	  hook_socket_sendmsg },
	{ "security_socket_recvmsg", "unix.socket_recvmsg",
	  hook_socket_recvmsg },
	{ "security_unix_stream_connect", "unix.stream_connect",
	  hook_unix_stream_connect },
	{ "security_unix_may_send", "unix.may_send", hook_unix_may_send },
	{ "security_sk_alloc", "unix.sk_alloc", hook_sk_alloc },
	{ "security_sk_free", "unix.sk_free", hook_sk_free },
};

int sipc_unix_init(void)
{
	return sipc_hook_add(sipc_unix_hooks, ARRAY_SIZE(sipc_unix_hooks));
}
