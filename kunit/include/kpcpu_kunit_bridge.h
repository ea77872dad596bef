/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C functions behind kpcpu_kunit.h, defined in kunit/kunit_bridge.c, and
 * the allocation-failure hook of src/kernel_glue.c. Test builds only
 * (KPCPU_TESTS=y puts kunit/include/ on the include path). Included from C
 * and C++; use the KPCPU_EXPECT_* macros rather than the kpcpu_kunit_fail_*
 * functions.
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

/*
 * A "# <case>: ..." line: in the case's KUnit log while the case has not
 * failed, on the console only once it has (the log holds 512 bytes in 6.1,
 * and a case whose log overflows loses its "ok" line).
 */
#ifdef __cplusplus
[[gnu::format(printf, 2, 3)]]
#else
__printf(2, 3)
#endif
void kpcpu_kunit_info(struct kunit *test, const char *fmt, ...);

/* ktime_get_ns(): any context. */
unsigned long long kpcpu_kunit_now_ns(void);

/*
 * Defined in src/kernel_glue.c under KPCPU_FAULT_INJECTION (test builds
 * only): make the @nth allocation from now (1 = the next one) made through
 * kpcpu_kmalloc() or kpcpu_alloc_percpu() fail, as the kernel's allocators
 * can; 0 disarms.
 */
void kpcpu_fault_inject_alloc(unsigned int nth);
/* Whether this allocation is the one told to fail (and it counts as one). */
bool kpcpu_fault_injected(void);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_KUNIT_BRIDGE_H */
