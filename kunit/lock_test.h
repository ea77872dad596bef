/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kpcpu_lock KUnit suite (kpcpu::IrqGuard, kpcpu::LocalLocked): C++
 * bodies in lock_test_cases.cpp, and the C helpers they drive the kernel
 * with (lock_test.c): the interrupt state, kthreads and hard-irq timers on
 * every online CPU, and an IPI sent from another CPU at a moment the task
 * chooses. Every wait is bounded.
 */
#ifndef KPCPU_LOCK_TEST_H
#define KPCPU_LOCK_TEST_H

#include "suite.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The cases in run order, each the C++ body kpcpu_test_<name> (suite.h). */
#define KPCPU_LOCK_TEST_CASES(X) \
	X(irq_guard_disables_and_restores) \
	X(irq_guard_is_a_guard) \
	X(irq_guard_holds_off_ipi) \
	X(cpu_guard_lets_ipi_in) \
	X(local_lock_state) \
	X(local_lock_nested_objects) \
	X(local_lock_empty_reports) \
	X(local_lock_destroys_values) \
	X(local_lock_every_cpu_with_timers)
KPCPU_LOCK_TEST_CASES(KPCPU_TEST_PROTOTYPE)

/* irqs_disabled(), preemptible(): the kernel's own answers, any context. */
bool kpcpu_lock_test_irqs_disabled(void);
bool kpcpu_lock_test_preemptible(void);
/* local_irq_disable(), local_irq_enable(). */
void kpcpu_lock_test_irq_disable(void);
void kpcpu_lock_test_irq_enable(void);

/*
 * Kthreads (@threads_per_cpu on every online CPU, bound there) calling
 * thread_step(arg) in a loop, and a hard-irq timer on every online CPU
 * calling timer_step(arg) (every tick without high-resolution timers), for
 * @run_ms; then all stopped. Filled in: how many steps each kind made, on
 * how many CPUs, and timer calls off their CPU or not in hard irq (0).
 */
struct kpcpu_lock_load {
	void (*thread_step)(void *arg);
	void (*timer_step)(void *arg);
	void *arg;
	unsigned int threads_per_cpu;
	unsigned int run_ms;
	unsigned long long thread_steps;
	unsigned long long timer_steps;
	unsigned long long timer_misplaced;
	unsigned int cpus;
};
int kpcpu_lock_test_load(struct kpcpu_lock_load *load);

/*
 * The IPI sender: pins the calling task to its CPU and starts a kthread on
 * another online CPU that waits (spinning, at most a second) for
 * kpcpu_lock_test_sender_fire(), then sends fn(arg) to the task's CPU with
 * smp_call_function_single(wait=0). Returns the task's CPU or -errno.
 * _sent(): the call was queued (the IPI raised). _stop(): ends the kthread
 * and unpins the task. One sender at a time.
 */
int kpcpu_lock_test_sender_start(void (*fn)(void *arg), void *arg);
void kpcpu_lock_test_sender_fire(void);
bool kpcpu_lock_test_sender_sent(void);
void kpcpu_lock_test_sender_stop(void);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_LOCK_TEST_H */
