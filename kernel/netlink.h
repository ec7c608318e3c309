/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - the generic netlink family "sipc" (netlink.c).
 *
 * Registered after the hooks are attached and unregistered before they
 * are detached (main.c).  sipc_netlink_listening() may be called from
 * any context; sipc_netlink_event() sends with the gfp flags it is given.
 */
#ifndef _SIPC_NETLINK_H
#define _SIPC_NETLINK_H

#include <linux/gfp.h>
#include <linux/types.h>

struct sipc_event;

int sipc_netlink_init(bool inject);
void sipc_netlink_exit(void);
bool sipc_netlink_listening(void);
int sipc_netlink_event(const struct sipc_event *event, gfp_t gfp);

#endif /* _SIPC_NETLINK_H */
