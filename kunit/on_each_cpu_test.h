/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kpcpu_on_each_cpu KUnit suite: C++ bodies (on_each_cpu_test_cases.cpp)
 * and the C helpers they drive the kernel with (on_each_cpu_test.c):
 * kthreads, migration, and a "blocker" that keeps one CPU's interrupts off
 * so that the calls queued for it pile up.
 *
 * Every wait here is bounded; the helpers that may run with preemption
 * disabled (or in interrupt context) say so and never sleep.
 */
#ifndef KPCPU_ON_EACH_CPU_TEST_H
#define KPCPU_ON_EACH_CPU_TEST_H

#include "suite.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The cases in run order, each the C++ body kpcpu_test_<name> (suite.h). */
#define KPCPU_ON_EACH_CPU_TEST_CASES(X) \
	X(waiting_call_does_not_order_earlier_ones) \
	X(no_wait_calls_wait_for_every_call) \
	X(no_wait_calls_destructor_waits) \
	X(on_each_cpu_nowait_stateless) \
	X(on_cpu_runs_there)
KPCPU_ON_EACH_CPU_TEST_CASES(KPCPU_TEST_PROTOTYPE)

/*
 * ktime_get_ns(): any context. Under QEMU TCG the clocksource is jiffies
 * (no usable TSC, HPET or PM timer): it moves in ticks, kept by the boot
 * CPU's timer interrupt, so no CPU whose interrupts the tests turn off may
 * be the boot CPU, and every spin has a udelay() bound as well.
 */
unsigned long long kpcpu_oe_now_ns(void);
/* udelay(): any context. */
void kpcpu_oe_udelay(unsigned int us);
/* msleep(): task context only. */
void kpcpu_oe_msleep(unsigned int ms);
/* set_cpus_allowed_ptr(current, {cpu}): sleeps, returns on @cpu. 0 or -errno. */
int kpcpu_oe_move_current(unsigned int cpu);
void kpcpu_oe_schedule_point(void);

/* A kthread running fn(arg), created on @cpu and allowed only there. */
struct kpcpu_oe_thread;
/* NULL on failure. It runs fn only once woken. */
struct kpcpu_oe_thread *kpcpu_oe_thread_create(unsigned int cpu, int (*fn)(void *arg),
					       void *arg);
void kpcpu_oe_thread_wake(struct kpcpu_oe_thread *t);
/*
 * Waits for fn to return, stops and frees the thread; fn's result,
 * -ECANCELED if it was never woken, -ETIMEDOUT if fn took longer than
 * @timeout_ms (it is still waited for: every wait fn makes is bounded).
 */
int kpcpu_oe_thread_join(struct kpcpu_oe_thread *t, unsigned int timeout_ms);

/* A kthread on @on_cpu that, when told, moves @target to @to_cpu. */
struct kpcpu_oe_mover;
struct kpcpu_oe_mover *kpcpu_oe_mover_start(unsigned int on_cpu, struct kpcpu_oe_thread *target,
					    unsigned int to_cpu);
/* Tells it to call set_cpus_allowed_ptr(target, {to_cpu}). Any context. */
void kpcpu_oe_mover_go(struct kpcpu_oe_mover *m);
/* 1 once it is about to call set_cpus_allowed_ptr(). Any context. */
int kpcpu_oe_mover_calling(struct kpcpu_oe_mover *m);
/*
 * Waits for it (set_cpus_allowed_ptr() returns once the target has moved),
 * stops and frees it: set_cpus_allowed_ptr()'s result, or -ECANCELED if
 * it was never told to go.
 */
int kpcpu_oe_mover_stop(struct kpcpu_oe_mover *m);

/*
 * The blocker: a kthread bound to @cpu that, once told to, turns that CPU's
 * interrupts off and spins until it is released, or at the latest after
 * @limit_ms (so that a bug cannot hang the machine). Meanwhile the calls
 * other CPUs queue for @cpu wait in its call_single_queue, and run in one
 * batch when its interrupts are on again.
 */
struct kpcpu_oe_blocker;
struct kpcpu_oe_blocker *kpcpu_oe_blocker_start(unsigned int cpu, unsigned int limit_ms);
/*
 * Tells it to hold its CPU and spins until it does, at most @timeout_ms:
 * 1 if it holds. Never sleeps: may be called with preemption disabled.
 */
int kpcpu_oe_blocker_hold(struct kpcpu_oe_blocker *b, unsigned int timeout_ms);
/* Ends the hold now. Any context. */
void kpcpu_oe_blocker_release(struct kpcpu_oe_blocker *b);
/* Ends the hold once kpcpu_oe_now_ns() >= @ns; the first call wins. Any context. */
void kpcpu_oe_blocker_release_at(struct kpcpu_oe_blocker *b, unsigned long long ns);

/* How a hold ended. */
enum kpcpu_oe_hold_end {
	KPCPU_OE_NEVER_HELD,
	KPCPU_OE_RELEASED,	/* kpcpu_oe_blocker_release() */
	KPCPU_OE_RELEASED_AT,	/* the time given to kpcpu_oe_blocker_release_at() */
	KPCPU_OE_TIMED_OUT,	/* @limit_ms: nothing released it */
};

/* Releases it, stops and frees it: how its hold ended (enum kpcpu_oe_hold_end). */
int kpcpu_oe_blocker_stop(struct kpcpu_oe_blocker *b);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_ON_EACH_CPU_TEST_H */
