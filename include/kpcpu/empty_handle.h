/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one check behind "an empty handle never touches memory": a per-CPU
 * address that is null (an empty DynamicPerCpu, a null PerCpuPtr) is
 * reported as one "kpcpu:" line naming the module's call site (@site, see
 * kpcpu/call_site.h) - and the caller returns its defined result without
 * touching memory. Tokens, num(), PerCpuPtr and sum() all use it. For a static
 * variable the address is a symbol, never null, and the check folds away.
 *
 *	long first_or_zero(const long *percpu_address,
 *			   kpcpu::CallSite site = kpcpu::CallSite::here())
 *	{
 *		if (kpcpu::detail::is_empty_handle(percpu_address, site))
 *			return 0;
 *		return 1;
 *	}
 */
#ifndef KPCPU_EMPTY_HANDLE_H
#define KPCPU_EMPTY_HANDLE_H

#include <kpcpu/call_site.h>
#include <kpcpu/kernel_api.h>

namespace kpcpu::detail {

/* True (and reported) when @percpu_address is null. */
[[gnu::always_inline]] inline bool is_empty_handle(const void *percpu_address, CallSite site)
{
	if (__builtin_expect(percpu_address == nullptr, 0)) {
		kpcpu_report_empty_handle(site.file, site.line, site.function);
		return true;
	}
	return false;
}

} // namespace kpcpu::detail

#endif /* KPCPU_EMPTY_HANDLE_H */
