/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::CallSite - where the module's own code called kpcpu, for the
 * run-time reports (kernel_api.h): "at src/stats.cpp:42 in record()".
 *
 * kpcpu's functions that can report take a last parameter
 * "CallSite site = CallSite::here()". A default argument is evaluated where
 * the call is written, so the file, line and function are the caller's -
 * whether or not the compiler inlines kpcpu's function, which a return
 * address (%pS) depends on. Callers never pass it; a kpcpu function that
 * reports on behalf of its own caller passes its site on.
 *
 * The three values are constants that only a report's (unlikely) branch
 * loads: the fast path does not change.
 *
 *	void where_am_i(kpcpu::CallSite site = kpcpu::CallSite::here())
 *	{
 *		kpcpu_printk(KPCPU_KERN_INFO "called at %s:%u in %s()\n", site.file, site.line,
 *			     site.function);
 *	}
 *
 * (File names are relative to the module's directory: the C++ rule maps
 * the source path away with -fmacro-prefix-map, as __FILE__.)
 */
#ifndef KPCPU_CALL_SITE_H
#define KPCPU_CALL_SITE_H

namespace kpcpu {

struct CallSite {
	const char *file;
	unsigned int line;
	const char *function;

	static constexpr CallSite here(const char *file = __builtin_FILE(),
				       unsigned int line = __builtin_LINE(),
				       const char *function = __builtin_FUNCTION())
	{
		return CallSite{file, line, function};
	}
};

} // namespace kpcpu

#endif /* KPCPU_CALL_SITE_H */
