/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipc - the glob matcher (glob.c), used by the policy parser to check
 * globs and by the policy's match and label lookups to match them.  Any
 * context; never sleeps, takes no lock.
 */
#ifndef _SIPC_GLOB_H
#define _SIPC_GLOB_H

#include <linux/types.h>

bool sipc_glob_check(const char *pat);
bool sipc_glob_match(const char *pat, const char *str);

#endif /* _SIPC_GLOB_H */
