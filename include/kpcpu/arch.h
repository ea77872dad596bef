/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The architecture interface kpcpu's generic code uses, and the one place
 * that picks an implementation:
 *
 *	unsigned long kpcpu::arch::this_cpu_offset();	// this CPU's base
 *	unsigned int kpcpu::arch::raw_cpu_id();
 *	void kpcpu::arch::preempt_disable();
 *	void kpcpu::arch::preempt_enable();
 *	void kpcpu::arch::compiler_barrier();
 */
#ifndef KPCPU_ARCH_H
#define KPCPU_ARCH_H

#include <kpcpu/config.h>

#if defined(CONFIG_X86_64) && defined(CONFIG_SMP)
#include <kpcpu/arch/x86_64/percpu_ops.h>
#include <kpcpu/arch/x86_64/preempt.h>
#else
#error "kpcpu: only x86_64 SMP kernels are supported so far"
#endif

#endif /* KPCPU_ARCH_H */
