// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl preview: what loading a policy file would change, before it is
 * loaded.  Three questions, each answered from what userspace can see:
 *
 * - Flows in use: each rule of the policy in force that a decision used
 *   since it was loaded (the kernel's usage stamps) is looked up, by role
 *   names, in the new policy; the permissions the new one lacks would be
 *   refused where the new policy enforces.  The kernel stamps a (subject,
 *   object, class) rule, not each permission, so a used rule that loses
 *   any permission is reported.
 * - Processes: as the kernel would, a process keeps its role when the
 *   new policy has a role of that name; otherwise (unconfined, or a role
 *   the new policy drops) the new policy's match rules are evaluated
 *   against what /proc says of it now: executable, cgroup, effective
 *   uid and gid.
 * - Objects: named objects that exist (bound Unix sockets, SysV keys,
 *   POSIX queues, FIFOs some process holds open) are matched against the
 *   new policy's labels.  The kernel does not tell an object's current
 *   role, so a change is certain only against the labels of the policy in
 *   force given with --current; what cannot be told is said.
 *
 * Exit status 4 (EXIT_WOULD_BREAK) when a flow in use would be refused.
 */
#include <ctype.h>
#include <dirent.h>
#include <getopt.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "flows.h"

#define USAGE "[--json] [--current FILE] NEW.sipc"

/* A compiled policy, read back from its blob. */
struct pol {
	const char *strings;
	uint32_t strings_size;
	uint32_t mode;
	const struct sipc_policy_role *roles;	/* entry i is role i + 1 */
	uint32_t nr_roles, role_size;
	const struct sipc_policy_match *matches;
	uint32_t nr_matches, match_size;
	const struct sipc_policy_label *labels;
	uint32_t nr_labels, label_size;
	const struct sipc_policy_rule *rules;
	uint32_t nr_rules, rule_size;
};

#define ENTRY(base, size, i) ((const void *)((const char *)(base) + (size_t)(size) * (i)))

static const char *pol_str(const struct pol *p, uint32_t off)
{
	return off < p->strings_size ? p->strings + off : "";
}

/* The blob comes from our own compiler; still, stay inside it. */
static int pol_read(const struct sipc_compiled *c, struct pol *p)
{
	const struct sipc_policy_header *h = c->blob;
	const struct sipc_policy_section *sec;
	uint32_t i;

	memset(p, 0, sizeof(*p));
	if (c->size < sizeof(*h) || h->nr_sections > 64 ||
	    sizeof(*h) + h->nr_sections * sizeof(*sec) > c->size)
		return -1;
	p->mode = h->mode;
	sec = (const void *)(h + 1);
	for (i = 0; i < h->nr_sections; i++) {
		const void *base = (const char *)c->blob + sec[i].offset;

		if (sec[i].offset > c->size ||
		    (uint64_t)sec[i].count * sec[i].entry_size >
		    c->size - sec[i].offset)
			return -1;
		switch (sec[i].type) {
		case SIPC_SECTION_STRINGS:
			p->strings = base;
			p->strings_size = sec[i].count;
			break;
		case SIPC_SECTION_ROLES:
			p->roles = base;
			p->nr_roles = sec[i].count;
			p->role_size = sec[i].entry_size;
			break;
		case SIPC_SECTION_MATCHES:
			p->matches = base;
			p->nr_matches = sec[i].count;
			p->match_size = sec[i].entry_size;
			break;
		case SIPC_SECTION_LABELS:
			p->labels = base;
			p->nr_labels = sec[i].count;
			p->label_size = sec[i].entry_size;
			break;
		case SIPC_SECTION_RULES:
			p->rules = base;
			p->nr_rules = sec[i].count;
			p->rule_size = sec[i].entry_size;
			break;
		}
	}
	return p->strings && p->strings_size &&
	       !p->strings[p->strings_size - 1] ? 0 : -1;
}

static const char *pol_role_name(const struct pol *p, uint32_t role)
{
	const struct sipc_policy_role *r;

	if (!role || role > p->nr_roles)
		return SIPC_ROLE_UNCONFINED_NAME;
	r = ENTRY(p->roles, p->role_size, role - 1);
	return pol_str(p, r->name);
}

/* The role's index, 0 for unconfined, -1 when the policy has none. */
static int pol_role_by_name(const struct pol *p, const char *name)
{
	uint32_t i;

	if (!strcmp(name, SIPC_ROLE_UNCONFINED_NAME))
		return 0;
	for (i = 1; i <= p->nr_roles; i++)
		if (!strcmp(pol_role_name(p, i), name))
			return i;
	return -1;
}

static uint32_t pol_grants(const struct pol *p, const char *subject,
			   const char *object, uint32_t cls)
{
	int s = pol_role_by_name(p, subject), o = pol_role_by_name(p, object);
	const struct sipc_policy_rule *r;
	uint32_t i, perms = 0;

	if (s < 0 || o < 0)
		return 0;
	if (!s && !o)
		return sipc_class_perms(cls);
	for (i = 0; i < p->nr_rules; i++) {
		r = ENTRY(p->rules, p->rule_size, i);
		if (r->subject == (uint32_t)s && r->object == (uint32_t)o &&
		    r->class == cls)
			perms |= r->perms;
	}
	return perms;
}

/* The mode that would apply to a decision of @subject on @object. */
static uint32_t pol_mode(const struct pol *p, const char *subject,
			 const char *object)
{
	int role = pol_role_by_name(p, subject);
	const struct sipc_policy_role *r;

	if (role <= 0)
		role = pol_role_by_name(p, object);
	if (role <= 0)
		return p->mode;
	r = ENTRY(p->roles, p->role_size, role - 1);
	return r->mode == SIPC_MODE_GLOBAL ? p->mode : r->mode;
}

/*
 * The policy language's globs, as the kernel matches them: '*' within a
 * path component, '**' across components, '?' one character but '/',
 * '\' quotes the next.
 */
static bool glob_match(const char *pat, const char *s)
{
	if (*pat == '*' && pat[1] == '*') {
		while (*pat == '*')
			pat++;
		for (;; s++) {
			if (glob_match(pat, s))
				return true;
			if (!*s)
				return false;
		}
	}
	if (*pat == '*') {
		for (pat++;; s++) {
			if (glob_match(pat, s))
				return true;
			if (!*s || *s == '/')
				return false;
		}
	}
	if (!*pat)
		return !*s;
	if (*pat == '\\')
		return pat[1] && *s == pat[1] && glob_match(pat + 2, s + 1);
	if (*s && (*pat == *s || (*pat == '?' && *s != '/')))
		return glob_match(pat + 1, s + 1);
	return false;
}

struct facts {
	char exe[PATH_MAX];
	char cgroup[PATH_MAX];
	bool have_exe, have_cgroup, have_ids;
	uint32_t uid, gid;
};

static uint32_t pol_match(const struct pol *p, const struct facts *f)
{
	const struct sipc_policy_match *m;
	uint32_t i;

	for (i = 0; i < p->nr_matches; i++) {
		m = ENTRY(p->matches, p->match_size, i);
		if ((m->flags & SIPC_MATCH_UID) && (!f->have_ids || f->uid != m->uid))
			continue;
		if ((m->flags & SIPC_MATCH_GID) && (!f->have_ids || f->gid != m->gid))
			continue;
		if ((m->flags & SIPC_MATCH_EXE) &&
		    (!f->have_exe || !glob_match(pol_str(p, m->exe), f->exe)))
			continue;
		if ((m->flags & SIPC_MATCH_CGROUP) &&
		    (!f->have_cgroup ||
		     !glob_match(pol_str(p, m->cgroup), f->cgroup)))
			continue;
		return m->role;
	}
	return 0;
}

/* The role a label of @kind gives @name (or @key), -1 when none does. */
static int pol_label(const struct pol *p, uint32_t kind, const char *name,
		     int32_t key)
{
	const struct sipc_policy_label *l;
	uint32_t i;

	if (!p)
		return -1;
	for (i = 0; i < p->nr_labels; i++) {
		l = ENTRY(p->labels, p->label_size, i);
		if (l->kind != kind)
			continue;
		if (name ? glob_match(pol_str(p, l->name), name) : l->key == key)
			return l->role;
	}
	return -1;
}

/* What the preview found, as text lines and as JSON. */
struct report {
	bool json;
	unsigned int cut, moved, relabelled;
	json_object *j_cut, *j_tasks, *j_objects, *j_unknown;
};

static void say_unknown(struct report *r, const char *text)
{
	if (r->json)
		json_object_array_add(r->j_unknown, json_object_new_string(text));
	else
		printf("  cannot tell: %s\n", text);
}

/* ------------------------------------------------------------------ */

static void preview_flows(const struct flows *f, const struct pol *np,
			  struct report *r)
{
	char cls[32], lost[256];
	size_t i;

	if (!r->json)
		printf("flows used since the last load that the new policy would deny:\n");
	for (i = 0; i < f->nr_rules; i++) {
		const struct sipc_rule_info *ru = &f->rules[i];
		uint32_t missing, mode;
		const char *name;

		if (!ru->used)
			continue;
		missing = ru->perms & ~pol_grants(np, ru->subject, ru->object,
						 ru->class);
		if (!missing)
			continue;
		mode = pol_mode(np, ru->subject, ru->object);
		name = sipc_class_name(ru->class);
		snprintf(cls, sizeof(cls), "%s", name ? name : "?");
		sipc_perms_format(missing, lost, sizeof(lost));
		if (mode == SIPC_MODE_ENFORCE)
			r->cut++;
		if (r->json) {
			json_object *o = json_object_new_object();

			json_object_object_add(o, "subject", json_object_new_string(ru->subject));
			json_object_object_add(o, "object", json_object_new_string(ru->object));
			json_object_object_add(o, "class", json_object_new_string(cls));
			json_object_object_add(o, "denied", json_object_new_string(lost));
			json_object_object_add(o, "idle", json_object_new_int64(ru->idle));
			json_object_object_add(o, "mode",
					       json_object_new_string(mode_label(mode)));
			json_object_array_add(r->j_cut, o);
		} else {
			printf("  %s -> %s : %s { %s } (used %us ago)%s\n",
			       ru->subject, ru->object, cls, lost, ru->idle,
			       mode == SIPC_MODE_ENFORCE ? "" :
			       mode == SIPC_MODE_LEARN ? " - learn mode: reported, not refused" :
			       " - permissive mode: reported, not refused");
		}
	}
	if (!r->json && !r->cut)
		printf("  none\n");
	say_unknown(r, "which permissions of a used rule were used: a rule is stamped as a whole");
}

static bool read_line_field(const char *path, const char *key, char *out,
			    size_t len)
{
	char line[512];
	bool found = false;
	FILE *fp = fopen(path, "r");

	if (!fp)
		return false;
	while (fgets(line, sizeof(line), fp)) {
		if (strncmp(line, key, strlen(key)))
			continue;
		snprintf(out, len, "%s", line + strlen(key));
		out[strcspn(out, "\n")] = '\0';
		found = true;
		break;
	}
	fclose(fp);
	return found;
}

/* What the kernel would match pid @pid by; false for a kernel thread. */
static bool task_facts(uint32_t pid, struct facts *fa)
{
	char path[64], buf[PATH_MAX];
	unsigned int ruid, euid, rgid, egid;
	ssize_t n;

	memset(fa, 0, sizeof(*fa));
	snprintf(path, sizeof(path), "/proc/%u/exe", pid);
	n = readlink(path, fa->exe, sizeof(fa->exe) - 1);
	if (n > 0) {
		fa->exe[n] = '\0';
		fa->have_exe = true;
	} else {
		snprintf(path, sizeof(path), "/proc/%u/status", pid);
		/* no exe and no VmSize: a kernel thread, always unconfined */
		if (!read_line_field(path, "VmSize:", buf, sizeof(buf)))
			return false;
	}
	snprintf(path, sizeof(path), "/proc/%u/cgroup", pid);
	if (read_line_field(path, "0::", fa->cgroup, sizeof(fa->cgroup)))
		fa->have_cgroup = true;
	snprintf(path, sizeof(path), "/proc/%u/status", pid);
	if (read_line_field(path, "Uid:", buf, sizeof(buf)) &&
	    sscanf(buf, "%u %u", &ruid, &euid) == 2 &&
	    read_line_field(path, "Gid:", buf, sizeof(buf)) &&
	    sscanf(buf, "%u %u", &rgid, &egid) == 2) {
		fa->uid = euid;
		fa->gid = egid;
		fa->have_ids = true;
	}
	return true;
}

struct task_walk {
	const struct pol *np;
	struct report *r;
	unsigned int gone;
};

static int preview_task(const struct sipc_task_info *t, void *arg)
{
	struct task_walk *w = arg;
	const char *now = t->role, *then;
	struct facts fa;

	if (strcmp(now, SIPC_ROLE_UNCONFINED_NAME) &&
	    pol_role_by_name(w->np, now) > 0)
		return 0;
	if (!task_facts(t->pid, &fa)) {
		if (kill(t->pid, 0) && errno == ESRCH)
			w->gone++;
		return 0;
	}
	then = pol_role_name(w->np, pol_match(w->np, &fa));
	if (!strcmp(now, then))
		return 0;
	w->r->moved++;
	if (w->r->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "pid", json_object_new_int64(t->pid));
		json_object_object_add(o, "comm", json_object_new_string(t->comm));
		json_object_object_add(o, "role", json_object_new_string(now));
		json_object_object_add(o, "new_role", json_object_new_string(then));
		json_object_array_add(w->r->j_tasks, o);
	} else {
		printf("  %u (%s): %s -> %s\n", t->pid, t->comm, now, then);
	}
	return 0;
}

static int preview_tasks(struct sipc *h, const struct pol *np,
			 struct report *r)
{
	struct task_walk w = { .np = np, .r = r };
	int ret;

	if (!r->json)
		printf("running processes that would change role:\n");
	ret = sipc_for_each_task(h, preview_task, &w);
	if (!r->json && !r->moved)
		printf("  none\n");
	say_unknown(r, "the facts a process had when it executed: its uid, gid and cgroup are read as they are now");
	return ret;
}

/* ------------------------------------------------------------------ */

static const char *const label_kind_names[] = {
	[SIPC_LABEL_UNIX] = "unix", [SIPC_LABEL_FIFO] = "fifo",
	[SIPC_LABEL_MSGQ] = "msgq", [SIPC_LABEL_SHM] = "shm",
	[SIPC_LABEL_SEM] = "sem", [SIPC_LABEL_MQUEUE] = "mqueue",
};

struct obj_walk {
	const struct pol *np, *cur;	/* @cur: NULL when not given */
	struct report *r;
	char **seen;
	size_t nr_seen, seen_alloc;
	unsigned int unsure;
};

/* Each object once: false when @id was seen already. */
static bool first_time(struct obj_walk *w, const char *id)
{
	size_t i;
	char **p;

	for (i = 0; i < w->nr_seen; i++)
		if (!strcmp(w->seen[i], id))
			return false;
	if (w->nr_seen == w->seen_alloc) {
		p = realloc(w->seen, (w->seen_alloc * 2 + 16) * sizeof(*p));
		if (!p)
			return true;
		w->seen = p;
		w->seen_alloc = w->seen_alloc * 2 + 16;
	}
	w->seen[w->nr_seen] = strdup(id);
	if (w->seen[w->nr_seen])
		w->nr_seen++;
	return true;
}

static void preview_object(struct obj_walk *w, uint32_t kind,
			   const char *name, int32_t key)
{
	char id[PATH_MAX + 32], keybuf[16];
	int now, then;
	const char *from;

	if (!name) {
		snprintf(keybuf, sizeof(keybuf), "0x%08x", (uint32_t)key);
	}
	snprintf(id, sizeof(id), "%s %s", label_kind_names[kind],
		 name ? name : keybuf);
	if (!first_time(w, id))
		return;
	then = pol_label(w->np, kind, name, key);
	if (then < 0)
		return;
	now = pol_label(w->cur, kind, name, key);
	if (w->cur && now >= 0 &&
	    !strcmp(pol_role_name(w->cur, now), pol_role_name(w->np, then)))
		return;
	if (w->cur && now >= 0)
		from = pol_role_name(w->cur, now);
	else
		from = w->cur ? "its creator's role" : "?";
	if (!w->cur || now < 0)
		w->unsure++;
	w->r->relabelled++;
	if (w->r->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "object", json_object_new_string(id));
		json_object_object_add(o, "role", json_object_new_string(from));
		json_object_object_add(o, "new_role",
				       json_object_new_string(pol_role_name(w->np, then)));
		json_object_array_add(w->r->j_objects, o);
	} else {
		printf("  %s: %s -> %s\n", id, from, pol_role_name(w->np, then));
	}
}

static void walk_unix(struct obj_walk *w)
{
	char line[PATH_MAX + 128];
	FILE *fp = fopen("/proc/net/unix", "r");

	if (!fp) {
		say_unknown(w->r, "Unix sockets: /proc/net/unix cannot be read");
		return;
	}
	while (fgets(line, sizeof(line), fp)) {
		char *path;
		int fields = 0;

		line[strcspn(line, "\n")] = '\0';
		/* Num RefCount Protocol Flags Type St Inode Path */
		for (path = line; *path && fields < 7; fields++) {
			path += strspn(path, " ");
			path += strcspn(path, " ");
		}
		path += strspn(path, " ");
		if (fields == 7 && *path && strcmp(path, "Path"))
			preview_object(w, SIPC_LABEL_UNIX, path, 0);
	}
	fclose(fp);
}

static void walk_sysv(struct obj_walk *w, const char *file, uint32_t kind)
{
	char path[64], line[512];
	FILE *fp;
	int key;

	snprintf(path, sizeof(path), "/proc/sysvipc/%s", file);
	fp = fopen(path, "r");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		if (sscanf(line, "%d", &key) == 1 && key)
			preview_object(w, kind, NULL, key);
	}
	fclose(fp);
}

static void walk_mqueue(struct obj_walk *w)
{
	DIR *d = opendir("/dev/mqueue");
	char name[NAME_MAX + 2];
	struct dirent *e;

	if (!d) {
		say_unknown(w->r, "POSIX queues: /dev/mqueue is not mounted");
		return;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(name, sizeof(name), "/%s", e->d_name);
		preview_object(w, SIPC_LABEL_MQUEUE, name, 0);
	}
	closedir(d);
}

/* FIFOs: only those a process holds open can be found. */
static void walk_fifos(struct obj_walk *w)
{
	char dir[320], fd[600], target[PATH_MAX];
	struct dirent *p, *e;
	DIR *proc, *fds;
	struct stat st;
	ssize_t n;

	proc = opendir("/proc");
	if (!proc)
		return;
	while ((p = readdir(proc))) {
		if (!isdigit((unsigned char)p->d_name[0]))
			continue;
		snprintf(dir, sizeof(dir), "/proc/%s/fd", p->d_name);
		fds = opendir(dir);
		if (!fds)
			continue;
		while ((e = readdir(fds))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(fd, sizeof(fd), "%s/%s", dir, e->d_name);
			if (stat(fd, &st) || !S_ISFIFO(st.st_mode))
				continue;
			n = readlink(fd, target, sizeof(target) - 1);
			if (n <= 0)
				continue;
			target[n] = '\0';
			if (target[0] == '/')
				preview_object(w, SIPC_LABEL_FIFO, target, 0);
		}
		closedir(fds);
	}
	closedir(proc);
}

static void preview_objects(const struct pol *np, const struct pol *cur,
			    struct report *r)
{
	struct obj_walk w = { .np = np, .cur = cur, .r = r };
	size_t i;

	if (!r->json)
		printf("existing objects the new policy would label differently:\n");
	walk_unix(&w);
	walk_sysv(&w, "msg", SIPC_LABEL_MSGQ);
	walk_sysv(&w, "shm", SIPC_LABEL_SHM);
	walk_sysv(&w, "sem", SIPC_LABEL_SEM);
	walk_mqueue(&w);
	walk_fifos(&w);
	if (!r->json && !r->relabelled)
		printf("  none\n");
	if (!cur)
		say_unknown(r, "the current role of a labelled object: the kernel does not tell it; give the policy in force with --current FILE");
	else if (w.unsure)
		say_unknown(r, "the role of an object the policy in force does not label: its creator's, which the kernel does not tell");
	say_unknown(r, "FIFOs no process holds open, and objects in other IPC or mount namespaces");
	for (i = 0; i < w.nr_seen; i++)
		free(w.seen[i]);
	free(w.seen);
}

/* Roles of the policy in force that the new one drops. */
static void preview_roles(const struct flows *f, const struct pol *np,
			  struct report *r, json_object *j_gone)
{
	bool any = false;
	size_t i;

	for (i = 0; i < f->nr_roles; i++) {
		const char *name = f->roles[i].name;

		if (pol_role_by_name(np, name) >= 0)
			continue;
		if (r->json) {
			json_object_array_add(j_gone, json_object_new_string(name));
			continue;
		}
		if (!any)
			printf("roles the new policy drops (their objects become unconfined, their processes are matched again):\n");
		any = true;
		printf("  %s\n", name);
	}
}

static int preview_usage(const char *cmd, const char *what, const char *arg)
{
	fprintf(stderr, "%s %s: %s%s%s%s\n", prog_name, cmd, what,
		arg ? " `" : "", arg ? arg : "", arg ? "'" : "");
	fprintf(stderr, "Usage: %s %s %s\n", prog_name, cmd, USAGE);
	return EXIT_USAGE;
}

static int compile(const char *cmd, const char *file,
		   struct sipc_compiled *c, struct pol *p)
{
	if (sipc_policy_compile_file(file, stderr, c))
		return EXIT_FAILED;
	if (pol_read(c, p)) {
		fprintf(stderr, "%s %s: %s: cannot read the compiled policy back\n",
			prog_name, cmd, file);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

static int preview_run(const char *cmd, struct sipc *h, const char *file,
		       const struct pol *np, const struct pol *cur,
		       struct report *r)
{
	json_object *root = NULL, *gone = NULL;
	struct flows f;
	int ret;

	ret = flows_read(h, &f);
	if (ret)
		return report_failure(cmd, h, ret);
	if (r->json) {
		root = json_object_new_object();
		gone = json_object_new_array();
		r->j_cut = json_object_new_array();
		r->j_tasks = json_object_new_array();
		r->j_objects = json_object_new_array();
		r->j_unknown = json_object_new_array();
	} else {
		printf("preview of %s against policy generation %u:\n", file,
		       f.status.policy_gen);
	}
	preview_flows(&f, np, r);
	ret = preview_tasks(h, np, r);
	preview_objects(np, cur, r);
	preview_roles(&f, np, r, gone);
	if (ret)
		ret = report_failure(cmd, h, ret);
	else
		ret = r->cut ? EXIT_WOULD_BREAK : EXIT_OK;
	if (r->json) {
		json_object_object_add(root, "file", json_object_new_string(file));
		json_object_object_add(root, "generation",
				       json_object_new_int64(f.status.policy_gen));
		json_object_object_add(root, "would_break", json_object_new_boolean(r->cut > 0));
		json_object_object_add(root, "denied_flows", r->j_cut);
		json_object_object_add(root, "processes", r->j_tasks);
		json_object_object_add(root, "objects", r->j_objects);
		json_object_object_add(root, "dropped_roles", gone);
		json_object_object_add(root, "cannot_tell", r->j_unknown);
		printf("%s\n", json_object_to_json_string_ext(root,
				JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED));
		json_object_put(root);
	} else {
		printf("%s\n", r->cut ?
		       "would break: flows in use would be denied" :
		       "would break nothing in use");
	}
	flows_free(&f);
	return ret;
}

int preview_main(int argc, char *argv[])
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "current", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct sipc_compiled nc = { 0 }, cc = { 0 };
	struct report r = { 0 };
	const char *current = NULL;
	struct pol np, cp;
	struct sipc *h = NULL;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jhc:", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			r.json = true;
			break;
		case 'c':
			current = optarg;
			break;
		case 'h':
			printf("Usage: %s %s %s\n", prog_name, argv[0], USAGE);
			return EXIT_OK;
		default:
			return preview_usage(argv[0], "unknown option",
					     argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return preview_usage(argv[0], optind < argc ?
				     "one policy file at a time" :
				     "missing policy file", NULL);
	ret = compile(argv[0], argv[optind], &nc, &np);
	if (ret == EXIT_OK && current)
		ret = compile(argv[0], current, &cc, &cp);
	if (ret == EXIT_OK)
		ret = open_handle(argv[0], &h);
	if (ret == EXIT_OK)
		ret = preview_run(argv[0], h, argv[optind], &np,
				  current ? &cp : NULL, &r);
	sipc_close(h);
	sipc_compiled_free(&nc);
	sipc_compiled_free(&cc);
	return ret;
}
