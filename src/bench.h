/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu_bench.ko: the kpcpu loops (bench_kpcpu.cpp) that bench_main.c times
 * next to the same work done with the kernel's C macros.
 */
#ifndef KPCPU_BENCH_H
#define KPCPU_BENCH_H

#ifdef __cplusplus
extern "C" {
#endif

/* @iterations times num().add(2) on a static per-CPU u64. */
void kpcpu_bench_num_add(unsigned long iterations);
/* @iterations times: a CpuGuard and an exclusive token incrementing it. */
void kpcpu_bench_token_inc(unsigned long iterations);
/* The sum over possible CPUs of the counter the two loops above update. */
unsigned long long kpcpu_bench_cxx_total(void);

/*
 * IrqGuard and LocalLocked (the lock rows): @iterations times an IrqGuard
 * and a raw num().inc() under it; @iterations times lock(), an increment
 * through with(), unlock on a LocalLocked<u64> that _lock_prepare() made
 * (0, or -ENOMEM) and _lock_release() frees.
 */
void kpcpu_bench_irq_guard_inc(unsigned long iterations);
int kpcpu_bench_lock_prepare(void);
void kpcpu_bench_local_lock_inc(unsigned long iterations);
void kpcpu_bench_lock_release(void);

/*
 * A kpcpu::PerCpuCounter and a kpcpu::PerCpuRef for the loops below:
 * setup 0 or -errno (nothing left behind); teardown frees them.
 */
int kpcpu_bench_cxx_setup(void);
void kpcpu_bench_cxx_teardown(void);
/* @iterations times PerCpuCounter::add(2). */
void kpcpu_bench_counter_add(unsigned long iterations);
/* @iterations times a PerCpuRef::Ref taken (get()) and dropped (put). */
void kpcpu_bench_ref_get_put(unsigned long iterations);
/* The counter's exact sum. */
long long kpcpu_bench_counter_total(void);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_BENCH_H */
