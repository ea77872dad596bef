/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu's debug checks: on when the target kernel has CONFIG_DEBUG_PREEMPT,
 * or when a module is built with KPCPU_DEBUG=y (-DKPCPU_DEBUG). Off, they
 * cost nothing: no code, no data.
 *
 * What they catch, each reported as one "kpcpu:" line in the kernel log and
 * counted (kpcpu_debug_reports()), never as a crash: a token's with() on a
 * variable whose copy on this CPU is already lent - an exclusive one while
 * any token of it runs, a shared one while an exclusive one runs, nested
 * or from an interrupt (kpcpu/token.h). The inner with() does not run its
 * callable and returns R{}. The same code builds on every configuration:
 * the compile-time rules on with() do not depend on these checks.
 *
 * Checked on every configuration, debug or not: empty handles
 * (kpcpu/percpu_variable.h) and RefCell borrow conflicts (kpcpu/cell.h).
 *
 *	if constexpr (kpcpu::config::debug_checks)
 *		kpcpu_printk(KPCPU_KERN_INFO "%lu kpcpu reports\n", kpcpu_debug_reports());
 */
#ifndef KPCPU_DEBUG_H
#define KPCPU_DEBUG_H

#include <kpcpu/config.h>

#if defined(CONFIG_DEBUG_PREEMPT) || defined(KPCPU_DEBUG)
#define KPCPU_DEBUG_CHECKS 1
#endif

namespace kpcpu::config {
#ifdef KPCPU_DEBUG_CHECKS
inline constexpr bool debug_checks = true;
#else
inline constexpr bool debug_checks = false;
#endif
} // namespace kpcpu::config

#endif /* KPCPU_DEBUG_H */
