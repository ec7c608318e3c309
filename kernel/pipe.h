/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - pipe.c: its hooks, registered by sipc_pipe_init() from main.c, and
 * the check of a descriptor task.c runs at exec (hook context: never
 * sleeps; SIPC_SKIP when the file is not of the kind).
 */
#ifndef _SIPC_PIPE_H
#define _SIPC_PIPE_H

struct file;
struct sipc_policy;

int sipc_pipe_init(void);
int sipc_pipe_file_access(const struct sipc_policy *policy, struct file *file);

#endif /* _SIPC_PIPE_H */
