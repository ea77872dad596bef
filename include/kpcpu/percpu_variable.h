/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::PerCpuVariable - what every kpcpu-owned per-CPU variable offers,
 * static (StaticPerCpu) or dynamic (DynamicPerCpu), written once:
 *
 *	var.get(guard)		exclusive PerCpuToken for this CPU's copy
 *	var.get_checked(guard)	shared CheckedPerCpuToken (interior-mutable T)
 *	var.remote_ptr(cpu)	CPU @cpu's copy, nullptr if @cpu is not possible
 *	var.ptr()		the PerCpuPtr<T>, e.g. for kpcpu::sum(var)
 *
 *	kpcpu::CpuGuard guard;
 *	var.get(guard).with([](long &v) { v++; });
 *
 * A handle derives from PerCpuVariable<Handle, T> and provides
 * Slot<T> *percpu_slots() const: the per-CPU address of its slots.
 */
#ifndef KPCPU_PERCPU_VARIABLE_H
#define KPCPU_PERCPU_VARIABLE_H

#include <kpcpu/arch.h>
#include <kpcpu/cpu_guard.h>
#include <kpcpu/numeric.h>
#include <kpcpu/percpu_ptr.h>
#include <kpcpu/slot.h>
#include <kpcpu/token.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

template <typename Handle, typename T>
class PerCpuVariable {
public:
	using value_type = T;

	PerCpuPtr<T> ptr() const { return PerCpuPtr<T>(reinterpret_cast<T *>(slots())); }

	/* An exclusive token for this CPU's copy. */
	[[gnu::always_inline]] PerCpuToken<T> get(const CpuGuard &guard) const
	{
		// Safe because the guard keeps this task on the CPU whose slot this is.
		return PerCpuToken<T>(this_cpu_slot(), slots(), guard);
	}

	/* A shared token for this CPU's copy; interior-mutable T only. */
	[[gnu::always_inline]] CheckedPerCpuToken<T> get_checked(const CpuGuard &guard) const
	{
		static_assert(is_interior_mutable_v<T>,
			      "get_checked() shares the slot: T must be interior-mutable "
			      "(kpcpu::Cell, kpcpu::RefCell); use get(guard) for exclusive access");
		// Safe because the guard keeps this task on the CPU whose slot this is.
		return CheckedPerCpuToken<T>(&this_cpu_slot()->value, guard);
	}

	/* CPU @cpu's copy, or nullptr and a log line if @cpu is not possible. */
	T *remote_ptr(unsigned int cpu) const { return ptr().remote_ptr(cpu); }

	/* The this_cpu_* operations (integers, DoubleWord): kpcpu/numeric.h. */
	[[gnu::always_inline]] auto num() const
	{
		return detail::make_numeric(reinterpret_cast<T *>(slots()));
	}

	template <typename... NoGuard>
		requires(sizeof...(NoGuard) == 0)
	void get(NoGuard &&...) const
	{
		static_assert(always_false<NoGuard...>, "get() needs the const CpuGuard& that keeps "
							"this task on its CPU: kpcpu::CpuGuard guard; "
							"var.get(guard)");
	}

protected:
	PerCpuVariable() = default;

	[[gnu::always_inline]] Slot<T> *slots() const
	{
		return static_cast<const Handle *>(this)->percpu_slots();
	}

	/* Precondition: the caller cannot migrate while it uses the result. */
	[[gnu::always_inline]] Slot<T> *this_cpu_slot() const
	{
		return reinterpret_cast<Slot<T> *>(reinterpret_cast<unsigned long>(slots()) +
						   arch::this_cpu_offset());
	}
};

} // namespace kpcpu

#endif /* KPCPU_PERCPU_VARIABLE_H */
