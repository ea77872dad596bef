/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::PerCpuPtr<T> - a typed per-CPU address (the kernel's T __percpu *).
 *
 * It is an offset, not a pointer: it does not convert to T*, and * and ->
 * do not compile. Reach a slot through it:
 *  - this_cpu(guard): this CPU's slot. The guard is the proof that the
 *    task cannot migrate while it uses the pointer.
 *  - remote_ptr(cpu): any possible CPU's slot (per_cpu_ptr()). Synchronising
 *    with that CPU's own accesses is the caller's business.
 * Both return nullptr, with a "kpcpu:" log line naming the caller's call
 * site (kpcpu/call_site.h: the last parameter, never passed), when
 * there is no such slot: a null PerCpuPtr (e.g. ptr() of an empty handle),
 * or a CPU that is not possible. Check them as you check any pointer.
 *  - unchecked_this_cpu_ptr(), unchecked_remote_ptr(cpu): the raw forms,
 *    with the preconditions stated on each.
 * Not an owner: copying it copies the address.
 *
 *	KPCPU_DEFINE_PER_CPU(long, ptr_counter, 0);
 *
 *	long ptr_example()
 *	{
 *		kpcpu::PerCpuPtr<long> p = ptr_counter.ptr();
 *		long total = 0;
 *		{
 *			kpcpu::CpuGuard guard;
 *			if (long *mine = p.this_cpu(guard))
 *				*mine += 1;
 *		}
 *		for (unsigned int cpu : kpcpu::possible_cpus())
 *			total += *p.remote_ptr(cpu);	// racy read; see kpcpu::sum()
 *		return total;
 *	}
 */
#ifndef KPCPU_PERCPU_PTR_H
#define KPCPU_PERCPU_PTR_H

#include <kpcpu/arch.h>
#include <kpcpu/call_site.h>
#include <kpcpu/cpu_guard.h>
#include <kpcpu/cpumask.h>
#include <kpcpu/empty_handle.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

template <typename T>
class PerCpuPtr {
public:
	constexpr PerCpuPtr() = default;

	/* @percpu_address: a __percpu address, e.g. from alloc_percpu(). */
	constexpr explicit PerCpuPtr(T *percpu_address) : addr_(percpu_address) {}

	/* This CPU's slot, valid while @guard lives; nullptr (reported) if null. */
	[[gnu::always_inline]] T *this_cpu(GuardRef guard, CallSite site = CallSite::here()) const
	{
		(void)guard;
		if (detail::is_empty_handle(addr_, site))
			return nullptr;
		// Safe because the guard disables preemption for the pointer's use.
		return unchecked_this_cpu_ptr();
	}

	/* CPU @cpu's slot, or nullptr (and a log line) if null or @cpu is not possible. */
	T *remote_ptr(unsigned int cpu, CallSite site = CallSite::here()) const
	{
		return remote_ptr_of(nullptr, cpu, site);
	}

	/* remote_ptr() for a variable called @name (in the report; may be nullptr). */
	T *remote_ptr_of(const char *name, unsigned int cpu, CallSite site) const
	{
		if (detail::is_empty_handle(addr_, site))
			return nullptr;
		if (!possible_cpus().contains(cpu)) {
			kpcpu_report_impossible_cpu(name, addr_, cpu, site.file, site.line, site.function);
			return nullptr;
		}
		// Safe because @cpu is possible, so it has a per-CPU area.
		return unchecked_remote_ptr(cpu);
	}

	/*
	 * This CPU's slot.
	 * Precondition: the PerCpuPtr is not null, and the caller cannot
	 * migrate (preemption or interrupts disabled) for as long as it uses
	 * the pointer.
	 */
	[[gnu::always_inline]] T *unchecked_this_cpu_ptr() const
	{
		return reinterpret_cast<T *>(reinterpret_cast<unsigned long>(addr_) +
					     arch::this_cpu_offset());
	}

	/*
	 * CPU @cpu's slot: per_cpu_ptr(addr, cpu).
	 * Precondition: the PerCpuPtr is not null, and @cpu is a possible CPU
	 * (possible_cpus().contains(cpu)).
	 */
	T *unchecked_remote_ptr(unsigned int cpu) const
	{
		return reinterpret_cast<T *>(reinterpret_cast<unsigned long>(addr_) +
					     __per_cpu_offset[cpu]);
	}

	/* The raw __percpu address, to hand to C code. */
	constexpr T *percpu_address() const { return addr_; }

	constexpr explicit operator bool() const { return addr_ != nullptr; }

	/* Misuse, rejected with a message instead of a wrong pointer. */
	template <typename U>
	operator U *() const
	{
		static_assert(always_false<U>, "PerCpuPtr is a per-CPU offset, not a pointer: use "
					       "this_cpu(guard) or remote_ptr(cpu)");
		return nullptr;
	}
	template <typename U = T>
	U &operator*() const
	{
		static_assert(always_false<U>, "PerCpuPtr cannot be dereferenced: use "
					       "this_cpu(guard) or remote_ptr(cpu)");
		return *addr_;
	}
	template <typename U = T>
	U *operator->() const
	{
		static_assert(always_false<U>, "PerCpuPtr cannot be dereferenced: use "
					       "this_cpu(guard) or remote_ptr(cpu)");
		return addr_;
	}
	template <typename... NoGuard>
		requires(sizeof...(NoGuard) == 0)
	auto this_cpu(NoGuard &&...) const
	{
		static_assert(always_false<NoGuard...>, "this_cpu() needs the CpuGuard "
							"that keeps this task on its CPU: "
							"kpcpu::CpuGuard guard; p.this_cpu(guard)");
		return addr_;
	}

private:
	T *addr_ = nullptr;
};

} // namespace kpcpu

#endif /* KPCPU_PERCPU_PTR_H */
