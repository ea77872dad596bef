// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for kpcpu's numeric per-CPU operations (C++ bodies in
 * numeric_test_cases.cpp), and the kthread helper of its stress case.
 * numeric_generic_test.c builds the same suite for the generic path.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "numeric_test.h"

#ifndef KPCPU_NUMERIC_SUITE
#define KPCPU_NUMERIC_SUITE "kpcpu_numeric"
#endif

struct kpcpu_test_thread {
	struct task_struct *task;
	int (*fn)(void *arg);
	void *arg;
	struct completion done;
};

static int kpcpu_test_thread_main(void *data)
{
	struct kpcpu_test_thread *t = data;

	t->fn(t->arg);
	complete(&t->done);
	return 0;
}

int kpcpu_test_run_threads(unsigned int nthreads, int (*fn)(void *arg), void *arg)
{
	struct kpcpu_test_thread *threads;
	unsigned int i, started = 0, cpu = cpumask_first(cpu_online_mask);
	int ret = 0;

	threads = kcalloc(nthreads, sizeof(*threads), GFP_KERNEL);
	if (!threads)
		return -ENOMEM;
	for (i = 0; i < nthreads; i++, started++) {
		struct kpcpu_test_thread *t = &threads[i];

		t->fn = fn;
		t->arg = arg;
		init_completion(&t->done);
		t->task = kthread_create_on_cpu(kpcpu_test_thread_main, t, cpu, "kpcpu_stress/%u");
		if (IS_ERR(t->task)) {
			ret = PTR_ERR(t->task);
			break;
		}
		/* Bound only to start there: let it migrate like any thread. */
		set_cpus_allowed_ptr(t->task, cpu_online_mask);
		get_task_struct(t->task);
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_online_mask);
	}
	for (i = 0; i < started; i++)
		wake_up_process(threads[i].task);
	/*
	 * Wait for each function to finish before kthread_stop(): stopping a
	 * thread that has not started yet would skip its function.
	 */
	for (i = 0; i < started; i++) {
		wait_for_completion(&threads[i].done);
		kthread_stop(threads[i].task);
		put_task_struct(threads[i].task);
	}
	kfree(threads);
	return ret;
}

static struct kunit_case kpcpu_numeric_cases[] = {
	KPCPU_NUMERIC_TEST_CASES(KPCPU_TEST_CASE)
	{}
};

static struct kunit_suite kpcpu_numeric_suite = {
	.name = KPCPU_NUMERIC_SUITE,
	.test_cases = kpcpu_numeric_cases,
};

kunit_test_suite(kpcpu_numeric_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: numeric per-CPU operation tests");
