/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width integer types for freestanding kernel C++.
 *
 * kpcpu's C++ never includes kernel or libc headers, so the types come from
 * the compiler's own predefined macros; they are the same types the kernel's
 * u8..u64 and size_t are on every Linux ABI.
 *
 *	kpcpu::u64 total = 0;
 *	kpcpu::size_t bytes = sizeof(total);
 */
#ifndef KPCPU_TYPES_H
#define KPCPU_TYPES_H

namespace kpcpu {

using u8 = __UINT8_TYPE__;
using u16 = __UINT16_TYPE__;
using u32 = __UINT32_TYPE__;
using u64 = __UINT64_TYPE__;
using s8 = __INT8_TYPE__;
using s16 = __INT16_TYPE__;
using s32 = __INT32_TYPE__;
using s64 = __INT64_TYPE__;
using size_t = __SIZE_TYPE__;
using ptrdiff_t = __PTRDIFF_TYPE__;
using uintptr_t = __UINTPTR_TYPE__;
using nullptr_t = decltype(nullptr);

static_assert(sizeof(long) == sizeof(void *), "kpcpu assumes an LP64/ILP32 Linux ABI");

} // namespace kpcpu

#endif /* KPCPU_TYPES_H */
