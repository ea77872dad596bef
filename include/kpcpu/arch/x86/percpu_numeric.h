/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86_64: the this_cpu_* integer operations as single %gs-relative
 * instructions, in the kernel's own forms (arch/x86/include/asm/percpu.h):
 * mov for read/write, add (inc/dec for a constant +-1), and, or, xadd for
 * add_return, cmpxchg without lock, and a cmpxchg loop without lock for
 * xchg. No lock prefix: one instruction on this CPU's copy cannot be torn
 * by preemption or by an interrupt on this CPU, which is all this_cpu ops
 * promise. "%z" prints the operand-size suffix (b/w/l/q) of the variable,
 * so one template serves every width; the width is checked at compile time.
 *
 * Each function comes in two flavours, like the kernel's this_cpu_* and
 * raw_cpu_*: Volatile=true is safe with preemption enabled (the asm is
 * volatile, never merged or moved); Volatile=false is for callers that
 * hold a guard and lets the compiler combine accesses.
 * Precondition for all: @var is a per-CPU address.
 *
 *	KPCPU_DEFINE_PER_CPU(long, x86_counter, 0);
 *
 *	void x86_add_five()
 *	{
 *		long &counter = *x86_counter.ptr().percpu_address();
 *		kpcpu::arch::x86::numeric::add<true>(counter, 5l, 0);	// addq $5, %gs:counter
 *	}
 */
#ifndef KPCPU_ARCH_X86_PERCPU_NUMERIC_H
#define KPCPU_ARCH_X86_PERCPU_NUMERIC_H

#include <kpcpu/type_traits.h>
#include <kpcpu/types.h>

namespace kpcpu::arch::x86::numeric {

template <typename T>
inline constexpr bool is_gs_width = sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8;

#define KPCPU_X86_CHECK_WIDTH(T) \
	static_assert(is_integral_v<T> && is_gs_width<T>, "x86 per-CPU ops take 1, 2, 4 or 8-byte integers")

/* asm volatile or plain asm, as the kernel picks per flavour. */
#define KPCPU_X86_ASM(volatile_, ...)          \
	do {                                   \
		if constexpr (volatile_)       \
			asm volatile(__VA_ARGS__); \
		else                           \
			asm(__VA_ARGS__);      \
	} while (0)

template <bool Volatile, typename T>
[[gnu::always_inline]] inline T read(const T &var)
{
	KPCPU_X86_CHECK_WIDTH(T);
	T val;

	KPCPU_X86_ASM(Volatile, "mov%z1 %%gs:%1, %0" : "=r"(val) : "m"(var));
	return val;
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline void write(T &var, T val)
{
	KPCPU_X86_CHECK_WIDTH(T);
	KPCPU_X86_ASM(Volatile, "mov%z0 %1, %%gs:%0" : "=m"(var) : "re"(val));
}

/*
 * var += val; @constant_one is +1 or -1 when @val (already converted to T)
 * is that constant, which becomes inc/dec.
 */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline void add(T &var, T val, int constant_one)
{
	KPCPU_X86_CHECK_WIDTH(T);
	if (constant_one == 1)
		KPCPU_X86_ASM(Volatile, "inc%z0 %%gs:%0" : "+m"(var));
	else if (constant_one == -1)
		KPCPU_X86_ASM(Volatile, "dec%z0 %%gs:%0" : "+m"(var));
	else
		KPCPU_X86_ASM(Volatile, "add%z0 %1, %%gs:%0" : "+m"(var) : "re"(val));
}

/*
 * var -= val. The kernel negates and adds; a memory-destination sub is the
 * same arithmetic in one instruction. @constant_one as for add(): +1 gives
 * dec, -1 inc.
 */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline void sub(T &var, T val, int constant_one)
{
	KPCPU_X86_CHECK_WIDTH(T);
	if (constant_one == 1)
		KPCPU_X86_ASM(Volatile, "dec%z0 %%gs:%0" : "+m"(var));
	else if (constant_one == -1)
		KPCPU_X86_ASM(Volatile, "inc%z0 %%gs:%0" : "+m"(var));
	else
		KPCPU_X86_ASM(Volatile, "sub%z0 %1, %%gs:%0" : "+m"(var) : "re"(val));
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline void bit_and(T &var, T val)
{
	KPCPU_X86_CHECK_WIDTH(T);
	KPCPU_X86_ASM(Volatile, "and%z0 %1, %%gs:%0" : "+m"(var) : "re"(val));
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline void bit_or(T &var, T val)
{
	KPCPU_X86_CHECK_WIDTH(T);
	KPCPU_X86_ASM(Volatile, "or%z0 %1, %%gs:%0" : "+m"(var) : "re"(val));
}

/* var += val; returns the new value. */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline T add_return(T &var, T val)
{
	KPCPU_X86_CHECK_WIDTH(T);
	T old = val;

	KPCPU_X86_ASM(Volatile, "xadd%z0 %1, %%gs:%0" : "+m"(var), "+r"(old) : : "memory");
	return static_cast<T>(old + val);
}

/* var -= val; returns the new value: xadd of the negation, as the kernel. */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline T sub_return(T &var, T val)
{
	KPCPU_X86_CHECK_WIDTH(T);
	T old = static_cast<T>(-val);

	KPCPU_X86_ASM(Volatile, "xadd%z0 %1, %%gs:%0" : "+m"(var), "+r"(old) : : "memory");
	return static_cast<T>(old - val);
}

/*
 * var = val; returns the old value. this_cpu_xchg is a cmpxchg loop (one
 * cmpxchg cannot be torn by an interrupt; the loop retries if one changed
 * var after the load); raw_cpu_xchg, whose caller keeps interrupts from
 * touching var, is a load and a store, as the kernel's.
 */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline T xchg(T &var, T val)
{
	KPCPU_X86_CHECK_WIDTH(T);
	T old;

	if constexpr (!Volatile) {
		old = read<false>(var);
		write<false>(var, val);
		return old;
	}

	KPCPU_X86_ASM(Volatile,
		      "mov%z0 %%gs:%0, %1\n"
		      "1:\tcmpxchg%z0 %2, %%gs:%0\n\t"
		      "jnz 1b"
		      : "+m"(var), "=&a"(old)
		      : "r"(val)
		      : "memory");
	return old;
}

/* if (var == old) var = val; returns what var was. */
template <bool Volatile, typename T>
[[gnu::always_inline]] inline T cmpxchg(T &var, T old, T val)
{
	KPCPU_X86_CHECK_WIDTH(T);
	KPCPU_X86_ASM(Volatile, "cmpxchg%z0 %2, %%gs:%0" : "+m"(var), "+a"(old) : "r"(val) : "memory");
	return old;
}

#undef KPCPU_X86_ASM
#undef KPCPU_X86_CHECK_WIDTH

} // namespace kpcpu::arch::x86::numeric

#endif /* KPCPU_ARCH_X86_PERCPU_NUMERIC_H */
