/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - protection the policy requires (sealreq.c): "require seal"
 * statements, enforced where the message is in kernel memory.  Called
 * from the hook callbacks: any context, no sleeping, no locks.
 */
#ifndef _SIPC_SEALREQ_H
#define _SIPC_SEALREQ_H

struct kern_ipc_perm;
struct msg_msg;
struct sipc_policy;

int sipc_sealreq_msgsnd(const struct sipc_policy *policy,
			const struct kern_ipc_perm *perm,
			const struct msg_msg *msg);

#endif /* _SIPC_SEALREQ_H */
