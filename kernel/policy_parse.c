// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - the policy parser: from a binary blob to a compiled policy.
 *
 * A policy arrives from userspace as one binary blob (the "Policy" comment
 * and struct sipc_policy_* in include/uapi/linux/sipc.h).  It is validated
 * completely and compiled into the structures of policy_internal.h;
 * policy.c publishes it only then, so a policy that fails validation
 * changes nothing.  Process context; the parser may sleep and allocate,
 * and touches no shared state but the role name key, drawn once.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/once.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "glob.h"
#include "policy.h"
#include "policy_internal.h"

/* Drawn on the first parse; read by policy.c for sipc_policy_role_by_name(). */
siphash_key_t sipc_role_key;

#define SIPC_CLASS(class, name, perms) \
	[class] = perms,
const u32 sipc_class_perms[__SIPC_CLASS_LAST] = SIPC_CLASS_LIST;
#undef SIPC_CLASS

#define SIPC_SECTION(type, name, size, max) \
	[type] = name,
static const char *const sipc_section_names[__SIPC_SECTION_LAST] =
	SIPC_SECTION_LIST;
#undef SIPC_SECTION

/* ------------------------------------------------------------------ */
/* Error messages                                                      */
/* ------------------------------------------------------------------ */

#ifndef NL_SET_ERR_MSG_FMT_MOD
/*
 * 6.1 has no formatted extack messages (no buffer inside the extack), and
 * extack->_msg is read when the ack is sent, after our caller returns.  So
 * messages live here, in a ring: the family runs its commands in parallel
 * (parallel_ops), and a message is only overwritten after
 * SIPC_POLICY_ERRBUFS later failures, far more than can come between one
 * command's return and its ack.  The last byte of each buffer is never
 * written, so a reader always finds a NUL.
 */
#define SIPC_POLICY_ERRBUFS	32
static char sipc_policy_errbuf[SIPC_POLICY_ERRBUFS][80];
static atomic_t sipc_policy_errnext = ATOMIC_INIT(0);
#endif

/**
 * sipc_policy_err() - report why a request is refused
 * @extack: where to put the message, may be NULL
 * @fmt: printf format of the message
 *
 * Return: -EINVAL, for the caller to return.
 */
__printf(2, 3) int sipc_policy_err(struct netlink_ext_ack *extack,
				   const char *fmt, ...)
{
	va_list args;
#ifdef NL_SET_ERR_MSG_FMT_MOD
	/* Fits with the "sipc: " prefix, so the macro never warns. */
	char msg[NETLINK_MAX_FMTMSG_LEN - sizeof(KBUILD_MODNAME ": ") + 1];

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	NL_SET_ERR_MSG_FMT_MOD(extack, "%s", msg);
#else
	size_t len = sizeof(sipc_policy_errbuf[0]) - 1;
	char *buf;
	int n;

	if (!extack)
		return -EINVAL;
	buf = sipc_policy_errbuf[(unsigned int)atomic_inc_return(&sipc_policy_errnext) %
				 SIPC_POLICY_ERRBUFS];
	n = scnprintf(buf, len, KBUILD_MODNAME ": ");
	va_start(args, fmt);
	vsnprintf(buf + n, len - n, fmt, args);
	va_end(args);
	extack->_msg = buf;
#endif
	return -EINVAL;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

/**
 * struct sipc_parse - state of one sipc_policy_parse()
 * @blob: the policy being parsed
 * @size: its size
 * @sec: the section table, by type; a type absent from the blob has
 *	entry_size 0
 * @extack: where errors are reported
 * @p: the policy being built
 */
struct sipc_parse {
	const u8 *blob;
	size_t size;
	struct sipc_policy_section sec[__SIPC_SECTION_LAST];
	struct netlink_ext_ack *extack;
	struct sipc_policy *p;
};

/**
 * sipc_parse_entry() - copy one entry of a section, checking its tail
 * @ps: the parse
 * @type: the section
 * @i: the entry's index
 * @dst: where to copy the entry's struct
 * @len: size of that struct
 *
 * Entries may be larger than the struct we know (a newer compiler) and
 * need not be aligned for it (entry_size is the blob's choice), so they
 * are copied out.  Bounds were checked by sipc_parse_sections().
 *
 * Return: 0, or -EINVAL when bytes past the struct are not zero.
 */
static int sipc_parse_entry(struct sipc_parse *ps, unsigned int type, u32 i,
			    void *dst, size_t len)
{
	const struct sipc_policy_section *sec = &ps->sec[type];
	const u8 *src = ps->blob + sec->offset + (size_t)i * sec->entry_size;

	memcpy(dst, src, len);
	if (memchr_inv(src + len, 0, sec->entry_size - len))
		return sipc_policy_err(ps->extack,
				       "%s entry %u: nonzero bytes past the struct",
				       sipc_section_names[type], i);
	return 0;
}

/**
 * sipc_parse_string() - resolve a string offset
 * @ps: the parse
 * @off: offset into the STRINGS section
 *
 * Return: the string inside the blob, NUL-terminated since the section
 * ends in a NUL; NULL when @off is outside the section.
 */
static const char *sipc_parse_string(struct sipc_parse *ps, u32 off)
{
	const struct sipc_policy_section *sec = &ps->sec[SIPC_SECTION_STRINGS];

	if (off >= sec->count)
		return NULL;
	return (const char *)ps->blob + sec->offset + off;
}

/* The same string, in our copy of the section. */
static const char *sipc_parse_string_copy(struct sipc_parse *ps, u32 off)
{
	return ps->p->strings + off;
}

static int sipc_parse_header(struct sipc_parse *ps,
			     struct sipc_policy_header *hdr)
{
	struct netlink_ext_ack *extack = ps->extack;

	if (ps->size < sizeof(*hdr))
		return sipc_policy_err(extack, "policy of %zu bytes has no header",
				       ps->size);
	if (ps->size > SIPC_POLICY_SIZE_MAX)
		return sipc_policy_err(extack, "policy of %zu bytes is too large",
				       ps->size);
	memcpy(hdr, ps->blob, sizeof(*hdr));
	if (hdr->magic != SIPC_POLICY_MAGIC)
		return sipc_policy_err(extack, "header: bad magic 0x%08x",
				       hdr->magic);
	if (hdr->version != SIPC_POLICY_VERSION)
		return sipc_policy_err(extack, "header: unknown version %u",
				       hdr->version);
	if (hdr->size != ps->size)
		return sipc_policy_err(extack, "header: size %u but %zu bytes given",
				       hdr->size, ps->size);
	if (hdr->flags)
		return sipc_policy_err(extack, "header: unknown flags 0x%x",
				       hdr->flags);
	if (hdr->mode < SIPC_MODE_ENFORCE || hdr->mode > SIPC_MODE_MAX)
		return sipc_policy_err(extack, "header: invalid global mode %u",
				       hdr->mode);
	/* Each type at most once: never more than SIPC_SECTION_MAX. */
	if (hdr->nr_sections < 1 || hdr->nr_sections > SIPC_SECTION_MAX)
		return sipc_policy_err(extack, "header: %u sections",
				       hdr->nr_sections);
	if (sizeof(*hdr) + hdr->nr_sections *
	    sizeof(struct sipc_policy_section) > ps->size)
		return sipc_policy_err(extack,
				       "header: section table past the end");
	return 0;
}

#define SIPC_SECTION(type, name, size, max) \
	[type] = size,
const size_t sipc_entry_sizes[__SIPC_SECTION_LAST] = SIPC_SECTION_LIST;
#undef SIPC_SECTION

#define SIPC_SECTION(type, name, size, max) \
	[type] = max,
static const u32 sipc_section_max[__SIPC_SECTION_LAST] = SIPC_SECTION_LIST;
#undef SIPC_SECTION

/* Check one section table entry on its own. */
static int sipc_parse_section(struct sipc_parse *ps, unsigned int i,
			      const struct sipc_policy_section *sec,
			      size_t table_end)
{
	struct netlink_ext_ack *extack = ps->extack;
	const char *name;
	u64 len;

	if (sec->type == SIPC_SECTION_UNSPEC || sec->type > SIPC_SECTION_MAX)
		return sipc_policy_err(extack, "section %u: unknown type %u",
				       i, sec->type);
	name = sipc_section_names[sec->type];
	if (ps->sec[sec->type].entry_size)
		return sipc_policy_err(extack, "section %u: second %s section",
				       i, name);
	if (sec->offset % 8)
		return sipc_policy_err(extack, "%s section: offset %u not 8-aligned",
				       name, sec->offset);
	if (sec->offset < table_end || sec->offset > ps->size)
		return sipc_policy_err(extack, "%s section: offset %u outside the policy",
				       name, sec->offset);
	if (sec->type == SIPC_SECTION_STRINGS && sec->entry_size != 1)
		return sipc_policy_err(extack, "%s section: entry size %u is not 1",
				       name, sec->entry_size);
	if (sec->entry_size < sipc_entry_sizes[sec->type])
		return sipc_policy_err(extack, "%s section: entry size %u too small",
				       name, sec->entry_size);
	if (sec->count > sipc_section_max[sec->type])
		return sipc_policy_err(extack, "%s section: %u entries, more than %u",
				       name, sec->count,
				       sipc_section_max[sec->type]);
	len = (u64)sec->count * sec->entry_size;
	if (len > ps->size - sec->offset)
		return sipc_policy_err(extack, "%s section: %u entries past the end",
				       name, sec->count);
	return 0;
}

/* Two sections must not share a byte. */
static int sipc_parse_overlaps(struct sipc_parse *ps)
{
	const struct sipc_policy_section *a, *b;
	unsigned int i, j;

	for (i = 1; i < __SIPC_SECTION_LAST; i++) {
		a = &ps->sec[i];
		if (!a->entry_size || !a->count)
			continue;
		for (j = i + 1; j < __SIPC_SECTION_LAST; j++) {
			b = &ps->sec[j];
			if (!b->entry_size || !b->count)
				continue;
			if ((u64)a->offset + (u64)a->count * a->entry_size >
			    b->offset &&
			    (u64)b->offset + (u64)b->count * b->entry_size >
			    a->offset)
				return sipc_policy_err(ps->extack,
						       "sections %s and %s overlap",
						       sipc_section_names[i],
						       sipc_section_names[j]);
		}
	}
	return 0;
}

static int sipc_parse_sections(struct sipc_parse *ps,
			       const struct sipc_policy_header *hdr)
{
	static const unsigned int required[] = {
		SIPC_SECTION_STRINGS, SIPC_SECTION_ROLES, SIPC_SECTION_RULES,
	};
	size_t table_end = sizeof(*hdr) +
		hdr->nr_sections * sizeof(struct sipc_policy_section);
	struct sipc_policy_section sec;
	unsigned int i;
	int err;

	for (i = 0; i < hdr->nr_sections; i++) {
		memcpy(&sec, ps->blob + sizeof(*hdr) + i * sizeof(sec),
		       sizeof(sec));
		err = sipc_parse_section(ps, i, &sec, table_end);
		if (err)
			return err;
		ps->sec[sec.type] = sec;
	}
	for (i = 0; i < ARRAY_SIZE(required); i++) {
		if (!ps->sec[required[i]].entry_size)
			return sipc_policy_err(ps->extack, "no %s section",
					       sipc_section_names[required[i]]);
	}
	return sipc_parse_overlaps(ps);
}

static int sipc_parse_strings(struct sipc_parse *ps)
{
	const struct sipc_policy_section *sec = &ps->sec[SIPC_SECTION_STRINGS];

	if (!sec->count || ps->blob[sec->offset + sec->count - 1])
		return sipc_policy_err(ps->extack,
				       "STRINGS section does not end in a NUL");
	ps->p->strings = kvmalloc(sec->count, GFP_KERNEL_ACCOUNT);
	if (!ps->p->strings)
		return -ENOMEM;
	memcpy(ps->p->strings, ps->blob + sec->offset, sec->count);
	return 0;
}

static u64 sipc_role_name_hash(const char *name)
{
	return siphash(name, strlen(name), &sipc_role_key);
}

static int sipc_role_hash_cmp(const void *a, const void *b)
{
	const struct sipc_role_hash *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	/* Equal hashes only when names repeat: keep index order. */
	return x->role < y->role ? -1 : x->role > y->role;
}

/*
 * Entries of a section parsed between two chances to reschedule: a
 * policy of SIPC_RULES_MAX rules must not hold the CPU for its whole
 * parse (sipc_policy_parse() runs in process context and may sleep).
 */
#define SIPC_PARSE_BATCH	4096

static void sipc_parse_yield(u32 i)
{
	if (!(i % SIPC_PARSE_BATCH))
		cond_resched();
}

/*
 * One character of a role name, [A-Za-z0-9_.-], spelled out: the kernel's
 * isalnum() follows Latin-1 and takes 0xC0-0xFF for letters.
 */
static bool sipc_role_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* A role name: 1..SIPC_ROLE_NAME_MAX - 1 characters of [A-Za-z0-9_.-]. */
static bool sipc_role_name_valid(const char *name)
{
	size_t len = strnlen(name, SIPC_ROLE_NAME_MAX);
	size_t i;

	if (!len || len == SIPC_ROLE_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		if (!sipc_role_name_char(name[i]))
			return false;
	}
	return true;
}

static int sipc_parse_role(struct sipc_parse *ps, u32 i)
{
	struct sipc_role *role = &ps->p->roles[i + 1];
	struct sipc_policy_role r;
	const char *name;
	int err;

	err = sipc_parse_entry(ps, SIPC_SECTION_ROLES, i, &r, sizeof(r));
	if (err)
		return err;
	name = sipc_parse_string(ps, r.name);
	if (!name)
		return sipc_policy_err(ps->extack, "role %u: name offset %u outside STRINGS",
				       i + 1, r.name);
	if (!sipc_role_name_valid(name))
		return sipc_policy_err(ps->extack,
				       "role %u: name is not 1-%u characters of [A-Za-z0-9_.-]",
				       i + 1, SIPC_ROLE_NAME_MAX - 1);
	if (!strcmp(name, SIPC_ROLE_UNCONFINED_NAME))
		return sipc_policy_err(ps->extack, "role %u: \"%s\" is reserved",
				       i + 1, name);
	if (r.mode > SIPC_MODE_MAX)
		return sipc_policy_err(ps->extack, "role %u (%s): invalid mode %u",
				       i + 1, name, r.mode);
	if (r.flags & ~__SIPC_ROLE_ALL)
		return sipc_policy_err(ps->extack, "role %u (%s): unknown flags 0x%x",
				       i + 1, name, r.flags);
	strscpy(role->name, name, sizeof(role->name));
	role->hash = sipc_role_name_hash(role->name);
	role->mode = r.mode;
	role->flags = r.flags;
	return 0;
}

/* Build the role-by-hash index, which also finds repeated names. */
static int sipc_parse_role_index(struct sipc_parse *ps)
{
	struct sipc_policy *p = ps->p;
	const struct sipc_role *a, *b;
	unsigned int i;

	for (i = 0; i < p->nr_roles; i++) {
		p->by_hash[i].hash = p->roles[i].hash;
		p->by_hash[i].role = i;
	}
	sort(p->by_hash, p->nr_roles, sizeof(*p->by_hash), sipc_role_hash_cmp,
	     NULL);
	for (i = 1; i < p->nr_roles; i++) {
		if (p->by_hash[i - 1].hash != p->by_hash[i].hash)
			continue;
		a = &p->roles[p->by_hash[i - 1].role];
		b = &p->roles[p->by_hash[i].role];
		if (!strcmp(a->name, b->name))
			return sipc_policy_err(ps->extack,
					       "roles %u and %u are both named %s",
					       p->by_hash[i - 1].role,
					       p->by_hash[i].role, a->name);
		/* 2^-64 per pair with a secret key; refuse rather than guess. */
		return sipc_policy_err(ps->extack,
				       "roles %s and %s collide in the name hash",
				       a->name, b->name);
	}
	return 0;
}

static int sipc_parse_roles(struct sipc_parse *ps)
{
	struct sipc_policy *p = ps->p;
	u32 i, count = ps->sec[SIPC_SECTION_ROLES].count;
	int err;

	p->nr_roles = count + 1;
	p->roles = kvcalloc(p->nr_roles, sizeof(*p->roles), GFP_KERNEL_ACCOUNT);
	p->by_hash = kvcalloc(p->nr_roles, sizeof(*p->by_hash),
			      GFP_KERNEL_ACCOUNT);
	if (!p->roles || !p->by_hash)
		return -ENOMEM;
	strscpy(p->roles[0].name, SIPC_ROLE_UNCONFINED_NAME,
		sizeof(p->roles[0].name));
	p->roles[0].hash = sipc_role_name_hash(p->roles[0].name);
	p->roles[0].mode = SIPC_MODE_GLOBAL;
	for (i = 0; i < count; i++) {
		err = sipc_parse_role(ps, i);
		if (err)
			return err;
	}
	return sipc_parse_role_index(ps);
}

/**
 * sipc_parse_glob() - resolve and check a glob
 * @ps: the parse
 * @off: its string offset
 * @lead: the characters a glob may begin with
 * @what: "match 3 exe" and the like, for messages
 *
 * Return: the glob in our copy of the strings, or an ERR_PTR.
 */
static const char *sipc_parse_glob(struct sipc_parse *ps, u32 off,
				   const char *lead, const char *what)
{
	const char *glob = sipc_parse_string(ps, off);

	if (!glob)
		return ERR_PTR(sipc_policy_err(ps->extack,
					       "%s: offset %u outside STRINGS",
					       what, off));
	if (!*glob || !strchr(lead, *glob))
		return ERR_PTR(sipc_policy_err(ps->extack,
					       "%s: glob must start with %s",
					       what, lead[1] ? "'/' or '@'" : "'/'"));
	if (strnlen(glob, SIPC_PATTERN_MAX) == SIPC_PATTERN_MAX)
		return ERR_PTR(sipc_policy_err(ps->extack,
					       "%s: glob longer than %u bytes",
					       what, SIPC_PATTERN_MAX - 1));
	if (!sipc_glob_check(glob))
		return ERR_PTR(sipc_policy_err(ps->extack,
					       "%s: glob ends in an unpaired '\\'",
					       what));
	return sipc_parse_string_copy(ps, off);
}

/* An optional glob of a match rule, present iff @flag is in @m->flags. */
static int sipc_parse_match_glob(struct sipc_parse *ps, u32 i,
				 const struct sipc_policy_match *m, u32 flag,
				 u32 off, const char **glob)
{
	const char *field = flag == SIPC_MATCH_EXE ? "exe" : "cgroup";
	char what[32];

	*glob = NULL;
	if (!(m->flags & flag)) {
		if (off)
			return sipc_policy_err(ps->extack,
					       "match %u: %s set but not in flags",
					       i, field);
		return 0;
	}
	if (!off)
		return sipc_policy_err(ps->extack,
				       "match %u: %s in flags but no %s glob",
				       i, field, field);
	snprintf(what, sizeof(what), "match %u %s", i, field);
	*glob = sipc_parse_glob(ps, off, "/", what);
	return PTR_ERR_OR_ZERO(*glob);
}

static int sipc_parse_match(struct sipc_parse *ps, u32 i)
{
	struct sipc_match *cm = &ps->p->matches[i];
	struct sipc_policy_match m;
	int err;

	err = sipc_parse_entry(ps, SIPC_SECTION_MATCHES, i, &m, sizeof(m));
	if (err)
		return err;
	if (m.role < 1 || m.role >= ps->p->nr_roles)
		return sipc_policy_err(ps->extack, "match %u: no role %u", i,
				       m.role);
	if (!m.flags || m.flags & ~__SIPC_MATCH_ALL)
		return sipc_policy_err(ps->extack, "match %u: invalid flags 0x%x",
				       i, m.flags);
	err = sipc_parse_match_glob(ps, i, &m, SIPC_MATCH_EXE, m.exe, &cm->exe);
	if (err)
		return err;
	err = sipc_parse_match_glob(ps, i, &m, SIPC_MATCH_CGROUP, m.cgroup,
				    &cm->cgroup);
	if (err)
		return err;
	/* (uid_t)-1 is no one's id: a match on it could never hold. */
	if ((m.flags & SIPC_MATCH_UID) && m.uid == (u32)-1)
		return sipc_policy_err(ps->extack, "match %u: invalid uid", i);
	if ((m.flags & SIPC_MATCH_GID) && m.gid == (u32)-1)
		return sipc_policy_err(ps->extack, "match %u: invalid gid", i);
	cm->role = m.role;
	cm->flags = m.flags;
	cm->uid = m.uid;
	cm->gid = m.gid;
	return 0;
}

static int sipc_parse_matches(struct sipc_parse *ps)
{
	struct sipc_policy *p = ps->p;
	u32 i, count = ps->sec[SIPC_SECTION_MATCHES].count;
	int err;

	if (!count)
		return 0;
	p->matches = kvcalloc(count, sizeof(*p->matches), GFP_KERNEL_ACCOUNT);
	if (!p->matches)
		return -ENOMEM;
	p->nr_matches = count;
	for (i = 0; i < count; i++) {
		sipc_parse_yield(i);
		err = sipc_parse_match(ps, i);
		if (err)
			return err;
	}
	return 0;
}

/* Check one label; on success @l has been read and is valid. */
static int sipc_parse_label(struct sipc_parse *ps, u32 i,
			    struct sipc_policy_label *l)
{
	const char *glob;
	char what[24];
	int err;

	err = sipc_parse_entry(ps, SIPC_SECTION_LABELS, i, l, sizeof(*l));
	if (err)
		return err;
	if (l->kind == SIPC_LABEL_UNSPEC || l->kind > SIPC_LABEL_MAX)
		return sipc_policy_err(ps->extack, "label %u: unknown kind %u",
				       i, l->kind);
	if (l->role >= ps->p->nr_roles)
		return sipc_policy_err(ps->extack, "label %u: no role %u", i,
				       l->role);
	if (sipc_label_kind_has_key(l->kind)) {
		if (l->name)
			return sipc_policy_err(ps->extack,
					       "label %u: a key label has a name", i);
		return 0;
	}
	if (l->key)
		return sipc_policy_err(ps->extack,
				       "label %u: a name label has a key", i);
	if (!l->name)
		return sipc_policy_err(ps->extack, "label %u: no name glob", i);
	snprintf(what, sizeof(what), "label %u", i);
	glob = sipc_parse_glob(ps, l->name,
			       l->kind == SIPC_LABEL_UNIX ? "/@" : "/", what);
	return PTR_ERR_OR_ZERO(glob);
}

/*
 * Labels are checked and counted per kind in a first pass, then placed
 * by kind (a stable counting sort) in a second, so each kind's labels
 * stay in section order.
 */
static int sipc_parse_labels(struct sipc_parse *ps)
{
	unsigned int fill[__SIPC_LABEL_LAST] = { 0 };
	struct sipc_policy *p = ps->p;
	u32 i, count = ps->sec[SIPC_SECTION_LABELS].count;
	struct sipc_policy_label l;
	struct sipc_label_rule *cl;
	int err;

	for (i = 0; i < count; i++) {
		sipc_parse_yield(i);
		err = sipc_parse_label(ps, i, &l);
		if (err)
			return err;
		p->label_start[l.kind + 1]++;
	}
	for (i = 1; i <= __SIPC_LABEL_LAST; i++)
		p->label_start[i] += p->label_start[i - 1];
	if (!count)
		return 0;
	p->labels = kvcalloc(count, sizeof(*p->labels), GFP_KERNEL_ACCOUNT);
	if (!p->labels)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		/* Already validated: cannot fail. */
		sipc_parse_entry(ps, SIPC_SECTION_LABELS, i, &l, sizeof(l));
		cl = &p->labels[p->label_start[l.kind] + fill[l.kind]++];
		cl->role = l.role;
		cl->key = l.key;
		cl->name = l.name ? sipc_parse_string_copy(ps, l.name) : NULL;
	}
	return 0;
}

static int sipc_parse_rule(struct sipc_parse *ps, u32 i,
			   struct sipc_policy_rule *r)
{
	u32 n = ps->p->nr_roles;
	int err;

	err = sipc_parse_entry(ps, SIPC_SECTION_RULES, i, r, sizeof(*r));
	if (err)
		return err;
	if (r->subject >= n)
		return sipc_policy_err(ps->extack, "rule %u: no subject role %u",
				       i, r->subject);
	if (r->object >= n)
		return sipc_policy_err(ps->extack, "rule %u: no object role %u",
				       i, r->object);
	if (r->class == SIPC_CLASS_UNSPEC || r->class > SIPC_CLASS_MAX)
		return sipc_policy_err(ps->extack, "rule %u: unknown class %u",
				       i, r->class);
	if (r->flags & ~__SIPC_RULE_ALL)
		return sipc_policy_err(ps->extack, "rule %u: unknown flags 0x%x",
				       i, r->flags);
	if (!r->perms)
		return sipc_policy_err(ps->extack, "rule %u: no permission", i);
	if (r->perms & ~sipc_class_perms[r->class])
		return sipc_policy_err(ps->extack,
				       "rule %u: perms 0x%x not of class %u",
				       i, r->perms & ~sipc_class_perms[r->class],
				       r->class);
	return 0;
}

/*
 * Does a rule's use need a record: it says so, or a role at either end
 * does.
 */
static bool sipc_rule_audited(const struct sipc_policy *p,
			      const struct sipc_policy_rule *r)
{
	return (r->flags & SIPC_RULE_AUDIT) ||
	       ((p->roles[r->subject].flags | p->roles[r->object].flags) &
		SIPC_ROLE_AUDIT);
}

/*
 * First pass: check every rule and OR it into the hash table (and, when
 * audited, into the slot's audited permissions).  Second pass: list each
 * distinct key once, at its first appearance, with the OR of all its
 * rules, marking slots as listed with SIPC_RULE_SEEN (the mark is
 * cleared when done).
 */
static int sipc_parse_rules(struct sipc_parse *ps)
{
	struct sipc_policy *p = ps->p;
	u32 i, count = ps->sec[SIPC_SECTION_RULES].count;
	struct sipc_rule_slot *slot;
	struct sipc_policy_rule r;
	struct sipc_rule_info *ri;
	u32 key;
	int err;

	p->table_mask = roundup_pow_of_two(max_t(u32, 2 * count, 16)) - 1;
	p->table = kvcalloc(p->table_mask + 1, sizeof(*p->table),
			    GFP_KERNEL_ACCOUNT);
	p->used = kvcalloc(p->table_mask + 1, sizeof(*p->used),
			   GFP_KERNEL_ACCOUNT);
	p->rules = kvcalloc(max_t(u32, count, 1), sizeof(*p->rules),
			    GFP_KERNEL_ACCOUNT);
	if (!p->table || !p->used || !p->rules)
		return -ENOMEM;
	get_random_bytes(&p->table_key, sizeof(p->table_key));
	for (i = 0; i < count; i++) {
		sipc_parse_yield(i);
		err = sipc_parse_rule(ps, i, &r);
		if (err)
			return err;
		key = SIPC_RULE_KEY(r.subject, r.object, r.class);
		slot = sipc_rule_slot(p, key);
		slot->key = key;
		slot->perms |= r.perms;
		if (sipc_rule_audited(p, &r))
			slot->audit |= r.perms;
	}
	for (i = 0; i < count; i++) {
		sipc_parse_yield(i);
		sipc_parse_entry(ps, SIPC_SECTION_RULES, i, &r, sizeof(r));
		slot = sipc_rule_slot(p, SIPC_RULE_KEY(r.subject, r.object,
						       r.class));
		if (slot->perms & SIPC_RULE_SEEN)
			continue;
		ri = &p->rules[p->nr_rules++];
		ri->subject = r.subject;
		ri->object = r.object;
		ri->class = r.class;
		ri->perms = slot->perms;
		ri->audit = slot->audit;
		slot->perms |= SIPC_RULE_SEEN;
	}
	for (i = 0; i <= p->table_mask; i++)
		p->table[i].perms &= ~SIPC_RULE_SEEN;
	return 0;
}

static int sipc_parse_seal(struct sipc_parse *ps, u32 i, u32 *key)
{
	struct sipc_policy_seal r;
	u32 n = ps->p->nr_roles;
	int err;

	err = sipc_parse_entry(ps, SIPC_SECTION_SEALS, i, &r, sizeof(r));
	if (err)
		return err;
	if (r.sender >= n)
		return sipc_policy_err(ps->extack, "seal %u: no sender role %u",
				       i, r.sender);
	if (r.object >= n)
		return sipc_policy_err(ps->extack, "seal %u: no object role %u",
				       i, r.object);
	if (r.class != SIPC_CLASS_MSGQ)
		return sipc_policy_err(ps->extack,
				       "seal %u: class %u cannot require sealing, only msgq (%u)",
				       i, r.class, SIPC_CLASS_MSGQ);
	if (r.flags)
		return sipc_policy_err(ps->extack, "seal %u: unknown flags 0x%x",
				       i, r.flags);
	*key = SIPC_SEAL_KEY(r.sender, r.object, r.class);
	return 0;
}

static int sipc_u32_cmp(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* "require seal" statements: checked, sorted, repeats dropped. */
static int sipc_parse_seals(struct sipc_parse *ps)
{
	struct sipc_policy *p = ps->p;
	u32 i, n = 0, count = ps->sec[SIPC_SECTION_SEALS].count;
	int err;

	if (!ps->sec[SIPC_SECTION_SEALS].entry_size || !count)
		return 0;
	p->seals = kvcalloc(count, sizeof(*p->seals), GFP_KERNEL_ACCOUNT);
	if (!p->seals)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		sipc_parse_yield(i);
		err = sipc_parse_seal(ps, i, &p->seals[i]);
		if (err)
			return err;
	}
	sort(p->seals, count, sizeof(*p->seals), sipc_u32_cmp, NULL);
	for (i = 0; i < count; i++) {
		if (!n || p->seals[n - 1] != p->seals[i])
			p->seals[n++] = p->seals[i];
	}
	p->nr_seals = n;
	return 0;
}

/* The key rotation timer: one entry, or none. */
static int sipc_parse_keys(struct sipc_parse *ps)
{
	struct sipc_policy_keys k;
	int err;

	if (!ps->sec[SIPC_SECTION_KEYS].entry_size ||
	    !ps->sec[SIPC_SECTION_KEYS].count)
		return 0;
	err = sipc_parse_entry(ps, SIPC_SECTION_KEYS, 0, &k, sizeof(k));
	if (err)
		return err;
	if (k.flags || k.reserved)
		return sipc_policy_err(ps->extack, "keys: unknown flags 0x%x",
				       k.flags | k.reserved);
	if (k.rotate_ms < SIPC_KEYS_ROTATE_MIN_MS ||
	    k.rotate_ms > SIPC_KEYS_ROTATE_MAX_MS)
		return sipc_policy_err(ps->extack,
				       "keys: rotation every %u ms, not %u to %u",
				       k.rotate_ms, SIPC_KEYS_ROTATE_MIN_MS,
				       SIPC_KEYS_ROTATE_MAX_MS);
	if (k.grace_ms > k.rotate_ms)
		return sipc_policy_err(ps->extack,
				       "keys: grace of %u ms longer than the %u ms period",
				       k.grace_ms, k.rotate_ms);
	ps->p->keys_rotate_ms = k.rotate_ms;
	ps->p->keys_grace_ms = k.grace_ms;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Interfaces and operations (operation.c)                             */
/* ------------------------------------------------------------------ */

/* A name of an interface, permission or operation, as a role's. */
static const char *sipc_parse_name(struct sipc_parse *ps, u32 off,
				   const char *what, u32 i)
{
	const char *name = sipc_parse_string(ps, off);

	if (!name || !sipc_role_name_valid(name))
		return ERR_PTR(sipc_policy_err(ps->extack,
					       "%s %u: name is not 1-%u characters of [A-Za-z0-9_.-]",
					       what, i, SIPC_ROLE_NAME_MAX - 1));
	return sipc_parse_string_copy(ps, off);
}

static int sipc_parse_iface_perms(struct sipc_parse *ps, u32 i,
				  const struct sipc_policy_interface *e,
				  struct sipc_iface *f)
{
	const char *name;
	u32 k, j;

	if (!e->nr_perms || e->nr_perms > SIPC_IFACE_PERMS_MAX)
		return sipc_policy_err(ps->extack,
				       "interface %u (%s): %u permissions, not 1-%u",
				       i, f->name, e->nr_perms,
				       SIPC_IFACE_PERMS_MAX);
	for (k = 0; k < SIPC_IFACE_PERMS_MAX; k++) {
		if (k >= e->nr_perms) {
			if (e->perm_names[k])
				return sipc_policy_err(ps->extack,
						       "interface %u (%s): permission %u past nr_perms",
						       i, f->name, k);
			continue;
		}
		name = sipc_parse_name(ps, e->perm_names[k], "permission", k);
		if (IS_ERR(name))
			return PTR_ERR(name);
		for (j = 0; j < k; j++)
			if (!strcmp(f->perm_names[j], name))
				return sipc_policy_err(ps->extack,
						       "interface %u (%s): permission %s twice",
						       i, f->name, name);
		f->perm_names[k] = name;
		f->perm_hash[k] = sipc_role_name_hash(name);
	}
	f->nr_perms = e->nr_perms;
	return 0;
}

static int sipc_parse_ifaces(struct sipc_parse *ps)
{
	struct sipc_policy *p = ps->p;
	u32 i, j, count = ps->sec[SIPC_SECTION_INTERFACES].count;
	struct sipc_policy_interface e;
	struct sipc_iface *f;
	int err;

	if (!count)
		return 0;
	p->ifaces = kvcalloc(count, sizeof(*p->ifaces), GFP_KERNEL_ACCOUNT);
	if (!p->ifaces)
		return -ENOMEM;
	p->nr_ifaces = count;
	for (i = 0; i < count; i++) {
		f = &p->ifaces[i];
		err = sipc_parse_entry(ps, SIPC_SECTION_INTERFACES, i, &e,
				       sizeof(e));
		if (err)
			return err;
		f->name = sipc_parse_name(ps, e.name, "interface", i);
		if (IS_ERR(f->name))
			return PTR_ERR(f->name);
		for (j = 0; j < i; j++)
			if (!strcmp(p->ifaces[j].name, f->name))
				return sipc_policy_err(ps->extack,
						       "interfaces %u and %u are both named %s",
						       j, i, f->name);
		f->hash = sipc_role_name_hash(f->name);
		err = sipc_parse_iface_perms(ps, i, &e, f);
		if (err)
			return err;
	}
	return 0;
}

static int sipc_parse_op(struct sipc_parse *ps, u32 i,
			 struct sipc_policy_operation *prev)
{
	struct sipc_policy *p = ps->p;
	struct sipc_policy_operation e;
	struct sipc_iface *f;
	const char *name;
	int err;

	err = sipc_parse_entry(ps, SIPC_SECTION_OPERATIONS, i, &e, sizeof(e));
	if (err)
		return err;
	if (e.interface >= p->nr_ifaces)
		return sipc_policy_err(ps->extack, "operation %u: no interface %u",
				       i, e.interface);
	f = &p->ifaces[e.interface];
	if (!e.id || e.id > S64_MAX)
		return sipc_policy_err(ps->extack, "operation %u: id %llu not 1-2^63-1",
				       i, e.id);
	if (e.flags)
		return sipc_policy_err(ps->extack, "operation %u: unknown flags 0x%x",
				       i, e.flags);
	if (e.requires & ~(u32)GENMASK_ULL(f->nr_perms - 1, 0))
		return sipc_policy_err(ps->extack,
				       "operation %u: requires 0x%x, not of interface %s",
				       i, e.requires, f->name);
	if (i && (e.interface < prev->interface ||
		  (e.interface == prev->interface && e.id <= prev->id)))
		return sipc_policy_err(ps->extack,
				       "operation %u: not sorted by interface and id, or repeated",
				       i);
	name = sipc_parse_name(ps, e.name, "operation", i);
	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!f->nr_ops)
		f->first_op = i;
	f->nr_ops++;
	p->ops[i].id = e.id;
	p->ops[i].requires = e.requires;
	p->ops[i].name = name;
	*prev = e;
	return 0;
}

static int sipc_parse_ops(struct sipc_parse *ps)
{
	u32 i, count = ps->sec[SIPC_SECTION_OPERATIONS].count;
	struct sipc_policy_operation prev = { 0 };
	int err;

	if (!count)
		return 0;
	ps->p->ops = kvcalloc(count, sizeof(*ps->p->ops), GFP_KERNEL_ACCOUNT);
	if (!ps->p->ops)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		sipc_parse_yield(i);
		err = sipc_parse_op(ps, i, &prev);
		if (err)
			return err;
	}
	return 0;
}

static int sipc_parse_implements(struct sipc_parse *ps)
{
	struct sipc_policy *p = ps->p;
	u32 i, count = ps->sec[SIPC_SECTION_IMPLEMENTS].count;
	struct sipc_policy_implement e, prev = { 0 };
	int err;

	if (!count)
		return 0;
	p->msgq_iface = kvcalloc(p->nr_roles, sizeof(*p->msgq_iface),
				 GFP_KERNEL_ACCOUNT);
	if (!p->msgq_iface)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		err = sipc_parse_entry(ps, SIPC_SECTION_IMPLEMENTS, i, &e,
				       sizeof(e));
		if (err)
			return err;
		if (e.role < 1 || e.role >= p->nr_roles)
			return sipc_policy_err(ps->extack, "implement %u: no role %u",
					       i, e.role);
		if (e.interface >= p->nr_ifaces)
			return sipc_policy_err(ps->extack,
					       "implement %u: no interface %u",
					       i, e.interface);
		if (e.class != SIPC_CLASS_MSGQ)
			return sipc_policy_err(ps->extack,
					       "implement %u: class %u has no operation ids",
					       i, e.class);
		if (e.flags)
			return sipc_policy_err(ps->extack,
					       "implement %u: unknown flags 0x%x",
					       i, e.flags);
		if (i && (e.role < prev.role ||
			  (e.role == prev.role && e.class <= prev.class)))
			return sipc_policy_err(ps->extack,
					       "implement %u: not sorted by role and class, or repeated",
					       i);
		p->msgq_iface[e.role] = e.interface + 1;
		prev = e;
	}
	return 0;
}

static int sipc_parse_op_rule(struct sipc_parse *ps, u32 i, u32 *prev)
{
	struct sipc_policy *p = ps->p;
	struct sipc_policy_op_rule e;
	u32 key, mask;
	int err;

	err = sipc_parse_entry(ps, SIPC_SECTION_OP_RULES, i, &e, sizeof(e));
	if (err)
		return err;
	if (e.subject >= p->nr_roles || e.object >= p->nr_roles)
		return sipc_policy_err(ps->extack, "interface rule %u: no role %u",
				       i, e.subject >= p->nr_roles ?
				       e.subject : e.object);
	if (e.interface >= p->nr_ifaces)
		return sipc_policy_err(ps->extack,
				       "interface rule %u: no interface %u",
				       i, e.interface);
	mask = (u32)GENMASK_ULL(p->ifaces[e.interface].nr_perms - 1, 0);
	if (!e.perms || e.perms & ~mask)
		return sipc_policy_err(ps->extack,
				       "interface rule %u: perms 0x%x not of interface %s",
				       i, e.perms, p->ifaces[e.interface].name);
	key = SIPC_OP_RULE_KEY(e.subject, e.object, e.interface);
	if (i && key <= *prev)
		return sipc_policy_err(ps->extack,
				       "interface rule %u: not sorted by subject, object and interface, or repeated",
				       i);
	p->op_rules[i].key = key;
	p->op_rules[i].perms = e.perms;
	*prev = key;
	return 0;
}

static int sipc_parse_op_rules(struct sipc_parse *ps)
{
	u32 i, prev = 0, count = ps->sec[SIPC_SECTION_OP_RULES].count;
	int err;

	BUILD_BUG_ON(SIPC_INTERFACES_MAX > 1 << 8);
	if (!count)
		return 0;
	ps->p->op_rules = kvcalloc(count, sizeof(*ps->p->op_rules),
				   GFP_KERNEL_ACCOUNT);
	if (!ps->p->op_rules)
		return -ENOMEM;
	ps->p->nr_op_rules = count;
	for (i = 0; i < count; i++) {
		sipc_parse_yield(i);
		err = sipc_parse_op_rule(ps, i, &prev);
		if (err)
			return err;
	}
	return 0;
}

/* Interfaces first: the other three sections refer to them. */
static int sipc_parse_interfaces(struct sipc_parse *ps)
{
	int err;

	err = sipc_parse_ifaces(ps);
	if (!err)
		err = sipc_parse_ops(ps);
	if (!err)
		err = sipc_parse_implements(ps);
	if (!err)
		err = sipc_parse_op_rules(ps);
	return err;
}

/* The optional AUDIT section: one entry, each field 0 or within bounds. */
static int sipc_parse_audit(struct sipc_parse *ps)
{
	struct sipc_policy_audit *a = &ps->p->audit;
	int err;

	if (!ps->sec[SIPC_SECTION_AUDIT].entry_size)
		return 0;
	if (ps->sec[SIPC_SECTION_AUDIT].count != 1)
		return sipc_policy_err(ps->extack,
				       "AUDIT section: %u entries, not 1",
				       ps->sec[SIPC_SECTION_AUDIT].count);
	err = sipc_parse_entry(ps, SIPC_SECTION_AUDIT, 0, a, sizeof(*a));
	if (err)
		return err;
	if (a->checkpoint_records > SIPC_AUDIT_CHECKPOINT_RECORDS_MAX)
		return sipc_policy_err(ps->extack,
				       "audit: checkpoint every %u records, more than %u",
				       a->checkpoint_records,
				       SIPC_AUDIT_CHECKPOINT_RECORDS_MAX);
	if (a->checkpoint_secs > SIPC_AUDIT_CHECKPOINT_SECS_MAX)
		return sipc_policy_err(ps->extack,
				       "audit: checkpoint every %u seconds, more than %u",
				       a->checkpoint_secs,
				       SIPC_AUDIT_CHECKPOINT_SECS_MAX);
	return 0;
}

/**
 * sipc_policy_free() - free a policy that is not (or no longer) published
 * @policy: the policy, may be NULL
 */
void sipc_policy_free(struct sipc_policy *policy)
{
	if (!policy)
		return;
	kvfree(policy->seals);
	kvfree(policy->op_rules);
	kvfree(policy->msgq_iface);
	kvfree(policy->ops);
	kvfree(policy->ifaces);
	kvfree(policy->rules);
	kvfree(policy->used);
	kvfree(policy->table);
	kvfree(policy->labels);
	kvfree(policy->matches);
	kvfree(policy->by_hash);
	kvfree(policy->roles);
	kvfree(policy->strings);
	kfree(policy);
}

/**
 * sipc_policy_parse() - validate and compile a policy
 * @blob: the compiled policy, as userspace sent it; trusted in no way
 * @size: its size in bytes
 * @extack: where to say what is wrong, and where; may be NULL
 *
 * Nothing is published: hand the result to sipc_policy_publish(), or free
 * it with sipc_policy_free().  Process context; may sleep.
 *
 * Return: the policy, ERR_PTR(-EINVAL) when @blob is not a valid policy
 * (@extack says why), or ERR_PTR(-ENOMEM).
 */
struct sipc_policy *sipc_policy_parse(const void *blob, size_t size,
				      struct netlink_ext_ack *extack)
{
	struct sipc_parse ps = {
		.blob = blob,
		.size = size,
		.extack = extack,
	};
	struct sipc_policy_header hdr;
	int err;

	BUILD_BUG_ON(SIPC_ROLES_MAX >= 1 << 12);
	BUILD_BUG_ON(SIPC_CLASS_MAX >= 1 << 4);
	BUILD_BUG_ON(__SIPC_PERM_ALL & SIPC_RULE_SEEN);
	BUILD_BUG_ON(SIPC_RULES_MAX > (U32_MAX >> 2));

	get_random_once(&sipc_role_key, sizeof(sipc_role_key));
	err = sipc_parse_header(&ps, &hdr);
	if (err)
		return ERR_PTR(err);
	err = sipc_parse_sections(&ps, &hdr);
	if (err)
		return ERR_PTR(err);
	ps.p = kzalloc(sizeof(*ps.p), GFP_KERNEL_ACCOUNT);
	if (!ps.p)
		return ERR_PTR(-ENOMEM);
	ps.p->mode = hdr.mode;
	err = sipc_parse_strings(&ps);
	if (!err)
		err = sipc_parse_roles(&ps);
	if (!err)
		err = sipc_parse_matches(&ps);
	if (!err)
		err = sipc_parse_labels(&ps);
	if (!err)
		err = sipc_parse_rules(&ps);
	if (!err)
		err = sipc_parse_seals(&ps);
	if (!err)
		err = sipc_parse_keys(&ps);
	if (!err)
		err = sipc_parse_interfaces(&ps);
	if (!err)
		err = sipc_parse_audit(&ps);
	if (err) {
		sipc_policy_free(ps.p);
		return ERR_PTR(err);
	}
	return ps.p;
}
