/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tokens: this CPU's copy of a kpcpu per-CPU variable, lent to a callable.
 *
 * PerCpuToken<T> (from var.get(guard)) lends the copy exclusively:
 * with(f) calls f(T&) and returns what f returns. f must not return a
 * reference (it would outlive the loan; the compiler rejects it). Exclusive
 * means no other reference to this CPU's copy exists while f runs; with
 * debug checks on (kpcpu/debug.h) a second with() on the same variable on
 * the same CPU during the first - nested, or from an interrupt - is caught:
 * it is reported, f does not run, and with() returns a value-initialized
 * result, instead of handing out an aliasing reference.
 *
 *	kpcpu::CpuGuard guard;
 *	long now = counter.get(guard).with([](long &v) { return ++v; });
 *
 * CheckedPerCpuToken<T> (from var.get_checked(guard)) lends the copy shared,
 * as const T&, so any number may be live at once; it exists only for types
 * that are interior-mutable (kpcpu::Cell, kpcpu::RefCell, or opted in),
 * whose const operations are safe under such sharing.
 *
 *	kpcpu::CpuGuard guard;
 *	hits.get_checked(guard).with([](const kpcpu::Cell<u64> &c) { c.set(c.get() + 1); });
 *
 * A token borrows the guard it was made with and must not outlive it.
 */
#ifndef KPCPU_TOKEN_H
#define KPCPU_TOKEN_H

#include <kpcpu/cell.h>
#include <kpcpu/cpu_guard.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/slot.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

template <typename T>
class PerCpuToken {
public:
	/* Precondition: @this_cpu_slot is this CPU's slot, and @guard keeps it so. */
	[[gnu::always_inline]] PerCpuToken(Slot<T> *this_cpu_slot, const CpuGuard &guard)
		: slot_(this_cpu_slot), guard_(guard)
	{
	}
	PerCpuToken(const PerCpuToken &) = delete;
	PerCpuToken &operator=(const PerCpuToken &) = delete;

	template <typename F>
	[[gnu::always_inline]] auto with(F &&f)
	{
		using R = decltype(f(declval<T &>()));
		static_assert(!is_reference_v<R>, "PerCpuToken::with(): the callable must return a "
						  "value, not a reference into the per-CPU slot");
#ifdef KPCPU_DEBUG_CHECKS
		volatile u8 &borrowed = slot_->exclusive_borrow;

		if (__builtin_expect(borrowed, 0)) {
			kpcpu_report_nested_token(slot_, guard_.cpu());
			if constexpr (is_void_v<R>)
				return;
			else
				return R{};
		}
		borrowed = 1;
#endif
		if constexpr (is_void_v<R>) {
			f(slot_->value);
			end_borrow();
		} else {
			R result = f(slot_->value);

			end_borrow();
			return result;
		}
	}

private:
	[[gnu::always_inline]] void end_borrow()
	{
#ifdef KPCPU_DEBUG_CHECKS
		static_cast<volatile u8 &>(slot_->exclusive_borrow) = 0;
#endif
	}

	Slot<T> *slot_;
	const CpuGuard &guard_;
};

template <typename T>
class CheckedPerCpuToken {
	static_assert(is_interior_mutable_v<T>,
		      "CheckedPerCpuToken shares the slot as const T&: T must be interior-mutable "
		      "(kpcpu::Cell, kpcpu::RefCell, or declare using kpcpu_interior_mutable = void); "
		      "use get(guard) for an exclusive token");

public:
	/* Precondition: @this_cpu_value is this CPU's copy, and @guard keeps it so. */
	[[gnu::always_inline]] CheckedPerCpuToken(const T *this_cpu_value, const CpuGuard &guard)
		: value_(this_cpu_value)
	{
		(void)guard;
	}

	template <typename F>
	[[gnu::always_inline]] auto with(F &&f) const
	{
		using R = decltype(f(declval<const T &>()));
		static_assert(!is_reference_v<R>, "CheckedPerCpuToken::with(): the callable must "
						  "return a value, not a reference into the slot");
		return f(*value_);
	}

private:
	const T *value_;
};

} // namespace kpcpu

#endif /* KPCPU_TOKEN_H */
