/* SPDX-License-Identifier: GPL-2.0 */
/* sipc - signal.c: its hooks, registered by sipc_signal_init() from main.c. */
#ifndef _SIPC_SIGNAL_H
#define _SIPC_SIGNAL_H

int sipc_signal_init(void);

#endif /* _SIPC_SIGNAL_H */
