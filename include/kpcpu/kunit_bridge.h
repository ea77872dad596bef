/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C functions behind include/kpcpu/kunit.h, defined in
 * src/kunit_bridge.c. Included from C and C++; use the KPCPU_EXPECT_*
 * macros rather than these.
 */
#ifndef KPCPU_KUNIT_BRIDGE_H
#define KPCPU_KUNIT_BRIDGE_H

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;

void kpcpu_kunit_fail_compare(struct kunit *test, const char *file, int line,
			      const char *left_expr, const char *op, const char *right_expr,
			      unsigned long long left, unsigned long long right, bool is_signed);
void kpcpu_kunit_fail_true(struct kunit *test, const char *file, int line, const char *expr,
			   bool expected);
void kpcpu_kunit_skip(struct kunit *test, const char *reason);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_KUNIT_BRIDGE_H */
