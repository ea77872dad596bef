/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kpcpu_core KUnit suite: C++ bodies (core_test_cases.cpp,
 * core_test_adoption.cpp) and the C reference helpers they compare against
 * (core_test.c).
 */
#ifndef KPCPU_CORE_TEST_H
#define KPCPU_CORE_TEST_H

#include "suite.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The cases in run order, each the C++ body kpcpu_test_<name> (suite.h). */
#define KPCPU_CORE_TEST_CASES(X) \
	X(guard_preempt_count) \
	X(guard_cpu_matches_kernel) \
	X(static_initial_value_every_cpu) \
	X(token_this_cpu_and_remote) \
	X(percpu_ptr_accessors) \
	X(nested_token_detected) \
	X(checked_token_cell) \
	X(shared_and_exclusive_tokens_detected) \
	X(refcell_conflicts) \
	X(extern_c_percpu) \
	X(declared_in_other_unit) \
	X(cpumask_views) \
	X(on_each_cpu_wait_and_nowait) \
	X(sum_over_possible) \
	X(static_alignment_and_init) \
	X(file_local_statics) \
	X(type_with_comma) \
	X(module_object) \
	X(reports_name_call_site)
KPCPU_CORE_TEST_CASES(KPCPU_TEST_PROTOTYPE)

/* C reference helpers: what the kernel's own macros say. */
int kpcpu_test_preempt_count(void);
unsigned int kpcpu_test_preempt_disable_step(void);
int kpcpu_test_smp_processor_id(void);
unsigned long kpcpu_test_per_cpu_offset(unsigned int cpu);
void kpcpu_test_c_percpu_set(unsigned int cpu, long value);
long kpcpu_test_c_percpu_this_cpu_read(void);
unsigned int kpcpu_test_num_possible_cpus(void);
unsigned int kpcpu_test_num_online_cpus(void);
unsigned int kpcpu_test_num_present_cpus(void);
unsigned int kpcpu_test_num_active_cpus(void);

/* The two files with a file-local `hits` each (core_test_local_{a,b}.cpp). */
long kpcpu_test_local_a_add(unsigned int times);
long kpcpu_test_local_b_add(unsigned int times);
const void *kpcpu_test_local_a_address(void);
const void *kpcpu_test_local_b_address(void);

#ifdef __cplusplus
}
#else
/* Defined in core_test.c; C++ reaches it with KPCPU_EXTERN_PER_CPU. */
DECLARE_PER_CPU(long, kpcpu_test_c_percpu);
#endif

#endif /* KPCPU_CORE_TEST_H */
