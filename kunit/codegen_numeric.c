// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of the numeric code-generation comparison: every this_cpu_*
 * and raw_cpu_* integer operation at every width, written with the kernel's
 * macros. Disassembled by scripts/codegen.sh next to codegen_numeric_cxx.cpp.
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

/*
 * The raw flavour: what kpcpu's num().op(..., guard) stands for. Each
 * function takes an unused guard pointer where its C++ twin takes the
 * CpuGuard reference, so that both receive their values in the same
 * registers. raw_cpu_*, not __this_cpu_*: under CONFIG_DEBUG_PREEMPT
 * __this_cpu_* adds a call to __this_cpu_preempt_check(), the run-time
 * check that kpcpu replaces by its guard type (checked at compile time).
 * Separate variables from the this_cpu_* ones, on both sides.
 */
#define KPCPU_CODEGEN_C_RAW(T)							\
static DEFINE_PER_CPU(T, cg_raw_##T);						\
static __used noinline T kpcpu_cg_c_raw_read_##T(const void *guard)		\
{ return raw_cpu_read(cg_raw_##T); }						\
static __used noinline void kpcpu_cg_c_raw_write_##T(T x, const void *guard)	\
{ raw_cpu_write(cg_raw_##T, x); }						\
static __used noinline void kpcpu_cg_c_raw_add_##T(T x, const void *guard)	\
{ raw_cpu_add(cg_raw_##T, x); }							\
static __used noinline void kpcpu_cg_c_raw_add_imm_##T(const void *guard)	\
{ raw_cpu_add(cg_raw_##T, 5); }							\
static __used noinline void kpcpu_cg_c_raw_sub_##T(T x, const void *guard)	\
{ raw_cpu_sub(cg_raw_##T, x); }							\
static __used noinline void kpcpu_cg_c_raw_inc_##T(const void *guard)		\
{ raw_cpu_inc(cg_raw_##T); }							\
static __used noinline void kpcpu_cg_c_raw_dec_##T(const void *guard)		\
{ raw_cpu_dec(cg_raw_##T); }							\
static __used noinline void kpcpu_cg_c_raw_and_##T(T x, const void *guard)	\
{ raw_cpu_and(cg_raw_##T, x); }							\
static __used noinline void kpcpu_cg_c_raw_or_##T(T x, const void *guard)	\
{ raw_cpu_or(cg_raw_##T, x); }							\
static __used noinline T kpcpu_cg_c_raw_xchg_##T(T x, const void *guard)	\
{ return raw_cpu_xchg(cg_raw_##T, x); }						\
static __used noinline T kpcpu_cg_c_raw_cmpxchg_##T(T o, T x,			\
						   const void *guard)		\
{ return raw_cpu_cmpxchg(cg_raw_##T, o, x); }					\
static __used noinline T kpcpu_cg_c_raw_add_return_##T(T x, const void *guard)	\
{ return raw_cpu_add_return(cg_raw_##T, x); }					\
static __used noinline T kpcpu_cg_c_raw_sub_return_##T(T x, const void *guard)	\
{ return raw_cpu_sub_return(cg_raw_##T, x); }

KPCPU_CODEGEN_C_RAW(u8)
KPCPU_CODEGEN_C_RAW(u16)
KPCPU_CODEGEN_C_RAW(u32)
KPCPU_CODEGEN_C_RAW(u64)
