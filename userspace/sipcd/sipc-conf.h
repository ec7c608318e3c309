/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What sipcd and `sipcctl learn` share: sipc.conf(5), the policy text
 * built from it, and the proposals file that learning writes.
 */
#ifndef SIPC_CONF_H
#define SIPC_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/sipc.h>

#define SIPC_CONF_DEFAULT	"/etc/sipc/sipc.conf"

/**
 * struct sipc_conf - one reading of sipc.conf
 * @path: the configuration file itself
 * @policies: the "policy" lines, absolute, globs not expanded, in order
 * @learn: learning on: turn learn-mode events into proposals
 * @proposals: the proposals file (JSON)
 * @learned_dir: where accepted proposals go, as FILE.sipc; every
 *	*.sipc there is loaded after the policies
 * @debounce_ms: quiet time after a change before a reload
 * @check_ms: how often the module is checked for a reload under us
 */
struct sipc_conf {
	char *path;
	char **policies;
	size_t nr_policies;
	bool learn;
	char *proposals;
	char *learned_dir;
	unsigned int debounce_ms;
	unsigned int check_ms;
};

/*
 * Read @path into @conf.  Returns 0, or -1 after printing
 * "file:line:col: error: ..." (or "file: error: ...") lines to @errors.
 */
int sipc_conf_read(const char *path, struct sipc_conf *conf, FILE *errors);
void sipc_conf_free(struct sipc_conf *conf);

/*
 * The files the configuration loads, in order: each policy glob's
 * matches sorted, then the learned directory's *.sipc sorted.  A glob
 * that matches nothing is an error unless it has a wildcard.  Returns
 * the count (in a malloc'd array of malloc'd strings in *@files), or -1
 * after printing why to @errors.
 */
int sipc_conf_files(const struct sipc_conf *conf, char ***files,
		    FILE *errors);
void sipc_conf_files_free(char **files, int n);

/*
 * The policy text that includes @files in order, in a malloc'd string;
 * NULL after printing why to @errors (a name the language cannot quote).
 */
char *sipc_conf_policy_text(char *const *files, int n, FILE *errors);

/* One proposed rule. */
struct sipc_proposal {
	unsigned int id;
	char subject[SIPC_ROLE_NAME_MAX];
	char object[SIPC_ROLE_NAME_MAX];
	uint32_t class;
	uint32_t perms;
	uint64_t events;	/* events that asked for it */
	int64_t first_seen, last_seen;	/* seconds since the epoch */
	char comms[4][SIPC_TASK_COMM_MAX];	/* first programs seen */
};

/**
 * struct sipc_proposals - the proposals file
 * @items: the proposals, by id
 * @rejected: what the administrator rejected: never proposed again
 * @next_id: the id the next new proposal gets
 */
struct sipc_proposals {
	struct sipc_proposal *items;
	size_t nr_items;
	struct sipc_proposal *rejected;
	size_t nr_rejected;
	unsigned int next_id;
};

/*
 * Lock the proposals file @path against other writers (a lock file
 * next to it); returns the lock's descriptor or -errno.
 */
int sipc_proposals_lock(const char *path);
void sipc_proposals_unlock(int fd);

/* Read @path (a missing file is empty).  0 or -errno; @errmsg says why. */
int sipc_proposals_read(const char *path, struct sipc_proposals *p,
			char *errmsg, size_t len);
/* Write @p to @path atomically (a temporary file renamed). 0 or -errno. */
int sipc_proposals_write(const char *path, const struct sipc_proposals *p);
void sipc_proposals_free(struct sipc_proposals *p);

/*
 * Add @perms of (@subject, @object, @class), seen @events times by
 * @comm, to @p: widen the proposal for that triple, or make a new one.
 * Permissions rejected before are left out.  Returns 0, 1 when @p
 * changed, or -ENOMEM.
 */
int sipc_proposals_add(struct sipc_proposals *p,
		       const struct sipc_proposal *seen);

/* The rule of @p in the policy language, without a newline. */
void sipc_proposal_rule(const struct sipc_proposal *p, char *buf,
			size_t len);

#endif /* SIPC_CONF_H */
