// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of kpcpu_local_lock_rt.ko (src/local_lock_rt.cpp): kthreads
 * with a real-time priority on a chosen CPU, and the kernel's own answers
 * about the current task (its CPU, preempt_count(), whether it may be
 * preempted or migrated).
 */
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>

#include "local_lock_rt.h"

struct kpcpu_llrt_thread {
	int (*fn)(void *arg);
	void *arg;
};

static int kpcpu_llrt_thread_main(void *data)
{
	struct kpcpu_llrt_thread *t = data;
	int ret = t->fn(t->arg);

	kfree(t);
	/* The caller's data lives until kthread_stop(). */
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return ret;
}

void *kpcpu_llrt_thread_create(int (*fn)(void *arg), void *arg, unsigned int cpu, bool high)
{
	struct kpcpu_llrt_thread *t = kmalloc(sizeof(*t), GFP_KERNEL);
	struct task_struct *task;

	if (!t)
		return NULL;
	t->fn = fn;
	t->arg = arg;
	task = kthread_create(kpcpu_llrt_thread_main, t, "kpcpu_llrt/%u%c", cpu, high ? 'h' : 'l');
	if (IS_ERR(task)) {
		kfree(t);
		return NULL;
	}
	get_task_struct(task);
	kthread_bind(task, cpu);
	if (high)
		sched_set_fifo(task);
	else
		sched_set_fifo_low(task);
	return task;
}

void kpcpu_llrt_thread_wake(void *task)
{
	wake_up_process(task);
}

void kpcpu_llrt_thread_stop(void *task)
{
	kthread_stop(task);
	put_task_struct(task);
}

int kpcpu_llrt_allow_all_cpus(void)
{
	return set_cpus_allowed_ptr(current, cpu_online_mask);
}

unsigned int kpcpu_llrt_cpu(void)
{
	return raw_smp_processor_id();
}

unsigned int kpcpu_llrt_preempt_count(void)
{
	return preempt_count();
}

bool kpcpu_llrt_preemptible(void)
{
	return preemptible();
}

bool kpcpu_llrt_migration_disabled(void)
{
	return current->migration_disabled;
}

unsigned long long kpcpu_llrt_now_ns(void)
{
	return ktime_get_ns();
}

void kpcpu_llrt_msleep(unsigned int ms)
{
	msleep(ms);
}

unsigned int kpcpu_llrt_last_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu)
		last = cpu;
	return last;
}

bool kpcpu_llrt_other_cpu_online(unsigned int cpu)
{
	return cpumask_any_but(cpu_online_mask, cpu) < nr_cpu_ids;
}
