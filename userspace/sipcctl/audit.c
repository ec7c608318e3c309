// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl audit verify [FILE...]: check sipc's audit records, read with
 * auparse, against their hash chain, their checkpoints and the chain
 * head the module holds (Documentation/audit.rst).
 *
 * Each module load starts a chain (op=module event=load, seq=1, its boot
 * id); every record of it carries seq=N and hash=H, the first 8 bytes of
 *
 *	head(N) = sha256(head(N - 1) || text up to " seq=N")
 *	head(0) = sha256("sipc-audit-v1" || boot)
 *
 * The records are put back in file order (auparse hands them out by
 * event), so that a record moved in the file shows even with its text
 * intact.  Problems are named by file, line and seq:
 *
 *	a record that does not hash to its hash=: altered (or inserted);
 *	a hole in seq: records deleted;
 *	a seq that goes back or repeats: records reordered or inserted;
 *	a checkpoint whose head is not the chain's, or (for the current
 *	load, the only one whose key still exists) whose MAC the module
 *	refuses, or of another boot: forged or replayed;
 *	the current chain ending before the module's own head: truncated.
 */
#include <auparse.h>
#include <errno.h>
#include <glob.h>
#include <inttypes.h>
#include <stdarg.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sipcctl.h"

#define AUDIT_KERNEL_OTHER	1316
#define GENESIS			"sipc-audit-v1"
#define DEFAULT_LOG		"/var/log/audit/audit.log"

struct record {
	unsigned int file;	/* index in the file list */
	unsigned int line;
	char *text;		/* from "op=" to the end, enriched part cut */
	uint64_t seq;
};

struct verify {
	char **files;
	unsigned int nr_files;
	struct record *recs;
	size_t nr, alloc;
	unsigned int problems;
	unsigned int chains, checkpoints, macs_checked;
	struct sipc *h;
	struct sipc_audit_head kernel;
	bool have_kernel;
	bool quiet;		/* count problems, print nothing */
	bool found_current;	/* the module's chain is in the files */
};

static void problem(struct verify *v, const struct record *r,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void problem(struct verify *v, const struct record *r,
		    const char *fmt, ...)
{
	va_list ap;

	v->problems++;
	if (v->quiet)
		return;
	if (r)
		printf("%s:%u: seq %" PRIu64 ": ", v->files[r->file], r->line,
		       r->seq);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* The value of " name=" in @text, up to the next space, into @out. */
static bool field(const char *text, const char *name, char *out, size_t size)
{
	size_t n = strlen(name);
	const char *p = text;
	size_t len;

	while ((p = strstr(p, name))) {
		if ((p == text || p[-1] == ' ') && p[n] == '=') {
			p += n + 1;
			len = strcspn(p, " ");
			if (len >= size)
				return false;
			memcpy(out, p, len);
			out[len] = '\0';
			return true;
		}
		p += n;
	}
	return false;
}

static bool unhex(const char *s, uint8_t *out, size_t len)
{
	size_t i;

	if (strlen(s) != 2 * len)
		return false;
	for (i = 0; i < len; i++)
		if (sscanf(s + 2 * i, "%2hhx", &out[i]) != 1)
			return false;
	return true;
}

static int by_position(const void *a, const void *b)
{
	const struct record *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Every sipc record of the files, in file order. */
static int read_records(struct verify *v)
{
	auparse_state_t *au;
	const char *text, *name, *p;
	unsigned int i;
	char seq[32];

	au = auparse_init(AUSOURCE_FILE_ARRAY, (const char *const *)v->files);
	if (!au) {
		fprintf(stderr, "%s audit verify: auparse: %s\n", prog_name,
			strerror(errno));
		return -1;
	}
	while (auparse_next_event(au) > 0) {
		do {
			if (auparse_get_type(au) != AUDIT_KERNEL_OTHER)
				continue;
			text = auparse_get_record_text(au);
			p = text ? strstr(text, "msg=audit(") : NULL;
			p = p ? strstr(p, "): ") : NULL;
			if (!p || strncmp(p + 3, "op=", 3))
				continue;
			if (v->nr == v->alloc) {
				v->alloc = v->alloc ? 2 * v->alloc : 1024;
				v->recs = reallocarray(v->recs, v->alloc,
						       sizeof(*v->recs));
				if (!v->recs)
					return -1;
			}
			struct record *r = &v->recs[v->nr++];

			r->text = strndup(p + 3, strcspn(p + 3, "\x1d\n"));
			r->line = auparse_get_line_number(au);
			name = auparse_get_filename(au);
			r->file = 0;
			for (i = 0; name && i < v->nr_files; i++)
				if (!strcmp(name, v->files[i]))
					r->file = i;
			r->seq = field(r->text, "seq", seq, sizeof(seq)) ?
				 strtoull(seq, NULL, 10) : 0;
		} while (auparse_next_record(au) > 0);
	}
	auparse_destroy(au);
	qsort(v->recs, v->nr, sizeof(*v->recs), by_position);
	return 0;
}

struct chain {
	bool live;		/* a load record started it */
	bool broken;		/* the head is unknown until a checkpoint */
	bool unloading;		/* its unload record came */
	bool closed;		/* and then its final checkpoint */
	uint8_t boot[SIPC_AUDIT_BOOT_SIZE];
	uint64_t next;		/* seq expected next */
	uint8_t head[SHA256_DIGEST_LENGTH];
	const struct record *last;
	uint8_t kernel_head[SHA256_DIGEST_LENGTH];	/* at the kernel's seq */
	bool saw_kernel_seq;
};

/* @c's head becomes sha256(head || a[0..alen) || b[0..blen)). */
static void chain_hash(uint8_t *head, const void *a, size_t alen,
		       const void *b, size_t blen)
{
	unsigned char *buf = malloc(alen + blen + 1);

	if (!buf) {
		memset(head, 0, SHA256_DIGEST_LENGTH);
		return;
	}
	memcpy(buf, a, alen);
	memcpy(buf + alen, b, blen);
	SHA256(buf, alen + blen, head);
	free(buf);
}

static bool is_current(const struct verify *v, const struct chain *c)
{
	return v->have_kernel && !memcmp(c->boot, v->kernel.boot, sizeof(c->boot));
}

/* The chain ends (another load begins, or the files end). */
static void chain_end(struct verify *v, struct chain *c)
{
	if (!c->live)
		return;
	if (is_current(v, c)) {
		v->found_current = true;
		if (!c->last || c->last->seq < v->kernel.seq)
			problem(v, c->last,
				"the log ends here, but the module is at seq %" PRIu64
				": records after this one were cut off",
				v->kernel.seq);
		else if (c->saw_kernel_seq &&
			 memcmp(c->kernel_head, v->kernel.head, sizeof(c->kernel_head)))
			problem(v, NULL,
				"the chain up to seq %" PRIu64 " is not the module's: records were changed",
				v->kernel.seq);
	} else if (!c->closed && !v->quiet) {
		printf("%s:%u: seq %" PRIu64 ": note: chain of an earlier load ends without its unload record (a crash, or cut off)\n",
		       v->files[c->last->file], c->last->line, c->last->seq);
	}
	c->live = false;
}

static void checkpoint(struct verify *v, struct chain *c, const struct record *r)
{
	uint8_t boot[SIPC_AUDIT_BOOT_SIZE], head[SHA256_DIGEST_LENGTH],
		mac[SHA256_DIGEST_LENGTH];
	char buf[80];
	int err = -ESTALE;

	v->checkpoints++;
	if (!field(r->text, "boot", buf, sizeof(buf)) || !unhex(buf, boot, sizeof(boot)) ||
	    !field(r->text, "head", buf, sizeof(buf)) || !unhex(buf, head, sizeof(head)) ||
	    !field(r->text, "mac", buf, sizeof(buf)) || !unhex(buf, mac, sizeof(mac))) {
		problem(v, r, "malformed checkpoint");
		return;
	}
	if (memcmp(boot, c->boot, sizeof(boot))) {
		field(r->text, "boot", buf, sizeof(buf));
		problem(v, r, "checkpoint of another load (boot %s): replayed",
			buf);
		return;
	}
	if (!c->broken && memcmp(head, c->head, sizeof(head)))
		problem(v, r, "checkpoint does not seal the chain: a record since the previous checkpoint was changed");
	if (is_current(v, c)) {
		err = sipc_audit_check(v->h, boot, r->seq, head, mac);
		if (err)
			problem(v, r, "the module refuses this checkpoint's MAC: forged");
		else
			v->macs_checked++;
	}
	/* A checkpoint the module vouches for re-anchors a broken chain. */
	if (c->broken && is_current(v, c) && !err) {
		memcpy(c->head, head, sizeof(head));
		c->broken = false;
	}
}

static void verify_record(struct verify *v, struct chain *c, const struct record *r)
{
	uint8_t want[8], got[8];
	const char *hash;
	char buf[80];
	size_t len;

	if (!strncmp(r->text, "op=module event=load ", 21) && r->seq == 1) {
		chain_end(v, c);
		memset(c, 0, sizeof(*c));
		if (!field(r->text, "boot", buf, sizeof(buf)) ||
		    !unhex(buf, c->boot, sizeof(c->boot))) {
			problem(v, r, "malformed load record");
			return;
		}
		chain_hash(c->head, GENESIS, strlen(GENESIS), c->boot,
			   sizeof(c->boot));
		c->live = true;
		c->next = 1;
		v->chains++;
	}
	if (!c->live) {
		problem(v, r, "record outside any chain (its load record is missing)");
		return;
	}
	if (c->closed)
		problem(v, r, "record after the chain's final checkpoint: inserted");
	if (!r->seq) {
		problem(v, r, "record without seq=: inserted");
		return;
	}
	if (r->seq < c->next) {
		problem(v, r, "seq goes back (expected %" PRIu64 "): reordered or inserted",
			c->next);
		return;
	}
	if (r->seq > c->next) {
		problem(v, r, "records %" PRIu64 " to %" PRIu64 " are missing: deleted",
			c->next, r->seq - 1);
		c->broken = true;
	}
	c->next = r->seq + 1;
	c->last = r;
	hash = strstr(r->text, " hash=");
	if (!hash || !unhex(hash + 6, want, sizeof(want))) {
		problem(v, r, "record without hash=: inserted or altered");
		c->broken = true;
		return;
	}
	if (!strncmp(r->text, "op=checkpoint ", 14))
		checkpoint(v, c, r);
	len = hash - r->text;
	if (!c->broken) {
		chain_hash(c->head, c->head, sizeof(c->head), r->text, len);
		memcpy(got, c->head, sizeof(got));
		if (memcmp(got, want, sizeof(got))) {
			problem(v, r, "record does not hash to its hash=: altered or inserted");
			c->broken = true;
		}
	}
	if (is_current(v, c) && r->seq == v->kernel.seq && !c->broken) {
		memcpy(c->kernel_head, c->head, sizeof(c->head));
		c->saw_kernel_seq = true;
	}
	if (!strncmp(r->text, "op=checkpoint ", 14) && c->unloading)
		c->closed = true;
	if (!strncmp(r->text, "op=module event=unload ", 23))
		c->unloading = true;
}

static void free_records(struct verify *v)
{
	size_t i;

	for (i = 0; i < v->nr; i++)
		free(v->recs[i].text);
	free(v->recs);
	v->recs = NULL;
	v->nr = v->alloc = 0;
}

static int verify_once(struct verify *v)
{
	struct chain c = { 0 };
	size_t i;

	v->problems = v->chains = v->checkpoints = v->macs_checked = 0;
	v->found_current = false;
	if (read_records(v))
		return -1;
	for (i = 0; i < v->nr; i++)
		verify_record(v, &c, &v->recs[i]);
	chain_end(v, &c);
	if (v->have_kernel && v->kernel.seq && !v->found_current)
		problem(v, NULL,
			"the module's chain (its load record) is not in the files; the module is at seq %" PRIu64,
			v->kernel.seq);
	return 0;
}

/* The default files: audit.log.N ... audit.log.1, audit.log. */
static int default_files(struct verify *v)
{
	glob_t g;
	size_t i;

	if (glob(DEFAULT_LOG ".*", 0, NULL, &g))
		g.gl_pathc = 0;
	v->files = calloc(g.gl_pathc + 2, sizeof(*v->files));
	if (!v->files)
		return -1;
	for (i = g.gl_pathc; i-- > 0;) {
		/* audit.log.10 sorts before audit.log.2: order by number. */
		v->files[v->nr_files++] = strdup(g.gl_pathv[i]);
	}
	for (i = 0; i + 1 < v->nr_files; i++) {
		size_t j;

		for (j = i + 1; j < v->nr_files; j++) {
			long a = strtol(strrchr(v->files[i], '.') + 1, NULL, 10);
			long b = strtol(strrchr(v->files[j], '.') + 1, NULL, 10);

			if (b > a) {
				char *t = v->files[i];

				v->files[i] = v->files[j];
				v->files[j] = t;
			}
		}
	}
	v->files[v->nr_files++] = strdup(DEFAULT_LOG);
	if (g.gl_pathc)
		globfree(&g);
	return 0;
}

static int audit_verify_main(int argc, char *argv[])
{
	struct verify v = { 0 };
	bool json;
	int ret, i, tries;

	ret = command_options(argc, argv, "[FILE...]", &json, 0, 64);
	if (ret >= 0)
		return ret;
	if (optind < argc) {
		v.files = calloc(argc - optind + 1, sizeof(*v.files));
		if (!v.files)
			return EXIT_FAILED;
		for (i = optind; i < argc; i++)
			v.files[v.nr_files++] = strdup(argv[i]);
	} else if (default_files(&v)) {
		return EXIT_FAILED;
	}
	ret = open_handle("audit verify", &v.h);
	if (ret == EXIT_OK)
		v.have_kernel = !sipc_audit_get_head(v.h, &v.kernel);
	else
		printf("note: sipc is not loaded: no chain is checked against the module\n");
	/*
	 * auditd writes what the module queued a moment ago: when the
	 * current chain seems cut short, read again before saying so.
	 */
	v.quiet = true;
	for (tries = 0; tries < 10; tries++) {
		if (verify_once(&v)) {
			ret = EXIT_FAILED;
			goto out;
		}
		free_records(&v);
		if (!v.problems)
			break;
		usleep(200000);
	}
	v.quiet = false;
	if (verify_once(&v)) {
		ret = EXIT_FAILED;
		goto out;
	}
	printf("%u records in %u chains, %u checkpoints (%u MACs checked by the module): %s\n",
	       (unsigned int)v.nr, v.chains, v.checkpoints, v.macs_checked,
	       v.problems ? "TAMPERED" : "ok");
	ret = v.problems ? EXIT_FAILED : EXIT_OK;
out:
	free_records(&v);
	for (i = 0; i < (int)v.nr_files; i++)
		free(v.files[i]);
	free(v.files);
	sipc_close(v.h);
	return ret;
}

int audit_main(int argc, char *argv[])
{
	if (argc < 2 || strcmp(argv[1], "verify")) {
		fprintf(stderr, "Usage: %s audit verify [FILE...]\n", prog_name);
		return EXIT_USAGE;
	}
	return audit_verify_main(argc - 1, argv + 1);
}
