// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - self-test of the policy and the decision cache, run at load in
 * DEBUG builds.  Included by policy.c, whose internals it checks (and
 * those of policy_internal.h); not a compilation unit of its own.
 *
 * It builds policies in memory, a valid one and many broken ones, and
 * checks the verdicts, messages, lookups, matches, labels, globs (against
 * a naive recursive matcher too), the cache, publication and modes, and
 * times a 100,000-rule policy.  It publishes policies of its own, so it
 * must run before netlink or the hooks exist; it leaves nothing behind:
 * no policy, an empty cache, and generations starting again from 1.
 */

#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/random.h>
#include <linux/slab.h>

struct sipc_t {
	unsigned int passed;
	unsigned int failed;
};

static __printf(3, 4) bool sipc_t_check(struct sipc_t *t, bool ok,
					const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	if (ok) {
		t->passed++;
		return true;
	}
	t->failed++;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("selftest: FAILED: %pV\n", &vaf);
	va_end(args);
	return false;
}

#define SIPC_T(t, ok, fmt, ...) sipc_t_check(t, ok, fmt, ##__VA_ARGS__)

/* ------------------------------------------------------------------ */
/* Building policies                                                   */
/* ------------------------------------------------------------------ */

enum {
	S_EMPTY, S_OPS, S_WEB, S_DB, S_EXE_WEB, S_EXE_DB, S_CGROUP, S_SOCK,
	S_ABSTRACT, S_QUEUE, S_UNCONFINED, S_LONG, S_BACKSLASH, S_NR
};

static const char *const sipc_t_strings[S_NR] = {
	[S_EMPTY] = "",
	[S_OPS] = "ops",
	[S_WEB] = "web",
	[S_DB] = "db",
	[S_EXE_WEB] = "/usr/bin/web*",
	[S_EXE_DB] = "/srv/**/db?",
	[S_CGROUP] = "/system.slice/*.service",
	[S_SOCK] = "/run/web.sock",
	[S_ABSTRACT] = "@abs*",
	[S_QUEUE] = "/q*",
	[S_UNCONFINED] = "unconfined",
	[S_LONG] = "a123456789b123456789c123456789d123456789e123456789f123456789ghij",
	[S_BACKSLASH] = "/bad\\",
};

static u32 sipc_t_str(unsigned int which)
{
	u32 off = 0;
	unsigned int i;

	for (i = 0; i < which; i++)
		off += strlen(sipc_t_strings[i]) + 1;
	return off;
}

/**
 * struct sipc_t_blob - a policy built for a test
 * @buf: the blob
 * @size: its size
 * @off: where each section's entries start
 * @esz: each section's entry size
 */
struct sipc_t_blob {
	u8 *buf;
	size_t size;
	u32 off[__SIPC_SECTION_LAST];
	u32 esz[__SIPC_SECTION_LAST];
};

struct sipc_t_spec {
	u32 mode;
	const void *strings;
	u32 strings_len;
	const struct sipc_policy_role *roles;
	u32 nr_roles;
	const struct sipc_policy_match *matches;
	u32 nr_matches;
	const struct sipc_policy_label *labels;
	u32 nr_labels;
	const struct sipc_policy_rule *rules;
	u32 nr_rules;
	u32 rule_esz;
};

/* Lay out header, section table and sections (in type order); free @b->buf. */
static int sipc_t_build(const struct sipc_t_spec *spec, struct sipc_t_blob *b)
{
	const void *src[__SIPC_SECTION_LAST] = {
		NULL, spec->strings, spec->roles, spec->matches, spec->labels,
		spec->rules,
	};
	u32 count[__SIPC_SECTION_LAST] = {
		0, spec->strings_len, spec->nr_roles, spec->nr_matches,
		spec->nr_labels, spec->nr_rules,
	};
	struct sipc_policy_header hdr = {
		.magic = SIPC_POLICY_MAGIC,
		.version = SIPC_POLICY_VERSION,
		.mode = spec->mode,
		.nr_sections = SIPC_SECTION_MAX,
	};
	struct sipc_policy_section sec;
	size_t off, len;
	unsigned int t;
	u32 i;

	for (t = 1; t < __SIPC_SECTION_LAST; t++)
		b->esz[t] = sipc_entry_sizes[t];
	if (spec->rule_esz)
		b->esz[SIPC_SECTION_RULES] = spec->rule_esz;
	off = sizeof(hdr) + SIPC_SECTION_MAX * sizeof(sec);
	for (t = 1; t < __SIPC_SECTION_LAST; t++) {
		off = ALIGN(off, 8);
		b->off[t] = off;
		off += (size_t)count[t] * b->esz[t];
	}
	b->size = off;
	b->buf = kvzalloc(b->size, GFP_KERNEL);
	if (!b->buf)
		return -ENOMEM;
	hdr.size = b->size;
	memcpy(b->buf, &hdr, sizeof(hdr));
	for (t = 1; t < __SIPC_SECTION_LAST; t++) {
		sec.type = t;
		sec.offset = b->off[t];
		sec.count = count[t];
		sec.entry_size = b->esz[t];
		memcpy(b->buf + sizeof(hdr) + (t - 1) * sizeof(sec), &sec,
		       sizeof(sec));
		len = t == SIPC_SECTION_STRINGS ? 1 : sipc_entry_sizes[t];
		for (i = 0; i < count[t] && t != SIPC_SECTION_STRINGS; i++)
			memcpy(b->buf + b->off[t] + i * b->esz[t],
			       src[t] + i * len, len);
	}
	memcpy(b->buf + b->off[SIPC_SECTION_STRINGS], spec->strings,
	       spec->strings_len);
	return 0;
}

static const struct sipc_policy_role sipc_t_roles[] = {
	{ .name = 0, .mode = SIPC_MODE_ENFORCE },	/* 1: ops */
	{ .name = 0, .mode = SIPC_MODE_GLOBAL },	/* 2: web */
	{ .name = 0, .mode = SIPC_MODE_PERMISSIVE },	/* 3: db */
};

#define R_OPS	1
#define R_WEB	2
#define R_DB	3

static const struct sipc_policy_rule sipc_t_rules[] = {
	{ R_WEB, R_DB, SIPC_CLASS_UNIX_STREAM, 0, SIPC_PERM_CONNECT },
	{ R_OPS, R_WEB, SIPC_CLASS_SIGNAL, 0, SIPC_PERM_KILL },
	{ R_WEB, R_DB, SIPC_CLASS_UNIX_STREAM, 0, SIPC_PERM_SEND },
	{ R_DB, R_DB, SIPC_CLASS_MSGQ, 0, SIPC_PERM_SEND | SIPC_PERM_RECEIVE },
	{ R_WEB, R_DB, SIPC_CLASS_UNIX_STREAM, 0,
	  SIPC_PERM_SEND | SIPC_PERM_RECEIVE },
	{ 0, R_WEB, SIPC_CLASS_PIPE, 0, SIPC_PERM_READ },
};

/* Storage for the test policy's strings and entries, filled at run time. */
struct sipc_t_data {
	char strings[512];
	struct sipc_policy_role roles[ARRAY_SIZE(sipc_t_roles)];
	struct sipc_policy_match matches[4];
	struct sipc_policy_label labels[6];
	struct sipc_t_spec spec;
};

static void sipc_t_data_init(struct sipc_t_data *d)
{
	unsigned int i;
	u32 off = 0;

	for (i = 0; i < S_NR; i++) {
		strscpy(d->strings + off, sipc_t_strings[i],
			sizeof(d->strings) - off);
		off += strlen(sipc_t_strings[i]) + 1;
	}
	memcpy(d->roles, sipc_t_roles, sizeof(d->roles));
	d->roles[0].name = sipc_t_str(S_OPS);
	d->roles[1].name = sipc_t_str(S_WEB);
	d->roles[2].name = sipc_t_str(S_DB);

	d->matches[0] = (struct sipc_policy_match){
		R_WEB, SIPC_MATCH_EXE | SIPC_MATCH_UID, sipc_t_str(S_EXE_WEB),
		0, 33, 0 };
	d->matches[1] = (struct sipc_policy_match){
		R_DB, SIPC_MATCH_EXE, sipc_t_str(S_EXE_DB), 0, 0, 0 };
	d->matches[2] = (struct sipc_policy_match){
		R_OPS, SIPC_MATCH_CGROUP | SIPC_MATCH_GID, 0,
		sipc_t_str(S_CGROUP), 0, 100 };
	d->matches[3] = (struct sipc_policy_match){
		R_OPS, SIPC_MATCH_UID, 0, 0, 0, 0 };

	d->labels[0] = (struct sipc_policy_label){
		SIPC_LABEL_UNIX, R_WEB, sipc_t_str(S_SOCK), 0 };
	d->labels[1] = (struct sipc_policy_label){
		SIPC_LABEL_MSGQ, R_DB, 0, 1234 };
	d->labels[2] = (struct sipc_policy_label){
		SIPC_LABEL_UNIX, R_DB, sipc_t_str(S_ABSTRACT), 0 };
	d->labels[3] = (struct sipc_policy_label){
		SIPC_LABEL_MQUEUE, R_OPS, sipc_t_str(S_QUEUE), 0 };
	d->labels[4] = (struct sipc_policy_label){
		SIPC_LABEL_UNIX, R_OPS, sipc_t_str(S_SOCK), 0 };
	d->labels[5] = (struct sipc_policy_label){
		SIPC_LABEL_MSGQ, 0, 0, 1234 };

	d->spec = (struct sipc_t_spec){
		.mode = SIPC_MODE_LEARN,
		.strings = d->strings,
		.strings_len = off,
		.roles = d->roles,
		.nr_roles = ARRAY_SIZE(d->roles),
		.matches = d->matches,
		.nr_matches = ARRAY_SIZE(d->matches),
		.labels = d->labels,
		.nr_labels = ARRAY_SIZE(d->labels),
		.rules = sipc_t_rules,
		.nr_rules = ARRAY_SIZE(sipc_t_rules),
	};
}

/* ------------------------------------------------------------------ */
/* Invalid policies                                                    */
/* ------------------------------------------------------------------ */

#define W_HDR	0		/* patch the header */
#define W_TABLE	100		/* patch section table entry @index */

/**
 * struct sipc_t_bad - one way to break the valid policy
 * @where: W_HDR, W_TABLE or the section type whose entry to patch
 * @index: entry (or byte of STRINGS, or section table entry)
 * @field: byte offset in the entry
 * @width: 1, 2 or 4 bytes
 * @value: what to write; for W_TABLE offsets, SIPC_T_OFF(type) + delta
 *	stands for that section's offset plus delta
 * @wide: build with rules 24 bytes apart
 * @msg: what the error message must contain
 */
struct sipc_t_bad {
	u32 where;
	u32 index;
	u32 field;
	u32 width;
	u32 value;
	bool wide;
	const char *msg;
};

#define SIPC_T_OFF(type)	(0x80000000U | (type) << 24)
/* The string offset of sipc_t_strings[i], plus d. */
#define STRP(i, d)		(0x40000000U | (i) << 16 | (d))
#define STR(i)			STRP(i, 0)
#define LAST			U32_MAX	/* @index of the last byte of STRINGS */
#define HDR(f, v, m)	{ W_HDR, 0, offsetof(struct sipc_policy_header, f), 4, v, false, m }
#define TAB(i, f, v, m)	{ W_TABLE, i, offsetof(struct sipc_policy_section, f), 4, v, false, m }
#define ENT(s, i, off, w, v, m)	{ s, i, off, w, v, false, m }
#define ROLE(i, f, v, m)	\
	ENT(SIPC_SECTION_ROLES, i, offsetof(struct sipc_policy_role, f), 4, v, m)
#define MATCH(i, f, v, m)	\
	ENT(SIPC_SECTION_MATCHES, i, offsetof(struct sipc_policy_match, f), 4, v, m)
#define LABEL(i, f, v, m)	\
	ENT(SIPC_SECTION_LABELS, i, offsetof(struct sipc_policy_label, f), 4, v, m)
#define RULE(i, f, v, m)	\
	ENT(SIPC_SECTION_RULES, i, offsetof(struct sipc_policy_rule, f), 4, v, m)
/* For the u16 fields, class and flags. */
#define RULE16(i, f, v, m)	\
	ENT(SIPC_SECTION_RULES, i, offsetof(struct sipc_policy_rule, f), 2, v, m)

/* Section table entries are in type order: STRINGS is 0, RULES 4. */
static const struct sipc_t_bad sipc_t_bads[] = {
	HDR(magic, 0x12345678, "bad magic"),
	HDR(version, 2, "unknown version"),
	HDR(size, 8, "header: size 8"),
	HDR(flags, 1, "unknown flags"),
	HDR(mode, SIPC_MODE_GLOBAL, "invalid global mode"),
	HDR(mode, SIPC_MODE_MAX + 1, "invalid global mode"),
	HDR(nr_sections, 0, "header: 0 sections"),
	HDR(nr_sections, SIPC_SECTION_MAX + 1, "sections"),
	HDR(nr_sections, SIPC_SECTION_MAX - 1, "no RULES section"),
	TAB(0, type, 0, "section 0: unknown type 0"),
	TAB(4, type, 9, "section 4: unknown type 9"),
	TAB(1, type, SIPC_SECTION_STRINGS, "second STRINGS"),
	TAB(1, offset, SIPC_T_OFF(SIPC_SECTION_ROLES) + 4, "not 8-aligned"),
	TAB(1, offset, 0, "outside the policy"),
	TAB(1, offset, 96, "outside the policy"),
	TAB(1, offset, 0x7ffffff8, "outside the policy"),
	TAB(1, offset, SIPC_T_OFF(SIPC_SECTION_STRINGS), "overlap"),
	TAB(3, offset, SIPC_T_OFF(SIPC_SECTION_MATCHES) + 8,
	    "sections MATCHES and LABELS overlap"),
	TAB(1, entry_size, 4, "ROLES section: entry size 4 too small"),
	TAB(0, entry_size, 2, "STRINGS section: entry size 2 is not 1"),
	TAB(4, entry_size, 0xfffffff8, "past the end"),
	TAB(4, count, 7, "RULES section: 7 entries past the end"),
	TAB(4, count, SIPC_RULES_MAX + 1, "more than"),
	TAB(1, count, SIPC_ROLES_MAX + 1, "more than 4095"),
	TAB(0, count, 0, "does not end in a NUL"),
	{ SIPC_SECTION_STRINGS, LAST, 0, 1, 'x', false, "does not end in a NUL" },
	ROLE(0, name, 9999, "role 1: name offset 9999 outside"),
	ROLE(0, name, 0, "role 1: name is not"),
	ROLE(0, name, STR(S_EXE_WEB), "role 1: name is not"),
	ROLE(1, name, STRP(S_EXE_WEB, 1), "role 2: name is not"),
	ROLE(2, name, STR(S_LONG), "role 3: name is not"),	/* 64 chars */
	ROLE(1, name, STR(S_OPS), "roles 1 and 2 are both named ops"),
	ROLE(2, name, STR(S_UNCONFINED), "role 3: \"unconfined\" is reserved"),
	ROLE(0, mode, SIPC_MODE_MAX + 1, "role 1 (ops): invalid mode"),
	ROLE(0, flags, __SIPC_ROLE_ALL + 1, "role 1 (ops): unknown flags"),
	MATCH(0, role, 0, "match 0: no role 0"),
	MATCH(3, role, 4, "match 3: no role 4"),
	MATCH(1, flags, 0, "match 1: invalid flags 0x0"),
	MATCH(1, flags, 0x11, "match 1: invalid flags 0x11"),
	MATCH(0, exe, 0, "match 0: exe in flags but no exe glob"),
	MATCH(3, exe, STR(S_EXE_WEB), "match 3: exe set but not in flags"),
	MATCH(3, cgroup, STR(S_CGROUP), "match 3: cgroup set but not in flags"),
	MATCH(2, cgroup, 0, "match 2: cgroup in flags but no cgroup"),
	MATCH(1, exe, STR(S_OPS), "match 1 exe: glob must start with '/'"),
	MATCH(1, exe, 9999, "match 1 exe: offset 9999 outside"),
	MATCH(1, exe, STR(S_BACKSLASH), "match 1 exe: glob ends in an unpaired"),
	MATCH(0, uid, (u32)-1, "match 0: invalid uid"),
	MATCH(2, gid, (u32)-1, "match 2: invalid gid"),
	LABEL(0, kind, 0, "label 0: unknown kind 0"),
	LABEL(5, kind, SIPC_LABEL_MAX + 1, "label 5: unknown kind"),
	LABEL(2, role, 4, "label 2: no role 4"),
	LABEL(1, name, STR(S_SOCK), "label 1: a key label has a name"),
	LABEL(0, key, 5, "label 0: a name label has a key"),
	LABEL(0, name, 0, "label 0: no name glob"),
	LABEL(3, name, STR(S_ABSTRACT), "label 3: glob must start with '/'"),
	LABEL(2, name, STR(S_OPS), "label 2: glob must start with '/' or '@'"),
	RULE(0, subject, 4, "rule 0: no subject role 4"),
	RULE(5, object, 4, "rule 5: no object role 4"),
	RULE16(1, class, 0, "rule 1: unknown class 0"),
	RULE16(1, class, SIPC_CLASS_MAX + 1, "rule 1: unknown class 12"),
	RULE16(2, flags, __SIPC_RULE_ALL + 1, "rule 2: unknown flags"),
	RULE(3, perms, 0, "rule 3: no permission"),
	RULE(0, perms, SIPC_PERM_KILL | SIPC_PERM_CONNECT,
	     "rule 0: perms 0x1000 not of class 3"),
	RULE(0, perms, 1U << 18, "not of class"),
	{ SIPC_SECTION_RULES, 2, 20, 1, 1, true, "RULES entry 2: nonzero bytes" },
	{ SIPC_SECTION_RULES, 5, 23, 1, 1, true, "RULES entry 5: nonzero bytes" },
	/* And some that are valid after all (no message). */
	ROLE(2, name, STRP(S_LONG, 1), NULL),	/* 63 characters */
	TAB(2, count, 0, NULL),
	TAB(3, count, 0, NULL),
	{ SIPC_SECTION_RULES, 5, 0, 1, R_DB, true, NULL },
};

static void sipc_t_patch(const struct sipc_t_bad *bad, struct sipc_t_blob *b)
{
	u32 value = bad->value;
	size_t at;

	u16 value16;

	if (bad->where == W_HDR) {
		at = bad->field;
	} else if (bad->where == W_TABLE) {
		at = sizeof(struct sipc_policy_header) +
		     bad->index * sizeof(struct sipc_policy_section) + bad->field;
		if (value >> 31)
			value = b->off[(value >> 24) & 0x7f] + (value & 0xffffff);
	} else if (bad->index == LAST) {
		at = b->off[bad->where] + sipc_t_str(S_NR) - 1;
	} else {
		at = b->off[bad->where] + bad->index * b->esz[bad->where] +
		     bad->field;
		if (value >> 30 == 1)
			value = sipc_t_str((value >> 16) & 0xff) + (value & 0xffff);
	}
	value16 = value;
	if (bad->width == 1)
		b->buf[at] = value;
	else if (bad->width == 2)
		memcpy(b->buf + at, &value16, 2);
	else
		memcpy(b->buf + at, &value, 4);
}

/* Parse a blob that must be refused with a message containing @msg. */
static void sipc_t_refused(struct sipc_t *t, const void *blob, size_t size,
			   const char *msg, const char *name)
{
	struct netlink_ext_ack extack = {};
	struct sipc_policy *p;

	p = sipc_policy_parse(blob, size, &extack);
	if (!SIPC_T(t, PTR_ERR_OR_ZERO(p) == -EINVAL, "%s: parse gave %ld",
		    name, IS_ERR(p) ? PTR_ERR(p) : 0L)) {
		if (!IS_ERR(p))
			sipc_policy_free(p);
		return;
	}
	SIPC_T(t, extack._msg && strstr(extack._msg, msg),
	       "%s: message \"%s\", expected \"%s\"", name,
	       extack._msg ?: "(none)", msg);
}

static void sipc_t_accepted(struct sipc_t *t, const void *blob, size_t size,
			    const char *name)
{
	struct netlink_ext_ack extack = {};
	struct sipc_policy *p;

	p = sipc_policy_parse(blob, size, &extack);
	if (SIPC_T(t, !IS_ERR(p), "%s: refused: %s", name,
		   extack._msg ?: "(none)"))
		sipc_policy_free(p);
}

static void sipc_t_invalid(struct sipc_t *t, struct sipc_t_data *d)
{
	struct sipc_t_spec spec = d->spec;
	struct sipc_t_blob b;
	unsigned int i;
	char name[32];
	u32 len;

	for (i = 0; i < ARRAY_SIZE(sipc_t_bads); i++) {
		spec.rule_esz = sipc_t_bads[i].wide ? 24 : 0;
		if (sipc_t_build(&spec, &b)) {
			SIPC_T(t, false, "invalid %u: out of memory", i);
			return;
		}
		sipc_t_patch(&sipc_t_bads[i], &b);
		snprintf(name, sizeof(name), "invalid case %u", i);
		if (sipc_t_bads[i].msg)
			sipc_t_refused(t, b.buf, b.size, sipc_t_bads[i].msg, name);
		else
			sipc_t_accepted(t, b.buf, b.size, name);
		kvfree(b.buf);
	}

	if (sipc_t_build(&d->spec, &b))
		return;
	sipc_t_refused(t, b.buf, 10, "has no header", "short blob");
	sipc_t_refused(t, b.buf, b.size - 1, "header: size", "size mismatch");
	/* Every truncation whose header agrees must fail cleanly. */
	for (len = sizeof(struct sipc_policy_header); len < b.size; len++) {
		struct sipc_policy *p;

		memcpy(b.buf + offsetof(struct sipc_policy_header, size), &len,
		       sizeof(len));
		p = sipc_policy_parse(b.buf, len, NULL);
		if (!SIPC_T(t, PTR_ERR_OR_ZERO(p) == -EINVAL,
			    "truncated to %u: %d", len, PTR_ERR_OR_ZERO(p))) {
			if (!IS_ERR(p))
				sipc_policy_free(p);
			break;
		}
	}
	kvfree(b.buf);
}

/* Random corruption must never do harm; whatever parses must be sane. */
static void sipc_t_fuzz(struct sipc_t *t, struct sipc_t_data *d)
{
	struct sipc_t_blob b;
	struct sipc_policy *p;
	unsigned int i, n, ok = 0, bad = 0;
	size_t at;

	for (i = 0; i < 3000; i++) {
		if (sipc_t_build(&d->spec, &b))
			return;
		for (n = 0; n < 1 + i % 4; n++) {
			at = get_random_u32() % b.size;
			b.buf[at] ^= 1U << (get_random_u32() % 8);
		}
		p = sipc_policy_parse(b.buf, b.size, NULL);
		if (IS_ERR(p)) {
			bad += PTR_ERR(p) == -EINVAL;
		} else {
			ok += p->nr_roles <= SIPC_ROLES_MAX + 1 &&
			      p->nr_rules <= ARRAY_SIZE(sipc_t_rules);
			sipc_policy_free(p);
		}
		kvfree(b.buf);
	}
	SIPC_T(t, ok + bad == 3000, "fuzz: %u valid, %u refused of 3000", ok,
	       bad);
}

/* ------------------------------------------------------------------ */
/* The valid policy                                                    */
/* ------------------------------------------------------------------ */

static void sipc_t_roles_rules(struct sipc_t *t, const struct sipc_policy *p)
{
	struct sipc_rule_info ri;

	SIPC_T(t, sipc_policy_nr_roles(p) == 4, "nr_roles %u",
	       sipc_policy_nr_roles(p));
	SIPC_T(t, !strcmp(sipc_policy_role_name(p, 0), "unconfined") &&
	       !strcmp(sipc_policy_role_name(p, R_DB), "db") &&
	       !sipc_policy_role_name(p, 4), "role names");
	SIPC_T(t, sipc_policy_role_by_name(p, "web") == R_WEB &&
	       sipc_policy_role_by_name(p, "unconfined") == 0 &&
	       sipc_policy_role_by_name(p, "we") == -ENOENT &&
	       sipc_policy_role_by_name(p, sipc_t_strings[S_LONG]) == -ENOENT,
	       "role_by_name");
	SIPC_T(t, sipc_policy_role_by_hash(p, sipc_policy_role_hash(p, R_OPS)) ==
	       R_OPS && sipc_policy_role_by_hash(p, sipc_policy_role_hash(p, 0)) == 0 &&
	       sipc_policy_role_by_hash(p, 42) == -ENOENT, "role_by_hash");
	SIPC_T(t, sipc_policy_role_hash(p, R_WEB) ==
	       siphash("web", 3, &sipc_role_key), "role hash is siphash of the name");

	SIPC_T(t, sipc_policy_nr_rules(p) == 4, "nr_rules %u",
	       sipc_policy_nr_rules(p));
	SIPC_T(t, sipc_policy_lookup(p, R_WEB, R_DB, SIPC_CLASS_UNIX_STREAM) ==
	       (SIPC_PERM_CONNECT | SIPC_PERM_SEND | SIPC_PERM_RECEIVE),
	       "duplicate rules add up");
	SIPC_T(t, sipc_policy_lookup(p, R_DB, R_WEB, SIPC_CLASS_UNIX_STREAM) == 0 &&
	       sipc_policy_lookup(p, R_WEB, R_DB, SIPC_CLASS_UNIX_DGRAM) == 0 &&
	       sipc_policy_lookup(p, 0, R_WEB, SIPC_CLASS_PIPE) == SIPC_PERM_READ &&
	       sipc_policy_lookup(p, 4, R_DB, SIPC_CLASS_MSGQ) == 0 &&
	       sipc_policy_lookup(p, R_DB, R_DB, 0) == 0 &&
	       sipc_policy_lookup(p, R_DB, R_DB, 99) == 0 &&
	       sipc_policy_lookup(NULL, R_DB, R_DB, SIPC_CLASS_MSGQ) == 0,
	       "lookups of absent and out-of-range rules");
	SIPC_T(t, sipc_policy_rule_at(p, 0, &ri) && ri.subject == R_WEB &&
	       ri.object == R_DB && ri.class == SIPC_CLASS_UNIX_STREAM &&
	       ri.perms == (SIPC_PERM_CONNECT | SIPC_PERM_SEND | SIPC_PERM_RECEIVE),
	       "rule_at 0");
	SIPC_T(t, sipc_policy_rule_at(p, 3, &ri) && ri.subject == 0 &&
	       ri.object == R_WEB && ri.perms == SIPC_PERM_READ &&
	       !sipc_policy_rule_at(p, 4, &ri), "rule_at 3 and past the end");
}

struct sipc_t_facts {
	const char *exe;
	const char *cgroup;
	u32 uid;
	u32 gid;
	unsigned int role;
};

static const struct sipc_t_facts sipc_t_facts[] = {
	{ "/usr/bin/webd", NULL, 33, 33, R_WEB },
	{ "/usr/bin/webd", NULL, 34, 33, 0 },
	{ "/usr/bin/x/webd", NULL, 33, 33, 0 },
	{ "/srv/a/b/db1", NULL, 1000, 1000, R_DB },
	{ "/srv/db1", NULL, 1000, 1000, 0 },
	{ "/srv/a/db12", NULL, 1000, 1000, 0 },
	{ NULL, "/system.slice/cron.service", 1000, 100, R_OPS },
	{ NULL, "/system.slice/a/cron.service", 1000, 100, 0 },
	{ NULL, NULL, 1000, 100, 0 },
	{ "/usr/bin/webd", "/system.slice/x.service", 0, 100, R_OPS },
	{ NULL, NULL, 0, 0, R_OPS },
};

static void sipc_t_match_labels(struct sipc_t *t, const struct sipc_policy *p)
{
	struct sipc_facts f;
	unsigned int i, role;

	for (i = 0; i < ARRAY_SIZE(sipc_t_facts); i++) {
		f.exe = sipc_t_facts[i].exe;
		f.cgroup = sipc_t_facts[i].cgroup;
		f.uid = make_kuid(&init_user_ns, sipc_t_facts[i].uid);
		f.gid = make_kgid(&init_user_ns, sipc_t_facts[i].gid);
		role = sipc_policy_match(p, &f);
		SIPC_T(t, role == sipc_t_facts[i].role, "match case %u: role %u",
		       i, role);
	}
	SIPC_T(t, sipc_policy_has_labels(p, SIPC_LABEL_UNIX) &&
	       sipc_policy_has_labels(p, SIPC_LABEL_MSGQ) &&
	       !sipc_policy_has_labels(p, SIPC_LABEL_FIFO) &&
	       !sipc_policy_has_labels(p, SIPC_LABEL_SHM) &&
	       !sipc_policy_has_labels(p, SIPC_LABEL_MAX + 1), "has_labels");
	SIPC_T(t, sipc_policy_label_name(p, SIPC_LABEL_UNIX, "/run/web.sock") ==
	       R_WEB, "first label wins");
	SIPC_T(t, sipc_policy_label_name(p, SIPC_LABEL_UNIX, "@abstract") == R_DB &&
	       sipc_policy_label_name(p, SIPC_LABEL_UNIX, "/run/x") == -ENOENT &&
	       sipc_policy_label_name(p, SIPC_LABEL_MQUEUE, "/queue") == R_OPS &&
	       sipc_policy_label_name(p, SIPC_LABEL_MQUEUE, "/run/web.sock") == -ENOENT &&
	       sipc_policy_label_name(p, SIPC_LABEL_FIFO, "/q") == -ENOENT &&
	       sipc_policy_label_name(p, SIPC_LABEL_MSGQ, "/q") == -ENOENT,
	       "label_name");
	SIPC_T(t, sipc_policy_label_key(p, SIPC_LABEL_MSGQ, 1234) == R_DB &&
	       sipc_policy_label_key(p, SIPC_LABEL_SHM, 1234) == -ENOENT &&
	       sipc_policy_label_key(p, SIPC_LABEL_MSGQ, 5) == -ENOENT &&
	       sipc_policy_label_key(p, SIPC_LABEL_UNIX, 0) == -ENOENT, "label_key");
	SIPC_T(t, sipc_policy_mode(p, R_OPS) == SIPC_MODE_ENFORCE &&
	       sipc_policy_mode(p, R_WEB) == SIPC_MODE_LEARN &&
	       sipc_policy_mode(p, R_DB) == SIPC_MODE_PERMISSIVE &&
	       sipc_policy_mode(p, 0) == SIPC_MODE_LEARN &&
	       sipc_policy_role_mode(p, R_WEB) == SIPC_MODE_GLOBAL &&
	       sipc_policy_role_mode(p, 0) == SIPC_MODE_GLOBAL, "modes");
}

/* ------------------------------------------------------------------ */
/* Globs                                                               */
/* ------------------------------------------------------------------ */

static const struct {
	const char *pat;
	const char *str;
	bool match;
} sipc_t_globs[] = {
	{ "/a/b", "/a/b", true },
	{ "/a/b", "/a/bc", false },
	{ "/a/bc", "/a/b", false },
	{ "/a/*", "/a/b", true },
	{ "/a/*", "/a/", true },
	{ "/a/*", "/a/b/c", false },
	{ "/a/**", "/a/b/c", true },
	{ "/a/**", "/a/", true },
	{ "/a/**/c", "/a/b/x/c", true },
	{ "/a/**/c", "/a/c", false },
	{ "/a/?", "/a/b", true },
	{ "/a?b", "/a/b", false },
	{ "/a/\\*", "/a/*", true },
	{ "/a/\\*", "/a/b", false },
	{ "/a/\\?", "/a/x", false },
	{ "/a/\\\\", "/a/\\", true },
	{ "/lib/**/*.so", "/lib/x/y/libc.so", true },
	{ "/lib/**/*.so", "/lib/x/y.so/z", false },
	{ "/lib/*/*.so", "/lib/x/y/z.so", false },
	{ "/a*b*c", "/axxbyyc", true },
	{ "/a*b*c", "/axxb/yc", false },
	{ "/**x", "/a/b/x", true },
	{ "/*/**/z", "/a/z", false },
	{ "/*/**/z", "/a/b/z", true },
	{ "/***", "/a/b", true },
	{ "/**", "", false },
	{ "", "", true },
	{ "@abs*", "@abstract/with/slash", false },
	{ "@abs**", "@abstract/with/slash", true },
};

/* The definition, by brute force; only for short strings. */
static bool sipc_t_glob_ref(const char *p, const char *s)
{
	if (!*p)
		return !*s;
	if (p[0] == '*' && p[1] == '*') {
		while (*p == '*')
			p++;
		for (;; s++) {
			if (sipc_t_glob_ref(p, s))
				return true;
			if (!*s)
				return false;
		}
	}
	if (*p == '*') {
		for (;; s++) {
			if (sipc_t_glob_ref(p + 1, s))
				return true;
			if (!*s || *s == '/')
				return false;
		}
	}
	if (*p == '\\')
		return p[1] && *s == p[1] && sipc_t_glob_ref(p + 2, s + 1);
	if (*p == '?')
		return *s && *s != '/' && sipc_t_glob_ref(p + 1, s + 1);
	return *s == *p && sipc_t_glob_ref(p + 1, s + 1);
}

static void sipc_t_random_string(char *buf, const char *alphabet,
				 unsigned int max)
{
	unsigned int i, len = get_random_u32() % (max + 1);
	size_t n = strlen(alphabet);

	for (i = 0; i < len; i++)
		buf[i] = alphabet[get_random_u32() % n];
	buf[len] = '\0';
}

static void sipc_t_globs_check(struct sipc_t *t)
{
	char pat[12], str[12], *big;
	unsigned int i, wrong = 0;
	u64 start;

	for (i = 0; i < ARRAY_SIZE(sipc_t_globs); i++)
		SIPC_T(t, sipc_glob_match(sipc_t_globs[i].pat, sipc_t_globs[i].str) ==
		       sipc_t_globs[i].match, "glob \"%s\" on \"%s\"",
		       sipc_t_globs[i].pat, sipc_t_globs[i].str);
	SIPC_T(t, sipc_glob_check("/a\\*\\\\") && !sipc_glob_check("/a\\") &&
	       !sipc_glob_check("/a\\\\\\"), "glob syntax");
	for (i = 0; i < 200000 && !wrong; i++) {
		sipc_t_random_string(pat, i & 1 ? "ab/*?\\" : "a/**", 10);
		if (!sipc_glob_check(pat))
			continue;
		sipc_t_random_string(str, i & 2 ? "ab/" : "a/", 10);
		wrong = sipc_glob_match(pat, str) != sipc_t_glob_ref(pat, str);
	}
	SIPC_T(t, !wrong, "glob \"%s\" on \"%s\" differs from the definition",
	       pat, str);
	/* The worst case is bounded: strlen(pat) * strlen(str) steps. */
	big = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!big)
		return;
	memset(big, 'a', PATH_MAX - 1);
	big[0] = '/';
	big[PATH_MAX - 1] = '\0';
	start = ktime_get_ns();
	SIPC_T(t, !sipc_glob_match("/**a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", big) &&
	       !sipc_glob_match("/**a**a**a**a**a**a**a**a**a**a**b", big),
	       "pathological globs");
	pr_info("selftest: two pathological globs on %u characters: %llu us\n",
		PATH_MAX, (ktime_get_ns() - start) / 1000);
	big[PATH_MAX - 2] = '/';
	start = ktime_get_ns();
	SIPC_T(t, !sipc_glob_match("/**a*a*c/", big), "worst glob");
	pr_info("selftest: worst glob on %u characters: %llu us\n",
		PATH_MAX, (ktime_get_ns() - start) / 1000);
	kfree(big);
}

/* ------------------------------------------------------------------ */
/* Cache, publication and modes                                        */
/* ------------------------------------------------------------------ */

static void sipc_t_cache(struct sipc_t *t, struct sipc_policy *p,
			 struct sipc_policy *q)
{
	const u32 all = SIPC_PERM_CONNECT | SIPC_PERM_SEND | SIPC_PERM_RECEIVE;
	unsigned int i;
	bool ok = true;

	p->head.gen = 7;
	q->head.gen = 8;
	/* Make q differ from p on one rule. */
	sipc_rule_slot(q, SIPC_RULE_KEY(R_WEB, R_DB,
					SIPC_CLASS_UNIX_STREAM))->perms = SIPC_PERM_SEND;
	for (i = 0; i < 3; i++)
		ok &= sipc_cache_lookup(p, R_WEB, R_DB, SIPC_CLASS_UNIX_STREAM) == all &&
		      sipc_cache_lookup(q, R_WEB, R_DB, SIPC_CLASS_UNIX_STREAM) ==
		      SIPC_PERM_SEND &&
		      sipc_cache_lookup(p, R_DB, R_WEB, SIPC_CLASS_UNIX_STREAM) == 0 &&
		      sipc_cache_lookup(p, R_WEB, R_DB, 16) == 0 &&
		      sipc_cache_lookup(p, 5000, R_DB, 1) == 0 &&
		      sipc_cache_lookup(NULL, R_WEB, R_DB, 3) == 0;
	SIPC_T(t, ok, "cache answers as the policy, per generation");
	/* Generations 2^20 apart alias in the cache until it is flushed. */
	q->head.gen = 7 + (1U << 20);
	sipc_cache_published(1U << 18);
	SIPC_T(t, sipc_cache_lookup(q, R_WEB, R_DB, SIPC_CLASS_UNIX_STREAM) ==
	       SIPC_PERM_SEND, "cache flushed when the generation is due");
	sipc_cache_flush();
	p->head.gen = 0;
	q->head.gen = 0;
}

static void sipc_t_publish(struct sipc_t *t, struct sipc_policy *p,
			   struct sipc_policy *q)
{
	struct netlink_ext_ack extack = {};
	const struct sipc_policy *cur;
	u32 gen;

	SIPC_T(t, sipc_policy_set_mode(NULL, SIPC_MODE_ENFORCE, &extack) ==
	       -ENOENT && extack._msg && strstr(extack._msg, "no policy"),
	       "set_mode without a policy");
	gen = sipc_policy_publish(p);
	rcu_read_lock();
	cur = sipc_policy_current();
	SIPC_T(t, gen == 1 && cur == p && sipc_policy_gen(cur) == 1,
	       "first publication: gen %u", gen);
	rcu_read_unlock();
	SIPC_T(t, sipc_policy_set_mode("web", SIPC_MODE_ENFORCE, &extack) == 0 &&
	       sipc_policy_mode(p, R_WEB) == SIPC_MODE_ENFORCE &&
	       sipc_policy_set_mode("web", SIPC_MODE_GLOBAL, &extack) == 0 &&
	       sipc_policy_mode(p, R_WEB) == SIPC_MODE_LEARN, "set a role's mode");
	SIPC_T(t, sipc_policy_set_mode(NULL, SIPC_MODE_PERMISSIVE, &extack) == 0 &&
	       sipc_policy_mode(p, 0) == SIPC_MODE_PERMISSIVE &&
	       sipc_policy_mode(p, R_WEB) == SIPC_MODE_PERMISSIVE &&
	       sipc_policy_mode(p, R_OPS) == SIPC_MODE_ENFORCE, "set the global mode");
	SIPC_T(t, sipc_policy_set_mode("unconfined", SIPC_MODE_ENFORCE, &extack) ==
	       -EINVAL && strstr(extack._msg, "unconfined"), "unconfined has no mode");
	SIPC_T(t, sipc_policy_set_mode("nope", SIPC_MODE_ENFORCE, &extack) ==
	       -ENOENT && strstr(extack._msg, "no role nope"), "unknown role");
	SIPC_T(t, sipc_policy_set_mode(NULL, SIPC_MODE_GLOBAL, &extack) == -EINVAL &&
	       sipc_policy_set_mode("web", SIPC_MODE_MAX + 1, &extack) == -EINVAL &&
	       strstr(extack._msg, "invalid role mode"), "bad modes");
	gen = sipc_policy_publish(q);
	rcu_read_lock();
	SIPC_T(t, gen == 2 && sipc_policy_current() == q &&
	       sipc_policy_mode(q, 0) == SIPC_MODE_LEARN, "second publication");
	rcu_read_unlock();
}

/* A policy of @nr_roles roles and @nr_rules distinct rules. */
static int sipc_t_big(u32 nr_roles, u32 nr_rules, struct sipc_t_blob *b)
{
	struct sipc_policy_role *roles;
	struct sipc_policy_rule *rules;
	struct sipc_t_spec spec = { .mode = SIPC_MODE_ENFORCE };
	char *strings;
	u32 i, off = 0;
	int err = -ENOMEM;

	strings = kvmalloc(nr_roles * 8, GFP_KERNEL);
	roles = kvmalloc_array(nr_roles, sizeof(*roles), GFP_KERNEL);
	rules = kvmalloc_array(nr_rules, sizeof(*rules), GFP_KERNEL);
	if (!strings || !roles || !rules)
		goto out;
	for (i = 0; i < nr_roles; i++) {
		roles[i].name = off;
		roles[i].mode = SIPC_MODE_GLOBAL;
		off += sprintf(strings + off, "r%u", i + 1) + 1;
	}
	for (i = 0; i < nr_rules; i++) {
		rules[i].subject = 1 + i / nr_roles;
		rules[i].object = 1 + i % nr_roles;
		rules[i].class = 1 + i % SIPC_CLASS_MAX;
		rules[i].flags = 0;
		rules[i].perms = sipc_class_perms[rules[i].class] &
				 -sipc_class_perms[rules[i].class];
	}
	spec.strings = strings;
	spec.strings_len = off;
	spec.roles = roles;
	spec.nr_roles = nr_roles;
	spec.rules = rules;
	spec.nr_rules = nr_rules;
	err = sipc_t_build(&spec, b);
out:
	kvfree(rules);
	kvfree(roles);
	kvfree(strings);
	return err;
}

static void sipc_t_timing(struct sipc_t *t)
{
	const u32 nr_roles = 400, nr_rules = 100000;
	struct sipc_policy *p;
	struct sipc_t_blob b;
	u64 t0, t1, t2, t3;
	u32 i, sum = 0;

	if (!SIPC_T(t, !sipc_t_big(nr_roles, nr_rules, &b), "big: out of memory"))
		return;
	t0 = ktime_get_ns();
	p = sipc_policy_parse(b.buf, b.size, NULL);
	t1 = ktime_get_ns();
	kvfree(b.buf);
	if (!SIPC_T(t, !IS_ERR(p), "big: parse gave %d", PTR_ERR_OR_ZERO(p)))
		return;
	sipc_policy_publish(p);
	t2 = ktime_get_ns();
	SIPC_T(t, sipc_policy_nr_rules(p) == nr_rules &&
	       sipc_policy_lookup(p, 1 + 99999 / nr_roles, 1 + 99999 % nr_roles,
				  1 + 99999 % SIPC_CLASS_MAX) != 0 &&
	       sipc_policy_lookup(p, 1, 1, 2) == 0, "big: rules");
	for (i = 0; i < nr_rules; i++)
		sum += sipc_policy_lookup(p, 1 + i / nr_roles, 1 + i % nr_roles,
					  1 + i % SIPC_CLASS_MAX) != 0;
	t3 = ktime_get_ns();
	SIPC_T(t, sum == nr_rules, "big: every rule found");
	pr_info("selftest: %u rules (%zu bytes): parse %llu us, publish %llu us, %llu ns per lookup\n",
		nr_rules, b.size, (t1 - t0) / 1000, (t2 - t1) / 1000,
		(t3 - t2) / nr_rules);
	t0 = ktime_get_ns();
	for (i = 0, sum = 0; i < nr_rules; i++)
		sum += sipc_cache_lookup(p, 1 + i % 8, 1 + i % 16, 1 + i % 10);
	t1 = ktime_get_ns();
	pr_info("selftest: %llu ns per cached lookup (%u)\n",
		(t1 - t0) / nr_rules, sum);
	sipc_cache_flush();
}

/**
 * sipc_policy_selftest() - check the policy and the cache
 *
 * Runs at module load in DEBUG builds, before netlink and the hooks.
 *
 * Return: 0, or -EINVAL when a case failed (each is logged).
 */
int sipc_policy_selftest(void)
{
	struct netlink_ext_ack extack = {};
	struct sipc_policy *p = NULL, *q = NULL;
	struct sipc_t t = { 0 };
	struct sipc_t_data *d;
	struct sipc_t_blob b;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	sipc_t_data_init(d);
	sipc_t_globs_check(&t);
	sipc_t_invalid(&t, d);
	sipc_t_fuzz(&t, d);
	if (sipc_t_build(&d->spec, &b))
		goto out;
	p = sipc_policy_parse(b.buf, b.size, &extack);
	q = sipc_policy_parse(b.buf, b.size, &extack);
	kvfree(b.buf);
	if (!SIPC_T(&t, !IS_ERR(p) && !IS_ERR(q), "valid policy refused: %s",
		    extack._msg ?: "(no message)"))
		goto out;
	sipc_t_roles_rules(&t, p);
	sipc_t_match_labels(&t, p);
	sipc_t_cache(&t, p, q);
	sipc_t_publish(&t, p, q);
	p = NULL;
	q = NULL;
	sipc_t_timing(&t);
out:
	if (!IS_ERR_OR_NULL(p))
		sipc_policy_free(p);
	if (!IS_ERR_OR_NULL(q))
		sipc_policy_free(q);
	/* Leave no trace: no policy in force, generations from 1 again. */
	sipc_policy_exit();
	mutex_lock(&sipc_policy_mutex);
	sipc_policy_last_gen = 0;
	mutex_unlock(&sipc_policy_mutex);
	sipc_cache_flush();
	kfree(d);
	if (t.failed) {
		pr_err("selftest: %u of %u cases failed\n", t.failed,
		       t.passed + t.failed);
		return -EINVAL;
	}
	pr_info("selftest: all %u cases passed\n", t.passed);
	return 0;
}
