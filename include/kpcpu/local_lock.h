/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::LocalLocked<T> - a T on every possible CPU, each next to that
 * CPU's local_lock_t: the kernel's per-CPU struct { local_lock_t lock; T
 * value; }, with the lock taken through the type.
 *
 * lock() returns a LocalLockGuard: while it lives the task stays on its CPU
 * and holds that CPU's lock, and guard.with(f) lends f that CPU's T&. What
 * the lock is, is the kernel's local_lock():
 *  - non-RT kernels: preempt_disable(), nothing else - inline, the same
 *    instructions as a CpuGuard (scripts/codegen.sh: "codegen local_lock"),
 *    and local_lock_t takes no space (it is empty in C too);
 *  - with DEBUG_LOCK_ALLOC (lockdep): that, plus lockdep's map and owner;
 *  - PREEMPT_RT: migrate_disable() and this CPU's spinlock_t (a sleeping
 *    lock): the holder stays preemptible.
 * The last two are the kernel's own macros, one call each into
 * src/local_lock_glue.c; which case applies, and local_lock_t's size, are
 * read from the target kernel (kpcpu_kernel_facts.h) and checked against
 * it in the glue. On every kernel the T lent by with() is exclusive with
 * respect to every other holder of the same LocalLocked on that CPU, so
 * the code is right on RT without disabling preemption.
 *
 * lock_irqsave() is local_lock_irqsave(): on non-RT kernels it also turns
 * interrupts off on this CPU (for a T a hard-irq handler uses too - which
 * must then take lock_irqsave() as well); on RT it is lock(), as interrupt
 * handlers run in threads there.
 *
 *	struct Rx {
 *		kpcpu::u64 packets = 0;
 *		kpcpu::u64 bytes = 0;
 *	};
 *
 *	int local_lock_example()
 *	{
 *		auto rx = kpcpu::LocalLocked<Rx>::with_value(Rx{}, kpcpu::gfp::kernel);
 *		if (!rx)
 *			return -KPCPU_ENOMEM;
 *		{
 *			auto guard = rx.lock();
 *			guard.with([](Rx &r) {
 *				r.packets++;
 *				r.bytes += 1500;
 *			});
 *		}	// unlocked here
 *		rx.lock_irqsave().with([](Rx &r) { r.packets++; });
 *		return 0;
 *	}
 *
 * Lockdep (DEBUG_LOCK_ALLOC kernels): each LocalLocked is a lock class of
 * its own, named after the factory's call site: one taken inside another is
 * fine, the same one taken twice on a CPU is reported as recursion.
 *
 * The guard is not a CpuGuard: it does not convert to kpcpu::GuardRef, on
 * any kernel. On RT the holder is preemptible and only this object is
 * protected; code that uses other per-CPU data under it takes a CpuGuard
 * (or IrqGuard) for that. It is not copyable nor movable; a discarded
 * lock() (which would unlock at once) is a [[nodiscard]] warning - an
 * error with -Werror, as kpcpu's own modules build. with() rules are a
 * token's (kpcpu/token.h): f's result is a value, not a borrow; with debug
 * checks a nested with() on the same object and CPU (a second guard, or an
 * interrupt handler that took the lock the task holds without
 * lock_irqsave()) is refused and reported.
 *
 * Factories never throw: on failure they return an empty LocalLocked
 * (explicit operator bool false), whose lock() takes nothing and whose
 * with() reports one "kpcpu:" line naming the caller and does not call f.
 * Move-only; the last owner destroys every possible CPU's T and frees the
 * locks - in process context (on lockdep kernels it waits for an RCU grace
 * period), with no guard of it alive. Do not sleep under a guard (a
 * spinlock on RT, preemption off elsewhere).
 */
#ifndef KPCPU_LOCAL_LOCK_H
#define KPCPU_LOCAL_LOCK_H

#include <kpcpu/arch.h>
#include <kpcpu/call_site.h>
#include <kpcpu/cpu_guard.h>
#include <kpcpu/cpumask.h>
#include <kpcpu/gfp.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/kernel_constants.h>
#include <kpcpu/new.h>
#include <kpcpu/slot.h>
#include <kpcpu/token.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

namespace detail {

/* local_lock() is preempt_disable() alone: inline. Else the glue's. */
inline constexpr bool local_lock_is_preempt_disable = KPCPU_FACT_LOCAL_LOCK_IS_PREEMPT_DISABLE;
static_assert(!local_lock_is_preempt_disable || KPCPU_FACT_LOCAL_LOCK_SIZE == 0,
	      "local_lock_t holds data on a kernel where local_lock() is preempt_disable() alone");

/*
 * One CPU's part: the Slot (value, and the debug borrow state) first, so
 * the cell's per-CPU address is the Slot's; then the local_lock_t, as many
 * bytes as the kernel's, or none where it is empty.
 */
#if KPCPU_FACT_LOCAL_LOCK_SIZE > 0
struct LocalLockStorage {
	alignas(KPCPU_FACT_LOCAL_LOCK_ALIGN) unsigned char bytes[KPCPU_FACT_LOCAL_LOCK_SIZE];
};

template <typename T>
struct LocalLockedCell {
	Slot<T> slot;
	LocalLockStorage lock;
};
#else
template <typename T>
struct LocalLockedCell {
	Slot<T> slot;
};
static_assert(sizeof(LocalLockedCell<long>) == sizeof(Slot<long>),
	      "an empty local_lock_t takes no space");
#endif

static_assert(__builtin_offsetof(LocalLockedCell<long>, slot) == 0, "the Slot comes first");

/* The per-CPU address of the lock in the cell at per-CPU address @cell. */
template <typename T>
[[gnu::always_inline]] inline void *local_lock_of(LocalLockedCell<T> *cell)
{
#if KPCPU_FACT_LOCAL_LOCK_SIZE > 0
	return reinterpret_cast<void *>(reinterpret_cast<unsigned long>(cell) +
					__builtin_offsetof(LocalLockedCell<T>, lock));
#else
	(void)cell;
	return nullptr;
#endif
}

} // namespace detail

template <typename T>
class LocalLocked;

#define KPCPU_TEMPORARY_LOCAL_LOCKED_MESSAGE                                                     \
	"lock() of a temporary LocalLocked: the object and its per-CPU memory are freed at the " \
	"end of the expression, under the guard; keep the LocalLocked in a variable"

/*
 * Holds this CPU's lock of one LocalLocked (Irqsave: taken with
 * lock_irqsave()); made by LocalLocked::lock() and lock_irqsave() only.
 */
template <typename T, bool Irqsave>
class [[nodiscard("a LocalLockGuard unlocks when it goes: keep it in a variable "
		  "(auto guard = x.lock();) or use it at once (x.lock().with(f))")]] LocalLockGuard {
public:
	LocalLockGuard(const LocalLockGuard &) = delete;
	LocalLockGuard(LocalLockGuard &&) = delete;
	LocalLockGuard &operator=(const LocalLockGuard &) = delete;
	LocalLockGuard &operator=(LocalLockGuard &&) = delete;

	[[gnu::always_inline]] ~LocalLockGuard()
	{
		if constexpr (detail::local_lock_is_preempt_disable) {
			if constexpr (Irqsave)
				arch::irq_restore(flags_);
			else
				arch::preempt_enable();
		} else if (cell_) {
			// Safe because the task is still on the CPU whose lock it took.
			if constexpr (Irqsave)
				kpcpu_local_unlock_irqrestore(detail::local_lock_of(cell_), flags_);
			else
				kpcpu_local_unlock(detail::local_lock_of(cell_));
		}
	}

	/*
	 * f(T&) on this CPU's value; returns what f returns. Not called (R{}
	 * returned, one "kpcpu:" report) for an empty LocalLocked, or with
	 * debug checks for a loan that would alias one still running.
	 */
	template <typename F>
	[[gnu::always_inline]] auto with(F &&f, CallSite site = CallSite::here())
	{
		Slot<T> *variable = reinterpret_cast<Slot<T> *>(cell_);
		// Safe because the lock keeps this task on this CPU while the guard lives.
		Slot<T> *slot = reinterpret_cast<Slot<T> *>(reinterpret_cast<unsigned long>(variable) +
							    arch::this_cpu_offset());

		// Safe because the lock is held: no other holder on this CPU uses the slot.
		return detail::lend<true>(variable, slot, nullptr, f, site);
	}

	/* The CPU whose lock is held; stable while the guard lives. */
	[[gnu::always_inline]] unsigned int cpu() const
	{
		// Safe because the task cannot migrate (preemption or migration is off).
		return arch::raw_cpu_id();
	}

private:
	friend class LocalLocked<T>;

	/* Precondition: @cell is the per-CPU address of the cells, or nullptr (empty). */
	[[gnu::always_inline]] explicit LocalLockGuard(detail::LocalLockedCell<T> *cell) : cell_(cell)
	{
		if constexpr (detail::local_lock_is_preempt_disable) {
			if constexpr (Irqsave)
				flags_ = arch::irq_save();
			else
				arch::preempt_disable();
		} else if (cell) {
			if constexpr (Irqsave)
				flags_ = kpcpu_local_lock_irqsave(detail::local_lock_of(cell));
			else
				kpcpu_local_lock(detail::local_lock_of(cell));
		}
	}

	/* Nothing to keep for lock(): the guard is then a single pointer. */
	struct NoFlags {};

	detail::LocalLockedCell<T> *cell_;
	[[no_unique_address]] conditional_t<Irqsave, unsigned long, NoFlags> flags_;
};

template <typename T>
class LocalLocked {
	static_assert(sizeof(detail::LocalLockedCell<T>) <= KPCPU_PERCPU_DYNAMIC_MAX,
		      "a LocalLocked is at most 32 KiB per CPU (PCPU_MIN_UNIT_SIZE)");
	static_assert(alignof(detail::LocalLockedCell<T>) <= KPCPU_PAGE_SIZE,
		      "the per-CPU allocator aligns to at most PAGE_SIZE");

public:
	/* A copy of @value on every possible CPU, or an empty LocalLocked. */
	static LocalLocked with_value(const T &value, Gfp gfp, CallSite site = CallSite::here())
	{
		static_assert(__is_constructible(T, const T &),
			      "LocalLocked<T>::with_value() copies the value to every CPU: T must be "
			      "copyable; use from_fn() to construct each CPU's T in place");
		return create(gfp, site, [&](unsigned int) { return T(value); });
	}

	/* f(cpu) on every possible CPU, its result constructed in that CPU's slot. */
	template <typename F>
	static LocalLocked from_fn(F &&f, Gfp gfp, CallSite site = CallSite::here())
	{
		return create(gfp, site, f);
	}

	/* Empty: lock() takes nothing, with() reports. */
	constexpr LocalLocked() = default;
	LocalLocked(LocalLocked &&other) : cells_(other.cells_), cookie_(other.cookie_)
	{
		other.cells_ = nullptr;
		other.cookie_ = nullptr;
	}
	LocalLocked &operator=(LocalLocked &&other)
	{
		if (this != &other) {
			reset();
			cells_ = other.cells_;
			cookie_ = other.cookie_;
			other.cells_ = nullptr;
			other.cookie_ = nullptr;
		}
		return *this;
	}
	LocalLocked(const LocalLocked &) = delete;
	LocalLocked &operator=(const LocalLocked &) = delete;
	~LocalLocked() { reset(); }

	explicit operator bool() const { return cells_ != nullptr; }

	/* This CPU's lock: local_lock(). */
	[[gnu::always_inline]] LocalLockGuard<T, false> lock() const &
	{
		return LocalLockGuard<T, false>(cells_);
	}

	/* This CPU's lock with interrupts off (non-RT): local_lock_irqsave(). */
	[[gnu::always_inline]] LocalLockGuard<T, true> lock_irqsave() const &
	{
		return LocalLockGuard<T, true>(cells_);
	}

	/* Of a temporary object: its memory would be freed under the guard. */
	LocalLockGuard<T, false> lock() const &&
	{
		static_assert(always_false<T>, KPCPU_TEMPORARY_LOCAL_LOCKED_MESSAGE);
		return LocalLockGuard<T, false>(nullptr);
	}
	LocalLockGuard<T, true> lock_irqsave() const &&
	{
		static_assert(always_false<T>, KPCPU_TEMPORARY_LOCAL_LOCKED_MESSAGE);
		return LocalLockGuard<T, true>(nullptr);
	}

	/*
	 * @cpu's value without its lock (nullptr for an impossible CPU or an
	 * empty object). Precondition for using it: nothing else uses that
	 * value meanwhile (before the users start, after they stopped).
	 */
	T *unlocked_remote_ptr(unsigned int cpu) const
	{
		if (!cells_ || !possible_cpus().contains(cpu))
			return nullptr;
		return &cell_of(cells_, cpu)->slot.value;
	}

private:
	/* Precondition: @cpu is a possible CPU. */
	static detail::LocalLockedCell<T> *cell_of(detail::LocalLockedCell<T> *cells, unsigned int cpu)
	{
		return reinterpret_cast<detail::LocalLockedCell<T> *>(
			reinterpret_cast<unsigned long>(cells) + __per_cpu_offset[cpu]);
	}

	/* Allocates, initialises the locks, constructs the values; empty on failure. */
	template <typename Make>
	static LocalLocked create(Gfp gfp, CallSite site, Make &&make)
	{
		LocalLocked made;

		made.cells_ = static_cast<detail::LocalLockedCell<T> *>(kpcpu_alloc_percpu(
			sizeof(detail::LocalLockedCell<T>), alignof(detail::LocalLockedCell<T>), gfp.bits));
		if (!made.cells_)
			return LocalLocked();
		if constexpr (!detail::local_lock_is_preempt_disable) {
			if (kpcpu_local_locks_init(detail::local_lock_of(made.cells_), site.file, site.line,
						   gfp.bits, &made.cookie_)) {
				free_percpu(made.cells_);
				made.cells_ = nullptr;
				return LocalLocked();
			}
		} else {
			(void)site;
		}
		for (unsigned int cpu : possible_cpus())
			new (&cell_of(made.cells_, cpu)->slot.value) T(make(cpu));
		return made;
	}

	void reset()
	{
		if (!cells_)
			return;
		if constexpr (!is_trivially_destructible_v<T>)
			for (unsigned int cpu : possible_cpus())
				cell_of(cells_, cpu)->slot.value.~T();
		free_percpu(cells_);
		if constexpr (!detail::local_lock_is_preempt_disable)
			kpcpu_local_locks_destroy(cookie_);
		cells_ = nullptr;
		cookie_ = nullptr;
	}

	/* The per-CPU address of the cells (nullptr: empty), and the lock class (glue). */
	detail::LocalLockedCell<T> *cells_ = nullptr;
	void *cookie_ = nullptr;
};

} // namespace kpcpu

#endif /* KPCPU_LOCAL_LOCK_H */
