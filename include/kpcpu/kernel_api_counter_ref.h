/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The extern "C" surface of kpcpu::PerCpuCounter and kpcpu::PerCpuRef
 * (kpcpu/percpu_counter.h, kpcpu/percpu_ref.h): the kernel's exported
 * percpu_counter and percpu_ref functions C++ calls as they are, and the
 * kpcpu_* glue (src/percpu_counter_glue.c, src/percpu_ref_glue.c) for what
 * the kernel has only as a macro or an inline function, and the reports
 * (src/kernel_glue.c, counted in kpcpu_debug_reports()). A block of its own
 * beside kpcpu/kernel_api.h, with the same rules: C++ never sees the
 * structs' members, only incomplete types; their layout comes from the
 * kernel facts (kpcpu/kernel_constants.h).
 *
 *	long long counter_total(struct percpu_counter *fbc)
 *	{
 *		return __percpu_counter_sum(fbc);
 *	}
 */
#ifndef KPCPU_KERNEL_API_COUNTER_REF_H
#define KPCPU_KERNEL_API_COUNTER_REF_H

#ifdef __cplusplus
#include <kpcpu/kernel_constants.h>
extern "C" {
#endif

struct percpu_counter;
struct percpu_ref;

#ifdef __cplusplus /* C has the kernel's own declarations */
/* lib/percpu_counter.c, EXPORT_SYMBOL. */
extern int percpu_counter_batch;
void percpu_counter_set(struct percpu_counter *fbc, long long amount);
long long __percpu_counter_sum(struct percpu_counter *fbc);
int __percpu_counter_compare(struct percpu_counter *fbc, long long rhs, int batch);
/* lib/percpu-refcount.c, EXPORT_SYMBOL_GPL. */
void percpu_ref_exit(struct percpu_ref *ref);
void percpu_ref_kill_and_confirm(struct percpu_ref *ref, void (*confirm_kill)(struct percpu_ref *));
bool percpu_ref_is_zero(struct percpu_ref *ref);
void percpu_ref_reinit(struct percpu_ref *ref);
void percpu_ref_resurrect(struct percpu_ref *ref);
void percpu_ref_switch_to_atomic_sync(struct percpu_ref *ref);
void percpu_ref_switch_to_percpu(struct percpu_ref *ref);
/* kernel/rcu/tree.c, EXPORT_SYMBOL_GPL: waits for every queued RCU callback. */
void rcu_barrier(void);
#ifdef CONFIG_PREEMPT_RCU
/*
 * rcu_read_lock()/rcu_read_unlock() of PREEMPT_RCU (kernel/rcu/tree_plugin.h,
 * EXPORT_SYMBOL_GPL), what the kernel's inline percpu_ref_get() calls:
 * PerCpuRef's read-side section where a CpuGuard is longer
 * (kpcpu/percpu_ref.h).
 */
void __rcu_read_lock(void);
void __rcu_read_unlock(void);
#endif
#endif

/* percpu_counter_destroy(): an inline over percpu_counter_destroy_many() on 6.12. */
void kpcpu_percpu_counter_destroy(struct percpu_counter *fbc);

/*
 * percpu_counter_init(fbc, value, gfp): a macro over __percpu_counter_init
 * (6.1) or __percpu_counter_init_many (6.12) with a lock class key, which
 * lives in the glue: one lockdep class for every kpcpu counter of the
 * module. 0 or -ENOMEM; on failure fbc->counters stays NULL.
 */
int kpcpu_percpu_counter_init(struct percpu_counter *fbc, long long value, unsigned int gfp);

/*
 * The slow path of PerCpuCounter::add(): with interrupts off under
 * fbc->lock, this CPU's local count and @amount go into fbc->count and the
 * local count becomes 0. Any context but NMI.
 */
void kpcpu_percpu_counter_add_slow(struct percpu_counter *fbc, long long amount);

/*
 * percpu_ref_init(ref, release, flags, gfp) with the allocation-failure
 * injection of test builds. 0 or -ENOMEM.
 */
int kpcpu_percpu_ref_init(struct percpu_ref *ref, void (*release)(struct percpu_ref *ref),
			  unsigned int flags, unsigned int gfp);

/*
 * The atomic-mode halves of percpu_ref_get/put/tryget/tryget_live, called
 * by PerCpuRef's inline fast paths inside their RCU read-side section when
 * the ref is not in per-CPU mode. A ref that was never initialised (or
 * failed to, or exited) has no data: reported as one "kpcpu:" line naming
 * the caller's code address, and nothing is touched (tryget: false).
 */
void kpcpu_percpu_ref_get_atomic(struct percpu_ref *ref);
void kpcpu_percpu_ref_put_atomic(struct percpu_ref *ref);
bool kpcpu_percpu_ref_tryget_atomic(struct percpu_ref *ref);
bool kpcpu_percpu_ref_tryget_live_atomic(struct percpu_ref *ref);

/*
 * A PerCpuCounter or PerCpuRef operation refused (@why: init() of one
 * already initialised, reinit() of a live ref, ...): one "kpcpu:" line
 * naming the call site.
 */
void kpcpu_report_refused(const char *why, const char *file, unsigned int line,
			  const char *function);

/*
 * @op ("PerCpuRef::get") of a ref that is not initialised, from the inline
 * code at @caller (in the module's own function, printed as %pS).
 */
void kpcpu_report_uninitialized_at(const char *op, void *caller);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_KERNEL_API_COUNTER_REF_H */
