// SPDX-License-Identifier: GPL-2.0
/*
 * Runner self-test, never part of a normal run: a case that passes but
 * WARNs on the console. scripts/kunit-run.sh must report the run as failed,
 * since KUnit itself does not fail a case for a splat.
 */
#include <kunit/test.h>
#include <linux/bug.h>
#include <linux/module.h>

static void kpcpu_selftest_warn_passes_but_warns(struct kunit *test)
{
	WARN(1, "kpcpu runner self-test: deliberate warning\n");
	KUNIT_EXPECT_EQ(test, 1, 1);
}

static struct kunit_case kpcpu_selftest_warn_cases[] = {
	KUNIT_CASE(kpcpu_selftest_warn_passes_but_warns),
	{}
};

static struct kunit_suite kpcpu_selftest_warn_suite = {
	.name = "kpcpu_selftest_warn",
	.test_cases = kpcpu_selftest_warn_cases,
};

kunit_test_suite(kpcpu_selftest_warn_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: runner self-test, a WARN in a passing case");
