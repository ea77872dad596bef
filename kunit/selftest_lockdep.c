// SPDX-License-Identifier: GPL-2.0
/*
 * Runner self-test, never part of a normal run: on the lockdep kernel
 * (test-6.1-debug), a case that passes but takes two locks in both orders,
 * one after the other. Nothing deadlocks (one thread), but lockdep sees the
 * inversion and reports it; scripts/kunit-run.sh must fail the run and
 * show the report.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(kpcpu_selftest_lock_a);
static DEFINE_SPINLOCK(kpcpu_selftest_lock_b);

static void kpcpu_selftest_lockdep_inverts_lock_order(struct kunit *test)
{
	spin_lock(&kpcpu_selftest_lock_a);
	spin_lock(&kpcpu_selftest_lock_b);
	spin_unlock(&kpcpu_selftest_lock_b);
	spin_unlock(&kpcpu_selftest_lock_a);

	spin_lock(&kpcpu_selftest_lock_b);
	spin_lock(&kpcpu_selftest_lock_a);
	spin_unlock(&kpcpu_selftest_lock_a);
	spin_unlock(&kpcpu_selftest_lock_b);
	KUNIT_EXPECT_EQ(test, 1, 1);
}

static struct kunit_case kpcpu_selftest_lockdep_cases[] = {
	KUNIT_CASE(kpcpu_selftest_lockdep_inverts_lock_order),
	{}
};

static struct kunit_suite kpcpu_selftest_lockdep_suite = {
	.name = "kpcpu_selftest_lockdep",
	.test_cases = kpcpu_selftest_lockdep_cases,
};

kunit_test_suite(kpcpu_selftest_lockdep_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: runner self-test, a lockdep report in a passing case");
