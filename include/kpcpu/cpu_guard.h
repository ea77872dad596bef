/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::CpuGuard - preemption disabled for as long as it lives.
 *
 * The constructor is preempt_disable(), the destructor preempt_enable(),
 * both inline and expanded exactly as the kernel's own macros are for the
 * target configuration (kpcpu/arch/x86/preempt.h, kpcpu/arch/arm64/
 * preempt.h), PREEMPT_RT's lazy preemption included (x86_64): no
 * out-of-line call on a non-debug kernel. Where the
 * preempt count lives and what preempt_enable() calls are read from the
 * target kernel at build time (kpcpu_kernel_facts.h). On every kernel of
 * the test matrix (scripts/kernel-matrix.sh: Debian 6.1, 6.1 RT, 6.12,
 * 6.12 RT, arm64, the KUnit kernels) the test command checks a bare guard is
 * instruction for instruction the kernel's preempt_disable();
 * preempt_enable(), so none needs the fallback a call into the C glue would
 * be; no such fallback is built. A kernel whose preempt_enable() takes a
 * form kpcpu does not know shows up there as "codegen guard ...: DIFFERENT".
 *
 * Holding one is the proof the rest of the API asks for: every this-CPU
 * access takes the guard (as a kpcpu::GuardRef, made implicitly from a
 * guard that lives in a variable), so "preemption is disabled" is checked by
 * the compiler, not promised in a comment. It cannot be copied or moved,
 * so the proof cannot outlive the scope that disabled preemption, and a
 * temporary guard - gone at the end of the full expression, before the
 * reference it vouched for is used - is a compile error wherever a guard
 * is asked for.
 *
 *	KPCPU_DEFINE_PER_CPU(long, guarded_counter, 0);
 *
 *	void count_here()
 *	{
 *		kpcpu::CpuGuard guard;
 *		long *mine = guarded_counter.ptr().this_cpu(guard);
 *		(*mine)++;
 *		kpcpu_printk(KPCPU_KERN_INFO "counted on CPU %u\n", guard.cpu());
 *	}	// preemption enabled again here
 *
 * Do not sleep while holding one (the kernel's rule for preempt_disable).
 */
#ifndef KPCPU_CPU_GUARD_H
#define KPCPU_CPU_GUARD_H

#include <kpcpu/arch.h>
#include <kpcpu/type_traits.h>

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

class IrqGuard; // kpcpu/irq_guard.h
template <typename T, bool Irqsave>
class LocalLockGuard; // kpcpu/local_lock.h

/*
 * kpcpu::GuardRef - what every API that needs "preemption is disabled"
 * takes: a reference to a CpuGuard - or an IrqGuard - that lives in a
 * variable. It converts implicitly from a named guard (an lvalue) and
 * rejects a temporary one with a message, which a plain const CpuGuard&
 * parameter cannot do. It costs nothing: an empty object, passed in no
 * register.
 *
 * An IrqGuard is accepted because interrupts off on this CPU is preemption
 * off in the kernel's sense too: the scheduler cannot preempt a task with
 * IF clear (preemptible() is false), so the task stays on its CPU. A
 * LocalLocked's guard is not: on PREEMPT_RT it keeps the task on its CPU
 * (migrate_disable()) but leaves it preemptible, and it protects its own
 * object only - rejected on every kernel, so that code that builds on one
 * builds on all (kpcpu/local_lock.h).
 *
 *	long read_here(kpcpu::GuardRef guard);	// callers pass their guard
 *
 *	long caller()
 *	{
 *		kpcpu::CpuGuard guard;
 *		return read_here(guard);
 *	}
 */
class GuardRef {
public:
	[[gnu::always_inline]] GuardRef(const CpuGuard &guard) { (void)guard; }
	[[gnu::always_inline]] GuardRef(const IrqGuard &guard) { (void)guard; }

	/* Any rvalue guard, const or not, binds here rather than to the lvalue form. */
	template <typename Temporary = CpuGuard>
	GuardRef(const CpuGuard &&)
	{
		static_assert(always_false<Temporary>,
			      "a temporary CpuGuard enables preemption again at the end of the "
			      "expression, before what it vouched for is used: keep the guard in a "
			      "variable (kpcpu::CpuGuard guard; ... (guard))");
	}
	template <typename Temporary = IrqGuard>
	GuardRef(const IrqGuard &&)
	{
		static_assert(always_false<Temporary>,
			      "a temporary IrqGuard enables interrupts again at the end of the "
			      "expression, before what it vouched for is used: keep the guard in a "
			      "variable (kpcpu::IrqGuard guard; ... (guard))");
	}
	template <typename T, bool Irqsave>
	GuardRef(const LocalLockGuard<T, Irqsave> &)
	{
		static_assert(always_false<T>,
			      "a LocalLocked's guard is not a CpuGuard: on PREEMPT_RT the holder stays "
			      "preemptible (only migration is off) and the lock protects its own object "
			      "only; take a kpcpu::CpuGuard (or IrqGuard) for other per-CPU data");
	}
};

} // namespace kpcpu

#endif /* KPCPU_CPU_GUARD_H */
