// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl: names of the decision counters, as the output shows them.
 */
#include "sipcctl.h"

static const char *const stat_names[__SIPC_STAT_LAST] = {
	[SIPC_STAT_DECISIONS]		= "decisions",
	[SIPC_STAT_ALLOWED_BY_RULE]	= "allowed_by_rule",
	[SIPC_STAT_DENIED]		= "denied",
	[SIPC_STAT_PERMISSIVE]		= "permissive",
	[SIPC_STAT_LEARNED]		= "learned",
	[SIPC_STAT_CACHE_HITS]		= "cache_hits",
	[SIPC_STAT_CACHE_MISSES]	= "cache_misses",
	[SIPC_STAT_EVENTS_DROPPED]	= "events_dropped",
	[SIPC_STAT_LABELS]		= "labels",
	[SIPC_STAT_LABELS_FAILED]	= "labels_failed",
	[SIPC_STAT_AUDIT_WANTED]	= "audit_wanted",
	[SIPC_STAT_AUDIT_EMITTED]	= "audit_emitted",
	[SIPC_STAT_AUDIT_SUPPRESSED]	= "audit_suppressed",
	[SIPC_STAT_AUDIT_DROPPED]	= "audit_dropped",
	[SIPC_STAT_REFUSED_UNSEALED_MSGSND] = "refused_unsealed_msgsnd",
	[SIPC_STAT_REFUSED_OPERATION] = "refused_operation",
};

const char *stat_name(unsigned int stat)
{
	return stat < __SIPC_STAT_LAST ? stat_names[stat] : "?";
}

const char *mode_label(unsigned int mode)
{
	const char *name = sipc_mode_name(mode);

	return name ? name : "?";
}
