/* SPDX-License-Identifier: GPL-2.0 */
/*
 * operator new and delete for kernel C++.
 *
 * Allocation always names its gfp flags and never throws: the only
 * allocating forms are new (kpcpu::Gfp) T and new (kpcpu::Gfp) T[n], which
 * return nullptr on failure, in which case no constructor runs. delete and
 * delete[] free with kfree. Placement new constructs in storage you own.
 *
 *	struct Node { int v; explicit Node(int x) : v(x) {} };
 *
 *	Node *n = new (kpcpu::gfp::kernel) Node(7);
 *	if (!n)
 *		return -KPCPU_ENOMEM;
 *	delete n;
 *
 *	alignas(Node) unsigned char buf[sizeof(Node)];
 *	Node *in_place = new (buf) Node(8);
 *	in_place->~Node();
 *
 * A plain "new T" does not link: it needs the throwing operator new, which
 * kpcpu does not provide, and scripts/check-cxx-object.sh fails the build
 * naming the symbol.
 */
#ifndef KPCPU_NEW_H
#define KPCPU_NEW_H

#include <kpcpu/gfp.h>
#include <kpcpu/types.h>

/* Placement forms: as <new> defines them, which freestanding code lacks. */
[[nodiscard]] inline void *operator new(kpcpu::size_t, void *where) noexcept { return where; }
[[nodiscard]] inline void *operator new[](kpcpu::size_t, void *where) noexcept { return where; }
inline void operator delete(void *, void *) noexcept {}
inline void operator delete[](void *, void *) noexcept {}

/* Allocating forms, defined in src/cxx_runtime.cpp. nullptr on failure. */
[[nodiscard]] void *operator new(kpcpu::size_t size, kpcpu::Gfp gfp) noexcept;
[[nodiscard]] void *operator new[](kpcpu::size_t size, kpcpu::Gfp gfp) noexcept;

#endif /* KPCPU_NEW_H */
