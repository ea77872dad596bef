/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::on_each_cpu(f[, wait]) - run any C++ callable on every online CPU.
 *
 * f runs in interrupt context on the other CPUs and with interrupts off on
 * this one, so it must not sleep. It is called as f(const CpuGuard &) if it
 * accepts that (guard.cpu() is the CPU it runs on), else as f(). Nothing is
 * allocated: the callable is passed by address.
 *
 *	kpcpu::on_each_cpu([&](const kpcpu::CpuGuard &guard) {
 *		counter.get(guard).with([](u64 &c) { c++; });
 *	});				// waits until every CPU ran it
 *
 *	static auto bump = [](const kpcpu::CpuGuard &g) { ... };
 *	kpcpu::on_each_cpu(bump, kpcpu::Wait::no);	// returns at once
 *
 * With Wait::no the callable must outlive every CPU's call, so only an
 * lvalue is accepted (a temporary is a compile error), and the caller must
 * keep it alive, e.g. a static, or a later waiting call on the same CPUs.
 */
#ifndef KPCPU_ON_EACH_CPU_H
#define KPCPU_ON_EACH_CPU_H

#include <kpcpu/cpu_guard.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

enum class Wait : bool { no = false, yes = true };

namespace detail {
template <typename F>
void on_each_cpu_trampoline(void *arg)
{
	// Already non-preemptible here; the guard is the proof the callable can use.
	CpuGuard guard;
	F &f = *static_cast<F *>(arg);

	if constexpr (requires { f(guard); })
		f(guard);
	else
		f();
}

template <typename F>
void on_each_cpu_call(F &f, Wait wait)
{
	kpcpu_on_each_cpu(&on_each_cpu_trampoline<F>, const_cast<void *>(static_cast<const void *>(&f)),
			  wait == Wait::yes);
}
} // namespace detail

/* Runs f on every online CPU and waits for all of them. */
template <typename F>
void on_each_cpu(F &&f)
{
	detail::on_each_cpu_call<remove_reference_t<F>>(f, Wait::yes);
}

/* Precondition for Wait::no: f lives until every CPU has run it. */
template <typename F>
void on_each_cpu(F &f, Wait wait)
{
	detail::on_each_cpu_call<F>(f, wait);
}

template <typename F>
	requires(!is_reference_v<F>)
void on_each_cpu(F &&f, Wait wait)
{
	static_assert(always_false<F>, "on_each_cpu(temporary, wait): without waiting the callable "
				       "must outlive the calls; pass an lvalue that lives long enough, "
				       "or use on_each_cpu(f), which waits");
	(void)f;
	(void)wait;
}

} // namespace kpcpu

#endif /* KPCPU_ON_EACH_CPU_H */
