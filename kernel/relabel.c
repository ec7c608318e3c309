// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - a new policy meets the objects that already exist.
 *
 * Objects made before a policy was loaded, or while the module was away,
 * have no label: no hook saw them created.  When a policy is published,
 * sipc_relabel() gives them the role they would have had, had everything
 * started after the load:
 *
 * - a named object takes the role a label of the new policy gives its
 *   name (a bound socket's address, a FIFO's path, a queue's name, a
 *   SysV key), replacing what it had, so that a reload which adds or
 *   changes a label reaches objects that exist;
 * - an object without a label (and no label for its name) takes the role
 *   of its holders when they all have the same one: the processes whose
 *   descriptor tables hold it (pipes, FIFOs, sockets, queues) or, for
 *   SysV objects, which have no descriptors, the processes the kernel
 *   records as their creator and last users; a process that has begun
 *   to exit holds nothing;
 * - the other end of a connection that is in no table (closed, or on
 *   its way to accept()) takes the role of the process that made it, as
 *   the kernel records it for the end that is held (SO_PEERCRED), or
 *   its address's label;
 * - an object whose holders have different roles, or that nobody holds,
 *   stays unconfined: giving it the role of one holder would open it to
 *   that role's rules, so that an unconfined server's objects would
 *   become a confined client's.  Unconfined is what such an object was.
 *
 * Hooks run meanwhile and label new objects themselves: the walk only
 * adds a label where none is (sipc_object_adopt()), except for a name's
 * label, which the hooks would give the same way.  Every object is
 * pinned while its label is written (a file reference, the SysV ids'
 * rwsem), so that no label can land on a newer object at the same
 * address.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ipc.h>
#include <linux/ipc_namespace.h>
#include <linux/magic.h>
#include <linux/net.h>
#include <linux/nsproxy.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/rwsem.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/un.h>
#include <linux/xarray.h>
#include <net/af_unix.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "label.h"
#include "relabel.h"

/* ipc/mqueue.c keeps its magic private; it has not changed since 2.6. */
#define SIPC_MQUEUE_MAGIC	0x19800202

/*
 * ipc/util.h keeps these private: the index of each kind in
 * ipc_namespace.ids[], unchanged since 2.6.
 */
#define SIPC_IPC_SEM_IDS	0
#define SIPC_IPC_MSG_IDS	1
#define SIPC_IPC_SHM_IDS	2

/*
 * The SysV objects are private to ipc/msg.c, ipc/shm.c and ipc/sem.c;
 * these copy the start of each, up to the pids of their users, which
 * have been where they are since 4.17 (through 6.12).  They are read
 * only under the locks their writers take.
 */
struct sipc_msg_queue {
	struct kern_ipc_perm q_perm;
	time64_t q_stime;
	time64_t q_rtime;
	time64_t q_ctime;
	unsigned long q_cbytes;
	unsigned long q_qnum;
	unsigned long q_qbytes;
	struct pid *q_lspid;
	struct pid *q_lrpid;
};

struct sipc_shmid_kernel {
	struct kern_ipc_perm shm_perm;
	struct file *shm_file;
	unsigned long shm_nattch;
	unsigned long shm_segsz;
	time64_t shm_atim;
	time64_t shm_dtim;
	time64_t shm_ctim;
	struct pid *shm_cprid;
	struct pid *shm_lprid;
};

struct sipc_sem {
	int semval;
	struct pid *sempid;
	spinlock_t lock;	/* a simple semop's: guards @sempid */
	struct list_head pending_alter;
	struct list_head pending_const;
	time64_t sem_otime;
} ____cacheline_aligned_in_smp;

struct sipc_sem_array {
	struct kern_ipc_perm sem_perm;
	time64_t sem_ctime;
	struct list_head pending_alter;
	struct list_head pending_const;
	struct list_head list_id;
	int sem_nsems;
	int complex_count;
	unsigned int use_global_lock;
	struct sipc_sem sems[];
};

/**
 * struct sipc_holders - the roles of an object's holders, so far
 * @role: the role of the first holder
 * @any: a holder was seen
 * @mixed: holders of another role than @role were seen too
 */
struct sipc_holders {
	unsigned int role;
	bool any;
	bool mixed;
};

static void sipc_holders_add(struct sipc_holders *holders, unsigned int role)
{
	if (!holders->any) {
		holders->role = role;
		holders->any = true;
	} else if (holders->role != role) {
		holders->mixed = true;
	}
}

/* The role all holders share; unconfined when they differ or are none. */
static unsigned int sipc_holders_role(const struct sipc_holders *holders)
{
	return holders->any && !holders->mixed ? holders->role : 0;
}

enum sipc_found_kind {
	SIPC_FOUND_PIPE,
	SIPC_FOUND_FIFO,
	SIPC_FOUND_UNIX,
	SIPC_FOUND_MQUEUE,
};

/**
 * struct sipc_found - an object some descriptor table holds
 * @file: one file that refers to it, pinned: the object lives as long
 * @key: the object's address, its label's key
 * @kind: what it is
 * @holders: the roles of the tasks whose tables hold it
 */
struct sipc_found {
	struct file *file;
	const void *key;
	enum sipc_found_kind kind;
	struct sipc_holders holders;
};

/**
 * struct sipc_walk - one walk of the descriptor tables
 * @policy: the policy just published
 * @found: struct sipc_found by key
 * @role: the role of the task whose table is walked now
 * @dropped: objects left out for want of memory
 */
struct sipc_walk {
	const struct sipc_policy *policy;
	struct xarray found;
	unsigned int role;
	unsigned int dropped;
};

/* The object @file refers to when sipc labels it, and its kind. */
static const void *sipc_file_object(struct file *file,
				    enum sipc_found_kind *kind)
{
	struct inode *inode = file_inode(file);
	struct socket *sock;

	if (S_ISFIFO(inode->i_mode)) {
		*kind = inode->i_sb->s_magic == PIPEFS_MAGIC ?
			SIPC_FOUND_PIPE : SIPC_FOUND_FIFO;
		return inode;
	}
	if (S_ISSOCK(inode->i_mode)) {
		sock = sock_from_file(file);
		if (!sock || !sock->sk || sock->sk->sk_family != AF_UNIX)
			return NULL;
		*kind = SIPC_FOUND_UNIX;
		return sock->sk;
	}
	if (inode->i_sb->s_magic == SIPC_MQUEUE_MAGIC && !S_ISDIR(inode->i_mode)) {
		*kind = SIPC_FOUND_MQUEUE;
		return inode;
	}
	return NULL;
}

/*
 * iterate_fd() callback, under the task's lock and its table's lock: note
 * that a task of role walk->role holds the object @file refers to.
 */
static int sipc_walk_file(const void *arg, struct file *file, unsigned int fd)
{
	struct sipc_walk *walk = (struct sipc_walk *)arg;
	enum sipc_found_kind kind;
	struct sipc_found *found;
	const void *key;

	key = sipc_file_object(file, &kind);
	if (!key)
		return 0;
	found = xa_load(&walk->found, (unsigned long)key);
	if (found) {
		sipc_holders_add(&found->holders, walk->role);
		return 0;
	}
	found = kzalloc(sizeof(*found), GFP_ATOMIC | __GFP_NOWARN);
	if (!found) {
		walk->dropped++;
		return 0;
	}
	found->key = key;
	found->kind = kind;
	sipc_holders_add(&found->holders, walk->role);
	found->file = get_file(file);
	if (xa_is_err(xa_store(&walk->found, (unsigned long)key, found,
			       GFP_ATOMIC | __GFP_NOWARN))) {
		/* The table still holds @file: this is never the last put. */
		fput(file);
		kfree(found);
		walk->dropped++;
	}
	return 0;
}

/*
 * Whether @task can still use what it holds.  A task that has begun to
 * exit never returns to user space: what it holds is on its way to be
 * closed or detached, and it is no holder.  Nor can its role be told
 * any more: its memory, and with it its executable, may be gone, so
 * that it would be matched as unconfined, and its objects, shared with
 * its parent, found shared across roles.
 */
static bool sipc_walk_holder(struct task_struct *task)
{
	return !(READ_ONCE(task->flags) & (PF_KTHREAD | PF_EXITING));
}

/*
 * Note every object in every descriptor table with the role of its
 * table's task.  Tasks that were never seen are matched on the way.
 */
static void sipc_walk_tasks(struct sipc_walk *walk)
{
	struct task_struct *p, *t;

	rcu_read_lock();
	for_each_process_thread(p, t) {
		if (!sipc_walk_holder(t) || !READ_ONCE(t->files))
			continue;
		walk->role = sipc_task_role(walk->policy, t);
		task_lock(t);
		if (t->files)
			iterate_fd(t->files, 0, sipc_walk_file, walk);
		task_unlock(t);
	}
	rcu_read_unlock();
}

/*
 * The name a socket was bound to, as the policy spells it (see
 * unix.c): the path, or "@" and the abstract name; NULL when unbound.
 */
static const char *sipc_unix_bound_name(struct sock *sk, char *buf)
{
	/* Pairs with the release by which bind() and connect() publish it. */
	struct unix_address *addr = smp_load_acquire(&unix_sk(sk)->addr);
	const char *path;
	int max;

	if (!addr)
		return NULL;
	path = addr->name->sun_path;
	max = addr->len - (int)offsetof(struct sockaddr_un, sun_path);
	if (max <= 0 || max > (int)sizeof(addr->name->sun_path))
		return NULL;
	if (path[0]) {
		strscpy(buf, path, min_t(int, max + 1, PATH_MAX));
		return buf;
	}
	buf[0] = '@';
	strscpy(buf + 1, path + 1, max);
	return buf;
}

/* Label one object the walk found; @buf has room for a path. */
static void sipc_relabel_found(const struct sipc_policy *policy,
			       const struct sipc_found *found, char *buf)
{
	enum sipc_label_kind label = SIPC_LABEL_UNIX;
	const char *name = NULL;
	int role;

	switch (found->kind) {
	case SIPC_FOUND_FIFO:
		/* As at open: a FIFO's path gives its role, or none does. */
		if (!sipc_label_kind_used(policy, SIPC_LABEL_FIFO))
			return;
		name = d_path(&found->file->f_path, buf, PATH_MAX);
		role = IS_ERR(name) ? -ENOENT :
		       sipc_label_by_name(policy, SIPC_LABEL_FIFO, name);
		sipc_object_set(policy, found->key, role < 0 ? 0 : role);
		return;
	case SIPC_FOUND_UNIX:
		label = SIPC_LABEL_UNIX;
		name = sipc_unix_bound_name((struct sock *)found->key, buf);
		break;
	case SIPC_FOUND_MQUEUE:
		label = SIPC_LABEL_MQUEUE;
		buf[0] = '/';
		strscpy(buf + 1, found->file->f_path.dentry->d_name.name,
			NAME_MAX + 1);
		name = buf;
		break;
	case SIPC_FOUND_PIPE:
		break;
	}
	if (name && sipc_label_kind_used(policy, label)) {
		role = sipc_label_by_name(policy, label, name);
		if (role >= 0) {
			sipc_object_set(policy, found->key, role);
			return;
		}
	}
	sipc_object_adopt(policy, found->key,
			  sipc_holders_role(&found->holders));
}

/*
 * The roles of the threads of the process @pid names that have not begun
 * to exit, if any: its leader may have exited while other threads go on.
 */
static void sipc_holders_add_pid(const struct sipc_policy *policy,
				 struct sipc_holders *holders, struct pid *pid)
{
	struct task_struct *task, *t;

	if (!pid)
		return;
	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_TGID);
	if (task)
		for_each_thread(task, t)
			if (sipc_walk_holder(t))
				sipc_holders_add(holders,
						 sipc_task_role(policy, t));
	rcu_read_unlock();
	put_pid(pid);
}

/*
 * The recorded users of a SysV object, with references, into @pids;
 * under the ids' rwsem, so the object stays.  Return: how many, or -1
 * when they are more than @max or cannot be told (no role then).
 */
static int sipc_sysv_users(unsigned int ids, struct kern_ipc_perm *perm,
			   struct pid **pids, int max)
{
	struct sipc_msg_queue *msq;
	struct sipc_shmid_kernel *shp;
	struct sipc_sem_array *sma;
	int i, n = 0;

	spin_lock(&perm->lock);
	switch (ids) {
	case SIPC_IPC_MSG_IDS:
		msq = container_of(perm, struct sipc_msg_queue, q_perm);
		pids[n++] = get_pid(msq->q_lspid);
		pids[n++] = get_pid(msq->q_lrpid);
		break;
	case SIPC_IPC_SHM_IDS:
		shp = container_of(perm, struct sipc_shmid_kernel, shm_perm);
		pids[n++] = get_pid(shp->shm_cprid);
		pids[n++] = get_pid(shp->shm_lprid);
		break;
	case SIPC_IPC_SEM_IDS:
		/*
		 * A simple semop takes only its semaphore's lock, a complex
		 * one only the array's: hold both, in the kernel's order.
		 */
		sma = container_of(perm, struct sipc_sem_array, sem_perm);
		if (sma->sem_nsems <= 0 || sma->sem_nsems > max) {
			n = -1;
			break;
		}
		for (i = 0; i < sma->sem_nsems; i++) {
			spin_lock(&sma->sems[i].lock);
			if (sma->sems[i].sempid)
				pids[n++] = get_pid(sma->sems[i].sempid);
			spin_unlock(&sma->sems[i].lock);
		}
		break;
	}
	spin_unlock(&perm->lock);
	return n;
}

#define SIPC_SYSV_USERS_MAX	64

/* Label the SysV objects of one kind in @ns. */
static void sipc_relabel_ids(const struct sipc_policy *policy,
			     struct ipc_namespace *ns, unsigned int ids,
			     enum sipc_label_kind kind, struct pid **pids)
{
	struct ipc_ids *table = &ns->ids[ids];
	struct sipc_holders holders;
	struct kern_ipc_perm *perm;
	int i, n, id, role;

	down_read(&table->rwsem);
	idr_for_each_entry(&table->ipcs_idr, perm, id) {
		role = perm->key == IPC_PRIVATE ? -ENOENT :
		       sipc_label_by_key(policy, kind, perm->key);
		if (role >= 0) {
			sipc_object_set(policy, perm, role);
			continue;
		}
		if (sipc_object_labelled(perm))
			continue;
		memset(&holders, 0, sizeof(holders));
		n = sipc_sysv_users(ids, perm, pids, SIPC_SYSV_USERS_MAX);
		for (i = 0; i < n; i++)
			sipc_holders_add_pid(policy, &holders, pids[i]);
		if (n >= 0)
			sipc_object_adopt(policy, perm,
					  sipc_holders_role(&holders));
		cond_resched();
	}
	up_read(&table->rwsem);
}

/*
 * The SysV objects of the caller's IPC namespace: the one the policy's
 * keys are written for (sipcctl's).
 */
static void sipc_relabel_sysv(const struct sipc_policy *policy)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	struct pid **pids;

	pids = kcalloc(SIPC_SYSV_USERS_MAX, sizeof(*pids), GFP_KERNEL);
	if (!pids)
		return;
	sipc_relabel_ids(policy, ns, SIPC_IPC_MSG_IDS, SIPC_LABEL_MSGQ, pids);
	sipc_relabel_ids(policy, ns, SIPC_IPC_SHM_IDS, SIPC_LABEL_SHM, pids);
	sipc_relabel_ids(policy, ns, SIPC_IPC_SEM_IDS, SIPC_LABEL_SEM, pids);
	kfree(pids);
}

/*
 * The server ends of connections to @listener that wait to be accepted
 * are in no descriptor table.  A hook gives such an end the label of its
 * listener when the connection is made (unix.c); give the ends made
 * before the listener had its label the same.  connect() holds the
 * listener's state lock from that hook until the end is in the queue:
 * holding it too, the walk sees every end whose hook copied no label,
 * and every later hook copies the label given above.  The queue's lock
 * keeps the ends from being accepted, and freed, meanwhile.
 */
static void sipc_relabel_pending(const struct sipc_policy *policy,
				 struct sock *listener)
{
	struct sk_buff_head *queue = &listener->sk_receive_queue;
	struct sk_buff *skb;
	unsigned long flags;
	unsigned int role;

	unix_state_lock(listener);
	if (listener->sk_state != TCP_LISTEN)
		goto out;
	rcu_read_lock();
	role = sipc_object_role(policy, listener);
	rcu_read_unlock();
	spin_lock_irqsave(&queue->lock, flags);
	skb_queue_walk(queue, skb)
		if (skb->sk)
			sipc_object_adopt(policy, skb->sk, role);
	spin_unlock_irqrestore(&queue->lock, flags);
out:
	unix_state_unlock(listener);
}

/*
 * The other end of a connection can be in no descriptor table: closed
 * by its holder while @sk, which is, still reads what it sent or writes
 * into it, or a server end on its way from the listener's queue into a
 * table by accept().  Operations on @sk are checked against that end:
 * give it, when it has no label and nobody holds it, the role it would
 * have had.  A server end carries the address of its listener: a label
 * of that name gives its role.  Otherwise it takes the role of the live
 * process the kernel records as @sk's peer (SO_PEERCRED), which is the
 * one that made the other end: the connecting process for a client end,
 * the one that called listen() for a server end, the creator of a
 * socketpair.  When that process has exited, the end stays unconfined.
 * @sk is pinned by its file; its reference on the peer is taken under
 * its lock, since a datagram socket may connect elsewhere meanwhile.
 */
static void sipc_relabel_peer(struct sipc_walk *walk, struct sock *sk,
			      char *buf)
{
	const struct sipc_policy *policy = walk->policy;
	struct sipc_holders holders = { 0 };
	const char *name;
	struct sock *peer;
	struct pid *owner;
	int role;

	unix_state_lock(sk);
	peer = unix_peer(sk);
	if (peer)
		sock_hold(peer);
	unix_state_unlock(sk);
	if (!peer)
		return;
	/* Held in a table: its holders decided, also when they differ. */
	if (xa_load(&walk->found, (unsigned long)peer) ||
	    sipc_object_labelled(peer))
		goto out;
	if (buf && sipc_label_kind_used(policy, SIPC_LABEL_UNIX)) {
		name = sipc_unix_bound_name(peer, buf);
		role = name ? sipc_label_by_name(policy, SIPC_LABEL_UNIX, name) :
		       -ENOENT;
		if (role >= 0) {
			sipc_object_adopt(policy, peer, role);
			goto out;
		}
	}
	spin_lock(&sk->sk_peer_lock);
	owner = get_pid(sk->sk_peer_pid);
	spin_unlock(&sk->sk_peer_lock);
	sipc_holders_add_pid(policy, &holders, owner);
	sipc_object_adopt(policy, peer, sipc_holders_role(&holders));
out:
	sock_put(peer);
}

/* Label every object that exists and has none for @policy. */
static void sipc_relabel(const struct sipc_policy *policy)
{
	struct sipc_walk walk = { .policy = policy };
	struct sipc_found *found;
	unsigned long index;
	char *buf;

	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	xa_init(&walk.found);
	sipc_walk_tasks(&walk);
	xa_for_each(&walk.found, index, found) {
		if (buf)
			sipc_relabel_found(policy, found, buf);
		if (found->kind == SIPC_FOUND_UNIX)
			sipc_relabel_pending(policy, (struct sock *)found->key);
		cond_resched();
	}
	/* Once every end held in a table has its label. */
	xa_for_each(&walk.found, index, found) {
		if (found->kind == SIPC_FOUND_UNIX)
			sipc_relabel_peer(&walk, (struct sock *)found->key, buf);
		fput(found->file);
		kfree(found);
		cond_resched();
	}
	xa_destroy(&walk.found);
	kfree(buf);
	if (walk.dropped || !buf)
		pr_warn_ratelimited("no memory to label %u objects that exist\n",
				    walk.dropped);
	sipc_relabel_sysv(policy);
}

/**
 * sipc_relabel_begin() - label the objects that exist for a new policy
 * @policy: the policy about to be published, its generation set
 *
 * Called by sipc_policy_publish() under its mutex, before @policy is put
 * in force, so that the objects that exist meet it with their labels.
 * From now until sipc_relabel_end(), objects made under the old policy
 * are labelled for @policy too (sipc_object_created()).  Process
 * context; sleeps.
 */
void sipc_relabel_begin(const struct sipc_policy *policy)
{
	sipc_label_loading(policy);
	/*
	 * An alloc hook that read no policy coming labels only for the old
	 * one; once every such reader is done, what is made from now on
	 * labels itself for @policy.
	 */
	synchronize_rcu();
	sipc_relabel(policy);
	/*
	 * An object allocated before that point but not yet reachable from a
	 * task (a pipe whose descriptor is not installed yet) escapes the
	 * first walk; a second one before @policy is in force narrows that
	 * window to the walk's own length, and sipc_relabel_end() closes it.
	 */
	sipc_relabel(policy);
}

/**
 * sipc_relabel_end() - label the objects made during the first walk
 * @policy: the policy just published, in force
 *
 * Called by sipc_policy_publish() under its mutex, once no reader holds
 * the old policy any more.  Process context; sleeps.
 */
void sipc_relabel_end(const struct sipc_policy *policy)
{
	sipc_relabel(policy);
	sipc_label_loading(NULL);
}
