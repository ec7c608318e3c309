/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc-policy: the policy language compiler (Documentation/policy.rst)
 * and the names of classes, permissions and modes.
 *
 * The compiler turns policy text into the binary format declared in
 * <linux/sipc.h>, in native byte order, ready for SIPC_CMD_LOAD_*.  It
 * needs no kernel module: `sipcctl check` uses it alone.
 */
#ifndef SIPC_POLICY_H
#define SIPC_POLICY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Errors are printed before the compiler gives up: at most this many. */
#define SIPC_POLICY_ERRORS_MAX	20

/**
 * struct sipc_compiled - a compiled policy
 * @blob: the policy, malloc'd; free with sipc_compiled_free()
 * @size: bytes of @blob
 * @nr_roles: roles, without unconfined
 * @nr_matches: match rules
 * @nr_labels: object labels
 * @nr_rules: distinct (subject, object, class) rules, perms merged
 */
struct sipc_compiled {
	void *blob;
	size_t size;
	unsigned int nr_roles, nr_matches, nr_labels, nr_rules;
};

/*
 * Compile the policy in the file @path (includes are read relative to
 * the including file's directory).  Returns 0 and fills @out, or -1 after
 * printing at least one "file:line:col: error: message" line to @errors;
 * @out is then zeroed.
 */
int sipc_policy_compile_file(const char *path, FILE *errors,
			     struct sipc_compiled *out);

/*
 * The same for policy text in memory; @name is what error messages call
 * it, and includes are read relative to @name's directory.
 */
int sipc_policy_compile_string(const char *name, const char *text,
			       FILE *errors, struct sipc_compiled *out);

/* Free what a compile put in @c and zero it; @c may be zeroed already. */
void sipc_compiled_free(struct sipc_compiled *c);

/*
 * Print a compiled policy as canonical text (one line per mode, role,
 * match, label and rule, in section order), after checking that it is
 * well formed.  Returns 0, or -1 after printing "error: ..." to @out
 * when it is not.
 */
int sipc_policy_dump(const void *blob, size_t size, FILE *out);
/*
 * Print @s as a string of the policy language: in double quotes, with
 * '"' and '\' escaped by a '\': what the lexer reads back.  A quoted ID
 * of DOT (sipcctl graph) is written the same way.
 */
void sipc_policy_print_string(FILE *out, const char *s);

/* The language's name of enum sipc_class @cls, or NULL. */
const char *sipc_class_name(unsigned int cls);
/* The enum sipc_class of @name, or -1 when there is none. */
int sipc_class_by_name(const char *name);
/* The permitted SIPC_PERM_* bits of class @cls, 0 for an unknown class. */
uint32_t sipc_class_perms(unsigned int cls);

/* The name of the one permission bit @bit, or NULL. */
const char *sipc_perm_name(uint32_t bit);
/* The SIPC_PERM_* bit called @name, or 0. */
uint32_t sipc_perm_by_name(const char *name);
/*
 * Write the names of the bits of @perms, separated by spaces, in bit
 * order ("connect send"); bits without a name are written as one hex
 * number.  Returns the length of the whole text, like snprintf(): the
 * text was cut short when that is >= @len.
 */
int sipc_perms_format(uint32_t perms, char *buf, size_t len);

/* "global", "enforce", "permissive" or "learn", or NULL. */
const char *sipc_mode_name(unsigned int mode);
/* The enum sipc_mode of @name ("global" included), or -1. */
int sipc_mode_by_name(const char *name);

#endif /* SIPC_POLICY_H */
