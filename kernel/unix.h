/* SPDX-License-Identifier: GPL-2.0 */
/* sipc - unix.c: its hooks, registered by sipc_unix_init() from main.c. */
#ifndef _SIPC_UNIX_H
#define _SIPC_UNIX_H

int sipc_unix_init(void);

#endif /* _SIPC_UNIX_H */
