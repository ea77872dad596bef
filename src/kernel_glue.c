// SPDX-License-Identifier: GPL-2.0
/*
 * C glue for kpcpu's C++: the kernel facilities that exist only as macros or
 * inline functions, wrapped in real functions with the declarations of
 * include/kpcpu/kernel_api.h, and the compile-time check that the constants
 * C++ uses (include/kpcpu/kernel_constants.h) are the kernel's.
 */
#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include <kpcpu/kernel_api.h>

static_assert(KPCPU_GFP_KERNEL == (__force unsigned int)GFP_KERNEL, "GFP_KERNEL changed");
static_assert(KPCPU_GFP_ATOMIC == (__force unsigned int)GFP_ATOMIC, "GFP_ATOMIC changed");
static_assert(KPCPU_GFP_NOWAIT == (__force unsigned int)GFP_NOWAIT, "GFP_NOWAIT changed");
static_assert(KPCPU_GFP_ZERO == (__force unsigned int)__GFP_ZERO, "__GFP_ZERO changed");
static_assert(KPCPU_GFP_NOWARN == (__force unsigned int)__GFP_NOWARN, "__GFP_NOWARN changed");
static_assert(KPCPU_GFP_ACCOUNT == (__force unsigned int)__GFP_ACCOUNT, "__GFP_ACCOUNT changed");
static_assert(sizeof(gfp_t) == sizeof(unsigned int), "gfp_t is not an unsigned int");
static_assert(KPCPU_EIO == EIO && KPCPU_ENOMEM == ENOMEM && KPCPU_EINVAL == EINVAL,
	      "errno values changed");

int kpcpu_printk(const char *fmt, ...)
{
	va_list args;
	int ret;

	va_start(args, fmt);
	ret = vprintk(fmt, args);
	va_end(args);
	return ret;
}

void *kpcpu_kmalloc(size_t size, unsigned int gfp)
{
	return kmalloc(size, (__force gfp_t)gfp);
}

int kpcpu_raw_smp_processor_id(void)
{
	return raw_smp_processor_id();
}

int kpcpu_run_on_cpu(int cpu, void (*fn)(void *arg), void *arg)
{
	return smp_call_function_single(cpu, fn, arg, 1);
}

void kpcpu_pure_virtual_called(void)
{
	/* The object is half-built or half-destroyed: nothing sane to return to. */
	pr_emerg("kpcpu: pure virtual function called\n");
	BUG();
}
