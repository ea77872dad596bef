/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit expectations for C++ test bodies, and the test-only helpers they use.
 *
 * Test builds only: this directory (kunit/include/) is on the include path
 * of KPCPU_TESTS=y builds (Kbuild), never on a user module's.
 *
 * KUnit suites are registered in C (kunit_test_suite() is a macro over
 * kernel structures); each case calls an extern "C" C++ body that receives
 * the struct kunit pointer and checks values with these macros. A failed
 * expectation is reported by KUnit itself (kunit/kunit_bridge.c calls
 * kunit_do_failed_assertion) with the C++ file and line, both expressions
 * and both values:
 *
 *	extern "C" void kpcpu_test_sum(struct kunit *test)
 *	{
 *		int a = 2, b = 3;
 *		KPCPU_EXPECT_EQ(test, a + b, 5);
 *		KPCPU_EXPECT_TRUE(test, a < b);
 *	}
 *
 * and is registered by its name in the suite's case list (kunit/foo_test.h;
 * C, so indented with spaces here), which gives its C prototype and its
 * entry in the suite's kunit_case array (kunit/suite.h):
 *
 *   #define KPCPU_FOO_TEST_CASES(X) X(sum)
 *
 * There are expectations only, no assertions: a KUnit assertion ends the
 * test thread without unwinding, which would skip C++ destructors (and so
 * leave preemption disabled or memory allocated). Each macro returns
 * whether it held, so a body that cannot go on returns early instead:
 *
 *	extern "C" void kpcpu_test_alloc(struct kunit *test)
 *	{
 *		long *p = new (kpcpu::gfp::kernel) long(7);
 *		if (!KPCPU_EXPECT_TRUE(test, p != nullptr))
 *			return;
 *		KPCPU_EXPECT_EQ(test, *p, 7);
 *		delete p;
 *	}
 *
 * A case whose subject does not exist on the kernel at hand says so and
 * returns, counted as skipped:
 *
 *	extern "C" void kpcpu_test_debug_only(struct kunit *test)
 *	{
 *		if constexpr (!kpcpu::config::debug_checks)
 *			return kpcpu_kunit_skip(test, "debug checks are off on this kernel");
 *		KPCPU_EXPECT_TRUE(test, kpcpu::config::debug_checks);
 *	}
 */
#ifndef KPCPU_KUNIT_H
#define KPCPU_KUNIT_H

#include <kpcpu/arch.h>
#include <kpcpu/type_traits.h>
#include <kpcpu/types.h>
#include <kpcpu_kunit_bridge.h>

namespace kpcpu::kunit_bridge {

/* Why a case about the debug checks is skipped on a kernel without them. */
inline constexpr const char *debug_checks_off =
	"debug checks are off on this kernel (neither DEBUG_PREEMPT nor KPCPU_DEBUG): nested and "
	"overlapping loans are not detected, by design (kpcpu/debug.h)";

template <typename T>
inline constexpr bool is_reportable =
	is_integral_v<T> || is_enum_v<T> || is_pointer_v<T> || is_same_v<T, nullptr_t>;

template <typename T>
constexpr unsigned long long to_bits(T v)
{
	if constexpr (is_pointer_v<T> || is_same_v<T, nullptr_t>)
		return (unsigned long long)(uintptr_t)v;
	else
		return (unsigned long long)v;
}

template <typename T>
constexpr bool is_signed_value()
{
	if constexpr (is_enum_v<T>)
		return is_signed_v<__underlying_type(T)>;
	else
		return is_signed_v<T>;
}

template <typename L, typename R, typename Cmp>
bool expect_compare(struct kunit *test, const char *file, int line, const char *left_expr,
		    const char *op, const char *right_expr, const L &left, const R &right, Cmp cmp)
{
	static_assert(is_reportable<L> && is_reportable<R>,
		      "KPCPU_EXPECT_* compares integers, enums and pointers; compare the "
		      "members of a class type instead");
	if (cmp(left, right))
		return true;
	kpcpu_kunit_fail_compare(test, file, line, left_expr, op, right_expr, to_bits(left),
				 to_bits(right), is_signed_value<L>() || is_signed_value<R>());
	return false;
}

/*
 * preempt_count() without the NEED_RESCHED bit, read afresh at each call
 * (the barrier keeps the compiler from reusing an earlier reading).
 */
inline unsigned int preempt_count_raw()
{
	arch::compiler_barrier();
	return arch::preempt_count_read_masked();
}

/*
 * Shared variables between a task and an interrupt, or between CPUs, in the
 * suites' own bookkeeping: single relaxed accesses (never torn, never
 * cached in a register); the ordering each test needs it makes explicitly.
 */
template <typename T>
T load(const T &v)
{
	return __atomic_load_n(&v, __ATOMIC_RELAXED);
}

template <typename T>
void store(T &v, T value)
{
	__atomic_store_n(&v, value, __ATOMIC_RELAXED);
}

/*
 * @v, opaque to the optimizer: a value in a register, not an immediate, so
 * a test reaches the code path a run-time value takes (constants fold).
 */
template <typename T>
T opaque(T v)
{
	asm volatile("" : "+r"(v));
	return v;
}

} // namespace kpcpu::kunit_bridge

#define KPCPU_EXPECT_CMP_(test, left, op, right)                                            \
	::kpcpu::kunit_bridge::expect_compare(test, __FILE__, __LINE__, #left, #op, #right, \
					      (left), (right),                              \
					      [](const auto &l_, const auto &r_) { return l_ op r_; })

#define KPCPU_EXPECT_EQ(test, left, right) KPCPU_EXPECT_CMP_(test, left, ==, right)
#define KPCPU_EXPECT_NE(test, left, right) KPCPU_EXPECT_CMP_(test, left, !=, right)
#define KPCPU_EXPECT_LT(test, left, right) KPCPU_EXPECT_CMP_(test, left, <, right)
#define KPCPU_EXPECT_LE(test, left, right) KPCPU_EXPECT_CMP_(test, left, <=, right)
#define KPCPU_EXPECT_GT(test, left, right) KPCPU_EXPECT_CMP_(test, left, >, right)
#define KPCPU_EXPECT_GE(test, left, right) KPCPU_EXPECT_CMP_(test, left, >=, right)

#define KPCPU_EXPECT_BOOL_(test, cond, expected)                                            \
	([&](bool held_) {                                                                  \
		if (held_ != (expected))                                                    \
			kpcpu_kunit_fail_true(test, __FILE__, __LINE__, #cond, (expected)); \
		return held_ == (expected);                                                 \
	}(static_cast<bool>(cond)))

#define KPCPU_EXPECT_TRUE(test, cond) KPCPU_EXPECT_BOOL_(test, cond, true)
#define KPCPU_EXPECT_FALSE(test, cond) KPCPU_EXPECT_BOOL_(test, cond, false)

#endif /* KPCPU_KUNIT_H */
