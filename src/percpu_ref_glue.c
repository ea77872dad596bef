// SPDX-License-Identifier: GPL-2.0
/*
 * C glue of kpcpu::PerCpuRef (include/kpcpu/percpu_ref.h): the atomic-mode
 * halves of the kernel's inline get/put/tryget, called from the C++ fast
 * paths inside their RCU read-side section (a CpuGuard), percpu_ref_init()
 * with the test builds' failure injection, the reports of both types, and
 * the check that the layout C++ uses is the kernel's.
 */
#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/percpu-refcount.h>
#include <linux/printk.h>
#include <linux/stddef.h>

#include <kpcpu/kernel_api_counter_ref.h>
#include <kpcpu/kernel_constants.h>
#ifdef KPCPU_FAULT_INJECTION
#include <kpcpu_kunit_bridge.h>
#define kpcpu_ref_init_fails() kpcpu_fault_injected()
#else
#define kpcpu_ref_init_fails() false
#endif

static_assert(sizeof(struct percpu_ref) == KPCPU_FACT_PERCPU_REF_SIZE);
static_assert(__alignof__(struct percpu_ref) == KPCPU_FACT_PERCPU_REF_ALIGN);
static_assert(offsetof(struct percpu_ref, percpu_count_ptr) == KPCPU_FACT_PERCPU_REF_COUNT_PTR);
static_assert(offsetof(struct percpu_ref, data) == KPCPU_FACT_PERCPU_REF_DATA);
static_assert(offsetof(struct percpu_ref_data, count) == KPCPU_FACT_PERCPU_REF_DATA_COUNT);
static_assert(KPCPU_FACT_PERCPU_REF_ATOMIC == __PERCPU_REF_ATOMIC, "__PERCPU_REF_ATOMIC changed");
static_assert(KPCPU_FACT_PERCPU_REF_DEAD == __PERCPU_REF_DEAD, "__PERCPU_REF_DEAD changed");
static_assert(KPCPU_FACT_PERCPU_REF_ATOMIC_DEAD == __PERCPU_REF_ATOMIC_DEAD, "__PERCPU_REF_ATOMIC_DEAD changed");
static_assert(KPCPU_FACT_PERCPU_REF_INIT_ATOMIC == PERCPU_REF_INIT_ATOMIC, "PERCPU_REF_INIT_ATOMIC changed");
static_assert(KPCPU_FACT_PERCPU_REF_INIT_DEAD == PERCPU_REF_INIT_DEAD, "PERCPU_REF_INIT_DEAD changed");
static_assert(KPCPU_FACT_PERCPU_REF_ALLOW_REINIT == PERCPU_REF_ALLOW_REINIT, "PERCPU_REF_ALLOW_REINIT changed");

int kpcpu_percpu_ref_init(struct percpu_ref *ref, void (*release)(struct percpu_ref *ref),
			  unsigned int flags, unsigned int gfp)
{
	int ret = kpcpu_ref_init_fails() ? -ENOMEM :
		  percpu_ref_init(ref, release, flags, (__force gfp_t)gfp);

	/*
	 * A failed percpu_ref_init() leaves percpu_count_ptr 0, which the
	 * inline fast paths would take for a per-CPU counter at address 0:
	 * back to "atomic and dead, no data", the uninitialised state.
	 */
	if (ret) {
		ref->percpu_count_ptr = __PERCPU_REF_ATOMIC_DEAD;
		ref->data = NULL;
	}
	return ret;
}

/*
 * A ref without data was never initialised (or its init failed, or it
 * exited): reported with the code address of the inline fast path that
 * called, which is in the module's own function.
 */
static bool kpcpu_ref_uninitialized(struct percpu_ref *ref, const char *op, void *caller)
{
	if (likely(ref->data))
		return false;
	kpcpu_report_uninitialized_at(op, caller);
	return true;
}

/* Called inside the C++ caller's RCU read-side section, atomic mode seen. */
void kpcpu_percpu_ref_get_atomic(struct percpu_ref *ref)
{
	if (!kpcpu_ref_uninitialized(ref, "PerCpuRef::get", __builtin_return_address(0)))
		atomic_long_inc(&ref->data->count);
}

void kpcpu_percpu_ref_put_atomic(struct percpu_ref *ref)
{
	if (kpcpu_ref_uninitialized(ref, "PerCpuRef::put", __builtin_return_address(0)))
		return;
	if (unlikely(atomic_long_dec_and_test(&ref->data->count)))
		ref->data->release(ref);
}

bool kpcpu_percpu_ref_tryget_atomic(struct percpu_ref *ref)
{
	if (kpcpu_ref_uninitialized(ref, "PerCpuRef::tryget", __builtin_return_address(0)))
		return false;
	return atomic_long_inc_not_zero(&ref->data->count);
}

/* Live unless killed: the kernel's percpu_ref_tryget_live_rcu() past its per-CPU branch. */
bool kpcpu_percpu_ref_tryget_live_atomic(struct percpu_ref *ref)
{
	if (kpcpu_ref_uninitialized(ref, "PerCpuRef::tryget_live", __builtin_return_address(0)))
		return false;
	if (READ_ONCE(ref->percpu_count_ptr) & __PERCPU_REF_DEAD)
		return false;
	return atomic_long_inc_not_zero(&ref->data->count);
}
