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

#include <kpcpu/arch.h>
#include <kpcpu/cell.h>
#include <kpcpu/cpu_guard.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/slot.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

template <typename T>
class PerCpuToken {
public:
	/*
	 * Precondition: @this_cpu_slot is this CPU's slot of the variable at
	 * per-CPU address @variable, and @guard keeps it so.
	 */
	[[gnu::always_inline]] PerCpuToken(Slot<T> *this_cpu_slot, Slot<T> *variable,
					   const CpuGuard &guard)
		: slot_(this_cpu_slot), variable_(variable)
	{
		(void)guard;
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
		if (__builtin_expect(slot_is_lent(), 0)) {
			kpcpu_report_nested_token(variable_);
			if constexpr (is_void_v<R>)
				return;
			else
				return R{};
		}
		mark_lent(1);
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
#ifdef KPCPU_DEBUG_CHECKS
	/*
	 * The flag is this CPU's copy of a per-CPU byte, so it is tested and
	 * set %gs-relative through the variable's per-CPU address: one
	 * instruction each, and each a volatile asm, so the set is never
	 * dropped as dead (an interrupt's with() may test it in between).
	 */
	[[gnu::always_inline]] bool slot_is_lent() const
	{
		// Safe because the guard keeps this task on this CPU.
		return arch::this_cpu_byte_nonzero(variable_->exclusive_borrow);
	}

	[[gnu::always_inline]] void mark_lent(u8 lent)
	{
		// Safe because the guard keeps this task on this CPU.
		arch::this_cpu_byte_write(variable_->exclusive_borrow, lent);
	}
#endif

	[[gnu::always_inline]] void end_borrow()
	{
#ifdef KPCPU_DEBUG_CHECKS
		mark_lent(0);
#endif
	}

	Slot<T> *slot_;
	/* The variable's per-CPU address: its flag, and its name in a report. */
	Slot<T> *variable_;
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
