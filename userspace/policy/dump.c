// SPDX-License-Identifier: GPL-2.0
/*
 * sipc_policy_dump(): check a compiled policy against <linux/sipc.h>
 * and print it back as policy text, in one canonical form: the global
 * mode, each role (its mode and matches in its block), the labels, then
 * one allow rule per (subject, object, class), in section order.  The
 * text compiles again to the same policy.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/sipc.h>

#include "sipc-policy.h"

/*
 * What sipc_policy_dump() checks is what the kernel's parser checks
 * (kernel/policy.c, sipc_policy_parse()): a blob is printed only when the
 * module would load it.  Entries are copied out of the blob, which need
 * not be aligned in memory.  selftests/fuzz_blob_test.c and the host
 * test userspace/policy/tests/fuzz-blob.c hold both to one verdict.
 */
struct view {
	const unsigned char *blob;
	size_t size;
	/* The section table by type; entry_size 0 for an absent type. */
	struct sipc_policy_section sec[__SIPC_SECTION_LAST];
	const char *strings;
	uint32_t strings_len, nr_roles;
	FILE *out;
};

static int bad(struct view *v, const char *what)
{
	fprintf(v->out, "error: malformed policy: %s\n", what);
	return -1;
}

/* Entry @i of section @type, copied into @entry (@len bytes). */
static void entry(const struct view *v, unsigned int type, uint32_t i,
		  void *e, size_t len)
{
	const struct sipc_policy_section *s = &v->sec[type];

	memcpy(e, v->blob + s->offset + (size_t)i * s->entry_size, len);
}

static bool present(const struct view *v, unsigned int type)
{
	return v->sec[type].entry_size != 0;
}

static uint32_t count(const struct view *v, unsigned int type)
{
	return present(v, type) ? v->sec[type].count : 0;
}

/* Two sections with bytes must not share one. */
static bool overlap(const struct sipc_policy_section *a,
		    const struct sipc_policy_section *b)
{
	uint64_t a_end = a->offset + (uint64_t)a->count * a->entry_size;
	uint64_t b_end = b->offset + (uint64_t)b->count * b->entry_size;

	return a_end > a->offset && b_end > b->offset &&
	       a_end > b->offset && b_end > a->offset;
}

/* Each section's least entry size and most entries, from the uapi header. */
#define SIPC_SECTION(type, name, size, max)	[type] = size,
static const size_t entry_sizes[__SIPC_SECTION_LAST] = SIPC_SECTION_LIST;
#undef SIPC_SECTION
#define SIPC_SECTION(type, name, size, max)	[type] = max,
static const uint32_t section_max[__SIPC_SECTION_LAST] = SIPC_SECTION_LIST;
#undef SIPC_SECTION

static int check_sections(struct view *v, uint32_t nr_sections)
{
	struct sipc_policy_section s;
	size_t table_end, i, j, k;

	if (nr_sections < 1 || nr_sections > SIPC_SECTION_MAX)
		return bad(v, "no sections, or more than one of a type");
	table_end = sizeof(struct sipc_policy_header) + nr_sections * sizeof(s);
	if (table_end > v->size)
		return bad(v, "section table beyond the end");
	for (i = 0; i < nr_sections; i++) {
		memcpy(&s, v->blob + sizeof(struct sipc_policy_header) +
		       i * sizeof(s), sizeof(s));
		if (!s.type || s.type > SIPC_SECTION_MAX)
			return bad(v, "unknown section type");
		if (present(v, s.type))
			return bad(v, "section type given twice");
		if (s.offset % 8 || s.offset < table_end)
			return bad(v, "section offset misaligned or inside the table");
		if (s.entry_size < entry_sizes[s.type] ||
		    (s.type == SIPC_SECTION_STRINGS && s.entry_size != 1))
			return bad(v, "section entry size too small");
		if (s.count > section_max[s.type])
			return bad(v, "too many entries in a section");
		if ((uint64_t)s.offset + (uint64_t)s.count * s.entry_size >
		    v->size)
			return bad(v, "section beyond the end");
		for (j = 0; s.entry_size > entry_sizes[s.type] && j < s.count;
		     j++) {
			const unsigned char *e = v->blob + s.offset +
						 j * s.entry_size;

			for (k = entry_sizes[s.type]; k < s.entry_size; k++)
				if (e[k])
					return bad(v, "non-zero bytes past an entry");
		}
		v->sec[s.type] = s;
	}
	if (!present(v, SIPC_SECTION_STRINGS) ||
	    !present(v, SIPC_SECTION_ROLES) || !present(v, SIPC_SECTION_RULES))
		return bad(v, "STRINGS, ROLES or RULES missing");
	for (i = 1; i <= SIPC_SECTION_MAX; i++)
		for (j = i + 1; j <= SIPC_SECTION_MAX; j++)
			if (present(v, i) && present(v, j) &&
			    overlap(&v->sec[i], &v->sec[j]))
				return bad(v, "sections overlap");
	/* Offset 0 is a string like any other: it need not be empty. */
	v->strings = (const char *)v->blob + v->sec[SIPC_SECTION_STRINGS].offset;
	v->strings_len = v->sec[SIPC_SECTION_STRINGS].count;
	if (!v->strings_len || v->strings[v->strings_len - 1])
		return bad(v, "strings do not end with a NUL");
	v->nr_roles = v->sec[SIPC_SECTION_ROLES].count;
	return 0;
}

static const char *str(const struct view *v, uint32_t off)
{
	return off < v->strings_len ? v->strings + off : NULL;
}

/*
 * A glob at string offset @off: it starts with one of @lead, is shorter
 * than SIPC_PATTERN_MAX, and does not end in an unpaired '\'.
 */
static bool glob_ok(const struct view *v, uint32_t off, const char *lead)
{
	const char *g = str(v, off), *p;

	if (!g || !*g || !strchr(lead, *g) ||
	    strnlen(g, SIPC_PATTERN_MAX) == SIPC_PATTERN_MAX)
		return false;
	for (p = g; *p; p++)
		if (*p == '\\' && !*++p)
			return false;
	return true;
}

static const char *role_name(const struct view *v, uint32_t role)
{
	struct sipc_policy_role r;

	if (!role)
		return SIPC_ROLE_UNCONFINED_NAME;
	entry(v, SIPC_SECTION_ROLES, role - 1, &r, sizeof(r));
	return str(v, r.name);
}

void sipc_policy_print_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static int check_roles(struct view *v)
{
	struct sipc_policy_role r;
	const char *name, *p;
	uint32_t i, j;

	for (i = 0; i < v->nr_roles; i++) {
		entry(v, SIPC_SECTION_ROLES, i, &r, sizeof(r));
		name = str(v, r.name);
		if (!name || !*name || strlen(name) >= SIPC_ROLE_NAME_MAX ||
		    !strcmp(name, SIPC_ROLE_UNCONFINED_NAME))
			return bad(v, "bad role name");
		for (p = name; *p; p++)
			if (!strchr("abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-",
				    *p))
				return bad(v, "bad character in a role name");
		if (r.mode > SIPC_MODE_MAX)
			return bad(v, "bad role mode");
		if (r.flags & ~__SIPC_ROLE_ALL)
			return bad(v, "bad role flags");
		for (j = 0; j < i; j++)
			if (!strcmp(role_name(v, j + 1), name))
				return bad(v, "role name given twice");
	}
	return 0;
}

static int check_matches(struct view *v)
{
	struct sipc_policy_match m;
	uint32_t i;

	for (i = 0; i < count(v, SIPC_SECTION_MATCHES); i++) {
		entry(v, SIPC_SECTION_MATCHES, i, &m, sizeof(m));
		if (!m.role || m.role > v->nr_roles || !m.flags ||
		    (m.flags & ~__SIPC_MATCH_ALL) ||
		    !(m.flags & SIPC_MATCH_EXE) != !m.exe ||
		    !(m.flags & SIPC_MATCH_CGROUP) != !m.cgroup)
			return bad(v, "bad match");
		if ((m.exe && !glob_ok(v, m.exe, "/")) ||
		    (m.cgroup && !glob_ok(v, m.cgroup, "/")))
			return bad(v, "bad glob in a match");
		/* (uid_t)-1 is no one's id: such a match could never hold. */
		if (((m.flags & SIPC_MATCH_UID) && m.uid == (uint32_t)-1) ||
		    ((m.flags & SIPC_MATCH_GID) && m.gid == (uint32_t)-1))
			return bad(v, "match on uid or gid -1");
	}
	return 0;
}

static void dump_match(struct view *v, const struct sipc_policy_match *m)
{
	if (m->flags & SIPC_MATCH_EXE) {
		fprintf(v->out, " exe ");
		sipc_policy_print_string(v->out, str(v, m->exe));
	}
	if (m->flags & SIPC_MATCH_UID)
		fprintf(v->out, " uid %u", m->uid);
	if (m->flags & SIPC_MATCH_GID)
		fprintf(v->out, " gid %u", m->gid);
	if (m->flags & SIPC_MATCH_CGROUP) {
		fprintf(v->out, " cgroup ");
		sipc_policy_print_string(v->out, str(v, m->cgroup));
	}
}

/*
 * Roles with their modes and matches.  The compiler writes matches
 * grouped by role, in role order; any other order (valid, but not one
 * the language can say) is shown in comments at the end.
 */
static int dump_roles(struct view *v)
{
	uint32_t i, next = 0, nr = count(v, SIPC_SECTION_MATCHES);
	struct sipc_policy_match m;
	struct sipc_policy_role r;
	bool block;

	for (i = 0; i < v->nr_roles; i++) {
		entry(v, SIPC_SECTION_ROLES, i, &r, sizeof(r));
		fprintf(v->out, "role %s", str(v, r.name));
		block = false;
		if (r.mode != SIPC_MODE_GLOBAL) {
			fprintf(v->out, " {\n\tmode %s;\n",
				sipc_mode_name(r.mode));
			block = true;
		}
		if (r.flags & SIPC_ROLE_AUDIT) {
			fprintf(v->out, "%s\taudit;\n", block ? "" : " {\n");
			block = true;
		}
		for (; next < nr; next++) {
			entry(v, SIPC_SECTION_MATCHES, next, &m, sizeof(m));
			if (m.role != i + 1)
				break;
			fprintf(v->out, "%s\tmatch", block ? "" : " {\n");
			block = true;
			dump_match(v, &m);
			fprintf(v->out, ";\n");
		}
		fprintf(v->out, block ? "}\n" : ";\n");
	}
	for (; next < nr; next++) {
		entry(v, SIPC_SECTION_MATCHES, next, &m, sizeof(m));
		fprintf(v->out, "# match %u, out of role order: role %s",
			next, role_name(v, m.role));
		dump_match(v, &m);
		fprintf(v->out, "\n");
	}
	return 0;
}

static int dump_labels(struct view *v)
{
	static const char *const kinds[] = {
		[SIPC_LABEL_UNIX] = "unix", [SIPC_LABEL_FIFO] = "fifo",
		[SIPC_LABEL_MSGQ] = "msgq", [SIPC_LABEL_SHM] = "shm",
		[SIPC_LABEL_SEM] = "sem", [SIPC_LABEL_MQUEUE] = "mqueue",
	};
	struct sipc_policy_label l;
	bool key;
	uint32_t i;

	for (i = 0; i < count(v, SIPC_SECTION_LABELS); i++) {
		entry(v, SIPC_SECTION_LABELS, i, &l, sizeof(l));
		key = l.kind == SIPC_LABEL_MSGQ || l.kind == SIPC_LABEL_SHM ||
		      l.kind == SIPC_LABEL_SEM;
		if (!l.kind || l.kind > SIPC_LABEL_MAX ||
		    l.role > v->nr_roles || (key && l.name) ||
		    (!key && (l.key || !l.name ||
			      !glob_ok(v, l.name, l.kind == SIPC_LABEL_UNIX ?
						  "/@" : "/"))))
			return bad(v, "bad label");
		fprintf(v->out, "label %s ", kinds[l.kind]);
		if (key)
			fprintf(v->out, "%d", l.key);
		else
			sipc_policy_print_string(v->out, str(v, l.name));
		fprintf(v->out, " %s;\n", role_name(v, l.role));
	}
	return 0;
}

static int dump_rules(struct view *v)
{
	struct sipc_policy_rule r;
	char perms[256];
	uint32_t i;

	for (i = 0; i < count(v, SIPC_SECTION_RULES); i++) {
		entry(v, SIPC_SECTION_RULES, i, &r, sizeof(r));
		if (r.subject > v->nr_roles || r.object > v->nr_roles ||
		    !r.class || r.class > SIPC_CLASS_MAX ||
		    (r.flags & ~__SIPC_RULE_ALL) ||
		    !r.perms || (r.perms & ~sipc_class_perms(r.class)))
			return bad(v, "bad rule");
		sipc_perms_format(r.perms, perms, sizeof(perms));
		fprintf(v->out, "%sallow %s %s : %s { %s };\n",
			r.flags & SIPC_RULE_AUDIT ? "audit " : "",
			role_name(v, r.subject), role_name(v, r.object),
			sipc_class_name(r.class), perms);
	}
	return 0;
}

static int dump_seals(struct view *v)
{
	struct sipc_policy_seal r;
	uint32_t i;

	for (i = 0; i < count(v, SIPC_SECTION_SEALS); i++) {
		entry(v, SIPC_SECTION_SEALS, i, &r, sizeof(r));
		if (r.sender > v->nr_roles || r.object > v->nr_roles ||
		    r.class != SIPC_CLASS_MSGQ || r.flags)
			return bad(v, "bad require seal");
		fprintf(v->out, "require seal %s %s : %s;\n",
			role_name(v, r.sender), role_name(v, r.object),
			sipc_class_name(r.class));
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Interfaces, as kernel/policy_parse.c checks them                    */
/* ------------------------------------------------------------------ */

static bool name_ok(const struct view *v, uint32_t off)
{
	const char *name = str(v, off), *p;

	if (!name || !*name || strlen(name) >= SIPC_ROLE_NAME_MAX)
		return false;
	for (p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", *p))
			return false;
	return true;
}

static int check_iface(struct view *v, uint32_t i,
		       const struct sipc_policy_interface *f)
{
	struct sipc_policy_interface g;
	uint32_t j, k;

	if (!name_ok(v, f->name))
		return bad(v, "bad interface name");
	for (j = 0; j < i; j++) {
		entry(v, SIPC_SECTION_INTERFACES, j, &g, sizeof(g));
		if (!strcmp(str(v, g.name), str(v, f->name)))
			return bad(v, "interface name given twice");
	}
	if (!f->nr_perms || f->nr_perms > SIPC_IFACE_PERMS_MAX)
		return bad(v, "bad number of interface permissions");
	for (k = 0; k < SIPC_IFACE_PERMS_MAX; k++) {
		if (k >= f->nr_perms) {
			if (f->perm_names[k])
				return bad(v, "interface permission past nr_perms");
			continue;
		}
		if (!name_ok(v, f->perm_names[k]))
			return bad(v, "bad interface permission name");
		for (j = 0; j < k; j++)
			if (!strcmp(str(v, f->perm_names[j]),
				    str(v, f->perm_names[k])))
				return bad(v, "interface permission given twice");
	}
	return 0;
}

/* The permission bits of interface @fi, or 0 when there is none. */
static uint32_t iface_mask(const struct view *v, uint32_t fi)
{
	struct sipc_policy_interface f;

	if (fi >= count(v, SIPC_SECTION_INTERFACES))
		return 0;
	entry(v, SIPC_SECTION_INTERFACES, fi, &f, sizeof(f));
	return (uint32_t)((1ULL << f.nr_perms) - 1);
}

static int check_ops(struct view *v)
{
	struct sipc_policy_operation o, prev = { 0 };
	uint32_t i, mask;

	for (i = 0; i < count(v, SIPC_SECTION_OPERATIONS); i++) {
		entry(v, SIPC_SECTION_OPERATIONS, i, &o, sizeof(o));
		mask = iface_mask(v, o.interface);
		if (!mask || !o.id || o.id > INT64_MAX || o.flags ||
		    (o.requires & ~mask))
			return bad(v, "bad operation");
		if (i && (o.interface < prev.interface ||
			  (o.interface == prev.interface && o.id <= prev.id)))
			return bad(v, "operations not sorted, or repeated");
		if (!name_ok(v, o.name))
			return bad(v, "bad operation name");
		prev = o;
	}
	return 0;
}

static int check_impls(struct view *v)
{
	struct sipc_policy_implement m, prev = { 0 };
	uint32_t i;

	for (i = 0; i < count(v, SIPC_SECTION_IMPLEMENTS); i++) {
		entry(v, SIPC_SECTION_IMPLEMENTS, i, &m, sizeof(m));
		if (!m.role || m.role > v->nr_roles ||
		    !iface_mask(v, m.interface) ||
		    m.class != SIPC_CLASS_MSGQ || m.flags)
			return bad(v, "bad implement");
		if (i && (m.role < prev.role ||
			  (m.role == prev.role && m.class <= prev.class)))
			return bad(v, "implements not sorted, or repeated");
		prev = m;
	}
	return 0;
}

/* A duration in the largest unit that says it exactly. */
static void print_duration(FILE *out, uint32_t ms)
{
	static const struct {
		const char *unit;
		uint32_t ms;
	} units[] = {
		{ "d", 86400000 }, { "h", 3600000 }, { "m", 60000 },
		{ "s", 1000 }, { "ms", 1 },
	};
	size_t i;

	for (i = 0; ms && ms % units[i].ms; i++)
		;
	if (!ms)
		i = 3;
	fprintf(out, "%u%s", ms / units[i].ms, units[i].unit);
}

static int dump_keys(struct view *v)
{
	struct sipc_policy_keys k;

	if (!count(v, SIPC_SECTION_KEYS))
		return 0;
	entry(v, SIPC_SECTION_KEYS, 0, &k, sizeof(k));
	if (k.flags || k.reserved || k.rotate_ms < SIPC_KEYS_ROTATE_MIN_MS ||
	    k.rotate_ms > SIPC_KEYS_ROTATE_MAX_MS || k.grace_ms > k.rotate_ms)
		return bad(v, "bad keys");
	fprintf(v->out, "keys rotate every ");
	print_duration(v->out, k.rotate_ms);
	fprintf(v->out, " grace ");
	print_duration(v->out, k.grace_ms);
	fprintf(v->out, ";\n");
	return 0;
}

static int check_op_rules(struct view *v)
{
	struct sipc_policy_op_rule r;
	uint32_t i, mask;
	uint64_t key, prev = 0;

	for (i = 0; i < count(v, SIPC_SECTION_OP_RULES); i++) {
		entry(v, SIPC_SECTION_OP_RULES, i, &r, sizeof(r));
		if (r.subject > v->nr_roles || r.object > v->nr_roles)
			return bad(v, "bad interface rule role");
		mask = iface_mask(v, r.interface);
		if (!mask)
			return bad(v, "bad interface rule interface");
		if (!r.perms || (r.perms & ~mask))
			return bad(v, "bad interface rule permissions");
		key = (uint64_t)r.subject << 20 | r.object << 8 | r.interface;
		if (i && key <= prev)
			return bad(v, "interface rules not sorted, or repeated");
		prev = key;
	}
	return 0;
}

static int check_interfaces(struct view *v)
{
	struct sipc_policy_interface f;
	uint32_t i;

	for (i = 0; i < count(v, SIPC_SECTION_INTERFACES); i++) {
		entry(v, SIPC_SECTION_INTERFACES, i, &f, sizeof(f));
		if (check_iface(v, i, &f))
			return -1;
	}
	if (check_ops(v) || check_impls(v) || check_op_rules(v))
		return -1;
	return 0;
}

static const char *iface_name(const struct view *v, uint32_t fi)
{
	struct sipc_policy_interface f;

	entry(v, SIPC_SECTION_INTERFACES, fi, &f, sizeof(f));
	return str(v, f.name);
}

/* The names of the bits @perms of interface @fi, separated by spaces. */
static void iface_perms(const struct view *v, uint32_t fi, uint32_t perms)
{
	struct sipc_policy_interface f;
	const char *sep = "";
	uint32_t k;

	entry(v, SIPC_SECTION_INTERFACES, fi, &f, sizeof(f));
	for (k = 0; k < f.nr_perms; k++) {
		if (!(perms & (1U << k)))
			continue;
		fprintf(v->out, "%s%s", sep, str(v, f.perm_names[k]));
		sep = " ";
	}
}

static void dump_interfaces(struct view *v)
{
	struct sipc_policy_interface f;
	struct sipc_policy_operation o;
	uint32_t i, j;

	for (i = 0; i < count(v, SIPC_SECTION_INTERFACES); i++) {
		entry(v, SIPC_SECTION_INTERFACES, i, &f, sizeof(f));
		fprintf(v->out, "interface %s {\n\tperm ", str(v, f.name));
		iface_perms(v, i, (uint32_t)((1ULL << f.nr_perms) - 1));
		fprintf(v->out, ";\n");
		for (j = 0; j < count(v, SIPC_SECTION_OPERATIONS); j++) {
			entry(v, SIPC_SECTION_OPERATIONS, j, &o, sizeof(o));
			if (o.interface != i)
				continue;
			fprintf(v->out, "\top %s = %llu", str(v, o.name),
				(unsigned long long)o.id);
			if (o.requires) {
				fprintf(v->out, " requires ");
				iface_perms(v, i, o.requires);
			}
			fprintf(v->out, ";\n");
		}
		fprintf(v->out, "}\n");
	}
}

static void dump_implements(struct view *v)
{
	struct sipc_policy_implement m;
	struct sipc_policy_op_rule r;
	uint32_t i;

	for (i = 0; i < count(v, SIPC_SECTION_IMPLEMENTS); i++) {
		entry(v, SIPC_SECTION_IMPLEMENTS, i, &m, sizeof(m));
		fprintf(v->out, "implement %s %s on msgq;\n",
			role_name(v, m.role), iface_name(v, m.interface));
	}
	for (i = 0; i < count(v, SIPC_SECTION_OP_RULES); i++) {
		entry(v, SIPC_SECTION_OP_RULES, i, &r, sizeof(r));
		fprintf(v->out, "allow %s %s : %s { ", role_name(v, r.subject),
			role_name(v, r.object), iface_name(v, r.interface));
		iface_perms(v, r.interface, r.perms);
		fprintf(v->out, " };\n");
	}
}

static int dump_audit(struct view *v)
{
	struct sipc_policy_audit a;

	if (!present(v, SIPC_SECTION_AUDIT))
		return 0;
	if (count(v, SIPC_SECTION_AUDIT) != 1)
		return bad(v, "AUDIT section without exactly one entry");
	entry(v, SIPC_SECTION_AUDIT, 0, &a, sizeof(a));
	if (a.checkpoint_records > SIPC_AUDIT_CHECKPOINT_RECORDS_MAX ||
	    a.checkpoint_secs > SIPC_AUDIT_CHECKPOINT_SECS_MAX)
		return bad(v, "audit checkpoint interval out of bounds");
	if (a.checkpoint_records)
		fprintf(v->out, "audit checkpoint every %u records;\n",
			a.checkpoint_records);
	if (a.checkpoint_secs)
		fprintf(v->out, "audit checkpoint every %u seconds;\n",
			a.checkpoint_secs);
	return 0;
}

int sipc_policy_dump(const void *blob, size_t size, FILE *out)
{
	struct view v = { .blob = blob, .size = size, .out = out };
	struct sipc_policy_header h;

	if (size < sizeof(h))
		return bad(&v, "shorter than its header");
	if (size > SIPC_POLICY_SIZE_MAX)
		return bad(&v, "larger than SIPC_POLICY_SIZE_MAX");
	memcpy(&h, blob, sizeof(h));
	if (h.magic != SIPC_POLICY_MAGIC || h.version != SIPC_POLICY_VERSION)
		return bad(&v, "bad magic or version");
	if (h.size != size || h.flags || !h.mode || h.mode > SIPC_MODE_MAX)
		return bad(&v, "bad size, flags or mode in the header");
	if (check_sections(&v, h.nr_sections) || check_roles(&v) ||
	    check_matches(&v) || check_interfaces(&v))
		return -1;
	fprintf(out, "mode %s;\n", sipc_mode_name(h.mode));
	if (dump_roles(&v))
		return -1;
	dump_interfaces(&v);
	if (dump_labels(&v) || dump_rules(&v) || dump_seals(&v) ||
	    dump_keys(&v) || dump_audit(&v))
		return -1;
	dump_implements(&v);
	return 0;
}
