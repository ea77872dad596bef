// SPDX-License-Identifier: GPL-2.0
/*
 * C++ bodies of the kpcpu_dynamic KUnit suite: the Rust sample's dynamic
 * steps, destruction counting, release on other CPUs and across CPU
 * hotplug, every factory's failure path, and atomic-context allocation.
 */
#include <kpcpu/kpcpu.h>
#include <kpcpu_kunit.h>

#include "dynamic_test.h"

using namespace kpcpu;

namespace {

constexpr u64 u64_max = ~0ull;

using kunit_bridge::opaque;

/*
 * A reference to a shared object, counting itself: what the Rust sample's
 * drop test clones into every CPU's slot.
 */
struct SharedCounts {
	long refs = 1;  /* the test's own reference */
	long constructed = 0;
	long destroyed = 0;
};

struct Counted {
	SharedCounts *shared;
	long id;

	Counted(SharedCounts *s, long i) : shared(s), id(i) { count_construction(); }
	Counted(const Counted &o) : shared(o.shared), id(o.id) { count_construction(); }
	Counted &operator=(const Counted &) = delete;
	~Counted()
	{
		__atomic_sub_fetch(&shared->refs, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&shared->destroyed, 1, __ATOMIC_RELAXED);
	}

private:
	void count_construction()
	{
		__atomic_add_fetch(&shared->refs, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&shared->constructed, 1, __ATOMIC_RELAXED);
	}
};

unsigned int nr_possible() { return possible_cpus().count(); }

/* The Rust sample's increment callback, holding its own handle. */
struct Incrementer {
	DynamicPerCpu<u64> var;
	void operator()(const CpuGuard &guard) { var.get(guard).with([](u64 &v) { v++; }); }
};

struct CheckedIncrementer {
	DynamicPerCpu<RefCell<u64>> var;
	void operator()(const CpuGuard &guard)
	{
		var.get_checked(guard).with([](const RefCell<u64> &cell) {
			if (auto v = cell.borrow_mut())
				*v += 1;
		});
	}
};

/*
 * The Rust sample's pattern: three calls without waiting, then one waiting,
 * through a NoWaitCalls that owns a copy of f (f holds a handle: state).
 */
template <typename F>
void three_nowait_then_wait(const F &f)
{
	NoWaitCalls calls(f);

	calls.run(Wait::no);
	calls.run(Wait::no);
	calls.run(Wait::no);
	calls.run(Wait::yes);
}

} // namespace

extern "C" void kpcpu_test_rust_sample_dynamic_u64(struct kunit *test)
{
	auto var = DynamicPerCpu<u64>::zeroed(gfp::kernel);
	if (!KPCPU_EXPECT_TRUE(test, static_cast<bool>(var)))
		return;

	Incrementer inc{var};
	three_nowait_then_wait(inc);

	bool four[CONFIG_NR_CPUS] = {};
	on_each_cpu([&](const CpuGuard &guard) {
		four[guard.cpu()] = var.get(guard).with([](u64 &v) { return v; }) == 4;
	});
	for (unsigned int cpu : online_cpus()) {
		KPCPU_EXPECT_TRUE(test, four[cpu]);
		KPCPU_EXPECT_EQ(test, *var.remote_ptr(cpu), 4ull);
	}
	KPCPU_EXPECT_EQ(test, var.use_count(), 2); /* var and inc.var; the calls' copy is gone */
}

extern "C" void kpcpu_test_rust_sample_dynamic_refcell(struct kunit *test)
{
	auto var = DynamicPerCpu<RefCell<u64>>::from_fn([](unsigned int) { return RefCell<u64>(100); },
							  gfp::kernel);
	if (!KPCPU_EXPECT_TRUE(test, static_cast<bool>(var)))
		return;

	CheckedIncrementer inc{var};
	three_nowait_then_wait(inc);
	for (unsigned int cpu : online_cpus())
		KPCPU_EXPECT_EQ(test, *var.remote_ptr(cpu)->borrow(), 104ull);

	/* On this CPU: 104, then the four-step "Checked native" sequence from 0. */
	CpuGuard guard;
	u64 native = 0;
	u64 steps[4] = {};
	var.get_checked(guard).with([&](const RefCell<u64> &cell) {
		auto v = cell.borrow_mut();
		if (!v)
			return;
		KPCPU_EXPECT_EQ(test, *v, 104ull);
		*v = 0;
		native += 1;
		*v += 1;
		steps[0] = *v;
		native += u64_max; /* wrapping */
		*v += u64_max;
		steps[1] = *v;
		native += u64_max;
		*v += u64_max;
		steps[2] = *v;
		native = 0;
		*v = 0;
		native -= 1;
		*v -= 1;
		steps[3] = *v;
	});
	KPCPU_EXPECT_EQ(test, steps[0], 1ull);
	KPCPU_EXPECT_EQ(test, steps[1], 0ull);
	KPCPU_EXPECT_EQ(test, steps[2], u64_max);
	KPCPU_EXPECT_EQ(test, steps[3], u64_max);
	KPCPU_EXPECT_EQ(test, native, u64_max);
}

extern "C" void kpcpu_test_drop_destroys_once_per_cpu(struct kunit *test)
{
	SharedCounts shared;
	{
		Counted original(&shared, 7);
		auto var = DynamicPerCpu<Counted>::with_value(original, gfp::kernel);
		if (!KPCPU_EXPECT_TRUE(test, static_cast<bool>(var)))
			return;
		/* The test's reference, original, and one copy per possible CPU. */
		KPCPU_EXPECT_EQ(test, shared.refs, 2 + (long)nr_possible());
		{
			DynamicPerCpu<Counted> copy = var;

			KPCPU_EXPECT_EQ(test, var.use_count(), 2);
			KPCPU_EXPECT_EQ(test, copy.remote_ptr(0)->id, 7);
		}
		KPCPU_EXPECT_EQ(test, shared.destroyed, 0); /* a copy going destroys nothing */
		KPCPU_EXPECT_EQ(test, var.use_count(), 1);
	}
	/* var went: each CPU's copy destroyed exactly once; original went too. */
	KPCPU_EXPECT_EQ(test, shared.destroyed, (long)nr_possible() + 1);
	KPCPU_EXPECT_EQ(test, shared.refs, 1); /* unique again */
}

extern "C" void kpcpu_test_copies_released_on_other_cpus(struct kunit *test)
{
	SharedCounts shared;
	/* One handle per CPU, to be dropped there (heap: a static would need atexit). */
	auto *copies = new (gfp::kernel) DynamicPerCpu<Counted>[CONFIG_NR_CPUS];
	if (!KPCPU_EXPECT_NE(test, copies, nullptr))
		return;

	auto var = DynamicPerCpu<Counted>::from_fn([&](unsigned int cpu) { return Counted(&shared, cpu); },
						   gfp::kernel);
	if (!KPCPU_EXPECT_TRUE(test, static_cast<bool>(var))) {
		delete[] copies;
		return;
	}
	for (unsigned int cpu : online_cpus())
		copies[cpu] = var;
	KPCPU_EXPECT_EQ(test, var.use_count(), 1 + (long)online_cpus().count());

	/* This CPU lets go first; the others drop theirs in interrupt context. */
	var = DynamicPerCpu<Counted>();
	KPCPU_EXPECT_EQ(test, shared.destroyed, 0);
	on_each_cpu([copies](const CpuGuard &guard) { copies[guard.cpu()] = DynamicPerCpu<Counted>(); });

	KPCPU_EXPECT_EQ(test, shared.destroyed, (long)nr_possible());
	KPCPU_EXPECT_EQ(test, shared.refs, 1);
	delete[] copies; /* all empty by now */
}

extern "C" void kpcpu_test_offline_cpu_values_survive(struct kunit *test)
{
	SharedCounts shared;
	auto var = DynamicPerCpu<Counted>::from_fn([&](unsigned int cpu) { return Counted(&shared, 100 + cpu); },
						   gfp::kernel);
	auto sums = DynamicPerCpu<long>::from_fn([](unsigned int cpu) { return 1000l + cpu; }, gfp::kernel);
	if (!KPCPU_EXPECT_TRUE(test, var && sums))
		return;
	long expected_sum = 0;
	for (unsigned int cpu : possible_cpus())
		expected_sum += 1000 + cpu;

	if (!KPCPU_EXPECT_EQ(test, kpcpu_test_cpu_offline(1), 0))
		return;
	KPCPU_EXPECT_FALSE(test, online_cpus().contains(1));
	KPCPU_EXPECT_TRUE(test, possible_cpus().contains(1));
	/* The offline CPU's slot is still there, with its value. */
	KPCPU_EXPECT_EQ(test, var.remote_ptr(1)->id, 101);
	KPCPU_EXPECT_EQ(test, sum(sums), expected_sum);
	/* Destruction covers the offline CPU too. */
	var = DynamicPerCpu<Counted>();
	KPCPU_EXPECT_EQ(test, shared.destroyed, (long)nr_possible());
	KPCPU_EXPECT_EQ(test, shared.refs, 1);

	KPCPU_EXPECT_EQ(test, kpcpu_test_cpu_online(1), 0);
	KPCPU_EXPECT_TRUE(test, online_cpus().contains(1));
	KPCPU_EXPECT_EQ(test, *sums.remote_ptr(1), 1001); /* survived offline/online */
}

extern "C" void kpcpu_test_factory_failures(struct kunit *test)
{
	SharedCounts shared;
	Counted original(&shared, 1); /* constructed: 1 */

	/* 1: the per-CPU block fails; 2: the control block fails after it. */
	for (unsigned int nth = 1; nth <= 2; nth++) {
		unsigned int calls = 0;

		kpcpu_fault_inject_alloc(nth);
		KPCPU_EXPECT_FALSE(test, static_cast<bool>(DynamicPerCpu<u64>::zeroed(gfp::kernel)));
		kpcpu_fault_inject_alloc(nth);
		KPCPU_EXPECT_FALSE(test, static_cast<bool>(
						 DynamicPerCpu<Counted>::with_value(original, gfp::kernel)));
		kpcpu_fault_inject_alloc(nth);
		auto made = DynamicPerCpu<Counted>::from_fn(
			[&](unsigned int cpu) {
				calls++;
				return Counted(&shared, cpu);
			},
			gfp::kernel);
		KPCPU_EXPECT_FALSE(test, static_cast<bool>(made));
		KPCPU_EXPECT_EQ(test, made.use_count(), 0);
		KPCPU_EXPECT_EQ(test, calls, 0u); /* nothing constructed... */
		KPCPU_EXPECT_EQ(test, shared.refs, 2l); /* ...nor copied */
		KPCPU_EXPECT_EQ(test, shared.constructed, 1l);
		KPCPU_EXPECT_EQ(test, shared.destroyed, 0l);
	}
	kpcpu_fault_inject_alloc(1);
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(PerCpuAllocation<u64>::zeroed(gfp::kernel)));
	/* new (gfp): nullptr, and no constructor runs. */
	kpcpu_fault_inject_alloc(1);
	Counted *one = new (gfp::kernel) Counted(&shared, 2);
	if (!KPCPU_EXPECT_TRUE(test, one == nullptr))
		delete one;
	kpcpu_fault_inject_alloc(1);
	u64 *many = new (gfp::kernel) u64[4]{ 1, 2, 3, 4 };
	if (!KPCPU_EXPECT_TRUE(test, many == nullptr))
		delete[] many;
	KPCPU_EXPECT_EQ(test, shared.constructed, 1l);
	kpcpu_fault_inject_alloc(0);

	/* Disarmed: the same calls succeed, constructing once per CPU. */
	KPCPU_EXPECT_TRUE(test, static_cast<bool>(DynamicPerCpu<u64>::zeroed(gfp::kernel)));
	{
		auto copies = DynamicPerCpu<Counted>::with_value(original, gfp::kernel);
		KPCPU_EXPECT_TRUE(test, static_cast<bool>(copies));
		KPCPU_EXPECT_EQ(test, shared.constructed, 1l + nr_possible());
	}
	KPCPU_EXPECT_EQ(test, shared.destroyed, (long)nr_possible()); /* each copy once */
	one = new (gfp::kernel) Counted(&shared, 2);
	if (KPCPU_EXPECT_TRUE(test, one != nullptr))
		delete one;
	KPCPU_EXPECT_EQ(test, shared.constructed, 2l + nr_possible());
	KPCPU_EXPECT_EQ(test, shared.destroyed, 1l + nr_possible());
	KPCPU_EXPECT_EQ(test, shared.refs, 2l);
}

extern "C" void kpcpu_test_atomic_context_allocation(struct kunit *test)
{
	CpuGuard guard;

	KPCPU_EXPECT_EQ(test, kpcpu_test_preemptible(), 0);
	/* GFP_ATOMIC never sleeps: DEBUG_ATOMIC_SLEEP would splat if it did. */
	auto var = DynamicPerCpu<u64>::from_fn([](unsigned int cpu) { return 5ull * cpu; },
					       gfp::atomic | gfp::nowarn);
	if (!KPCPU_EXPECT_TRUE(test, static_cast<bool>(var)))
		return;
	var.get(guard).with([](u64 &v) { v += 1; });
	KPCPU_EXPECT_EQ(test, *var.remote_ptr(guard.cpu()), 5ull * guard.cpu() + 1);
	var = DynamicPerCpu<u64>(); /* freed with preemption still disabled */
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(var));
}

extern "C" void kpcpu_test_dynamic_tokens_remote_sum(struct kunit *test)
{
	auto longs = DynamicPerCpu<long>::from_fn([](unsigned int cpu) { return -10l * cpu - 1; },
						  gfp::kernel);
	auto cells = DynamicPerCpu<Cell<u64>>::from_fn([](unsigned int) { return Cell<u64>(3); },
						       gfp::kernel);
	if (!KPCPU_EXPECT_TRUE(test, longs && cells))
		return;

	s64 expected = 0;
	for (unsigned int cpu : possible_cpus()) {
		KPCPU_EXPECT_EQ(test, *longs.remote_ptr(cpu), -10l * cpu - 1);
		expected += -10l * cpu - 1;
	}
	KPCPU_EXPECT_EQ(test, sum(longs), expected);
	KPCPU_EXPECT_EQ(test, longs.remote_ptr(nr_cpu_ids), nullptr);

	on_each_cpu([&](const CpuGuard &guard) {
		cells.get_checked(guard).with([](const Cell<u64> &c) { c.set(c.get() * 2); });
	});
	for (unsigned int cpu : online_cpus())
		KPCPU_EXPECT_EQ(test, cells.remote_ptr(cpu)->get(), 6ull);

	/*
	 * The debug detection of a nested exclusive token works on dynamic
	 * ones too (where debug checks are on: kpcpu/debug.h).
	 */
	unsigned long reports = kpcpu_debug_reports();
	CpuGuard guard;
	bool inner_ran = true;
	longs.get(guard).with([&](long &v) {
		v = 42;
		if constexpr (config::debug_checks)
			inner_ran = longs.get(guard).with([](long &) { return true; });
	});
	if constexpr (config::debug_checks) {
		KPCPU_EXPECT_FALSE(test, inner_ran);
		KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 1);
	}
	KPCPU_EXPECT_EQ(test, *longs.ptr().this_cpu(guard), 42);
}

extern "C" void kpcpu_test_allocation_move_only(struct kunit *test)
{
	auto a = PerCpuAllocation<u64>::zeroed(gfp::kernel);
	if (!KPCPU_EXPECT_TRUE(test, static_cast<bool>(a)))
		return;
	Slot<u64> *slots = a.percpu_address();

	/* Zeroed on every possible CPU. */
	for (unsigned int cpu : possible_cpus())
		KPCPU_EXPECT_EQ(test, PerCpuPtr<Slot<u64>>(slots).remote_ptr(cpu)->value, 0ull);

	PerCpuAllocation<u64> b(static_cast<PerCpuAllocation<u64> &&>(a));
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(a));
	KPCPU_EXPECT_EQ(test, b.percpu_address(), slots);
	PerCpuAllocation<u64> c;
	c = static_cast<PerCpuAllocation<u64> &&>(b);
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(b));
	KPCPU_EXPECT_EQ(test, c.percpu_address(), slots);
	/* c frees the block; the runner's percpu leak check sees it. */
}

namespace {
struct Bytes24 {
	u64 a, b, c;
};
struct alignas(64) Aligned64 {
	u64 x;
};
} // namespace

extern "C" void kpcpu_test_footprint(struct kunit *test)
{
	static_assert(sizeof(DynamicPerCpu<u64>) <= 2 * sizeof(void *),
		      "a DynamicPerCpu handle is at most two pointers");
	static_assert(sizeof(Bytes24) == 24);
	KPCPU_EXPECT_EQ(test, sizeof(DynamicPerCpu<Aligned64>), 2 * sizeof(void *));

	kpcpu_printk(KPCPU_KERN_INFO "footprint: sizeof(DynamicPerCpu<T>)=%zu\n",
		     sizeof(DynamicPerCpu<u64>));
	kpcpu_printk(KPCPU_KERN_INFO "footprint: per-CPU bytes: u8=%zu u64=%zu struct24=%zu "
				     "aligned64=%zu (%s; without debug checks %zu/%zu/%zu/%zu)\n",
		     sizeof(Slot<u8>), sizeof(Slot<u64>), sizeof(Slot<Bytes24>),
		     sizeof(Slot<Aligned64>),
		     config::debug_checks ? "debug checks on: one flag byte, padded" : "no debug checks",
		     sizeof(u8), sizeof(u64), sizeof(Bytes24), sizeof(Aligned64));
	/* The allocation really is that size and alignment. */
	auto lines = PerCpuAllocation<Aligned64>::zeroed(gfp::kernel);
	if (KPCPU_EXPECT_TRUE(test, static_cast<bool>(lines)))
		KPCPU_EXPECT_EQ(test, reinterpret_cast<unsigned long>(lines.percpu_address()) % 64, 0ul);
}

namespace {

/* Bigger than the 40 bytes below the stack canary at %gs:0x28. */
struct Big {
	u64 words[8];
	using kpcpu_zeroable = void;
};

constexpr unsigned int low_area_bytes = 128;

/*
 * On x86_64 the first bytes of this CPU's per-CPU area, where an empty
 * handle's offset 0 would land (the stack canary lives at 0x28): they must
 * not change. On arm64 a per-CPU address is not zero-based: offset 0 plus
 * this CPU's base is no mapped memory (reading it oopses, seen on
 * test-arm64), so there an access through an empty handle would oops the
 * run, which the runner fails on; nothing to snapshot.
 * Precondition: the caller holds a guard.
 */
void snapshot_low_area(u8 *copy)
{
#ifdef CONFIG_X86_64
	// Safe because the caller's guard keeps this CPU's area this CPU's.
	const u8 *area = reinterpret_cast<const u8 *>(arch::this_cpu_offset());

	for (unsigned int i = 0; i < low_area_bytes; i++)
		copy[i] = __atomic_load_n(&area[i], __ATOMIC_RELAXED);
#else
	for (unsigned int i = 0; i < low_area_bytes; i++)
		copy[i] = 0;
#endif
}

bool low_area_unchanged(const u8 *before)
{
	u8 now[low_area_bytes];

	snapshot_low_area(now);
	for (unsigned int i = 0; i < low_area_bytes; i++)
		if (now[i] != before[i])
			return false;
	return true;
}

/*
 * Every access of an empty u64 handle: none may run a callable or touch
 * memory, each has a defined result, and each is reported once. Returns
 * the number of reported uses; *ok is false at the first wrong result.
 */
unsigned long use_empty_u64(const DynamicPerCpu<u64> &empty, const CpuGuard &guard, bool *ok)
{
	bool ran = false;
	auto n = empty.num();

	*ok = !empty && empty.use_count() == 0;
	*ok &= empty.get(guard).with([&](u64 &v) {
		ran = true;
		v = 1;
		return 7;
	}) == 0;
	empty.get(guard).with([&](u64 &v) { ran = true; v = 2; });
	*ok &= !ran;
	*ok &= n.read() == 0 && n.read(guard) == 0;
	n.write(5);
	n.write(5, guard);
	n.add(3);
	n.add(opaque(3ull), guard);
	n.sub(1);
	n.inc();
	n.dec(guard);
	n.bit_or(0xff);
	n.bit_and(1, guard);
	*ok &= n.add_return(9) == 0 && n.sub_return(9, guard) == 0;
	*ok &= n.xchg(4) == 0 && n.xchg(4, guard) == 0;
	*ok &= n.cmpxchg(0, 6) == 0 && n.cmpxchg(8, 6, guard) == 0;
	*ok &= empty.ptr().percpu_address() == nullptr && !empty.ptr();
	*ok &= empty.ptr().this_cpu(guard) == nullptr;
	*ok &= empty.remote_ptr(0) == nullptr;
	*ok &= sum(empty) == 0;
	/* 2 tokens, 2 reads, 9 changes, 2 + 2 + 2 returns, this_cpu, remote, sum */
	return 2 + 2 + 9 + 6 + 3;
}

} // namespace

extern "C" void kpcpu_test_empty_handles_touch_nothing(struct kunit *test)
{
	auto moved_from = DynamicPerCpu<u64>::zeroed(gfp::kernel);
	DynamicPerCpu<u64> owner(static_cast<DynamicPerCpu<u64> &&>(moved_from));
	kpcpu_fault_inject_alloc(1);
	auto failed = DynamicPerCpu<u64>::zeroed(gfp::kernel);
	kpcpu_fault_inject_alloc(0);
	auto reset = DynamicPerCpu<u64>::zeroed(gfp::kernel);
	reset = DynamicPerCpu<u64>();
	DynamicPerCpu<u64> never;
	DynamicPerCpu<Big> big_empty;
	if (!KPCPU_EXPECT_TRUE(test, static_cast<bool>(owner)))
		return;

	CpuGuard guard;
	u8 before[low_area_bytes];
	unsigned long reports = kpcpu_debug_reports();
	unsigned long expected = 0;
	bool ok = false;

	snapshot_low_area(before);
	expected += use_empty_u64(never, guard, &ok);
	KPCPU_EXPECT_TRUE(test, ok);
	expected += use_empty_u64(moved_from, guard, &ok);
	KPCPU_EXPECT_TRUE(test, ok);
	expected += use_empty_u64(failed, guard, &ok);
	KPCPU_EXPECT_TRUE(test, ok);
	expected += use_empty_u64(reset, guard, &ok);
	KPCPU_EXPECT_TRUE(test, ok);

	/* A 64-byte T written whole through a token: would cover the canary. */
	bool ran = false;
	big_empty.get(guard).with([&](Big &b) {
		ran = true;
		for (u64 &w : b.words)
			w = ~0ull;
	});
	KPCPU_EXPECT_FALSE(test, ran);
	expected++;

	KPCPU_EXPECT_TRUE(test, low_area_unchanged(before));
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + expected);
	/* The valid handle still works, and was not touched by any of this. */
	KPCPU_EXPECT_EQ(test, owner.num().read(), 0ull);
	owner.num().add(2);
	KPCPU_EXPECT_EQ(test, *owner.remote_ptr(guard.cpu()), 2ull);
}
