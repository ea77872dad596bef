// SPDX-License-Identifier: GPL-2.0
/*
 * kpcpu_local_lock_rt.ko: kpcpu::LocalLocked under real contention on the
 * kernel it loads on - above all PREEMPT_RT, which has no KUnit kernel here
 * (the test command loads it on every kernel of the matrix, Debian's RT
 * ones included).
 *
 * Two SCHED_FIFO kthreads on one CPU: A (low priority, allowed on every
 * CPU) takes the lock and, inside, wakes B (high priority, bound to A's
 * CPU), then waits for B to have tried the lock. B records whether A was
 * inside, spins 20 ms (A, preempted, is what the RT scheduler pushes to an
 * idle CPU), then takes the lock. On PREEMPT_RT the lock is
 * migrate_disable() and a per-CPU spinlock: B preempts A, yet enters only
 * after A left, A stays on its CPU, and A's preempt_count() is 0 while its
 * migration is disabled. On other kernels it is preempt_disable(): B runs
 * only after A left. The twin run without the lock shows what the checks
 * catch: on RT, B runs inside A's section and A is moved to another CPU.
 *
 * One "kpcpu local lock rt:" line per check ("ok" or "FAILED"); the load
 * fails with -EIO if one failed.
 */
#include <kpcpu/kpcpu.h>

#include "local_lock_rt.h"

namespace {

using kpcpu::LocalLocked;

template <typename T>
T load(const T &v)
{
	return __atomic_load_n(&v, __ATOMIC_ACQUIRE);
}

template <typename T>
void store(T &v, T value)
{
	__atomic_store_n(&v, value, __ATOMIC_RELEASE);
}

constexpr unsigned long long ms = 1000 * 1000ull;

/* Spins until @cond() or @ns passed (never sleeps: A holds the lock). */
template <typename Cond>
void spin_until(Cond cond, unsigned long long ns)
{
	unsigned long long end = kpcpu_llrt_now_ns() + ns;

	while (!cond() && kpcpu_llrt_now_ns() < end)
		kpcpu::arch::cpu_relax();
}

struct Run {
	const LocalLocked<long> *counts; /* nullptr: the twin, without the lock */
	unsigned int cpu;                 /* where A takes the lock, and B is bound */
	void *b_task;
	/* A's observations, inside its section */
	bool a_on_cpu;
	unsigned int a_cpu_after;
	unsigned int a_preempt_count;
	bool a_migration_disabled;
	bool a_inside;
	bool a_done;
	/* B's */
	bool b_ran_while_a_inside;
	bool b_tried;
	bool b_entered_while_a_inside;
	bool b_done;
};

/* A's section: the same with the lock and without. */
void a_section(Run &run)
{
	run.a_preempt_count = kpcpu_llrt_preempt_count();
	run.a_migration_disabled = kpcpu_llrt_migration_disabled();
	store(run.a_inside, true);
	kpcpu_llrt_thread_wake(run.b_task);
	/* With the lock on a non-RT kernel B cannot run yet: the wait times out. */
	spin_until([&] { return load(run.b_tried); }, 100 * ms);
	/* Room for a B that would enter now, wrongly. */
	spin_until([&] { return load(run.b_done); }, 20 * ms);
	run.a_cpu_after = kpcpu_llrt_cpu();
	store(run.a_inside, false);
}

int thread_a(void *arg)
{
	auto &run = *static_cast<Run *>(arg);

	/* Bound to run.cpu until now; from here the scheduler may move it. */
	if (kpcpu_llrt_allow_all_cpus())
		return 0;
	for (int tries = 0; tries < 100 && !run.a_on_cpu; tries++) {
		if (run.counts) {
			auto guard = run.counts->lock();

			if (guard.cpu() != run.cpu)
				continue; /* moved before the lock: again */
			run.a_on_cpu = true;
			guard.with([](long &v) { v++; });
			a_section(run);
		} else if (kpcpu_llrt_cpu() == run.cpu) {
			run.a_on_cpu = true;
			a_section(run);
		}
	}
	store(run.a_done, true);
	return 0;
}

int thread_b(void *arg)
{
	auto &run = *static_cast<Run *>(arg);

	store(run.b_ran_while_a_inside, load(run.a_inside));
	unsigned long long end = kpcpu_llrt_now_ns() + 20 * ms;
	while (kpcpu_llrt_now_ns() < end)
		kpcpu::arch::cpu_relax();
	store(run.b_tried, true);
	if (run.counts) {
		auto guard = run.counts->lock();

		store(run.b_entered_while_a_inside, load(run.a_inside));
		guard.with([](long &v) { v++; });
	} else {
		store(run.b_entered_while_a_inside, load(run.a_inside));
	}
	store(run.b_done, true);
	return 0;
}

/* Runs A and B once; false if they could not be started or did not finish. */
bool run_pair(Run &run)
{
	void *a = kpcpu_llrt_thread_create(thread_a, &run, run.cpu, false);
	void *b = kpcpu_llrt_thread_create(thread_b, &run, run.cpu, true);
	bool finished = false;

	if (a && b) {
		run.b_task = b;
		kpcpu_llrt_thread_wake(a);
		/* Up to 30 s: on a loaded host a TCG guest's kthreads may take
		 * seconds to be scheduled (seen once at 5 s on debian-6.1-rt). */
		for (int i = 0; i < 3000 && !finished; i++) {
			kpcpu_llrt_msleep(10);
			finished = load(run.a_done) && load(run.b_done);
		}
	}
	/* (B is woken by A; stopping a thread never woken is fine too.) */
	if (b)
		kpcpu_llrt_thread_stop(b);
	if (a)
		kpcpu_llrt_thread_stop(a);
	return finished && run.a_on_cpu;
}

int failures;

void check(bool ok, const char *what)
{
	kpcpu_printk(KPCPU_KERN_INFO "kpcpu local lock rt: %s: %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

int local_lock_rt_init()
{
	constexpr bool rt = kpcpu::config::preempt_rt;
	unsigned int cpu = kpcpu_llrt_last_cpu();

	if (!kpcpu_llrt_other_cpu_online(cpu)) {
		kpcpu_printk(KPCPU_KERN_ERR "kpcpu local lock rt: FAILED: needs two online CPUs\n");
		return -KPCPU_EIO;
	}
	auto counts = LocalLocked<long>::with_value(0, kpcpu::gfp::kernel);
	if (!counts) {
		kpcpu_printk(KPCPU_KERN_ERR "kpcpu local lock rt: FAILED: no memory\n");
		return -KPCPU_ENOMEM;
	}
	kpcpu_printk(KPCPU_KERN_INFO "kpcpu local lock rt: local_lock() is %s, contended on CPU %u\n",
		     rt ? "migrate_disable() + a per-CPU spinlock (PREEMPT_RT)" : "preempt_disable()", cpu);

	Run locked{};
	locked.counts = &counts;
	locked.cpu = cpu;
	if (!run_pair(locked)) {
		kpcpu_printk(KPCPU_KERN_ERR "kpcpu local lock rt: A done %d, B done %d, A on CPU %u: %d\n",
			     load(locked.a_done), load(locked.b_done), cpu, locked.a_on_cpu);
		check(false, "the two kthreads ran");
		return -KPCPU_EIO;
	}
	check(!locked.b_entered_while_a_inside, "serialised: B entered only after A left");
	check(*counts.unlocked_remote_ptr(cpu) == 2, "both updates counted on the CPU");
	check(locked.a_cpu_after == cpu, "the holder stayed on its CPU");
	if constexpr (rt) {
		check(locked.b_ran_while_a_inside, "the holder was preempted while holding it (RT)");
		check(locked.a_preempt_count == 0, "preempt_count() is 0 under the guard (RT)");
		check(locked.a_migration_disabled, "migration is disabled under the guard (RT)");
	} else {
		check(!locked.b_ran_while_a_inside, "the holder was not preempted (preempt_disable)");
#ifdef CONFIG_PREEMPT_COUNT
		check(locked.a_preempt_count == 1, "preempt_count() is 1 under the guard");
#endif
	}

	Run twin{};
	twin.cpu = cpu;
	if (!run_pair(twin)) {
		check(false, "the two kthreads ran without the lock");
		return -KPCPU_EIO;
	}
	kpcpu_printk(KPCPU_KERN_INFO
		     "kpcpu local lock rt: without the lock: B ran inside A's section: %s, A on CPU %u then %u\n",
		     twin.b_entered_while_a_inside ? "yes" : "no", cpu, twin.a_cpu_after);
	if constexpr (rt) {
		check(twin.b_entered_while_a_inside, "the twin without the lock is not serialised (RT)");
		check(twin.a_cpu_after != cpu, "the twin without the lock was moved off its CPU (RT)");
	}
	if (failures)
		return -KPCPU_EIO;
	kpcpu_printk(KPCPU_KERN_INFO "kpcpu local lock rt: all checks passed\n");
	return 0;
}

void local_lock_rt_exit() {}

} // namespace

KPCPU_MODULE_INIT(local_lock_rt_init);
KPCPU_MODULE_EXIT(local_lock_rt_exit);
KPCPU_MODULE_LICENSE("GPL");
KPCPU_MODULE_DESCRIPTION("kpcpu: LocalLocked under contention on the running kernel (PREEMPT_RT above all)");
