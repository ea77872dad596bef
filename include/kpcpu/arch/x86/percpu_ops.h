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
#ifndef KPCPU_ARCH_X86_PERCPU_OPS_H
#define KPCPU_ARCH_X86_PERCPU_OPS_H

#include <kpcpu/kernel_constants.h>
#include <kpcpu/types.h>

#define KPCPU_ASM_SYMBOL_(sym) #sym
#define KPCPU_ASM_SYMBOL(sym) KPCPU_ASM_SYMBOL_(sym)

namespace kpcpu::arch::x86 {

/*
 * The kernel's per-CPU variables behind this CPU's identity, where the
 * kernel's own code finds them on the target (kpcpu_kernel_facts.h, read
 * from the kernel at build time): this_cpu_off, the CPU number and the
 * preempt count are separate variables on 6.1 and fields of pcpu_hot on
 * 6.2 and later. Each base symbol is declared under a kpcpu name bound to
 * the kernel's symbol by an asm label, so no declaration here can collide
 * with one of the user's (a KPCPU_EXTERN_PER_CPU of this_cpu_off, say).
 * Reach them only through %gs.
 */
namespace kernel_percpu {
extern "C" unsigned char this_cpu_off_base[] asm(KPCPU_ASM_SYMBOL(KPCPU_FACT_THIS_CPU_OFF_SYMBOL));
extern "C" unsigned char cpu_number_base[] asm(KPCPU_ASM_SYMBOL(KPCPU_FACT_CPU_NUMBER_SYMBOL));
extern "C" unsigned char preempt_count_base[] asm(KPCPU_ASM_SYMBOL(KPCPU_FACT_PREEMPT_COUNT_SYMBOL));

/* The variables themselves: constant addresses, so an "m" operand of one
 * is "<symbol>+<offset>(%rip)", exactly the kernel's operand. */
[[gnu::always_inline]] inline unsigned long &this_cpu_off()
{
	return *reinterpret_cast<unsigned long *>(this_cpu_off_base + KPCPU_FACT_THIS_CPU_OFF_OFFSET);
}

[[gnu::always_inline]] inline int &cpu_number()
{
	return *reinterpret_cast<int *>(cpu_number_base + KPCPU_FACT_CPU_NUMBER_OFFSET);
}

[[gnu::always_inline]] inline int &preempt_count()
{
	return *reinterpret_cast<int *>(preempt_count_base + KPCPU_FACT_PREEMPT_COUNT_OFFSET);
}

#ifdef KPCPU_FACT_CURRENT_TASK_SYMBOL
extern "C" unsigned char current_task_base[] asm(KPCPU_ASM_SYMBOL(KPCPU_FACT_CURRENT_TASK_SYMBOL));

/* The running task's task_struct pointer ("current"). */
[[gnu::always_inline]] inline unsigned char *&current_task()
{
	return *reinterpret_cast<unsigned char **>(current_task_base + KPCPU_FACT_CURRENT_TASK_OFFSET);
}
#endif
} // namespace kernel_percpu

/*
 * This CPU's per-CPU base: per_cpu_ptr(p, this cpu) == p + this_cpu_offset().
 * Precondition: the caller cannot migrate until it is done with the result.
 * Not volatile, like the kernel's arch_raw_cpu_ptr(): the compiler may reuse
 * it, but not across a barrier (every preemption toggle is one).
 */
[[gnu::always_inline]] inline unsigned long this_cpu_offset()
{
	unsigned long off;

	asm("movq %%gs:%1, %0" : "=r"(off) : "m"(kernel_percpu::this_cpu_off()));
	return off;
}

/*
 * raw_smp_processor_id(). Precondition: the caller cannot migrate, or
 * accepts a possibly stale answer.
 */
[[gnu::always_inline]] inline unsigned int raw_cpu_id()
{
	unsigned int cpu;

	asm volatile("movl %%gs:%1, %0" : "=r"(cpu) : "m"(kernel_percpu::cpu_number()));
	return cpu;
}

/* incl/decl of the preempt count: one instruction, so safe anywhere. */
[[gnu::always_inline]] inline void preempt_count_inc_raw()
{
	asm volatile("incl %%gs:%0" : "+m"(kernel_percpu::preempt_count()));
}

[[gnu::always_inline]] inline void preempt_count_dec_raw()
{
	asm volatile("decl %%gs:%0" : "+m"(kernel_percpu::preempt_count()));
}

/* decl, then "did it reach zero": zero means "count is 0 and a reschedule
 * is due", since x86 keeps NEED_RESCHED inverted in the top bit. */
[[gnu::always_inline]] inline bool preempt_count_dec_and_test_raw()
{
	bool zero;

	asm volatile("decl %%gs:%0" : "+m"(kernel_percpu::preempt_count()), "=@ccz"(zero));
	return zero;
}

/*
 * The preempt count as the kernel's raw_cpu_read_4() reads it: not
 * volatile, with the NEED_RESCHED bit (_masked: without it, preempt_count()).
 * Precondition: preemption disabled, or a stale answer is acceptable.
 */
[[gnu::always_inline]] inline unsigned int preempt_count_read()
{
	unsigned int count;

	asm("movl %%gs:%1, %0" : "=r"(count) : "m"(kernel_percpu::preempt_count()));
	return count;
}

[[gnu::always_inline]] inline unsigned int preempt_count_read_masked()
{
	return preempt_count_read() & ~static_cast<unsigned int>(KPCPU_FACT_PREEMPT_NEED_RESCHED);
}

#ifdef KPCPU_FACT_CURRENT_TASK_SYMBOL
/* "current", as the kernel's this_cpu_read_stable(): may be reused, as the
 * task does not change under the running code. */
[[gnu::always_inline]] inline const unsigned char *current_task()
{
	const unsigned char *task;

	// "p" and %P: an absolute %gs operand, not rip-relative, as the
	// kernel's percpu_stable_op emits it.
	asm("movq %%gs:%P1, %0" : "=r"(task) : "p"(&kernel_percpu::current_task()));
	return task;
}
#endif

/* should_resched(0) without 6.1 RT's lazy tail: count 0 and NEED_RESCHED
 * set. As the kernel has it: a raw_cpu_read_4() compared in C (so "mov;
 * test", not one cmpl - scripts/codegen.sh checks the guard is identical). */
[[gnu::always_inline]] inline bool should_resched_raw()
{
	return preempt_count_read() == 0;
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

} // namespace kpcpu::arch::x86

#endif /* KPCPU_ARCH_X86_PERCPU_OPS_H */
