/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::PerCpuNumeric<T> - the kernel's this_cpu_* integer operations on a
 * kpcpu per-CPU variable, from var.num().
 *
 * Every operation is safe with preemption and interrupts enabled on its
 * own, as this_cpu_* are: on x86_64 each is one %gs-relative instruction
 * (kpcpu/arch/x86/percpu_numeric.h); on arm64 one atomic instruction or
 * exclusive loop on this CPU's copy with preemption off around it
 * (kpcpu/arch/arm64/percpu_numeric.h); on the generic path each runs with
 * interrupts off (kpcpu/arch/generic/percpu_numeric.h, selected by
 * KPCPU_GENERIC_PERCPU). Passing the guard you already hold selects the raw
 * flavour (the kernel's raw_cpu_* / __this_cpu_*), which the compiler may
 * combine.
 *
 *	KPCPU_DEFINE_PER_CPU(kpcpu::u64, packets, 0);
 *
 *	kpcpu::u64 numeric_example(unsigned int len)
 *	{
 *		packets.num().inc();			// incq %gs:packets
 *		packets.num().add(len);
 *		kpcpu::u64 now = packets.num().add_return(1);
 *		kpcpu::u64 was = packets.num().xchg(0);
 *		if (packets.num().cmpxchg(0, was) == 0)
 *			now = was;
 *		{
 *			kpcpu::CpuGuard guard;
 *			packets.num().add(2, guard);	// raw_cpu_add
 *		}
 *		return now;
 *	}
 *
 * Every operation computes var op static_cast<T>(val): the value is
 * converted to the variable's type first, integer promotions included
 * (adding an unsigned int -1 to a long adds 4294967295), on both paths,
 * whether the value is a constant or not. An add or sub becomes inc/dec
 * only when the *converted* value is 1 or -1 (or T's all-ones, which is the
 * same arithmetic). The kernel's x86 percpu_add_op() tests the value before
 * conversion, so this_cpu_sub(u64_var, 0xffffffffu) is an incq there (adds
 * 1 instead of subtracting 4294967295); kpcpu computes the arithmetic
 * result instead. sub(v) is one memory-destination sub on x86_64 where the
 * kernel negates and adds (the same arithmetic, one instruction less).
 *
 * num() of an empty DynamicPerCpu touches no memory: each operation reports
 * one "kpcpu:" line naming the caller, reads and returns 0, and changes
 * nothing (so a cmpxchg loop on it ends at once).
 */
#ifndef KPCPU_NUMERIC_H
#define KPCPU_NUMERIC_H

#include <kpcpu/arch.h>
#include <kpcpu/call_site.h>
#include <kpcpu/cpu_guard.h>
#include <kpcpu/empty_handle.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/type_traits.h>
#include <kpcpu/types.h>


namespace kpcpu {

namespace detail {
namespace numeric_ops = arch::numeric; /* the one arch.h picked */
inline constexpr bool generic_percpu = arch::generic_numeric;

/*
 * +1 or -1 when the converted value @val is a compile-time 1 or -1 (for an
 * unsigned T, its all-ones), so that add/sub can use inc/dec; else 0.
 */
template <typename T>
[[gnu::always_inline]] inline int constant_one(T val)
{
	if (!__builtin_constant_p(val))
		return 0;
	if (val == static_cast<T>(1))
		return 1;
	if (val == static_cast<T>(-1))
		return -1;
	return 0;
}

} // namespace detail

template <typename T>
class PerCpuNumeric {
	static_assert(is_integral_v<T> && !is_same_v<remove_cv_t<T>, bool>,
		      "num() is for integer per-CPU variables (8, 16, 32 or 64 bits)");

public:
	/* Whether this build uses the generic (interrupts-off) path. */
	static constexpr bool generic_path = detail::generic_percpu;

	/*
	 * @percpu_address: a per-CPU T, or nullptr (an empty handle);
	 * @site: where the module asked for num(), for the empty handle's report.
	 */
	constexpr explicit PerCpuNumeric(T *percpu_address, CallSite site = CallSite::here())
		: var_(percpu_address), site_(site)
	{
	}

	[[gnu::always_inline]] T read() const { return read_op<true>(); }
	[[gnu::always_inline]] T read(GuardRef) const { return read_op<false>(); }

	[[gnu::always_inline]] void write(T val) const { write_op<true>(val); }
	[[gnu::always_inline]] void write(T val, GuardRef) const { write_op<false>(val); }

	template <typename U>
	[[gnu::always_inline]] void add(U val) const { add_op<true>(static_cast<T>(val)); }
	template <typename U>
	[[gnu::always_inline]] void add(U val, GuardRef) const { add_op<false>(static_cast<T>(val)); }

	template <typename U>
	[[gnu::always_inline]] void sub(U val) const { sub_op<true>(static_cast<T>(val)); }
	template <typename U>
	[[gnu::always_inline]] void sub(U val, GuardRef) const { sub_op<false>(static_cast<T>(val)); }

	[[gnu::always_inline]] void inc() const { add_op<true>(static_cast<T>(1)); }
	[[gnu::always_inline]] void inc(GuardRef) const { add_op<false>(static_cast<T>(1)); }
	[[gnu::always_inline]] void dec() const { sub_op<true>(static_cast<T>(1)); }
	[[gnu::always_inline]] void dec(GuardRef) const { sub_op<false>(static_cast<T>(1)); }

	template <typename U>
	[[gnu::always_inline]] void bit_and(U val) const { and_op<true>(static_cast<T>(val)); }
	template <typename U>
	[[gnu::always_inline]] void bit_and(U val, GuardRef) const { and_op<false>(static_cast<T>(val)); }

	template <typename U>
	[[gnu::always_inline]] void bit_or(U val) const { or_op<true>(static_cast<T>(val)); }
	template <typename U>
	[[gnu::always_inline]] void bit_or(U val, GuardRef) const { or_op<false>(static_cast<T>(val)); }

	/* var += val; returns the new value. */
	template <typename U>
	[[gnu::always_inline]] T add_return(U val) const { return add_return_op<true>(static_cast<T>(val)); }
	template <typename U>
	[[gnu::always_inline]] T add_return(U val, GuardRef) const
	{
		return add_return_op<false>(static_cast<T>(val));
	}

	/* var -= val; returns the new value. */
	template <typename U>
	[[gnu::always_inline]] T sub_return(U val) const { return sub_return_op<true>(static_cast<T>(val)); }
	template <typename U>
	[[gnu::always_inline]] T sub_return(U val, GuardRef) const
	{
		return sub_return_op<false>(static_cast<T>(val));
	}

	/* var = val; returns the old value. */
	template <typename U>
	[[gnu::always_inline]] T xchg(U val) const { return xchg_op<true>(static_cast<T>(val)); }
	template <typename U>
	[[gnu::always_inline]] T xchg(U val, GuardRef) const { return xchg_op<false>(static_cast<T>(val)); }

	/* if (var == old) var = val; returns what var was. */
	template <typename U, typename V>
	[[gnu::always_inline]] T cmpxchg(U old, V val) const
	{
		return cmpxchg_op<true>(static_cast<T>(old), static_cast<T>(val));
	}
	template <typename U, typename V>
	[[gnu::always_inline]] T cmpxchg(U old, V val, GuardRef) const
	{
		return cmpxchg_op<false>(static_cast<T>(old), static_cast<T>(val));
	}

private:
	/*
	 * Each takes the value already converted to T, so that the inc/dec
	 * choice and the arithmetic see the same number.
	 */
	template <bool Volatile>
	[[gnu::always_inline]] T read_op() const
	{
		if (detail::is_empty_handle(var_, site_))
			return T{};
		return detail::numeric_ops::read<Volatile>(*var_);
	}
	template <bool Volatile>
	[[gnu::always_inline]] void write_op(T val) const
	{
		if (!detail::is_empty_handle(var_, site_))
			detail::numeric_ops::write<Volatile>(*var_, val);
	}
	template <bool Volatile>
	[[gnu::always_inline]] void add_op(T val) const
	{
		if (!detail::is_empty_handle(var_, site_))
			detail::numeric_ops::add<Volatile>(*var_, val, detail::constant_one(val));
	}
	template <bool Volatile>
	[[gnu::always_inline]] void sub_op(T val) const
	{
		if (!detail::is_empty_handle(var_, site_))
			detail::numeric_ops::sub<Volatile>(*var_, val, detail::constant_one(val));
	}
	template <bool Volatile>
	[[gnu::always_inline]] void and_op(T val) const
	{
		if (!detail::is_empty_handle(var_, site_))
			detail::numeric_ops::bit_and<Volatile>(*var_, val);
	}
	template <bool Volatile>
	[[gnu::always_inline]] void or_op(T val) const
	{
		if (!detail::is_empty_handle(var_, site_))
			detail::numeric_ops::bit_or<Volatile>(*var_, val);
	}
	template <bool Volatile>
	[[gnu::always_inline]] T add_return_op(T val) const
	{
		if (detail::is_empty_handle(var_, site_))
			return T{};
		return detail::numeric_ops::add_return<Volatile>(*var_, val);
	}
	template <bool Volatile>
	[[gnu::always_inline]] T sub_return_op(T val) const
	{
		if (detail::is_empty_handle(var_, site_))
			return T{};
		return detail::numeric_ops::sub_return<Volatile>(*var_, val);
	}
	template <bool Volatile>
	[[gnu::always_inline]] T xchg_op(T val) const
	{
		if (detail::is_empty_handle(var_, site_))
			return T{};
		return detail::numeric_ops::xchg<Volatile>(*var_, val);
	}
	template <bool Volatile>
	[[gnu::always_inline]] T cmpxchg_op(T old, T val) const
	{
		if (detail::is_empty_handle(var_, site_))
			return T{}; /* it "was" 0, as read() says: a cmpxchg loop ends */
		return detail::numeric_ops::cmpxchg<Volatile>(*var_, old, val);
	}

	T *var_;
	CallSite site_;
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
 *	KPCPU_DEFINE_PER_CPU(kpcpu::DoubleWord, pair, kpcpu::DoubleWord{1, 2});
 *
 *	bool replace_pair()
 *	{
 *		return pair.num().cmpxchg_double({1, 2}, {3, 4});
 *	}
 */
class PerCpuDoubleNumeric {
public:
	constexpr explicit PerCpuDoubleNumeric(DoubleWord *percpu_address,
					       CallSite site = CallSite::here())
		: var_(percpu_address), site_(site)
	{
	}

	bool cmpxchg_double(DoubleWord old, DoubleWord val) const
	{
		if (detail::is_empty_handle(var_, site_))
			return false;
		return kpcpu_this_cpu_cmpxchg_double(var_, old.first, old.second, val.first, val.second);
	}

private:
	DoubleWord *var_;
	CallSite site_;
};

namespace detail {
template <typename T>
auto make_numeric(T *percpu_address, CallSite site)
{
	if constexpr (is_same_v<remove_cv_t<T>, DoubleWord>)
		return PerCpuDoubleNumeric(percpu_address, site);
	else
		return PerCpuNumeric<T>(percpu_address, site);
}
} // namespace detail

} // namespace kpcpu

#endif /* KPCPU_NUMERIC_H */
