// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - files under /sys/kernel/security/sipc/.
 *
 * "hooks" is the stable, text form of the per-hook counters (format in
 * include/uapi/linux/sipc.h); "inject" exists only with inject=1.
 */

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/security.h>
#include <linux/uaccess.h>

#include "hook.h"
#include "inject.h"
#include "securityfs.h"

/* The files are created after attaching and removed before detaching. */
static struct dentry *sipc_dir;
static struct dentry *sipc_hooks_file;
static struct dentry *sipc_abi_file;
static struct dentry *sipc_inject_file;

static int sipc_hooks_show(struct seq_file *m, void *v)
{
	struct sipc_hook_stats sum;
	struct sipc_hook *hook;
	unsigned int i;

	for (i = 0; (hook = sipc_hook_get(i)); i++) {
		sipc_hook_read_stats(hook, &sum);
		seq_printf(m, "%s %llu %llu\n", hook->name, sum.calls,
			   sum.refused);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sipc_hooks);

static int sipc_abi_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", SIPC_ABI_VERSION);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sipc_abi);

/*
 * "<kind>.<hook> <tgid> <errno>" or "clear", one command per write; "warn"
 * makes the kernel warn, for the test harness's own test; "stack" saves
 * the stack of the writer's next hooked call, which reading shows.
 */
static ssize_t sipc_inject_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	char buf[SIPC_HOOK_NAME_MAX + 32], name[SIPC_HOOK_NAME_MAX];
	struct sipc_hook *hook;
	int tgid, err, ret;

	if (!capable(CAP_MAC_ADMIN))
		return -EPERM;
	if (*ppos || len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	strim(buf);

	if (!strcmp(buf, "clear")) {
		sipc_inject_clear();
		return len;
	}
	if (!strcmp(buf, "stack")) {
		sipc_inject_stack_arm(current->tgid);
		return len;
	}
	if (!strcmp(buf, "warn")) {
		WARN_ONCE(1, "sipc: warning requested through inject\n");
		return len;
	}
	BUILD_BUG_ON(SIPC_HOOK_NAME_MAX != 48);
	if (sscanf(buf, "%47s %d %d", name, &tgid, &err) != 3 || tgid <= 0 ||
	    err < 0)
		return -EINVAL;
	hook = sipc_hook_find(name);
	if (!hook)
		return -ENOENT;
	ret = sipc_inject_set(hook, tgid, -err);
	return ret ? ret : len;
}

static int sipc_inject_open(struct inode *inode, struct file *file)
{
	return single_open(file, sipc_inject_stack_show, NULL);
}

static const struct file_operations sipc_inject_fops = {
	.owner = THIS_MODULE,
	.open = sipc_inject_open,
	.read = seq_read,
	.write = sipc_inject_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static struct dentry *sipc_file(const char *name, umode_t mode,
				const struct file_operations *fops)
{
	return securityfs_create_file(name, mode, sipc_dir, NULL, fops);
}

int sipc_securityfs_init(bool inject)
{
	int err;

	sipc_dir = securityfs_create_dir(SIPC_SECURITYFS_DIR, NULL);
	if (IS_ERR(sipc_dir))
		return PTR_ERR(sipc_dir);
	sipc_hooks_file = sipc_file(SIPC_SECURITYFS_HOOKS, 0444,
				    &sipc_hooks_fops);
	if (IS_ERR(sipc_hooks_file)) {
		err = PTR_ERR(sipc_hooks_file);
		goto err_hooks;
	}
	sipc_abi_file = sipc_file(SIPC_SECURITYFS_ABI, 0444, &sipc_abi_fops);
	if (IS_ERR(sipc_abi_file)) {
		err = PTR_ERR(sipc_abi_file);
		goto err_abi;
	}
	if (inject) {
		sipc_inject_file = sipc_file(SIPC_SECURITYFS_INJECT, 0600,
					     &sipc_inject_fops);
		if (IS_ERR(sipc_inject_file)) {
			err = PTR_ERR(sipc_inject_file);
			goto err_inject;
		}
	}
	return 0;

err_inject:
	sipc_inject_file = NULL;
	securityfs_remove(sipc_abi_file);
err_abi:
	securityfs_remove(sipc_hooks_file);
err_hooks:
	securityfs_remove(sipc_dir);
	return err;
}

/* Our directory, for files other parts add and remove while it exists. */
struct dentry *sipc_securityfs_dir(void)
{
	return sipc_dir;
}

void sipc_securityfs_exit(void)
{
	securityfs_remove(sipc_inject_file);
	securityfs_remove(sipc_abi_file);
	securityfs_remove(sipc_hooks_file);
	securityfs_remove(sipc_dir);
	sipc_inject_clear();
}
