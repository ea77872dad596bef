// SPDX-License-Identifier: GPL-2.0
/*
 * C++ bodies of the kpcpu_core KUnit suite: every public operation of the
 * core API, checked against the kernel's own answers (core_test.c) and
 * against values written on the other CPU.
 */
#include <kpcpu/kpcpu.h>
#include <kpcpu_kunit.h>

#include "core_test.h"

using namespace kpcpu;

/*
 * A per-CPU variable the kernel's C defines, whose value on each CPU the C
 * side can tell: on x86_64 this_cpu_off (the CPU's per-CPU offset, as C's
 * per_cpu_offset() has it), on arm64 cpu_number (the CPU's number).
 */
#ifdef CONFIG_X86_64
KPCPU_EXTERN_PER_CPU(unsigned long, this_cpu_off, kernel_identity);
static unsigned long kernel_identity_of(unsigned int cpu)
{
	return kpcpu_test_per_cpu_offset(cpu);
}
#else
KPCPU_EXTERN_PER_CPU(int, cpu_number, kernel_identity);
static int kernel_identity_of(unsigned int cpu)
{
	return static_cast<int>(cpu);
}
#endif
KPCPU_EXTERN_PER_CPU(long, kpcpu_test_c_percpu, c_percpu);
KPCPU_DECLARE_PER_CPU(long, kpcpu_test_shared_counter);

namespace {

KPCPU_DEFINE_PER_CPU(long, initial_seven, 7);
KPCPU_DEFINE_PER_CPU(long, slots, 0);
KPCPU_DEFINE_PER_CPU(long, nested, 0);
KPCPU_DEFINE_PER_CPU(Cell<u64>, cells, Cell<u64>(0));
KPCPU_DEFINE_PER_CPU(Cell<u64>, mixed, Cell<u64>(0));
KPCPU_DEFINE_PER_CPU(RefCell<u64>, refcells, RefCell<u64>(100));
KPCPU_DEFINE_PER_CPU(u64, ipi_counts, 0);
KPCPU_DEFINE_PER_CPU(s32, signed_sum, -5);
KPCPU_DEFINE_PER_CPU(u8, unsigned_sum, 250);

struct alignas(64) CacheLine {
	long a;
	int b;
};
KPCPU_DEFINE_PER_CPU(CacheLine, lines, 3, 4);

/* Runs fn(cpu) for each online CPU, on that CPU, and waits. */
template <typename Fn>
void on_each_online_cpu(Fn fn)
{
	on_each_cpu([&](const CpuGuard &guard) { fn(guard); });
}

} // namespace

/*
 * A guard moves the preempt count exactly as the kernel's preempt_disable()
 * does: by one, or - without CONFIG_PREEMPT_COUNT (test-6.1-lean), where
 * preempt_disable() is only a compiler barrier - not at all.
 */
extern "C" void kpcpu_test_guard_preempt_count(struct kunit *test)
{
	unsigned int before = kunit_bridge::preempt_count_raw();
	unsigned int step = kpcpu_test_preempt_disable_step();

	KPCPU_EXPECT_EQ(test, (int)before, kpcpu_test_preempt_count());
#ifdef CONFIG_PREEMPT_COUNT
	KPCPU_EXPECT_EQ(test, step, 1u);
#else
	KPCPU_EXPECT_EQ(test, step, 0u);
#endif
	{
		CpuGuard outer;

		KPCPU_EXPECT_EQ(test, kunit_bridge::preempt_count_raw(), before + step);
		KPCPU_EXPECT_EQ(test, kpcpu_test_preempt_count(), (int)(before + step));
		{
			CpuGuard inner;

			KPCPU_EXPECT_EQ(test, kunit_bridge::preempt_count_raw(), before + 2 * step);
		}
		KPCPU_EXPECT_EQ(test, kunit_bridge::preempt_count_raw(), before + step);
	}
	KPCPU_EXPECT_EQ(test, kunit_bridge::preempt_count_raw(), before);
}

extern "C" void kpcpu_test_guard_cpu_matches_kernel(struct kunit *test)
{
	for (int round = 0; round < 100; round++) {
		CpuGuard guard;
		unsigned int mine = guard.cpu();
		int kernel = kpcpu_test_smp_processor_id();
		// The kernel's own per-CPU variable, read as C++ reads any that
		// C defines.
		auto identity = kernel_identity.read(guard);

		if (!KPCPU_EXPECT_EQ(test, (int)mine, kernel) ||
		    !KPCPU_EXPECT_EQ(test, identity, kernel_identity_of(mine)))
			return;
	}
}

extern "C" void kpcpu_test_static_initial_value_every_cpu(struct kunit *test)
{
	unsigned int cpus = 0;

	for (unsigned int cpu : possible_cpus()) {
		long value = *initial_seven.remote_ptr(cpu);

		KPCPU_EXPECT_EQ(test, value, 7);
		cpus++;
	}
	KPCPU_EXPECT_EQ(test, cpus, kpcpu_test_num_possible_cpus());
}

extern "C" void kpcpu_test_token_this_cpu_and_remote(struct kunit *test)
{
	for (unsigned int cpu : possible_cpus())
		*slots.remote_ptr(cpu) = -1;

	/* Each CPU writes its own slot through a token; with() returns f's result. */
	long returned[CONFIG_NR_CPUS] = {};
	on_each_online_cpu([&](const CpuGuard &guard) {
		unsigned int cpu = guard.cpu();

		returned[cpu] = slots.get(guard).with([cpu](long &v) {
			v = 100 * cpu + 1;
			return v + 1000;
		});
	});

	unsigned int checked = 0;
	for (unsigned int cpu : online_cpus()) {
		long remote = *slots.remote_ptr(cpu);

		KPCPU_EXPECT_EQ(test, remote, 100l * cpu + 1);
		KPCPU_EXPECT_EQ(test, returned[cpu], 100l * cpu + 1001);
		checked++;
	}
	KPCPU_EXPECT_GE(test, checked, 2u);

	/* Read back on this CPU, through the token and through this_cpu(). */
	CpuGuard guard;
	long expected = 100l * guard.cpu() + 1;
	long via_token = slots.get(guard).with([](long &v) { return v; });
	long via_ptr = *slots.ptr().this_cpu(guard);
	KPCPU_EXPECT_EQ(test, via_token, expected);
	KPCPU_EXPECT_EQ(test, via_ptr, expected);
}

extern "C" void kpcpu_test_percpu_ptr_accessors(struct kunit *test)
{
	PerCpuPtr<long> p = slots.ptr();
	unsigned long reports = kpcpu_debug_reports();

	KPCPU_EXPECT_TRUE(test, static_cast<bool>(p));
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(PerCpuPtr<long>()));
	KPCPU_EXPECT_EQ(test, p.remote_ptr(nr_cpu_ids), nullptr);
	KPCPU_EXPECT_EQ(test, p.remote_ptr(~0u), nullptr);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 2);
	KPCPU_EXPECT_EQ(test, p.remote_ptr(0), p.unchecked_remote_ptr(0));

	CpuGuard guard;
	long *mine = p.this_cpu(guard);
	KPCPU_EXPECT_EQ(test, mine, p.unchecked_this_cpu_ptr());
	KPCPU_EXPECT_EQ(test, mine, p.remote_ptr(guard.cpu()));
	/* Distinct CPUs have distinct slots. */
	KPCPU_EXPECT_NE(test, p.unchecked_remote_ptr(0), p.unchecked_remote_ptr(1));
}

extern "C" void kpcpu_test_nested_token_detected(struct kunit *test)
{
	if constexpr (!config::debug_checks)
		return kpcpu_kunit_skip(test, kunit_bridge::debug_checks_off);

	unsigned long reports = kpcpu_debug_reports();
	bool inner_ran = true;
	CpuGuard guard;
	auto outer = nested.get(guard);

	outer.with([&](long &v) {
		v = 1;
		auto again = nested.get(guard);
		inner_ran = again.with([](long &w) {
			w = 99; /* would alias v */
			return true;
		});
	});
	KPCPU_EXPECT_FALSE(test, inner_ran);
	KPCPU_EXPECT_EQ(test, nested.get(guard).with([](long &v) { return v; }), 1);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 1);

	/* One after the other is not nesting: no report. */
	outer.with([](long &v) { v++; });
	outer.with([](long &v) { v++; });
	KPCPU_EXPECT_EQ(test, nested.get(guard).with([](long &v) { return v; }), 3);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 1);
}

/*
 * A shared (checked) token and an exclusive one on the same variable and
 * CPU, one inside the other either way round: the inner loan would alias
 * the outer one, so it is refused and reported. Shared inside shared is
 * fine (that is what interior mutability is for).
 */
extern "C" void kpcpu_test_shared_and_exclusive_tokens_detected(struct kunit *test)
{
	if constexpr (!config::debug_checks)
		return kpcpu_kunit_skip(test, kunit_bridge::debug_checks_off);

	CpuGuard guard;
	unsigned long reports = kpcpu_debug_reports();
	bool inner_ran = false;

	mixed.get_checked(guard).with([&](const Cell<u64> &shared) {
		shared.set(1);
		mixed.get(guard).with([&](Cell<u64> &exclusive) {
			inner_ran = true;
			exclusive.set(99);
		});
	});
	KPCPU_EXPECT_FALSE(test, inner_ran);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 1);

	u64 seen = mixed.get(guard).with([&](Cell<u64> &exclusive) {
		exclusive.set(2);
		return mixed.get_checked(guard).with([&](const Cell<u64> &shared) {
			inner_ran = true;
			return shared.get() + 40;
		});
	});
	KPCPU_EXPECT_FALSE(test, inner_ran);
	KPCPU_EXPECT_EQ(test, seen, 0ull); /* refused: R{} */
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 2);

	/* Shared in shared, three deep: allowed, no report; the state unwinds. */
	u64 deep = mixed.get_checked(guard).with([&](const Cell<u64> &a) {
		return mixed.get_checked(guard).with([&](const Cell<u64> &b) {
			return mixed.get_checked(guard).with([&](const Cell<u64> &c) {
				c.set(a.get() + b.get() + 1);
				return c.get();
			});
		});
	});
	KPCPU_EXPECT_EQ(test, deep, 5ull);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 2);
	/* Every loan ended: an exclusive one is granted again. */
	KPCPU_EXPECT_EQ(test, mixed.get(guard).with([](Cell<u64> &c) { return c.get(); }), 5ull);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 2);
}

extern "C" void kpcpu_test_checked_token_cell(struct kunit *test)
{
	CpuGuard guard;
	auto a = cells.get_checked(guard);
	auto b = cells.get_checked(guard); /* shared: two at once are fine */
	unsigned long reports = kpcpu_debug_reports();

	a.with([](const Cell<u64> &c) { c.set(5); });
	u64 seen = b.with([&](const Cell<u64> &c) {
		/* Nested shared use of the same slot: allowed for a Cell. */
		a.with([](const Cell<u64> &inner) { inner.set(inner.get() * 10); });
		return c.get();
	});
	KPCPU_EXPECT_EQ(test, seen, 50ull);
	KPCPU_EXPECT_EQ(test, a.with([](const Cell<u64> &c) { return c.replace(7); }), 50ull);
	KPCPU_EXPECT_EQ(test, cells.ptr().this_cpu(guard)->get(), 7ull);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports);
}

extern "C" void kpcpu_test_refcell_conflicts(struct kunit *test)
{
	CpuGuard guard;
	auto token = refcells.get_checked(guard);
	unsigned long reports = kpcpu_debug_reports();

	token.with([&](const RefCell<u64> &cell) {
		{
			auto r1 = cell.borrow();
			auto r2 = cell.borrow(); /* two shared borrows */

			KPCPU_EXPECT_TRUE(test, r1 && r2);
			KPCPU_EXPECT_EQ(test, *r1, 100ull);
			auto w = cell.borrow_mut(); /* conflicts: reported, empty */
			KPCPU_EXPECT_FALSE(test, static_cast<bool>(w));
		}
		{
			auto w = cell.borrow_mut();

			KPCPU_EXPECT_TRUE(test, static_cast<bool>(w));
			*w += 4;
			auto r = cell.borrow(); /* conflicts: reported, empty */
			KPCPU_EXPECT_FALSE(test, static_cast<bool>(r));
			KPCPU_EXPECT_FALSE(test, static_cast<bool>(cell.try_borrow_mut())); /* silent */
		}
		auto r = cell.borrow();
		KPCPU_EXPECT_EQ(test, *r, 104ull);
	});
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 2);
}

extern "C" void kpcpu_test_extern_c_percpu(struct kunit *test)
{
	for (unsigned int cpu : possible_cpus())
		kpcpu_test_c_percpu_set(cpu, 3l * cpu + 1);
	for (unsigned int cpu : possible_cpus())
		KPCPU_EXPECT_EQ(test, *c_percpu.remote_ptr(cpu), 3l * cpu + 1);

	bool agree[CONFIG_NR_CPUS] = {};
	on_each_online_cpu([&](const CpuGuard &guard) {
		agree[guard.cpu()] = c_percpu.read(guard) == kpcpu_test_c_percpu_this_cpu_read() &&
				     c_percpu.read(guard) == 3l * guard.cpu() + 1;
	});
	for (unsigned int cpu : online_cpus())
		KPCPU_EXPECT_TRUE(test, agree[cpu]);
}

extern "C" void kpcpu_test_declared_in_other_unit(struct kunit *test)
{
	CpuGuard guard;

	KPCPU_EXPECT_EQ(test, kpcpu_test_shared_counter.get(guard).with([](long &v) { return v; }), 11);
	kpcpu_test_shared_counter.get(guard).with([](long &v) { v += 5; });
	KPCPU_EXPECT_EQ(test, *kpcpu_test_shared_counter.remote_ptr(guard.cpu()), 16);
}

extern "C" void kpcpu_test_cpumask_views(struct kunit *test)
{
	KPCPU_EXPECT_EQ(test, possible_cpus().count(), kpcpu_test_num_possible_cpus());
	KPCPU_EXPECT_EQ(test, online_cpus().count(), kpcpu_test_num_online_cpus());
	KPCPU_EXPECT_EQ(test, present_cpus().count(), kpcpu_test_num_present_cpus());
	KPCPU_EXPECT_EQ(test, active_cpus().count(), kpcpu_test_num_active_cpus());
	KPCPU_EXPECT_EQ(test, online_cpus().count(), 4u); /* the runner boots 4 CPUs */

	unsigned int walked = 0, last = 0;
	for (unsigned int cpu : online_cpus()) {
		if (walked)
			KPCPU_EXPECT_GT(test, cpu, last);
		KPCPU_EXPECT_TRUE(test, possible_cpus().contains(cpu));
		KPCPU_EXPECT_TRUE(test, present_cpus().contains(cpu));
		last = cpu;
		walked++;
	}
	KPCPU_EXPECT_EQ(test, walked, online_cpus().count());
	KPCPU_EXPECT_TRUE(test, online_cpus().contains(0));
	KPCPU_EXPECT_TRUE(test, online_cpus().contains(1));
	/* Out of range is "not contained", never a WARN. */
	KPCPU_EXPECT_FALSE(test, possible_cpus().contains(nr_cpu_ids));
	KPCPU_EXPECT_FALSE(test, possible_cpus().contains(CONFIG_NR_CPUS + 100));
	KPCPU_EXPECT_EQ(test, possible_cpus().next_from(nr_cpu_ids), nr_cpu_ids);
}

namespace {
/* Static: it must outlive the calls that do not wait. */
auto count_on_this_cpu = [](const CpuGuard &guard) {
	ipi_counts.get(guard).with([](u64 &n) { n++; });
};
} // namespace

extern "C" void kpcpu_test_on_each_cpu_wait_and_nowait(struct kunit *test)
{
	for (unsigned int cpu : possible_cpus())
		*ipi_counts.remote_ptr(cpu) = 0;

	/* The Rust sample's pattern: three calls without waiting, one waiting. */
	on_each_cpu(count_on_this_cpu, Wait::no);
	on_each_cpu(count_on_this_cpu, Wait::no);
	on_each_cpu(count_on_this_cpu, Wait::no);
	on_each_cpu(count_on_this_cpu, Wait::yes);
	/* A callable that takes no guard, run with the default (waiting). */
	unsigned int ran = 0;
	on_each_cpu([&ran]() { __atomic_add_fetch(&ran, 1, __ATOMIC_RELAXED); });

	/* Every CPU has run the waiting call, and each CPU's calls run in order. */
	for (unsigned int cpu : online_cpus())
		KPCPU_EXPECT_EQ(test, *ipi_counts.remote_ptr(cpu), 4ull);
	KPCPU_EXPECT_EQ(test, ran, online_cpus().count());
}

extern "C" void kpcpu_test_sum_over_possible(struct kunit *test)
{
	s64 possible = possible_cpus().count();

	KPCPU_EXPECT_EQ(test, sum(signed_sum), -5 * possible);
	KPCPU_EXPECT_EQ(test, sum(unsigned_sum), 250ull * possible); /* u8 slots, u64 total */

	on_each_online_cpu([](const CpuGuard &guard) {
		signed_sum.get(guard).with([&](s32 &v) { v = -1000 * (s32)guard.cpu() - 1; });
	});
	s64 expected = 0;
	for (unsigned int cpu : possible_cpus())
		expected += online_cpus().contains(cpu) ? -1000 * (s64)cpu - 1 : -5;
	KPCPU_EXPECT_EQ(test, sum(signed_sum), expected);
	KPCPU_EXPECT_EQ(test, sum(signed_sum.ptr()), expected);
}

extern "C" void kpcpu_test_static_alignment_and_init(struct kunit *test)
{
	static_assert(alignof(Slot<CacheLine>) == 64);
	for (unsigned int cpu : possible_cpus()) {
		CacheLine *line = lines.remote_ptr(cpu);

		KPCPU_EXPECT_EQ(test, reinterpret_cast<unsigned long>(line) % 64, 0ul);
		KPCPU_EXPECT_EQ(test, line->a, 3);
		KPCPU_EXPECT_EQ(test, line->b, 4);
	}
	KPCPU_EXPECT_EQ(test, reinterpret_cast<unsigned long>(lines.ptr().percpu_address()) % 64, 0ul);
}
