/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tokens: this CPU's copy of a kpcpu per-CPU variable, lent to a callable.
 *
 * PerCpuToken<T> (from var.get(guard)) lends the copy exclusively:
 * with(f) calls f(T&) and returns what f returns. CheckedPerCpuToken<T>
 * (from var.get_checked(guard)) lends it shared, as const T&, so any
 * number may be live at once; it exists only for types that are interior-
 * mutable (kpcpu::Cell, kpcpu::RefCell, or opted in), whose const
 * operations are safe under such sharing.
 *
 *	KPCPU_DEFINE_PER_CPU(long, token_counter, 0);
 *	KPCPU_DEFINE_PER_CPU(kpcpu::Cell<kpcpu::u64>, token_hits, kpcpu::Cell<kpcpu::u64>(0));
 *
 *	long count_and_read()
 *	{
 *		kpcpu::CpuGuard guard;
 *		token_hits.get_checked(guard).with([](const kpcpu::Cell<kpcpu::u64> &c) {
 *			c.set(c.get() + 1);
 *		});
 *		return token_counter.get(guard).with([](long &v) { return ++v; });
 *	}
 *
 * What the compiler enforces on with(f), on every kernel configuration:
 *  - f's result is a value, not a borrow: a reference, a pointer, a RefCell
 *    Ref/RefMut, a token, or any type that declares
 *    "using kpcpu_borrow = void;" is rejected, since it would outlive the
 *    loan. (The compiler cannot tell a pointer into the slot from one the
 *    slot merely stores, so every bare pointer is rejected: wrap a stored
 *    pointer in a struct to return it.)
 *  - f's result is void or default-constructible: with() returns R{}
 *    without calling f when it cannot lend the copy (below).
 * What it cannot see: a pointer or reference into the slot that f stores
 * somewhere else (through a capture, a global, or inside a returned
 * struct). Don't; it is valid only while f runs.
 *
 * When with() does not call f, it reports one "kpcpu:" line naming the
 * caller's call site and the variable, counts it (kpcpu_debug_reports()), and returns R{}:
 *  - always: the handle is empty (a default-constructed, moved-from or
 *    failed DynamicPerCpu) - there is no copy to lend;
 *  - with debug checks on (kpcpu/debug.h): the loan would alias a live one
 *    on this CPU - an exclusive with() while any with() on the same
 *    variable runs (nested, or from an interrupt), or a shared with() while
 *    an exclusive one runs.
 *
 * A token borrows the guard it was made with and must not outlive it.
 */
#ifndef KPCPU_TOKEN_H
#define KPCPU_TOKEN_H

#include <kpcpu/arch.h>
#include <kpcpu/call_site.h>
#include <kpcpu/cell.h>
#include <kpcpu/cpu_guard.h>
#include <kpcpu/empty_handle.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/slot.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

namespace detail {

/* A result type that would let the loan escape with(). */
template <typename R>
inline constexpr bool is_borrow_v = is_reference_v<R> || is_pointer_v<R> || is_member_pointer_v<R> ||
				    requires { typename remove_cv_t<R>::kpcpu_borrow; };

/* with()'s compile-time rules on f's result type R (see the header comment). */
template <typename R>
constexpr void check_loan_result()
{
	static_assert(!is_borrow_v<R>,
		      "with(): the callable must return a value, not a reference, a pointer or "
		      "a borrow (Ref, RefMut, a token): it would outlive the loan of the slot");
	static_assert(is_void_v<R> || requires { R{}; },
		      "with(): the callable's result must be void or default-constructible: "
		      "with() returns R{} without calling it when it cannot lend the slot "
		      "(an empty handle, or a loan that would alias)");
}

/*
 * The debug borrow state of one CPU's slot (Slot<T>::borrow_state): free,
 * lent exclusively, or lent shared n times. Every access is one %gs-relative
 * instruction with a "memory" clobber, so the compiler neither drops it nor
 * moves an access to the value across it: an interrupt on this CPU sees the
 * slot marked for exactly as long as the value is in use.
 * Precondition for all: @state is a per-CPU address; the caller cannot
 * migrate (a guard is held).
 */
inline constexpr u8 borrow_free = 0;
inline constexpr u8 borrow_exclusive = 0xff;

[[gnu::always_inline]] inline bool begin_exclusive_borrow(u8 &state)
{
	if (__builtin_expect(!arch::this_cpu_byte_equals(state, borrow_free), 0))
		return false;
	arch::this_cpu_byte_write(state, borrow_exclusive);
	return true;
}

[[gnu::always_inline]] inline void end_exclusive_borrow(u8 &state)
{
	arch::this_cpu_byte_write(state, borrow_free);
}

/* Shared borrows count up; 254 nested ones would read as exclusive (a false report, never a miss). */
[[gnu::always_inline]] inline bool begin_shared_borrow(u8 &state)
{
	if (__builtin_expect(arch::this_cpu_byte_equals(state, borrow_exclusive), 0))
		return false;
	arch::this_cpu_byte_inc(state);
	return true;
}

[[gnu::always_inline]] inline void end_shared_borrow(u8 &state)
{
	arch::this_cpu_byte_dec(state);
}

/* The result of a with() that did not call f. */
template <typename R>
[[gnu::always_inline]] inline R not_lent()
{
	if constexpr (!is_void_v<R>)
		return R{};
}

/*
 * The loan both tokens make: f(value) between marking and unmarking this
 * CPU's slot (debug checks), or not at all for an empty handle or a loan
 * that would alias. Exclusive: f gets T&; shared: const T&.
 * Precondition: @slot is this CPU's slot of the variable at per-CPU
 * address @variable (nullptr: an empty handle, and @slot is not used), and
 * a guard is held. @name (or nullptr) and @site are for the reports.
 */
template <bool Exclusive, typename T, typename F>
[[gnu::always_inline]] inline auto lend(Slot<T> *variable, Slot<T> *slot, const char *name, F &f,
					CallSite site)
{
	using Value = conditional_t<Exclusive, T &, const T &>;
	using R = decltype(f(declval<Value>()));
	check_loan_result<R>();
	if (is_empty_handle(variable, site))
		return not_lent<R>();
#ifdef KPCPU_DEBUG_CHECKS
	if (!(Exclusive ? begin_exclusive_borrow(variable->borrow_state)
			: begin_shared_borrow(variable->borrow_state))) {
		if constexpr (Exclusive)
			kpcpu_report_nested_token(name, variable, site.file, site.line, site.function);
		else
			kpcpu_report_shared_token_conflict(name, variable, site.file, site.line,
							   site.function);
		return not_lent<R>();
	}
#else
	(void)name;
#endif
	/* Ends the loan on the way out, after f's result is made. */
	struct EndLoan {
		Slot<T> *variable;
		[[gnu::always_inline]] ~EndLoan()
		{
#ifdef KPCPU_DEBUG_CHECKS
			if constexpr (Exclusive)
				end_exclusive_borrow(variable->borrow_state);
			else
				end_shared_borrow(variable->borrow_state);
#endif
		}
	} end{variable};

	return f(static_cast<Value>(slot->value));
}

} // namespace detail

template <typename T>
class PerCpuToken {
public:
	using kpcpu_borrow = void;

	/*
	 * Precondition: @variable is the per-CPU address of a kpcpu variable's
	 * slots, or nullptr for an empty handle. @name: the variable's, for
	 * reports (nullptr if it has none).
	 */
	[[gnu::always_inline]] PerCpuToken(Slot<T> *variable, GuardRef guard, const char *name = nullptr)
		: variable_(variable), name_(name),
		  // Safe because the guard keeps this task on this CPU while the token lives.
		  slot_(reinterpret_cast<Slot<T> *>(reinterpret_cast<unsigned long>(variable) +
						    arch::this_cpu_offset()))
	{
		(void)guard;
	}
	PerCpuToken(const PerCpuToken &) = delete;
	PerCpuToken &operator=(const PerCpuToken &) = delete;

	template <typename F>
	[[gnu::always_inline]] auto with(F &&f, CallSite site = CallSite::here())
	{
		return detail::lend<true>(variable_, slot_, name_, f, site);
	}

private:
	/* The variable's per-CPU address (its flag) and name (in a report). */
	Slot<T> *variable_;
	const char *name_;
	Slot<T> *slot_;
};

template <typename T>
class CheckedPerCpuToken {
	static_assert(is_interior_mutable_v<T>,
		      "CheckedPerCpuToken shares the slot as const T&: T must be interior-mutable "
		      "(kpcpu::Cell, kpcpu::RefCell, or declare using kpcpu_interior_mutable = void); "
		      "use get(guard) for an exclusive token");

public:
	using kpcpu_borrow = void;

	/* Precondition: as PerCpuToken's. */
	[[gnu::always_inline]] CheckedPerCpuToken(Slot<T> *variable, GuardRef guard,
						  const char *name = nullptr)
		: variable_(variable), name_(name),
		  // Safe because the guard keeps this task on this CPU while the token lives.
		  slot_(reinterpret_cast<Slot<T> *>(reinterpret_cast<unsigned long>(variable) +
						    arch::this_cpu_offset()))
	{
		(void)guard;
	}

	template <typename F>
	[[gnu::always_inline]] auto with(F &&f, CallSite site = CallSite::here()) const
	{
		return detail::lend<false>(variable_, slot_, name_, f, site);
	}

private:
	Slot<T> *variable_;
	const char *name_;
	Slot<T> *slot_;
};

} // namespace kpcpu

#endif /* KPCPU_TOKEN_H */
