/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kpcpu_core KUnit suite: C++ bodies (core_test_cases.cpp) and the C
 * reference helpers they compare against (core_test.c).
 */
#ifndef KPCPU_CORE_TEST_H
#define KPCPU_CORE_TEST_H

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;

/* C++ bodies. */
void kpcpu_test_guard_preempt_count(struct kunit *test);
void kpcpu_test_guard_cpu_matches_kernel(struct kunit *test);
void kpcpu_test_static_initial_value_every_cpu(struct kunit *test);
void kpcpu_test_token_this_cpu_and_remote(struct kunit *test);
void kpcpu_test_percpu_ptr_accessors(struct kunit *test);
void kpcpu_test_nested_token_detected(struct kunit *test);
void kpcpu_test_checked_token_cell(struct kunit *test);
void kpcpu_test_shared_and_exclusive_tokens_detected(struct kunit *test);
void kpcpu_test_refcell_conflicts(struct kunit *test);
void kpcpu_test_extern_c_percpu(struct kunit *test);
void kpcpu_test_declared_in_other_unit(struct kunit *test);
void kpcpu_test_cpumask_views(struct kunit *test);
void kpcpu_test_on_each_cpu_wait_and_nowait(struct kunit *test);
void kpcpu_test_sum_over_possible(struct kunit *test);
void kpcpu_test_static_alignment_and_init(struct kunit *test);

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

#ifdef __cplusplus
}
#else
/* Defined in core_test.c; C++ reaches it with KPCPU_EXTERN_PER_CPU. */
DECLARE_PER_CPU(long, kpcpu_test_c_percpu);
#endif

#endif /* KPCPU_CORE_TEST_H */
