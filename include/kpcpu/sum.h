/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::sum(var) - the total of an integer per-CPU variable over every
 * possible CPU (offline ones included: their counts still count), as
 * FreeBSD's counter(9) fetch does. Each CPU's copy is read with one load
 * (READ_ONCE), so the total is a snapshot that can be slightly stale but
 * never holds a torn value. Signed types sum as s64, unsigned as u64
 * (wrapping, as the kernel's unsigned long counters do).
 *
 * A null PerCpuPtr (ptr() of an empty handle) sums to 0, reported as one
 * "kpcpu:" line naming the caller.
 *
 *	KPCPU_DEFINE_PER_CPU(unsigned long, sent, 0);
 *
 *	kpcpu::u64 sent_everywhere()
 *	{
 *		return kpcpu::sum(sent);
 *	}
 */
#ifndef KPCPU_SUM_H
#define KPCPU_SUM_H

#include <kpcpu/cpumask.h>
#include <kpcpu/percpu_ptr.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

template <typename T>
auto sum(PerCpuPtr<T> ptr, CallSite site = CallSite::here())
{
	static_assert(is_integral_v<T> && !is_same_v<remove_cv_t<T>, bool>,
		      "kpcpu::sum() adds up integer per-CPU variables");
	using Sum = conditional_t<is_signed_v<T>, s64, u64>;
	Sum total = 0;

	if (detail::is_empty_handle(ptr.percpu_address(), site))
		return total;
	for (unsigned int cpu : possible_cpus())
		// Safe because ptr is not null and cpu comes from the possible mask.
		total += static_cast<Sum>(__atomic_load_n(ptr.unchecked_remote_ptr(cpu), __ATOMIC_RELAXED));
	return total;
}

template <typename Var>
auto sum(const Var &var, CallSite site = CallSite::here()) -> decltype(sum(var.ptr(), site))
{
	return sum(var.ptr(), site);
}

} // namespace kpcpu

#endif /* KPCPU_SUM_H */
