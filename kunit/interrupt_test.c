// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite in which real interrupts on the task's own CPU land while the
 * task holds a borrow (C++ bodies in interrupt_test_cases.cpp), and the timer
 * that raises them: an hrtimer in hard-irq mode, pinned to the task's CPU,
 * that re-arms itself every few microseconds (on a kernel without
 * CONFIG_HIGH_RES_TIMERS, such as the test kernel, it fires from every tick).
 *
 * Run it under QEMU with -singlestep (scripts/test.sh does): TCG otherwise
 * takes interrupts only between translation blocks, never inside one, and
 * the windows these cases look for are inside basic blocks.
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/types.h>

#include "interrupt_test.h"

struct kpcpu_irq_timer {
	struct hrtimer timer;
	bool (*fire)(void *arg);
	void *arg;
	ktime_t period;
	unsigned int cpu;
	unsigned long calls;
	unsigned long misplaced;
	struct cpumask saved_affinity;
};

/* The cases run one at a time: one timer is enough. */
static struct kpcpu_irq_timer kpcpu_irq;

static enum hrtimer_restart kpcpu_irq_timer_fn(struct hrtimer *timer)
{
	struct kpcpu_irq_timer *t = container_of(timer, struct kpcpu_irq_timer, timer);

	WRITE_ONCE(t->calls, t->calls + 1);
	if (!in_hardirq() || smp_processor_id() != t->cpu)
		WRITE_ONCE(t->misplaced, t->misplaced + 1);
	if (!t->fire(t->arg))
		return HRTIMER_NORESTART;
	hrtimer_forward_now(timer, t->period);
	return HRTIMER_RESTART;
}

int kpcpu_irq_timer_start(bool (*fire)(void *arg), void *arg, unsigned int period_ns)
{
	struct kpcpu_irq_timer *t = &kpcpu_irq;
	unsigned int cpu;
	int ret;

	cpumask_copy(&t->saved_affinity, current->cpus_ptr);
	cpu = raw_smp_processor_id();
	/* Moves the task to @cpu if it has just left it. */
	ret = set_cpus_allowed_ptr(current, cpumask_of(cpu));
	if (ret)
		return ret;

	t->fire = fire;
	t->arg = arg;
	t->period = ns_to_ktime(period_ns);
	t->cpu = cpu;
	t->calls = 0;
	t->misplaced = 0;
	hrtimer_init(&t->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	t->timer.function = kpcpu_irq_timer_fn;
	/* Pinned: queued on this CPU, which the task can no longer leave. */
	hrtimer_start(&t->timer, t->period, HRTIMER_MODE_REL_PINNED_HARD);
	return cpu;
}

void kpcpu_irq_timer_stop(void)
{
	struct kpcpu_irq_timer *t = &kpcpu_irq;

	hrtimer_cancel(&t->timer);
	WARN_ON(set_cpus_allowed_ptr(current, &t->saved_affinity));
}

unsigned long kpcpu_irq_timer_calls(void)
{
	return READ_ONCE(kpcpu_irq.calls);
}

unsigned long kpcpu_irq_timer_misplaced(void)
{
	return READ_ONCE(kpcpu_irq.misplaced);
}

static struct kunit_case kpcpu_interrupt_cases[] = {
	KPCPU_INTERRUPT_TEST_CASES(KPCPU_TEST_CASE)
	{}
};

static struct kunit_suite kpcpu_interrupt_suite = {
	.name = "kpcpu_interrupt",
	.test_cases = kpcpu_interrupt_cases,
};

kunit_test_suite(kpcpu_interrupt_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: borrows interrupted on their own CPU");
