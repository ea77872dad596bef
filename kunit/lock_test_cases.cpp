// SPDX-License-Identifier: GPL-2.0
/*
 * C++ bodies of the kpcpu_lock KUnit suite: kpcpu::IrqGuard (the interrupt
 * state it sets and restores, its use as a guard, an IPI held off while a
 * token is lent under it - and let in under a CpuGuard, the twin that shows
 * the check can fail) and kpcpu::LocalLocked (its lock's state, nesting,
 * empty objects, destruction, and kthreads plus hard-irq timers on every
 * CPU updating multi-word values under it, with exact totals).
 */
#include <kpcpu/kpcpu.h>
#include <kpcpu_kunit.h>

#include "lock_test.h"

using namespace kpcpu;
using kpcpu::kunit_bridge::opaque;
using kpcpu::kunit_bridge::load;
using kpcpu::kunit_bridge::preempt_count_raw;
using kpcpu::kunit_bridge::store;

namespace {

/* Spins until @cond() or @ns passed; whether @cond() held. */
template <typename Cond>
bool spin_until(Cond cond, unsigned long long ns)
{
	unsigned long long end = kpcpu_kunit_now_ns() + ns;

	while (!cond()) {
		if (kpcpu_kunit_now_ns() >= end)
			return cond();
		kpcpu::arch::cpu_relax();
	}
	return true;
}

constexpr unsigned long long ms = 1000 * 1000ull;

KPCPU_DEFINE_PER_CPU(long, irq_counter, 0);

} // namespace

/* IF clear under the guard, the caller's state back after it, nested or not. */
extern "C" void kpcpu_test_irq_guard_disables_and_restores(struct kunit *test)
{
	KPCPU_EXPECT_FALSE(test, kpcpu_lock_test_irqs_disabled());
	{
		IrqGuard outer;

		KPCPU_EXPECT_TRUE(test, kpcpu_lock_test_irqs_disabled());
		KPCPU_EXPECT_FALSE(test, kpcpu_lock_test_preemptible());
		KPCPU_EXPECT_EQ(test, outer.cpu(), (unsigned int)kpcpu_raw_smp_processor_id());
		{
			IrqGuard inner;

			KPCPU_EXPECT_TRUE(test, kpcpu_lock_test_irqs_disabled());
		}
		/* The inner guard found them off: it leaves them off. */
		KPCPU_EXPECT_TRUE(test, kpcpu_lock_test_irqs_disabled());
	}
	KPCPU_EXPECT_FALSE(test, kpcpu_lock_test_irqs_disabled());

	/* Inside a region the caller made with local_irq_disable(). */
	kpcpu_lock_test_irq_disable();
	{
		IrqGuard guard;

		KPCPU_EXPECT_TRUE(test, kpcpu_lock_test_irqs_disabled());
	}
	bool still_off = kpcpu_lock_test_irqs_disabled();
	kpcpu_lock_test_irq_enable();
	KPCPU_EXPECT_TRUE(test, still_off);
	KPCPU_EXPECT_FALSE(test, kpcpu_lock_test_irqs_disabled());
}

/* Every this-CPU API that takes a CpuGuard takes an IrqGuard. */
extern "C" void kpcpu_test_irq_guard_is_a_guard(struct kunit *test)
{
	auto dynamic = DynamicPerCpu<long>::zeroed(gfp::kernel);

	if (!KPCPU_EXPECT_TRUE(test, static_cast<bool>(dynamic)))
		return;
	long amount = opaque(5l);
	IrqGuard guard;
	long before = irq_counter.num().read();

	irq_counter.num().add(amount, guard);
	long *mine = irq_counter.ptr().this_cpu(guard);
	*mine += 1;
	long seen = irq_counter.get(guard).with([](long &v) { return v; });
	dynamic.num().add(amount, guard);
	long dynamic_seen = dynamic.get(guard).with([](long &v) { return v; });
	unsigned int cpu = guard.cpu();
	long remote = *irq_counter.remote_ptr(cpu);

	KPCPU_EXPECT_EQ(test, seen, before + 6);
	KPCPU_EXPECT_EQ(test, remote, before + 6);
	KPCPU_EXPECT_EQ(test, dynamic_seen, 5);
}

namespace {

/*
 * An IPI sent from another CPU to the task's CPU while the task lends its
 * copy of ipi_target under a guard: what the handler found.
 */
KPCPU_DEFINE_PER_CPU(long, ipi_target, 0);

struct IpiRun {
	long loan_active;     /* set by the task inside its loan */
	bool done;            /* the handler has run */
	bool saw_loan_active; /* ... while the task's loan was active */
	bool handler_lent;    /* ... and its with() ran its f */
	long handler_value;   /* what it read there */
	unsigned long handler_reports; /* kpcpu reports its with() made */
};

void ipi_handler(void *arg)
{
	auto &run = *static_cast<IpiRun *>(arg);
	unsigned long reports = kpcpu_debug_reports();
	CpuGuard guard;

	run.saw_loan_active = load(run.loan_active) != 0;
	run.handler_lent = false;
	run.handler_value = ipi_target.get(guard).with([&](long &v) {
		run.handler_lent = true;
		return v;
	});
	run.handler_reports = kpcpu_debug_reports() - reports;
	store(run.done, true);
}

constexpr long ipi_written = 4242;

/*
 * Lends ipi_target exclusively under a Guard, fires the sender and, inside
 * the loan, waits until the IPI is raised and then (up to) @wait_ns for the
 * handler; writes the value and ends the loan. Then waits for the handler.
 */
template <typename Guard>
bool lend_during_ipi(struct kunit *test, IpiRun &run, unsigned long long wait_ns)
{
	int cpu = kpcpu_lock_test_sender_start(ipi_handler, &run);

	if (!KPCPU_EXPECT_GE(test, cpu, 0))
		return false;
	bool sent = false;
	{
		Guard guard;

		ipi_target.get(guard).with([&](long &v) {
			v = 0;
			store(run.loan_active, 1l);
			kpcpu_lock_test_sender_fire();
			sent = spin_until([] { return kpcpu_lock_test_sender_sent(); }, 1000 * ms);
			spin_until([&] { return load(run.done); }, wait_ns);
			v = opaque(ipi_written);
			store(run.loan_active, 0l);
		});
	}
	/* Interrupts on: the handler runs now if it has not yet. */
	bool done = spin_until([&] { return load(run.done); }, 1000 * ms);
	kpcpu_lock_test_sender_stop();
	KPCPU_EXPECT_TRUE(test, sent);
	return KPCPU_EXPECT_TRUE(test, done);
}

} // namespace

/*
 * Under an IrqGuard no interrupt runs on this CPU: the IPI, raised while the
 * token is lent and waited for 20 ms inside the loan, runs only after the
 * guard, and finds the loan over and the value written.
 */
extern "C" void kpcpu_test_irq_guard_holds_off_ipi(struct kunit *test)
{
	IpiRun run{};

	if (!lend_during_ipi<IrqGuard>(test, run, 20 * ms))
		return;
	KPCPU_EXPECT_FALSE(test, run.saw_loan_active);
	KPCPU_EXPECT_TRUE(test, run.handler_lent);
	KPCPU_EXPECT_EQ(test, run.handler_value, ipi_written);
	KPCPU_EXPECT_EQ(test, run.handler_reports, 0ul);
}

/*
 * The twin: under a CpuGuard the same IPI lands inside the loan (the task
 * waits for it there). With debug checks the handler's borrow is refused
 * and reported; without, it reads the value the task has not written yet.
 */
extern "C" void kpcpu_test_cpu_guard_lets_ipi_in(struct kunit *test)
{
	IpiRun run{};

	if (!lend_during_ipi<CpuGuard>(test, run, 1000 * ms))
		return;
	KPCPU_EXPECT_TRUE(test, run.saw_loan_active);
	if constexpr (config::debug_checks) {
		KPCPU_EXPECT_FALSE(test, run.handler_lent);
		KPCPU_EXPECT_EQ(test, run.handler_reports, 1ul);
	} else {
		KPCPU_EXPECT_TRUE(test, run.handler_lent);
		KPCPU_EXPECT_EQ(test, run.handler_value, 0l);
	}
}

/* What holding the lock means for this task: the kernel's own answers. */
extern "C" void kpcpu_test_local_lock_state(struct kunit *test)
{
	auto counts = LocalLocked<long>::with_value(0, gfp::kernel);

	if (!KPCPU_EXPECT_TRUE(test, static_cast<bool>(counts)))
		return;
	unsigned int count_before = preempt_count_raw();
	unsigned int count_held;
	bool preemptible_held, irqs_off_held, irqs_off_irqsave;
	long seen;
	{
		auto guard = counts.lock();

		count_held = preempt_count_raw();
		preemptible_held = kpcpu_lock_test_preemptible();
		irqs_off_held = kpcpu_lock_test_irqs_disabled();
		KPCPU_EXPECT_EQ(test, guard.cpu(), (unsigned int)kpcpu_raw_smp_processor_id());
		seen = guard.with([](long &v) { return ++v; });
	}
	{
		auto guard = counts.lock_irqsave();

		irqs_off_irqsave = kpcpu_lock_test_irqs_disabled();
		seen += guard.with([](long &v) { return ++v; });
	}
	KPCPU_EXPECT_FALSE(test, kpcpu_lock_test_irqs_disabled());
	KPCPU_EXPECT_EQ(test, preempt_count_raw(), count_before);
	/* The KUnit kernels are not PREEMPT_RT: local_lock() is preempt_disable(). */
	KPCPU_EXPECT_FALSE(test, preemptible_held);
	KPCPU_EXPECT_FALSE(test, irqs_off_held);
#ifdef CONFIG_PREEMPT_COUNT
	KPCPU_EXPECT_EQ(test, count_held, count_before + 1);
#else
	KPCPU_EXPECT_EQ(test, count_held, count_before);
#endif
	KPCPU_EXPECT_TRUE(test, irqs_off_irqsave);
	KPCPU_EXPECT_EQ(test, seen, 3l);
	long total = 0;
	for (unsigned int cpu : possible_cpus())
		total += *counts.unlocked_remote_ptr(cpu);
	KPCPU_EXPECT_EQ(test, total, 2l);
	KPCPU_EXPECT_TRUE(test, counts.unlocked_remote_ptr(opaque(100000u)) == nullptr);
}

/*
 * Two different LocalLocked objects, one taken inside the other (in one
 * order: both orders would be an AB-BA deadlock on RT, which lockdep
 * rightly reports): each is a lock class of its own, so lockdep (the debug
 * kernel) reports no recursion - a report would fail the run as a splat.
 */
extern "C" void kpcpu_test_local_lock_nested_objects(struct kunit *test)
{
	auto first = LocalLocked<long>::with_value(1, gfp::kernel);
	auto second = LocalLocked<long>::with_value(2, gfp::kernel);

	if (!KPCPU_EXPECT_TRUE(test, first && second))
		return;
	unsigned long reports = kpcpu_debug_reports();
	long sum = 0;
	{
		auto a = first.lock();
		auto b = second.lock_irqsave();

		sum += a.with([](long &v) { return v; }) + b.with([](long &v) { return v; });
	}
	{
		auto a = first.lock();
		auto b = second.lock();

		sum += a.with([&](long &v) { return v + b.with([](long &w) { return w; }); });
	}
	KPCPU_EXPECT_EQ(test, sum, 6l);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports() - reports, 0ul);
}

namespace {
long empty_with(const LocalLocked<long> &empty)
{
	return empty.lock().with([](long &v) { return v + 1; });
}
} // namespace

/* An empty LocalLocked: nothing locked, nothing touched, one report. */
extern "C" void kpcpu_test_local_lock_empty_reports(struct kunit *test)
{
	LocalLocked<long> empty;
	auto moved_from = LocalLocked<long>::with_value(7, gfp::kernel);
	auto owner = static_cast<LocalLocked<long> &&>(moved_from);
	unsigned long reports = kpcpu_debug_reports();

	KPCPU_EXPECT_FALSE(test, static_cast<bool>(empty));
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(moved_from));
	KPCPU_EXPECT_EQ(test, empty_with(empty), 0l);
	KPCPU_EXPECT_EQ(test, empty_with(moved_from), 0l);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports() - reports, 2ul);
	KPCPU_EXPECT_EQ(test, owner.lock().with([](long &v) { return v; }), 7l);
	KPCPU_EXPECT_TRUE(test, empty.unlocked_remote_ptr(0) == nullptr);
	/* A failed allocation: an empty object, nothing leaked (the runner counts). */
	kpcpu_fault_inject_alloc(1);
	auto failed = LocalLocked<long>::with_value(1, gfp::kernel);
	kpcpu_fault_inject_alloc(0);
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(failed));
}

namespace {
long destroyed;

struct Counted {
	long id;
	~Counted() { __atomic_fetch_add(&destroyed, 1, __ATOMIC_RELAXED); }
};
} // namespace

/* The owner constructs a T on every possible CPU and destroys each once. */
extern "C" void kpcpu_test_local_lock_destroys_values(struct kunit *test)
{
	store(destroyed, 0l);
	{
		auto values = LocalLocked<Counted>::from_fn(
			[](unsigned int cpu) { return Counted{static_cast<long>(cpu)}; }, gfp::kernel);

		if (!KPCPU_EXPECT_TRUE(test, static_cast<bool>(values)))
			return;
		/* (The temporaries from_fn() moved from are destroyed as it goes.) */
		store(destroyed, 0l);
		auto guard = values.lock();
		long id = guard.with([](Counted &c) { return c.id; });
		KPCPU_EXPECT_EQ(test, id, static_cast<long>(guard.cpu()));
	}
	KPCPU_EXPECT_EQ(test, load(destroyed), static_cast<long>(possible_cpus().count()));
}

namespace {

/*
 * Consistent only between updates: b and c are functions of a, and n counts
 * the updates. An update writes the four words one by one with pauses
 * between them, so a second update on the same CPU inside it (another
 * kthread that preempted, a timer interrupt) finds it torn.
 */
struct Words {
	u64 a;
	u64 b;
	u64 c;
	u64 n;
};

constexpr u64 word_b(u64 a)
{
	return a * 0x9e3779b97f4a7c15ull + 1;
}

constexpr u64 word_c(u64 a, u64 b)
{
	return (a ^ b) * 0xbf58476d1ce4e5b9ull;
}

struct LoadRun {
	LocalLocked<Words> threads_only; /* lock(): kthreads only */
	LocalLocked<Words> with_timers;  /* lock_irqsave(): kthreads and timers */
	unsigned long torn;
	unsigned long refused;           /* with() did not run its f (debug checks) */
};

void pause_a_little()
{
	for (int i = 0; i < 20; i++)
		kpcpu::arch::cpu_relax();
}

template <typename Guard>
void update(Guard &guard, LoadRun &run)
{
	bool ran = guard.with([&](Words &w) {
		if (w.b != word_b(w.a) || w.c != word_c(w.a, w.b) || w.n != w.a)
			__atomic_fetch_add(&run.torn, 1, __ATOMIC_RELAXED);
		u64 next = w.n + 1;

		w.a = next;
		pause_a_little();
		w.b = word_b(next);
		pause_a_little();
		w.c = word_c(next, w.b);
		w.n = next;
		return true;
	});
	if (!ran)
		__atomic_fetch_add(&run.refused, 1, __ATOMIC_RELAXED);
}

void thread_step(void *arg)
{
	auto &run = *static_cast<LoadRun *>(arg);
	{
		auto guard = run.threads_only.lock();
		update(guard, run);
	}
	{
		auto guard = run.with_timers.lock_irqsave();
		update(guard, run);
	}
}

void timer_step(void *arg)
{
	auto &run = *static_cast<LoadRun *>(arg);
	auto guard = run.with_timers.lock_irqsave();

	update(guard, run);
}

u64 total_updates(const LocalLocked<Words> &words)
{
	u64 total = 0;

	for (unsigned int cpu : possible_cpus())
		total += words.unlocked_remote_ptr(cpu)->n;
	return total;
}

} // namespace

/*
 * Two kthreads on every online CPU (they preempt each other on a preemptible
 * kernel) update one object under lock() and another under lock_irqsave(),
 * which a hard-irq timer on every CPU updates too, for a second: no update
 * ever finds another half done, none is refused, and the totals are exact.
 */
extern "C" void kpcpu_test_local_lock_every_cpu_with_timers(struct kunit *test)
{
	Words zero{0, word_b(0), word_c(0, word_b(0)), 0};
	auto *run = new (gfp::kernel) LoadRun{LocalLocked<Words>::with_value(zero, gfp::kernel),
					      LocalLocked<Words>::with_value(zero, gfp::kernel), 0, 0};

	if (!KPCPU_EXPECT_TRUE(test, run != nullptr))
		return;
	if (KPCPU_EXPECT_TRUE(test, run->threads_only && run->with_timers)) {
		kpcpu_lock_load work{thread_step, timer_step, run, 2, 1000, 0, 0, 0, 0};
		int ret = kpcpu_lock_test_load(&work);

		KPCPU_EXPECT_EQ(test, ret, 0);
		KPCPU_EXPECT_GE(test, work.cpus, 3u);
		KPCPU_EXPECT_GT(test, work.thread_steps, 0ull);
		KPCPU_EXPECT_GT(test, work.timer_steps, 0ull);
		KPCPU_EXPECT_EQ(test, work.timer_misplaced, 0ull);
		KPCPU_EXPECT_EQ(test, load(run->torn), 0ul);
		KPCPU_EXPECT_EQ(test, load(run->refused), 0ul);
		KPCPU_EXPECT_EQ(test, total_updates(run->threads_only), work.thread_steps);
		KPCPU_EXPECT_EQ(test, total_updates(run->with_timers), work.thread_steps + work.timer_steps);
		kpcpu_kunit_info(test, "%llu kthread steps, %llu timer steps on %u CPUs",
				 work.thread_steps, work.timer_steps, work.cpus);
	}
	delete run;
}
