/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - labels (label.c): the role of every task and object, kept in a
 * side table filled by the alloc hooks and emptied by the free hooks.
 *
 * The table is read under RCU without locks (the hook callbacks, with
 * preemption disabled) and written under hashed per-bucket spinlocks with
 * interrupts off, since some free hooks run in RCU callbacks.  Every
 * function here may be called from a hook: none sleeps; a label that
 * cannot be allocated is counted (SIPC_STAT_LABELS_FAILED) and the
 * object stays as it was.
 */
#ifndef _SIPC_LABEL_H
#define _SIPC_LABEL_H

#include <linux/types.h>
#include <uapi/linux/sipc.h>

struct file;
struct sipc_policy;
struct task_struct;

int sipc_label_init(void);
void sipc_label_exit(void);
unsigned int sipc_task_role(const struct sipc_policy *policy,
			    struct task_struct *task);
unsigned int sipc_task_exec(const struct sipc_policy *policy,
			    struct file *exe);
int sipc_task_inherit(const struct sipc_policy *policy,
		      struct task_struct *child);
unsigned int sipc_object_role(const struct sipc_policy *policy,
			      const void *key);
void sipc_object_set(const struct sipc_policy *policy, const void *key,
		     unsigned int role);
void sipc_object_copy(const void *key, const void *from);
void sipc_object_adopt(const struct sipc_policy *policy, const void *key,
		       unsigned int role);
bool sipc_object_labelled(const void *key);
void sipc_object_created(const void *key);
void sipc_label_loading(const struct sipc_policy *policy);
void sipc_label_forget(const void *key);
char *sipc_scratch_name(void);
bool sipc_label_kind_used(const struct sipc_policy *policy,
			  enum sipc_label_kind kind);
int sipc_label_by_name(const struct sipc_policy *policy,
		       enum sipc_label_kind kind, const char *name);
int sipc_label_by_key(const struct sipc_policy *policy,
		      enum sipc_label_kind kind, s32 key);

#endif /* _SIPC_LABEL_H */
