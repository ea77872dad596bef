/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::IrqGuard - interrupts (and so preemption) disabled on this CPU for
 * as long as it lives: local_irq_save() in the constructor,
 * local_irq_restore() in the destructor.
 *
 * The restore puts back the caller's state: an IrqGuard made where
 * interrupts were already off (inside another IrqGuard, a hard-irq handler,
 * a spin_lock_irqsave() region) leaves them off when it goes.
 *
 * How it is done depends on the target kernel (kpcpu/arch/x86/irqflags.h;
 * on arm64 always the kernel's own macros, kpcpu/arch/arm64/irqflags.h):
 * inline, the kernel's own "pushf; pop; cli" and "sti", where the kernel
 * itself inlines exactly that (no CONFIG_PARAVIRT_XXL, no
 * CONFIG_TRACE_IRQFLAGS: the KUnit test kernels without lockdep); elsewhere
 * (Debian's kernels: PARAVIRT_XXL; the lockdep kernel: TRACE_IRQFLAGS) the
 * kernel's own local_irq_save()/local_irq_restore(), one call each into
 * src/local_lock_glue.c, so that paravirt patching and lockdep's irq
 * tracking see every change. scripts/codegen.sh counts both against the
 * kernel's C ("codegen irq_guard").
 *
 * It is a guard wherever a CpuGuard is: every this-CPU API takes a
 * kpcpu::GuardRef, which converts from an IrqGuard that lives in a variable
 * (a temporary one is rejected at compile time, as for a CpuGuard). With
 * IF clear the scheduler cannot preempt the task, so it stays on this CPU.
 * Not copyable, not movable: the proof cannot leave the scope that disabled
 * interrupts.
 *
 * What it adds to a CpuGuard: an exclusive token obtained under it
 * (var.get(irq_guard)) cannot be aliased by an interrupt on this CPU - no
 * interrupt handler runs on this CPU until the guard is gone, so none can
 * borrow the same copy meanwhile. (Under a CpuGuard an interrupt can: with
 * debug checks on, its borrow is refused and reported, see kpcpu/token.h.)
 * Interrupts from other CPUs' code still run there, on their own copies.
 *
 *	KPCPU_DEFINE_PER_CPU(long, irq_shared_count, 0);
 *
 *	long count_with_irqs_off()
 *	{
 *		kpcpu::IrqGuard guard;
 *		irq_shared_count.num().add(1, guard);
 *		return irq_shared_count.get(guard).with([](long &v) { return v; });
 *	}	// interrupts back as they were here
 *
 * Keep it short, and do not sleep under it (the kernel's rule for
 * local_irq_save()). On PREEMPT_RT, sleeping locks (spinlock_t, local_lock)
 * must not be taken under it either.
 */
#ifndef KPCPU_IRQ_GUARD_H
#define KPCPU_IRQ_GUARD_H

#include <kpcpu/arch.h>
#include <kpcpu/cpu_guard.h>

namespace kpcpu {

class IrqGuard {
public:
	[[gnu::always_inline]] IrqGuard() : flags_(arch::irq_save()) {}
	[[gnu::always_inline]] ~IrqGuard() { arch::irq_restore(flags_); }

	IrqGuard(const IrqGuard &) = delete;
	IrqGuard(IrqGuard &&) = delete;
	IrqGuard &operator=(const IrqGuard &) = delete;
	IrqGuard &operator=(IrqGuard &&) = delete;

	/* The CPU this runs on; stable while the guard lives. */
	[[gnu::always_inline]] unsigned int cpu() const
	{
		// Safe because interrupts are off: the task cannot be preempted nor migrate.
		return arch::raw_cpu_id();
	}

private:
	/* The caller's interrupt state, put back by the destructor. */
	unsigned long flags_;
};

} // namespace kpcpu

#endif /* KPCPU_IRQ_GUARD_H */
