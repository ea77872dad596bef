// SPDX-License-Identifier: GPL-2.0
/*
 * Runner self-test, never part of a normal run: on the lockdep kernel
 * (test-6.1-debug), a case that passes but takes the same kpcpu::LocalLocked
 * twice on one CPU (C++ body in selftest_local_lock_cases.cpp). Nothing
 * deadlocks (local_lock() is preempt_disable() there), but lockdep knows
 * each LocalLocked as a lock class of its own and reports the recursion;
 * scripts/kunit-run.sh must fail the run and show the report. (Two
 * different LocalLocked nested are fine: kunit/lock_test_cases.cpp.)
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "selftest_local_lock.h"

static struct kunit_case kpcpu_selftest_local_lock_cases[] = {
	KPCPU_SELFTEST_LOCAL_LOCK_CASES(KPCPU_SELFTEST_CASE)
	{}
};

static struct kunit_suite kpcpu_selftest_local_lock_suite = {
	.name = "kpcpu_selftest_local_lock",
	.test_cases = kpcpu_selftest_local_lock_cases,
};

kunit_test_suite(kpcpu_selftest_local_lock_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: runner self-test, a LocalLocked taken recursively under lockdep");
