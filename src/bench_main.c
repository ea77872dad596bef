// SPDX-License-Identifier: GPL-2.0
/*
 * kpcpu_bench.ko - what a per-CPU operation costs, kpcpu against the
 * kernel's C and against the shared-counter alternatives.
 *
 * Prints a table of nanoseconds per operation, each with its ratio to C's
 * this_cpu_add(); the module keeps no state and can be removed at once.
 * Single-thread rows run in the insmod context, best of three runs; "every
 * CPU" rows run one kthread per online CPU (or @threads of them), released
 * together, and report the wall time per operation each thread saw. A row
 * runs at least @iterations operations, ten times more until it lasts 50 ms
 * (the last column says how many it ran).
 *
 *	insmod kpcpu_bench.ko iterations=1000000 threads=2
 */
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/irqflags.h>
#include <linux/kthread.h>
#include <linux/local_lock.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/percpu-refcount.h>
#include <linux/percpu_counter.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/preempt.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "bench.h"

static unsigned long iterations = 1000000;
module_param(iterations, ulong, 0444);
MODULE_PARM_DESC(iterations, "operations per measured loop (per thread)");

static unsigned int threads;
module_param(threads, uint, 0444);
MODULE_PARM_DESC(threads, "threads for the every-CPU rows (0: one per online CPU)");

static DEFINE_PER_CPU(u64, bench_c_counter);
static atomic64_t bench_atomic = ATOMIC64_INIT(0);
static DEFINE_SPINLOCK(bench_lock);
static u64 bench_locked_counter;

static void bench_c_this_cpu_add(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		this_cpu_add(bench_c_counter, 2);
}

static void bench_c_preempt_ptr_inc(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		preempt_disable();
		(*this_cpu_ptr(&bench_c_counter))++;
		preempt_enable();
	}
}

static void bench_atomic64_add(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		atomic64_add(2, &bench_atomic);
}

static void bench_spinlock_inc(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		spin_lock(&bench_lock);
		bench_locked_counter++;
		spin_unlock(&bench_lock);
	}
}

/* The lock rows: the C twins of IrqGuard and LocalLocked. */
struct bench_c_locked {
	local_lock_t lock;
	u64 value;
};

static DEFINE_PER_CPU(struct bench_c_locked, bench_c_locked) = {
	.lock = INIT_LOCAL_LOCK(lock),
};

static void bench_c_irq_save_inc(unsigned long n)
{
	unsigned long i, flags;

	for (i = 0; i < n; i++) {
		local_irq_save(flags);
		__this_cpu_inc(bench_c_counter);
		local_irq_restore(flags);
	}
}

static void bench_c_local_lock_inc(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		local_lock(&bench_c_locked.lock);
		this_cpu_ptr(&bench_c_locked)->value++;
		local_unlock(&bench_c_locked.lock);
	}
}

/* The kernel's percpu_counter and percpu_ref, and refcount_t, for their rows. */
static struct percpu_counter bench_pc;
static struct percpu_ref bench_ref;
static refcount_t bench_refcount = REFCOUNT_INIT(1);

static void bench_c_percpu_counter_add(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		percpu_counter_add(&bench_pc, 2);
}

static void bench_ref_release(struct percpu_ref *ref)
{
}

static void bench_c_percpu_ref_get_put(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		percpu_ref_get(&bench_ref);
		barrier();
		percpu_ref_put(&bench_ref);
	}
}

static void bench_refcount_inc_dec(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		refcount_inc(&bench_refcount);
		barrier();
		refcount_dec(&bench_refcount);
	}
}

struct bench_row {
	const char *name;
	void (*loop)(unsigned long n);
	bool every_cpu;
	u64 ns;		/* wall time of the measured run */
	unsigned long ops;	/* operations per thread in it */
};

/* A measurement that could not run (as opposed to one too short to see: 0). */
#define BENCH_FAILED U64_MAX

/*
 * Every-CPU rows: the threads sleep until a common start, then run the loop.
 * Nobody spins while waiting: on a kernel without full preemption a
 * spinning thread would keep its CPU from the thread it waits for.
 */
struct bench_thread {
	struct task_struct *task;
	void (*loop)(unsigned long n);
	unsigned long ops;
	atomic_t *ready;
	struct completion *go;
	struct completion done;
};

static int bench_thread_main(void *data)
{
	struct bench_thread *t = data;

	atomic_dec(t->ready);
	wait_for_completion(t->go);
	t->loop(t->ops);
	complete(&t->done);
	return 0;
}

static u64 bench_every_cpu(void (*loop)(unsigned long n), unsigned long ops,
			   unsigned int nthreads)
{
	DECLARE_COMPLETION_ONSTACK(go);
	struct bench_thread *t;
	atomic_t ready;
	unsigned int i, started = 0, cpu = cpumask_first(cpu_online_mask);
	u64 start;

	t = kcalloc(nthreads, sizeof(*t), GFP_KERNEL);
	if (!t)
		return BENCH_FAILED;
	atomic_set(&ready, 0);
	for (i = 0; i < nthreads; i++, started++) {
		t[i].loop = loop;
		t[i].ops = ops;
		t[i].ready = &ready;
		t[i].go = &go;
		init_completion(&t[i].done);
		t[i].task = kthread_create_on_cpu(bench_thread_main, &t[i], cpu, "kpcpu_bench/%u");
		if (IS_ERR(t[i].task))
			break;
		get_task_struct(t[i].task);
		atomic_inc(&ready);
		wake_up_process(t[i].task);
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_online_mask);
	}
	/* Release them together once every started thread is waiting. */
	while (atomic_read(&ready) > 0)
		schedule_timeout_uninterruptible(1);
	start = ktime_get_ns();
	complete_all(&go);
	for (i = 0; i < started; i++)
		wait_for_completion(&t[i].done);
	start = ktime_get_ns() - start;
	for (i = 0; i < started; i++) {
		kthread_stop(t[i].task);
		put_task_struct(t[i].task);
	}
	kfree(t);
	return started == nthreads ? start : BENCH_FAILED;
}

/* The best of three timed runs, after a warm-up: the least disturbed one. */
static u64 bench_one_thread(void (*loop)(unsigned long n), unsigned long ops)
{
	u64 best = U64_MAX, start, ns;
	int run;

	loop(ops / 10 + 1);
	for (run = 0; run < 3; run++) {
		start = ktime_get_ns();
		loop(ops);
		ns = ktime_get_ns() - start;
		best = min(best, ns);
	}
	return best;
}

/*
 * A row's run must be long enough for the clock to time it: a kernel may
 * fall back to a jiffies clocksource (no usable TSC), whose ticks are
 * milliseconds apart. So ten times the operations until it takes 50 ms.
 */
#define BENCH_MIN_NS (50 * NSEC_PER_MSEC)

static void bench_measure(struct bench_row *row, unsigned int nthreads)
{
	unsigned long ops = iterations;

	for (;;) {
		row->ns = row->every_cpu ? bench_every_cpu(row->loop, ops, nthreads)
					 : bench_one_thread(row->loop, ops);
		row->ops = ops;
		if (row->ns == BENCH_FAILED || row->ns >= BENCH_MIN_NS || ops > ULONG_MAX / 10)
			return;
		ops *= 10;
	}
}

/* ns * 100 per operation, for two decimals without floating point. */
static u64 centi_ns_per_op(const struct bench_row *row)
{
	return div64_u64(row->ns * 100, row->ops);
}

/* "<what>: 1.85" - the first row's cost per operation over the second's. */
static void bench_compare(const struct bench_row *a, const struct bench_row *b, const char *what)
{
	u64 ratio = div64_u64(centi_ns_per_op(a) * 100, max_t(u64, centi_ns_per_op(b), 1));

	pr_info("kpcpu_bench: ratio %s: %llu.%02llu\n", what, ratio / 100, ratio % 100);
}

/* (Static: seventeen rows are too big for the stack frame on KASAN kernels.) */
static struct bench_row rows[] = {
	{ "C this_cpu_add()", bench_c_this_cpu_add, false },
	{ "kpcpu num().add()", kpcpu_bench_num_add, false },
	{ "C preempt_disable + this_cpu_ptr++", bench_c_preempt_ptr_inc, false },
	{ "kpcpu CpuGuard + token increment", kpcpu_bench_token_inc, false },
	{ "atomic64_add(), uncontended", bench_atomic64_add, false },
	{ "kpcpu num().add(), every CPU", kpcpu_bench_num_add, true },
	{ "atomic64_add(), every CPU", bench_atomic64_add, true },
	{ "spinlock counter, every CPU", bench_spinlock_inc, true },
	{ "C local_irq_save/restore, every CPU", bench_c_irq_save_inc, true },
	{ "kpcpu IrqGuard, every CPU", kpcpu_bench_irq_guard_inc, true },
	{ "C local_lock+local_unlock, every CPU", bench_c_local_lock_inc, true },
	{ "kpcpu LocalLocked lock, every CPU", kpcpu_bench_local_lock_inc, true },
	/* rows[12..16]: percpu_counter and percpu_ref, every CPU */
	{ "C percpu_counter_add(), every CPU", bench_c_percpu_counter_add, true },
	{ "kpcpu PerCpuCounter::add, every CPU", kpcpu_bench_counter_add, true },
	{ "C percpu_ref_get+put, every CPU", bench_c_percpu_ref_get_put, true },
	{ "kpcpu PerCpuRef get+put, every CPU", kpcpu_bench_ref_get_put, true },
	{ "refcount_inc+dec, every CPU", bench_refcount_inc_dec, true },
};

static int __init kpcpu_bench_init(void)
{
	unsigned int nthreads = threads ? threads : num_online_cpus();
	u64 base, per_op, ratio;
	long long counter_total = 0, c_counter_total;
	int i, err;

	if (!iterations) {
		pr_err("kpcpu_bench: iterations must be at least 1\n");
		return -EINVAL;
	}
	err = percpu_counter_init(&bench_pc, 0, GFP_KERNEL);
	if (err)
		return err;
	err = percpu_ref_init(&bench_ref, bench_ref_release, 0, GFP_KERNEL);
	if (!err)
		err = kpcpu_bench_cxx_setup();
	if (!err)
		err = kpcpu_bench_lock_prepare();
	for (i = 0; !err && i < ARRAY_SIZE(rows); i++) {
		bench_measure(&rows[i], nthreads);
		if (rows[i].ns == BENCH_FAILED) {
			pr_err("kpcpu_bench: could not run '%s'\n", rows[i].name);
			err = -ENOMEM;
		}
	}
	if (!err)
		counter_total = kpcpu_bench_counter_total();
	kpcpu_bench_lock_release();
	kpcpu_bench_cxx_teardown();
	percpu_ref_exit(&bench_ref);
	c_counter_total = percpu_counter_sum(&bench_pc);
	percpu_counter_destroy(&bench_pc);
	if (err)
		return err;

	pr_info("kpcpu_bench: iterations=%lu threads=%u (ns per operation, per thread)\n",
		iterations, nthreads);
	pr_info("kpcpu_bench: %-38s %10s %8s %12s\n", "operation", "ns/op", "ratio", "operations");
	base = max_t(u64, centi_ns_per_op(&rows[0]), 1);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		per_op = centi_ns_per_op(&rows[i]);
		ratio = div64_u64(per_op * 100, base);
		pr_info("kpcpu_bench: %-38s %7llu.%02llu %5llu.%02llu %12lu\n", rows[i].name,
			per_op / 100, per_op % 100, ratio / 100, ratio % 100, rows[i].ops);
	}
	pr_info("kpcpu_bench: kpcpu counter total %llu (the loops really ran)\n",
		kpcpu_bench_cxx_total());
	pr_info("kpcpu_bench: PerCpuCounter total %lld, percpu_counter total %lld\n",
		counter_total, c_counter_total);
	bench_compare(&rows[8], &rows[9], "local_irq_save/restore / IrqGuard");
	bench_compare(&rows[10], &rows[11], "local_lock+unlock / LocalLocked lock");
	bench_compare(&rows[12], &rows[13], "percpu_counter_add() / PerCpuCounter::add");
	bench_compare(&rows[14], &rows[15], "percpu_ref get+put / PerCpuRef get+put");
	bench_compare(&rows[16], &rows[15], "refcount_inc+dec / PerCpuRef get+put");
	return 0;
}

static void __exit kpcpu_bench_exit(void)
{
}

module_init(kpcpu_bench_init);
module_exit(kpcpu_bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: per-CPU operation benchmark");
