// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of the code-generation comparison: compiled with the target
 * kernel's flags into kpcpu_codegen.ko, which is disassembled, never loaded.
 */
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/preempt.h>

#include "codegen_guard.h"

static DEFINE_PER_CPU(long, kpcpu_codegen_c_counter);

void kpcpu_codegen_c_guarded_inc(void)
{
	preempt_disable();
	(*this_cpu_ptr(&kpcpu_codegen_c_counter))++;
	preempt_enable();
}

/* preempt_disable() and preempt_enable() alone: CpuGuard must be exactly this. */
void kpcpu_codegen_c_guard_only(void)
{
	preempt_disable();
	preempt_enable();
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: code-generation comparison objects (never loaded)");
