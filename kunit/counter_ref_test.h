/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kpcpu_counter_ref KUnit suite: C++ bodies (counter_ref_test_cases.cpp)
 * for kpcpu::PerCpuCounter and kpcpu::PerCpuRef, and the C helpers they
 * drive the kernel with (counter_ref_test.c): a kthread on every online
 * CPU plus a hard-irq timer on each, extra unbound kthreads, CPU hotplug
 * and RCU.
 */
#ifndef KPCPU_COUNTER_REF_TEST_H
#define KPCPU_COUNTER_REF_TEST_H

#include "suite.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The cases in run order, each the C++ body kpcpu_test_<name> (suite.h). */
#define KPCPU_COUNTER_REF_TEST_CASES(X) \
	X(counter_exact_from_every_cpu_and_interrupts) \
	X(counter_read_compare_set) \
	X(counter_offline_cpu_keeps_its_count) \
	X(counter_uninitialized_touches_nothing) \
	X(ref_get_put_modes_and_ref_moves) \
	X(ref_reinit_resurrect_and_flags) \
	X(ref_kill_races_gets_and_puts) \
	X(ref_uninitialized_touches_nothing)
KPCPU_COUNTER_REF_TEST_CASES(KPCPU_TEST_PROTOTYPE)

/*
 * Workers: one kthread per online CPU, bound there, calling
 * thread_step(arg, i) (i = 0.. in CPU order) until it returns false; then
 * @extra unbound kthreads calling thread_step(arg, nr_cpus + j) likewise;
 * and a hard-irq timer pinned on each of those CPUs calling
 * timer_step(arg, i) about every 100 us (every tick without high
 * resolution timers) until every thread is done. A timer's calls never
 * overlap each other. Task context only; returns once every worker has
 * stopped: the number of CPUs used (*nr_cpus), 0 or -errno.
 */
struct kpcpu_cr_work {
	bool (*thread_step)(void *arg, unsigned int index);
	void (*timer_step)(void *arg, unsigned int index);
	void *arg;
	unsigned int extra;
};
int kpcpu_cr_run(const struct kpcpu_cr_work *work, unsigned int *nr_cpus);

/* remove_cpu() / add_cpu(): 0 or -errno; task context only. */
int kpcpu_cr_cpu_offline(unsigned int cpu);
int kpcpu_cr_cpu_online(unsigned int cpu);
/* Runs fn(arg) on @cpu (smp_call_function_single, waiting). 0 or -errno. */
int kpcpu_cr_on_cpu(unsigned int cpu, void (*fn)(void *arg), void *arg);
/* rcu_barrier(): every RCU callback queued so far has run. */
void kpcpu_cr_rcu_barrier(void);
/* in_hardirq(). */
bool kpcpu_cr_in_hardirq(void);
/* cond_resched() / msleep(). */
void kpcpu_cr_cond_resched(void);
void kpcpu_cr_msleep(unsigned int ms);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_COUNTER_REF_TEST_H */
