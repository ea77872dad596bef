// SPDX-License-Identifier: GPL-2.0
/* kpcpu_bench.ko: the loops written with kpcpu (see bench_main.c). */
#include <kpcpu/kpcpu.h>

#include "bench.h"

namespace {
KPCPU_DEFINE_PER_CPU(kpcpu::u64, bench_counter, 0);
} // namespace

extern "C" void kpcpu_bench_num_add(unsigned long iterations)
{
	auto counter = bench_counter.num();

	for (unsigned long i = 0; i < iterations; i++)
		counter.add(2);
}

extern "C" void kpcpu_bench_token_inc(unsigned long iterations)
{
	for (unsigned long i = 0; i < iterations; i++) {
		kpcpu::CpuGuard guard;

		bench_counter.get(guard).with([](kpcpu::u64 &c) { c++; });
	}
}

extern "C" unsigned long long kpcpu_bench_cxx_total(void)
{
	return kpcpu::sum(bench_counter);
}

/* ---- the lock rows ---- */

namespace {
kpcpu::LocalLocked<kpcpu::u64> *bench_locked;
} // namespace

extern "C" void kpcpu_bench_irq_guard_inc(unsigned long iterations)
{
	for (unsigned long i = 0; i < iterations; i++) {
		kpcpu::IrqGuard guard;

		bench_counter.num().inc(guard);
	}
}

extern "C" int kpcpu_bench_lock_prepare(void)
{
	bench_locked = new (kpcpu::gfp::kernel)
		kpcpu::LocalLocked<kpcpu::u64>(kpcpu::LocalLocked<kpcpu::u64>::with_value(0, kpcpu::gfp::kernel));
	if (bench_locked && *bench_locked)
		return 0;
	delete bench_locked;
	bench_locked = nullptr;
	return -KPCPU_ENOMEM;
}

extern "C" void kpcpu_bench_local_lock_inc(unsigned long iterations)
{
	const auto &locked = *bench_locked;

	for (unsigned long i = 0; i < iterations; i++) {
		auto guard = locked.lock();

		guard.with([](kpcpu::u64 &c) { c++; });
	}
}

extern "C" void kpcpu_bench_lock_release(void)
{
	delete bench_locked;
	bench_locked = nullptr;
}

/* ---- the counter and reference rows ---- */

/* PerCpuCounter and PerCpuRef, created by the setup below (no global constructor). */
namespace {
struct CounterRef {
	kpcpu::PerCpuCounter counter;
	kpcpu::PerCpuRef ref;
};
CounterRef *bench_objects;

void bench_ref_release(kpcpu::PerCpuRef &)
{
}
} // namespace

extern "C" int kpcpu_bench_cxx_setup(void)
{
	bench_objects = new (kpcpu::gfp::kernel) CounterRef{};
	if (!bench_objects)
		return -KPCPU_ENOMEM;
	int err = bench_objects->counter.init(0, kpcpu::gfp::kernel);
	if (!err)
		err = bench_objects->ref.init<bench_ref_release>(kpcpu::gfp::kernel);
	if (err)
		kpcpu_bench_cxx_teardown();
	return err;
}

extern "C" void kpcpu_bench_cxx_teardown(void)
{
	delete bench_objects;	/* never killed: percpu_ref_exit() as is */
	bench_objects = nullptr;
}

extern "C" void kpcpu_bench_counter_add(unsigned long iterations)
{
	kpcpu::PerCpuCounter &counter = bench_objects->counter;

	for (unsigned long i = 0; i < iterations; i++)
		counter.add(2);
}

extern "C" void kpcpu_bench_ref_get_put(unsigned long iterations)
{
	kpcpu::PerCpuRef &ref = bench_objects->ref;

	for (unsigned long i = 0; i < iterations; i++) {
		kpcpu::PerCpuRef::Ref held = ref.get();
		kpcpu::arch::compiler_barrier();
	}
}

extern "C" long long kpcpu_bench_counter_total(void)
{
	return bench_objects->counter.sum();
}
