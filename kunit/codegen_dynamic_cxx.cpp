// SPDX-License-Identifier: GPL-2.0
/*
 * The C++ side of the dynamic-handle comparison (see codegen_dynamic.c):
 * the same hot path through a kpcpu::DynamicPerCpu<u64> handle, which
 * checks for an empty handle on every access.
 */
#include <kpcpu/kpcpu.h>

// These functions exist only to be disassembled (scripts/codegen.sh): no
// caller, so no declaration (kernels since 6.8 warn on a missing one).
#pragma GCC diagnostic ignored "-Wmissing-declarations"

using kpcpu::u64;

extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_dyn_add(const kpcpu::DynamicPerCpu<u64> &h, u64 x)
{
	h.num().add(x);
}

extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_dyn_guarded_inc(const kpcpu::DynamicPerCpu<u64> &h)
{
	kpcpu::CpuGuard guard;

	h.get(guard).with([](u64 &v) { v++; });
}
