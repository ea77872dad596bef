/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic this_cpu_* integer operations, for architectures without a
 * per-CPU addressing mode, done as the kernel's asm-generic/percpu.h does:
 * interrupts off (raw_local_irq_save) around "find this CPU's copy, then a
 * plain read-modify-write". With interrupts off neither preemption nor an
 * interrupt on this CPU can come between the two, which is the whole
 * this_cpu contract. The raw flavour (Volatile=false: the caller holds a
 * guard) leaves interrupts alone, as __this_cpu_* do.
 *
 * Included by kpcpu/arch.h, never directly: it needs from the architecture
 * only this_cpu_offset(), which arch.h declares first; interrupts are
 * switched by the C glue (kpcpu_irq_save/restore), correct on every
 * configuration, paravirtualised ones included. Selectable on x86_64 with
 * KPCPU_GENERIC_PERCPU=y, where the test command runs the same KUnit suite
 * against it.
 * Precondition for all: @var is a per-CPU address.
 *
 *	KPCPU_DEFINE_PER_CPU(long, generic_counter, 0);
 *
 *	void generic_add_five()
 *	{
 *		long &counter = *generic_counter.ptr().percpu_address();
 *		kpcpu::arch::generic::numeric::add<true>(counter, 5l, 0);
 *	}
 */
#ifndef KPCPU_ARCH_GENERIC_PERCPU_NUMERIC_H
#define KPCPU_ARCH_GENERIC_PERCPU_NUMERIC_H

#include <kpcpu/kernel_api.h>
#include <kpcpu/type_traits.h>

namespace kpcpu::arch::generic::numeric {

/* Interrupts off for the op when Volatile, as this_cpu_*; nothing when raw. */
template <bool Volatile>
class IrqsOff {
public:
	[[gnu::always_inline]] IrqsOff()
	{
		if constexpr (Volatile)
			flags_ = kpcpu_irq_save();
	}
	[[gnu::always_inline]] ~IrqsOff()
	{
		if constexpr (Volatile)
			kpcpu_irq_restore(flags_);
	}
	IrqsOff(const IrqsOff &) = delete;
	IrqsOff &operator=(const IrqsOff &) = delete;

private:
	unsigned long flags_ = 0;
};

/* This CPU's copy. Precondition: interrupts off, or a guard held. */
template <typename T>
[[gnu::always_inline]] inline T *this_cpu(const T &var)
{
	return reinterpret_cast<T *>(reinterpret_cast<unsigned long>(&var) + arch::this_cpu_offset());
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline T read(const T &var)
{
	IrqsOff<Volatile> off;

	return *static_cast<volatile T *>(this_cpu(var));
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline void write(T &var, T val)
{
	IrqsOff<Volatile> off;

	*this_cpu(var) = val;
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline void add(T &var, T val, int)
{
	IrqsOff<Volatile> off;

	*this_cpu(var) += val;
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline void sub(T &var, T val, int)
{
	IrqsOff<Volatile> off;

	*this_cpu(var) -= val;
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline void bit_and(T &var, T val)
{
	IrqsOff<Volatile> off;

	*this_cpu(var) &= val;
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline void bit_or(T &var, T val)
{
	IrqsOff<Volatile> off;

	*this_cpu(var) |= val;
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline T add_return(T &var, T val)
{
	IrqsOff<Volatile> off;

	*this_cpu(var) += val;
	return *this_cpu(var);
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline T sub_return(T &var, T val)
{
	IrqsOff<Volatile> off;

	*this_cpu(var) -= val;
	return *this_cpu(var);
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline T xchg(T &var, T val)
{
	IrqsOff<Volatile> off;
	T old = *this_cpu(var);

	*this_cpu(var) = val;
	return old;
}

template <bool Volatile, typename T>
[[gnu::always_inline]] inline T cmpxchg(T &var, T old, T val)
{
	IrqsOff<Volatile> off;
	T seen = *this_cpu(var);

	if (seen == old)
		*this_cpu(var) = val;
	return seen;
}

} // namespace kpcpu::arch::generic::numeric

#endif /* KPCPU_ARCH_GENERIC_PERCPU_NUMERIC_H */
