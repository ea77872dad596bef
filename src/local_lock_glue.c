// SPDX-License-Identifier: GPL-2.0
/*
 * C glue for kpcpu::IrqGuard and kpcpu::LocalLocked (include/kpcpu/
 * irq_guard.h, local_lock.h): the kernel's local_irq_save(), local_lock()
 * and friends, run on the per-CPU lock C++ hands over, for the kernels where
 * C++ cannot expand them inline (PARAVIRT_XXL or TRACE_IRQFLAGS for the
 * interrupt flag; PREEMPT_RT or DEBUG_LOCK_ALLOC for the lock), and the
 * check that the layout C++ gives local_lock_t is the kernel's.
 */
#include <linux/build_bug.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/irqflags.h>
#include <linux/spinlock.h>
#include <linux/local_lock.h>
#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include <kpcpu/kernel_api.h>
#include <kpcpu/kernel_constants.h>

static_assert(sizeof(local_lock_t) == KPCPU_FACT_LOCAL_LOCK_SIZE, "local_lock_t changed size");
static_assert(__alignof__(local_lock_t) == KPCPU_FACT_LOCAL_LOCK_ALIGN,
	      "local_lock_t changed alignment");
static_assert(KPCPU_FACT_LOCAL_LOCK_IS_PREEMPT_DISABLE ==
	      (!IS_ENABLED(CONFIG_PREEMPT_RT) && !IS_ENABLED(CONFIG_DEBUG_LOCK_ALLOC)),
	      "local_lock() is no longer preempt_disable() alone");
#ifdef CONFIG_X86_64
static_assert(KPCPU_FACT_X86_EFLAGS_IF == X86_EFLAGS_IF, "X86_EFLAGS_IF changed");
#endif

unsigned long kpcpu_local_irq_save(void)
{
	unsigned long flags;

	local_irq_save(flags);
	return flags;
}

void kpcpu_local_irq_restore(unsigned long flags)
{
	local_irq_restore(flags);
}

/* A LocalLocked's lockdep class: its key, and its name "<file>:<line>". */
struct kpcpu_local_lock_class {
	struct lock_class_key key;
	char name[96];
};

/*
 * One class per LocalLocked object, not one for all of them (which a
 * local_lock_init() in this one place would give): two different objects
 * nested are then not reported as recursion; the same one taken twice is.
 */
int kpcpu_local_locks_init(void *percpu_lock, const char *file, unsigned int line,
			   unsigned int gfp, void **cookie)
{
	local_lock_t __percpu *locks = (local_lock_t __percpu __force *)percpu_lock;
	struct kpcpu_local_lock_class *class = NULL;
	unsigned int cpu;

	if (IS_ENABLED(CONFIG_LOCKDEP)) {
		class = kzalloc(sizeof(*class), (__force gfp_t)gfp);
		if (!class)
			return -ENOMEM;
		snprintf(class->name, sizeof(class->name), "%s:%u", file, line);
		lockdep_register_key(&class->key);
	}
	for_each_possible_cpu(cpu) {
		local_lock_t *lock = per_cpu_ptr(locks, cpu);

		local_lock_init(lock);
		if (class)
			lockdep_set_class_and_name(lock, &class->key, class->name);
	}
	*cookie = class;
	return 0;
}

void kpcpu_local_locks_destroy(void *cookie)
{
	struct kpcpu_local_lock_class *class = cookie;

	if (!class)
		return;
	lockdep_unregister_key(&class->key);
	kfree(class);
}

void kpcpu_local_lock(void *percpu_lock)
{
	local_lock((local_lock_t __percpu __force *)percpu_lock);
}

void kpcpu_local_unlock(void *percpu_lock)
{
	local_unlock((local_lock_t __percpu __force *)percpu_lock);
}

unsigned long kpcpu_local_lock_irqsave(void *percpu_lock)
{
	unsigned long flags;

	local_lock_irqsave((local_lock_t __percpu __force *)percpu_lock, flags);
	return flags;
}

void kpcpu_local_unlock_irqrestore(void *percpu_lock, unsigned long flags)
{
	local_unlock_irqrestore((local_lock_t __percpu __force *)percpu_lock, flags);
}
