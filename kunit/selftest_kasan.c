// SPDX-License-Identifier: GPL-2.0
/*
 * Runner self-test, never part of a normal run: on the KASAN kernel
 * (test-6.1-debug), a case that passes but writes one byte past this CPU's
 * per-CPU buffer. scripts/kunit-run.sh must fail the run and show the KASAN
 * report. The buffers live on the slab, as per-CPU scratch buffers usually
 * do: KASAN has no redzones inside the per-CPU areas themselves (the
 * per-CPU allocator does not annotate its chunks), so an overrun there is
 * invisible to it - kpcpu's own bounds are checked by its types instead.
 */
#include <kunit/test.h>
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/percpu.h>

#define KPCPU_SELFTEST_BUF_SIZE 24

static DEFINE_PER_CPU(char *, kpcpu_selftest_buf);

static void kpcpu_selftest_kasan_overruns_percpu_buffer(struct kunit *test)
{
	unsigned int cpu;
	size_t past_end = KPCPU_SELFTEST_BUF_SIZE;
	char *buf;

	/* kunit_kzalloc(): freed when the case ends, however it ends. */
	for_each_possible_cpu(cpu) {
		per_cpu(kpcpu_selftest_buf, cpu) = kunit_kzalloc(test, KPCPU_SELFTEST_BUF_SIZE, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, per_cpu(kpcpu_selftest_buf, cpu));
	}
	buf = get_cpu_var(kpcpu_selftest_buf);
	OPTIMIZER_HIDE_VAR(past_end);
	buf[past_end] = 1; /* one byte too far */
	put_cpu_var(kpcpu_selftest_buf);
	KUNIT_EXPECT_EQ(test, 1, 1);
}

static struct kunit_case kpcpu_selftest_kasan_cases[] = {
	KUNIT_CASE(kpcpu_selftest_kasan_overruns_percpu_buffer),
	{}
};

static struct kunit_suite kpcpu_selftest_kasan_suite = {
	.name = "kpcpu_selftest_kasan",
	.test_cases = kpcpu_selftest_kasan_cases,
};

kunit_test_suite(kpcpu_selftest_kasan_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: runner self-test, a KASAN report in a passing case");
