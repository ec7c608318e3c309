// SPDX-License-Identifier: GPL-2.0
/*
 * The names the policy language gives to classes, permissions and modes,
 * which sipcctl also prints.  Classes and permissions come from the uapi
 * header's lists (SIPC_CLASS_LIST, SIPC_PERM_LIST), which the kernel
 * expands too.
 */
#include <stdio.h>
#include <string.h>

#include <linux/sipc.h>

#include "sipc-policy.h"

/* The names of the language, from the uapi header's lists. */
#define SIPC_CLASS(class, name, perms)	[class] = { name, perms },
static const struct {
	const char *name;
	uint32_t perms;
} classes[__SIPC_CLASS_LAST] = SIPC_CLASS_LIST;
#undef SIPC_CLASS

/* Indexed by bit number. */
#define SIPC_PERM(perm, name)	[__builtin_ctz(perm)] = name,
static const char *const perms[] = SIPC_PERM_LIST;
#undef SIPC_PERM

static const char *const modes[__SIPC_MODE_LAST] = {
	[SIPC_MODE_GLOBAL] = "global",
	[SIPC_MODE_ENFORCE] = "enforce",
	[SIPC_MODE_PERMISSIVE] = "permissive",
	[SIPC_MODE_LEARN] = "learn",
};

_Static_assert(sizeof(perms) / sizeof(perms[0]) == 18,
	       "one name per SIPC_PERM_* bit");
_Static_assert(__SIPC_PERM_ALL == (1U << 18) - 1,
	       "one name per SIPC_PERM_* bit");

const char *sipc_class_name(unsigned int cls)
{
	return cls < __SIPC_CLASS_LAST ? classes[cls].name : NULL;
}

int sipc_class_by_name(const char *name)
{
	int i;

	for (i = 1; i < __SIPC_CLASS_LAST; i++)
		if (!strcmp(classes[i].name, name))
			return i;
	return -1;
}

uint32_t sipc_class_perms(unsigned int cls)
{
	return cls < __SIPC_CLASS_LAST ? classes[cls].perms : 0;
}

const char *sipc_perm_name(uint32_t bit)
{
	unsigned int i;

	if (!bit || (bit & (bit - 1)))
		return NULL;
	for (i = 0; i < sizeof(perms) / sizeof(perms[0]); i++)
		if (bit == 1U << i)
			return perms[i];
	return NULL;
}

uint32_t sipc_perm_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(perms) / sizeof(perms[0]); i++)
		if (!strcmp(perms[i], name))
			return 1U << i;
	return 0;
}

int sipc_perms_format(uint32_t perms_, char *buf, size_t len)
{
	uint32_t unnamed = perms_ & ~(uint32_t)__SIPC_PERM_ALL;
	size_t used = 0;
	unsigned int i;
	int n;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < 32; i++) {
		const char *name = sipc_perm_name(1U << i);

		if (!(perms_ & (1U << i)) || !name)
			continue;
		n = snprintf(used < len ? buf + used : NULL,
			     used < len ? len - used : 0, "%s%s",
			     used ? " " : "", name);
		if (n < 0)
			return -1;
		used += n;
	}
	if (unnamed) {
		n = snprintf(used < len ? buf + used : NULL,
			     used < len ? len - used : 0, "%s%#x",
			     used ? " " : "", unnamed);
		if (n < 0)
			return -1;
		used += n;
	}
	return used;
}

const char *sipc_mode_name(unsigned int mode)
{
	return mode < __SIPC_MODE_LAST ? modes[mode] : NULL;
}

int sipc_mode_by_name(const char *name)
{
	int i;

	for (i = 0; i < __SIPC_MODE_LAST; i++)
		if (!strcmp(modes[i], name))
			return i;
	return -1;
}
