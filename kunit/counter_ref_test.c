// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for kpcpu::PerCpuCounter and kpcpu::PerCpuRef (C++ bodies in
 * counter_ref_test_cases.cpp). This file is the C side: the workers (a
 * kthread and a hard-irq timer on every online CPU, extra unbound
 * kthreads), CPU hotplug and RCU.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "counter_ref_test.h"

#define KPCPU_CR_TIMER_PERIOD_NS	(100 * NSEC_PER_USEC)

struct kpcpu_cr_worker {
	const struct kpcpu_cr_work *work;
	unsigned int index;
	struct task_struct *task;
	struct completion done;
	struct hrtimer timer;
	bool timer_armed;
	atomic_t *running;
};

static int kpcpu_cr_thread_main(void *data)
{
	struct kpcpu_cr_worker *w = data;

	while (w->work->thread_step(w->work->arg, w->index))
		cond_resched();
	atomic_dec(w->running);
	complete(&w->done);
	/* kthread_stop() expects the task to be there until it is told. */
	while (!kthread_should_stop())
		schedule_timeout_uninterruptible(1);
	return 0;
}

static enum hrtimer_restart kpcpu_cr_timer_fn(struct hrtimer *timer)
{
	struct kpcpu_cr_worker *w = container_of(timer, struct kpcpu_cr_worker, timer);

	if (!atomic_read(w->running))
		return HRTIMER_NORESTART;
	w->work->timer_step(w->work->arg, w->index);
	hrtimer_forward_now(timer, ns_to_ktime(KPCPU_CR_TIMER_PERIOD_NS));
	return HRTIMER_RESTART;
}

/* On the timer's CPU (smp_call_function_single): pinned, it is queued there. */
static void kpcpu_cr_timer_arm(void *data)
{
	struct kpcpu_cr_worker *w = data;

	hrtimer_start(&w->timer, ns_to_ktime(KPCPU_CR_TIMER_PERIOD_NS),
		      HRTIMER_MODE_REL_PINNED_HARD);
}

int kpcpu_cr_run(const struct kpcpu_cr_work *work, unsigned int *nr_cpus)
{
	unsigned int n = 0, total, i, cpu;
	struct kpcpu_cr_worker *w;
	atomic_t running;
	int ret = 0;

	cpus_read_lock();
	total = num_online_cpus() + work->extra;
	w = kcalloc(total, sizeof(*w), GFP_KERNEL);
	if (!w) {
		cpus_read_unlock();
		return -ENOMEM;
	}
	atomic_set(&running, total);
	for (i = 0; i < total; i++) {
		w[i].work = work;
		w[i].index = i;
		w[i].running = &running;
		init_completion(&w[i].done);
		hrtimer_init(&w[i].timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
		w[i].timer.function = kpcpu_cr_timer_fn;
	}
	for_each_online_cpu(cpu) {
		w[n].task = kthread_create_on_cpu(kpcpu_cr_thread_main, &w[n], cpu, "kpcpu_cr/%u");
		if (IS_ERR(w[n].task)) {
			ret = PTR_ERR(w[n].task);
			w[n].task = NULL;
			break;
		}
		get_task_struct(w[n].task);
		if (!smp_call_function_single(cpu, kpcpu_cr_timer_arm, &w[n], 1))
			w[n].timer_armed = true;
		n++;
	}
	for (i = n; !ret && i < total && n == num_online_cpus(); i++) {
		w[i].task = kthread_create(kpcpu_cr_thread_main, &w[i], "kpcpu_cr_extra/%u", i);
		if (IS_ERR(w[i].task)) {
			ret = PTR_ERR(w[i].task);
			w[i].task = NULL;
			break;
		}
		get_task_struct(w[i].task);
	}
	cpus_read_unlock();
	*nr_cpus = n;
	for (i = 0; i < total; i++) {
		if (!w[i].task)
			continue;
		if (ret)
			atomic_dec(&running);
		else
			wake_up_process(w[i].task);
	}
	for (i = 0; i < total; i++) {
		if (!w[i].task)
			continue;
		if (!ret)
			wait_for_completion(&w[i].done);
		kthread_stop(w[i].task);
		put_task_struct(w[i].task);
	}
	for (i = 0; i < total; i++)
		if (w[i].timer_armed)
			hrtimer_cancel(&w[i].timer);
	kfree(w);
	return ret;
}

int kpcpu_cr_cpu_offline(unsigned int cpu)
{
	return remove_cpu(cpu);
}

int kpcpu_cr_cpu_online(unsigned int cpu)
{
	return add_cpu(cpu);
}

int kpcpu_cr_on_cpu(unsigned int cpu, void (*fn)(void *arg), void *arg)
{
	return smp_call_function_single(cpu, fn, arg, 1);
}

void kpcpu_cr_rcu_barrier(void)
{
	rcu_barrier();
}

bool kpcpu_cr_in_hardirq(void)
{
	return in_hardirq();
}

void kpcpu_cr_cond_resched(void)
{
	cond_resched();
}

void kpcpu_cr_msleep(unsigned int ms)
{
	msleep(ms);
}

static struct kunit_case kpcpu_counter_ref_cases[] = {
	KPCPU_COUNTER_REF_TEST_CASES(KPCPU_TEST_CASE)
	{}
};

static struct kunit_suite kpcpu_counter_ref_suite = {
	.name = "kpcpu_counter_ref",
	.test_cases = kpcpu_counter_ref_cases,
};

kunit_test_suite(kpcpu_counter_ref_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: PerCpuCounter and PerCpuRef tests");
