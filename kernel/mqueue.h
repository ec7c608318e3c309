/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - mqueue.c: its hooks, registered by sipc_mqueue_init() from main.c, and
 * the check of a descriptor task.c runs at exec (hook context: never
 * sleeps; SIPC_SKIP when the file is not of the kind).
 */
#ifndef _SIPC_MQUEUE_H
#define _SIPC_MQUEUE_H

struct file;
struct sipc_policy;

int sipc_mqueue_init(void);
int sipc_mqueue_file_access(const struct sipc_policy *policy,
			    struct file *file);

#endif /* _SIPC_MQUEUE_H */
