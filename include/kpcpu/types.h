/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width integer types for freestanding kernel C++.
 *
 * kpcpu's C++ never includes kernel or libc headers, so it names the types
 * itself: exactly the kernel's (include/uapi/asm-generic/int-ll64.h, used by
 * every architecture), so that u64 is unsigned long long and prints with
 * %llu as in C; size_t and friends come from the compiler.
 *
 *	kpcpu::u64 total = 0;
 *	kpcpu::size_t bytes = sizeof(total);
 */
#ifndef KPCPU_TYPES_H
#define KPCPU_TYPES_H

namespace kpcpu {

using u8 = unsigned char;
using u16 = unsigned short;
using u32 = unsigned int;
using u64 = unsigned long long;
using s8 = signed char;
using s16 = short;
using s32 = int;
using s64 = long long;
using size_t = __SIZE_TYPE__;
using ptrdiff_t = __PTRDIFF_TYPE__;
using uintptr_t = __UINTPTR_TYPE__;
using nullptr_t = decltype(nullptr);

static_assert(sizeof(u16) == 2 && sizeof(u32) == 4 && sizeof(u64) == 8, "int-ll64 sizes");
static_assert(sizeof(long) == sizeof(void *), "kpcpu assumes an LP64/ILP32 Linux ABI");

} // namespace kpcpu

#endif /* KPCPU_TYPES_H */
