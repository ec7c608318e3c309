// SPDX-License-Identifier: GPL-2.0
/*
 * The policy language's lexer, and the error reporting every stage of
 * the compiler shares.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"

void compile_verror(struct compiler *c, const struct loc *loc,
		    const char *fmt, va_list ap)
{
	if (c->stop)
		return;
	if (loc && loc->src)
		fprintf(c->errors, "%s:%u:%u: error: ", loc->src->name,
			loc->line, loc->col);
	else
		fprintf(c->errors, "%s: error: ", c->top_name);
	vfprintf(c->errors, fmt, ap);
	fputc('\n', c->errors);
	if (++c->nr_errors >= SIPC_POLICY_ERRORS_MAX) {
		fprintf(c->errors, "%s: too many errors (%d), stopping\n",
			c->top_name, SIPC_POLICY_ERRORS_MAX);
		c->stop = true;
	}
}

void compile_error(struct compiler *c, const struct loc *loc,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	compile_verror(c, loc, fmt, ap);
	va_end(ap);
}

void *compile_grow(struct compiler *c, void *p, size_t *cap, size_t need,
		   size_t elem)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	q = realloc(p, n * elem);
	if (!q) {
		compile_error(c, NULL, "out of memory");
		c->stop = true;
		return NULL;
	}
	*cap = n;
	return q;
}

static int peekc(const struct src *s, size_t ahead)
{
	return s->pos + ahead < s->len ?
		(unsigned char)s->text[s->pos + ahead] : EOF;
}

static void skipc(struct src *s)
{
	if (s->text[s->pos++] == '\n') {
		s->line++;
		s->col = 1;
	} else {
		s->col++;
	}
}

bool is_name_char(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' ||
	       ch == '-';
}

static void here(const struct src *s, struct loc *loc)
{
	loc->src = s;
	loc->line = s->line;
	loc->col = s->col;
}

/* Skip blanks and comments; false after an unterminated comment. */
static bool skip_blanks(struct compiler *c, struct src *s)
{
	struct loc start;
	int ch;

	for (;;) {
		ch = peekc(s, 0);
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
		    ch == '\f' || ch == '\v') {
			skipc(s);
		} else if (ch == '#') {
			while (peekc(s, 0) != EOF && peekc(s, 0) != '\n')
				skipc(s);
		} else if (ch == '/' && peekc(s, 1) == '*') {
			here(s, &start);
			skipc(s);
			skipc(s);
			while (peekc(s, 0) != EOF &&
			       !(peekc(s, 0) == '*' && peekc(s, 1) == '/'))
				skipc(s);
			if (peekc(s, 0) == EOF) {
				compile_error(c, &start,
					      "unterminated comment: '/*' without '*/'");
				return false;
			}
			skipc(s);
			skipc(s);
		} else {
			return true;
		}
	}
}

/*
 * A quoted string, unescaped into the arena.  After an error, the rest
 * of the string is still skipped so that lexing resumes after it.
 */
static enum tok_type lex_string(struct compiler *c, struct src *s, char *out)
{
	struct loc esc;
	bool bad = false;
	size_t n = 0;
	int ch;

	skipc(s);
	for (;;) {
		ch = peekc(s, 0);
		if (ch == EOF || ch == '\n') {
			compile_error(c, &c->tok.loc,
				      "unterminated string: no closing '\"' on this line");
			return T_ERROR;
		}
		if (ch == '"')
			break;
		if (ch == '\\') {
			here(s, &esc);
			ch = peekc(s, 1);
			if (ch == EOF || ch == '\n') {
				skipc(s);
				continue;
			}
			skipc(s);
			if (ch != '"' && ch != '\\' && !bad) {
				if (isprint(ch))
					compile_error(c, &esc,
						      "unknown escape '\\%c' in string (only \\\" and \\\\ are allowed)",
						      ch);
				else
					compile_error(c, &esc,
						      "unknown escape in string (only \\\" and \\\\ are allowed)");
				bad = true;
			}
		} else if (ch < 0x20 || ch == 0x7f) {
			if (!bad) {
				here(s, &esc);
				compile_error(c, &esc,
					      "control character 0x%02x in string",
					      ch);
			}
			bad = true;
		}
		out[n++] = ch;
		skipc(s);
	}
	skipc(s);
	out[n] = '\0';
	c->tok.len = n;
	return bad ? T_ERROR : T_STRING;
}

static enum tok_type lex_word(struct src *s, char *out, size_t *len)
{
	size_t n = 0;

	while (is_name_char(peekc(s, 0))) {
		out[n++] = s->text[s->pos];
		skipc(s);
	}
	out[n] = '\0';
	*len = n;
	return T_WORD;
}

void lex(struct compiler *c)
{
	struct src *s = c->cur;
	char *out = s->arena + s->arena_used;
	struct token *t = &c->tok;
	int ch;

	t->text = out;
	t->len = 0;
	out[0] = '\0';
	if (!skip_blanks(c, s)) {
		here(s, &t->loc);
		t->type = T_ERROR;
		return;
	}
	here(s, &t->loc);
	ch = peekc(s, 0);
	switch (ch) {
	case EOF:
		t->type = T_EOF;
		return;
	case '{':
		t->type = T_LBRACE;
		break;
	case '}':
		t->type = T_RBRACE;
		break;
	case ';':
		t->type = T_SEMI;
		break;
	case ':':
		t->type = T_COLON;
		break;
	case '=':
		t->type = T_EQUALS;
		break;
	case '*':
		t->type = T_STAR;
		break;
	case '"':
		t->type = lex_string(c, s, out);
		s->arena_used += t->len + 1;
		return;
	case '$':
		skipc(s);
		t->type = T_SETREF;
		lex_word(s, out, &t->len);
		s->arena_used += t->len + 1;
		if (!t->len) {
			compile_error(c, &t->loc, "expected a set name after '$'");
			t->type = T_ERROR;
		}
		return;
	default:
		if (is_name_char(ch)) {
			t->type = lex_word(s, out, &t->len);
			s->arena_used += t->len + 1;
			return;
		}
		if (isprint(ch))
			compile_error(c, &t->loc, "unexpected character '%c'",
				      ch);
		else
			compile_error(c, &t->loc,
				      "unexpected character 0x%02x", ch);
		t->type = T_ERROR;
		break;
	}
	skipc(s);
}

const char *tok_describe(const struct token *t, char *buf, size_t len)
{
	static const char *const punct[] = {
		[T_LBRACE] = "'{'", [T_RBRACE] = "'}'", [T_SEMI] = "';'",
		[T_COLON] = "':'", [T_EQUALS] = "'='", [T_STAR] = "'*'",
	};

	switch (t->type) {
	case T_EOF:
		return "end of file";
	case T_ERROR:
		return "an invalid token";
	case T_WORD:
		snprintf(buf, len, "'%.40s%s'", t->text,
			 t->len > 40 ? "..." : "");
		return buf;
	case T_SETREF:
		snprintf(buf, len, "'$%.40s%s'", t->text,
			 t->len > 40 ? "..." : "");
		return buf;
	case T_STRING:
		snprintf(buf, len, "string \"%.40s%s\"", t->text,
			 t->len > 40 ? "..." : "");
		return buf;
	default:
		return punct[t->type];
	}
}
