/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu_local_lock_rt.ko (src/local_lock_rt.cpp): the C helpers it drives
 * the scheduler with (src/local_lock_rt_threads.c), and the kernel's own
 * answers about the current task.
 */
#ifndef KPCPU_LOCAL_LOCK_RT_H
#define KPCPU_LOCAL_LOCK_RT_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A kthread, created bound to @cpu and not yet woken, running fn(arg) and
 * then waiting for kpcpu_llrt_thread_stop(); SCHED_FIFO, at a high
 * priority (sched_set_fifo()) or the lowest (sched_set_fifo_low()).
 * NULL on failure.
 */
void *kpcpu_llrt_thread_create(int (*fn)(void *arg), void *arg, unsigned int cpu, bool high);
void kpcpu_llrt_thread_wake(void *task);
void kpcpu_llrt_thread_stop(void *task);
/* The calling task may run on any online CPU from now on (it stays where it is). */
int kpcpu_llrt_allow_all_cpus(void);

unsigned int kpcpu_llrt_cpu(void);
unsigned int kpcpu_llrt_preempt_count(void);
bool kpcpu_llrt_preemptible(void);
bool kpcpu_llrt_migration_disabled(void);
unsigned long long kpcpu_llrt_now_ns(void);
void kpcpu_llrt_msleep(unsigned int ms);
/* The last online CPU, and whether another one is online. */
unsigned int kpcpu_llrt_last_cpu(void);
bool kpcpu_llrt_other_cpu_online(unsigned int cpu);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_LOCAL_LOCK_RT_H */
