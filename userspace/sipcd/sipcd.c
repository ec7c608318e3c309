// SPDX-License-Identifier: GPL-2.0
/*
 * sipcd: the policy daemon.  It owns the policy the kernel holds: reads
 * sipc.conf(5) and the policy files it names, compiles them with
 * libsipc's compiler, loads them over generic netlink, and follows
 * changes (SIGHUP, inotify), module reloads, and learn-mode events,
 * which it turns into proposed rules (see sipcd(8)).
 *
 * One thread, one poll() loop over a signalfd, an inotify descriptor,
 * three timerfds (reload debounce, module check, proposals flush) and
 * the events socket.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "libsipc.h"
#include "sipc-conf.h"
#include "sipc-policy.h"

#define USAGE "Usage: sipcd [--foreground] [--config FILE]\n"

static struct {
	const char *config_path;
	bool foreground;

	struct sipc_conf conf;
	bool have_conf;

	struct sipc *h;		/* NULL while the module is not there */
	bool module_missing_logged;
	struct sipc_events *ev;	/* when learning */

	void *blob;		/* the policy last loaded, to load again */
	size_t blob_size;
	uint32_t loaded_gen;	/* its generation, 0 when none */

	int sfd, ifd, debounce_fd, check_fd, flush_fd;

	struct sipc_proposal *pending;	/* seen, not yet in the file */
	size_t nr_pending;
	uint64_t events_lost;
} d = {
	.config_path = SIPC_CONF_DEFAULT,
	.sfd = -1, .ifd = -1, .debounce_fd = -1, .check_fd = -1,
	.flush_fd = -1,
};

static void logmsg(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void logmsg(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (d.foreground) {
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		vsyslog(prio, fmt, ap);
	}
	va_end(ap);
}

/*
 * sd_notify(3)'s protocol: one datagram to $NOTIFY_SOCKET, a path or,
 * with a leading '@', an abstract name.  Nothing when it is not set.
 */
static void notify(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void notify(const char *fmt, ...)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char msg[512];
	socklen_t salen;
	va_list ap;
	int fd, n;

	if (!path || !*path || strlen(path) >= sizeof(sa.sun_path))
		return;
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return;
	memcpy(sa.sun_path, path, strlen(path));
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	salen = offsetof(struct sockaddr_un, sun_path) + strlen(path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, msg, n, MSG_NOSIGNAL, (struct sockaddr *)&sa, salen) < 0)
		logmsg(LOG_WARNING, "cannot notify %s: %s", path,
		       strerror(errno));
	close(fd);
}

static void arm(int fd, unsigned int ms, bool repeat)
{
	struct itimerspec its = { 0 };

	its.it_value.tv_sec = ms / 1000;
	its.it_value.tv_nsec = (ms % 1000) * 1000000L;
	if (!ms)
		its.it_value.tv_nsec = 1;
	if (repeat)
		its.it_interval = its.it_value;
	timerfd_settime(fd, 0, &its, NULL);
}

static void drain(int fd)
{
	uint64_t n;

	if (read(fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
		logmsg(LOG_WARNING, "read timer: %s", strerror(errno));
}

/* Log every line of @text with @prefix; the compiler's errors. */
static void log_lines(int prio, const char *prefix, char *text)
{
	char *save = NULL, *line;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		logmsg(prio, "%s%s", prefix, line);
}

static void watch_dir_of(const char *path, bool is_dir)
{
	const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM |
			      IN_CREATE | IN_DELETE;
	char *dir = strdup(path), *slash;

	if (!dir)
		return;
	slash = strrchr(dir, '/');
	if (!is_dir && slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	/* the same directory twice is one watch; a missing one, none */
	inotify_add_watch(d.ifd, dir, mask);
	free(dir);
}

/*
 * Watch the directories of the configuration, of the policy files and
 * globs, and learned.d and its parent (sipcctl learn accept may make it).
 */
static void watch(char **files, int n)
{
	size_t i;
	int j;

	if (d.ifd >= 0)
		close(d.ifd);
	d.ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (d.ifd < 0) {
		logmsg(LOG_WARNING, "inotify: %s; reload with SIGHUP",
		       strerror(errno));
		return;
	}
	watch_dir_of(d.config_path, false);
	if (!d.have_conf)
		return;
	watch_dir_of(d.conf.learned_dir, true);
	watch_dir_of(d.conf.learned_dir, false);
	for (i = 0; i < d.conf.nr_policies; i++)
		watch_dir_of(d.conf.policies[i], false);
	for (j = 0; j < n; j++)
		watch_dir_of(files[j], false);
}

/* Is an inotify event about a file of ours, not the proposals file's? */
static bool relevant(const struct inotify_event *ev)
{
	const char *base;
	size_t len;

	if (!ev->len || !d.have_conf)
		return true;
	base = strrchr(d.conf.proposals, '/');
	base = base ? base + 1 : d.conf.proposals;
	len = strlen(base);
	return strncmp(ev->name, base, len) ||
	       (ev->name[len] && strcmp(ev->name + len, ".lock") &&
		strcmp(ev->name + len, ".tmp"));
}

static bool module_up(void)
{
	char err[256];
	int ret;

	if (d.h)
		return true;
	ret = sipc_open(&d.h, err, sizeof(err));
	if (!ret) {
		d.module_missing_logged = false;
		return true;
	}
	if (!d.module_missing_logged)
		logmsg(LOG_WARNING, "sipc module not available (%s); waiting for it",
		       err);
	d.module_missing_logged = true;
	return false;
}

static void module_down(void)
{
	sipc_close(d.h);
	d.h = NULL;
	if (d.ev) {
		sipc_events_close(d.ev);
		d.ev = NULL;
	}
}

/* Put @blob in force; 0 or -errno. */
static int load_blob(const void *blob, size_t size, const char *why)
{
	struct sipc_load_result res;
	int ret;

	if (!blob || !module_up())
		return -ENOENT;
	ret = sipc_load_policy(d.h, blob, size, &res);
	if (ret) {
		logmsg(LOG_ERR, "policy not loaded (%s): %s", why,
		       sipc_errmsg(d.h));
		if (ret != -EINVAL && ret != -EPERM && ret != -EBUSY)
			module_down();
		return ret;
	}
	d.loaded_gen = res.gen;
	logmsg(LOG_INFO, "policy loaded (%s): generation %u, %u roles, %u rules",
	       why, res.gen, res.roles, res.rules);
	notify("STATUS=policy generation %u, %u roles, %u rules", res.gen,
	       res.roles, res.rules);
	return 0;
}

static void events_update(void)
{
	char err[256];

	if (!d.have_conf || !d.conf.learn) {
		if (d.ev) {
			sipc_events_close(d.ev);
			d.ev = NULL;
			logmsg(LOG_INFO, "learning off");
		}
		return;
	}
	if (d.ev || !d.h)
		return;
	if (sipc_events_open(&d.ev, err, sizeof(err))) {
		logmsg(LOG_ERR, "cannot follow events to learn: %s", err);
		return;
	}
	logmsg(LOG_INFO, "learning: proposals go to %s", d.conf.proposals);
}

/*
 * Read the configuration, compile, load.  Any failure leaves the policy
 * in force as it is and logs why.  @force loads even an unchanged policy.
 */
static void reload(const char *why, bool force)
{
	struct sipc_compiled c = { 0 };
	struct sipc_conf conf;
	char *errs = NULL, *text = NULL, **files = NULL;
	size_t errs_len = 0;
	FILE *ef;
	int n = -1, ret;

	ef = open_memstream(&errs, &errs_len);
	if (!ef) {
		logmsg(LOG_ERR, "out of memory");
		return;
	}
	if (sipc_conf_read(d.config_path, &conf, ef))
		goto refused;
	if (d.have_conf)
		sipc_conf_free(&d.conf);
	d.conf = conf;
	d.have_conf = true;
	n = sipc_conf_files(&d.conf, &files, ef);
	if (n < 0)
		goto refused;
	text = sipc_conf_policy_text(files, n, ef);
	if (!text || sipc_policy_compile_string(d.config_path, text, ef, &c))
		goto refused;
	fclose(ef);
	ef = NULL;
	watch(files, n);
	events_update();
	if (!force && d.blob && c.size == d.blob_size &&
	    !memcmp(c.blob, d.blob, c.size)) {
		logmsg(LOG_INFO, "policy unchanged (%s)", why);
		sipc_compiled_free(&c);
		goto out;
	}
	notify("RELOADING=1");
	ret = load_blob(c.blob, c.size, why);
	if (!ret || ret == -ENOENT) {
		/* in force, or to load when the module comes */
		free(d.blob);
		d.blob = c.blob;
		d.blob_size = c.size;
		c.blob = NULL;
	} else if (d.loaded_gen) {
		logmsg(LOG_ERR, "policy refused (%s): generation %u stays in force",
		       why, d.loaded_gen);
	}
	notify("READY=1");
	goto out;

refused:
	if (ef)
		fclose(ef);
	ef = NULL;
	log_lines(LOG_ERR, "policy refused: ", errs ? errs : "");
	if (d.loaded_gen)
		logmsg(LOG_ERR, "policy refused (%s): generation %u stays in force",
		       why, d.loaded_gen);
	else
		logmsg(LOG_ERR, "policy refused (%s): nothing loaded", why);
	notify("STATUS=policy refused, see the log");
	/* still follow the files, to try again when they are fixed */
	if (d.have_conf) {
		char **f2 = NULL;
		FILE *nul = fopen("/dev/null", "w");
		int n2 = nul ? sipc_conf_files(&d.conf, &f2, nul) : -1;

		watch(f2, n2 < 0 ? 0 : n2);
		if (n2 > 0)
			sipc_conf_files_free(f2, n2);
		if (nul)
			fclose(nul);
	} else {
		watch(NULL, 0);
	}
out:
	if (n > 0)
		sipc_conf_files_free(files, n);
	sipc_compiled_free(&c);
	free(text);
	free(errs);
}

/* Is the policy we loaded still there?  If the module came back, load. */
static void check_module(void)
{
	struct sipc_status st;
	bool was_up = d.h;

	if (d.h && sipc_get_status(d.h, &st)) {
		logmsg(LOG_WARNING, "sipc module gone (%s)", sipc_errmsg(d.h));
		module_down();
		was_up = false;
	}
	if (!d.h) {
		if (!module_up() || sipc_get_status(d.h, &st))
			return;
		if (!was_up)
			logmsg(LOG_INFO, "sipc module is there");
	}
	if (d.blob && (st.policy_gen == 0 || st.policy_gen < d.loaded_gen)) {
		logmsg(LOG_WARNING, "sipc module reloaded (policy generation %u, was %u): loading the policy again",
		       st.policy_gen, d.loaded_gen);
		if (d.ev) {
			sipc_events_close(d.ev);
			d.ev = NULL;
		}
		load_blob(d.blob, d.blob_size, "module reloaded");
	}
	events_update();
}

/* Learning: keep what an event proposes until the next flush. */
static void learn_event(const struct sipc_event_info *e)
{
	struct sipc_proposal *p, *v;
	time_t now = time(NULL);
	size_t i;
	int c;

	if (!e->allowed || e->mode != SIPC_MODE_LEARN)
		return;
	for (i = 0; i < d.nr_pending; i++) {
		p = &d.pending[i];
		if (p->class == e->class && !strcmp(p->subject, e->subject) &&
		    !strcmp(p->object, e->object))
			goto found;
	}
	v = realloc(d.pending, (d.nr_pending + 1) * sizeof(*v));
	if (!v) {
		logmsg(LOG_ERR, "out of memory: event dropped");
		return;
	}
	d.pending = v;
	p = &v[d.nr_pending++];
	memset(p, 0, sizeof(*p));
	snprintf(p->subject, sizeof(p->subject), "%s", e->subject);
	snprintf(p->object, sizeof(p->object), "%s", e->object);
	p->class = e->class;
	p->first_seen = now;
	if (d.nr_pending == 1)
		arm(d.flush_fd, 200, false);
found:
	p->perms |= e->perm;
	p->events++;
	p->last_seen = now;
	for (c = 0; c < 4; c++) {
		if (!strcmp(p->comms[c], e->comm))
			break;
		if (!p->comms[c][0]) {
			snprintf(p->comms[c], sizeof(p->comms[c]), "%s",
				 e->comm);
			break;
		}
	}
}

static void read_events(void)
{
	struct sipc_event_info e;
	int ret;

	while (d.ev && (ret = sipc_events_next(d.ev, &e, 0)) != 0) {
		if (ret == -ENOBUFS) {
			if (!d.events_lost++)
				logmsg(LOG_WARNING, "learning: events lost: %s",
				       sipc_events_errmsg(d.ev));
			continue;
		}
		if (ret < 0) {
			logmsg(LOG_WARNING, "events: %s",
			       sipc_events_errmsg(d.ev));
			sipc_events_close(d.ev);
			d.ev = NULL;
			return;
		}
		learn_event(&e);
	}
}

/* Merge what was seen into the proposals file, under its lock. */
static void flush_proposals(void)
{
	struct sipc_proposals p;
	char err[256], *slash;
	size_t i;
	int lock, ret, changed = 0;

	if (!d.nr_pending || !d.have_conf)
		return;
	/* its directory, when no one made it (systemd's StateDirectory= does) */
	slash = strrchr(d.conf.proposals, '/');
	if (slash && slash != d.conf.proposals) {
		*slash = '\0';
		mkdir(d.conf.proposals, 0700);
		*slash = '/';
	}
	lock = sipc_proposals_lock(d.conf.proposals);
	if (lock < 0) {
		logmsg(LOG_ERR, "learning: cannot lock %s: %s",
		       d.conf.proposals, strerror(-lock));
		return;
	}
	ret = sipc_proposals_read(d.conf.proposals, &p, err, sizeof(err));
	if (ret) {
		logmsg(LOG_ERR, "learning: %s; not overwritten", err);
		goto out;
	}
	for (i = 0; i < d.nr_pending; i++) {
		ret = sipc_proposals_add(&p, &d.pending[i]);
		if (ret < 0)
			break;
		changed |= ret;
	}
	if (ret >= 0 && changed) {
		ret = sipc_proposals_write(d.conf.proposals, &p);
		if (ret)
			logmsg(LOG_ERR, "learning: cannot write %s: %s",
			       d.conf.proposals, strerror(-ret));
	}
	if (ret >= 0) {
		logmsg(LOG_INFO, "learning: %zu proposals in %s", p.nr_items,
		       d.conf.proposals);
		free(d.pending);
		d.pending = NULL;
		d.nr_pending = 0;
	}
	sipc_proposals_free(&p);
out:
	sipc_proposals_unlock(lock);
}

static int setup(void)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	if (sigprocmask(SIG_BLOCK, &mask, NULL))
		return -1;
	signal(SIGPIPE, SIG_IGN);
	d.sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	d.debounce_fd = timerfd_create(CLOCK_MONOTONIC,
				       TFD_NONBLOCK | TFD_CLOEXEC);
	d.check_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	d.flush_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (d.sfd < 0 || d.debounce_fd < 0 || d.check_fd < 0 || d.flush_fd < 0)
		return -1;
	return 0;
}

static int run(void)
{
	struct signalfd_siginfo si;
	struct pollfd pfd[6];
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int i;

	for (;;) {
		pfd[0] = (struct pollfd){ .fd = d.sfd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = d.ifd, .events = POLLIN };
		pfd[2] = (struct pollfd){ .fd = d.debounce_fd, .events = POLLIN };
		pfd[3] = (struct pollfd){ .fd = d.check_fd, .events = POLLIN };
		pfd[4] = (struct pollfd){ .fd = d.flush_fd, .events = POLLIN };
		pfd[5] = (struct pollfd){ .fd = d.ev ? sipc_events_fd(d.ev) : -1,
					  .events = POLLIN };
		if (poll(pfd, 6, -1) < 0) {
			if (errno == EINTR)
				continue;
			logmsg(LOG_ERR, "poll: %s", strerror(errno));
			return 1;
		}
		if (pfd[5].revents)
			read_events();
		if (pfd[0].revents) {
			while (read(d.sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGHUP) {
					logmsg(LOG_INFO, "SIGHUP: reloading");
					reload("SIGHUP", true);
					continue;
				}
				logmsg(LOG_INFO, "signal %u: exiting, the policy stays loaded",
				       si.ssi_signo);
				notify("STOPPING=1");
				read_events();
				flush_proposals();
				return 0;
			}
		}
		if (pfd[1].revents) {
			/* A change of ours: reload once things are quiet. */
			bool mine = false;
			ssize_t len;
			char *q;

			while ((len = read(d.ifd, buf, sizeof(buf))) > 0) {
				for (q = buf; q < buf + len;
				     q += sizeof(struct inotify_event) +
					  ((struct inotify_event *)q)->len)
					mine |= relevant((struct inotify_event *)q);
			}
			if (mine)
				arm(d.debounce_fd, d.have_conf ?
				    d.conf.debounce_ms : 250, false);
		}
		if (pfd[2].revents) {
			drain(d.debounce_fd);
			reload("files changed", false);
		}
		if (pfd[3].revents) {
			drain(d.check_fd);
			check_module();
		}
		if (pfd[4].revents) {
			drain(d.flush_fd);
			flush_proposals();
		}
		for (i = 0; i < 6; i++)
			if (pfd[i].revents & POLLNVAL)
				return 1;
	}
}

int main(int argc, char *argv[])
{
	static const struct option options[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *config_real;
	int c, ret;

	while ((c = getopt_long(argc, argv, "fc:h", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			d.foreground = true;
			break;
		case 'c':
			d.config_path = optarg;
			break;
		case 'h':
			fputs(USAGE, stdout);
			return 0;
		default:
			fputs(USAGE, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs(USAGE, stderr);
		return 2;
	}
	/* daemon() moves to "/": name the configuration from there */
	config_real = realpath(d.config_path, NULL);
	if (config_real)
		d.config_path = config_real;
	if (!d.foreground) {
		if (!getenv("NOTIFY_SOCKET") && daemon(0, 0)) {
			perror("sipcd: daemon");
			return 1;
		}
		openlog("sipcd", LOG_PID, LOG_DAEMON);
	} else {
		setvbuf(stderr, NULL, _IOLBF, 0);
	}
	if (setup()) {
		logmsg(LOG_ERR, "setup: %s", strerror(errno));
		return 1;
	}
	logmsg(LOG_INFO, "starting: configuration %s", d.config_path);
	module_up();
	reload("start", false);
	arm(d.check_fd, d.have_conf ? d.conf.check_ms : 1000, true);
	notify("READY=1");
	ret = run();
	module_down();
	free(d.blob);
	free(d.pending);
	if (d.have_conf)
		sipc_conf_free(&d.conf);
	free(config_real);
	return ret;
}
