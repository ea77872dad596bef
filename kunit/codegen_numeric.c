// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of the numeric code-generation comparison: every this_cpu_*
 * integer operation at every width, written with the kernel's macros.
 * Disassembled by scripts/codegen.sh next to codegen_numeric_cxx.cpp.
 */
#include <linux/compiler.h>
#include <linux/percpu.h>
#include <linux/types.h>

#define KPCPU_CODEGEN_C(T)							\
static DEFINE_PER_CPU(T, cg_##T);						\
static __used noinline T kpcpu_cg_c_read_##T(void)				\
{ return this_cpu_read(cg_##T); }						\
static __used noinline void kpcpu_cg_c_write_##T(T x)				\
{ this_cpu_write(cg_##T, x); }							\
static __used noinline void kpcpu_cg_c_add_##T(T x)				\
{ this_cpu_add(cg_##T, x); }							\
static __used noinline void kpcpu_cg_c_add_imm_##T(void)			\
{ this_cpu_add(cg_##T, 5); }							\
static __used noinline void kpcpu_cg_c_sub_##T(T x)				\
{ this_cpu_sub(cg_##T, x); }							\
static __used noinline void kpcpu_cg_c_inc_##T(void)				\
{ this_cpu_inc(cg_##T); }							\
static __used noinline void kpcpu_cg_c_dec_##T(void)				\
{ this_cpu_dec(cg_##T); }							\
static __used noinline void kpcpu_cg_c_and_##T(T x)				\
{ this_cpu_and(cg_##T, x); }							\
static __used noinline void kpcpu_cg_c_or_##T(T x)				\
{ this_cpu_or(cg_##T, x); }							\
static __used noinline T kpcpu_cg_c_xchg_##T(T x)				\
{ return this_cpu_xchg(cg_##T, x); }						\
static __used noinline T kpcpu_cg_c_cmpxchg_##T(T o, T x)			\
{ return this_cpu_cmpxchg(cg_##T, o, x); }					\
static __used noinline T kpcpu_cg_c_add_return_##T(T x)			\
{ return this_cpu_add_return(cg_##T, x); }					\
static __used noinline T kpcpu_cg_c_sub_return_##T(T x)			\
{ return this_cpu_sub_return(cg_##T, x); }

KPCPU_CODEGEN_C(u8)
KPCPU_CODEGEN_C(u16)
KPCPU_CODEGEN_C(u32)
KPCPU_CODEGEN_C(u64)
