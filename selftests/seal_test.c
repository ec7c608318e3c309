// SPDX-License-Identifier: GPL-2.0
/*
 * sipc selftests: sealed and signed messages through /dev/sipc.
 *
 * Roles (selftests/policy/seal.sipc): alice may seal for bob, and bob may
 * open what alice seals; eve may open alice's messages by policy but is
 * never their receiver; relay may seal for bob, who may not open it.
 * Envelopes travel as frames (a u32 length, then the bytes) over the
 * channel a test names: a pipe, a socketpair, a SysV queue, a relay
 * process in between.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>

#include "common.h"

#define ENV_MAX		(sizeof(struct sipc_envelope) + 4096 + SIPC_TAG_SIZE)
#define MSGQ_KEY	0x5ea1
#define SEALED_KEY	0x5ea2	/* bob's queue: seal_labelled.sipc */
#define SOCK_PATH	SIPC_RUN_DIR "/peer.sock"

static int dev_open(void)
{
	unsigned int maj, min;
	FILE *f;
	int fd;

	fd = open("/dev/" SIPC_DEV_NAME, O_RDWR | O_CLOEXEC);
	if (fd >= 0 || errno != ENOENT)
		return fd;
	f = fopen("/sys/class/misc/" SIPC_DEV_NAME "/dev", "re");
	if (!f)
		return -1;
	if (fscanf(f, "%u:%u", &maj, &min) != 2) {
		fclose(f);
		return -1;
	}
	fclose(f);
	mknod("/dev/" SIPC_DEV_NAME, S_IFCHR | 0666, makedev(maj, min));
	return open("/dev/" SIPC_DEV_NAME, O_RDWR | O_CLOEXEC);
}

/* Seal @msg for @receiver: 0 or the errno; the envelope's size in *@len. */
static int seal(int dev, const char *receiver, uint64_t op, const void *msg,
		size_t msg_len, void *env, uint32_t *len)
{
	struct sipc_seal_args a = {
		.size = sizeof(a), .op = op,
		.payload = (uintptr_t)msg, .payload_len = msg_len,
		.envelope = (uintptr_t)env, .envelope_len = *len,
	};

	snprintf(a.receiver, sizeof(a.receiver), "%s", receiver);
	if (ioctl(dev, SIPC_IOC_SEAL, &a)) {
		if (errno == ERANGE)
			*len = a.envelope_len;
		return errno;
	}
	*len = a.envelope_len;
	return 0;
}

/* Open an envelope: 0 or the errno; what the kernel says in *@a. */
static int unseal(int dev, const void *env, uint32_t len, void *out,
		  uint32_t room, struct sipc_open_args *a)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->envelope = (uintptr_t)env;
	a->envelope_len = len;
	a->payload = (uintptr_t)out;
	a->payload_len = room;
	return ioctl(dev, SIPC_IOC_OPEN, a) ? errno : 0;
}

static int peer_of(int dev, int fd, char role[SIPC_ROLE_NAME_MAX])
{
	struct sipc_peer_args a = { .size = sizeof(a), .fd = fd };

	if (ioctl(dev, SIPC_IOC_PEER, &a))
		return errno;
	memcpy(role, a.role, SIPC_ROLE_NAME_MAX);
	return 0;
}

static bool read_full(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, (char *)buf + done, len - done);

		if (n <= 0)
			return false;
		done += n;
	}
	return true;
}

static bool frame_write(int fd, const void *env, uint32_t len)
{
	return write(fd, &len, sizeof(len)) == sizeof(len) &&
	       write(fd, env, len) == (ssize_t)len;
}

static bool frame_read(int fd, void *env, uint32_t *len)
{
	return read_full(fd, len, sizeof(*len)) && *len <= ENV_MAX &&
	       read_full(fd, env, *len);
}

/* ---------------------------------------------------------------- */
/* Helpers, run in a role                                             */

/* seal-to FD RECEIVER OP MSG EXPECT [COUNT]: seal, frame to FD. */
static int helper_seal_to(int argc, char **argv)
{
	unsigned char env[ENV_MAX];
	int dev, i, count;
	uint32_t len;

	if (argc != 6 && argc != 7)
		return SIPC_HELPER_BROKEN;
	count = argc == 7 ? atoi(argv[6]) : 1;
	dev = dev_open();
	if (dev < 0)
		helper_broken("/dev/sipc");
	for (i = 0; i < count; i++) {
		len = sizeof(env);
		if (!sipc_expect("seal", seal(dev, argv[2], atoll(argv[3]),
					      argv[4], strlen(argv[4]), env,
					      &len),
				 sipc_errno_parse(argv[5])))
			return 0;
		if (strcmp(argv[5], "0"))
			return 0;
		if (!frame_write(atoi(argv[1]), env, len))
			helper_broken("write");
	}
	return 0;
}

/*
 * open-from FD EXPECT [SENDER OP MSG]: read a frame from FD, open it,
 * compare what the kernel attests.
 */
static int helper_open_from(int argc, char **argv)
{
	unsigned char env[ENV_MAX];
	char out[4096];
	struct sipc_open_args a;
	uint32_t len;
	int dev;

	if (argc != 3 && argc != 6)
		return SIPC_HELPER_BROKEN;
	dev = dev_open();
	if (dev < 0)
		helper_broken("/dev/sipc");
	if (!frame_read(atoi(argv[1]), env, &len))
		helper_broken("no envelope");
	if (!sipc_expect("open", unseal(dev, env, len, out, sizeof(out), &a),
			 sipc_errno_parse(argv[2])) || argc == 3)
		return 0;
	sipc_expect("sender", strcmp(a.sender, argv[3]) ? EINVAL : 0, 0);
	sipc_expect("op", a.op == (uint64_t)atoll(argv[4]) ? 0 : EINVAL, 0);
	sipc_expect("payload", a.payload_len == strlen(argv[5]) &&
		    !memcmp(out, argv[5], a.payload_len) ? 0 : EINVAL, 0);
	sipc_expect("time", a.time_ns > 0 ? 0 : EINVAL, 0);
	return 0;
}

/* relay IN OUT: pass one frame on, failing to open it on the way. */
static int helper_relay(int argc, char **argv)
{
	unsigned char env[ENV_MAX];
	struct sipc_open_args a;
	char out[4096];
	uint32_t len;
	int dev;

	if (argc != 3)
		return SIPC_HELPER_BROKEN;
	dev = dev_open();
	if (dev < 0)
		helper_broken("/dev/sipc");
	if (!frame_read(atoi(argv[1]), env, &len))
		helper_broken("no envelope");
	sipc_expect("relay opens", unseal(dev, env, len, out, sizeof(out), &a),
		    ENOKEY);
	if (!frame_write(atoi(argv[2]), env, len))
		helper_broken("write");
	return 0;
}

/* msgq-seal RECEIVER MSG: seal and msgsnd to MSGQ_KEY. */
static int helper_msgq_seal(int argc, char **argv)
{
	struct { long type; unsigned char env[ENV_MAX]; } m = { .type = 1 };
	uint32_t len = sizeof(m.env);
	int dev, q;

	if (argc != 3)
		return SIPC_HELPER_BROKEN;
	dev = dev_open();
	q = msgget(MSGQ_KEY, 0);
	if (dev < 0 || q < 0)
		helper_broken("setup");
	if (sipc_expect("seal", seal(dev, argv[1], 3, argv[2], strlen(argv[2]),
				     m.env, &len), 0))
		sipc_expect("msgsnd", sipc_err(msgsnd(q, &m, len, 0)), 0);
	return 0;
}

/* msgq-open SENDER MSG: msgrcv from MSGQ_KEY, open. */
static int helper_msgq_open(int argc, char **argv)
{
	struct { long type; unsigned char env[ENV_MAX]; } m;
	struct sipc_open_args a;
	char out[4096];
	ssize_t n;
	int dev, q;

	if (argc != 3)
		return SIPC_HELPER_BROKEN;
	dev = dev_open();
	q = msgget(MSGQ_KEY, 0);
	if (dev < 0 || q < 0)
		helper_broken("setup");
	n = msgrcv(q, &m, sizeof(m.env), 0, 0);
	if (n < 0)
		helper_broken("msgrcv");
	if (!sipc_expect("open", unseal(dev, m.env, n, out, sizeof(out), &a), 0))
		return 0;
	sipc_expect("sender", strcmp(a.sender, argv[1]) ? EINVAL : 0, 0);
	sipc_expect("payload", a.payload_len == strlen(argv[2]) &&
		    !memcmp(out, argv[2], a.payload_len) ? 0 : EINVAL, 0);
	return 0;
}

/*
 * msgq-put KEY RECEIVER SIZE EXPECT: msgsnd SIZE bytes to the queue of
 * KEY, plain when RECEIVER is "-", else sealed for RECEIVER; EXPECT is
 * msgsnd's errno.
 */
static int helper_msgq_put(int argc, char **argv)
{
	static struct { long type; unsigned char env[ENV_MAX]; } m;
	static char payload[4096];
	uint32_t len = sizeof(m.env);
	size_t size;
	int dev, q;

	if (argc != 5)
		return SIPC_HELPER_BROKEN;
	size = strtoul(argv[3], NULL, 0);
	q = msgget(strtol(argv[1], NULL, 0), 0);
	if (size > sizeof(payload) || q < 0)
		helper_broken("setup");
	m.type = 1;
	memset(payload, 'p', size);
	if (strcmp(argv[2], "-")) {
		dev = dev_open();
		if (dev < 0)
			helper_broken("/dev/sipc");
		if (!sipc_expect("seal", seal(dev, argv[2], 5, payload, size,
					      m.env, &len), 0))
			return 0;
	} else {
		memcpy(m.env, payload, size);
		len = size;
	}
	sipc_expect("msgsnd", sipc_err(msgsnd(q, &m, len, IPC_NOWAIT)),
		    sipc_errno_parse(argv[4]));
	return 0;
}

/* msgq-take KEY SENDER SIZE: msgrcv from KEY, open, check the payload. */
static int helper_msgq_take(int argc, char **argv)
{
	static struct { long type; unsigned char env[ENV_MAX]; } m;
	static char out[4096];
	struct sipc_open_args a;
	size_t size, i;
	ssize_t n;
	int dev, q;

	if (argc != 4)
		return SIPC_HELPER_BROKEN;
	size = strtoul(argv[3], NULL, 0);
	dev = dev_open();
	q = msgget(strtol(argv[1], NULL, 0), 0);
	if (dev < 0 || q < 0)
		helper_broken("setup");
	n = msgrcv(q, &m, sizeof(m.env), 0, IPC_NOWAIT);
	if (n < 0)
		helper_broken("msgrcv");
	if (!sipc_expect("open", unseal(dev, m.env, n, out, sizeof(out), &a),
			 0))
		return 0;
	sipc_expect("sender", strcmp(a.sender, argv[2]) ? EINVAL : 0, 0);
	for (i = 0; i < a.payload_len && out[i] == 'p'; i++)
		;
	sipc_expect("payload", a.payload_len == size && i == size ? 0 : EINVAL,
		    0);
	return 0;
}

/*
 * flip FD: read a frame; every copy with one bit flipped is refused
 * (EBADMSG in the ciphertext and tag; ENOKEY in the receiver field); the
 * original then opens once, and its replay is refused.
 */
static int helper_flip(int argc, char **argv)
{
	unsigned char env[ENV_MAX], bad[ENV_MAX];
	struct sipc_open_args a;
	char out[4096];
	uint32_t len, bit;
	int dev, err, refused = 0;
	size_t rcv = offsetof(struct sipc_envelope, receiver);

	if (argc != 2)
		return SIPC_HELPER_BROKEN;
	dev = dev_open();
	if (dev < 0)
		helper_broken("/dev/sipc");
	if (!frame_read(atoi(argv[1]), env, &len))
		helper_broken("no envelope");
	for (bit = 0; bit < len * 8; bit++) {
		size_t byte = bit / 8;

		memcpy(bad, env, len);
		bad[byte] ^= 1U << (bit % 8);
		err = unseal(dev, bad, len, out, sizeof(out), &a);
		if (!err) {
			fprintf(stderr, "# flip: bit %u opened\n", bit);
			sipc_helper_failed = 1;
			continue;
		}
		refused++;
		if (byte >= sizeof(struct sipc_envelope))
			sipc_expect("flip in ciphertext", err, EBADMSG);
		else if (byte >= rcv && byte < rcv + 8)
			sipc_expect("flip in receiver", err, ENOKEY);
	}
	fprintf(stderr, "# flip: %d of %u single-bit flips refused\n",
		refused, len * 8);
	sipc_expect("original", unseal(dev, env, len, out, sizeof(out), &a), 0);
	sipc_expect("replay", unseal(dev, env, len, out, sizeof(out), &a),
		    EALREADY);
	return 0;
}

/* peer-fd FD ROLE: the other end of FD has ROLE. */
static int helper_peer_fd(int argc, char **argv)
{
	char role[SIPC_ROLE_NAME_MAX];
	int dev;

	if (argc != 3)
		return SIPC_HELPER_BROKEN;
	dev = dev_open();
	if (dev < 0)
		helper_broken("/dev/sipc");
	if (sipc_expect("peer", peer_of(dev, atoi(argv[1]), role), 0) &&
	    strcmp(role, argv[2])) {
		fprintf(stderr, "# peer: %s, expected %s\n", role, argv[2]);
		sipc_helper_failed = 1;
	}
	return 0;
}

static int sock_type(const char *name)
{
	if (!strcmp(name, "stream"))
		return SOCK_STREAM;
	if (!strcmp(name, "seqpacket"))
		return SOCK_SEQPACKET;
	return SOCK_DGRAM;
}

/*
 * peer-server TYPE: bind SOCK_PATH, signal "ready"; a stream or seqpacket
 * server accepts and checks its peer is alice; dgram waits for "done".
 */
static int helper_peer_server(int argc, char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char role[SIPC_ROLE_NAME_MAX];
	int dev, s, c, type;

	if (argc != 2)
		return SIPC_HELPER_BROKEN;
	type = sock_type(argv[1]);
	dev = dev_open();
	s = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	strcpy(sun.sun_path, SOCK_PATH);
	unlink(SOCK_PATH);
	if (dev < 0 || s < 0 || bind(s, (struct sockaddr *)&sun, sizeof(sun)))
		helper_broken("bind");
	sipc_expect("peer of an unconnected socket", peer_of(dev, s, role),
		    ENOTCONN);
	if (type == SOCK_DGRAM) {
		sipc_touch("ready");
		if (!sipc_wait_file("done", 10000))
			helper_broken("no done");
		return 0;
	}
	if (listen(s, 1))
		helper_broken("listen");
	sipc_touch("ready");
	c = accept(s, NULL, NULL);
	if (c < 0)
		helper_broken("accept");
	if (sipc_expect("peer", peer_of(dev, c, role), 0) &&
	    strcmp(role, "alice")) {
		fprintf(stderr, "# server's peer: %s\n", role);
		sipc_helper_failed = 1;
	}
	sipc_wait_file("done", 10000);
	return 0;
}

/* peer-client TYPE: connect to SOCK_PATH, the peer is bob. */
static int helper_peer_client(int argc, char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char role[SIPC_ROLE_NAME_MAX];
	int dev, s;

	if (argc != 2)
		return SIPC_HELPER_BROKEN;
	dev = dev_open();
	s = socket(AF_UNIX, sock_type(argv[1]) | SOCK_CLOEXEC, 0);
	strcpy(sun.sun_path, SOCK_PATH);
	if (dev < 0 || s < 0 || connect(s, (struct sockaddr *)&sun, sizeof(sun)))
		helper_broken("connect");
	if (sipc_expect("peer", peer_of(dev, s, role), 0) &&
	    strcmp(role, "bob")) {
		fprintf(stderr, "# client's peer: %s\n", role);
		sipc_helper_failed = 1;
	}
	sipc_touch("done");
	return 0;
}

/*
 * peer-own: alice's own socketpairs and pipe are alice's; a pipe she
 * hands to bob is alice's in his eyes too; anything else is refused.
 */
static int helper_peer_own(int argc, char **argv)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
	char role[SIPC_ROLE_NAME_MAX];
	unsigned int i;
	int dev, sv[2], p[2], fd;
	pid_t pid;

	if (argc != 1 || !argv)
		return SIPC_HELPER_BROKEN;
	dev = dev_open();
	if (dev < 0)
		helper_broken("/dev/sipc");
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		if (socketpair(AF_UNIX, types[i] | SOCK_CLOEXEC, 0, sv))
			helper_broken("socketpair");
		if (sipc_expect("socketpair peer", peer_of(dev, sv[0], role), 0))
			sipc_expect("socketpair role", strcmp(role, "alice") ?
				    EINVAL : 0, 0);
		close(sv[0]);
		close(sv[1]);
	}
	if (pipe2(p, O_CLOEXEC))
		helper_broken("pipe");
	if (sipc_expect("pipe peer", peer_of(dev, p[0], role), 0))
		sipc_expect("pipe role", strcmp(role, "alice") ? EINVAL : 0, 0);
	sipc_expect("not a socket or pipe", peer_of(dev, dev, role), EINVAL);
	sipc_expect("bad fd", peer_of(dev, 9999, role), EBADF);
	fd = dup(p[0]);
	pid = spawn("bob", "peer-fd", sipc_num(fd), "alice");
	close(fd);
	sipc_expect("bob's view of alice's pipe", sipc_wait(pid), 0);
	return 0;
}

#define THREADS		8
#define PER_THREAD	100

struct sealer {
	int dev;
	uint64_t seq[PER_THREAD];
	unsigned char (*env)[ENV_MAX];
	uint32_t len[PER_THREAD];
	int err;
};

static void *sealer_run(void *arg)
{
	struct sealer *s = arg;
	char msg[64];
	int i;

	for (i = 0; i < PER_THREAD && !s->err; i++) {
		const struct sipc_envelope *e = (void *)s->env[i];

		snprintf(msg, sizeof(msg), "message %d", i);
		s->len[i] = ENV_MAX;
		s->err = seal(s->dev, "bob", i, msg, strlen(msg), s->env[i],
			      &s->len[i]);
		s->seq[i] = e->seq;
	}
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * threads FD: THREADS threads seal PER_THREAD messages each for bob at
 * once; no sequence number (the GCM nonce) is handed out twice; all the
 * envelopes are framed to FD.
 */
static int helper_threads(int argc, char **argv)
{
	static struct sealer s[THREADS];
	static uint64_t all[THREADS * PER_THREAD];
	pthread_t t[THREADS];
	int dev, i, j, n = 0;

	if (argc != 2)
		return SIPC_HELPER_BROKEN;
	dev = dev_open();
	if (dev < 0)
		helper_broken("/dev/sipc");
	for (i = 0; i < THREADS; i++) {
		s[i].dev = dev;
		s[i].env = calloc(PER_THREAD, ENV_MAX);
		if (!s[i].env || pthread_create(&t[i], NULL, sealer_run, &s[i]))
			helper_broken("thread");
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		sipc_expect("concurrent seal", s[i].err, 0);
		for (j = 0; j < PER_THREAD; j++)
			all[n++] = s[i].seq[j];
	}
	qsort(all, n, sizeof(all[0]), cmp_u64);
	for (i = 1; i < n; i++)
		if (all[i] == all[i - 1])
			sipc_expect("distinct sequence numbers", EEXIST, 0);
	for (i = 0; i < THREADS; i++)
		for (j = 0; j < PER_THREAD; j++)
			if (!frame_write(atoi(argv[1]), s[i].env[j], s[i].len[j]))
				helper_broken("write");
	return 0;
}

/* open-all FD N: open N frames from FD, all of them first time. */
static int helper_open_all(int argc, char **argv)
{
	unsigned char env[ENV_MAX];
	struct sipc_open_args a;
	char out[4096];
	int dev, i, n, ok = 0;
	uint32_t len;

	if (argc != 3)
		return SIPC_HELPER_BROKEN;
	n = atoi(argv[2]);
	dev = dev_open();
	if (dev < 0)
		helper_broken("/dev/sipc");
	for (i = 0; i < n; i++) {
		if (!frame_read(atoi(argv[1]), env, &len))
			helper_broken("frame %d", i);
		if (sipc_expect("open", unseal(dev, env, len, out, sizeof(out),
					       &a), 0))
			ok++;
	}
	fprintf(stderr, "# opened %d of %d\n", ok, n);
	return 0;
}

static const struct sipc_helper helpers[] = {
	{ "seal-to", helper_seal_to },
	{ "open-from", helper_open_from },
	{ "relay", helper_relay },
	{ "msgq-seal", helper_msgq_seal },
	{ "msgq-open", helper_msgq_open },
	{ "msgq-put", helper_msgq_put },
	{ "msgq-take", helper_msgq_take },
	{ "flip", helper_flip },
	{ "peer-fd", helper_peer_fd },
	{ "peer-server", helper_peer_server },
	{ "peer-client", helper_peer_client },
	{ "peer-own", helper_peer_own },
	{ "threads", helper_threads },
	{ "open-all", helper_open_all },
};

/* ---------------------------------------------------------------- */
/* Tests                                                              */

FIXTURE(seal) {
	int p[2];
};

FIXTURE_SETUP(seal)
{
	roles_install("alice", "bob", "eve", "relay");
	policy_load("seal");
	/* The channel: a pipe of the unconfined test, big enough. */
	ASSERT_EQ(0, pipe(self->p));
	fcntl(self->p[1], F_SETPIPE_SZ, 1 << 20);
}

FIXTURE_TEARDOWN(seal)
{
	close(self->p[0]);
	close(self->p[1]);
	policy_reset();
}

#define W(self)	sipc_num((self)->p[1])
#define R(self)	sipc_num((self)->p[0])

TEST_F(seal, pipe_round_trip_and_third_role)
{
	ASSERT_EQ(0, run_in("alice", "seal-to", W(self), "bob", "42",
			    "over a pipe", "0", "2"));
	EXPECT_EQ(0, run_in("bob", "open-from", R(self), "0", "alice", "42",
			    "over a pipe"));
	/* eve may open alice's messages by policy, but this one is bob's. */
	EXPECT_EQ(0, run_in("eve", "open-from", R(self), sipc_num(ENOKEY)));
}

TEST_F(seal, socketpair_round_trip)
{
	int sv[2];

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	ASSERT_EQ(0, run_in("alice", "seal-to", sipc_num(sv[0]), "bob", "7",
			    "over a socket", "0"));
	EXPECT_EQ(0, run_in("bob", "open-from", sipc_num(sv[1]), "0", "alice",
			    "7", "over a socket"));
	close(sv[0]);
	close(sv[1]);
}

TEST_F(seal, sysv_queue_round_trip)
{
	int q = msgget(MSGQ_KEY, IPC_CREAT | 0666);

	ASSERT_LE(0, q);
	EXPECT_EQ(0, run_in("alice", "msgq-seal", "bob", "over a queue"));
	EXPECT_EQ(0, run_in("bob", "msgq-open", "alice", "over a queue"));
	msgctl(q, IPC_RMID, NULL);
}

TEST_F(seal, untrusted_relay)
{
	int q[2];

	ASSERT_EQ(0, pipe(q));
	ASSERT_EQ(0, run_in("alice", "seal-to", W(self), "bob", "9",
			    "through a relay", "0"));
	EXPECT_EQ(0, run_in("relay", "relay", R(self), sipc_num(q[1])));
	EXPECT_EQ(0, run_in("bob", "open-from", sipc_num(q[0]), "0", "alice",
			    "9", "through a relay"));
	close(q[0]);
	close(q[1]);
}

TEST_F(seal, every_bit_flip_refused_and_replay)
{
	ASSERT_EQ(0, run_in("alice", "seal-to", W(self), "bob", "1",
			    "flip me", "0"));
	EXPECT_EQ(0, run_in("bob", "flip", R(self)));
}

TEST_F(seal, policy_denies_seal_and_open)
{
	/* eve has no seal rule to bob; bob no open rule from relay. */
	EXPECT_EQ(0, run_in("eve", "seal-to", W(self), "bob", "1", "x",
			    "EACCES"));
	ASSERT_EQ(0, run_in("relay", "seal-to", W(self), "bob", "1", "x", "0"));
	EXPECT_EQ(0, run_in("bob", "open-from", R(self), "EACCES"));
	/* A role that does not exist. */
	EXPECT_EQ(0, run_in("alice", "seal-to", W(self), "nobody", "1", "x",
			    "ENOENT"));
}

static int rotate(int dev, int grace_ms)
{
	struct sipc_rotate_args a = {
		.size = sizeof(a), .flags = SIPC_ROTATE_GRACE,
		.grace_ms = grace_ms,
	};

	return ioctl(dev, SIPC_IOC_ROTATE, &a) ? errno : 0;
}

TEST_F(seal, rotation_grace_window)
{
	int dev = dev_open();

	ASSERT_LE(0, dev);
	ASSERT_EQ(0, run_in("alice", "seal-to", W(self), "bob", "1", "old",
			    "0", "2"));
	ASSERT_EQ(0, rotate(dev, 1500));
	/* Within the grace window the previous epoch still opens... */
	EXPECT_EQ(0, run_in("bob", "open-from", R(self), "0", "alice", "1",
			    "old"));
	/* ...and not after it. */
	sipc_sleep_ms(1700);
	EXPECT_EQ(0, run_in("bob", "open-from", R(self),
			    sipc_num(EKEYEXPIRED)));
	/* Two rotations retire an epoch at once, whatever the grace. */
	ASSERT_EQ(0, run_in("alice", "seal-to", W(self), "bob", "2", "mid",
			    "0"));
	ASSERT_EQ(0, rotate(dev, 60000));
	ASSERT_EQ(0, rotate(dev, 60000));
	EXPECT_EQ(0, run_in("bob", "open-from", R(self),
			    sipc_num(EKEYEXPIRED)));
	/* The new epoch seals and opens. */
	ASSERT_EQ(0, run_in("alice", "seal-to", W(self), "bob", "3", "new",
			    "0"));
	EXPECT_EQ(0, run_in("bob", "open-from", R(self), "0", "alice", "3",
			    "new"));
	close(dev);
}

static int keys_info(int dev, struct sipc_info_args *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return ioctl(dev, SIPC_IOC_INFO, info) ? errno : 0;
}

/* The current epoch as `sipcctl keys --json` shows it, or -1. */
static long sipcctl_epoch(void)
{
	char cmd[PATH_MAX + 64], line[1024];
	long epoch = -1;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s keys --json", sipc_sipcctl());
	f = popen(cmd, "r");
	if (!f)
		return -1;
	if (fgets(line, sizeof(line), f) &&
	    sscanf(line, "{\"epoch\": %ld,", &epoch) != 1)
		epoch = -1;
	pclose(f);
	return epoch;
}

/* Two envelopes from alice to bob in one epoch, read back from the pipe. */
static uint32_t seal_two(struct __test_metadata *_metadata, int w, int r,
			 unsigned char env[2][ENV_MAX], uint32_t len[2])
{
	int try, i;

	for (try = 0; try < 3; try++) {
		if (run_in("alice", "seal-to", sipc_num(w), "bob", "1",
			   "timed", "0", "2"))
			return 0;
		for (i = 0; i < 2; i++)
			if (!frame_read(r, env[i], &len[i]))
				return 0;
		/* The timer may have struck between the two. */
		if (((struct sipc_envelope *)env[0])->epoch ==
		    ((struct sipc_envelope *)env[1])->epoch)
			return le32toh(((struct sipc_envelope *)env[0])->epoch);
	}
	TH_LOG("no two envelopes in one epoch");
	return 0;
}

/* Poll up to 10 s for @cond; false when it never held. */
#define WITHIN_10S(cond) ({					\
	int __n;						\
	for (__n = 0; __n < 200 && !(cond); __n++)		\
		sipc_sleep_ms(50);				\
	(cond);							\
})

TEST_F(seal, policy_timer_rotates)
{
	static unsigned char env[2][ENV_MAX];
	struct sipc_info_args info;
	uint32_t len[2], epoch;
	int dev = dev_open(), q[2];
	uint64_t rotations;
	long now;

	ASSERT_LE(0, dev);
	ASSERT_EQ(0, pipe(q));
	ASSERT_EQ(0, keys_info(dev, &info));
	rotations = info.stats[SIPC_SEAL_ROTATIONS];
	policy_load("seal_timed");
	epoch = seal_two(_metadata, self->p[1], self->p[0], env, len);
	ASSERT_LT(0, epoch);
	/* sipcctl keys shows the timer's rotation... */
	EXPECT_TRUE(WITHIN_10S((now = sipcctl_epoch()) > (long)epoch))
		TH_LOG("epoch %u, sipcctl keys says %ld", epoch, now);
	/* ...and the previous epoch opens within its grace window... */
	ASSERT_TRUE(frame_write(q[1], env[0], len[0]));
	EXPECT_EQ(0, run_in("bob", "open-from", sipc_num(q[0]), "0", "alice",
			    "1", "timed"));
	/* ...and not after it. */
	EXPECT_TRUE(WITHIN_10S(!keys_info(dev, &info) &&
			       info.prev_epoch != epoch));
	ASSERT_TRUE(frame_write(q[1], env[1], len[1]));
	EXPECT_EQ(0, run_in("bob", "open-from", sipc_num(q[0]),
			    sipc_num(EKEYEXPIRED)));
	/* A policy without the statement stops the timer. */
	policy_load("seal");
	ASSERT_EQ(0, keys_info(dev, &info));
	/* Timed rotations count like the others. */
	EXPECT_LT(rotations, info.stats[SIPC_SEAL_ROTATIONS]);
	epoch = info.epoch;
	sipc_sleep_ms(5000);
	ASSERT_EQ(0, keys_info(dev, &info));
	EXPECT_EQ(epoch, info.epoch);
	close(q[0]);
	close(q[1]);
	close(dev);
}

TEST_F(seal, concurrent_sealing)
{
	ASSERT_EQ(0, run_in("alice", "threads", W(self)));
	EXPECT_EQ(0, run_in("bob", "open-all", R(self),
			    sipc_num(THREADS * PER_THREAD)));
}

TEST_F(seal, peer_roles)
{
	static const char *const types[] = { "stream", "seqpacket", "dgram" };
	unsigned int i;
	pid_t server;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		unlink(SIPC_RUN_DIR "/ready");
		unlink(SIPC_RUN_DIR "/done");
		server = spawn("bob", "peer-server", (char *)types[i]);
		ASSERT_TRUE(sipc_wait_file("ready", 10000));
		EXPECT_EQ(0, run_in("alice", "peer-client", (char *)types[i]))
			TH_LOG("%s", types[i]);
		EXPECT_EQ(0, sipc_wait(server)) TH_LOG("%s", types[i]);
	}
	EXPECT_EQ(0, run_in("alice", "peer-own"));
}

/* ---------------------------------------------------------------- */
/* "require seal": the policy refuses plaintext on a SysV queue       */

#define SEALED	sipc_num(SEALED_KEY)

FIXTURE(sealreq) {
	int q;
};

FIXTURE_SETUP(sealreq)
{
	roles_install("alice", "bob", "eve", "relay");
	policy_load("seal_required");
	/* Labelled bob's by its key, though the unconfined test makes it. */
	self->q = msgget(SEALED_KEY, IPC_CREAT | 0666);
	ASSERT_LE(0, self->q);
}

FIXTURE_TEARDOWN(sealreq)
{
	msgctl(self->q, IPC_RMID, NULL);
	policy_reset();
}

TEST_F(sealreq, plaintext_refused_envelope_for_the_queue_accepted)
{
	long long before = sipc_stat_value("refused_unsealed_msgsnd");

	ASSERT_LE(0, before);
	EXPECT_EQ(0, run_in("alice", "msgq-put", SEALED, "-", "100", "EPERM"));
	/* Sealed for bob, the queue's role: in, and bob opens it. */
	EXPECT_EQ(0, run_in("alice", "msgq-put", SEALED, "bob", "100", "0"));
	EXPECT_EQ(0, run_in("bob", "msgq-take", SEALED, "alice", "100"));
	/* Longer than the first part of a struct msg_msg: segments follow. */
	EXPECT_EQ(0, run_in("alice", "msgq-put", SEALED, "bob", "4096", "0"));
	EXPECT_EQ(0, run_in("bob", "msgq-take", SEALED, "alice", "4096"));
	/* Sealed for someone else: refused. */
	EXPECT_EQ(0, run_in("alice", "msgq-put", SEALED, "eve", "100",
			    "EPERM"));
	/* A plaintext as long as an envelope would be: refused. */
	EXPECT_EQ(0, run_in("alice", "msgq-put", SEALED, "-",
			    sipc_num(sizeof(struct sipc_envelope) + 100 +
				     SIPC_TAG_SIZE), "EPERM"));
	/* eve is not named by the statement: her plaintext goes. */
	EXPECT_EQ(0, run_in("eve", "msgq-put", SEALED, "-", "100", "0"));
	EXPECT_EQ(before + 3, sipc_stat_value("refused_unsealed_msgsnd"));
}

TEST_F(sealreq, without_the_statement_plaintext_goes)
{
	policy_load("seal_labelled");
	EXPECT_EQ(0, run_in("alice", "msgq-put", SEALED, "-", "100", "0"));
	EXPECT_EQ(0, run_in("alice", "msgq-put", SEALED, "eve", "100", "0"));
}

/* sipcctl's commands, as a script uses them, unconfined. */
TEST(sipcctl_commands)
{
	const char *ctl = sipc_sipcctl();

	ASSERT_EQ(0, sipc_sh("mkdir -p %s", SIPC_RUN_DIR));
	EXPECT_EQ(0, sipc_sh("test \"$(printf 'hi there' | %s seal unconfined 5 | %s open 2>/dev/null)\" = 'hi there'",
			     ctl, ctl));
	/* The envelope is refused when a byte of it changes. */
	ASSERT_EQ(0, sipc_sh("printf 'hi there' | %s seal unconfined 5 >" SIPC_RUN_DIR "/env",
			     ctl));
	EXPECT_EQ(0, sipc_sh("printf '\\001' | dd of=" SIPC_RUN_DIR "/env bs=1 seek=6 conv=notrunc 2>/dev/null && (! %s open <" SIPC_RUN_DIR "/env >/dev/null 2>&1)",
			     ctl));
	EXPECT_EQ(0, sipc_sh("printf data | %s sign >" SIPC_RUN_DIR "/sig && printf data | %s verify " SIPC_RUN_DIR "/sig | grep -q 'by role unconfined'",
			     ctl, ctl));
	EXPECT_EQ(0, sipc_sh("printf datA | (! %s verify " SIPC_RUN_DIR "/sig 2>/dev/null)",
			     ctl));
	EXPECT_EQ(0, sipc_sh("echo | %s peer 0 | grep -qx unconfined", ctl));
	EXPECT_EQ(0, sipc_sh("%s keys --json | grep -q '\"epoch\": [1-9]'", ctl));
	EXPECT_EQ(0, sipc_sh("%s status | grep -q 'seal: .*gcm'", ctl));
	EXPECT_EQ(0, sipc_sh("%s status --json | grep -q '\"aead_driver\": \".*gcm'",
			     ctl));
	EXPECT_EQ(2, sipc_sh("%s keys spin 2>/dev/null", ctl));
}

/* ---------------------------------------------------------------- */
/* Argument checks and leaks, unconfined, no policy needed            */

/* Unreclaimable slab, where kmalloc() memory is counted. */
static long slab_kb(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "re");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "SUnreclaim: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

TEST(ioctl_argument_checks)
{
	unsigned char env[ENV_MAX], big[256] = {};
	struct sipc_seal_args *sa = (void *)big;
	struct sipc_peer_args pa = { .size = sizeof(pa), .fd = 0 };
	struct sipc_info_args info = { .size = sizeof(info) };
	int dev = dev_open();
	uint32_t len = sizeof(env);

	ASSERT_LE(0, dev);
	/* Sizes: too small, too large, a future larger struct. */
	sa->size = SIPC_SEAL_SIZE_VER0 - 1;
	EXPECT_EQ(-1, ioctl(dev, SIPC_IOC_SEAL, sa));
	EXPECT_EQ(EINVAL, errno);
	sa->size = 1 << 20;
	EXPECT_EQ(-1, ioctl(dev, SIPC_IOC_SEAL, sa));
	EXPECT_EQ(EINVAL, errno);
	sa->size = sizeof(big);
	strcpy(sa->receiver, "unconfined");
	sa->payload = (uintptr_t)"x";
	sa->payload_len = 1;
	sa->envelope = (uintptr_t)env;
	sa->envelope_len = sizeof(env);
	EXPECT_EQ(0, ioctl(dev, SIPC_IOC_SEAL, sa)) TH_LOG("%s", strerror(errno));
	big[sizeof(big) - 1] = 1;
	EXPECT_EQ(-1, ioctl(dev, SIPC_IOC_SEAL, sa));
	EXPECT_EQ(E2BIG, errno);
	/* Bad pointers. */
	EXPECT_EQ(-1, ioctl(dev, SIPC_IOC_SEAL, (void *)16));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(EFAULT, seal(dev, "unconfined", 0, (void *)16, 10, env, &len));
	len = sizeof(env);
	EXPECT_EQ(EFAULT, seal(dev, "unconfined", 0, "x", 1, (void *)16, &len));
	/* Huge and short lengths. */
	len = sizeof(env);
	EXPECT_EQ(EMSGSIZE, seal(dev, "unconfined", 0, env, 0xffffffffU, env,
				 &len));
	len = 10;
	EXPECT_EQ(ERANGE, seal(dev, "unconfined", 0, "abc", 3, env, &len));
	EXPECT_EQ(sizeof(struct sipc_envelope) + 3 + SIPC_TAG_SIZE, len);
	/* Unknown flags, unknown ioctl. */
	pa.flags = 1;
	EXPECT_EQ(-1, ioctl(dev, SIPC_IOC_PEER, &pa));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(dev, _IO(SIPC_IOC_MAGIC, 99), &pa));
	EXPECT_EQ(ENOTTY, errno);
	/* The crypto drivers the kernel picked. */
	ASSERT_EQ(0, ioctl(dev, SIPC_IOC_INFO, &info));
	TH_LOG("gcm(aes): %s, hmac(sha256): %s", info.aead_driver,
	       info.hash_driver);
	EXPECT_NE(0, info.aead_driver[0]);
	EXPECT_NE(0, info.epoch);
	close(dev);
}

/*
 * Many malformed and some valid calls: each gets its error, and the slab
 * comes back to where it was: a million calls (about 12 s under TCG);
 * the bound on unreclaimable slab growth, 1 MiB, is what a leak of 16
 * bytes in each of the FUZZ_CALLS / 8 valid seal-and-open rounds alone
 * would exceed.  (Debian's kernels have no kmemleak.)
 */
#define FUZZ_CALLS	1000000

TEST(ioctl_fuzz_no_leak)
{
	unsigned char env[ENV_MAX], out[64], buf[512];
	struct sipc_open_args oa;
	struct timespec t0, t1;
	long before, after;
	uint32_t seed = 1, len;
	int dev = dev_open(), i, bad = 0;

	ASSERT_LE(0, dev);
	/* Warm the caches first: a first call allocates what stays. */
	for (i = 0; i < 1000; i++) {
		len = sizeof(env);
		seal(dev, "unconfined", i, "warm", 4, env, &len);
		unseal(dev, env, len, out, sizeof(out), &oa);
	}
	before = slab_kb();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < FUZZ_CALLS; i++) {
		unsigned long cmd = _IO(SIPC_IOC_MAGIC, 1 + (seed >> 8) % 8);
		unsigned int j;
		int ret;

		seed = seed * 1103515245 + 12345;
		switch (i % 8) {
		case 0: /* a valid seal and open, then a replay */
			len = sizeof(env);
			if (seal(dev, "unconfined", i, "fuzz", 4, env, &len) ||
			    unseal(dev, env, len, out, sizeof(out), &oa) ||
			    unseal(dev, env, len, out, sizeof(out), &oa) !=
			    EALREADY)
				bad++;
			continue;
		case 1: /* random bytes as a struct */
			for (j = 0; j < sizeof(buf) / 4; j++) {
				seed = seed * 1103515245 + 12345;
				((uint32_t *)buf)[j] = seed;
			}
			/* A small size, so that some get past the check. */
			((uint32_t *)buf)[0] %= 600;
			/* Pointers that fault. */
			for (j = 8; j < 40; j += 8)
				*(uint64_t *)(buf + j) &= 0xfff;
			break;
		case 2: /* a bad pointer */
			ret = ioctl(dev, cmd, (void *)(uintptr_t)(seed & 0xfff));
			if (ret == 0)
				bad++;
			continue;
		default: /* a random altered envelope */
			len = sizeof(env);
			memset(env, 0, 128);
			((struct sipc_envelope *)env)->magic = SIPC_ENVELOPE_MAGIC;
			((struct sipc_envelope *)env)->version = 1;
			((struct sipc_envelope *)env)->epoch = 1;
			((struct sipc_envelope *)env)->seq = seed;
			((struct sipc_envelope *)env)->payload_len = 4;
			env[seed % 100] ^= seed >> 24;
			if (!unseal(dev, env, sizeof(struct sipc_envelope) + 4 +
				    SIPC_TAG_SIZE, out, sizeof(out), &oa))
				bad++;
			continue;
		}
		if (cmd == SIPC_IOC_ROTATE)
			continue;	/* would retire the keys under case 0 */
		ioctl(dev, cmd, buf);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	after = slab_kb();
	TH_LOG("%d calls in %.1f s; SUnreclaim %ld kB before, %ld kB after",
	       FUZZ_CALLS, t1.tv_sec - t0.tv_sec +
	       (t1.tv_nsec - t0.tv_nsec) / 1e9, before, after);
	EXPECT_EQ(0, bad);
	EXPECT_LT(after - before, 1024);
	close(dev);
}

SIPC_POLICY_MAIN(helpers)
