/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the compiler's files (lex.c, compile.c, emit.c) share; not an API.
 */
#ifndef SIPC_POLICY_COMPILE_H
#define SIPC_POLICY_COMPILE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/sipc.h>

#include "sipc-policy.h"

/* One source file (or string), kept until the compile ends. */
struct src {
	struct src *next;	/* every source read, in order */
	struct src *parent;	/* the one that included it */
	char *name;		/* what errors call it */
	char *real;		/* its realpath(), NULL for a string */
	char *text;
	size_t len, pos;
	unsigned int line, col;
	char *arena;		/* token texts, 2 * len + 2 bytes */
	size_t arena_used;
};

struct loc {
	const struct src *src;
	unsigned int line, col;
};

enum tok_type {
	T_EOF, T_ERROR, T_WORD, T_STRING, T_SETREF,
	T_LBRACE, T_RBRACE, T_SEMI, T_COLON, T_EQUALS, T_STAR,
};

/* @text lives as long as its source: until the compile ends. */
struct token {
	enum tok_type type;
	struct loc loc;
	const char *text;
	size_t len;
};

/* Open addressing from a string to a number; keys are not copied. */
struct nametab {
	struct name_ent {
		const char *key;
		uint32_t value;
	} *slots;
	size_t cap, count;
};

struct role {
	const char *name;
	uint32_t mode;
	uint32_t flags;		/* SIPC_ROLE_* */
	bool mode_set;
	struct loc loc;
};

struct set {
	const char *name;
	struct loc loc;
	bool perms;		/* a set of permissions, else of roles */
	uint32_t bits;		/* the permissions */
	uint32_t *roles;
	size_t nr_roles, cap_roles;
};

/* An interface: its entry (string offsets), and where it was declared. */
struct iface {
	struct sipc_policy_interface e;
	const char *name;
	struct loc loc;
};

struct ulist {
	uint32_t *v;
	size_t n, cap;
};

struct compiler {
	FILE *errors;
	const char *top_name;
	unsigned int nr_errors;
	bool stop;		/* out of memory, or too many errors */

	struct src *srcs, *srcs_tail;
	struct src *cur;	/* the source being lexed */
	struct token tok;	/* its current token */
	unsigned int depth;	/* of includes */

	bool mode_set;
	struct loc mode_loc;
	uint32_t mode;

	struct role *roles;	/* [0] is unconfined */
	size_t nr_roles, cap_roles;
	struct nametab role_names;

	struct set *sets;
	size_t nr_sets, cap_sets;
	struct nametab set_names;

	char *strings;
	size_t strings_len, strings_cap;
	uint32_t *string_slots;	/* open addressing: offset + 1, 0 free */
	size_t string_cap, nr_strings;

	struct sipc_policy_match *matches;
	size_t nr_matches, cap_matches;

	struct sipc_policy_label *labels;
	struct loc *label_locs;
	size_t nr_labels, cap_labels, cap_label_locs;
	struct nametab label_names;
	char **label_keys;
	size_t nr_label_keys, cap_label_keys;

	/*
	 * rules: open addressing, key (subject << 20 | object << 8 | class);
	 * rule_audit: those of rule_perms granted by an audit rule
	 */
	uint32_t *rule_keys, *rule_perms, *rule_audit;
	unsigned int rule_bits;
	size_t nr_rules;
	bool rules_full;

	struct ulist subjects, objects;

	/* require seal: repeats are dropped by emit (seals_compact()) */
	struct sipc_policy_seal *seals;
	size_t nr_seals, cap_seals;
	/* keys rotate every ... grace ...; */
	bool keys_set;
	struct loc keys_loc;
	struct sipc_policy_keys keys;
	/* interfaces, their operations, who implements them, who may call */
	struct iface *ifaces;
	size_t nr_ifaces, cap_ifaces;
	struct nametab iface_names;
	struct sipc_policy_operation *ops;
	size_t nr_ops, cap_ops;
	struct sipc_policy_implement *impls;
	struct loc *impl_locs;
	size_t nr_impls, cap_impls, cap_impl_locs;
	struct sipc_policy_op_rule *op_rules;
	size_t nr_op_rules, cap_op_rules;
	/* audit checkpoint every N records / T seconds; 0 when not given */
	uint32_t audit_records, audit_secs;
	struct loc audit_records_loc, audit_secs_loc;
};

#define RULE_KEY(s, o, c)	((uint32_t)(s) << 20 | (uint32_t)(o) << 8 | (c))

void compile_error(struct compiler *c, const struct loc *loc,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void compile_verror(struct compiler *c, const struct loc *loc,
		    const char *fmt, va_list ap);
void *compile_grow(struct compiler *c, void *p, size_t *cap, size_t need,
		   size_t elem);

bool is_name_char(int ch);
void lex(struct compiler *c);
const char *tok_describe(const struct token *t, char *buf, size_t len);

int nametab_get(const struct nametab *t, const char *key, uint32_t *value);
int nametab_put(struct compiler *c, struct nametab *t, const char *key,
		uint32_t value);
void nametab_free(struct nametab *t);

uint32_t add_string(struct compiler *c, const char *s);
void rule_add(struct compiler *c, uint32_t subject, uint32_t object,
	      uint32_t cls, uint32_t perms, bool audit, const struct loc *loc);
int emit(struct compiler *c, struct sipc_compiled *out);
size_t seals_compact(struct compiler *c);

#endif /* SIPC_POLICY_COMPILE_H */
