/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::PerCpuCounter - the kernel's struct percpu_counter (an s64 total
 * plus an s32 local count on every CPU, folded into the total when it
 * reaches the batch), with the add fast path inline in the caller.
 *
 *	struct Stats {
 *		kpcpu::PerCpuCounter bytes;
 *	};
 *
 *	int counter_example(Stats &stats, long long len)
 *	{
 *		int err = stats.bytes.init(0, kpcpu::gfp::kernel);
 *		if (err)
 *			return err;		// -ENOMEM; stats.bytes stays uninitialised
 *		stats.bytes.add(len);		// no call while the local count stays in the batch
 *		stats.bytes.add(-1);
 *		long long approx = stats.bytes.read();	// the total without the local counts
 *		long long exact = stats.bytes.sum();	// plus every online CPU's local count
 *		if (stats.bytes.compare(100) > 0)
 *			stats.bytes.set(0);
 *		return approx <= exact ? 0 : 1;
 *	}	// (the Stats owner's destructor destroys the counter)
 *
 * It is the kernel's own struct, embedded as opaque storage whose size,
 * alignment and member offsets come from the kernel facts
 * (src/kernel_facts.c; src/percpu_counter_glue.c checks them again). So the
 * kernel's CPU hotplug callback (percpu_counter_cpu_dead(), which walks the
 * list of every initialised counter under CONFIG_HOTPLUG_CPU) folds the
 * local count of a CPU going offline into the total: nothing is lost, and
 * sum(), __percpu_counter_sum(), stays exact. Because the kernel links the
 * struct into that list by address, a PerCpuCounter is neither copyable
 * nor movable; it lives where it was constructed (a member, a
 * ModuleObject, a heap object).
 *
 * init(value, gfp) is percpu_counter_init(): 0, or -ENOMEM with the
 * counter left uninitialised. The destructor is percpu_counter_destroy().
 * A counter used before a successful init touches no memory: each
 * operation reports one "kpcpu:" line naming the caller
 * (kpcpu/empty_handle.h) and does nothing, reads return 0 and compare()
 * returns 0. init() of a counter already initialised is reported and
 * returns -EBUSY. (As the kernel's percpu_counter_init(), on PREEMPT_RT
 * init() must not run under a guard or with interrupts off.)
 *
 * add(amount[, batch]): the fast path is inline, takes no guard and calls
 * nothing while the local count stays within the batch:
 *
 *     local = this_cpu_read(*counters);
 *     do {
 *         if (|local + amount| >= batch) { slow path; return; }
 *     } while (this_cpu_cmpxchg(*counters, local, local + amount) != local);
 *
 * three %gs-relative instructions on x86_64 (mov, cmpxchg without lock,
 * and the loop's jne), the form Linux 6.12 itself uses out of line. Why it
 * is exact:
 *  - an interrupt on this CPU between the read and the cmpxchg changes the
 *    local count, so the cmpxchg fails and the loop reads it again: no
 *    update is lost, and the cmpxchg itself is one instruction, which no
 *    interrupt can split;
 *  - a migration between the read and the cmpxchg makes the cmpxchg run on
 *    the new CPU's local count: it stores local + amount only if that
 *    count equals the value read, in which case local + amount is exactly
 *    that count plus amount. Otherwise the loop reads again, there;
 *  - the slow path (src/percpu_counter_glue.c) takes fbc->lock with
 *    interrupts off (raw_spin_lock_irqsave), reads the local count of the
 *    CPU it runs on, adds it and the amount to fbc->count and subtracts
 *    what it read from the local count. With interrupts off nothing on
 *    this CPU can change the local count between that read and that
 *    subtraction, and no other CPU writes it (only this CPU does, apart
 *    from set() and the hotplug fold, which take the same lock and the
 *    latter only for a dead CPU). A task that migrated folds the local
 *    count of the CPU it is on now: still exact, every local count is
 *    counted exactly once in sum(), which takes the same lock.
 * The fast path stores only values of magnitude < batch, and the slow path
 * leaves 0: the s32 local count never overflows, for any batch (an s32,
 * as in the kernel). A batch <= 0 makes every add take the slow path:
 * exact at once, like the kernel's. Not usable from NMI context (the slow
 * path takes a spinlock), like the kernel's.
 *
 * read() is READ_ONCE(fbc->count): off from sum() by less than batch per
 * online CPU (plus what adds in progress have not stored yet);
 * read_positive() clamps it at 0. sum() and sum_positive() are
 * __percpu_counter_sum() (exact when no add runs), set() is
 * percpu_counter_set(), compare(rhs) is __percpu_counter_compare() with
 * the default batch: -1, 0 or 1 as the counter is below, at or above rhs,
 * exact where the approximate total is too close to tell.
 *
 * The default batch is the kernel's percpu_counter_batch, as
 * percpu_counter_add() uses (max(32, 2 * online CPUs)).
 */
#ifndef KPCPU_PERCPU_COUNTER_H
#define KPCPU_PERCPU_COUNTER_H

#include <kpcpu/arch.h>
#include <kpcpu/call_site.h>
#include <kpcpu/empty_handle.h>
#include <kpcpu/gfp.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/kernel_api_counter_ref.h>
#include <kpcpu/kernel_constants.h>
#include <kpcpu/types.h>

namespace kpcpu {

class PerCpuCounter {
public:
	/* Uninitialised: init() makes it a counter. */
	constexpr PerCpuCounter() = default;
	PerCpuCounter(const PerCpuCounter &) = delete;
	PerCpuCounter(PerCpuCounter &&) = delete;
	PerCpuCounter &operator=(const PerCpuCounter &) = delete;
	PerCpuCounter &operator=(PerCpuCounter &&) = delete;

	/* percpu_counter_destroy(); nothing for an uninitialised counter. */
	~PerCpuCounter()
	{
		if (initialized())
			kpcpu_percpu_counter_destroy(raw());
	}

	/*
	 * percpu_counter_init(): 0, -ENOMEM (left uninitialised), or -EBUSY
	 * (reported) if it already is a counter. @gfp as for any allocation:
	 * gfp::kernel may sleep.
	 */
	int init(s64 value, Gfp gfp, CallSite site = CallSite::here())
	{
		if (initialized()) {
			kpcpu_report_refused("PerCpuCounter::init() of a counter already initialised",
					     site.file, site.line, site.function);
			return -KPCPU_EBUSY;
		}
		return kpcpu_percpu_counter_init(raw(), value, gfp.bits);
	}

	/* Whether init() succeeded. */
	bool initialized() const { return counters() != nullptr; }
	explicit operator bool() const { return initialized(); }

	/* The kernel's struct, for C code that takes a struct percpu_counter *. */
	struct percpu_counter *raw() { return reinterpret_cast<struct percpu_counter *>(storage_); }

	/* The counter += @amount, folded into the total past the default batch. */
	[[gnu::always_inline]] void add(s64 amount, CallSite site = CallSite::here())
	{
		/* percpu_counter_batch is max(32, 2 * online CPUs): never <= 0. */
		add_op<true>(amount, percpu_counter_batch, site);
	}

	/*
	 * The counter += @amount with local counts kept below @batch; any s32
	 * (<= 0: every add takes the lock, exact at once).
	 */
	[[gnu::always_inline]] void add(s64 amount, s32 batch, CallSite site = CallSite::here())
	{
		add_op<false>(amount, batch, site);
	}

	[[gnu::always_inline]] void sub(s64 amount, CallSite site = CallSite::here()) { add(-amount, site); }
	[[gnu::always_inline]] void inc(CallSite site = CallSite::here()) { add(1, site); }
	[[gnu::always_inline]] void dec(CallSite site = CallSite::here()) { add(-1, site); }

	/* The total without the local counts: cheap, approximate (see above). */
	s64 read(CallSite site = CallSite::here()) const
	{
		if (detail::is_empty_handle(counters(), site))
			return 0;
		return __atomic_load_n(field<s64>(KPCPU_FACT_PERCPU_COUNTER_COUNT), __ATOMIC_RELAXED);
	}

	/* read(), or 0 when negative. */
	s64 read_positive(CallSite site = CallSite::here()) const
	{
		s64 v = read(site);

		return v < 0 ? 0 : v;
	}

	/* The total plus every online CPU's local count, under the counter's lock. */
	s64 sum(CallSite site = CallSite::here())
	{
		if (detail::is_empty_handle(counters(), site))
			return 0;
		return __percpu_counter_sum(raw());
	}

	s64 sum_positive(CallSite site = CallSite::here())
	{
		s64 v = sum(site);

		return v < 0 ? 0 : v;
	}

	/* The total becomes @value, every local count 0 (percpu_counter_set). */
	void set(s64 value, CallSite site = CallSite::here())
	{
		if (!detail::is_empty_handle(counters(), site))
			percpu_counter_set(raw(), value);
	}

	/* -1, 0, 1 as the counter is <, ==, > @rhs (percpu_counter_compare). */
	int compare(s64 rhs, CallSite site = CallSite::here())
	{
		if (detail::is_empty_handle(counters(), site))
			return 0;
		return __percpu_counter_compare(raw(), rhs, percpu_counter_batch);
	}

private:
	template <bool PositiveBatch>
	[[gnu::always_inline]] void add_op(s64 amount, s32 batch, CallSite site)
	{
		s32 *local = counters();

		if (detail::is_empty_handle(local, site))
			return;
		s32 seen = arch::numeric::read<true>(*local);
		for (;;) {
			/*
			 * -batch < seen + amount < batch, as one unsigned compare
			 * that cannot overflow, whatever @amount.
			 */
			u64 biased = static_cast<u64>(seen) + static_cast<u64>(amount) +
				     static_cast<u64>(batch - 1ll);
			bool within = (PositiveBatch || batch > 0) &&
				      biased < 2ull * static_cast<u64>(batch) - 1;
			if (__builtin_expect(!within, 0)) {
				// Safe anywhere but NMI: the glue switches interrupts off itself.
				kpcpu_percpu_counter_add_slow(raw(), amount);
				return;
			}
			// Safe because @local is fbc->counters, a per-CPU address: the
			// cmpxchg stores only if this CPU's count is still @seen.
			s32 was = arch::numeric::cmpxchg<true>(*local, seen, static_cast<s32>(seen + amount));
			if (__builtin_expect(was == seen, 1))
				return;
			seen = was;
		}
	}

	template <typename T>
	T *field(unsigned long offset) const
	{
		return reinterpret_cast<T *>(const_cast<unsigned char *>(storage_) + offset);
	}

	/* fbc->counters: the per-CPU local counts, NULL until init() succeeds. */
	[[gnu::always_inline]] s32 *counters() const
	{
		return *field<s32 *>(KPCPU_FACT_PERCPU_COUNTER_COUNTERS);
	}

	alignas(KPCPU_FACT_PERCPU_COUNTER_ALIGN) unsigned char storage_[KPCPU_FACT_PERCPU_COUNTER_SIZE] = {};
};

static_assert(KPCPU_FACT_PERCPU_COUNTER_COUNTERS + sizeof(void *) <= KPCPU_FACT_PERCPU_COUNTER_SIZE &&
		      KPCPU_FACT_PERCPU_COUNTER_COUNT + sizeof(s64) <= KPCPU_FACT_PERCPU_COUNTER_SIZE,
	      "struct percpu_counter's members lie inside it");

} // namespace kpcpu

#endif /* KPCPU_PERCPU_COUNTER_H */
