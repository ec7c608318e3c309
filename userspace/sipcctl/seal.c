// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl seal, open, sign, verify, peer, keys: /dev/sipc from scripts.
 *
 * Payloads, envelopes and signatures go through stdin and stdout as raw
 * bytes, so that they can be piped through any channel; what the kernel
 * attests about them is printed on stderr (text) or, with --json, on
 * stdout for the commands that write no bytes there.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sipcctl.h"

/* All of @f, up to @max bytes, in a malloc()ed buffer: its size, or -1. */
static ssize_t read_all(FILE *f, size_t max, unsigned char **out)
{
	size_t len = 0, cap = 4096;
	unsigned char *buf = malloc(cap), *p;
	size_t n;

	if (!buf)
		return -1;
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len > max)
			break;
		if (len == cap) {
			cap *= 2;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				return -1;
			}
			buf = p;
		}
	}
	if (ferror(f) || len > max) {
		free(buf);
		errno = ferror(f) ? EIO : EMSGSIZE;
		return -1;
	}
	*out = buf;
	return len;
}

static int write_all(const void *buf, size_t len)
{
	return fwrite(buf, 1, len, stdout) == len && !fflush(stdout) ? 0 : -1;
}

static int dev_open(const char *cmd)
{
	int fd = sipc_dev_open();

	if (fd < 0)
		fprintf(stderr, "%s %s: cannot open /dev/%s: %s\n", prog_name,
			cmd, SIPC_DEV_NAME, strerror(-fd));
	return fd;
}

static int fail(const char *cmd, const char *what, int err)
{
	fprintf(stderr, "%s %s: %s: %s\n", prog_name, cmd, what,
		strerror(-err));
	return EXIT_FAILED;
}

int seal_main(int argc, char *argv[])
{
	unsigned char *payload = NULL, *env = NULL;
	size_t env_len;
	uint64_t op = 0;
	ssize_t len;
	bool json;
	int fd, ret;

	ret = command_options(argc, argv, "RECEIVER_ROLE [OP] <payload >envelope",
			      &json, 1, 2);
	if (ret >= 0)
		return ret;
	if (optind + 1 < argc) {
		char *end;

		errno = 0;
		op = strtoull(argv[optind + 1], &end, 0);
		if (errno || *end) {
			fprintf(stderr, "%s %s: bad operation id `%s'\n",
				prog_name, argv[0], argv[optind + 1]);
			return EXIT_USAGE;
		}
	}
	fd = dev_open(argv[0]);
	if (fd < 0)
		return fd == -ENOENT ? EXIT_NOT_LOADED : EXIT_FAILED;
	len = read_all(stdin, SIPC_SEAL_PAYLOAD_MAX, &payload);
	if (len < 0) {
		ret = fail(argv[0], "reading the payload", -errno);
		goto cleanup;
	}
	env_len = sipc_envelope_size(len);
	env = malloc(env_len);
	if (!env) {
		ret = fail(argv[0], "envelope", -ENOMEM);
		goto cleanup;
	}
	ret = sipc_seal(fd, argv[optind], op, payload, len, env, &env_len);
	if (ret) {
		ret = fail(argv[0], "sealing", ret);
		goto cleanup;
	}
	ret = write_all(env, env_len) ? fail(argv[0], "writing", -EIO) : EXIT_OK;
cleanup:
	free(payload);
	free(env);
	close(fd);
	return ret;
}

int open_main(int argc, char *argv[])
{
	unsigned char *env = NULL, *payload = NULL;
	struct sipc_opened_info info;
	size_t len = SIPC_SEAL_PAYLOAD_MAX;
	ssize_t env_len;
	bool json;
	int fd, ret;

	ret = command_options(argc, argv, "<envelope >payload", &json, 0, 0);
	if (ret >= 0)
		return ret;
	fd = dev_open(argv[0]);
	if (fd < 0)
		return fd == -ENOENT ? EXIT_NOT_LOADED : EXIT_FAILED;
	env_len = read_all(stdin, sipc_envelope_size(SIPC_SEAL_PAYLOAD_MAX),
			   &env);
	payload = malloc(len);
	if (env_len < 0 || !payload) {
		ret = fail(argv[0], "reading the envelope", -EIO);
		goto cleanup;
	}
	ret = sipc_open_envelope(fd, env, env_len, payload, &len, &info);
	if (ret) {
		ret = fail(argv[0], "opening", ret);
		goto cleanup;
	}
	if (json) {
		fprintf(stderr, "{\"sender\": ");
		json_string(stderr, info.sender);
		fprintf(stderr, ", \"op\": %" PRIu64 ", \"seq\": %" PRIu64
			", \"epoch\": %u, \"time_ns\": %" PRId64 "}\n",
			info.op, info.seq, info.epoch, info.time_ns);
	} else {
		fprintf(stderr, "from %s, op %" PRIu64 ", seq %" PRIu64
			", epoch %u, sealed at %" PRId64 ".%09" PRId64 "\n",
			info.sender, info.op, info.seq, info.epoch,
			info.time_ns / 1000000000, info.time_ns % 1000000000);
	}
	ret = write_all(payload, len) ? fail(argv[0], "writing", -EIO) : EXIT_OK;
cleanup:
	free(env);
	free(payload);
	close(fd);
	return ret;
}

int sign_main(int argc, char *argv[])
{
	struct sipc_signature sig;
	unsigned char *data = NULL;
	ssize_t len;
	bool json;
	int fd, ret;

	ret = command_options(argc, argv, "<data >signature", &json, 0, 0);
	if (ret >= 0)
		return ret;
	fd = dev_open(argv[0]);
	if (fd < 0)
		return fd == -ENOENT ? EXIT_NOT_LOADED : EXIT_FAILED;
	len = read_all(stdin, SIPC_SIGN_DATA_MAX, &data);
	if (len < 0) {
		ret = fail(argv[0], "reading the data", -errno);
		goto cleanup;
	}
	ret = sipc_sign(fd, data, len, &sig);
	if (ret)
		ret = fail(argv[0], "signing", ret);
	else
		ret = write_all(&sig, sizeof(sig)) ?
		      fail(argv[0], "writing", -EIO) : EXIT_OK;
cleanup:
	free(data);
	close(fd);
	return ret;
}

int verify_main(int argc, char *argv[])
{
	char signer[SIPC_ROLE_NAME_MAX];
	struct sipc_signature sig;
	unsigned char *data = NULL;
	int64_t time_ns;
	ssize_t len;
	FILE *f;
	bool json;
	int fd, ret;

	ret = command_options(argc, argv, "SIGNATURE_FILE <data", &json, 1, 1);
	if (ret >= 0)
		return ret;
	f = fopen(argv[optind], "rbe");
	if (!f || fread(&sig, 1, sizeof(sig), f) != sizeof(sig)) {
		fprintf(stderr, "%s %s: cannot read a signature from %s\n",
			prog_name, argv[0], argv[optind]);
		if (f)
			fclose(f);
		return EXIT_FAILED;
	}
	fclose(f);
	fd = dev_open(argv[0]);
	if (fd < 0)
		return fd == -ENOENT ? EXIT_NOT_LOADED : EXIT_FAILED;
	len = read_all(stdin, SIPC_SIGN_DATA_MAX, &data);
	if (len < 0) {
		ret = fail(argv[0], "reading the data", -errno);
		goto cleanup;
	}
	ret = sipc_verify(fd, data, len, &sig, signer, &time_ns);
	if (ret) {
		ret = fail(argv[0], "verifying", ret);
		goto cleanup;
	}
	if (json) {
		printf("{\"signer\": ");
		json_string(stdout, signer);
		printf(", \"time_ns\": %" PRId64 "}\n", time_ns);
	} else {
		printf("good signature by role %s at %" PRId64 ".%09" PRId64 "\n",
		       signer, time_ns / 1000000000, time_ns % 1000000000);
	}
	ret = EXIT_OK;
cleanup:
	free(data);
	close(fd);
	return ret;
}

int peer_main(int argc, char *argv[])
{
	char role[SIPC_ROLE_NAME_MAX], *end;
	bool json;
	long n;
	int fd, ret;

	ret = command_options(argc, argv, "FD", &json, 1, 1);
	if (ret >= 0)
		return ret;
	errno = 0;
	n = strtol(argv[optind], &end, 10);
	if (errno || *end || n < 0 || n > INT32_MAX) {
		fprintf(stderr, "%s %s: bad descriptor `%s'\n", prog_name,
			argv[0], argv[optind]);
		return EXIT_USAGE;
	}
	fd = dev_open(argv[0]);
	if (fd < 0)
		return fd == -ENOENT ? EXIT_NOT_LOADED : EXIT_FAILED;
	ret = sipc_peer(fd, n, role);
	close(fd);
	if (ret)
		return fail(argv[0], "peer", ret);
	if (json) {
		printf("{\"fd\": %ld, \"role\": ", n);
		json_string(stdout, role);
		printf("}\n");
	} else {
		printf("%s\n", role);
	}
	return EXIT_OK;
}

static void keys_show(const struct sipc_info_args *in, bool json)
{
	unsigned int i;

	if (json) {
		printf("{\"epoch\": %u, \"epoch_age_ns\": %llu, ", in->epoch,
		       (unsigned long long)in->epoch_age_ns);
		printf("\"previous_epoch\": %u, \"previous_age_ns\": %llu, \"previous_grace_left_ns\": %llu, ",
		       in->prev_epoch, (unsigned long long)in->prev_age_ns,
		       (unsigned long long)in->prev_left_ns);
		printf("\"pairs\": %u, \"grace_ms\": %u, \"rotate_ms\": %u, \"rotate_grace_ms\": %u, \"counters\": {",
		       in->pairs, in->grace_ms, in->rotate_ms,
		       in->rotate_grace_ms);
		for (i = 0; i < __SIPC_SEAL_STAT_LAST; i++)
			printf("%s\"%s\": %llu", i ? ", " : "",
			       sipc_seal_stat_name(i),
			       (unsigned long long)in->stats[i]);
		printf("}}\n");
		return;
	}
	printf("epoch %u: current, age %.3f s\n", in->epoch,
	       in->epoch_age_ns / 1e9);
	if (in->prev_epoch)
		printf("epoch %u: previous, age %.3f s, opens for %.3f s more\n",
		       in->prev_epoch, in->prev_age_ns / 1e9,
		       in->prev_left_ns / 1e9);
	printf("role pairs with keys: %u\ndefault grace: %u ms\n", in->pairs,
	       in->grace_ms);
	if (in->rotate_ms)
		printf("rotation: every %.3f s (policy), grace %.3f s\n",
		       in->rotate_ms / 1e3, in->rotate_grace_ms / 1e3);
	else
		printf("rotation: by hand only (no \"keys rotate\" in the policy)\n");
	for (i = 0; i < __SIPC_SEAL_STAT_LAST; i++)
		printf("%s: %llu\n", sipc_seal_stat_name(i),
		       (unsigned long long)in->stats[i]);
}

int keys_main(int argc, char *argv[])
{
	struct sipc_info_args info;
	long grace = -1;
	uint32_t epoch;
	bool json;
	int fd, ret;

	ret = command_options(argc, argv, "[rotate [GRACE_MS]]", &json, 0, 2);
	if (ret >= 0)
		return ret;
	if (optind < argc && strcmp(argv[optind], "rotate")) {
		fprintf(stderr, "%s %s: unknown action `%s'\n", prog_name,
			argv[0], argv[optind]);
		return EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		char *end;

		errno = 0;
		grace = strtol(argv[optind + 1], &end, 10);
		if (errno || *end || grace < 0 || grace > UINT32_MAX) {
			fprintf(stderr, "%s %s: bad grace `%s'\n", prog_name,
				argv[0], argv[optind + 1]);
			return EXIT_USAGE;
		}
	}
	fd = dev_open(argv[0]);
	if (fd < 0)
		return fd == -ENOENT ? EXIT_NOT_LOADED : EXIT_FAILED;
	if (optind < argc) {
		ret = sipc_keys_rotate(fd, grace, &epoch);
		if (ret == -EPERM) {
			fprintf(stderr, "%s %s: needs CAP_MAC_ADMIN\n",
				prog_name, argv[0]);
			ret = EXIT_FAILED;
		} else if (ret) {
			ret = fail(argv[0], "rotating", ret);
		} else {
			if (json)
				printf("{\"epoch\": %u}\n", epoch);
			else
				printf("epoch %u\n", epoch);
			ret = EXIT_OK;
		}
	} else {
		ret = sipc_dev_info(fd, &info);
		if (ret)
			ret = fail(argv[0], "info", ret);
		else
			keys_show(&info, json);
	}
	close(fd);
	return ret;
}
