// SPDX-License-Identifier: GPL-2.0
/*
 * C++ bodies of the kpcpu_stress KUnit suite.
 *
 * The stress case: a kthread on every online CPU and a hard-irq timer on
 * every online CPU (stress_test.c) hammer the same per-CPU variables, five
 * static and five dynamic, while another kthread takes CPUs offline and
 * online again. Each worker counts in a plain counter of its own what it
 * added to each variable; at the end each variable's total over the
 * possible CPUs must be its initial total plus exactly what the workers
 * counted - a single lost or doubled update shows.
 *
 * The library has no guard that turns interrupts off (CpuGuard only
 * disables preemption), so which worker may use which operation on a
 * variable follows from what each operation is documented to withstand:
 *  - num() operations are safe with interrupts enabled on their own
 *    (kpcpu/numeric.h): threads and timers both use them;
 *  - an exclusive token's f is a plain read-modify-write, which an
 *    interrupt on the same CPU touching the same variable would break (and
 *    a token the interrupt asked for would be refused and reported:
 *    kpcpu/token.h). So a variable has exclusive tokens either in threads
 *    and nothing in interrupts (token_*), or in timers - hard irqs do not
 *    nest, so no other loan of it can be live on that CPU - and only num()
 *    in threads (irq_token_*);
 *  - Cell get() then set() is a read-modify-write too: threads only change
 *    a Cell, timers only read it (shared with shared is allowed);
 *  - a RefCell borrowed by the task is refused to an interrupt, not raced
 *    (kpcpu/cell.h): threads borrow_mut(), timers try_borrow_mut() and
 *    count the refusals, both under shared tokens.
 * Used like that, no operation is ever refused or reported: the case also
 * checks that kpcpu_debug_reports() did not move.
 *
 * The hotplug cases take one CPU offline at a time and check what must
 * hold meanwhile and after: a dynamic variable created while a CPU is
 * offline is constructed on it too and has its value there once it is
 * back; kpcpu::on_each_cpu runs on every online CPU exactly once per call
 * and never on the offline one. Every CPU is online again when a case
 * ends, however it ends (OfflineCpu's destructor).
 */
#include <kpcpu/kpcpu.h>
#include <kpcpu_kunit.h>

#include "stress_test.h"

using namespace kpcpu;

namespace {

constexpr u64 ns_per_ms = 1000000;

/* The stressed variables, in the order of kpcpu_stress_counts::added. */
enum Var : unsigned int {
	numeric_static,		/* threads and timers: num() */
	numeric_dynamic,
	irq_token_static,	/* timers: exclusive tokens; threads: num() */
	irq_token_dynamic,
	refcell_static,		/* threads: borrow_mut(); timers: try_borrow_mut() */
	refcell_dynamic,
	token_static,		/* threads only: exclusive tokens, raw num() */
	token_dynamic,
	cell_static,		/* threads change it, timers read it */
	cell_dynamic,
	nr_vars
};
static_assert(nr_vars == KPCPU_STRESS_VARS, "one count per variable");

constexpr const char *var_names[nr_vars] = {
	"numeric", "numeric-dyn", "irq_token", "irq_token-dyn", "refcell",
	"refcell-dyn", "token", "token-dyn", "cell", "cell-dyn",
};

KPCPU_DEFINE_PER_CPU(u64, numeric_s, 0);
KPCPU_DEFINE_PER_CPU(u64, irq_token_s, 0);
KPCPU_DEFINE_PER_CPU(RefCell<u64>, refcell_s, RefCell<u64>(0));
KPCPU_DEFINE_PER_CPU(u64, token_s, 0);
KPCPU_DEFINE_PER_CPU(Cell<u64>, cell_s, Cell<u64>(0));

/* The dynamic half, shared by every worker through kpcpu_stress_work::arg. */
struct Dynamic {
	DynamicPerCpu<u64> numeric;
	DynamicPerCpu<u64> irq_token;
	DynamicPerCpu<RefCell<u64>> refcell;
	DynamicPerCpu<u64> token;
	DynamicPerCpu<Cell<u64>> cell;
};

/*
 * Each CPU's copy starts here, so that a slot of one CPU lost or counted
 * twice in the total shows too; the same for every variable.
 */
u64 initial(unsigned int cpu)
{
	return 1000003ull * (cpu + 1);
}

/* Keeps the compiler from merging the steps of a loop on the borrowed value. */
[[gnu::always_inline]] inline void compiler_barrier()
{
	asm volatile("" ::: "memory");
}

/* xorshift64: the worker's next choice. */
u64 next(kpcpu_stress_counts &c)
{
	u64 x = c.rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	c.rng = x;
	return x;
}

/* One random step: which of @kinds of operation, on the dynamic or the static variable, its op and amount. */
struct Step {
	unsigned int kind;
	bool dyn;
	unsigned int op;
	u64 n;
};

Step next_step(kpcpu_stress_counts &c, unsigned int kinds)
{
	u64 r = next(c);

	return Step{static_cast<unsigned int>((r >> 1) % kinds), static_cast<bool>(r & 1),
		    static_cast<unsigned int>((r >> 8) & 0xff), (r >> 16) % 1000 + 1};
}

/* ---- what the kthreads do (preemptible: migration may come between any two operations) ---- */

/*
 * One num() operation, net effect +n, -n or 0, with preemption and
 * interrupts enabled: each is one instruction, so an interrupt or a
 * migration comes before or after it, never inside.
 */
template <typename V>
void thread_numeric(const V &var, unsigned int op, u64 n, u64 &added)
{
	switch (op % 8) {
	case 0:
		var.num().inc();
		added += 1;
		break;
	case 1:
		var.num().dec();
		added -= 1;
		break;
	case 2:
		var.num().add(n);
		added += n;
		break;
	case 3:
		var.num().sub(n);
		added -= n;
		break;
	case 4:
		(void)var.num().add_return(n);
		added += n;
		break;
	case 5:
		(void)var.num().sub_return(n);
		added -= n;
		break;
	case 6: {
		/*
		 * The read and the cmpxchg may run on different CPUs, and a
		 * timer may add in between: the cmpxchg then fails and the loop
		 * goes again. A success adds exactly n to the copy it saw.
		 */
		u64 old = var.num().read();

		for (;;) {
			u64 was = var.num().cmpxchg(old, old + n);

			if (was == old)
				break;
			old = was;
		}
		added += n;
		break;
	}
	case 7: {
		/*
		 * Takes this CPU's copy out and puts it back, maybe on another
		 * CPU by then: the total does not change, unless an update that
		 * lands in between is lost.
		 */
		u64 taken = var.num().xchg(0);

		var.num().add(taken);
		break;
	}
	}
}

/* Exclusive token, then the raw num() form: nothing else touches the variable on this CPU. */
template <typename V>
void thread_token(const V &var, u64 n, kpcpu_stress_counts &c, u64 &added)
{
	CpuGuard guard;

	if (var.get(guard).with([&](u64 &v) {
		    v += n;
		    return true;
	    }))
		added += n;
	var.num().add(n, guard);
	added += n;
	c.ops += 2;
}

template <typename V>
void thread_cell(const V &var, u64 n, u64 &added)
{
	CpuGuard guard;

	var.get_checked(guard).with([&](const Cell<u64> &cell) {
		cell.set(cell.get() + n);
		added += n;
	});
}

/*
 * borrow_mut() in the task is never refused: an interrupt's borrow ends
 * before the task goes on. The borrow is held over a few steps, so that
 * timers land inside it (and are refused).
 */
template <typename V>
void thread_refcell(const V &var, u64 n, u64 &added)
{
	CpuGuard guard;

	var.get_checked(guard).with([&](const RefCell<u64> &cell) {
		auto v = cell.borrow_mut();

		if (!v)
			return;
		u64 steps = n % 8 + 1;

		for (u64 i = 0; i < steps; i++) {
			*v += 1;
			compiler_barrier();
		}
		added += steps;
	});
}

/* Tokens of two different variables, one inside the other: allowed, never reported. */
template <typename T, typename C>
void thread_nested(const T &token, const C &cell, u64 n, u64 &token_added, u64 &cell_added)
{
	CpuGuard guard;

	token.get(guard).with([&](u64 &v) {
		v += n;
		token_added += n;
		cell.get_checked(guard).with([&](const Cell<u64> &c) {
			c.set(c.get() + n);
			cell_added += n;
		});
	});
}

constexpr unsigned int thread_batch = 64;

void thread_step(void *arg, kpcpu_stress_counts *counts)
{
	const Dynamic &d = *static_cast<const Dynamic *>(arg);
	kpcpu_stress_counts &c = *counts;
	u64 *added = c.added;

	for (unsigned int i = 0; i < thread_batch; i++) {
		auto [kind, dyn, op, n] = next_step(c, 7);

		switch (kind) {
		case 0:
			if (dyn)
				thread_numeric(d.numeric, op, n, added[numeric_dynamic]);
			else
				thread_numeric(numeric_s, op, n, added[numeric_static]);
			c.ops++;
			break;
		case 1:
			if (dyn)
				thread_numeric(d.irq_token, op, n, added[irq_token_dynamic]);
			else
				thread_numeric(irq_token_s, op, n, added[irq_token_static]);
			c.ops++;
			break;
		case 2:
			if (dyn)
				thread_token(d.token, n, c, added[token_dynamic]);
			else
				thread_token(token_s, n, c, added[token_static]);
			break;
		case 3:
			if (dyn)
				thread_cell(d.cell, n, added[cell_dynamic]);
			else
				thread_cell(cell_s, n, added[cell_static]);
			c.ops++;
			break;
		case 4:
		case 5:
			if (dyn)
				thread_refcell(d.refcell, n, added[refcell_dynamic]);
			else
				thread_refcell(refcell_s, n, added[refcell_static]);
			c.ops++;
			break;
		case 6:
			if (dyn)
				thread_nested(d.token, d.cell, n, added[token_dynamic], added[cell_dynamic]);
			else
				thread_nested(token_s, cell_s, n, added[token_static], added[cell_static]);
			c.ops += 2;
			break;
		}
	}
}

/* ---- what the timers do (hard irq: nothing else runs on this CPU meanwhile) ---- */

template <typename V>
void timer_numeric(const V &var, unsigned int op, u64 n, u64 &added)
{
	if (op & 1) {
		var.num().inc();
		added += 1;
	} else {
		var.num().add(n);
		added += n;
	}
}

/* No thread takes a token of this variable, and hard irqs do not nest: never refused. */
template <typename V>
void timer_irq_token(const V &var, const CpuGuard &guard, u64 n, u64 &added)
{
	var.get(guard).with([&](u64 &v) {
		v += n;
		added += n;
	});
}

template <typename V>
void timer_refcell(const V &var, const CpuGuard &guard, u64 n, kpcpu_stress_counts &c, u64 &added)
{
	var.get_checked(guard).with([&](const RefCell<u64> &cell) {
		if (auto v = cell.try_borrow_mut()) {
			*v += n;
			added += n;
		} else {
			c.refused++;
		}
	});
}

/* Reads only: a timer's set() could fall between a thread's get() and set(). */
template <typename V>
u64 timer_cell(const V &var, const CpuGuard &guard)
{
	return var.get_checked(guard).with([](const Cell<u64> &cell) { return cell.get(); });
}

constexpr unsigned int timer_batch = 32;

void timer_step(void *arg, kpcpu_stress_counts *counts)
{
	const Dynamic &d = *static_cast<const Dynamic *>(arg);
	kpcpu_stress_counts &c = *counts;
	u64 *added = c.added;
	// Already non-preemptible (hard irq); the guard is the proof the tokens ask for.
	CpuGuard guard;
	u64 seen = 0;

	for (unsigned int i = 0; i < timer_batch; i++) {
		auto [kind, dyn, op, n] = next_step(c, 4);

		switch (kind) {
		case 0:
			if (dyn)
				timer_numeric(d.numeric, op, n, added[numeric_dynamic]);
			else
				timer_numeric(numeric_s, op, n, added[numeric_static]);
			break;
		case 1:
			if (dyn)
				timer_irq_token(d.irq_token, guard, n, added[irq_token_dynamic]);
			else
				timer_irq_token(irq_token_s, guard, n, added[irq_token_static]);
			break;
		case 2:
			if (dyn)
				timer_refcell(d.refcell, guard, n, c, added[refcell_dynamic]);
			else
				timer_refcell(refcell_s, guard, n, c, added[refcell_static]);
			break;
		case 3:
			seen += dyn ? timer_cell(d.cell, guard) : timer_cell(cell_s, guard);
			break;
		}
		c.ops++;
	}
	/* The reads are operations too: keep them. */
	asm volatile("" : : "r"(seen));
}

/* ---- the totals ---- */

/* Each possible CPU's copy back to its initial value; nothing else runs yet. */
void reset_statics()
{
	for (unsigned int cpu : possible_cpus()) {
		*numeric_s.remote_ptr(cpu) = initial(cpu);
		*irq_token_s.remote_ptr(cpu) = initial(cpu);
		*token_s.remote_ptr(cpu) = initial(cpu);
		cell_s.remote_ptr(cpu)->set(initial(cpu));
		if (auto v = refcell_s.remote_ptr(cpu)->try_borrow_mut())
			*v = initial(cpu);
	}
}

template <typename V>
u64 cell_total(const V &var)
{
	u64 total = 0;

	for (unsigned int cpu : possible_cpus())
		total += var.remote_ptr(cpu)->get();
	return total;
}

/* @busy: a copy still borrowed, which only a borrow never released leaves. */
template <typename V>
u64 refcell_total(const V &var, bool &busy)
{
	u64 total = 0;

	for (unsigned int cpu : possible_cpus()) {
		if (auto v = var.remote_ptr(cpu)->try_borrow())
			total += *v;
		else
			busy = true;
	}
	return total;
}

/* What each variable holds in all, by kpcpu::sum() or through remote_ptr(). */
void totals_now(const Dynamic &d, u64 (&total)[nr_vars], bool &busy)
{
	total[numeric_static] = sum(numeric_s);
	total[numeric_dynamic] = sum(d.numeric);
	total[irq_token_static] = sum(irq_token_s);
	total[irq_token_dynamic] = sum(d.irq_token);
	total[refcell_static] = refcell_total(refcell_s, busy);
	total[refcell_dynamic] = refcell_total(d.refcell, busy);
	total[token_static] = sum(token_s);
	total[token_dynamic] = sum(d.token);
	total[cell_static] = cell_total(cell_s);
	total[cell_dynamic] = cell_total(d.cell);
}

/* |a - b| of two wrapping totals. */
u64 distance(u64 a, u64 b)
{
	u64 diff = a - b;

	return static_cast<s64>(diff) < 0 ? -diff : diff;
}

/* ---- hotplug ---- */

/* A CPU taken offline for as long as this lives, online again when it goes. */
class OfflineCpu {
public:
	explicit OfflineCpu(unsigned int cpu) : cpu_(cpu), error_(kpcpu_stress_cpu_offline(cpu)) {}
	OfflineCpu(const OfflineCpu &) = delete;
	OfflineCpu &operator=(const OfflineCpu &) = delete;
	~OfflineCpu() { online(); }

	/* remove_cpu()'s result: 0 if it went offline. */
	int error() const { return error_; }

	/* Online again now: 0 if it is (add_cpu() says 1 for a CPU already online). */
	int online()
	{
		if (error_ || onlined_)
			return 0;
		onlined_ = true;
		int ret = kpcpu_stress_cpu_online(cpu_);

		return kpcpu_stress_cpu_is_online(cpu_) ? 0 : ret ? ret : -1;
	}

private:
	unsigned int cpu_;
	int error_;
	bool onlined_ = false;
};

/* The CPUs other than CPU 0 online now: what the hotplug cases take offline in turn. */
unsigned int hotplug_candidates(unsigned int (&cpus)[CONFIG_NR_CPUS])
{
	unsigned int n = 0;

	for (unsigned int cpu : online_cpus())
		if (cpu != 0)
			cpus[n++] = cpu;
	return n;
}

/* Whether the case can take a CPU offline at all; marks it skipped if not. */
bool can_hotplug(struct kunit *test)
{
	if (online_cpus().count() >= 2)
		return true;
	kpcpu_kunit_skip(test, "CPU hotplug needs at least 2 online CPUs");
	return false;
}

/* Different on every CPU, so that a read of another CPU's copy shows. */
u64 id_of(unsigned int cpu)
{
	return 0x5eed0000ull + 7 * cpu;
}

struct Tagged {
	u64 magic;
	u64 check;
};

constexpr Tagged tagged_value{0x6b70637075ull, ~0x6b70637075ull};

KPCPU_DEFINE_PER_CPU(u64, offline_marker, 0);
KPCPU_DEFINE_PER_CPU(u32, on_each_cpu_runs, 0);

/* What ran on each CPU in an on_each_cpu call; written only there. */
struct OnCpu {
	bool ran;
	u64 id;
	u64 tagged_check;
	u64 marker;
};

/* One offline CPU, @cpu: create while it is offline, read on it once it is back. */
bool created_offline_round(struct kunit *test, unsigned int cpu)
{
	bool constructed[CONFIG_NR_CPUS] = {};
	OnCpu seen[CONFIG_NR_CPUS] = {};
	OfflineCpu offline(cpu);

	if (!KPCPU_EXPECT_EQ(test, offline.error(), 0) ||
	    !KPCPU_EXPECT_FALSE(test, kpcpu_stress_cpu_is_online(cpu)))
		return false;
	auto ids = DynamicPerCpu<u64>::from_fn(
		[&](unsigned int c) {
			constructed[c] = true;
			return id_of(c);
		},
		gfp::kernel);
	auto tagged = DynamicPerCpu<Tagged>::with_value(tagged_value, gfp::kernel);
	if (!KPCPU_EXPECT_TRUE(test, ids && tagged))
		return false;
	/* While it is offline: constructed there, and its slots hold the values. */
	*offline_marker.remote_ptr(cpu) = id_of(cpu) + 1;
	if (!KPCPU_EXPECT_TRUE(test, constructed[cpu]) ||
	    !KPCPU_EXPECT_EQ(test, *ids.remote_ptr(cpu), id_of(cpu)) ||
	    !KPCPU_EXPECT_EQ(test, tagged.remote_ptr(cpu)->check, tagged_value.check))
		return false;

	if (!KPCPU_EXPECT_EQ(test, offline.online(), 0))
		return false;
	/* On the CPU itself, through this CPU's slot, as code running there sees it. */
	on_each_cpu([&](const CpuGuard &guard) {
		OnCpu &mine = seen[guard.cpu()];

		mine.ran = true;
		mine.id = ids.get(guard).with([](u64 &v) {
			u64 was = v;

			v += 1000; /* remote_ptr() must see this CPU's write below */
			return was;
		});
		mine.tagged_check = tagged.get(guard).with([](Tagged &t) { return t.magic ^ t.check; });
		mine.marker = offline_marker.num().read(guard);
	});
	return KPCPU_EXPECT_TRUE(test, seen[cpu].ran) && KPCPU_EXPECT_EQ(test, seen[cpu].id, id_of(cpu)) &&
	       KPCPU_EXPECT_EQ(test, seen[cpu].tagged_check, tagged_value.magic ^ tagged_value.check) &&
	       KPCPU_EXPECT_EQ(test, seen[cpu].marker, id_of(cpu) + 1) &&
	       KPCPU_EXPECT_EQ(test, *ids.remote_ptr(cpu), id_of(cpu) + 1000);
}

/*
 * With @cpu offline: @calls waiting calls and @calls without waiting, each
 * of which must run once on every other CPU online before and never on @cpu.
 */
bool on_each_cpu_round(struct kunit *test, unsigned int cpu, const bool (&was_online)[CONFIG_NR_CPUS])
{
	constexpr u32 calls = 8;
	u32 ran[CONFIG_NR_CPUS] = {};

	for (unsigned int c : possible_cpus())
		*on_each_cpu_runs.remote_ptr(c) = 0;
	OfflineCpu offline(cpu);

	if (!KPCPU_EXPECT_EQ(test, offline.error(), 0))
		return false;
	for (u32 i = 0; i < calls; i++)
		on_each_cpu([&](const CpuGuard &guard) { __atomic_add_fetch(&ran[guard.cpu()], 1, __ATOMIC_RELAXED); });
	{
		/* Its destructor waits until every call it made has run everywhere. */
		NoWaitCalls no_wait([](const CpuGuard &guard) { on_each_cpu_runs.num().inc(guard); });

		for (u32 i = 0; i < calls; i++)
			no_wait.run(Wait::no);
	}
	/* What the case knows by itself: online before, and not the one it took down. */
	bool ok = true;

	for (unsigned int c : possible_cpus()) {
		u32 expected = was_online[c] && c != cpu ? calls : 0;

		ok = ok && KPCPU_EXPECT_EQ(test, ran[c], expected) &&
		     KPCPU_EXPECT_EQ(test, *on_each_cpu_runs.remote_ptr(c), expected) &&
		     /* and the kernel agrees about who is online */
		     KPCPU_EXPECT_EQ(test, kpcpu_stress_cpu_is_online(c), expected != 0);
	}
	if (!ok || !KPCPU_EXPECT_EQ(test, offline.online(), 0))
		return false;
	/* Not vacuous: back online, it is called again. */
	bool back = false;

	on_each_cpu([&](const CpuGuard &guard) {
		if (guard.cpu() == cpu)
			back = true;
	});
	return KPCPU_EXPECT_TRUE(test, back);
}

} // namespace

extern "C" void kpcpu_test_stress_counts_exact(struct kunit *test)
{
	Dynamic d{
		DynamicPerCpu<u64>::from_fn(initial, gfp::kernel),
		DynamicPerCpu<u64>::from_fn(initial, gfp::kernel),
		DynamicPerCpu<RefCell<u64>>::from_fn([](unsigned int cpu) { return RefCell<u64>(initial(cpu)); },
						     gfp::kernel),
		DynamicPerCpu<u64>::from_fn(initial, gfp::kernel),
		DynamicPerCpu<Cell<u64>>::from_fn([](unsigned int cpu) { return Cell<u64>(initial(cpu)); },
						  gfp::kernel),
	};
	if (!KPCPU_EXPECT_TRUE(test, d.numeric && d.irq_token && d.refcell && d.token && d.cell))
		return;
	reset_statics();
	u64 initial_total = 0;

	for (unsigned int cpu : possible_cpus())
		initial_total += initial(cpu);

	bool hotplug = online_cpus().count() >= 2;
	kpcpu_stress_work work = {thread_step, timer_step, &d};
	kpcpu_stress_totals t;
	unsigned long reports = kpcpu_debug_reports();
	int ret = kpcpu_stress_run(&work, hotplug, &t);
	unsigned long reported = kpcpu_debug_reports() - reports;

	if (!KPCPU_EXPECT_EQ(test, ret, 0))
		return;
	u64 total[nr_vars];
	bool busy = false;

	totals_now(d, total, busy);
	u64 lost = 0;
	u64 lost_by_var[nr_vars];

	for (unsigned int v = 0; v < nr_vars; v++) {
		u64 expected = initial_total + t.threads.added[v] + t.timers.added[v];

		lost_by_var[v] = distance(total[v], expected);
		lost += lost_by_var[v];
	}
	u64 ops = t.threads.ops + t.timers.ops;
	unsigned int online = 0;

	for (unsigned int cpu : possible_cpus())
		online += kpcpu_stress_cpu_is_online(cpu);

	/* && chains: the first failure is enough (a case's KUnit log holds 512 bytes). */
	(void)(KPCPU_EXPECT_EQ(test, lost, 0ull) && KPCPU_EXPECT_EQ(test, reported, 0ul) &&
	       KPCPU_EXPECT_FALSE(test, busy));
	/* It ran as planned: long enough, everywhere, timers in hard irq, every CPU back. */
	(void)(KPCPU_EXPECT_GE(test, t.elapsed_ns, t.duration_ns) && KPCPU_EXPECT_GT(test, t.threads.ops, 0ull) &&
	       KPCPU_EXPECT_GT(test, t.timers.ops, 0ull) && KPCPU_EXPECT_EQ(test, t.not_hardirq, 0ull) &&
	       KPCPU_EXPECT_EQ(test, t.nr_threads, t.nr_timers) && KPCPU_EXPECT_EQ(test, online, t.nr_threads) &&
	       KPCPU_EXPECT_EQ(test, t.left_offline, 0u));
	if (hotplug)
		(void)(KPCPU_EXPECT_GE(test, t.cycles, 1u) && KPCPU_EXPECT_EQ(test, t.offline_failures, 0u) &&
		       KPCPU_EXPECT_EQ(test, t.rearm_failures, 0u));

	kpcpu_kunit_info(test, "stress: %llu operations, %llu lost", ops, lost);
	kpcpu_kunit_info(test, "hotplug: %u offline/online cycles", t.cycles);
	kpcpu_kunit_info(test, "%u threads (%llu rebinds), %u timers (%llu fires, %llu away, %llu refused), %llu ms",
			  t.nr_threads, t.rebinds, t.nr_timers, t.timer_fires, t.away_fires, t.timers.refused,
			  t.elapsed_ns / ns_per_ms);
	if (!hotplug)
		kpcpu_kunit_info(test, "hotplug skipped: fewer than 2 CPUs online");
	for (unsigned int v = 0; v < nr_vars; v++)
		if (lost_by_var[v])
			kpcpu_kunit_info(test, "%s: %llu lost", var_names[v], lost_by_var[v]);
}

extern "C" void kpcpu_test_hotplug_dynamic_created_offline(struct kunit *test)
{
	if (!can_hotplug(test))
		return;
	unsigned int cpus[CONFIG_NR_CPUS];
	unsigned int n = hotplug_candidates(cpus);
	u64 start = kpcpu_kunit_now_ns();
	unsigned int done = 0;

	while (done < n && created_offline_round(test, cpus[done]))
		done++;
	kpcpu_kunit_info(test, "%u of %u CPUs offline in turn, %llu ms", done, n,
			  (kpcpu_kunit_now_ns() - start) / ns_per_ms);
}

extern "C" void kpcpu_test_hotplug_on_each_cpu_skips_offline(struct kunit *test)
{
	if (!can_hotplug(test))
		return;
	bool was_online[CONFIG_NR_CPUS] = {};
	unsigned int cpus[CONFIG_NR_CPUS];
	unsigned int n = hotplug_candidates(cpus);

	u64 start = kpcpu_kunit_now_ns();
	unsigned int done = 0;

	for (unsigned int cpu : online_cpus())
		was_online[cpu] = true;
	while (done < n && on_each_cpu_round(test, cpus[done], was_online))
		done++;
	kpcpu_kunit_info(test, "%u of %u CPUs offline in turn, %llu ms", done, n,
			  (kpcpu_kunit_now_ns() - start) / ns_per_ms);
}
