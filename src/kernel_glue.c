// SPDX-License-Identifier: GPL-2.0
/*
 * C glue for kpcpu's C++: the kernel facilities that exist only as macros or
 * inline functions, wrapped in real functions with the declarations of
 * include/kpcpu/kernel_api.h, and the compile-time check that the constants
 * C++ uses (include/kpcpu/kernel_constants.h) are the kernel's.
 */
#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/thread_info.h>
#ifdef CONFIG_ARM64
#include <asm/alternative.h>
#endif

#include <kpcpu/kernel_api.h>
#include <kpcpu/kernel_api_counter_ref.h>
#include <kpcpu/kernel_constants.h>
#ifdef KPCPU_FAULT_INJECTION
/* Test builds only: kunit/include/ is on their include path. */
#include <kpcpu_kunit_bridge.h>
#endif

static_assert(KPCPU_GFP_KERNEL == (__force unsigned int)GFP_KERNEL, "GFP_KERNEL changed");
static_assert(KPCPU_GFP_ATOMIC == (__force unsigned int)GFP_ATOMIC, "GFP_ATOMIC changed");
static_assert(KPCPU_GFP_NOWAIT == (__force unsigned int)GFP_NOWAIT, "GFP_NOWAIT changed");
static_assert(KPCPU_GFP_ZERO == (__force unsigned int)__GFP_ZERO, "__GFP_ZERO changed");
static_assert(KPCPU_GFP_NOWARN == (__force unsigned int)__GFP_NOWARN, "__GFP_NOWARN changed");
static_assert(KPCPU_GFP_ACCOUNT == (__force unsigned int)__GFP_ACCOUNT, "__GFP_ACCOUNT changed");
static_assert(KPCPU_GFP_DIRECT_RECLAIM == (__force unsigned int)__GFP_DIRECT_RECLAIM,
	      "__GFP_DIRECT_RECLAIM changed");
#ifdef CONFIG_ARM64
/*
 * kpcpu/arch/arm64/ emits alternatives itself (alternative.h) and reads the
 * preempt count from thread_info (preempt.h): the layout and numbers it
 * uses, against the kernel's.
 */
static_assert(sizeof(struct alt_instr) == 12 &&
	      offsetof(struct alt_instr, orig_offset) == 0 &&
	      offsetof(struct alt_instr, alt_offset) == 4 &&
	      offsetof(struct alt_instr, cpufeature) == 8 &&
	      offsetof(struct alt_instr, orig_len) == 10 &&
	      offsetof(struct alt_instr, alt_len) == 11,
	      "struct alt_instr changed: kpcpu/arch/arm64/alternative.h writes it");
static_assert(KPCPU_FACT_ARM64_HAS_LSE_ATOMICS == ARM64_HAS_LSE_ATOMICS,
	      "ARM64_HAS_LSE_ATOMICS differs from the kernel's");
static_assert(KPCPU_FACT_ARM64_HAS_VIRT_HOST_EXTN == ARM64_HAS_VIRT_HOST_EXTN,
	      "ARM64_HAS_VIRT_HOST_EXTN differs from the kernel's");
static_assert(KPCPU_FACT_ARM64_CB_SHIFT == ARM64_CB_SHIFT,
	      "ARM64_CB_SHIFT differs from the kernel's");
static_assert(sizeof(current_thread_info()->preempt_count) == 8 &&
	      sizeof(current_thread_info()->preempt.count) == 4 &&
	      offsetof(struct thread_info, preempt.count) == KPCPU_FACT_TI_PREEMPT_COUNT,
	      "arm64 thread_info's preempt count changed: kpcpu/arch/arm64/percpu_ops.h reads it");
static_assert(BIT_ULL(32) == PREEMPT_NEED_RESCHED,
	      "arm64's inverted need-resched bit moved: kpcpu/arch/arm64/percpu_ops.h folds it");
#endif
static_assert(sizeof(gfp_t) == sizeof(unsigned int), "gfp_t is not an unsigned int");
static_assert(KPCPU_PERCPU_MODULE_RESERVE == PERCPU_MODULE_RESERVE, "PERCPU_MODULE_RESERVE changed");
static_assert(sizeof(struct kpcpu_cpumask) == sizeof(struct cpumask), "struct cpumask changed");
static_assert(KPCPU_PERCPU_DYNAMIC_MAX == PCPU_MIN_UNIT_SIZE, "PCPU_MIN_UNIT_SIZE changed");
static_assert(KPCPU_PAGE_SIZE == PAGE_SIZE, "PAGE_SIZE changed");
static_assert(KPCPU_EPERM == EPERM && KPCPU_ENOENT == ENOENT && KPCPU_EIO == EIO &&
	      KPCPU_EAGAIN == EAGAIN && KPCPU_ENOMEM == ENOMEM && KPCPU_EFAULT == EFAULT &&
	      KPCPU_EBUSY == EBUSY && KPCPU_EEXIST == EEXIST && KPCPU_ENODEV == ENODEV && KPCPU_ENXIO == ENXIO &&
	      KPCPU_EINVAL == EINVAL && KPCPU_ENOSPC == ENOSPC, "errno values changed");
#ifndef __CHECKER__ /* sparse does not take string subscripts as constants */
static_assert(sizeof(KPCPU_KERN_EMERG) == sizeof(KERN_EMERG) &&
	      KPCPU_KERN_EMERG[1] == KERN_EMERG[1] && KPCPU_KERN_ALERT[1] == KERN_ALERT[1] &&
	      KPCPU_KERN_CRIT[1] == KERN_CRIT[1] && KPCPU_KERN_ERR[1] == KERN_ERR[1] &&
	      KPCPU_KERN_WARNING[1] == KERN_WARNING[1] && KPCPU_KERN_NOTICE[1] == KERN_NOTICE[1] &&
	      KPCPU_KERN_INFO[1] == KERN_INFO[1] && KPCPU_KERN_DEBUG[1] == KERN_DEBUG[1] &&
	      KPCPU_KERN_CONT[1] == KERN_CONT[1], "printk levels changed");
#endif

int kpcpu_printk(const char *fmt, ...)
{
	va_list args;
	int ret;

	va_start(args, fmt);
	ret = vprintk(fmt, args);
	va_end(args);
	return ret;
}

#ifdef KPCPU_FAULT_INJECTION
/* Allocations until one fails: 0 disarmed, 1 the next one fails. */
static atomic_t kpcpu_allocs_until_failure = ATOMIC_INIT(0);

void kpcpu_fault_inject_alloc(unsigned int nth)
{
	atomic_set(&kpcpu_allocs_until_failure, nth);
}

/* True for the one allocation that was told to fail. */
static bool kpcpu_injected_failure(void)
{
	return atomic_dec_if_positive(&kpcpu_allocs_until_failure) == 0;
}

/* The same, for the allocations of the other glue files (percpu_counter, percpu_ref). */
bool kpcpu_fault_injected(void)
{
	return kpcpu_injected_failure();
}
#else
static bool kpcpu_injected_failure(void)
{
	return false;
}
#endif

static atomic_long_t kpcpu_reports;

/*
 * PREEMPT_RT: the slab and per-CPU allocators take sleeping locks, so no
 * allocation may happen with preemption or interrupts disabled, whatever
 * the gfp flags (GFP_ATOMIC included). The C++ types cannot see a guard
 * held further up the stack, so this is checked here: refused, reported
 * with the allocating caller, counted; the factory returns an empty handle.
 */
static bool kpcpu_alloc_forbidden(void *caller)
{
	if (!IS_ENABLED(CONFIG_PREEMPT_RT) || preemptible())
		return false;
	atomic_long_inc(&kpcpu_reports);
	pr_err("kpcpu: allocation with preemption or interrupts disabled refused: PREEMPT_RT forbids it; allocate before taking the guard (from %pS)\n",
	       caller);
	return true;
}

void *kpcpu_kmalloc(size_t size, unsigned int gfp)
{
	if (kpcpu_alloc_forbidden(__builtin_return_address(0)) || kpcpu_injected_failure())
		return NULL;
	return kmalloc(size, (__force gfp_t)gfp);
}

void *kpcpu_alloc_percpu(size_t size, size_t align, unsigned int gfp)
{
	if (kpcpu_alloc_forbidden(__builtin_return_address(0)) || kpcpu_injected_failure())
		return NULL;
	return (__force void *)__alloc_percpu_gfp(size, align, (__force gfp_t)gfp);
}

unsigned long kpcpu_irq_save(void)
{
	unsigned long flags;

	raw_local_irq_save(flags);
	return flags;
}

void kpcpu_irq_restore(unsigned long flags)
{
	raw_local_irq_restore(flags);
}

/* The generic algorithm, on every CPU: interrupts off, compare both, set both. */
int kpcpu_this_cpu_cmpxchg_double(void *percpu_pair, unsigned long long old1,
				  unsigned long long old2, unsigned long long new1,
				  unsigned long long new2)
{
	u64 __percpu *pair = (u64 __percpu __force *)percpu_pair;
	unsigned long flags;
	u64 *words;
	int replaced;

	raw_local_irq_save(flags);
	words = raw_cpu_ptr(pair);
	replaced = words[0] == old1 && words[1] == old2;
	if (replaced) {
		words[0] = new1;
		words[1] = new2;
	}
	raw_local_irq_restore(flags);
	return replaced;
}

int kpcpu_raw_smp_processor_id(void)
{
	return raw_smp_processor_id();
}

int kpcpu_run_on_cpu(int cpu, void (*fn)(void *arg), void *arg)
{
	return smp_call_function_single(cpu, fn, arg, 1);
}

void kpcpu_on_each_cpu(void (*fn)(void *arg), void *arg, int wait)
{
	on_each_cpu(fn, arg, wait);
}

/* How many misuse reports this module made (kpcpu_reports); tests read it. */

unsigned long kpcpu_debug_reports(void)
{
	return atomic_long_read(&kpcpu_reports);
}

/*
 * The reports (kernel_api.h). Each names the module's call site and, where
 * it has one, the variable's name; a dynamic variable by its address.
 */
#define KPCPU_SITE_FMT " (at %s:%u in %s())"

/* "'hits'" for a named variable, "at <address>" for a dynamic one. */
struct kpcpu_var_desc {
	char text[80];
};

static const char *kpcpu_describe_var(struct kpcpu_var_desc *desc, const char *name,
				      const void *percpu_var)
{
	if (name)
		snprintf(desc->text, sizeof(desc->text), "'%s'", name);
	else
		snprintf(desc->text, sizeof(desc->text), "at %p", percpu_var);
	return desc->text;
}

/*
 * Called with preemption disabled (a token's guard), so the CPU is stable.
 */
void kpcpu_report_nested_token(const char *name, const void *percpu_var, const char *file,
			       unsigned int line, const char *function)
{
	struct kpcpu_var_desc desc;

	atomic_long_inc(&kpcpu_reports);
	pr_err("kpcpu: exclusive token on per-CPU variable %s on CPU %d while another token is lent: not run, it would alias" KPCPU_SITE_FMT "\n",
	       kpcpu_describe_var(&desc, name, percpu_var), raw_smp_processor_id(),
	       file, line, function);
}

void kpcpu_report_shared_token_conflict(const char *name, const void *percpu_var,
					const char *file, unsigned int line,
					const char *function)
{
	struct kpcpu_var_desc desc;

	atomic_long_inc(&kpcpu_reports);
	pr_err("kpcpu: shared token on per-CPU variable %s on CPU %d while an exclusive one is lent: not run, it would alias" KPCPU_SITE_FMT "\n",
	       kpcpu_describe_var(&desc, name, percpu_var), raw_smp_processor_id(),
	       file, line, function);
}

void kpcpu_report_empty_handle(const char *file, unsigned int line, const char *function)
{
	atomic_long_inc(&kpcpu_reports);
	pr_err("kpcpu: empty per-CPU handle used (default-constructed, moved-from or failed to allocate): no memory touched" KPCPU_SITE_FMT "\n",
	       file, line, function);
}

void kpcpu_report_refcell_conflict(const void *cell, int wanted_mut, const char *file,
				   unsigned int line, const char *function)
{
	atomic_long_inc(&kpcpu_reports);
	pr_err("kpcpu: RefCell %p already borrowed%s; %s borrow refused" KPCPU_SITE_FMT "\n",
	       cell, wanted_mut ? "" : " mutably", wanted_mut ? "mutable" : "shared",
	       file, line, function);
}

void kpcpu_report_impossible_cpu(const char *name, const void *percpu_var, unsigned int cpu,
				 const char *file, unsigned int line, const char *function)
{
	struct kpcpu_var_desc desc;

	atomic_long_inc(&kpcpu_reports);
	pr_err("kpcpu: CPU %u is not a possible CPU (nr_cpu_ids %u); no copy of per-CPU variable %s" KPCPU_SITE_FMT "\n",
	       cpu, nr_cpu_ids, kpcpu_describe_var(&desc, name, percpu_var), file, line, function);
}

void kpcpu_pure_virtual_called(void)
{
	/* The object is half-built or half-destroyed: nothing sane to return to. */
	pr_emerg("kpcpu: pure virtual function called\n");
	BUG();
}

/* kpcpu::PerCpuCounter and kpcpu::PerCpuRef (kpcpu/kernel_api_counter_ref.h). */
void kpcpu_report_refused(const char *why, const char *file, unsigned int line,
			  const char *function)
{
	atomic_long_inc(&kpcpu_reports);
	pr_err("kpcpu: %s: refused" KPCPU_SITE_FMT "\n", why, file, line, function);
}

void kpcpu_report_uninitialized_at(const char *op, void *caller)
{
	atomic_long_inc(&kpcpu_reports);
	pr_err("kpcpu: %s() of an object that is not initialised (never, failed, or exited): nothing touched (from %pS)\n",
	       op, caller);
}
