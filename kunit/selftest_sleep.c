// SPDX-License-Identifier: GPL-2.0
/*
 * Runner self-test, never part of a normal run: on the DEBUG_ATOMIC_SLEEP
 * kernel (test-6.1-debug), a case that passes but may sleep with
 * preemption disabled. scripts/kunit-run.sh must fail the run and show
 * the report.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/preempt.h>

static void kpcpu_selftest_might_sleep_under_preempt_disable(struct kunit *test)
{
	preempt_disable();
	might_sleep();
	preempt_enable();
	KUNIT_EXPECT_EQ(test, 1, 1);
}

static struct kunit_case kpcpu_selftest_sleep_cases[] = {
	KUNIT_CASE(kpcpu_selftest_might_sleep_under_preempt_disable),
	{}
};

static struct kunit_suite kpcpu_selftest_sleep_suite = {
	.name = "kpcpu_selftest_sleep",
	.test_cases = kpcpu_selftest_sleep_cases,
};

kunit_test_suite(kpcpu_selftest_sleep_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: runner self-test, a might-sleep report in a passing case");
