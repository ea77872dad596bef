// SPDX-License-Identifier: GPL-2.0
/*
 * C++ bodies of the kpcpu_interrupt KUnit suite: the task borrows a per-CPU
 * value while a hard-irq timer on the same CPU (interrupt_test.c) tries to
 * borrow it too. What the interrupt finds is counted in the interrupt and
 * checked by the task once the timer is stopped; every case also checks that
 * it was not vacuous: some interrupts did land while the task held the
 * borrow (they were refused), and some did not (they were granted).
 *
 * Meant to run with QEMU -singlestep, so that an interrupt can land between
 * any two instructions (see interrupt_test.c).
 */
#include <kpcpu/kpcpu.h>
#include <kpcpu_kunit.h>

#include "interrupt_test.h"

using namespace kpcpu;
using kpcpu::kunit_bridge::load;
using kpcpu::kunit_bridge::opaque;
using kpcpu::kunit_bridge::store;

namespace {

/* Re-armed this often (at most once per tick without high-resolution timers). */
constexpr unsigned int timer_period_ns = 5000;

/* Only the interrupt writes these counters; the task reads them. */
template <typename T>
void bump(T &v)
{
	store(v, load(v) + 1);
}

/* Keeps the compiler from merging or dropping a spin loop's iterations. */
[[gnu::always_inline]] inline void compiler_barrier()
{
	asm volatile("" ::: "memory");
}

/* ---- RefCell borrowed by the task, wanted by the interrupt ---- */

/*
 * Consistent only between updates: check is a hash of a, b and n, and n
 * counts the updates. An update writes all four fields.
 */
struct Pair {
	u64 a;
	u64 b;
	u64 n;
	u64 check;
};

constexpr u64 pair_hash(u64 a, u64 b, u64 n)
{
	return (a * 0x9e3779b97f4a7c15ull ^ b) * 0xbf58476d1ce4e5b9ull + n;
}

constexpr Pair pair_start{1, 2, 0, pair_hash(1, 2, 0)};

bool pair_consistent(const Pair &p)
{
	return p.check == pair_hash(p.a, p.b, p.n);
}

KPCPU_DEFINE_PER_CPU(RefCell<Pair>, irq_pairs, RefCell<Pair>(pair_start));

struct RefCellRun {
	bool active;               /* set by the task: the interrupt borrows only then */
	unsigned long granted;     /* the interrupt's try_borrow_mut() succeeded */
	unsigned long refused;     /* it came back empty: the task held the borrow */
	unsigned long violations;  /* granted, and the value was half updated */
	unsigned long task_refused; /* the task's borrow_mut() came back empty */
};

/*
 * One update by the task, the shape the old RefCell got wrong: out of line,
 * so every call loads the value afresh and the interrupt's updates are seen.
 */
[[gnu::noinline]] void task_update(const RefCell<Pair> &cell, u64 x, RefCellRun &run)
{
	auto w = cell.borrow_mut();

	if (!w) {
		run.task_refused++;
		return;
	}
	w->a = 3 * w->a + x;
	w->b += w->a;
	w->n++;
	w->check = pair_hash(w->a, w->b, w->n);
}

bool refcell_interrupt(void *arg)
{
	auto &run = *static_cast<RefCellRun *>(arg);
	CpuGuard guard;

	if (!load(run.active))
		return true;
	irq_pairs.get_checked(guard).with([&](const RefCell<Pair> &cell) {
		auto w = cell.try_borrow_mut();

		if (!w) {
			bump(run.refused);
			return;
		}
		bump(run.granted);
		if (!pair_consistent(*w))
			bump(run.violations);
		w->a = 3 * w->a + 1;
		w->b += w->a;
		w->n++;
		w->check = pair_hash(w->a, w->b, w->n);
	});
	return true;
}

/* This CPU's pair, read by the task while no update runs. */
Pair pair_snapshot()
{
	CpuGuard guard;
	Pair p{};

	irq_pairs.get_checked(guard).with([&](const RefCell<Pair> &cell) {
		if (auto r = cell.try_borrow())
			p = *r;
	});
	return p;
}

/* ---- tokens lent by the task, wanted by the interrupt ---- */

KPCPU_DEFINE_PER_CPU(long, irq_lent_long, 0);
KPCPU_DEFINE_PER_CPU(Cell<long>, irq_lent_cell, Cell<long>(0));

/* Who holds which token on the variable, and which one the interrupt asks for. */
enum class Overlap {
	exclusive_vs_exclusive, /* task: irq_lent_long.get(); interrupt: the same */
	exclusive_vs_shared,    /* task: irq_lent_cell.get(); interrupt: get_checked() */
	shared_vs_exclusive,    /* task: irq_lent_cell.get_checked(); interrupt: get() */
	shared_vs_shared,       /* task and interrupt: get_checked(), allowed */
};

/*
 * Each refusal prints a line: after this many, the interrupt tries only
 * while the task is outside its f (where a refusal is rare: the loan's
 * edges), and after twice as many not at all.
 */
constexpr unsigned long refusal_limit = 15;

struct TokenRun {
	Overlap overlap;
	bool task_in_body;          /* set and cleared by the task's f, inside its loan */
	/* The interrupt's attempts, by whether the task was inside its f: */
	unsigned long overlapped_refused;
	unsigned long overlapped_ran;
	unsigned long free_refused; /* lent, but f not entered yet or just left */
	unsigned long free_ran;
	unsigned long reports;      /* kpcpu_debug_reports() increase during attempts */
	unsigned long ran_but_reported;
	unsigned long result_mismatch; /* with()'s result disagrees with whether f ran */
	unsigned long task_refused; /* the task's with() did not run its f */
	unsigned long task_saw_write; /* the interrupt wrote the value under the task's exclusive loan */
};

unsigned long refusals(const TokenRun &run)
{
	return load(run.overlapped_refused) + load(run.free_refused);
}

bool token_interrupt(void *arg)
{
	auto &run = *static_cast<TokenRun *>(arg);

	bool overlapped = load(run.task_in_body);

	/* Not trying, it still fires: the task's loop watches the counts and the clock. */
	if (refusals(run) >= 2 * refusal_limit || (overlapped && refusals(run) >= refusal_limit))
		return true;
	unsigned long reports = kpcpu_debug_reports();
	bool f_ran = false;
	bool returned = false;
	{
		CpuGuard guard;

		switch (run.overlap) {
		case Overlap::exclusive_vs_exclusive:
			returned = irq_lent_long.get(guard).with([&](long &v) {
				v += 1000;
				f_ran = true;
				return true;
			});
			break;
		case Overlap::shared_vs_exclusive:
			returned = irq_lent_cell.get(guard).with([&](Cell<long> &c) {
				c.set(c.get() + 1000);
				f_ran = true;
				return true;
			});
			break;
		case Overlap::exclusive_vs_shared:
		case Overlap::shared_vs_shared:
			returned = irq_lent_cell.get_checked(guard).with([&](const Cell<long> &c) {
				c.set(c.get() + 1000);
				f_ran = true;
				return true;
			});
			break;
		}
	}
	unsigned long reported = kpcpu_debug_reports() - reports;

	store(run.reports, load(run.reports) + reported);
	if (returned != f_ran)
		bump(run.result_mismatch);
	if (f_ran && reported)
		bump(run.ran_but_reported);
	if (overlapped)
		bump(f_ran ? run.overlapped_ran : run.overlapped_refused);
	else
		bump(f_ran ? run.free_ran : run.free_refused);
	return true;
}

/* Iterations of the task's spin inside its loan, and again outside it. */
constexpr unsigned int body_spins = 400;

/* The task's exclusive body: the interrupt must not write v while it runs. */
template <typename Read>
void exclusive_body(TokenRun &run, Read read)
{
	store(run.task_in_body, true);
	long before = read();
	for (unsigned int i = 0; i < body_spins; i++)
		compiler_barrier();
	if (read() != before)
		run.task_saw_write++;
	store(run.task_in_body, false);
}

void token_task_round(TokenRun &run, const CpuGuard &guard)
{
	bool ran = false;

	switch (run.overlap) {
	case Overlap::exclusive_vs_exclusive:
		ran = irq_lent_long.get(guard).with([&](long &v) {
			exclusive_body(run, [&] { return load(v); });
			return true;
		});
		break;
	case Overlap::exclusive_vs_shared:
		ran = irq_lent_cell.get(guard).with([&](Cell<long> &c) {
			exclusive_body(run, [&] { return c.get(); });
			return true;
		});
		break;
	case Overlap::shared_vs_exclusive:
	case Overlap::shared_vs_shared:
		ran = irq_lent_cell.get_checked(guard).with([&](const Cell<long> &c) {
			(void)c;
			store(run.task_in_body, true);
			for (unsigned int i = 0; i < body_spins; i++)
				compiler_barrier();
			store(run.task_in_body, false);
			return true;
		});
		break;
	}
	if (!ran)
		run.task_refused++;
	for (unsigned int i = 0; i < body_spins; i++)
		compiler_barrier();
}

/*
 * Guest time each phase of the token case may take at most. A phase ends
 * as soon as it has seen enough of both kinds of interrupt (well under a
 * second normally); the cap is generous because guest time runs on while
 * a loaded host does not run the guest, and a phase cut short by it would
 * have seen too few interrupts to check anything (it failed once so).
 */
constexpr u64 token_phase_ns = 4000ull * 1000 * 1000;

/* What one phase saw, for the case's summary line. */
struct PhaseSummary {
	unsigned long in_f_refused, in_f_ran, outside_ran, outside_refused, task_saw_write;
	u64 ms;
};

/* @ok: no expectation has failed yet; the phase checks only while that holds. */
PhaseSummary token_phase(struct kunit *test, Overlap overlap, bool &ok)
{
	TokenRun run{};
	bool refusals_expected = overlap != Overlap::shared_vs_shared;

	run.overlap = overlap;
	u64 start = kpcpu_kunit_now_ns();
	int cpu = kpcpu_irq_timer_start(token_interrupt, &run, timer_period_ns);
	if (!KPCPU_EXPECT_GE(test, cpu, 0)) {
		ok = false;
		return {};
	}
	unsigned long reports = kpcpu_debug_reports();
	/* Until enough of both kinds of attempt, or the phase's time is up. */
	while (kpcpu_kunit_now_ns() - start < token_phase_ns) {
		if (load(run.free_ran) >= 10 &&
		    (refusals_expected ? refusals(run) >= refusal_limit : load(run.overlapped_ran) >= 10))
			break;
		CpuGuard guard; /* for a few rounds: preemption is not off for long */

		if (!KPCPU_EXPECT_EQ(test, (int)guard.cpu(), cpu)) { /* pinned by the timer's start */
			ok = false;
			break;
		}
		for (int i = 0; i < 16; i++)
			token_task_round(run, guard);
	}
	kpcpu_irq_timer_stop();
	PhaseSummary summary = {run.overlapped_refused, run.overlapped_ran, run.free_ran,
				run.free_refused, run.task_saw_write,
				(kpcpu_kunit_now_ns() - start) / 1000000};
	unsigned long reported = kpcpu_debug_reports() - reports;
	unsigned long refused = refusals(run);

	/*
	 * Bookkeeping, in the case's one && chain (the first failure stops it:
	 * a case's KUnit log holds 512 bytes); the case checks what the phase saw.
	 */
	ok = ok && KPCPU_EXPECT_EQ(test, kpcpu_irq_timer_misplaced(), 0ul) &&
	     KPCPU_EXPECT_EQ(test, run.task_refused, 0ul) &&
	     KPCPU_EXPECT_EQ(test, run.result_mismatch, 0ul) &&
	     KPCPU_EXPECT_EQ(test, run.ran_but_reported, 0ul) &&
	     /* Every report came from a refused interrupt, one each. */
	     KPCPU_EXPECT_EQ(test, reported, refused) && KPCPU_EXPECT_EQ(test, run.reports, refused);
	return summary;
}

/* ---- PerCpuCounter::add from the task and from an interrupt on its CPU ---- */

struct CounterRun {
	PerCpuCounter *counter;
	s32 batch;
	unsigned long fired; /* written by the interrupt only */
};

constexpr s64 interrupt_amount = 5;

bool counter_interrupt(void *arg)
{
	auto &run = *static_cast<CounterRun *>(arg);

	run.counter->add(interrupt_amount, run.batch);
	bump(run.fired);
	return true;
}

/* ---- PerCpuRef get/put from the task and from an interrupt on its CPU ---- */

int ref_releases;

void count_release(PerCpuRef &)
{
	__atomic_fetch_add(&ref_releases, 1, __ATOMIC_RELAXED);
}

struct RefRun {
	PerCpuRef *ref;
	unsigned long fired; /* written by the interrupt only */
};

bool ref_interrupt(void *arg)
{
	auto &run = *static_cast<RefRun *>(arg);

	/*
	 * Taken and kept (the task drops them later): a get that a plain
	 * read-modify-write of the task's overwrote would be missing. (A get
	 * and a put here would cancel out and hide it.)
	 */
	if (auto held = run.ref->tryget_live()) {	/* live until the task's kill() */
		(void)held.leak();
		bump(run.fired);
	}
	return true;
}

} // namespace

extern "C" void kpcpu_test_refcell_borrow_from_interrupt(struct kunit *test)
{
	constexpr u64 budget_ns = 2000ull * 1000 * 1000;
	RefCellRun run{};
	u64 start = kpcpu_kunit_now_ns();
	int cpu = kpcpu_irq_timer_start(refcell_interrupt, &run, timer_period_ns);

	if (!KPCPU_EXPECT_GE(test, cpu, 0))
		return;
	Pair before = pair_snapshot();
	u64 task_updates = 0;

	store(run.active, true); /* after the snapshot: every update since is counted */
	while (kpcpu_kunit_now_ns() - start < budget_ns) {
		CpuGuard guard; /* for one chunk: preemption is not off for seconds */

		if (!KPCPU_EXPECT_EQ(test, (int)guard.cpu(), cpu)) /* pinned by the timer's start */
			break;
		irq_pairs.get_checked(guard).with([&](const RefCell<Pair> &cell) {
			for (u64 i = 1; i <= 256; i++)
				task_update(cell, i, run);
		});
		task_updates += 256;
	}
	kpcpu_irq_timer_stop();
	u64 elapsed = kpcpu_kunit_now_ns() - start;
	Pair after = pair_snapshot();

	unsigned long violations = run.violations, refused = run.refused, granted = run.granted;
	/* Updates by the task and by the interrupt that are not in n. */
	u64 lost = task_updates - run.task_refused + granted - (after.n - before.n);

	/* && chains: the first failure is enough (a case's KUnit log holds 512 bytes). */
	(void)(KPCPU_EXPECT_EQ(test, kpcpu_irq_timer_misplaced(), 0ul) &&
	       KPCPU_EXPECT_EQ(test, run.task_refused, 0ul) &&
	       KPCPU_EXPECT_TRUE(test, pair_consistent(before) && pair_consistent(after)));
	/* No interrupt saw the task's update half done, and no update was lost. */
	(void)(KPCPU_EXPECT_EQ(test, violations, 0ul) && KPCPU_EXPECT_EQ(test, lost, 0ull));
	/* Not vacuous: interrupts landed inside the task's borrow, and outside it. */
	(void)(KPCPU_EXPECT_GT(test, refused, 0ul) && KPCPU_EXPECT_GT(test, granted, 0ul));
	kpcpu_kunit_info(test, "%llu task updates in %llu ms; %lu interrupts: %lu refused, %lu granted, %lu saw a half-done update; %llu updates lost",
		       task_updates, elapsed / 1000000, kpcpu_irq_timer_calls(), refused, granted,
		       violations, lost);
}

extern "C" void kpcpu_test_token_lent_to_interrupt_refused(struct kunit *test)
{
	if constexpr (!config::debug_checks)
		return kpcpu_kunit_skip(test, kunit_bridge::debug_checks_off);
	/* Who holds what: the task's token, then the interrupt's. */
	bool ok = true;
	PhaseSummary exclusive_exclusive = token_phase(test, Overlap::exclusive_vs_exclusive, ok);
	PhaseSummary exclusive_shared = token_phase(test, Overlap::exclusive_vs_shared, ok);
	PhaseSummary shared_exclusive = token_phase(test, Overlap::shared_vs_exclusive, ok);
	PhaseSummary shared_shared = token_phase(test, Overlap::shared_vs_shared, ok);

	/*
	 * In each phase no interrupt that landed in the task's f ran its own,
	 * and none wrote the value under the task's exclusive loan; not
	 * vacuous: some did land there, and some ran outside it. One && chain:
	 * the first failure stops it (two reports fill a case's 512-byte KUnit
	 * log); the summary line below shows every phase.
	 */
	(void)(ok && KPCPU_EXPECT_EQ(test, exclusive_exclusive.in_f_ran, 0ul) &&
	       KPCPU_EXPECT_EQ(test, exclusive_exclusive.task_saw_write, 0ul) &&
	       KPCPU_EXPECT_GT(test, exclusive_exclusive.in_f_refused, 0ul) &&
	       KPCPU_EXPECT_GT(test, exclusive_exclusive.outside_ran, 0ul) &&
	       KPCPU_EXPECT_EQ(test, exclusive_shared.in_f_ran, 0ul) &&
	       KPCPU_EXPECT_EQ(test, exclusive_shared.task_saw_write, 0ul) &&
	       KPCPU_EXPECT_GT(test, exclusive_shared.in_f_refused, 0ul) &&
	       KPCPU_EXPECT_GT(test, exclusive_shared.outside_ran, 0ul) &&
	       KPCPU_EXPECT_EQ(test, shared_exclusive.in_f_ran, 0ul) &&
	       KPCPU_EXPECT_GT(test, shared_exclusive.in_f_refused, 0ul) &&
	       KPCPU_EXPECT_GT(test, shared_exclusive.outside_ran, 0ul) &&
	       /* Shared with shared is allowed, also from an interrupt. */
	       KPCPU_EXPECT_GT(test, shared_shared.in_f_ran, 0ul) &&
	       KPCPU_EXPECT_EQ(test, shared_shared.in_f_refused + shared_shared.outside_refused, 0ul) &&
	       KPCPU_EXPECT_GT(test, shared_shared.outside_ran, 0ul));

	const PhaseSummary &ee = exclusive_exclusive, &es = exclusive_shared, &se = shared_exclusive,
			   &ss = shared_shared;
	kpcpu_kunit_info(test, "interrupts in the task's f refused/ran, outside ran/refused: excl-excl %lu/%lu %lu/%lu, excl-shared %lu/%lu %lu/%lu, shared-excl %lu/%lu %lu/%lu, shared-shared %lu/%lu %lu/%lu; %llu ms",
		       ee.in_f_refused, ee.in_f_ran, ee.outside_ran, ee.outside_refused,
		       es.in_f_refused, es.in_f_ran, es.outside_ran, es.outside_refused,
		       se.in_f_refused, se.in_f_ran, se.outside_ran, se.outside_refused,
		       ss.in_f_refused, ss.in_f_ran, ss.outside_ran, ss.outside_refused,
		       ee.ms + es.ms + se.ms + ss.ms);
}

/*
 * PerCpuCounter's fast path (a read, then a cmpxchg that stores only if the
 * local count is still what was read) against a timer on the same CPU that
 * adds too: under QEMU -singlestep an interrupt lands between any two
 * instructions, so one between the read and the store would lose an update
 * if the store were a plain write. A large batch keeps both on the fast
 * path; a batch of 64 mixes in the slow path's fold.
 */
extern "C" void kpcpu_test_counter_add_from_task_and_interrupt(struct kunit *test)
{
	constexpr u64 budget_ns = 2000ull * 1000 * 1000;
	constexpr s32 batches[] = {1 << 20, 64};

	for (s32 batch : batches) {
		PerCpuCounter counter;

		if (!KPCPU_EXPECT_EQ(test, counter.init(0, gfp::kernel), 0))
			return;
		CounterRun run{&counter, batch, 0};
		s64 task_total = 0;
		u64 start = kpcpu_kunit_now_ns();
		int cpu = kpcpu_irq_timer_start(counter_interrupt, &run, timer_period_ns);

		if (!KPCPU_EXPECT_GE(test, cpu, 0))
			return;
		/* Until enough interrupts landed, or the time is up. */
		while (load(run.fired) < 200 && kpcpu_kunit_now_ns() - start < budget_ns) {
			for (int i = 0; i < 64; i++) {
				counter.add(opaque(s64{1}), batch);	/* a value in a register */
				counter.add(3, batch);			/* a constant */
				task_total += 4;
			}
		}
		kpcpu_irq_timer_stop();
		s64 expected = task_total + interrupt_amount * static_cast<s64>(run.fired);
		s64 sum = counter.sum();

		kpcpu_kunit_info(test, "batch %d: %lld from the task, %lu interrupts, sum %lld (expected %lld)",
			       batch, task_total, run.fired, sum, expected);
		if (!(KPCPU_EXPECT_EQ(test, kpcpu_irq_timer_misplaced(), 0ul) &&
		      KPCPU_EXPECT_GT(test, run.fired, 0ul) && KPCPU_EXPECT_EQ(test, sum, expected)))
			return;
	}
}

/*
 * PerCpuRef's per-CPU mode: a get or put is one %gs-relative add inside the
 * read-side section. A timer on the task's CPU takes references (and keeps
 * them) while the task takes and drops its own (under -singlestep, between
 * any two of its instructions); the task then drops the timer's. Then it
 * kills the ref while it still holds one: once
 * the switch to atomic mode is done (rcu_barrier()) the count must be
 * exactly that one - not released yet - and dropping it releases, once. A
 * lost get releases early (or underflows, a WARN); a lost put never releases.
 */
extern "C" void kpcpu_test_ref_get_put_from_task_and_interrupt(struct kunit *test)
{
	constexpr u64 budget_ns = 2000ull * 1000 * 1000;
	PerCpuRef ref;

	__atomic_store_n(&ref_releases, 0, __ATOMIC_RELAXED);
	if (!KPCPU_EXPECT_EQ(test, ref.init<count_release>(gfp::kernel), 0))
		return;
	RefRun run{&ref, 0};
	unsigned long task_pairs = 0;
	u64 start = kpcpu_kunit_now_ns();
	int cpu = kpcpu_irq_timer_start(ref_interrupt, &run, timer_period_ns);

	if (!KPCPU_EXPECT_GE(test, cpu, 0))
		return;
	while (load(run.fired) < 200 && kpcpu_kunit_now_ns() - start < budget_ns) {
		for (int i = 0; i < 64; i++) {
			PerCpuRef::Ref held = ref.get();
			task_pairs++;
		}
	}
	kpcpu_irq_timer_stop();
	for (unsigned long i = 0; i < run.fired; i++)
		ref.put();	/* the references the interrupts took */
	PerCpuRef::Ref last = ref.get();
	ref.kill();
	rcu_barrier();	/* the switch to atomic mode has summed every CPU's count */
	int before_last_put = __atomic_load_n(&ref_releases, __ATOMIC_RELAXED);

	last.reset();
	int after_last_put = __atomic_load_n(&ref_releases, __ATOMIC_RELAXED);

	kpcpu_kunit_info(test, "%lu get/put pairs from the task, %lu from interrupts; released %d before the last put, %d after",
		       task_pairs, run.fired, before_last_put, after_last_put);
	(void)(KPCPU_EXPECT_EQ(test, kpcpu_irq_timer_misplaced(), 0ul) &&
	       KPCPU_EXPECT_GT(test, run.fired, 0ul) && KPCPU_EXPECT_EQ(test, before_last_put, 0) &&
	       KPCPU_EXPECT_EQ(test, after_last_put, 1));
}
