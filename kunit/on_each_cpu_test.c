// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for kpcpu::on_each_cpu and kpcpu::NoWaitCalls (C++ bodies in
 * on_each_cpu_test_cases.cpp), and the C helpers the bodies use: kthreads,
 * migration, and a blocker that keeps one CPU's interrupts off.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/irqflags.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/wait.h>

#include "on_each_cpu_test.h"

unsigned long long kpcpu_oe_now_ns(void)
{
	return ktime_get_ns();
}

void kpcpu_oe_udelay(unsigned int us)
{
	udelay(us);
}

void kpcpu_oe_msleep(unsigned int ms)
{
	msleep(ms);
}

int kpcpu_oe_move_current(unsigned int cpu)
{
	return set_cpus_allowed_ptr(current, cpumask_of(cpu));
}

/*
 * A scheduling point. Without kernel preemption (PREEMPT_NONE), a task
 * whose CPUs were changed under it moves only at one of these; with it,
 * preempt_enable() already was one and this does nothing.
 */
void kpcpu_oe_schedule_point(void)
{
	cond_resched();
}

/* Sleeps until kthread_stop(): a thread's data lives until then. */
static void kpcpu_oe_wait_for_stop(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

struct kpcpu_oe_thread {
	struct task_struct *task;
	int (*fn)(void *arg);
	void *arg;
	int ret;
	bool woken;
	struct completion done;
};

static int kpcpu_oe_thread_main(void *data)
{
	struct kpcpu_oe_thread *t = data;

	t->ret = t->fn(t->arg);
	complete(&t->done);
	kpcpu_oe_wait_for_stop();
	return 0;
}

struct kpcpu_oe_thread *kpcpu_oe_thread_create(unsigned int cpu, int (*fn)(void *arg),
					       void *arg)
{
	struct kpcpu_oe_thread *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	t->fn = fn;
	t->arg = arg;
	init_completion(&t->done);
	t->task = kthread_create_on_cpu(kpcpu_oe_thread_main, t, cpu, "kpcpu_oe/%u");
	if (IS_ERR(t->task)) {
		kfree(t);
		return NULL;
	}
	get_task_struct(t->task);
	return t;
}

void kpcpu_oe_thread_wake(struct kpcpu_oe_thread *t)
{
	t->woken = true;
	wake_up_process(t->task);
}

int kpcpu_oe_thread_join(struct kpcpu_oe_thread *t, unsigned int timeout_ms)
{
	int ret = -ECANCELED;

	if (t->woken) {
		if (wait_for_completion_timeout(&t->done, msecs_to_jiffies(timeout_ms))) {
			ret = t->ret;
		} else {
			wait_for_completion(&t->done);
			ret = -ETIMEDOUT;
		}
	}
	/* A thread never woken is stopped before it runs fn. */
	kthread_stop(t->task);
	put_task_struct(t->task);
	kfree(t);
	return ret;
}

struct kpcpu_oe_mover {
	struct task_struct *task;
	struct task_struct *target;
	unsigned int to_cpu;
	int go;
	int calling;
	int ret;
	wait_queue_head_t wq;
};

static int kpcpu_oe_mover_main(void *data)
{
	struct kpcpu_oe_mover *m = data;

	wait_event_interruptible(m->wq, READ_ONCE(m->go) || kthread_should_stop());
	if (READ_ONCE(m->go)) {
		WRITE_ONCE(m->calling, 1);
		m->ret = set_cpus_allowed_ptr(m->target, cpumask_of(m->to_cpu));
	}
	kpcpu_oe_wait_for_stop();
	return 0;
}

struct kpcpu_oe_mover *kpcpu_oe_mover_start(unsigned int on_cpu, struct kpcpu_oe_thread *target,
					    unsigned int to_cpu)
{
	struct kpcpu_oe_mover *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return NULL;
	m->target = target->task;
	m->to_cpu = to_cpu;
	m->ret = -ECANCELED;
	init_waitqueue_head(&m->wq);
	m->task = kthread_create_on_cpu(kpcpu_oe_mover_main, m, on_cpu, "kpcpu_oe_mover/%u");
	if (IS_ERR(m->task)) {
		kfree(m);
		return NULL;
	}
	get_task_struct(m->task);
	wake_up_process(m->task);
	return m;
}

void kpcpu_oe_mover_go(struct kpcpu_oe_mover *m)
{
	WRITE_ONCE(m->go, 1);
	wake_up(&m->wq);
}

int kpcpu_oe_mover_calling(struct kpcpu_oe_mover *m)
{
	return READ_ONCE(m->calling);
}

int kpcpu_oe_mover_stop(struct kpcpu_oe_mover *m)
{
	int ret;

	kthread_stop(m->task);
	ret = m->ret;
	put_task_struct(m->task);
	kfree(m);
	return ret;
}

struct kpcpu_oe_blocker {
	struct task_struct *task;
	u64 limit_ns;
	int kick;
	int holding;
	int release;
	u64 release_at;
	int end;
	wait_queue_head_t wq;
};

/*
 * Interrupts off until released, or @limit_ns at the latest: by the clock,
 * or by counting udelay(1)s, should the clock stand still.
 */
static void kpcpu_oe_blocker_spin(struct kpcpu_oe_blocker *b)
{
	u64 start, now, at, waited_us = 0;
	int end;

	local_irq_disable();
	start = ktime_get_ns();
	WRITE_ONCE(b->holding, 1);
	for (;;) {
		now = ktime_get_ns();
		at = READ_ONCE(b->release_at);
		if (READ_ONCE(b->release)) {
			end = KPCPU_OE_RELEASED;
			break;
		}
		if (at && now >= at) {
			end = KPCPU_OE_RELEASED_AT;
			break;
		}
		if (now - start >= b->limit_ns || waited_us >= b->limit_ns / NSEC_PER_USEC) {
			end = KPCPU_OE_TIMED_OUT;
			break;
		}
		udelay(1);
		waited_us++;
	}
	WRITE_ONCE(b->end, end);
	WRITE_ONCE(b->holding, 0);
	/* The calls queued meanwhile run here, in one batch. */
	local_irq_enable();
}

static int kpcpu_oe_blocker_main(void *data)
{
	struct kpcpu_oe_blocker *b = data;

	wait_event_interruptible(b->wq, READ_ONCE(b->kick) || kthread_should_stop());
	if (READ_ONCE(b->kick) && !READ_ONCE(b->release))
		kpcpu_oe_blocker_spin(b);
	kpcpu_oe_wait_for_stop();
	return 0;
}

struct kpcpu_oe_blocker *kpcpu_oe_blocker_start(unsigned int cpu, unsigned int limit_ms)
{
	struct kpcpu_oe_blocker *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!b)
		return NULL;
	b->limit_ns = (u64)limit_ms * NSEC_PER_MSEC;
	b->end = KPCPU_OE_NEVER_HELD;
	init_waitqueue_head(&b->wq);
	b->task = kthread_create_on_cpu(kpcpu_oe_blocker_main, b, cpu, "kpcpu_oe_blocker/%u");
	if (IS_ERR(b->task)) {
		kfree(b);
		return NULL;
	}
	get_task_struct(b->task);
	wake_up_process(b->task);
	return b;
}

int kpcpu_oe_blocker_hold(struct kpcpu_oe_blocker *b, unsigned int timeout_ms)
{
	u64 deadline = ktime_get_ns() + (u64)timeout_ms * NSEC_PER_MSEC;
	u64 waited_us = 0;

	WRITE_ONCE(b->kick, 1);
	wake_up(&b->wq);
	while (!READ_ONCE(b->holding)) {
		if (ktime_get_ns() >= deadline || waited_us >= (u64)timeout_ms * USEC_PER_MSEC)
			return 0;
		udelay(1);
		waited_us++;
	}
	return 1;
}

void kpcpu_oe_blocker_release(struct kpcpu_oe_blocker *b)
{
	WRITE_ONCE(b->release, 1);
}

void kpcpu_oe_blocker_release_at(struct kpcpu_oe_blocker *b, unsigned long long ns)
{
	cmpxchg(&b->release_at, 0, ns ? ns : 1);
}

int kpcpu_oe_blocker_stop(struct kpcpu_oe_blocker *b)
{
	int end;

	kpcpu_oe_blocker_release(b);
	kthread_stop(b->task);
	end = b->end;
	put_task_struct(b->task);
	kfree(b);
	return end;
}

static struct kunit_case kpcpu_on_each_cpu_cases[] = {
	KPCPU_ON_EACH_CPU_TEST_CASES(KPCPU_TEST_CASE)
	{}
};

static struct kunit_suite kpcpu_on_each_cpu_suite = {
	.name = "kpcpu_on_each_cpu",
	.test_cases = kpcpu_on_each_cpu_cases,
};

kunit_test_suite(kpcpu_on_each_cpu_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: on_each_cpu and NoWaitCalls ordering tests");
