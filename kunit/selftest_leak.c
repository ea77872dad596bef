// SPDX-License-Identifier: GPL-2.0
/*
 * Runner self-test, never part of a normal run: a passing case that leaks
 * one per-CPU allocation. scripts/kunit-run.sh must report the run as
 * failed through its percpu_stats leak check.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/percpu.h>

static void kpcpu_selftest_leak_passes_but_leaks(struct kunit *test)
{
	u64 __percpu *leaked = alloc_percpu(u64);

	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, (void __force *)leaked);
	/* Deliberately never freed. */
}

static struct kunit_case kpcpu_selftest_leak_cases[] = {
	KUNIT_CASE(kpcpu_selftest_leak_passes_but_leaks),
	{}
};

static struct kunit_suite kpcpu_selftest_leak_suite = {
	.name = "kpcpu_selftest_leak",
	.test_cases = kpcpu_selftest_leak_cases,
};

kunit_test_suite(kpcpu_selftest_leak_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: runner self-test, a leaked per-CPU allocation");
