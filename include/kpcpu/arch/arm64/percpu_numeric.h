/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64: the this_cpu_* integer operations in the kernel's own forms
 * (arch/arm64/include/asm/percpu.h, cmpxchg.h, atomic_ll_sc.h,
 * atomic_lse.h). There is no per-CPU addressing mode, so each operation
 * disables preemption (the _notrace pair), finds this CPU's copy from the
 * per-CPU offset, and changes it with one instruction an interrupt on this
 * CPU cannot tear: an LSE atomic (stadd, stclr, stset, ldadd, swp, cas)
 * where the CPUs have them, else a load/store-exclusive loop - chosen at
 * boot by the kernel's alternatives patching (kpcpu/arch/arm64/
 * alternative.h). read and write are single loads and stores. cmpxchg
 * picks LSE or the loop with a patched branch (the kernel's
 * alternative_has_feature_likely()), as the kernel's does.
 *
 * Each function comes in two flavours, like the kernel's this_cpu_* and
 * raw_cpu_*: Volatile=true is safe with preemption enabled; Volatile=false
 * is for callers that hold a guard: plain C on this CPU's copy (the
 * kernel's generic raw_cpu_* on arm64), which the compiler may combine.
 * Precondition for all: @var is a per-CPU address.
 *
 *	KPCPU_DEFINE_PER_CPU(long, arm64_counter, 0);
 *
 *	void arm64_add_five()
 *	{
 *		long &counter = *arm64_counter.ptr().percpu_address();
 *		kpcpu::arch::arm64::numeric::add<true>(counter, 5l, 0);	// stadd, or ldxr/add/stxr
 *	}
 */
#ifndef KPCPU_ARCH_ARM64_PERCPU_NUMERIC_H
#define KPCPU_ARCH_ARM64_PERCPU_NUMERIC_H

#include <kpcpu/arch/arm64/alternative.h>
#include <kpcpu/arch/arm64/percpu_ops.h>
#include <kpcpu/arch/arm64/preempt.h>
#include <kpcpu/type_traits.h>
#include <kpcpu/types.h>

namespace kpcpu::arch::arm64::numeric {

/* The unsigned integer of T's width: what the kernel's __percpu_*_case_N
 * operate on. */
template <unsigned long Size> struct UnsignedOf;
template <> struct UnsignedOf<1> { using type = u8; };
template <> struct UnsignedOf<2> { using type = u16; };
template <> struct UnsignedOf<4> { using type = u32; };
template <> struct UnsignedOf<8> { using type = u64; };
template <typename T> using unsigned_of = typename UnsignedOf<sizeof(T)>::type;

template <typename T>
inline constexpr bool is_percpu_width = sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8;

#define KPCPU_ARM64_CHECK_WIDTH(T) \
	static_assert(is_integral_v<T> && is_percpu_width<T>, "arm64 per-CPU ops take 1, 2, 4 or 8-byte integers")

/*
 * The atomic cases, one overload per width (b/h suffix, w or x registers),
 * each a copy of the kernel's. Precondition: @ptr is this CPU's copy and
 * the caller cannot migrate.
 */
#define KPCPU_ARM64_OP_CASE(w, sfx, U, name, op_llsc, op_lse)                                      \
	[[gnu::always_inline]] inline void name##_case(U *ptr, U val)                              \
	{                                                                                          \
		unsigned int loop;                                                                 \
		U tmp;                                                                             \
                                                                                                   \
		asm volatile(KPCPU_ARM64_ALTERNATIVE(                                              \
				     "1:	ldxr" #sfx "\t%" #w "[tmp], %[ptr]\n\t" #op_llsc            \
				     "\t%" #w "[tmp], %" #w "[tmp], %" #w "[val]\n\t"                \
				     "stxr" #sfx "\t%w[loop], %" #w "[tmp], %[ptr]\n\t"              \
				     "cbnz	%w[loop], 1b",                                         \
				     KPCPU_ARM64_LSE_PREAMBLE #op_lse "\t%" #w "[val], %[ptr]\n\t"   \
								  "nop\n\tnop\n\tnop",                 \
				     KPCPU_FACT_ARM64_HAS_LSE_ATOMICS)                               \
			     : [loop] "=&r"(loop), [tmp] "=&r"(tmp), [ptr] "+Q"(*ptr)                \
			     : [val] "r"(val));                                                      \
	}

#define KPCPU_ARM64_RET_OP_CASE(w, sfx, U, name, op_llsc, op_lse)                                  \
	[[gnu::always_inline]] inline U name##_return_case(U *ptr, U val)                          \
	{                                                                                          \
		unsigned int loop;                                                                 \
		U ret;                                                                             \
                                                                                                   \
		asm volatile(KPCPU_ARM64_ALTERNATIVE(                                              \
				     "1:	ldxr" #sfx "\t%" #w "[ret], %[ptr]\n\t" #op_llsc            \
				     "\t%" #w "[ret], %" #w "[ret], %" #w "[val]\n\t"                \
				     "stxr" #sfx "\t%w[loop], %" #w "[ret], %[ptr]\n\t"              \
				     "cbnz	%w[loop], 1b",                                         \
				     KPCPU_ARM64_LSE_PREAMBLE #op_lse "\t%" #w "[val], %" #w         \
								      "[ret], %[ptr]\n\t" #op_llsc     \
								      "\t%" #w "[ret], %" #w           \
								      "[ret], %" #w "[val]\n\t"        \
								      "nop\n\tnop",                    \
				     KPCPU_FACT_ARM64_HAS_LSE_ATOMICS)                               \
			     : [loop] "=&r"(loop), [ret] "=&r"(ret), [ptr] "+Q"(*ptr)                \
			     : [val] "r"(val));                                                      \
		return ret;                                                                        \
	}

/* xchg_relaxed(): swp, or prefetch-for-store and an exclusive loop. */
#define KPCPU_ARM64_XCHG_CASE(w, sfx, U)                                                           \
	[[gnu::always_inline]] inline U xchg_case(U *ptr, U val)                                   \
	{                                                                                          \
		U ret;                                                                             \
		unsigned long tmp;                                                                 \
                                                                                                   \
		asm volatile(KPCPU_ARM64_ALTERNATIVE("prfm	pstl1strm, %2\n"                   \
						     "1:	ldxr" #sfx "\t%" #w "0, %2\n\t"     \
						     "stxr" #sfx "\t%w1, %" #w "3, %2\n\t"   \
						     "cbnz	%w1, 1b\n\t",                  \
						     KPCPU_ARM64_LSE_PREAMBLE "swp" #sfx     \
									      "\t%" #w "3, %" #w "0, %2\n\t" \
									      "nop\n\tnop\n\tnop\n\t", \
						     KPCPU_FACT_ARM64_HAS_LSE_ATOMICS)       \
			     : "=&r"(ret), "=&r"(tmp), "+Q"(*ptr)                                    \
			     : "r"(val));                                                            \
		return ret;                                                                        \
	}

/*
 * cmpxchg_relaxed(): cas, or an exclusive loop that stops at the first
 * mismatch. "Lr" lets a 64-bit constant @old be an eor immediate, as the
 * kernel's; the narrower cases take "r" unless the compiler's K constraint
 * works (CONFIG_CC_HAS_K_CONSTRAINT), as the kernel's.
 */
#ifdef CONFIG_CC_HAS_K_CONSTRAINT
#define KPCPU_ARM64_K "Kr"
#else
#define KPCPU_ARM64_K "r"
#endif
#define KPCPU_ARM64_CMPXCHG_CASE(w, sfx, U, old_constraint)                                        \
	[[gnu::always_inline]] inline U cmpxchg_llsc_case(U *ptr, unsigned long old, U val)        \
	{                                                                                          \
		unsigned long tmp;                                                                 \
		U oldval;                                                                          \
                                                                                                   \
		if (sizeof(U) < 4)                                                                 \
			old = static_cast<U>(old);                                                 \
		asm volatile("	prfm	pstl1strm, %[v]\n"                                         \
			     "1:	ld" "xr" #sfx "\t%" #w "[oldval], %[v]\n"                   \
			     "	eor	%" #w "[tmp], %" #w "[oldval], %" #w "[old]\n"               \
			     "	cbnz	%" #w "[tmp], 2f\n"                                          \
			     "	st" "xr" #sfx "\t%w[tmp], %" #w "[val], %[v]\n"                     \
			     "	cbnz	%w[tmp], 1b\n"                                               \
			     "2:"                                                                  \
			     : [tmp] "=&r"(tmp), [oldval] "=&r"(oldval), [v] "+Q"(*ptr)              \
			     : [old] old_constraint(old), [val] "r"(val));                           \
		return oldval;                                                                     \
	}                                                                                          \
	[[gnu::always_inline]] inline U cmpxchg_lse_case(U *ptr, U old, U val)                     \
	{                                                                                          \
		register unsigned long x0 asm("x0") = reinterpret_cast<unsigned long>(ptr);        \
		register U x1 asm("x1") = old;                                                     \
		register U x2 asm("x2") = val;                                                     \
		unsigned long tmp;                                                                 \
                                                                                                   \
		asm volatile(KPCPU_ARM64_LSE_PREAMBLE "	mov	%" #w "[tmp], %" #w "[old]\n"        \
			     "	cas" #sfx "\t%" #w "[tmp], %" #w "[val], %[v]\n"                     \
			     "	mov	%" #w "[ret], %" #w "[tmp]"                                  \
			     : [ret] "+r"(x0), [v] "+Q"(*ptr), [tmp] "=&r"(tmp)                      \
			     : [old] "r"(x1), [val] "r"(x2));                                        \
		return static_cast<U>(x0);                                                         \
	}

#define KPCPU_ARM64_CASES(w, sfx, U, old_constraint)                                               \
	KPCPU_ARM64_OP_CASE(w, sfx, U, add, add, stadd)                                            \
	KPCPU_ARM64_OP_CASE(w, sfx, U, andnot, bic, stclr)                                         \
	KPCPU_ARM64_OP_CASE(w, sfx, U, or, orr, stset)                                             \
	KPCPU_ARM64_RET_OP_CASE(w, sfx, U, add, add, ldadd)                                        \
	KPCPU_ARM64_XCHG_CASE(w, sfx, U)                                                           \
	KPCPU_ARM64_CMPXCHG_CASE(w, sfx, U, old_constraint)

KPCPU_ARM64_CASES(w, b, u8, KPCPU_ARM64_K)
KPCPU_ARM64_CASES(w, h, u16, KPCPU_ARM64_K)
KPCPU_ARM64_CASES(w, , u32, KPCPU_ARM64_K)
KPCPU_ARM64_CASES(, , u64, "Lr")

#undef KPCPU_ARM64_CASES
#undef KPCPU_ARM64_CMPXCHG_CASE
#undef KPCPU_ARM64_K
#undef KPCPU_ARM64_XCHG_CASE
#undef KPCPU_ARM64_RET_OP_CASE
#undef KPCPU_ARM64_OP_CASE

/* The kernel's system_uses_lse_atomics(): a branch the boot turns into a
 * nop where the CPUs have LSE. */
[[gnu::always_inline]] inline bool cpus_have_lse_atomics()
{
	asm goto(KPCPU_ARM64_BRANCH_UNLESS_CAP("%l[no_lse]", KPCPU_FACT_ARM64_HAS_LSE_ATOMICS)
		 : : : : no_lse);
	return true;
no_lse:
	return false;
}

/*
 * _pcp_protect(): preemption off (the _notrace pair) around finding this
 * CPU's copy and @op on it. Precondition of @op: its pointer is this CPU's
 * copy and the task cannot migrate - which the pair gives it.
 */
template <typename T, typename Op>
[[gnu::always_inline]] inline auto protect(const T &var, Op op)
{
	preempt_disable_notrace();
	auto ret = op(reinterpret_cast<unsigned_of<T> *>(this_cpu_copy(var)));
	preempt_enable_notrace();
	return ret;
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline T read(const T &var)
{
	KPCPU_ARM64_CHECK_WIDTH(T);
	if constexpr (!Volatile)
		return *this_cpu_copy(var);
	return static_cast<T>(protect(var, [](unsigned_of<T> *p) { return *static_cast<volatile unsigned_of<T> *>(p); }));
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline void write(T &var, T val)
{
	KPCPU_ARM64_CHECK_WIDTH(T);
	if constexpr (!Volatile) {
		*this_cpu_copy(var) = val;
		return;
	}
	protect(var, [val](unsigned_of<T> *p) {
		*static_cast<volatile unsigned_of<T> *>(p) = static_cast<unsigned_of<T>>(val);
		return 0;
	});
}

/* var += val (@constant_one only matters on x86_64: inc/dec). */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline void add(T &var, T val, int)
{
	KPCPU_ARM64_CHECK_WIDTH(T);
	if constexpr (!Volatile) {
		*this_cpu_copy(var) += val;
		return;
	}
	protect(var, [val](unsigned_of<T> *p) {
		add_case(p, static_cast<unsigned_of<T>>(val));
		return 0;
	});
}

/* var -= val: the kernel adds the negation. */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline void sub(T &var, T val, int)
{
	KPCPU_ARM64_CHECK_WIDTH(T);
	if constexpr (!Volatile) {
		*this_cpu_copy(var) -= val;
		return;
	}
	add<true>(var, static_cast<T>(-val), 0);
}

/* var &= val: the kernel clears the complement's bits (bic, stclr). */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline void bit_and(T &var, T val)
{
	KPCPU_ARM64_CHECK_WIDTH(T);
	if constexpr (!Volatile) {
		*this_cpu_copy(var) &= val;
		return;
	}
	protect(var, [val](unsigned_of<T> *p) {
		andnot_case(p, static_cast<unsigned_of<T>>(~static_cast<unsigned_of<T>>(val)));
		return 0;
	});
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline void bit_or(T &var, T val)
{
	KPCPU_ARM64_CHECK_WIDTH(T);
	if constexpr (!Volatile) {
		*this_cpu_copy(var) |= val;
		return;
	}
	protect(var, [val](unsigned_of<T> *p) {
		or_case(p, static_cast<unsigned_of<T>>(val));
		return 0;
	});
}

/* var += val; returns the new value. */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline T add_return(T &var, T val)
{
	KPCPU_ARM64_CHECK_WIDTH(T);
	if constexpr (!Volatile) {
		*this_cpu_copy(var) += val;
		return *this_cpu_copy(var);
	}
	return static_cast<T>(protect(var, [val](unsigned_of<T> *p) {
		return add_return_case(p, static_cast<unsigned_of<T>>(val));
	}));
}

/* var -= val; returns the new value: add_return of the negation. */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline T sub_return(T &var, T val)
{
	KPCPU_ARM64_CHECK_WIDTH(T);
	if constexpr (!Volatile) {
		*this_cpu_copy(var) -= val;
		return *this_cpu_copy(var);
	}
	return add_return<true>(var, static_cast<T>(-val));
}

/* var = val; returns the old value. */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline T xchg(T &var, T val)
{
	KPCPU_ARM64_CHECK_WIDTH(T);
	if constexpr (!Volatile) {
		T old = *this_cpu_copy(var);

		*this_cpu_copy(var) = val;
		return old;
	}
	return static_cast<T>(protect(var, [val](unsigned_of<T> *p) {
		return xchg_case(p, static_cast<unsigned_of<T>>(val));
	}));
}

/* if (var == old) var = val; returns what var was. */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline T cmpxchg(T &var, T old, T val)
{
	KPCPU_ARM64_CHECK_WIDTH(T);
	if constexpr (!Volatile) {
		T seen = *this_cpu_copy(var);

		if (seen == old)
			*this_cpu_copy(var) = val;
		return seen;
	}
	return static_cast<T>(protect(var, [old, val](unsigned_of<T> *p) {
		using U = unsigned_of<T>;

		if (cpus_have_lse_atomics())
			return cmpxchg_lse_case(p, static_cast<U>(old), static_cast<U>(val));
		return cmpxchg_llsc_case(p, static_cast<U>(old), static_cast<U>(val));
	}));
}

#undef KPCPU_ARM64_CHECK_WIDTH

} // namespace kpcpu::arch::arm64::numeric

#endif /* KPCPU_ARCH_ARM64_PERCPU_NUMERIC_H */
