// SPDX-License-Identifier: GPL-2.0
/*
 * Runner self-test, never part of a normal run: one C++ case whose
 * expectation fails on purpose. scripts/kunit-run.sh must report the run
 * as failed, with the C++ file, line and both values.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "selftest_fail.h"

static struct kunit_case kpcpu_selftest_fail_cases[] = {
	KPCPU_SELFTEST_FAIL_CASES(KPCPU_SELFTEST_CASE)
	{}
};

static struct kunit_suite kpcpu_selftest_fail_suite = {
	.name = "kpcpu_selftest_fail",
	.test_cases = kpcpu_selftest_fail_cases,
};

kunit_test_suite(kpcpu_selftest_fail_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: runner self-test, a failing C++ expectation");
