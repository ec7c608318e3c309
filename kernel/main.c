// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - secure IPC for Linux: module entry and exit.
 *
 * Order matters: labels and every IPC kind register their hooks (label.c
 * owns the inode free hook the kinds share), then all of them are
 * attached at once (or none), then the userspace interfaces appear:
 * securityfs, the events ring, then generic netlink.  Exit undoes this in
 * reverse, so userspace can no longer reach counters that are about to be
 * freed, and no event is being sent when the family goes away.
 * The decision cache comes first, as any hook may use it; the policy
 * (published by netlink) is withdrawn once the hooks and netlink are
 * gone, and the cache freed last.  /dev/sipc (with its keys) comes last
 * and goes first: it only reads the policy and labels.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "audit.h"
#include "bench.h"
#include "cache.h"
#include "dev.h"
#include "events.h"
#include "hook.h"
#include "inject.h"
#include "label.h"
#include "mqueue.h"
#include "netlink.h"
#include "operation.h"
#include "pipe.h"
#include "policy.h"
#include "securityfs.h"
#include "signal.h"
#include "sysv.h"
#include "task.h"
#include "unix.h"

static bool inject;
module_param(inject, bool, 0444);
MODULE_PARM_DESC(inject, "Allow tests to inject refusals through securityfs");

static bool bench;
module_param(bench, bool, 0444);
MODULE_PARM_DESC(bench, "Tests only: time cached decisions through securityfs");

static char *attach_also;
module_param(attach_also, charp, 0444);
MODULE_PARM_DESC(attach_also,
		 "Tests only: one more function to attach to, to exercise the all-or-nothing attach");

static int hook_skip(struct ftrace_regs *fregs)
{
	return SIPC_SKIP;
}

static struct sipc_hook sipc_attach_also_hook = {
	.name = "test.attach_also",
	.decide = hook_skip,
};

static int sipc_attach_also_init(void)
{
	if (!attach_also)
		return 0;
	sipc_attach_also_hook.func = attach_also;
	return sipc_hook_add(&sipc_attach_also_hook, 1);
}

static int (*const sipc_kind_init[])(void) = {
	sipc_pipe_init,
	sipc_unix_init,
	sipc_sysv_init,
	sipc_mqueue_init,
	sipc_signal_init,
	sipc_task_init,
	sipc_attach_also_init,
};

static int __init sipc_init(void)
{
	unsigned int i;
	int err;

	err = sipc_cache_init();
	if (err)
		return err;
#ifdef DEBUG
	err = sipc_policy_selftest();
	if (err)
		goto err_label;
#endif
	if (inject)
		sipc_inject_enable();
	err = sipc_audit_init();
	if (err)
		goto err_label;
	err = sipc_label_init();
	if (err)
		goto err_audit;
	for (i = 0; i < ARRAY_SIZE(sipc_kind_init); i++) {
		err = sipc_kind_init[i]();
		if (err)
			goto err_kinds;
	}
	err = sipc_hook_attach();
	if (err)
		goto err_kinds;
	err = sipc_securityfs_init(inject);
	if (err)
		goto err_securityfs;
	err = bench ? sipc_bench_init() : 0;
	if (err)
		goto err_bench;
	err = sipc_events_init();
	if (err)
		goto err_events;
	err = sipc_netlink_init(inject);
	if (err)
		goto err_netlink;
	err = sipc_dev_init();
	if (err)
		goto err_dev;
	pr_info("loaded, ABI %d%s\n", SIPC_ABI_VERSION,
		inject ? ", fault injection enabled" : "");
	return 0;

err_dev:
	sipc_netlink_exit();
err_netlink:
	sipc_events_exit();
err_events:
	sipc_bench_exit();
err_bench:
	sipc_securityfs_exit();
err_securityfs:
	sipc_hook_detach();
err_kinds:
	sipc_hook_reset();
	sipc_op_exit();
	sipc_label_exit();
err_audit:
	sipc_audit_exit();
err_label:
	sipc_cache_exit();
	return err;
}

static void __exit sipc_exit(void)
{
	sipc_dev_exit();
	sipc_events_exit();
	sipc_netlink_exit();
	sipc_bench_exit();
	sipc_securityfs_exit();
	sipc_hook_detach();
	sipc_hook_reset();
	sipc_op_exit();
	sipc_label_exit();
	sipc_policy_exit();
	sipc_audit_exit();
	sipc_cache_exit();
	pr_info("unloaded\n");
}

module_init(sipc_init);
module_exit(sipc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sipc: secure IPC mediation");
MODULE_AUTHOR("The sipc developers");
