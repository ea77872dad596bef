// SPDX-License-Identifier: GPL-2.0
/* C++ bodies of the deliberately failing self-test suite (selftest_fail.c). */
#include <kpcpu_kunit.h>

#include "selftest_fail.h"

namespace {
/* Opaque to the optimizer, so the comparison happens at run time. */
long runtime_value(long v)
{
	asm volatile("" : "+r"(v));
	return v;
}
} // namespace

extern "C" void kpcpu_selftest_passing_expectation(struct kunit *test)
{
	KPCPU_EXPECT_EQ(test, runtime_value(6) * 7, 42);
}

extern "C" void kpcpu_selftest_failing_expectation(struct kunit *test)
{
	long answer = runtime_value(6) * 7;

	KPCPU_EXPECT_EQ(test, answer, 43); /* KPCPU_SELFTEST_FAIL_LINE */
}
