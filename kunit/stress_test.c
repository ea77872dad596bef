// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite that hammers kpcpu's per-CPU variables from a kthread and a
 * hard-irq timer on every CPU at once while another kthread takes CPUs
 * offline and online again, and checks CPU hotplug on its own (C++ bodies
 * in stress_test_cases.cpp). This file is the C side: the workers, the
 * hotplug kthread and the kernel calls the bodies need.
 *
 * Hotplug and the workers: a kthread here is bound with
 * set_cpus_allowed_ptr(), not as a per-CPU kthread (smpboot), so when its
 * CPU goes offline the scheduler moves it to another CPU (kernel/sched/core.c,
 * balance_push() and select_fallback_rq(), silently for a kthread) and it
 * goes on counting there; once its CPU is up again it binds itself to it
 * again. A timer on a CPU that goes offline is moved by the kernel
 * (hrtimers_dead_cpu()) and fires on the CPU that took it down; the hotplug
 * kthread arms it on its own CPU again once that is back. Neither ever
 * stops counting, so the counts stay exact across any number of cycles.
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/types.h>

#include "stress_test.h"

static unsigned int stress_seconds = 5;
module_param(stress_seconds, uint, 0444);
MODULE_PARM_DESC(stress_seconds, "guest seconds the stress case runs (default 5)");

/* Every tick without CONFIG_HIGH_RES_TIMERS (the test kernels), else this often. */
#define KPCPU_STRESS_TIMER_PERIOD_NS	(100 * NSEC_PER_USEC)
/* How long a CPU stays offline, and then online, in each hotplug cycle. */
#define KPCPU_STRESS_HOTPLUG_PAUSE_MS	10
/* add_cpu() attempts for a CPU before the run gives up on it. */
#define KPCPU_STRESS_ONLINE_TRIES	10

struct kpcpu_stress;

struct kpcpu_stress_thread {
	struct task_struct *task;
	struct kpcpu_stress *stress;
	unsigned int cpu;		/* its own: bound there whenever it is online */
	unsigned long long rebinds;
	struct kpcpu_stress_counts counts;
};

struct kpcpu_stress_timer {
	struct hrtimer timer;
	struct kpcpu_stress *stress;
	unsigned int cpu;		/* its own: armed there, moved away while it is offline */
	bool armed;
	/* Written only by the callback, which never runs twice at once. */
	unsigned long long fires;
	unsigned long long away;
	unsigned long long not_hardirq;
	struct kpcpu_stress_counts counts;
};

struct kpcpu_stress {
	const struct kpcpu_stress_work *work;
	unsigned int nr_threads;
	unsigned int nr_timers;
	struct kpcpu_stress_thread *threads;	/* nr_cpu_ids of each, nr_* used */
	struct kpcpu_stress_timer *timers;
	/* The hotplug kthread and what only it writes (read once it is stopped). */
	struct task_struct *hotplug;
	unsigned int nr_hotplug_cpus;
	unsigned int *hotplug_cpus;
	unsigned int cycles;
	unsigned int offline_failures;
	unsigned int online_failures;
	unsigned int rearm_failures;
};

/* Distinct, never-zero seeds: no two workers make the same choices. */
static unsigned long long kpcpu_stress_seed(unsigned int cpu, bool timer)
{
	return 0x9e3779b97f4a7c15ull * (2 * cpu + timer + 1) | 1;
}

static int kpcpu_stress_thread_main(void *data)
{
	struct kpcpu_stress_thread *t = data;
	const struct kpcpu_stress_work *work = t->stress->work;

	while (!kthread_should_stop()) {
		work->thread_step(work->arg, &t->counts);
		/*
		 * Home again once its CPU is back (cpu_active(): the scheduler
		 * takes new tasks there). Checked with a stale CPU number at
		 * worst: a wasted or a late rebind, never a wrong count.
		 */
		if (raw_smp_processor_id() != t->cpu && cpu_active(t->cpu) &&
		    !set_cpus_allowed_ptr(current, cpumask_of(t->cpu)))
			t->rebinds++;
		cond_resched();
	}
	return 0;
}

static enum hrtimer_restart kpcpu_stress_timer_fn(struct hrtimer *timer)
{
	struct kpcpu_stress_timer *t = container_of(timer, struct kpcpu_stress_timer, timer);
	const struct kpcpu_stress_work *work = t->stress->work;

	t->fires++;
	if (!in_hardirq())
		t->not_hardirq++;
	if (smp_processor_id() != t->cpu)
		t->away++;
	work->timer_step(work->arg, &t->counts);
	hrtimer_forward_now(timer, ns_to_ktime(KPCPU_STRESS_TIMER_PERIOD_NS));
	return HRTIMER_RESTART;
}

/* Runs on the timer's CPU (smp_call_function_single()): pinned, it is queued there. */
static void kpcpu_stress_timer_arm(void *data)
{
	struct kpcpu_stress_timer *t = data;

	hrtimer_start(&t->timer, ns_to_ktime(KPCPU_STRESS_TIMER_PERIOD_NS),
		      HRTIMER_MODE_REL_PINNED_HARD);
}

/*
 * After @cpu came back: its timers fire wherever the kernel moved them, so
 * cancel (waiting for a running callback) and arm them on @cpu again. Only
 * the hotplug kthread takes CPUs offline, so @cpu stays online meanwhile.
 */
static void kpcpu_stress_timers_home(struct kpcpu_stress *s, unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < s->nr_timers; i++) {
		struct kpcpu_stress_timer *t = &s->timers[i];

		if (t->cpu != cpu || !t->armed)
			continue;
		hrtimer_cancel(&t->timer);
		if (smp_call_function_single(cpu, kpcpu_stress_timer_arm, t, 1)) {
			/* Stopped for good: its counts so far stay exact. */
			t->armed = false;
			s->rearm_failures++;
		}
	}
}

/* add_cpu(), retried a few times; 0 once @cpu is online. */
static int kpcpu_stress_bring_online(struct kpcpu_stress *s, unsigned int cpu)
{
	int tries, ret = 0;

	for (tries = 0; tries < KPCPU_STRESS_ONLINE_TRIES && !cpu_online(cpu); tries++) {
		ret = add_cpu(cpu);
		if (!ret)
			break;
		s->online_failures++;
		msleep(KPCPU_STRESS_HOTPLUG_PAUSE_MS);
	}
	return cpu_online(cpu) ? 0 : ret ? ret : -EIO;
}

static int kpcpu_stress_hotplug_main(void *data)
{
	struct kpcpu_stress *s = data;
	unsigned int next = 0, cpu;

	while (!kthread_should_stop()) {
		cpu = s->hotplug_cpus[next++ % s->nr_hotplug_cpus];
		if (remove_cpu(cpu)) {
			s->offline_failures++;
			msleep(KPCPU_STRESS_HOTPLUG_PAUSE_MS);
			continue;
		}
		/* The workers go on without it; its copies keep what they counted. */
		msleep(KPCPU_STRESS_HOTPLUG_PAUSE_MS);
		if (kpcpu_stress_bring_online(s, cpu))
			/* The run brings it back when it stops; no further cycles. */
			break;
		kpcpu_stress_timers_home(s, cpu);
		s->cycles++;
		msleep(KPCPU_STRESS_HOTPLUG_PAUSE_MS);
	}
	/* Returns only once told to: kthread_stop() expects the task to be there. */
	while (!kthread_should_stop())
		msleep(KPCPU_STRESS_HOTPLUG_PAUSE_MS);
	return 0;
}

static void kpcpu_stress_add(struct kpcpu_stress_counts *sum,
			     const struct kpcpu_stress_counts *counts)
{
	unsigned int i;

	for (i = 0; i < KPCPU_STRESS_VARS; i++)
		sum->added[i] += counts->added[i];
	sum->ops += counts->ops;
	sum->refused += counts->refused;
}

/* Stops what was started (in an order that keeps every count final) and frees it all. */
static void kpcpu_stress_stop(struct kpcpu_stress *s, struct kpcpu_stress_totals *totals)
{
	unsigned int i;

	/* First the hotplug kthread: after it, nothing moves a CPU or a timer. */
	if (s->hotplug) {
		kthread_stop(s->hotplug);
		put_task_struct(s->hotplug);
	}
	for (i = 0; i < s->nr_hotplug_cpus; i++)
		if (kpcpu_stress_bring_online(s, s->hotplug_cpus[i]))
			totals->left_offline++;
	for (i = 0; i < s->nr_timers; i++)
		if (s->timers[i].armed)
			hrtimer_cancel(&s->timers[i].timer);
	for (i = 0; i < s->nr_threads; i++) {
		kthread_stop(s->threads[i].task);
		put_task_struct(s->threads[i].task);
	}

	for (i = 0; i < s->nr_threads; i++) {
		kpcpu_stress_add(&totals->threads, &s->threads[i].counts);
		totals->rebinds += s->threads[i].rebinds;
	}
	for (i = 0; i < s->nr_timers; i++) {
		kpcpu_stress_add(&totals->timers, &s->timers[i].counts);
		totals->timer_fires += s->timers[i].fires;
		totals->away_fires += s->timers[i].away;
		totals->not_hardirq += s->timers[i].not_hardirq;
	}
	totals->nr_threads = s->nr_threads;
	totals->nr_timers = s->nr_timers;
	totals->hotplug_cpus = s->nr_hotplug_cpus;
	totals->cycles = s->cycles;
	totals->offline_failures = s->offline_failures;
	totals->online_failures = s->online_failures;
	totals->rearm_failures = s->rearm_failures;

	kfree(s->hotplug_cpus);
	kfree(s->timers);
	kfree(s->threads);
	kfree(s);
}

/* Creates (not yet wakes) a kthread per online CPU and arms a timer on each. */
static int kpcpu_stress_start(struct kpcpu_stress *s)
{
	unsigned int cpu;
	int ret;

	for_each_online_cpu(cpu) {
		struct kpcpu_stress_thread *t = &s->threads[s->nr_threads];
		struct kpcpu_stress_timer *tm = &s->timers[s->nr_timers];

		t->stress = s;
		t->cpu = cpu;
		t->counts.rng = kpcpu_stress_seed(cpu, false);
		t->task = kthread_create(kpcpu_stress_thread_main, t, "kpcpu_stress/%u", cpu);
		if (IS_ERR(t->task))
			return PTR_ERR(t->task);
		get_task_struct(t->task);
		s->nr_threads++;
		/* An ordinary binding, which hotplug may break (see the top of the file). */
		ret = set_cpus_allowed_ptr(t->task, cpumask_of(cpu));
		if (ret)
			return ret;

		tm->stress = s;
		tm->cpu = cpu;
		tm->counts.rng = kpcpu_stress_seed(cpu, true);
		hrtimer_init(&tm->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
		tm->timer.function = kpcpu_stress_timer_fn;
		s->nr_timers++;
		ret = smp_call_function_single(cpu, kpcpu_stress_timer_arm, tm, 1);
		if (ret)
			return ret;
		tm->armed = true;

		if (cpu != 0)
			s->hotplug_cpus[s->nr_hotplug_cpus++] = cpu;
	}
	return 0;
}

int kpcpu_stress_run(const struct kpcpu_stress_work *work, bool hotplug,
		     struct kpcpu_stress_totals *totals)
{
	struct kpcpu_stress *s;
	u64 start;
	unsigned int i;
	int ret;

	memset(totals, 0, sizeof(*totals));
	totals->duration_ns = (u64)stress_seconds * NSEC_PER_SEC;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->work = work;
	s->threads = kcalloc(nr_cpu_ids, sizeof(*s->threads), GFP_KERNEL);
	s->timers = kcalloc(nr_cpu_ids, sizeof(*s->timers), GFP_KERNEL);
	s->hotplug_cpus = kcalloc(nr_cpu_ids, sizeof(*s->hotplug_cpus), GFP_KERNEL);
	ret = s->threads && s->timers && s->hotplug_cpus ? kpcpu_stress_start(s) : -ENOMEM;
	if (!ret && hotplug && s->nr_hotplug_cpus) {
		/* On CPU 0, which it never takes offline. */
		s->hotplug = kthread_create_on_cpu(kpcpu_stress_hotplug_main, s, 0,
						   "kpcpu_stress_hotplug/%u");
		if (IS_ERR(s->hotplug)) {
			ret = PTR_ERR(s->hotplug);
			s->hotplug = NULL;
		} else {
			get_task_struct(s->hotplug);
		}
	}
	if (ret) {
		/* Threads never woken stop before running; the timers stop. */
		s->nr_hotplug_cpus = 0;
		kpcpu_stress_stop(s, totals);
		memset(totals, 0, sizeof(*totals));
		return ret;
	}

	start = ktime_get_ns();
	for (i = 0; i < s->nr_threads; i++)
		wake_up_process(s->threads[i].task);
	if (s->hotplug)
		wake_up_process(s->hotplug);
	while (ktime_get_ns() - start < totals->duration_ns)
		msleep(20);
	totals->elapsed_ns = ktime_get_ns() - start;
	kpcpu_stress_stop(s, totals);
	return 0;
}

int kpcpu_stress_cpu_offline(unsigned int cpu)
{
	return remove_cpu(cpu);
}

int kpcpu_stress_cpu_online(unsigned int cpu)
{
	return add_cpu(cpu);
}

bool kpcpu_stress_cpu_is_online(unsigned int cpu)
{
	return cpu < nr_cpu_ids && cpu_online(cpu);
}

/* The stress case runs for seconds: marked slow (kunit/suite.h). */
static struct kunit_case kpcpu_stress_cases[] = {
	KPCPU_STRESS_TEST_CASES(KPCPU_TEST_CASE, KPCPU_TEST_CASE_SLOW)
	{}
};

static struct kunit_suite kpcpu_stress_suite = {
	.name = "kpcpu_stress",
	.test_cases = kpcpu_stress_cases,
};

kunit_test_suite(kpcpu_stress_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: stress from kthreads and hard-irq timers, and CPU hotplug");
