/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The extern "C" surface kpcpu's C++ uses, in one place.
 *
 * Two kinds of declarations:
 *  - real exported kernel symbols whose C declarations are simple enough
 *    to restate (kfree, __per_cpu_offset, nr_cpu_ids);
 *  - kpcpu_* functions defined in src/kernel_glue.c, for everything the
 *    kernel provides only as a macro or an inline function (kmalloc,
 *    printk, smp_call_function_single, raw_smp_processor_id).
 * Nothing else in kpcpu's C++ declares kernel functions.
 *
 *	void *p = kpcpu_kmalloc(64, KPCPU_GFP_KERNEL);
 *	kpcpu_printk(KPCPU_KERN_INFO "got %p\n", p);
 *	kfree(p);
 */
#ifndef KPCPU_KERNEL_API_H
#define KPCPU_KERNEL_API_H

/*
 * Included from C++ and from the C glue that defines the kpcpu_* functions,
 * so that the compiler checks each definition against this declaration.
 */
#ifdef __cplusplus
#include <kpcpu/config.h>
#include <kpcpu/kernel_constants.h>
#define KPCPU_PRINTF(fmt_arg, first_arg) __attribute__((format(printf, fmt_arg, first_arg)))
#else
#define KPCPU_PRINTF(fmt_arg, first_arg) __printf(fmt_arg, first_arg)
#endif

/*
 * printk level prefixes (include/linux/kern_levels.h), each checked against
 * the kernel's in the glue. KPCPU_KERN_DEBUG messages always reach the log
 * buffer: kpcpu offers no dynamic debug (pr_debug is a macro over a
 * per-call-site descriptor only C can make) - call pr_debug from a C file
 * of the module for that. KPCPU_KERN_CONT continues the previous line.
 */
#define KPCPU_KERN_EMERG	"\0010"
#define KPCPU_KERN_ALERT	"\0011"
#define KPCPU_KERN_CRIT		"\0012"
#define KPCPU_KERN_ERR		"\0013"
#define KPCPU_KERN_WARNING	"\0014"
#define KPCPU_KERN_NOTICE	"\0015"
#define KPCPU_KERN_INFO		"\0016"
#define KPCPU_KERN_DEBUG	"\0017"
#define KPCPU_KERN_CONT		"\001c"

#ifdef __cplusplus
extern "C" {
#endif

/* printk(fmt, ...): the kernel's printk is a macro over _printk. */
KPCPU_PRINTF(1, 2) int kpcpu_printk(const char *fmt, ...);

/* kmalloc(size, gfp): an inline function in the kernel. NULL on failure. */
void *kpcpu_kmalloc(__SIZE_TYPE__ size, unsigned int gfp);
void kfree(const void *ptr);

/*
 * __alloc_percpu_gfp(size, align, gfp) and free_percpu(p): a __percpu
 * block, zeroed on every possible CPU, or NULL.
 */
void *kpcpu_alloc_percpu(__SIZE_TYPE__ size, __SIZE_TYPE__ align, unsigned int gfp);
#ifdef __cplusplus /* C has the kernel's declaration, with __percpu */
void free_percpu(void *percpu_ptr);
#endif

/*
 * raw_local_irq_save()/raw_local_irq_restore() for the generic per-CPU
 * path, out of line so that they are right on every configuration.
 */
unsigned long kpcpu_irq_save(void);
void kpcpu_irq_restore(unsigned long flags);

/*
 * kpcpu::IrqGuard and kpcpu::LocalLocked (src/local_lock_glue.c), for the
 * kernels where the kernel's macros cannot be copied inline (see
 * kpcpu/arch/x86/irqflags.h and kpcpu/local_lock.h):
 *  - local_irq_save()/local_irq_restore(), traced as the kernel traces them;
 *  - kpcpu_local_locks_init(): local_lock_init() on every possible CPU's
 *    lock at per-CPU address @percpu_lock, with a lockdep class of their own
 *    on a lockdep kernel (named "@file:@line", a key in memory it
 *    allocates with @gfp, kept in *@cookie); 0 or -ENOMEM. kpcpu_local_locks_destroy()
 *    gives the class back (may sleep: an RCU grace period);
 *  - local_lock(), local_unlock(), local_lock_irqsave() and
 *    local_unlock_irqrestore() on the per-CPU lock @percpu_lock.
 */
unsigned long kpcpu_local_irq_save(void);
void kpcpu_local_irq_restore(unsigned long flags);
int kpcpu_local_locks_init(void *percpu_lock, const char *file, unsigned int line,
			   unsigned int gfp, void **cookie);
void kpcpu_local_locks_destroy(void *cookie);
void kpcpu_local_lock(void *percpu_lock);
void kpcpu_local_unlock(void *percpu_lock);
unsigned long kpcpu_local_lock_irqsave(void *percpu_lock);
void kpcpu_local_unlock_irqrestore(void *percpu_lock, unsigned long flags);

/*
 * this_cpu_cmpxchg_double() on the 16-byte aligned per-CPU pair at
 * @percpu_pair: replaces both words if both match; 1 if it did.
 */
int kpcpu_this_cpu_cmpxchg_double(void *percpu_pair, unsigned long long old1,
				  unsigned long long old2, unsigned long long new1,
				  unsigned long long new2);

/* raw_smp_processor_id(): the CPU this runs on, possibly stale at once. */
int kpcpu_raw_smp_processor_id(void);

/*
 * smp_call_function_single(cpu, fn, arg, wait=1): run fn(arg) on @cpu in
 * interrupt context and wait for it. 0, or -ENXIO if @cpu is offline.
 */
int kpcpu_run_on_cpu(int cpu, void (*fn)(void *arg), void *arg);

/*
 * on_each_cpu(fn, arg, wait): run fn(arg) on every online CPU, in interrupt
 * context on the others and with interrupts off on this one.
 */
void kpcpu_on_each_cpu(void (*fn)(void *arg), void *arg, int wait);

#ifdef CONFIG_SMP
/* per_cpu_ptr(p, cpu) == (char *)p + __per_cpu_offset[cpu]. */
extern unsigned long __per_cpu_offset[CONFIG_NR_CPUS];
extern unsigned int nr_cpu_ids;
#endif

/* struct cpumask: a bitmap of CONFIG_NR_CPUS bits, of which nr_cpu_ids count. */
struct kpcpu_cpumask {
	unsigned long bits[(CONFIG_NR_CPUS + 8 * sizeof(long) - 1) / (8 * sizeof(long))];
};
#ifdef __cplusplus /* C has the kernel's own declarations */
extern const struct kpcpu_cpumask __cpu_possible_mask;
extern const struct kpcpu_cpumask __cpu_online_mask;
extern const struct kpcpu_cpumask __cpu_present_mask;
extern const struct kpcpu_cpumask __cpu_active_mask;
#endif

/*
 * Reports of misuse that the type system cannot see (include/kpcpu/debug.h,
 * include/kpcpu/token.h): one kernel log line each, starting "kpcpu:",
 * naming the module's own call site (@file, @line, @function: a
 * kpcpu::CallSite, include/kpcpu/call_site.h) and the variable by @name
 * where it has one (a static or C-defined variable; NULL for a dynamic
 * one, then its address), counted in kpcpu_debug_reports(). Never a WARN:
 * the caller gets a defined result and goes on. (Not marked cold: gcc
 * would split the callers into .cold parts, and objtool rejects a .cold
 * part whose parent's C++ name is over 128 characters, as nested
 * lambdas' are.)
 */
void kpcpu_report_nested_token(const char *name, const void *percpu_var, const char *file,
			       unsigned int line, const char *function);
void kpcpu_report_shared_token_conflict(const char *name, const void *percpu_var,
					const char *file, unsigned int line,
					const char *function);
void kpcpu_report_refcell_conflict(const void *cell, int wanted_mut, const char *file,
				   unsigned int line, const char *function);
void kpcpu_report_impossible_cpu(const char *name, const void *percpu_var, unsigned int cpu,
				 const char *file, unsigned int line, const char *function);
void kpcpu_report_empty_handle(const char *file, unsigned int line, const char *function);
unsigned long kpcpu_debug_reports(void);

/* The C++ runtime's report of a call to a pure virtual function. */
void kpcpu_pure_virtual_called(void);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_KERNEL_API_H */
