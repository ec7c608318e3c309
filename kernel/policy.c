// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - the compiled policy.
 *
 * A policy arrives from userspace as one binary blob (the "Policy" comment
 * and struct sipc_policy_* in include/uapi/linux/sipc.h).  It is validated
 * completely, compiled into the structures below, and only then published:
 * a policy that fails validation changes nothing.  Once published a policy
 * is immutable except for its modes, and is replaced as a whole under RCU.
 *
 * Readers (the hooks, with preemption disabled; netlink dumps, under
 * rcu_read_lock()) take sipc_policy_current() and use the accessors inside
 * the same read-side critical section.  Nothing on the read side sleeps,
 * allocates or takes a lock.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bsearch.h>
#include <linux/cred.h>
#include <linux/ctype.h>
#include <linux/hash.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/once.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uidgid.h>

#include "access.h"
#include "cache.h"
#include "policy.h"

/**
 * struct sipc_role - one compiled role
 * @name: NUL-terminated copy of the role's name
 * @hash: siphash of @name under sipc_role_key; stable across policies,
 *	so that labels can name a role independently of its index
 * @mode: enum sipc_mode; the only field that changes after publication:
 *	written with WRITE_ONCE() under sipc_policy_mutex, read with
 *	READ_ONCE() by anyone
 */
struct sipc_role {
	char name[SIPC_ROLE_NAME_MAX];
	u64 hash;
	u32 mode;
};

/**
 * struct sipc_role_hash - an entry of the role-by-hash index
 * @hash: sipc_role.hash
 * @role: the role's index
 */
struct sipc_role_hash {
	u64 hash;
	u32 role;
};

/**
 * struct sipc_match - a compiled match rule
 * @exe: glob on the executable's path (points into sipc_policy.strings),
 *	or NULL when not tested
 * @cgroup: glob on the cgroup path, or NULL when not tested
 * @role: the role the process gets
 * @flags: SIPC_MATCH_*
 * @uid: euid in the initial user namespace, when SIPC_MATCH_UID
 * @gid: egid in the initial user namespace, when SIPC_MATCH_GID
 */
struct sipc_match {
	const char *exe;
	const char *cgroup;
	u32 role;
	u32 flags;
	u32 uid;
	u32 gid;
};

/**
 * struct sipc_label - a compiled label
 * @name: glob (points into sipc_policy.strings), NULL for key kinds
 * @role: role of the objects it names
 * @key: the SysV key, for key kinds
 */
struct sipc_label {
	const char *name;
	u32 role;
	s32 key;
};

/**
 * struct sipc_rule_slot - one slot of the rule hash table
 * @key: SIPC_RULE_KEY(subject, object, class); 0 for an empty slot (a
 *	valid rule's class is never 0, so no key is 0)
 * @perms: allowed permissions, every rule of the key OR'ed together
 */
struct sipc_rule_slot {
	u32 key;
	u32 perms;
};

/* Role indices fit 12 bits (SIPC_ROLES_MAX), classes 4. */
#define SIPC_RULE_KEY(s, o, c)	((u32)(s) << 16 | (u32)(o) << 4 | (u32)(c))
/* Marks a slot whose rule is in the dense array already (while parsing). */
#define SIPC_RULE_SEEN		BIT(31)

/**
 * struct sipc_policy - a compiled policy
 * @head: what is read inline (policy.h): the generation, set by
 *	sipc_policy_publish() before publication; 0 while unpublished
 * @mode: the global mode (ENFORCE..LEARN); like sipc_role.mode, written
 *	under sipc_policy_mutex with WRITE_ONCE(), read with READ_ONCE()
 * @nr_roles: roles, unconfined (index 0) included
 * @roles: @nr_roles roles, by index
 * @by_hash: @nr_roles entries sorted by hash, for sipc_policy_role_by_hash()
 * @nr_matches: match rules
 * @matches: the match rules, in section order
 * @label_start: labels of kind k are @labels[label_start[k]] up to
 *	@labels[label_start[k + 1]], in section order
 * @labels: every label, grouped by kind
 * @strings: copy of the STRINGS section, which the globs point into
 * @table_mask: number of slots of @table minus one (a power of two)
 * @table: open-addressing hash table of rules, linear probing, at most
 *	half full so that every probe sequence ends at an empty slot
 * @nr_rules: distinct (subject, object, class) rules
 * @rules: the @nr_rules distinct rules, in order of first appearance
 *
 * Everything but the modes is written only by sipc_policy_parse(), before
 * the policy is published, and freed only after a grace period.
 */
struct sipc_policy {
	struct sipc_policy_head head;
	u32 mode;
	unsigned int nr_roles;
	struct sipc_role *roles;
	struct sipc_role_hash *by_hash;
	unsigned int nr_matches;
	struct sipc_match *matches;
	unsigned int label_start[__SIPC_LABEL_LAST + 1];
	struct sipc_label *labels;
	char *strings;
	u32 table_mask;
	struct sipc_rule_slot *table;
	unsigned int nr_rules;
	struct sipc_rule_info *rules;
};

/*
 * sipc_policy_mutex serialises publication and mode changes, and guards
 * sipc_policy_last_gen.  sipc_policy_rcu is the policy in force, NULL when
 * none was loaded; it is replaced under the mutex, and the old policy is
 * freed after synchronize_rcu().
 */
static DEFINE_MUTEX(sipc_policy_mutex);
struct sipc_policy __rcu *sipc_policy_rcu;
static u32 sipc_policy_last_gen;

/* Key of the role name hashes, drawn once, on the first parse. */
static siphash_key_t sipc_role_key;

static const u32 sipc_class_perms[__SIPC_CLASS_LAST] = {
	[SIPC_CLASS_PIPE] = SIPC_PERMS_PIPE,
	[SIPC_CLASS_FIFO] = SIPC_PERMS_FIFO,
	[SIPC_CLASS_UNIX_STREAM] = SIPC_PERMS_UNIX_STREAM,
	[SIPC_CLASS_UNIX_DGRAM] = SIPC_PERMS_UNIX_DGRAM,
	[SIPC_CLASS_UNIX_SEQPACKET] = SIPC_PERMS_UNIX_SEQPACKET,
	[SIPC_CLASS_MSGQ] = SIPC_PERMS_MSGQ,
	[SIPC_CLASS_SHM] = SIPC_PERMS_SHM,
	[SIPC_CLASS_SEM] = SIPC_PERMS_SEM,
	[SIPC_CLASS_MQUEUE] = SIPC_PERMS_MQUEUE,
	[SIPC_CLASS_SIGNAL] = SIPC_PERMS_SIGNAL,
};

static const char *const sipc_section_names[__SIPC_SECTION_LAST] = {
	[SIPC_SECTION_STRINGS] = "STRINGS",
	[SIPC_SECTION_ROLES] = "ROLES",
	[SIPC_SECTION_MATCHES] = "MATCHES",
	[SIPC_SECTION_LABELS] = "LABELS",
	[SIPC_SECTION_RULES] = "RULES",
};

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
static __printf(2, 3) int sipc_policy_err(struct netlink_ext_ack *extack,
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
/* Globs                                                               */
/* ------------------------------------------------------------------ */

/**
 * sipc_glob_check() - tell whether a glob is well formed
 * @pat: the glob, NUL-terminated
 *
 * The only malformed glob is one ending in an unpaired '\', which would
 * quote the terminating NUL.
 *
 * Return: true when @pat is well formed.
 */
static bool sipc_glob_check(const char *pat)
{
	for (; *pat; pat++) {
		if (*pat == '\\' && !*++pat)
			return false;
	}
	return true;
}

/**
 * sipc_glob_match() - match a string against a glob
 * @pat: the glob
 * @str: the string
 *
 * '*' matches any run of characters other than '/', '**' (or more stars)
 * any run at all, '?' one character other than '/', and '\' makes the
 * next character literal.
 *
 * Iterative, with two backtracking points and no recursion.  Since neither
 * '*' nor '?' crosses a '/', within the part of @pat after the last '**'
 * every '/' of @str is matched by a literal '/', so each path component is
 * an ordinary wildcard match where extending the last '*' is enough.  And
 * the earliest match of the part between two '**' is always the best one,
 * because the second '**' can absorb whatever the first left over; so a
 * '**' is resumed only when the component level fails, and then past
 * the component that failed.  Running out of text ends the match (as in
 * git's wildmatch).  The work is O(strlen(pat) * strlen(str)).
 *
 * Return: true when @str matches all of @pat.
 */
static bool sipc_glob_match(const char *pat, const char *str)
{
	const char *star_p = NULL, *star_s = NULL;
	const char *dstar_p = NULL, *dstar_s = NULL;
	const char *p = pat, *s = str;
	char c;

	for (;;) {
		if (*p == '*') {
			if (p[1] == '*') {
				while (*p == '*')
					p++;
				dstar_p = p;
				dstar_s = s;
				star_p = NULL;
			} else {
				star_p = ++p;
				star_s = s;
			}
			continue;
		}
		if (!*p && (!*s || dstar_p == p))
			return true;
		c = *p;
		if (c == '\\') {
			c = p[1];
			if (c && c == *s) {
				p += 2;
				s++;
				continue;
			}
		} else if (c && *s && (c == *s || (c == '?' && *s != '/'))) {
			p++;
			s++;
			continue;
		}
		/*
		 * Mismatch.  When the text ran out before the pattern (the
		 * last '*' took all of it, or there is no '*' since the
		 * last '**'), starting the part after the last '**' later
		 * leaves even less text: nothing can match.
		 */
		if (star_p ? !*star_s : !*s)
			return false;
		/* Let the last '*' take one more character... */
		if (star_p && *star_s != '/') {
			p = star_p;
			s = ++star_s;
			continue;
		}
		/*
		 * ...or else restart after the last '**'.  When that '*' was
		 * stopped by a '/', the components after the first '/' past
		 * the restart point are where they were and one of them
		 * failed, or the first one failed with its '*' stretched as
		 * far as it can: restarting before that '/' cannot help.
		 */
		if (dstar_p) {
			if (star_p)
				while (*dstar_s != '/')
					dstar_s++;
			p = dstar_p;
			s = ++dstar_s;
			star_p = NULL;
			continue;
		}
		return false;
	}
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

static const size_t sipc_entry_sizes[__SIPC_SECTION_LAST] = {
	[SIPC_SECTION_STRINGS] = 1,
	[SIPC_SECTION_ROLES] = sizeof(struct sipc_policy_role),
	[SIPC_SECTION_MATCHES] = sizeof(struct sipc_policy_match),
	[SIPC_SECTION_LABELS] = sizeof(struct sipc_policy_label),
	[SIPC_SECTION_RULES] = sizeof(struct sipc_policy_rule),
};

static const u32 sipc_section_max[__SIPC_SECTION_LAST] = {
	[SIPC_SECTION_STRINGS] = SIPC_POLICY_SIZE_MAX,
	[SIPC_SECTION_ROLES] = SIPC_ROLES_MAX,
	[SIPC_SECTION_MATCHES] = SIPC_MATCHES_MAX,
	[SIPC_SECTION_LABELS] = SIPC_LABELS_MAX,
	[SIPC_SECTION_RULES] = SIPC_RULES_MAX,
};

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

/* A role name: 1..SIPC_ROLE_NAME_MAX - 1 characters of [A-Za-z0-9_.-]. */
static bool sipc_role_name_valid(const char *name)
{
	size_t len = strnlen(name, SIPC_ROLE_NAME_MAX);
	size_t i;

	if (!len || len == SIPC_ROLE_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
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
	strscpy(role->name, name, sizeof(role->name));
	role->hash = sipc_role_name_hash(role->name);
	role->mode = r.mode;
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
		err = sipc_parse_match(ps, i);
		if (err)
			return err;
	}
	return 0;
}

static bool sipc_label_kind_has_key(u32 kind)
{
	return kind == SIPC_LABEL_MSGQ || kind == SIPC_LABEL_SHM ||
	       kind == SIPC_LABEL_SEM;
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
	struct sipc_label *cl;
	int err;

	for (i = 0; i < count; i++) {
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

/* Find the slot of @key: the one holding it, or the empty one ending its probe. */
static struct sipc_rule_slot *sipc_rule_slot(const struct sipc_policy *p,
					     u32 key)
{
	u32 i = hash_32(key, 32) & p->table_mask;

	while (p->table[i].key && p->table[i].key != key)
		i = (i + 1) & p->table_mask;
	return &p->table[i];
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
	if (r->flags)
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
 * First pass: check every rule and OR it into the hash table.  Second
 * pass: list each distinct key once, at its first appearance, with the
 * OR of all its rules, marking slots as listed with SIPC_RULE_SEEN (the
 * mark is cleared when done).
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
	p->rules = kvcalloc(max_t(u32, count, 1), sizeof(*p->rules),
			    GFP_KERNEL_ACCOUNT);
	if (!p->table || !p->rules)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		err = sipc_parse_rule(ps, i, &r);
		if (err)
			return err;
		key = SIPC_RULE_KEY(r.subject, r.object, r.class);
		slot = sipc_rule_slot(p, key);
		slot->key = key;
		slot->perms |= r.perms;
	}
	for (i = 0; i < count; i++) {
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
		slot->perms |= SIPC_RULE_SEEN;
	}
	for (i = 0; i <= p->table_mask; i++)
		p->table[i].perms &= ~SIPC_RULE_SEEN;
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
	kvfree(policy->rules);
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
	if (err) {
		sipc_policy_free(ps.p);
		return ERR_PTR(err);
	}
	return ps.p;
}

/* ------------------------------------------------------------------ */
/* Publication                                                         */
/* ------------------------------------------------------------------ */

/**
 * sipc_policy_publish() - put a policy in force
 * @policy: from sipc_policy_parse(); the policy module owns it from now on
 *
 * Every decision that starts after this returns uses @policy.  Waits for
 * a grace period and frees the policy it replaced.  Process context.
 *
 * Return: the new generation: the previous one plus one, never 0.
 */
u32 sipc_policy_publish(struct sipc_policy *policy)
{
	struct sipc_policy *old;
	u32 gen;

	mutex_lock(&sipc_policy_mutex);
	gen = sipc_policy_last_gen + 1;
	if (!gen)
		gen = 1;
	sipc_policy_last_gen = gen;
	BUILD_BUG_ON(offsetof(struct sipc_policy, head));
	policy->head.gen = gen;
	old = rcu_replace_pointer(sipc_policy_rcu, policy,
				  lockdep_is_held(&sipc_policy_mutex));
	synchronize_rcu();
	/* No reader holds an older policy now: the cache may forget them. */
	sipc_cache_published(gen);
	mutex_unlock(&sipc_policy_mutex);
	sipc_policy_free(old);
	return gen;
}

/**
 * sipc_policy_exit() - withdraw and free the policy at module unload
 *
 * Called once the hooks are detached and netlink is gone.
 */
void sipc_policy_exit(void)
{
	struct sipc_policy *old;

	mutex_lock(&sipc_policy_mutex);
	old = rcu_replace_pointer(sipc_policy_rcu, NULL,
				  lockdep_is_held(&sipc_policy_mutex));
	mutex_unlock(&sipc_policy_mutex);
	synchronize_rcu();
	sipc_policy_free(old);
}

/**
 * sipc_policy_set_mode() - set the global mode or a role's mode
 * @role: the role's name, or NULL for the global mode
 * @mode: ENFORCE..LEARN; for a role also SIPC_MODE_GLOBAL (follow the
 *	global mode)
 * @extack: where to say what is wrong
 *
 * The change applies to the policy in force and lasts until the next
 * policy is published.  Process context.
 *
 * Return: 0; -EINVAL for a bad mode or the unconfined role; -ENOENT when
 * no policy is loaded or it has no such role.
 */
int sipc_policy_set_mode(const char *role, enum sipc_mode mode,
			 struct netlink_ext_ack *extack)
{
	struct sipc_policy *p;
	int idx, err = 0;

	if ((u32)mode > SIPC_MODE_MAX || (!role && mode == SIPC_MODE_GLOBAL))
		return sipc_policy_err(extack, "invalid %s mode %u",
				       role ? "role" : "global", mode);
	mutex_lock(&sipc_policy_mutex);
	p = rcu_dereference_protected(sipc_policy_rcu,
				      lockdep_is_held(&sipc_policy_mutex));
	if (!p) {
		sipc_policy_err(extack, "no policy is loaded");
		err = -ENOENT;
		goto out;
	}
	if (!role) {
		WRITE_ONCE(p->mode, mode);
		goto out;
	}
	idx = sipc_policy_role_by_name(p, role);
	if (idx < 0) {
		sipc_policy_err(extack, "no role %.40s", role);
		err = -ENOENT;
		goto out;
	}
	if (idx == SIPC_ROLE_UNCONFINED) {
		err = sipc_policy_err(extack,
				      "the unconfined role has no mode of its own");
		goto out;
	}
	WRITE_ONCE(p->roles[idx].mode, mode);
out:
	mutex_unlock(&sipc_policy_mutex);
	return err;
}

/* ------------------------------------------------------------------ */
/* Accessors: any context, no locks, no allocation                     */
/* ------------------------------------------------------------------ */

/**
 * sipc_policy_nr_roles() - number of roles
 * @policy: the policy, may be NULL
 *
 * Return: the number of roles, unconfined included; 0 for NULL.
 */
unsigned int sipc_policy_nr_roles(const struct sipc_policy *policy)
{
	return policy ? policy->nr_roles : 0;
}

/**
 * sipc_policy_nr_rules() - number of distinct (subject, object, class) rules
 * @policy: the policy, may be NULL
 *
 * Return: the number of rules sipc_policy_rule_at() lists; 0 for NULL.
 */
unsigned int sipc_policy_nr_rules(const struct sipc_policy *policy)
{
	return policy ? policy->nr_rules : 0;
}

/**
 * sipc_policy_role_name() - the name of a role
 * @policy: the policy
 * @role: the role's index
 *
 * Return: its name, valid as long as @policy is; NULL when out of range.
 */
const char *sipc_policy_role_name(const struct sipc_policy *policy,
				  unsigned int role)
{
	return role < policy->nr_roles ? policy->roles[role].name : NULL;
}

/**
 * sipc_policy_role_hash() - the hash of a role's name
 * @policy: the policy
 * @role: the role's index
 *
 * The hash of a name is the same in every policy loaded while the module
 * stays loaded, so it identifies a role across policy changes.
 *
 * Return: the hash, 0 when @role is out of range.
 */
u64 sipc_policy_role_hash(const struct sipc_policy *policy, unsigned int role)
{
	return role < policy->nr_roles ? policy->roles[role].hash : 0;
}

static int sipc_role_hash_key_cmp(const void *key, const void *elt)
{
	u64 hash = *(const u64 *)key;
	const struct sipc_role_hash *e = elt;

	if (hash != e->hash)
		return hash < e->hash ? -1 : 1;
	return 0;
}

/**
 * sipc_policy_role_by_hash() - find a role by the hash of its name
 * @policy: the policy
 * @hash: from sipc_policy_role_hash(), maybe of an earlier policy
 *
 * Return: the role's index, or -ENOENT.
 */
int sipc_policy_role_by_hash(const struct sipc_policy *policy, u64 hash)
{
	const struct sipc_role_hash *e;

	e = bsearch(&hash, policy->by_hash, policy->nr_roles,
		    sizeof(*policy->by_hash), sipc_role_hash_key_cmp);
	return e ? e->role : -ENOENT;
}

/**
 * sipc_policy_role_by_name() - find a role by name
 * @policy: the policy
 * @name: the role's name
 *
 * Return: the role's index, or -ENOENT.
 */
int sipc_policy_role_by_name(const struct sipc_policy *policy,
			     const char *name)
{
	size_t len = strnlen(name, SIPC_ROLE_NAME_MAX);
	int role;

	if (len == SIPC_ROLE_NAME_MAX)
		return -ENOENT;
	role = sipc_policy_role_by_hash(policy,
					siphash(name, len, &sipc_role_key));
	if (role < 0 || strcmp(policy->roles[role].name, name))
		return -ENOENT;
	return role;
}

static bool sipc_match_holds(const struct sipc_match *m,
			     const struct sipc_facts *facts)
{
	if ((m->flags & SIPC_MATCH_UID) &&
	    from_kuid(&init_user_ns, facts->uid) != m->uid)
		return false;
	if ((m->flags & SIPC_MATCH_GID) &&
	    from_kgid(&init_user_ns, facts->gid) != m->gid)
		return false;
	if ((m->flags & SIPC_MATCH_EXE) &&
	    (!facts->exe || !sipc_glob_match(m->exe, facts->exe)))
		return false;
	if ((m->flags & SIPC_MATCH_CGROUP) &&
	    (!facts->cgroup || !sipc_glob_match(m->cgroup, facts->cgroup)))
		return false;
	return true;
}

/**
 * sipc_policy_match() - the role of a process, from what it is known by
 * @policy: the policy
 * @facts: its executable, cgroup, euid and egid; an unknown (NULL) string
 *	makes every test of it fail
 *
 * Return: the role of the first match rule all of whose tests hold, or
 * SIPC_ROLE_UNCONFINED.
 */
unsigned int sipc_policy_match(const struct sipc_policy *policy,
			       const struct sipc_facts *facts)
{
	unsigned int i;

	for (i = 0; i < policy->nr_matches; i++) {
		if (sipc_match_holds(&policy->matches[i], facts))
			return policy->matches[i].role;
	}
	return SIPC_ROLE_UNCONFINED;
}

/**
 * sipc_policy_has_labels() - tell whether any label is of a kind
 * @policy: the policy
 * @kind: enum sipc_label_kind
 *
 * Lets a caller skip working out an object's name when no label could
 * name it.
 *
 * Return: true when @policy has a label of @kind.
 */
bool sipc_policy_has_labels(const struct sipc_policy *policy,
			    enum sipc_label_kind kind)
{
	if ((u32)kind > SIPC_LABEL_MAX)
		return false;
	return policy->label_start[kind + 1] > policy->label_start[kind];
}

/**
 * sipc_policy_label_name() - the role a label gives a named object
 * @policy: the policy
 * @kind: a kind whose labels have names (UNIX, FIFO, MQUEUE)
 * @name: the object's name: a path, "@" + an abstract socket name, or
 *	"/" + a queue name
 *
 * Return: the role of the first label of @kind whose glob matches @name,
 * or -ENOENT.
 */
int sipc_policy_label_name(const struct sipc_policy *policy,
			   enum sipc_label_kind kind, const char *name)
{
	unsigned int i;

	if ((u32)kind > SIPC_LABEL_MAX || sipc_label_kind_has_key(kind))
		return -ENOENT;
	for (i = policy->label_start[kind]; i < policy->label_start[kind + 1];
	     i++) {
		if (sipc_glob_match(policy->labels[i].name, name))
			return policy->labels[i].role;
	}
	return -ENOENT;
}

/**
 * sipc_policy_label_key() - the role a label gives a SysV object
 * @policy: the policy
 * @kind: MSGQ, SHM or SEM
 * @key: the object's key
 *
 * Return: the role of the first label of @kind with @key, or -ENOENT.
 */
int sipc_policy_label_key(const struct sipc_policy *policy,
			  enum sipc_label_kind kind, s32 key)
{
	unsigned int i;

	if (!sipc_label_kind_has_key(kind))
		return -ENOENT;
	for (i = policy->label_start[kind]; i < policy->label_start[kind + 1];
	     i++) {
		if (policy->labels[i].key == key)
			return policy->labels[i].role;
	}
	return -ENOENT;
}

/**
 * sipc_policy_lookup() - what the allow rules grant
 * @policy: the policy, may be NULL
 * @subject: the subject's role
 * @object: the object's role
 * @class: enum sipc_class
 *
 * Constant time on average: one hash and a short probe.  Never sleeps,
 * takes no lock: safe with preemption disabled, in any context.  It does
 * not apply the "unconfined on unconfined" rule; the caller does.
 *
 * Return: the SIPC_PERM_* bits granted, 0 when none or out of range.
 */
u32 sipc_policy_lookup(const struct sipc_policy *policy, unsigned int subject,
		       unsigned int object, unsigned int class)
{
	if (!policy || subject >= policy->nr_roles ||
	    object >= policy->nr_roles || class > SIPC_CLASS_MAX || !class)
		return 0;
	return sipc_rule_slot(policy, SIPC_RULE_KEY(subject, object,
						    class))->perms;
}

/**
 * sipc_policy_rule_at() - one distinct rule, for dumps
 * @policy: the policy
 * @index: 0..sipc_policy_nr_rules() - 1; the order is fixed for a policy
 * @rule: where to put it
 *
 * Return: true, or false when @index is past the end.
 */
bool sipc_policy_rule_at(const struct sipc_policy *policy, unsigned int index,
			 struct sipc_rule_info *rule)
{
	if (index >= policy->nr_rules)
		return false;
	*rule = policy->rules[index];
	return true;
}

/**
 * sipc_policy_role_mode() - a role's own mode
 * @policy: the policy
 * @role: the role's index
 *
 * Return: the role's mode, SIPC_MODE_GLOBAL when it follows the global
 * one (always for unconfined or a role out of range).
 */
enum sipc_mode sipc_policy_role_mode(const struct sipc_policy *policy,
				     unsigned int role)
{
	if (role >= policy->nr_roles)
		return SIPC_MODE_GLOBAL;
	return READ_ONCE(policy->roles[role].mode);
}

/**
 * sipc_policy_mode() - the mode that applies to a role
 * @policy: the policy, may be NULL
 * @role: the role's index
 *
 * Return: the role's own mode unless it follows the global mode, then
 * the global mode; SIPC_MODE_ENFORCE when there is no policy.
 */
enum sipc_mode sipc_policy_mode(const struct sipc_policy *policy,
				unsigned int role)
{
	enum sipc_mode mode;

	if (!policy)
		return SIPC_MODE_ENFORCE;
	mode = sipc_policy_role_mode(policy, role);
	return mode == SIPC_MODE_GLOBAL ? READ_ONCE(policy->mode) : mode;
}

#ifdef DEBUG
#include "policy_selftest.c"
#endif
