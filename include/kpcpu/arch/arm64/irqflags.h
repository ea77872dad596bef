/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64: local_irq_save() and local_irq_restore() of the target kernel,
 * through the kernel's own macros in src/local_lock_glue.c - always a call.
 *
 * Why not inline: the kernel's arm64 flag operations are alternatives
 * between the DAIF bits and the GIC's priority mask (pseudo-NMI, patched
 * per CPU at boot, ARM64_HAS_IRQ_PRIO_MASKING), with a debug check of the
 * mask, and lockdep's irq tracing on top where configured. kpcpu could emit
 * the same alternatives (it does for the per-CPU offset and the atomics),
 * but an interrupts-off section is long next to a call, and the exact
 * inline copy is not worth a second implementation of the mask protocol.
 * scripts/codegen.sh counts both against the kernel's C ("codegen
 * irq_guard").
 *
 *	unsigned long flags = kpcpu::arch::irq_save();
 *	// ... no interrupt on this CPU here ...
 *	kpcpu::arch::irq_restore(flags);
 *
 * Use kpcpu::IrqGuard instead: it pairs them and proves it in the type.
 */
#ifndef KPCPU_ARCH_ARM64_IRQFLAGS_H
#define KPCPU_ARCH_ARM64_IRQFLAGS_H

#include <kpcpu/kernel_api.h>

namespace kpcpu::arch::arm64 {

inline constexpr bool irq_flags_inline = false;

/* Precondition: none; any context. Returns the flags before; interrupts
 * on this CPU are off now. */
[[gnu::always_inline]] inline unsigned long irq_save()
{
	return kpcpu_local_irq_save();
}

/* Precondition: @flags came from irq_save() on this CPU, in this context. */
[[gnu::always_inline]] inline void irq_restore(unsigned long flags)
{
	kpcpu_local_irq_restore(flags);
}

} // namespace kpcpu::arch::arm64

#endif /* KPCPU_ARCH_ARM64_IRQFLAGS_H */
