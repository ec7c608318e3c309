// SPDX-License-Identifier: GPL-2.0
/*
 * sipcctl narrow IFACE PERMS -- CMD [ARG...]: narrow the current
 * permissions of an interface (SIPC_IOC_NARROW), then exec CMD, which
 * keeps the narrowing, as will every process it starts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipcctl.h"

#define NARROW_USAGE "IFACE PERMS -- CMD [ARG...]  (PERMS: names separated by ',' or ' ', or '-' for none)"

int narrow_main(int argc, char *argv[])
{
	char perms[SIPC_NARROW_PERMS_MAX], *p;
	bool json;
	int fd, ret;

	ret = command_options(argc, argv, NARROW_USAGE, &json, 3, argc);
	if (ret >= 0)
		return ret;
	if (strlen(argv[optind + 1]) >= sizeof(perms)) {
		fprintf(stderr, "%s %s: permission list too long\n", prog_name,
			argv[0]);
		return EXIT_USAGE;
	}
	strcpy(perms, strcmp(argv[optind + 1], "-") ? argv[optind + 1] : "");
	for (p = perms; *p; p++)
		if (*p == ',')
			*p = ' ';
	fd = sipc_dev_open();
	if (fd < 0) {
		fprintf(stderr, "%s %s: cannot open /dev/%s: %s\n", prog_name,
			argv[0], SIPC_DEV_NAME, strerror(-fd));
		return fd == -ENOENT ? EXIT_NOT_LOADED : EXIT_FAILED;
	}
	ret = sipc_narrow(fd, argv[optind], perms);
	close(fd);
	if (ret == -ENOENT) {
		fprintf(stderr, "%s %s: the policy in force has no interface `%s' with permissions `%s'\n",
			prog_name, argv[0], argv[optind], argv[optind + 1]);
		return EXIT_FAILED;
	}
	if (ret) {
		fprintf(stderr, "%s %s: narrow: %s\n", prog_name, argv[0],
			strerror(-ret));
		return EXIT_FAILED;
	}
	execvp(argv[optind + 2], argv + optind + 2);
	fprintf(stderr, "%s %s: cannot run `%s': %s\n", prog_name, argv[0],
		argv[optind + 2], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
