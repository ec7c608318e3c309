/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy-blob fuzzer's parts, shared by selftests/fuzz_blob_test.c
 * (against the module, in the guest) and userspace/policy/tests/fuzz-blob.c
 * (against libsipc's dumper, on the host):
 *
 *   fz_rng_*      a seeded PRNG (splitmix64): iteration I of seed S is
 *                 drawn from fz_rng_init(S, I) alone, so it reproduces
 *                 without the iterations before it
 *   fz_check()    an independent checker of a compiled policy, written
 *                 from the format documented in <linux/sipc.h> (and
 *                 Documentation/fuzzing.rst), sharing no code with the
 *                 kernel's parser or with sipc_policy_dump()
 *   fz_corpus_*   valid blobs: policies compiled by libsipc, and each
 *                 laid out again in valid but non-canonical ways
 *   fz_mutate()   mutations of a blob, counted by kind and section
 *
 * Plain C, no test harness: the including file reports.
 */
#ifndef SIPC_FUZZ_BLOB_H
#define SIPC_FUZZ_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <linux/sipc.h>

#include "sipc-policy.h"

/* ------------------------------------------------------------------ */
/* PRNG and parameters                                                 */
/* ------------------------------------------------------------------ */

struct fz_rng {
	uint64_t s;
};

static inline uint64_t fz_next(struct fz_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void fz_rng_init(struct fz_rng *r, uint64_t seed, uint64_t iter)
{
	r->s = seed;
	r->s = fz_next(r) ^ (iter * 0xd1b54a32d192ed03ULL);
	fz_next(r);
}

/* A number in [0, n); 0 when n is 0. */
static inline uint32_t fz_below(struct fz_rng *r, uint32_t n)
{
	return n ? (uint32_t)(fz_next(r) % n) : 0;
}

static inline bool fz_chance(struct fz_rng *r, unsigned int percent)
{
	return fz_below(r, 100) < percent;
}

/* $SIPC_FUZZ_SEED, or a random seed. */
static inline uint64_t fz_seed(void)
{
	const char *env = getenv("SIPC_FUZZ_SEED");
	uint64_t seed = 0;

	if (env && *env)
		return strtoull(env, NULL, 0);
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = (uint64_t)time(NULL);
	return seed;
}

/* $@name as a number, or @def. */
static inline unsigned long fz_env(const char *name, unsigned long def)
{
	const char *env = getenv(name);

	return env && *env ? strtoul(env, NULL, 0) : def;
}

/* Seconds since @t0 (CLOCK_MONOTONIC). */
static inline double fz_elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ------------------------------------------------------------------ */
/* The independent checker                                             */
/* ------------------------------------------------------------------ */

/*
 * Read a native-endian u32 at byte @off of @b; no alignment assumed.
 * Callers check bounds first.
 */
static inline uint32_t fz_u32(const uint8_t *b, size_t off)
{
	uint32_t v;

	memcpy(&v, b + off, sizeof(v));
	return v;
}

static inline uint16_t fz_u16(const uint8_t *b, size_t off)
{
	uint16_t v;

	memcpy(&v, b + off, sizeof(v));
	return v;
}

/* Where each section lies, by type; have[t] when the blob has one. */
struct fz_layout {
	bool have[__SIPC_SECTION_LAST];
	uint32_t off[__SIPC_SECTION_LAST];
	uint32_t cnt[__SIPC_SECTION_LAST];
	uint32_t esz[__SIPC_SECTION_LAST];
	/* The sections' order in the table: the type of entry i. */
	uint32_t nr, order[SIPC_SECTION_MAX];
};

/*
 * Each section's least entry size, most entries and name, as the header
 * lists them (SIPC_SECTION_LIST).
 */
#define SIPC_SECTION(type, name, size, max)	[type] = size,
static const uint32_t fz_struct_size[__SIPC_SECTION_LAST] = SIPC_SECTION_LIST;
#undef SIPC_SECTION
#define SIPC_SECTION(type, name, size, max)	[type] = max,
static const uint32_t fz_limit[__SIPC_SECTION_LAST] = SIPC_SECTION_LIST;
#undef SIPC_SECTION
#define SIPC_SECTION(type, name, size, max)	[type] = name,
static const char *const fz_section_name[__SIPC_SECTION_LAST] =
	SIPC_SECTION_LIST;
#undef SIPC_SECTION

/*
 * The checker reads entries by field, at the offsets the header's structs
 * document; their sizes pin that layout.
 */
_Static_assert(sizeof(struct sipc_policy_role) == 12, "name, mode, flags");
_Static_assert(sizeof(struct sipc_policy_match) == 24,
	       "role, flags, exe, cgroup, uid, gid");
_Static_assert(sizeof(struct sipc_policy_label) == 16,
	       "kind, role, name, key");
_Static_assert(sizeof(struct sipc_policy_rule) == 16,
	       "subject, object, class:16 flags:16, perms");
_Static_assert(sizeof(struct sipc_policy_seal) == 16,
	       "sender, object, class, flags");
_Static_assert(sizeof(struct sipc_policy_keys) == 16,
	       "rotate_ms, grace_ms, flags, reserved");
_Static_assert(sizeof(struct sipc_policy_interface) == 136,
	       "name, nr_perms, perm_names[32]");
_Static_assert(sizeof(struct sipc_policy_operation) == 24,
	       "interface, name, id:64, requires, flags");
_Static_assert(sizeof(struct sipc_policy_implement) == 16,
	       "role, interface, class, flags");
_Static_assert(sizeof(struct sipc_policy_op_rule) == 16,
	       "subject, object, interface, perms");
_Static_assert(sizeof(struct sipc_policy_audit) == 8,
	       "checkpoint_records, checkpoint_secs");

/* Byte offset of field @word (a u32 index) of entry @i of section @t. */
static inline size_t fz_field(const struct fz_layout *l, unsigned int t,
			      uint32_t i, unsigned int word)
{
	return l->off[t] + (size_t)i * l->esz[t] + 4 * word;
}

/* The permissions each class has, from SIPC_PERMS_<class>. */
static inline uint32_t fz_class_perms(uint32_t cls)
{
	switch (cls) {
	case SIPC_CLASS_PIPE: return SIPC_PERMS_PIPE;
	case SIPC_CLASS_FIFO: return SIPC_PERMS_FIFO;
	case SIPC_CLASS_UNIX_STREAM: return SIPC_PERMS_UNIX_STREAM;
	case SIPC_CLASS_UNIX_DGRAM: return SIPC_PERMS_UNIX_DGRAM;
	case SIPC_CLASS_UNIX_SEQPACKET: return SIPC_PERMS_UNIX_SEQPACKET;
	case SIPC_CLASS_MSGQ: return SIPC_PERMS_MSGQ;
	case SIPC_CLASS_SHM: return SIPC_PERMS_SHM;
	case SIPC_CLASS_SEM: return SIPC_PERMS_SEM;
	case SIPC_CLASS_MQUEUE: return SIPC_PERMS_MQUEUE;
	case SIPC_CLASS_SIGNAL: return SIPC_PERMS_SIGNAL;
	case SIPC_CLASS_MESSAGE: return SIPC_PERMS_MESSAGE;
	}
	return 0;
}

/*
 * The string at offset @s of the STRINGS section, and its length, or
 * false when @s is outside the section.  The section ends in a NUL
 * (checked before), so the string is terminated inside it.
 */
static inline bool fz_string(const uint8_t *b, const struct fz_layout *l,
			     uint32_t s, const char **str, size_t *len)
{
	if (s >= l->cnt[SIPC_SECTION_STRINGS])
		return false;
	*str = (const char *)b + l->off[SIPC_SECTION_STRINGS] + s;
	*len = strlen(*str);
	return true;
}

/*
 * A glob: an absolute path ('/' first, or '@' too where @at), shorter
 * than SIPC_PATTERN_MAX with its NUL, every '\' quoting a character.
 */
static inline const char *fz_glob(const uint8_t *b, const struct fz_layout *l,
				  uint32_t s, bool at)
{
	const char *g;
	size_t len, i;

	if (!fz_string(b, l, s, &g, &len))
		return "glob offset outside STRINGS";
	if (!len)
		return "empty glob";
	if (g[0] != '/' && !(at && g[0] == '@'))
		return "relative glob";
	if (len + 1 > SIPC_PATTERN_MAX)
		return "glob too long";
	for (i = 0; i < len; i++) {
		if (g[i] != '\\')
			continue;
		if (i + 1 == len)
			return "glob ends in an unpaired backslash";
		i++;
	}
	return NULL;
}

static inline bool fz_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* A name of an interface, permission or operation: as a role's. */
static inline bool fz_name(const uint8_t *b, const struct fz_layout *l,
			   uint32_t s)
{
	const char *name;
	size_t len, k;

	if (!fz_string(b, l, s, &name, &len) || !len ||
	    len > SIPC_ROLE_NAME_MAX - 1)
		return false;
	for (k = 0; k < len; k++)
		if (!fz_name_char(name[k]))
			return false;
	return true;
}

static inline const char *fz_str_at(const uint8_t *b, const struct fz_layout *l,
				    uint32_t s)
{
	return (const char *)b + l->off[SIPC_SECTION_STRINGS] + s;
}

/* INTERFACES, OPERATIONS, IMPLEMENTS, OP_RULES (struct sipc_policy_*). */
static inline const char *fz_check_ifaces(const uint8_t *b,
					  const struct fz_layout *l,
					  uint32_t nroles)
{
	uint32_t nif = l->have[SIPC_SECTION_INTERFACES] ?
		       l->cnt[SIPC_SECTION_INTERFACES] : 0;
	uint32_t i, j, k, np, pi = 0, pc = 0;
	uint64_t key, prev = 0;

	for (i = 0; i < nif; i++) {
		uint32_t name = fz_u32(b, fz_field(l, SIPC_SECTION_INTERFACES, i, 0));

		if (!fz_name(b, l, name))
			return "interface name";
		for (j = 0; j < i; j++)
			if (!strcmp(fz_str_at(b, l, name), fz_str_at(b, l,
				    fz_u32(b, fz_field(l, SIPC_SECTION_INTERFACES, j, 0)))))
				return "two interfaces of one name";
		np = fz_u32(b, fz_field(l, SIPC_SECTION_INTERFACES, i, 1));
		if (!np || np > SIPC_IFACE_PERMS_MAX)
			return "interface permission count";
		for (k = 0; k < SIPC_IFACE_PERMS_MAX; k++) {
			uint32_t pn = fz_u32(b, fz_field(l, SIPC_SECTION_INTERFACES, i, 2 + k));

			if (k >= np) {
				if (pn)
					return "interface permission past its count";
				continue;
			}
			if (!fz_name(b, l, pn))
				return "interface permission name";
			for (j = 0; j < k; j++)
				if (!strcmp(fz_str_at(b, l, pn), fz_str_at(b, l,
					    fz_u32(b, fz_field(l, SIPC_SECTION_INTERFACES, i, 2 + j)))))
					return "interface permission twice";
		}
	}
#define FZ_IFACE_MASK(f) ((uint32_t)((1ULL << fz_u32(b, fz_field(l, \
	SIPC_SECTION_INTERFACES, (f), 1))) - 1))
	for (i = 0; l->have[SIPC_SECTION_OPERATIONS] &&
	     i < l->cnt[SIPC_SECTION_OPERATIONS]; i++) {
		size_t at = fz_field(l, SIPC_SECTION_OPERATIONS, i, 0);
		uint32_t f = fz_u32(b, at), req = fz_u32(b, at + 16);
		uint64_t id;

		memcpy(&id, b + at + 8, 8);
		if (f >= nif)
			return "operation interface";
		if (!id || id > INT64_MAX)
			return "operation id";
		if (fz_u32(b, at + 20))
			return "operation flags";
		if (req & ~FZ_IFACE_MASK(f))
			return "operation requires a permission its interface lacks";
		if (i && (f < pi || (f == pi && id <= prev)))
			return "operations out of order";
		if (!fz_name(b, l, fz_u32(b, at + 4)))
			return "operation name";
		pi = f;
		prev = id;
	}
	for (i = 0; l->have[SIPC_SECTION_IMPLEMENTS] &&
	     i < l->cnt[SIPC_SECTION_IMPLEMENTS]; i++) {
		size_t at = fz_field(l, SIPC_SECTION_IMPLEMENTS, i, 0);
		uint32_t role = fz_u32(b, at), cls = fz_u32(b, at + 8);

		if (role < 1 || role > nroles)
			return "implement role";
		if (fz_u32(b, at + 4) >= nif)
			return "implement interface";
		if (cls != SIPC_CLASS_MSGQ)
			return "implement class";
		if (fz_u32(b, at + 12))
			return "implement flags";
		if (i && (role < pi || (role == pi && cls <= pc)))
			return "implements out of order";
		pi = role;
		pc = cls;
	}
	for (i = 0; l->have[SIPC_SECTION_OP_RULES] &&
	     i < l->cnt[SIPC_SECTION_OP_RULES]; i++) {
		size_t at = fz_field(l, SIPC_SECTION_OP_RULES, i, 0);
		uint32_t s = fz_u32(b, at), o = fz_u32(b, at + 4);
		uint32_t f = fz_u32(b, at + 8), perms = fz_u32(b, at + 12);

		if (s > nroles || o > nroles)
			return "interface rule role";
		if (f >= nif)
			return "interface rule interface";
		if (!perms || (perms & ~FZ_IFACE_MASK(f)))
			return "interface rule permissions";
		key = (uint64_t)s << 20 | o << 8 | f;
		if (i && key <= prev)
			return "interface rules out of order";
		prev = key;
	}
#undef FZ_IFACE_MASK
	return NULL;
}

/*
 * fz_check() - is @b (@size bytes) a policy the format allows?
 * @l: filled with the section layout when the header and table are
 *	sound (NULL: not wanted)
 *
 * Return: NULL when valid, else the first reason it is not.
 */
static inline const char *fz_check(const uint8_t *b, size_t size,
				   struct fz_layout *lout)
{
	struct fz_layout l = { 0 };
	uint32_t nsec, i, j, nroles, mode;
	size_t table_end;
	const char *why;

	if (lout)
		memset(lout, 0, sizeof(*lout));
	/* Header: six u32. */
	if (size < 24)
		return "shorter than the header";
	if (size > SIPC_POLICY_SIZE_MAX)
		return "larger than SIPC_POLICY_SIZE_MAX";
	if (fz_u32(b, 0) != SIPC_POLICY_MAGIC)
		return "bad magic";
	if (fz_u32(b, 4) != SIPC_POLICY_VERSION)
		return "bad version";
	if (fz_u32(b, 8) != size)
		return "header size is not the size";
	if (fz_u32(b, 12))
		return "header flags";
	mode = fz_u32(b, 16);
	if (mode == SIPC_MODE_GLOBAL || mode > SIPC_MODE_MAX)
		return "header mode";
	nsec = fz_u32(b, 20);
	/* Each type at most once, and types are 1..SIPC_SECTION_MAX. */
	if (nsec > SIPC_SECTION_MAX)
		return "more sections than types";
	table_end = 24 + (size_t)nsec * 16;
	if (table_end > size)
		return "section table past the end";
	for (i = 0; i < nsec; i++) {
		uint32_t t = fz_u32(b, 24 + 16 * i);
		uint32_t off = fz_u32(b, 24 + 16 * i + 4);
		uint32_t cnt = fz_u32(b, 24 + 16 * i + 8);
		uint32_t esz = fz_u32(b, 24 + 16 * i + 12);

		if (t < 1 || t > SIPC_SECTION_MAX)
			return "unknown section type";
		if (l.have[t])
			return "section type twice";
		if (off & 7)
			return "section offset not 8-aligned";
		if (off < table_end)
			return "section inside the header or table";
		if (t == SIPC_SECTION_STRINGS ? esz != 1 : esz < fz_struct_size[t])
			return "bad entry size";
		if (cnt > fz_limit[t])
			return "section over its limit";
		if ((uint64_t)off + (uint64_t)cnt * esz > size)
			return "section past the end";
		l.have[t] = true;
		l.off[t] = off;
		l.cnt[t] = cnt;
		l.esz[t] = esz;
		l.order[l.nr++] = t;
	}
	if (!l.have[SIPC_SECTION_STRINGS] || !l.have[SIPC_SECTION_ROLES] ||
	    !l.have[SIPC_SECTION_RULES])
		return "a required section is missing";
	/* Contents do not share bytes ("each at its offset"). */
	for (i = 1; i <= SIPC_SECTION_MAX; i++) {
		for (j = 1; j <= SIPC_SECTION_MAX; j++) {
			uint64_t ei = l.off[i] + (uint64_t)l.cnt[i] * l.esz[i];

			if (i == j || !l.have[i] || !l.have[j] ||
			    !l.cnt[i] || !l.cnt[j])
				continue;
			if (l.off[i] <= l.off[j] && l.off[j] < ei)
				return "sections overlap";
		}
	}
	/* Bytes past the declared struct, in every entry, are zero. */
	for (i = 1; i <= SIPC_SECTION_MAX; i++) {
		uint32_t e, k;

		if (!l.have[i] || l.esz[i] == fz_struct_size[i])
			continue;
		for (e = 0; e < l.cnt[i]; e++)
			for (k = fz_struct_size[i]; k < l.esz[i]; k++)
				if (b[l.off[i] + (size_t)e * l.esz[i] + k])
					return "nonzero bytes past an entry";
	}
	if (lout)
		*lout = l;
	if (!l.cnt[SIPC_SECTION_STRINGS] ||
	    b[l.off[SIPC_SECTION_STRINGS] + l.cnt[SIPC_SECTION_STRINGS] - 1])
		return "STRINGS does not end in a NUL";

	nroles = l.cnt[SIPC_SECTION_ROLES];
	for (i = 0; i < nroles; i++) {
		const char *name;
		size_t len, k;

		if (!fz_string(b, &l, fz_u32(b, fz_field(&l, SIPC_SECTION_ROLES, i, 0)),
			       &name, &len))
			return "role name outside STRINGS";
		if (!len || len > SIPC_ROLE_NAME_MAX - 1)
			return "role name length";
		for (k = 0; k < len; k++)
			if (!fz_name_char(name[k]))
				return "role name character";
		if (!strcmp(name, SIPC_ROLE_UNCONFINED_NAME))
			return "role named unconfined";
		if (fz_u32(b, fz_field(&l, SIPC_SECTION_ROLES, i, 1)) > SIPC_MODE_MAX)
			return "role mode";
		if (fz_u32(b, fz_field(&l, SIPC_SECTION_ROLES, i, 2)) & ~(uint32_t)__SIPC_ROLE_ALL)
			return "role flags";
		for (j = 0; j < i; j++) {
			const char *other = "";
			size_t olen;

			fz_string(b, &l, fz_u32(b, fz_field(&l, SIPC_SECTION_ROLES, j, 0)),
				  &other, &olen);
			if (!strcmp(name, other))
				return "two roles of one name";
		}
	}

	for (i = 0; l.have[SIPC_SECTION_MATCHES] && i < l.cnt[SIPC_SECTION_MATCHES]; i++) {
		uint32_t w[6], k;

		for (k = 0; k < 6; k++)
			w[k] = fz_u32(b, fz_field(&l, SIPC_SECTION_MATCHES, i, k));
		if (w[0] < 1 || w[0] > nroles)
			return "match role";
		if (!w[1] || (w[1] & ~(uint32_t)__SIPC_MATCH_ALL))
			return "match flags";
		if (!!(w[1] & SIPC_MATCH_EXE) != !!w[2])
			return "match exe and its flag disagree";
		if (!!(w[1] & SIPC_MATCH_CGROUP) != !!w[3])
			return "match cgroup and its flag disagree";
		why = w[2] ? fz_glob(b, &l, w[2], false) : NULL;
		if (!why && w[3])
			why = fz_glob(b, &l, w[3], false);
		if (why)
			return why;
		/* Not in the header's words: (uid_t)-1 is no one's id. */
		if ((w[1] & SIPC_MATCH_UID) && w[4] == UINT32_MAX)
			return "match uid -1";
		if ((w[1] & SIPC_MATCH_GID) && w[5] == UINT32_MAX)
			return "match gid -1";
	}

	for (i = 0; l.have[SIPC_SECTION_LABELS] && i < l.cnt[SIPC_SECTION_LABELS]; i++) {
		uint32_t kind = fz_u32(b, fz_field(&l, SIPC_SECTION_LABELS, i, 0));
		uint32_t role = fz_u32(b, fz_field(&l, SIPC_SECTION_LABELS, i, 1));
		uint32_t name = fz_u32(b, fz_field(&l, SIPC_SECTION_LABELS, i, 2));
		uint32_t key = fz_u32(b, fz_field(&l, SIPC_SECTION_LABELS, i, 3));
		bool keyed = kind == SIPC_LABEL_MSGQ || kind == SIPC_LABEL_SHM ||
			     kind == SIPC_LABEL_SEM;

		if (kind < 1 || kind > SIPC_LABEL_MAX)
			return "label kind";
		if (role > nroles)
			return "label role";
		if (keyed && name)
			return "key label with a name";
		if (keyed)
			continue;
		if (key)
			return "name label with a key";
		if (!name)
			return "name label without a name";
		why = fz_glob(b, &l, name, kind == SIPC_LABEL_UNIX);
		if (why)
			return why;
	}

	for (i = 0; i < l.cnt[SIPC_SECTION_RULES]; i++) {
		size_t at = fz_field(&l, SIPC_SECTION_RULES, i, 0);
		uint32_t cls = fz_u16(b, at + 8), perms = fz_u32(b, at + 12);

		if (fz_u32(b, at) > nroles || fz_u32(b, at + 4) > nroles)
			return "rule role";
		if (cls < 1 || cls > SIPC_CLASS_MAX)
			return "rule class";
		if (fz_u16(b, at + 10) & ~(uint32_t)__SIPC_RULE_ALL)
			return "rule flags";
		if (!perms)
			return "rule without permission";
		if (perms & ~fz_class_perms(cls))
			return "rule permission not of its class";
	}

	for (i = 0; l.have[SIPC_SECTION_SEALS] && i < l.cnt[SIPC_SECTION_SEALS]; i++) {
		uint32_t w[4], k;

		for (k = 0; k < 4; k++)
			w[k] = fz_u32(b, fz_field(&l, SIPC_SECTION_SEALS, i, k));
		if (w[0] > nroles || w[1] > nroles)
			return "seal role";
		if (w[2] != SIPC_CLASS_MSGQ)
			return "seal class";
		if (w[3])
			return "seal flags";
	}

	if (l.have[SIPC_SECTION_KEYS] && l.cnt[SIPC_SECTION_KEYS]) {
		uint32_t w[4], k;

		for (k = 0; k < 4; k++)
			w[k] = fz_u32(b, fz_field(&l, SIPC_SECTION_KEYS, 0, k));
		if (w[2] || w[3])
			return "keys flags";
		if (w[0] < SIPC_KEYS_ROTATE_MIN_MS || w[0] > SIPC_KEYS_ROTATE_MAX_MS)
			return "keys period";
		if (w[1] > w[0])
			return "keys grace";
	}
	if (l.have[SIPC_SECTION_AUDIT]) {
		if (l.cnt[SIPC_SECTION_AUDIT] != 1)
			return "AUDIT section without exactly one entry";
		if (fz_u32(b, fz_field(&l, SIPC_SECTION_AUDIT, 0, 0)) >
		    SIPC_AUDIT_CHECKPOINT_RECORDS_MAX)
			return "audit checkpoint records";
		if (fz_u32(b, fz_field(&l, SIPC_SECTION_AUDIT, 0, 1)) >
		    SIPC_AUDIT_CHECKPOINT_SECS_MAX)
			return "audit checkpoint seconds";
	}
	return fz_check_ifaces(b, &l, nroles);
}

/* ------------------------------------------------------------------ */
/* The corpus                                                          */
/* ------------------------------------------------------------------ */

/*
 * Policies that confine nothing on the test machine: matches name
 * executables and cgroups that do not exist, and uids no one uses.
 */
static const char *const fz_policies[] = {
	"mode permissive;\nrole a;\nallow a a : pipe read;\n",
	"mode enforce;\n"
	"role web {\n"
	"    match exe \"/nonexistent/fuzz/nginx\" uid 40033;\n"
	"    match cgroup \"/fuzz.slice/web.service\";\n"
	"    mode permissive;\n"
	"}\n"
	"role api { match exe \"/nonexistent/fuzz/api-*\" gid 40034; }\n"
	"role db { mode learn; }\n"
	"set clients = { web api };\n"
	"label unix \"/nonexistent/fuzz/db.sock\" db;\n"
	"label unix \"@fuzz-abstract-*\" api;\n"
	"label fifo \"/nonexistent/fuzz/*.fifo\" db;\n"
	"label msgq 0x7e571234 db;  label shm 424242 db;  label sem -7 db;\n"
	"label mqueue \"/fuzz-jobs\" db;\n"
	"allow web db : unix_stream { connect send receive };\n"
	"allow $clients db : { unix_stream unix_seqpacket } { connect };\n"
	"allow web self : pipe { read write };\n"
	"allow web unconfined : signal *;\n",
	"mode learn;\n"
	"role q1 { match exe \"/nonexistent/fuzz/a\\\\*b/**\"; }\n"
	"role q2 { match exe \"/nonexistent/fuzz/?\" cgroup \"/fuzz/**\" uid 40001 gid 40002; }\n"
	"role q3;\n"
	"label fifo \"/nonexistent/fuzz/x\\\\?\" q1;\n"
	"label mqueue \"/fuzz-\\\\*\" unconfined;\n"
	"allow q1 q2 : { msgq shm sem } *;\n"
	"allow q2 q1 : mqueue { send receive };\n"
	"allow q3 q3 : { pipe fifo unix_dgram } *;\n"
	"allow unconfined q3 : signal { kill stop child signal };\n",
	"mode permissive;\nrole r.1-_x;\nrole R2 { mode enforce; }\n"
	"allow r.1-_x R2 : { unix_stream unix_dgram unix_seqpacket } *;\n",
	"mode enforce;\nrole s1;\nrole s2 { mode permissive; }\n"
	"label msgq 0x7e575ea1 s2;\n"
	"allow s1 s2 : msgq *;\n"
	"require seal s1 { s2 self unconfined } : msgq;\n"
	"require seal unconfined s2 : msgq;\n"
	"keys rotate every 1h grace 90s;\n",
	"mode enforce;\nrole srv;\nrole cli;\n"
	"interface files { perm read write stat;\n"
	"  op read = 1 requires read; op write = 2 requires write stat;\n"
	"  op hello = 9223372036854775807; }\n"
	"interface log { perm append; op append = 7 requires append; }\n"
	"implement srv files on msgq;\nimplement cli log on msgq;\n"
	"allow cli srv : msgq { send };\n"
	"allow cli srv : files { read stat };\nallow srv cli : log *;\n"
	"allow unconfined srv : files write;\n",
	"mode enforce;\nrole client;\nrole db { audit; }\nrole ops { mode learn; audit; }\n"
	"allow client db : unix_stream { create send };\n"
	"audit allow client db : unix_stream { connect send };\n"
	"audit allow client client : pipe *;\n"
	"allow ops client : signal { kill };\n"
	"audit checkpoint every 50 records;\n"
	"audit checkpoint every 7 seconds;\n",
};

#define FZ_NR_POLICIES	(sizeof(fz_policies) / sizeof(fz_policies[0]))

struct fz_blob {
	uint8_t *data;
	size_t size, cap;
};

static inline void fz_blob_free(struct fz_blob *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

static inline int fz_blob_set(struct fz_blob *b, const void *data, size_t size)
{
	if (size > b->cap) {
		void *p = realloc(b->data, size);

		if (!p)
			return -1;
		b->data = p;
		b->cap = size;
	}
	memcpy(b->data, data, size);
	b->size = size;
	return 0;
}

/*
 * Lay @src (valid) out again: the sections in another order in the
 * table and in the file, gaps between them, entries padded with zeros
 * to a larger entry_size, STRINGS starting with a non-NUL byte.  All of
 * it valid by the format, and none of it what the compiler writes.
 */
static inline int fz_relayout(struct fz_rng *r, const struct fz_blob *src,
			      struct fz_blob *dst)
{
	struct fz_layout l;
	uint32_t order[SIPC_SECTION_MAX], nr, i, j, t, pos, esz[__SIPC_SECTION_LAST];
	uint32_t off[__SIPC_SECTION_LAST], shift = 0;
	size_t size;
	uint8_t *p;

	if (fz_check(src->data, src->size, &l))
		return -1;
	nr = l.nr;
	memcpy(order, l.order, sizeof(order));
	for (i = nr - 1; i > 0; i--) {	/* shuffle */
		j = fz_below(r, i + 1);
		t = order[i], order[i] = order[j], order[j] = t;
	}
	/* Strings may gain a leading non-empty string: every offset moves. */
	if (fz_chance(r, 50))
		shift = 8;
	pos = 24 + 16 * nr;
	for (i = 0; i < nr; i++) {
		t = order[nr - 1 - i];	/* contents in reverse table order */
		esz[t] = l.esz[t];
		if (t != SIPC_SECTION_STRINGS && fz_chance(r, 40))
			esz[t] += 4 * (1 + fz_below(r, 4));
		pos = (pos + 7) & ~7U;
		pos += 8 * fz_below(r, 3);
		off[t] = pos;
		pos += l.cnt[t] * esz[t] + (t == SIPC_SECTION_STRINGS ? shift : 0);
	}
	size = (pos + 7) & ~7U;
	p = calloc(1, size);
	if (!p)
		return -1;
	memcpy(p, src->data, 24);
	memcpy(p + 8, &(uint32_t){ size }, 4);
	memcpy(p + 20, &nr, 4);
	for (i = 0; i < nr; i++) {
		uint32_t e[4];

		t = order[i];
		e[0] = t;
		e[1] = off[t];
		e[2] = l.cnt[t] + (t == SIPC_SECTION_STRINGS ? shift : 0);
		e[3] = esz[t];
		memcpy(p + 24 + 16 * i, e, sizeof(e));
		if (t == SIPC_SECTION_STRINGS) {
			if (shift)
				memcpy(p + off[t], "lead-in", 8);
			memcpy(p + off[t] + shift, src->data + l.off[t], l.cnt[t]);
			continue;
		}
		for (j = 0; j < l.cnt[t]; j++)
			memcpy(p + off[t] + j * esz[t],
			       src->data + l.off[t] + (size_t)j * l.esz[t],
			       fz_struct_size[t]);
	}
	/* Move every string offset by @shift. */
	if (shift) {
		static const struct { unsigned int t, word; } refs[] = {
			{ SIPC_SECTION_ROLES, 0 }, { SIPC_SECTION_MATCHES, 2 },
			{ SIPC_SECTION_MATCHES, 3 }, { SIPC_SECTION_LABELS, 2 },
			{ SIPC_SECTION_OPERATIONS, 1 },
#define FZ_IFACE_REF(w) { SIPC_SECTION_INTERFACES, (w) }
			FZ_IFACE_REF(0), FZ_IFACE_REF(2), FZ_IFACE_REF(3),
			FZ_IFACE_REF(4), FZ_IFACE_REF(5), FZ_IFACE_REF(6),
			FZ_IFACE_REF(7), FZ_IFACE_REF(8), FZ_IFACE_REF(9),
			FZ_IFACE_REF(10), FZ_IFACE_REF(11), FZ_IFACE_REF(12),
			FZ_IFACE_REF(13), FZ_IFACE_REF(14), FZ_IFACE_REF(15),
			FZ_IFACE_REF(16), FZ_IFACE_REF(17), FZ_IFACE_REF(18),
			FZ_IFACE_REF(19), FZ_IFACE_REF(20), FZ_IFACE_REF(21),
			FZ_IFACE_REF(22), FZ_IFACE_REF(23), FZ_IFACE_REF(24),
			FZ_IFACE_REF(25), FZ_IFACE_REF(26), FZ_IFACE_REF(27),
			FZ_IFACE_REF(28), FZ_IFACE_REF(29), FZ_IFACE_REF(30),
			FZ_IFACE_REF(31), FZ_IFACE_REF(32), FZ_IFACE_REF(33),
#undef FZ_IFACE_REF
		};
		for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
			t = refs[i].t;
			for (j = 0; l.have[t] && j < l.cnt[t]; j++) {
				size_t at = off[t] + (size_t)j * esz[t] + 4 * refs[i].word;
				uint32_t v = fz_u32(p, at);

				if (v || t == SIPC_SECTION_ROLES)
					v += shift;
				memcpy(p + at, &v, 4);
			}
		}
	}
	free(dst->data);
	dst->data = p;
	dst->size = dst->cap = size;
	return 0;
}

struct fz_corpus {
	struct fz_blob blob[2 * FZ_NR_POLICIES];
	unsigned int nr;
};

/* Compile the policies, and one new layout of each; 0 or -1. */
static inline int fz_corpus_build(struct fz_corpus *c, uint64_t seed, FILE *err)
{
	struct fz_rng r;
	unsigned int i;

	memset(c, 0, sizeof(*c));
	fz_rng_init(&r, seed, UINT64_MAX);
	for (i = 0; i < FZ_NR_POLICIES; i++) {
		struct sipc_compiled cp;

		if (sipc_policy_compile_string("fuzz.sipc", fz_policies[i], err, &cp))
			return -1;
		if (fz_blob_set(&c->blob[c->nr++], cp.blob, cp.size)) {
			sipc_compiled_free(&cp);
			return -1;
		}
		sipc_compiled_free(&cp);
	}
	for (i = 0; i < FZ_NR_POLICIES; i++)
		if (fz_relayout(&r, &c->blob[i], &c->blob[c->nr++]))
			return -1;
	return 0;
}

static inline void fz_corpus_free(struct fz_corpus *c)
{
	unsigned int i;

	for (i = 0; i < c->nr; i++)
		fz_blob_free(&c->blob[i]);
}

/* ------------------------------------------------------------------ */
/* Mutations                                                           */
/* ------------------------------------------------------------------ */

enum fz_kind {
	FZ_BITFLIP,
	FZ_BYTE,
	FZ_TRUNCATE,
	FZ_EXTEND,
	FZ_HEADER,
	FZ_SECTION,
	FZ_FIELD,
	FZ_STRING,
	FZ_GLOB,
	FZ_ROLE_NAME,
	FZ_OVERLAP,
	FZ_RELAYOUT,
	FZ_NONE,
	FZ_NR_KINDS
};

static const char *const fz_kind_name[FZ_NR_KINDS] = {
	"bitflip", "byte", "truncate", "extend", "header", "section-table",
	"entry-field", "string", "glob", "role-name", "overlap", "relayout",
	"none",
};

struct fz_stats {
	unsigned long kind[FZ_NR_KINDS];
	unsigned long section[__SIPC_SECTION_LAST];	/* [0]: header/table */
	unsigned long valid, invalid;
};

/* An interesting u32 for a field of a blob laid out as @l. */
static inline uint32_t fz_interesting(struct fz_rng *r, const struct fz_layout *l,
				      uint32_t old)
{
	uint32_t nroles = l->cnt[SIPC_SECTION_ROLES];
	uint32_t nstr = l->cnt[SIPC_SECTION_STRINGS];

	switch (fz_below(r, 14)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return UINT32_MAX;
	case 3: return old + 1;
	case 4: return old - 1;
	case 5: return nroles;
	case 6: return nroles + 1;
	case 7: return nstr;
	case 8: return nstr ? nstr - 1 : 0;
	case 9: return fz_below(r, nstr + 1);
	case 10: return 1U << fz_below(r, 32);
	case 11: return old ^ (1U << fz_below(r, 32));
	case 12: return 0x80000000U;
	}
	return (uint32_t)fz_next(r);
}

static inline void fz_put32(struct fz_blob *b, size_t at, uint32_t v)
{
	if (at + 4 <= b->size)
		memcpy(b->data + at, &v, 4);
}

/* The header's size field follows the blob's size, most of the time. */
static inline void fz_fix_size(struct fz_rng *r, struct fz_blob *b)
{
	if (b->size >= 12 && fz_chance(r, 85))
		fz_put32(b, 8, (uint32_t)b->size);
}

static inline int fz_resize(struct fz_blob *b, size_t size)
{
	if (size > b->cap) {
		uint8_t *p = realloc(b->data, size);

		if (!p)
			return -1;
		b->data = p;
		b->cap = size;
	}
	if (size > b->size)
		memset(b->data + b->size, 0, size - b->size);
	b->size = size;
	return 0;
}

/* A section present in @l, chosen at random; 0 when there is none. */
static inline unsigned int fz_pick_section(struct fz_rng *r,
					   const struct fz_layout *l,
					   bool entries)
{
	unsigned int t, tries;

	for (tries = 0; tries < 16; tries++) {
		t = 1 + fz_below(r, SIPC_SECTION_MAX);
		if (l->have[t] && (!entries || (t != SIPC_SECTION_STRINGS &&
						l->cnt[t])))
			return t;
	}
	return 0;
}

/* Offsets of globs referenced by matches and labels of @b. */
static inline unsigned int fz_globs(const struct fz_blob *b,
				    const struct fz_layout *l, uint32_t *out,
				    unsigned int max)
{
	unsigned int n = 0, w;
	uint32_t i, v;

	for (i = 0; l->have[SIPC_SECTION_MATCHES] &&
	     i < l->cnt[SIPC_SECTION_MATCHES]; i++) {
		for (w = 2; w <= 3; w++) {
			v = fz_u32(b->data, fz_field(l, SIPC_SECTION_MATCHES, i, w));
			if (v && n < max)
				out[n++] = v;
		}
	}
	for (i = 0; l->have[SIPC_SECTION_LABELS] &&
	     i < l->cnt[SIPC_SECTION_LABELS]; i++) {
		v = fz_u32(b->data, fz_field(l, SIPC_SECTION_LABELS, i, 2));
		if (v && n < max)
			out[n++] = v;
	}
	return n;
}

/*
 * One mutation of @b, whose layout (from a valid ancestor or itself) is
 * @l; counted in @st.
 */
static inline void fz_mutate_one(struct fz_rng *r, struct fz_blob *b,
				 const struct fz_layout *l, struct fz_stats *st)
{
	enum fz_kind kind = fz_below(r, FZ_RELAYOUT + 1);
	unsigned int t = 0, n;
	uint32_t i, v, globs[64];
	size_t at, sbase = l->off[SIPC_SECTION_STRINGS];
	uint32_t nstr = l->cnt[SIPC_SECTION_STRINGS];
	static const char glob_bytes[] = "/@\\*?ax.\0";
	static const uint8_t str_bytes[] = {
		0, '/', '\\', '@', 'a', 'Z', '0', '-', '_', '.', ' ', '*',
		0x7f, 0x80, 0xc3, 0xe9, 0xd7, 0xff,
	};

	switch (kind) {
	case FZ_BITFLIP:
		for (n = 1 + fz_below(r, 4); n; n--) {
			at = fz_below(r, b->size);
			b->data[at] ^= 1 << fz_below(r, 8);
		}
		break;
	case FZ_BYTE:
		at = fz_below(r, b->size);
		b->data[at] = fz_chance(r, 50) ? str_bytes[fz_below(r, sizeof(str_bytes))] :
						 (uint8_t)fz_next(r);
		break;
	case FZ_TRUNCATE:
		n = fz_chance(r, 30) ? 1 + fz_below(r, 8) : fz_below(r, b->size);
		fz_resize(b, b->size > n ? b->size - n : 1);
		fz_fix_size(r, b);
		break;
	case FZ_EXTEND:
		fz_resize(b, b->size + 1 + fz_below(r, fz_chance(r, 50) ? 16 : 256));
		fz_fix_size(r, b);
		break;
	case FZ_HEADER:
		at = 4 * fz_below(r, 6);
		fz_put32(b, at, fz_chance(r, 50) ? fz_below(r, 8) :
				fz_interesting(r, l, fz_u32(b->data, at)));
		break;
	case FZ_SECTION:
		i = fz_below(r, l->nr);
		t = l->order[i];
		at = 24 + 16 * i + 4 * fz_below(r, 4);
		switch (fz_below(r, 4)) {
		case 0:		/* move by a few words */
			v = fz_u32(b->data, at) + 4 * (fz_below(r, 9) - 4);
			break;
		case 1:		/* another section's value */
			v = fz_u32(b->data, 24 + 16 * fz_below(r, l->nr) +
				   (at - 24) % 16);
			break;
		case 2:
			v = fz_u32(b->data, at) + 8 * (fz_below(r, 5) - 2);
			break;
		default:
			v = fz_interesting(r, l, fz_u32(b->data, at));
		}
		fz_put32(b, at, v);
		break;
	case FZ_FIELD:
		t = fz_pick_section(r, l, true);
		if (!t)
			break;
		i = fz_below(r, l->cnt[t]);
		at = fz_field(l, t, i, fz_below(r, l->esz[t] / 4));
		if (t == SIPC_SECTION_RULES && fz_chance(r, 30)) {
			/* class or flags, or a permission bit */
			at = fz_field(l, t, i, 0) + 8 + 2 * fz_below(r, 2);
			v = fz_below(r, __SIPC_CLASS_LAST + 2);
			memcpy(b->data + at, &(uint16_t){ v }, 2);
			break;
		}
		v = fz_interesting(r, l, fz_u32(b->data, at));
		if (t == SIPC_SECTION_RULES && fz_chance(r, 30))
			v = fz_u32(b->data, at) ^ (1U << fz_below(r, 17));
		fz_put32(b, at, v);
		break;
	case FZ_STRING:
		t = SIPC_SECTION_STRINGS;
		if (!nstr)
			break;
		switch (fz_below(r, 3)) {
		case 0:		/* the first byte: need not be NUL */
			at = sbase;
			break;
		case 1:		/* the last: must be NUL */
			at = sbase + nstr - 1;
			break;
		default:
			at = sbase + fz_below(r, nstr);
		}
		if (at < b->size)
			b->data[at] = str_bytes[fz_below(r, sizeof(str_bytes))];
		break;
	case FZ_GLOB:
		t = SIPC_SECTION_STRINGS;
		n = fz_globs(b, l, globs, 64);
		if (!n)
			break;
		v = globs[fz_below(r, n)];
		if (v >= nstr)
			break;
		at = sbase + v;
		{
			size_t len = strnlen((char *)b->data + at, nstr - v);

			switch (fz_below(r, 5)) {
			case 0:		/* relative, or '@' */
				b->data[at] = glob_bytes[fz_below(r, sizeof(glob_bytes))];
				break;
			case 1:		/* a trailing '\', paired or not */
				if (len)
					b->data[at + len - 1] = '\\';
				if (len > 1 && fz_chance(r, 50))
					b->data[at + len - 2] = '\\';
				break;
			case 2:		/* cut short */
				b->data[at + fz_below(r, len + 1)] = 0;
				break;
			default:
				if (len)
					b->data[at + fz_below(r, len)] =
						glob_bytes[fz_below(r, sizeof(glob_bytes))];
			}
		}
		break;
	case FZ_ROLE_NAME:
		t = SIPC_SECTION_ROLES;
		if (!l->cnt[t])
			break;
		i = fz_below(r, l->cnt[t]);
		at = fz_field(l, t, i, 0);
		v = fz_u32(b->data, at);
		switch (fz_below(r, 4)) {
		case 0:		/* another role's name */
			fz_put32(b, at, fz_u32(b->data, fz_field(l, t, fz_below(r, l->cnt[t]), 0)));
			break;
		case 1:		/* any string */
			fz_put32(b, at, fz_below(r, nstr));
			break;
		default:	/* one character, ASCII or Latin-1 */
			if (v < nstr) {
				size_t len = strnlen((char *)b->data + sbase + v, nstr - v);

				if (len)
					b->data[sbase + v + fz_below(r, len)] =
						str_bytes[fz_below(r, sizeof(str_bytes))];
			}
		}
		break;
	case FZ_OVERLAP:
		/* Put one section's start inside another's. */
		if (l->nr < 2)
			break;
		i = fz_below(r, l->nr);
		n = fz_below(r, l->nr);
		t = l->order[i];
		v = l->off[l->order[n]] + 8 * fz_below(r, 1 + l->cnt[l->order[n]] *
							 l->esz[l->order[n]] / 8);
		fz_put32(b, 24 + 16 * i + 4, v);
		break;
	case FZ_RELAYOUT: {
		struct fz_blob out = { 0 };

		t = 0;
		if (!fz_relayout(r, b, &out)) {
			fz_blob_free(b);
			*b = out;
		}
		break;
	}
	default:
		break;
	}
	st->kind[kind]++;
	st->section[t]++;
}

/*
 * Mutate @b (a copy of a valid corpus blob) with one to three
 * mutations; a few iterations keep it as it is, to check that valid
 * blobs stay valid.
 */
static inline void fz_mutate(struct fz_rng *r, struct fz_blob *b,
			     struct fz_stats *st)
{
	struct fz_layout l;
	unsigned int n;

	if (fz_chance(r, 3)) {
		st->kind[FZ_NONE]++;
		return;
	}
	fz_check(b->data, b->size, &l);
	for (n = 1 + (fz_chance(r, 25) ? fz_below(r, 3) : 0); n; n--) {
		fz_mutate_one(r, b, &l, st);
		/* Later mutations see the layout as it now is, if sound. */
		fz_check(b->data, b->size, &l);
		if (!l.nr)
			break;
	}
}

/* Print @b in hex on @out, 32 bytes a line, each line behind @prefix. */
static inline void fz_hexdump(FILE *out, const char *prefix, const uint8_t *b,
			      size_t size)
{
	size_t i;

	for (i = 0; i < size; i++)
		fprintf(out, "%s%02x%s", i % 32 ? "" : prefix, b[i],
			i % 32 == 31 || i + 1 == size ? "\n" : "");
}

/* Print what was covered, as TAP comments. */
static inline void fz_stats_print(FILE *out, const struct fz_stats *st)
{
	unsigned int i;

	fprintf(out, "# mutations:");
	for (i = 0; i < FZ_NR_KINDS; i++)
		fprintf(out, " %s=%lu", fz_kind_name[i], st->kind[i]);
	fprintf(out, "\n# sections mutated: header/table/any=%lu", st->section[0]);
	for (i = 1; i < __SIPC_SECTION_LAST; i++)
		fprintf(out, " %s=%lu", fz_section_name[i], st->section[i]);
	fprintf(out, "\n# checker verdicts: valid=%lu invalid=%lu\n",
		st->valid, st->invalid);
}

/* Reasons the checker gave, counted: the invalid blobs' coverage. */
struct fz_reasons {
	const char *why[64];
	unsigned long n[64];
	unsigned int nr;
};

static inline void fz_reason_count(struct fz_reasons *rs, const char *why)
{
	unsigned int i;

	for (i = 0; i < rs->nr; i++)
		if (rs->why[i] == why || !strcmp(rs->why[i], why))
			break;
	if (i == rs->nr) {
		if (rs->nr == 64)
			return;
		rs->why[rs->nr++] = why;
	}
	rs->n[i]++;
}

static inline void fz_reasons_print(FILE *out, const struct fz_reasons *rs)
{
	unsigned int i;

	fprintf(out, "# invalid, by the checker's first reason (%u distinct):\n",
		rs->nr);
	for (i = 0; i < rs->nr; i++)
		fprintf(out, "#   %6lu %s\n", rs->n[i], rs->why[i]);
}

#endif /* SIPC_FUZZ_BLOB_H */
