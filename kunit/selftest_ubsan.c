// SPDX-License-Identifier: GPL-2.0
/*
 * Runner self-test, never part of a normal run: on the UBSAN kernel
 * (test-6.1-debug), a case that indexes a per-CPU array one element too
 * far. The write lands inside the variable (no memory is harmed), but
 * UBSAN_BOUNDS reports it; scripts/kunit-run.sh must fail the run and show
 * the report.
 */
#include <kunit/test.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/percpu.h>

struct kpcpu_selftest_slots {
	int slot[4];
	int after;
};

static DEFINE_PER_CPU(struct kpcpu_selftest_slots, kpcpu_selftest_slots);

static void kpcpu_selftest_ubsan_percpu_index_out_of_bounds(struct kunit *test)
{
	struct kpcpu_selftest_slots *slots;
	unsigned int index = ARRAY_SIZE(slots->slot);

	OPTIMIZER_HIDE_VAR(index);
	slots = get_cpu_ptr(&kpcpu_selftest_slots);
	slots->slot[index] = 1; /* lands in 'after' */
	put_cpu_ptr(&kpcpu_selftest_slots);
	KUNIT_EXPECT_EQ(test, 1, 1);
}

static struct kunit_case kpcpu_selftest_ubsan_cases[] = {
	KUNIT_CASE(kpcpu_selftest_ubsan_percpu_index_out_of_bounds),
	{}
};

static struct kunit_suite kpcpu_selftest_ubsan_suite = {
	.name = "kpcpu_selftest_ubsan",
	.test_cases = kpcpu_selftest_ubsan_cases,
};

kunit_test_suite(kpcpu_selftest_ubsan_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: runner self-test, a UBSAN report in a passing case");
