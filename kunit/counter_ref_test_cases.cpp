// SPDX-License-Identifier: GPL-2.0
/*
 * C++ bodies of the kpcpu_counter_ref KUnit suite: PerCpuCounter summed
 * exactly after kthreads on every CPU and a hard-irq timer on each added
 * known amounts (small, past the batch, negative, constants and opaque
 * values), read()'s error bound, compare() and set(), a CPU going offline
 * with its local count; PerCpuRef's modes, Ref moves, reinit and
 * resurrect, and kill() racing with gets and puts from every CPU and from
 * interrupts, the release running exactly once after the last put and
 * freeing its owner (KASAN watches on the debug kernel); and both types
 * uninitialised or failed: reported, nothing touched.
 */
#include <kpcpu/kpcpu.h>
#include <kpcpu_kunit.h>

#include "counter_ref_test.h"

using namespace kpcpu;

namespace {

using kunit_bridge::opaque;

constexpr unsigned int max_workers = 64;

/* ------------------------------------------------------------------ */
/* PerCpuCounter */

struct CounterRun {
	PerCpuCounter counter;		/* default batch */
	PerCpuCounter small_batch;	/* batch 3: the slow path all the time */
	PerCpuCounter no_batch;		/* batch 0: every add takes the lock */
	s32 batch;
	unsigned int iterations;
	/* Each worker's own totals: written only by it. */
	s64 thread_added[max_workers];
	s64 timer_added[max_workers];
	unsigned int thread_steps[max_workers];
	unsigned long timer_calls[max_workers];
	unsigned long timer_not_hardirq[max_workers];
};

/* One step's additions; returns what it added to each of the counters. */
s64 counter_step(CounterRun &r, unsigned long i)
{
	s64 added = 0;

	switch (i % 6) {
	case 0:
		r.counter.inc();
		r.counter.add(1);
		added = 2;
		break;
	case 1:
		r.counter.dec();
		r.counter.add(-1);
		added = -2;
		break;
	case 2: {
		s64 v = opaque(static_cast<s64>(i % 13) - 6);	/* -6..6, a run-time value */
		r.counter.add(v);
		added = v;
		break;
	}
	case 3: {
		s64 big = opaque(static_cast<s64>(r.batch) * 3 + 1);	/* past the batch */
		r.counter.add(big);
		r.counter.sub(opaque(static_cast<s64>(r.batch)));
		added = big - r.batch;
		break;
	}
	case 4:
		r.counter.add(-5000000000ll);	/* a constant past s32 */
		r.counter.add(5000000007ll);
		added = 7;
		break;
	default:
		r.counter.add(opaque(static_cast<s64>(r.batch) - 1));	/* just under */
		added = r.batch - 1;
		break;
	}
	return added;
}

bool counter_thread_step(void *arg, unsigned int index)
{
	auto &r = *static_cast<CounterRun *>(arg);
	unsigned int step = r.thread_steps[index]++;

	for (unsigned long i = 0; i < 64; i++) {
		unsigned long n = step * 64ul + i;

		r.thread_added[index] += counter_step(r, n + index);
		r.small_batch.add(opaque(static_cast<s64>(n % 5) - 1), 3);
		r.no_batch.add(1, 0);
	}
	return step + 1 < r.iterations;
}

void counter_timer_step(void *arg, unsigned int index)
{
	auto &r = *static_cast<CounterRun *>(arg);
	unsigned long n = r.timer_calls[index]++;

	if (!kpcpu_cr_in_hardirq())
		r.timer_not_hardirq[index]++;
	r.timer_added[index] += counter_step(r, n * 7 + index);
	r.small_batch.add(opaque(static_cast<s64>(n % 5) - 1), 3);
	r.no_batch.add(1, 0);
}

s64 small_batch_expected(unsigned long steps, bool thread, unsigned int)
{
	(void)thread;
	s64 sum = 0;

	for (unsigned long n = 0; n < steps; n++)
		sum += static_cast<s64>(n % 5) - 1;
	return sum;
}

} // namespace

extern "C" void kpcpu_test_counter_exact_from_every_cpu_and_interrupts(struct kunit *test)
{
	auto *r = new (gfp::kernel) CounterRun{};
	if (!KPCPU_EXPECT_TRUE(test, r != nullptr))
		return;
	KPCPU_EXPECT_EQ(test, r->counter.init(0, gfp::kernel), 0);
	KPCPU_EXPECT_EQ(test, r->small_batch.init(100, gfp::kernel), 0);
	KPCPU_EXPECT_EQ(test, r->no_batch.init(-5, gfp::kernel), 0);
	r->batch = percpu_counter_batch;
	r->iterations = 300;

	kpcpu_cr_work work{counter_thread_step, counter_timer_step, r, 0};
	unsigned int cpus = 0;
	if (!KPCPU_EXPECT_EQ(test, kpcpu_cr_run(&work, &cpus), 0) || !KPCPU_EXPECT_GE(test, cpus, 3u)) {
		delete r;
		return;
	}

	s64 expected = 0, small = 100, plain = -5;
	unsigned long timer_calls = 0, not_hardirq = 0;
	for (unsigned int i = 0; i < cpus; i++) {
		expected += r->thread_added[i] + r->timer_added[i];
		unsigned long thread_n = r->thread_steps[i] * 64ul;
		small += small_batch_expected(thread_n, true, i) +
			 small_batch_expected(r->timer_calls[i], false, i);
		plain += thread_n + r->timer_calls[i];
		timer_calls += r->timer_calls[i];
		not_hardirq += r->timer_not_hardirq[i];
	}
	kpcpu_kunit_info(test, "%u CPUs, batch %d, %lu timer calls, sum %lld", cpus, r->batch,
			 timer_calls, r->counter.sum());
	KPCPU_EXPECT_GT(test, timer_calls, 0ul);	/* interrupts did add */
	KPCPU_EXPECT_EQ(test, not_hardirq, 0ul);
	KPCPU_EXPECT_EQ(test, r->counter.sum(), expected);
	KPCPU_EXPECT_EQ(test, r->small_batch.sum(), small);
	KPCPU_EXPECT_EQ(test, r->no_batch.sum(), plain);
	/* Batch 0 leaves every local count at 0: read() is exact. */
	KPCPU_EXPECT_EQ(test, r->no_batch.read(), plain);
	/* Quiescent: every online local count is below the batch. */
	s64 off = r->counter.sum() - r->counter.read();
	KPCPU_EXPECT_LT(test, off < 0 ? -off : off, static_cast<s64>(r->batch) * cpus);
	delete r;
}

extern "C" void kpcpu_test_counter_read_compare_set(struct kunit *test)
{
	PerCpuCounter c;
	if (!KPCPU_EXPECT_EQ(test, c.init(-7, gfp::kernel), 0))
		return;
	KPCPU_EXPECT_TRUE(test, c.initialized());
	KPCPU_EXPECT_EQ(test, c.read(), -7ll);
	KPCPU_EXPECT_EQ(test, c.read_positive(), 0ll);
	KPCPU_EXPECT_EQ(test, c.sum_positive(), 0ll);
	c.set(100);
	KPCPU_EXPECT_EQ(test, c.read(), 100ll);
	KPCPU_EXPECT_EQ(test, c.compare(100), 0);
	KPCPU_EXPECT_EQ(test, c.compare(99), 1);
	KPCPU_EXPECT_EQ(test, c.compare(101), -1);
	/*
	 * A small add stays in this CPU's local count: read() misses it, sum()
	 * and compare() do not. (Under a guard: the next add must see it.)
	 */
	CpuGuard guard;
	c.add(opaque(2ll));
	KPCPU_EXPECT_EQ(test, c.read(), 100ll);
	KPCPU_EXPECT_EQ(test, c.sum(), 102ll);
	KPCPU_EXPECT_EQ(test, c.compare(102), 0);
	KPCPU_EXPECT_EQ(test, c.compare(101), 1);
	KPCPU_EXPECT_EQ(test, c.compare(103), -1);
	/* Past the batch it is folded at once, with the local count. */
	c.add(opaque(static_cast<s64>(percpu_counter_batch)));
	KPCPU_EXPECT_EQ(test, c.read(), 102ll + percpu_counter_batch);
	KPCPU_EXPECT_EQ(test, c.sum(), 102ll + percpu_counter_batch);
	(void)guard;
	c.set(-3);
	KPCPU_EXPECT_EQ(test, c.sum(), -3ll);
	KPCPU_EXPECT_EQ(test, c.sum_positive(), 0ll);
	c.set(9);
	KPCPU_EXPECT_EQ(test, c.read_positive(), 9ll);
	KPCPU_EXPECT_EQ(test, c.sum_positive(), 9ll);
	/* A user batch: 1 folds every non-zero amount. */
	c.add(1, 1);
	KPCPU_EXPECT_EQ(test, c.read(), 10ll);
	/* Extreme amounts do not wrap the check. */
	c.add(opaque(-0x7fffffffffffffffll), 5);
	c.add(opaque(0x7fffffffffffffffll), 5);
	KPCPU_EXPECT_EQ(test, c.sum(), 10ll);
}

namespace {
struct OfflineAdd {
	PerCpuCounter *counter;
	s64 amount;
};

void add_there(void *arg)
{
	auto *a = static_cast<OfflineAdd *>(arg);

	a->counter->add(a->amount);
}
} // namespace

extern "C" void kpcpu_test_counter_offline_cpu_keeps_its_count(struct kunit *test)
{
	unsigned int cpu = 0;
	for (unsigned int c : online_cpus())
		cpu = c;	/* the last online CPU, never the boot CPU */
	if (cpu == 0)
		return kpcpu_kunit_skip(test, "needs a second online CPU");
	PerCpuCounter c;
	if (!KPCPU_EXPECT_EQ(test, c.init(0, gfp::kernel), 0))
		return;
	OfflineAdd a{&c, 5};
	if (!KPCPU_EXPECT_EQ(test, kpcpu_cr_on_cpu(cpu, add_there, &a), 0))
		return;
	/* In that CPU's local count only. */
	KPCPU_EXPECT_EQ(test, c.read(), 0ll);
	KPCPU_EXPECT_EQ(test, c.sum(), 5ll);
	if (!KPCPU_EXPECT_EQ(test, kpcpu_cr_cpu_offline(cpu), 0))
		return;
	/* The kernel's hotplug callback folded it into the total. */
	KPCPU_EXPECT_EQ(test, c.read(), 5ll);
	KPCPU_EXPECT_EQ(test, c.sum(), 5ll);
	c.add(opaque(3ll));
	KPCPU_EXPECT_EQ(test, c.sum(), 8ll);
	KPCPU_EXPECT_EQ(test, kpcpu_cr_cpu_online(cpu), 0);
	KPCPU_EXPECT_EQ(test, c.sum(), 8ll);
	KPCPU_EXPECT_EQ(test, kpcpu_cr_on_cpu(cpu, add_there, &a), 0);
	KPCPU_EXPECT_EQ(test, c.sum(), 13ll);
}

extern "C" void kpcpu_test_counter_uninitialized_touches_nothing(struct kunit *test)
{
	unsigned long reports = kpcpu_debug_reports();
	{
		PerCpuCounter never;
		KPCPU_EXPECT_FALSE(test, never.initialized());
		never.add(1);
		never.add(opaque(100000ll), 4);
		never.inc();
		KPCPU_EXPECT_EQ(test, never.read(), 0ll);
		KPCPU_EXPECT_EQ(test, never.sum(), 0ll);
		never.set(5);
		KPCPU_EXPECT_EQ(test, never.compare(-1), 0);
		KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 7);
	}	/* its destructor destroys nothing */

	PerCpuCounter failed;
	kpcpu_fault_inject_alloc(1);
	KPCPU_EXPECT_EQ(test, failed.init(3, gfp::kernel), -KPCPU_ENOMEM);
	kpcpu_fault_inject_alloc(0);
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(failed));
	reports = kpcpu_debug_reports();
	failed.add(2);
	KPCPU_EXPECT_EQ(test, failed.sum(), 0ll);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 2);
	/* It can be initialised afterwards; a second init is refused. */
	KPCPU_EXPECT_EQ(test, failed.init(3, gfp::kernel), 0);
	KPCPU_EXPECT_EQ(test, failed.init(4, gfp::kernel), -KPCPU_EBUSY);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 3);
	failed.add(2);
	KPCPU_EXPECT_EQ(test, failed.sum(), 5ll);
}

/* ------------------------------------------------------------------ */
/* PerCpuRef */

namespace {

/* What the release saw; lives in the test, not in the freed owner. */
struct RefResults {
	long released;
	long held_at_release;	/* references the workers still held then: 0 */
	long released_before_kill;
};

struct RefOwner {
	PerCpuRef ref;
	RefResults *results;
	long held;		/* references counted by their holders */
	bool killed;
	long canary;
};

void owner_release(PerCpuRef &ref)
{
	RefOwner *o = PerCpuRef::owner(&RefOwner::ref, ref);
	RefResults *res = o->results;

	__atomic_add_fetch(&res->released, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&res->held_at_release, __atomic_load_n(&o->held, __ATOMIC_RELAXED), __ATOMIC_RELAXED);
	if (!__atomic_load_n(&o->killed, __ATOMIC_ACQUIRE))
		__atomic_add_fetch(&res->released_before_kill, 1, __ATOMIC_RELAXED);
	o->canary = 0;
	delete o;	/* KASAN reports any later touch */
}

/* A release that only counts, for refs that live in the test's frame. */
long plain_released;
void count_release(PerCpuRef &)
{
	__atomic_add_fetch(&plain_released, 1, __ATOMIC_RELAXED);
}

} // namespace

extern "C" void kpcpu_test_ref_get_put_modes_and_ref_moves(struct kunit *test)
{
	plain_released = 0;
	RefResults res{};
	auto *o = new (gfp::kernel) RefOwner{};
	if (!KPCPU_EXPECT_TRUE(test, o != nullptr))
		return;
	o->results = &res;
	if (!KPCPU_EXPECT_EQ(test, o->ref.init<owner_release>(gfp::kernel), 0)) {
		delete o;
		return;
	}
	KPCPU_EXPECT_TRUE(test, o->ref.initialized());
	KPCPU_EXPECT_FALSE(test, o->ref.is_zero());
	KPCPU_EXPECT_FALSE(test, o->ref.is_dying());
	KPCPU_EXPECT_EQ(test, PerCpuRef::owner(&RefOwner::ref, o->ref), o);
	{
		PerCpuRef::Ref a = o->ref.get();
		KPCPU_EXPECT_TRUE(test, static_cast<bool>(a));
		KPCPU_EXPECT_EQ(test, a.get(), &o->ref);
		PerCpuRef::Ref b = static_cast<PerCpuRef::Ref &&>(a);	/* moved: a is empty */
		KPCPU_EXPECT_FALSE(test, static_cast<bool>(a));
		KPCPU_EXPECT_TRUE(test, static_cast<bool>(b));
		PerCpuRef::Ref c = o->ref.tryget();
		PerCpuRef::Ref d = o->ref.tryget_live();
		KPCPU_EXPECT_TRUE(test, c && d);
		c = static_cast<PerCpuRef::Ref &&>(d);	/* c's own reference is dropped */
		KPCPU_EXPECT_FALSE(test, static_cast<bool>(d));
		PerCpuRef *raw = c.leak();	/* handed over: nothing dropped */
		KPCPU_EXPECT_FALSE(test, static_cast<bool>(c));
		PerCpuRef::Ref back = PerCpuRef::Ref::adopt(*raw);
		KPCPU_EXPECT_TRUE(test, static_cast<bool>(back));
		b.reset();
		KPCPU_EXPECT_FALSE(test, static_cast<bool>(b));
	}	/* back is dropped */

	/* kill(): tryget_live fails, tryget and get still work while counted. */
	PerCpuRef::Ref last = o->ref.get();
	__atomic_store_n(&o->killed, true, __ATOMIC_RELEASE);
	o->ref.kill();
	KPCPU_EXPECT_TRUE(test, o->ref.is_dying());
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(o->ref.tryget_live()));
	kpcpu_cr_rcu_barrier();	/* now in atomic mode: the glue's branch */
	KPCPU_EXPECT_FALSE(test, o->ref.is_zero());
	{
		PerCpuRef::Ref t = o->ref.tryget();
		KPCPU_EXPECT_TRUE(test, static_cast<bool>(t));
		PerCpuRef::Ref g = o->ref.get();
		KPCPU_EXPECT_FALSE(test, static_cast<bool>(o->ref.tryget_live()));
	}
	KPCPU_EXPECT_EQ(test, res.released, 0l);
	last.reset();	/* the last put: release runs here and frees o */
	KPCPU_EXPECT_EQ(test, res.released, 1l);
	KPCPU_EXPECT_EQ(test, res.released_before_kill, 0l);
	kpcpu_cr_rcu_barrier();
	KPCPU_EXPECT_EQ(test, res.released, 1l);
}

extern "C" void kpcpu_test_ref_reinit_resurrect_and_flags(struct kunit *test)
{
	plain_released = 0;
	PerCpuRef r;
	if (!KPCPU_EXPECT_EQ(test, r.init<count_release>(gfp::kernel, PerCpuRef::Flags::allow_reinit), 0))
		return;
	/* Killed with a reference held, then resurrected: live again, no release. */
	PerCpuRef::Ref held = r.get();
	r.kill();
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(r.tryget_live()));
	KPCPU_EXPECT_EQ(test, r.reinit(), -KPCPU_EBUSY);	/* not at 0: refused */
	KPCPU_EXPECT_EQ(test, r.resurrect(), 0);
	KPCPU_EXPECT_FALSE(test, r.is_dying());
	KPCPU_EXPECT_TRUE(test, static_cast<bool>(r.tryget_live()));
	KPCPU_EXPECT_EQ(test, r.resurrect(), -KPCPU_EINVAL);	/* not killed: refused */
	held.reset();
	kpcpu_cr_rcu_barrier();
	KPCPU_EXPECT_EQ(test, plain_released, 0l);
	/* Killed and released, then reinit: count 1, per-CPU again, released again. */
	r.kill();
	kpcpu_cr_rcu_barrier();
	KPCPU_EXPECT_EQ(test, plain_released, 1l);
	KPCPU_EXPECT_TRUE(test, r.is_zero());
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(r.tryget()));
	KPCPU_EXPECT_EQ(test, r.reinit(), 0);
	KPCPU_EXPECT_FALSE(test, r.is_zero());
	KPCPU_EXPECT_TRUE(test, static_cast<bool>(r.tryget_live()));
	r.kill();
	kpcpu_cr_rcu_barrier();
	KPCPU_EXPECT_EQ(test, plain_released, 2l);

	/* Flags::init_dead: count 0, nothing to get until reinit(). */
	PerCpuRef dead;
	if (!KPCPU_EXPECT_EQ(test, dead.init<count_release>(gfp::kernel, PerCpuRef::Flags::init_dead), 0))
		return;
	KPCPU_EXPECT_TRUE(test, dead.is_zero());
	KPCPU_EXPECT_TRUE(test, dead.is_dying());
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(dead.tryget()));
	KPCPU_EXPECT_EQ(test, dead.reinit(), 0);
	KPCPU_EXPECT_TRUE(test, static_cast<bool>(dead.tryget_live()));

	/* Flags::init_atomic: every get and put takes the atomic branch, and works. */
	PerCpuRef atomic;
	if (!KPCPU_EXPECT_EQ(test, atomic.init<count_release>(gfp::kernel, PerCpuRef::Flags::init_atomic), 0))
		return;
	{
		PerCpuRef::Ref a = atomic.get();
		PerCpuRef::Ref b = atomic.tryget();
		PerCpuRef::Ref c = atomic.tryget_live();
		KPCPU_EXPECT_TRUE(test, a && b && c);
	}
	atomic.kill();
	KPCPU_EXPECT_TRUE(test, atomic.is_zero());
	KPCPU_EXPECT_EQ(test, plain_released, 3l);
}

namespace {

struct RefRace {
	RefOwner *owner;	/* freed by the release: touched only while a reference is held */
	PerCpuRef *ref;
	unsigned int killer;	/* the index of the thread that kills */
	unsigned int iterations;
	bool killed;		/* kill() returned */
	unsigned int steps[max_workers];
	unsigned long live_after_kill[max_workers];	/* tryget_live succeeded after kill returned: never */
	unsigned long gets[max_workers];
	unsigned long timer_gets[max_workers];
	unsigned long timer_calls[max_workers];
};

/* Holding one reference, take and drop more; count them in the owner. */
void hold_and_nest(RefRace &r, PerCpuRef::Ref &&first, unsigned long &gets)
{
	RefOwner *o = r.owner;	/* alive: first holds it */

	__atomic_add_fetch(&o->held, 1, __ATOMIC_RELAXED);
	{
		PerCpuRef::Ref more = first.get()->get();	/* a get is fine while one is held */
		__atomic_add_fetch(&o->held, 1, __ATOMIC_RELAXED);
		if (o->canary != 0x5eed)
			gets += 1000000;	/* seen freed or corrupted: fails the count below */
		__atomic_sub_fetch(&o->held, 1, __ATOMIC_RELAXED);
	}
	gets++;
	__atomic_sub_fetch(&o->held, 1, __ATOMIC_RELAXED);
	first.reset();
}

bool ref_thread_step(void *arg, unsigned int index)
{
	auto &r = *static_cast<RefRace *>(arg);
	unsigned int step = r.steps[index]++;

	if (index == r.killer) {
		if (step == r.iterations / 4) {
			__atomic_store_n(&r.owner->killed, true, __ATOMIC_RELEASE);
			r.ref->kill();
			__atomic_store_n(&r.killed, true, __ATOMIC_RELEASE);
			return false;
		}
		kpcpu_cr_msleep(1);
		return true;
	}
	for (int i = 0; i < 16; i++) {
		bool killed = __atomic_load_n(&r.killed, __ATOMIC_ACQUIRE);
		PerCpuRef::Ref live = r.ref->tryget_live();
		if (live) {
			if (killed)
				r.live_after_kill[index]++;
			hold_and_nest(r, static_cast<PerCpuRef::Ref &&>(live), r.gets[index]);
		} else if (PerCpuRef::Ref any = r.ref->tryget()) {
			hold_and_nest(r, static_cast<PerCpuRef::Ref &&>(any), r.gets[index]);
		}
	}
	return step + 1 < r.iterations;
}

void ref_timer_step(void *arg, unsigned int index)
{
	auto &r = *static_cast<RefRace *>(arg);

	r.timer_calls[index]++;
	if (PerCpuRef::Ref any = r.ref->tryget())
		hold_and_nest(r, static_cast<PerCpuRef::Ref &&>(any), r.timer_gets[index]);
}

} // namespace

extern "C" void kpcpu_test_ref_kill_races_gets_and_puts(struct kunit *test)
{
	RefResults res{};
	auto *o = new (gfp::kernel) RefOwner{};
	auto *r = new (gfp::kernel) RefRace{};
	if (!KPCPU_EXPECT_TRUE(test, o && r)) {
		delete o;
		delete r;
		return;
	}
	o->results = &res;
	o->canary = 0x5eed;
	if (!KPCPU_EXPECT_EQ(test, o->ref.init<owner_release>(gfp::kernel), 0)) {
		delete o;
		delete r;
		return;
	}
	/* The test's own reference keeps the owner until the workers are done. */
	PerCpuRef::Ref mine = o->ref.get();
	r->owner = o;
	r->ref = &o->ref;
	r->iterations = 400;
	r->killer = online_cpus().count();	/* the extra, unbound thread */

	kpcpu_cr_work work{ref_thread_step, ref_timer_step, r, 1};
	unsigned int cpus = 0;
	int ran = kpcpu_cr_run(&work, &cpus);
	KPCPU_EXPECT_EQ(test, ran, 0);
	KPCPU_EXPECT_GE(test, cpus, 3u);

	unsigned long gets = 0, timer_gets = 0, timer_calls = 0, live_after = 0;
	for (unsigned int i = 0; i <= cpus && i < max_workers; i++) {
		gets += r->gets[i];
		timer_gets += r->timer_gets[i];
		timer_calls += r->timer_calls[i];
		live_after += r->live_after_kill[i];
	}
	kpcpu_kunit_info(test, "%u CPUs: %lu gets from threads, %lu from %lu timer calls", cpus, gets,
			 timer_gets, timer_calls);
	KPCPU_EXPECT_TRUE(test, __atomic_load_n(&r->killed, __ATOMIC_ACQUIRE));
	KPCPU_EXPECT_EQ(test, live_after, 0ul);
	KPCPU_EXPECT_GT(test, timer_gets, 0ul);
	KPCPU_EXPECT_LT(test, gets + timer_gets, 1000000ul);	/* no worker saw the owner freed */
	KPCPU_EXPECT_EQ(test, o->held, 0l);
	/* Only the test's reference is left: nothing was released yet. */
	kpcpu_cr_rcu_barrier();
	KPCPU_EXPECT_EQ(test, res.released, 0l);
	KPCPU_EXPECT_FALSE(test, o->ref.is_zero());
	mine.reset();	/* the last put: release, which frees o */
	kpcpu_cr_rcu_barrier();
	KPCPU_EXPECT_EQ(test, res.released, 1l);
	KPCPU_EXPECT_EQ(test, res.held_at_release, 0l);
	KPCPU_EXPECT_EQ(test, res.released_before_kill, 0l);
	delete r;
}

extern "C" void kpcpu_test_ref_uninitialized_touches_nothing(struct kunit *test)
{
	plain_released = 0;
	unsigned long reports = kpcpu_debug_reports();
	{
		PerCpuRef never;
		KPCPU_EXPECT_FALSE(test, never.initialized());
		KPCPU_EXPECT_FALSE(test, static_cast<bool>(never.tryget()));
		KPCPU_EXPECT_FALSE(test, static_cast<bool>(never.tryget_live()));
		{
			PerCpuRef::Ref g = never.get();	/* reported, and so is its put */
		}
		never.put();
		never.kill();
		KPCPU_EXPECT_FALSE(test, never.is_zero());
		KPCPU_EXPECT_FALSE(test, never.is_dying());
		KPCPU_EXPECT_EQ(test, never.reinit(), -KPCPU_EINVAL);
		KPCPU_EXPECT_EQ(test, never.resurrect(), -KPCPU_EINVAL);
		KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 10);
	}	/* percpu_ref_exit() of it does nothing */

	PerCpuRef failed;
	kpcpu_fault_inject_alloc(1);
	KPCPU_EXPECT_EQ(test, failed.init<count_release>(gfp::kernel), -KPCPU_ENOMEM);
	kpcpu_fault_inject_alloc(0);
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(failed));
	reports = kpcpu_debug_reports();
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(failed.tryget()));
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 1);
	KPCPU_EXPECT_EQ(test, failed.init<count_release>(gfp::kernel), 0);
	KPCPU_EXPECT_EQ(test, failed.init<count_release>(gfp::kernel), -KPCPU_EBUSY);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), reports + 2);
	KPCPU_EXPECT_TRUE(test, static_cast<bool>(failed.tryget_live()));
	failed.kill();
	/* The switch to atomic mode ends in an RCU callback: its last put releases. */
	kpcpu_cr_rcu_barrier();
	KPCPU_EXPECT_EQ(test, plain_released, 1l);
}
