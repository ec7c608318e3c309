// SPDX-License-Identifier: GPL-2.0
/*
 * sipc.conf(5): one setting per line, "KEY VALUE", '#' to end of line a
 * comment.  Relative paths are relative to the file's directory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sipc-conf.h"

#define DEFAULT_PROPOSALS	"/var/lib/sipc/proposals.json"
#define DEFAULT_LEARNED_DIR	"/etc/sipc/learned.d"
#define DEFAULT_DEBOUNCE_MS	250
#define DEFAULT_CHECK_MS	1000

/* @value made absolute against @path's directory, malloc'd. */
static char *absolute(const char *path, const char *value)
{
	const char *slash = strrchr(path, '/');
	char *cwd = NULL, *out;
	int ret;

	if (value[0] == '/')
		return strdup(value);
	if (slash && path[0] == '/')
		ret = asprintf(&out, "%.*s/%s", (int)(slash - path), path,
			       value);
	else if ((cwd = getcwd(NULL, 0)) && slash)
		ret = asprintf(&out, "%s/%.*s/%s", cwd, (int)(slash - path),
			       path, value);
	else if (cwd)
		ret = asprintf(&out, "%s/%s", cwd, value);
	else
		ret = -1;
	free(cwd);
	return ret < 0 ? NULL : out;
}

static int parse_ms(const char *s, unsigned int *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || end == s || *end || n < 1 || n > 3600000)
		return -1;
	*out = n;
	return 0;
}

static int set_path(char **slot, const char *conf, const char *value)
{
	free(*slot);
	*slot = absolute(conf, value);
	return *slot ? 0 : -1;
}

int sipc_conf_read(const char *path, struct sipc_conf *conf, FILE *errors)
{
	unsigned int lineno = 0, nerr = 0;
	char *line = NULL, *key, *value, *p, **v;
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	memset(conf, 0, sizeof(*conf));
	conf->debounce_ms = DEFAULT_DEBOUNCE_MS;
	conf->check_ms = DEFAULT_CHECK_MS;
	conf->path = strdup(path);
	f = fopen(path, "r");
	if (!f) {
		fprintf(errors, "%s: error: cannot read: %s\n", path,
			strerror(errno));
		goto fail;
	}
	if (!conf->path || set_path(&conf->proposals, "/", DEFAULT_PROPOSALS) ||
	    set_path(&conf->learned_dir, "/", DEFAULT_LEARNED_DIR))
		goto nomem;
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		p = strchr(line, '#');
		if (p)
			*p = '\0';
		key = line + strspn(line, " \t\r\n");
		if (!*key)
			continue;
		p = key + strcspn(key, " \t\r\n");
		value = p + strspn(p, " \t\r\n");
		*p = '\0';
		p = value + strlen(value);
		while (p > value && strchr(" \t\r\n", p[-1]))
			*--p = '\0';
		if (!*value) {
			fprintf(errors, "%s:%u:%d: error: '%s' needs a value\n",
				path, lineno, (int)(key - line) + 1, key);
			nerr++;
			continue;
		}
		if (!strcmp(key, "policy")) {
			v = realloc(conf->policies, (conf->nr_policies + 1) *
				    sizeof(*v));
			if (!v)
				goto nomem;
			conf->policies = v;
			v[conf->nr_policies] = absolute(path, value);
			if (!v[conf->nr_policies])
				goto nomem;
			conf->nr_policies++;
		} else if (!strcmp(key, "learn")) {
			if (!strcmp(value, "on") || !strcmp(value, "yes")) {
				conf->learn = true;
			} else if (!strcmp(value, "off") || !strcmp(value, "no")) {
				conf->learn = false;
			} else {
				fprintf(errors, "%s:%u:%d: error: learn is on or off, not '%s'\n",
					path, lineno, (int)(value - line) + 1,
					value);
				nerr++;
			}
		} else if (!strcmp(key, "proposals")) {
			if (set_path(&conf->proposals, path, value))
				goto nomem;
		} else if (!strcmp(key, "learned-dir")) {
			if (set_path(&conf->learned_dir, path, value))
				goto nomem;
		} else if (!strcmp(key, "debounce-ms") ||
			   !strcmp(key, "check-interval-ms")) {
			if (parse_ms(value, key[0] == 'd' ? &conf->debounce_ms :
				     &conf->check_ms)) {
				fprintf(errors, "%s:%u:%d: error: %s is 1 to 3600000 ms, not '%s'\n",
					path, lineno, (int)(value - line) + 1,
					key, value);
				nerr++;
			}
		} else {
			fprintf(errors, "%s:%u:%d: error: unknown setting '%s' (valid: policy learn proposals learned-dir debounce-ms check-interval-ms)\n",
				path, lineno, (int)(key - line) + 1, key);
			nerr++;
		}
	}
	free(line);
	line = NULL;
	if (ferror(f)) {
		fprintf(errors, "%s: error: cannot read: %s\n", path,
			strerror(errno));
		nerr++;
	}
	fclose(f);
	f = NULL;
	if (!nerr)
		return 0;
	goto fail;

nomem:
	fprintf(errors, "%s: error: out of memory\n", path);
fail:
	free(line);
	if (f)
		fclose(f);
	sipc_conf_free(conf);
	return -1;
}

void sipc_conf_free(struct sipc_conf *conf)
{
	size_t i;

	for (i = 0; i < conf->nr_policies; i++)
		free(conf->policies[i]);
	free(conf->policies);
	free(conf->path);
	free(conf->proposals);
	free(conf->learned_dir);
	memset(conf, 0, sizeof(*conf));
}

static int push(char ***files, int *n, const char *s)
{
	char **v = realloc(*files, (*n + 1) * sizeof(**files));

	if (!v)
		return -1;
	*files = v;
	v[*n] = strdup(s);
	if (!v[*n])
		return -1;
	(*n)++;
	return 0;
}

int sipc_conf_files(const struct sipc_conf *conf, char ***files,
		    FILE *errors)
{
	char *learned = NULL;
	glob_t g;
	size_t i, j;
	int n = 0, ret;

	*files = NULL;
	for (i = 0; i <= conf->nr_policies; i++) {
		const char *pattern;

		if (i < conf->nr_policies) {
			pattern = conf->policies[i];
		} else {
			if (asprintf(&learned, "%s/*.sipc",
				     conf->learned_dir) < 0)
				goto nomem;
			pattern = learned;
		}
		ret = glob(pattern, GLOB_ERR, NULL, &g);
		if (ret == GLOB_NOMATCH) {
			globfree(&g);
			if (!strpbrk(pattern, "*?[")) {
				fprintf(errors, "%s: error: policy %s: %s\n",
					conf->path, pattern, strerror(ENOENT));
				goto fail;
			}
			continue;
		}
		if (ret) {
			globfree(&g);
			if (i == conf->nr_policies)
				continue;	/* no learned directory yet */
			fprintf(errors, "%s: error: policy %s: cannot read\n",
				conf->path, pattern);
			goto fail;
		}
		for (j = 0; j < g.gl_pathc; j++) {
			if (push(files, &n, g.gl_pathv[j])) {
				globfree(&g);
				goto nomem;
			}
		}
		globfree(&g);
	}
	free(learned);
	if (!n) {
		fprintf(errors, "%s: error: no policy file\n", conf->path);
		goto fail;
	}
	return n;

nomem:
	fprintf(errors, "%s: error: out of memory\n", conf->path);
fail:
	free(learned);
	sipc_conf_files_free(*files, n);
	*files = NULL;
	return -1;
}

void sipc_conf_files_free(char **files, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

char *sipc_conf_policy_text(char *const *files, int n, FILE *errors)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f;
	int i;

	for (i = 0; i < n; i++) {
		if (strpbrk(files[i], "\"\\\n")) {
			fprintf(errors, "%s: error: a policy file name may not hold '\"', '\\' or a newline\n",
				files[i]);
			return NULL;
		}
	}
	f = open_memstream(&text, &size);
	if (!f)
		return NULL;
	for (i = 0; i < n; i++)
		fprintf(f, "include \"%s\";\n", files[i]);
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}
