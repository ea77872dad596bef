/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dynamic per-CPU variables.
 *
 * PerCpuAllocation<T> owns one alloc_percpu() block with a slot for T on
 * every possible CPU. The kernel zeroes the block; the allocation never
 * constructs nor destroys a T - that is its owner's job (DynamicPerCpu
 * does it). Move-only; frees the block when it goes.
 *
 *	int allocation_example()
 *	{
 *		auto block = kpcpu::PerCpuAllocation<kpcpu::u64>::zeroed(kpcpu::gfp::kernel);
 *		if (!block)
 *			return -KPCPU_ENOMEM;
 *		return 0;
 *	}
 *
 * DynamicPerCpu<T> is a reference-counted handle to a per-CPU T: copies
 * share it (an atomic count), and the last one to go destroys the T on
 * every possible CPU - offline ones too - and then frees the block. The
 * per-CPU address is cached in the handle, so the hot path never loads
 * through the shared control block; a handle is two pointers. It offers
 * the same tokens, remote access and sums as a static variable
 * (PerCpuVariable).
 *
 *	struct Stats {
 *		kpcpu::u64 packets = 0;
 *		kpcpu::u64 bytes = 0;
 *	};
 *
 *	int dynamic_example()
 *	{
 *		auto hits = kpcpu::DynamicPerCpu<kpcpu::u64>::zeroed(kpcpu::gfp::kernel);
 *		auto stats = kpcpu::DynamicPerCpu<Stats>::with_value(Stats{}, kpcpu::gfp::kernel);
 *		auto ids = kpcpu::DynamicPerCpu<long>::from_fn(
 *			[](unsigned int cpu) { return 10l * cpu; }, kpcpu::gfp::kernel);
 *		if (!hits || !stats || !ids)
 *			return -KPCPU_ENOMEM;	// nothing leaked
 *		kpcpu::CpuGuard guard;
 *		hits.get(guard).with([](kpcpu::u64 &h) { h++; });
 *		stats.get(guard).with([](Stats &s) { s.packets++; });
 *		return 0;
 *	}
 *
 * Factories never throw: on allocation failure they return an empty handle
 * (explicit operator bool is false) and have constructed nothing. The gfp
 * flags go to both allocations (control block and per-CPU block), so
 * gfp::atomic works with preemption or interrupts disabled - except on
 * PREEMPT_RT, whose allocators take sleeping locks: there no allocation may
 * run under a CpuGuard (or with interrupts off), whatever the flags.
 * Allocate before taking the guard; on an RT kernel an allocation made
 * under one is refused (empty handle) and reported as a "kpcpu:" line
 * naming the caller.
 *
 * An empty handle (default-constructed, moved-from, or from a failed
 * factory) never touches memory; each use is reported as one "kpcpu:"
 * line naming the caller and has a defined result (kpcpu/percpu_variable.h).
 * That check costs a test and a branch on a valid handle's hot path. Views
 * of a temporary handle (zeroed(...).num() and the like) do not compile:
 * the storage would be freed before the view is used.
 */
#ifndef KPCPU_DYNAMIC_PERCPU_H
#define KPCPU_DYNAMIC_PERCPU_H

#include <kpcpu/cpumask.h>
#include <kpcpu/gfp.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/kernel_constants.h>
#include <kpcpu/new.h>
#include <kpcpu/percpu_variable.h>
#include <kpcpu/slot.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

/*
 * Whether all-zero bytes are a valid T: integers, enums and pointers, or a
 * type that says so with "using kpcpu_zeroable = void;".
 */
template <typename T>
inline constexpr bool is_zeroable_v = is_integral_v<T> || is_enum_v<T> || is_pointer_v<T> ||
				      requires { typename remove_cv_t<T>::kpcpu_zeroable; };

template <typename T>
class PerCpuAllocation {
	static_assert(sizeof(Slot<T>) <= KPCPU_PERCPU_DYNAMIC_MAX,
		      "a dynamic per-CPU variable is at most 32 KiB per CPU (PCPU_MIN_UNIT_SIZE)");
	static_assert(alignof(Slot<T>) <= KPCPU_PAGE_SIZE,
		      "the per-CPU allocator aligns to at most PAGE_SIZE");

public:
	/* A block of zero bytes on every possible CPU, or an empty allocation. */
	static PerCpuAllocation zeroed(Gfp gfp)
	{
		return PerCpuAllocation(static_cast<Slot<T> *>(
			kpcpu_alloc_percpu(sizeof(Slot<T>), alignof(Slot<T>), gfp.bits)));
	}

	PerCpuAllocation() = default;
	PerCpuAllocation(PerCpuAllocation &&other) : percpu_address_(other.release()) {}
	PerCpuAllocation &operator=(PerCpuAllocation &&other)
	{
		if (this != &other) {
			reset();
			percpu_address_ = other.release();
		}
		return *this;
	}
	PerCpuAllocation(const PerCpuAllocation &) = delete;
	PerCpuAllocation &operator=(const PerCpuAllocation &) = delete;

	/* Frees the block; never destroys the contents. */
	~PerCpuAllocation() { reset(); }

	explicit operator bool() const { return percpu_address_ != nullptr; }

	/* The block's per-CPU address (nullptr when empty). */
	Slot<T> *percpu_address() const & { return percpu_address_; }
	Slot<T> *percpu_address() const &&
	{
		static_assert(always_false<T>, KPCPU_TEMPORARY_HANDLE_MESSAGE);
		return percpu_address_;
	}

	/* Gives up ownership without freeing. */
	Slot<T> *release()
	{
		Slot<T> *address = percpu_address_;

		percpu_address_ = nullptr;
		return address;
	}

private:
	explicit PerCpuAllocation(Slot<T> *percpu_address) : percpu_address_(percpu_address) {}

	void reset()
	{
		if (percpu_address_)
			free_percpu(release());
	}

	Slot<T> *percpu_address_ = nullptr;
};

template <typename T>
class DynamicPerCpu : public PerCpuVariable<DynamicPerCpu<T>, T> {
public:
	/* Zero bytes on every possible CPU; for types where that is a valid T. */
	static DynamicPerCpu zeroed(Gfp gfp)
	{
		static_assert(is_zeroable_v<T>,
			      "DynamicPerCpu<T>::zeroed(): all-zero bytes must be a valid T; use "
			      "with_value() or from_fn(), or declare using kpcpu_zeroable = void");
		return create(gfp, [](Slot<T> *) {});
	}

	/* A copy of @value on every possible CPU. */
	static DynamicPerCpu with_value(const T &value, Gfp gfp)
	{
		static_assert(__is_constructible(T, const T &),
			      "DynamicPerCpu<T>::with_value() copies the value to every CPU: T must "
			      "be copyable; use from_fn() to construct each CPU's T in place");
		return create(gfp, [&](Slot<T> *percpu_address) {
			for (unsigned int cpu : possible_cpus())
				new (&slot_of(percpu_address, cpu)->value) T(value);
		});
	}

	/* f(cpu) on every possible CPU, its result constructed in that CPU's slot. */
	template <typename F>
	static DynamicPerCpu from_fn(F &&f, Gfp gfp)
	{
		return create(gfp, [&](Slot<T> *percpu_address) {
			for (unsigned int cpu : possible_cpus())
				new (&slot_of(percpu_address, cpu)->value) T(f(cpu));
		});
	}

	DynamicPerCpu() = default;
	DynamicPerCpu(const DynamicPerCpu &other) : shared_(other.shared_), percpu_address_(other.percpu_address_)
	{
		if (shared_)
			__atomic_fetch_add(&shared_->refs, 1, __ATOMIC_RELAXED);
	}
	DynamicPerCpu(DynamicPerCpu &&other) : shared_(other.shared_), percpu_address_(other.percpu_address_)
	{
		other.shared_ = nullptr;
		other.percpu_address_ = nullptr;
	}
	DynamicPerCpu &operator=(DynamicPerCpu other)
	{
		swap(other);
		return *this;
	}
	~DynamicPerCpu() { drop(); }

	explicit operator bool() const { return percpu_address_ != nullptr; }

	/* How many handles share the variable (0 for an empty handle); racy. */
	long use_count() const { return shared_ ? __atomic_load_n(&shared_->refs, __ATOMIC_RELAXED) : 0; }

	/* An empty handle has no storage; the last handle frees it. */
	static constexpr bool owns_storage = true;

	/* A dynamic variable has no name: reports give its address. */
	static constexpr const char *variable_name() { return nullptr; }

	/* The cached per-CPU address (nullptr when empty): the hot path reads only this. */
	Slot<T> *percpu_address() const & { return percpu_address_; }
	Slot<T> *percpu_address() const &&
	{
		static_assert(always_false<T>, KPCPU_TEMPORARY_HANDLE_MESSAGE);
		return percpu_address_;
	}

private:
	struct Shared {
		long refs;
		PerCpuAllocation<T> block;
	};

	static Slot<T> *slot_of(Slot<T> *percpu_address, unsigned int cpu)
	{
		// Safe because callers pass CPUs from the possible mask.
		return PerCpuPtr<Slot<T>>(percpu_address).unchecked_remote_ptr(cpu);
	}

	/* Allocates both parts, then constructs the values; empty on failure. */
	template <typename Construct>
	static DynamicPerCpu create(Gfp gfp, Construct construct)
	{
		auto block = PerCpuAllocation<T>::zeroed(gfp);

		if (!block)
			return DynamicPerCpu();
		Shared *shared = new (gfp) Shared{1, PerCpuAllocation<T>()};
		if (!shared)
			return DynamicPerCpu(); /* block frees itself */
		construct(block.percpu_address());
		shared->block = static_cast<PerCpuAllocation<T> &&>(block);
		return DynamicPerCpu(shared);
	}

	explicit DynamicPerCpu(Shared *shared) : shared_(shared), percpu_address_(shared->block.percpu_address()) {}

	void swap(DynamicPerCpu &other)
	{
		Shared *shared = shared_;
		Slot<T> *address = percpu_address_;

		shared_ = other.shared_;
		percpu_address_ = other.percpu_address_;
		other.shared_ = shared;
		other.percpu_address_ = address;
	}

	/* The last handle destroys every possible CPU's T, then frees it all. */
	void drop()
	{
		if (!shared_ || __atomic_sub_fetch(&shared_->refs, 1, __ATOMIC_ACQ_REL) != 0)
			return;
		if constexpr (!is_trivially_destructible_v<T>)
			for (unsigned int cpu : possible_cpus())
				slot_of(percpu_address_, cpu)->value.~T();
		delete shared_; /* frees the per-CPU block through PerCpuAllocation */
		shared_ = nullptr;
		percpu_address_ = nullptr;
	}

	Shared *shared_ = nullptr;
	Slot<T> *percpu_address_ = nullptr;
};

} // namespace kpcpu

#endif /* KPCPU_DYNAMIC_PERCPU_H */
