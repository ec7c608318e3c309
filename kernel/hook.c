// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - how we attach to the kernel's IPC paths.
 *
 * This is the only file that knows the mechanism.  Each IPC kind hands us a
 * table of hooks; we resolve every security_* function they name, attach
 * one ftrace_ops to all of them at once and, before the function body
 * runs, ask the hooks of that function what to do.  An allowed call
 * continues untouched into the kernel's own LSM stack.  Two ways in
 * (intercept=): by default ftrace calls hook_tramp.S's trampoline directly,
 * which returns the errno of a refused call to the function's caller; the
 * fallback is an ftrace callback, which moves a refused call's saved
 * instruction pointer to a stub that returns the errno.  Either way the
 * call fails exactly where an LSM would refuse it, and no code ever calls
 * the original function through a pointer (which IBT kernels forbid for
 * functions without an ENDBR landing pad).
 *
 * One ftrace_ops for all functions keeps attach and detach to a single
 * registration: each unregistration waits for RCU-tasks grace periods,
 * which would make unloading slow with one ops per function.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/ftrace.h>
#include <linux/hash.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hook.h"
#include "inject.h"

/* More than we attach today (see the per-kind tables); a limit, not a size. */
#define SIPC_MAX_HOOKS		64
#define SIPC_MAX_TABLES		8
/* Most hooks that share one security_* function (file_open: pipe, mqueue). */
#define SIPC_SITE_MAX_HOOKS	4

/**
 * struct sipc_site - one attached security_* function
 * @ip: the ftrace location of the function, as the callback receives it
 * @func: its name, for log messages
 * @nr_hooks: number of valid entries in @hooks
 * @hooks: the hooks interested in this function, in registration order
 *
 * Built before attaching and never changed while attached, so the callback
 * reads it without locks.
 */
struct sipc_site {
	unsigned long ip;
	const char *func;
	unsigned int nr_hooks;
	struct sipc_hook *hooks[SIPC_SITE_MAX_HOOKS];
};

struct sipc_table {
	struct sipc_hook *hooks;
	unsigned int count;
};

/*
 * Registration state.  Changed only from module init and exit, which the
 * module loader serialises; the callback reads sipc_sites, through
 * sipc_site_slots, only between a successful register_ftrace_function() and the return of
 * unregister_ftrace_function().
 */
static struct sipc_table sipc_tables[SIPC_MAX_TABLES];
static unsigned int sipc_nr_tables;
static struct sipc_site *sipc_sites;
static unsigned int sipc_nr_sites;

/*
 * Refusal stubs: the hooked function "returns" through one of these.  They
 * are reached by the trampoline's ret, never by a call through a pointer.
 */
static noinline int sipc_refuse_eacces(void)
{
	return -EACCES;
}

static noinline int sipc_refuse_eperm(void)
{
	return -EPERM;
}

static noinline int sipc_refuse_enomem(void)
{
	return -ENOMEM;
}

/*
 * Sites by ftrace location, open addressing with linear probing: at most
 * SIPC_MAX_HOOKS sites in twice as many slots, so a lookup is a multiply
 * and, almost always, one load.  Filled before attaching, read by the
 * callback, cleared after detaching.  The keys are the addresses of the
 * kernel functions the module attaches to, fixed at load and chosen by
 * no user, so an unkeyed hash is enough.
 */
#define SIPC_SITE_BITS		7
static const struct sipc_site *sipc_site_slots[1 << SIPC_SITE_BITS];

static __always_inline const struct sipc_site *sipc_site_find(unsigned long ip)
{
	unsigned int i = hash_long(ip, SIPC_SITE_BITS);
	const struct sipc_site *site;

	while ((site = sipc_site_slots[i])) {
		if (site->ip == ip)
			return site;
		i = (i + 1) & (ARRAY_SIZE(sipc_site_slots) - 1);
	}
	return NULL;
}

static void sipc_site_slots_fill(void)
{
	unsigned int n, i;

	BUILD_BUG_ON(ARRAY_SIZE(sipc_site_slots) < 2 * SIPC_MAX_HOOKS);
	for (n = 0; n < sipc_nr_sites; n++) {
		i = hash_long(sipc_sites[n].ip, SIPC_SITE_BITS);
		while (sipc_site_slots[i])
			i = (i + 1) & (ARRAY_SIZE(sipc_site_slots) - 1);
		sipc_site_slots[i] = &sipc_sites[n];
	}
}

static void sipc_refuse(struct ftrace_regs *fregs, int err)
{
	unsigned long stub = (unsigned long)sipc_refuse_eacces;

	if (err == -EPERM)
		stub = (unsigned long)sipc_refuse_eperm;
	else if (err == -ENOMEM)
		stub = (unsigned long)sipc_refuse_enomem;
	sipc_fregs_set_ip(fregs, stub);
}

/*
 * Ask the hooks of one site, in order; the first refusal wins.  Runs with
 * preemption disabled (the hooks use per-CPU state), never sleeps and
 * allocates nothing.  Return: 0 to let the call run, or the errno.
 */
static __always_inline int sipc_site_decide(const struct sipc_site *site,
					    struct ftrace_regs *fregs)
{
	unsigned int i;

	for (i = 0; i < site->nr_hooks; i++) {
		struct sipc_hook *hook = site->hooks[i];
		int ret = hook->decide(fregs);

		if (ret == SIPC_SKIP)
			continue;
		this_cpu_inc(hook->stats->calls);
		if (!ret)
			ret = sipc_inject_check(hook);
		if (ret) {
			this_cpu_inc(hook->stats->refused);
			return ret;
		}
	}
	return 0;
}

/*
 * The ftrace callback, for intercept=ops.  ftrace's recursion protection
 * (FL_RECURSION) runs it with preemption disabled.
 */
static void sipc_ftrace_callback(unsigned long ip, unsigned long parent_ip,
				 struct ftrace_ops *ops,
				 struct ftrace_regs *fregs)
{
	const struct sipc_site *site;
	int err;

	site = sipc_site_find(ip);
	if (unlikely(!site))
		return;
	err = sipc_site_decide(site, fregs);
	if (err)
		sipc_refuse(fregs, err);
}

static struct ftrace_ops sipc_ftrace_ops = {
	.func = sipc_ftrace_callback,
	.flags = FTRACE_OPS_FL_IPMODIFY | FTRACE_OPS_FL_RECURSION |
		 SIPC_FTRACE_REGS_FLAGS,
};

/*
 * intercept=direct: ftrace calls hook_tramp.S's trampoline straight from
 * each hooked function's entry, and the trampoline calls this function.
 * Nothing disabled preemption on the way, and the hooks need it.  Return:
 * 0 to run the hooked function, or the errno it returns instead.
 */
int sipc_direct_decide(struct ftrace_regs *fregs, unsigned long ret_ip)
{
	const struct sipc_site *site;
	int err;

	site = sipc_site_find(ret_ip - MCOUNT_INSN_SIZE);
	if (unlikely(!site))
		return 0;
	preempt_disable_notrace();
	err = sipc_site_decide(site, fregs);
	preempt_enable_notrace();
	return err;
}

#ifdef CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS
/* Its flags and callback are set by the direct-call API. */
static struct ftrace_ops sipc_direct_ops;

/* 6.1 names the ops-based direct-call API *_multi; 6.8 dropped the suffix. */
static int sipc_direct_register(void)
{
	unsigned long addr = (unsigned long)sipc_direct_trampoline;

#ifdef SIPC_FTRACE_DIRECT_MULTI
	return register_ftrace_direct_multi(&sipc_direct_ops, addr);
#else
	return register_ftrace_direct(&sipc_direct_ops, addr);
#endif
}

static void sipc_direct_unregister(void)
{
	unsigned long addr = (unsigned long)sipc_direct_trampoline;

#ifdef SIPC_FTRACE_DIRECT_MULTI
	unregister_ftrace_direct_multi(&sipc_direct_ops, addr);
	ftrace_free_filter(&sipc_direct_ops);
#else
	unregister_ftrace_direct(&sipc_direct_ops, addr, true);
#endif
}

#define SIPC_HAVE_DIRECT	true
#else
static struct ftrace_ops sipc_direct_ops;

static int sipc_direct_register(void)
{
	return -EOPNOTSUPP;
}

static void sipc_direct_unregister(void)
{
}

#define SIPC_HAVE_DIRECT	false
#endif

/*
 * How to attach: "direct" (the trampoline), "ops" (the ftrace callback,
 * the fallback for kernels without direct calls) or "auto", direct where
 * the kernel has it.  Read once, at load.
 */
static char *intercept = "auto";
module_param(intercept, charp, 0444);
MODULE_PARM_DESC(intercept, "auto, direct or ops: how hooked calls reach sipc");

/* Set at attach, from intercept; read at detach. */
static bool sipc_use_direct;

static int sipc_intercept_choose(void)
{
	if (!strcmp(intercept, "auto")) {
		sipc_use_direct = SIPC_HAVE_DIRECT;
	} else if (!strcmp(intercept, "direct")) {
		if (!SIPC_HAVE_DIRECT) {
			pr_err("intercept=direct: this kernel has no direct calls\n");
			return -EOPNOTSUPP;
		}
		sipc_use_direct = true;
	} else if (!strcmp(intercept, "ops")) {
		sipc_use_direct = false;
	} else {
		pr_err("intercept=%s: want auto, direct or ops\n", intercept);
		return -EINVAL;
	}
	return 0;
}

static struct ftrace_ops *sipc_ops(void)
{
	return sipc_use_direct ? &sipc_direct_ops : &sipc_ftrace_ops;
}

/**
 * sipc_hook_add() - register a table of hooks, before sipc_hook_attach()
 * @hooks: the table; it must outlive the module's attachment
 * @count: number of entries
 *
 * Return: 0, or -ENOSPC when the static limits are exceeded.
 */
int sipc_hook_add(struct sipc_hook *hooks, unsigned int count)
{
	if (sipc_nr_tables == SIPC_MAX_TABLES ||
	    sipc_hook_count() + count > SIPC_MAX_HOOKS)
		return -ENOSPC;
	sipc_tables[sipc_nr_tables].hooks = hooks;
	sipc_tables[sipc_nr_tables].count = count;
	sipc_nr_tables++;
	return 0;
}

unsigned int sipc_hook_count(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < sipc_nr_tables; i++)
		n += sipc_tables[i].count;
	return n;
}

/* The number of kernel functions attached to; 0 when not attached. */
unsigned int sipc_hook_func_count(void)
{
	return sipc_nr_sites;
}

struct sipc_hook *sipc_hook_get(unsigned int index)
{
	unsigned int i;

	for (i = 0; i < sipc_nr_tables; i++) {
		if (index < sipc_tables[i].count)
			return &sipc_tables[i].hooks[index];
		index -= sipc_tables[i].count;
	}
	return NULL;
}

struct sipc_hook *sipc_hook_find(const char *name)
{
	struct sipc_hook *hook;
	unsigned int i;

	for (i = 0; (hook = sipc_hook_get(i)); i++)
		if (!strcmp(hook->name, name))
			return hook;
	return NULL;
}

void sipc_hook_read_stats(const struct sipc_hook *hook,
			  struct sipc_hook_stats *sum)
{
	int cpu;

	sum->calls = 0;
	sum->refused = 0;
	for_each_possible_cpu(cpu) {
		const struct sipc_hook_stats *s = per_cpu_ptr(hook->stats, cpu);

		sum->calls += READ_ONCE(s->calls);
		sum->refused += READ_ONCE(s->refused);
	}
}

/* Forget every table; for unwinding a failed init. */
void sipc_hook_reset(void)
{
	sipc_nr_tables = 0;
}

static struct sipc_site *sipc_site_of(const char *func)
{
	unsigned int i;

	for (i = 0; i < sipc_nr_sites; i++)
		if (!strcmp(sipc_sites[i].func, func))
			return &sipc_sites[i];
	return &sipc_sites[sipc_nr_sites++];
}

/* Group the hooks by the function they attach to. */
static int sipc_sites_build(void)
{
	struct sipc_hook *hook;
	unsigned int i;

	sipc_sites = kcalloc(sipc_hook_count(), sizeof(*sipc_sites),
			     GFP_KERNEL);
	if (!sipc_sites)
		return -ENOMEM;
	for (i = 0; (hook = sipc_hook_get(i)); i++) {
		struct sipc_site *site = sipc_site_of(hook->func);

		if (site->nr_hooks == SIPC_SITE_MAX_HOOKS) {
			pr_err("too many hooks on %s\n", hook->func);
			return -ENOSPC;
		}
		site->func = hook->func;
		site->hooks[site->nr_hooks++] = hook;
	}
	return 0;
}

/*
 * Resolve every function's address.  kallsyms_lookup_name() is not
 * exported, but registering a kprobe on a symbol resolves it; registered
 * disabled, the probes are never armed, and unregistering them together
 * costs one RCU grace period.  On IBT kernels the kprobe address skips the
 * ENDBR, exactly as ftrace's recorded location does.
 */
static int sipc_sites_resolve(void)
{
	struct kprobe *probes, **list;
	unsigned int i, done = 0;
	int err = 0;

	probes = kcalloc(sipc_nr_sites, sizeof(*probes), GFP_KERNEL);
	list = kcalloc(sipc_nr_sites, sizeof(*list), GFP_KERNEL);
	if (!probes || !list) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < sipc_nr_sites; i++) {
		probes[i].symbol_name = sipc_sites[i].func;
		probes[i].flags = KPROBE_FLAG_DISABLED;
		err = register_kprobe(&probes[i]);
		if (err) {
			pr_err("cannot attach: %s not found in this kernel (%d)\n",
			       sipc_sites[i].func, err);
			goto out;
		}
		list[done++] = &probes[i];
		sipc_sites[i].ip = (unsigned long)probes[i].addr;
	}
out:
	if (done)
		unregister_kprobes(list, done);
	kfree(list);
	kfree(probes);
	return err;
}

static int sipc_sites_filter(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < sipc_nr_sites; i++) {
		err = ftrace_set_filter_ip(sipc_ops(), sipc_sites[i].ip,
					   0, 0);
		if (err) {
			pr_err("cannot attach: %s is not traceable (%d)\n",
			       sipc_sites[i].func, err);
			return err;
		}
	}
	return 0;
}

static int sipc_stats_alloc(void)
{
	struct sipc_hook *hook;
	unsigned int i;

	for (i = 0; (hook = sipc_hook_get(i)); i++) {
		hook->stats = alloc_percpu(struct sipc_hook_stats);
		if (!hook->stats)
			return -ENOMEM;
	}
	return 0;
}

static void sipc_stats_free(void)
{
	struct sipc_hook *hook;
	unsigned int i;

	for (i = 0; (hook = sipc_hook_get(i)); i++) {
		free_percpu(hook->stats);
		hook->stats = NULL;
	}
}

static void sipc_sites_free(void)
{
	memset(sipc_site_slots, 0, sizeof(sipc_site_slots));
	kfree(sipc_sites);
	sipc_sites = NULL;
	sipc_nr_sites = 0;
}

/**
 * sipc_hook_attach() - attach every registered hook, or none
 *
 * Return: 0 when all hooks are live; otherwise a negative errno, with a
 * log line naming the function that could not be attached, and nothing
 * left attached.
 */
int sipc_hook_attach(void)
{
	int err;

	err = sipc_intercept_choose();
	if (err)
		return err;
	err = sipc_stats_alloc();
	if (err)
		goto err_stats;
	err = sipc_sites_build();
	if (err)
		goto err_sites;
	err = sipc_sites_resolve();
	if (err)
		goto err_sites;
	sipc_site_slots_fill();
	err = sipc_sites_filter();
	if (err)
		goto err_filter;
	if (sipc_use_direct)
		err = sipc_direct_register();
	else
		err = register_ftrace_function(&sipc_ftrace_ops);
	if (err) {
		pr_err("cannot attach: ftrace refused registration (%d)%s\n",
		       err, err == -EBUSY ?
		       ", another user modifies the same functions" : "");
		goto err_filter;
	}
	pr_info("attached to %u kernel functions with %u hooks, %s\n",
		sipc_nr_sites, sipc_hook_count(),
		sipc_use_direct ? "direct calls" : "ftrace callback");
	return 0;

err_filter:
	ftrace_free_filter(sipc_ops());
err_sites:
	sipc_sites_free();
err_stats:
	sipc_stats_free();
	return err;
}

/**
 * sipc_hook_detach() - detach every hook; safe while hooked calls run
 *
 * Unregistering returns only once no CPU can be inside our callback or
 * ftrace's trampoline (it waits for RCU-tasks grace periods for
 * dynamically allocated ops such as a module's).  A task may still be
 * inside our direct trampoline or a refusal stub, however, with
 * preemption enabled; synchronize_rcu_tasks() waits until every task has
 * passed through a voluntary context switch, which no task does there.
 */
void sipc_hook_detach(void)
{
	if (sipc_use_direct) {
		sipc_direct_unregister();
	} else {
		unregister_ftrace_function(&sipc_ftrace_ops);
		ftrace_free_filter(&sipc_ftrace_ops);
	}
	synchronize_rcu_tasks();
	sipc_sites_free();
	sipc_stats_free();
}
