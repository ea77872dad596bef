/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::CpuGuard - preemption disabled for as long as it lives.
 *
 * The constructor is preempt_disable(), the destructor preempt_enable(),
 * both inline and expanded exactly as the kernel's own macros are for the
 * target configuration (kpcpu/arch/x86_64/preempt.h): no out-of-line call
 * on a non-debug kernel.
 *
 * Holding one is the proof the rest of the API asks for: every this-CPU
 * access takes a const CpuGuard&, so "preemption is disabled" is checked by
 * the compiler, not promised in a comment. It cannot be copied or moved,
 * so the proof cannot outlive the scope that disabled preemption.
 *
 *	{
 *		kpcpu::CpuGuard guard;
 *		long &mine = counter.ptr().this_cpu(guard);
 *		mine++;
 *		pr_info-like("on CPU %u", guard.cpu());
 *	}	// preemption enabled again here
 *
 * Do not sleep while holding one (the kernel's rule for preempt_disable).
 */
#ifndef KPCPU_CPU_GUARD_H
#define KPCPU_CPU_GUARD_H

#include <kpcpu/arch.h>

namespace kpcpu {

class CpuGuard {
public:
	[[gnu::always_inline]] CpuGuard() { arch::preempt_disable(); }
	[[gnu::always_inline]] ~CpuGuard() { arch::preempt_enable(); }

	CpuGuard(const CpuGuard &) = delete;
	CpuGuard(CpuGuard &&) = delete;
	CpuGuard &operator=(const CpuGuard &) = delete;
	CpuGuard &operator=(CpuGuard &&) = delete;

	/* The CPU this runs on; stable while the guard lives. */
	[[gnu::always_inline]] unsigned int cpu() const
	{
		// Safe because preemption is disabled: the task cannot migrate.
		return arch::raw_cpu_id();
	}
};

} // namespace kpcpu

#endif /* KPCPU_CPU_GUARD_H */
