/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::Gfp - allocation flags (the kernel's gfp_t) as a distinct type.
 *
 * A distinct type, so that an allocation size can never be passed where the
 * flags go and so that operator new can take the flags as a placement
 * argument:
 *
 *	struct Node { int v; explicit Node(int x) : v(x) {} };
 *
 *	auto *node = new (kpcpu::gfp::kernel) Node(42);	// may sleep
 *	if (!node)
 *		return -KPCPU_ENOMEM;
 *	auto *irq = new (kpcpu::gfp::atomic | kpcpu::gfp::nowarn) Node(1);
 *	delete irq;					// nullptr if it failed: fine
 *	delete node;
 */
#ifndef KPCPU_GFP_H
#define KPCPU_GFP_H

#include <kpcpu/kernel_constants.h>

namespace kpcpu {

struct Gfp {
	unsigned int bits;

	friend constexpr Gfp operator|(Gfp a, Gfp b) { return Gfp{a.bits | b.bits}; }
	friend constexpr bool operator==(Gfp a, Gfp b) { return a.bits == b.bits; }
};

namespace gfp {
/* May sleep: process context only. */
inline constexpr Gfp kernel{KPCPU_GFP_KERNEL};
/* Never sleeps; may use reserves: interrupt context, or preemption off. */
inline constexpr Gfp atomic{KPCPU_GFP_ATOMIC};
/* Never sleeps and uses no reserves. */
inline constexpr Gfp nowait{KPCPU_GFP_NOWAIT};
/* Modifiers. */
inline constexpr Gfp zero{KPCPU_GFP_ZERO};
inline constexpr Gfp nowarn{KPCPU_GFP_NOWARN};
inline constexpr Gfp account{KPCPU_GFP_ACCOUNT};
} // namespace gfp

} // namespace kpcpu

#endif /* KPCPU_GFP_H */
