/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86_64: local_irq_save() and local_irq_restore() of the target kernel.
 *
 * Inline - exactly the kernel's own expansion, "pushf; pop" then "cli" to
 * save, "sti" to restore when the saved flags had EFLAGS.IF set - only
 * where the kernel itself inlines exactly that: no CONFIG_PARAVIRT_XXL
 * (there the flag operations are paravirt calls patched at boot, which a
 * module's C++ cannot emit) and no CONFIG_TRACE_IRQFLAGS (there every
 * change of the flag is also reported to lockdep and the irq tracer). Every
 * other kernel - Debian's, the lockdep one - gets the kernel's macros
 * themselves, out of line in src/local_lock_glue.c. scripts/codegen.sh
 * counts both against the kernel's C ("codegen irq_guard").
 *
 *	unsigned long flags = kpcpu::arch::irq_save();
 *	// ... no interrupt on this CPU here ...
 *	kpcpu::arch::irq_restore(flags);
 *
 * Use kpcpu::IrqGuard instead: it pairs them and proves it in the type.
 */
#ifndef KPCPU_ARCH_X86_IRQFLAGS_H
#define KPCPU_ARCH_X86_IRQFLAGS_H

#include <kpcpu/config.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/kernel_constants.h>

#if !defined(CONFIG_PARAVIRT_XXL) && !defined(CONFIG_TRACE_IRQFLAGS)
#define KPCPU_IRQ_FLAGS_INLINE 1
#endif

namespace kpcpu::arch::x86 {

#ifdef KPCPU_IRQ_FLAGS_INLINE
inline constexpr bool irq_flags_inline = true;

/* Precondition: none; any context. Returns the flags before, IF now clear. */
[[gnu::always_inline]] inline unsigned long irq_save()
{
	unsigned long flags;

	/* The memory clobbers keep every access of the region inside it. */
	asm volatile("pushf ; pop %0" : "=rm"(flags) : : "memory");
	asm volatile("cli" : : : "memory");
	return flags;
}

/* Precondition: @flags came from irq_save() on this CPU, in this context. */
[[gnu::always_inline]] inline void irq_restore(unsigned long flags)
{
	if (flags & KPCPU_FACT_X86_EFLAGS_IF)
		asm volatile("sti" : : : "memory");
}
#else
inline constexpr bool irq_flags_inline = false;

/* As above, through the kernel's own local_irq_save()/local_irq_restore(). */
[[gnu::always_inline]] inline unsigned long irq_save()
{
	return kpcpu_local_irq_save();
}

[[gnu::always_inline]] inline void irq_restore(unsigned long flags)
{
	kpcpu_local_irq_restore(flags);
}
#endif

} // namespace kpcpu::arch::x86

#endif /* KPCPU_ARCH_X86_IRQFLAGS_H */
