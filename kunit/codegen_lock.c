// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of the IrqGuard and LocalLocked code-generation comparisons
 * (scripts/codegen.sh, against kunit/codegen_lock_cxx.cpp): the kernel's
 * own local_irq_save()/local_irq_restore(), and local_lock(); an increment
 * through this_cpu_ptr(); local_unlock() on a per-CPU struct holding a
 * local_lock_t and the value, reached through a struct that holds its
 * alloc_percpu() pointer (as a LocalLocked holds it). Compiled into
 * kpcpu_codegen.ko, which is disassembled, never loaded.
 */
#include <linux/compiler.h>
#include <linux/irqflags.h>
#include <linux/spinlock.h>
#include <linux/local_lock.h>
#include <linux/percpu.h>

struct kpcpu_cg_locked {
	local_lock_t lock;
	long value;
};

struct kpcpu_cg_ll {
	struct kpcpu_cg_locked __percpu *p;
	void *class;
};

static __used noinline void kpcpu_cg_c_irq_guard_only(void)
{
	unsigned long flags;

	local_irq_save(flags);
	local_irq_restore(flags);
}

static __used noinline void kpcpu_cg_c_local_lock_inc(const struct kpcpu_cg_ll *s)
{
	local_lock(&s->p->lock);
	this_cpu_ptr(s->p)->value++;
	local_unlock(&s->p->lock);
}

static __used noinline void kpcpu_cg_c_local_lock_irqsave_inc(const struct kpcpu_cg_ll *s)
{
	unsigned long flags;

	local_lock_irqsave(&s->p->lock, flags);
	this_cpu_ptr(s->p)->value++;
	local_unlock_irqrestore(&s->p->lock, flags);
}
