// SPDX-License-Identifier: GPL-2.0
/*
 * kpcpu_rt_rules.ko: the PREEMPT_RT rule kpcpu enforces at run time, checked
 * on the kernel it loads on (the test command loads it on every kernel of
 * the matrix). On PREEMPT_RT the allocators take sleeping locks, so an
 * allocation under a CpuGuard is refused - an empty handle and one "kpcpu:"
 * report - whatever the gfp flags; elsewhere gfp::atomic under a guard is
 * fine. Allocating before taking the guard works everywhere. Prints one
 * "kpcpu rt rules:" line per rule and loads (0) when all hold, or fails the
 * load with -EIO.
 */
#include <kpcpu/kpcpu.h>

namespace {

using kpcpu::CpuGuard;
using kpcpu::DynamicPerCpu;
using kpcpu::u64;

int fail(const char *what)
{
	kpcpu_printk(KPCPU_KERN_ERR "kpcpu rt rules: FAILED: %s\n", what);
	return -KPCPU_EIO;
}

int rt_rules_init()
{
	unsigned long reports = kpcpu_debug_reports();
	bool allocated;

	{
		CpuGuard guard;
		auto inside = DynamicPerCpu<u64>::zeroed(kpcpu::gfp::atomic | kpcpu::gfp::nowarn);

		allocated = static_cast<bool>(inside);
		if (allocated)
			inside.num().add(1, guard);
	} // (freed here: only where it was allowed, i.e. not on RT)
	unsigned long new_reports = kpcpu_debug_reports() - reports;

	if constexpr (kpcpu::config::preempt_rt) {
		if (allocated || new_reports != 1)
			return fail("allocation under a guard was not refused and reported once");
		kpcpu_printk(KPCPU_KERN_INFO "kpcpu rt rules: allocation under a guard refused (PREEMPT_RT)\n");
	} else {
		if (!allocated || new_reports != 0)
			return fail("gfp::atomic allocation under a guard failed");
		kpcpu_printk(KPCPU_KERN_INFO "kpcpu rt rules: allocation under a guard allowed (gfp::atomic)\n");
	}

	// The RT way: allocate first, then take the guard.
	auto before = DynamicPerCpu<u64>::zeroed(kpcpu::gfp::kernel);
	if (!before)
		return fail("allocation outside a guard failed");
	{
		CpuGuard guard;
		before.num().add(2, guard);
	}
	if (kpcpu::sum(before) != 2)
		return fail("the value added under the guard is not there");
	kpcpu_printk(KPCPU_KERN_INFO "kpcpu rt rules: allocation before the guard ok\n");
	return 0;
}

void rt_rules_exit() {}

} // namespace

KPCPU_MODULE_INIT(rt_rules_init);
KPCPU_MODULE_EXIT(rt_rules_exit);
KPCPU_MODULE_LICENSE("GPL");
KPCPU_MODULE_DESCRIPTION("kpcpu: the PREEMPT_RT allocation rule, checked on the running kernel");
