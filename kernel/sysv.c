// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - System V message queues, shared memory and semaphores.
 *
 * Every operation on a SysV object is IPC, so every call is ours.  The
 * *_alloc hooks see creation, *_associate a get of an existing key, and
 * the rest each operation (msgsnd carries the message type that later
 * serves as an operation id).
 */

#include "sipc.h"

static int hook_sysv(struct ftrace_regs *fregs)
{
	return 0;
}

static struct sipc_hook sipc_sysv_hooks[] = {
	{ "security_msg_queue_alloc", "msg.alloc", hook_sysv },
	{ "security_msg_queue_associate", "msg.associate", hook_sysv },
	{ "security_msg_queue_msgctl", "msg.msgctl", hook_sysv },
	{ "security_msg_queue_msgsnd", "msg.msgsnd", hook_sysv },
	{ "security_msg_queue_msgrcv", "msg.msgrcv", hook_sysv },
	{ "security_shm_alloc", "shm.alloc", hook_sysv },
	{ "security_shm_associate", "shm.associate", hook_sysv },
	{ "security_shm_shmctl", "shm.shmctl", hook_sysv },
	{ "security_shm_shmat", "shm.shmat", hook_sysv },
	{ "security_sem_alloc", "sem.alloc", hook_sysv },
	{ "security_sem_associate", "sem.associate", hook_sysv },
	{ "security_sem_semctl", "sem.semctl", hook_sysv },
	{ "security_sem_semop", "sem.semop", hook_sysv },
};

int sipc_sysv_init(void)
{
	return sipc_hook_add(sipc_sysv_hooks, ARRAY_SIZE(sipc_sysv_hooks));
}
