/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86_64: preempt_disable() and preempt_enable() exactly as the kernel
 * expands them for the target's configuration (include/linux/preempt.h,
 * arch/x86/include/asm/preempt.h), chosen at compile time from autoconf.h:
 *
 *   no PREEMPT_COUNT          a compiler barrier, nothing else
 *   PREEMPT_COUNT             incl/decl of the per-CPU preempt count
 *   + PREEMPTION              decl, and if it hit zero call the scheduler
 *                             through what __preempt_schedule() calls on the
 *                             target: __SCT__preempt_schedule (PREEMPT_DYNAMIC,
 *                             a static-call trampoline) or preempt_schedule_thunk
 *   + DEBUG_PREEMPT or        the out-of-line preempt_count_add/sub(1), which
 *     TRACE_PREEMPT_TOGGLE    check and trace, then should_resched(0)
 *   + 6.1 RT's lazy           when the decl did not hit zero: if the count is
 *     preemption              now 0, the task's lazy count is 0 and
 *                             TIF_NEED_RESCHED_LAZY is set, call the scheduler
 *                             too (the RT patches' __preempt_count_dec_and_test
 *                             and should_resched)
 *
 * Where the count lives, what the scheduler call is and whether the lazy
 * tail exists are read from the kernel at build time (kpcpu_kernel_facts.h,
 * src/kernel_facts.c), not from its version; the configuration symbols
 * come from its autoconf.h. Every target kpcpu supports gets an exact
 * inline copy, checked instruction for instruction against the kernel's C
 * by scripts/codegen.sh ("codegen guard"); none needs a call into the glue.
 *
 *	kpcpu::arch::preempt_disable();
 *	// ... cannot migrate here ...
 *	kpcpu::arch::preempt_enable();
 *
 * Use kpcpu::CpuGuard instead: it pairs them and proves it in the type.
 */
#ifndef KPCPU_ARCH_X86_PREEMPT_H
#define KPCPU_ARCH_X86_PREEMPT_H

#include <kpcpu/arch/x86/percpu_ops.h>
#include <kpcpu/config.h>

#if defined(CONFIG_DEBUG_PREEMPT) || defined(CONFIG_TRACE_PREEMPT_TOGGLE)
#define KPCPU_PREEMPT_COUNT_OUT_OF_LINE 1
extern "C" {
void preempt_count_add(int val);
void preempt_count_sub(int val);
}
#endif

namespace kpcpu::arch::x86 {

[[gnu::always_inline]] inline void compiler_barrier()
{
	asm volatile("" ::: "memory");
}

/* The kernel's cpu_relax(): in a busy-wait loop, "pause". */
[[gnu::always_inline]] inline void cpu_relax()
{
	asm volatile("pause" ::: "memory");
}

#ifdef CONFIG_PREEMPTION
/* __preempt_schedule(): a call the compiler does not see, so tell it the
 * stack pointer is used (ASM_CALL_CONSTRAINT), as the kernel does. */
[[gnu::always_inline]] inline void preempt_schedule_call()
{
	register unsigned long stack_pointer asm("rsp");
	asm volatile("call " KPCPU_FACT_PREEMPT_SCHEDULE_CALL : "+r"(stack_pointer));
}
#endif

#if KPCPU_FACT_PREEMPT_ENABLE_CHECKS_LAZY
/*
 * 6.1 RT's lazy tail, asked when the count is 0 (nothing else holds off
 * preemption): the task's own lazy count must be 0 too, and a lazy
 * reschedule requested. "current" is this task wherever it runs, so the
 * reads need no precondition beyond the kernel's own.
 */
[[gnu::always_inline]] inline bool lazy_resched_due()
{
	const unsigned char *thread_info = current_task() + KPCPU_FACT_TASK_THREAD_INFO;

	if (*reinterpret_cast<const int *>(thread_info + KPCPU_FACT_TI_PREEMPT_LAZY_COUNT))
		return false;
	const volatile unsigned long *flags =
		reinterpret_cast<const volatile unsigned long *>(thread_info + KPCPU_FACT_TI_FLAGS);
	return (flags[KPCPU_FACT_TIF_NEED_RESCHED_LAZY / 64] >>
		(KPCPU_FACT_TIF_NEED_RESCHED_LAZY % 64)) & 1;
}
#endif

/* preempt_count_dec_and_test() of the target, without the debug variant. */
[[gnu::always_inline]] inline bool preempt_count_dec_and_test()
{
	if (preempt_count_dec_and_test_raw())
		return true;
#if KPCPU_FACT_PREEMPT_ENABLE_CHECKS_LAZY
	if (preempt_count_read_masked())
		return false;
	return lazy_resched_due();
#else
	return false;
#endif
}

/* should_resched(0) of the target: the count is 0 and a reschedule is due. */
[[gnu::always_inline]] inline bool should_resched()
{
#if KPCPU_FACT_PREEMPT_ENABLE_CHECKS_LAZY
	unsigned int count = preempt_count_read();

	if (count == 0)
		return true;
	if (count & ~static_cast<unsigned int>(KPCPU_FACT_PREEMPT_NEED_RESCHED))
		return false;
	return lazy_resched_due();
#else
	return should_resched_raw();
#endif
}

[[gnu::always_inline]] inline void preempt_disable()
{
#ifdef CONFIG_PREEMPT_COUNT
#ifdef KPCPU_PREEMPT_COUNT_OUT_OF_LINE
	preempt_count_add(1);
#else
	preempt_count_inc_raw();
#endif
#endif
	compiler_barrier();
}

[[gnu::always_inline]] inline void preempt_enable()
{
	compiler_barrier();
#if defined(CONFIG_PREEMPT_COUNT) && defined(CONFIG_PREEMPTION)
#ifdef KPCPU_PREEMPT_COUNT_OUT_OF_LINE
	preempt_count_sub(1);
	if (__builtin_expect(should_resched(), 0))
		preempt_schedule_call();
#else
	if (__builtin_expect(preempt_count_dec_and_test(), 0))
		preempt_schedule_call();
#endif
#elif defined(CONFIG_PREEMPT_COUNT)
#ifdef KPCPU_PREEMPT_COUNT_OUT_OF_LINE
	preempt_count_sub(1);
#else
	preempt_count_dec_raw();
#endif
#endif
}

} // namespace kpcpu::arch::x86

#endif /* KPCPU_ARCH_X86_PREEMPT_H */
