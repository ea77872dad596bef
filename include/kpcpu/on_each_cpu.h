/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::on_each_cpu(f[, wait]) - run any C++ callable on every online CPU;
 * kpcpu::on_cpu(cpu, f) on one.
 *
 * f runs in interrupt context on the other CPUs and with interrupts off on
 * this one, so it must not sleep. It is called as f(const CpuGuard &) if it
 * accepts that (guard.cpu() is the CPU it runs on), else as f(). Nothing is
 * allocated: the callable is passed by address.
 *
 *	KPCPU_DEFINE_PER_CPU(kpcpu::u64, ipis, 0);
 *
 *	void count_everywhere()
 *	{
 *		kpcpu::on_each_cpu([](const kpcpu::CpuGuard &guard) {
 *			ipis.get(guard).with([](kpcpu::u64 &c) { c++; });
 *		});				// waits until every CPU ran it
 *		kpcpu::on_each_cpu([] { ipis.num().inc(); }, kpcpu::Wait::no);
 *	}
 *
 * Calls that do not wait. A callable with state (captures, members) must
 * outlive every CPU's call, and a later waiting call does not ensure that:
 * a CPU that finds both in its queue runs the waiting call first
 * (kernel/smp.c), so if the caller migrated between the two, the waiting
 * call can return while the older one is still queued. So:
 *  - on_each_cpu(f, Wait::no) takes only stateless callables (a lambda
 *    without captures): each CPU's call makes its own f, nothing can
 *    dangle. A callable with state is a compile error.
 *  - NoWaitCalls owns a callable with state, keeps the caller on one CPU
 *    (it holds a CpuGuard) so that its calls are queued in order, and, when
 *    it goes, waits until every call it made has run, then destroys the
 *    callable (with preemption enabled again). A lambda may capture by
 *    reference: what it captured was constructed before the NoWaitCalls,
 *    so it is destroyed after it.
 *
 *	struct Bump {
 *		kpcpu::DynamicPerCpu<kpcpu::u64> counter;	// shares the variable
 *		void operator()(const kpcpu::CpuGuard &guard) { counter.num().inc(guard); }
 *	};
 *
 *	void bump_four_times(const kpcpu::DynamicPerCpu<kpcpu::u64> &counter)
 *	{
 *		kpcpu::NoWaitCalls calls(Bump{counter});
 *		calls.run(kpcpu::Wait::no);
 *		calls.run(kpcpu::Wait::no);
 *		calls.run(kpcpu::Wait::no);
 *		calls.run(kpcpu::Wait::yes);
 *	}	// every call has run on every CPU before Bump goes
 */
#ifndef KPCPU_ON_EACH_CPU_H
#define KPCPU_ON_EACH_CPU_H

#include <kpcpu/cpu_guard.h>
#include <kpcpu/cpumask.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

namespace detail {
struct wait_no {};
struct wait_yes {};
} // namespace detail

/* Whether a call waits: chosen at compile time, so that the rules can differ. */
struct Wait {
	static constexpr detail::wait_no no{};
	static constexpr detail::wait_yes yes{};
};

namespace detail {
template <typename F>
[[gnu::always_inline]] inline void call_with_guard(F &f, const CpuGuard &guard)
{
	if constexpr (requires { f(guard); })
		f(guard);
	else
		f();
}

/* The C callback: @arg is the callable. */
template <typename F>
void on_each_cpu_trampoline(void *arg)
{
	// Already non-preemptible here; the guard is the proof the callable can use.
	CpuGuard guard;

	call_with_guard(*static_cast<F *>(arg), guard);
}

/* The C callback for a stateless callable: each call makes its own. */
template <typename F>
void on_each_cpu_stateless_trampoline(void *)
{
	CpuGuard guard;
	F f{};

	call_with_guard(f, guard);
}

template <typename F>
inline constexpr bool is_stateless_v = __is_empty(F) && requires { F{}; };

inline void on_each_cpu_barrier(void *) {}

/* The one call into the C glue for a callable passed by address. */
template <typename F>
void on_each_cpu_call(F &f, bool wait)
{
	kpcpu_on_each_cpu(&on_each_cpu_trampoline<F>, const_cast<void *>(static_cast<const void *>(&f)),
			  wait);
}
} // namespace detail

/* Runs f on every online CPU and waits for all of them. */
template <typename F>
void on_each_cpu(F &&f)
{
	detail::on_each_cpu_call<remove_reference_t<F>>(f, true);
}

/* Runs f on every online CPU and waits for all of them. */
template <typename F>
void on_each_cpu(F &&f, detail::wait_yes)
{
	on_each_cpu(f);
}

/* Runs a stateless f on every online CPU and returns at once. */
template <typename F>
void on_each_cpu(F &&, detail::wait_no)
{
	using Fn = remove_cv_t<remove_reference_t<F>>;

	static_assert(detail::is_stateless_v<Fn>,
		      "on_each_cpu(f, Wait::no): f has state that may be destroyed before every CPU "
		      "has run it (a later waiting call does not prevent that); pass a lambda "
		      "without captures, or use kpcpu::NoWaitCalls, which owns f and waits for its "
		      "calls before it goes");
	// Safe because each CPU's call constructs its own f: nothing to outlive.
	kpcpu_on_each_cpu(&detail::on_each_cpu_stateless_trampoline<Fn>, nullptr, 0);
}

template <typename F>
class NoWaitCalls {
public:
	/* Takes @f (moved or copied in) and disables preemption. */
	explicit NoWaitCalls(F &&f) : f_(static_cast<F &&>(f)) {}
	explicit NoWaitCalls(const F &f) : f_(f) {}
	NoWaitCalls(const NoWaitCalls &) = delete;
	NoWaitCalls &operator=(const NoWaitCalls &) = delete;

	/* Waits for every call made, then (after the guard) destroys f. */
	~NoWaitCalls()
	{
		if (pending_)
			// Queued from this CPU after every earlier call: when it has
			// run everywhere, so has every one of them.
			kpcpu_on_each_cpu(&detail::on_each_cpu_barrier, nullptr, 1);
	}

	/* f on every online CPU, returning at once. */
	void run(detail::wait_no)
	{
		// Safe because f_ lives until the destructor has waited for this call.
		detail::on_each_cpu_call(f_, false);
		pending_ = true;
	}

	/* f on every online CPU; waits for it and for every earlier call. */
	void run(detail::wait_yes)
	{
		detail::on_each_cpu_call(f_, true);
		pending_ = false;
	}

	/* The guard this object holds: the caller may use it for its own per-CPU access. */
	const CpuGuard &guard() const { return guard_; }

private:
	F f_;
	bool pending_ = false;
	/* Declared last: destroyed before f_, so f_ goes with preemption enabled. */
	CpuGuard guard_;
};

template <typename F>
NoWaitCalls(F &&) -> NoWaitCalls<remove_cv_t<remove_reference_t<F>>>;

/*
 * Runs f on CPU @cpu - as above, f(const CpuGuard &) or f() - and waits
 * for it: the kernel's smp_call_function_single(). Returns 0, or
 * -KPCPU_ENXIO without calling f when @cpu is not online (offline, or
 * not a possible CPU at all). On this CPU f runs here, with interrupts off.
 *
 *	KPCPU_DEFINE_PER_CPU(kpcpu::u64, pokes, 0);
 *
 *	int poke(unsigned int cpu)
 *	{
 *		return kpcpu::on_cpu(cpu, [](const kpcpu::CpuGuard &guard) { pokes.num().inc(guard); });
 *	}
 */
template <typename F>
int on_cpu(unsigned int cpu, F &&f)
{
	/* (The kernel takes an int; a CPU beyond the possible ones is refused here.) */
	if (!possible_cpus().contains(cpu))
		return -KPCPU_ENXIO;
	return kpcpu_run_on_cpu(static_cast<int>(cpu),
				&detail::on_each_cpu_trampoline<remove_reference_t<F>>,
				const_cast<void *>(static_cast<const void *>(&f)));
}

} // namespace kpcpu

#endif /* KPCPU_ON_EACH_CPU_H */
