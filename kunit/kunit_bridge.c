// SPDX-License-Identifier: GPL-2.0
/*
 * Reports failed C++ expectations (kunit/include/kpcpu_kunit.h) through KUnit, at
 * the C++ source location, with both expressions and both values; and the
 * few KUnit services C++ test bodies use: skipping, logging, the clock.
 */
#include <kunit/assert.h>
#include <kunit/test.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/printk.h>
#include <linux/timekeeping.h>

#include <kpcpu_kunit_bridge.h>

/*
 * KUnit's entry point for a failed expectation. It gained a leading "__"
 * in the release whose KUNIT_SUCCEED() started saving the location
 * (_KUNIT_SAVE_LOC): follow the kernel's own macros, not its version.
 */
#ifdef _KUNIT_SAVE_LOC
#define kpcpu_kunit_failed_assertion __kunit_do_failed_assertion
#else
#define kpcpu_kunit_failed_assertion kunit_do_failed_assertion
#endif

void kpcpu_kunit_fail_compare(struct kunit *test, const char *file, int line,
			      const char *left_expr, const char *op, const char *right_expr,
			      unsigned long long left, unsigned long long right, bool is_signed)
{
	const struct kunit_loc loc = { .file = file, .line = line };
	const struct kunit_fail_assert assert = {};

	if (is_signed)
		kpcpu_kunit_failed_assertion(test, &loc, KUNIT_EXPECTATION, &assert.assert,
					  kunit_fail_assert_format,
					  KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n"
					  KUNIT_SUBSUBTEST_INDENT "%s == %lld\n"
					  KUNIT_SUBSUBTEST_INDENT "%s == %lld",
					  left_expr, op, right_expr, left_expr, (long long)left,
					  right_expr, (long long)right);
	else
		kpcpu_kunit_failed_assertion(test, &loc, KUNIT_EXPECTATION, &assert.assert,
					  kunit_fail_assert_format,
					  KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n"
					  KUNIT_SUBSUBTEST_INDENT "%s == %llu (0x%llx)\n"
					  KUNIT_SUBSUBTEST_INDENT "%s == %llu (0x%llx)",
					  left_expr, op, right_expr, left_expr, left, left,
					  right_expr, right, right);
}

void kpcpu_kunit_fail_true(struct kunit *test, const char *file, int line, const char *expr,
			   bool expected)
{
	const struct kunit_loc loc = { .file = file, .line = line };
	const struct kunit_fail_assert assert = {};

	kpcpu_kunit_failed_assertion(test, &loc, KUNIT_EXPECTATION, &assert.assert,
				  kunit_fail_assert_format,
				  KUNIT_SUBTEST_INDENT "Expected %s to be %s, but is %s",
				  expr, expected ? "true" : "false", expected ? "false" : "true");
}

/* Marks the case skipped; the C++ body returns by itself (no unwinding). */
void kpcpu_kunit_skip(struct kunit *test, const char *reason)
{
	kunit_mark_skipped(test, "%s", reason);
}

void kpcpu_kunit_info(struct kunit *test, const char *fmt, ...)
{
	char line[256];
	va_list args;

	va_start(args, fmt);
	vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	if (READ_ONCE(test->status) == KUNIT_FAILURE)
		pr_info("    # %s: %s\n", test->name, line);
	else
		kunit_info(test, "%s", line);
}

unsigned long long kpcpu_kunit_now_ns(void)
{
	return ktime_get_ns();
}
