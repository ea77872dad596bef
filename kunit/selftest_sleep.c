// SPDX-License-Identifier: GPL-2.0
/*
 * Runner self-test, never part of a normal run: on the DEBUG_ATOMIC_SLEEP
 * kernel (test-6.1-debug), a case that passes but may sleep with
 * preemption disabled, and indexes a per-CPU array one element too far
 * (UBSAN_BOUNDS). scripts/kunit-run.sh must fail the run and show both
 * reports.
 */
#include <kunit/test.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>

struct kpcpu_selftest_slots {
	int slot[4];
	int after;
};

static DEFINE_PER_CPU(struct kpcpu_selftest_slots, kpcpu_selftest_slots);

static void kpcpu_selftest_might_sleep_under_preempt_disable(struct kunit *test)
{
	preempt_disable();
	might_sleep();
	preempt_enable();
	KUNIT_EXPECT_EQ(test, 1, 1);
}

static void kpcpu_selftest_ubsan_percpu_index_out_of_bounds(struct kunit *test)
{
	struct kpcpu_selftest_slots *slots;
	unsigned int index = ARRAY_SIZE(slots->slot);

	OPTIMIZER_HIDE_VAR(index);
	slots = get_cpu_ptr(&kpcpu_selftest_slots);
	slots->slot[index] = 1; /* lands in 'after': inside the variable */
	put_cpu_ptr(&kpcpu_selftest_slots);
	KUNIT_EXPECT_EQ(test, 1, 1);
}

static struct kunit_case kpcpu_selftest_sleep_cases[] = {
	KUNIT_CASE(kpcpu_selftest_might_sleep_under_preempt_disable),
	KUNIT_CASE(kpcpu_selftest_ubsan_percpu_index_out_of_bounds),
	{}
};

static struct kunit_suite kpcpu_selftest_sleep_suite = {
	.name = "kpcpu_selftest_sleep",
	.test_cases = kpcpu_selftest_sleep_cases,
};

kunit_test_suite(kpcpu_selftest_sleep_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: runner self-tests, might-sleep and UBSAN reports in passing cases");
