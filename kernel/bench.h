/* SPDX-License-Identifier: GPL-2.0 */
/* sipc - tests only (bench.c, module parameter bench=1): time cached lookups. */
#ifndef _SIPC_BENCH_H
#define _SIPC_BENCH_H

int sipc_bench_init(void);
void sipc_bench_exit(void);

#endif /* _SIPC_BENCH_H */
