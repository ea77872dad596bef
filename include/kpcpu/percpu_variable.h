/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::PerCpuVariable - what every kpcpu-owned per-CPU variable offers,
 * static (StaticPerCpu) or dynamic (DynamicPerCpu), written once:
 *
 *   var.get(guard)          exclusive PerCpuToken for this CPU's copy
 *   var.get_checked(guard)  shared CheckedPerCpuToken (interior-mutable T)
 *   var.remote_ptr(cpu)     CPU @cpu's copy, nullptr if there is none
 *   var.ptr()               the PerCpuPtr<T>, e.g. for kpcpu::sum(var)
 *   var.num()               the this_cpu_* operations (kpcpu/numeric.h)
 *
 *	KPCPU_DEFINE_PER_CPU(long, variable_example, 0);
 *
 *	void bump()
 *	{
 *		kpcpu::CpuGuard guard;
 *		variable_example.get(guard).with([](long &v) { v++; });
 *	}
 *
 * A handle that owns its storage (DynamicPerCpu) can be empty; then none
 * of these touches memory: tokens do not run their callable, num() reads 0
 * and ignores changes, ptr() is null and remote_ptr() nullptr - each use
 * reported as one "kpcpu:" line naming the caller's call site. On a temporary owning
 * handle all of them are compile errors: the storage would be freed at
 * the end of the expression, before the view is used.
 *
 * A handle derives from PerCpuVariable<Handle, T> and provides
 *   Slot<T> *percpu_address() const;        the per-CPU address of its slots
 *   const char *variable_name() const;      its name in reports, or nullptr
 *   static constexpr bool owns_storage;   freed when the handle goes?
 */
#ifndef KPCPU_PERCPU_VARIABLE_H
#define KPCPU_PERCPU_VARIABLE_H

#include <kpcpu/arch.h>
#include <kpcpu/call_site.h>
#include <kpcpu/cpu_guard.h>
#include <kpcpu/numeric.h>
#include <kpcpu/percpu_ptr.h>
#include <kpcpu/slot.h>
#include <kpcpu/token.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

/* The message for a view of a temporary handle that owns its storage. */
#define KPCPU_TEMPORARY_HANDLE_MESSAGE                                                         \
	"this handle is a temporary that frees the per-CPU storage at the end of the expression, " \
	"before the view is used: keep the handle in a variable (auto var = ...; var.num()...)"

template <typename Handle, typename T>
class PerCpuVariable {
public:
	using value_type = T;

	PerCpuPtr<T> ptr() const & { return PerCpuPtr<T>(reinterpret_cast<T *>(address())); }
	PerCpuPtr<T> ptr() const &&
	{
		static_assert(!Handle::owns_storage, KPCPU_TEMPORARY_HANDLE_MESSAGE);
		return ptr();
	}

	/* An exclusive token for this CPU's copy. */
	[[gnu::always_inline]] PerCpuToken<T> get(GuardRef guard) const &
	{
		return PerCpuToken<T>(address(), guard, name());
	}
	PerCpuToken<T> get(GuardRef guard) const &&
	{
		static_assert(!Handle::owns_storage, KPCPU_TEMPORARY_HANDLE_MESSAGE);
		return get(guard);
	}

	/* A shared token for this CPU's copy; interior-mutable T only. */
	[[gnu::always_inline]] CheckedPerCpuToken<T> get_checked(GuardRef guard) const &
	{
		static_assert(is_interior_mutable_v<T>,
			      "get_checked() shares the slot: T must be interior-mutable "
			      "(kpcpu::Cell, kpcpu::RefCell); use get(guard) for exclusive access");
		return CheckedPerCpuToken<T>(address(), guard, name());
	}
	CheckedPerCpuToken<T> get_checked(GuardRef guard) const &&
	{
		static_assert(!Handle::owns_storage, KPCPU_TEMPORARY_HANDLE_MESSAGE);
		return get_checked(guard);
	}

	/* CPU @cpu's copy; nullptr and a log line if @cpu is not possible or the handle is empty. */
	T *remote_ptr(unsigned int cpu, CallSite site = CallSite::here()) const &
	{
		return ptr().remote_ptr_of(name(), cpu, site);
	}
	T *remote_ptr(unsigned int cpu, CallSite site = CallSite::here()) const &&
	{
		static_assert(!Handle::owns_storage, KPCPU_TEMPORARY_HANDLE_MESSAGE);
		return remote_ptr(cpu, site);
	}

	/* The this_cpu_* operations (integers, DoubleWord): kpcpu/numeric.h. */
	[[gnu::always_inline]] auto num(CallSite site = CallSite::here()) const &
	{
		return detail::make_numeric(reinterpret_cast<T *>(address()), site);
	}
	auto num(CallSite site = CallSite::here()) const &&
	{
		static_assert(!Handle::owns_storage, KPCPU_TEMPORARY_HANDLE_MESSAGE);
		return num(site);
	}

	template <typename... NoGuard>
		requires(sizeof...(NoGuard) == 0)
	auto get(NoGuard &&...) const
	{
		static_assert(always_false<NoGuard...>, "get() needs the CpuGuard that keeps "
							"this task on its CPU: kpcpu::CpuGuard guard; "
							"var.get(guard)");
	}
	template <typename... NoGuard>
		requires(sizeof...(NoGuard) == 0)
	auto get_checked(NoGuard &&...) const
	{
		static_assert(always_false<NoGuard...>, "get_checked() needs the CpuGuard that "
							"keeps this task on its CPU: kpcpu::CpuGuard "
							"guard; var.get_checked(guard)");
	}

protected:
	PerCpuVariable() = default;

	/* The per-CPU address of the slots; nullptr for an empty handle. */
	[[gnu::always_inline]] Slot<T> *address() const
	{
		return static_cast<const Handle *>(this)->percpu_address();
	}

	/* The variable's name for reports, nullptr if it has none. */
	[[gnu::always_inline]] const char *name() const
	{
		return static_cast<const Handle *>(this)->variable_name();
	}
};

} // namespace kpcpu

#endif /* KPCPU_PERCPU_VARIABLE_H */
