/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86_64: the raw %gs-relative operations the rest of kpcpu is built on.
 *
 * On x86_64 a per-CPU variable's address is an offset; %gs holds this CPU's
 * base. One instruction with a %gs: operand reads or modifies this CPU's
 * copy and cannot be torn by preemption or interrupts on this CPU (it either
 * runs entirely before or entirely after a migration); a sequence of them,
 * or a pointer computed from this_cpu_off, is only meaningful while the task
 * cannot migrate.
 *
 *	kpcpu::CpuGuard guard;
 *	unsigned long base = kpcpu::arch::this_cpu_offset();	// valid while guard lives
 *	kpcpu_printk(KPCPU_KERN_INFO "CPU %u: per-CPU base %lx\n", guard.cpu(), base);
 *
 * These are the kernel's own forms (arch/x86/include/asm/percpu.h), written
 * as one always-inline function per instruction.
 */
#ifndef KPCPU_ARCH_X86_64_PERCPU_OPS_H
#define KPCPU_ARCH_X86_64_PERCPU_OPS_H

#include <kpcpu/types.h>

extern "C" {
/* Per-CPU variables of the kernel, all exported (reach them only through %gs). */
extern unsigned long this_cpu_off;
extern int cpu_number;
extern int __preempt_count;
}

namespace kpcpu::arch {

/*
 * This CPU's per-CPU base: per_cpu_ptr(p, this cpu) == p + this_cpu_offset().
 * Precondition: the caller cannot migrate until it is done with the result.
 * Not volatile, like the kernel's arch_raw_cpu_ptr(): the compiler may reuse
 * it, but not across a barrier (every preemption toggle is one).
 */
[[gnu::always_inline]] inline unsigned long this_cpu_offset()
{
	unsigned long off;

	asm("movq %%gs:%1, %0" : "=r"(off) : "m"(this_cpu_off));
	return off;
}

/*
 * raw_smp_processor_id(). Precondition: the caller cannot migrate, or
 * accepts a possibly stale answer.
 */
[[gnu::always_inline]] inline unsigned int raw_cpu_id()
{
	unsigned int cpu;

	asm volatile("movl %%gs:%1, %0" : "=r"(cpu) : "m"(cpu_number));
	return cpu;
}

/* incl/decl %gs:__preempt_count: one instruction, so safe anywhere. */
[[gnu::always_inline]] inline void preempt_count_inc_raw()
{
	asm volatile("incl %%gs:%0" : "+m"(__preempt_count));
}

[[gnu::always_inline]] inline void preempt_count_dec_raw()
{
	asm volatile("decl %%gs:%0" : "+m"(__preempt_count));
}

/* decl, then "did it reach zero": zero means "count is 0 and a reschedule
 * is due", since x86 keeps NEED_RESCHED inverted in the top bit. */
[[gnu::always_inline]] inline bool preempt_count_dec_and_test_raw()
{
	bool zero;

	asm volatile("decl %%gs:%0" : "+m"(__preempt_count), "=@ccz"(zero));
	return zero;
}

/* should_resched(0): count 0 and NEED_RESCHED set. */
[[gnu::always_inline]] inline bool should_resched_raw()
{
	bool zero;

	asm volatile("cmpl $0, %%gs:%1" : "=@ccz"(zero) : "m"(__preempt_count));
	return zero;
}

/*
 * The per-CPU byte operations behind the debug borrow state (kpcpu/token.h):
 * one instruction each, every one a volatile asm with a "memory" clobber,
 * so none is dropped as dead (an interrupt may test the byte in between)
 * and no access to other memory moves across one.
 * Precondition for all: @var is a per-CPU address; the caller cannot migrate.
 */
[[gnu::always_inline]] inline bool this_cpu_byte_equals(const u8 &var, u8 value)
{
	bool equal;

	asm volatile("cmpb %2, %%gs:%1" : "=@ccz"(equal) : "m"(var), "qi"(value) : "memory");
	return equal;
}

[[gnu::always_inline]] inline void this_cpu_byte_write(u8 &var, u8 value)
{
	asm volatile("movb %1, %%gs:%0" : "=m"(var) : "qi"(value) : "memory");
}

[[gnu::always_inline]] inline void this_cpu_byte_inc(u8 &var)
{
	asm volatile("incb %%gs:%0" : "+m"(var) : : "memory");
}

[[gnu::always_inline]] inline void this_cpu_byte_dec(u8 &var)
{
	asm volatile("decb %%gs:%0" : "+m"(var) : : "memory");
}

/* preempt_count() without the NEED_RESCHED bit: for tests and debugging. */
[[gnu::always_inline]] inline unsigned int preempt_count_raw()
{
	unsigned int count;

	asm volatile("movl %%gs:%1, %0" : "=r"(count) : "m"(__preempt_count));
	return count & 0x7fffffffu;
}

} // namespace kpcpu::arch

#endif /* KPCPU_ARCH_X86_64_PERCPU_OPS_H */
