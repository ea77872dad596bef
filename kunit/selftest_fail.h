/* SPDX-License-Identifier: GPL-2.0 */
/* The C++ bodies of the kpcpu_selftest_fail suite (selftest_fail_cases.cpp). */
#ifndef KPCPU_SELFTEST_FAIL_H
#define KPCPU_SELFTEST_FAIL_H

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;

void kpcpu_selftest_failing_expectation(struct kunit *test);
void kpcpu_selftest_passing_expectation(struct kunit *test);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_SELFTEST_FAIL_H */
