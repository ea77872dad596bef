// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of the dynamic-handle comparison: the hot path of a per-CPU
 * u64 reached through a pointer kept in a struct, as C code keeps what
 * alloc_percpu() returned. Disassembled by scripts/codegen.sh next to
 * codegen_dynamic_cxx.cpp, which does the same through a
 * kpcpu::DynamicPerCpu<u64> handle.
 *
 * The C side trusts the pointer; DynamicPerCpu checks for an empty handle
 * (a null per-CPU address) on every access: a test and a branch to the
 * out-of-line report. That check is the difference scripts/codegen.sh
 * prints (and, with kpcpu's debug checks, the token's borrow state).
 */
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/types.h>

/*
 * Laid out as a DynamicPerCpu: a control block, then the cached per-CPU
 * address, so that both sides load it from the same offset.
 */
struct kpcpu_cg_dyn {
	void *shared;
	u64 __percpu *p;
};

static __used noinline int kpcpu_cg_c_dyn_alloc(struct kpcpu_cg_dyn *s)
{
	s->p = alloc_percpu(u64);
	return s->p ? 0 : -ENOMEM;
}

static __used noinline void kpcpu_cg_c_dyn_add(const struct kpcpu_cg_dyn *s, u64 x)
{
	this_cpu_add(*s->p, x);
}

static __used noinline void kpcpu_cg_c_dyn_guarded_inc(const struct kpcpu_cg_dyn *s)
{
	preempt_disable();
	(*this_cpu_ptr(s->p))++;
	preempt_enable();
}
