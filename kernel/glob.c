// SPDX-License-Identifier: GPL-2.0
/*
 * sipc - globs, the patterns of match rules (executables, cgroups) and of
 * labels (paths, abstract socket names, queue names).
 *
 * Pure functions of their arguments: any context, no locks, no
 * allocation, no recursion.
 */

#include <linux/types.h>

#include "glob.h"

/**
 * sipc_glob_check() - tell whether a glob is well formed
 * @pat: the glob, NUL-terminated
 *
 * The only malformed glob is one ending in an unpaired '\', which would
 * quote the terminating NUL.
 *
 * Return: true when @pat is well formed.
 */
bool sipc_glob_check(const char *pat)
{
	for (; *pat; pat++) {
		if (*pat == '\\' && !*++pat)
			return false;
	}
	return true;
}

/**
 * sipc_glob_match() - match a string against a glob
 * @pat: the glob
 * @str: the string
 *
 * '*' matches any run of characters other than '/', '**' (or more stars)
 * any run at all, '?' one character other than '/', and '\' makes the
 * next character literal.
 *
 * Iterative, with two backtracking points and no recursion.  Since neither
 * '*' nor '?' crosses a '/', within the part of @pat after the last '**'
 * every '/' of @str is matched by a literal '/', so each path component is
 * an ordinary wildcard match where extending the last '*' is enough.  And
 * the earliest match of the part between two '**' is always the best one,
 * because the second '**' can absorb whatever the first left over; so a
 * '**' is resumed only when the component level fails, and then past
 * the component that failed.  Running out of text ends the match (as in
 * git's wildmatch).  The work is O(strlen(pat) * strlen(str)).
 *
 * Return: true when @str matches all of @pat.
 */
bool sipc_glob_match(const char *pat, const char *str)
{
	const char *star_p = NULL, *star_s = NULL;
	const char *dstar_p = NULL, *dstar_s = NULL;
	const char *p = pat, *s = str;
	char c;

	for (;;) {
		if (*p == '*') {
			if (p[1] == '*') {
				while (*p == '*')
					p++;
				dstar_p = p;
				dstar_s = s;
				star_p = NULL;
			} else {
				star_p = ++p;
				star_s = s;
			}
			continue;
		}
		if (!*p && (!*s || dstar_p == p))
			return true;
		c = *p;
		if (c == '\\') {
			c = p[1];
			if (c && c == *s) {
				p += 2;
				s++;
				continue;
			}
		} else if (c && *s && (c == *s || (c == '?' && *s != '/'))) {
			p++;
			s++;
			continue;
		}
		/*
		 * Mismatch.  When the text ran out before the pattern (the
		 * last '*' took all of it, or there is no '*' since the
		 * last '**'), starting the part after the last '**' later
		 * leaves even less text: nothing can match.
		 */
		if (star_p ? !*star_s : !*s)
			return false;
		/* Let the last '*' take one more character... */
		if (star_p && *star_s != '/') {
			p = star_p;
			s = ++star_s;
			continue;
		}
		/*
		 * ...or else restart after the last '**'.  When that '*' was
		 * stopped by a '/', the components after the first '/' past
		 * the restart point are where they were and one of them
		 * failed, or the first one failed with its '*' stretched as
		 * far as it can: restarting before that '/' cannot help.
		 */
		if (dstar_p) {
			if (star_p)
				while (*dstar_s != '/')
					dstar_s++;
			p = dstar_p;
			s = ++dstar_s;
			star_p = NULL;
			continue;
		}
		return false;
	}
}
