// SPDX-License-Identifier: GPL-2.0
/* The C++ side of the IrqGuard and LocalLocked comparisons (see codegen_lock.c). */
#include <kpcpu/kpcpu.h>

// These functions exist only to be disassembled (scripts/codegen.sh): no
// caller, so no declaration (kernels since 6.8 warn on a missing one).
#pragma GCC diagnostic ignored "-Wmissing-declarations"

extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_irq_guard_only(void)
{
	kpcpu::IrqGuard guard;
}

extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_local_lock_inc(const kpcpu::LocalLocked<long> &l)
{
	auto guard = l.lock();

	guard.with([](long &v) { v++; });
}

extern "C" [[gnu::used, gnu::noinline]] void
kpcpu_cg_cxx_local_lock_irqsave_inc(const kpcpu::LocalLocked<long> &l)
{
	auto guard = l.lock_irqsave();

	guard.with([](long &v) { v++; });
}
