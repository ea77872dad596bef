/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Each KUnit case is named once: a suite's header lists its cases in one
 * X-macro, which gives both the C prototypes of the C++ bodies (in the
 * header) and the suite's kunit_case array (in its C file):
 *
 *   #define KPCPU_FOO_TEST_CASES(X) X(first_case) X(second_case)
 *   KPCPU_FOO_TEST_CASES(KPCPU_TEST_PROTOTYPE)
 *
 *   static struct kunit_case kpcpu_foo_cases[] = {
 *           KPCPU_FOO_TEST_CASES(KPCPU_TEST_CASE)
 *           {}
 *   };
 *
 * and the C++ file defines extern "C" void kpcpu_test_first_case(struct
 * kunit *test). The function's name is the case's name in the KUnit output.
 * KPCPU_TEST_CASE needs <kunit/test.h>, included by the suite's C file only.
 */
#ifndef KPCPU_KUNIT_SUITE_H
#define KPCPU_KUNIT_SUITE_H

#if !defined(__cplusplus) && !defined(KUNIT_CASE)
#error "include <kunit/test.h> before a suite's header"
#endif

struct kunit;

/* kpcpu_test_<name>: the suites' cases. */
#define KPCPU_TEST_PROTOTYPE(name) void kpcpu_test_##name(struct kunit *test);
#define KPCPU_TEST_CASE(name) KUNIT_CASE(kpcpu_test_##name),

/*
 * A case that runs for seconds: marked slow where KUnit has the attribute
 * (6.6 and later), which otherwise notes "Test should be marked slow" in
 * the case's log.
 */
#ifdef KUNIT_CASE_SLOW
#define KPCPU_TEST_CASE_SLOW(name) KUNIT_CASE_SLOW(kpcpu_test_##name),
#else
#define KPCPU_TEST_CASE_SLOW(name) KPCPU_TEST_CASE(name)
#endif

/* kpcpu_selftest_<name>: the runner self-tests' cases. */
#define KPCPU_SELFTEST_PROTOTYPE(name) void kpcpu_selftest_##name(struct kunit *test);
#define KPCPU_SELFTEST_CASE(name) KUNIT_CASE(kpcpu_selftest_##name),

#endif /* KPCPU_KUNIT_SUITE_H */
