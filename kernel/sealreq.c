// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - protection the policy requires: "require seal SENDER OBJECT :
 * msgq;" makes every SysV message a process of role SENDER sends to a
 * queue of role OBJECT a sealed envelope (struct sipc_envelope) for
 * OBJECT's role, or msgsnd fails with -EPERM.
 *
 * The check runs in the msgsnd hook, after the send permission was
 * granted, on the kernel's own copy of the message (struct msg_msg):
 * load_msg() copied it from userspace before security_msg_queue_msgsnd()
 * is called, and the sender can no longer change it, so there is no
 * window between check and use.  Only the envelope's header is read, and
 * it always lies in the message's first allocation: the data after
 * struct msg_msg holds PAGE_SIZE - sizeof(struct msg_msg) bytes (the
 * kernel's DATALEN_MSG) before the chain of struct msg_msgseg segments
 * begins, far more than a header.  The segments, the ciphertext and the
 * tag are never read: the length in the header must only match the
 * message's, m_ts.
 *
 * What the header check cannot do is tell a real envelope from bytes
 * shaped like one: the tag can only be checked with the pair's key, over
 * the whole message, which is the receiver's SIPC_IOC_OPEN's job.  So the
 * requirement keeps careless plaintext out of the queue, and a receiver
 * that opens what it reads accepts nothing else; it does not stop a
 * sender of the role that means harm from shaping bytes for a receiver
 * that reads them raw.  Documentation/crypto.rst says more.
 *
 * Locking: none.  The policy is the caller's (RCU, preemption disabled);
 * the boot id is written only at load and unload.
 */

#include <linux/ipc.h>
#include <linux/msg.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "access.h"
#include "keys.h"
#include "label.h"
#include "policy.h"
#include "sealreq.h"

/* Bytes of a message that follow struct msg_msg in its first allocation. */
#define SIPC_MSG_FIRST_BYTES	(PAGE_SIZE - sizeof(struct msg_msg))

/* Is @msg an envelope for role id @receiver, sealed by this load? */
static bool sipc_sealreq_envelope(const struct msg_msg *msg, u64 receiver)
{
	struct sipc_envelope hdr;
	size_t len = msg->m_ts;

	BUILD_BUG_ON(sizeof(hdr) + SIPC_TAG_SIZE > SIPC_MSG_FIRST_BYTES);
	if (len < sizeof(hdr) + SIPC_TAG_SIZE)
		return false;
	/* The data follows the struct in the same allocation. */
	memcpy(&hdr, msg + 1, sizeof(hdr));
	if (le32_to_cpu(hdr.magic) != SIPC_ENVELOPE_MAGIC ||
	    le16_to_cpu(hdr.version) != SIPC_ENVELOPE_VERSION || hdr.flags ||
	    !hdr.epoch || !hdr.seq)
		return false;
	if (le32_to_cpu(hdr.payload_len) > SIPC_SEAL_PAYLOAD_MAX ||
	    len != sizeof(hdr) + le32_to_cpu(hdr.payload_len) + SIPC_TAG_SIZE)
		return false;
	if (le64_to_cpu(hdr.receiver) != receiver)
		return false;
	return !memcmp(hdr.boot_id, sipc_keys_boot_id(), sizeof(hdr.boot_id));
}

/**
 * sipc_sealreq_msgsnd() - enforce "require seal" on one SysV message
 * @policy: the policy in force, may be NULL
 * @perm: the queue
 * @msg: the message, in kernel memory
 *
 * Return: 0 when no statement names the sender's and the queue's roles
 * or the message is an envelope for the queue's role; -EPERM, counted,
 * otherwise.
 */
int sipc_sealreq_msgsnd(const struct sipc_policy *policy,
			const struct kern_ipc_perm *perm,
			const struct msg_msg *msg)
{
	unsigned int sender, object;

	if (likely(!sipc_policy_seals_any(policy)) || !msg)
		return 0;
	sender = sipc_task_role(policy, current);
	object = sipc_object_role(policy, perm);
	if (!sipc_policy_seal_required(policy, sender, object,
				       SIPC_CLASS_MSGQ))
		return 0;
	if (sipc_sealreq_envelope(msg, sipc_policy_role_hash(policy, object)))
		return 0;
	sipc_stat_inc(SIPC_STAT_REFUSED_UNSEALED_MSGSND);
	return -EPERM;
}
