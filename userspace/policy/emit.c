// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler's tables (names, strings, merged rules) and the binary
 * policy they become (<linux/sipc.h>, "Policy").
 */
#include <stdlib.h>
#include <string.h>

#include "compile.h"

static uint32_t hash_string(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int nametab_get(const struct nametab *t, const char *key, uint32_t *value)
{
	size_t i;

	if (!t->cap)
		return -1;
	for (i = hash_string(key) & (t->cap - 1); t->slots[i].key;
	     i = (i + 1) & (t->cap - 1)) {
		if (!strcmp(t->slots[i].key, key)) {
			*value = t->slots[i].value;
			return 0;
		}
	}
	return -1;
}

static void nametab_insert(struct name_ent *slots, size_t cap,
			   const char *key, uint32_t value)
{
	size_t i;

	for (i = hash_string(key) & (cap - 1); slots[i].key;
	     i = (i + 1) & (cap - 1))
		;
	slots[i].key = key;
	slots[i].value = value;
}

/* Add @key, which must not be there yet; it is not copied. */
int nametab_put(struct compiler *c, struct nametab *t, const char *key,
		uint32_t value)
{
	struct name_ent *slots;
	size_t cap, i;

	if ((t->count + 1) * 2 > t->cap) {
		cap = t->cap ? t->cap * 2 : 64;
		slots = calloc(cap, sizeof(*slots));
		if (!slots) {
			compile_error(c, NULL, "out of memory");
			c->stop = true;
			return -1;
		}
		for (i = 0; i < t->cap; i++)
			if (t->slots[i].key)
				nametab_insert(slots, cap, t->slots[i].key,
					       t->slots[i].value);
		free(t->slots);
		t->slots = slots;
		t->cap = cap;
	}
	nametab_insert(t->slots, t->cap, key, value);
	t->count++;
	return 0;
}

void nametab_free(struct nametab *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static void string_slot_insert(struct compiler *c, uint32_t *slots,
			       size_t cap, uint32_t off)
{
	size_t i;

	for (i = hash_string(c->strings + off) & (cap - 1); slots[i];
	     i = (i + 1) & (cap - 1))
		;
	slots[i] = off + 1;
}

/*
 * The offset of @s in the STRINGS section, adding it when it is not
 * there yet.  Offset 0 is the empty string, which means "none".
 */
uint32_t add_string(struct compiler *c, const char *s)
{
	size_t len = strlen(s) + 1, cap, i;
	uint32_t *slots, off;
	char *p;

	if (!c->strings_len) {
		p = compile_grow(c, c->strings, &c->strings_cap, 1, 1);
		if (!p)
			return 0;
		c->strings = p;
		c->strings[0] = '\0';
		c->strings_len = 1;
	}
	if (!*s)
		return 0;
	if (c->string_cap) {
		for (i = hash_string(s) & (c->string_cap - 1);
		     c->string_slots[i]; i = (i + 1) & (c->string_cap - 1))
			if (!strcmp(c->strings + c->string_slots[i] - 1, s))
				return c->string_slots[i] - 1;
	}
	if ((c->nr_strings + 1) * 2 > c->string_cap) {
		cap = c->string_cap ? c->string_cap * 2 : 256;
		slots = calloc(cap, sizeof(*slots));
		if (!slots) {
			compile_error(c, NULL, "out of memory");
			c->stop = true;
			return 0;
		}
		for (i = 0; i < c->string_cap; i++)
			if (c->string_slots[i])
				string_slot_insert(c, slots, cap,
						   c->string_slots[i] - 1);
		free(c->string_slots);
		c->string_slots = slots;
		c->string_cap = cap;
	}
	p = compile_grow(c, c->strings, &c->strings_cap, c->strings_len + len,
			 1);
	if (!p)
		return 0;
	c->strings = p;
	off = c->strings_len;
	memcpy(c->strings + off, s, len);
	c->strings_len += len;
	string_slot_insert(c, c->string_slots, c->string_cap, off);
	c->nr_strings++;
	return off;
}

static size_t rule_slot(const uint32_t *keys, unsigned int bits, uint32_t key)
{
	size_t mask = ((size_t)1 << bits) - 1;
	size_t i = (uint32_t)(key * 0x9e3779b1u) >> (32 - bits);

	while (keys[i] && keys[i] != key)
		i = (i + 1) & mask;
	return i;
}

static int rules_grow(struct compiler *c)
{
	unsigned int bits = c->rule_bits ? c->rule_bits + 1 : 10;
	size_t cap = (size_t)1 << bits, old = c->rule_bits ?
		(size_t)1 << c->rule_bits : 0, i, j;
	uint32_t *keys = calloc(cap, sizeof(*keys));
	uint32_t *perms = calloc(cap, sizeof(*perms));
	uint32_t *audit = calloc(cap, sizeof(*audit));

	if (!keys || !perms || !audit) {
		free(keys);
		free(perms);
		free(audit);
		compile_error(c, NULL, "out of memory");
		c->stop = true;
		return -1;
	}
	for (i = 0; i < old; i++) {
		if (!c->rule_keys[i])
			continue;
		j = rule_slot(keys, bits, c->rule_keys[i]);
		keys[j] = c->rule_keys[i];
		perms[j] = c->rule_perms[i];
		audit[j] = c->rule_audit[i];
	}
	free(c->rule_keys);
	free(c->rule_perms);
	free(c->rule_audit);
	c->rule_keys = keys;
	c->rule_perms = perms;
	c->rule_audit = audit;
	c->rule_bits = bits;
	return 0;
}

/*
 * Grant @perms to @subject on @object in @cls, merged with what earlier
 * rules granted, and audited too when @audit.  A rule between two
 * unconfined ends is dropped: such an operation is always allowed, and
 * never audited.
 */
void rule_add(struct compiler *c, uint32_t subject, uint32_t object,
	      uint32_t cls, uint32_t perms, bool audit, const struct loc *loc)
{
	uint32_t key = RULE_KEY(subject, object, cls);
	size_t i;

	if (!subject && !object)
		return;
	if (!c->rule_bits ||
	    (c->nr_rules + 1) * 2 > (size_t)1 << c->rule_bits) {
		if (rules_grow(c))
			return;
	}
	i = rule_slot(c->rule_keys, c->rule_bits, key);
	if (c->rule_keys[i]) {
		c->rule_perms[i] |= perms;
		c->rule_audit[i] |= audit ? perms : 0;
		return;
	}
	if (c->nr_rules >= SIPC_RULES_MAX) {
		if (!c->rules_full)
			compile_error(c, loc,
				      "too many rules: more than %u distinct (subject, object, class) rules",
				      SIPC_RULES_MAX);
		c->rules_full = true;
		return;
	}
	c->rule_keys[i] = key;
	c->rule_perms[i] = perms;
	c->rule_audit[i] = audit ? perms : 0;
	c->nr_rules++;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_seal(const void *a, const void *b)
{
	const struct sipc_policy_seal *x = a, *y = b;

	if (x->sender != y->sender)
		return x->sender < y->sender ? -1 : 1;
	if (x->object != y->object)
		return x->object < y->object ? -1 : 1;
	return x->class < y->class ? -1 : x->class > y->class;
}

/*
 * Sort the "require seal" entries (sender, object, class) and drop
 * repeats.  Returns how many are left.
 */
size_t seals_compact(struct compiler *c)
{
	size_t i, n = 0;

	if (!c->nr_seals)
		return 0;
	qsort(c->seals, c->nr_seals, sizeof(*c->seals), cmp_seal);
	for (i = 0; i < c->nr_seals; i++)
		if (!n || cmp_seal(&c->seals[n - 1], &c->seals[i]))
			c->seals[n++] = c->seals[i];
	c->nr_seals = n;
	return n;
}

static int cmp_op(const void *a, const void *b)
{
	const struct sipc_policy_operation *x = a, *y = b;

	if (x->interface != y->interface)
		return x->interface < y->interface ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_impl(const void *a, const void *b)
{
	const struct sipc_policy_implement *x = a, *y = b;

	if (x->role != y->role)
		return x->role < y->role ? -1 : 1;
	return x->class < y->class ? -1 : x->class > y->class;
}

static int cmp_op_rule(const void *a, const void *b)
{
	const struct sipc_policy_op_rule *x = a, *y = b;

	if (x->subject != y->subject)
		return x->subject < y->subject ? -1 : 1;
	if (x->object != y->object)
		return x->object < y->object ? -1 : 1;
	return x->interface < y->interface ? -1 : x->interface > y->interface;
}

/*
 * Interfaces in declaration order; operations, implementations and
 * interface rules sorted as the kernel wants them, rules merged.
 */
static struct sipc_policy_interface *build_ifaces(struct compiler *c)
{
	struct sipc_policy_interface *e;
	size_t i, n = 0;

	e = calloc(c->nr_ifaces ? c->nr_ifaces : 1, sizeof(*e));
	if (!e) {
		compile_error(c, NULL, "out of memory");
		return NULL;
	}
	for (i = 0; i < c->nr_ifaces; i++)
		e[i] = c->ifaces[i].e;
	qsort(c->ops, c->nr_ops, sizeof(*c->ops), cmp_op);
	qsort(c->impls, c->nr_impls, sizeof(*c->impls), cmp_impl);
	qsort(c->op_rules, c->nr_op_rules, sizeof(*c->op_rules), cmp_op_rule);
	for (i = 0; i < c->nr_op_rules; i++) {
		if (n && !cmp_op_rule(&c->op_rules[n - 1], &c->op_rules[i]))
			c->op_rules[n - 1].perms |= c->op_rules[i].perms;
		else
			c->op_rules[n++] = c->op_rules[i];
	}
	c->nr_op_rules = n;
	return e;
}

struct section {
	uint32_t type, count, entry_size;
	const void *data;
	size_t bytes;
};

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* The audit flag travels in the top bit of a sorted rule's perms. */
#define SORTED_AUDIT	(1U << 31)

/*
 * Rules, one entry per (subject, object, class), or two when only some
 * of its permissions are audited: the plain ones, then the audited ones
 * with SIPC_RULE_AUDIT.  Returns how many, in *@nr.
 */
static int build_tables(struct compiler *c, struct sipc_policy_role **roles,
			struct sipc_policy_rule **rules, size_t *nr)
{
	size_t i, n = 0, cap = (size_t)1 << c->rule_bits;
	uint32_t plain, audit;
	uint64_t *sorted;

	*roles = calloc(c->nr_roles ? c->nr_roles : 1, sizeof(**roles));
	*rules = calloc(c->nr_rules ? 2 * c->nr_rules : 1, sizeof(**rules));
	sorted = calloc(c->nr_rules ? 2 * c->nr_rules : 1, sizeof(*sorted));
	if (!*roles || !*rules || !sorted) {
		free(sorted);
		compile_error(c, NULL, "out of memory");
		return -1;
	}
	for (i = 1; i < c->nr_roles; i++) {
		(*roles)[i - 1].name = add_string(c, c->roles[i].name);
		(*roles)[i - 1].mode = c->roles[i].mode;
		(*roles)[i - 1].flags = c->roles[i].flags;
	}
	for (i = 0; c->rule_bits && i < cap; i++) {
		if (!c->rule_keys[i])
			continue;
		audit = c->rule_audit[i];
		plain = c->rule_perms[i] & ~audit;
		if (plain)
			sorted[n++] = (uint64_t)c->rule_keys[i] << 32 | plain;
		if (audit)
			sorted[n++] = (uint64_t)c->rule_keys[i] << 32 |
				      SORTED_AUDIT | audit;
	}
	/* Sorted by subject, object, class: a lookup may bisect. */
	qsort(sorted, n, sizeof(*sorted), cmp_u64);
	for (i = 0; i < n; i++) {
		uint32_t key = sorted[i] >> 32;

		(*rules)[i].subject = key >> 20;
		(*rules)[i].object = (key >> 8) & 0xfff;
		(*rules)[i].class = key & 0xff;
		(*rules)[i].flags = sorted[i] & SORTED_AUDIT ?
				    SIPC_RULE_AUDIT : 0;
		(*rules)[i].perms = (uint32_t)sorted[i] & ~SORTED_AUDIT;
	}
	*nr = n;
	free(sorted);
	return c->stop ? -1 : 0;
}

/* Lay out the sections and copy them into one blob. */
int emit(struct compiler *c, struct sipc_compiled *out)
{
	struct sipc_policy_role *roles = NULL;
	struct sipc_policy_rule *rules = NULL;
	struct sipc_policy_interface *ifaces = NULL;
	struct sipc_policy_header hdr = {
		.magic = SIPC_POLICY_MAGIC,
		.version = SIPC_POLICY_VERSION,
		.mode = c->mode_set ? c->mode : SIPC_MODE_ENFORCE,
	};
	struct sipc_policy_audit audit = {
		.checkpoint_records = c->audit_records,
		.checkpoint_secs = c->audit_secs,
	};
	struct section secs[SIPC_SECTION_MAX];
	struct sipc_policy_section st;
	size_t nr = 0, off, i, nr_rules;
	char *blob;
	int ret = -1;

	add_string(c, "");
	if (build_tables(c, &roles, &rules, &nr_rules))
		goto cleanup;
	ifaces = build_ifaces(c);
	if (!ifaces)
		goto cleanup;
	if (nr_rules > SIPC_RULES_MAX) {
		compile_error(c, NULL,
			      "too many rules: %zu entries once audited permissions are split out, more than %u",
			      nr_rules, SIPC_RULES_MAX);
		goto cleanup;
	}
	secs[nr++] = (struct section){ SIPC_SECTION_STRINGS, c->strings_len, 1,
				       c->strings, c->strings_len };
	secs[nr++] = (struct section){ SIPC_SECTION_ROLES, c->nr_roles - 1,
				       sizeof(*roles), roles,
				       (c->nr_roles - 1) * sizeof(*roles) };
	if (c->nr_matches)
		secs[nr++] = (struct section){ SIPC_SECTION_MATCHES,
			c->nr_matches, sizeof(*c->matches), c->matches,
			c->nr_matches * sizeof(*c->matches) };
	if (c->nr_labels)
		secs[nr++] = (struct section){ SIPC_SECTION_LABELS,
			c->nr_labels, sizeof(*c->labels), c->labels,
			c->nr_labels * sizeof(*c->labels) };
	secs[nr++] = (struct section){ SIPC_SECTION_RULES, nr_rules,
				       sizeof(*rules), rules,
				       nr_rules * sizeof(*rules) };
	if (seals_compact(c) > SIPC_SEALS_MAX) {
		compile_error(c, NULL,
			      "too many require seal statements: more than %u distinct (sender, object, class)",
			      SIPC_SEALS_MAX);
		goto cleanup;
	}
	if (c->nr_seals)
		secs[nr++] = (struct section){ SIPC_SECTION_SEALS,
			c->nr_seals, sizeof(*c->seals), c->seals,
			c->nr_seals * sizeof(*c->seals) };
	if (c->keys_set)
		secs[nr++] = (struct section){ SIPC_SECTION_KEYS, 1,
			sizeof(c->keys), &c->keys, sizeof(c->keys) };
	if (c->nr_ifaces)
		secs[nr++] = (struct section){ SIPC_SECTION_INTERFACES,
			c->nr_ifaces, sizeof(*ifaces), ifaces,
			c->nr_ifaces * sizeof(*ifaces) };
	if (c->nr_ops)
		secs[nr++] = (struct section){ SIPC_SECTION_OPERATIONS,
			c->nr_ops, sizeof(*c->ops), c->ops,
			c->nr_ops * sizeof(*c->ops) };
	if (c->nr_impls)
		secs[nr++] = (struct section){ SIPC_SECTION_IMPLEMENTS,
			c->nr_impls, sizeof(*c->impls), c->impls,
			c->nr_impls * sizeof(*c->impls) };
	if (c->nr_op_rules)
		secs[nr++] = (struct section){ SIPC_SECTION_OP_RULES,
			c->nr_op_rules, sizeof(*c->op_rules), c->op_rules,
			c->nr_op_rules * sizeof(*c->op_rules) };
	if (c->audit_records || c->audit_secs)
		secs[nr++] = (struct section){ SIPC_SECTION_AUDIT, 1,
			sizeof(audit), &audit, sizeof(audit) };

	off = align8(sizeof(hdr) + nr * sizeof(st));
	for (i = 0; i < nr; i++)
		off = align8(off) + secs[i].bytes;
	if (off > SIPC_POLICY_SIZE_MAX) {
		compile_error(c, NULL,
			      "the compiled policy would be %zu bytes, more than the %u the kernel accepts",
			      off, SIPC_POLICY_SIZE_MAX);
		goto cleanup;
	}
	blob = calloc(1, off);
	if (!blob) {
		compile_error(c, NULL, "out of memory");
		goto cleanup;
	}
	hdr.size = off;
	hdr.nr_sections = nr;
	memcpy(blob, &hdr, sizeof(hdr));
	off = align8(sizeof(hdr) + nr * sizeof(st));
	for (i = 0; i < nr; i++) {
		off = align8(off);
		st = (struct sipc_policy_section){
			.type = secs[i].type,
			.offset = off,
			.count = secs[i].count,
			.entry_size = secs[i].entry_size,
		};
		memcpy(blob + sizeof(hdr) + i * sizeof(st), &st, sizeof(st));
		if (secs[i].bytes)
			memcpy(blob + off, secs[i].data, secs[i].bytes);
		off += secs[i].bytes;
	}
	out->blob = blob;
	out->size = off;
	out->nr_roles = c->nr_roles - 1;
	out->nr_matches = c->nr_matches;
	out->nr_labels = c->nr_labels;
	out->nr_rules = c->nr_rules;
	ret = 0;

cleanup:
	free(ifaces);
	free(roles);
	free(rules);
	return ret;
}
