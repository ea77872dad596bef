// SPDX-License-Identifier: GPL-2.0
/*
 * The C++ side of the numeric code-generation comparison (see
 * codegen_numeric.c): the same operations through kpcpu's num(), without a
 * guard (this_cpu_*) and with the guard the caller holds (raw_cpu_*).
 */
#include <kpcpu/kpcpu.h>

// These functions exist only to be disassembled (scripts/codegen.sh): no
// caller, so no declaration (kernels since 6.8 warn on a missing one).
#pragma GCC diagnostic ignored "-Wmissing-declarations"

using kpcpu::CpuGuard;
using kpcpu::u16;
using kpcpu::u32;
using kpcpu::u64;
using kpcpu::u8;

#define KPCPU_CODEGEN_CXX(T)                                                                    \
	namespace {                                                                             \
	KPCPU_DEFINE_PER_CPU(T, cg_##T, 0);                                                     \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] T kpcpu_cg_cxx_read_##T() { return cg_##T.num().read(); } \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_write_##T(T x) { cg_##T.num().write(x); } \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_add_##T(T x) { cg_##T.num().add(x); } \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_add_imm_##T() { cg_##T.num().add(5); } \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_sub_##T(T x) { cg_##T.num().sub(x); } \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_inc_##T() { cg_##T.num().inc(); } \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_dec_##T() { cg_##T.num().dec(); } \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_and_##T(T x) { cg_##T.num().bit_and(x); } \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_or_##T(T x) { cg_##T.num().bit_or(x); } \
	extern "C" [[gnu::used, gnu::noinline]] T kpcpu_cg_cxx_xchg_##T(T x) { return cg_##T.num().xchg(x); } \
	extern "C" [[gnu::used, gnu::noinline]] T kpcpu_cg_cxx_cmpxchg_##T(T o, T x)           \
	{                                                                                       \
		return cg_##T.num().cmpxchg(o, x);                                              \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] T kpcpu_cg_cxx_add_return_##T(T x)             \
	{                                                                                       \
		return cg_##T.num().add_return(x);                                              \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] T kpcpu_cg_cxx_sub_return_##T(T x)             \
	{                                                                                       \
		return cg_##T.num().sub_return(x);                                              \
	}

KPCPU_CODEGEN_CXX(u8)
KPCPU_CODEGEN_CXX(u16)
KPCPU_CODEGEN_CXX(u32)
KPCPU_CODEGEN_CXX(u64)

/*
 * The raw flavour (the kernel's raw_cpu_*): the guard the caller holds is
 * passed in, as callers that already disabled preemption do; the C twins
 * take an unused pointer in its place. Separate variables from the
 * this_cpu_* ones, as on the C side.
 */
#define KPCPU_CODEGEN_CXX_RAW(T)                                                                \
	namespace {                                                                             \
	KPCPU_DEFINE_PER_CPU(T, cg_raw_##T, 0);                                                 \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] T kpcpu_cg_cxx_raw_read_##T(const CpuGuard &guard) \
	{                                                                                       \
		return cg_raw_##T.num().read(guard);                                            \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_raw_write_##T(T x, const CpuGuard &guard) \
	{                                                                                       \
		cg_raw_##T.num().write(x, guard);                                               \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_raw_add_##T(T x, const CpuGuard &guard) \
	{                                                                                       \
		cg_raw_##T.num().add(x, guard);                                                 \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_raw_add_imm_##T(const CpuGuard &guard) \
	{                                                                                       \
		cg_raw_##T.num().add(5, guard);                                                 \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_raw_sub_##T(T x, const CpuGuard &guard) \
	{                                                                                       \
		cg_raw_##T.num().sub(x, guard);                                                 \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_raw_inc_##T(const CpuGuard &guard) \
	{                                                                                       \
		cg_raw_##T.num().inc(guard);                                                    \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_raw_dec_##T(const CpuGuard &guard) \
	{                                                                                       \
		cg_raw_##T.num().dec(guard);                                                    \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_raw_and_##T(T x, const CpuGuard &guard) \
	{                                                                                       \
		cg_raw_##T.num().bit_and(x, guard);                                             \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] void kpcpu_cg_cxx_raw_or_##T(T x, const CpuGuard &guard) \
	{                                                                                       \
		cg_raw_##T.num().bit_or(x, guard);                                              \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] T kpcpu_cg_cxx_raw_xchg_##T(T x, const CpuGuard &guard) \
	{                                                                                       \
		return cg_raw_##T.num().xchg(x, guard);                                         \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] T kpcpu_cg_cxx_raw_cmpxchg_##T(T o, T x, const CpuGuard &guard) \
	{                                                                                       \
		return cg_raw_##T.num().cmpxchg(o, x, guard);                                   \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] T kpcpu_cg_cxx_raw_add_return_##T(T x, const CpuGuard &guard) \
	{                                                                                       \
		return cg_raw_##T.num().add_return(x, guard);                                   \
	}                                                                                       \
	extern "C" [[gnu::used, gnu::noinline]] T kpcpu_cg_cxx_raw_sub_return_##T(T x, const CpuGuard &guard) \
	{                                                                                       \
		return cg_raw_##T.num().sub_return(x, guard);                                   \
	}

KPCPU_CODEGEN_CXX_RAW(u8)
KPCPU_CODEGEN_CXX_RAW(u16)
KPCPU_CODEGEN_CXX_RAW(u32)
KPCPU_CODEGEN_CXX_RAW(u64)
