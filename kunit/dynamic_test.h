/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kpcpu_dynamic KUnit suite: C++ bodies (dynamic_test_cases.cpp) and
 * the C helpers they need (dynamic_test.c).
 */
#ifndef KPCPU_DYNAMIC_TEST_H
#define KPCPU_DYNAMIC_TEST_H

#include "suite.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The cases in run order, each the C++ body kpcpu_test_<name> (suite.h). */
#define KPCPU_DYNAMIC_TEST_CASES(X) \
	X(rust_sample_dynamic_u64) \
	X(rust_sample_dynamic_refcell) \
	X(drop_destroys_once_per_cpu) \
	X(copies_released_on_other_cpus) \
	X(offline_cpu_values_survive) \
	X(factory_failures) \
	X(atomic_context_allocation) \
	X(dynamic_tokens_remote_sum) \
	X(allocation_move_only) \
	X(footprint) \
	X(empty_handles_touch_nothing)
KPCPU_DYNAMIC_TEST_CASES(KPCPU_TEST_PROTOTYPE)

/* C helpers. */
int kpcpu_test_cpu_offline(unsigned int cpu);
int kpcpu_test_cpu_online(unsigned int cpu);
int kpcpu_test_preemptible(void);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_DYNAMIC_TEST_H */
