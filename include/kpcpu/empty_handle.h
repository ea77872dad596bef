/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one check behind "an empty handle never touches memory": a per-CPU
 * address that is null (an empty DynamicPerCpu, a null PerCpuPtr) is
 * reported as one "kpcpu:" line naming the caller - every kpcpu function
 * that uses it is inlined into the caller, so the report's return address
 * is there - and the caller returns its defined result without touching
 * memory. Tokens, num(), PerCpuPtr and sum() all use it. For a static
 * variable the address is a symbol, never null, and the check folds away.
 *
 *	long first_or_zero(const long *percpu_address)
 *	{
 *		if (kpcpu::detail::is_empty_handle(percpu_address))
 *			return 0;
 *		return 1;
 *	}
 */
#ifndef KPCPU_EMPTY_HANDLE_H
#define KPCPU_EMPTY_HANDLE_H

#include <kpcpu/kernel_api.h>

namespace kpcpu::detail {

/* True (and reported) when @percpu_address is null. */
[[gnu::always_inline]] inline bool is_empty_handle(const void *percpu_address)
{
	if (__builtin_expect(percpu_address == nullptr, 0)) {
		kpcpu_report_empty_handle();
		return true;
	}
	return false;
}

} // namespace kpcpu::detail

#endif /* KPCPU_EMPTY_HANDLE_H */
