/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kpcpu_stress KUnit suite: C++ bodies (stress_test_cases.cpp) and the
 * C helpers they drive the kernel with (stress_test.c): a kthread and a
 * hard-irq timer on every online CPU calling back into C++, a kthread that
 * takes CPUs offline and online again meanwhile, and CPU hotplug on its own.
 */
#ifndef KPCPU_STRESS_TEST_H
#define KPCPU_STRESS_TEST_H

#include "suite.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The cases in run order, each the C++ body kpcpu_test_<name> (suite.h). */
#define KPCPU_STRESS_TEST_CASES(X, X_SLOW) \
	X_SLOW(stress_counts_exact) \
	X(hotplug_dynamic_created_offline) \
	X(hotplug_on_each_cpu_skips_offline)
KPCPU_STRESS_TEST_CASES(KPCPU_TEST_PROTOTYPE, KPCPU_TEST_PROTOTYPE)

/* How many per-CPU variables the stress case hammers (C++ names them). */
#define KPCPU_STRESS_VARS 10

/*
 * What one worker (a kthread or a timer) did, counted by itself in plain
 * variables that nothing else writes: read only once the worker is stopped.
 */
struct kpcpu_stress_counts {
	/* What it added to each variable, wrapping: taking n away adds -n. */
	unsigned long long added[KPCPU_STRESS_VARS];
	/* Operations on the variables, of every kind. */
	unsigned long long ops;
	/* Borrows an interrupt asked for and did not get: the task held them. */
	unsigned long long refused;
	/* The worker's own pseudo-random sequence (never 0), seeded by the C side. */
	unsigned long long rng;
};

/* What the workers run, in batches; the C side loops and stops them. */
struct kpcpu_stress_work {
	/* In a kthread: preemptible, and it may be migrated between any two operations. */
	void (*thread_step)(void *arg, struct kpcpu_stress_counts *counts);
	/* In a timer, in hard-irq context: must not sleep. */
	void (*timer_step)(void *arg, struct kpcpu_stress_counts *counts);
	void *arg;
};

/* What a stress run did: the workers' own counts added up, and how it went. */
struct kpcpu_stress_totals {
	struct kpcpu_stress_counts threads;
	struct kpcpu_stress_counts timers;
	unsigned int nr_threads;	/* one per CPU online at the start */
	unsigned int nr_timers;		/* likewise */
	unsigned long long elapsed_ns;	/* guest time from the start to the stop */
	unsigned long long duration_ns;	/* what it was asked to last (stress_seconds) */
	unsigned long long timer_fires;
	unsigned long long away_fires;	/* on another CPU than the one armed on: moved by hotplug */
	unsigned long long not_hardirq;	/* timer calls outside hard-irq context: never */
	unsigned long long rebinds;	/* kthreads that went back to their CPU after it came back */
	unsigned int hotplug_cpus;	/* CPUs the hotplug kthread cycles (all online but CPU 0) */
	unsigned int cycles;		/* offline/online cycles completed */
	unsigned int offline_failures;	/* remove_cpu() errors */
	unsigned int online_failures;	/* add_cpu() errors (retried) */
	unsigned int rearm_failures;	/* timers that could not go back to their CPU */
	unsigned int left_offline;	/* CPUs still offline at the end: never */
};

/*
 * Runs @work for stress_seconds (the module parameter) of guest time: one
 * kthread per online CPU, on that CPU while it is online, calling
 * work->thread_step, and one hard-irq timer per online CPU, armed on that
 * CPU, calling work->timer_step from every tick. With @hotplug, a kthread
 * on CPU 0 meanwhile takes the other CPUs offline and online again, one at
 * a time, round after round; a kthread whose CPU went offline runs
 * elsewhere until it is back, and a timer the kernel moved away is armed on
 * its CPU again. At the end every CPU it took offline is online again.
 * Every worker is stopped before it returns, so @totals is final. Task
 * context only. 0, or a negative errno (then nothing ran: @totals is zero).
 */
int kpcpu_stress_run(const struct kpcpu_stress_work *work, bool hotplug,
		     struct kpcpu_stress_totals *totals);

/* remove_cpu() and add_cpu(): 0 or -errno; task context only. */
int kpcpu_stress_cpu_offline(unsigned int cpu);
int kpcpu_stress_cpu_online(unsigned int cpu);
/* The kernel's cpu_online(): any context. */
bool kpcpu_stress_cpu_is_online(unsigned int cpu);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_STRESS_TEST_H */
