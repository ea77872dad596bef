/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The architecture interface kpcpu's generic code uses, and the one place
 * that picks an implementation. An architecture's folder arch/<name>/
 * provides, in namespace kpcpu::arch::<name>, every symbol listed below;
 * the using-declarations bring them into kpcpu::arch, so a missing one
 * fails here, by name. Preconditions are stated where each is defined.
 *
 *    unsigned long this_cpu_offset();        this CPU's per-CPU base
 *    unsigned int raw_cpu_id();              this CPU's number
 *    void preempt_disable();                 the kernel's, inline
 *    void preempt_enable();
 *    unsigned int preempt_count_read_masked(); preempt_count(), as the kernel's
 *    void compiler_barrier();
 *    void cpu_relax();                       in a busy-wait loop, as the kernel's
 *    bool this_cpu_byte_equals(const u8 &, u8);      one instruction each, on a
 *    void this_cpu_byte_write(u8 &, u8);             per-CPU byte (the debug
 *    void this_cpu_byte_inc(u8 &);                   borrow flags of
 *    void this_cpu_byte_dec(u8 &);                   kpcpu/token.h)
 *    unsigned long irq_save();               local_irq_save(), local_irq_restore()
 *    void irq_restore(unsigned long);        (kpcpu/irq_guard.h)
 *    namespace numeric                       the this_cpu_* integer operations
 *                                            (kpcpu/numeric.h): read, write, add,
 *                                            sub, bit_and, bit_or, add_return,
 *                                            sub_return, xchg, cmpxchg
 *
 * Architectures: arch/x86/ (x86_64: %gs-relative instructions) and
 * arch/arm64/ (the per-CPU offset in tpidr_el1/el2, atomics with
 * preemption off around them).
 *
 * The numeric operations are the architecture's own, or
 * with KPCPU_GENERIC_PERCPU=y the generic interrupts-off path
 * (arch/generic/), which needs only this_cpu_offset().
 *
 *	unsigned long my_per_cpu_base()
 *	{
 *		kpcpu::CpuGuard guard;	// the base is this CPU's only while it stays here
 *		return kpcpu::arch::this_cpu_offset();
 *	}
 */
#ifndef KPCPU_ARCH_H
#define KPCPU_ARCH_H

#include <kpcpu/config.h>

#if !defined(CONFIG_SMP)
#error "kpcpu: only SMP kernels are supported (per-CPU data is plain data on UP)"
#elif defined(CONFIG_X86_64)
#include <kpcpu/arch/x86/irqflags.h>
#include <kpcpu/arch/x86/percpu_numeric.h>
#include <kpcpu/arch/x86/percpu_ops.h>
#include <kpcpu/arch/x86/preempt.h>
#define KPCPU_ARCH_NAMESPACE x86
#elif defined(CONFIG_ARM64)
#include <kpcpu/arch/arm64/irqflags.h>
#include <kpcpu/arch/arm64/percpu_numeric.h>
#include <kpcpu/arch/arm64/percpu_ops.h>
#include <kpcpu/arch/arm64/preempt.h>
#define KPCPU_ARCH_NAMESPACE arm64
#else
#error "kpcpu: only x86_64 and arm64 kernels are supported"
#endif

namespace kpcpu::arch {
using KPCPU_ARCH_NAMESPACE::compiler_barrier;
using KPCPU_ARCH_NAMESPACE::cpu_relax;
using KPCPU_ARCH_NAMESPACE::irq_flags_inline;
using KPCPU_ARCH_NAMESPACE::irq_restore;
using KPCPU_ARCH_NAMESPACE::irq_save;
using KPCPU_ARCH_NAMESPACE::preempt_count_read_masked;
using KPCPU_ARCH_NAMESPACE::preempt_disable;
using KPCPU_ARCH_NAMESPACE::preempt_enable;
using KPCPU_ARCH_NAMESPACE::raw_cpu_id;
using KPCPU_ARCH_NAMESPACE::this_cpu_byte_dec;
using KPCPU_ARCH_NAMESPACE::this_cpu_byte_equals;
using KPCPU_ARCH_NAMESPACE::this_cpu_byte_inc;
using KPCPU_ARCH_NAMESPACE::this_cpu_byte_write;
using KPCPU_ARCH_NAMESPACE::this_cpu_offset;
} // namespace kpcpu::arch

/* (Needs this_cpu_offset() from above.) */
#include <kpcpu/arch/generic/percpu_numeric.h>

namespace kpcpu::arch {
#ifdef KPCPU_GENERIC_PERCPU
namespace numeric = generic::numeric;
inline constexpr bool generic_numeric = true;
#else
namespace numeric = KPCPU_ARCH_NAMESPACE::numeric;
inline constexpr bool generic_numeric = false;
#endif
} // namespace kpcpu::arch

#undef KPCPU_ARCH_NAMESPACE

#endif /* KPCPU_ARCH_H */
