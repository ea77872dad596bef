/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64: the raw per-CPU operations the rest of kpcpu is built on.
 *
 * arm64 has no per-CPU addressing mode. A per-CPU variable's address is
 * an offset; a system register holds this CPU's base - tpidr_el1, or
 * tpidr_el2 when the kernel runs at EL2 with VHE, chosen by the boot's
 * alternatives patching (kpcpu/arch/arm64/alternative.h). Reading the base
 * and then using it is two steps, so it is only meaningful while the task
 * cannot migrate; what must hold against an interrupt on this CPU as well
 * (the this_cpu_* operations, kpcpu/arch/arm64/percpu_numeric.h) is one
 * single-copy-atomic instruction or load/store-exclusive loop on this CPU's
 * copy, with preemption off around finding the copy.
 *
 *	kpcpu::CpuGuard guard;
 *	unsigned long base = kpcpu::arch::this_cpu_offset();	// valid while guard lives
 *	kpcpu_printk(KPCPU_KERN_INFO "CPU %u: per-CPU base %lx\n", guard.cpu(), base);
 *
 * These are the kernel's own forms (arch/arm64/include/asm/percpu.h,
 * current.h, smp.h), one always-inline function each.
 */
#ifndef KPCPU_ARCH_ARM64_PERCPU_OPS_H
#define KPCPU_ARCH_ARM64_PERCPU_OPS_H

#include <kpcpu/arch/arm64/alternative.h>
#include <kpcpu/kernel_constants.h>
#include <kpcpu/types.h>

#define KPCPU_ASM_SYMBOL_(sym) #sym
#define KPCPU_ASM_SYMBOL(sym) KPCPU_ASM_SYMBOL_(sym)

namespace kpcpu::arch::arm64 {

namespace kernel_percpu {
/* The kernel's per-CPU CPU number, where raw_smp_processor_id() reads it
 * (kpcpu_kernel_facts.h), under a kpcpu name bound by an asm label. */
extern "C" unsigned char cpu_number_base[] asm(KPCPU_ASM_SYMBOL(KPCPU_FACT_CPU_NUMBER_SYMBOL));
} // namespace kernel_percpu

/*
 * This CPU's per-CPU base: per_cpu_ptr(p, this cpu) == p + this_cpu_offset().
 * Precondition: the caller cannot migrate until it is done with the result.
 * Not volatile, as the kernel's __kern_my_cpu_offset(): the compiler may
 * reuse the value, but not across a barrier - the fake read of the stack
 * makes every "memory" clobber (each preemption toggle) a hazard for it.
 */
[[gnu::always_inline]] inline unsigned long this_cpu_offset()
{
	unsigned long off;
	register unsigned long stack_pointer asm("sp");

	asm(KPCPU_ARM64_ALTERNATIVE("mrs %0, tpidr_el1", "mrs %0, tpidr_el2",
				    KPCPU_FACT_ARM64_HAS_VIRT_HOST_EXTN)
	    : "=r"(off)
	    : "Q"(*reinterpret_cast<const unsigned long *>(stack_pointer)));
	return off;
}

/*
 * raw_smp_processor_id(): this CPU's copy of cpu_number. Precondition: the
 * caller cannot migrate, or accepts a possibly stale answer.
 */
[[gnu::always_inline]] inline unsigned int raw_cpu_id()
{
	const unsigned char *number = kernel_percpu::cpu_number_base + KPCPU_FACT_CPU_NUMBER_OFFSET;

	return *reinterpret_cast<const int *>(number + this_cpu_offset());
}

/*
 * The running task's thread_info: "current" is in sp_el0 while the kernel
 * runs, and thread_info is inside task_struct (THREAD_INFO_IN_TASK). Not
 * volatile: the task does not change under the running code.
 */
[[gnu::always_inline]] inline unsigned char *current_thread_info()
{
	unsigned long task;

	asm("mrs %0, sp_el0" : "=r"(task));
	return reinterpret_cast<unsigned char *>(task) + KPCPU_FACT_TASK_THREAD_INFO;
}

/*
 * The preempt count and, folded above it, the inverted need-resched bit:
 * one 64-bit word in thread_info whose low half is the count. The task's
 * own word, so no precondition beyond the kernel's own: an interrupt may
 * set need-resched (clear the bit) between a read and a write of the low
 * half, which is why the writes below touch the low half only.
 */
[[gnu::always_inline]] inline volatile u64 &preempt_word()
{
	return *reinterpret_cast<volatile u64 *>(current_thread_info() + KPCPU_FACT_TI_PREEMPT_COUNT);
}

[[gnu::always_inline]] inline volatile u32 &preempt_count_field()
{
	return *reinterpret_cast<volatile u32 *>(current_thread_info() + KPCPU_FACT_TI_PREEMPT_COUNT);
}

/* __preempt_count_add(1)/__preempt_count_sub(1): read, write the count. */
[[gnu::always_inline]] inline void preempt_count_inc_raw()
{
	preempt_count_field() = preempt_count_field() + 1;
}

[[gnu::always_inline]] inline void preempt_count_dec_raw()
{
	preempt_count_field() = preempt_count_field() - 1;
}

/*
 * __preempt_count_dec_and_test(): the whole word, decremented, has its low
 * half written back; true if the word became 0 (count 0, reschedule due),
 * or if it reads 0 again now (an interrupt asked for the reschedule
 * between the read and the write).
 */
[[gnu::always_inline]] inline bool preempt_count_dec_and_test_raw()
{
	u64 word = preempt_word();

	preempt_count_field() = static_cast<u32>(--word);
	return !word || !preempt_word();
}

/* preempt_count(): the count, without the need-resched half. */
[[gnu::always_inline]] inline unsigned int preempt_count_read_masked()
{
	return preempt_count_field();
}

/* should_resched(0): the whole word is 0. */
[[gnu::always_inline]] inline bool should_resched_raw()
{
	return preempt_word() == 0;
}

/*
 * The per-CPU byte operations behind the debug borrow state (kpcpu/token.h).
 * Each is one single-copy-atomic access or atomic add on this CPU's byte
 * (the kernel's this_cpu_add_1 without its preemption toggle: LSE stadd, or
 * an exclusive loop), so an interrupt on this CPU that borrows in between
 * sees the byte before or after, never a torn update; every one a volatile
 * asm with a "memory" clobber, so none is dropped as dead or reordered
 * with the accesses it guards.
 * Precondition for all: @var is a per-CPU address; the caller cannot migrate.
 */
template <typename T>
[[gnu::always_inline]] inline T *this_cpu_copy(const T &var)
{
	return reinterpret_cast<T *>(reinterpret_cast<unsigned long>(&var) + this_cpu_offset());
}

[[gnu::always_inline]] inline bool this_cpu_byte_equals(const u8 &var, u8 value)
{
	u8 seen;

	asm volatile("ldrb %w0, %1" : "=r"(seen) : "Q"(*this_cpu_copy(var)) : "memory");
	return seen == value;
}

[[gnu::always_inline]] inline void this_cpu_byte_write(u8 &var, u8 value)
{
	asm volatile("strb %w1, %0" : "=Q"(*this_cpu_copy(var)) : "r"(value) : "memory");
}

[[gnu::always_inline]] inline void this_cpu_byte_add(u8 &var, u8 delta)
{
	unsigned int loop;
	u8 tmp;

	asm volatile(KPCPU_ARM64_ALTERNATIVE("1:	ldxrb	%w[tmp], %[ptr]\n\t"
					     "add	%w[tmp], %w[tmp], %w[val]\n\t"
					     "stxrb	%w[loop], %w[tmp], %[ptr]\n\t"
					     "cbnz	%w[loop], 1b",
					     KPCPU_ARM64_LSE_PREAMBLE "staddb	%w[val], %[ptr]\n\t"
								      "nop\n\tnop\n\tnop",
					     KPCPU_FACT_ARM64_HAS_LSE_ATOMICS)
		     : [loop] "=&r"(loop), [tmp] "=&r"(tmp), [ptr] "+Q"(*this_cpu_copy(var))
		     : [val] "r"(delta)
		     : "memory");
}

[[gnu::always_inline]] inline void this_cpu_byte_inc(u8 &var)
{
	this_cpu_byte_add(var, 1);
}

[[gnu::always_inline]] inline void this_cpu_byte_dec(u8 &var)
{
	this_cpu_byte_add(var, static_cast<u8>(-1));
}

} // namespace kpcpu::arch::arm64

#endif /* KPCPU_ARCH_ARM64_PERCPU_OPS_H */
