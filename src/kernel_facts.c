// SPDX-License-Identifier: GPL-2.0
/*
 * What kpcpu's C++ must know about the target kernel, read from the kernel
 * itself at build time - the way the kernel's own asm-offsets works.
 *
 * kbuild compiles this file against the target kernel's headers, with its
 * flags, to assembly only (never to an object); scripts/gen-kernel-facts.sh
 * turns that assembly into kpcpu_kernel_facts.h, which C++ includes through
 * include/kpcpu/kernel_constants.h. Two kinds of fact:
 *
 *  - KPCPU_FACT(name, value): a constant the compiler evaluated (a size, an
 *    offset, a flag value), emitted as a marker string.
 *  - KPCPU_PROBE_*(name, ...): a function that runs one of the kernel's own
 *    inline functions or macros (preempt_count(), raw_smp_processor_id(),
 *    __preempt_schedule(), ...). The script reads from its compiled code the
 *    %gs-relative operand or the call target the kernel uses - so where the
 *    preempt count lives (__preempt_count on 6.1, a field of pcpu_hot on
 *    6.2+) is the compiler's answer, not a version check here.
 *
 * A kernel line that moves one of these needs no edit as long as this file
 * compiles against it. src/kernel_glue.c checks the values C++ uses against
 * the kernel's again, next to the real headers.
 */
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/spinlock.h>
#include <linux/local_lock.h>
#include <linux/percpu.h>
#include <linux/percpu-refcount.h>
#include <linux/percpu_counter.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/thread_info.h>

#define KPCPU_FACT(name, value)						\
	({								\
		asm volatile("\n.ascii \"@kpcpu-fact " #name " %0\""	\
			     : : "i" ((long)(value)));			\
	})

/* A function whose code is the kernel's @expr, evaluated into a register. */
#define KPCPU_PROBE_READ(name, expr)					\
	static void __used kpcpu_probe_##name(void)			\
	{								\
		asm volatile("" : : "r" (expr));			\
	}

/* A function whose code is the kernel's statement @stmt. */
#define KPCPU_PROBE_CALL(name, stmt)					\
	static void __used kpcpu_probe_##name(void)			\
	{								\
		stmt;							\
	}

/*
 * Where the per-CPU variables behind the CPU's identity live: on x86_64
 * three %gs-relative variables; on arm64 the CPU number is a per-CPU
 * variable (the offset is a system register) and the preempt count is in
 * the task's thread_info.
 */
#ifdef CONFIG_X86_64
KPCPU_PROBE_READ(this_cpu_off, __my_cpu_offset)
KPCPU_PROBE_READ(preempt_count, preempt_count())
#endif
KPCPU_PROBE_READ(cpu_number, raw_smp_processor_id())

#ifdef CONFIG_PREEMPTION
/* What preempt_enable() calls when the count drops to 0 with a resched due. */
KPCPU_PROBE_CALL(preempt_schedule, __preempt_schedule())
#ifdef CONFIG_ARM64
/* ... and preempt_enable_notrace(), around arm64's this_cpu_* operations. */
KPCPU_PROBE_CALL(preempt_schedule_notrace, __preempt_schedule_notrace())
#endif
#endif

#ifdef CONFIG_ARM64
/*
 * kpcpu/arch/arm64/: the preempt count's place in thread_info, and the CPU
 * capabilities whose alternatives kpcpu emits (their numbers are generated
 * per kernel from arch/arm64/tools/cpucaps): the per-CPU offset's register
 * under VHE, LSE atomics, and the flag bit of a callback alternative.
 */
static void __used kpcpu_arm64_facts(void)
{
	KPCPU_FACT(TASK_THREAD_INFO, offsetof(struct task_struct, thread_info));
	KPCPU_FACT(TI_PREEMPT_COUNT, offsetof(struct thread_info, preempt_count));
	KPCPU_FACT(ARM64_HAS_VIRT_HOST_EXTN, ARM64_HAS_VIRT_HOST_EXTN);
	KPCPU_FACT(ARM64_HAS_LSE_ATOMICS, ARM64_HAS_LSE_ATOMICS);
	KPCPU_FACT(ARM64_CB_SHIFT, ARM64_CB_SHIFT);
}
#endif

/*
 * PREEMPT_RT's lazy preemption as the 6.1 RT patches do it: preempt_enable()
 * also checks the task's lazy count and TIF_NEED_RESCHED_LAZY. (The lazy
 * model merged upstream later has no such check: there preempt_enable() is
 * the plain one, and inc_preempt_lazy_count does not exist.)
 */
#if defined(CONFIG_PREEMPT_LAZY) && defined(inc_preempt_lazy_count)
KPCPU_PROBE_READ(current_task, get_current())
#define KPCPU_ENABLE_CHECKS_LAZY 1
#else
#define KPCPU_ENABLE_CHECKS_LAZY 0
#endif

/*
 * kpcpu::IrqGuard and kpcpu::LocalLocked (irq_guard.h, local_lock.h): the
 * layout of local_lock_t (empty on a non-RT kernel without lockdep), and
 * whether local_lock() is nothing but preempt_disable() - not on PREEMPT_RT
 * (migrate_disable() and a per-CPU spinlock) nor with DEBUG_LOCK_ALLOC
 * (lockdep's map and the owner), where C++ calls the kernel's own macros in
 * src/local_lock_glue.c. EFLAGS.IF: what local_irq_restore() tests.
 */
static void kpcpu_local_lock_facts(void)
{
	KPCPU_FACT(LOCAL_LOCK_SIZE, sizeof(local_lock_t));
	KPCPU_FACT(LOCAL_LOCK_ALIGN, __alignof__(local_lock_t));
	KPCPU_FACT(LOCAL_LOCK_IS_PREEMPT_DISABLE,
		   !IS_ENABLED(CONFIG_PREEMPT_RT) && !IS_ENABLED(CONFIG_DEBUG_LOCK_ALLOC));
#ifdef CONFIG_X86_64
	KPCPU_FACT(X86_EFLAGS_IF, X86_EFLAGS_IF);
#endif
}

static void __used kpcpu_kernel_facts(void)
{
	KPCPU_FACT(PREEMPT_NEED_RESCHED, PREEMPT_NEED_RESCHED);
	KPCPU_FACT(PREEMPT_ENABLE_CHECKS_LAZY, KPCPU_ENABLE_CHECKS_LAZY);
#if KPCPU_ENABLE_CHECKS_LAZY && !defined(CONFIG_ARM64)
	KPCPU_FACT(TASK_THREAD_INFO, offsetof(struct task_struct, thread_info));
	KPCPU_FACT(TI_FLAGS, offsetof(struct thread_info, flags));
	KPCPU_FACT(TI_PREEMPT_LAZY_COUNT, offsetof(struct thread_info, preempt_lazy_count));
	KPCPU_FACT(TIF_NEED_RESCHED_LAZY, TIF_NEED_RESCHED_LAZY);
#endif
	KPCPU_FACT(PERCPU_MODULE_RESERVE, PERCPU_MODULE_RESERVE);
	KPCPU_FACT(PERCPU_DYNAMIC_MAX, PCPU_MIN_UNIT_SIZE);
	KPCPU_FACT(PAGE_SIZE, PAGE_SIZE);
	KPCPU_FACT(GFP_KERNEL, (__force unsigned int)GFP_KERNEL);
	KPCPU_FACT(GFP_ATOMIC, (__force unsigned int)GFP_ATOMIC);
	KPCPU_FACT(GFP_NOWAIT, (__force unsigned int)GFP_NOWAIT);
	KPCPU_FACT(GFP_ZERO, (__force unsigned int)__GFP_ZERO);
	KPCPU_FACT(GFP_NOWARN, (__force unsigned int)__GFP_NOWARN);
	KPCPU_FACT(GFP_ACCOUNT, (__force unsigned int)__GFP_ACCOUNT);
	KPCPU_FACT(GFP_DIRECT_RECLAIM, (__force unsigned int)__GFP_DIRECT_RECLAIM);
	KPCPU_FACT(EPERM, EPERM);
	KPCPU_FACT(ENOENT, ENOENT);
	KPCPU_FACT(EIO, EIO);
	KPCPU_FACT(EAGAIN, EAGAIN);
	KPCPU_FACT(ENOMEM, ENOMEM);
	KPCPU_FACT(EFAULT, EFAULT);
	KPCPU_FACT(EBUSY, EBUSY);
	KPCPU_FACT(EEXIST, EEXIST);
	KPCPU_FACT(ENODEV, ENODEV);
	KPCPU_FACT(ENXIO, ENXIO);
	KPCPU_FACT(EINVAL, EINVAL);
	KPCPU_FACT(ENOSPC, ENOSPC);
	kpcpu_local_lock_facts();
}

/*
 * kpcpu::PerCpuCounter and kpcpu::PerCpuRef (include/kpcpu/percpu_counter.h,
 * percpu_ref.h) embed the kernel's own structs as opaque storage: their
 * size and alignment, the members the inline fast paths touch, and the
 * percpu_ref mode bits and init flags. src/percpu_counter_glue.c and
 * src/percpu_ref_glue.c check each against the kernel's once more.
 */
static void __used kpcpu_counter_ref_facts(void)
{
	KPCPU_FACT(PERCPU_COUNTER_SIZE, sizeof(struct percpu_counter));
	KPCPU_FACT(PERCPU_COUNTER_ALIGN, __alignof__(struct percpu_counter));
	KPCPU_FACT(PERCPU_COUNTER_COUNT, offsetof(struct percpu_counter, count));
	KPCPU_FACT(PERCPU_COUNTER_COUNTERS, offsetof(struct percpu_counter, counters));
	KPCPU_FACT(PERCPU_REF_SIZE, sizeof(struct percpu_ref));
	KPCPU_FACT(PERCPU_REF_ALIGN, __alignof__(struct percpu_ref));
	KPCPU_FACT(PERCPU_REF_COUNT_PTR, offsetof(struct percpu_ref, percpu_count_ptr));
	KPCPU_FACT(PERCPU_REF_DATA, offsetof(struct percpu_ref, data));
	KPCPU_FACT(PERCPU_REF_DATA_COUNT, offsetof(struct percpu_ref_data, count));
	KPCPU_FACT(PERCPU_REF_ATOMIC, __PERCPU_REF_ATOMIC);
	KPCPU_FACT(PERCPU_REF_DEAD, __PERCPU_REF_DEAD);
	KPCPU_FACT(PERCPU_REF_ATOMIC_DEAD, __PERCPU_REF_ATOMIC_DEAD);
	KPCPU_FACT(PERCPU_REF_INIT_ATOMIC, PERCPU_REF_INIT_ATOMIC);
	KPCPU_FACT(PERCPU_REF_INIT_DEAD, PERCPU_REF_INIT_DEAD);
	KPCPU_FACT(PERCPU_REF_ALLOW_REINIT, PERCPU_REF_ALLOW_REINIT);
}
