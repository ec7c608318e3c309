// SPDX-License-Identifier: GPL-2.0
/*
 * bench-seal: the cost of /dev/sipc against raw gcm(aes), in one run.
 *
 *	bench-seal [ITERATIONS]
 *
 * Prints, one line each: the latency of seal+open of 64 bytes; the
 * throughput of sealing 4 KiB and 64 KiB; and the same encryption done
 * through the kernel crypto API directly (AF_ALG "aead" gcm(aes), the
 * same drivers, with the envelope's 72-byte header as associated data).
 * Run unconfined, as root or not; needs sipc.ko loaded.  The figures are
 * for comparison within one run: under TCG their absolute values mean
 * little.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_alg.h>
#include <linux/sipc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

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

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 4096, 65536 };
	long iters = argc > 1 ? atol(argv[1]) : 2000;
	int dev, op, n;
	double t;
	long i;

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
