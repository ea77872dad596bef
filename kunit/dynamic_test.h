/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kpcpu_dynamic KUnit suite: C++ bodies (dynamic_test_cases.cpp) and
 * the C helpers they need (dynamic_test.c).
 */
#ifndef KPCPU_DYNAMIC_TEST_H
#define KPCPU_DYNAMIC_TEST_H

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;

void kpcpu_test_rust_sample_dynamic_u64(struct kunit *test);
void kpcpu_test_rust_sample_dynamic_refcell(struct kunit *test);
void kpcpu_test_drop_destroys_once_per_cpu(struct kunit *test);
void kpcpu_test_copies_released_on_other_cpus(struct kunit *test);
void kpcpu_test_offline_cpu_values_survive(struct kunit *test);
void kpcpu_test_factory_failures(struct kunit *test);
void kpcpu_test_atomic_context_allocation(struct kunit *test);
void kpcpu_test_dynamic_tokens_remote_sum(struct kunit *test);
void kpcpu_test_allocation_move_only(struct kunit *test);
void kpcpu_test_footprint(struct kunit *test);
void kpcpu_test_empty_handles_touch_nothing(struct kunit *test);

/* C helpers. */
int kpcpu_test_cpu_offline(unsigned int cpu);
int kpcpu_test_cpu_online(unsigned int cpu);
int kpcpu_test_preemptible(void);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_DYNAMIC_TEST_H */
