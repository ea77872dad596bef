// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for kpcpu::IrqGuard and kpcpu::LocalLocked (C++ bodies in
 * lock_test_cases.cpp), and the C helpers the bodies use (lock_test.h).
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/hrtimer.h>
#include <linux/irqflags.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>

#include "lock_test.h"

/* Every tick without CONFIG_HIGH_RES_TIMERS (the test kernels), else this often. */
#define KPCPU_LOCK_TIMER_PERIOD_NS	(50 * NSEC_PER_USEC)

bool kpcpu_lock_test_irqs_disabled(void)
{
	return irqs_disabled();
}

bool kpcpu_lock_test_preemptible(void)
{
	return preemptible();
}

void kpcpu_lock_test_irq_disable(void)
{
	local_irq_disable();
}

void kpcpu_lock_test_irq_enable(void)
{
	local_irq_enable();
}

/* ---- the load: kthreads and timers on every online CPU ---- */

struct kpcpu_lock_thread {
	struct task_struct *task;
	struct kpcpu_lock_load *load;
	unsigned long long steps;
};

struct kpcpu_lock_timer {
	struct hrtimer timer;
	struct kpcpu_lock_load *load;
	unsigned int cpu;
	unsigned long long steps;
	unsigned long long misplaced;
};

static int kpcpu_lock_thread_main(void *data)
{
	struct kpcpu_lock_thread *t = data;

	while (!kthread_should_stop()) {
		t->load->thread_step(t->load->arg);
		/* (The stores are the thread's own; kthread_stop() orders them.) */
		t->steps++;
		if (!(t->steps % 64))
			cond_resched();
	}
	return 0;
}

static enum hrtimer_restart kpcpu_lock_timer_fn(struct hrtimer *timer)
{
	struct kpcpu_lock_timer *t = container_of(timer, struct kpcpu_lock_timer, timer);

	if (!in_hardirq() || smp_processor_id() != t->cpu)
		t->misplaced++;
	t->load->timer_step(t->load->arg);
	t->steps++;
	hrtimer_forward_now(timer, ns_to_ktime(KPCPU_LOCK_TIMER_PERIOD_NS));
	return HRTIMER_RESTART;
}

/* Runs on the timer's CPU: pinned, it is queued there. */
static void kpcpu_lock_timer_arm(void *data)
{
	struct kpcpu_lock_timer *t = data;

	hrtimer_start(&t->timer, ns_to_ktime(KPCPU_LOCK_TIMER_PERIOD_NS),
		      HRTIMER_MODE_REL_PINNED_HARD);
}

int kpcpu_lock_test_load(struct kpcpu_lock_load *load)
{
	unsigned int nr_threads = 0, nr_timers = 0, cpu, i;
	struct kpcpu_lock_thread *threads;
	struct kpcpu_lock_timer *timers;
	int ret = 0;

	threads = kcalloc(nr_cpu_ids * load->threads_per_cpu, sizeof(*threads), GFP_KERNEL);
	timers = kcalloc(nr_cpu_ids, sizeof(*timers), GFP_KERNEL);
	if (!threads || !timers) {
		ret = -ENOMEM;
		goto out;
	}
	cpus_read_lock();
	load->cpus = 0;
	for_each_online_cpu(cpu) {
		load->cpus++;
		for (i = 0; i < load->threads_per_cpu; i++) {
			struct kpcpu_lock_thread *t = &threads[nr_threads];

			t->load = load;
			t->task = kthread_create(kpcpu_lock_thread_main, t, "kpcpu_lock/%u.%u", cpu, i);
			if (IS_ERR(t->task)) {
				ret = PTR_ERR(t->task);
				break;
			}
			kthread_bind(t->task, cpu);
			nr_threads++;
		}
		if (ret)
			break;
		if (load->timer_step) {
			struct kpcpu_lock_timer *t = &timers[nr_timers++];

			t->load = load;
			t->cpu = cpu;
			hrtimer_init(&t->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
			t->timer.function = kpcpu_lock_timer_fn;
		}
	}
	if (!ret) {
		for (i = 0; i < nr_timers; i++)
			smp_call_function_single(timers[i].cpu, kpcpu_lock_timer_arm, &timers[i], 1);
		for (i = 0; i < nr_threads; i++)
			wake_up_process(threads[i].task);
		msleep(load->run_ms);
	}
	for (i = 0; i < nr_timers; i++)
		hrtimer_cancel(&timers[i].timer);
	load->thread_steps = 0;
	load->timer_steps = 0;
	load->timer_misplaced = 0;
	/* (A thread never woken is stopped before it ran its function.) */
	for (i = 0; i < nr_threads; i++) {
		kthread_stop(threads[i].task);
		load->thread_steps += threads[i].steps;
	}
	for (i = 0; i < nr_timers; i++) {
		load->timer_steps += timers[i].steps;
		load->timer_misplaced += timers[i].misplaced;
	}
	cpus_read_unlock();
out:
	kfree(threads);
	kfree(timers);
	return ret;
}

/* ---- the IPI sender ---- */

static struct {
	struct task_struct *task;
	void (*fn)(void *arg);
	void *arg;
	unsigned int target;
	bool fire;
	bool sent;
	struct cpumask saved_affinity;
} kpcpu_lock_sender;

static int kpcpu_lock_sender_main(void *data)
{
	u64 deadline = ktime_get_ns() + NSEC_PER_SEC;

	while (!READ_ONCE(kpcpu_lock_sender.fire) && ktime_get_ns() < deadline)
		cpu_relax();
	if (READ_ONCE(kpcpu_lock_sender.fire) &&
	    !smp_call_function_single(kpcpu_lock_sender.target, kpcpu_lock_sender.fn,
				      kpcpu_lock_sender.arg, 0))
		WRITE_ONCE(kpcpu_lock_sender.sent, true);
	/* Its data lives until kthread_stop(). */
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

int kpcpu_lock_test_sender_start(void (*fn)(void *arg), void *arg)
{
	unsigned int cpu, other;
	int ret;

	cpumask_copy(&kpcpu_lock_sender.saved_affinity, current->cpus_ptr);
	cpu = raw_smp_processor_id();
	ret = set_cpus_allowed_ptr(current, cpumask_of(cpu));
	if (ret)
		return ret;
	other = cpumask_any_but(cpu_online_mask, cpu);
	if (other >= nr_cpu_ids) {
		ret = -ENODEV;
		goto unpin;
	}
	kpcpu_lock_sender.fn = fn;
	kpcpu_lock_sender.arg = arg;
	kpcpu_lock_sender.target = cpu;
	kpcpu_lock_sender.fire = false;
	kpcpu_lock_sender.sent = false;
	kpcpu_lock_sender.task = kthread_create(kpcpu_lock_sender_main, NULL, "kpcpu_ipi/%u", other);
	if (IS_ERR(kpcpu_lock_sender.task)) {
		ret = PTR_ERR(kpcpu_lock_sender.task);
		goto unpin;
	}
	kthread_bind(kpcpu_lock_sender.task, other);
	wake_up_process(kpcpu_lock_sender.task);
	return cpu;
unpin:
	WARN_ON(set_cpus_allowed_ptr(current, &kpcpu_lock_sender.saved_affinity));
	return ret;
}

void kpcpu_lock_test_sender_fire(void)
{
	WRITE_ONCE(kpcpu_lock_sender.fire, true);
}

bool kpcpu_lock_test_sender_sent(void)
{
	return READ_ONCE(kpcpu_lock_sender.sent);
}

void kpcpu_lock_test_sender_stop(void)
{
	kthread_stop(kpcpu_lock_sender.task);
	WARN_ON(set_cpus_allowed_ptr(current, &kpcpu_lock_sender.saved_affinity));
}

static struct kunit_case kpcpu_lock_cases[] = {
	KPCPU_LOCK_TEST_CASES(KPCPU_TEST_CASE)
	{}
};

static struct kunit_suite kpcpu_lock_suite = {
	.name = "kpcpu_lock",
	.test_cases = kpcpu_lock_cases,
};

kunit_test_suite(kpcpu_lock_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: IrqGuard and LocalLocked under real concurrency");
