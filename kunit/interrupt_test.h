/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kpcpu_interrupt KUnit suite: C++ bodies (interrupt_test_cases.cpp) and
 * the C helpers they use (interrupt_test.c): a hard-irq timer on the task's
 * own CPU that calls back into C++, and the kernel's clock.
 */
#ifndef KPCPU_INTERRUPT_TEST_H
#define KPCPU_INTERRUPT_TEST_H

#include "suite.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The cases in run order, each the C++ body kpcpu_test_<name> (suite.h). */
#define KPCPU_INTERRUPT_TEST_CASES(X) \
	X(refcell_borrow_from_interrupt) \
	X(token_lent_to_interrupt_refused) \
	X(counter_add_from_task_and_interrupt) \
	X(ref_get_put_from_task_and_interrupt)
KPCPU_INTERRUPT_TEST_CASES(KPCPU_TEST_PROTOTYPE)

/*
 * Pins the calling task to the CPU it runs on and starts a timer on that
 * CPU that calls fire(arg) in hard-irq context every period_ns (at most once
 * per tick on a kernel without CONFIG_HIGH_RES_TIMERS), until fire returns
 * false or kpcpu_irq_timer_stop() is called. One timer at a time.
 * Returns the CPU, or a negative errno (nothing started).
 */
int kpcpu_irq_timer_start(bool (*fire)(void *arg), void *arg, unsigned int period_ns);
/* Cancels the timer (waiting for a running callback) and unpins the task. */
void kpcpu_irq_timer_stop(void);
/* How many times the timer fired, and how many of those were not in hard
 * irq on the timer's CPU (always 0 unless the helper is broken).
 */
unsigned long kpcpu_irq_timer_calls(void);
unsigned long kpcpu_irq_timer_misplaced(void);


#ifdef __cplusplus
}
#endif

#endif /* KPCPU_INTERRUPT_TEST_H */
