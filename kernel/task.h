/* SPDX-License-Identifier: GPL-2.0 */
/* sipc - task.c: its hooks, registered by sipc_task_init() from main.c. */
#ifndef _SIPC_TASK_H
#define _SIPC_TASK_H

int sipc_task_init(void);

#endif /* _SIPC_TASK_H */
