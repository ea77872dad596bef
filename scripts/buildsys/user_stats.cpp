// SPDX-License-Identifier: GPL-2.0
/*
 * The user module's second C++ file: per-CPU statistics. With
 * -DMISUSE_PERCPU_OVER_BUDGET it and user_module.cpp each define a
 * 5000-byte static per-CPU buffer: each fits the 8 KiB that all modules
 * share, both together do not, which only the linked module shows.
 */
#include <kpcpu/kpcpu.h>

#include "user_stats.h"

namespace {

struct Histogram {
#ifdef MISUSE_PERCPU_OVER_BUDGET
	kpcpu::u8 bytes[5000];
#else
	kpcpu::u8 bytes[64];
#endif
};

KPCPU_DEFINE_PER_CPU(Histogram, user_histogram);

} // namespace

void user_stats_record(unsigned int bucket)
{
	kpcpu::CpuGuard guard;

	user_histogram.get(guard).with([bucket](Histogram &h) { h.bytes[bucket % sizeof(h.bytes)]++; });
}
