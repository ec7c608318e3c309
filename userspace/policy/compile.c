// SPDX-License-Identifier: GPL-2.0
/*
 * The policy language's parser (Documentation/policy.rst): a recursive
 * descent over one token of look-ahead, checking names, permissions and
 * limits as it goes, so that every error points at the token that is
 * wrong.  After a syntax error it skips to the end of the statement and
 * goes on, to report more than one error per run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile.h"

#define INCLUDE_DEPTH_MAX	32
#define SOURCE_SIZE_MAX		(256U << 20)
#define SELF			UINT32_MAX
#define NAME_LEN_MAX		(SIPC_ROLE_NAME_MAX - 1)

static void next(struct compiler *c)
{
	lex(c);
}

static bool is_word(const struct compiler *c, const char *word)
{
	return c->tok.type == T_WORD && !strcmp(c->tok.text, word);
}

/*
 * A syntax error at the current token; silent on a token the lexer
 * already reported.
 */
static int __attribute__((format(printf, 2, 3)))
syntax_error(struct compiler *c, const char *fmt, ...)
{
	va_list ap;

	if (c->tok.type != T_ERROR) {
		va_start(ap, fmt);
		compile_verror(c, &c->tok.loc, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int expect(struct compiler *c, enum tok_type type, const char *what)
{
	char buf[80];

	if (c->tok.type == type) {
		next(c);
		return 0;
	}
	return syntax_error(c, "expected %s, found %s", what,
			    tok_describe(&c->tok, buf, sizeof(buf)));
}

/*
 * Skip the rest of a statement after a syntax error: up to and including
 * its ';', or up to the '}' that closes the enclosing block (consumed only
 * at the top level, where no block encloses it).
 */
static void recover(struct compiler *c, bool in_block)
{
	int depth = 0;

	while (!c->stop && c->tok.type != T_EOF) {
		switch (c->tok.type) {
		case T_LBRACE:
			depth++;
			break;
		case T_RBRACE:
			if (depth == 0) {
				if (!in_block)
					next(c);
				return;
			}
			if (--depth == 0 && !in_block) {
				next(c);
				if (c->tok.type == T_SEMI)
					next(c);
				return;
			}
			break;
		case T_SEMI:
			if (depth == 0) {
				next(c);
				return;
			}
			break;
		default:
			break;
		}
		next(c);
	}
}

static const char *loc_str(const struct loc *loc, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%u:%u", loc->src->name, loc->line, loc->col);
	return buf;
}

/* Check a role or set name; the lexer already kept to [A-Za-z0-9_.-]. */
static bool check_name(struct compiler *c, const char *what)
{
	const struct token *t = &c->tok;

	if (t->len > NAME_LEN_MAX) {
		compile_error(c, &t->loc,
			      "%s name '%.20s...' is %zu characters long, at most %d",
			      what, t->text, t->len, NAME_LEN_MAX);
		return false;
	}
	if (!strcmp(what, "role") &&
	    (!strcmp(t->text, SIPC_ROLE_UNCONFINED_NAME) ||
	     !strcmp(t->text, "self"))) {
		compile_error(c, &t->loc,
			      "'%s' is reserved and cannot be declared as a role",
			      t->text);
		return false;
	}
	return true;
}

/* Errors in glob patterns; NULL when @s is a valid one. */
static const char *glob_problem(const char *s, size_t len)
{
	size_t i, stars = 0;

	if (!len)
		return "is empty";
	if (len >= SIPC_PATTERN_MAX)
		return "is too long (at most 4095 bytes)";
	for (i = 0; i < len; i++) {
		if (s[i] == '*') {
			if (++stars == 3)
				return "has '***': use '*' within a path component or '**' across them";
			continue;
		}
		stars = 0;
		if (s[i] == '\\' && ++i == len)
			return "ends in a '\\' that quotes nothing";
	}
	return NULL;
}

enum path_kind { PATH_ABSOLUTE, PATH_UNIX, PATH_MQUEUE };

/* Check the current token, a string, as a path pattern of @kind. */
static bool check_pattern(struct compiler *c, const char *what,
			  enum path_kind kind)
{
	const struct token *t = &c->tok;
	const char *problem = glob_problem(t->text, t->len);

	if (problem) {
		compile_error(c, &t->loc, "%s pattern \"%.40s\" %s", what,
			      t->text, problem);
		return false;
	}
	if (kind == PATH_UNIX && t->text[0] == '@') {
		if (t->len == 1) {
			compile_error(c, &t->loc,
				      "unix pattern \"@\" names no abstract socket: put a name after '@'");
			return false;
		}
		return true;
	}
	if (t->text[0] != '/') {
		compile_error(c, &t->loc,
			      kind == PATH_UNIX ?
			      "%s pattern \"%.40s\" must be an absolute path or an abstract name starting with '@'" :
			      kind == PATH_MQUEUE ?
			      "%s pattern \"%.40s\" must start with '/'" :
			      "%s pattern \"%.40s\" must be an absolute path, starting with '/'",
			      what, t->text);
		return false;
	}
	if (kind == PATH_MQUEUE && strchr(t->text + 1, '/')) {
		compile_error(c, &t->loc,
			      "mqueue pattern \"%.40s\" has a '/' after the first: POSIX queue names have none",
			      t->text);
		return false;
	}
	return true;
}

/* Parse a decimal id (uid, gid) from 0 to 4294967294. */
static bool parse_id(const char *s, uint32_t *id)
{
	unsigned long long v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
		if (v > UINT32_MAX - 1)
			return false;
	}
	*id = v;
	return true;
}

/* A SysV key: decimal or 0x hex, optionally negative, as a key_t. */
static bool parse_key(const char *s, int32_t *key)
{
	bool neg = *s == '-';
	unsigned long long v = 0;
	unsigned int base = 10;
	int digit;

	s += neg;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digit = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			digit = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			digit = *s - 'A' + 10;
		else
			return false;
		v = v * base + digit;
		if (v > UINT32_MAX)
			return false;
	}
	if (neg && v > (unsigned long long)INT32_MAX + 1)
		return false;
	*key = neg ? (int32_t)(-(long long)v) : (int32_t)(uint32_t)v;
	return true;
}

static void parse_file(struct compiler *c);

static struct src *src_new(struct compiler *c, const char *name,
			   const char *real, const char *text, size_t len)
{
	struct src *s = calloc(1, sizeof(*s));

	if (!s)
		goto oom;
	s->name = strdup(name);
	s->real = real ? strdup(real) : NULL;
	s->text = malloc(len + 1);
	s->arena = malloc(2 * len + 2);
	if (!s->name || (real && !s->real) || !s->text || !s->arena)
		goto oom;
	memcpy(s->text, text, len);
	s->text[len] = '\0';
	s->len = len;
	s->line = 1;
	s->col = 1;
	if (c->srcs_tail)
		c->srcs_tail->next = s;
	else
		c->srcs = s;
	c->srcs_tail = s;
	return s;

oom:
	if (s) {
		free(s->name);
		free(s->real);
		free(s->text);
		free(s->arena);
		free(s);
	}
	compile_error(c, NULL, "out of memory");
	c->stop = true;
	return NULL;
}

/* Read all of @path; an errno on failure. */
static int read_all(const char *path, char **text, size_t *len)
{
	size_t cap = 0, n = 0;
	char *buf = NULL, *p;
	ssize_t got;
	int ret = 0;
	FILE *f;

	*text = NULL;
	f = fopen(path, "re");
	if (!f)
		return errno;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > SOURCE_SIZE_MAX) {
				ret = EFBIG;
				goto cleanup;
			}
			p = realloc(buf, cap);
			if (!p) {
				ret = ENOMEM;
				goto cleanup;
			}
			buf = p;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f))
				ret = errno ? errno : EIO;
			break;
		}
	}
	*text = buf;
	*len = n;
	buf = NULL;

cleanup:
	free(buf);
	fclose(f);
	return ret;
}

/* Parse a source in place of the current one, then come back to it. */
static void parse_src(struct compiler *c, struct src *s)
{
	struct src *saved_src = c->cur;
	struct token saved_tok = c->tok;

	s->parent = saved_src;
	c->cur = s;
	c->depth++;
	next(c);
	parse_file(c);
	c->depth--;
	c->cur = saved_src;
	c->tok = saved_tok;
}

static void report_cycle(struct compiler *c, const struct loc *loc,
			 const struct src *first, const char *again)
{
	size_t len = 0, n;
	const struct src *s;
	char *msg;

	for (s = c->cur; s; s = s->parent) {
		len += strlen(s->name) + 4;
		if (s == first)
			break;
	}
	msg = malloc(len + strlen(again) + 1);
	if (!msg) {
		compile_error(c, loc, "include cycle back to %s", again);
		return;
	}
	/* Written from the end: the chain goes from the include upwards. */
	n = len;
	msg[n] = '\0';
	strcpy(msg + n, again);
	for (s = c->cur; s; s = s->parent) {
		size_t l = strlen(s->name);

		n -= l + 4;
		memcpy(msg + n, s->name, l);
		memcpy(msg + n + l, " -> ", 4);
		if (s == first)
			break;
	}
	compile_error(c, loc, "include cycle: %s", msg);
	free(msg);
}

/*
 * Drop "./" and "dir/../" from @path, in place, so that errors name
 * "a/b.sipc" rather than "a/inc/../b.sipc".  Only lexical: this is for
 * messages; files are told apart by realpath().
 */
static void tidy_path(char *path)
{
	char *out = path, *in = path, *prev, *end;
	size_t len;

	if (*in == '/')
		*out++ = *in++;
	while (*in) {
		len = strcspn(in, "/");
		if (len == 0 || (len == 1 && in[0] == '.')) {
			in += len + (in[len] == '/');
			continue;
		}
		if (len == 2 && in[0] == '.' && in[1] == '.') {
			/* out is empty, "/", or ends in "component/" */
			end = out > path && out[-1] == '/' ? out - 1 : out;
			prev = end;
			while (prev > path && prev[-1] != '/')
				prev--;
			if (end > prev && strncmp(prev, "../", 3)) {
				out = prev;
				in += len + (in[len] == '/');
				continue;
			}
			if (out == path + 1 && *path == '/') {	/* "/.." */
				in += len + (in[len] == '/');
				continue;
			}
		}
		memmove(out, in, len);
		out += len;
		in += len;
		if (*in == '/')
			*out++ = *in++;
	}
	if (out > path + 1 && out[-1] == '/')
		out--;
	if (out == path)
		*out++ = '.';
	*out = '\0';
}

static void do_include(struct compiler *c, const char *path,
		       const struct loc *loc)
{
	const char *slash = strrchr(c->cur->name, '/');
	char *name = NULL, *real = NULL, *text = NULL;
	const struct src *s;
	struct src *src;
	size_t len;
	int err;

	if (path[0] == '/' || !slash) {
		name = strdup(path);
	} else if (asprintf(&name, "%.*s/%s", (int)(slash - c->cur->name),
			    c->cur->name, path) < 0) {
		name = NULL;
	}
	if (!name) {
		compile_error(c, loc, "out of memory");
		c->stop = true;
		return;
	}
	tidy_path(name);
	real = realpath(name, NULL);
	if (!real) {
		compile_error(c, loc, "cannot include \"%s\": %s: %s", path,
			      name, strerror(errno));
		goto cleanup;
	}
	for (s = c->cur; s; s = s->parent) {
		if (s->real && !strcmp(s->real, real)) {
			report_cycle(c, loc, s, name);
			goto cleanup;
		}
	}
	for (s = c->srcs; s; s = s->next)
		if (s->real && !strcmp(s->real, real))
			goto cleanup;	/* read once already */
	if (c->depth >= INCLUDE_DEPTH_MAX) {
		compile_error(c, loc, "includes nested more than %d deep",
			      INCLUDE_DEPTH_MAX);
		goto cleanup;
	}
	err = read_all(name, &text, &len);
	if (err) {
		compile_error(c, loc, "cannot include \"%s\": %s: %s", path,
			      name, strerror(err));
		goto cleanup;
	}
	src = src_new(c, name, real, text, len);
	if (src)
		parse_src(c, src);

cleanup:
	free(text);
	free(real);
	free(name);
}

/* include "path"; */
static int parse_include(struct compiler *c)
{
	struct loc loc;
	const char *path;

	next(c);
	if (c->tok.type != T_STRING)
		return expect(c, T_STRING, "a quoted file name");
	path = c->tok.text;
	loc = c->tok.loc;
	next(c);
	if (c->tok.type != T_SEMI)
		return expect(c, T_SEMI, "';'");
	/* Read it before looking past the ';', to report in file order. */
	do_include(c, path, &loc);
	next(c);
	return 0;
}

/* The mode named by the current token; -1 after an error. */
static int parse_mode_name(struct compiler *c, bool global_ok)
{
	char buf[80];
	int mode;

	if (c->tok.type != T_WORD)
		return syntax_error(c, "expected a mode (enforce, permissive, learn), found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	mode = sipc_mode_by_name(c->tok.text);
	if (mode == SIPC_MODE_GLOBAL && !global_ok) {
		compile_error(c, &c->tok.loc,
			      "the global mode must be enforce, permissive or learn");
		mode = -1;
	} else if (mode < 0) {
		compile_error(c, &c->tok.loc,
			      "unknown mode '%s' (valid: enforce permissive learn%s)",
			      c->tok.text, global_ok ? " global" : "");
	}
	next(c);
	return mode;
}

/* mode enforce; */
static int parse_global_mode(struct compiler *c)
{
	struct loc loc = c->tok.loc;
	char where[300];
	int mode;

	next(c);
	if (c->tok.type != T_WORD)
		return parse_mode_name(c, false);
	mode = parse_mode_name(c, false);
	if (expect(c, T_SEMI, "';'"))
		return -1;
	if (c->mode_set) {
		compile_error(c, &loc, "the global mode is already set at %s",
			      loc_str(&c->mode_loc, where, sizeof(where)));
	} else if (mode > 0) {
		c->mode_set = true;
		c->mode_loc = loc;
		c->mode = mode;
	}
	return 0;
}

static bool add_match(struct compiler *c, const struct sipc_policy_match *m,
		      const struct loc *loc)
{
	void *p;

	if (c->nr_matches >= SIPC_MATCHES_MAX) {
		compile_error(c, loc, "too many match rules: at most %u",
			      SIPC_MATCHES_MAX);
		return false;
	}
	p = compile_grow(c, c->matches, &c->cap_matches, c->nr_matches + 1,
			 sizeof(*c->matches));
	if (!p)
		return false;
	c->matches = p;
	c->matches[c->nr_matches++] = *m;
	return true;
}

/* One fact of a match, at the current token. */
static int parse_fact(struct compiler *c, struct sipc_policy_match *m)
{
	static const struct {
		const char *name;
		uint32_t flag;
	} facts[] = {
		{ "exe", SIPC_MATCH_EXE }, { "uid", SIPC_MATCH_UID },
		{ "gid", SIPC_MATCH_GID }, { "cgroup", SIPC_MATCH_CGROUP },
	};
	const char *name = c->tok.text;
	char buf[80];
	uint32_t flag = 0, id;
	size_t i;

	for (i = 0; i < sizeof(facts) / sizeof(facts[0]); i++)
		if (!strcmp(facts[i].name, name))
			flag = facts[i].flag;
	if (!flag) {
		compile_error(c, &c->tok.loc,
			      "unknown fact '%s' in match (valid: exe uid gid cgroup)",
			      name);
		return -1;
	}
	if (m->flags & flag)
		compile_error(c, &c->tok.loc, "'%s' given twice in one match",
			      name);
	m->flags |= flag;
	next(c);
	if (flag == SIPC_MATCH_EXE || flag == SIPC_MATCH_CGROUP) {
		if (c->tok.type != T_STRING)
			return syntax_error(c, "expected a quoted path pattern after '%s', found %s",
					    name, tok_describe(&c->tok, buf, sizeof(buf)));
		if (check_pattern(c, name, PATH_ABSOLUTE)) {
			if (flag == SIPC_MATCH_EXE)
				m->exe = add_string(c, c->tok.text);
			else
				m->cgroup = add_string(c, c->tok.text);
		}
		next(c);
		return 0;
	}
	if (c->tok.type != T_WORD)
		return syntax_error(c, "expected a number after '%s', found %s",
				    name, tok_describe(&c->tok, buf, sizeof(buf)));
	if (!parse_id(c->tok.text, &id))
		compile_error(c, &c->tok.loc,
			      "invalid %s '%.40s': expected a number from 0 to 4294967294",
			      name, c->tok.text);
	else if (flag == SIPC_MATCH_UID)
		m->uid = id;
	else
		m->gid = id;
	next(c);
	return 0;
}

/* match fact...; inside the block of role @role (0: an invalid role). */
static int parse_match(struct compiler *c, uint32_t role)
{
	struct sipc_policy_match m = { .role = role };
	unsigned int errors = c->nr_errors;
	struct loc loc = c->tok.loc;
	char buf[80];

	next(c);
	while (c->tok.type == T_WORD)
		if (parse_fact(c, &m))
			return -1;
	if (c->tok.type != T_SEMI)
		return syntax_error(c, m.flags ?
				    "expected another fact or ';', found %s" :
				    "expected a fact (exe, uid, gid, cgroup), found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	if (!m.flags)
		compile_error(c, &loc,
			      "a match needs at least one fact (exe, uid, gid or cgroup)");
	next(c);
	if (errors == c->nr_errors && role)
		add_match(c, &m, &loc);
	return 0;
}

static int parse_role_body(struct compiler *c, uint32_t role,
			   const char *name)
{
	struct loc loc, mode_loc = { 0 }, audit_loc = { 0 };
	char buf[80], where[300];
	bool mode_set = false, audit_set = false;
	int mode;

	next(c);
	for (;;) {
		if (c->stop)
			return -1;
		if (c->tok.type == T_RBRACE)
			break;
		if (is_word(c, "match")) {
			if (parse_match(c, role))
				recover(c, true);
		} else if (is_word(c, "mode")) {
			loc = c->tok.loc;
			next(c);
			mode = parse_mode_name(c, true);
			if (mode == -1 && c->tok.type != T_SEMI &&
			    c->tok.type != T_RBRACE) {
				recover(c, true);
				continue;
			}
			if (expect(c, T_SEMI, "';'")) {
				recover(c, true);
				continue;
			}
			if (mode_set) {
				compile_error(c, &loc,
					      "the mode of role '%s' is already set at %s",
					      name, loc_str(&mode_loc, where,
							    sizeof(where)));
			} else if (mode >= 0 && role) {
				c->roles[role].mode = mode;
			}
			if (!mode_set)
				mode_loc = loc;
			mode_set = true;
		} else if (is_word(c, "audit")) {
			loc = c->tok.loc;
			next(c);
			if (expect(c, T_SEMI, "';' after 'audit'")) {
				recover(c, true);
				continue;
			}
			if (audit_set)
				compile_error(c, &loc,
					      "role '%s' is already audited at %s",
					      name, loc_str(&audit_loc, where,
							    sizeof(where)));
			else if (role)
				c->roles[role].flags |= SIPC_ROLE_AUDIT;
			if (!audit_set)
				audit_loc = loc;
			audit_set = true;
		} else if (c->tok.type == T_EOF) {
			return syntax_error(c, "expected '}' to end role '%s', found end of file",
					    name);
		} else {
			syntax_error(c, "expected 'match', 'mode', 'audit' or '}' in role '%s', found %s",
				     name, tok_describe(&c->tok, buf, sizeof(buf)));
			recover(c, true);
		}
	}
	next(c);
	if (c->tok.type == T_SEMI)	/* "role x { ... };" is fine too */
		next(c);
	return 0;
}

/* role name; or role name { match ...; mode ...; } */
static int parse_role(struct compiler *c)
{
	const char *name;
	uint32_t role = 0, old;
	char buf[80], where[300];
	void *p;

	next(c);
	if (c->tok.type != T_WORD)
		return syntax_error(c, "expected a role name, found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	name = c->tok.text;
	if (!check_name(c, "role")) {
		/* go on with the block, to check it */
	} else if (!nametab_get(&c->role_names, name, &old)) {
		compile_error(c, &c->tok.loc,
			      "role '%s' is already declared at %s", name,
			      loc_str(&c->roles[old].loc, where, sizeof(where)));
	} else if (c->nr_roles > SIPC_ROLES_MAX) {
		compile_error(c, &c->tok.loc,
			      "too many roles: at most %d besides unconfined",
			      SIPC_ROLES_MAX);
	} else {
		p = compile_grow(c, c->roles, &c->cap_roles, c->nr_roles + 1,
				 sizeof(*c->roles));
		if (!p)
			return -1;
		c->roles = p;
		role = c->nr_roles++;
		c->roles[role] = (struct role){ .name = name,
			.mode = SIPC_MODE_GLOBAL, .loc = c->tok.loc };
		if (nametab_put(c, &c->role_names, name, role))
			return -1;
	}
	next(c);
	if (c->tok.type == T_SEMI) {
		next(c);
		return 0;
	}
	if (c->tok.type == T_LBRACE)
		return parse_role_body(c, role, name);
	return syntax_error(c, "expected ';' or '{' after role '%s', found %s",
			    name, tok_describe(&c->tok, buf, sizeof(buf)));
}

static bool ulist_add(struct compiler *c, struct ulist *l, uint32_t v)
{
	void *p = compile_grow(c, l->v, &l->cap, l->n + 1, sizeof(*l->v));

	if (!p)
		return false;
	l->v = p;
	l->v[l->n++] = v;
	return true;
}

/* The role the current word names, SELF, or -1 after an error. */
static int64_t role_ref(struct compiler *c, bool self_ok)
{
	const char *name = c->tok.text;
	uint32_t role;

	if (!strcmp(name, SIPC_ROLE_UNCONFINED_NAME))
		return SIPC_ROLE_UNCONFINED;
	if (!strcmp(name, "self")) {
		if (self_ok)
			return SELF;
		compile_error(c, &c->tok.loc,
			      "'self' can only be the object of an allow rule");
		return -1;
	}
	if (!nametab_get(&c->role_names, name, &role))
		return role;
	if (!nametab_get(&c->set_names, name, &role))
		compile_error(c, &c->tok.loc,
			      "role '%s' is not declared (to use set '%s', write '$%s')",
			      name, name, name);
	else
		compile_error(c, &c->tok.loc, "role '%s' is not declared",
			      name);
	return -1;
}

/* The set the current $name token names, or NULL after an error. */
static const struct set *set_ref(struct compiler *c, bool perms)
{
	uint32_t i;

	if (nametab_get(&c->set_names, c->tok.text, &i)) {
		compile_error(c, &c->tok.loc, "set '%s' is not declared",
			      c->tok.text);
		return NULL;
	}
	if (c->sets[i].perms != perms) {
		compile_error(c, &c->tok.loc, "set '%s' is a set of %s, not of %s",
			      c->tok.text, perms ? "roles" : "permissions",
			      perms ? "permissions" : "roles");
		return NULL;
	}
	return &c->sets[i];
}

/* One role, $set or self into @l; false after an error. */
static bool role_item(struct compiler *c, struct ulist *l, bool self_ok)
{
	const struct set *set;
	int64_t role;
	size_t i;

	if (c->tok.type == T_SETREF) {
		set = set_ref(c, false);
		if (!set)
			return false;
		for (i = 0; i < set->nr_roles; i++)
			if (!ulist_add(c, l, set->roles[i]))
				return false;
		return true;
	}
	role = role_ref(c, self_ok);
	return role >= 0 && ulist_add(c, l, role);
}

/* Subjects or objects: name | $set | { name $set ... } */
static int parse_roles(struct compiler *c, struct ulist *l, bool self_ok)
{
	struct loc loc = c->tok.loc;
	char buf[80];

	l->n = 0;
	if (c->tok.type == T_WORD || c->tok.type == T_SETREF) {
		role_item(c, l, self_ok);
		next(c);
		return 0;
	}
	if (c->tok.type != T_LBRACE)
		return syntax_error(c, "expected a role, '$set' or '{', found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	next(c);
	if (c->tok.type == T_RBRACE) {
		compile_error(c, &loc, "empty list of roles");
		next(c);
		return 0;
	}
	while (c->tok.type != T_RBRACE) {
		if (c->tok.type != T_WORD && c->tok.type != T_SETREF)
			return syntax_error(c, "expected a role, '$set' or '}', found %s",
					    tok_describe(&c->tok, buf, sizeof(buf)));
		role_item(c, l, self_ok);
		next(c);
	}
	next(c);
	return 0;
}

/* A class name or { names }: a bit per class, in @classes. */
static int parse_classes(struct compiler *c, uint32_t *classes,
			 unsigned int *order, unsigned int *nr)
{
	bool list = c->tok.type == T_LBRACE;
	struct loc loc = c->tok.loc;
	char buf[80], valid[200];
	int cls, i;

	*classes = 0;
	*nr = 0;
	if (list)
		next(c);
	do {
		if (list && c->tok.type == T_RBRACE) {
			if (!*nr)
				compile_error(c, &loc, "empty list of classes");
			break;
		}
		if (c->tok.type != T_WORD)
			return syntax_error(c, list ?
					    "expected a class or '}', found %s" :
					    "expected a class or '{', found %s",
					    tok_describe(&c->tok, buf, sizeof(buf)));
		cls = sipc_class_by_name(c->tok.text);
		if (cls < 0) {
			valid[0] = '\0';
			for (i = 1; i <= SIPC_CLASS_MAX; i++)
				snprintf(valid + strlen(valid),
					 sizeof(valid) - strlen(valid),
					 "%s%s", i > 1 ? " " : "",
					 sipc_class_name(i));
			compile_error(c, &c->tok.loc,
				      "unknown class '%.40s' (valid: %s)",
				      c->tok.text, valid);
		} else if (!(*classes & (1U << cls))) {
			*classes |= 1U << cls;
			order[(*nr)++] = cls;
		}
		next(c);
	} while (list);
	if (list)
		next(c);
	return 0;
}

/* Check permission bits @bits named @what against every class. */
static bool perms_fit(struct compiler *c, const struct loc *loc,
		      uint32_t bits, const char *what, const char *set,
		      const unsigned int *order, unsigned int nr)
{
	char valid[200], setname[80] = "";
	uint32_t bad;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		bad = bits & ~sipc_class_perms(order[i]);
		if (!bad)
			continue;
		sipc_perms_format(sipc_class_perms(order[i]), valid,
				  sizeof(valid));
		if (set)
			snprintf(setname, sizeof(setname), " (in set '%s')",
				 set);
		compile_error(c, loc,
			      "permission '%s'%s is not valid for class %s (valid: %s)",
			      what ? what : sipc_perm_name(bad & -bad),
			      setname, sipc_class_name(order[i]), valid);
		return false;
	}
	return true;
}

/* One permission word or $set, checked against the classes. */
static void perm_item(struct compiler *c, uint32_t *perms,
		      const unsigned int *order, unsigned int nr)
{
	const struct set *set;
	char valid[200];
	uint32_t bit;

	if (c->tok.type == T_SETREF) {
		set = set_ref(c, true);
		if (set && perms_fit(c, &c->tok.loc, set->bits, NULL,
				     set->name, order, nr))
			*perms |= set->bits;
		return;
	}
	bit = sipc_perm_by_name(c->tok.text);
	if (!bit) {
		sipc_perms_format(nr ? sipc_class_perms(order[0]) : 0, valid,
				  sizeof(valid));
		if (nr)
			compile_error(c, &c->tok.loc,
				      "unknown permission '%.40s' for class %s (valid: %s)",
				      c->tok.text, sipc_class_name(order[0]),
				      valid);
		else
			compile_error(c, &c->tok.loc,
				      "unknown permission '%.40s'", c->tok.text);
		return;
	}
	if (perms_fit(c, &c->tok.loc, bit, c->tok.text, NULL, order, nr))
		*perms |= bit;
}

/* Permissions: * | name | $set | { name $set ... } */
static int parse_perms(struct compiler *c, uint32_t *perms, bool *all,
		       const unsigned int *order, unsigned int nr)
{
	struct loc loc = c->tok.loc;
	char buf[80];

	*perms = 0;
	*all = false;
	if (c->tok.type == T_STAR) {
		*all = true;
		next(c);
		return 0;
	}
	if (c->tok.type == T_WORD || c->tok.type == T_SETREF) {
		perm_item(c, perms, order, nr);
		next(c);
		return 0;
	}
	if (c->tok.type != T_LBRACE)
		return syntax_error(c, "expected permissions ('*', a name, '$set' or '{'), found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	next(c);
	if (c->tok.type == T_RBRACE)
		compile_error(c, &loc,
			      "empty list of permissions (write '*' for all of them)");
	while (c->tok.type != T_RBRACE) {
		if (c->tok.type != T_WORD && c->tok.type != T_SETREF)
			return syntax_error(c, "expected a permission, '$set' or '}', found %s",
					    tok_describe(&c->tok, buf, sizeof(buf)));
		perm_item(c, perms, order, nr);
		next(c);
	}
	next(c);
	return 0;
}

static int parse_allow_iface(struct compiler *c, uint32_t fi,
			     unsigned int errors);

/* [audit] allow subjects objects : classes perms; or : interface perms; */
static int parse_allow(struct compiler *c, bool audit)
{
	unsigned int errors = c->nr_errors, order[SIPC_CLASS_MAX + 1], nr, k;
	struct loc loc = c->tok.loc;
	uint32_t classes, perms, obj;
	size_t i, j;
	bool all;

	next(c);
	if (parse_roles(c, &c->subjects, false) ||
	    parse_roles(c, &c->objects, true) ||
	    expect(c, T_COLON, "':'"))
		return -1;
	if (c->tok.type == T_WORD &&
	    !nametab_get(&c->iface_names, c->tok.text, &obj)) {
		if (audit)
			compile_error(c, &loc,
				      "'audit allow' takes classes, not the interface '%s'",
				      c->tok.text);
		return parse_allow_iface(c, obj, errors);
	}
	if (parse_classes(c, &classes, order, &nr) ||
	    parse_perms(c, &perms, &all, order, nr) ||
	    expect(c, T_SEMI, "';'"))
		return -1;
	if (errors != c->nr_errors)
		return 0;
	for (i = 0; i < c->subjects.n && !c->rules_full; i++) {
		for (j = 0; j < c->objects.n; j++) {
			obj = c->objects.v[j] == SELF ? c->subjects.v[i] :
							 c->objects.v[j];
			for (k = 0; k < nr; k++)
				rule_add(c, c->subjects.v[i], obj, order[k],
					 all ? sipc_class_perms(order[k]) :
					       perms, audit, &loc);
		}
	}
	return 0;
}

/* One element of a set; the first decides whether roles or perms. */
static void set_item(struct compiler *c, struct set *set, size_t nr)
{
	uint32_t bit, role;
	size_t i;

	if (c->tok.type == T_SETREF) {
		uint32_t idx;

		if (nametab_get(&c->set_names, c->tok.text, &idx)) {
			compile_error(c, &c->tok.loc, "set '%s' is not declared",
				      c->tok.text);
			return;
		}
		if (!nr)
			set->perms = c->sets[idx].perms;
		if (c->sets[idx].perms != set->perms) {
			compile_error(c, &c->tok.loc,
				      "set '%s' mixes roles and permissions: '$%s' is a set of %s",
				      set->name, c->tok.text,
				      set->perms ? "roles" : "permissions");
			return;
		}
		set->bits |= c->sets[idx].bits;
		/* c->sets may move as set->roles grows: copy by index. */
		for (i = 0; i < c->sets[idx].nr_roles; i++) {
			void *p = compile_grow(c, set->roles, &set->cap_roles,
					       set->nr_roles + 1,
					       sizeof(*set->roles));
			if (!p)
				return;
			set->roles = p;
			set->roles[set->nr_roles++] = c->sets[idx].roles[i];
		}
		return;
	}
	bit = sipc_perm_by_name(c->tok.text);
	role = UINT32_MAX;
	if (!strcmp(c->tok.text, SIPC_ROLE_UNCONFINED_NAME))
		role = SIPC_ROLE_UNCONFINED;
	else
		nametab_get(&c->role_names, c->tok.text, &role);
	if (!nr)
		set->perms = role == UINT32_MAX && bit;
	if (!strcmp(c->tok.text, "self")) {
		compile_error(c, &c->tok.loc,
			      "'self' cannot be in a set: it can only be the object of an allow rule");
	} else if (set->perms && bit) {
		set->bits |= bit;
	} else if (!set->perms && role != UINT32_MAX) {
		void *p = compile_grow(c, set->roles, &set->cap_roles,
				       set->nr_roles + 1, sizeof(*set->roles));
		if (!p)
			return;
		set->roles = p;
		set->roles[set->nr_roles++] = role;
	} else if (!nr || (role == UINT32_MAX && !bit)) {
		compile_error(c, &c->tok.loc,
			      "'%.40s' is neither a declared role nor a permission",
			      c->tok.text);
	} else {
		compile_error(c, &c->tok.loc,
			      "set '%s' mixes roles and permissions: '%s' is not a %s",
			      set->name, c->tok.text,
			      set->perms ? "permission" : "declared role");
	}
}

/* set name = { elements }; */
static int parse_set(struct compiler *c)
{
	struct set set = { 0 };
	bool ok = true;
	char buf[80], where[300];
	struct loc brace;
	uint32_t old;
	size_t nr = 0;
	void *p;

	next(c);
	if (c->tok.type != T_WORD)
		return syntax_error(c, "expected a set name, found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	set.name = c->tok.text;
	set.loc = c->tok.loc;
	if (!check_name(c, "set")) {
		ok = false;
	} else if (!nametab_get(&c->set_names, set.name, &old)) {
		compile_error(c, &c->tok.loc,
			      "set '%s' is already declared at %s", set.name,
			      loc_str(&c->sets[old].loc, where, sizeof(where)));
		ok = false;
	}
	next(c);
	if (expect(c, T_EQUALS, "'='"))
		goto fail;
	brace = c->tok.loc;
	if (expect(c, T_LBRACE, "'{'"))
		goto fail;
	while (c->tok.type != T_RBRACE) {
		if (c->tok.type != T_WORD && c->tok.type != T_SETREF) {
			syntax_error(c, "expected a role, a permission, '$set' or '}', found %s",
				     tok_describe(&c->tok, buf, sizeof(buf)));
			goto fail;
		}
		set_item(c, &set, nr++);
		next(c);
	}
	if (!nr) {
		compile_error(c, &brace, "set '%s' is empty", set.name);
		ok = false;
	}
	next(c);
	if (expect(c, T_SEMI, "';'"))
		goto fail;
	if (!ok)
		goto drop;
	p = compile_grow(c, c->sets, &c->cap_sets, c->nr_sets + 1,
			 sizeof(*c->sets));
	if (!p || nametab_put(c, &c->set_names, set.name, c->nr_sets))
		goto drop;
	c->sets = p;
	c->sets[c->nr_sets++] = set;
	return 0;

fail:
	free(set.roles);
	return -1;
drop:
	free(set.roles);
	return 0;
}

static const struct {
	const char *name;
	uint32_t kind;
	enum path_kind path;	/* for name kinds */
	bool key;
} label_kinds[] = {
	{ "unix", SIPC_LABEL_UNIX, PATH_UNIX, false },
	{ "fifo", SIPC_LABEL_FIFO, PATH_ABSOLUTE, false },
	{ "msgq", SIPC_LABEL_MSGQ, 0, true },
	{ "shm", SIPC_LABEL_SHM, 0, true },
	{ "sem", SIPC_LABEL_SEM, 0, true },
	{ "mqueue", SIPC_LABEL_MQUEUE, PATH_MQUEUE, false },
};

/* Record label @l unless the same object was labelled before. */
static void add_label(struct compiler *c, struct sipc_policy_label *l,
		      const char *kind, const char *object,
		      const struct loc *loc)
{
	char *key, where[300];
	uint32_t old;
	void *p;

	if (asprintf(&key, "%s %s", kind, object) < 0) {
		compile_error(c, loc, "out of memory");
		c->stop = true;
		return;
	}
	if (!nametab_get(&c->label_names, key, &old)) {
		compile_error(c, loc,
			      "%s %s is already labelled at %s (the first label wins, this one would never apply)",
			      kind, object,
			      loc_str(&c->label_locs[old], where, sizeof(where)));
		free(key);
		return;
	}
	if (c->nr_labels >= SIPC_LABELS_MAX) {
		compile_error(c, loc, "too many labels: at most %u",
			      SIPC_LABELS_MAX);
		free(key);
		return;
	}
	p = compile_grow(c, c->label_keys, &c->cap_label_keys,
			 c->nr_label_keys + 1, sizeof(*c->label_keys));
	if (!p) {
		free(key);
		return;
	}
	c->label_keys = p;
	c->label_keys[c->nr_label_keys++] = key;
	p = compile_grow(c, c->labels, &c->cap_labels, c->nr_labels + 1,
			 sizeof(*c->labels));
	if (!p)
		return;
	c->labels = p;
	p = compile_grow(c, c->label_locs, &c->cap_label_locs,
			 c->nr_labels + 1, sizeof(*c->label_locs));
	if (!p)
		return;
	c->label_locs = p;
	if (nametab_put(c, &c->label_names, key, c->nr_labels))
		return;
	c->label_locs[c->nr_labels] = *loc;
	c->labels[c->nr_labels++] = *l;
}

/* label kind "pattern"|key role; */
static int parse_label(struct compiler *c)
{
	unsigned int errors = c->nr_errors;
	struct sipc_policy_label l = { 0 };
	char buf[80], object[64];
	const char *pattern = NULL;
	struct loc loc;
	int64_t role;
	size_t k;

	next(c);
	if (c->tok.type != T_WORD)
		return syntax_error(c, "expected a label kind (unix fifo msgq shm sem mqueue), found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	for (k = 0; k < sizeof(label_kinds) / sizeof(label_kinds[0]); k++)
		if (!strcmp(label_kinds[k].name, c->tok.text))
			break;
	if (k == sizeof(label_kinds) / sizeof(label_kinds[0])) {
		compile_error(c, &c->tok.loc,
			      "unknown label kind '%.40s' (valid: unix fifo msgq shm sem mqueue)",
			      c->tok.text);
		return -1;
	}
	l.kind = label_kinds[k].kind;
	next(c);
	loc = c->tok.loc;
	if (label_kinds[k].key) {
		if (c->tok.type != T_WORD)
			return syntax_error(c, "expected a SysV key after '%s', found %s",
					    label_kinds[k].name,
					    tok_describe(&c->tok, buf, sizeof(buf)));
		if (!parse_key(c->tok.text, &l.key))
			compile_error(c, &loc,
				      "invalid SysV key '%.40s': expected a number from -2147483648 to 4294967295, decimal or 0x hex",
				      c->tok.text);
		else if (!l.key)
			compile_error(c, &loc,
				      "key 0 is IPC_PRIVATE: objects created with it have no key to label");
		snprintf(object, sizeof(object), "key %d", l.key);
	} else {
		if (c->tok.type != T_STRING)
			return syntax_error(c, "expected a quoted %s pattern, found %s",
					    label_kinds[k].name,
					    tok_describe(&c->tok, buf, sizeof(buf)));
		if (check_pattern(c, label_kinds[k].name, label_kinds[k].path))
			l.name = add_string(c, c->tok.text);
		pattern = c->tok.text;
	}
	next(c);
	if (c->tok.type != T_WORD)
		return syntax_error(c, "expected the role of the object, found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	role = role_ref(c, false);
	l.role = role < 0 ? 0 : role;
	next(c);
	if (expect(c, T_SEMI, "';'"))
		return -1;
	if (errors != c->nr_errors)
		return 0;
	if (pattern) {
		char *quoted = NULL;

		if (asprintf(&quoted, "\"%s\"", pattern) < 0) {
			compile_error(c, &loc, "out of memory");
			c->stop = true;
			return -1;
		}
		add_label(c, &l, label_kinds[k].name, quoted, &loc);
		free(quoted);
	} else {
		add_label(c, &l, label_kinds[k].name, object, &loc);
	}
	return 0;
}

/* Record one "require seal"; compacted when repeats pile up. */
static void add_seal(struct compiler *c, uint32_t sender, uint32_t object,
		     uint32_t cls, const struct loc *loc)
{
	void *p;

	if (c->nr_seals >= 2 * (size_t)SIPC_SEALS_MAX &&
	    seals_compact(c) >= SIPC_SEALS_MAX) {
		compile_error(c, loc,
			      "too many require seal statements: more than %u distinct (sender, object, class)",
			      SIPC_SEALS_MAX);
		c->stop = true;
		return;
	}
	p = compile_grow(c, c->seals, &c->cap_seals, c->nr_seals + 1,
			 sizeof(*c->seals));
	if (!p)
		return;
	c->seals = p;
	c->seals[c->nr_seals++] = (struct sipc_policy_seal){
		.sender = sender, .object = object, .class = cls };
}

/* require seal senders objects : msgq; */
static int parse_require(struct compiler *c)
{
	unsigned int errors = c->nr_errors, order[SIPC_CLASS_MAX + 1], nr, k;
	struct loc loc = c->tok.loc, cls_loc;
	uint32_t classes, obj;
	char buf[80];
	size_t i, j;

	next(c);
	if (!is_word(c, "seal"))
		return syntax_error(c, "expected 'seal' after 'require', found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	next(c);
	if (parse_roles(c, &c->subjects, false) ||
	    parse_roles(c, &c->objects, true) ||
	    expect(c, T_COLON, "':'"))
		return -1;
	cls_loc = c->tok.loc;
	if (parse_classes(c, &classes, order, &nr) ||
	    expect(c, T_SEMI, "';'"))
		return -1;
	for (k = 0; k < nr; k++) {
		if (order[k] == SIPC_CLASS_MSGQ)
			continue;
		compile_error(c, &cls_loc,
			      "class %s cannot require sealing: only msgq, whose messages the kernel checks at msgsnd",
			      sipc_class_name(order[k]));
		break;
	}
	if (errors != c->nr_errors)
		return 0;
	for (i = 0; i < c->subjects.n && !c->stop; i++) {
		for (j = 0; j < c->objects.n && !c->stop; j++) {
			obj = c->objects.v[j] == SELF ? c->subjects.v[i] :
							 c->objects.v[j];
			add_seal(c, c->subjects.v[i], obj, SIPC_CLASS_MSGQ,
				 &loc);
		}
	}
	return 0;
}

/*
 * A duration: a whole number and a unit, "500ms", "30s", "10m", "12h",
 * "7d", at most 30 days.  1 and *@ms set; 0 after an error in the value;
 * -1 after a syntax error (not a word).  The token is consumed unless -1.
 */
static int parse_duration(struct compiler *c, const char *what, uint32_t *ms)
{
	static const struct {
		const char *unit;
		uint64_t ms;
	} units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
		{ "d", 86400000 },
	};
	const char *s = c->tok.text;
	uint64_t v = 0;
	char buf[80];
	size_t i;

	if (c->tok.type != T_WORD)
		return syntax_error(c, "expected a duration after '%s' (a number and ms, s, m, h or d), found %s",
				    what, tok_describe(&c->tok, buf, sizeof(buf)));
	for (; *s >= '0' && *s <= '9' && v <= UINT32_MAX; s++)
		v = v * 10 + (*s - '0');
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(s, units[i].unit))
			break;
	if (s == c->tok.text || i == sizeof(units) / sizeof(units[0]) ||
	    v > UINT32_MAX || v * units[i].ms > SIPC_KEYS_ROTATE_MAX_MS) {
		compile_error(c, &c->tok.loc,
			      "invalid duration '%.40s' after '%s': expected a whole number and a unit (ms, s, m, h, d), at most 30d",
			      c->tok.text, what);
		next(c);
		return 0;
	}
	*ms = v * units[i].ms;
	next(c);
	return 1;
}

/* The word @word, consumed; -1 after a syntax error. */
static int expect_word(struct compiler *c, const char *word, const char *after)
{
	char buf[80];

	if (!is_word(c, word))
		return syntax_error(c, "expected '%s' after '%s', found %s",
				    word, after,
				    tok_describe(&c->tok, buf, sizeof(buf)));
	next(c);
	return 0;
}

/* keys rotate every DURATION grace DURATION; */
static int parse_keys(struct compiler *c)
{
	struct loc loc = c->tok.loc, every_loc, grace_loc;
	uint32_t every = 0, grace = 0;
	int ok_every, ok_grace;
	char where[300];

	next(c);
	if (expect_word(c, "rotate", "keys") ||
	    expect_word(c, "every", "keys rotate"))
		return -1;
	every_loc = c->tok.loc;
	ok_every = parse_duration(c, "every", &every);
	if (ok_every < 0 || expect_word(c, "grace", "the rotation period"))
		return -1;
	grace_loc = c->tok.loc;
	ok_grace = parse_duration(c, "grace", &grace);
	if (ok_grace < 0 || expect(c, T_SEMI, "';'"))
		return -1;
	if (ok_every && every < SIPC_KEYS_ROTATE_MIN_MS) {
		compile_error(c, &every_loc,
			      "keys cannot rotate more often than every 1s");
		ok_every = 0;
	}
	if (ok_every && ok_grace && grace > every) {
		compile_error(c, &grace_loc,
			      "the grace window is longer than the rotation period: the next rotation would cut it short");
		ok_grace = 0;
	}
	if (c->keys_set) {
		compile_error(c, &loc, "key rotation is already set at %s",
			      loc_str(&c->keys_loc, where, sizeof(where)));
		return 0;
	}
	if (!ok_every || !ok_grace)
		return 0;
	c->keys_set = true;
	c->keys_loc = loc;
	c->keys = (struct sipc_policy_keys){ .rotate_ms = every,
					     .grace_ms = grace };
	return 0;
}

/* ------------------------------------------------------------------ */
/* Interfaces and operations (Documentation/process-mediation.rst)     */
/* ------------------------------------------------------------------ */

/* The bit of permission @name of interface @f, or -1. */
static int iface_perm(const struct compiler *c, const struct iface *f,
		      const char *name)
{
	uint32_t i;

	for (i = 0; i < f->e.nr_perms; i++)
		if (!strcmp(c->strings + f->e.perm_names[i], name))
			return i;
	return -1;
}

/* The names of @f's permissions, for messages. */
static const char *iface_perms_list(const struct compiler *c,
				    const struct iface *f, char *buf,
				    size_t len)
{
	uint32_t i;

	buf[0] = '\0';
	for (i = 0; i < f->e.nr_perms; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			 i ? " " : "", c->strings + f->e.perm_names[i]);
	return buf;
}

/* One permission name of @f into @perms; false after an error. */
static bool iface_perm_item(struct compiler *c, const struct iface *f,
			    uint32_t *perms)
{
	char buf[80], valid[SIPC_IFACE_PERMS_MAX * SIPC_ROLE_NAME_MAX];
	int bit;

	if (c->tok.type != T_WORD) {
		syntax_error(c, "expected a permission of interface '%s', found %s",
			     f->name, tok_describe(&c->tok, buf, sizeof(buf)));
		return false;
	}
	bit = iface_perm(c, f, c->tok.text);
	if (bit < 0) {
		compile_error(c, &c->tok.loc,
			      "unknown permission '%.40s' of interface %s (valid: %s)",
			      c->tok.text, f->name,
			      iface_perms_list(c, f, valid, sizeof(valid)));
		return true;
	}
	*perms |= 1U << bit;
	return true;
}

/* perm NAME...; */
static int parse_iface_perm(struct compiler *c, struct iface *f)
{
	char buf[80];

	next(c);
	if (c->tok.type == T_SEMI)
		return syntax_error(c, "expected a permission name after 'perm', found ';'");
	while (c->tok.type != T_SEMI) {
		if (c->tok.type != T_WORD)
			return syntax_error(c, "expected a permission name or ';', found %s",
					    tok_describe(&c->tok, buf, sizeof(buf)));
		if (!check_name(c, "permission")) {
			/* reported */
		} else if (iface_perm(c, f, c->tok.text) >= 0) {
			compile_error(c, &c->tok.loc,
				      "permission '%s' of interface '%s' is already declared",
				      c->tok.text, f->name);
		} else if (f->e.nr_perms >= SIPC_IFACE_PERMS_MAX) {
			compile_error(c, &c->tok.loc,
				      "too many permissions in interface '%s': at most %d",
				      f->name, SIPC_IFACE_PERMS_MAX);
		} else {
			f->e.perm_names[f->e.nr_perms++] =
				add_string(c, c->tok.text);
		}
		next(c);
	}
	next(c);
	return 0;
}

/* Parse an operation id: decimal, 1 to 2^63 - 1. */
static bool parse_op_id(const char *s, __u64 *id)
{
	uint64_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > ((uint64_t)INT64_MAX - (*s - '0')) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*id = v;
	return v != 0;
}

/* op NAME = ID [requires PERM...]; */
static int parse_iface_op(struct compiler *c, uint32_t fi)
{
	struct sipc_policy_operation op = { .interface = fi };
	struct iface *f = &c->ifaces[fi];
	struct loc loc, id_loc;
	const char *name;
	char buf[80];
	size_t i;
	void *p;

	next(c);
	loc = c->tok.loc;
	if (c->tok.type != T_WORD)
		return syntax_error(c, "expected an operation name after 'op', found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	name = c->tok.text;
	if (!check_name(c, "operation"))
		return -1;
	next(c);
	if (expect(c, T_EQUALS, "'=' and the operation's id"))
		return -1;
	id_loc = c->tok.loc;
	if (c->tok.type != T_WORD || !parse_op_id(c->tok.text, &op.id))
		return syntax_error(c, "expected an operation id from 1 to %lld, found %s",
				    (long long)INT64_MAX,
				    tok_describe(&c->tok, buf, sizeof(buf)));
	next(c);
	if (is_word(c, "requires")) {
		next(c);
		if (c->tok.type == T_SEMI)
			return syntax_error(c, "expected a permission after 'requires', found ';'");
		while (c->tok.type != T_SEMI) {
			if (!iface_perm_item(c, f, &op.requires))
				return -1;
			next(c);
		}
	}
	if (expect(c, T_SEMI, "'requires' or ';'"))
		return -1;
	for (i = 0; i < c->nr_ops; i++) {
		if (c->ops[i].interface != fi)
			continue;
		if (!strcmp(c->strings + c->ops[i].name, name)) {
			compile_error(c, &loc,
				      "operation '%s' of interface '%s' is already declared",
				      name, f->name);
			return 0;
		}
		if (c->ops[i].id == op.id) {
			compile_error(c, &id_loc,
				      "operation id %llu of interface '%s' is already used by '%s'",
				      (unsigned long long)op.id, f->name,
				      c->strings + c->ops[i].name);
			return 0;
		}
	}
	if (c->nr_ops >= SIPC_OPERATIONS_MAX) {
		compile_error(c, &loc, "too many operations: at most %d",
			      SIPC_OPERATIONS_MAX);
		return 0;
	}
	p = compile_grow(c, c->ops, &c->cap_ops, c->nr_ops + 1,
			 sizeof(*c->ops));
	if (!p)
		return -1;
	c->ops = p;
	op.name = add_string(c, name);
	c->ops[c->nr_ops++] = op;
	return 0;
}

/* The body of interface @fi: perm and op statements. */
static int parse_iface_body(struct compiler *c, uint32_t fi)
{
	struct iface *f = &c->ifaces[fi];
	char buf[80];
	int err;

	if (expect(c, T_LBRACE, "'{'"))
		return -1;
	while (c->tok.type != T_RBRACE) {
		if (c->stop)
			return -1;
		if (c->tok.type == T_EOF)
			return syntax_error(c, "expected '}' to end interface '%s', found end of file",
					    f->name);
		if (is_word(c, "perm")) {
			err = parse_iface_perm(c, f);
		} else if (is_word(c, "op")) {
			err = parse_iface_op(c, fi);
		} else {
			err = syntax_error(c, "expected 'perm', 'op' or '}' in interface '%s', found %s",
					   f->name, tok_describe(&c->tok, buf,
								 sizeof(buf)));
		}
		if (err)
			recover(c, true);
	}
	next(c);
	if (c->tok.type == T_SEMI)
		next(c);
	if (!f->e.nr_perms)
		compile_error(c, &f->loc,
			      "interface '%s' declares no permission (perm NAME...;)",
			      f->name);
	return 0;
}

/* interface NAME { perm P...; op NAME = ID requires P...; ... } */
static int parse_interface(struct compiler *c)
{
	char buf[80], where[300];
	struct iface *f;
	uint32_t old;
	void *p;

	next(c);
	if (c->tok.type != T_WORD)
		return syntax_error(c, "expected an interface name, found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	if (!check_name(c, "interface"))
		return -1;
	if (!nametab_get(&c->iface_names, c->tok.text, &old)) {
		compile_error(c, &c->tok.loc,
			      "interface '%s' is already declared at %s",
			      c->tok.text, loc_str(&c->ifaces[old].loc, where,
						   sizeof(where)));
		return -1;
	}
	if (sipc_class_by_name(c->tok.text) >= 0) {
		compile_error(c, &c->tok.loc,
			      "interface '%s' has the name of a class", c->tok.text);
		return -1;
	}
	if (c->nr_ifaces >= SIPC_INTERFACES_MAX) {
		compile_error(c, &c->tok.loc, "too many interfaces: at most %d",
			      SIPC_INTERFACES_MAX);
		return -1;
	}
	p = compile_grow(c, c->ifaces, &c->cap_ifaces, c->nr_ifaces + 1,
			 sizeof(*c->ifaces));
	if (!p)
		return -1;
	c->ifaces = p;
	f = &c->ifaces[c->nr_ifaces];
	*f = (struct iface){ .name = c->tok.text, .loc = c->tok.loc };
	f->e.name = add_string(c, c->tok.text);
	if (nametab_put(c, &c->iface_names, c->tok.text, c->nr_ifaces))
		return -1;
	next(c);
	return parse_iface_body(c, c->nr_ifaces++);
}

/* The interface the current word names, or -1 after an error. */
static int64_t iface_ref(struct compiler *c)
{
	uint32_t fi;
	char buf[80];

	if (c->tok.type != T_WORD)
		return syntax_error(c, "expected an interface name, found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	if (nametab_get(&c->iface_names, c->tok.text, &fi)) {
		compile_error(c, &c->tok.loc, "interface '%s' is not declared",
			      c->tok.text);
		return -1;
	}
	return fi;
}

/* implement ROLE IFACE on msgq; */
static int parse_implement(struct compiler *c)
{
	struct sipc_policy_implement im = { .class = SIPC_CLASS_MSGQ };
	char buf[80], where[300];
	int64_t role, fi;
	struct loc loc;
	size_t i;
	void *p;

	next(c);
	loc = c->tok.loc;
	if (c->tok.type != T_WORD)
		return syntax_error(c, "expected a role, found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	role = role_ref(c, false);
	if (role < 0)
		return -1;
	if (role == SIPC_ROLE_UNCONFINED) {
		compile_error(c, &loc,
			      "'unconfined' cannot implement an interface");
		return -1;
	}
	next(c);
	fi = iface_ref(c);
	if (fi < 0)
		return -1;
	next(c);
	if (!is_word(c, "on"))
		return syntax_error(c, "expected 'on', found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	next(c);
	if (c->tok.type != T_WORD || strcmp(c->tok.text, "msgq"))
		return syntax_error(c, "expected 'msgq' (the only class with operation ids), found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	next(c);
	if (expect(c, T_SEMI, "';'"))
		return -1;
	for (i = 0; i < c->nr_impls; i++) {
		if (c->impls[i].role == role &&
		    c->impls[i].class == im.class) {
			compile_error(c, &loc,
				      "role '%s' already implements interface '%s' on msgq at %s",
				      c->roles[role].name,
				      c->ifaces[c->impls[i].interface].name,
				      loc_str(&c->impl_locs[i], where,
					      sizeof(where)));
			return 0;
		}
	}
	im.role = role;
	im.interface = fi;
	p = compile_grow(c, c->impls, &c->cap_impls, c->nr_impls + 1,
			 sizeof(*c->impls));
	if (!p)
		return -1;
	c->impls = p;
	p = compile_grow(c, c->impl_locs, &c->cap_impl_locs, c->nr_impls + 1,
			 sizeof(*c->impl_locs));
	if (!p)
		return -1;
	c->impl_locs = p;
	c->impl_locs[c->nr_impls] = loc;
	c->impls[c->nr_impls++] = im;
	return 0;
}

/* allow subjects objects : IFACE perms; the part after the ':' */
static int parse_allow_iface(struct compiler *c, uint32_t fi,
			     unsigned int errors)
{
	const struct iface *f = &c->ifaces[fi];
	uint32_t perms = 0, obj;
	struct loc loc;
	char buf[80];
	size_t i, j;
	void *p;

	next(c);
	loc = c->tok.loc;
	if (c->tok.type == T_STAR) {
		perms = (uint32_t)((1ULL << f->e.nr_perms) - 1);
		next(c);
	} else if (c->tok.type == T_LBRACE) {
		next(c);
		if (c->tok.type == T_RBRACE)
			compile_error(c, &loc,
				      "empty list of permissions (write '*' for all of them)");
		while (c->tok.type != T_RBRACE) {
			if (!iface_perm_item(c, f, &perms))
				return -1;
			next(c);
		}
		next(c);
	} else if (c->tok.type == T_WORD) {
		iface_perm_item(c, f, &perms);
		next(c);
	} else {
		return syntax_error(c, "expected permissions of interface '%s' ('*', a name or '{'), found %s",
				    f->name, tok_describe(&c->tok, buf,
							  sizeof(buf)));
	}
	if (expect(c, T_SEMI, "';'"))
		return -1;
	if (errors != c->nr_errors)
		return 0;
	for (i = 0; i < c->subjects.n; i++) {
		for (j = 0; j < c->objects.n; j++) {
			obj = c->objects.v[j] == SELF ? c->subjects.v[i] :
							 c->objects.v[j];
			if (c->nr_op_rules >= SIPC_OP_RULES_MAX) {
				compile_error(c, &loc,
					      "too many interface rules: at most %u",
					      SIPC_OP_RULES_MAX);
				return 0;
			}
			p = compile_grow(c, c->op_rules, &c->cap_op_rules,
					 c->nr_op_rules + 1,
					 sizeof(*c->op_rules));
			if (!p)
				return -1;
			c->op_rules = p;
			c->op_rules[c->nr_op_rules++] =
				(struct sipc_policy_op_rule){
					c->subjects.v[i], obj, fi, perms };
		}
	}
	return 0;
}

/* audit checkpoint every N records|seconds; @loc: where 'audit' is */
static int parse_checkpoint(struct compiler *c, struct loc loc)
{
	uint32_t n, max, *value;
	struct loc num, *at;
	char buf[80], where[300];
	bool records;

	next(c);
	if (!is_word(c, "every"))
		return syntax_error(c, "expected 'every' after 'audit checkpoint', found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	next(c);
	num = c->tok.loc;
	if (c->tok.type != T_WORD || !parse_id(c->tok.text, &n))
		return syntax_error(c, "expected a number after 'every', found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	next(c);
	records = is_word(c, "records") || is_word(c, "record");
	if (!records && !is_word(c, "seconds") && !is_word(c, "second"))
		return syntax_error(c, "expected 'records' or 'seconds', found %s",
				    tok_describe(&c->tok, buf, sizeof(buf)));
	next(c);
	if (expect(c, T_SEMI, "';'"))
		return -1;
	value = records ? &c->audit_records : &c->audit_secs;
	at = records ? &c->audit_records_loc : &c->audit_secs_loc;
	max = records ? SIPC_AUDIT_CHECKPOINT_RECORDS_MAX :
			SIPC_AUDIT_CHECKPOINT_SECS_MAX;
	if (*value) {
		compile_error(c, &loc,
			      "the audit checkpoint interval in %s is already set at %s",
			      records ? "records" : "seconds",
			      loc_str(at, where, sizeof(where)));
	} else if (n < 1 || n > max) {
		compile_error(c, &num,
			      "audit checkpoint every %u %s: must be 1 to %u",
			      n, records ? "records" : "seconds", max);
	} else {
		*value = n;
		*at = loc;
	}
	return 0;
}

/* audit allow ...; or audit checkpoint ...; */
static int parse_audit(struct compiler *c)
{
	struct loc loc = c->tok.loc;
	char buf[80];

	next(c);
	if (is_word(c, "allow"))
		return parse_allow(c, true);
	if (is_word(c, "checkpoint"))
		return parse_checkpoint(c, loc);
	return syntax_error(c, "expected 'allow' or 'checkpoint' after 'audit', found %s",
			    tok_describe(&c->tok, buf, sizeof(buf)));
}

static int parse_statement(struct compiler *c)
{
	char buf[80];

	if (is_word(c, "include"))
		return parse_include(c);
	if (is_word(c, "mode"))
		return parse_global_mode(c);
	if (is_word(c, "role"))
		return parse_role(c);
	if (is_word(c, "set"))
		return parse_set(c);
	if (is_word(c, "label"))
		return parse_label(c);
	if (is_word(c, "allow"))
		return parse_allow(c, false);
	if (is_word(c, "require"))
		return parse_require(c);
	if (is_word(c, "keys"))
		return parse_keys(c);
	if (is_word(c, "interface"))
		return parse_interface(c);
	if (is_word(c, "implement"))
		return parse_implement(c);
	if (is_word(c, "audit"))
		return parse_audit(c);
	if (c->tok.type == T_WORD && !strcmp(c->tok.text, "match")) {
		compile_error(c, &c->tok.loc,
			      "'match' belongs inside a role's block: role NAME { match ...; }");
		return -1;
	}
	return syntax_error(c, "expected a statement (include, mode, role, set, label, allow, require, keys, interface, implement, audit), found %s",
			    tok_describe(&c->tok, buf, sizeof(buf)));
}

static void parse_file(struct compiler *c)
{
	while (!c->stop && c->tok.type != T_EOF)
		if (parse_statement(c))
			recover(c, false);
}

static void compiler_free(struct compiler *c)
{
	struct src *s, *n;
	size_t i;

	for (s = c->srcs; s; s = n) {
		n = s->next;
		free(s->name);
		free(s->real);
		free(s->text);
		free(s->arena);
		free(s);
	}
	for (i = 0; i < c->nr_sets; i++)
		free(c->sets[i].roles);
	for (i = 0; i < c->nr_label_keys; i++)
		free(c->label_keys[i]);
	free(c->label_keys);
	free(c->sets);
	free(c->roles);
	free(c->strings);
	free(c->string_slots);
	free(c->matches);
	free(c->labels);
	free(c->label_locs);
	free(c->rule_keys);
	free(c->rule_perms);
	free(c->seals);
	free(c->rule_audit);
	free(c->subjects.v);
	free(c->objects.v);
	nametab_free(&c->role_names);
	nametab_free(&c->set_names);
	nametab_free(&c->label_names);
	nametab_free(&c->iface_names);
	free(c->ifaces);
	free(c->ops);
	free(c->impls);
	free(c->impl_locs);
	free(c->op_rules);
}

static int compile(const char *name, const char *real, const char *text,
		   size_t len, FILE *errors, struct sipc_compiled *out)
{
	struct compiler c = { .errors = errors, .top_name = name };
	struct src *s;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	c.roles = calloc(1, sizeof(*c.roles));
	if (!c.roles) {
		compile_error(&c, NULL, "out of memory");
		goto cleanup;
	}
	c.cap_roles = 1;
	c.nr_roles = 1;
	c.roles[0] = (struct role){ .name = SIPC_ROLE_UNCONFINED_NAME };
	add_string(&c, "");
	s = src_new(&c, name, real, text, len);
	if (!s)
		goto cleanup;
	parse_src(&c, s);
	if (c.nr_errors)
		goto cleanup;
	ret = emit(&c, out);

cleanup:
	compiler_free(&c);
	if (ret && !c.nr_errors)
		fprintf(errors, "%s: error: compilation failed\n", name);
	return ret;
}

int sipc_policy_compile_file(const char *path, FILE *errors,
			     struct sipc_compiled *out)
{
	char *text = NULL, *real = NULL;
	struct stat st;
	size_t len = 0;
	int err, ret;

	memset(out, 0, sizeof(*out));
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		err = EISDIR;
	else
		err = read_all(path, &text, &len);
	if (err) {
		fprintf(errors, "%s: error: cannot read: %s\n", path,
			strerror(err));
		return -1;
	}
	real = realpath(path, NULL);
	ret = compile(path, real, text, len, errors, out);
	free(real);
	free(text);
	return ret;
}

int sipc_policy_compile_string(const char *name, const char *text,
			       FILE *errors, struct sipc_compiled *out)
{
	return compile(name, NULL, text, strlen(text), errors, out);
}

void sipc_compiled_free(struct sipc_compiled *c)
{
	free(c->blob);
	memset(c, 0, sizeof(*c));
}
