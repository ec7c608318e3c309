/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - events (events.c): what the policy did not allow, multicast to
 * the events group of the netlink family.
 *
 * sipc_event_report() may be called from any context, never sleeps, and
 * drops (and counts) an event when there is no room for it: the ring is
 * filled under a raw spinlock and emptied by a work item in process
 * context.
 */
#ifndef _SIPC_EVENTS_H
#define _SIPC_EVENTS_H

#include <linux/types.h>
#include <uapi/linux/sipc.h>

/**
 * struct sipc_event - one decision that was not allowed by a rule
 * @mode: the mode it was decided in
 * @allowed: whether the operation went on (permissive, learn)
 * @pid: the subject's thread group id
 * @comm: the subject's command name
 * @subject: the subject's role name
 * @object: the object's role name
 * @class: enum sipc_class
 * @perm: the first missing SIPC_PERM_* bit
 *
 * Copied by value into the ring and out of it; never shared.
 */
struct sipc_event {
	enum sipc_mode mode;
	bool allowed;
	pid_t pid;
	char comm[SIPC_TASK_COMM_MAX];
	char subject[SIPC_ROLE_NAME_MAX];
	char object[SIPC_ROLE_NAME_MAX];
	u16 class;
	u32 perm;
};

int sipc_events_init(void);
void sipc_events_exit(void);
void sipc_event_report(const struct sipc_event *event);

#endif /* _SIPC_EVENTS_H */
