/* SPDX-License-Identifier: GPL-2.0 */
/* sipc - sysv.c: its hooks, registered by sipc_sysv_init() from main.c. */
#ifndef _SIPC_SYSV_H
#define _SIPC_SYSV_H

int sipc_sysv_init(void);

#endif /* _SIPC_SYSV_H */
