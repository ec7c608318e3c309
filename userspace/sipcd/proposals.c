// SPDX-License-Identifier: GPL-2.0
/*
 * The proposals file: what learning proposes, in JSON (json-c), read and
 * written under a lock by sipcd and `sipcctl learn`.
 *
 *	{"version": 1, "next_id": 3,
 *	 "proposals": [{"id": 1, "subject": "a", "object": "b",
 *			"class": "pipe", "perms": ["read", "write"],
 *			"events": 12, "first_seen": 1764570000,
 *			"last_seen": 1764570060, "comms": ["cat"]}, ...],
 *	 "rejected": [{"subject": ..., "object": ..., "class": ...,
 *		       "perms": [...]}, ...]}
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <json-c/json.h>

#include "sipc-conf.h"
#include "sipc-policy.h"

int sipc_proposals_lock(const char *path)
{
	char *lock;
	int fd;

	if (asprintf(&lock, "%s.lock", path) < 0)
		return -ENOMEM;
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(lock);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

void sipc_proposals_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

static json_object *perms_json(uint32_t perms)
{
	json_object *a = json_object_new_array();
	uint32_t bit;

	for (bit = 1; a && bit && bit <= perms; bit <<= 1) {
		const char *name = sipc_perm_name(bit);

		if ((perms & bit) && name)
			json_object_array_add(a, json_object_new_string(name));
	}
	return a;
}

static int perms_parse(json_object *a, uint32_t *perms)
{
	size_t i;

	*perms = 0;
	if (!json_object_is_type(a, json_type_array))
		return -1;
	for (i = 0; i < json_object_array_length(a); i++) {
		uint32_t bit = sipc_perm_by_name(json_object_get_string(
				json_object_array_get_idx(a, i)));

		if (!bit)
			return -1;
		*perms |= bit;
	}
	return *perms ? 0 : -1;
}

static json_object *one_json(const struct sipc_proposal *p, bool full)
{
	json_object *o = json_object_new_object(), *c;
	const char *cls = sipc_class_name(p->class);
	char rule[512];
	int i;

	if (!o)
		return NULL;
	if (full)
		json_object_object_add(o, "id", json_object_new_int64(p->id));
	json_object_object_add(o, "subject", json_object_new_string(p->subject));
	json_object_object_add(o, "object", json_object_new_string(p->object));
	json_object_object_add(o, "class", json_object_new_string(cls ? cls : "?"));
	json_object_object_add(o, "perms", perms_json(p->perms));
	if (!full)
		return o;
	sipc_proposal_rule(p, rule, sizeof(rule));
	json_object_object_add(o, "rule", json_object_new_string(rule));
	json_object_object_add(o, "events", json_object_new_int64(p->events));
	json_object_object_add(o, "first_seen",
			       json_object_new_int64(p->first_seen));
	json_object_object_add(o, "last_seen",
			       json_object_new_int64(p->last_seen));
	c = json_object_new_array();
	for (i = 0; c && i < 4 && p->comms[i][0]; i++)
		json_object_array_add(c, json_object_new_string(p->comms[i]));
	json_object_object_add(o, "comms", c);
	return o;
}

static int copy_name(char *dst, size_t len, json_object *o, const char *key)
{
	json_object *v;
	const char *s;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	if (!*s || strlen(s) >= len)
		return -1;
	strcpy(dst, s);
	return 0;
}

static int64_t get_int(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}

static int one_parse(json_object *o, struct sipc_proposal *p, bool full)
{
	json_object *v;
	size_t i;
	int cls;

	memset(p, 0, sizeof(*p));
	if (!json_object_is_type(o, json_type_object) ||
	    copy_name(p->subject, sizeof(p->subject), o, "subject") ||
	    copy_name(p->object, sizeof(p->object), o, "object") ||
	    !json_object_object_get_ex(o, "class", &v))
		return -1;
	cls = sipc_class_by_name(json_object_get_string(v));
	if (cls < 0 || !json_object_object_get_ex(o, "perms", &v) ||
	    perms_parse(v, &p->perms))
		return -1;
	p->class = cls;
	if (!full)
		return 0;
	p->id = get_int(o, "id");
	if (!p->id)
		return -1;
	p->events = get_int(o, "events");
	p->first_seen = get_int(o, "first_seen");
	p->last_seen = get_int(o, "last_seen");
	if (json_object_object_get_ex(o, "comms", &v) &&
	    json_object_is_type(v, json_type_array)) {
		for (i = 0; i < 4 && i < json_object_array_length(v); i++) {
			const char *s = json_object_get_string(
				json_object_array_get_idx(v, i));

			snprintf(p->comms[i], sizeof(p->comms[i]), "%s",
				 s ? s : "");
		}
	}
	return 0;
}

static int parse_list(json_object *root, const char *key,
		      struct sipc_proposal **items, size_t *n, bool full)
{
	json_object *a;
	size_t i, len;

	if (!json_object_object_get_ex(root, key, &a))
		return 0;
	if (!json_object_is_type(a, json_type_array))
		return -1;
	len = json_object_array_length(a);
	*items = calloc(len ? len : 1, sizeof(**items));
	if (!*items)
		return -1;
	for (i = 0; i < len; i++) {
		if (one_parse(json_object_array_get_idx(a, i), &(*items)[i],
			      full))
			return -1;
	}
	*n = len;
	return 0;
}

int sipc_proposals_read(const char *path, struct sipc_proposals *p,
			char *errmsg, size_t len)
{
	json_object *root;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->next_id = 1;
	if (access(path, F_OK) && errno == ENOENT)
		return 0;
	root = json_object_from_file(path);
	if (!root) {
		snprintf(errmsg, len, "%s: %s", path, json_util_get_last_err());
		return -EINVAL;
	}
	if (!json_object_is_type(root, json_type_object) ||
	    parse_list(root, "proposals", &p->items, &p->nr_items, true) ||
	    parse_list(root, "rejected", &p->rejected, &p->nr_rejected, false)) {
		snprintf(errmsg, len, "%s: not a proposals file", path);
		json_object_put(root);
		sipc_proposals_free(p);
		return -EINVAL;
	}
	p->next_id = get_int(root, "next_id");
	for (i = 0; i < p->nr_items; i++)
		if (p->items[i].id >= p->next_id)
			p->next_id = p->items[i].id + 1;
	json_object_put(root);
	return 0;
}

int sipc_proposals_write(const char *path, const struct sipc_proposals *p)
{
	json_object *root, *a, *r;
	char *tmp = NULL;
	size_t i;
	int ret = -ENOMEM;

	root = json_object_new_object();
	a = json_object_new_array();
	r = json_object_new_array();
	if (!root || !a || !r)
		goto out;
	json_object_object_add(root, "version", json_object_new_int(1));
	json_object_object_add(root, "next_id",
			       json_object_new_int64(p->next_id));
	for (i = 0; i < p->nr_items; i++)
		json_object_array_add(a, one_json(&p->items[i], true));
	for (i = 0; i < p->nr_rejected; i++)
		json_object_array_add(r, one_json(&p->rejected[i], false));
	json_object_object_add(root, "proposals", a);
	json_object_object_add(root, "rejected", r);
	a = r = NULL;
	if (asprintf(&tmp, "%s.tmp", path) < 0) {
		tmp = NULL;
		goto out;
	}
	if (json_object_to_file_ext(tmp, root, JSON_C_TO_STRING_PRETTY |
				    JSON_C_TO_STRING_SPACED)) {
		ret = errno ? -errno : -EIO;
		unlink(tmp);
		goto out;
	}
	ret = rename(tmp, path) ? -errno : 0;
out:
	free(tmp);
	json_object_put(a);
	json_object_put(r);
	json_object_put(root);
	return ret;
}

void sipc_proposals_free(struct sipc_proposals *p)
{
	free(p->items);
	free(p->rejected);
	memset(p, 0, sizeof(*p));
}

static bool same_triple(const struct sipc_proposal *a,
			const struct sipc_proposal *b)
{
	return a->class == b->class && !strcmp(a->subject, b->subject) &&
	       !strcmp(a->object, b->object);
}

static void add_comm(struct sipc_proposal *p, const char *comm)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (!strcmp(p->comms[i], comm))
			return;
		if (!p->comms[i][0]) {
			snprintf(p->comms[i], sizeof(p->comms[i]), "%s", comm);
			return;
		}
	}
}

int sipc_proposals_add(struct sipc_proposals *p,
		       const struct sipc_proposal *seen)
{
	struct sipc_proposal *it, *v;
	uint32_t perms = seen->perms;
	size_t i;
	int c;

	for (i = 0; i < p->nr_rejected; i++)
		if (same_triple(&p->rejected[i], seen))
			perms &= ~p->rejected[i].perms;
	if (!perms)
		return 0;
	for (i = 0; i < p->nr_items; i++) {
		it = &p->items[i];
		if (!same_triple(it, seen))
			continue;
		it->perms |= perms;
		it->events += seen->events;
		if (seen->last_seen > it->last_seen)
			it->last_seen = seen->last_seen;
		for (c = 0; c < 4 && seen->comms[c][0]; c++)
			add_comm(it, seen->comms[c]);
		return 1;
	}
	v = realloc(p->items, (p->nr_items + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	p->items = v;
	it = &v[p->nr_items++];
	*it = *seen;
	it->perms = perms;
	it->id = p->next_id++;
	return 1;
}

void sipc_proposal_rule(const struct sipc_proposal *p, char *buf, size_t len)
{
	const char *cls = sipc_class_name(p->class);
	char perms[256];

	sipc_perms_format(p->perms, perms, sizeof(perms));
	snprintf(buf, len, "allow %s %s : %s { %s };", p->subject, p->object,
		 cls ? cls : "?", perms);
}
