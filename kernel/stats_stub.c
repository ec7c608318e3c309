// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - TEMPORARY stand-in for the counters of access.c, so that the
 * policy branch links and loads on its own.  Delete this file (and its
 * line in Kbuild) when access.c, which implements sipc_stat_inc() for
 * real, is merged.
 */

#include <linux/percpu.h>

#include "sipc.h"

static DEFINE_PER_CPU(u64, sipc_stub_stats[__SIPC_STAT_LAST]);

void sipc_stat_inc(enum sipc_stat stat)
{
	this_cpu_inc(sipc_stub_stats[stat]);
}
