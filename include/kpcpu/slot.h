/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::Slot<T> - one CPU's copy of a per-CPU variable that kpcpu owns
 * (static or dynamic). The value comes first, so a Slot's per-CPU address
 * is also its value's (PerCpuPtr<T> points at both). With debug checks on
 * (kpcpu/debug.h) it also records which tokens are using this CPU's copy
 * (kpcpu/token.h); without them a Slot<T> is exactly a T.
 *
 *	constinit kpcpu::Slot<long> slot_example{5};	// what KPCPU_DEFINE_PER_CPU places
 */
#ifndef KPCPU_SLOT_H
#define KPCPU_SLOT_H

#include <kpcpu/debug.h>
#include <kpcpu/types.h>

namespace kpcpu {

template <typename T>
struct Slot {
	T value;
#ifdef KPCPU_DEBUG_CHECKS
	/* 0 free, 0xff lent exclusively, else lent shared that many times. */
	u8 borrow_state = 0;
#endif
};

#ifndef KPCPU_DEBUG_CHECKS
static_assert(sizeof(Slot<long>) == sizeof(long), "a Slot costs nothing without debug checks");
#endif

} // namespace kpcpu

#endif /* KPCPU_SLOT_H */
