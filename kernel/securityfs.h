/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - files under /sys/kernel/security/sipc/ (securityfs.c).
 *
 * Created after the hooks are attached and removed before they are
 * detached (main.c); other files (bench.c) live in sipc_securityfs_dir()
 * and must be removed before sipc_securityfs_exit().
 */
#ifndef _SIPC_SECURITYFS_H
#define _SIPC_SECURITYFS_H

#include <linux/types.h>

struct dentry;

int sipc_securityfs_init(bool inject);
void sipc_securityfs_exit(void);
struct dentry *sipc_securityfs_dir(void);

#endif /* _SIPC_SECURITYFS_H */
