// SPDX-License-Identifier: GPL-2.0
/*
 * bench-seal: the cost of /dev/sipc against raw gcm(aes), in one run.
 *
 *	bench-seal [ITERATIONS]
 *	bench-seal rtt [-f] [-n ITERATIONS] [-r RUNS] [-x PEER_EXE] SELF PEER
 *
 * The first prints, one line each: the latency of seal+open of 64 bytes;
 * the throughput of sealing 4 KiB and 64 KiB; and the same encryption
 * done through the kernel crypto API directly (AF_ALG "aead" gcm(aes),
 * the same drivers, with the envelope's 72-byte header as associated
 * data).  Run unconfined, as root or not; needs sipc.ko loaded.  The
 * figures are for comparison within one run: under TCG their absolute
 * values mean little.
 *
 * "rtt" times a round trip of 64 bytes between this process and a peer
 * over two pipes, in two variants, RUNS times each (default 3),
 * alternating: plain (write 64 bytes; the peer reads them and writes 64
 * back) and sealed (the payload sealed through libsipc for role PEER, the
 * envelope written; the peer reads and opens it, seals a 64-byte reply
 * for role SELF and writes it back, which is read and opened here).  The
 * peer is a fresh child per run that executes PEER_EXE (default: this
 * program), so that a policy can give it a role of its own; SELF is the
 * role this process runs in, PEER the peer's.  Every payload is checked,
 * plain or opened, and so is the sender role open reports: a mismatch
 * or a failed call ends the run with exit status 1.  Timing is that of
 * bench-ipc: ITERATIONS round trips (default 2000) after a warm-up of a
 * tenth as many, the median of the runs, SCHED_FIFO with -f.  Prints
 *
 *	round trip 64 B: plain <ns>, sealed <ns>, ratio <r> (target <= 1.15)
 *	round trip 64 B runs: plain <ns>...; sealed <ns>...
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_alg.h>
#include <linux/sipc.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libsipc.h"

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

#define HDR	sizeof(struct sipc_envelope)
#define MAXLEN	65536

static unsigned char payload[MAXLEN], env[HDR + MAXLEN + SIPC_TAG_SIZE];
static unsigned char out[HDR + MAXLEN + SIPC_TAG_SIZE];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int seal(int dev, size_t len)
{
	struct sipc_seal_args a = {
		.size = sizeof(a), .payload = (uintptr_t)payload,
		.payload_len = len, .envelope = (uintptr_t)env,
		.envelope_len = sizeof(env),
	};

	strcpy(a.receiver, SIPC_ROLE_UNCONFINED_NAME);
	return ioctl(dev, SIPC_IOC_SEAL, &a) ? -errno : (int)a.envelope_len;
}

static int unseal(int dev, size_t len)
{
	struct sipc_open_args a = {
		.size = sizeof(a), .envelope = (uintptr_t)env,
		.envelope_len = len, .payload = (uintptr_t)out,
		.payload_len = sizeof(out),
	};

	return ioctl(dev, SIPC_IOC_OPEN, &a) ? -errno : 0;
}

/* An AF_ALG gcm(aes) operation socket with a random key, or -1. */
static int alg_open(void)
{
	struct sockaddr_alg sa = {
		.salg_family = AF_ALG,
		.salg_type = "aead",
		.salg_name = "gcm(aes)",
	};
	unsigned char key[32];
	int tfm, op;

	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = rand();
	tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (tfm < 0 || bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, sizeof(key)) ||
	    setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL,
		       SIPC_TAG_SIZE))
		return -1;
	op = accept(tfm, NULL, 0);
	return op;
}

/* Encrypt HDR bytes of AD and @len of text through AF_ALG: 0 or -1. */
static int alg_encrypt(int op, size_t len, uint64_t seq)
{
	char cbuf[CMSG_SPACE(sizeof(uint32_t)) +
		  CMSG_SPACE(sizeof(struct af_alg_iv) + 12) +
		  CMSG_SPACE(sizeof(uint32_t))] = { 0 };
	struct iovec iov = { .iov_base = env, .iov_len = HDR + len };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	struct af_alg_iv *iv;

	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_OP;
	c->cmsg_len = CMSG_LEN(sizeof(uint32_t));
	*(uint32_t *)CMSG_DATA(c) = ALG_OP_ENCRYPT;
	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_IV;
	c->cmsg_len = CMSG_LEN(sizeof(*iv) + 12);
	iv = (void *)CMSG_DATA(c);
	iv->ivlen = 12;
	memset(iv->iv, 0, 12);
	memcpy(iv->iv, &seq, sizeof(seq));
	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_AEAD_ASSOCLEN;
	c->cmsg_len = CMSG_LEN(sizeof(uint32_t));
	*(uint32_t *)CMSG_DATA(c) = HDR;
	if (sendmsg(op, &msg, 0) != (ssize_t)(HDR + len))
		return -1;
	return read(op, out, HDR + len + SIPC_TAG_SIZE) ==
	       (ssize_t)(HDR + len + SIPC_TAG_SIZE) ? 0 : -1;
}

/*
 * The round trip.  The n-th message of a run carries the bytes n, n + 1,
 * ..., n + 63 (mod 256); the reply, their complement.  Envelopes have a
 * fixed size, so each side reads exactly one message's bytes.
 */
#define RTT_LEN		64
#define RTT_ENV_LEN	(HDR + RTT_LEN + SIPC_TAG_SIZE)
#define RTT_TARGET	1.15
#define MAX_RUNS	15

struct rtt {
	bool sealed;
	int dev;		/* /dev/sipc, when sealed */
	int tx, rx;
	const char *peer;	/* the role we seal for and expect to open from */
	uint64_t count;		/* messages so far */
};

static int rtt_fail(const char *what, int err)
{
	fprintf(stderr, "bench-seal: %s: %s\n", what, strerror(err));
	return -1;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	for (; len; p += n, len -= n) {
		n = write(fd, p, len);
		if (n <= 0)
			return rtt_fail("write", n ? errno : EPIPE);
	}
	return 0;
}

/* 0, 1 at end of file before the first byte, or -1. */
static int read_all(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, (char *)buf + got, len - got);
		if (n < 0)
			return rtt_fail("read", errno);
		if (!n) {
			if (!got)
				return 1;
			return rtt_fail("read", EPIPE);
		}
		got += n;
	}
	return 0;
}

/* Send @msg: sealed for the peer's role, or as it is. */
static int rtt_send(const struct rtt *r, const unsigned char msg[RTT_LEN])
{
	unsigned char env[RTT_ENV_LEN];
	size_t len = sizeof(env);
	int err;

	if (!r->sealed)
		return write_all(r->tx, msg, RTT_LEN);
	err = sipc_seal(r->dev, r->peer, 0, msg, RTT_LEN, env, &len);
	if (err)
		return rtt_fail("seal", -err);
	if (len != sizeof(env)) {
		fprintf(stderr, "bench-seal: seal: a %zu-byte envelope\n", len);
		return -1;
	}
	return write_all(r->tx, env, len);
}

/* Receive a message into @msg (opened, when sealed): 0, 1 at EOF, -1. */
static int rtt_receive(const struct rtt *r, unsigned char msg[RTT_LEN])
{
	unsigned char env[RTT_ENV_LEN];
	struct sipc_opened_info info;
	size_t len = RTT_LEN;
	int err;

	if (!r->sealed)
		return read_all(r->rx, msg, RTT_LEN);
	err = read_all(r->rx, env, sizeof(env));
	if (err)
		return err;
	err = sipc_open_envelope(r->dev, env, sizeof(env), msg, &len, &info);
	if (err)
		return rtt_fail("open", -err);
	if (len != RTT_LEN || strcmp(info.sender, r->peer)) {
		fprintf(stderr, "bench-seal: open: %zu bytes from role '%s', not %d from '%s'\n",
			len, info.sender, RTT_LEN, r->peer);
		return -1;
	}
	return 0;
}

/* Whether @msg is the @count-th message (@reply: its reply). */
static bool rtt_check(const unsigned char msg[RTT_LEN], uint64_t count,
		      bool reply)
{
	unsigned char want;
	int k;

	for (k = 0; k < RTT_LEN; k++) {
		want = (unsigned char)(count + k);
		if (msg[k] != (unsigned char)(reply ? ~want : want)) {
			fprintf(stderr, "bench-seal: %s %llu: byte %d is 0x%02x, not 0x%02x\n",
				reply ? "reply" : "message",
				(unsigned long long)count, k, msg[k],
				(unsigned char)(reply ? ~want : want));
			return false;
		}
	}
	return true;
}

/* One round trip from this side. */
static int rtt_ping(struct rtt *r)
{
	unsigned char msg[RTT_LEN];
	int k, err;

	for (k = 0; k < RTT_LEN; k++)
		msg[k] = (unsigned char)(r->count + k);
	err = rtt_send(r, msg);
	if (err)
		return err;
	err = rtt_receive(r, msg);
	if (err)
		return err > 0 ? rtt_fail("read", EPIPE) : err;
	if (!rtt_check(msg, r->count, true))
		return -1;
	r->count++;
	return 0;
}

/*
 * bench-seal peer plain|sealed RX TX ROLE: the peer's side, after exec;
 * answers until the other side closes its pipe.
 */
static int rtt_peer(int argc, char **argv)
{
	struct rtt r = { .dev = -1 };
	unsigned char msg[RTT_LEN];
	int k, err;

	if (argc != 6)
		return 2;
	r.sealed = !strcmp(argv[2], "sealed");
	r.rx = atoi(argv[3]);
	r.tx = atoi(argv[4]);
	r.peer = argv[5];
	if (r.sealed) {
		r.dev = sipc_dev_open();
		if (r.dev < 0) {
			rtt_fail("/dev/" SIPC_DEV_NAME, -r.dev);
			return 1;
		}
	}
	for (;;) {
		err = rtt_receive(&r, msg);
		if (err > 0)
			return 0;
		if (err || !rtt_check(msg, r.count, false))
			return 1;
		for (k = 0; k < RTT_LEN; k++)
			msg[k] = ~msg[k];
		if (rtt_send(&r, msg))
			return 1;
		r.count++;
	}
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * One run of one variant: a peer that executes @exe in role @self's
 * peer, a warm-up, then @n timed round trips; ns per round trip in
 * *@result.
 */
static int rtt_run(const char *exe, const char *self, const char *peer,
		   bool sealed, long n, int dev, double *result)
{
	struct rtt r = { .sealed = sealed, .dev = dev, .peer = peer };
	int down[2] = { -1, -1 }, up[2] = { -1, -1 };
	char rx_arg[16], tx_arg[16];
	int64_t t0 = 0, t1 = 0;
	int status, ret = -1;
	pid_t child = -1;
	long i;

	if (pipe(down) || pipe(up)) {
		rtt_fail("pipe", errno);
		goto cleanup;
	}
	snprintf(rx_arg, sizeof(rx_arg), "%d", down[0]);
	snprintf(tx_arg, sizeof(tx_arg), "%d", up[1]);
	child = fork();
	if (child < 0) {
		rtt_fail("fork", errno);
		goto cleanup;
	}
	if (!child) {
		close(down[1]);
		close(up[0]);
		execl(exe, exe, "peer", sealed ? "sealed" : "plain", rx_arg,
		      tx_arg, self, (char *)NULL);
		rtt_fail(exe, errno);
		_exit(127);
	}
	close(down[0]);
	close(up[1]);
	down[0] = up[1] = -1;
	r.tx = down[1];
	r.rx = up[0];
	for (i = 0; i < n / 10 + 1; i++)
		if (rtt_ping(&r))
			goto cleanup;
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (rtt_ping(&r))
			goto cleanup;
	t1 = now_ns();
	*result = (double)(t1 - t0) / n;
	ret = 0;
cleanup:
	for (i = 0; i < 2; i++) {
		if (down[i] >= 0)
			close(down[i]);
		if (up[i] >= 0)
			close(up[i]);
	}
	if (child > 0) {
		if (waitpid(child, &status, 0) != child)
			ret = rtt_fail("waitpid", errno);
		else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "bench-seal: the %s peer failed\n",
				sealed ? "sealed" : "plain");
			ret = -1;
		}
	}
	return ret;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, int runs)
{
	double sorted[MAX_RUNS];

	memcpy(sorted, v, sizeof(v[0]) * runs);
	qsort(sorted, runs, sizeof(sorted[0]), cmp_double);
	return sorted[runs / 2];
}

static int rtt_usage(void)
{
	fprintf(stderr, "usage: bench-seal rtt [-f] [-n ITERATIONS] [-r RUNS] [-x PEER_EXE] SELF PEER\n");
	return 2;
}

static int rtt_main(int argc, char **argv)
{
	struct sched_param sp = { .sched_priority = 1 };
	const char *exe = "/proc/self/exe";
	double plain[MAX_RUNS], sealed[MAX_RUNS], p, s;
	int runs = 3, opt, i, dev = -1, ret = 1;
	bool fifo = false;
	long n = 2000;
	char *end;

	while ((opt = getopt(argc, argv, "fn:r:x:")) != -1) {
		switch (opt) {
		case 'f':
			fifo = true;
			break;
		case 'n':
			n = strtol(optarg, &end, 10);
			if (*end || n < 1)
				return rtt_usage();
			break;
		case 'r':
			runs = strtol(optarg, &end, 10);
			if (*end || runs < 1 || runs > MAX_RUNS)
				return rtt_usage();
			break;
		case 'x':
			exe = optarg;
			break;
		default:
			return rtt_usage();
		}
	}
	if (argc - optind != 2)
		return rtt_usage();
	dev = sipc_dev_open();
	if (dev < 0) {
		rtt_fail("/dev/" SIPC_DEV_NAME, -dev);
		goto cleanup;
	}
	if (fifo && sched_setscheduler(0, SCHED_FIFO, &sp)) {
		rtt_fail("sched_setscheduler SCHED_FIFO", errno);
		goto cleanup;
	}
	/* A peer that dies must not kill us with SIGPIPE mid-write. */
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < runs; i++)
		if (rtt_run(exe, argv[optind], argv[optind + 1], false, n, -1,
			    &plain[i]) ||
		    rtt_run(exe, argv[optind], argv[optind + 1], true, n, dev,
			    &sealed[i]))
			goto cleanup;
	p = median(plain, runs);
	s = median(sealed, runs);
	printf("round trip 64 B: plain %.1f ns, sealed %.1f ns, ratio %.4f (target <= %.2f)\n",
	       p, s, s / p, RTT_TARGET);
	printf("round trip 64 B runs: plain");
	for (i = 0; i < runs; i++)
		printf(" %.1f", plain[i]);
	printf("; sealed");
	for (i = 0; i < runs; i++)
		printf(" %.1f", sealed[i]);
	printf("\n");
	ret = 0;
cleanup:
	if (dev >= 0)
		close(dev);
	return ret;
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 4096, 65536 };
	long iters = argc > 1 ? atol(argv[1]) : 2000;
	int dev, op, n;
	double t;
	long i;

	if (argc > 1 && !strcmp(argv[1], "rtt"))
		return rtt_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "peer"))
		return rtt_peer(argc, argv);
	dev = open("/dev/" SIPC_DEV_NAME, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		perror("/dev/" SIPC_DEV_NAME);
		return 1;
	}
	op = alg_open();
	if (op < 0) {
		perror("AF_ALG gcm(aes)");
		return 1;
	}
	t = now();
	for (i = 0; i < iters; i++) {
		n = seal(dev, 64);
		if (n < 0 || unseal(dev, n)) {
			fprintf(stderr, "seal/open: %s\n", strerror(-n));
			return 1;
		}
	}
	printf("seal+open 64 B: %.0f ns\n", (now() - t) / iters * 1e9);
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		long k = iters * 4096 / (long)sizes[s];
		double sealed, raw;

		k = k < 50 ? 50 : k;
		t = now();
		for (i = 0; i < k; i++)
			if (seal(dev, sizes[s]) < 0)
				return 1;
		sealed = sizes[s] * k / (now() - t) / 1e6;
		t = now();
		for (i = 0; i < k; i++)
			if (alg_encrypt(op, sizes[s], i + 1)) {
				perror("AF_ALG encrypt");
				return 1;
			}
		raw = sizes[s] * k / (now() - t) / 1e6;
		printf("seal %zu B: %.1f MB/s; raw gcm(aes) (AF_ALG): %.1f MB/s; ratio %.3f\n",
		       sizes[s], sealed, raw, sealed / raw);
	}
	return 0;
}
