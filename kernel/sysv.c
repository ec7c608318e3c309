// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - System V message queues, shared memory and semaphores.
 *
 * Every operation on a SysV object is IPC, so every call is ours.  The
 * *_alloc hooks see creation, *_associate a get of an existing key, and
 * the rest each operation (msgsnd carries the message type, the
 * operation id of queues whose role implements an interface).
 *
 * An object has the role the policy's labels give its key, else the role
 * of the process that created it.  A message handed by msgsnd straight to
 * a receiver already waiting in msgrcv is received by that receiver, not
 * by the sender, which is the one running: the receiver is the subject.
 */

#include <linux/ipc.h>
#include <linux/msg.h>
#include <linux/sem.h>
#include <linux/shm.h>
#include <uapi/linux/shm.h>

#include "access.h"
#include "hook.h"
#include "label.h"
#include "sealreq.h"
#include "operation.h"
#include "sysv.h"

struct sipc_sysv_kind {
	unsigned int class;
	enum sipc_label_kind label;
};

static const struct sipc_sysv_kind sipc_msgq = {
	.class = SIPC_CLASS_MSGQ,
	.label = SIPC_LABEL_MSGQ,
};

static const struct sipc_sysv_kind sipc_shm = {
	.class = SIPC_CLASS_SHM,
	.label = SIPC_LABEL_SHM,
};

static const struct sipc_sysv_kind sipc_sem = {
	.class = SIPC_CLASS_SEM,
	.label = SIPC_LABEL_SEM,
};

static struct kern_ipc_perm *sipc_sysv_perm(struct ftrace_regs *fregs)
{
	return (struct kern_ipc_perm *)sipc_fregs_arg(fregs, 0);
}

static int sipc_sysv_check(const struct sipc_sysv_kind *kind,
			   const struct kern_ipc_perm *perm, u32 need)
{
	const struct sipc_policy *policy = sipc_policy_current();

	if (!policy)
		return 0;
	return sipc_check_object(policy, kind->class, need, perm);
}

/* Creation: the new object's role is its key's label or its creator's. */
static int sipc_sysv_alloc(struct ftrace_regs *fregs,
			   const struct sipc_sysv_kind *kind)
{
	struct kern_ipc_perm *perm = sipc_sysv_perm(fregs);
	const struct sipc_policy *policy = sipc_policy_current();
	int role = -ENOENT;
	int err;

	/* A first policy may be on its way (label.c). */
	if (!policy) {
		sipc_object_created(perm);
		return 0;
	}
	if (perm->key != IPC_PRIVATE)
		role = sipc_label_by_key(policy, kind->label, perm->key);
	if (role >= 0) {
		err = sipc_check(policy, kind->class, SIPC_PERM_CREATE, role,
				 perm);
		if (!err)
			sipc_object_set(policy, perm, role);
		return err;
	}
	err = sipc_check(policy, kind->class, SIPC_PERM_CREATE,
			 sipc_task_role(policy, current), perm);
	/* The creator's role, under a policy being loaded too. */
	if (!err)
		sipc_object_created(perm);
	return err;
}

static int sipc_sysv_ctl(struct ftrace_regs *fregs,
			 const struct sipc_sysv_kind *kind)
{
	struct kern_ipc_perm *perm = sipc_sysv_perm(fregs);
	int cmd = (int)sipc_fregs_arg(fregs, 1);

	/* IPC_INFO and its kin name no object: nothing to decide. */
	if (!perm)
		return 0;
	return sipc_sysv_check(kind, perm, cmd == IPC_RMID ?
			       SIPC_PERM_DESTROY : SIPC_PERM_CONTROL);
}

static int hook_msg_alloc(struct ftrace_regs *fregs)
{
	return sipc_sysv_alloc(fregs, &sipc_msgq);
}

static int hook_msg_associate(struct ftrace_regs *fregs)
{
	return sipc_sysv_check(&sipc_msgq, sipc_sysv_perm(fregs),
			       SIPC_PERM_ASSOCIATE);
}

static int hook_msg_msgctl(struct ftrace_regs *fregs)
{
	return sipc_sysv_ctl(fregs, &sipc_msgq);
}

/*
 * Allowed to send, then sealed if the policy requires it (sealreq.c),
 * then the operation its message type invokes (operation.c).
 */
static int hook_msg_msgsnd(struct ftrace_regs *fregs)
{
	struct kern_ipc_perm *perm = sipc_sysv_perm(fregs);
	struct msg_msg *msg = (struct msg_msg *)sipc_fregs_arg(fregs, 1);
	const struct sipc_policy *policy;
	int err;

	err = sipc_sysv_check(&sipc_msgq, perm, SIPC_PERM_SEND);
	if (err)
		return err;
	policy = sipc_policy_current();
	err = sipc_sealreq_msgsnd(policy, perm, msg);
	if (err || !policy)
		return err;
	return sipc_op_check_msgq(policy, perm, msg->m_type);
}

static int hook_msg_msgrcv(struct ftrace_regs *fregs)
{
	struct kern_ipc_perm *perm = sipc_sysv_perm(fregs);
	struct task_struct *receiver = (struct task_struct *)sipc_fregs_arg(fregs, 2);
	const struct sipc_policy *policy = sipc_policy_current();

	if (!policy)
		return 0;
	/*
	 * The receiver itself, or a sender handing its message straight
	 * to a receiver waiting in msgrcv: decided for the receiver.
	 */
	return sipc_check_object_for(policy, receiver, SIPC_CLASS_MSGQ,
				     SIPC_PERM_RECEIVE, perm);
}

static int hook_shm_alloc(struct ftrace_regs *fregs)
{
	return sipc_sysv_alloc(fregs, &sipc_shm);
}

static int hook_shm_associate(struct ftrace_regs *fregs)
{
	return sipc_sysv_check(&sipc_shm, sipc_sysv_perm(fregs),
			       SIPC_PERM_ASSOCIATE);
}

static int hook_shm_shmctl(struct ftrace_regs *fregs)
{
	return sipc_sysv_ctl(fregs, &sipc_shm);
}

static int hook_shm_shmat(struct ftrace_regs *fregs)
{
	int flags = (int)sipc_fregs_arg(fregs, 2);

	return sipc_sysv_check(&sipc_shm, sipc_sysv_perm(fregs),
			       flags & SHM_RDONLY ? SIPC_PERM_READ :
			       SIPC_PERM_READ | SIPC_PERM_WRITE);
}

static int hook_sem_alloc(struct ftrace_regs *fregs)
{
	return sipc_sysv_alloc(fregs, &sipc_sem);
}

static int hook_sem_associate(struct ftrace_regs *fregs)
{
	return sipc_sysv_check(&sipc_sem, sipc_sysv_perm(fregs),
			       SIPC_PERM_ASSOCIATE);
}

static int hook_sem_semctl(struct ftrace_regs *fregs)
{
	struct kern_ipc_perm *perm = sipc_sysv_perm(fregs);
	int cmd = (int)sipc_fregs_arg(fregs, 1);
	u32 need;

	if (!perm)
		return 0;
	switch (cmd) {
	case GETVAL: case GETALL: case GETPID: case GETNCNT: case GETZCNT:
		need = SIPC_PERM_READ;
		break;
	case SETVAL: case SETALL:
		need = SIPC_PERM_WRITE;
		break;
	case IPC_RMID:
		need = SIPC_PERM_DESTROY;
		break;
	default:
		need = SIPC_PERM_CONTROL;
	}
	return sipc_sysv_check(&sipc_sem, perm, need);
}

static int hook_sem_semop(struct ftrace_regs *fregs)
{
	int alter = (int)sipc_fregs_arg(fregs, 3);

	return sipc_sysv_check(&sipc_sem, sipc_sysv_perm(fregs),
			       alter ? SIPC_PERM_WRITE : SIPC_PERM_READ);
}

static int hook_sysv_free(struct ftrace_regs *fregs)
{
	sipc_label_forget(sipc_sysv_perm(fregs));
	return SIPC_SKIP;
}

static struct sipc_hook sipc_sysv_hooks[] = {
	{ "security_msg_queue_alloc", "msg.alloc", hook_msg_alloc },
	{ "security_msg_queue_associate", "msg.associate", hook_msg_associate },
	{ "security_msg_queue_msgctl", "msg.msgctl", hook_msg_msgctl },
	{ "security_msg_queue_msgsnd", "msg.msgsnd", hook_msg_msgsnd },
	{ "security_msg_queue_msgrcv", "msg.msgrcv", hook_msg_msgrcv },
	{ "security_shm_alloc", "shm.alloc", hook_shm_alloc },
	{ "security_shm_associate", "shm.associate", hook_shm_associate },
	{ "security_shm_shmctl", "shm.shmctl", hook_shm_shmctl },
	{ "security_shm_shmat", "shm.shmat", hook_shm_shmat },
	{ "security_sem_alloc", "sem.alloc", hook_sem_alloc },
	{ "security_sem_associate", "sem.associate", hook_sem_associate },
	{ "security_sem_semctl", "sem.semctl", hook_sem_semctl },
	{ "security_sem_semop", "sem.semop", hook_sem_semop },
	{ "security_msg_queue_free", "msg.free", hook_sysv_free },
	{ "security_shm_free", "shm.free", hook_sysv_free },
	{ "security_sem_free", "sem.free", hook_sysv_free },
};

int sipc_sysv_init(void)
{
	return sipc_hook_add(sipc_sysv_hooks, ARRAY_SIZE(sipc_sysv_hooks));
}
