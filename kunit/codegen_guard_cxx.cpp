// SPDX-License-Identifier: GPL-2.0
/* The C++ side of the code-generation comparison (see codegen_guard.c). */
#include <kpcpu/kpcpu.h>

#include "codegen_guard.h"

namespace {
KPCPU_DEFINE_PER_CPU(long, cxx_counter, 0);
} // namespace

extern "C" void kpcpu_codegen_cxx_guarded_inc(void)
{
	kpcpu::CpuGuard guard;

	cxx_counter.get(guard).with([](long &v) { v++; });
}

extern "C" void kpcpu_codegen_cxx_guard_only(void)
{
	kpcpu::CpuGuard guard;
}
