// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-blob: the policy-blob fuzzer's corpus, on the host (run by
 * userspace/policy/tests/run): every mutant is judged by the independent
 * checker of selftests/fuzz_blob.h and by sipc_policy_dump(), which must
 * agree.  selftests/fuzz_blob_test.c adds the module's verdict in a
 * guest.  Prints TAP lines ("ok - fuzz: ...") and "# " comments.
 *
 *   SIPC_FUZZ_SEED    the seed (default: random; always printed)
 *   SIPC_FUZZ_ITERS   iterations (default 20000)
 *   SIPC_FUZZ_FIRST   the first iteration
 */
#include "../../../selftests/fuzz_blob.h"

#define FAILS_SHOWN	5

int main(void)
{
	unsigned long iters = fz_env("SIPC_FUZZ_ITERS", 20000);
	unsigned long first = fz_env("SIPC_FUZZ_FIRST", 0);
	unsigned long i, fails = 0, agree_valid = 0;
	uint64_t seed = fz_seed();
	struct fz_reasons reasons = { 0 };
	struct fz_stats st = { 0 };
	struct fz_blob b = { 0 };
	struct fz_corpus c;
	FILE *null = fopen("/dev/null", "w");
	unsigned int k;
	int bad = 0;

	printf("# seed 0x%016llx, iterations %lu..%lu (SIPC_FUZZ_SEED, "
	       "SIPC_FUZZ_FIRST, SIPC_FUZZ_ITERS)\n",
	       (unsigned long long)seed, first, first + iters - 1);
	if (!null || fz_corpus_build(&c, seed, stderr)) {
		printf("not ok - fuzz: the corpus compiles\n");
		return 1;
	}
	/* The corpus itself: valid by both. */
	for (k = 0; k < c.nr; k++) {
		const char *why = fz_check(c.blob[k].data, c.blob[k].size, NULL);

		if (why || sipc_policy_dump(c.blob[k].data, c.blob[k].size, null)) {
			printf("# corpus blob %u: checker %s, dump refuses: %d\n", k,
			       why ? why : "valid",
			       sipc_policy_dump(c.blob[k].data, c.blob[k].size, null) != 0);
			bad++;
		}
	}
	printf("%s - fuzz: the %u corpus blobs are valid to the checker and the dump\n",
	       bad ? "not ok" : "ok", c.nr);

	for (i = first; i < first + iters; i++) {
		unsigned int base;
		const char *why;
		bool dump_ok;
		struct fz_rng r;

		fz_rng_init(&r, seed, i);
		base = fz_below(&r, c.nr);
		if (fz_blob_set(&b, c.blob[base].data, c.blob[base].size))
			return 1;
		fz_mutate(&r, &b, &st);
		why = fz_check(b.data, b.size, NULL);
		dump_ok = sipc_policy_dump(b.data, b.size, null) == 0;
		if (why) {
			st.invalid++;
			fz_reason_count(&reasons, why);
		} else {
			st.valid++;
		}
		if (!why == dump_ok) {
			agree_valid += dump_ok;
			continue;
		}
		if (fails++ < FAILS_SHOWN) {
			printf("# FAIL seed 0x%016llx iteration %lu: checker: %s; "
			       "dump: %s\n", (unsigned long long)seed, i,
			       why ? why : "valid", dump_ok ? "valid" : "invalid");
			if (!dump_ok)
				sipc_policy_dump(b.data, b.size, stdout);
			printf("#   replay: SIPC_FUZZ_SEED=0x%016llx SIPC_FUZZ_FIRST=%lu "
			       "SIPC_FUZZ_ITERS=1 %s\n", (unsigned long long)seed, i,
			       "build/userspace/fuzz-blob");
			fz_hexdump(stdout, "#     ", b.data, b.size);
		}
	}
	fz_stats_print(stdout, &st);
	fz_reasons_print(stdout, &reasons);
	printf("%s - fuzz: %lu mutants, the dump agrees with the checker on "
	       "every one (%lu valid, %lu failures, seed 0x%016llx)\n",
	       fails ? "not ok" : "ok", iters, agree_valid, fails,
	       (unsigned long long)seed);
	fz_blob_free(&b);
	fz_corpus_free(&c);
	fclose(null);
	return fails || bad ? 1 : 0;
}
