/* SPDX-License-Identifier: GPL-2.0 */
/* sipc - /dev/sipc (dev.c): sealed and signed messages, peer roles. */
#ifndef _SIPC_DEV_H
#define _SIPC_DEV_H

int sipc_dev_init(void);
void sipc_dev_exit(void);

#endif /* _SIPC_DEV_H */
