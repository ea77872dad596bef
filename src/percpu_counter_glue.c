// SPDX-License-Identifier: GPL-2.0
/*
 * C glue of kpcpu::PerCpuCounter (include/kpcpu/percpu_counter.h): the
 * kernel's percpu_counter_init() macro, the slow path of the inline add,
 * and the check that the layout C++ uses is the kernel's.
 */
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/percpu.h>
#include <linux/percpu_counter.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include <linux/stddef.h>

#include <kpcpu/kernel_api_counter_ref.h>
#include <kpcpu/kernel_constants.h>
#ifdef KPCPU_FAULT_INJECTION
#include <kpcpu_kunit_bridge.h>
#define kpcpu_counter_init_fails() kpcpu_fault_injected()
#else
#define kpcpu_counter_init_fails() false
#endif

static_assert(sizeof(struct percpu_counter) == KPCPU_FACT_PERCPU_COUNTER_SIZE);
static_assert(__alignof__(struct percpu_counter) == KPCPU_FACT_PERCPU_COUNTER_ALIGN);
static_assert(offsetof(struct percpu_counter, count) == KPCPU_FACT_PERCPU_COUNTER_COUNT);
static_assert(offsetof(struct percpu_counter, counters) == KPCPU_FACT_PERCPU_COUNTER_COUNTERS);
static_assert(sizeof(((struct percpu_counter *)NULL)->count) == sizeof(long long));
static_assert(sizeof(*((struct percpu_counter *)NULL)->counters) == sizeof(int));

/*
 * percpu_counter_init() is a macro with a static lock class key per call
 * site: this one call site gives every kpcpu counter of the module one
 * lockdep class (the kernel never nests two counters' locks).
 */
int kpcpu_percpu_counter_init(struct percpu_counter *fbc, long long value, unsigned int gfp)
{
	if (kpcpu_counter_init_fails())
		return -ENOMEM;
	return percpu_counter_init(fbc, value, (__force gfp_t)gfp);
}

void kpcpu_percpu_counter_destroy(struct percpu_counter *fbc)
{
	percpu_counter_destroy(fbc);
}

/*
 * Interrupts off and fbc->lock held: nothing on this CPU can change its
 * local count between the read and the subtraction, and set(), sum() and
 * the hotplug fold (percpu_counter_cpu_dead) take the same lock. Whichever
 * CPU this runs on, its local count moves into fbc->count whole.
 */
void kpcpu_percpu_counter_add_slow(struct percpu_counter *fbc, long long amount)
{
	unsigned long flags;
	s32 local;

	raw_spin_lock_irqsave(&fbc->lock, flags);
	local = __this_cpu_read(*fbc->counters);
	fbc->count += local + amount;
	__this_cpu_sub(*fbc->counters, local);
	raw_spin_unlock_irqrestore(&fbc->lock, flags);
}
