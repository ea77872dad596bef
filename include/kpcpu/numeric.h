/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::PerCpuNumeric<T> - the kernel's this_cpu_* integer operations on a
 * kpcpu per-CPU variable, from var.num().
 *
 * Every operation is safe with preemption and interrupts enabled on its
 * own, as this_cpu_* are: on x86_64 each is one %gs-relative instruction
 * (kpcpu/arch/x86_64/percpu_numeric.h); on the generic path each runs with
 * interrupts off (kpcpu/arch/generic/percpu_numeric.h, selected by
 * KPCPU_GENERIC_PERCPU). Passing the guard you already hold selects the raw
 * flavour (the kernel's __this_cpu_*), which the compiler may combine.
 *
 *	KPCPU_DEFINE_PER_CPU(u64, packets, 0);
 *	packets.num().inc();				// incq %gs:packets
 *	packets.num().add(len);
 *	u64 now = packets.num().add_return(1);
 *	u64 was = packets.num().xchg(0);
 *	if (packets.num().cmpxchg(was, was + 1) == was) ...
 *	{
 *		kpcpu::CpuGuard guard;
 *		packets.num().add(2, guard);		// __this_cpu_add
 *	}
 *
 * Values convert to T exactly as the kernel's macros convert them, integer
 * promotions included: adding an unsigned int -1 to a long adds 4294967295.
 * A constant +1/-1 becomes inc/dec, as in C; sub(v) is one memory-
 * destination sub on x86_64 where the kernel negates and adds (the same
 * arithmetic, one instruction less).
 */
#ifndef KPCPU_NUMERIC_H
#define KPCPU_NUMERIC_H

#include <kpcpu/cpu_guard.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/type_traits.h>
#include <kpcpu/types.h>

#ifdef KPCPU_GENERIC_PERCPU
#include <kpcpu/arch/generic/percpu_numeric.h>
#else
#include <kpcpu/arch/x86_64/percpu_numeric.h>
#endif

namespace kpcpu {

namespace detail {
#ifdef KPCPU_GENERIC_PERCPU
namespace numeric_ops = arch::generic_numeric;
inline constexpr bool generic_percpu = true;
#else
namespace numeric_ops = arch::numeric;
inline constexpr bool generic_percpu = false;
#endif

/* +1 or -1 when @val is that compile-time constant, else 0 (inc/dec). */
#define KPCPU_CONSTANT_ONE(val) \
	(__builtin_constant_p(val) && ((val) == 1 || (val) == -1) ? (int)(val) : 0)
} // namespace detail

template <typename T>
class PerCpuNumeric {
	static_assert(is_integral_v<T> && !is_same_v<remove_cv_t<T>, bool>,
		      "num() is for integer per-CPU variables (8, 16, 32 or 64 bits)");

public:
	/* Whether this build uses the generic (interrupts-off) path. */
	static constexpr bool generic_path = detail::generic_percpu;

	/* @percpu_address: a per-CPU T. */
	constexpr explicit PerCpuNumeric(T *percpu_address) : var_(percpu_address) {}

	[[gnu::always_inline]] T read() const { return detail::numeric_ops::read<true>(*var_); }
	[[gnu::always_inline]] void write(T val) const { detail::numeric_ops::write<true>(*var_, val); }

	template <typename U>
	[[gnu::always_inline]] void add(U val) const
	{
		detail::numeric_ops::add<true>(*var_, static_cast<T>(val), KPCPU_CONSTANT_ONE(val));
	}
	template <typename U>
	[[gnu::always_inline]] void sub(U val) const
	{
		detail::numeric_ops::sub<true>(*var_, static_cast<T>(val), KPCPU_CONSTANT_ONE(val));
	}
	[[gnu::always_inline]] void inc() const { add(1); }
	[[gnu::always_inline]] void dec() const { sub(1); }
	template <typename U>
	[[gnu::always_inline]] void bit_and(U val) const
	{
		detail::numeric_ops::bit_and<true>(*var_, static_cast<T>(val));
	}
	template <typename U>
	[[gnu::always_inline]] void bit_or(U val) const
	{
		detail::numeric_ops::bit_or<true>(*var_, static_cast<T>(val));
	}
	template <typename U>
	[[gnu::always_inline]] T add_return(U val) const
	{
		return detail::numeric_ops::add_return<true>(*var_, static_cast<T>(val));
	}
	template <typename U>
	[[gnu::always_inline]] T sub_return(U val) const
	{
		return detail::numeric_ops::sub_return<true>(*var_, static_cast<T>(val));
	}
	template <typename U>
	[[gnu::always_inline]] T xchg(U val) const
	{
		return detail::numeric_ops::xchg<true>(*var_, static_cast<T>(val));
	}
	template <typename U, typename V>
	[[gnu::always_inline]] T cmpxchg(U old, V val) const
	{
		return detail::numeric_ops::cmpxchg<true>(*var_, static_cast<T>(old), static_cast<T>(val));
	}

	/* The raw flavour: the caller's guard already keeps it on this CPU. */
	[[gnu::always_inline]] T read(const CpuGuard &) const { return detail::numeric_ops::read<false>(*var_); }
	[[gnu::always_inline]] void write(T val, const CpuGuard &) const
	{
		detail::numeric_ops::write<false>(*var_, val);
	}
	template <typename U>
	[[gnu::always_inline]] void add(U val, const CpuGuard &) const
	{
		detail::numeric_ops::add<false>(*var_, static_cast<T>(val), KPCPU_CONSTANT_ONE(val));
	}
	template <typename U>
	[[gnu::always_inline]] void sub(U val, const CpuGuard &) const
	{
		detail::numeric_ops::sub<false>(*var_, static_cast<T>(val), KPCPU_CONSTANT_ONE(val));
	}
	[[gnu::always_inline]] void inc(const CpuGuard &guard) const { add(1, guard); }
	[[gnu::always_inline]] void dec(const CpuGuard &guard) const { sub(1, guard); }
	template <typename U>
	[[gnu::always_inline]] void bit_and(U val, const CpuGuard &) const
	{
		detail::numeric_ops::bit_and<false>(*var_, static_cast<T>(val));
	}
	template <typename U>
	[[gnu::always_inline]] void bit_or(U val, const CpuGuard &) const
	{
		detail::numeric_ops::bit_or<false>(*var_, static_cast<T>(val));
	}
	template <typename U>
	[[gnu::always_inline]] T add_return(U val, const CpuGuard &) const
	{
		return detail::numeric_ops::add_return<false>(*var_, static_cast<T>(val));
	}
	template <typename U>
	[[gnu::always_inline]] T sub_return(U val, const CpuGuard &) const
	{
		return detail::numeric_ops::sub_return<false>(*var_, static_cast<T>(val));
	}
	template <typename U>
	[[gnu::always_inline]] T xchg(U val, const CpuGuard &) const
	{
		return detail::numeric_ops::xchg<false>(*var_, static_cast<T>(val));
	}
	template <typename U, typename V>
	[[gnu::always_inline]] T cmpxchg(U old, V val, const CpuGuard &) const
	{
		return detail::numeric_ops::cmpxchg<false>(*var_, static_cast<T>(old), static_cast<T>(val));
	}

private:
	T *var_;
};

/*
 * Two adjacent 64-bit words, 16-byte aligned: the operand of the double
 * cmpxchg (this_cpu_cmpxchg_double).
 */
struct alignas(16) DoubleWord {
	u64 first;
	u64 second;
	using kpcpu_zeroable = void;
};

/*
 * num() of a DoubleWord variable: both words replaced together if both
 * match, safe against preemption and interrupts on this CPU. One call into
 * the C glue: Linux 6.1 does not export the cmpxchg16b emulation its own
 * inline this_cpu_cmpxchg_double() falls back to, so modules cannot use
 * that macro at all.
 *
 *	if (pair.num().cmpxchg_double({1, 2}, {3, 4})) ...
 */
class PerCpuDoubleNumeric {
public:
	constexpr explicit PerCpuDoubleNumeric(DoubleWord *percpu_address) : var_(percpu_address) {}

	bool cmpxchg_double(DoubleWord old, DoubleWord val) const
	{
		return kpcpu_this_cpu_cmpxchg_double(var_, old.first, old.second, val.first, val.second);
	}

private:
	DoubleWord *var_;
};

namespace detail {
template <typename T>
auto make_numeric(T *percpu_address)
{
	if constexpr (is_same_v<remove_cv_t<T>, DoubleWord>)
		return PerCpuDoubleNumeric(percpu_address);
	else
		return PerCpuNumeric<T>(percpu_address);
}
} // namespace detail

} // namespace kpcpu

#endif /* KPCPU_NUMERIC_H */
