// SPDX-License-Identifier: GPL-2.0
/*
 * The C++ side of the percpu_counter / percpu_ref comparison (see
 * codegen_counter_ref.c): PerCpuCounter::add() and a PerCpuRef reference
 * taken (get(), the Ref handed over) and dropped (put()).
 */
#include <kpcpu/kpcpu.h>

// These functions exist only to be disassembled (scripts/codegen.sh): no
// caller, so no declaration (kernels since 6.8 warn on a missing one).
#pragma GCC diagnostic ignored "-Wmissing-declarations"

extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_counter_add(kpcpu::PerCpuCounter &counter,
								    long long amount)
{
	counter.add(amount);
}

extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_ref_get(kpcpu::PerCpuRef &ref)
{
	(void)ref.get().leak();
}

extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_ref_put(kpcpu::PerCpuRef &ref)
{
	auto held = kpcpu::PerCpuRef::Ref::adopt(ref);
}
