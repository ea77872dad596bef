// SPDX-License-Identifier: GPL-2.0
/*
 * C++ bodies of the kpcpu_on_each_cpu KUnit suite: does a callable with
 * state outlive every call made without waiting?
 *
 * The harness, on three online CPUs a, b and c: a blocker keeps c's
 * interrupts off, so that the calls queued for c wait there and then run in
 * one batch (kernel/smp.c, __flush_smp_call_function_queue(): the waiting
 * (SYNC) entries of a batch run before the earlier ASYNC ones). A caller
 * kthread on a makes its calls with a Probe, a callable with state whose
 * destructor marks it gone; every run of the probe counts itself on its
 * CPU and counts "ran after the callable was gone" - a use after free in
 * real code (where the callable holds e.g. a DynamicPerCpu handle). On c,
 * while it is held, the probe waits (bounded) for the callable to go before
 * it counts, so that a call that *can* run after the caller has returned
 * does: the race is decided by construction, not by luck.
 *
 * The probe finds the harness through a static pointer, never through the
 * callable, so a run that comes too late records its lateness instead of
 * reading a dead object. Every wait is bounded; the blocker gives up after
 * blocker_limit_ms.
 */
#include <kpcpu/kpcpu.h>
#include <kpcpu_kunit.h>

#include "on_each_cpu_test.h"

using namespace kpcpu;

namespace {

KPCPU_DEFINE_PER_CPU(u32, probe_runs, 0);
KPCPU_DEFINE_PER_CPU(u32, stateless_runs, 0);

constexpr u64 ns_per_ms = 1000000;
/* The longest c's interrupts stay off; only a bug gets there. */
constexpr unsigned int blocker_limit_ms = 2000;
/*
 * On c, how long a probe waits for the callable to go. Guest time under
 * TCG is host time: the caller's vCPU may go unscheduled for tens of
 * milliseconds on a loaded host (20 ms was once too short: a late call ran
 * before the caller, on b, got to destroy the callable), so the margin is
 * generous. Waits that run into it (the probes of the NoWaitCalls cases,
 * whose callable cannot go while c holds their calls) cost a few tenths
 * of a second per case.
 */
constexpr u64 decide_ns = 200 * ns_per_ms;
/* NoWaitCalls cases: c's hold ends this long after the held call was made. */
constexpr u64 hold_after_call_ns = 100 * ns_per_ms;
/* How long the caller gives the mover to migrate it (it cannot, if pinned). */
constexpr u64 migrate_window_ns = 5 * ns_per_ms;
constexpr unsigned int max_calls = 8;

template <typename T>
T load(const T &v)
{
	return __atomic_load_n(&v, __ATOMIC_ACQUIRE);
}

template <typename T>
void store(T &v, T x)
{
	__atomic_store_n(&v, x, __ATOMIC_RELEASE);
}

template <typename T>
void add_one(T &v)
{
	__atomic_add_fetch(&v, 1, __ATOMIC_ACQ_REL);
}

/*
 * Spins until cond() or @timeout_ns have passed (by the clock, or by
 * counting udelay(1)s, should the clock stand still); whether cond() held.
 */
template <typename Cond>
bool spin_until(Cond cond, u64 timeout_ns)
{
	u64 deadline = kpcpu_oe_now_ns() + timeout_ns;

	for (u64 waited_us = 0; !cond(); waited_us++) {
		if (kpcpu_oe_now_ns() >= deadline || waited_us >= timeout_ns / 1000)
			return cond();
		kpcpu_oe_udelay(1);
	}
	return true;
}

u32 runs_on(unsigned int cpu)
{
	return load(*probe_runs.remote_ptr(cpu));
}

/* One run of the harness: the CPUs, the controls, what the probe saw. */
struct Harness {
	unsigned int a, b, c;	/* the caller's first CPU, its second, the held one */
	unsigned int online;
	kpcpu_oe_blocker *blocker;
	kpcpu_oe_mover *mover;	/* NoWaitCalls cases: moves the caller to b */
	bool with_wait;		/* NoWaitCalls cases: end with run(Wait::yes) */

	/* Controls. */
	u32 call;		/* the call being made, from 1 */
	u32 release_call;	/* this call, run on a CPU other than c, ends c's hold ... */
	u64 release_delay_ns;	/* ... this long after (0: at once) */
	u32 armed;		/* c is held: probes on c wait for the callable to go */

	/* Records. */
	u32 gone;		/* the callable was destroyed */
	u32 preempt_count_before;	/* the caller's, before the NoWaitCalls */
	u32 preempt_count_at_gone;	/* when the callable was destroyed */
	u32 ran_after_gone;	/* probes that ran after that */
	u32 ran_on_c;
	u32 ran_off_c;
	u32 stale;		/* probes that found the callable's state overwritten */
	u32 calls;		/* calls made */
	bool held;		/* the blocker held c */
	int src[max_calls + 1];	/* the CPU each call was made from */
	int cpu_after;		/* the caller's CPU right after the sequence */
	u32 runs_when_gone[CONFIG_NR_CPUS];
};

Harness the_harness;
Harness *active_harness;

constexpr u64 live_token = 0x6b7063707550524full;
constexpr u64 dead_token = 0xdeadull;

void probe_ran(const CpuGuard &guard, u64 token)
{
	Harness &h = *load(active_harness);
	unsigned int cpu = guard.cpu();

	if (token != live_token)
		add_one(h.stale);
	if (cpu != h.c) {
		if (load(h.call) == h.release_call) {
			if (h.release_delay_ns)
				kpcpu_oe_blocker_release_at(h.blocker,
							    kpcpu_oe_now_ns() + h.release_delay_ns);
			else
				kpcpu_oe_blocker_release(h.blocker);
		}
		add_one(h.ran_off_c);
	} else {
		/* Give the caller every chance to return first: if it can, it does. */
		if (load(h.armed))
			spin_until([&] { return load(h.gone) != 0; }, decide_ns);
		add_one(h.ran_on_c);
	}
	if (load(h.gone))
		add_one(h.ran_after_gone);
	/* Counted last: a count seen when the callable went is a call that had ended. */
	probe_runs.num().inc(guard);
}

/*
 * A callable with state, as one holding a DynamicPerCpu handle: its
 * destructor marks the harness's callable gone (a moved-from Probe owns
 * nothing and marks nothing).
 */
struct Probe {
	u64 token = live_token;

	Probe() = default;
	Probe(Probe &&other) : token(other.token) { other.token = 0; }
	Probe(const Probe &) = delete;
	Probe &operator=(const Probe &) = delete;
	~Probe()
	{
		if (token == live_token) {
			load(active_harness)->preempt_count_at_gone = kunit_bridge::preempt_count_raw();
			store(load(active_harness)->gone, 1u);
		}
		*static_cast<volatile u64 *>(&token) = dead_token;
	}

	void operator()(const CpuGuard &guard) const
	{
		probe_ran(guard, *static_cast<const volatile u64 *>(&token));
	}
};

/* on_each_cpu()'s C callback for a Probe, for the kernel's raw pattern. */
void probe_trampoline(void *arg)
{
	CpuGuard guard;

	(*static_cast<const Probe *>(arg))(guard);
}

void begin_call(Harness &h, u32 call, int cpu)
{
	h.src[call] = cpu;
	h.calls = call;
	store(h.call, call);
}

/* Holds c (the caller may have preemption disabled: no sleeping). */
bool hold_c(Harness &h)
{
	h.held = kpcpu_oe_blocker_hold(h.blocker, 1000);
	store(h.armed, 1u);
	return h.held;
}

void sequence_returned(Harness &h)
{
	kpcpu_oe_schedule_point();
	h.cpu_after = kpcpu_raw_smp_processor_id();
	for (unsigned int cpu : online_cpus())
		h.runs_when_gone[cpu] = runs_on(cpu);
}

/*
 * The kernel's pattern, under the old rule "a later waiting call on the
 * same CPUs keeps the callable alive": a call without waiting from a, a
 * migration to b, a waiting call from b, then the callable goes.
 */
int raw_caller(void *arg)
{
	Harness &h = *static_cast<Harness *>(arg);

	if (!hold_c(h))
		return 0;
	{
		Probe probe;

		begin_call(h, 1, kpcpu_raw_smp_processor_id());
		kpcpu_on_each_cpu(&probe_trampoline, &probe, 0);
		/* Ran everywhere but on c: no late run can end c's hold early. */
		spin_until([&] { return load(h.ran_off_c) >= h.online - 1; }, 1000 * ns_per_ms);
		kpcpu_oe_move_current(h.b);
		/* Its probe, on a CPU other than c, ends the hold: both calls wait there. */
		begin_call(h, 2, kpcpu_raw_smp_processor_id());
		kpcpu_on_each_cpu(&probe_trampoline, &probe, 1);
	}
	sequence_returned(h);
	return 0;
}

/*
 * The same pressure on NoWaitCalls: two calls, c held, a third call (queued
 * on c, whose hold ends hold_after_call_ns later), the caller's allowed
 * CPUs changed to {b} by the mover, then optionally run(Wait::yes), then
 * the NoWaitCalls goes. A caller that moved to b would queue its last
 * (waiting) call on c next to a's third one, in one batch.
 */
int no_wait_calls_caller(void *arg)
{
	Harness &h = *static_cast<Harness *>(arg);

	h.preempt_count_before = kunit_bridge::preempt_count_raw();
	{
		NoWaitCalls calls(Probe{});

		begin_call(h, 1, calls.guard().cpu());
		calls.run(Wait::no);
		begin_call(h, 2, calls.guard().cpu());
		calls.run(Wait::no);
		/* Both ran on c before it is held: else the third call would wait for them. */
		spin_until([&] { return load(h.ran_on_c) >= 2; }, 1000 * ns_per_ms);
		hold_c(h);
		begin_call(h, 3, calls.guard().cpu());
		calls.run(Wait::no);
		kpcpu_oe_mover_go(h.mover);
		spin_until([&] { return kpcpu_oe_mover_calling(h.mover) != 0; }, 1000 * ns_per_ms);
		spin_until([&] { return kpcpu_raw_smp_processor_id() != (int)h.a; },
			   migrate_window_ns);
		if (h.with_wait) {
			begin_call(h, 4, calls.guard().cpu());
			calls.run(Wait::yes);
		}
	}
	sequence_returned(h);
	return 0;
}

/* Three online CPUs a, b, c, and the harness reset; false if there are fewer. */
bool setup(struct kunit *test, Harness &h)
{
	unsigned int cpus[3] = {};
	unsigned int n = 0;

	h = Harness{};
	h.online = online_cpus().count();
	/* The last three online CPUs: c is not the boot CPU, which keeps jiffies. */
	for (unsigned int cpu : online_cpus()) {
		cpus[0] = cpus[1];
		cpus[1] = cpus[2];
		cpus[2] = cpu;
		n++;
	}
	if (!KPCPU_EXPECT_GE(test, n, 3u))
		return false;
	h.a = cpus[0];
	h.b = cpus[1];
	h.c = cpus[2];
	for (unsigned int cpu : possible_cpus())
		*probe_runs.remote_ptr(cpu) = 0;
	store(active_harness, &h);
	return true;
}

/* Waits (bounded) until every online CPU ran every call: none may run later. */
bool settle(Harness &h)
{
	u64 deadline = kpcpu_oe_now_ns() + 3000 * ns_per_ms;

	for (;;) {
		bool all = true;

		for (unsigned int cpu : online_cpus())
			all = all && runs_on(cpu) >= h.calls;
		if (all)
			return true;
		if (kpcpu_oe_now_ns() >= deadline)
			return false;
		kpcpu_oe_msleep(1);
	}
}

/* Runs @caller on a (and the mover on b, if asked); returns how c's hold ended. */
int run_caller(struct kunit *test, Harness &h, int (*caller)(void *), bool with_mover)
{
	int end = KPCPU_OE_NEVER_HELD;

	h.blocker = kpcpu_oe_blocker_start(h.c, blocker_limit_ms);
	if (!KPCPU_EXPECT_TRUE(test, h.blocker != nullptr))
		return end;
	kpcpu_oe_thread *thread = kpcpu_oe_thread_create(h.a, caller, &h);

	if (KPCPU_EXPECT_TRUE(test, thread != nullptr)) {
		bool ok = true;

		if (with_mover) {
			h.mover = kpcpu_oe_mover_start(h.b, thread, h.b);
			ok = KPCPU_EXPECT_TRUE(test, h.mover != nullptr);
		}
		if (ok)
			kpcpu_oe_thread_wake(thread);
		int joined = kpcpu_oe_thread_join(thread, 5000);

		if (ok)
			KPCPU_EXPECT_EQ(test, joined, 0);
		if (h.mover)
			KPCPU_EXPECT_EQ(test, kpcpu_oe_mover_stop(h.mover), 0);
	}
	end = kpcpu_oe_blocker_stop(h.blocker);
	KPCPU_EXPECT_TRUE(test, settle(h));
	return end;
}

void check_no_wait_calls(struct kunit *test, bool with_wait)
{
	Harness &h = the_harness;

	if (!setup(test, h))
		return;
	h.with_wait = with_wait;
	h.release_call = 3;
	h.release_delay_ns = hold_after_call_ns;
	int end = run_caller(test, h, no_wait_calls_caller, true);

	u32 made = with_wait ? 4 : 3;

	/*
	 * The verdict first (KUnit keeps 512 bytes of log per case): no call
	 * ran on the dead callable ...
	 */
	KPCPU_EXPECT_EQ(test, h.ran_after_gone, 0u);
	/* ... because every online CPU had run every call by then. */
	for (unsigned int cpu : online_cpus())
		if (!KPCPU_EXPECT_EQ(test, h.runs_when_gone[cpu], made))
			break;
	/* The pressure was there: c held until well after the third call ... */
	KPCPU_EXPECT_TRUE(test, h.held);
	KPCPU_EXPECT_EQ(test, end, (int)KPCPU_OE_RELEASED_AT);
	KPCPU_EXPECT_EQ(test, h.calls, made);
	/* ... and the caller moved to b: right after the NoWaitCalls went, not before. */
	for (u32 call = 1; call <= h.calls; call++)
		if (!KPCPU_EXPECT_EQ(test, h.src[call], (int)h.a))
			break;
	KPCPU_EXPECT_EQ(test, h.cpu_after, (int)h.b);
	/* No other call ran, and none found its callable overwritten. */
	for (unsigned int cpu : online_cpus())
		if (!KPCPU_EXPECT_EQ(test, runs_on(cpu), made))
			break;
	KPCPU_EXPECT_EQ(test, h.stale, 0u);
	/* The callable went after the NoWaitCalls' guard: with preemption enabled again. */
	KPCPU_EXPECT_EQ(test, h.preempt_count_at_gone, h.preempt_count_before);
}

} // namespace

extern "C" void kpcpu_test_waiting_call_does_not_order_earlier_ones(struct kunit *test)
{
	Harness &h = the_harness;

	if (!setup(test, h))
		return;
	h.release_call = 2;
	int end = run_caller(test, h, raw_caller, false);

	/*
	 * The verdict first (KUnit keeps 512 bytes of log per case): the
	 * waiting call returned, and the callable went, before c ran the call
	 * made without waiting. The old rule is false, and the harness sees it.
	 */
	KPCPU_EXPECT_GT(test, h.ran_after_gone, 0u);
	/* The setup happened as planned: c held, calls from a then b, released by call 2. */
	KPCPU_EXPECT_TRUE(test, h.held);
	KPCPU_EXPECT_EQ(test, end, (int)KPCPU_OE_RELEASED);
	KPCPU_EXPECT_EQ(test, h.calls, 2u);
	KPCPU_EXPECT_EQ(test, h.src[1], (int)h.a);
	KPCPU_EXPECT_EQ(test, h.src[2], (int)h.b);
	for (unsigned int cpu : online_cpus())
		if (!KPCPU_EXPECT_EQ(test, runs_on(cpu), 2u))
			break;
}

extern "C" void kpcpu_test_no_wait_calls_wait_for_every_call(struct kunit *test)
{
	check_no_wait_calls(test, true);
}

extern "C" void kpcpu_test_no_wait_calls_destructor_waits(struct kunit *test)
{
	check_no_wait_calls(test, false);
}

extern "C" void kpcpu_test_on_each_cpu_nowait_stateless(struct kunit *test)
{
	constexpr u32 calls = 3;

	for (unsigned int cpu : possible_cpus())
		*stateless_runs.remote_ptr(cpu) = 0;
	/* Each CPU's call makes its own callable: nothing to outlive. */
	on_each_cpu([](const CpuGuard &guard) { stateless_runs.num().inc(guard); }, Wait::no);
	on_each_cpu([] { stateless_runs.num().inc(); }, Wait::no);
	auto bump = [](const CpuGuard &guard) { stateless_runs.num().add(1, guard); };
	on_each_cpu(bump, Wait::no);

	/* A later waiting call would not prove they ran: poll, bounded. */
	u64 deadline = kpcpu_oe_now_ns() + 2000 * ns_per_ms;
	bool all;

	do {
		all = true;
		for (unsigned int cpu : online_cpus())
			all = all && load(*stateless_runs.remote_ptr(cpu)) >= calls;
		if (!all)
			kpcpu_oe_msleep(1);
	} while (!all && kpcpu_oe_now_ns() < deadline);

	for (unsigned int cpu : possible_cpus())
		KPCPU_EXPECT_EQ(test, load(*stateless_runs.remote_ptr(cpu)),
				online_cpus().contains(cpu) ? calls : 0u);
}

/*
 * on_cpu(cpu, f): f runs on that CPU (every online one, the caller's
 * included) and on_cpu() waits for it; a CPU that is not online - possible
 * but absent (test-6.1-lean has two), or not possible at all - gets
 * -ENXIO and f is never called.
 */
extern "C" void kpcpu_test_on_cpu_runs_there(struct kunit *test)
{
	unsigned int ran = 0;

	for (unsigned int cpu : online_cpus()) {
		int seen = -1;
		int err = on_cpu(cpu, [&seen](const CpuGuard &guard) { seen = static_cast<int>(guard.cpu()); });

		KPCPU_EXPECT_EQ(test, err, 0);
		KPCPU_EXPECT_EQ(test, seen, static_cast<int>(cpu));
		ran++;
	}
	KPCPU_EXPECT_EQ(test, ran, online_cpus().count());
	KPCPU_EXPECT_GE(test, ran, 2u);

	bool called = false;
	for (unsigned int cpu : possible_cpus()) {
		if (online_cpus().contains(cpu))
			continue;
		KPCPU_EXPECT_EQ(test, on_cpu(cpu, [&called] { called = true; }), -KPCPU_ENXIO);
	}
	KPCPU_EXPECT_EQ(test, on_cpu(possible_cpus().count() + 64, [&called] { called = true; }),
			-KPCPU_ENXIO);
	KPCPU_EXPECT_FALSE(test, called);
}
