// SPDX-License-Identifier: GPL-2.0
/*
 * kpcpu_load_cycle.ko: loaded and unloaded 100 times in a row by
 * scripts/kunit-guest-init.sh, which reads the per-CPU allocator's counters
 * before and after (nr_cur_alloc in percpu_stats, Percpu: in /proc/meminfo):
 * whatever a module's static and dynamic per-CPU variables take must all
 * come back when it unloads. Each load defines static variables (in the
 * module's per-CPU section), allocates dynamic ones, holds one of them until
 * the module exits, and checks the values it wrote; a wrong value fails the
 * load with -EIO. The module-lifetime variables are kpcpu::ModuleObjects;
 * with fail_half_way=1 (every other load) init fails with -ENOMEM after
 * emplacing them, and the init entry point must destroy them: the kernel
 * never calls the exit function of a module whose init failed.
 *
 * Built a second time as kpcpu_selftest_load_cycle_leak.ko
 * (kunit/selftest_load_cycle_leak.cpp, KPCPU_LOAD_CYCLE_LEAKS): one more
 * handle, made with new and never deleted, and the runner must report the
 * leak.
 */
#include <kpcpu/kpcpu.h>

#include "load_cycle.h"

namespace {

using kpcpu::CpuGuard;
using kpcpu::DynamicPerCpu;
using kpcpu::RefCell;
using kpcpu::u64;
namespace gfp = kpcpu::gfp;

KPCPU_DEFINE_PER_CPU(u64, loads_here, 0);
KPCPU_DEFINE_PER_CPU(RefCell<u64>, checked_here, RefCell<u64>(0));

/*
 * Held from init to exit: a global DynamicPerCpu would need a constructor
 * and a destructor, which kpcpu's build rejects; a ModuleObject needs
 * neither, and the module's entry points destroy what it holds.
 */
constinit kpcpu::ModuleObject<DynamicPerCpu<u64>> held;
constinit kpcpu::ModuleObject<DynamicPerCpu<u64>> held_too;

int fail(const char *what)
{
	kpcpu_printk(KPCPU_KERN_ERR "kpcpu load cycle: FAILED: %s\n", what);
	return -KPCPU_EIO;
}

int load_cycle_init()
{
	auto scratch = DynamicPerCpu<u64>::from_fn([](unsigned int cpu) { return u64(cpu) + 1; },
						   gfp::kernel);
	auto kept = DynamicPerCpu<u64>::zeroed(gfp::kernel);

	if (!scratch || !kept)
		return fail("allocation failed");
	u64 expected = 0;
	for (unsigned int cpu : kpcpu::possible_cpus())
		expected += cpu + 1;
	if (kpcpu::sum(scratch) != expected)
		return fail("from_fn values");
	{
		CpuGuard guard;

		loads_here.num().add(1, guard);
		checked_here.get_checked(guard).with([](const RefCell<u64> &cell) {
			if (auto v = cell.borrow_mut())
				*v += 2;
		});
		kept.num().add(3, guard);
	}
	if (kpcpu::sum(loads_here) != 1 || kpcpu::sum(kept) != 3)
		return fail("values added under the guard");
	u64 checked_total = 0;
	for (unsigned int cpu : kpcpu::possible_cpus())
		if (auto v = checked_here.remote_ptr(cpu)->try_borrow()) /* nobody else borrows it */
			checked_total += *v;
	if (checked_total != 2)
		return fail("the value added through the checked token");
	held.emplace(static_cast<DynamicPerCpu<u64> &&>(kept));
	if (!*held_too.emplace(DynamicPerCpu<u64>::with_value(7, gfp::kernel)))
		return -KPCPU_ENOMEM;
#ifdef KPCPU_LOAD_CYCLE_LEAKS
	if (auto *leaked = new (gfp::kernel) DynamicPerCpu<u64>(DynamicPerCpu<u64>::zeroed(gfp::kernel)))
		leaked->num().inc(); /* never deleted */
#endif
	if (kpcpu_load_cycle_fail_half_way())
		return -KPCPU_ENOMEM; /* the entry point destroys held and held_too */
	return 0;
}

void load_cycle_exit()
{
	if (kpcpu::sum(*held.get()) != 3 || kpcpu::sum(*held_too.get()) != 7 * kpcpu::possible_cpus().count())
		fail("a held variable lost its value");
}

} // namespace

KPCPU_MODULE_INIT(load_cycle_init);
KPCPU_MODULE_EXIT(load_cycle_exit);
KPCPU_MODULE_LICENSE("GPL");
KPCPU_MODULE_DESCRIPTION("kpcpu: static and dynamic per-CPU variables, for load/unload cycles");
