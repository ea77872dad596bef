// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of the percpu_counter / percpu_ref code-generation
 * comparison: the kernel's own inline percpu_counter_add() (a call to the
 * out-of-line percpu_counter_add_batch()), percpu_ref_get() and
 * percpu_ref_put(), each on an object passed by pointer. Disassembled by
 * scripts/codegen.sh next to codegen_counter_ref_cxx.cpp.
 */
#include <linux/compiler.h>
#include <linux/percpu-refcount.h>
#include <linux/percpu_counter.h>
#include <linux/types.h>

static __used noinline void kpcpu_cg_c_counter_add(struct percpu_counter *fbc, s64 amount)
{
	percpu_counter_add(fbc, amount);
}

static __used noinline void kpcpu_cg_c_ref_get(struct percpu_ref *ref)
{
	percpu_ref_get(ref);
}

static __used noinline void kpcpu_cg_c_ref_put(struct percpu_ref *ref)
{
	percpu_ref_put(ref);
}
