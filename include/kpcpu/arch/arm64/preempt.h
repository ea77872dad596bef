/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64: preempt_disable() and preempt_enable() exactly as the kernel
 * expands them for the target's configuration (include/linux/preempt.h,
 * arch/arm64/include/asm/preempt.h), chosen at compile time from autoconf.h:
 *
 *   no PREEMPT_COUNT          a compiler barrier, nothing else (Debian's
 *                             arm64 kernel: PREEMPT_VOLUNTARY)
 *   PREEMPT_COUNT             the count in the task's thread_info, read and
 *                             written back (the task's own word: migration
 *                             does not matter)
 *   + PREEMPTION              the 64-bit word holding count and inverted
 *                             need-resched decremented; if it is 0 - now,
 *                             or when read again - call the scheduler
 *                             through what __preempt_schedule() calls on
 *                             the target (preempt_schedule, or
 *                             dynamic_preempt_schedule with PREEMPT_DYNAMIC)
 *   + DEBUG_PREEMPT or        the out-of-line preempt_count_add/sub(1),
 *     TRACE_PREEMPT_TOGGLE    then should_resched(0)
 *
 * The _notrace pair is what the kernel's this_cpu_* operations use around
 * their access (_pcp_protect): the inline count even under DEBUG_PREEMPT,
 * and __preempt_schedule_notrace(). Where the count lives and what the
 * scheduler calls are read from the kernel at build time
 * (kpcpu_kernel_facts.h); scripts/codegen.sh checks the guard instruction
 * for instruction against the kernel's C ("codegen guard"). No target
 * needs a call into the glue.
 *
 *	kpcpu::arch::preempt_disable();
 *	// ... cannot migrate here ...
 *	kpcpu::arch::preempt_enable();
 *
 * Use kpcpu::CpuGuard instead: it pairs them and proves it in the type.
 */
#ifndef KPCPU_ARCH_ARM64_PREEMPT_H
#define KPCPU_ARCH_ARM64_PREEMPT_H

#include <kpcpu/arch/arm64/percpu_ops.h>
#include <kpcpu/config.h>

#if KPCPU_FACT_PREEMPT_ENABLE_CHECKS_LAZY
#error "kpcpu: the 6.1 RT patches' lazy preemption is implemented for x86_64 only (arch/x86/preempt.h)"
#endif

#if defined(CONFIG_DEBUG_PREEMPT) || defined(CONFIG_TRACE_PREEMPT_TOGGLE)
#define KPCPU_PREEMPT_COUNT_OUT_OF_LINE 1
extern "C" {
void preempt_count_add(int val);
void preempt_count_sub(int val);
}
#endif

#ifdef CONFIG_PREEMPTION
extern "C" {
void kpcpu_arm64_preempt_schedule() asm(KPCPU_FACT_PREEMPT_SCHEDULE_CALL);
void kpcpu_arm64_preempt_schedule_notrace() asm(KPCPU_FACT_PREEMPT_SCHEDULE_NOTRACE_CALL);
}
#endif

namespace kpcpu::arch::arm64 {

[[gnu::always_inline]] inline void compiler_barrier()
{
	asm volatile("" ::: "memory");
}

/* The kernel's cpu_relax(): in a busy-wait loop, "yield". */
[[gnu::always_inline]] inline void cpu_relax()
{
	asm volatile("yield" ::: "memory");
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
	if (__builtin_expect(should_resched_raw(), 0))
		kpcpu_arm64_preempt_schedule();
#else
	if (__builtin_expect(preempt_count_dec_and_test_raw(), 0))
		kpcpu_arm64_preempt_schedule();
#endif
#elif defined(CONFIG_PREEMPT_COUNT)
#ifdef KPCPU_PREEMPT_COUNT_OUT_OF_LINE
	preempt_count_sub(1);
#else
	preempt_count_dec_raw();
#endif
#endif
}

/* preempt_disable_notrace()/preempt_enable_notrace(): around the
 * this_cpu_* operations (kpcpu/arch/arm64/percpu_numeric.h). */
[[gnu::always_inline]] inline void preempt_disable_notrace()
{
#ifdef CONFIG_PREEMPT_COUNT
	preempt_count_inc_raw();
#endif
	compiler_barrier();
}

[[gnu::always_inline]] inline void preempt_enable_notrace()
{
	compiler_barrier();
#if defined(CONFIG_PREEMPT_COUNT) && defined(CONFIG_PREEMPTION)
	if (__builtin_expect(preempt_count_dec_and_test_raw(), 0))
		kpcpu_arm64_preempt_schedule_notrace();
#elif defined(CONFIG_PREEMPT_COUNT)
	preempt_count_dec_raw();
#endif
}

} // namespace kpcpu::arch::arm64

#endif /* KPCPU_ARCH_ARM64_PREEMPT_H */
