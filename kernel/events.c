// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - events: what the policy did not allow, multicast to the events
 * group of the netlink family.
 *
 * Events are reported from the hooks, that is from an ftrace callback
 * with preemption disabled, in any context the hooked function runs in
 * (process, softirq, with interrupts off).  Netlink allocates and may
 * sleep, so reporting only copies the event into a fixed ring under a
 * raw spinlock and kicks an irq_work; the irq_work schedules a work item,
 * and the work item empties the ring in process context and multicasts
 * each event.  An event that finds the ring full is dropped and counted
 * (SIPC_STAT_EVENTS_DROPPED): a producer never waits for a listener.
 *
 * Nothing is queued while nobody is in the events group, so a system
 * without listeners pays one bit test per denial.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/irq_work.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "access.h"
#include "events.h"
#include "netlink.h"

/* A power of two: head and tail run freely and are masked on use. */
#define SIPC_EVENTS_RING	256

/**
 * struct sipc_events - the ring between producers and the work item
 * @lock: protects every other field; a raw spinlock taken with interrupts
 *	off, since producers run in any context, interrupts included
 * @head: count of events ever queued (the next slot to fill)
 * @tail: count of events ever taken out (the next slot to send)
 * @on: producers may queue, and may kick @irq_work; cleared under @lock
 *	by sipc_events_exit(), so no kick can follow it
 * @ring: the events between @tail and @head
 * @irq_work: kicked by a producer, schedules @work (an irq_work may be
 *	queued from any context; a work item may not)
 * @work: sends what is in the ring, in process context
 */
struct sipc_events {
	raw_spinlock_t lock;
	unsigned int head;
	unsigned int tail;
	bool on;
	struct sipc_event ring[SIPC_EVENTS_RING];
	struct irq_work irq_work;
	struct work_struct work;
};

static struct sipc_events sipc_events = {
	.lock = __RAW_SPIN_LOCK_UNLOCKED(sipc_events.lock),
};

/**
 * sipc_event_report() - queue one event for the events group
 * @event: copied; the caller may reuse it at once
 *
 * Callable from any context: never sleeps, allocates nothing, takes only
 * a raw spinlock with interrupts off.  Does nothing while nobody listens;
 * drops and counts the event when the ring is full.
 */
void sipc_event_report(const struct sipc_event *event)
{
	unsigned long flags;

	/* Unlocked peeks, to spare the lock; @on is checked again under it. */
	if (!READ_ONCE(sipc_events.on) || !sipc_netlink_listening())
		return;
	raw_spin_lock_irqsave(&sipc_events.lock, flags);
	if (!sipc_events.on)
		goto out;
	if (sipc_events.head - sipc_events.tail == SIPC_EVENTS_RING) {
		sipc_stat_inc(SIPC_STAT_EVENTS_DROPPED);
		goto out;
	}
	sipc_events.ring[sipc_events.head++ % SIPC_EVENTS_RING] = *event;
	/*
	 * Kicked under the lock, so that once exit has cleared @on, every
	 * kick there will ever be has been queued.
	 */
	irq_work_queue(&sipc_events.irq_work);
out:
	raw_spin_unlock_irqrestore(&sipc_events.lock, flags);
}

static void sipc_events_kick(struct irq_work *work)
{
	schedule_work(&sipc_events.work);
}

/* Take the oldest event out of the ring; false when it is empty. */
static bool sipc_events_pop(struct sipc_event *event)
{
	unsigned long flags;
	bool found = false;

	raw_spin_lock_irqsave(&sipc_events.lock, flags);
	if (sipc_events.head != sipc_events.tail) {
		*event = sipc_events.ring[sipc_events.tail++ % SIPC_EVENTS_RING];
		found = true;
	}
	raw_spin_unlock_irqrestore(&sipc_events.lock, flags);
	return found;
}

/*
 * Send until the ring is empty.  An event that cannot be sent (out of
 * memory, or the last listener left) is dropped like one that found no
 * room, and counted only then: nobody listening is not a loss.
 */
static void sipc_events_send(struct work_struct *work)
{
	struct sipc_event event;
	int err;

	while (sipc_events_pop(&event)) {
		err = sipc_netlink_event(&event, GFP_KERNEL);
		/* -ESRCH: nobody listens (any more). */
		if (err && err != -ESRCH)
			sipc_stat_inc(SIPC_STAT_EVENTS_DROPPED);
		cond_resched();
	}
}

/**
 * sipc_events_init() - let the hooks report events
 *
 * Call before the netlink family is registered: nobody can listen before
 * that, so nothing is queued, and nothing is sent before it exists.
 *
 * Return: 0.
 */
int sipc_events_init(void)
{
	unsigned long flags;

	init_irq_work(&sipc_events.irq_work, sipc_events_kick);
	INIT_WORK(&sipc_events.work, sipc_events_send);
	raw_spin_lock_irqsave(&sipc_events.lock, flags);
	sipc_events.head = 0;
	sipc_events.tail = 0;
	WRITE_ONCE(sipc_events.on, true);
	raw_spin_unlock_irqrestore(&sipc_events.lock, flags);
	return 0;
}

/**
 * sipc_events_exit() - stop reporting and drop what is queued
 *
 * Teardown order, which makes each step final:
 *  1. clear @on under the lock: no producer queues or kicks after that;
 *  2. irq_work_sync(): the last kick has run, so @work is scheduled for
 *     the last time;
 *  3. cancel_work_sync(): @work is neither pending nor running, so
 *     nothing calls sipc_netlink_event() any more;
 *  4. only then may the netlink family be unregistered (main.c calls
 *     this before sipc_netlink_exit()).
 * Hooks may still run and call sipc_event_report(); they find @on clear.
 */
void sipc_events_exit(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sipc_events.lock, flags);
	WRITE_ONCE(sipc_events.on, false);
	raw_spin_unlock_irqrestore(&sipc_events.lock, flags);
	irq_work_sync(&sipc_events.irq_work);
	cancel_work_sync(&sipc_events.work);
	sipc_events.tail = sipc_events.head;
}
