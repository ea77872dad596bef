/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86_64: preempt_disable() and preempt_enable() exactly as the kernel
 * expands them for the target's configuration (include/linux/preempt.h,
 * arch/x86/include/asm/preempt.h), chosen at compile time from autoconf.h:
 *
 *   no PREEMPT_COUNT          a compiler barrier, nothing else
 *   PREEMPT_COUNT             incl/decl %gs:__preempt_count
 *   + PREEMPTION              decl, and if it hit zero call the scheduler:
 *                             __SCT__preempt_schedule (PREEMPT_DYNAMIC, a
 *                             static-call trampoline) or preempt_schedule_thunk
 *   + DEBUG_PREEMPT or        the out-of-line preempt_count_add/sub(1), which
 *     TRACE_PREEMPT_TOGGLE    check and trace, then should_resched(0)
 *
 *	kpcpu::arch::preempt_disable();
 *	// ... cannot migrate here ...
 *	kpcpu::arch::preempt_enable();
 *
 * Use kpcpu::CpuGuard instead: it pairs them and proves it in the type.
 */
#ifndef KPCPU_ARCH_X86_64_PREEMPT_H
#define KPCPU_ARCH_X86_64_PREEMPT_H

#include <kpcpu/arch/x86_64/percpu_ops.h>
#include <kpcpu/config.h>

#if defined(CONFIG_DEBUG_PREEMPT) || defined(CONFIG_TRACE_PREEMPT_TOGGLE)
#define KPCPU_PREEMPT_COUNT_OUT_OF_LINE 1
extern "C" {
void preempt_count_add(int val);
void preempt_count_sub(int val);
}
#endif

namespace kpcpu::arch {

[[gnu::always_inline]] inline void compiler_barrier()
{
	asm volatile("" ::: "memory");
}

#ifdef CONFIG_PREEMPTION
/* __preempt_schedule(): a call the compiler does not see, so tell it the
 * stack pointer is used (ASM_CALL_CONSTRAINT), as the kernel does. */
[[gnu::always_inline]] inline void preempt_schedule_call()
{
	register unsigned long stack_pointer asm("rsp");
#ifdef CONFIG_PREEMPT_DYNAMIC
	asm volatile("call __SCT__preempt_schedule" : "+r"(stack_pointer));
#else
	asm volatile("call preempt_schedule_thunk" : "+r"(stack_pointer));
#endif
}
#endif

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
	if (__builtin_expect(should_resched_raw(), 0))
		preempt_schedule_call();
#else
	if (__builtin_expect(preempt_count_dec_and_test_raw(), 0))
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

} // namespace kpcpu::arch

#endif /* KPCPU_ARCH_X86_64_PREEMPT_H */
