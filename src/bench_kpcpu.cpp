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
